"""Caps on user input, and the check every value passes before it reaches the driver.

The Neo4j driver encodes parameters natively: a dict that contains itself crashes its
codec, an int beyond 64 bits raises ``OverflowError`` and a lone surrogate raises
``UnicodeEncodeError``. :func:`check_parameters` refuses all of these (and values nested
too deeply or too big) with :class:`~graphlineage.errors.InvalidInputError`, so every
library query, listing and ad-hoc Cypher call fails cleanly before anything is sent.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from neo4j import time as neo4j_time

from graphlineage.errors import InvalidInputError

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
DEFAULT_BATCH = 2000  # events per write transaction (about 16 MiB at most: see batching)
MAX_PARAMETER_DEPTH = 32
"""Nesting of lists and maps in one query parameter (and in config, metadata, summary)."""
MAX_PARAMETER_BYTES = 64 * 1024 * 1024
"""All parameters of one query together, roughly as encoded."""
MAX_JSON_BYTES = 4 * 1024 * 1024
"""Run config, run summary and artifact metadata, each as JSON text."""
MAX_ALIASES = 64
MAX_TAGS = 64
MAX_TAG_LENGTH = 256
MAX_TEXT_LENGTH = 64 * 1024
"""Notes, descriptions and other free text."""
MAX_DIGEST_LENGTH = 256
MAX_DIR_FILES = 100_000
MAX_DIR_BYTES = 64 * 2**30
"""What one ``add_dir`` (or ``log_artifact`` of a directory) may take in: counted while
walking, before any file is read."""
MAX_VERSION_DIGITS = 15
"""``v`` and at most this many digits: far more versions than any artifact will have."""
MAX_TIMEOUT = 24 * 3600.0
"""The longest ad-hoc Cypher timeout, in seconds."""

_SCALARS = (
    dt.datetime, dt.date, dt.time, dt.timedelta,
    neo4j_time.DateTime, neo4j_time.Date, neo4j_time.Time, neo4j_time.Duration,
)  # fmt: skip


def shown(value: object, width: int = 60) -> str:
    """A short, printable repr of ``value`` for error messages."""
    text = repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."


def check_text(value: str, what: str, max_length: int | None = None) -> str:
    """``value`` if it encodes as UTF-8 (no lone surrogates) and is not too long."""
    if max_length is not None and len(value) > max_length:
        raise InvalidInputError(f"{what} is too long: {len(value)} characters, at most "
                                f"{max_length}")  # fmt: skip
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidInputError(
            f"{what} {shown(value)} is not valid text: it holds bytes that are not UTF-8 "
            "(a lone surrogate)"
        ) from exc
    return value


def check_int(value: int, what: str) -> int:
    if not INT64_MIN <= value <= INT64_MAX:
        raise InvalidInputError(f"{what} {shown(value)} is out of range (64-bit integers only)")
    return value


def check_parameters(params: Mapping[str, Any], what: str = "parameter") -> None:
    """Raise ``InvalidInputError`` unless every value is one the driver can send safely."""
    budget = [MAX_PARAMETER_BYTES]
    for key, value in params.items():
        if not isinstance(key, str):
            raise InvalidInputError(f"{what} names must be strings, not {type(key).__name__}")
        check_text(key, f"{what} name")
        _check(value, f"{what} {key}", 0, set(), budget)


def _spend(budget: list[int], size: int, where: str) -> None:
    budget[0] -= size
    if budget[0] < 0:
        raise InvalidInputError(f"{where}: the parameters are too big (at most "
                                f"{MAX_PARAMETER_BYTES // (1024 * 1024)} MiB)")  # fmt: skip


def _check(value: object, where: str, depth: int, open_: set[int], budget: list[int]) -> None:
    if value is None or isinstance(value, bool):
        _spend(budget, 1, where)
    elif isinstance(value, int):
        check_int(value, where)
        _spend(budget, 9, where)
    elif isinstance(value, float):
        _spend(budget, 9, where)
    elif isinstance(value, str):
        check_text(value, where)
        _spend(budget, len(value) + 5, where)
    elif isinstance(value, bytes | bytearray):
        _spend(budget, len(value) + 5, where)
    elif isinstance(value, _SCALARS):
        _spend(budget, 16, where)
    elif isinstance(value, Mapping | list | tuple):
        if id(value) in open_:
            raise InvalidInputError(f"{where} contains itself")
        if depth >= MAX_PARAMETER_DEPTH:
            raise InvalidInputError(
                f"{where} is nested too deeply (at most {MAX_PARAMETER_DEPTH} levels)"
            )
        open_.add(id(value))
        _spend(budget, 5, where)
        if isinstance(value, Mapping):
            for key, item in value.items():
                if not isinstance(key, str):
                    raise InvalidInputError(f"{where} has a key of type {type(key).__name__}: "
                                            "map keys must be strings")  # fmt: skip
                check_text(key, f"a key of {where}")
                _spend(budget, len(key) + 5, where)
                _check(item, f"{where}[{shown(key, 30)}]", depth + 1, open_, budget)
        else:
            for index, item in enumerate(value):
                _check(item, f"{where}[{index}]", depth + 1, open_, budget)
        open_.discard(id(value))
    else:
        raise InvalidInputError(
            f"{where} is of type {type(value).__name__}, which cannot be sent to Neo4j"
        )


def type_name(value: object) -> str:
    """The name of a value's type, for "must be a dict, not list" messages."""
    return type(value).__name__


def check_count(value: object, what: str, *, top: int = INT64_MAX, least: int = 0,
                allow_none: bool = True) -> int | None:  # fmt: skip
    """A whole number from ``least`` (0) to ``top`` (depths, limits, skips), or None if
    allowed."""
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= top:
        raise InvalidInputError(f"{what} must be a whole number from {least} to {top}, not "
                                f"{shown(value)}")  # fmt: skip
    return value


def check_timeout(value: object) -> float | None:
    """A positive, finite number of seconds up to :data:`MAX_TIMEOUT`, or None."""
    if value is None:
        return None
    if (isinstance(value, bool) or not isinstance(value, int | float)
            or not math.isfinite(value) or not 0 < value <= MAX_TIMEOUT):  # fmt: skip
        raise InvalidInputError(
            f"timeout must be a number of seconds above 0 and at most {MAX_TIMEOUT:.0f}, "
            f"not {shown(value)}"
        )
    return float(value)
