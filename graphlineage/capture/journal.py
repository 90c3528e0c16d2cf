"""The offline journal: a run's events appended to a local file when Neo4j is away.

One file per run, ``<journal dir>/<run id>.jsonl``: one event as JSON per line, each line
flushed and fsync'd before the call that made it returns, so a crash loses at most the line
being written. Such a torn last line (no newline at the end, or JSON cut short) is found when
the journal is read, and reported; the events before it are kept. ``graphlineage sync``
replays journals and renames each one it finished to ``<run id>.jsonl.synced``.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from pydantic import TypeAdapter, ValidationError

from graphlineage.core.events import Event, validation_message

SUFFIX = ".jsonl"
SYNCED_SUFFIX = ".jsonl.synced"
_EVENT: TypeAdapter[Event] = TypeAdapter(Event)


def fallback_journal_dir() -> Path:
    """Where journals go when the configured journal dir cannot be used: private to the user."""
    return Path(tempfile.gettempdir()) / f"graphlineage-journal-{os.getuid()}"


def parse_line(line: bytes) -> Event:
    """One journal line as its event (``ValidationError`` if it is not one)."""
    return _EVENT.validate_json(line)


class JournalWriter:
    """Appends one run's events to its journal file, durably."""

    def __init__(self, directory: Path, run_id: str) -> None:
        self.path = directory / f"{run_id}{SUFFIX}"
        self._file: IO[bytes] | None = None
        self._dirty = False  # appended lines not forced to disk yet
        self._lock = threading.Lock()

    @classmethod
    def open(cls, directory: Path, run_id: str) -> JournalWriter:
        """A journal in ``directory`` (made private if new), opened now, so that a directory
        that cannot hold journals fails here (``OSError``) and not at the first event."""
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        journal = cls(directory, run_id)
        with journal._lock:
            journal._open()
        return journal

    def _open(self) -> IO[bytes]:
        if self._file is None:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            self._file = os.fdopen(fd, "ab")
        return self._file

    def append(self, event: Event, durable: bool = True) -> None:
        """Append one event. It is in the file (and survives the process being killed) when
        this returns; ``durable`` also forces it to disk (survives the machine going down);
        otherwise :meth:`sync` does that later, for many events at once."""
        line = _EVENT.dump_json(event) + b"\n"
        with self._lock:
            file = self._open()
            file.write(line)
            file.flush()
            if durable:
                os.fsync(file.fileno())
            else:
                self._dirty = True

    def sync(self) -> None:
        """Force what was appended to disk (from any thread; appends are not blocked)."""
        with self._lock:
            if self._file is None or not self._dirty:
                return
            self._dirty = False
            fd = os.dup(self._file.fileno())
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def close(self) -> None:
        self.sync()
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None


@dataclass
class JournalContents:
    path: Path
    events: list[Event] = field(default_factory=list)
    torn: str | None = None  # what was wrong with a last line cut short
    errors: list[str] = field(default_factory=list)  # bad lines before the last
    bad_lines: list[bytes] = field(default_factory=list)  # those lines, as they were


def read_journal(path: Path) -> JournalContents:
    """The events of a journal file, with a torn last line and bad lines reported."""
    contents = JournalContents(path)
    data = path.read_bytes()
    lines = data.split(b"\n")
    complete, last = lines[:-1], lines[-1]  # `last` is empty when the file ends in "\n"
    for number, line in enumerate(complete, 1):
        if not line.strip():
            continue
        try:
            contents.events.append(parse_line(line))
        except ValidationError as exc:
            problem = f"line {number}: {validation_message(exc)}"
            if number == len(complete) and not last:
                contents.torn = problem
            else:
                contents.errors.append(problem)
                contents.bad_lines.append(line)
    if last.strip():
        contents.torn = f"line {len(complete) + 1}: cut short ({len(last)} bytes, no newline)"
    return contents


def journals(path: Path, include_synced: bool = False) -> list[Path]:
    """Journal files at ``path`` (a file or a directory), oldest run first."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        return []
    found = sorted(path.glob(f"*{SUFFIX}"))
    if include_synced:
        found = sorted([*found, *path.glob(f"*{SYNCED_SUFFIX}")])
    return found


def keep_rejected(path: Path, lines: list[bytes]) -> Path:
    """Save a journal's unreadable lines beside it (``<journal>.rejected``, private), so
    that nothing a run recorded is lost while the journal stays unsynced."""
    return _beside(path, ".rejected", [line + b"\n" for line in lines])


def keep_refused(path: Path, refused: list[tuple[Event, str]]) -> Path:
    """Save events that the graph refused for good beside their journal
    (``<journal>.refused``, private): each line ``{"reason": ..., "event": {...}}``."""
    return _beside(path, ".refused", [
        b'{"reason":' + json.dumps(reason).encode() + b',"event":' + _EVENT.dump_json(event)
        + b"}\n" for event, reason in refused])  # fmt: skip


def _beside(path: Path, suffix: str, lines: list[bytes]) -> Path:
    """Write ``lines`` to a private file named after the journal ``path``."""
    target = path.with_name(path.name + suffix)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(b"".join(lines))
    return target


def mark_synced(path: Path) -> Path:
    if path.name.endswith(SYNCED_SUFFIX):
        return path
    target = path.with_name(path.name + ".synced")
    path.rename(target)
    return target
