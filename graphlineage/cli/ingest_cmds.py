"""``ingest openlineage``, ``serve`` and ``sync``: lineage from other tools and from the
offline journal."""

from __future__ import annotations

import ipaddress
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import click

from graphlineage.cli.context import Env, pass_env, progress
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
    """Ingest OpenLineage RunEvents from SOURCE ("-" for stdin): NDJSON or a JSON array.

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


SERVER_RETRY_TIME = 2.0
"""Seconds serve/ui retry a write while Neo4j is away, before answering 503."""


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


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback needs GRAPHLINEAGE_API_KEY.")
@click.option("--port", type=click.IntRange(1, 65535), default=5000, show_default=True)
@click.option("--max-body", type=click.IntRange(min=1024), default=1024 * 1024,
              show_default=True, help="Largest request body in bytes.")  # fmt: skip
@pass_env
def serve(env: Env, host: str, port: int, max_body: int) -> None:
    """Receive OpenLineage events over HTTP (POST /api/v1/lineage, as the OpenLineage HTTP
    transport sends them); GET /api/v1/health says whether Neo4j answers.

    With GRAPHLINEAGE_API_KEY set, requests need "Authorization: Bearer <key>".
    """
    import uvicorn

    from graphlineage.web.app import create_app
    from graphlineage.web.guard import LOOPBACK_HOSTS

    env.retry_cap = SERVER_RETRY_TIME
    lineage = env.lineage
    key = lineage.settings.api_key.get_secret_value() if lineage.settings.api_key else None
    if not _loopback(host) and not key:
        raise click.UsageError(f"listening on {host} needs GRAPHLINEAGE_API_KEY to be set")
    lineage.connect()  # connect (and apply the schema) before accepting events
    progress(f"Listening on http://{host}:{port}/api/v1/lineage "
             f"({'API key required' if key else 'no API key'}); Ctrl+C stops.")  # fmt: skip
    app = create_app(lineage, key, max_body, allowed_hosts=LOOPBACK_HOSTS if _loopback(host)
                     else None)  # fmt: skip
    uvicorn.run(app, host=host, port=port, log_level="warning")


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
