"""``graphlineage schema apply``: create the constraints and indexes (idempotent)."""

from __future__ import annotations

import click

from graphlineage.cli.context import Env, pass_env
from graphlineage.core.settings import load_settings
from graphlineage.graph.connection import connect
from graphlineage.graph.store import Store


@click.group()
def schema() -> None:
    """The graph schema: uniqueness constraints and indexes."""


@schema.command()
@pass_env
def apply(env: Env) -> None:
    """Create missing constraints and indexes (IF NOT EXISTS); safe to run any time."""
    settings = env.lineage.settings  # prompts for a password if one is needed
    with connect(load_settings(**settings.model_dump(exclude_none=True))) as connection:
        store = Store(connection)
        created = store.apply_schema()
        total = len(store.library.by_mode("schema"))
    if created:
        click.echo(f"Created {len(created)} of {total} schema objects: {', '.join(created)}")
    else:
        click.echo(f"Schema up to date ({total} constraints and indexes).")
