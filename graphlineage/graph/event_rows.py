"""Capture events as rows of ``apply_events.cypher``, and its statuses as typed errors.

The query takes a list of maps, one per event; it answers each with a status. ``row`` builds
the map of an event; ``refusal`` turns a status other than ``ok``/``replayed`` into the same
typed error (and message) that the event's caller gets from the Python API.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from graphlineage.core.events import (
    ArtifactLinked,
    ArtifactLogged,
    ArtifactUsed,
    Event,
    RunFinished,
    RunStarted,
    RunUpdated,
)
from graphlineage.core.names import name_words
from graphlineage.core.refs import is_version
from graphlineage.core.searchable import CONFIG, SUMMARY, searchable
from graphlineage.errors import (
    ConflictError,
    CycleError,
    GraphlineageError,
    InvalidInputError,
    NotFoundError,
    RunStateError,
)
from graphlineage.graph.ref_params import describe_unresolved

APPLIED = frozenset({"ok", "replayed"})


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def nanos(moment: datetime) -> int:
    """An aware datetime as integer nanoseconds since the epoch (how the write queries take
    times: the driver packs an integer far faster than a DATETIME)."""
    return (moment - _EPOCH) // _MICROSECOND * 1000


def json_text(value: Any) -> str:
    return json.dumps(value, sort_keys=True, allow_nan=False, separators=(",", ":"))


def row(event: Event) -> dict[str, Any]:
    """The ``$events`` map of one event."""
    base: dict[str, Any] = {"kind": event.kind, "event_id": event.event_id,
                            "run_id": event.run_id, "at": nanos(event.at)}  # fmt: skip
    if isinstance(event, RunStarted):
        base.update(project=event.project, name=event.name, words=name_words(event.run_id),
                    job_type=event.job_type, config=json_text(event.config),
                    config_values=searchable(CONFIG, event.config),
                    tags=list(event.tags), notes=event.notes, host=event.host,
                    git_commit=event.git_commit, group=event.group)  # fmt: skip
    elif isinstance(event, ArtifactUsed):
        version = is_version(event.selector)
        base.update(artifact=f"{event.project}/{event.name}", project=event.project,
                    index=int(event.selector[1:]) if version else None,
                    alias=None if version else event.selector,
                    as_of=None if event.resolve_as_of is None else nanos(event.resolve_as_of),
                    requested=event.requested, type=event.type)  # fmt: skip
    elif isinstance(event, ArtifactLogged):
        base.update(artifact=f"{event.project}/{event.name}", project=event.project,
                    name=event.name, type=event.type, description=event.description,
                    digest=event.digest, size=event.size, file_count=event.file_count,
                    manifest=event.manifest, metadata=json_text(event.metadata),
                    aliases=list(dict.fromkeys(event.aliases)))  # fmt: skip
    elif isinstance(event, ArtifactLinked):
        base.update(version_key=event.version_key, artifact=event.artifact,
                    digest=event.digest, model=event.registered_model,
                    aliases=list(dict.fromkeys(event.aliases)))  # fmt: skip
    elif isinstance(event, RunUpdated):
        config, summary = event.config, event.summary
        base.update(config=None if config is None else json_text(config),
                    config_values=None if config is None else searchable(CONFIG, config),
                    summary=None if summary is None else json_text(summary),
                    summary_values=None if summary is None else searchable(SUMMARY, summary),
                    add_tags=list(dict.fromkeys(event.add_tags)),
                    remove_tags=list(dict.fromkeys(event.remove_tags)),
                    resumed=event.resumed)  # fmt: skip
    else:
        assert isinstance(event, RunFinished)
        base.update(status=event.status.value, exit_code=event.exit_code,
                    summary=json_text(event.summary),
                    summary_values=searchable(SUMMARY, event.summary))  # fmt: skip
    return base


NO_LOCKS: dict[str, list[str]] = {"projects": [], "artifacts": [], "models": []}


def lock_order(rows: list[dict[str, Any]]) -> dict[str, list[str]]:
    """The ``$locks`` of a batch: the collections its events write to, each sorted."""
    projects = {r["project"] for r in rows if r["kind"] == "run_started"}
    artifacts = {r["artifact"] for r in rows if r["kind"] == "artifact_logged"}
    models = {r["model"] for r in rows if r["kind"] == "artifact_linked"}
    return {"projects": sorted(projects), "artifacts": sorted(artifacts),
            "models": sorted(models)}  # fmt: skip


_DOING = {"artifact_used": "use artifacts", "artifact_logged": "log artifacts",
          "artifact_linked": "link artifacts", "run_finished": "finish"}  # fmt: skip


def refusal(event: Event, status: str, detail: dict[str, Any]) -> GraphlineageError:
    """The typed error for an event that ``apply_events`` refused with ``status``."""
    if status == "run_missing":
        return NotFoundError(f"run {event.run_id} does not exist")
    if status == "run_not_running":
        return RunStateError(
            f"run {detail['run_project']}/{detail['run_name']} is {detail['run_status']}: "
            f"cannot {_DOING[event.kind]} after finish(); start a new run"
        )
    if status == "name_taken":
        return ConflictError(
            f"a run named {detail['name']!r} already exists in project "
            f"{detail['project']!r}; choose another name or leave it out"
        )
    if status == "unresolved":
        assert isinstance(event, ArtifactUsed)
        return describe_unresolved(detail["choices"], event.project, event.name, event.selector)
    if status == "type_mismatch":
        assert isinstance(event, ArtifactUsed)
        return InvalidInputError(
            f"{detail['version_key']} is of type {detail['type']!r}, not {event.type!r}"
        )
    if status == "artifact_type":
        assert isinstance(event, ArtifactLogged)
        return InvalidInputError(
            f"artifact {event.project}/{event.name} has type {detail['type']!r}; cannot add "
            f"a {event.type!r} version under the same name"
        )
    if status == "cycle" and isinstance(event, ArtifactUsed):
        return CycleError(
            f"run {detail['run_name']} cannot use {detail['version_key']}: the version "
            "descends from the run's own outputs, so lineage would become a cycle"
        )
    if status == "cycle":
        return CycleError(
            f"run {detail['run_name']} cannot log {detail['version_key']}: its content equals "
            "a version the run descends from, so lineage would become a cycle"
        )
    if status == "version_missing":
        assert isinstance(event, ArtifactLinked)
        if event.version_key is not None:
            return NotFoundError(f"artifact version {event.version_key} does not exist")
        return NotFoundError(
            f"no version of {event.artifact} has digest {event.digest}: log it first"
        )
    return GraphlineageError(f"event {event.event_id} was refused: {status}")
