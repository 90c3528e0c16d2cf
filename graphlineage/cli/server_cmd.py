"""``graphlineage server start|stop|status``: the local Neo4j server."""

from __future__ import annotations

import time
from pathlib import Path

import click

from graphlineage.core.settings import load_settings
from graphlineage.server.local import LocalServer


def _server(data_dir: Path | None, port: int | None) -> LocalServer:
    settings = load_settings(server_data_dir=data_dir, server_port=port)
    return LocalServer.from_settings(settings)


data_dir_option = click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Data directory (default: GRAPHLINEAGE_SERVER_DATA_DIR or the user data dir).",
)
port_option = click.option(
    "--port",
    type=click.IntRange(1, 65535),
    help="Bolt port on 127.0.0.1 (default: GRAPHLINEAGE_SERVER_PORT or 7687).",
)


@click.group()
def server() -> None:
    """Manage the local Neo4j server (no Docker needed: Java 17+ and Maven)."""


@server.command()
@data_dir_option
@port_option
@click.option("--timeout", default=180.0, show_default=True, help="Seconds to wait for Bolt.")
def start(data_dir: Path | None, port: int | None, timeout: float) -> None:
    """Start the server; return when Bolt answers."""
    srv = _server(data_dir, port)
    already = srv.running_pid() is not None
    began = time.monotonic()
    if not already:
        click.echo(
            "Starting the local Neo4j server (the first start fetches its jars)...", err=True
        )
    status = srv.start(timeout=timeout)
    note = "already running" if already else f"started in {time.monotonic() - began:.1f}s"
    click.echo(f"Neo4j {note}.")
    click.echo(status.describe())
    if not already:
        _compile_question_plans(srv)


def _compile_question_plans(srv: LocalServer) -> None:
    """Ask each question once (about nothing), so that a fresh server's first real
    question does not pay for compiling its plan (0.4-1 s on a cold JVM)."""
    from graphlineage.client import Lineage
    from graphlineage.errors import GraphlineageError

    try:
        settings = load_settings(neo4j_uri=srv.uri, neo4j_password=srv.password())
        with Lineage(settings) as lineage:
            lineage.warm_up()
    except GraphlineageError as exc:  # the server runs; only the warm-up failed
        click.echo(f"(the question plans were not compiled ahead: {exc})", err=True)


@server.command()
@data_dir_option
@port_option
def stop(data_dir: Path | None, port: int | None) -> None:
    """Stop the server cleanly."""
    srv = _server(data_dir, port)
    click.echo("Neo4j stopped." if srv.stop() else "Neo4j was not running.")


@server.command()
@data_dir_option
@port_option
def status(data_dir: Path | None, port: int | None) -> None:
    """Show URI, pid, data dir and version; exit 1 if the server is not running."""
    state = _server(data_dir, port).status()
    click.echo(state.describe())
    if not state.running:
        raise SystemExit(1)
