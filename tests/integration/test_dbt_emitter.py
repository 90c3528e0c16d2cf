"""A real OpenLineage emitter end to end: `dbt-ol build` (openlineage-dbt with dbt-duckdb)
on a tiny project (a seed, a staging model, a mart model) sends its events over HTTP to
`graphlineage serve`; the dataset lineage and the column lineage the models imply are
asked back. dbt runs in a virtualenv of its own (.venv-dbt, made here once from
dbt_requirements.txt): dbt-core's pins clash with the dev tools'."""

from __future__ import annotations

import os
import shutil
import subprocess
import venv
from pathlib import Path

import pytest

from graphlineage.client import Lineage
from graphlineage.web.app import create_app

from .served import serving

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
DBT_VENV = Path(os.environ.get("GRAPHLINEAGE_TEST_DBT_VENV", ROOT / ".venv-dbt"))
NS = "duckdb://shop.duckdb"


def dbt_ol() -> Path:
    """The dbt-ol executable, installed into DBT_VENV first if it is not there."""
    tool = DBT_VENV / "bin" / "dbt-ol"
    stamp = DBT_VENV / "requirements.txt"
    wanted = (HERE / "dbt_requirements.txt").read_text()
    if tool.exists() and stamp.exists() and stamp.read_text() == wanted:
        return tool
    if DBT_VENV.exists():
        shutil.rmtree(DBT_VENV)
    venv.EnvBuilder(with_pip=True).create(DBT_VENV)
    done = subprocess.run([str(DBT_VENV / "bin" / "python"), "-m", "pip", "install", "-q", "-r",
                           str(HERE / "dbt_requirements.txt")], capture_output=True, text=True,
                          timeout=900, check=False)  # fmt: skip
    assert done.returncode == 0, f"installing dbt-ol failed:\n{done.stdout}\n{done.stderr}"
    stamp.write_text(wanted)
    return tool


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_dbt_ol_events_through_serve(lineage: Lineage, tmp_path: Path) -> None:
    tool = dbt_ol()
    project = tmp_path / "shop"
    shutil.copytree(HERE / "dbt_shop", project)
    with serving(create_app(lineage)) as url:
        env = {**os.environ, "OPENLINEAGE_URL": url, "OPENLINEAGE_NAMESPACE": "dbt",
               "PATH": f"{tool.parent}{os.pathsep}{os.environ.get('PATH', '')}",
               "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "OPENLINEAGE_CONFIG": ""}
        env.pop("OPENLINEAGE_DISABLED", None)
        done = subprocess.run([str(tool), "build", "--profiles-dir", ".", "--project-dir", "."],
                              cwd=project, env=env, capture_output=True, text=True,
                              timeout=600, check=False)  # fmt: skip
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "Emitted 6 OpenLineage events" in output, output
    # the runs: one per model and one for the whole dbt invocation, all finished
    runs = lineage.cypher("MATCH (r:Run {ol_namespace: 'dbt'}) RETURN r.ol_job AS job, "
                          "r.status AS status ORDER BY job").rows  # fmt: skip
    assert runs == [{"job": "dbt-run-shop", "status": "finished"},
                    {"job": "shop.main.shop.revenue.build.run", "status": "finished"},
                    {"job": "shop.main.shop.stg_orders.build.run", "status": "finished"}]
    # dataset lineage: revenue <- its model run <- stg_orders <- its model run
    up = lineage.ancestry(f"dataset:{NS}/shop.main.revenue")
    assert [(n.kind, n.type) for n in up.nodes] == [
        ("run", "shop.main.shop.revenue.build.run"), ("artifact_version", "dataset"),
        ("run", "shop.main.shop.stg_orders.build.run")]
    assert up.nodes[1].metadata is not None
    assert up.nodes[1].metadata["dataset"] == f"{NS}/shop.main.stg_orders"
    jobs = lineage.job_impact(f"dataset:{NS}/shop.main.stg_orders")
    assert jobs.nodes[0].ref == "job:dbt/shop.main.shop.revenue.build.run"
    # column lineage: total = sum(price * qty); email = customer_email
    total = lineage.column_ancestry(f"dataset:{NS}/shop.main.revenue", "total")
    assert {(n.name, n.column, n.distance) for n in total.nodes} == {
        ("shop.main.stg_orders", "amount", 1), ("shop.main.raw_orders", "price", 2),
        ("shop.main.raw_orders", "qty", 2)}
    email = lineage.column_impact(f"dataset:{NS}/shop.main.raw_orders", "customer_email")
    assert {(n.name, n.column, n.distance) for n in email.nodes} == {
        ("shop.main.stg_orders", "email", 1), ("shop.main.revenue", "email", 2)}
    assert email.datasets == [f"{NS}/shop.main.stg_orders", f"{NS}/shop.main.revenue"]
    # the facets dbt sent are kept: dataSource as properties, dbt's own facet verbatim
    (row,) = lineage.cypher("MATCH (a:Artifact {ol_name: 'shop.main.revenue'})-[:HAS_VERSION]->"
                            "(v) RETURN a.ol_datasource_name AS source, v.ol_facets AS facets"
                            ).rows  # fmt: skip
    assert row["source"] and "dbt_model" in row["facets"]
