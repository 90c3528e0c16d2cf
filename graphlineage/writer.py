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


def ensure_version(
    tx: Tx, artifact: dict[str, Any], details: dict[str, Any]
) -> tuple[str, bool]:
    """The version of ``artifact`` (a lock_artifact map) with its digest, created as the next
    version with ``details`` (size, file_count, manifest, metadata, created_by) and made
    ``latest`` if there is none yet. Returns its key and whether it was created."""
    (lock,) = tx.run("lock_artifact", artifact=artifact)
    if lock["type"] != artifact["type"]:
        raise InvalidInputError(
            f"artifact {artifact['key']} has type {lock['type']!r}; cannot add a "
            f"{artifact['type']!r} version under the same name"
        )
    if lock["existing"] is not None:
        return str(lock["existing"]["key"]), False
    version = {"artifact": artifact["key"], "digest": artifact["digest"],
               "description": artifact["description"], "created_at": artifact["at"],
               **details}  # fmt: skip
    (created,) = tx.run("create_artifact_version", version=version)
    key = str(created["version"]["key"])
    tx.run("set_artifact_alias", alias={"artifact": artifact["key"], "version_key": key,
                                        "name": "latest", "at": artifact["at"]})  # fmt: skip
    return key, True


def _claim(tx: Tx, event: Event) -> bool:
    """Mark the event applied on its run; True if it had been applied before."""
    (row,) = tx.run("claim_event", event={"id": event.event_id, "run_id": event.run_id})
    return bool(row["seen"])


def _existing_result(tx: Tx, event: Event) -> Any:
    """What an event that was applied before made."""
    if isinstance(event, ArtifactUsed):
        for row in tx.run("list_run_inputs", run_id=event.run_id):
            if event.requested in row["requested"]:
                return _version(tx, row["version"]["key"])
    if isinstance(event, ArtifactLogged):
        found = tx.run("get_version_by_digest", artifact=f"{event.project}/{event.name}",
                       digest=event.digest)  # fmt: skip
        if found:
            return _version(tx, found[0]["key"])
    if isinstance(event, ArtifactLinked):
        (row,) = tx.run("get_registered_model", name=event.registered_model)
        key = event.version_key or next(iter(tx.run(
            "get_version_by_digest", artifact=event.artifact, digest=event.digest)))["key"]
        entry = next(v for v in row["versions"] if v["artifact_version"] == key)
        return RegistryVersion(model=event.registered_model, **entry)
    (run,) = tx.run("get_run", key=event.run_id, project=None)
    return RunInfo.from_row(run["run"])


def _version(tx: Tx, key: str) -> ArtifactVersionInfo:
    (row,) = tx.run("get_artifact_version", key=key)
    return ArtifactVersionInfo.from_row(row["version"])


