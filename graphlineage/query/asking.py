"""The questions a client answers (ancestry, impact, path, subgraph, show, stale) and its
listings, as methods: :class:`graphlineage.client.Lineage` has them from here, each one
resolving its refs and handing the store to :mod:`~graphlineage.query.questions` or
:mod:`~graphlineage.query.listings`."""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from graphlineage.core.answers import (
    ArtifactInfo,
    ImpactResult,
    LeanLineageResult,
    LineageResult,
    NodeDetails,
    NodeId,
    PathResult,
    RegisteredModelSummary,
    StaleModelVersion,
    Subgraph,
)
from graphlineage.core.column_answers import ColumnLineageResult
from graphlineage.core.job_answers import JobLevelResult
from graphlineage.core.models import ArtifactVersionInfo, RunInfo
from graphlineage.core.refs import names_an_alias
from graphlineage.errors import InvalidInputError, NotFoundError
from graphlineage.graph import queries
from graphlineage.graph.store import Store
from graphlineage.query import columns, levels, listings, questions, resolve
from graphlineage.query.resolve import NodeLike
from graphlineage.query.starts import Start

T = TypeVar("T")
R = TypeVar("R", bound=LineageResult)


class Asking:
    """Question and listing methods over ``self.store``."""

    @property
    def store(self) -> Store:
        raise NotImplementedError

    def node(self, ref: NodeLike, project: str | None = None) -> NodeId:
        """Which stored node a ref (or a returned object) names; NotFoundError if none."""
        return resolve.node_id(self.store, ref, project)

    @contextlib.contextmanager
    def _explained(self, *refs: NodeLike, project: str | None) -> Iterator[None]:
        """A full version key is asked about without a lookup first; if it names nothing,
        say what does exist instead of a bare "not found"."""
        try:
            yield
        except NotFoundError:
            resolve.explain_missing(self.store, *refs, project=project)
            raise

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
            return _with_requested(self.store, questions.ancestry(
                self.store, self._start(ref, project), max_depth, types, limit=limit, skip=skip
            ), ref)  # fmt: skip

    def impact(
        self,
        ref: NodeLike,
        max_depth: int | None = None,
        types: Iterable[str] | str | None = None,
        *,
        project: str | None = None,
        limit: int | None = questions.DEFAULT_LIMIT,
        skip: int = 0,
    ) -> ImpactResult:
        """Every run, artifact version and registered model downstream of ``ref``, with the
        registry versions reached and the aliases ("production") that point at them.
        ``types`` keeps only some kinds ("run", "artifact_version", "registered_model")."""
        with self._explained(ref, project=project):
            return _with_requested(self.store, questions.impact(
                self.store, self._start(ref, project), max_depth, limit=limit, skip=skip,
                types=types), ref)  # fmt: skip

    def job_ancestry(
        self,
        ref: NodeLike,
        max_depth: int | None = None,
        *,
        project: str | None = None,
        limit: int | None = questions.DEFAULT_LIMIT,
        skip: int = 0,
    ) -> JobLevelResult:
        """:meth:`ancestry` at the job level: runs folded into their jobs (project and job
        type: an OpenLineage job's namespace and name) and artifact versions into their
        artifacts, each with its members and the smallest distance among them."""
        with self._explained(ref, project=project):
            return levels.job_walk(self.store, "upstream", self._start(ref, project),
                                   max_depth, limit, skip)  # fmt: skip

    def job_impact(
        self,
        ref: NodeLike,
        max_depth: int | None = None,
        *,
        project: str | None = None,
        limit: int | None = questions.DEFAULT_LIMIT,
        skip: int = 0,
    ) -> JobLevelResult:
        """:meth:`impact` at the job level (see :meth:`job_ancestry`)."""
        with self._explained(ref, project=project):
            return levels.job_walk(self.store, "downstream", self._start(ref, project),
                                   max_depth, limit, skip)  # fmt: skip

    def column_ancestry(
        self,
        ref: str,
        column: str,
        max_depth: int | None = None,
        *,
        project: str | None = None,
        limit: int | None = columns.DEFAULT_LIMIT,
        skip: int = 0,
    ) -> ColumnLineageResult:
        """Every column upstream of ``column`` of the dataset ``ref``
        (``dataset:<namespace>/<name>`` or an artifact ref): the columns it derives from,
        across any number of hops, nearest first, with the derivations (transformation
        types) that lead to it. From OpenLineage ``columnLineage`` facets."""
        return columns.column_walk(self.store, "upstream", ref, column, max_depth, limit, skip,
                                   project)  # fmt: skip

    def column_impact(
        self,
        ref: str,
        column: str,
        max_depth: int | None = None,
        *,
        project: str | None = None,
        limit: int | None = columns.DEFAULT_LIMIT,
        skip: int = 0,
    ) -> ColumnLineageResult:
        """Every column downstream of ``column`` of the dataset ``ref``: what depends on it
        (``datasets`` lists the datasets those columns belong to): the "we are dropping
        this column" question."""
        return columns.column_walk(self.store, "downstream", ref, column, max_depth, limit,
                                   skip, project)  # fmt: skip

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
            for page in questions.lineage_pages(self.store, "upstream",
                                                self._start(ref, project), max_depth, types,
                                                page_size):  # fmt: skip
                yield _with_requested(self.store, page, ref)

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
                yield _with_requested(self.store, page, ref)

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


def _with_requested(store: Store, result: R, ref: NodeLike) -> R:
    """The answer, saying which alias was asked for (``production → model:v2``), and for
    each version, the aliases the answer's runs used it by (``mnist_dataset:latest``)."""
    update: dict[str, Any] = {}
    if isinstance(ref, str) and names_an_alias(ref.strip()):
        update["requested"] = ref.strip()
    everything = [result.root, *result.nodes]
    runs = [n.key for n in everything if n.kind == "run"]
    versions = [n.key for n in everything if n.kind == "artifact_version"]
    if runs and versions:
        asked: dict[str, list[str]] = {}
        for row in store.read(queries.list_used_requests(run_ids=runs, version_keys=versions)):
            for text in row["requested"]:
                if names_an_alias(text) and text not in asked.setdefault(row["version_key"], []):
                    asked[row["version_key"]].append(text)
        if asked:
            update["nodes"] = [n.model_copy(update={"requested": asked[n.key]})
                               if n.kind == "artifact_version" and n.key in asked else n
                               for n in result.nodes]  # fmt: skip
    return result.model_copy(update=update) if update else result


def _listing(function: Callable[..., T], store: Store, filters: dict[str, Any]) -> T:
    parameters = inspect.signature(function).parameters
    unknown = sorted(set(filters) - set(parameters) - {"store"})
    if unknown:
        known = ", ".join(name for name in parameters if name != "store")
        raise InvalidInputError(f"unknown filter {', '.join(unknown)}; known: {known}")
    return function(store, **filters)
