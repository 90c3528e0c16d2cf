"""``ui`` (the lineage page, live) and ``view`` (one node's lineage as a single HTML file)."""

from __future__ import annotations

from pathlib import Path

import click

from graphlineage.cli.context import Env, pass_env, progress
from graphlineage.cli.listen import host_option, run_web_app

VIEW_LEVELS = 50
VIEW_NODES = 500
DETAILED_NODES = 200


@click.command()
@host_option
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True)
@pass_env
def ui(env: Env, host: str, port: int) -> None:
    """Open the lineage page in a browser: search a run, artifact version or model, click
    through its lineage, switch on impact mode. Also accepts OpenLineage events, as `serve`."""
    run_web_app(env, host, port, f"graphlineage UI: http://{host}:{port}/  ({{key}}; Ctrl+C "
                "stops)", ui=True)  # fmt: skip


@click.command()
@click.argument("ref")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("lineage.html"), show_default=True)
@click.option("--project", help="Project for artifact refs written without one.")
@pass_env
def view(env: Env, ref: str, output: Path, project: str | None) -> None:
    """Write REF's lineage as one self-contained HTML file (opens with no network and no
    server; attach it to a ticket)."""
    from graphlineage.web.page import page

    lineage = env.lineage
    around = lineage.subgraph(ref, up=VIEW_LEVELS, down=VIEW_LEVELS, project=project,
                              limit=VIEW_NODES)  # fmt: skip
    progress(f"{len(around.nodes)} nodes; collecting details...")
    details = {node.ref: lineage.show(node.ref, limit=1).model_dump(mode="json")
               for node in around.nodes[:DETAILED_NODES]}  # fmt: skip
    data = {"root": around.root.ref, "graph": around.model_dump(mode="json"), "details": details}
    output.write_text(page(f"lineage of {around.root.ref}", data), encoding="utf-8")
    click.echo(f"Wrote {output} ({len(around.nodes)} nodes"
               + (", cut at the node limit" if around.truncated else "") + ").")  # fmt: skip
