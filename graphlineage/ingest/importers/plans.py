"""The runs an importer writes, and how: each source item becomes a :class:`Plan` (a run with
its start, the versions it logs and uses, a registry link, its end), and :class:`PlanWriter`
writes plans through the batched writer in passes: the runs not in the graph yet start
(renamed once if the name is taken), then every output is logged, then every input is used
by number (all versions are in by then, whichever run made them) and the runs end. A run
whose fingerprint (what the importer saw of it) is the one the graph keeps is skipped; a run
imported before gets only what it lacks, with event ids above its last one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
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
    RunState,
    make,
)
from graphlineage.core.limits import DEFAULT_BATCH
from graphlineage.errors import GraphlineageError
from graphlineage.graph import queries
from graphlineage.graph.store import Store
from graphlineage.graph.writer import Outcome, Writer
from graphlineage.ingest.importers.common import IdSequence, ImportReport, valid_run_name

__all__ = ["Item", "Plan", "PlanWriter", "at", "unique_names"]

_CHUNK = 1000


def at(ms: int) -> datetime:
    """Milliseconds since the epoch (how MLflow and ML Metadata keep times) as a datetime."""
    return datetime.fromtimestamp(max(ms, 0) / 1000, tz=UTC)


@dataclass
class Item:
    """A version a run logs or uses: ``artifact`` is its key "project/name"."""

    project: str
    name: str
    type: str
    digest: str
    label: str  # how warnings name it
    metadata: dict[str, Any] = field(default_factory=dict)
    at_ms: int = 0
    requested: str = ""

    @property
    def artifact(self) -> str:
        return f"{self.project}/{self.name}"

    @property
    def token(self) -> str:
        return f"{self.artifact}@{self.digest}"


@dataclass
class Plan:
    """One run to write (an MLflow run, or a dataset's or a registry link's small run)."""

    seed: str
    graph_id: str
    project: str
    name: str | None
    label: str
    start_ms: int
    started: dict[str, Any]  # RunStarted fields besides the ids, project, name and time
    external_id: str
    experiment_id: str | None = None
    user: str | None = None
    parent: str | None = None  # the source's id of the parent run
    outputs: list[Item] = field(default_factory=list)
    inputs: list[Item] = field(default_factory=list)
    link: dict[str, Any] | None = None  # ArtifactLinked fields (registry runs)
    linked: Item | None = None  # the version it links (registry runs)
    number: int | None = None  # the source registry's version number
    final: RunState | None = None
    end_ms: int | None = None
    summary: dict[str, Any] = field(default_factory=dict)
    fingerprint: str = ""
    kind: str = "runs"  # what the report counts it as
    # filled in while writing
    existing: dict[str, Any] | None = None
    ids: IdSequence | None = None
    failed: bool = False



class PlanWriter:
    """Writes plans (see the module's docstring); ``source`` is what runs are marked with
    (``mlflow``, ``mlmd``), ``parent_of`` gives a plan's parent run id (or None)."""

    def __init__(self, store: Store, report: ImportReport, source: str,
                 parent_of: Callable[[Plan], str | None] = lambda plan: None,
                 batch_size: int = DEFAULT_BATCH) -> None:  # fmt: skip
        self.store = store
        self.report = report
        self.source = source
        self.parent_of = parent_of
        self.writer = Writer(store, batch_size)
        self.links: list[dict[str, Any]] = []  # registry links written: their source numbers

    def apply(self, labelled: Iterable[tuple[Event, Plan, str]]) -> list[tuple[Outcome, Plan]]:
        pairs = list(labelled)
        done = []
        outcomes = self.writer.iter_apply(event for event, _, _ in pairs)
        for (event, plan, what), outcome in zip(pairs, outcomes, strict=True):
            done.append((outcome, plan))
            if outcome.replayed:
                self.report.count("events", "replayed")
            elif outcome.applied:
                self.report.count("events", "applied")
            elif outcome.status == "name_taken" and isinstance(event, RunStarted):
                pass  # renamed and tried again
            else:
                self.report.count("events", "refused")
                self.report.warn(f"{plan.label}: {what} not written: {outcome.error}")
                if isinstance(event, RunStarted):
                    plan.failed = True
        return done

    def existing(self, plans: Sequence[Plan]) -> None:
        ids = [plan.graph_id for plan in plans]
        for start in range(0, len(ids), _CHUNK):
            rows = self.store.read(queries.list_imported_runs(ids=ids[start:start + _CHUNK]))
            known = {row["id"]: row for row in rows}
            for plan in plans[start:start + _CHUNK]:
                plan.existing = dict(known[plan.graph_id]) if plan.graph_id in known else None

    def versions(self, items: Iterable[Item]) -> dict[str, int]:
        """token -> version number, for the items that are in the graph."""
        pairs = list({i.token: {"artifact": i.artifact, "digest": i.digest} for i in items}
                     .values())  # fmt: skip
        found: dict[str, int] = {}
        for start in range(0, len(pairs), _CHUNK):
            rows = self.store.read(queries.list_versions_by_digest(
                pairs=pairs[start:start + _CHUNK]))
            for row in rows:
                found[f"{row['artifact']}@{row['digest']}"] = row["index"]
        return found

    def started_event(self, plan: Plan) -> RunStarted:
        assert plan.ids is not None
        return make(RunStarted, event_id=plan.ids.next(plan.start_ms, "run_started"),
                    run_id=plan.graph_id, project=plan.project, name=plan.name,
                    at=at(plan.start_ms), **plan.started)  # fmt: skip

    def logged_event(self, plan: Plan, item: Item) -> ArtifactLogged:
        assert plan.ids is not None
        when = max(item.at_ms, plan.start_ms)
        return make(ArtifactLogged, event_id=plan.ids.next(when, f"logged|{item.token}"),
                    run_id=plan.graph_id, at=at(when), project=item.project, name=item.name,
                    type=item.type, metadata=item.metadata, digest=item.digest, size=0,
                    file_count=0, manifest="[]")  # fmt: skip

    def write(self, plans: list[Plan]) -> None:
        """Write the plans' runs: start (renaming on a clash), outputs, inputs, end."""
        self.existing(plans)
        todo: list[Plan] = []
        for plan in plans:
            old = plan.existing
            if old is not None and old.get("fingerprint") == plan.fingerprint:
                self.report.count("unchanged", plan.kind)
                continue
            plan.ids = IdSequence(plan.seed, old["last_event"] if old else None)
            todo.append(plan)
        # 1. the runs not in the graph yet: started (a name taken: once more, renamed)
        fresh = [plan for plan in todo if plan.existing is None]
        starts = []
        for plan in fresh:
            try:
                starts.append((self.started_event(plan), plan, "the run"))
            except GraphlineageError as exc:
                self.report.warn(f"{plan.label}: not imported: {exc}")
                plan.failed = True
        clashes = [(o, p) for o, p in self.apply(starts) if o.status == "name_taken"]
        again = []
        for _, plan in clashes:
            plan.name = valid_run_name(f"{plan.name or 'run'}"[:118] + f"-{plan.external_id[:8]}")
            plan.ids = IdSequence(plan.seed)
            again.append((self.started_event(plan), plan, "the run"))
        for outcome, plan in self.apply(again):
            if outcome.status == "name_taken":
                plan.failed = True
                self.report.count("events", "refused")
                self.report.warn(f"{plan.label}: not written: {outcome.error}")
        todo = [plan for plan in todo if not plan.failed]
        # 2. what the runs logged
        logged = []
        for plan in todo:
            had = set(plan.existing["outputs"]) if plan.existing else set()
            new = [item for item in plan.outputs if item.token not in had]
            if new and plan.existing and plan.existing["status"] != "running":
                self.report.warn(f"{plan.label}: {len(new)} outputs logged in the source "
                                 "after the run ended in the graph: not imported")  # fmt: skip
                continue
            for item in new:
                try:
                    logged.append((self.logged_event(plan, item), plan, item.label))
                except GraphlineageError as exc:
                    self.report.warn(f"{plan.label}: {item.label} not imported: {exc}")
        self.apply(logged)
        # 3. what they used (by number, now that every version is in), and their end
        numbers = self.versions(i for plan in todo for i in plan.inputs)
        rest: list[tuple[Event, Plan, str]] = []
        for plan in todo:
            assert plan.ids is not None
            old = plan.existing
            had = set(old["inputs"]) if old else set()
            new = [item for item in plan.inputs if item.token not in had]
            if new and old and old["status"] != "running":
                self.report.warn(f"{plan.label}: {len(new)} inputs logged in the source "
                                 "after the run ended in the graph: not imported")  # fmt: skip
                new = []
            for item in new:
                if item.token not in numbers:
                    self.report.warn(f"{plan.label}: uses {item.label}, which is not in the "
                                     "graph (not imported)")  # fmt: skip
                    continue
                index = numbers[item.token]
                rest.append((make(
                    ArtifactUsed, event_id=plan.ids.next(plan.start_ms, f"used|{item.token}"),
                    run_id=plan.graph_id, at=at(plan.start_ms), project=item.project,
                    name=item.name, selector=f"v{index}", type=item.type,
                    requested=item.requested or f"{item.artifact}:v{index}"),
                    plan, f"the use of {item.label}"))  # fmt: skip
            if plan.link is not None:
                rest.append((make(ArtifactLinked, event_id=plan.ids.next(plan.start_ms, "link"),
                                  run_id=plan.graph_id, at=at(plan.start_ms), **plan.link),
                             plan, "the link"))  # fmt: skip
            if plan.final is not None:
                end = max(plan.end_ms or plan.start_ms, plan.start_ms)
                try:
                    rest.append((make(RunFinished, event_id=plan.ids.next(end, "finished"),
                                      run_id=plan.graph_id, at=at(end), status=plan.final,
                                      summary=plan.summary), plan, "the end"))  # fmt: skip
                except GraphlineageError as exc:
                    self.report.warn(f"{plan.label}: end not imported: {exc}")
            elif old and old["status"] != "running":
                self.report.warn(f"{plan.label}: running again in the source, ended in the graph")
        for outcome, plan in self.apply(rest):
            if isinstance(outcome.event, ArtifactLinked) and outcome.applied:
                assert plan.linked is not None
                self.links.append({"model": outcome.event.registered_model,
                                   "artifact": plan.linked.artifact,
                                   "digest": plan.linked.digest, "number": plan.number})
        # 4. where the runs came from, and their parents
        marks = []
        for plan in todo:
            self.report.count("updated" if plan.existing else "written", plan.kind)
            marks.append({"id": plan.graph_id, "source": self.source,
                          "external_id": plan.external_id, "experiment_id": plan.experiment_id,
                          "user": plan.user, "fingerprint": plan.fingerprint,
                          "parent": self.parent_of(plan)})  # fmt: skip
        for start in range(0, len(marks), _CHUNK):
            self.store.write(queries.mark_imported_runs(runs=marks[start:start + _CHUNK]))


    def mark_links(self) -> None:
        """Note the source registry's number on each link written."""
        for start in range(0, len(self.links), _CHUNK):
            self.store.write(queries.mark_registry_links(links=self.links[start:start + _CHUNK]))


def unique_names(plans: list[Plan]) -> None:
    """Runs that share a name in the source get their source id's start after it (the first
    keeps the name), as a run name is unique in a graphlineage project."""
    seen: dict[tuple[str, str], int] = {}
    for plan in plans:
        if plan.name is None:
            continue
        key = (plan.project, plan.name)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            plan.name = valid_run_name(plan.name[:118] + f"-{plan.external_id[:8]}")
