"""``graphlineage schema apply``: create the constraints and indexes (idempotent)."""

from __future__ import annotations

import click

from graphlineage.cli.context import Env, pass_env


@click.group()
def schema() -> None:
    """The graph schema: uniqueness constraints and indexes."""


@schema.command()
@pass_env
def apply(env: Env) -> None:
    """Create missing constraints and indexes (IF NOT EXISTS); safe to run any time."""
    created, total = env.lineage.apply_schema()
    if created:
        click.echo(f"Created {len(created)} of {total} schema objects: {', '.join(created)}")
    else:
        click.echo(f"Schema up to date ({total} constraints and indexes).")
