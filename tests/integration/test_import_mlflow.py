"""``import mlflow``: a real MLflow history (made with the mlflow library in a sqlite store)
imported, its lineage asked, then imported again (nothing changes), then imported after the
history grew (only what changed is written)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphlineage.cli.main import cli
from graphlineage.client import Lineage
from graphlineage.errors import ImportSourceError

from .graph_snapshot import alias_holders, differences, snapshot
from .mlflow_history import History, finish_forecast, make_history

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[History]:
    import mlflow

    made = make_history(tmp_path_factory.mktemp("mlflow"))
    yield made
    mlflow.set_tracking_uri(None)


def by_name(lineage: Lineage, project: str) -> dict[str, dict[str, object]]:
    rows = lineage.cypher("MATCH (r:Run {project: $p}) RETURN r {.*} AS run",
                          {"p": project}).rows  # fmt: skip
    return {row["run"]["name"]: row["run"] for row in rows}


def test_import_twice_then_incrementally(lineage: Lineage, history: History) -> None:
    report = lineage.import_mlflow(history.uri)
    assert report.warnings == []
    assert report.read["runs"] == 8 and report.read["experiments"] == 3  # with "Default"
    assert report.written == {"datasets": 2, "models outside runs": 1, "runs": 8,
                              "registry links": 2}
    baseline = lineage.version_producers("churn/baseline:v0")
    assert [run.job_type for run in baseline] == ["mlflow-model"]

    runs = by_name(lineage, "churn")
    train = lineage.run("churn/train")
    assert train.config == {"lr": "0.1", "epochs": "3"}
    assert train.summary == {"loss": 0.3}
    assert train.status == "finished" and train.git_commit == "abc123"
    assert "team=growth" in train.tags
    assert runs["train"]["source"] == "mlflow"
    assert runs["train"]["external_id"] == history.ids["train"]
    assert runs["train"]["user"]
    # the second MLflow run named train gets its id's start after the name
    assert f"train-{history.ids['train-again'][:8]}" in runs
    assert lineage.run("churn/broken").status == "failed"
    assert lineage.run("churn/broken").summary == {"loss": "nan"}
    forecast = lineage.run("Users-ana-forecast/forecast")
    assert forecast.status == "running" and forecast.config == {"horizon": "7"}
    children = lineage.cypher(
        "MATCH (c:Run)-[:CHILD_OF]->(p:Run) RETURN c.name AS child, p.name AS parent "
        "ORDER BY child").rows
    assert children == [{"child": "fold-0", "parent": "train"},
                        {"child": "fold-1", "parent": "train"}]

    # one version per dataset digest, used by both training runs
    train_data = lineage.artifact("churn/churn-train:v0")
    assert train_data.type == "dataset" and train_data.metadata["mlflow"]["source"] == {
        "uri": "s3://data/churn/train.parquet"}
    assert lineage.cypher("MATCH (v:ArtifactVersion {artifact: 'churn/churn-train'}) "
                          "RETURN count(v) AS n").rows == [{"n": 1}]
    consumers = {run.name for run in lineage.version_consumers("churn/churn-train:v0")}
    assert consumers == {"train", f"train-{history.ids['train-again'][:8]}"}
    used = lineage.cypher("MATCH (:Run {name: 'train'})-[u:USED]->(v) "
                          "RETURN v.key AS key, u.requested AS requested ORDER BY key").rows
    assert [row["key"] for row in used] == ["churn/churn-eval:v0", "churn/churn-train:v0"]
    assert "(training)" in used[1]["requested"][0]

    # the registry: versions in MLflow's order, the alias and the stage as registry aliases
    holders = alias_holders(lineage.store)
    assert holders[("registry:churn-model", "champion")] == "churn/churn-model:v0"
    assert holders[("registry:churn-model", "staging")] == "churn/churn-model:v1"
    numbers = lineage.cypher("MATCH ()-[l:LINKED_TO]->() RETURN l.version AS v, "
                             "l.source_version AS n ORDER BY n").rows
    assert numbers == [{"v": "v0", "n": 1}, {"v": "v1", "n": 2}]

    # lineage: the champion descends from the data; the data reaches the champion
    ancestry = lineage.ancestry("registry:churn-model:champion")
    refs = {node.ref for node in ancestry.nodes}
    assert {"churn/churn-train:v0", "churn/churn-eval:v0", "run:churn/train"} <= refs
    impact = lineage.impact("churn/churn-train:v0")
    assert "champion=v0" in impact.affected_aliases["churn-model"]
    assert "run:churn/evaluate" in {node.ref for node in impact.nodes}

    # again: nothing is sent, nothing changes
    before = snapshot(lineage.store)
    again = lineage.import_mlflow(history.uri)
    assert again.written == {} and again.updated == {} and again.events == {}
    assert again.unchanged["runs"] == 8
    assert differences(before, snapshot(lineage.store)) == []

    # the running run went on: only it is updated (a new input, its end and summary)
    finish_forecast(history)
    grown = lineage.import_mlflow(history.uri, experiments=["/Users/ana/forecast"])
    assert grown.warnings == []
    assert grown.updated == {"runs": 1} and grown.written == {"datasets": 1}
    forecast = lineage.run("Users-ana-forecast/forecast")
    assert forecast.status == "finished" and forecast.summary == {"mape": 0.12}
    assert [v.key for v in lineage.run_inputs(forecast.id)] == ["Users-ana-forecast/sales:v0"]
    settled = snapshot(lineage.store)
    assert lineage.import_mlflow(history.uri).events == {}
    assert differences(settled, snapshot(lineage.store)) == []


def test_cli_summary_warnings_and_alias_moves(lineage: Lineage, history: History) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["import", "mlflow", "--tracking-uri", history.uri,
                                 "--experiment", "churn", "--experiment", "nope"])
    assert result.exit_code == 0, result.output
    assert "Written: " in result.stdout and "Warnings: 1." in result.stdout
    assert "experiment 'nope': not in MLflow" in result.stderr
    # the champion moves to version 2 in MLflow: a re-import moves it in the graph
    history.client.set_registered_model_alias("churn-model", "champion", "2")
    result = runner.invoke(cli, ["import", "mlflow", "--tracking-uri", history.uri])
    assert result.exit_code == 0, result.output
    holders = alias_holders(lineage.store)
    assert holders[("registry:churn-model", "champion")] == "churn/churn-model:v1"
    history.client.set_registered_model_alias("churn-model", "champion", "1")
    # the pyfunc model is a logged model with MLflow's id in its metadata
    model = lineage.artifact("churn/churn-model:v0")
    assert model.type == "model" and model.metadata["mlflow"]["model_id"] == history.model_id
    missing = runner.invoke(cli, ["import", "mlflow", "--tracking-uri",
                                  "sqlite:////nonexistent/mlflow.db"])  # fmt: skip
    assert missing.exit_code == ImportSourceError.exit_code
    assert "no MLflow database" in missing.stderr


def test_since_leaves_older_history_out(lineage: Lineage, history: History) -> None:
    later = datetime.now(UTC) + timedelta(days=1)
    report = lineage.import_mlflow(history.uri, since=later)
    assert report.written == {} and report.events == {}
    assert report.skipped["runs (before --since)"] == report.read["runs"]
    assert report.skipped["model versions (before --since)"] == 2
    result = CliRunner().invoke(cli, ["import", "mlflow", "--tracking-uri", history.uri,
                                      "--since", "2000-01-01"])  # fmt: skip
    assert result.exit_code == 0 and "Written: " in result.stdout


def test_a_registry_version_whose_run_was_not_imported_is_a_warning(
    lineage: Lineage, history: History, tmp_path: Path
) -> None:
    import mlflow

    other = history.client.create_experiment("other", artifact_location=str(tmp_path))
    with mlflow.start_run(experiment_id=other, run_name="elsewhere"):
        model = mlflow.create_external_model(name="elsewhere")
    mlflow.register_model(model.model_uri, "elsewhere-model")
    report = lineage.import_mlflow(history.uri, experiments=["churn"])
    assert any("'elsewhere-model' version 1" in w for w in report.warnings), report.warnings
    assert report.written["registry links"] == 2
    assert json.loads(json.dumps(report.lines()))  # the summary is plain text lines


def test_an_mlruns_folder(lineage: Lineage, tmp_path: Path,
                          monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    import mlflow

    folder = tmp_path / "mlruns"
    monkeypatch.setenv("MLFLOW_ALLOW_FILE_STORE", "true")  # MLflow 3 writes one only if told
    client = mlflow.tracking.MlflowClient(str(folder))
    experiment = client.create_experiment("folder")
    run = client.create_run(experiment, run_name="old-style")
    client.log_metric(run.info.run_id, "loss", 0.2)
    client.set_terminated(run.info.run_id)
    monkeypatch.delenv("MLFLOW_ALLOW_FILE_STORE")  # the importer says so itself
    report = lineage.import_mlflow(str(folder))
    assert report.written == {"runs": 1} and report.warnings == []
    assert lineage.run("folder/old-style").summary == {"loss": 0.2}


def test_mlflow2_models_from_the_log_model_history(lineage: Lineage, tmp_path: Path) -> None:
    """MLflow 2 kept a run's models in the ``mlflow.log-model.history`` tag, and a registry
    version's source was the model's path under the run's artifacts."""
    from mlflow.tracking import MlflowClient

    uri = f"sqlite:///{tmp_path / 'old.db'}"
    client = MlflowClient(uri, uri)
    experiment = client.create_experiment("legacy", artifact_location=str(tmp_path / "a"))
    run = client.create_run(experiment, run_name="fit")
    run_id = run.info.run_id
    history = [{"run_id": run_id, "artifact_path": "model", "model_uuid": "0f3c",
                "utc_time_created": "2024-01-01 00:00:00.000000",
                "flavors": {"python_function": {}, "sklearn": {}}}]
    client.set_tag(run_id, "mlflow.log-model.history", json.dumps(history))
    client.set_terminated(run_id)
    client.create_registered_model("legacy-model")
    client.create_model_version("legacy-model", f"{run.info.artifact_uri}/model", run_id)
    client.set_registered_model_alias("legacy-model", "prod", "1")
    # partial data: a history tag that is not JSON, more tags than a run takes
    odd = client.create_run(experiment, run_name="odd")
    client.set_tag(odd.info.run_id, "mlflow.log-model.history", "[{not json")
    for i in range(70):
        client.set_tag(odd.info.run_id, f"t{i:02}", "x")
    client.set_terminated(odd.info.run_id)
    report = lineage.import_mlflow(uri)
    assert report.written == {"runs": 2, "registry links": 1}
    assert len(report.warnings) == 2, report.warnings
    assert "(odd): 70 tags, the first 64 kept" in report.warnings[0]
    assert "(odd): mlflow.log-model.history not read" in report.warnings[1]
    assert len(lineage.run("legacy/odd").tags) == 64
    model = lineage.artifact("legacy/model:v0")
    assert model.metadata["mlflow"]["flavors"] == ["python_function", "sklearn"]
    assert [r.name for r in lineage.version_producers("legacy/model:v0")] == ["fit"]
    ancestry = lineage.ancestry("registry:legacy-model:prod")
    assert "run:legacy/fit" in {node.ref for node in ancestry.nodes}
