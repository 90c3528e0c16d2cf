"""One-hop lookups around a run or an artifact version (what the handles' ``used_by()``,
``logged_by()``, ``used_artifacts()`` ask), and the search box's matches."""

from __future__ import annotations

from graphlineage.core.answers import LineageNode, NodeId
from graphlineage.core.models import ArtifactVersionInfo, RunInfo
from graphlineage.graph import queries
from graphlineage.graph.store import Store


def run_inputs(store: Store, run_id: str) -> list[ArtifactVersionInfo]:
    rows = store.read(queries.list_run_inputs(run_id=run_id))
    return [ArtifactVersionInfo.from_row(row["version"]) for row in rows]


def run_outputs(store: Store, run_id: str) -> list[ArtifactVersionInfo]:
    rows = store.read(queries.list_run_outputs(run_id=run_id))
    return [ArtifactVersionInfo.from_row(row["version"]) for row in rows]


def version_consumers(store: Store, key: str) -> list[RunInfo]:
    return [RunInfo.from_row(row["run"])
            for row in store.read(queries.list_version_consumers(key=key))]  # fmt: skip


def version_producers(store: Store, key: str) -> list[RunInfo]:
    return [RunInfo.from_row(row["run"])
            for row in store.read(queries.list_version_producers(key=key))]  # fmt: skip


def version_key_by_digest(store: Store, artifact: str, digest: str) -> str | None:
    found = store.read(queries.get_version_by_digest(artifact=artifact, digest=digest))
    return str(found[0]["key"]) if found else None


def used_version_key(store: Store, run_id: str, artifact: str, requested: str) -> str | None:
    """The key of the version a run used when it asked for ``requested`` (``name:latest``)."""
    for row in store.read(queries.list_run_inputs(run_id=run_id)):
        version = row["version"]
        if requested in row["requested"] and version["artifact"] == artifact:
            return str(version["key"])
    return None


def search(store: Store, named: NodeId | None, text: str, limit: int) -> list[LineageNode]:
    """The node ``named`` (what the text names as a ref) first, then nodes whose name
    starts with the text."""
    found: dict[str, LineageNode] = {}
    if named is not None:
        rows = store.read(queries.get_lineage_node(node=named.model_dump()))
        if rows:
            exact = LineageNode.from_graph(rows[0]["node"])
            found[exact.ref] = exact
    for row in store.read(queries.search_nodes(text=text, limit=limit)):
        node = LineageNode.from_graph(row["node"])
        found.setdefault(node.ref, node)
    return list(found.values())[:limit]
