"""``graphlineage sync``: replay offline journals into Neo4j, idempotently and in bulk.

All pending journals go through the batched writer together (a batch is one transaction).
Each run remembers the last event applied to it, so a journal replayed again, or one whose
sync was cut off, writes only what is missing. A journal is a run's history in order: when
one of its events is refused (it uses an artifact that another journal produces, say), the
run's later events are held back and the journal stays unsynced; sync passes again while a
pass makes progress. Lines that cannot be read are kept in ``<journal>.rejected`` and the
journal is never marked synced, so nothing is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graphlineage.errors import InvalidInputError
from graphlineage.journal import JournalContents, journals, keep_rejected, mark_synced, read_journal
from graphlineage.store import Store
from graphlineage.writer import Outcome, Writer


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


def sync(store: Store, path: Path, include_synced: bool = False) -> list[SyncReport]:
    """Replay every journal at ``path`` (a journal file or a directory of them)."""
    if not path.exists():
        raise InvalidInputError(f"no journal at {path}")
    contents = {journal: read_journal(journal) for journal in journals(path, include_synced)}
    reports = {journal: _report(journal, read) for journal, read in contents.items()}
    writer = Writer(store)
    applied: set[str] = set()  # event ids written by this sync (any pass)
    pending = list(contents)
    while pending:
        events = [event for journal in pending for event in contents[journal].events]
        outcomes = iter(writer.apply_many(events, hold_runs=True))
        failed = []
        for journal in pending:
            report = reports[journal]
            report.applied = report.skipped = 0
            report.failure = None
            for _ in contents[journal].events:
                _count(report, next(outcomes), applied)
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
            break
        pending = failed
    return list(reports.values())


def _report(journal: Path, read: JournalContents) -> SyncReport:
    return SyncReport(journal, events=len(read.events), torn=read.torn,
                      errors=tuple(read.errors))  # fmt: skip


def _count(report: SyncReport, outcome: Outcome, applied: set[str]) -> None:
    event_id = outcome.event.event_id
    if outcome.status == "ok":
        applied.add(event_id)
    if outcome.applied:
        if event_id in applied:
            report.applied += 1
        else:
            report.skipped += 1
    elif report.failure is None and outcome.error is not None:
        report.failure = f"{type(outcome.error).__name__}: {outcome.error}"
