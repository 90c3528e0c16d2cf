"""Ancestry and impact from one traversal query each (``list_upstream_nodes``,
``list_downstream_nodes``): the start node is resolved in the same query (one round trip),
rows carry up to :data:`CHUNK` nodes each, and answers are built without re-validating what
the server sent. Three shapes: a whole page (:func:`walk`), refs only (:func:`walk_lean`),
and an answer of any size a page at a time, streamed from one traversal (:func:`pages`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from graphlineage.core.answers import (
    AffectedRegistryVersion,
    Direction,
    ImpactResult,
    LeanLineageResult,
    LineageNode,
    LineageResult,
    NodeRef,
)
from graphlineage.core.limits import check_count
from graphlineage.core.refs import RegistryRef, RunRef
from graphlineage.core.times import as_of_parameter
from graphlineage.errors import InvalidInputError, NotFoundError
from graphlineage.graph import queries
from graphlineage.graph.library import Call
from graphlineage.graph.store import Store
from graphlineage.query import resolve
from graphlineage.query.decode import built, lineage_node, paused_gc
from graphlineage.query.starts import RunName, Start, VersionRef, start_parameter

CHUNK = 500  # nodes per row: few Bolt messages for a big answer, small values each
# Neo4j caches a plan per query text *and parameter types*: a null where an integer or a
# list was passed before compiles a new plan (60-250 ms, seconds on a busy machine). So the
# questions always send the same types: "no bound" is a bound no answer reaches.
NO_BOUND = 1 << 30  # list slicing takes 32-bit integers: skip + limit must stay below 2^31
ALL_LABELS = ["ArtifactVersion", "RegisteredModel", "Run"]
QUERIES: dict[Direction, Callable[..., Call[Any]]] = {
    "upstream": queries.list_upstream_nodes, "downstream": queries.list_downstream_nodes}




def check_exists(store: Store, node: Start) -> None:
    """Raise the detailed error if ``node`` names nothing: for a run name, not found or in
    several projects (what a separate lookup would have said); else "no such node"."""
    if isinstance(node, RunName):
        resolve.find_run(store, RunRef(key=node.key, project=node.project))
    elif isinstance(node, VersionRef):
        if isinstance(node.ref, RegistryRef):
            resolve.find_registry_version_key(store, node.ref)
        else:
            resolve.find_artifact_version_key(store, node.ref)
    elif not store.read_records(queries.get_lineage_node(node=start_parameter(node))):
        named = " named" if node.kind == "registered_model" else ""
        raise NotFoundError(f"no {node.kind.replace('_', ' ')}{named} {node.key!r}")


def missing(store: Store, node: Start, as_of: datetime | None = None) -> Exception:
    """The error for a question whose query found no start node."""
    check_exists(store, node)
    name = str(node.ref) if isinstance(node, VersionRef) else node.key
    if as_of is not None:
        return NotFoundError(f"{name!r} names nothing as of {as_of.isoformat()}: it was "
                             "made, or its alias set, later")  # fmt: skip
    return NotFoundError(f"{name!r} appeared while it was asked about: ask again")


def _parameters(direction: Direction, node: Start, max_depth: int | None, limit: int | None,
                skip: int, lean: bool, chunk: int, labels: list[str] | None,
                as_of: datetime | None = None) -> dict[str, Any]:  # fmt: skip
    depth, most = check_count(max_depth, "max_depth"), check_count(limit, "limit")
    params: dict[str, Any] = {
        "start": start_parameter(node), "as_of": as_of_parameter(as_of),
        "max_depth": NO_BOUND if depth is None else depth,
        "limit": NO_BOUND if most is None else most,
        "skip": min(check_count(skip, "skip", allow_none=False) or 0, NO_BOUND), "lean": lean,
        "chunk": chunk,
    }  # fmt: skip
    if direction == "upstream":
        params["labels"] = ALL_LABELS if labels is None else labels
    elif labels is not None:
        raise InvalidInputError("types= filters ancestry only")
    return params


def _registry(rows: list[dict[str, Any]] | None) -> list[AffectedRegistryVersion]:
    return [built(AffectedRegistryVersion, {**row, "aliases": list(row["aliases"])})
            for row in rows or ()]  # fmt: skip


def _nodes(record: Any) -> list[LineageNode]:
    pairs = zip(record["nodes"], record["distances"], strict=True)
    return [lineage_node(props, distance) for props, distance in pairs]


def _result(direction: Direction, first: Any, nodes: list[Any], max_depth: int | None,
            skip: int, lean: bool = False,
            as_of: datetime | None = None) -> LineageResult | LeanLineageResult:  # fmt: skip
    values: dict[str, Any] = {
        "root": lineage_node(first["root"]), "direction": direction, "max_depth": max_depth,
        "nodes": nodes, "total": first["total"], "skip": skip,
        "truncated": skip + len(nodes) < first["total"], "as_of": as_of,
    }  # fmt: skip
    if lean:
        return built(LeanLineageResult, values)
    values["requested"] = None  # set by the caller when the ref named an alias
    if direction == "downstream":
        return built(ImpactResult, {**values, "registry": _registry(first["registry"]),
                                    "tainted_by": []})  # fmt: skip
    return built(LineageResult, values)


def warm_up(store: Store) -> None:
    """Run each question's query once, asking about nothing, so that its plan is compiled
    and cached before a user's first question (a fresh database: creating the schema
    empties the plan cache)."""
    nobody = RunName(key="")
    for direction, query in QUERIES.items():
        for lean in (False, True):
            store.read_records(query(**_parameters(direction, nobody, None, None, 0, lean,
                                                   CHUNK, None)))  # fmt: skip
    store.read_records(queries.find_flow_paths(source=start_parameter(nobody),
                       target=start_parameter(nobody), limit=1,
                       as_of=as_of_parameter(None)))  # fmt: skip


def walk(store: Store, direction: Direction, node: Start, max_depth: int | None = None,
         limit: int | None = None, skip: int = 0, labels: list[str] | None = None,
         as_of: datetime | None = None) -> LineageResult:  # fmt: skip
    """One page of the answer (``skip``/``limit``), with full nodes, nearest first; the
    graph as it stood at ``as_of`` if given."""
    params = _parameters(direction, node, max_depth, limit, skip, False, CHUNK, labels, as_of)
    with paused_gc():
        records = store.read_records(QUERIES[direction](**params))
        nodes = [n for record in records for n in _nodes(record)]
    if not records:
        raise missing(store, node, as_of)
    result = _result(direction, records[0], nodes, max_depth, skip, as_of=as_of)
    assert isinstance(result, LineageResult)
    return result


def walk_lean(store: Store, direction: Direction, node: Start, max_depth: int | None = None,
              limit: int | None = None, skip: int = 0, labels: list[str] | None = None,
              as_of: datetime | None = None) -> LeanLineageResult:  # fmt: skip
    """Like :func:`walk`, with refs, kinds and distances only."""
    params = _parameters(direction, node, max_depth, limit, skip, True, CHUNK, labels, as_of)
    with paused_gc():
        records = store.read_records(QUERIES[direction](**params))
        nodes = [NodeRef(ref, kind, distance) for record in records
                 for ref, kind, distance in zip(record["refs"], record["kinds"],
                                                record["distances"], strict=True)]  # fmt: skip
    if not records:
        raise missing(store, node, as_of)
    result = _result(direction, records[0], nodes, max_depth, skip, lean=True, as_of=as_of)
    assert isinstance(result, LeanLineageResult)
    return result


def pages(store: Store, direction: Direction, node: Start, max_depth: int | None = None,
          page_size: int = 1000, labels: list[str] | None = None,
          as_of: datetime | None = None) -> Iterator[LineageResult]:
    """The whole answer, ``page_size`` nodes at a time, from one traversal streamed through
    the driver: only one page is held on the client at once. Each page is a
    :class:`LineageResult` (an :class:`ImpactResult` downstream) with its ``skip``."""
    check_count(page_size, "page_size", least=1, allow_none=False)
    params = _parameters(direction, node, max_depth, None, 0, False, page_size, labels, as_of)
    first: dict[str, Any] | None = None
    skip = 0
    for record in store.stream_records(QUERIES[direction](**params), fetch_size=2):
        if first is None:
            first = {"root": record["root"], "total": record["total"],
                     "registry": record["registry"] if direction == "downstream" else None}
        with paused_gc():
            nodes = _nodes(record)
        result = _result(direction, first, nodes, max_depth, skip, as_of=as_of)
        assert isinstance(result, LineageResult)
        yield result
        skip += len(nodes)
    if first is None:
        raise missing(store, node, as_of)
