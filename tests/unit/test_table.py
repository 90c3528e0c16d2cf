"""``Table`` without a server: rows, columns, the stored JSON, NumPy in and out, and the
bad input it refuses."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphlineage import Table
from graphlineage.errors import InvalidInputError, NotFoundError

cells = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8)
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=8,
)


@given(st.integers(1, 4).flatmap(
    lambda width: st.lists(st.lists(cells, min_size=width, max_size=width), max_size=5)
    .map(lambda rows: (width, rows))))  # fmt: skip
def test_json_round_trip(shape: tuple[int, list[list[Any]]]) -> None:
    width, rows = shape
    table = Table(columns=[f"c{i}" for i in range(width)], data=rows)
    back = Table.from_json(table.to_json())
    assert back == table
    assert back.data == rows
    assert back.get_column("c0") == [row[0] for row in rows]


def test_add_data_and_columns() -> None:
    table = Table(columns=["x", "y"])
    table.add_data(np.array([[1, 2], [3, 4]]), np.int64(7))
    table.add_data([5], 8)
    assert table.data == [[[[1, 2], [3, 4]], 7], [[5], 8]]
    assert table.get_column("y") == [7, 8]
    assert np.array_equal(table.get_column("y", convert_to="numpy"), np.array([7, 8]))
    assert len(table) == 2 and table.columns == ["x", "y"]
    assert Table(data=[[1, 2]]).columns == ["Column_1", "Column_2"]


@pytest.mark.parametrize("cell", [math.nan, math.inf, object(), {1: "a"}, b"bytes"])
def test_bad_cells_are_refused(cell: Any) -> None:
    with pytest.raises(InvalidInputError):
        Table(columns=["a"]).add_data(cell)


def test_bad_shapes_and_names() -> None:
    with pytest.raises(InvalidInputError, match="2 columns"):
        Table(columns=["a", "b"]).add_data(1)
    with pytest.raises(InvalidInputError, match="unique"):
        Table(columns=["a", "a"])
    with pytest.raises(InvalidInputError, match="list of names"):
        Table(columns="ab")
    with pytest.raises(NotFoundError, match="no column 'z'"):
        Table(columns=["a"]).get_column("z")
    with pytest.raises(InvalidInputError, match="convert_to"):
        Table(columns=["a"]).get_column("a", convert_to="pandas")
    with pytest.raises(InvalidInputError, match="not a table"):
        Table.from_json('{"columns": []}')
    with pytest.raises(InvalidInputError, match="not a table"):
        Table.from_json("{")


def test_searchable_values_skip_what_neo4j_cannot_hold() -> None:
    from graphlineage.core.searchable import searchable

    values = {"a": 1, "b\x00": 2, "n": {"x\x00y": 3, "ok": [1, 2]}, "mixed": [1, "x"],
              "big": 2**70, "none": None, "empty": [], "f": 0.5, "s": "t", "t": True}
    assert searchable("config.", values) == {
        "config.a": 1, "config.n.ok": [1, 2], "config.f": 0.5, "config.s": "t",
        "config.t": True}
