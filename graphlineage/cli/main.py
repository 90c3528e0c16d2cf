"""The root command: connection options, error handling and the sub-commands."""

from __future__ import annotations

import importlib
import traceback
from typing import Any

import click

from graphlineage import __version__
from graphlineage.errors import GraphlineageError

# Each sub-command's module is imported when the command runs (or shows its own help), so
# `graphlineage --help` and `--version` never load the driver, pydantic or the client.
# name: (module, attribute, the short help `--help` lists; a unit test keeps it in step)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "server": ("server_cmd", "server",
               "Manage the local Neo4j server (no Docker needed: Java 17+ and Maven)."),
    "schema": ("schema_cmd", "schema", "The graph schema: uniqueness constraints and indexes."),
    "demo": ("demo_cmd", "demo",
             "Record the W&B MNIST example and a larger project, then show their lineage."),
    "ancestry": ("question_cmds", "ancestry",
                 "Everything upstream of REF: the data, runs and configs that went into it."),
    "impact": ("question_cmds", "impact", "Everything downstream of REF, and the registry "
               "versions and aliases it reaches."),
    "path": ("question_cmds", "path", "The shortest lineage paths between SOURCE and TARGET, "
             "with the runs along the way."),
    "show": ("question_cmds", "show",
             "A run, artifact version or registered model with its neighbours."),
    "check": ("check_cmds", "check",
              "Checks for CI pipelines: exit non-zero when they find a problem."),
    "delete": ("delete_cmd", "delete",
               "Delete run, artifact version or registered model REF, after a preview."),
    "diff": ("question_cmds", "diff",
             "What changed between the ancestries of artifact versions A and B."),
    "flag": ("flag_cmds", "flag",
             "Mark run or artifact version REF as bad: everything downstream is tainted by it."),
    "unflag": ("flag_cmds", "unflag",
               "Lift the flags of run or artifact version REF (they stay in its history)."),
    "flags": ("flag_cmds", "flags", "Flags, with the registry versions and aliases they taint."),
    "history": ("question_cmds", "history", "What happened to REF, oldest first."),
    "stale": ("question_cmds", "stale", "Registry versions trained on data that has newer "
              "versions by now (of MODEL, or all)."),
    "runs": ("listing_cmds", "runs", "Runs, newest first."),
    "tag": ("listing_cmds", "tag",
            "Add or remove tags of the run REF (id or project/name), running or ended."),
    "artifacts": ("listing_cmds", "artifacts", "Artifacts with their version counts and "
                  "aliases, or (--versions) their versions."),
    "artifact": ("artifact_cmds", "artifact",
                 "The files of logged artifact versions: list and download them."),
    "models": ("listing_cmds", "models",
               "Registered models with their versions and registry aliases."),
    "query": ("query_cmds", "query", "Run NAME, a query of the cypher/ library, with its "
              "parameters (-p key=value)."),
    "cypher": ("query_cmds", "cypher", 'Run STATEMENT (Cypher; "-" reads it from stdin), '
               "read-only unless --write."),
    "ingest": ("ingest_cmds", "ingest", "Bring lineage in from other tools."),
    "serve": ("ingest_cmds", "serve", "Receive OpenLineage events over HTTP (POST "
              "/api/v1/lineage, as the OpenLineage HTTP transport sends them); GET "
              "/api/v1/health says whether Neo4j answers."),
    "import": ("import_cmds", "import_group", "Bring existing history in."),
    "sync": ("ingest_cmds", "sync", "Replay offline journals into Neo4j: PATH is a journal "
             "file or a directory of them (default: GRAPHLINEAGE_JOURNAL_DIR)."),
    "ui": ("ui_cmds", "ui", "Open the lineage page in a browser: search a run, artifact "
           "version or model, click through its lineage, switch on impact mode."),
    "view": ("ui_cmds", "view", "Write REF's lineage as one self-contained HTML file (opens "
             "with no network and no server; attach it to a ticket)."),
}  # fmt: skip


def load_command(name: str) -> click.Command:
    module, attribute, _ = COMMANDS[name]
    command: click.Command = getattr(
        importlib.import_module(f"graphlineage.cli.{module}"), attribute
    )
    return command


class LineageGroup(click.Group):
    """A click group that turns graphlineage errors into messages and exit codes, and
    loads its sub-commands when they are used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.add_command(load_command(cmd_name), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in COMMANDS and name not in self.commands:
                # click shortens a stand-in with the same help as it would the command
                short = click.Command(name, help=COMMANDS[name][2]).get_short_help_str(limit)
            else:
                command = self.commands[name]
                if command.hidden:
                    continue
                short = command.get_short_help_str(limit)
            rows.append((name, short))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

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
@click.version_option(__version__, prog_name="graphlineage")
@click.pass_context
def cli(ctx: click.Context, uri: str | None, user: str | None, database: str | None,
        debug: bool) -> None:  # fmt: skip
    """graphlineage: lineage of ML runs, artifacts and models in Neo4j.

    \b
    Start with `graphlineage demo`, then e.g.:
      graphlineage ancestry registry:Sentiment:production
      graphlineage impact sentiment/reviews-raw:v1
    """
    from graphlineage.cli.context import Env

    ctx.obj = Env(uri, user, database)


def main() -> None:
    cli(prog_name="graphlineage")


if __name__ == "__main__":  # pragma: no cover
    main()
