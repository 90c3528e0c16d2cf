"""The questions a client answers (ancestry, impact, path, subgraph, show, stale) and its
listings, as methods: :class:`graphlineage.client.Lineage` has them from here, each one
resolving its refs and handing the store to :mod:`~graphlineage.query.questions` or
:mod:`~graphlineage.query.listings`."""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any, TypeVar

from graphlineage.core.answers import (
    ArtifactInfo,
    FlagReach,
    ImpactResult,
    LeanLineageResult,
    LineageResult,
    NodeDetails,
    NodeId,
    PathResult,
    RegisteredModelSummary,
    StaleModelVersion,
    Subgraph,
    Taint,
)
from graphlineage.core.change_answers import AncestryDiff, History
from graphlineage.core.column_answers import ColumnLineageResult
from graphlineage.core.job_answers import JobLevelResult
from graphlineage.core.models import ArtifactVersionInfo, RunInfo
from graphlineage.core.refs import names_an_alias
from graphlineage.core.times import as_of_time
from graphlineage.errors import InvalidInputError, NotFoundError
from graphlineage.graph import queries
from graphlineage.graph.store import Store
from graphlineage.query import columns, diff, flags, history, levels, listings, questions, resolve
from graphlineage.query.resolve import NodeLike
from graphlineage.query.starts import Start

T = TypeVar("T")
R = TypeVar("R", bound=LineageResult)
AsOf = datetime | str | None  # an aware datetime or ISO text with a zone


