"""Fold an ordered event stream into the graph that applying it one by one would write.

``fold(events)`` follows the rules of the online writer (``graphlineage.graph.writer`` and the
``cypher/`` write queries it runs) without a database: each event is checked completely
first and then written, so a refused event (run missing or not running, unknown alias or
version, type mismatch, cycle, explicit run name taken) writes nothing and is reported with
its typed error; an event whose id was applied before is a replay and is skipped.

As there: a run keeps the id of the last event applied to it (``last_event``), and an event
of a run whose id is not above it (or a start of a run that exists) is a replay; a generated
run name is ``<name_words(run id)>-<number>`` (``-<last 6 of the run id>`` appended if that
is taken in the project); artifacts and registered models keep each alias's current holder
as an ``alias:<name>`` property; times are stored in UTC (the writer sends them as epoch
nanoseconds).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from graphlineage.core.events import (
    ArtifactLinked,
    ArtifactLogged,
    ArtifactUsed,
    Event,
    RunFinished,
    RunStarted,
)
from graphlineage.core.names import name_words
from graphlineage.core.refs import is_version
from graphlineage.errors import (
    ConflictError,
    CycleError,
    GraphlineageError,
    InvalidInputError,
    NotFoundError,
    RunStateError,
)
from graphlineage.graph.event_rows import json_text
from graphlineage.ingest.initial.graph import AliasEdge, Graph, Props


@dataclass(frozen=True, slots=True)
class Refusal:
    """An event that wrote nothing, and why (the error the online writer raises)."""

    event_id: str
    kind: str
    run_id: str
    error: str  # the graphlineage.errors class name
    message: str

    @property
    def reason(self) -> str:
        return f"{self.error}: {self.message}"


@dataclass
class FoldResult:
    graph: Graph
    read: int = 0
    applied: int = 0
    replayed: int = 0
    refusals: list[Refusal] = field(default_factory=list)


class Folder:
    """Applies events to an in-memory :class:`Graph`, in order."""

    def __init__(self) -> None:
        self.graph = Graph()
        self._names: set[tuple[str, str]] = set()  # (project, run name)
        self._by_digest: dict[tuple[str, str], str] = {}  # (artifact, digest) -> version key
        self._alias_now: dict[tuple[str, str], AliasEdge] = {}  # (artifact, alias) -> open
        self._alias_history: dict[tuple[str, str], list[AliasEdge]] = {}
        self._registry_now: dict[tuple[str, str], AliasEdge] = {}  # (model, alias) -> open
        self._outputs: dict[str, list[str]] = {}  # run id -> version keys it produced
        self._users: dict[str, list[str]] = {}  # version key -> run ids that used it

    # -- the stream ----------------------------------------------------------------------
    def fold(self, events: Iterable[Event]) -> FoldResult:
        result = FoldResult(self.graph)
        for event in events:
            result.read += 1
            event = _in_utc(event)
            run = self.graph.runs.get(event.run_id)
            if run is not None and (isinstance(event, RunStarted)
                                    or event.event_id <= run["last_event"]):  # fmt: skip
                result.replayed += 1
                continue
            try:
                self.apply(event)
            except GraphlineageError as exc:
                result.refusals.append(Refusal(event.event_id, event.kind, event.run_id,
                                               type(exc).__name__, exc.message))  # fmt: skip
                continue
            self.graph.runs[event.run_id]["last_event"] = event.event_id
            result.applied += 1
        return result

    def apply(self, event: Event) -> None:
        """Check the event, then write it; raise the writer's typed error instead."""
        if isinstance(event, RunStarted):
            self._start(event)
        elif isinstance(event, ArtifactUsed):
            self._use(event)
        elif isinstance(event, ArtifactLogged):
            self._log(event)
        elif isinstance(event, ArtifactLinked):
            self._link(event)
        else:
            self._finish(event)

    # -- runs ----------------------------------------------------------------------------
    def _start(self, event: RunStarted) -> None:
        project = self.graph.projects.get(event.project)
        number = (project["run_count"] if project else 0) + 1
        name = event.name or self._generated_name(event, number)
        if (event.project, name) in self._names:
            raise ConflictError(
                f"a run named {name!r} already exists in project {event.project!r}; "
                "choose another name or leave it out"
            )
        if project is None:
            project = self.graph.projects[event.project] = {
                "name": event.project, "created_at": event.at, "run_count": 0}  # fmt: skip
        project["run_count"] = number
        project["updated_at"] = event.at
        run: Props = {"id": event.run_id, "project": event.project, "name": name,
                      "number": number, "job_type": event.job_type,
                      "config": json_text(event.config), "tags": list(event.tags),
                      "notes": event.notes, "host": event.host,
                      "git_commit": event.git_commit, "started_at": event.at,
                      "status": "running", "summary": "{}"}  # fmt: skip
        self.graph.runs[event.run_id] = _without_nulls(run)
        self._names.add((event.project, name))

    def _generated_name(self, event: RunStarted, number: int) -> str:
        words = name_words(event.run_id)
        for name in (f"{words}-{number}", f"{words}-{number}-{event.run_id[-6:]}"):
            if (event.project, name) not in self._names:
                return name
        raise ConflictError(f"could not generate a free run name in project {event.project!r}")

    def _finish(self, event: RunFinished) -> None:
        run = self.graph.runs.get(event.run_id)
        if run is None:
            raise NotFoundError(f"run {event.run_id} does not exist")
        run["status"] = event.status.value
        run["ended_at"] = event.at
        run["summary"] = json_text(event.summary)
        if event.exit_code is None:
            run.pop("exit_code", None)
        else:
            run["exit_code"] = event.exit_code

    def _running(self, run_id: str, doing: str) -> Props:
        run = self.graph.runs.get(run_id)
        if run is None:
            raise NotFoundError(f"run {run_id} does not exist")
        if run["status"] != "running":
            raise RunStateError(
                f"run {run['project']}/{run['name']} is {run['status']}: cannot {doing} after "
                "finish(); start a new run"
            )
        return run

    # -- artifacts -----------------------------------------------------------------------
    def _use(self, event: ArtifactUsed) -> None:
        run = self._running(event.run_id, "use artifacts")
        key = self._resolve(f"{event.project}/{event.name}", event.selector, event.resolve_as_of)
        version = self.graph.versions[key]
        if event.type is not None and version["type"] != event.type:
            raise InvalidInputError(f"{key} is of type {version['type']!r}, not {event.type!r}")
        if self._flows(self._outputs.get(event.run_id, ()), key):
            raise CycleError(
                f"run {run['name']} cannot use {key}: the version descends from the "
                "run's own outputs, so lineage would become a cycle"
            )
        used = self.graph.used.get((event.run_id, key))
        if used is None:
            self.graph.used[(event.run_id, key)] = {"at": event.at,
                                                    "requested": [event.requested]}  # fmt: skip
            self._users.setdefault(key, []).append(event.run_id)
        elif event.requested not in used["requested"]:
            used["requested"].append(event.requested)

    def _resolve(self, artifact_key: str, selector: str, as_of: datetime | None) -> str:
        artifact = self.graph.artifacts.get(artifact_key)
        if is_version(selector):
            index = int(selector[1:])
            if artifact is not None and index < artifact["version_count"]:
                return f"{artifact_key}:v{index}"
        elif as_of is None:
            held = self._alias_now.get((artifact_key, selector))
            if held is not None:
                return held.version_key
        else:
            # as the alias stood at `as_of`; if times go backwards and several versions
            # match, the lowest version wins (the online query picks any one of them)
            matching = [edge for edge in self._alias_history.get((artifact_key, selector), ())
                        if edge.since <= as_of and (edge.until is None or edge.until > as_of)]
            if matching:
                return min(matching, key=lambda e: self.graph.versions[e.version_key]["index"]
                           ).version_key  # fmt: skip
        if artifact is None:
            project, _, name = artifact_key.partition("/")
            raise NotFoundError(f"artifact {name!r} does not exist in project {project!r}")
        raise NotFoundError(f"{artifact_key} has no version or alias {selector!r}")

    def _log(self, event: ArtifactLogged) -> None:
        run = self._running(event.run_id, "log artifacts")
        key = f"{event.project}/{event.name}"
        artifact = self.graph.artifacts.get(key)
        if artifact is not None and artifact["type"] != event.type:
            raise InvalidInputError(
                f"artifact {key} has type {artifact['type']!r}; cannot add a "
                f"{event.type!r} version under the same name"
            )
        version_key = self._by_digest.get((key, event.digest))
        if version_key is not None and self._flows_to_run(version_key, event.run_id):
            raise CycleError(
                f"run {run['name']} cannot log {version_key}: its content equals a version "
                "the run descends from, so lineage would become a cycle"
            )
        # -- checked: write
        if artifact is None:
            artifact = self.graph.artifacts[key] = _without_nulls({
                "key": key, "project": event.project, "name": event.name, "type": event.type,
                "description": event.description, "version_count": 0,
                "created_at": event.at})  # fmt: skip
        artifact["updated_at"] = event.at
        if version_key is None:
            version_key = self._new_version(artifact, event)
            self._set_alias(key, version_key, "latest", event.at)
        if (event.run_id, version_key) not in self.graph.produced:
            first = self.graph.versions[version_key]["created_by"] == event.run_id
            self.graph.produced[(event.run_id, version_key)] = {"at": event.at, "first": first}
            self._outputs.setdefault(event.run_id, []).append(version_key)
        for alias in dict.fromkeys(event.aliases):
            self._set_alias(key, version_key, alias, event.at)

    def _new_version(self, artifact: Props, event: ArtifactLogged) -> str:
        index = artifact["version_count"]
        artifact["version_count"] = index + 1
        key = f"{artifact['key']}:v{index}"
        self.graph.versions[key] = _without_nulls({
            "key": key, "artifact": artifact["key"], "project": artifact["project"],
            "name": artifact["name"], "type": artifact["type"], "version": f"v{index}",
            "index": index, "digest": event.digest, "size": event.size,
            "file_count": event.file_count, "manifest": event.manifest,
            "metadata": json_text(event.metadata), "description": event.description,
            "created_at": event.at, "created_by": event.run_id})  # fmt: skip
        self._by_digest[(artifact["key"], event.digest)] = key
        return key

    def _set_alias(self, artifact_key: str, version_key: str, name: str, at: datetime) -> None:
        current = self._alias_now.get((artifact_key, name))
        if current is not None and current.version_key == version_key:
            return
        if current is not None:
            current.until = at
        edge = AliasEdge(artifact_key, version_key, name, at)
        self.graph.artifacts[artifact_key][f"alias:{name}"] = version_key
        self.graph.aliases.append(edge)
        self._alias_now[(artifact_key, name)] = edge
        self._alias_history.setdefault((artifact_key, name), []).append(edge)

    # -- lineage reachability (the exists_flow_* queries) -----------------------------------
    def _flows(self, starts: Iterable[str], target: str) -> bool:
        """Whether ``target`` is one of the versions ``starts`` or descends from them through
        runs that used a version and produced the next."""
        seen: set[str] = set()
        frontier = list(starts)
        while frontier:
            key = frontier.pop()
            if key == target:
                return True
            if key in seen:
                continue
            seen.add(key)
            for run_id in self._users.get(key, ()):
                frontier.extend(self._outputs.get(run_id, ()))
        return False

    def _flows_to_run(self, version_key: str, run_id: str) -> bool:
        """Whether data flows from the version to the run (the run used it, or used a
        version that descends from it)."""
        seen: set[str] = set()
        frontier = [version_key]
        while frontier:
            key = frontier.pop()
            if key in seen:
                continue
            seen.add(key)
            users = self._users.get(key, ())
            if run_id in users:
                return True
            for user in users:
                frontier.extend(self._outputs.get(user, ()))
        return False

    # -- registry ------------------------------------------------------------------------
    def _link(self, event: ArtifactLinked) -> None:
        self._running(event.run_id, "link artifacts")
        version_key = event.version_key
        if version_key is None:
            assert event.artifact is not None and event.digest is not None
            version_key = self._by_digest.get((event.artifact, event.digest))
            if version_key is None:
                raise NotFoundError(
                    f"no version of {event.artifact} has digest {event.digest}: log it first"
                )
        elif version_key not in self.graph.versions:
            raise NotFoundError(f"artifact version {version_key} does not exist")
        # -- checked: write
        name = event.registered_model
        model = self.graph.models.get(name)
        if model is None:
            model = self.graph.models[name] = {"name": name, "version_count": 0,
                                               "created_at": event.at}  # fmt: skip
        model["updated_at"] = event.at
        aliases = list(event.aliases)
        if (version_key, name) not in self.graph.links:
            index = model["version_count"]
            model["version_count"] = index + 1
            self.graph.links[(version_key, name)] = {
                "version": f"v{index}", "index": index, "at": event.at, "run_id": event.run_id}
            aliases.append("latest")
        for alias in dict.fromkeys(aliases):
            current = self._registry_now.get((name, alias))
            if current is not None and current.version_key == version_key:
                continue
            if current is not None:
                current.until = event.at
            edge = AliasEdge(name, version_key, alias, event.at)
            model[f"alias:{alias}"] = version_key
            self.graph.registry_aliases.append(edge)
            self._registry_now[(name, alias)] = edge


def _in_utc(event: Event) -> Event:
    """The event with its times in UTC, as the writer stores them."""
    update: dict[str, Any] = {"at": event.at.astimezone(UTC)}
    if isinstance(event, ArtifactUsed) and event.resolve_as_of is not None:
        update["resolve_as_of"] = event.resolve_as_of.astimezone(UTC)
    return event.model_copy(update=update)


def _without_nulls(props: Props) -> Props:
    """Neo4j stores no null property: ``SET n += {x: null}`` leaves ``x`` unset."""
    return {key: value for key, value in props.items() if value is not None}


def fold(events: Iterable[Event]) -> FoldResult:
    """Fold ``events`` (in the order they would be applied) into a graph."""
    return Folder().fold(events)