class Writer:
    """Applies events to the graph."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def apply(self, event: Event) -> Any:
        """Write one event in one transaction; return what it made (run, version, link)."""
        if isinstance(event, RunStarted):
            return self.start_run(event)
        return self.store.transaction(lambda tx: self._apply(tx, event))

    def replay(self, event: Event) -> bool:
        """Write an event from a journal or another source; False if it was applied before
        (nothing changes then)."""
        if isinstance(event, RunStarted):
            return self.start_run(event, replay=True) is not None
        return bool(self.store.transaction(lambda tx: self._apply(tx, event, replay=True)))

    def _apply(self, tx: Tx, event: Event, replay: bool = False) -> Any:
        if _claim(tx, event):
            # Applied before: a journal replayed again, or a retry whose first commit went
            # through unacknowledged. Nothing is written; the caller gets what exists.
            return False if replay else _existing_result(tx, event)
        if isinstance(event, ArtifactUsed):
            result: Any = self._use_artifact(tx, event)
        elif isinstance(event, ArtifactLogged):
            result = self._log_artifact(tx, event)
        elif isinstance(event, ArtifactLinked):
            result = self._link_artifact(tx, event)
        else:
            assert isinstance(event, RunFinished)
            result = self._finish_run(tx, event)
        return True if replay else result

    # -- runs ----------------------------------------------------------------------------
    def start_run(self, event: RunStarted, replay: bool = False) -> RunInfo | None:
        """Create the run; on replay, None if it exists already."""
        for _ in range(_NAME_ATTEMPTS):
            try:
                return self.store.transaction(lambda tx: self._start_run(tx, event, replay))
            except ConflictError:
                if event.name is not None:
                    raise ConflictError(
                        f"a run named {event.name!r} already exists in project "
                        f"{event.project!r}; choose another name or leave it out"
                    ) from None
        raise ConflictError(f"could not generate a free run name in project {event.project!r}")

    @staticmethod
    def _start_run(tx: Tx, event: RunStarted, replay: bool = False) -> RunInfo | None:
        if tx.run("claim_event", event={"id": event.event_id, "run_id": event.run_id})[0][
            "run_exists"
        ]:
            if replay:
                return None
            raise ConflictError(f"run {event.run_id} exists already")
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
        tx.run("create_run", run=run)
        _claim(tx, event)
        (row,) = tx.run("get_run", key=event.run_id, project=None)
        return RunInfo.from_row(row["run"])

    @staticmethod
    def _finish_run(tx: Tx, event: RunFinished) -> RunInfo:
        finish = {
            "run_id": event.run_id,
            "status": event.status.value,
            "exit_code": event.exit_code,
            "ended_at": event.at,
            "summary": _json(event.summary),
        }
        rows = tx.run("finish_run", finish=finish)
        if not rows:
            raise NotFoundError(f"run {event.run_id} does not exist")
        return RunInfo.from_row(rows[0]["run"])

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

    @staticmethod
    def _log_artifact(tx: Tx, event: ArtifactLogged) -> ArtifactVersionInfo:
        run = _running_run(tx, event.run_id, "log artifacts")
        key = f"{event.project}/{event.name}"
        version_key, created = ensure_version(
            tx,
            {"key": key, "project": event.project, "name": event.name, "type": event.type,
             "description": event.description, "digest": event.digest, "at": event.at},
            {"size": event.size, "file_count": event.file_count, "manifest": event.manifest,
             "metadata": _json(event.metadata), "created_by": run["id"]},
        )  # fmt: skip
        if not created and tx.run(
            "exists_flow_from_version_to_run", version_key=version_key, run_id=run["id"]
        ):
            raise CycleError(
                f"run {run['name']} cannot log {version_key}: its content equals a version "
                "the run descends from, so lineage would become a cycle"
            )
        tx.run(
            "record_produced",
            produced={"run_id": run["id"], "version_key": version_key, "at": event.at},
        )
        for alias in dict.fromkeys(event.aliases):
            tx.run(
                "set_artifact_alias",
                alias={"artifact": key, "version_key": version_key, "name": alias, "at": event.at},
            )
        return _version(tx, version_key)

    # -- registry ------------------------------------------------------------------------
    @staticmethod
    def _link_artifact(tx: Tx, event: ArtifactLinked) -> RegistryVersion:
        run = _running_run(tx, event.run_id, "link artifacts")
        version_key = event.version_key
        if version_key is None:
            found = tx.run("get_version_by_digest", artifact=event.artifact, digest=event.digest)
            if not found:
                raise NotFoundError(
                    f"no version of {event.artifact} has digest {event.digest}: log it first"
                )
            version_key = found[0]["key"]
        elif not tx.run("get_artifact_version", key=version_key):
            raise NotFoundError(f"artifact version {version_key} does not exist")
        (lock,) = tx.run(
            "lock_registered_model",
            model={"name": event.registered_model, "version_key": version_key,
                   "at": event.at},
        )  # fmt: skip
        version = lock["existing"]
        if version is None:
            (row,) = tx.run(
                "create_registry_link",
                link={"model": event.registered_model, "version_key": version_key,
                      "run_id": run["id"], "at": event.at},
            )  # fmt: skip
            version = row["version"]
        aliases = list(event.aliases) + (["latest"] if lock["existing"] is None else [])
        for alias in dict.fromkeys(aliases):
            tx.run(
                "set_registry_alias",
                alias={"model": event.registered_model, "version_key": version_key,
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
