"""``graphlineage sync``: replay offline journals into Neo4j, idempotently and in bulk.

All pending journals go through the batched writer together (a batch is one transaction).
Each run remembers the last event applied to it, so a journal replayed again, or one whose
sync was cut off, writes only what is missing. A journal is a run's history in order: when
one of its events is refused (it uses an artifact that another journal produces, say), the
run's later events are held back and the journal stays unsynced; sync passes again while a
pass makes progress. When no journal waits for another any more, what is still refused would
have been refused online too (an alias that never existed): those events are set aside with
their reasons in ``<journal>.refused`` and the rest is applied, as the job itself would have
had it online. Lines that cannot be read are kept in ``<journal>.rejected`` and the
journal is never marked synced, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from graphlineage.capture.journal import (
    JournalContents,
    journals,
    keep_refused,
    keep_rejected,
    mark_synced,
    read_journal,
)
from graphlineage.errors import InvalidInputError
from graphlineage.graph.store import Store
from graphlineage.graph.writer import Outcome, Writer


@dataclass
class SyncReport:
    path: Path
    events: int = 0
    applied: int = 0
    skipped: int = 0
    torn: str | None = None
    errors: tuple[str, ...] = ()
    failure: str | None = None
    synced: bool = False
    refused: int = 0  # events refused for good and set aside in <journal>.refused
    note: str | None = None


def sync(
    store: Store,
    path: Path,
    include_synced: bool = False,
    advance: Callable[[int], None] = lambda count: None,
) -> list[SyncReport]:
    """Replay every journal at ``path`` (a journal file or a directory of them);
    ``advance(1)`` for each event written or found (a progress line)."""
    if not path.exists():
        raise InvalidInputError(f"no journal at {path}")
    contents = {journal: read_journal(journal) for journal in journals(path, include_synced)}
    reports = {journal: _report(journal, read) for journal, read in contents.items()}
    writer = Writer(store)
    applied: set[str] = set()  # event ids written by this sync (any pass)
    pending = list(contents)
    holding = True
    while pending:
        events = [event for journal in pending for event in contents[journal].events]
        outcomes = _counted(writer.iter_apply(events, hold_runs=holding), advance)
        failed = []
        for journal in pending:
            report = reports[journal]
            report.applied = report.skipped = 0
            report.failure = None
            refused = [outcome for outcome in (next(outcomes) for _ in contents[journal].events)
                       if not _count(report, outcome, applied)]  # fmt: skip
            if not holding:
                _set_aside(journal, report, refused)
            if report.failure is None and contents[journal].errors:
                kept = keep_rejected(journal, contents[journal].bad_lines)
                report.failure = (f"{len(contents[journal].errors)} unreadable lines kept in "
                                  f"{kept.name}; fix or remove them, then sync again")  # fmt: skip
            if report.failure is None:
                report.path = mark_synced(journal)
                report.synced = True
            else:
                failed.append(journal)
        if len(failed) == len(pending):
            if not holding:
                break
            # No journal waits for another any more: what is still refused would have been
            # refused online too. Apply the rest as one by one, setting those events aside.
            holding = False
        pending = failed
    return list(reports.values())


def _counted(outcomes: Iterator[Outcome], advance: Callable[[int], None]) -> Iterator[Outcome]:
    for outcome in outcomes:
        advance(1)
        yield outcome


def _set_aside(journal: Path, report: SyncReport, refused: list[Outcome]) -> None:
    """Events refused for good (an alias that never existed, a cycle, a run already
    finished): kept with their reasons in ``<journal>.refused``, as the job would have been
    told online; the journal is done. A journal whose run does not exist stays unsynced."""
    if any(outcome.status == "run_missing" for outcome in refused):
        return
    report.failure = None
    lost = [outcome for outcome in refused if outcome.status != "held"]
    if lost:
        kept = keep_refused(journal, [(o.event, str(o.error)) for o in lost])
        report.refused = len(lost)
        report.note = f"{len(lost)} events refused, kept with their reasons in {kept.name}"


def _report(journal: Path, read: JournalContents) -> SyncReport:
    return SyncReport(journal, events=len(read.events), torn=read.torn,
                      errors=tuple(read.errors))  # fmt: skip


def _count(report: SyncReport, outcome: Outcome, applied: set[str]) -> bool:
    """Count one outcome; False if the event was not applied."""
    event_id = outcome.event.event_id
    if outcome.status == "ok":
        applied.add(event_id)
    if outcome.applied:
        if event_id in applied:
            report.applied += 1
        else:
            report.skipped += 1
        return True
    if report.failure is None and outcome.error is not None:
        report.failure = f"{type(outcome.error).__name__}: {outcome.error}"
    return False
