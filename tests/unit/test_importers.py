"""The importers' shared helpers: derived ids that grow along a run, names made valid."""

from __future__ import annotations

import uuid

from graphlineage.core.refs import validate_alias, validate_name
from graphlineage.ingest.importers.common import (
    IdSequence,
    ImportReport,
    derived_id,
    json_number,
    valid_alias,
    valid_name,
    valid_run_name,
)


def test_ids_grow_along_a_run_and_are_the_same_each_time() -> None:
    ids = IdSequence("seed")
    first, second, third = ids.next(1000, "a"), ids.next(999, "b"), ids.next(5000, "c")
    assert first < second < third  # each above the one before, even at an earlier time
    again = IdSequence("seed")
    assert [again.next(1000, "a"), again.next(999, "b"), again.next(5000, "c")] == [
        first, second, third]
    assert IdSequence("other").next(1000, "a") != first
    after = IdSequence("seed", floor=third)
    assert after.next(0, "d") > third
    assert all(uuid.UUID(i).version == 7 for i in (first, second, third))
    assert uuid.UUID(derived_id("run", 1_700_000_000_000)).int >> 80 == 1_700_000_000_000


def test_thousands_of_events_at_one_time_still_grow() -> None:
    ids = IdSequence("seed")
    made = [ids.next(1000, str(i)) for i in range(5000)]
    assert made == sorted(made) and len(set(made)) == 5000


def test_names_made_valid() -> None:
    assert valid_name("/Users/ana/forecast") == "Users-ana-forecast"
    assert valid_name("my model (v2)") == "my-model-v2"
    assert valid_name("!!!") == "unnamed"
    assert validate_name(valid_name("x" * 300), "name")
    assert valid_run_name("a/b:c") == "a-b-c"
    assert valid_run_name("   ") is None
    assert valid_alias("Production") == "Production" and validate_alias("Production")
    assert valid_alias("v3") is None and valid_alias("") is None
    assert json_number(float("nan")) == "nan" and json_number(0.5) == 0.5


def test_report_lines() -> None:
    report = ImportReport("here")
    report.count("read", "runs", 3)
    report.count("written", "runs", 0)
    report.warn("one")
    assert report.lines() == ["Read: 3 runs.", "Warnings: 1."]
