"""W&B's public-API shape on the real server: ``graphlineage.Api()`` with ``artifact``,
``run``, ``runs(path, filters=...)``, ``artifacts``, ``artifact_versions``, and the one-hop
methods of what they return; W&B paths with an entity and registry refs."""

from __future__ import annotations

from pathlib import Path

import pytest

import graphlineage
from graphlineage.client import Lineage
from graphlineage.errors import InvalidInputError, NotFoundError

from .test_seed_example import record_mnist_example


@pytest.fixture
def api(lineage: Lineage, tmp_path: Path) -> graphlineage.Api:
    record_mnist_example(tmp_path)
    return graphlineage.Api(client=lineage)


def test_a_wandb_api_script_ports_by_changing_the_import(api: graphlineage.Api) -> None:
    # as in W&B's docs: api = wandb.Api(); artifact = api.artifact("entity/project/name:alias")
    artifact = api.artifact("my-team/mnist/mnist_dataset:latest")
    assert artifact.key == "mnist/mnist_dataset:v0"
    assert artifact.logged_by().name == "jumping-monkey-1"
    (consumer,) = artifact.used_by()
    assert consumer.name == "vague-morning-5"
    assert [a.key for a in api.run(f"my-team/mnist/{consumer.id}").logged_artifacts()] == [
        "mnist/mnist_model:v0"]
    train = api.run("mnist/vague-morning-5")
    assert [a.key for a in train.used_artifacts()] == ["mnist/mnist_dataset:v0"]
    assert (train.state, train.path) == ("finished", ["mnist", train.id])
    # the run graphlineage.run() returns has the same methods
    assert [a.key for a in graphlineage.run("mnist/vague-morning-5").used_artifacts()] == [
        "mnist/mnist_dataset:v0"]
    model = api.artifact("wandb-registry-model/MNIST-dev:latest")
    assert model.key == "mnist/mnist_model:v0"
    assert api.artifact("model-registry/MNIST-dev:v0").key == model.key
    assert api.registered_model("wandb-registry-model/MNIST-dev").aliases == {"latest": "v0"}
    assert [v.key for v in api.artifacts("model", "my-team/mnist/mnist_model")] == [model.key]
    assert [v.key for v in api.artifact_versions("dataset", "mnist/mnist_dataset")] == [
        "mnist/mnist_dataset:v0"]
    assert api.artifacts("dataset", "mnist/mnist_model") == []  # another type


def test_runs_with_wandb_filters(api: graphlineage.Api, lineage: Lineage) -> None:
    for lr, tag in ((0.1, "baseline"), (0.001, "other")):
        with lineage.init(project="mnist", job_type="sweep", config={"lr": lr}, tags=[tag],
                          group="g1") as run:  # fmt: skip
            run.summary["acc"] = lr * 5
    names = [r.config["lr"] for r in api.runs("team/mnist", {"config.lr": {"$gt": 0.01}})]
    assert names == [0.1]
    assert [r.job_type for r in api.runs("mnist", filters={"state": "finished",
                                                           "jobType": "train_model"})] == [
        "train_model"]  # fmt: skip
    assert [r.config["lr"] for r in api.runs("mnist", {"tags": "other"})] == [0.001]
    assert [r.config["lr"] for r in api.runs("mnist", {"$and": [
        {"summary_metrics.acc": {"$gte": 0.1}}, {"group": "g1"}]})] == [0.1]  # fmt: skip
    every = api.runs("mnist")
    assert len(every) == 5 and all(hasattr(r, "used_artifacts") for r in every)
    assert [r.name for r in api.runs("mnist", order="created_at")] == [
        r.name for r in reversed(every)]
    assert graphlineage.Api(overrides={"project": "mnist"}).run("serene-haze-6").name == (
        "serene-haze-6")


@pytest.mark.parametrize("filters", [
    {"config.lr": {"$regex": "x"}}, {"createdAt": {"$gt": "2026"}}, {"state": {"$in": ["a"]}},
    {"tags": {"$in": ["a", "b"]}}, {"$and": {"a": 1}},
])  # fmt: skip
def test_unsupported_filters_say_so(api: graphlineage.Api, filters: dict[str, object]) -> None:
    with pytest.raises(InvalidInputError):
        api.runs("mnist", filters)


def test_wrong_paths_and_types(api: graphlineage.Api) -> None:
    with pytest.raises(InvalidInputError, match="of type 'dataset', not 'model'"):
        api.artifact("mnist/mnist_dataset:v0", type="model")
    with pytest.raises(NotFoundError):
        api.artifact("wandb-registry-model/MNIST-dev:production")
    with pytest.raises(NotFoundError):
        api.run("mnist/no-such-run")
    with pytest.raises(InvalidInputError):
        api.run("")
    with pytest.raises(InvalidInputError):
        api.runs("mnist", order="-summary_metrics.acc")


