"""``delete``: remove a run, an artifact version or a registered model, after a preview."""

from __future__ import annotations

import click

from graphlineage.cli.context import Env, echo_json, interactive, pass_env
from graphlineage.render import changes


@click.command()
@click.argument("ref")
@click.option("--yes", is_flag=True, help="Delete without asking (after printing the preview).")
@click.option("--dry-run", is_flag=True, help="Only print what it would touch.")
@click.option("--purge", is_flag=True,
              help="Remove it and its edges for real (the history keeps a record), instead "
              "of keeping a tombstone.")  # fmt: skip
@click.option("--force", is_flag=True,
              help="Delete a version that runs used or that is linked into the registry, a "
              "model with versions, or a running run.")  # fmt: skip
@click.option("--delete-aliases", is_flag=True,
              help="End the aliases and registry aliases that point at it.")
@click.option("--artifact", "whole", is_flag=True,
              help="REF is a whole artifact (project/name): delete every version of it.")
@click.option("--reason", help="Why it is deleted (kept on the tombstone or purge record).")
@click.option("--by", help="Who deletes it (default: your user name).")
@click.option("--project", help="Project for artifact refs written without one (name:v3).")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="table: for reading; json: the DeletionReport.")  # fmt: skip
@pass_env
def delete(env: Env, ref: str, yes: bool, dry_run: bool, purge: bool, force: bool,
           delete_aliases: bool, whole: bool, reason: str | None, by: str | None,
           project: str | None, fmt: str) -> None:  # fmt: skip
    """Delete run, artifact version or registered model REF, after a preview.

    \b
    The preview lists what would lose its lineage: the runs that used it, its registry
    links and aliases, everything downstream. A version in use or in the registry is
    refused unless --force; aliases must be moved first, or ended with --delete-aliases.
    The default keeps a tombstone (hidden from listings, shown as deleted in lineage);
    --purge removes it for real. Without --yes it asks (or, with no terminal, stops).
    With --artifact, REF is a whole artifact (project/name) and every version goes.
    """
    options = {"purge": purge, "force": force, "delete_aliases": delete_aliases, "by": by,
               "reason": reason, "project": project, "artifact": whole}  # fmt: skip
    preview = env.lineage.delete(ref, dry_run=True, **options)  # type: ignore[arg-type]
    if dry_run or preview.blockers or not (yes or interactive()):
        if fmt == "json":
            echo_json(preview)
        else:
            click.echo(changes.deletion_text(preview))
            if not dry_run and not preview.blockers:
                click.echo("Nothing deleted: pass --yes to delete.")
        if preview.blockers and not dry_run:
            click.get_current_context().exit(5)  # a conflict, as a refused delete raises
        if not dry_run and not preview.blockers:
            click.get_current_context().exit(1)
        return
    if not yes:
        click.echo(changes.deletion_text(preview), err=True)
        click.confirm(f"{'Purge' if purge else 'Delete'} {preview.ref}?", abort=True, err=True)
    done = env.lineage.delete(ref, dry_run=False, **options)  # type: ignore[arg-type]
    if fmt == "json":
        echo_json(done)
    else:
        click.echo(changes.deletion_text(done))
