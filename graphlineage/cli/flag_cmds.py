"""``flag``, ``unflag`` and ``flags``: mark bad runs and versions, and see their reach."""

from __future__ import annotations

import click

from graphlineage.cli.context import Env, echo_json, emit, format_option, pass_env
from graphlineage.render import text

project_option = click.option(
    "--project", help="Project for artifact refs written without one (name:v3)."
)


@click.command()
@click.argument("ref")
@click.option("--reason", required=True, help="Why it is bad (e.g. \"label noise\").")
@click.option("--severity", type=click.Choice(["error", "warning", "info"]), default="error",
              show_default=True)  # fmt: skip
@click.option("--by", help="Who flags it (default: your user name).")
@project_option
@format_option("table", "json")
@pass_env
def flag(env: Env, ref: str, reason: str, severity: str, by: str | None, project: str | None,
         fmt: str) -> None:  # fmt: skip
    """Mark run or artifact version REF as bad: everything downstream is tainted by it."""
    made = env.lineage.flag(ref, reason, severity, by=by, project=project)
    if fmt == "json":
        echo_json(made)
        return
    click.echo(f"Flagged {made.ref} ({made.severity}: {made.reason}) as {made.id}.")
    reach = [r for r in env.lineage.flags() if r.flag.id == made.id]
    for entry in reach[0].registry if reach else []:
        aliases = f" ({', '.join(entry['aliases'])})" if entry["aliases"] else ""
        click.echo(f"  taints registry:{entry['model']}:{entry['version']}{aliases}")


@click.command()
@click.argument("ref")
@click.option("--flag-id", help="Lift only this flag (default: every active flag of REF).")
@click.option("--reason", help="Why it is lifted.")
@click.option("--by", help="Who lifts it (default: your user name).")
@project_option
@format_option("table", "json")
@pass_env
def unflag(env: Env, ref: str, flag_id: str | None, reason: str | None, by: str | None,
           project: str | None, fmt: str) -> None:  # fmt: skip
    """Lift the flags of run or artifact version REF (they stay in its history)."""
    lifted = env.lineage.unflag(ref, flag_id=flag_id, by=by, reason=reason, project=project)
    if fmt == "json":
        echo_json(lifted)
        return
    for item in lifted:
        click.echo(f"Lifted {item.id} on {item.ref} ({item.severity}: {item.reason}).")


@click.command()
@click.option("--all", "everything", is_flag=True, help="Lifted flags too.")
@click.option("--as-of", "as_of", metavar="TIME",
              help="The flags as they stood then (ISO time with a zone).")  # fmt: skip
@format_option("table", "json")
@pass_env
def flags(env: Env, everything: bool, as_of: str | None, fmt: str) -> None:
    """Flags, with the registry versions and aliases they taint."""
    emit(fmt, env.lineage.flags(active=not everything, as_of=as_of), text.flags_text)