def test_the_readme_example_prints_what_it_says(api: graphlineage.Api) -> None:
    bad = graphlineage.impact("mnist/mnist_dataset:v0")
    shown = ([n.ref for n in bad.runs], bad.affected_aliases)
    assert shown == (["run:mnist/vague-morning-5", "run:mnist/serene-haze-6"],
                     {"MNIST-dev": ["latest=v0"]})  # fmt: skip
    only_runs = graphlineage.impact("mnist/mnist_dataset:v0", types=["run"])
    assert {n.kind for n in only_runs.nodes} == {"run"} and len(only_runs.nodes) == 2


def test_cypher_results_iterate_over_their_rows(lineage: Lineage) -> None:
    result = lineage.cypher("UNWIND [1, 2] AS x RETURN x")
    assert [row["x"] for row in result] == [1, 2]
    assert len(result) == 2 and result[1] == {"x": 2}


def test_the_requested_alias_is_part_of_the_answers(api: graphlineage.Api) -> None:
    from click.testing import CliRunner

    from graphlineage.cli.main import cli

    client = api.client
    details = client.show("run:mnist/vague-morning-5")
    assert details.requested == {"mnist/mnist_dataset:v0": ["mnist_dataset:latest"]}
    up = client.ancestry("registry:MNIST-dev:latest")
    assert up.requested == "registry:MNIST-dev:latest" and up.root.ref == "mnist/mnist_model:v0"
    assert client.ancestry("mnist/mnist_model:v0").requested is None
    graphlineage.reset_default_client()
    runner = CliRunner()
    shown = runner.invoke(cli, ["show", "run:mnist/vague-morning-5"])
    assert shown.exit_code == 0, shown.output
    assert "mnist_dataset:latest → mnist/mnist_dataset:v0" in shown.output
    asked = runner.invoke(cli, ["ancestry", "wandb-registry-model/MNIST-dev:latest"])
    assert asked.exit_code == 0, asked.output
    assert "Ancestry of wandb-registry-model/MNIST-dev:latest → mnist/mnist_model:v0" in (
        asked.output)
    nodes = {n.ref: n.requested for n in client.ancestry("mnist/mnist_model:v0").nodes}
    assert nodes == {"run:mnist/vague-morning-5": None, "run:mnist/jumping-monkey-1": None,
                     "mnist/mnist_dataset:v0": ["mnist_dataset:latest"]}  # fmt: skip
    down = {n.ref: n.requested for n in client.impact("mnist/mnist_dataset:v0").nodes}
    assert down["mnist/mnist_model:v0"] is None  # serene-haze-6 asked for it by version
    listed = runner.invoke(cli, ["ancestry", "mnist/mnist_model:v0"])
    assert "mnist/mnist_dataset:v0 (used as mnist_dataset:latest)" in listed.output
    entity = runner.invoke(cli, ["show", "my-team/mnist/mnist_dataset:latest"])
    assert entity.exit_code == 0, entity.output
    assert "mnist/mnist_dataset:v0" in entity.output


def test_wandb_refs_in_a_run(lineage: Lineage, tmp_path: Path) -> None:
    record_mnist_example(tmp_path)
    with lineage.init(project="other", entity="my-team", job_type="eval") as run:
        used = run.use_artifact("my-team/mnist/mnist_model:latest")
        assert used.key == "mnist/mnist_model:v0"
    assert lineage.artifact("wandb-registry-model/MNIST-dev:v0").key == used.key


def test_public_api_runs_update_tags_summary_and_config(api: graphlineage.Api) -> None:
    run = api.run("mnist/vague-morning-5")  # finished
    run.tags.append("best")
    run.summary["val_acc"] = 0.97
    run.config["note"] = "checked"
    after = run.update()
    assert after.tags == ["best"] and after.status == "finished"
    assert after.summary == {"accuracy": 0.98, "val_acc": 0.97}
    assert after.config["note"] == "checked"
    assert [r.name for r in api.runs("mnist", {"tags": "best",
                                               "summary_metrics.val_acc": {"$gt": 0.9}})] == [
        "vague-morning-5"]  # fmt: skip
    after.tags.remove("best")
    fresh = after.update()
    assert fresh.tags == []
    assert fresh.update() is fresh  # nothing changed: nothing sent
    bad = api.run("mnist/vague-morning-5")
    bad.summary["x"] = float("nan")
    with pytest.raises(InvalidInputError):
        bad.update()
    assert "x" not in api.run("mnist/vague-morning-5").summary
