"""``graphlineage demo``: start the local server if needed, record the demo lineage (once),
and show the ancestry of the production model and the impact of a bad dataset version."""

from __future__ import annotations

import sys

import click

from graphlineage.cli import demo_data
from graphlineage.cli.context import Env, interactive, pass_env, progress
from graphlineage.core.settings import load_settings
from graphlineage.render import text
from graphlineage.server.local import LocalServer

EXPLORE = f"""\
Explore further:
  graphlineage show {demo_data.PRODUCTION_MODEL}
  graphlineage path sentiment/reviews-raw:v1 {demo_data.PRODUCTION_MODEL}
  graphlineage impact {demo_data.BAD_DATASET} --format mermaid
  graphlineage ancestry mnist/mnist_model:v0 --format dot | dot -Tsvg > mnist.svg
  graphlineage stale
  graphlineage runs --project sentiment
  graphlineage models
  graphlineage cypher 'MATCH (r:Run)-[:USED]->(v:ArtifactVersion) RETURN r.name, v.key LIMIT 5'
  graphlineage query --list"""


@click.command()
@pass_env
def demo(env: Env) -> None:
    """Record the W&B MNIST example and a larger project, then show their lineage.

    Starts the local Neo4j if no other is configured. Running it again changes nothing.
    """
    settings = load_settings(**env.settings_overrides())
    if settings.uses_local_server:
        progress("Starting the local Neo4j server if needed (the first start fetches jars)...")
        status = LocalServer.from_settings(settings).start()
        click.echo(f"Local Neo4j: {status.uri} (data in {status.data_dir})")
    else:
        click.echo(f"Using Neo4j at {settings.neo4j_uri}")
    lineage = env.lineage
    steps = demo_data.steps()
    if interactive():
        with click.progressbar(length=len(steps), label="Recording the demo runs",
                               file=sys.stderr) as bar:  # fmt: skip
            recorded = demo_data.record(lineage, on_step=lambda step, new: bar.update(1))
    else:
        recorded = demo_data.record(lineage)
    already = len(steps) - recorded
    click.echo(f"Recorded {recorded} runs" + (f" ({already} were already there)."
                                              if already else "."))  # fmt: skip
    click.echo(f"\nWhat went into the production model ({demo_data.PRODUCTION_MODEL})?")
    click.echo(text.lineage_text(lineage.ancestry(demo_data.PRODUCTION_MODEL)))
    click.echo(f"\n{demo_data.BAD_DATASET} turned out bad: what does it touch?")
    click.echo(text.impact_text(lineage.impact(demo_data.BAD_DATASET)))
    click.echo()
    click.echo(EXPLORE)
