"""Strict JSON checks for user-supplied values (artifact metadata, run config and summary).

"Strict" means what ``json.dumps(value, allow_nan=False)`` can write and any JSON reader can
read back: dicts with string keys, lists and tuples, strings, ints, floats that are finite,
booleans and ``None``.  :func:`json_value_check` names the offending spot by its key path
(``config['optimizer']['lr'] is NaN``) so the caller knows exactly what to fix.  Values are
also capped: at most :data:`~graphlineage.core.limits.MAX_PARAMETER_DEPTH` levels of nesting,
:data:`~graphlineage.core.limits.MAX_JSON_BYTES` of JSON text, and text that is valid UTF-8.
"""

from __future__ import annotations

import math

from graphlineage.core.limits import MAX_JSON_BYTES, MAX_PARAMETER_DEPTH, check_text, shown
from graphlineage.errors import InvalidInputError

__all__ = ["json_value_check"]


def json_value_check(value: object, what: str) -> None:
    """Raise :class:`InvalidInputError` unless ``value`` is strict JSON; ``what`` names it."""
    budget = [MAX_JSON_BYTES]
    _check(value, what, set(), 0, budget)


def _spend(budget: list[int], size: int, what: str) -> None:
    budget[0] -= size
    if budget[0] < 0:
        root = what.partition("[")[0]
        raise InvalidInputError(
            f"{root} is too big: at most {MAX_JSON_BYTES // (1024 * 1024)} MiB as JSON"
        )


def _check(value: object, path: str, open_containers: set[int], depth: int,
           budget: list[int]) -> None:  # fmt: skip
    if value is None or isinstance(value, bool):
        _spend(budget, 5, path)
        return
    if isinstance(value, int):  # stored as JSON text: any size is fine, within the budget
        _spend(budget, value.bit_length() // 3 + 2, path)
        return
    if isinstance(value, str):
        check_text(value, path)
        _spend(budget, len(value) + 3, path)
        return
    if isinstance(value, float):
        if math.isnan(value):
            raise InvalidInputError(f"{path} is NaN, which is not valid JSON")
        if math.isinf(value):
            raise InvalidInputError(f"{path} is {value}, which is not valid JSON")
        _spend(budget, 25, path)
        return
    if isinstance(value, dict | list | tuple):
        marker = id(value)
        if marker in open_containers:
            raise InvalidInputError(f"{path} contains itself, which JSON cannot represent")
        if depth >= MAX_PARAMETER_DEPTH:
            raise InvalidInputError(
                f"{path} is nested too deeply: at most {MAX_PARAMETER_DEPTH} levels"
            )
        open_containers.add(marker)
        _spend(budget, 2, path)
        try:
            if isinstance(value, dict):
                for key, item in value.items():
                    if not isinstance(key, str):
                        raise InvalidInputError(
                            f"{path} has the key {shown(key)} of type {type(key).__name__}: "
                            "JSON object keys must be strings"
                        )
                    check_text(key, f"a key of {path}")
                    _spend(budget, len(key) + 4, path)
                    _check(item, f"{path}[{shown(key, 40)}]", open_containers, depth + 1,
                           budget)  # fmt: skip
            else:
                for index, item in enumerate(value):
                    _check(item, f"{path}[{index}]", open_containers, depth + 1, budget)
        finally:
            open_containers.discard(marker)
        return
    raise InvalidInputError(
        f"{path} is of type {type(value).__name__}, which is not JSON: use dict (with str "
        "keys), list, str, int, float, bool or None"
    )
