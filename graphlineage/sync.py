"""``graphlineage sync``: replay offline journals into Neo4j, idempotently.

Each event is written in its own transaction and recorded on its run, so replaying a journal
again, or one that was half-synced before a crash, writes only what is missing. A journal
whose run uses an artifact that another journal produces may fail on the first pass; sync
retries failed journals while any pass makes progress.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graphlineage.errors import GraphlineageError, InvalidInputError
from graphlineage.journal import journals, mark_synced, read_journal
from graphlineage.store import Store
from graphlineage.writer import Writer


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


def sync_journal(store: Store, path: Path) -> SyncReport:
    contents = read_journal(path)
    report = SyncReport(path, events=len(contents.events), torn=contents.torn,
                        errors=tuple(contents.errors))  # fmt: skip
    writer = Writer(store)
    for event in contents.events:
        try:
            if writer.replay(event):
                report.applied += 1
            else:
                report.skipped += 1
        except GraphlineageError as exc:
            report.failure = f"{type(exc).__name__}: {exc}"
            return report
    report.path = mark_synced(path)
    report.synced = True
    return report


def sync(store: Store, path: Path, include_synced: bool = False) -> list[SyncReport]:
    """Replay every journal at ``path`` (a journal file or a directory of them)."""
    if not path.exists():
        raise InvalidInputError(f"no journal at {path}")
    pending = journals(path, include_synced)
    reports: dict[Path, SyncReport] = {}
    while pending:
        failed = []
        for journal in pending:
            report = sync_journal(store, journal)
            reports[journal] = report
            if not report.synced:
                failed.append(journal)
        if len(failed) == len(pending):
            break
        pending = failed
    return list(reports.values())
