"""Writes lineage events to Neo4j: one managed transaction per event, built from ``cypher/``.

Each ``apply`` is correct when the driver retries it, and when the same event is applied
again later (a replayed journal): runs are merged on their client-generated id, versions on
their content digest, edges with MERGE.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from graphlineage.errors import (
    ConflictError,
    CycleError,
    InvalidInputError,
    NotFoundError,
    RunStateError,
)
from graphlineage.events import (
    ArtifactLinked,
    ArtifactLogged,
    ArtifactUsed,
    Event,
    RunFinished,
    RunStarted,
)
from graphlineage.models import ArtifactVersionInfo, RegistryVersion, RunInfo
from graphlineage.names import generate_run_name
from graphlineage.refs import is_version
from graphlineage.store import Store, Tx

_NAME_ATTEMPTS = 5


def ref_parameter(
    project: str, name: str, selector: str, as_of: datetime | None = None
) -> dict[str, Any]:
    """The ``$ref`` map of resolve_artifact_ref: a version index or an alias."""
    version = is_version(selector)
    return {
        "artifact": f"{project}/{name}",
        "index": int(selector[1:]) if version else None,
        "alias": None if version else selector,
        "as_of": as_of,
    }


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, allow_nan=False, separators=(",", ":"))


def _running_run(tx: Tx, run_id: str, doing: str) -> dict[str, Any]:
    rows = tx.run("get_run", key=run_id, project=None)
    run: dict[str, Any] | None = next(
        (row["run"] for row in rows if row["run"]["id"] == run_id), None
    )
    if run is None:
        raise NotFoundError(f"run {run_id} does not exist")
    if run["status"] != "running":
        raise RunStateError(
            f"run {run['project']}/{run['name']} is {run['status']}: cannot {doing} after "
            "finish(); start a new run"
        )
    return run


def _version(tx: Tx, key: str) -> ArtifactVersionInfo:
    (row,) = tx.run("get_artifact_version", key=key)
    return ArtifactVersionInfo.from_row(row["version"])


class Writer:
    """Applies events to the graph."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def apply(self, event: Event) -> Any:
        if isinstance(event, RunStarted):
            return self.start_run(event)
        if isinstance(event, ArtifactUsed):
            return self.use_artifact(event)
        if isinstance(event, ArtifactLogged):
            return self.log_artifact(event)
        if isinstance(event, ArtifactLinked):
            return self.link_artifact(event)
        return self.finish_run(event)

    # -- runs ----------------------------------------------------------------------------
    def start_run(self, event: RunStarted) -> RunInfo:
        for _ in range(_NAME_ATTEMPTS):
            try:
                return self.store.transaction(lambda tx: self._start_run(tx, event))
            except ConflictError:
                if event.name is not None:
                    raise ConflictError(
                        f"a run named {event.name!r} already exists in project "
                        f"{event.project!r}; choose another name or leave it out"
                    ) from None
        raise ConflictError(f"could not generate a free run name in project {event.project!r}")

    @staticmethod
    def _start_run(tx: Tx, event: RunStarted) -> RunInfo:
        number = tx.run("reserve_run_number", project=event.project, at=event.at)[0]["number"]
        run = {
            "id": event.run_id,
            "project": event.project,
            "name": event.name or generate_run_name(number),
            "number": number,
            "job_type": event.job_type,
            "config": _json(event.config),
            "tags": list(event.tags),
            "notes": event.notes,
            "host": event.host,
            "git_commit": event.git_commit,
            "started_at": event.at,
        }
        (row,) = tx.run("create_run", run=run)
        return RunInfo.from_row(row["run"])

    def finish_run(self, event: RunFinished) -> RunInfo:
        finish = {
            "run_id": event.run_id,
            "status": event.status.value,
            "exit_code": event.exit_code,
            "ended_at": event.at,
            "summary": _json(event.summary),
        }
        rows = self.store.write("finish_run", finish=finish)
        if not rows:
            raise NotFoundError(f"run {event.run_id} does not exist")
        return RunInfo.from_row(rows[0]["run"])

    # -- artifacts -----------------------------------------------------------------------
    def use_artifact(self, event: ArtifactUsed) -> ArtifactVersionInfo:
        return self.store.transaction(lambda tx: self._use_artifact(tx, event))

    @staticmethod
    def _use_artifact(tx: Tx, event: ArtifactUsed) -> ArtifactVersionInfo:
        run = _running_run(tx, event.run_id, "use artifacts")
        ref = ref_parameter(event.project, event.name, event.selector, event.resolve_as_of)
        rows = tx.run("resolve_artifact_ref", ref=ref)
        if not rows:
            raise _unresolved(tx, event.project, event.name, event.selector)
        version = ArtifactVersionInfo.from_row(rows[0]["version"])
        if event.type is not None and version.type != event.type:
            raise InvalidInputError(
                f"{version.key} is of type {version.type!r}, not {event.type!r}"
            )
        if tx.run("exists_flow_from_run_to_version", run_id=run["id"], version_key=version.key):
            raise CycleError(
                f"run {run['name']} cannot use {version.key}: the version descends from the "
                "run's own outputs, so lineage would become a cycle"
            )
        tx.run(
            "record_used",
            use={
                "run_id": run["id"],
                "version_key": version.key,
                "requested": event.requested,
                "at": event.at,
            },
        )
        return version

    def log_artifact(self, event: ArtifactLogged) -> ArtifactVersionInfo:
        return self.store.transaction(lambda tx: self._log_artifact(tx, event))

    @staticmethod
    def _log_artifact(tx: Tx, event: ArtifactLogged) -> ArtifactVersionInfo:
        run = _running_run(tx, event.run_id, "log artifacts")
        key = f"{event.project}/{event.name}"
        (lock,) = tx.run(
            "lock_artifact",
            artifact={
                "key": key,
                "project": event.project,
                "name": event.name,
                "type": event.type,
                "description": event.description,
                "digest": event.digest,
                "at": event.at,
            },
        )
        if lock["type"] != event.type:
            raise InvalidInputError(
                f"artifact {key} has type {lock['type']!r}; cannot log a {event.type!r} "
                "version under the same name"
            )
        existing = lock["existing"]
        if existing is not None:
            version_key = existing["key"]
            if tx.run("exists_flow_from_version_to_run", version_key=version_key, run_id=run["id"]):
                raise CycleError(
                    f"run {run['name']} cannot log {version_key}: its content equals a version "
                    "the run descends from, so lineage would become a cycle"
                )
        else:
            (created,) = tx.run(
                "create_artifact_version",
                version={
                    "artifact": key,
                    "digest": event.digest,
                    "size": event.size,
                    "file_count": event.file_count,
                    "manifest": event.manifest,
                    "metadata": _json(event.metadata),
                    "description": event.description,
                    "created_at": event.at,
                    "created_by": run["id"],
                },
            )
            version_key = created["version"]["key"]
        tx.run(
            "record_produced",
            produced={"run_id": run["id"], "version_key": version_key, "at": event.at},
        )
        aliases = list(event.aliases) + (["latest"] if existing is None else [])
        for alias in dict.fromkeys(aliases):
            tx.run(
                "set_artifact_alias",
                alias={"artifact": key, "version_key": version_key, "name": alias, "at": event.at},
            )
        return _version(tx, version_key)

    # -- registry ------------------------------------------------------------------------
    def link_artifact(self, event: ArtifactLinked) -> RegistryVersion:
        return self.store.transaction(lambda tx: self._link_artifact(tx, event))

    @staticmethod
    def _link_artifact(tx: Tx, event: ArtifactLinked) -> RegistryVersion:
        run = _running_run(tx, event.run_id, "link artifacts")
        if not tx.run("get_artifact_version", key=event.version_key):
            raise NotFoundError(f"artifact version {event.version_key} does not exist")
        (lock,) = tx.run(
            "lock_registered_model",
            model={"name": event.registered_model, "version_key": event.version_key,
                   "at": event.at},
        )  # fmt: skip
        version = lock["existing"]
        if version is None:
            (row,) = tx.run(
                "create_registry_link",
                link={"model": event.registered_model, "version_key": event.version_key,
                      "run_id": run["id"], "at": event.at},
            )  # fmt: skip
            version = row["version"]
        aliases = list(event.aliases) + (["latest"] if lock["existing"] is None else [])
        for alias in dict.fromkeys(aliases):
            tx.run(
                "set_registry_alias",
                alias={"model": event.registered_model, "version_key": event.version_key,
                       "name": alias, "at": event.at},
            )  # fmt: skip
        (row,) = tx.run("get_registered_model", name=event.registered_model)
        entry = next(v for v in row["versions"] if v["version"] == version)
        return RegistryVersion(model=event.registered_model, **entry)


def _unresolved(tx: Tx, project: str, name: str, selector: str) -> NotFoundError:
    (info,) = tx.run("describe_artifact_choices", artifact=f"{project}/{name}", project=project)
    return describe_unresolved(info, project, name, selector)


def describe_unresolved(
    info: dict[str, Any], project: str, name: str, selector: str
) -> NotFoundError:
    """A NotFoundError that says what does exist (from describe_artifact_choices)."""
    if not info["exists"]:
        return NotFoundError(
            f"artifact {name!r} does not exist in project {project!r}",
            candidates=info["names"],
        )
    count = info["version_count"] or 0
    choices = [f"v0..v{count - 1}"] if count else []
    choices += info["aliases"]
    return NotFoundError(
        f"{project}/{name} has no version or alias {selector!r}", candidates=choices
    )
