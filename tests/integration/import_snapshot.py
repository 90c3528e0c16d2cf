"""A comparable picture of a lineage graph: nodes and relationships by stable keys.

Nodes are keyed by (label, key property) — run id, version key, artifact key, project or
model name, event id — and relationships by (type, start key, end key) with the multiset of
their property maps, never by internal ids. Values are made exact: a datetime becomes its
ISO text together with its time zone, so an offset and a named zone do not compare equal.
"""

from __future__ import annotations

from typing import Any

import neo4j

from graphlineage.ingest.initial.graph import KEYS

NodeKey = tuple[str, str]
RelKey = tuple[str, NodeKey, NodeKey]
Snapshot = tuple[dict[NodeKey, dict[str, Any]], dict[RelKey, list[str]]]

_NODES = """
MATCH (n) WHERE any(label IN labels(n) WHERE label IN $labels)
RETURN labels(n) AS labels, properties(n) AS props
"""
_RELATIONSHIPS = """
MATCH (a)-[r]->(b)
WHERE any(label IN labels(a) WHERE label IN $labels)
  AND any(label IN labels(b) WHERE label IN $labels)
RETURN labels(a) AS a_labels, properties(a) AS a, type(r) AS type, properties(r) AS props,
       labels(b) AS b_labels, properties(b) AS b
"""


def exact(value: Any) -> Any:
    """A value with its exact type kept (datetimes with their zone, lists as tuples)."""
    if isinstance(value, neo4j.time.DateTime):
        return ("datetime", value.iso_format(), str(value.tzinfo))
    if isinstance(value, list | tuple):
        return ("list", *(exact(item) for item in value))
    return (type(value).__name__, value)


def _key(labels: list[str], props: dict[str, Any]) -> NodeKey:
    (label,) = [label for label in labels if label in KEYS]
    return label, str(props[KEYS[label]])


def take_snapshot(driver: neo4j.Driver, database: str | None = None) -> Snapshot:
    labels = list(KEYS)
    nodes: dict[NodeKey, dict[str, Any]] = {}
    records, _, _ = driver.execute_query(_NODES, labels=labels, database_=database)
    for record in records:
        key = _key(record["labels"], record["props"])
        assert key not in nodes, f"two nodes with key {key}"
        nodes[key] = dict(record["props"])
    rels: dict[RelKey, list[str]] = {}
    records, _, _ = driver.execute_query(_RELATIONSHIPS, labels=labels, database_=database)
    for record in records:
        key = (record["type"], _key(record["a_labels"], record["a"]),
               _key(record["b_labels"], record["b"]))  # fmt: skip
        props = sorted((name, exact(value)) for name, value in record["props"].items())
        rels.setdefault(key, []).append(repr(props))
    return nodes, rels


def exact_snapshot(snapshot: Snapshot) -> tuple[dict[NodeKey, Any], dict[RelKey, Any]]:
    """The snapshot with every value made exact and every multiset sorted."""
    nodes, rels = snapshot
    exact_nodes = {key: sorted((name, exact(value)) for name, value in props.items())
                   for key, props in nodes.items()}  # fmt: skip
    return exact_nodes, {key: sorted(values) for key, values in rels.items()}
