"""``ancestry``, ``impact``, ``path``, ``show`` and ``stale``: lineage questions."""

from __future__ import annotations

import click

from graphlineage.cli.context import Env, emit, format_option, pass_env
from graphlineage.core.answers import LineageEdge, LineageNode
from graphlineage.render import changes, diagram, text

GRAPH_FORMATS = ("table", "json", "dot", "mermaid")
PICTURE_LIMIT = 500  # nodes in a dot/mermaid picture

project_option = click.option(
    "--project", help="Project for artifact refs written without one (name:v3)."
)
depth_option = click.option(
    "--depth", type=click.IntRange(min=0), help="Only nodes at most this many edges away."
)
limit_option = click.option(
    "--limit", type=click.IntRange(min=0), default=1000, show_default=True,
    help="Rows to show (0: all); pictures show at most 500 nodes.",
)  # fmt: skip
skip_option = click.option("--skip", type=click.IntRange(min=0), default=0,
                           help="Rows to skip (paging).")  # fmt: skip
as_of_option = click.option(
    "--as-of", "as_of", metavar="TIME",
    help="The graph as it stood then (ISO time with a zone: 2026-11-01T12:00Z): later "
    "nodes and edges are absent, aliases point where they pointed then.",
)  # fmt: skip
level_option = click.option(
    "--level", type=click.Choice(["run", "job"]), default="run", show_default=True,
    help="job: runs folded into their jobs, versions into their artifacts.")  # fmt: skip
column_option = click.option(
    "--column", help="Column-level lineage of this column of the dataset REF "
    "(from OpenLineage columnLineage facets).")  # fmt: skip


def _jobs(env: Env, direction: str, ref: str, depth: int | None, project: str | None,
          limit: int, skip: int, fmt: str) -> None:  # fmt: skip
    if fmt not in ("table", "json"):
        raise click.UsageError("--level job answers as a table or json")
    ask = env.lineage.job_ancestry if direction == "upstream" else env.lineage.job_impact
    emit(fmt, ask(ref, depth, project=project, limit=limit or None, skip=skip), text.jobs_text)


def _columns(env: Env, direction: str, ref: str, column: str, depth: int | None,
             project: str | None, limit: int, skip: int, fmt: str) -> None:  # fmt: skip
    if fmt not in ("table", "json"):
        raise click.UsageError("--column answers as a table or json")
    ask = env.lineage.column_ancestry if direction == "upstream" else env.lineage.column_impact
    emit(fmt, ask(ref, column, depth, project=project, limit=limit or None, skip=skip),
         text.columns_text)  # fmt: skip


def _picture(fmt: str, nodes: list[LineageNode], edges: list[LineageEdge], focus: str) -> None:
    drawing = diagram.Diagram.of(nodes, edges, focus)
    click.echo(diagram.to_dot(drawing) if fmt == "dot" else diagram.to_mermaid(drawing), nl=False)


@click.command()
@click.argument("ref")
@depth_option
@click.option("--type", "types", multiple=True,
              type=click.Choice(["run", "artifact_version", "registered_model"]),
              help="Only nodes of this kind (repeatable).")  # fmt: skip
@project_option
@limit_option
@skip_option
@column_option
@level_option
@as_of_option
@format_option(*GRAPH_FORMATS)
@pass_env
def ancestry(env: Env, ref: str, depth: int | None, types: tuple[str, ...],
             project: str | None, limit: int, skip: int, column: str | None, level: str,
             as_of: str | None,
             fmt: str) -> None:  # fmt: skip
    """Everything upstream of REF: the data, runs and configs that went into it.

    \b
    REF is project/name:alias, name:v3, run:[project/]name, registry:Model:alias,
    registry:Model or dataset:<namespace>/<name> (an OpenLineage dataset).
    With --column C: the columns upstream of column C of the dataset REF.
    With --level job: jobs and artifacts instead of runs and versions.
    """
    if as_of is not None and (column is not None or level == "job"):
        raise click.UsageError("--as-of does not go with --column or --level job")
    if column is not None:
        if types or level != "run":
            raise click.UsageError("--column does not go with --type or --level")
        _columns(env, "upstream", ref, column, depth, project, limit, skip, fmt)
        return
    if level == "job":
        if types:
            raise click.UsageError("--type and --level job do not go together")
        _jobs(env, "upstream", ref, depth, project, limit, skip, fmt)
        return
    if fmt in ("dot", "mermaid"):
        around = env.lineage.subgraph(ref, up=depth if depth is not None else 10_000, down=0,
                                      project=project, limit=PICTURE_LIMIT,
                                      as_of=as_of)  # fmt: skip
        _picture(fmt, around.nodes, around.edges, around.root.ref)
        return
    result = env.lineage.ancestry(ref, depth, types or None, project=project,
                                  limit=limit or None, skip=skip, as_of=as_of)  # fmt: skip
    emit(fmt, result, text.lineage_text)


@click.command()
@click.argument("ref")
@depth_option
@click.option("--type", "types", multiple=True,
              type=click.Choice(["run", "artifact_version", "registered_model"]),
              help="Only nodes of this kind (repeatable).")  # fmt: skip
