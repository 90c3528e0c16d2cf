"""``Lineage``: the client object. One per connection; the module-level API uses a default one."""

from __future__ import annotations

import contextlib
import inspect
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

from graphlineage.capture.delivery import Delivery
from graphlineage.capture.handles import ArtifactVersion, RegisteredModel
from graphlineage.capture.run import Run, git_commit, host_name
from graphlineage.core.answers import (
    ArtifactInfo,
    CypherResult,
    ImpactResult,
    LeanLineageResult,
    LineageNode,
    LineageResult,
    NodeDetails,
    NodeId,
    PathResult,
    RegisteredModelSummary,
    StaleModelVersion,
    Subgraph,
)
from graphlineage.core.events import ArtifactLogged, ArtifactUsed, Event, RunStarted, make, new_id
from graphlineage.core.limits import check_count
from graphlineage.core.models import ArtifactVersionInfo, RunInfo
from graphlineage.core.settings import Settings, load_settings
from graphlineage.errors import GraphlineageTimeoutError, InvalidInputError, NotFoundError
from graphlineage.graph.connection import Connection, connect
from graphlineage.graph.store import Store
from graphlineage.graph.writer import Writer
from graphlineage.query import adhoc, listings, questions, resolve, walks
from graphlineage.query.resolve import NodeLike
from graphlineage.query.walks import Start

T = TypeVar("T")


