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


def test_the_seed_code_block_runs_literally(
    lineage: Lineage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The seed's whole "train a model, track the dataset as its input" block, with only
    ``wandb`` -> ``graphlineage`` and the Keras lines replaced by a few lines of numpy."""
    np = pytest.importorskip("numpy")
    monkeypatch.chdir(tmp_path)
    project = "mnist"
    model_use_case_id = "mnist"

    # the dataset run that the block reads from (an earlier step of the W&B docs)
    rng = np.random.default_rng(17)
    images = rng.integers(0, 256, size=(12, 28, 28, 1), dtype=np.uint8)
    labels = rng.integers(0, 10, size=12)
    run = graphlineage.init(project=project, job_type="load_data")
    table = graphlineage.Table(columns=["x_train", "y_train"])
    for x, y in zip(images, labels, strict=True):
        table.add_data(x, y)
    dataset = graphlineage.Artifact(f"{model_use_case_id}_dataset", type="dataset")
    dataset.add(table, "train_table")
    run.log_artifact(dataset)
    run.finish()

    # ---- the seed's block, line for line ----------------------------------------------
    job_type = "train_model"

    config = {
        "optimizer": "adam",
        "batch_size": 128,
        "epochs": 5,
        "validation_split": 0.1,
    }

    run = graphlineage.init(project=project, job_type=job_type, config=config)

    version = "latest"
    name = "{}:{}".format(f"{model_use_case_id}_dataset", version)

    artifact = run.use_artifact(name)

    train_table = artifact.get("train_table")
    x_train = train_table.get_column("x_train", convert_to="numpy")
    y_train = train_table.get_column("y_train", convert_to="numpy")
    assert np.array_equal(x_train, images) and np.array_equal(y_train, labels)

    num_classes = 10
    input_shape = (28, 28, 1)
    loss = "categorical_crossentropy"
    optimizer = run.config["optimizer"]
    metrics = ["accuracy"]
    batch_size = run.config["batch_size"]
    epochs = run.config["epochs"]
    validation_split = run.config["validation_split"]
    assert (loss, optimizer, metrics, validation_split) == (
        "categorical_crossentropy", "adam", ["accuracy"], 0.1)  # fmt: skip

    # Keras -> numpy: a linear softmax classifier stands in for the Sequential model
    weights = np.zeros((int(np.prod(input_shape)), num_classes))
    y_train = np.eye(num_classes)[y_train]  # keras.utils.to_categorical
    cut = int(len(x_train) * (1 - 0.33))  # train_test_split(..., test_size=0.33)
    x_t, x_v, y_t, y_v = x_train[:cut], x_train[cut:], y_train[:cut], y_train[cut:]
    for _ in range(epochs):  # model.fit(...)
        flat = x_t.reshape(len(x_t), -1) / 255.0
        logits = flat @ weights
        probs = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs /= probs.sum(axis=1, keepdims=True)
        weights -= flat.T @ (probs - y_t) / batch_size
    assert x_v.shape[0] == y_v.shape[0] == len(images) - cut

    path = "model.h5"
    with open(path, "wb") as handle:  # model.save(path)
        np.save(handle, weights)

    path = "./model.h5"
    registered_model_name = "MNIST-dev"
    name = "mnist_model"

    run.link_model(path=path, registered_model_name=registered_model_name, name=name)
    run.finish()
    # ---- end of the seed's block -----------------------------------------------------

    model = graphlineage.artifact("mnist/mnist_model:v0")
    assert model.logged_by().id == run.id
    assert [r.id for r in graphlineage.artifact("mnist/mnist_dataset:v0").used_by()] == [run.id]
    assert graphlineage.registered_model("MNIST-dev").aliases == {"latest": "v0"}
    stored = Path(model.download(tmp_path / "downloaded")) / "model.h5"
    with stored.open("rb") as handle:
        assert np.array_equal(np.load(handle), weights)
