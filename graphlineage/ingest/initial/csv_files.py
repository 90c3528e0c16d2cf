"""Write a folded :class:`Graph` as the CSV files of ``neo4j-admin database import full``.

One file per label and per relationship type, each with a typed header (``:ID(<label>)``,
``:LABEL``, ``name:string``, ``at:datetime``, ``tags:string[]``, ...; node ids live in one
id space per label, so keys need no prefix). Every string is quoted, with ``"`` doubled
(RFC 4180), so commas, quotes and newlines survive; rows whose strings hold a line break go
to a separate ``-multiline`` file, the only ones the importer is told to parse as such
(``--multiline-fields-format=v2``), so the rest keeps the fast parser. A null value is an
empty unquoted field (no property), an empty string is ``""``.

Arrays: the element delimiter is a character that occurs in no array element of the graph
(a control character unless those occur). Two array values cannot be written in CSV at all:
the empty list and ``[""]`` (the importer reads both as "no property"); they are left out of
the files and returned as :class:`Fixups`, to be set with Cypher after the import.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from graphlineage.errors import InvalidInputError
from graphlineage.ingest.initial.graph import KEYS, Graph, Node, Relationship

Columns = tuple[tuple[str, str], ...]  # (property, importer type)

NODE_COLUMNS: dict[str, Columns] = {
    "Project": (("name", "string"), ("created_at", "datetime"), ("updated_at", "datetime"),
                ("run_count", "long")),
    "Run": (("id", "string"), ("project", "string"), ("name", "string"), ("number", "long"),
            ("job_type", "string"), ("config", "string"), ("tags", "string[]"),
            ("notes", "string"), ("host", "string"), ("git_commit", "string"), ("group", "string"),
            ("started_at", "datetime"), ("status", "string"), ("summary", "string"),
            ("exit_code", "long"), ("ended_at", "datetime"), ("last_event", "string")),
    "Artifact": (("key", "string"), ("project", "string"), ("name", "string"),
                 ("type", "string"), ("description", "string"), ("version_count", "long"),
                 ("created_at", "datetime"), ("updated_at", "datetime")),
    "ArtifactVersion": (("key", "string"), ("artifact", "string"), ("project", "string"),
                        ("name", "string"), ("type", "string"), ("version", "string"),
                        ("index", "long"), ("digest", "string"), ("size", "long"),
                        ("file_count", "long"), ("manifest", "string"), ("metadata", "string"),
                        ("description", "string"), ("created_at", "datetime"),
                        ("created_by", "string")),
    "RegisteredModel": (("name", "string"), ("version_count", "long"),
                        ("created_at", "datetime"), ("updated_at", "datetime")),
}  # fmt: skip
POINTER = "alias:"  # alias pointer properties: set after the import (their names vary)
SEARCHABLE = ("config.", "summary.")  # a run's searchable values: set after the import too

RELATIONSHIP_COLUMNS: dict[str, tuple[str, str, Columns]] = {
    "HAS_VERSION": ("Artifact", "ArtifactVersion", ()),
    "ALIAS": ("Artifact", "ArtifactVersion",
              (("name", "string"), ("since", "datetime"), ("until", "datetime"))),
    "USED": ("Run", "ArtifactVersion", (("at", "datetime"), ("requested", "string[]"))),
    "PRODUCED": ("Run", "ArtifactVersion", (("at", "datetime"), ("first", "boolean"))),
    "LINKED_TO": ("ArtifactVersion", "RegisteredModel",
                  (("version", "string"), ("index", "long"), ("at", "datetime"),
                   ("run_id", "string"))),
    "REGISTRY_ALIAS": ("RegisteredModel", "ArtifactVersion",
                       (("name", "string"), ("since", "datetime"), ("until", "datetime"))),
}  # fmt: skip

_DELIMITER_CANDIDATES = "\x1f\x1e\x1d\x1c\x1b\x07|;^~`"


@dataclass
class Fixups:
    """Array values that CSV cannot carry, to be set after the import."""

    run_tags: list[dict[str, Any]] = field(default_factory=list)  # {id, tags}
    used_requested: list[dict[str, Any]] = field(default_factory=list)  # {run_id, ...}
    run_values: list[dict[str, Any]] = field(default_factory=list)  # {id, values}

    def __len__(self) -> int:
        return len(self.run_tags) + len(self.used_requested) + len(self.run_values)


@dataclass
class CsvFiles:
    directory: Path
    nodes: list[tuple[str, Path]] = field(default_factory=list)  # (label, file)
    relationships: list[tuple[str, Path]] = field(default_factory=list)  # (type, file)
    multiline: list[Path] = field(default_factory=list)
    array_delimiter: str = "\x1f"
    fixups: Fixups = field(default_factory=Fixups)
    rows: int = 0
    bytes: int = 0


def _quote(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidInputError(f"expected a string property value, not {value!r}")
    return '"' + value.replace('"', '""') + '"'


def _long(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError(f"expected an integer property value, not {value!r}")
    return str(value)


def _boolean(value: Any) -> str:
    if not isinstance(value, bool):
        raise InvalidInputError(f"expected a boolean property value, not {value!r}")
    return "true" if value else "false"


def _datetime(value: Any) -> str:
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise InvalidInputError(f"expected an aware datetime property value, not {value!r}")
    return value.isoformat()


def array_delimiter(graph: Graph) -> str:
    """A character that occurs in no element of any string array of the graph."""
    parts = [tag for run in graph.runs.values() for tag in run.get("tags", ())]
    parts += [ref for used in graph.used.values() for ref in used["requested"]]
    text = "".join(parts)
    for candidate in _DELIMITER_CANDIDATES:
        if candidate not in text:
            return candidate
    raise InvalidInputError(
        "every candidate array delimiter occurs in some tag or requested ref; "
        "load this history with the online import instead"
    )


class _TableWriter:
    """Rows of one label or type, split between a plain and a multiline file."""

    def __init__(self, directory: Path, stem: str, header: str) -> None:
        self._paths = (directory / f"{stem}.csv", directory / f"{stem}-multiline.csv")
        self._header = header
        self._files: list[IO[str] | None] = [None, None]
        self.rows = 0

    def write(self, fields: list[str]) -> None:
        line = ",".join(fields)
        multiline = "\n" in line or "\r" in line
        handle = self._files[multiline]
        if handle is None:
            handle = self._files[multiline] = self._paths[multiline].open(
                "w", encoding="utf-8", newline="")  # fmt: skip
            handle.write(self._header + "\n")
        handle.write(line + "\n")
        self.rows += 1

    def close(self) -> list[tuple[Path, bool]]:
        written = []
        for multiline, handle in enumerate(self._files):
            if handle is not None:
                handle.close()
                written.append((self._paths[multiline], bool(multiline)))
        return written


def write_csv(graph: Graph, directory: Path) -> CsvFiles:
    """Write ``graph`` into ``directory`` (created); return the files and the fix-ups."""
    directory.mkdir(parents=True, exist_ok=True)
    files = CsvFiles(directory, array_delimiter=array_delimiter(graph))
    delimiter = files.array_delimiter

    def array(value: Any) -> str | None:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidInputError(f"expected a list of strings, not {value!r}")
        if not value or value == [""]:
            return None
        return _quote(delimiter.join(value))

    encoders: dict[str, Callable[[Any], str | None]] = {
        "string": _quote, "long": _long, "boolean": _boolean, "datetime": _datetime,
        "string[]": array}  # fmt: skip

    _write_nodes(graph.nodes(), directory, files, encoders)
    _write_relationships(graph.relationships(), directory, files, encoders)
    files.bytes = sum(path.stat().st_size for _, path in files.nodes + files.relationships)
    return files


def _encode(props: dict[str, Any], columns: Columns,
            encoders: dict[str, Callable[[Any], str | None]]) -> tuple[list[str], list[str]]:
    """The fields of one row, and the array properties left out of it."""
    unknown = props.keys() - {name for name, _ in columns}
    if unknown:
        raise InvalidInputError(f"no CSV column for properties {sorted(unknown)}")
    fields, left_out = [], []
    for name, kind in columns:
        value = props.get(name)
        if value is None:
            fields.append("")
            continue
        text = encoders[kind](value)
        if text is None:
            left_out.append(name)
        fields.append(text or "")
    return fields, left_out


def _write_nodes(nodes: Iterable[Node], directory: Path, files: CsvFiles,
                 encoders: dict[str, Callable[[Any], str | None]]) -> None:
    tables: dict[str, _TableWriter] = {}
    for node in nodes:
        columns = NODE_COLUMNS[node.label]
        table = tables.get(node.label)
        if table is None:
            header = ",".join([f":ID({node.label})", ":LABEL",
                               *(f"{name}:{kind}" for name, kind in columns)])  # fmt: skip
            table = tables[node.label] = _TableWriter(directory, f"nodes-{node.label}", header)
        props = {k: v for k, v in node.props.items()
                 if not k.startswith(POINTER) and not k.startswith(SEARCHABLE)}  # fmt: skip
        values = {k: v for k, v in node.props.items() if k.startswith(SEARCHABLE)}
        if values and node.label == "Run":
            files.fixups.run_values.append({"id": node.key, "values": values})
        fields, left_out = _encode(props, columns, encoders)
        table.write([_quote(node.key), node.label, *fields])
        for name in left_out:
            if (node.label, name) != ("Run", "tags"):
                raise InvalidInputError(f"cannot write {node.label}.{name} as CSV")
            files.fixups.run_tags.append({"id": node.key, "tags": node.props[name]})
    for label, table in tables.items():
        files.rows += table.rows
        for path, multiline in table.close():
            files.nodes.append((label, path))
            if multiline:
                files.multiline.append(path)


def _write_relationships(relationships: Iterable[Relationship], directory: Path,
                         files: CsvFiles,
                         encoders: dict[str, Callable[[Any], str | None]]) -> None:
    tables: dict[str, _TableWriter] = {}
    for rel in relationships:
        start, end, columns = RELATIONSHIP_COLUMNS[rel.type]
        assert (start, end) == (rel.start_label, rel.end_label), rel
        table = tables.get(rel.type)
        if table is None:
            header = ",".join([f":START_ID({start})", f":END_ID({end})", ":TYPE",
                               *(f"{name}:{kind}" for name, kind in columns)])  # fmt: skip
            table = tables[rel.type] = _TableWriter(directory, f"rels-{rel.type}", header)
        fields, left_out = _encode(rel.props, columns, encoders)
        table.write([_quote(rel.start_key), _quote(rel.end_key), rel.type, *fields])
        for name in left_out:
            if (rel.type, name) != ("USED", "requested"):
                raise InvalidInputError(f"cannot write {rel.type}.{name} as CSV")
            files.fixups.used_requested.append({"run_id": rel.start_key,
                                                "version_key": rel.end_key,
                                                "requested": rel.props[name]})  # fmt: skip
    for rel_type, table in tables.items():
        files.rows += table.rows
        for path, multiline in table.close():
            files.relationships.append((rel_type, path))
            if multiline:
                files.multiline.append(path)


__all__ = ["KEYS", "CsvFiles", "Fixups", "array_delimiter", "write_csv"]
