"""W&B's MongoDB-style run filters, as data for one fixed query (``search_runs.cypher``).

``runs(config={"optimizer": "adam", "lr": {"$gt": 0.01}}, summary={"accuracy": {"$gte":
0.9}})``: each key names a config (or summary) value, nested keys with dots
(``"opt.lr"`` or ``{"opt": {"lr": ...}}``); a plain value means ``$eq``; the operators are
``$eq $ne $gt $gte $lt $lte $in $nin $exists``. Comparisons are typed and exact: numbers
compare with numbers (``1`` equals ``1.0``), strings with strings, booleans with booleans; a
value of another type, or no value, never matches (``$ne`` and ``$nin`` match a missing
value, as in MongoDB). Conditions become ``{key, op, value}`` maps, never Cypher text.

``parse_cli_condition("lr>0.01")`` reads the command line's form: ``KEY OP VALUE`` with
``= == != > >= < <=``, the value JSON if it parses (``0.01``, ``true``, ``"0.1"``) and a
string otherwise; ``KEY`` alone means ``$exists``, ``!KEY`` not; a JSON object is the
MongoDB form itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from graphlineage.core.limits import INT64_MAX, INT64_MIN, check_text, type_name
from graphlineage.core.searchable import MAX_KEY_LENGTH
from graphlineage.errors import InvalidInputError

OPERATORS = ("$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$exists")
MAX_CONDITIONS = 64
MAX_LISTED = 1000


def conditions(prefix: str, spec: Mapping[str, Any] | None, what: str) -> list[dict[str, Any]]:
    """``{key, op, value}`` maps for a MongoDB-style filter of config or summary values."""
    if spec is None:
        return []
    if not isinstance(spec, Mapping):
        raise InvalidInputError(f"the {what} filter must be a dict, not {type_name(spec)}")
    found: list[dict[str, Any]] = []
    _walk(prefix, spec, what, found, 0)
    if len(found) > MAX_CONDITIONS:
        raise InvalidInputError(f"at most {MAX_CONDITIONS} {what} conditions")
    return found


def _walk(prefix: str, spec: Mapping[str, Any], what: str, found: list[dict[str, Any]],
          depth: int) -> None:  # fmt: skip
    if depth > 16:
        raise InvalidInputError(f"the {what} filter is nested too deeply")
    for key, wanted in spec.items():
        if not isinstance(key, str) or not key:
            raise InvalidInputError(f"{what} filter keys must be non-empty strings: {key!r}")
        if key.startswith("$"):
            raise InvalidInputError(
                f"{key} is not supported in a {what} filter: give each key its condition "
                f"(operators: {' '.join(OPERATORS)}; $and/$or are not supported)"
            )
        check_text(key, f"{what} filter key", MAX_KEY_LENGTH)
        name = prefix + key
        if isinstance(wanted, Mapping) and wanted and all(
            isinstance(k, str) and k.startswith("$") for k in wanted
        ):
            for op, value in wanted.items():
                found.append(_condition(name, op, value, what))
        elif isinstance(wanted, Mapping) and wanted:
            if any(isinstance(k, str) and k.startswith("$") for k in wanted):
                raise InvalidInputError(
                    f"the {what} filter of {key!r} mixes operators and keys: {dict(wanted)!r}"
                )
            _walk(name + ".", wanted, what, found, depth + 1)
        else:
            found.append(_condition(name, "$eq", wanted, what))


def _condition(name: str, op: str, value: Any, what: str) -> dict[str, Any]:
    shown = name.split(".", 1)[1]
    if op not in OPERATORS:
        raise InvalidInputError(
            f"unknown operator {op!r} for {what} {shown!r}; use one of {' '.join(OPERATORS)}"
        )
    if op == "$exists":
        if not isinstance(value, bool):
            raise InvalidInputError(f"$exists takes true or false, not {value!r}")
        return {"key": name, "op": op, "value": value}
    if op in ("$in", "$nin"):
        if not isinstance(value, list | tuple):
            raise InvalidInputError(f"{op} takes a list of values, not {type_name(value)}")
        if len(value) > MAX_LISTED:
            raise InvalidInputError(f"{op} takes at most {MAX_LISTED} values")
        return {"key": name, "op": op, "value": [_scalar(v, op, shown) for v in value]}
    if value is None:  # MongoDB: {"k": None} matches a missing value
        if op not in ("$eq", "$ne"):
            raise InvalidInputError(f"{op} needs a number or a string, not null")
        return {"key": name, "op": "$exists", "value": op == "$ne"}
    if op in ("$gt", "$gte", "$lt", "$lte") and (
            isinstance(value, bool) or not isinstance(value, int | float | str)):
        raise InvalidInputError(
                f"{op} for {what} {shown!r} needs a number or a string, not {value!r}"
            )
    if isinstance(value, list | tuple):
        return {"key": name, "op": op, "value": [_scalar(v, op, shown) for v in value]}
    return {"key": name, "op": op, "value": _scalar(value, op, shown)}


def _scalar(value: Any, op: str, shown: str) -> Any:
    if isinstance(value, bool | str):
        if isinstance(value, str):
            check_text(value, "filter value")
        return value
    if isinstance(value, int):
        if not INT64_MIN <= value <= INT64_MAX:
            raise InvalidInputError(f"{op} value for {shown!r} is beyond 64 bits: {value}")
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise InvalidInputError(f"{op} value for {shown!r} must be a finite number")
        return value
    raise InvalidInputError(
        f"{op} value for {shown!r} must be a number, string or boolean, not {type_name(value)}"
    )


_CLI = re.compile(r"^(?P<key>[^<>=!]+?)\s*(?P<op>==|!=|>=|<=|=|>|<)\s*(?P<value>.*)$", re.S)
_CLI_OPS = {"=": "$eq", "==": "$eq", "!=": "$ne", ">": "$gt", ">=": "$gte", "<": "$lt",
            "<=": "$lte"}  # fmt: skip


def parse_cli_condition(text: str) -> dict[str, Any]:
    """One ``--config``/``--summary`` argument as a MongoDB-style filter dict."""
    text = text.strip()
    if text.startswith("{"):
        try:
            loaded = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise InvalidInputError(f"{text[:80]!r} is not a JSON object: {exc}") from exc
        if not isinstance(loaded, dict):
            raise InvalidInputError(f"{text[:80]!r} is not a JSON object")
        return loaded
    match = _CLI.match(text)
    if match is None:
        key = text.removeprefix("!").strip()
        if not key or any(c in key for c in "<>="):
            raise InvalidInputError(
                f"{text!r} is not KEY OP VALUE (OP: = != > >= < <=), KEY, !KEY or a JSON "
                "object"
            )
        return {key: {"$exists": not text.startswith("!")}}
    raw = match["value"].strip()
    try:
        value: Any = json.loads(raw)
    except (ValueError, RecursionError):
        value = raw
    return {match["key"].strip(): {_CLI_OPS[match["op"]]: value}}
