"""Column-level lineage from the OpenLineage ``columnLineage`` dataset facet (and the newer
``lineage`` facet's ``fields``, whose ``inputs`` name a dataset's field the same way).

Each column of a dataset is a ``Column`` node (key ``<artifact key>#<field>``, with the
dataset's ``ol_namespace``/``ol_name`` and the column's ``field``), joined to its dataset's
``Artifact`` by ``HAS_COLUMN``. For each output field, each of its ``inputFields`` becomes
``(input column)-[:FEEDS]->(output column)`` carrying the transformation types
(``DIRECT/IDENTITY``, ``INDIRECT/FILTER``, ... or the older field-level
``transformationType``), the transformation description, and the run and time of the last
event that stated it. The columns of a ``schema`` facet are Column nodes too (so a column
without lineage can be asked about: the answer is empty). Columns belong to the dataset,
not to one version: the column graph is the union of what every event said.

Entries of a facet that do not have the spec's shape (a field without a name, an input
field without its dataset) are left out; the whole facet is still kept verbatim on the
version (``ol_column_lineage``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphlineage.core.datasets import column_key
from graphlineage.ingest.ol_facets import schema_fields


def _types(entry: dict[str, Any], legacy: Any) -> list[str]:
    found: list[str] = []
    for item in entry.get("transformations") or ():
        if isinstance(item, dict) and isinstance(item.get("type"), str):
            subtype = item.get("subtype")
            name = f"{item['type']}/{subtype}" if isinstance(subtype, str) and subtype else \
                item["type"]  # fmt: skip
            if item.get("masking") is True:
                name += " (masking)"
            if name not in found:
                found.append(name)
    if not found and isinstance(legacy, str) and legacy:
        found.append(legacy)
    return found


KeyOf = Callable[[str, str], str]  # (namespace, name) -> the dataset's artifact key


class ColumnRows:
    """The ``columns`` and ``edges`` of apply_column_lineage for a list of events."""

    def __init__(self) -> None:
        self.columns: dict[str, dict[str, Any]] = {}
        self.edges: dict[tuple[str, str], dict[str, Any]] = {}

    def column(self, key_of: KeyOf, namespace: str, name: str, field: str) -> str:
        artifact = key_of(namespace, name)
        key = column_key(artifact, field)
        self.columns.setdefault(key, {"key": key, "dataset": artifact, "field": field,
                                      "namespace": namespace, "name": name})  # fmt: skip
        return key

    def add(self, key_of: KeyOf, namespace: str, name: str, facets: dict[str, Any],
            run: str | None, at: int) -> None:  # fmt: skip
        """The columns and edges one dataset's facets state (``key_of(namespace, name)`` is
        a dataset's artifact key)."""
        schema = facets.get("schema")
        if isinstance(schema, dict):
            for field, _ in schema_fields(schema.get("fields")):
                self.column(key_of, namespace, name, field)
        for facet, inputs in (("columnLineage", "inputFields"), ("lineage", "inputs")):
            lineage = facets.get(facet)
            fields = lineage.get("fields") if isinstance(lineage, dict) else None
            if isinstance(fields, dict):
                self._fields(key_of, namespace, name, fields, inputs, run, at)

    def _fields(self, key_of: KeyOf, namespace: str, name: str, fields: dict[str, Any],
                inputs: str, run: str | None, at: int) -> None:  # fmt: skip
        for field, spec in fields.items():
            if not isinstance(spec, dict) or not isinstance(field, str) or not field:
                continue
            target = self.column(key_of, namespace, name, field)
            legacy = spec.get("transformationType")
            description = spec.get("transformationDescription")
            for entry in spec.get(inputs) or ():
                if not isinstance(entry, dict) or entry.get("type", "DATASET") != "DATASET":
                    continue
                ns, ds, col = entry.get("namespace"), entry.get("name"), entry.get("field")
                if not (isinstance(ns, str) and isinstance(ds, str) and isinstance(col, str)
                        and ns and ds and col):  # fmt: skip
                    continue
                source = self.column(key_of, ns, ds, col)
                edge = self.edges.setdefault((source, target), {
                    "source": source, "target": target, "types": [],
                    "description": None, "run": run, "at": at})  # fmt: skip
                edge["types"] += [t for t in _types(entry, legacy) if t not in edge["types"]]
                if isinstance(description, str) and description:
                    edge["description"] = description
                edge["run"], edge["at"] = run, at
