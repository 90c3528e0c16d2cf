"""``artifact``: the content of logged artifact versions (``download``, ``files``)."""

from __future__ import annotations

from pathlib import Path

import click

from graphlineage.cli.context import Env, format_option, pass_env


@click.group("artifact")
def artifact() -> None:
    """The files of logged artifact versions: list and download them."""


@artifact.command("download")
@click.argument("ref")
@click.argument("root", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--project", help="The project of a ref without one (name:alias).")
@pass_env
def download(env: Env, ref: str, root: Path, project: str | None) -> None:
    """Copy the files of REF (project/name:alias) into DIR, checking every digest."""
    version = env.lineage.artifact(ref, project=project)
    files = [entry for entry in version.files() if entry.ref is None]
    references = len(version.manifest) - len(files)
    where = version.download(root)
    note = f"; {references} references left where they are" if references else ""
    click.echo(f"{version.key}: {len(files)} files in {where}{note}")


@artifact.command("files")
@click.argument("ref")
@click.option("--project", help="The project of a ref without one (name:alias).")
@format_option("table", "json")
@pass_env
def files(env: Env, ref: str, project: str | None, fmt: str) -> None:
    """The entries of REF: path, size, sha256 (or the URI of a reference)."""
    version = env.lineage.artifact(ref, project=project)
    if fmt == "json":
        click.echo(version.model_dump_json(include={"key", "manifest"}, indent=2))
        return
    for entry in version.files():
        shown = entry.ref if entry.ref is not None else f"{entry.size} B  {entry.digest[:12]}"
        click.echo(f"{entry.path}  {shown}")
