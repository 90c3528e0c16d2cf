"""The command line starts without loading its commands: the table of lazily loaded
commands names each real command with its own short help, and `--help`/`--version` load
neither the driver nor pydantic."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest

from graphlineage.cli.main import COMMANDS, cli, load_command


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_lazy_table_matches_the_command(name: str) -> None:
    command = load_command(name)
    assert command.name == name
    assert COMMANDS[name][2] == command.get_short_help_str(limit=1000)


def test_every_command_is_listed() -> None:
    ctx = click.Context(cli)
    assert cli.list_commands(ctx) == sorted(COMMANDS)
    assert all(cli.get_command(ctx, name) is not None for name in COMMANDS)


@pytest.mark.parametrize("argument", ["--help", "--version"])
def test_help_and_version_load_no_driver(argument: str) -> None:
    code = ("import sys\nfrom graphlineage.cli import main\nsys.argv = ['graphlineage', "
            f"{argument!r}]\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
            "heavy = {'neo4j', 'pydantic', 'graphlineage.client'} & set(sys.modules)\n"
            "assert not heavy, heavy\n")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "graphlineage" in done.stdout


def test_package_names_load_on_first_use() -> None:
    code = ("import sys, graphlineage\nassert 'neo4j' not in sys.modules\n"
            "from graphlineage.client import Lineage\n"
            "assert graphlineage.Lineage is Lineage and callable(graphlineage.run)\n"
            "assert callable(graphlineage.artifact) and graphlineage.errors.NotFoundError\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
