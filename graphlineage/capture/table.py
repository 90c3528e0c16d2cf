"""``Table``, shaped like ``wandb.Table``: named columns and rows of JSON-able values.

``artifact.add(table, "train_table")`` stores it in the artifact as the JSON file
``train_table.table.json``; ``version.get("train_table")`` reads it back.
``get_column(name, convert_to="numpy")`` needs numpy (the ``numpy`` extra); nothing else
does. NumPy arrays and scalars given as cells are stored as (nested) lists and numbers.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from typing import Any

from graphlineage.core.limits import type_name
from graphlineage.errors import ConfigurationError, InvalidInputError, NotFoundError

TABLE_SUFFIX = ".table.json"
_MAX_DEPTH = 64


class Table:
    """Columns and rows: ``Table(columns=["x", "y"], data=[[1, 2]])``, :meth:`add_data`,
    :meth:`get_column`, ``.data``, ``.columns``."""

    def __init__(
        self,
        columns: Sequence[str] | None = None,
        data: Iterable[Sequence[Any]] | None = None,
        rows: Iterable[Sequence[Any]] | None = None,
        dataframe: Any = None,
    ) -> None:
        if dataframe is not None:
            if columns is not None or data is not None or rows is not None:
                raise InvalidInputError("give a Table either a dataframe or columns and data")
            columns = [str(c) for c in dataframe.columns]
            data = dataframe.values.tolist()
        if data is not None and rows is not None:
            raise InvalidInputError("give a Table data= or rows=, not both")
        data = data if data is not None else rows
        if columns is None:
            width = None
            if data is not None:
                data = [list(row) for row in data]
                width = len(data[0]) if data else 0
            columns = [f"Column_{i + 1}" for i in range(width or 0)]
        if isinstance(columns, str) or not isinstance(columns, Sequence):
            raise InvalidInputError(
                f"table columns must be a list of names, not {type_name(columns)}"
            )
        names = []
        for column in columns:
            if not isinstance(column, str) or not column:
                raise InvalidInputError(f"a table column name must be a non-empty string, "
                                        f"not {column!r}")  # fmt: skip
            names.append(column)
        if len(set(names)) != len(names):
            raise InvalidInputError(f"table columns must be unique: {names!r}")
        self._columns = names
        self._data: list[list[Any]] = []
        for row in data or []:
            self.add_data(*row)

    @property
    def columns(self) -> list[str]:
        return list(self._columns)

    @property
    def data(self) -> list[list[Any]]:
        """The rows (as stored: lists, numbers, strings, booleans and None)."""
        return [list(row) for row in self._data]

    def add_data(self, *values: Any) -> None:
        """Append one row, one value per column."""
        if len(values) != len(self._columns):
            raise InvalidInputError(
                f"this table has {len(self._columns)} columns ({', '.join(self._columns)}); "
                f"add_data got {len(values)} values"
            )
        self._data.append([_plain(value, 0) for value in values])

    def get_column(self, name: str, convert_to: str | None = None) -> Any:
        """The values of one column, top to bottom; ``convert_to="numpy"`` makes a NumPy
        array of them."""
        try:
            index = self._columns.index(name)
        except ValueError as exc:
            raise NotFoundError(f"this table has no column {name!r}; it has "
                                f"{', '.join(map(repr, self._columns)) or 'none'}") from exc
        values = [row[index] for row in self._data]
        if convert_to is None:
            return values
        if convert_to != "numpy":
            raise InvalidInputError(f"convert_to must be 'numpy' or None, not {convert_to!r}")
        try:
            import numpy
        except ImportError as exc:
            raise ConfigurationError(
                "get_column(..., convert_to='numpy') needs numpy: pip install "
                "'graphlineage[numpy]'"
            ) from exc
        return numpy.array(values)

    def get_index(self) -> list[int]:
        return list(range(len(self._data)))

    def __len__(self) -> int:
        return len(self._data)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Table):
            return NotImplemented
        return self._columns == other._columns and self._data == other._data

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Table(columns={self._columns!r}, rows={len(self._data)})"

    # -- the stored form -----------------------------------------------------------------
    def to_json(self) -> str:
        return json.dumps(
            {"_type": "table", "columns": self._columns, "data": self._data,
             "ncols": len(self._columns), "nrows": len(self._data)},
            separators=(",", ":"), ensure_ascii=False, allow_nan=False,
        )  # fmt: skip

    @classmethod
    def from_json(cls, text: str | bytes, shown_as: str = "table") -> Table:
        try:
            loaded = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise InvalidInputError(f"{shown_as} is not a table's JSON: {exc}") from exc
        if (not isinstance(loaded, dict) or loaded.get("_type") != "table"
                or not isinstance(loaded.get("columns"), list)
                or not isinstance(loaded.get("data"), list)):  # fmt: skip
            raise InvalidInputError(f"{shown_as} is not a table's JSON (no columns and data)")
        return cls(columns=loaded["columns"], data=loaded["data"])


def _plain(value: Any, depth: int) -> Any:
    """A cell as JSON can hold it: NumPy values through ``tolist()``, tuples as lists."""
    if depth > _MAX_DEPTH:
        raise InvalidInputError("a table cell is nested too deeply")
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidInputError(f"a table cell must be a finite number, not {value!r}")
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(item, depth + 1) for item in value]
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise InvalidInputError("a table cell's dict keys must be strings")
        return {key: _plain(item, depth + 1) for key, item in value.items()}
    to_list = getattr(value, "tolist", None)  # numpy arrays and scalars
    if callable(to_list):
        return _plain(to_list(), depth + 1)
    raise InvalidInputError(
        f"a table cell must be a number, string, bool, None, list, dict or NumPy value, "
        f"not {type_name(value)}"
    )
