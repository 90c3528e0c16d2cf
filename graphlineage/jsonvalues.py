"""Strict JSON checks for user-supplied values (artifact metadata, run config and summary).

"Strict" means what ``json.dumps(value, allow_nan=False)`` can write and any JSON reader can
read back: dicts with string keys, lists and tuples, strings, ints, floats that are finite,
booleans and ``None``.  :func:`json_value_check` names the offending spot by its key path
(``config['optimizer']['lr'] is NaN``) so the caller knows exactly what to fix.
"""

from __future__ import annotations

import math

from graphlineage.errors import InvalidInputError

__all__ = ["json_value_check"]


def json_value_check(value: object, what: str) -> None:
    """Raise :class:`InvalidInputError` unless ``value`` is strict JSON; ``what`` names it."""
    _check(value, what, set())


def _check(value: object, path: str, open_containers: set[int]) -> None:
    if value is None or isinstance(value, str | bool | int):
        return
    if isinstance(value, float):
        if math.isnan(value):
            raise InvalidInputError(f"{path} is NaN, which is not valid JSON")
        if math.isinf(value):
            raise InvalidInputError(f"{path} is {value}, which is not valid JSON")
        return
    if isinstance(value, dict | list | tuple):
        marker = id(value)
        if marker in open_containers:
            raise InvalidInputError(f"{path} contains itself, which JSON cannot represent")
        open_containers.add(marker)
        try:
            if isinstance(value, dict):
                for key, item in value.items():
                    if not isinstance(key, str):
                        raise InvalidInputError(
                            f"{path} has the key {key!r} of type {type(key).__name__}: "
                            "JSON object keys must be strings"
                        )
                    _check(item, f"{path}[{key!r}]", open_containers)
            else:
                for index, item in enumerate(value):
                    _check(item, f"{path}[{index}]", open_containers)
        finally:
            open_containers.discard(marker)
        return
    raise InvalidInputError(
        f"{path} is of type {type(value).__name__}, which is not JSON: use dict (with str "
        "keys), list, str, int, float, bool or None"
    )
