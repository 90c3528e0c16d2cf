"""``history(ref)``: every move of an alias or registry alias (from, to, when, by which
run), or what happened to a run, an artifact version or a registered model, in time order.

An alias ref (``reviews-clean:production``, ``registry:Sentiment:production``) asks about
the alias; any other ref about the node it names (``registry:Sentiment:v3`` about the
artifact version linked as v3, ``registry:Sentiment`` about the registered model)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from graphlineage.core.answers import NodeId
from graphlineage.core.change_answers import History, HistoryEntry
from graphlineage.core.models import _to_native
from graphlineage.core.refs import REGISTRY_PREFIX, ArtifactRef, RegistryRef, parse_node_ref
from graphlineage.errors import NotFoundError
from graphlineage.graph import queries
from graphlineage.graph.ref_params import describe_unresolved
from graphlineage.graph.store import Store
from graphlineage.query import resolve
from graphlineage.query.resolve import NodeLike


def history(store: Store, ref: NodeLike, project: str | None = None,
            as_of: datetime | None = None) -> History:  # fmt: skip
    """What happened to ``ref``, oldest first (only up to ``as_of`` if given)."""
    if isinstance(ref, str):
        parsed = parse_node_ref(ref)
        if isinstance(parsed, RegistryRef) and not parsed.is_version \
                and ":" in ref.removeprefix(REGISTRY_PREFIX):  # fmt: skip
            return _registry_alias(store, parsed, as_of)
        if isinstance(parsed, ArtifactRef) and not parsed.is_version:
            return _artifact_alias(store, parsed, project, as_of)
    try:
        node = resolve.node_id(store, ref, project)
    except NotFoundError:
        if isinstance(ref, str):
            found = _purges(store, ref, ref.removeprefix("run:"))
            if found is not None:
                return found
        raise
    try:
        return _node(store, node, as_of)
    except NotFoundError:
        found = _purges(store, node.key)
        if found is None:
            raise
        return found


def _purges(store: Store, *keys: str) -> History | None:
    """The history of a purged node: its purges (it is gone with its edges)."""
    rows = store.read(queries.list_purges(keys=list(keys)))
    if not rows:
        return None
    last = rows[-1]["purge"]
    entries = [HistoryEntry(at=_to_native(row["purge"]["at"]), event="purged",
                            detail={"by": row["purge"].get("by"),
                                    "reason": row["purge"].get("reason")})
               for row in rows]  # fmt: skip
    return History(ref=last["ref"], kind=last["kind"], entries=entries)


def _upto(entries: list[HistoryEntry], as_of: datetime | None) -> list[HistoryEntry]:
    kept = [entry for entry in entries if as_of is None or entry.at <= as_of]
    return sorted(kept, key=lambda entry: entry.at)


def _moves(holders: list[dict[str, Any]], label: str) -> list[HistoryEntry]:
    """An alias's holders (oldest first) as moves from one holder to the next."""
    entries = []
    previous: str | None = None
    for holder in holders:
        target = holder["version"] if holder["registry_version"] is None else \
            f"{label}:{holder['registry_version']}"  # fmt: skip
        entries.append(HistoryEntry(
            at=_to_native(holder["since"]), event="alias_set" if previous is None
            else "alias_moved", target=target, previous=previous, run=holder["run"],
            detail={"artifact_version": holder["version"],
                    "until": None if holder["until"] is None else
                    _to_native(holder["until"]).isoformat()},
        ))  # fmt: skip
        previous = target
    return entries


def _artifact_alias(store: Store, ref: ArtifactRef, project: str | None,
                    as_of: datetime | None) -> History:  # fmt: skip
    ref = resolve.with_project(store, ref, project)
    assert ref.project is not None
    artifact = f"{ref.project}/{ref.name}"
    (row,) = store.read(queries.list_alias_history(
        alias={"kind": "artifact", "key": artifact, "name": ref.selector}))
    if not row["holders"]:
        (info,) = store.read(queries.describe_artifact_choices(artifact=artifact,
                                                               project=ref.project))
        raise describe_unresolved(info, ref.project, ref.name, ref.selector)
    entries = _moves(row["holders"], artifact)
    return History(ref=f"{artifact}:{ref.selector}", kind="alias", as_of=as_of,
                   entries=_upto(entries, as_of))


def _registry_alias(store: Store, ref: RegistryRef, as_of: datetime | None) -> History:
    (row,) = store.read(queries.list_alias_history(
        alias={"kind": "registered_model", "key": ref.name, "name": ref.selector}))
    if not row["holders"]:
        if not row["exists"]:
            raise NotFoundError(f"no registered model named {ref.name!r}")
        resolve.find_registry_version_key(store, ref)  # raises, naming what exists
    entries = _moves(row["holders"], f"{REGISTRY_PREFIX}{ref.name}")
    return History(ref=f"{REGISTRY_PREFIX}{ref.name}:{ref.selector}", kind="registry_alias",
                   as_of=as_of, entries=_upto(entries, as_of))  # fmt: skip


def _node(store: Store, node: NodeId, as_of: datetime | None) -> History:
    (row,) = store.read(queries.list_node_history(node=node.model_dump()))
    if not row["found"] or row["ref"] is None:
        raise NotFoundError(f"no {node.kind.replace('_', ' ')} {node.key!r}")
    entries = [
        HistoryEntry(at=_to_native(event["at"]), event=event["event"], target=event["target"],
                     previous=event["previous"], run=event["run"],
                     detail={k: _to_native(v) for k, v in event["detail"].items()})
        for event in row["events"] if event["at"] is not None
    ]  # fmt: skip
    return History(ref=row["ref"], kind=node.kind, as_of=as_of, entries=_upto(entries, as_of))
