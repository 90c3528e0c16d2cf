"""The root command: connection options, error handling and the sub-commands."""

from __future__ import annotations

import traceback
from typing import Any

import click

from graphlineage.cli.context import Env
from graphlineage.errors import GraphlineageError


class LineageGroup(click.Group):
    """A click group that turns graphlineage errors into messages and exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GraphlineageError as exc:
            if ctx.find_root().params.get("debug"):
                traceback.print_exc()
            click.secho(f"Error: {_printable(str(exc))}", err=True, fg="red")
            ctx.exit(exc.exit_code)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            # a last net: input that got past validation must still not print a traceback
            if ctx.find_root().params.get("debug"):
                traceback.print_exc()
            click.secho(f"Error: internal error ({type(exc).__name__}: "
                        f"{_printable(str(exc))[:300]}); rerun with --debug for details",
                        err=True, fg="red")  # fmt: skip
            ctx.exit(1)


def _printable(text: str) -> str:
    """``text`` without characters a terminal cannot take (lone surrogates)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


@click.group(cls=LineageGroup)
@click.option("--uri", help="Neo4j URI, e.g. neo4j://host:7687 (default: "
              "GRAPHLINEAGE_NEO4J_URI, else the local server).")  # fmt: skip
@click.option("--user", help="Neo4j user (default: GRAPHLINEAGE_NEO4J_USER or neo4j). "
              "The password comes from GRAPHLINEAGE_NEO4J_PASSWORD or a prompt.")  # fmt: skip
@click.option("--database", help="Database (default: GRAPHLINEAGE_NEO4J_DATABASE, else the "
              "server's default).")  # fmt: skip
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(package_name="graphlineage")
@click.pass_context
def cli(ctx: click.Context, uri: str | None, user: str | None, database: str | None,
        debug: bool) -> None:  # fmt: skip
    """graphlineage: lineage of ML runs, artifacts and models in Neo4j.

    \b
    Start with `graphlineage demo`, then e.g.:
      graphlineage ancestry registry:Sentiment:production
      graphlineage impact sentiment/reviews-raw:v1
    """
    ctx.obj = Env(uri, user, database)


def _register() -> None:
    from graphlineage.cli import (
        demo_cmd,
        import_cmds,
        ingest_cmds,
        listing_cmds,
        query_cmds,
        question_cmds,
        schema_cmd,
        server_cmd,
        ui_cmds,
    )

    for command in (
        server_cmd.server, schema_cmd.schema, demo_cmd.demo,
        question_cmds.ancestry, question_cmds.impact, question_cmds.path, question_cmds.show,
        question_cmds.stale, listing_cmds.runs, listing_cmds.artifacts, listing_cmds.models,
        query_cmds.query, query_cmds.cypher, ingest_cmds.ingest, ingest_cmds.serve,
        ingest_cmds.sync, import_cmds.import_group, ui_cmds.ui, ui_cmds.view,
    ):  # fmt: skip
        cli.add_command(command)


_register()


def main() -> None:
    cli(prog_name="graphlineage")


if __name__ == "__main__":  # pragma: no cover
    main()
