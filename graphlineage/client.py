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
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from graphlineage.capture.delivery import Delivery
from graphlineage.capture.handles import ArtifactVersion, RegisteredModel
from graphlineage.capture.run import Run, git_commit, host_name
from graphlineage.capture.sync import SyncReport, sync
from graphlineage.core.answers import (
    CypherResult,
    DeletionReport,
    FlagInfo,
    LeakageReport,
    LineageNode,
)
from graphlineage.core.events import (
    ArtifactLinked,
    ArtifactLogged,
    ArtifactUsed,
    Event,
    RunFinished,
    RunStarted,
    make,
    new_id,
)
from graphlineage.core.limits import DEFAULT_BATCH, check_count
from graphlineage.core.models import ArtifactVersionInfo, EventResult, RegistryVersion, RunInfo
from graphlineage.core.refs import parse_artifact_ref
from graphlineage.core.settings import Settings, load_settings
from graphlineage.errors import GraphlineageTimeoutError, InvalidInputError, NotFoundError
from graphlineage.graph import queries
from graphlineage.graph.connection import Connection, connect
from graphlineage.graph.store import Store
from graphlineage.graph.writer import Writer
from graphlineage.ingest import event_files, openlineage
from graphlineage.query import adhoc, deletion, flags, leakage, neighbours, resolve, walks
from graphlineage.query.asking import Asking
from graphlineage.query.marquez import MarquezApi
from graphlineage.query.resolve import NodeLike

if TYPE_CHECKING:
    from graphlineage.ingest.importers.common import ImportReport


