"""``graphlineage demo``: start the local server (if needed) and record the example lineage."""

from __future__ import annotations

import click

from graphlineage.server.local import LocalServer
from graphlineage.settings import load_settings


@click.command()
def demo() -> None:
    """Record the W&B MNIST example and a larger project, then show their lineage."""
    settings = load_settings()
    if settings.uses_local_server:
        server = LocalServer.from_settings(settings)
        click.echo("Starting the local Neo4j server if needed...", err=True)
        click.echo(server.start().describe())
    else:
        click.echo(f"Using Neo4j at {settings.neo4j_uri}")
