"""``import events``: graphlineage's own event NDJSON (journals, exports) in bulk."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from typing import IO

import click

from graphlineage.cli.context import Env, pass_env
from graphlineage.cli.progress import Progress
from graphlineage.core.limits import DEFAULT_BATCH
from graphlineage.core.settings import load_settings
from graphlineage.errors import InvalidInputError
from graphlineage.ingest.event_files import read_lines


@click.group("import")
def import_group() -> None:
    """Bring existing history in."""


def _size(stream: IO[bytes]) -> int | None:
    try:
        info = os.fstat(stream.fileno())
    except (OSError, ValueError):
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


@import_group.command("events")
@click.argument("source", type=click.File("rb"))
@click.option("--batch", "batch_size", type=click.IntRange(1, 100_000), default=DEFAULT_BATCH,
              show_default=True, help="Events per transaction.")  # fmt: skip
@click.option("--initial", is_flag=True,
              help="First load into an EMPTY local database with neo4j-admin's offline "
                   "importer (the server stops during the import).")  # fmt: skip
@click.option("--keep-csv", is_flag=True, help="--initial: keep the importer's CSV and log.")
@click.option("--heap", default="1g", show_default=True, help="--initial: neo4j-admin heap.")
@click.option("--max-off-heap", default="2g", show_default=True,
              help="--initial: off-heap memory neo4j-admin may use.")  # fmt: skip
@pass_env
def events(env: Env, source: IO[bytes], batch_size: int, initial: bool, keep_csv: bool,
           heap: str, max_off_heap: str) -> None:  # fmt: skip
    """Import graphlineage events from SOURCE ("-" for stdin): one event as JSON per line,
    as journals hold them. Events apply in file order, exactly as they would one by one;
    importing the same file again changes nothing. Each refused event is named by its line
    and reason, and the exit code is 3 if any was refused.

    With --initial (a first load of a large history into the empty database of the local
    server) the events are folded into the same graph in Python and loaded by Neo4j's own
    offline importer, `neo4j-admin database import`."""
    if initial:
        from graphlineage.cli.import_cmd import run_initial_import

        run_initial_import(load_settings(**env.settings_overrides()), source,
                           keep_csv=keep_csv, heap=heap, max_off_heap=max_off_heap)  # fmt: skip
        return
    with Progress("events", _size(source)) as progress:
        report = env.lineage.import_events(read_lines(source), progress.advance, batch_size)
    for problem in report.rejected:
        click.echo(f"rejected {problem}", err=True)
    click.echo(f"Imported {report.applied} events, {report.replayed} already there, "
               f"rejected {len(report.rejected)}.")  # fmt: skip
    if report.rejected:
        raise InvalidInputError(f"{len(report.rejected)} events were rejected (see above)")


def _since(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@import_group.command("mlflow")
@click.option("--tracking-uri", envvar="MLFLOW_TRACKING_URI", required=True,
              help="Where MLflow keeps its history: a tracking server (http://...), "
                   "sqlite:///mlflow.db, or a local mlruns folder (default: "
                   "MLFLOW_TRACKING_URI).")  # fmt: skip
@click.option("--experiment", "experiments", multiple=True, metavar="NAME",
              help="Import this experiment (repeatable; default: every active one).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S",
                                              "%Y-%m-%d %H:%M:%S"]), metavar="TIME",
              help="Only runs that started or ended at this time (UTC) or later, and model "
                   "versions changed since.")  # fmt: skip
@click.option("--no-registry", is_flag=True, help="Leave the model registry out.")
@click.option("--batch", "batch_size", type=click.IntRange(1, 100_000), default=DEFAULT_BATCH,
              show_default=True, help="Events per transaction.")  # fmt: skip
@pass_env
def mlflow(env: Env, tracking_uri: str, experiments: tuple[str, ...],
           since: datetime | None, no_registry: bool, batch_size: int) -> None:  # fmt: skip
    """Import MLflow's history: experiments as projects, runs (params, last metrics, tags,
    status, parent runs), logged datasets and models, and the model registry (versions and
    aliases). Importing again writes only what changed. Each item that cannot be imported
    is a warning; the rest is imported. Needs the mlflow extra:
    pip install 'graphlineage[mlflow]'."""
    with Progress("runs and model versions read") as progress:
        report = env.lineage.import_mlflow(tracking_uri, list(experiments) or None,
                                           _since(since), registry=not no_registry,
                                           advance=progress.advance,
                                           batch_size=batch_size)  # fmt: skip
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"Imported {report.source}.")
    for line in report.lines():
        click.echo(line)


@import_group.command("mlmd")
@click.option("--sqlite", "sqlite", type=click.Path(dir_okay=False),
              help="The store's SQLite file.")  # fmt: skip
@click.option("--mysql-host", help="Or the MySQL server the store lives in.")
@click.option("--mysql-port", type=int, default=3306, show_default=True)
@click.option("--mysql-database", default="mlmd", show_default=True)
@click.option("--mysql-user", default="root", show_default=True)
@click.option("--mysql-password", envvar="MLMD_MYSQL_PASSWORD", default="",
              help="The MySQL password (default: MLMD_MYSQL_PASSWORD).")  # fmt: skip
@click.option("--project", default="mlmd", show_default=True,
              help="The project of executions that are in no pipeline context.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S",
                                              "%Y-%m-%d %H:%M:%S"]), metavar="TIME",
              help="Only executions created or updated at this time (UTC) or later.")
@click.option("--batch", "batch_size", type=click.IntRange(1, 100_000), default=DEFAULT_BATCH,
              show_default=True, help="Events per transaction.")  # fmt: skip
@pass_env
def mlmd(env: Env, sqlite: str | None, mysql_host: str | None, mysql_port: int,
         mysql_database: str, mysql_user: str, mysql_password: str, project: str,
         since: datetime | None, batch_size: int) -> None:  # fmt: skip
    """Import an ML Metadata store (Kubeflow Pipelines, TFX): pipelines as projects,
    executions as runs (type, properties, state), artifacts as versions (type, URI,
    properties), input and output events as USED and PRODUCED. Importing again writes
    only what changed. Needs the mlmd extra: pip install 'graphlineage[mlmd]' (ml-metadata
    has wheels for Linux x86_64 and macOS arm64)."""
    from graphlineage.ingest.importers.mlmd import MySQL

    if (sqlite is None) == (mysql_host is None):
        raise InvalidInputError("give --sqlite PATH or --mysql-host HOST (one of them)")
    mysql = None if mysql_host is None else MySQL(mysql_host, mysql_port, mysql_database,
                                                  mysql_user, mysql_password)  # fmt: skip
    with Progress("executions read") as progress:
        report = env.lineage.import_mlmd(sqlite, mysql, project=project, since=_since(since),
                                         advance=progress.advance,
                                         batch_size=batch_size)  # fmt: skip
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"Imported {report.source}.")
    for line in report.lines():
        click.echo(line)
