"""``runs``, ``artifacts`` and ``models``: listings with filters."""

from __future__ import annotations

from datetime import datetime

import click

from graphlineage.cli.context import Env, emit, format_option, pass_env
from graphlineage.render import text

as_of_option = click.option(
    "--as-of", "as_of", metavar="TIME",
    help="As it stood then (ISO time with a zone: 2026-11-01T12:00Z).")
paging = [
    click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True,
                 help="At most this many rows."),
    click.option("--skip", type=click.IntRange(min=0), default=0, help="Rows to skip."),
]  # fmt: skip


def _aware(value: datetime | None) -> datetime | None:
    """Times without a zone are taken as local time."""
    if value is None or value.tzinfo is not None:
        return value
    try:
        return value.astimezone()
    except (OverflowError, ValueError, OSError) as exc:
        raise click.BadParameter(f"{value} is out of range for a local time",
                                 param_hint="--since/--until") from exc  # fmt: skip


@click.command()
@click.option("--project", help="Only runs of this project.")
@click.option("--job-type", help="Only runs of this job type.")
@click.option("--status", type=click.Choice(["running", "finished", "failed", "crashed"]))
@click.option("--name", help="Only runs whose name contains this.")
@click.option("--since", type=click.DateTime(), help="Started at or after (local time).")
@click.option("--until", type=click.DateTime(), help="Started before (local time).")
@paging[0]
@paging[1]
@as_of_option
@format_option("table", "json")
@pass_env
def runs(env: Env, project: str | None, job_type: str | None, status: str | None,
         name: str | None, since: datetime | None, until: datetime | None, limit: int,
         skip: int, as_of: str | None, fmt: str) -> None:  # fmt: skip
    """Runs, newest first."""
    found = env.lineage.runs(project=project, job_type=job_type, status=status, name=name,
                             started_after=_aware(since), started_before=_aware(until),
                             limit=limit, skip=skip, as_of=as_of)  # fmt: skip
    emit(fmt, found, text.runs_text)


@click.command()
@click.option("--project", help="Only artifacts of this project.")
@click.option("--type", "type_", help="Only artifacts of this type (dataset, model, ...).")
@click.option("--name", help="Artifacts: name contains this. With --versions: exact name.")
@click.option("--versions", is_flag=True, help="List versions instead of artifacts.")
@click.option("--alias", help="With --versions: only versions holding this alias now.")
@paging[0]
@paging[1]
@as_of_option
@format_option("table", "json")
@pass_env
def artifacts(env: Env, project: str | None, type_: str | None, name: str | None,
              versions: bool, alias: str | None, limit: int, skip: int, as_of: str | None,
              fmt: str) -> None:  # fmt: skip
    """Artifacts with their version counts and aliases, or (--versions) their versions."""
    if versions:
        found = env.lineage.artifact_versions(project=project, artifact=name, type=type_,
                                              alias=alias, limit=limit, skip=skip,
                                              as_of=as_of)  # fmt: skip
        emit(fmt, found, text.versions_text)
        return
    if alias is not None:
        raise click.UsageError("--alias filters versions: add --versions")
    emit(fmt, env.lineage.artifacts(project=project, type=type_, name=name, limit=limit,
                                    skip=skip, as_of=as_of), text.artifacts_text)  # fmt: skip


@click.command()
@click.option("--name", help="Only registered models whose name contains this.")
@paging[0]
@paging[1]
@as_of_option
@format_option("table", "json")
@pass_env
def models(env: Env, name: str | None, limit: int, skip: int, as_of: str | None,
           fmt: str) -> None:  # fmt: skip
    """Registered models with their versions and registry aliases."""
    emit(fmt, env.lineage.registered_models(name=name, limit=limit, skip=skip, as_of=as_of),
         text.models_text)  # fmt: skip
