"""``graphlineage schema apply``: create the constraints and indexes (idempotent)."""

from __future__ import annotations

import click

from graphlineage.connection import connect
from graphlineage.store import Store


@click.group()
def schema() -> None:
    """The graph schema: uniqueness constraints and indexes."""


@schema.command()
def apply() -> None:
    """Create missing constraints and indexes (IF NOT EXISTS); safe to run any time."""
    with connect() as connection:
        store = Store(connection)
        created = store.apply_schema()
        total = len(store.library.by_mode("schema"))
    if created:
        click.echo(f"Created {len(created)} of {total} schema objects: {', '.join(created)}")
    else:
        click.echo(f"Schema up to date ({total} constraints and indexes).")