class Lineage(Asking):
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
    def emit(self, event: RunStarted | RunFinished) -> RunInfo: ...
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

    def init(
        self,
        project: str,
        job_type: str | None = None,
        config: dict[str, Any] | None = None,
        name: str | None = None,
        tags: list[str] | tuple[str, ...] | None = None,
        notes: str | None = None,
    ) -> Run:
        """Start a run (W&B's ``wandb.init``). Without a name, one like "jumping-monkey-1"."""
        if config is not None and not isinstance(config, dict):
            raise InvalidInputError(f"config must be a dict, not {type(config).__name__}")
        event = make(
            RunStarted,
            run_id=new_id(),
            project=project,
            name=name,
            job_type=job_type,
            config=dict(config or {}),
            tags=() if tags is None else tags,
            notes=notes,
            host=host_name(),
            git_commit=git_commit(),
        )
        return Run(self, self.emit(event), dict(event.config))

    # -- bulk paths ----------------------------------------------------------------------
    @property
    def marquez(self) -> MarquezApi:
        """Marquez's read API over this graph (what ``serve`` answers on Marquez's routes)."""
        return MarquezApi(self.store)

    def ingest_openlineage(
        self, items: Iterable[tuple[int, Any]], label: str = "line",
        advance: Callable[[int], None] = lambda count: None,
    ) -> openlineage.IngestReport:  # fmt: skip
        """Ingest numbered OpenLineage events (as :func:`~graphlineage.ingest.openlineage.
        read_events` reads them), in batches; the invalid and refused ones are reported."""
        return openlineage.ingest_lines(self.store, items, label, advance)

    def ingest_openlineage_events(
        self, events: Sequence[openlineage.OLEvent]
    ) -> list[str | None]:
        """Write parsed OpenLineage events in one batch; for each, None or why it was refused."""
        return openlineage.ingest_events(self.store, events)

    def import_events(
        self, lines: Iterable[tuple[int, Event | str, int]],
        advance: Callable[[int, int], None] = lambda events, size: None,
        batch_size: int = DEFAULT_BATCH,
    ) -> event_files.ImportReport:  # fmt: skip
        """Write graphlineage events read from a file (journal format), batch by batch."""
        return event_files.import_events(Writer(self.store, batch_size), lines, advance,
                                         batch_size)  # fmt: skip

    def import_mlflow(
        self, tracking_uri: str | None = None, experiments: Sequence[str] | None = None,
        since: datetime | None = None, *, registry: bool = True,
        advance: Callable[[int], None] = lambda count: None,
        batch_size: int = DEFAULT_BATCH,
    ) -> ImportReport:  # fmt: skip
        """Import MLflow's history (runs, datasets, logged models, the model registry) from
        ``tracking_uri``; importing again writes only what changed (see
        :mod:`~graphlineage.ingest.importers.mlflow`). Needs the ``mlflow`` extra."""
        from graphlineage.ingest.importers import mlflow

        return mlflow.import_runs(self.store, tracking_uri, experiments, since,
                                  registry=registry, advance=advance,
                                  batch_size=batch_size)  # fmt: skip

    def import_mlmd(
        self, sqlite: str | Path | None = None, mysql: Any = None, *, project: str = "mlmd",
        since: datetime | None = None, advance: Callable[[int], None] = lambda count: None,
        batch_size: int = DEFAULT_BATCH,
    ) -> ImportReport:  # fmt: skip
        """Import an ML Metadata store (Kubeflow Pipelines, TFX): a SQLite file, or ``mysql``
        (an :class:`~graphlineage.ingest.importers.mlmd.MySQL`). Importing again writes only
        what changed (see :mod:`~graphlineage.ingest.importers.mlmd`). Needs the ``mlmd``
        extra."""
        from graphlineage.ingest.importers import mlmd

        return mlmd.import_store(self.store, sqlite, mysql, project=project, since=since,
                                 advance=advance, batch_size=batch_size)  # fmt: skip

    def sync(
        self, path: Path, include_synced: bool = False,
        advance: Callable[[int], None] = lambda count: None,
    ) -> list[SyncReport]:  # fmt: skip
        """Replay the offline journals at ``path`` (see :mod:`~graphlineage.capture.sync`)."""
        return sync(self.store, path, include_synced, advance)

    # -- lookups -------------------------------------------------------------------------
    def artifact(self, ref: str, project: str | None = None) -> ArtifactVersion:
        """An artifact version by ref: ``project/name:alias``, ``name:v3`` (with project=,
        or alone when only one project has an artifact of that name)."""
        info = resolve.find_artifact_version(self.store, ref, project)
        return ArtifactVersion.bind(info, self)

    def run(self, key: str, project: str | None = None) -> RunInfo:
        """A run by id or name (``project/name`` or ``run:project/name`` work too)."""
        return resolve.find_run_by_text(self.store, key, project)

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

    def flag(self, ref: NodeLike, reason: str, severity: str = "error", *,
             by: str | None = None, project: str | None = None) -> FlagInfo:  # fmt: skip
        """Mark a run or an artifact version as bad (``severity``: error, warning or info;
        ``by``: who, default the user name). From then on everything downstream is tainted
        by it (``show``, ``impact``, ``stale``, ``flags``) until :meth:`unflag`."""
        return flags.flag(self.store, self.node(ref, project), reason, severity, by)

    def unflag(self, ref: NodeLike, *, flag_id: str | None = None, by: str | None = None,
               reason: str | None = None,
               project: str | None = None) -> list[FlagInfo]:  # fmt: skip
        """Lift the active flags of a run or an artifact version (or only ``flag_id``); the
        flags stay in the history with who lifted them, when and why."""
        return flags.unflag(self.store, self.node(ref, project), flag_id, by, reason)

    def delete(self, ref: NodeLike, *, dry_run: bool = True, purge: bool = False,
               force: bool = False, delete_aliases: bool = False, by: str | None = None,
               reason: str | None = None, project: str | None = None,
               artifact: bool = False) -> DeletionReport:  # fmt: skip
        """Delete a run, an artifact version or a registered model; by default only preview
        it (``dry_run=True``): the runs that used it, its registry links and aliases,
        everything downstream, and ``blockers``. A version that runs used or that is linked
        into the registry (a model with linked versions, a running run) is refused unless
        ``force``; aliases that point at it must be moved first, or ended with
        ``delete_aliases`` (a version's ``latest`` moves to the newest version left). The
        default keeps a tombstone (``deleted_at``, who, why), hidden from listings and
        search and shown as deleted in lineage; ``purge`` removes it and its edges, and the
        history keeps a record of the purge. Refusals raise ``ConflictError``.
        ``artifact=True``: ``ref`` names a whole artifact (``project/name``, or ``name``
        with ``project=`` or when one project has it), every version of which is deleted."""
        if artifact:
            return deletion.delete_artifact(
                self.store, self._artifact_key(ref, project), dry_run=dry_run, purge=purge,
                force=force, delete_aliases=delete_aliases, by=by, reason=reason)
        try:
            node = self.node(ref, project)
        except NotFoundError as exc:
            if isinstance(ref, str):
                gone = deletion.purged(self.store, ref, ref.removeprefix("run:"))
                if gone is not None:
                    raise gone from exc
            raise
        return deletion.delete(self.store, node, dry_run=dry_run, purge=purge, force=force,
                               delete_aliases=delete_aliases, by=by, reason=reason)  # fmt: skip

    def _artifact_key(self, ref: NodeLike, project: str | None) -> str:
        if not isinstance(ref, str) or ":" in ref:
            raise InvalidInputError(
                f"a whole artifact is named project/name (no version or alias), not {ref!r}")
        parsed = resolve.with_project(self.store, parse_artifact_ref(ref), project)
        return f"{parsed.project}/{parsed.name}"

    def check_leakage(
        self,
        model: NodeLike,
        eval_data: Iterable[NodeLike] | NodeLike | None = None,
        *,
        eval_job_types: Iterable[str] | str | None = None,
        project: str | None = None,
    ) -> LeakageReport:
        """The dataset versions used to evaluate ``model`` (by runs of an evaluation job
        type that used it, and ``eval_data`` given explicitly) that are among its training
        ancestors: the same version is an ``error``, another version of the same artifact a
        ``warning``, each with the path from the training version to the model.
        ``eval_job_types`` defaults to the ``eval_job_types`` setting (evaluate, eval, test)."""
        types = leakage.job_types(eval_job_types, self.settings.eval_job_types.split(","))
        given: list[NodeLike]
        if eval_data is None:
            given = []
        elif isinstance(eval_data, list | tuple | set | frozenset):
            given = list(eval_data)
        else:  # one ref (pydantic answers iterate over their fields: not a collection)
            given = [eval_data]  # type: ignore[list-item]
        return leakage.check_leakage(
            self.store, self.node(model, project), [self.node(d, project) for d in given], types
        )

    def query(
        self, name: str, params: Mapping[str, Any] | None = None, write: bool = False
    ) -> CypherResult:
        """Run one named query of the ``cypher/`` library with its declared parameters.
        Write queries need ``write=True``; schema queries run via ``schema apply``.
        ISO strings given for DATETIME parameters are read as datetimes."""
        return adhoc.run_named(self.store, name, params, write=write)
