"""``Lineage``: the client object, the front door of graphlineage. One per connection; the
module-level API (:mod:`graphlineage.api`) uses a default one; the CLI and the web app use
nothing else.

It starts runs (the handles of :mod:`graphlineage.capture` send their events through it:
it implements :class:`~graphlineage.capture.backend.Backend`), looks things up, answers the
questions (from :class:`~graphlineage.query.asking.Asking`), runs ad-hoc Cypher, and takes
the bulk paths in (OpenLineage, journals, event files, MLflow and ML Metadata histories).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, overload

from graphlineage.capture.content import ContentStore, content_store_for
from graphlineage.capture.delivery import Delivery
from graphlineage.capture.handles import ArtifactVersion, RegisteredModel, RunRecord
from graphlineage.capture.lifecycle import WATCH
from graphlineage.capture.provenance import git_commit, host_name
from graphlineage.capture.run import Run
from graphlineage.client.bulk import BulkPaths
from graphlineage.client.curation import Curation
from graphlineage.core.answers import CypherResult, LineageNode
from graphlineage.core.events import (
    ArtifactLinked,
    ArtifactLogged,
    ArtifactUsed,
    Event,
    RunFinished,
    RunStarted,
    RunUpdated,
    make,
    new_id,
)
from graphlineage.core.limits import check_count, check_text
from graphlineage.core.models import ArtifactVersionInfo, EventResult, RegistryVersion, RunInfo
from graphlineage.core.refs import WANDB_REGISTRY_PREFIXES, parse_registry_ref
from graphlineage.core.settings import Mode, Settings, load_settings
from graphlineage.errors import (
    ConflictError,
    GraphlineageTimeoutError,
    InvalidInputError,
    Neo4jConnectionError,
    NotFoundError,
)
from graphlineage.graph import queries
from graphlineage.graph.connection import Connection, connect
from graphlineage.graph.store import Store
from graphlineage.graph.writer import Writer
from graphlineage.query import adhoc, neighbours, resolve, walks
from graphlineage.query.asking import Asking

if TYPE_CHECKING:
    pass


class Lineage(Asking, BulkPaths, Curation):
    """A connection to one lineage store: start runs, look things up, ask questions.

    ``Lineage()`` reads settings from the environment (``GRAPHLINEAGE_*``); keywords such as
    ``neo4j_uri=...`` override them. The connection opens on first use and applies the
    schema (constraints and indexes) once.
    """

    def __init__(self, settings: Settings | None = None, **overrides: Any) -> None:
        self.settings = settings or load_settings(**overrides)
        self._connection: Connection | None = None
        self._store: Store | None = None
        self._lock = threading.Lock()
        self._content: ContentStore | None = None
        self._delivery = Delivery(
            self.settings,
            write=lambda event: Writer(self.store).apply(event),
            write_many=lambda events: [o.error for o in Writer(self.store).apply_many(events)],
        )

    # -- plumbing ------------------------------------------------------------------------
    def _connected(self) -> Connection:
        with self._lock:
            if self._connection is None:
                self._connection = connect(self.settings)
            return self._connection

    @property
    def store(self) -> Store:
        """The query runner, connected, with the schema applied (once per client)."""
        if self._store is None:
            connection = self._connected()
            with self._lock:
                if self._store is None:
                    store = Store(connection)
                    if store.apply_schema():  # a new schema empties the plan cache
                        walks.warm_up(store)
                    store.warm_up()  # the capture statements (a millisecond once cached)
                    self._store = store
        return self._store

    def close(self) -> None:
        WATCH.forget(self)
        self._delivery.close()
        if self._connection is not None:
            self._connection.close()
        self._connection = None
        self._store = None

    def __enter__(self) -> Lineage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def connect(self) -> Lineage:
        """Connect now and apply the schema (otherwise done on first use); the client."""
        _ = self.store
        return self

    def ping(self) -> None:
        """Raise the connection's error unless Neo4j answers."""
        Store(self._connected()).read(queries.ping())

    def apply_schema(self) -> tuple[list[str], int]:
        """Create the missing constraints and indexes; (the names created, how many the
        schema has)."""
        store = Store(self._connected())
        return store.apply_schema(), len(store.library.by_mode("schema"))

    def warm_up(self) -> None:
        """Have the server plan every question now (a fresh server's first question
        otherwise pays 0.4-1 s for it)."""
        walks.warm_up(self.store)

    # -- capture (the Backend of the run and artifact handles) ---------------------------
    @overload
    def emit(self, event: RunStarted | RunFinished | RunUpdated) -> RunInfo: ...
    @overload
    def emit(self, event: ArtifactUsed | ArtifactLogged) -> ArtifactVersionInfo: ...
    @overload
    def emit(self, event: ArtifactLinked) -> RegistryVersion: ...
    def emit(self, event: Event) -> EventResult:
        """Write the event (or journal it, or drop it: see :mod:`~graphlineage.capture.
        delivery`); what it made, or a pending stand-in of the same type."""
        return self._delivery.send(event)

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every event sent so far is in the graph (async delivery; at once
        otherwise). False if ``timeout`` seconds passed first: the rest stays journaled."""
        return self._delivery.wait(None, timeout)

    def delivered(self, event: Event, timeout: float | None) -> ArtifactVersionInfo:
        """The version that a pending event (async or offline) used or logged, once it is in
        the graph; the event's refusal or a timeout raise."""
        if not self._delivery.wait([event.event_id], timeout):
            raise GraphlineageTimeoutError(f"event {event.event_id} is not delivered yet")
        problem = self._delivery.refusal(event.event_id)
        if problem is not None:
            raise problem
        key = None
        if isinstance(event, (ArtifactLogged, ArtifactUsed)):
            artifact = f"{event.project}/{event.name}"
            key = (neighbours.version_key_by_digest(self.store, artifact, event.digest)
                   if isinstance(event, ArtifactLogged) else
                   neighbours.used_version_key(self.store, event.run_id, artifact,
                                               event.requested))  # fmt: skip
        if key is None:
            raise NotFoundError(f"event {event.event_id} is not in the graph (run "
                                "`graphlineage sync` if it was journaled offline)")  # fmt: skip
        return resolve.find_artifact_version(self.store, key, None)

    def run_inputs(self, run_id: str) -> list[ArtifactVersionInfo]:
        return neighbours.run_inputs(self.store, run_id)

    def run_outputs(self, run_id: str) -> list[ArtifactVersionInfo]:
        return neighbours.run_outputs(self.store, run_id)

    def version_consumers(self, key: str) -> list[RunInfo]:
        return neighbours.version_consumers(self.store, key)

    def version_producers(self, key: str) -> list[RunInfo]:
        return neighbours.version_producers(self.store, key)

    def heartbeat(self, run_ids: list[str]) -> None:
        """Touch the runs' ``heartbeat_at`` (online only; offline there is no one to tell)."""
        if self.settings.mode is not Mode.ONLINE or not run_ids:
            return
        self.store.write(queries.touch_runs(run_ids=run_ids, at=datetime.now(UTC)))

    def heartbeat_every(self) -> float:
        return self.settings.heartbeat

    def content_store(self) -> ContentStore | None:
        """The artifact content store (``GRAPHLINEAGE_ARTIFACT_STORE``, else the directory
        beside the local server's data); None when lineage is disabled."""
        if self.settings.mode is Mode.DISABLED:
            return None
        if self._content is None:
            self._content = content_store_for(self.settings)
        return self._content

    def init(
        self,
        project: str,
        job_type: str | None = None,
        config: dict[str, Any] | None = None,
        name: str | None = None,
        tags: list[str] | tuple[str, ...] | None = None,
        notes: str | None = None,
        *,
        group: str | None = None,
        id: str | None = None,
        resume: str | bool | None = None,
        entity: str | None = None,
    ) -> Run:
        """Start a run (W&B's ``wandb.init``). Without a name, one like "jumping-monkey-1".

        ``id=`` chooses the run's id; ``resume="allow"`` continues the run of that id if it
        exists (running again, its config updated with ``config``, its summary kept) and
        starts it otherwise, ``"must"`` requires it to exist, ``"never"`` (or no resume)
        refuses an id that is taken. ``group=`` groups runs of one experiment. ``entity=``
        (W&B's team or user) is accepted and ignored: graphlineage has no entities."""
        if entity is not None and not isinstance(entity, str):
            raise InvalidInputError(f"entity must be a string, not {type(entity).__name__}")
        if config is not None and not isinstance(config, dict):
            raise InvalidInputError(f"config must be a dict, not {type(config).__name__}")
        how = _resume_mode(resume)
        if id is not None:
            id = _run_id(id)
        elif how is not None:
            raise InvalidInputError(f"resume={resume!r} needs the id= of the run to continue")
        existing, checked = self._existing_run(id, how) if id is not None else (None, True)
        if existing is not None:
            if existing.project != project:
                raise ConflictError(f"run {id} belongs to project {existing.project!r}, "
                                    f"not {project!r}")  # fmt: skip
            merged = {**existing.config, **(config or {})}
            resumed = make(RunUpdated, run_id=existing.id, resumed=True,
                           config=merged if config else None,
                           add_tags=tuple(tags or ()))  # fmt: skip
            return Run(self, self.emit(resumed), merged)
        event = make(
            RunStarted,
            run_id=id or new_id(),
            project=project,
            name=name,
            job_type=job_type,
            config=dict(config or {}),
            tags=() if tags is None else tags,
            notes=notes,
            host=host_name(),
            git_commit=git_commit(),
            group=group,
        )
        info = self.emit(event)
        if how is not None and not checked:
            # not checked (offline): if the run exists when the journal is synced, its start
            # is a replay and this reopens it; if not, it changes nothing
            info = self.emit(make(RunUpdated, run_id=event.run_id, resumed=True))
        return Run(self, info, dict(event.config))

    def _existing_run(self, run_id: str, how: str | None) -> tuple[RunInfo | None, bool]:
        """The run with this id (None if there is none), and whether the server could say
        (not offline); refuses what ``resume`` does not allow."""
        if self.settings.mode is not Mode.ONLINE:
            return None, False
        try:
            rows = self.store.read(queries.get_run(key=run_id, project=None))
        except Neo4jConnectionError:
            return None, False  # events will be journaled: checked when they are synced
        found = [RunInfo.from_row(row["run"]) for row in rows if row["run"]["id"] == run_id]
        if not found:
            if how == "must":
                raise NotFoundError(f"no run has id {run_id!r} to resume (resume='must')")
            return None, True
        if how in (None, "never"):
            raise ConflictError(
                f"run {run_id!r} exists ({found[0].ref}, {found[0].status}): pass "
                "resume='allow' or 'must' to continue it, or choose another id"
            )
        return found[0], True

    # -- lookups -------------------------------------------------------------------------
    def artifact(self, ref: str, project: str | None = None) -> ArtifactVersion:
        """An artifact version by ref: ``project/name:alias``, ``name:v3`` (with project=,
        or alone when only one project has an artifact of that name)."""
        if isinstance(ref, str) and ref.strip().startswith(
                ("registry:", *WANDB_REGISTRY_PREFIXES)):  # fmt: skip
            return self.registry_artifact(ref)
        info = resolve.find_artifact_version(self.store, ref, project)
        return ArtifactVersion.bind(info, self)

    def run(self, key: str, project: str | None = None) -> RunRecord:
        """A run by id or name (``project/name`` or ``run:project/name`` work too), with
        ``used_artifacts()`` and ``logged_artifacts()``."""
        return RunRecord.bind(resolve.find_run_by_text(self.store, key, project), self)

    def registry_artifact(self, ref: str) -> ArtifactVersion:
        """The artifact version a registry ref names: ``MNIST-dev:production`` (with or
        without ``registry:``, W&B's ``wandb-registry-model/`` or ``model-registry/``)."""
        if not isinstance(ref, str):
            raise InvalidInputError(f"a registry ref must be a string, not {type(ref).__name__}")
        text = ref.strip()
        for prefix in ("registry:", "wandb-registry-model/", "model-registry/"):
            text = text.removeprefix(prefix)
        key = resolve.find_registry_version_key(self.store, parse_registry_ref(text))
        return self.artifact(key)

    def tag_run(self, key: str, add: Sequence[str] = (), remove: Sequence[str] = (),
                project: str | None = None) -> RunInfo:  # fmt: skip
        """Add and remove tags of a run (running or ended), by id or name; the run after."""
        run = self.run(key, project)
        if isinstance(add, str) or isinstance(remove, str):
            raise InvalidInputError("add= and remove= take lists of tags, not one string")
        event = make(RunUpdated, run_id=run.id, add_tags=tuple(add), remove_tags=tuple(remove))
        return self.emit(event)

    def registered_model(self, name: str) -> RegisteredModel:
        rows = self.store.read(queries.get_registered_model(name=name))
        if not rows:
            raise NotFoundError(f"no registered model named {name!r}")
        return RegisteredModel.from_rows(rows[0]["model"], rows[0]["versions"])

    def search(self, text: str, limit: int = 20) -> list[LineageNode]:
        """Nodes a user may mean by ``text``: the node it names as a ref, then nodes whose
        name starts with it (runs, artifact versions, registered models)."""
        if not isinstance(text, str) or not text.strip():
            raise InvalidInputError("search text is empty")
        check_count(limit, "limit", allow_none=False)
        try:
            named = self.node(text.strip())
        except (NotFoundError, InvalidInputError):
            named = None
        return neighbours.search(self.store, named, text.strip(), limit)

    # -- ad-hoc Cypher -------------------------------------------------------------------
    def cypher(
        self,
        query: str,
        params: Mapping[str, Any] | None = None,
        write: bool = False,
        *,
        timeout: float | None = adhoc.DEFAULT_TIMEOUT,
        limit: int | None = adhoc.DEFAULT_ROW_LIMIT,
    ) -> CypherResult:
        """Run Cypher with parameters. Read-only (the server refuses writes) unless
        ``write=True``, and only what :mod:`graphlineage.query.cypher_policy` allows (no
        LOAD CSV, no admin commands, harmless procedures); bounded by ``timeout`` seconds,
        ``limit`` rows and about 32 MiB of answer."""
        return adhoc.run_cypher(self.store.connection, query, params, write=write,
                                timeout=timeout, limit=limit)  # fmt: skip

    def query(
        self, name: str, params: Mapping[str, Any] | None = None, write: bool = False
    ) -> CypherResult:
        """Run one named query of the ``cypher/`` library with its declared parameters.
        Write queries need ``write=True``; schema queries run via ``schema apply``.
        ISO strings given for DATETIME parameters are read as datetimes."""
        return adhoc.run_named(self.store, name, params, write=write)


_RESUME = {"allow": "allow", "must": "must", "never": "never"}


def _resume_mode(resume: str | bool | None) -> str | None:
    """W&B's ``resume``: True means "allow"; False/None: a new run."""
    if resume is None or resume is False:
        return None
    if resume is True:
        return "allow"
    if isinstance(resume, str) and resume in _RESUME:
        return _RESUME[resume]
    raise InvalidInputError(
        f"resume must be 'allow', 'must', 'never', True or None, not {resume!r} ('auto' is "
        "not supported: pass the id= of the run to continue)"
    )


def _run_id(run_id: object) -> str:
    if not isinstance(run_id, str) or not run_id.strip():
        raise InvalidInputError(f"a run id must be a non-empty string, not {run_id!r}")
    return check_text(run_id.strip(), "run id", 128)
