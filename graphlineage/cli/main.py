"""The root command: global options, error handling and the sub-command groups."""

from __future__ import annotations

import traceback
from typing import Any

import click

from graphlineage.errors import GraphlineageError


class LineageGroup(click.Group):
    """A click group that turns graphlineage errors into messages and exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GraphlineageError as exc:
            if ctx.find_root().params.get("debug"):
                traceback.print_exc()
            click.secho(f"Error: {exc}", err=True, fg="red")
            ctx.exit(exc.exit_code)


@click.group(cls=LineageGroup)
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(package_name="graphlineage")
def cli(debug: bool) -> None:
    """graphlineage: lineage of ML runs, artifacts and models in Neo4j."""


def _register() -> None:
    from graphlineage.cli import demo_cmd, schema_cmd, server_cmd

    cli.add_command(server_cmd.server)
    cli.add_command(schema_cmd.schema)
    cli.add_command(demo_cmd.demo)


_register()


def main() -> None:
    cli(prog_name="graphlineage")


if __name__ == "__main__":  # pragma: no cover
    main()
