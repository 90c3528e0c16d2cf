"""``import mlmd``: an ML Metadata store built with the ml-metadata library (a TFX-shaped
pipeline: ingest -> transform -> train -> evaluate -> push) imported and its lineage checked
exactly; imported again (nothing changes), then after an execution finished."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from graphlineage.cli.main import cli
from graphlineage.client import Lineage
from graphlineage.errors import ImportSourceError

from .graph_snapshot import differences, snapshot

pytest.importorskip("ml_metadata", reason="ml-metadata is not installed (wheels only)")

from .mlmd_history import Store, finish_training, make_store

pytestmark = pytest.mark.slow

P = "churn-pipeline"


def edges(lineage: Lineage, kind: str) -> set[tuple[str, str]]:
    rows = lineage.cypher(f"MATCH (r:Run)-[:{kind}]->(v:ArtifactVersion) "
                          "RETURN r.name AS run, v.key AS version").rows  # fmt: skip
    return {(row["run"], row["version"]) for row in rows}


def test_pipeline_imported_exactly(lineage: Lineage, tmp_path: Path) -> None:
    made: Store = make_store(tmp_path)
    report = lineage.import_mlmd(made.path)
    assert report.warnings == []
    assert report.read == {"executions": 5, "artifacts": 7, "contexts": 2, "events": 14}
    assert report.written == {"artifacts without a producer": 1, "runs": 5}
    source = f"mlmd artifact churn.csv mlmd-{made.artifacts['csv']}@"
    (csv_run,) = [r["name"] for r in lineage.cypher(
        "MATCH (r:Run {job_type: 'mlmd-artifact'}) RETURN r.name AS name").rows]
    assert csv_run.startswith(source)
    assert edges(lineage, "PRODUCED") == {
        (csv_run, f"{P}/churn.csv:v0"),
        ("ingest", f"{P}/ExampleGen.examples:v0"),
        ("transform", f"{P}/Transform.transformed_examples:v0"),
        ("transform", f"{P}/Transform.transform_graph:v0"),
        ("train", f"{P}/Trainer.model:v0"),
        ("evaluate", f"{P}/Evaluator.evaluation:v0"),
        ("push", f"{P}/Pusher.pushed_model:v0"),
    }
    assert edges(lineage, "USED") == {
        ("ingest", f"{P}/churn.csv:v0"),
        ("transform", f"{P}/ExampleGen.examples:v0"),
        ("train", f"{P}/Transform.transformed_examples:v0"),
        ("train", f"{P}/Transform.transform_graph:v0"),
        ("evaluate", f"{P}/Trainer.model:v0"),
        ("evaluate", f"{P}/ExampleGen.examples:v0"),
        ("push", f"{P}/Trainer.model:v0"),
        ("push", f"{P}/Evaluator.evaluation:v0"),
    }
    train = lineage.run(f"{P}/train")
    assert train.job_type == "tfx.components.Trainer" and train.status == "running"
    assert train.config == {"learning_rate": 0.01} and train.tags == ["pipeline_run=run-1"]
    push = lineage.run(f"{P}/push")
    assert push.status == "finished" and push.config == {"destination": "serving/churn"}
    assert push.summary == {"state": "COMPLETE"}
    examples = lineage.artifact(f"{P}/ExampleGen.examples:v0")
    assert examples.type == "Examples"
    assert examples.metadata["mlmd"]["uri"] == "/pipelines/churn/ingest/examples/1"
    assert examples.metadata["mlmd"]["properties"] == {"span": 1}
    assert examples.metadata["mlmd"]["state"] == "LIVE"
    pushed = lineage.ancestry(f"{P}/Pusher.pushed_model:v0")
    assert {n.ref for n in pushed.nodes} >= {f"{P}/churn.csv:v0", f"run:{P}/train",
                                             f"{P}/Evaluator.evaluation:v0"}
    impact = lineage.impact(f"{P}/churn.csv:v0")
    assert f"{P}/Pusher.pushed_model:v0" in {n.ref for n in impact.nodes}

    before = snapshot(lineage.store)
    again = lineage.import_mlmd(made.path)
    assert again.written == {} and again.updated == {} and again.events == {}
    assert differences(before, snapshot(lineage.store)) == []

    finish_training(made)
    later = lineage.import_mlmd(made.path)
    assert later.updated == {"runs": 1} and later.written == {}
    assert lineage.run(f"{P}/train").status == "finished"
    settled = snapshot(lineage.store)
    assert lineage.import_mlmd(made.path).events == {}
    assert differences(settled, snapshot(lineage.store)) == []


def test_cli(lineage: Lineage, tmp_path: Path) -> None:
    made = make_store(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["import", "mlmd", "--sqlite", str(made.path)])
    assert result.exit_code == 0, result.output
    assert "Written: 1 artifacts without a producer, 5 runs." in result.stdout
    missing = runner.invoke(cli, ["import", "mlmd", "--sqlite", str(tmp_path / "nope.db")])
    assert missing.exit_code == ImportSourceError.exit_code
    assert "no ML Metadata database" in missing.stderr
    neither = runner.invoke(cli, ["import", "mlmd"])
    assert neither.exit_code == 3 and "--sqlite" in neither.stderr
