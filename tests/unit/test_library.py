"""The query library's loader: header parsing and parameter checks (no server)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphlineage.errors import QueryLibraryError, QueryParameterError
from graphlineage.graph.library import LIBRARY, load_library, parse_query

GOOD = """\
// Find a thing by key.
//
// Mode: read
// Parameters:
//   $key   :: STRING  the key
//   $limit :: INTEGER  at most this many
// Returns:
//   thing :: MAP  the thing
MATCH (t:Thing {key: $key}) RETURN t AS thing LIMIT $limit
"""


def test_parses_header() -> None:
    query = parse_query("find_thing", GOOD)
    assert query.mode == "read"
    assert query.summary == "Find a thing by key."
    assert query.parameter_names == {"key", "limit"}
    assert [r.name for r in query.returns] == ["thing"]
    assert query.text.startswith("MATCH")


@pytest.mark.parametrize(
    ("source", "why"),
    [
        ("MATCH (n) RETURN n", "no header"),
        ("// Purpose.\n// Mode: read\n// Parameters: none\n", "no query"),
        ("// Purpose.\n// Mode: maybe\n// Parameters: none\nRETURN 1", "Mode"),
        ("// Purpose.\n// Mode: read\n// Parameters: none\nRETURN $x", "undeclared x"),
        (
            "// Purpose.\n// Mode: read\n// Parameters:\n//   $x :: STRING  an x\nRETURN 1",
            "unused x",
        ),
        ("// Purpose.\n// Mode: read\n// Parameters:\n//   x STRING\nRETURN 1", "malformed"),
    ],
)
def test_rejects_malformed(source: str, why: str) -> None:
    with pytest.raises(QueryLibraryError, match=why):
        parse_query("bad", source)


def test_parameters_in_strings_and_comments_do_not_count() -> None:
    source = (
        "// Purpose.\n// Mode: read\n// Parameters:\n//   $a :: STRING  an a\n"
        "RETURN '$not_a_param' AS s, $a AS a // $nor_this\n"
    )
    assert parse_query("q", source).parameter_names == {"a"}


def test_caller_parameters_must_match_declaration() -> None:
    query = parse_query("find_thing", GOOD)
    query.check({"key": "k", "limit": 1})
    with pytest.raises(QueryParameterError, match="missing limit"):
        query.check({"key": "k"})
    with pytest.raises(QueryParameterError, match="unexpected extra"):
        query.check({"key": "k", "limit": 1, "extra": 2})


def test_whole_library_loads_and_every_file_has_a_mode() -> None:
    assert len(LIBRARY) >= 1
    for name in LIBRARY:
        assert LIBRARY[name].mode in ("read", "write", "schema")


def test_unknown_query_name() -> None:
    with pytest.raises(QueryLibraryError, match="no query named"):
        LIBRARY["no_such_query"]


def test_empty_directory_fails(tmp_path: Path) -> None:
    with pytest.raises(QueryLibraryError, match=r"no \.cypher files"):
        load_library(tmp_path)


def test_datetime_parameters_are_parsed_from_iso_text() -> None:
    from datetime import datetime

    from graphlineage.errors import InvalidInputError
    from graphlineage.query.adhoc import typed_parameters

    query = parse_query("stamp", "// Stamp.\n//\n// Mode: write\n// Parameters:\n"
                        "//   $at :: DATETIME  when\n// Returns:\n//   at :: DATETIME  it\n"
                        "RETURN $at AS at")  # fmt: skip
    assert isinstance(typed_parameters(query, {"at": "2026-01-31T12:00:00Z"})["at"], datetime)
    with pytest.raises(InvalidInputError, match="ISO date-time"):
        typed_parameters(query, {"at": "yesterday"})
