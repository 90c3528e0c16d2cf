"""Times given by users: parsed with their zone, refused without one, in the future or
when they are not times; never a stray exception (hypothesis)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphlineage.core.times import FOREVER, as_of_parameter, as_of_time, parse_time
from graphlineage.errors import InvalidInputError
from graphlineage.graph.library import parse_query
from graphlineage.query.adhoc import typed_parameters


def test_times_with_a_zone_are_read_as_utc() -> None:
    assert parse_time("2026-11-01T12:00Z") == datetime(2026, 11, 1, 12, tzinfo=UTC)
    assert parse_time("2026-11-01T14:00+02:00") == datetime(2026, 11, 1, 12, tzinfo=UTC)
    east = datetime(2026, 11, 1, 14, tzinfo=timezone(timedelta(hours=2)))
    assert parse_time(east) == datetime(2026, 11, 1, 12, tzinfo=UTC)
    assert as_of_time(None) is None and as_of_parameter(None) == FOREVER


@pytest.mark.parametrize("bad, message", [
    ("2026-11-01T12:00", "no time zone"), (datetime(2026, 11, 1), "no time zone"),
    ("noon", "ISO date-time"), ("", "ISO date-time"), (3.5, "timezone-aware"),
    (None, "timezone-aware"),
])  # fmt: skip
def test_times_that_cannot_be_meant(bad: object, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        parse_time(bad)


def test_as_of_in_the_future_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="in the future"):
        as_of_time(datetime.now(UTC) + timedelta(hours=1))
    assert as_of_time(datetime.now(UTC)) is not None  # now is fine


@given(st.one_of(st.text(max_size=40), st.datetimes(), st.integers(), st.none(),
                 st.datetimes(timezones=st.timezones())))  # fmt: skip
def test_anything_parses_or_is_refused_cleanly(value: object) -> None:
    try:
        when = as_of_time(value)
    except InvalidInputError:
        return
    assert when is None or when.tzinfo is UTC


def test_map_parameters_declare_their_datetime_fields() -> None:
    query = parse_query("q", "// Q.\n//\n// Mode: read\n// Parameters:\n"
                        "//   $ref :: MAP  {artifact, as_of (DATETIME or null)}\n"
                        "// Returns:\n//   x :: ANY  it\nRETURN $ref AS x")  # fmt: skip
    typed = typed_parameters(query, {"ref": {"artifact": "a", "as_of": "2026-11-01T12:00Z"}})
    assert typed["ref"] == {"artifact": "a", "as_of": datetime(2026, 11, 1, 12, tzinfo=UTC)}
    with pytest.raises(InvalidInputError, match=r"parameter ref\.as_of .* no time zone"):
        typed_parameters(query, {"ref": {"artifact": "a", "as_of": "2026-11-01T12:00"}})