class Asking:
    """Question and listing methods over ``self.store``."""

    @property
    def store(self) -> Store:
        raise NotImplementedError

    def node(self, ref: NodeLike, project: str | None = None, *, as_of: AsOf = None
             ) -> NodeId:  # fmt: skip
        """Which stored node a ref (or a returned object) names; NotFoundError if none.
        ``as_of``: which node it named then (``registry:Model:production`` as of a time is
        the version that served then)."""
        return resolve.node_id(self.store, ref, project, as_of_time(as_of))

    @contextlib.contextmanager
    def _explained(self, *refs: NodeLike, project: str | None,
                   as_of: datetime | None = None) -> Iterator[None]:  # fmt: skip
        """A full version key is asked about without a lookup first; if it names nothing,
        say what does exist instead of a bare "not found"."""
        try:
            yield
        except NotFoundError:
            resolve.explain_missing(self.store, *refs, project=project, as_of=as_of)
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
        as_of: AsOf = None,
    ) -> LineageResult:
        """Every run and artifact version upstream of ``ref``, nearest first, each with its
        distance. ``types`` keeps only some kinds ("run", "artifact_version");
        ``limit``/``skip`` page through big answers (``total``, ``truncated``); ``as_of`` (an
        aware datetime or ISO text) asks about the graph as it stood then."""
        when = as_of_time(as_of)
        with self._explained(ref, project=project, as_of=when):
            return _with_requested(self.store, questions.ancestry(
                self.store, self._start(ref, project, when), max_depth, types, limit=limit,
                skip=skip, as_of=when), ref)  # fmt: skip

    def impact(
        self,
        ref: NodeLike,
        max_depth: int | None = None,
        types: Iterable[str] | str | None = None,
        *,
        project: str | None = None,
        limit: int | None = questions.DEFAULT_LIMIT,
        skip: int = 0,
        as_of: AsOf = None,
    ) -> ImpactResult:
        """Every run, artifact version and registered model downstream of ``ref``, with the
        registry versions reached and the aliases ("production") that point at them.
        ``types`` keeps only some kinds ("run", "artifact_version", "registered_model");
        ``as_of``: as the graph stood then (aliases where they pointed then)."""
        when = as_of_time(as_of)
        with self._explained(ref, project=project, as_of=when):
            answer = _with_requested(self.store, questions.impact(
                self.store, self._start(ref, project, when), max_depth, limit=limit, skip=skip,
                types=types, as_of=when), ref)  # fmt: skip
        taints = flags.tainted_by(self.store, answer.root.id, when)
        return answer.model_copy(update={"tainted_by": taints}) if taints else answer

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
        as_of: AsOf = None,
    ) -> PathResult:
        """The shortest lineage paths between two nodes (in whichever direction data flows);
        ``as_of``: along the edges made by then, between the nodes the refs named then."""
        when = as_of_time(as_of)
        with self._explained(source, target, project=project, as_of=when):
            return questions.path(self.store, self._start(source, project, when),
                                  self._start(target, project, when), limit,
                                  as_of=when)  # fmt: skip

    def ancestry_refs(
        self,
        ref: NodeLike,
        max_depth: int | None = None,
        types: Iterable[str] | str | None = None,
        *,
        project: str | None = None,
        limit: int | None = questions.DEFAULT_LIMIT,
        skip: int = 0,
        as_of: AsOf = None,
    ) -> LeanLineageResult:
        """:meth:`ancestry` as refs, kinds and distances only: ``for ref, kind, distance in
        answer.nodes``. The cheap answer when only identities are needed."""
        when = as_of_time(as_of)
        with self._explained(ref, project=project, as_of=when):
            return questions.lineage_refs(self.store, "upstream",
                                          self._start(ref, project, when), max_depth, types,
                                          limit=limit, skip=skip, as_of=when)  # fmt: skip

    def impact_refs(
        self,
        ref: NodeLike,
        max_depth: int | None = None,
        *,
        project: str | None = None,
        limit: int | None = questions.DEFAULT_LIMIT,
        skip: int = 0,
        as_of: AsOf = None,
    ) -> LeanLineageResult:
        """:meth:`impact` as refs, kinds and distances only (no registry entries)."""
        when = as_of_time(as_of)
        with self._explained(ref, project=project, as_of=when):
            return questions.lineage_refs(self.store, "downstream",
                                          self._start(ref, project, when), max_depth,
                                          limit=limit, skip=skip, as_of=when)  # fmt: skip

    def ancestry_pages(
        self,
        ref: NodeLike,
        max_depth: int | None = None,
        types: Iterable[str] | str | None = None,
        *,
        project: str | None = None,
        page_size: int = questions.DEFAULT_LIMIT,
        as_of: AsOf = None,
    ) -> Iterator[LineageResult]:
        """The whole ancestry, ``page_size`` nodes at a time, streamed from one traversal:
        however big the answer, the client holds one page."""
        when = as_of_time(as_of)
        with self._explained(ref, project=project, as_of=when):
            for page in questions.lineage_pages(self.store, "upstream",
                                                self._start(ref, project, when), max_depth,
                                                types, page_size, as_of=when):  # fmt: skip
                yield _with_requested(self.store, page, ref)

    def impact_pages(
        self,
        ref: NodeLike,
        max_depth: int | None = None,
        *,
        project: str | None = None,
        page_size: int = questions.DEFAULT_LIMIT,
        as_of: AsOf = None,
    ) -> Iterator[ImpactResult]:
        """The whole impact, a page at a time (each page an :class:`ImpactResult` carrying
        the registry versions reached)."""
        when = as_of_time(as_of)
        with self._explained(ref, project=project, as_of=when):
            start = self._start(ref, project, when)
            for page in questions.lineage_pages(self.store, "downstream", start, max_depth,
                                                page_size=page_size, as_of=when):  # fmt: skip
                assert isinstance(page, ImpactResult)
                yield _with_requested(self.store, page, ref)

    def _start(self, ref: NodeLike, project: str | None, as_of: datetime | None = None
               ) -> Start:  # fmt: skip
        return resolve.start_of(self.store, ref, project, as_of)

    def subgraph(
        self,
        ref: NodeLike,
        up: int = 1,
        down: int = 1,
        *,
        project: str | None = None,
        limit: int = questions.DEFAULT_SUBGRAPH_LIMIT,
        as_of: AsOf = None,
    ) -> Subgraph:
        """Nodes and edges within ``up`` levels upstream and ``down`` downstream of ``ref``
        (the edges made by ``as_of``, if given)."""
        when = as_of_time(as_of)
        with self._explained(ref, project=project, as_of=when):
            return questions.subgraph(self.store, self.node(ref, project, as_of=when), up, down,
                                      limit, as_of=when)  # fmt: skip

    def show(
        self, ref: NodeLike, *, project: str | None = None,
        limit: int = questions.DEFAULT_SUBGRAPH_LIMIT, as_of: AsOf = None,
    ) -> NodeDetails:
        """Everything stored on a run, artifact version or registered model, and its
        neighbours one edge away (inputs, outputs, consumers, registry links), with the
        flags that taint it. ``as_of``: the node that the ref named then, its neighbours
        and taints as they stood then (its own properties are shown as they are now)."""
        when = as_of_time(as_of)
        with self._explained(ref, project=project, as_of=when):
            node = self.node(ref, project, as_of=when)
            details = questions.details(self.store, node, limit, as_of=when)
        taints = flags.tainted_by(self.store, node, when)
        return details.model_copy(update={"tainted_by": taints}) if taints else details

    def tainted_by(self, ref: NodeLike, *, project: str | None = None, as_of: AsOf = None
                   ) -> list[Taint]:  # fmt: skip
        """The active flags on ``ref`` or upstream of it (nearest first), each with the path
        from the flagged node: what makes it suspect."""
        when = as_of_time(as_of)
        return flags.tainted_by(self.store, self.node(ref, project, as_of=when), when)

    def flags(self, *, active: bool = True, as_of: AsOf = None) -> list[FlagReach]:
        """The flags (``active=False``: also the lifted ones), oldest first, each with the
        registry versions downstream of the flagged node and their aliases."""
        return flags.flags(self.store, active, as_of_time(as_of))

    def history(self, ref: NodeLike, *, project: str | None = None, as_of: AsOf = None
                ) -> History:  # fmt: skip
        """What happened to ``ref``, oldest first: every move of an alias
        (``reviews-clean:production``) or registry alias (``registry:Model:production``),
        from which holder to which, when and by which run; or a run's start, inputs, outputs,
        links and finish; or a version's creation, consumers, aliases and registry links.
        ``as_of`` leaves out what happened after that time."""
        return history.history(self.store, ref, project, as_of_time(as_of))

    def diff(self, a: NodeLike, b: NodeLike, *, project: str | None = None) -> AncestryDiff:
        """What differs between the ancestries of two artifact versions (``model:v7`` and
        ``model:v9``, ``registry:M:v3`` and ``registry:M:v4``): upstream versions on one side
        only, artifacts at different versions on each side (``reviews-clean v1 -> v2``),
        runs of the same job type paired with their config and git commit differences, and
        the depths at which the ancestries differ (``diverges_at``) and meet (``meets_at``)."""
        return diff.diff(self.store, self.node(a, project), self.node(b, project))

    def stale(self, registered_model: str | None = None, *, as_of: AsOf = None
              ) -> list[StaleModelVersion]:  # fmt: skip
        """Registry versions whose upstream data has newer versions by now (or by
        ``as_of``), each with the active flags upstream of it, if any."""
        when = as_of_time(as_of)
        found = questions.stale(self.store, registered_model, when)
        return [entry.model_copy(update={"tainted_by": taints}) if (taints := flags.tainted_by(
                    self.store, NodeId(kind="artifact_version", key=entry.artifact_version),
                    when))
                else entry for entry in found]  # fmt: skip

    # -- listings ------------------------------------------------------------------------
    def runs(self, **filters: Any) -> list[RunInfo]:
        """Runs, newest first. Filters: project, job_type, status, name (substring),
        started_after, started_before (aware datetimes), as_of (the runs started by then);
        skip, limit."""
        return _listing(listings.runs, self.store, filters)

    def artifacts(self, **filters: Any) -> list[ArtifactInfo]:
        """Artifact collections. Filters: project, type, name (substring), as_of (aliases as
        they stood then); skip, limit."""
        return _listing(listings.artifacts, self.store, filters)

    def artifact_versions(self, **filters: Any) -> list[ArtifactVersionInfo]:
        """Artifact versions, newest first. Filters: project, artifact, type, alias, as_of
        (versions made by then, with the aliases they held then); skip, limit."""
        return _listing(listings.artifact_versions, self.store, filters)

    def registered_models(self, **filters: Any) -> list[RegisteredModelSummary]:
        """Registered models with their aliases. Filters: name (substring), as_of (the
        registry aliases as they stood then); skip, limit."""
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
