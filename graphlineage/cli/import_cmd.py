"""``import events --initial``: the first load of a large event history into the empty
database of the local server, with Neo4j's offline importer (graphlineage.bulk)."""

from __future__ import annotations

from typing import IO

import click

from graphlineage.cli.context import progress
from graphlineage.core.settings import Settings
from graphlineage.errors import InvalidInputError
from graphlineage.ingest.event_files import EventLines
from graphlineage.ingest.initial.admin_import import ImportReport, initial_import

_SHOWN = 20


def run_initial_import(settings: Settings, source: IO[bytes], *, keep_csv: bool = False,
                       heap: str = "1g", max_off_heap: str = "2g") -> ImportReport:
    """Import the NDJSON events of ``source``; print what was refused and the summary.
    Raises InvalidInputError (exit 3) at the end if any line or event was rejected."""
    lines = EventLines(source)
    report = initial_import(settings, lines, keep_csv=keep_csv, heap=heap,
                            max_off_heap=max_off_heap, on_phase=progress)  # fmt: skip
    for problem in lines.errors[:_SHOWN]:
        click.echo(f"rejected {problem}", err=True)
    for refusal in report.refusals[:_SHOWN]:
        click.echo(f"refused event {refusal.event_id} ({refusal.kind}): {refusal.reason}",
                   err=True)  # fmt: skip
    hidden = max(0, len(lines.errors) - _SHOWN) + max(0, report.refused - _SHOWN)
    if hidden:
        click.echo(f"... and {hidden} more", err=True)
    click.echo(report.summary())
    if lines.errors or report.refusals:
        raise InvalidInputError(
            f"{len(lines.errors)} lines were not events and {report.refused} events were "
            "refused (see above); everything else was imported"
        )
    return report
