"""``import events --initial``: the first load of a large event history into the empty
database of the local server, with Neo4j's offline importer (graphlineage.bulk).

``import_events_initial`` is a click command of its own; ``run_initial_import`` is its body,
for an ``import events`` command whose ``--initial`` flag hands over to it.
"""

from __future__ import annotations

from typing import BinaryIO

import click

from graphlineage.bulk.admin_import import ImportReport, initial_import
from graphlineage.bulk.ndjson import EventLines
from graphlineage.cli.context import Env, pass_env, progress
from graphlineage.errors import InvalidInputError
from graphlineage.settings import Settings, load_settings

_SHOWN = 20


def run_initial_import(settings: Settings, source: BinaryIO, *, keep_csv: bool = False,
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


@click.command("events")
@click.argument("source", type=click.File("rb"))
@click.option("--keep-csv", is_flag=True, help="Keep the importer's CSV files and log.")
@click.option("--heap", default="1g", show_default=True, help="JVM heap of neo4j-admin.")
@click.option("--max-off-heap", default="2g", show_default=True,
              help="Off-heap memory neo4j-admin may use.")  # fmt: skip
@pass_env
def import_events_initial(env: Env, source: BinaryIO, keep_csv: bool, heap: str,
                          max_off_heap: str) -> None:
    """Load graphlineage event NDJSON from SOURCE ("-" for stdin) into the EMPTY database of
    the local server with neo4j-admin's offline importer: the same graph as applying the
    events one by one, much faster. The server is stopped during the import and runs again
    after it. Refused events (as the online writer would refuse them) and lines that are not
    events are reported; the exit code is 3 if there were any."""
    run_initial_import(load_settings(**env.settings_overrides()), source, keep_csv=keep_csv,
                       heap=heap, max_off_heap=max_off_heap)  # fmt: skip
