"""``ingest openlineage``, ``serve`` and ``sync``: lineage from other tools and from the
offline journal."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import click

from graphlineage.cli.context import Env, pass_env
from graphlineage.cli.listen import host_option, run_web_app
from graphlineage.cli.progress import Progress
from graphlineage.errors import InvalidInputError
from graphlineage.ingest.openlineage import read_events


@click.group()
def ingest() -> None:
    """Bring lineage in from other tools."""


@ingest.command()
@click.argument("source", type=click.File("r", encoding="utf-8"))
@pass_env
def openlineage(env: Env, source: TextIO) -> None:
    """Ingest OpenLineage events from SOURCE ("-" for stdin): one event (pretty-printed or
    not), a JSON array of events, or NDJSON. RunEvents, JobEvents and DatasetEvents are taken.

    Valid events are written even when others are rejected; each rejected event is named by
    its line (or array position) and reason, and the exit code is 3 if any was rejected.
    """
    text = source.read()
    label = "item" if text.lstrip().startswith("[") else "line"
    with Progress("events") as progress:
        report = env.lineage.ingest_openlineage(_checked(read_events(text)), label,
                                                progress.advance)  # fmt: skip
    for problem in report.rejected:
        click.echo(f"rejected {problem}", err=True)
    click.echo(f"Ingested {report.ingested} events, rejected {len(report.rejected)}.")
    if report.rejected:
        raise InvalidInputError(f"{len(report.rejected)} events were rejected (see above)")


def _checked(items: Iterator[tuple[int, Any]]) -> Iterator[tuple[int, Any]]:
    """Events as read, each one the event reader cannot take safely replaced by its error."""
    from graphlineage.web.guard import check_event_body

    number = 0
    while True:
        try:
            number, item = next(items)
        except StopIteration:
            return
        except RecursionError:
            yield number + 1, InvalidInputError("nested too deeply; the rest was not read")
            return
        if not isinstance(item, InvalidInputError):
            try:
                check_event_body(item)
            except InvalidInputError as exc:
                item = exc
        yield number, item


@click.command()
@host_option
@click.option("--port", type=click.IntRange(1, 65535), default=5000, show_default=True)
@click.option("--max-body", type=click.IntRange(min=1024), default=1024 * 1024,
              show_default=True, help="Largest request body in bytes.")  # fmt: skip
@pass_env
def serve(env: Env, host: str, port: int, max_body: int) -> None:
    """Receive OpenLineage events over HTTP (POST /api/v1/lineage, as the OpenLineage HTTP
    transport sends them); GET /api/v1/health says whether Neo4j answers.

    With GRAPHLINEAGE_API_KEY set, requests need "Authorization: Bearer <key>".
    """
    run_web_app(env, host, port, f"Listening on http://{host}:{port}/api/v1/lineage "
                "({key}); Ctrl+C stops.", max_body=max_body)  # fmt: skip


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--all", "include_synced", is_flag=True,
              help="Replay journals marked synced too (nothing is written twice).")  # fmt: skip
@pass_env
def sync(env: Env, path: Path | None, include_synced: bool) -> None:
    """Replay offline journals into Neo4j: PATH is a journal file or a directory of them
    (default: GRAPHLINEAGE_JOURNAL_DIR). Synced journals are renamed *.jsonl.synced."""
    lineage = env.lineage
    path = path or lineage.settings.journal_dir
    if not path.exists():
        click.echo(f"No journals at {path}.")
        return
    with Progress("events") as shown:
        reports = lineage.sync(path, include_synced, shown.advance)
    failed = 0
    for report in reports:
        state = "synced" if report.synced else "NOT synced"
        click.echo(f"{report.path.name}: {state}: {report.applied} events written, "
                   f"{report.skipped} already there (of {report.events})")  # fmt: skip
        for note in ((report.torn and f"torn last line dropped: {report.torn}"),
                     *report.errors, report.failure, report.note):  # fmt: skip
            if note:
                click.echo(f"  {note}", err=True)
        failed += not report.synced
    refused = sum(report.refused for report in reports)
    click.echo(f"{len(reports) - failed} of {len(reports)} journals synced"
               + (f"; {refused} events refused (see the .refused files)." if refused else "."))
    if failed or refused:
        sys.exit(1)
