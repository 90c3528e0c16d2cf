"""The Cypher query library: every ``cypher/*.cypher`` file, loaded eagerly and checked.

Each file holds one query under a header of ``//`` comment lines::

    // Look up one run by its id or by its name within a project.
    //
    // Mode: read
    // Parameters:
    //   $project :: STRING  the project the run belongs to
    //   $key     :: STRING  the run's id (UUIDv7) or its name
    // Returns:
    //   run :: MAP  the run's properties

A type ending in ``?`` (``STRING?``) may be null. ``Mode`` is ``read``, ``write`` or
``schema`` (DDL, run outside explicit transactions).
The file's stem is the query's name.  Loading fails (``QueryLibraryError``) if a file has no
header, an unknown mode, or uses parameters other than exactly those it declares; callers'
parameters are checked against the declaration on every call (``QueryParameterError``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Generic, TypeVar

from graphlineage.core.limits import check_parameters
from graphlineage.errors import QueryLibraryError, QueryParameterError

MODES = ("read", "write", "schema")
Row = TypeVar("Row")
_PARAM_LINE = re.compile(r"^\$(?P<name>\w+)\s*::\s*(?P<type>[A-Z][A-Z<>|, ?]*?)\s{2,}(?P<doc>.+)$")
_RETURN_LINE = re.compile(r"^(?P<name>\w+)\s*::\s*(?P<type>[A-Z][A-Z<>|, ?]*?)\s{2,}(?P<doc>.+)$")
_STRINGS_AND_COMMENTS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*")
_PARAM_USE = re.compile(r"\$(\w+)")
# a MAP parameter's doc declares a field a date-time by writing its type after its name:
# "{artifact, as_of (DATETIME or null)}"
_NESTED_DATETIME = re.compile(r"(\w+) \(DATETIME\b")


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # the Cypher type, without the ``?`` that marks a value that may be null
    doc: str
    nullable: bool = False

    @property
    def shown(self) -> str:
        return f"{self.type}?" if self.nullable else self.type

    @property
    def datetime_fields(self) -> frozenset[str]:
        """For a MAP parameter, the fields its doc declares as DATETIME."""
        if self.type != "MAP":
            return frozenset()
        return frozenset(_NESTED_DATETIME.findall(self.doc))


@dataclass(frozen=True)
class Query:
    """One named query of the library."""

    name: str
    summary: str
    mode: str
    parameters: tuple[Field, ...]
    returns: tuple[Field, ...]
    text: str
    path: str

    @property
    def parameter_names(self) -> frozenset[str]:
        return frozenset(p.name for p in self.parameters)

    def check(self, given: Mapping[str, Any], *, values: bool = True) -> None:
        """Raise ``QueryParameterError`` unless ``given`` names exactly the declared params,
        and ``InvalidInputError`` if a value cannot be sent safely (see :mod:`limits`).
        ``values=False`` checks the names only: for rows that graphlineage built itself
        from events validated when they were made (the bulk write path)."""
        missing = self.parameter_names - given.keys()
        extra = given.keys() - self.parameter_names
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"missing {', '.join(sorted(missing))}")
            if extra:
                parts.append(f"unexpected {', '.join(sorted(extra))}")
            declared = ", ".join(sorted(self.parameter_names)) or "none"
            raise QueryParameterError(
                f"query {self.name!r}: {'; '.join(parts)} (declared: {declared})"
            )
        if values:
            check_parameters(given, f"query {self.name!r}: parameter")


@dataclass(frozen=True)
class Call(Generic[Row]):
    """One query with its parameters, as a typed accessor of :mod:`graphlineage.graph.queries`
    builds it; the store runs it and hands back rows of type ``Row``."""

    query: Query
    params: dict[str, Any]


def cypher_dir() -> Path:
    """Where the ``.cypher`` files are: inside the installed wheel, or the source checkout."""
    packaged = resources.files("graphlineage") / "cypher"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / "cypher"
    if checkout.is_dir():
        return checkout
    raise QueryLibraryError(
        "the query library (cypher/) is missing from the graphlineage installation"
    )


def parse_query(name: str, source: str, path: str = "<string>") -> Query:
    """Parse one ``.cypher`` file's text; raise ``QueryLibraryError`` if it is malformed."""
    lines = source.splitlines()
    header: list[str] = []
    for line in lines:
        if not line.startswith("//"):
            break
        header.append(line[2:])
    body = "\n".join(lines[len(header) :]).strip()

    def fail(why: str) -> QueryLibraryError:
        return QueryLibraryError(f"{path}: {why}")

    if not header or not header[0].strip():
        raise fail("no header comment (purpose, Mode, Parameters, Returns)")
    if not body:
        raise fail("no query after the header")
    summary_lines: list[str] = []
    mode = None
    sections: dict[str, list[Field]] = {"Parameters": [], "Returns": []}
    section = "summary"
    for raw in header:
        entry = raw.strip()
        key, _, rest = entry.partition(":")
        if key in ("Mode", "Parameters", "Returns"):
            section = key
            if key == "Mode":
                mode = rest.strip()
            elif rest.strip() and rest.strip().lower() != "none":
                raise fail(f"put each of {key} on its own line below '{key}:'")
            continue
        if not entry:
            continue
        if section == "summary":
            summary_lines.append(entry)
            continue
        if section not in sections:
            raise fail(f"unexpected header line {entry!r}")
        fields = sections[section]
        pattern = _PARAM_LINE if section == "Parameters" else _RETURN_LINE
        match = pattern.match(entry)
        if match:
            kind = match["type"].strip()
            fields.append(Field(match["name"], kind.rstrip("?"), match["doc"].strip(),
                                nullable=kind.endswith("?")))  # fmt: skip
        elif fields and raw.startswith("    "):  # continuation of the previous doc text
            last = fields[-1]
            fields[-1] = Field(last.name, last.type, f"{last.doc} {entry}", last.nullable)
        else:
            want = "$name :: TYPE  doc" if section == "Parameters" else "column :: TYPE  doc"
            raise fail(f"malformed {section} line {entry!r} (want '{want}')")
    params, returns = sections["Parameters"], sections["Returns"]
    if mode not in MODES:
        raise fail(f"'Mode:' must be one of {', '.join(MODES)}, not {mode!r}")
    declared = {p.name for p in params}
    if len(declared) != len(params):
        raise fail("a parameter is declared twice")
    used = set(_PARAM_USE.findall(_STRINGS_AND_COMMENTS.sub("''", body)))
    if used != declared:
        problems = []
        if used - declared:
            problems.append(f"uses undeclared {', '.join(sorted(used - declared))}")
        if declared - used:
            problems.append(f"declares unused {', '.join(sorted(declared - used))}")
        raise fail("; ".join(problems))
    return Query(
        name=name,
        summary=" ".join(summary_lines),
        mode=mode,
        parameters=tuple(params),
        returns=tuple(returns),
        text=body,
        path=path,
    )


class Library(Mapping[str, Query]):
    """All queries by name."""

    def __init__(self, queries: Mapping[str, Query]) -> None:
        self._queries = dict(queries)

    def __getitem__(self, name: str) -> Query:
        try:
            return self._queries[name]
        except KeyError as exc:
            raise QueryLibraryError(f"no query named {name!r} in the library") from exc

    def __contains__(self, name: object) -> bool:
        return name in self._queries

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._queries))

    def __len__(self) -> int:
        return len(self._queries)

    def by_mode(self, mode: str) -> list[Query]:
        return [self._queries[name] for name in self if self._queries[name].mode == mode]


def load_library(directory: Path | None = None) -> Library:
    directory = directory or cypher_dir()
    queries: dict[str, Query] = {}
    for path in sorted(directory.glob("*.cypher")):
        queries[path.stem] = parse_query(path.stem, path.read_text(encoding="utf-8"), str(path))
    if not queries:
        raise QueryLibraryError(f"no .cypher files in {directory}")
    return Library(queries)


LIBRARY = load_library()
# the queries of the initial bulk import (cypher/bulk/), run on a database nobody else uses
BULK_LIBRARY = load_library(cypher_dir() / "bulk")
