"""What every importer shares: ids derived from the source, names made valid, the report.

Event ids must grow along each run (a run keeps the id of its last event; an event whose id
is not above it was applied before), and must be the same on every import of the same
source item, so that a second import replays nothing. :class:`IdSequence` makes
UUIDv7-shaped ids from a time (milliseconds), a counter and a hash of a seed: the same
seed and times give the same ids, and each id is above the one before it and above a floor
(a run's ``last_event`` when new events are added to a run imported before).
"""

from __future__ import annotations

import hashlib
import math
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from graphlineage.core.limits import MAX_TAG_LENGTH
from graphlineage.core.refs import MAX_RUN_NAME_LENGTH

_MS_MASK = (1 << 48) - 1
_SEQ_MASK = (1 << 12) - 1
_TAIL_MASK = (1 << 62) - 1


def _hash(seed: str) -> int:
    return int.from_bytes(hashlib.sha256(seed.encode()).digest()[:16], "big")


def uuid7_like(ms: int, seq: int, seed: str) -> str:
    """A UUIDv7-shaped id: ``ms`` (the 48-bit time), ``seq`` (12 bits), a hash of ``seed``."""
    value = ((ms & _MS_MASK) << 80) | (0x7 << 76) | ((seq & _SEQ_MASK) << 64)
    value |= (0b10 << 62) | (_hash(seed) & _TAIL_MASK)
    return str(uuid.UUID(int=value))


def _parts(event_id: str) -> tuple[int, int]:
    value = uuid.UUID(event_id).int
    return value >> 80, (value >> 64) & _SEQ_MASK


def derived_id(seed: str, ms: int) -> str:
    """A run's (or any item's) id derived from its source id and time."""
    return uuid7_like(max(ms, 0), 0, seed)


class IdSequence:
    """Event ids for one run, in the order the events are made: each above the one before
    (and above ``floor``), at the time given where it can be, deterministic for a seed."""

    def __init__(self, seed: str, floor: str | None = None) -> None:
        self.seed = seed
        self._count = 0
        self._ms, self._seq = _parts(floor) if floor else (-1, _SEQ_MASK)

    def next(self, ms: int, item: str) -> str:
        ms = max(ms, 0)
        if ms > self._ms:
            self._ms, self._seq = ms, 0
        elif self._seq < _SEQ_MASK:
            self._seq += 1
        else:
            self._ms, self._seq = self._ms + 1, 0
        self._count += 1
        return uuid7_like(self._ms, self._seq, f"{self.seed}|{self._count}|{item}")


_INVALID_NAME = re.compile(r"[^A-Za-z0-9_.\-]+")


def valid_name(text: str, fallback: str = "unnamed") -> str:
    """``text`` as a graphlineage name (project, artifact, registered model): other characters
    become ``-``, it starts with a letter or digit and has at most 128 characters."""
    name = _INVALID_NAME.sub("-", text).strip("-._")
    name = name[:128].rstrip("-._") or fallback
    return name


def valid_run_name(text: str) -> str | None:
    """``text`` as a run name (no ``/`` or ``:``), or None if nothing printable is left."""
    name = "".join(" " if not c.isprintable() else c for c in text)
    name = name.replace("/", "-").replace(":", "-").strip()[:MAX_RUN_NAME_LENGTH].strip()
    return name or None


def valid_alias(text: str) -> str | None:
    """``text`` as an alias, or None if it cannot be one (empty, or ``v`` and digits)."""
    alias = valid_name(text, "")
    if not alias or re.fullmatch(r"[vV][0-9]+", alias):
        return None
    return alias


def tag_text(key: str, value: str) -> str:
    text = key if value == "" else f"{key}={value}"
    return text[:MAX_TAG_LENGTH]


def json_number(value: float) -> Any:
    """A metric value as JSON takes it: NaN and infinities become their names."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


@dataclass
class ImportReport:
    """What an import read, wrote and skipped, and why (one warning per problem item)."""

    source: str
    read: dict[str, int] = field(default_factory=dict)  # "runs": 12, ...
    written: dict[str, int] = field(default_factory=dict)  # new in the graph
    updated: dict[str, int] = field(default_factory=dict)  # there before, changed now
    unchanged: dict[str, int] = field(default_factory=dict)  # there before, same now
    skipped: dict[str, int] = field(default_factory=dict)  # not imported (see warnings)
    events: dict[str, int] = field(default_factory=dict)  # applied, replayed, refused
    warnings: list[str] = field(default_factory=list)

    def count(self, table: str, what: str, by: int = 1) -> None:
        if not by:
            return
        counts: dict[str, int] = getattr(self, table)
        counts[what] = counts.get(what, 0) + by

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def lines(self) -> list[str]:
        """The summary, for people: one line per table that is not empty."""
        out = []
        for table in ("read", "written", "updated", "unchanged", "skipped", "events"):
            counts: dict[str, int] = getattr(self, table)
            if counts:
                text = ", ".join(f"{n} {what}" for what, n in counts.items())
                out.append(f"{table.capitalize()}: {text}.")
        out.append(f"Warnings: {len(self.warnings)}.")
        return out
