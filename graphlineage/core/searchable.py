"""Config and summary as properties Cypher can filter on and index.

A run keeps its ``config`` and ``summary`` as JSON text (exact, any shape) and, beside them,
each scalar value as its own property under a prefix: ``config.lr``, ``config.optimizer``,
``summary.accuracy``; nested dicts are flattened with dots (``{"opt": {"lr": 0.1}}`` gives
``config.opt.lr``). Lists are kept when all their items have one type (strings, booleans,
integers or floats), as Neo4j stores only such lists. What cannot be a property (null, an
empty or mixed list, a list of dicts, an integer beyond 64 bits, a key holding a NUL
character or of more than ``MAX_KEY_LENGTH`` characters, anything past the first
``MAX_VALUES`` values) stays in the JSON text only. So ``MATCH (r:Run) WHERE
r.`config.lr` > 0.01`` compares numbers as numbers and strings as strings, and an index on
``r.`summary.accuracy``` can serve it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphlineage.core.limits import INT64_MAX, INT64_MIN

CONFIG = "config."
SUMMARY = "summary."
MAX_VALUES = 1000  # searchable values per run and prefix
MAX_KEY_LENGTH = 512
_MAX_DEPTH = 32


def searchable(prefix: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """The properties that hold ``values`` (a config or summary) under ``prefix``."""
    found: dict[str, Any] = {}
    _flatten(prefix, values, found, 0)
    return found


def _flatten(prefix: str, values: Mapping[str, Any], found: dict[str, Any], depth: int) -> None:
    if depth > _MAX_DEPTH:
        return
    for key, value in values.items():
        if len(found) >= MAX_VALUES:
            return
        if not isinstance(key, str) or "\x00" in key:
            continue  # Neo4j takes no NUL in a property name: such a value stays in the JSON
        name = prefix + key
        if isinstance(value, Mapping):
            _flatten(name + ".", value, found, depth + 1)
            continue
        stored = property_value(value)
        if stored is not None and len(name) <= MAX_KEY_LENGTH and name not in found:
            found[name] = stored


def property_value(value: Any) -> Any:
    """``value`` as a Neo4j property, or None if it cannot be one."""
    if isinstance(value, bool | str | float):
        return value
    if isinstance(value, int):
        return value if INT64_MIN <= value <= INT64_MAX else None
    if isinstance(value, list | tuple) and value:
        kinds = {type(item) for item in value}
        if len(kinds) != 1 or next(iter(kinds)) not in (str, bool, int, float):
            return None
        if kinds == {int} and not all(INT64_MIN <= item <= INT64_MAX for item in value):
            return None
        return list(value)
    return None
