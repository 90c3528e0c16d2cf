"""Deletion with a preview: what deleting a run, an artifact version or a registered model
touches (the runs that used it, its registry links and aliases, everything downstream),
what stands in the way (a version in use or linked, unless forced; aliases, unless asked
to end them), and the deletion itself: a tombstone by default (kept, shown as deleted in
lineage, hidden from listings and search), or a purge that removes it and its edges and
leaves a record in the history. The checks and the write run in one transaction, under
the node's lock."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from graphlineage.core.answers import NodeId
from graphlineage.core.change_answers import DeletionReport
from graphlineage.core.models import _to_native
from graphlineage.errors import ConflictError, InvalidInputError, NotFoundError
from graphlineage.graph import queries
from graphlineage.graph.store import Store
from graphlineage.query import flags, walks

DOWNSTREAM_SHOWN = 1000


def purged(store: Store, *keys: str) -> NotFoundError | None:
    """A NotFoundError saying when the node was purged, if a purge of ``keys`` is recorded."""
    rows = store.read(queries.list_purges(keys=list(keys)))
    if not rows:
        return None
    last = rows[-1]["purge"]
    why = f": {last['reason']}" if last.get("reason") else ""
    return NotFoundError(f"{last['ref']} was purged at {_to_native(last['at']).isoformat()} "
                         f"by {last['by']}{why}")  # fmt: skip


def _blockers(row: dict[str, Any], node: NodeId, purge: bool, force: bool,
              delete_aliases: bool) -> list[str]:  # fmt: skip
    found = []
    if row["deleted"] is not None and not purge:
        found.append(f"it was deleted already at {_to_native(row['deleted']['at']).isoformat()} "
                     f"by {row['deleted']['by']} (purge it to remove it for real)")  # fmt: skip
    if not force:
        if node.kind == "artifact_version" and row["consumers"]:
            found.append(f"runs used it: {', '.join(row['consumers'])} (force to delete it)")
        if node.kind != "run" and row["registry_links"]:
            found.append(f"it is linked into the registry: {', '.join(row['registry_links'])} "
                         "(force to delete it)")  # fmt: skip
        if node.kind == "run" and row["status"] == "running":
            found.append("the run is still running (force to delete it)")
        if node.kind == "run" and purge and row["outputs"]:
            found.append(f"it logged {', '.join(row['outputs'])}, which would lose their "
                         "producer (force to purge it)")  # fmt: skip
    aliases = [a for a in row["aliases"] if not a.endswith(":latest")] + row["registry_aliases"]
    if aliases and not delete_aliases:
        found.append(f"aliases point at it: {', '.join(aliases)} (move them first, or "
                     "delete_aliases / --delete-aliases to end them)")  # fmt: skip
    return found


def _check_switches(**switches: object) -> None:
    for name, value in switches.items():
        if not isinstance(value, bool):
            raise InvalidInputError(f"{name} is true or false, not {value!r}")


def delete(store: Store, node: NodeId, *, dry_run: bool = True, purge: bool = False,
           force: bool = False, delete_aliases: bool = False, by: str | None = None,
           reason: str | None = None) -> DeletionReport:  # fmt: skip
    _check_switches(dry_run=dry_run, purge=purge, force=force, delete_aliases=delete_aliases)
    who = flags.who(by)
    why = flags.text_or_none(reason, "reason")
    rows = store.read(queries.preview_deletion(node=node.model_dump()))
    if not rows:
        raise purged(store, node.key) or NotFoundError(
            f"no {node.kind.replace('_', ' ')} {node.key!r}")
    row: dict[str, Any] = dict(rows[0])
    downstream = walks.walk_lean(store, "downstream", node, None, DOWNSTREAM_SHOWN)
    blockers = _blockers(row, node, purge, force, delete_aliases)
    values: dict[str, Any] = {
        "ref": row["ref"], "kind": node.kind, "dry_run": dry_run, "purge": purge,
        "deleted": False,
        "already_deleted_at": None if row["deleted"] is None else _to_native(row["deleted"]["at"]),
        "status": row["status"], "consumers": row["consumers"], "outputs": row["outputs"],
        "registry_links": row["registry_links"], "aliases": row["aliases"],
        "registry_aliases": row["registry_aliases"],
        "downstream": [ref for ref, _, _ in downstream.nodes],
        "downstream_total": downstream.total, "blockers": blockers,
    }  # fmt: skip
    return _carry_out(store, values, node.key, lambda: store.write(queries.delete_node(
        node=node.model_dump(), tombstone={"at": datetime.now(UTC), "by": who, "reason": why},
        purge=purge, force=force, delete_aliases=delete_aliases)))


def delete_artifact(store: Store, artifact: str, *, dry_run: bool = True, purge: bool = False,
                    force: bool = False, delete_aliases: bool = False, by: str | None = None,
                    reason: str | None = None) -> DeletionReport:  # fmt: skip
    """Delete a whole artifact ("project/name"): every version, like :func:`delete`."""
    _check_switches(dry_run=dry_run, purge=purge, force=force, delete_aliases=delete_aliases)
    who = flags.who(by)
    why = flags.text_or_none(reason, "reason")
    rows = store.read(queries.preview_artifact_deletion(artifact=artifact,
                                                        limit=DOWNSTREAM_SHOWN))  # fmt: skip
    if not rows:
        raise purged(store, artifact) or NotFoundError(f"no artifact {artifact!r}")
    row: dict[str, Any] = dict(rows[0])
    row["status"], row["outputs"] = None, []
    node = NodeId(kind="artifact_version", key=artifact)  # the rules of a version apply
    blockers = _blockers(row, node, purge, force, delete_aliases)
    values: dict[str, Any] = {
        "ref": artifact, "kind": "artifact", "dry_run": dry_run, "purge": purge,
        "deleted": False,
        "already_deleted_at": None if row["deleted"] is None else _to_native(row["deleted"]["at"]),
        "status": None, "consumers": row["consumers"], "outputs": [],
        "registry_links": row["registry_links"], "aliases": row["aliases"],
        "registry_aliases": row["registry_aliases"], "downstream": row["downstream"],
        "downstream_total": row["downstream_total"], "blockers": blockers,
        "versions": row["versions"],
    }  # fmt: skip
    return _carry_out(store, values, artifact, lambda: store.write(queries.delete_artifact(
        artifact=artifact, tombstone={"at": datetime.now(UTC), "by": who, "reason": why},
        purge=purge, force=force, delete_aliases=delete_aliases)))


def _carry_out(store: Store, values: dict[str, Any], key: str,
               write: Callable[[], Sequence[Mapping[str, Any]]]) -> DeletionReport:  # fmt: skip
    """The preview (a dry run), or the refusal its blockers make, or the deletion: ``write``
    runs the delete query, whose status says whether a write slipped in between the preview
    and the lock."""
    if values["dry_run"]:
        return DeletionReport(**values)
    ref, verb = values["ref"], "purge" if values["purge"] else "delete"
    if values["blockers"]:
        raise ConflictError(f"cannot {verb} {ref}: " + "; ".join(values["blockers"]))
    done = write()
    if not done:
        raise purged(store, key) or NotFoundError(f"{ref} was deleted while it was being deleted")
    if done[0]["status"] != "ok":
        raise ConflictError(f"cannot delete {ref}: it changed while it was being "
                            f"deleted ({done[0]['status']}); preview it again")  # fmt: skip
    return DeletionReport(**{**values, "deleted": True})