class Lineage:
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
    @property
    def store(self) -> Store:
        if self._store is None:
            with self._lock:
                if self._store is None:
                    self._connection = connect(self.settings)
                    store = Store(self._connection)
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

    def _emit(self, event: Event) -> Any:
        """Write the event (or journal it, or drop it: see :mod:`graphlineage.delivery`)."""
        return self._delivery.send(event)

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every event sent so far is in the graph (async delivery; at once
        otherwise). False if ``timeout`` seconds passed first: the rest stays journaled."""
        return self._delivery.wait(None, timeout)

    def _delivered(self, event: Event, timeout: float | None) -> ArtifactVersionInfo:
        """The version that a pending event (async or offline) used or logged, once it is in
        the graph; the event's refusal or a timeout raise."""
        if not self._delivery.wait([event.event_id], timeout):
            raise GraphlineageTimeoutError(f"event {event.event_id} is not delivered yet")
        problem = self._delivery.refusal(event.event_id)
        if problem is not None:
            raise problem
        if isinstance(event, ArtifactLogged):
            found = self.store.read("get_version_by_digest",
                                    artifact=f"{event.project}/{event.name}",
                                    digest=event.digest)  # fmt: skip
            if found:
                return resolve.find_artifact_version(self.store, found[0]["key"], None)
        elif isinstance(event, ArtifactUsed):
            for row in self.store.read("list_run_inputs", run_id=event.run_id):
                version = row["version"]
                if (event.requested in row["requested"]
                        and version["artifact"] == f"{event.project}/{event.name}"):  # fmt: skip
                    return resolve.find_artifact_version(self.store, version["key"], None)
        raise NotFoundError(f"event {event.event_id} is not in the graph (run "
                            "`graphlineage sync` if it was journaled offline)")  # fmt: skip

    # -- capture -------------------------------------------------------------------------
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
        info: RunInfo = self._emit(event)
        return Run(self, info, dict(event.config))

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
        rows = self.store.read("get_registered_model", name=name)
        if not rows:
            raise NotFoundError(f"no registered model named {name!r}")
        return RegisteredModel.from_rows(rows[0]["model"], rows[0]["versions"])

    def node(self, ref: NodeLike, project: str | None = None) -> NodeId:
        """Which stored node a ref (or a returned object) names; NotFoundError if none."""
        return resolve.node_id(self.store, ref, project)

    def search(self, text: str, limit: int = 20) -> list[LineageNode]:
        """Nodes a user may mean by ``text``: the node it names as a ref, then nodes whose
        name starts with it (runs, artifact versions, registered models)."""
        if not isinstance(text, str) or not text.strip():
            raise InvalidInputError("search text is empty")
        check_count(limit, "limit", allow_none=False)
        found: dict[str, LineageNode] = {}
        try:
            named = self.node(text.strip())
        except (NotFoundError, InvalidInputError):
            named = None
        if named is not None:
            rows = self.store.read("get_lineage_node", node=named.model_dump())
            if rows:
                exact = LineageNode.from_graph(rows[0]["node"])
                found[exact.ref] = exact
        for row in self.store.read("search_nodes", text=text.strip(), limit=limit):
            node = LineageNode.from_graph(row["node"])
            found.setdefault(node.ref, node)
        return list(found.values())[:limit]

    @contextlib.contextmanager
    def _explained(self, *refs: NodeLike, project: str | None) -> Iterator[None]:
        """A full version key is asked about without a lookup first; if it names nothing,
        say what does exist instead of a bare "not found"."""
        try:
            yield
        except NotFoundError:
            resolve.explain_missing(self.store, *refs, project=project)
            raise

    # -- questions -----------------------------------------------------------------------
    def ancestry(
        self,
        ref: NodeLike,
        max_depth: int | None = None,
        types: Iterable[str] | str | None = None,
        *,
        project: str | None = None,
        limit: int | None = questions.DEFAULT_LIMIT,
        skip: int = 0,
    ) -> LineageResult:
        """Every run and artifact version upstream of ``ref``, nearest first, each with its
        distance. ``types`` keeps only some kinds ("run", "artifact_version");
        ``limit``/``skip`` page through big answers (``total``, ``truncated``)."""
        with self._explained(ref, project=project):
            return questions.ancestry(
                self.store, self._start(ref, project), max_depth, types, limit=limit, skip=skip
            )

    def impact(
        self,
        ref: NodeLike,
        max_depth: int | None = None,
        *,
        project: str | None = None,
        limit: int | None = questions.DEFAULT_LIMIT,
        skip: int = 0,
    ) -> ImpactResult:
        """Every run, artifact version and registered model downstream of ``ref``, with the
        registry versions reached and the aliases ("production") that point at them."""
        with self._explained(ref, project=project):
            return questions.impact(
                self.store, self._start(ref, project), max_depth, limit=limit, skip=skip
            )

    def path(
        self,
        source: NodeLike,
        target: NodeLike,
        *,
        project: str | None = None,
        limit: int = questions.DEFAULT_PATH_LIMIT,
    ) -> PathResult:
        """The shortest lineage paths between two nodes (in whichever direction data flows)."""
        with self._explained(source, target, project=project):
            return questions.path(
                self.store, self._start(source, project), self._start(target, project), limit
            )

    def ancestry_refs(
        self,
        ref: NodeLike,
        max_depth: int | None = None,
        types: Iterable[str] | str | None = None,
        *,
        project: str | None = None,
        limit: int | None = questions.DEFAULT_LIMIT,
        skip: int = 0,
    ) -> LeanLineageResult:
        """:meth:`ancestry` as refs, kinds and distances only: ``for ref, kind, distance in
        answer.nodes``. The cheap answer when only identities are needed."""
        with self._explained(ref, project=project):
            return questions.lineage_refs(self.store, "upstream", self._start(ref, project),
                                          max_depth, types, limit=limit, skip=skip)  # fmt: skip

    def impact_refs(
        self,
        ref: NodeLike,
        max_depth: int | None = None,
        *,
        project: str | None = None,
        limit: int | None = questions.DEFAULT_LIMIT,
        skip: int = 0,
    ) -> LeanLineageResult:
        """:meth:`impact` as refs, kinds and distances only (no registry entries)."""
        with self._explained(ref, project=project):
            return questions.lineage_refs(self.store, "downstream", self._start(ref, project),
                                          max_depth, limit=limit, skip=skip)  # fmt: skip

    def ancestry_pages(
        self,
        ref: NodeLike,
        max_depth: int | None = None,
        types: Iterable[str] | str | None = None,
        *,
        project: str | None = None,
        page_size: int = questions.DEFAULT_LIMIT,
    ) -> Iterator[LineageResult]:
        """The whole ancestry, ``page_size`` nodes at a time, streamed from one traversal:
        however big the answer, the client holds one page."""
        with self._explained(ref, project=project):
            yield from questions.lineage_pages(self.store, "upstream", self._start(ref, project),
                                               max_depth, types, page_size)  # fmt: skip

    def impact_pages(
        self,
        ref: NodeLike,
        max_depth: int | None = None,
        *,
        project: str | None = None,
        page_size: int = questions.DEFAULT_LIMIT,
    ) -> Iterator[ImpactResult]:
        """The whole impact, a page at a time (each page an :class:`ImpactResult` carrying
        the registry versions reached)."""
        with self._explained(ref, project=project):
            start = self._start(ref, project)
            for page in questions.lineage_pages(self.store, "downstream", start, max_depth,
                                                page_size=page_size):  # fmt: skip
                assert isinstance(page, ImpactResult)
                yield page

    def _start(self, ref: NodeLike, project: str | None) -> Start:
        return resolve.start_of(self.store, ref, project)

    def subgraph(
        self,
        ref: NodeLike,
        up: int = 1,
        down: int = 1,
        *,
        project: str | None = None,
        limit: int = questions.DEFAULT_SUBGRAPH_LIMIT,
    ) -> Subgraph:
        """Nodes and edges within ``up`` levels upstream and ``down`` downstream of ``ref``."""
        with self._explained(ref, project=project):
            return questions.subgraph(self.store, self.node(ref, project), up, down, limit)

    def show(
        self, ref: NodeLike, *, project: str | None = None,
        limit: int = questions.DEFAULT_SUBGRAPH_LIMIT,
    ) -> NodeDetails:
        """Everything stored on a run, artifact version or registered model, and its
        neighbours one edge away (inputs, outputs, consumers, registry links)."""
        with self._explained(ref, project=project):
            return questions.details(self.store, self.node(ref, project), limit)

    def stale(self, registered_model: str | None = None) -> list[StaleModelVersion]:
        """Registry versions whose upstream data has newer versions by now."""
        return questions.stale(self.store, registered_model)

    # -- listings ------------------------------------------------------------------------
    def runs(self, **filters: Any) -> list[RunInfo]:
        """Runs, newest first. Filters: project, job_type, status, name (substring),
        started_after, started_before (aware datetimes); skip, limit."""
        return _listing(listings.runs, self.store, filters)

    def artifacts(self, **filters: Any) -> list[ArtifactInfo]:
        """Artifact collections. Filters: project, type, name (substring); skip, limit."""
        return _listing(listings.artifacts, self.store, filters)

    def artifact_versions(self, **filters: Any) -> list[ArtifactVersionInfo]:
        """Artifact versions, newest first. Filters: project, artifact, type, alias;
        skip, limit."""
        return _listing(listings.artifact_versions, self.store, filters)

    def registered_models(self, **filters: Any) -> list[RegisteredModelSummary]:
        """Registered models with their aliases. Filters: name (substring); skip, limit."""
        return _listing(listings.registered_models, self.store, filters)

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
        ``write=True``, and only what :mod:`graphlineage.cypher_policy` allows (no LOAD CSV,
        no admin commands, harmless procedures); bounded by ``timeout`` seconds, ``limit``
        rows and about 32 MiB of answer."""
        self.store  # noqa: B018 - connect (and apply the schema) first
        assert self._connection is not None
        return adhoc.run_cypher(
            self._connection, query, params, write=write, timeout=timeout, limit=limit
        )

    def query(
        self, name: str, params: Mapping[str, Any] | None = None, write: bool = False
    ) -> CypherResult:
        """Run one named query of the ``cypher/`` library with its declared parameters.
        Write queries need ``write=True``; schema queries run via ``schema apply``.
        ISO strings given for DATETIME parameters are read as datetimes."""
        if not isinstance(name, str):
            raise InvalidInputError(f"a query name is a string, not {type(name).__name__}")
        if params is not None and not isinstance(params, Mapping):
            raise InvalidInputError(f"params must be a mapping, not {type(params).__name__}")
        if name not in self.store.library:
            raise NotFoundError(f"no query named {name!r} in the library",
                                candidates=sorted(self.store.library))  # fmt: skip
        query = self.store.library[name]
        if query.mode == "schema":
            raise InvalidInputError(f"{name} is a schema query: run `graphlineage schema apply`")
        if query.mode == "write" and not write:
            raise InvalidInputError(f"{name} writes to the graph: pass write=True (--write)")
        values = adhoc.typed_parameters(query, dict(params or {}))
        run = self.store.read if query.mode == "read" else self.store.write
        rows = [adhoc.plain(row) for row in run(name, **values)]
        return CypherResult(columns=[field.name for field in query.returns], rows=rows)


def _listing(function: Callable[..., T], store: Store, filters: dict[str, Any]) -> T:
    parameters = inspect.signature(function).parameters
    unknown = sorted(set(filters) - set(parameters) - {"store"})
    if unknown:
        known = ", ".join(name for name in parameters if name != "store")
        raise InvalidInputError(f"unknown filter {', '.join(unknown)}; known: {known}")
    return function(store, **filters)
