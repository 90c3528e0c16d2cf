"""``query`` (a named query of the library) and ``cypher`` (ad-hoc Cypher)."""

from __future__ import annotations

import sys

import click

from graphlineage.cli.context import Env, emit, format_option, param_option, parse_params, pass_env
from graphlineage.core.limits import MAX_TIMEOUT
from graphlineage.graph.library import Query
from graphlineage.query.adhoc import named_queries
from graphlineage.render import text


def _describe(query: Query) -> str:
    lines = [f"{query.name}  [{query.mode}]", f"  {query.summary.splitlines()[0]}"]
    for field in query.parameters:
        lines.append(f"  -p {field.name}=...  {field.shown}  {' '.join(field.doc.split())}")
    if query.returns:
        lines.append("  returns: " + ", ".join(f.name for f in query.returns))
    return "\n".join(lines)


@click.command()
@click.argument("name", required=False)
@param_option
@click.option("--list", "list_", is_flag=True, help="List the queries with their parameters.")
@click.option("--write", is_flag=True, help="Allow a write query of the library.")
@format_option("table", "json")
@pass_env
def query(env: Env, name: str | None, params: tuple[str, ...], list_: bool, write: bool,
          fmt: str) -> None:  # fmt: skip
    """Run NAME, a query of the cypher/ library, with its parameters (-p key=value).

    \b
    graphlineage query --list
    graphlineage query list_runs -p 'filter={"project": "mnist", "job_type": null,
      "status": null, "name": null, "started_after": null, "started_before": null}'
      -p skip=0 -p limit=5
    """
    if list_ or name is None:
        chosen = [q for q in named_queries() if name in (None, q.name)]
        if not chosen:
            raise click.BadParameter(f"no query named {name!r}", param_hint="NAME")
        click.echo("\n\n".join(_describe(q) for q in sorted(chosen, key=lambda q: q.name)))
        return
    emit(fmt, env.lineage.query(name, parse_params(params), write=write), text.cypher_text)


@click.command()
@click.argument("statement")
@param_option
@click.option("--write", is_flag=True, help="Allow writes (read-only otherwise).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True, max=MAX_TIMEOUT),
              default=60.0,
              show_default=True, help="Seconds before the server stops the query.")
@click.option("--limit", type=click.IntRange(min=0), default=10_000, show_default=True,
              help="Rows to keep (0: all).")  # fmt: skip
@format_option("table", "json")
@pass_env
def cypher(env: Env, statement: str, params: tuple[str, ...], write: bool, timeout: float,
           limit: int, fmt: str) -> None:  # fmt: skip
    """Run STATEMENT (Cypher; "-" reads it from stdin), read-only unless --write.

    \b
    graphlineage cypher 'MATCH (r:Run {project: $p}) RETURN r.name AS name' -p p=mnist
    """
    if statement == "-":
        statement = sys.stdin.read()
    result = env.lineage.cypher(statement, parse_params(params), write, timeout=timeout,
                                limit=limit or None)  # fmt: skip
    emit(fmt, result, text.cypher_text)
