"""The W&B model-lineage example, line for line with graphlineage in place of wandb."""

from __future__ import annotations

from pathlib import Path

import pytest

import graphlineage
from graphlineage.client import Lineage
from graphlineage.graph import queries


def record_mnist_example(workdir: Path, project: str = "mnist") -> dict[str, str]:
    """The three runs of the W&B docs example; returns their names."""
    # jumping-monkey-1: produces the dataset
    run = graphlineage.init(project=project, job_type="load_data", name="jumping-monkey-1")
    data = workdir / "mnist.npz"
    data.write_bytes(b"pretend these are 70000 handwritten digits")
    dataset = graphlineage.Artifact("mnist_dataset", type="dataset", metadata={"rows": 70000})
    dataset.add_file(str(data))
    run.log_artifact(dataset)
    run.finish()

    # vague-morning-5: the docs' training script
    job_type = "train_model"
    config = {
        "optimizer": "adam",
        "batch_size": 128,
        "epochs": 5,
        "validation_split": 0.1,
    }
    run = graphlineage.init(
        project=project, job_type=job_type, config=config, name="vague-morning-5"
    )
    version = "latest"
    name = "{}:{}".format("{}_dataset".format("mnist"), version)
    artifact = run.use_artifact(name)
    assert artifact.version == "v0"
    optimizer = run.config["optimizer"]
    batch_size = run.config["batch_size"]
    assert (optimizer, batch_size, run.config.epochs) == ("adam", 128, 5)
    model_file = workdir / "model.h5"
    model_file.write_bytes(b"weights after 5 epochs")
    path = str(model_file)
    registered_model_name = "MNIST-dev"
    name = "mnist_model"
    run.link_model(path=path, registered_model_name=registered_model_name, name=name)
    run.summary["accuracy"] = 0.98
    run.finish()

    # serene-haze-6: evaluates the model
    with graphlineage.init(project=project, job_type="evaluate", name="serene-haze-6") as run:
        model = run.use_artifact("mnist_model:v0")
        run.summary["test_accuracy"] = 0.97
        assert model.type == "model"
    return {"data": "jumping-monkey-1", "train": "vague-morning-5", "eval": "serene-haze-6"}


def test_wandb_example_builds_the_documented_graph(lineage: Lineage, tmp_path: Path) -> None:
    record_mnist_example(tmp_path)

    dataset = graphlineage.artifact("mnist/mnist_dataset:v0")
    assert dataset.logged_by().name == "jumping-monkey-1"
    assert [r.name for r in dataset.used_by()] == ["vague-morning-5"]
    assert dataset.aliases == ["latest"]
    assert dataset.metadata == {"rows": 70000}
    assert dataset.manifest[0].path == "mnist.npz"

    model = graphlineage.artifact("mnist/mnist_model:latest")
    assert model.key == "mnist/mnist_model:v0"
    assert model.logged_by().name == "vague-morning-5"
    assert [r.name for r in model.used_by()] == ["serene-haze-6"]
    assert [(link.model, link.version) for link in model.registry] == [("MNIST-dev", "v0")]

    train = graphlineage.run("vague-morning-5")
    assert train.status == "finished"
    assert train.job_type == "train_model"
    assert train.config["optimizer"] == "adam"
    assert train.summary == {"accuracy": 0.98}
    assert train.host
    assert graphlineage.run("serene-haze-6").summary == {"test_accuracy": 0.97}

    registry = graphlineage.registered_model("MNIST-dev")
    (v0,) = registry.versions()
    assert v0.artifact_version == "mnist/mnist_model:v0"
    assert registry.aliases == {"latest": "v0"}


def test_use_artifact_records_what_was_asked_and_what_it_resolved_to(
    lineage: Lineage, tmp_path: Path
) -> None:
    record_mnist_example(tmp_path)
    train = lineage.run("vague-morning-5", project="mnist")
    rows = lineage.store.read(queries.list_run_inputs(run_id=train.id))
    assert [(r["version"]["key"], r["requested"]) for r in rows] == [
        ("mnist/mnist_dataset:v0", ["mnist_dataset:latest"])
    ]


def test_run_helpers(lineage: Lineage, tmp_path: Path) -> None:
    record_mnist_example(tmp_path)
    with lineage.init(project="mnist", job_type="inspect") as run:
        used = run.use_artifact("mnist_dataset:v0")
        assert [a.key for a in run.used_artifacts()] == [used.key]
        assert run.logged_artifacts() == []


@pytest.mark.parametrize("count", [3])
def test_generated_names_are_unique_and_numbered(lineage: Lineage, count: int) -> None:
    names = []
    for _ in range(count):
        run = lineage.init(project="names")
        names.append(run.name)
        run.finish()
    assert len(set(names)) == count
    assert [int(n.rsplit("-", 1)[1]) for n in names] == [1, 2, 3]
