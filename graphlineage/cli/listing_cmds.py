"""``runs``, ``artifacts`` and ``models``: listings with filters."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

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
@click.option("--status", type=click.Choice(["running", "finished", "failed", "crashed",
                                            "unknown"]),
              help="unknown: OpenLineage parent runs known only by reference.")
@click.option("--group", help="Only runs of this group (init(group=...)).")
@click.option("--stale", metavar="AGE", help="Only running runs with no heartbeat for AGE "
              "(30s, 10m, 2h, 1d): their process died without finishing them.")
@click.option("--name", help="Only runs whose name contains this.")
@click.option("--since", type=click.DateTime(), help="Started at or after (local time).")
@click.option("--until", type=click.DateTime(), help="Started before (local time).")
@click.option("--config", "config", multiple=True, metavar="COND",
              help="A config condition: KEY OP VALUE with OP one of = != > >= < <= "
              "(lr>0.01, optimizer=adam; VALUE is JSON if it parses, else text), KEY "
              "(has it), !KEY (lacks it), or a MongoDB-style JSON object "
              "('{\"lr\": {\"$in\": [0.1, 0.01]}}'). Repeat: all must hold.")
@click.option("--summary", "summary", multiple=True, metavar="COND",
              help="A summary condition, as for --config (accuracy>=0.9).")
@click.option("--tag", "tags", multiple=True, help="Only runs with this tag (repeat: all).")
@paging[0]
@paging[1]
@as_of_option
@format_option("table", "json")
@pass_env
def runs(env: Env, project: str | None, job_type: str | None, status: str | None,
         group: str | None, stale: str | None,
         name: str | None, since: datetime | None, until: datetime | None,
         config: tuple[str, ...], summary: tuple[str, ...], tags: tuple[str, ...], limit: int,
         skip: int, as_of: str | None, fmt: str) -> None:  # fmt: skip
    """Runs, newest first."""
    found = env.lineage.runs(project=project, job_type=job_type, status=status, name=name,
                             started_after=_aware(since), started_before=_aware(until),
                             config=_conditions(config), summary=_conditions(summary),
                             tags=list(tags) or None, group=group, stale=_age(stale),
                             limit=limit, skip=skip, as_of=as_of)  # fmt: skip
    emit(fmt, found, text.runs_text)


_AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def _age(text: str | None) -> timedelta | None:
    if text is None:
        return None
    match = _AGE.match(text)
    if match is None:
        raise click.BadParameter(f"{text!r} is not an age like 30s, 10m, 2h or 1d",
                                 param_hint="--stale")  # fmt: skip
    seconds = float(match[1]) * _UNIT[match[2]]
    if seconds > 100 * 365 * 86400:
        raise click.BadParameter(f"{text!r} is too long", param_hint="--stale")
    return timedelta(seconds=seconds)


def _conditions(given: tuple[str, ...]) -> dict[str, Any] | None:
    """The --config/--summary arguments as one MongoDB-style filter (conditions on one key
    are merged: --config 'lr>0.001' --config 'lr<0.1')."""
    if not given:
        return None
    from graphlineage.query.run_filters import parse_cli_condition

    merged: dict[str, Any] = {}
    for argument in given:
        for key, wanted in parse_cli_condition(argument).items():
            ops = wanted if isinstance(wanted, dict) and all(
                str(k).startswith("$") for k in wanted) else {"$eq": wanted}  # fmt: skip
            merged.setdefault(key, {}).update(ops)
    return merged


@click.command()
@click.argument("ref")
@click.option("--add", "add", multiple=True, help="A tag to add (repeat for more).")
@click.option("--remove", "remove", multiple=True, help="A tag to remove (repeat for more).")
@click.option("--project", help="The project of a run given by name.")
@format_option("table", "json")
@pass_env
def tag(env: Env, ref: str, add: tuple[str, ...], remove: tuple[str, ...],
        project: str | None, fmt: str) -> None:  # fmt: skip
    """Add or remove tags of the run REF (id or project/name), running or ended."""
    if not add and not remove:
        raise click.UsageError("give --add TAG or --remove TAG")
    run = env.lineage.tag_run(ref, add=list(add), remove=list(remove), project=project)
    emit(fmt, run, lambda r: f"{r.ref}: tags {', '.join(r.tags) or '(none)'}")


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
