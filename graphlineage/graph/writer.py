"""Writes capture events to Neo4j: one statement (``cypher/apply_events.cypher``) and one
commit for one event or for a whole batch.

``apply(event)`` is the job path: one round trip, and the typed error of a refusal.
``apply_many(events)`` is every bulk path (sync, ``import events``, async delivery): the events
go in batches, each batch one transaction; inside it they apply in order, exactly as they would
one by one. A refused event writes nothing and is reported in its ``Outcome``; a batch that
fails as a whole (a constraint race with another writer) is split and retried, so one bad event
never loses the others. Replays are idempotent: a run keeps the id of the last event applied
to it (ids are UUIDv7, so they grow with time), and an event whose id is not above it was
applied before and changes nothing; every path applies a run's events in the order made.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graphlineage.core.events import (
    ArtifactLinked,
    ArtifactLogged,
    Event,
    RunFinished,
    RunStarted,
    RunUpdated,
)
from graphlineage.core.limits import DEFAULT_BATCH
from graphlineage.core.models import ArtifactVersionInfo, EventResult, RegistryVersion, RunInfo
from graphlineage.errors import ConflictError, GraphlineageError
from graphlineage.graph import queries
from graphlineage.graph.batching import batches, isolate
from graphlineage.graph.event_rows import (
    APPLIED,
    NO_LOCKS,
    lock_order,
    refusal,
    row,
)
from graphlineage.graph.store import Store, Tx

__all__ = ["DEFAULT_BATCH", "Outcome", "Writer"]



@dataclass(frozen=True)
class Outcome:
    """What became of one event: applied (``ok``), applied before (``replayed``), or refused
    (``error`` says why; nothing was written for it)."""

    event: Event
    status: str
    result: EventResult | None = None
    error: GraphlineageError | None = None

    @property
    def applied(self) -> bool:
        return self.status in APPLIED

    @property
    def replayed(self) -> bool:
        return self.status == "replayed"


def _result(event: Event, answer: Mapping[str, Any]) -> EventResult | None:
    if isinstance(event, (RunStarted, RunFinished, RunUpdated)):
        return RunInfo.from_row(answer["run"]) if answer["run"] else None
    if isinstance(event, ArtifactLinked):
        return RegistryVersion(**answer["registry"]) if answer["registry"] else None
    return ArtifactVersionInfo.from_row(answer["version"]) if answer["version"] else None


class Writer:
    """Applies events to the graph."""

    def __init__(self, store: Store, batch_size: int = DEFAULT_BATCH) -> None:
        self.store = store
        self.batch_size = batch_size

    def apply(self, event: Event) -> EventResult:
        """Write one event in one statement; return what it made (run, version, link), or
        raise the typed error of a refusal (nothing is written then)."""
        (outcome,) = self._write([event], answers=True)
        if outcome.error is not None:
            raise outcome.error
        if outcome.result is None:  # a replay whose result cannot be found any more
            raise GraphlineageError(f"event {event.event_id} was applied before")
        return outcome.result

    def apply_many(
        self, events: Iterable[Event], *, answers: bool = False, hold_runs: bool = False
    ) -> list[Outcome]:
        """Write events in batches of ``batch_size``, each one transaction, in order; one
        outcome per event. ``answers`` also decodes what each event made (slower).

        By default a refused event does not stop the events after it, as when the same
        events are applied one by one. ``hold_runs`` (journal sync) holds back the later
        events of a run whose event was refused (status ``held``): a journal is a run's
        history, to be applied in order or not yet."""
        return list(self.iter_apply(events, answers=answers, hold_runs=hold_runs))

    def iter_apply(
        self, events: Iterable[Event], *, answers: bool = False, hold_runs: bool = False
    ) -> Iterator[Outcome]:
        """:meth:`apply_many` as a stream: each batch is written as the events arrive and
        its outcomes yielded, so a load of any size holds one batch in memory."""
        for batch in batches(events, self.batch_size, _weight):
            if hold_runs:
                yield from self._holding(batch, answers)
            else:
                yield from self._isolated(batch, answers)

    def _holding(self, batch: Sequence[Event], answers: bool) -> list[Outcome]:
        held: dict[int, Outcome] = {}
        while True:
            todo = [i for i in range(len(batch)) if i not in held]
            try:
                outcomes = self._isolated([batch[i] for i in todo], answers, hold=True)
            except _Hold as hold:
                for position in todo:
                    event = batch[position]
                    if event.event_id in hold.event_ids:
                        held[position] = Outcome(event, "held", error=GraphlineageError(
                            f"not applied: an earlier event of run {event.run_id} was "
                            "refused"))
                continue
            merged = dict(zip(todo, outcomes, strict=True)) | held
            return [merged[i] for i in range(len(batch))]

    def _isolated(
        self, batch: Sequence[Event], answers: bool, hold: bool = False
    ) -> list[Outcome]:
        return isolate(
            batch,
            lambda part: self._write(part, answers, hold),
            lambda event, exc: Outcome(event, "failed", error=_failure(event, exc)),
        )

    def _write(self, batch: Sequence[Event], answers: bool, hold: bool = False) -> list[Outcome]:
        rows = [row(event) for event in batch]
        locks = lock_order(rows) if len(rows) > 1 else NO_LOCKS

        def work(tx: Tx) -> list[queries.ApplyEventsRow]:
            answered = tx.run_built(queries.apply_events(events=rows, answers=answers,
                                                         locks=locks))  # fmt: skip
            if hold:
                late = _applied_after_refusal(batch, answered)
                if late:
                    raise _Hold(late)  # rolls the transaction back
            return answered

        try:
            answered = self.store.transaction(work)
        except ConflictError as exc:
            if len(batch) == 1:
                raise _failure(batch[0], exc) from exc
            raise
        outcomes = []
        for answer in answered:
            event = batch[answer["index"]]
            status = answer["status"]
            if status in APPLIED:
                result = _result(event, answer) if answers else None
                outcomes.append(Outcome(event, status, result))
            else:
                outcomes.append(Outcome(event, status, error=refusal(event, status,
                                                                     answer["detail"])))
        return outcomes


def _weight(event: Event) -> int:
    """Roughly how many bytes an event puts on the wire (its big texts)."""
    if isinstance(event, ArtifactLogged):
        return 200 + len(event.manifest) + 64 * len(event.metadata)
    if isinstance(event, RunStarted):
        return 200 + 64 * len(event.config)
    if isinstance(event, RunUpdated):
        return 200 + 64 * (len(event.config or {}) + len(event.summary or {}))
    return 200


class _Hold(Exception):
    """Events of a refused run were applied after the refusal: roll back, hold them."""

    def __init__(self, event_ids: set[str]) -> None:
        super().__init__(event_ids)
        self.event_ids = event_ids


def _applied_after_refusal(
    batch: Sequence[Event], answered: Sequence[Mapping[str, Any]]
) -> set[str]:
    refused: set[str] = set()
    late: set[str] = set()
    for answer in answered:
        event = batch[answer["index"]]
        if event.run_id in refused:
            if answer["status"] == "ok":
                late.add(event.event_id)
        elif answer["status"] not in APPLIED:
            refused.add(event.run_id)
    return late


def _failure(event: Event, exc: GraphlineageError) -> GraphlineageError:
    """The error of one event whose transaction failed: a run name taken by a concurrent
    writer reads as the same ConflictError as one taken before."""
    if isinstance(exc, ConflictError) and isinstance(event, RunStarted) and event.name:
        return refusal(event, "name_taken", {"name": event.name, "project": event.project})
    return exc
