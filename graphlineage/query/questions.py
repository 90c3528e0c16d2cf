"""Lineage questions answered by library read queries: ancestry, impact, path, subgraph,
details, stale models; each returns the typed answers of :mod:`graphlineage.core.answers`.

Ancestry, impact and path are one query each: the node asked about is resolved inside it
(a :mod:`~graphlineage.query.starts` value), so the usual answer costs one round trip; only
when it names nothing does a second lookup say why (:func:`walks.missing`). The subgraph
runs its breadth-first levels in one read transaction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from graphlineage.core.answers import (
    KIND_LABELS,
    Direction,
    ImpactResult,
    LeanLineageResult,
    LineageEdge,
    LineageNode,
    LineagePath,
    LineageResult,
    NodeDetails,
    NodeId,
    OutdatedInput,
    PathResult,
    RegisteredModelDetails,
    StaleModelVersion,
    Subgraph,
)
from graphlineage.core.limits import check_count
from graphlineage.core.models import ArtifactVersionInfo, RunInfo
from graphlineage.core.times import as_of_parameter
from graphlineage.errors import InvalidInputError, NotFoundError
from graphlineage.graph import queries
from graphlineage.graph.store import Store, Tx
from graphlineage.query import walks
from graphlineage.query.decode import built, lineage_node
from graphlineage.query.starts import Start, VersionRef, start_parameter

DEFAULT_LIMIT = 1000
DEFAULT_PATH_LIMIT = 10
DEFAULT_SUBGRAPH_LIMIT = 500

_TYPE_ALIASES = {
    "run": "run", "runs": "run",
    "artifact_version": "artifact_version", "artifact_versions": "artifact_version",
    "artifact": "artifact_version", "artifacts": "artifact_version",
    "version": "artifact_version", "versions": "artifact_version",
    "registered_model": "registered_model", "registered_models": "registered_model",
    "model": "registered_model", "models": "registered_model",
}  # fmt: skip


def _labels(types: Iterable[str] | str | None) -> list[str] | None:
    if types is None:
        return None
    if isinstance(types, str):
        types = [types]
    labels = []
    for name in types:
        kind = _TYPE_ALIASES.get(str(name).lower()) if isinstance(name, str) else None
        if kind is None:
            raise InvalidInputError(
                f"unknown node type {name!r}: use 'run', 'artifact_version' or "
                "'registered_model'"
            )
        labels.append(KIND_LABELS[kind])
    return sorted(set(labels))


def _missing(node: NodeId) -> NotFoundError:
    return NotFoundError(f"no {node.kind.replace('_', ' ')} {node.key!r}")


def _locate(tx: Tx, node: NodeId) -> tuple[str, LineageNode]:
    rows = tx.run(queries.get_lineage_node(node=node.model_dump()))
    if not rows:
        raise _missing(node)
    return rows[0]["element_id"], lineage_node(rows[0]["node"])


def ancestry(
    store: Store,
    node: Start,
    max_depth: int | None = None,
    types: Iterable[str] | str | None = None,
    limit: int | None = DEFAULT_LIMIT,
    skip: int = 0,
    as_of: datetime | None = None,
) -> LineageResult:
    """Everything upstream of ``node`` (the data, runs and configs that went into it), as
    the graph stood at ``as_of`` if given."""
    return walks.walk(store, "upstream", node, max_depth, limit, skip, _labels(types), as_of)


def impact(
    store: Store,
    node: Start,
    max_depth: int | None = None,
    limit: int | None = DEFAULT_LIMIT,
    skip: int = 0,
    types: Iterable[str] | str | None = None,
    as_of: datetime | None = None,
) -> ImpactResult:
    """Everything downstream of ``node``, and the registry versions and aliases it reaches
    (as the graph stood at ``as_of`` if given); ``types`` keeps only some kinds of nodes, as
    in :func:`ancestry`."""
    labels = _labels(types)
    if labels is None:
        result = walks.walk(store, "downstream", node, max_depth, limit, skip, None, as_of)
        assert isinstance(result, ImpactResult)
        return result
    # the downstream walk keeps every kind (the registry entries need the whole walk): the
    # kinds asked for are picked here, then paged
    whole = walks.walk(store, "downstream", node, max_depth, None, 0, None, as_of)
    assert isinstance(whole, ImpactResult)
    kept = [n for n in whole.nodes if KIND_LABELS[n.kind] in labels]
    check_count(limit, "limit")
    start = check_count(skip, "skip", allow_none=False) or 0
    page = kept[start:] if limit is None else kept[start:start + limit]
    return whole.model_copy(update={"nodes": page, "total": len(kept), "skip": start,
                                    "truncated": start + len(page) < len(kept)})


def lineage_refs(
    store: Store,
    direction: Direction,
    node: Start,
    max_depth: int | None = None,
    types: Iterable[str] | str | None = None,
    limit: int | None = DEFAULT_LIMIT,
    skip: int = 0,
    as_of: datetime | None = None,
) -> LeanLineageResult:
    """Ancestry (``upstream``) or impact (``downstream``) as refs, kinds and distances."""
    return walks.walk_lean(store, direction, node, max_depth, limit, skip, _labels(types),
                           as_of)  # fmt: skip


def lineage_pages(
    store: Store,
    direction: Direction,
    node: Start,
    max_depth: int | None = None,
    types: Iterable[str] | str | None = None,
    page_size: int = DEFAULT_LIMIT,
    as_of: datetime | None = None,
) -> Iterator[LineageResult]:
    """The whole ancestry or impact, a page at a time, from one streamed traversal."""
    return walks.pages(store, direction, node, max_depth, page_size, _labels(types), as_of)


def _edge(a: LineageNode, rel_type: str, b: LineageNode) -> LineageEdge:
    """The stored edge between consecutive flow-path nodes ``a`` -> ``b``."""
    if rel_type == "USED":  # the run b used the version a
        return built(LineageEdge, {"source": b.ref, "type": "USED", "target": a.ref})
    return built(LineageEdge, {"source": a.ref, "type": rel_type, "target": b.ref})


def _flow_path(found: dict[str, Any]) -> LineagePath:
    nodes = [lineage_node(props, i) for i, props in enumerate(found["nodes"])]
    edges = [_edge(a, t, b) for a, t, b in zip(nodes, found["types"], nodes[1:], strict=False)]
    return built(LineagePath, {"nodes": nodes, "edges": edges})


def path(store: Store, source: Start, target: Start, limit: int = DEFAULT_PATH_LIMIT,
         as_of: datetime | None = None) -> PathResult:  # fmt: skip
    """The shortest paths along which data flows between two nodes, either way round."""
    check_count(limit, "limit", least=1, allow_none=False)
    records = store.read_records(queries.find_flow_paths(
        source=start_parameter(source), target=start_parameter(target), limit=limit + 1,
        as_of=as_of_parameter(as_of)))
    if not records:
        walks.check_exists(store, source)
        walks.check_exists(store, target)
        if as_of is not None:
            raise NotFoundError(f"{_named(source)} or {_named(target)} did not exist yet at "
                                f"{as_of.isoformat()}")  # fmt: skip
        raise walks.missing(store, target)
    row = records[0]
    paths = [_flow_path(found) for found in row["paths"]]
    return built(PathResult, {
        "source": lineage_node(row["source"]), "target": lineage_node(row["target"]),
        "direction": row["direction"], "paths": paths[:limit], "truncated": len(paths) > limit,
    })  # fmt: skip


def _named(node: Start) -> str:
    return repr(str(node.ref) if isinstance(node, VersionRef) else node.key)


def subgraph(
    store: Store, node: NodeId, up: int = 1, down: int = 1, limit: int = DEFAULT_SUBGRAPH_LIMIT,
    as_of: datetime | None = None,
) -> Subgraph:
    """The nodes within ``up`` levels upstream and ``down`` downstream, with their edges.

    Walks level by level (one query per level), so a hub's neighbourhood costs what is
    drawn, not its whole lineage. At most ``limit`` nodes; the answer says if it was cut.
    """
    up_levels = check_count(up, "up", allow_none=False) or 0
    down_levels = check_count(down, "down", allow_none=False) or 0
    cap = check_count(limit, "limit", allow_none=False) or 0
    when = as_of_parameter(as_of)

    def work(tx: Tx) -> Subgraph:
        start, root = _locate(tx, node)
        if as_of is not None and root.created_at is not None and root.created_at > as_of:
            raise NotFoundError(f"{root.ref} did not exist yet at {as_of.isoformat()}")
        found: dict[str, LineageNode] = {start: root.model_copy(update={"distance": 0})}
        truncated = False
        for direction, levels in (("up", up_levels), ("down", down_levels)):
            frontier = [start]
            for level in range(1, levels + 1):
                if not frontier:
                    break
                room = cap - len(found)
                if room <= 0:
                    truncated = True
                    break
                rows = tx.run(queries.expand_lineage(element_ids=frontier, direction=direction,
                              limit=room + len(found), as_of=when))  # fmt: skip
                fresh = [row for row in rows if row["element_id"] not in found]
                if len(fresh) > room:
                    fresh, truncated = fresh[:room], True
                for row in fresh:
                    found[row["element_id"]] = lineage_node(row["node"], level)
                frontier = [row["element_id"] for row in fresh]
        refs = {element_id: n.ref for element_id, n in found.items()}
        edges = [
            built(LineageEdge, {"source": refs[row["source"]], "type": row["type"],
                                "target": refs[row["target"]]})
            for row in tx.run(queries.list_edges_among(element_ids=list(found), as_of=when))
        ]
        return Subgraph(root=root, up=up_levels, down=down_levels, nodes=list(found.values()),
                        edges=edges, truncated=truncated)  # fmt: skip

    return store.read_transaction(work)


def stale(store: Store, registered_model: str | None = None,
          as_of: datetime | None = None) -> list[StaleModelVersion]:  # fmt: skip
    """Registry versions with an upstream artifact version that has newer versions (by
    ``as_of``, as the graph stood then, if given)."""
    if registered_model is not None and not store.read(
        queries.get_registered_model(name=registered_model)
    ):
        raise NotFoundError(f"no registered model named {registered_model!r}")
    rows = store.read(queries.list_stale_model_versions(model=registered_model,
                                                        as_of=as_of_parameter(as_of)))
    return [
        StaleModelVersion(
            model=row["model"], version=row["version"], artifact_version=row["artifact_version"],
            aliases=row["aliases"],
            outdated=sorted((OutdatedInput(**item) for item in row["outdated"]),
                            key=lambda item: (item.distance, item.used)),
        )
        for row in rows
    ]


def details(store: Store, node: NodeId, limit: int = DEFAULT_SUBGRAPH_LIMIT,
            as_of: datetime | None = None) -> NodeDetails:  # fmt: skip
    """Everything stored on one node, and its neighbours one edge away either way (the
    edges made by ``as_of``, if given)."""
    around = subgraph(store, node, up=1, down=1, limit=limit, as_of=as_of)
    if node.kind == "run":
        (run,) = store.read(queries.get_run(key=node.key, project=None))
        asked = {row["version"]["key"]: list(row["requested"] or [])
                 for row in store.read(queries.list_run_inputs(run_id=node.key))}  # fmt: skip
        return NodeDetails(node=around.root, run=RunInfo.from_row(run["run"]), neighbours=around,
                           requested=asked)  # fmt: skip
    if node.kind == "artifact_version":
        (version,) = store.read(queries.get_artifact_version(key=node.key))
        info = ArtifactVersionInfo.from_row(version["version"])
        return NodeDetails(node=around.root, artifact_version=info, neighbours=around)
    (row,) = store.read(queries.get_registered_model(name=node.key))
    name = row["model"]["name"]
    model = RegisteredModelDetails.from_row(
        {**row["model"], "versions": [{**v, "model": name} for v in row["versions"]]}
    )
    return NodeDetails(node=around.root, registered_model=model, neighbours=around)