@project_option
@limit_option
@skip_option
@column_option
@level_option
@as_of_option
@format_option(*GRAPH_FORMATS)
@pass_env
def impact(env: Env, ref: str, depth: int | None, types: tuple[str, ...], project: str | None,
           limit: int, skip: int, column: str | None, level: str, as_of: str | None,
           fmt: str) -> None:  # fmt: skip
    """Everything downstream of REF, and the registry versions and aliases it reaches.

    \b
    "This dataset version was bad: what do I retrain or roll back?"
    REF is project/name:alias, name:v3, run:[project/]name, registry:Model:alias or
    dataset:<namespace>/<name>. With --column C: the columns (and their datasets) that
    depend on column C of the dataset REF ("we are dropping this column").
    With --level job: jobs and artifacts instead of runs and versions.
    """
    if as_of is not None and (column is not None or level == "job"):
        raise click.UsageError("--as-of does not go with --column or --level job")
    if column is not None:
        if level != "run":
            raise click.UsageError("--column does not go with --level")
        _columns(env, "downstream", ref, column, depth, project, limit, skip, fmt)
        return
    if level == "job":
        _jobs(env, "downstream", ref, depth, project, limit, skip, fmt)
        return
    if fmt in ("dot", "mermaid"):
        around = env.lineage.subgraph(ref, up=0, down=depth if depth is not None else 10_000,
                                      project=project, limit=PICTURE_LIMIT,
                                      as_of=as_of)  # fmt: skip
        _picture(fmt, around.nodes, around.edges, around.root.ref)
        return
    result = env.lineage.impact(ref, depth, types or None, project=project,
                                limit=limit or None, skip=skip, as_of=as_of)  # fmt: skip
    emit(fmt, result, text.impact_text)


@click.command()
@click.argument("source")
@click.argument("target")
@project_option
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True,
              help="At most this many shortest paths.")  # fmt: skip
@as_of_option
@format_option(*GRAPH_FORMATS)
@pass_env
def path(env: Env, source: str, target: str, project: str | None, limit: int,
         as_of: str | None, fmt: str) -> None:  # fmt: skip
    """The shortest lineage paths between SOURCE and TARGET, with the runs along the way.

    Either may be upstream of the other; the answer says which way data flowed.
    """
    result = env.lineage.path(source, target, project=project, limit=limit, as_of=as_of)
    if fmt in ("dot", "mermaid"):
        nodes = [result.source, result.target, *(n for p in result.paths for n in p.nodes)]
        edges = [e for p in result.paths for e in p.edges]
        _picture(fmt, nodes, edges, result.source.ref)
        return
    emit(fmt, result, text.path_text)


@click.command()
@click.argument("ref")
@project_option
@as_of_option
@format_option(*GRAPH_FORMATS)
@pass_env
def show(env: Env, ref: str, project: str | None, as_of: str | None, fmt: str) -> None:
    """A run, artifact version or registered model with its neighbours.

    \b
    REF is project/name:alias, name:v3, run:[project/]name, registry:Model:alias or
    registry:Model.
    """
    details = env.lineage.show(ref, project=project, as_of=as_of)
    if fmt in ("dot", "mermaid"):
        _picture(fmt, details.neighbours.nodes, details.neighbours.edges, details.node.ref)
        return
    emit(fmt, details, text.details_text)


@click.command()
@click.argument("model", required=False)
@as_of_option
@format_option("table", "json")
@pass_env
def stale(env: Env, model: str | None, as_of: str | None, fmt: str) -> None:
    """Registry versions trained on data that has newer versions by now (of MODEL, or all)."""
    result = env.lineage.stale(model, as_of=as_of)
    emit(fmt, result, text.stale_text)


@click.command()
@click.argument("ref")
@project_option
@click.option("--as-of", "as_of", metavar="TIME",
              help="Leave out what happened after this time (ISO, with a zone).")  # fmt: skip
@format_option("table", "json")
@pass_env
def history(env: Env, ref: str, project: str | None, as_of: str | None, fmt: str) -> None:
    """What happened to REF, oldest first.

    \b
    An alias (name:production, registry:Model:production): every move, from which
    version to which, when, by which run. A run, version (name:v3) or registered model
    (registry:Model): its creation, inputs, outputs, aliases, links and finish.
    """
    emit(fmt, env.lineage.history(ref, project=project, as_of=as_of), changes.history_text)


@click.command()
@click.argument("a")
@click.argument("b")
@project_option
@format_option("table", "json")
@pass_env
def diff(env: Env, a: str, b: str, project: str | None, fmt: str) -> None:
    """What changed between the ancestries of artifact versions A and B.

    \b
    E.g. registry:Sentiment:v1 registry:Sentiment:v3: inputs on one side only, the same
    artifact at other versions (reviews-clean v1 → v2), runs of the same job type with
    their config (lr: 0.0003 → 1e-05) and git commit differences, and how far away the
    ancestries start to differ.
    """
    emit(fmt, env.lineage.diff(a, b, project=project), changes.diff_text)
