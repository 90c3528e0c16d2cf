"""Every .cypher file has exactly one typed accessor and every accessor a file."""

from __future__ import annotations

import inspect

from graphlineage.graph import codegen, queries
from graphlineage.graph.library import BULK_LIBRARY, LIBRARY, Call


def _accessors() -> dict[str, object]:
    return {name: value for name, value in vars(queries).items()
            if inspect.isfunction(value) and value.__module__ == queries.__name__}  # fmt: skip


def test_the_accessors_are_generated_from_the_files_as_they_are() -> None:
    expected = codegen.render({"LIBRARY": (LIBRARY, "cypher"),
                               "BULK_LIBRARY": (BULK_LIBRARY, "cypher/bulk")})  # fmt: skip
    assert codegen.TARGET.read_text(encoding="utf-8") == expected, (
        "graphlineage/graph/queries.py is out of date: run python -m graphlineage.graph.codegen"
    )


def test_one_accessor_per_file_and_one_file_per_accessor() -> None:
    files = set(LIBRARY) | set(BULK_LIBRARY)
    assert not set(LIBRARY) & set(BULK_LIBRARY)
    assert set(_accessors()) == files


def test_each_accessor_takes_exactly_the_declared_parameters_and_builds_its_call() -> None:
    for name, function in _accessors().items():
        query = LIBRARY[name] if name in LIBRARY else BULK_LIBRARY[name]
        signature = inspect.signature(function)  # type: ignore[arg-type]
        assert all(p.kind is p.KEYWORD_ONLY for p in signature.parameters.values())
        assert set(signature.parameters) == query.parameter_names
        call = function(**dict.fromkeys(query.parameter_names))  # type: ignore[operator]
        assert isinstance(call, Call) and call.query is query
        assert set(call.params) == query.parameter_names


def test_python_types_of_the_header_types() -> None:
    assert codegen.python_type("LIST<MAP>", parameter=True) == "Sequence[Mapping[str, Any]]"
    assert codegen.python_type("LIST<STRING>", parameter=False) == "list[str]"
    assert codegen.python_type("DATETIME", parameter=True) == "datetime"
