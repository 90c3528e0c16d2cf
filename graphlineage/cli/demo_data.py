"""The demo lineage: the W&B MNIST example and a larger sentiment-analysis project.

Recording is idempotent: every run has a fixed name and is skipped if it exists, and
artifact contents are fixed references, so equal content resolves to the same version.
Running the demo twice changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from graphlineage.capture.artifact import Artifact
from graphlineage.capture.run import Run
from graphlineage.client import Lineage
from graphlineage.errors import NotFoundError

MNIST = "mnist"
SENTIMENT = "sentiment"
PRODUCTION_MODEL = "registry:Sentiment:production"
BAD_DATASET = "sentiment/reviews-raw:v1"


def _artifact(name: str, type_: str, uri: str, **metadata: Any) -> Artifact:
    artifact = Artifact(name, type=type_, metadata=metadata)
    artifact.add_reference(uri, digest=hashlib.sha256(uri.encode()).hexdigest())
    return artifact


@dataclass
class Step:
    """One run of the demo: its project, name, job type, config and what it does."""

    project: str
    name: str
    job_type: str
    body: Callable[[Run], None]
    config: dict[str, Any] = field(default_factory=dict)


def _mnist_steps() -> Iterator[Step]:
    def load(run: Run) -> None:
        run.log_artifact(_artifact("mnist_dataset", "dataset", "s3://demo/mnist/mnist.npz",
                                   rows=70000))  # fmt: skip

    def train(run: Run) -> None:
        run.use_artifact("mnist_dataset:latest")
        model = _artifact("mnist_model", "model", "s3://demo/mnist/model.h5")
        run.link_model(model, registered_model_name="MNIST-dev")
        run.summary["accuracy"] = 0.98

    def evaluate(run: Run) -> None:
        run.use_artifact("mnist_model:v0")
        run.summary["test_accuracy"] = 0.97

    yield Step(MNIST, "jumping-monkey-1", "load_data", load)
    yield Step(MNIST, "vague-morning-5", "train_model", train,
               {"optimizer": "adam", "batch_size": 128, "epochs": 5, "validation_split": 0.1})
    yield Step(MNIST, "serene-haze-6", "evaluate", evaluate)


def _sentiment_steps() -> Iterator[Step]:
    months = ["2026-01", "2026-02", "2026-03"]

    def ingest(month: str) -> Callable[[Run], None]:
        def body(run: Run) -> None:
            run.log_artifact(_artifact("reviews-raw", "dataset",
                                       f"s3://demo/reviews/raw-{month}.parquet", month=month))
            if month == months[0]:
                run.log_artifact(_artifact("reviews-test", "dataset",
                                           "s3://demo/reviews/test.parquet", rows=5000))
        return body  # fmt: skip

    def label(version: int) -> Callable[[Run], None]:
        def body(run: Run) -> None:
            run.log_artifact(_artifact("labels", "labels",
                                       f"s3://demo/labels/batch-{version}.csv", batch=version))
        return body  # fmt: skip

    def preprocess(raw: int, labels: int) -> Callable[[Run], None]:
        def body(run: Run) -> None:
            run.use_artifact(f"reviews-raw:v{raw}")
            run.use_artifact(f"labels:v{labels}")
            run.use_artifact("tokenizer:v0")
            run.log_artifact(_artifact("reviews-clean", "dataset",
                                       f"s3://demo/reviews/clean-{raw}-{labels}.parquet"))
        return body  # fmt: skip

    def tokenizer(run: Run) -> None:
        run.log_artifact(_artifact("tokenizer", "tokenizer", "s3://demo/tokenizer/bpe-32k.json",
                                   vocab=32000))  # fmt: skip

    def train(clean: int, base: str | None, aliases: list[str]) -> Callable[[Run], None]:
        def body(run: Run) -> None:
            run.use_artifact(f"reviews-clean:v{clean}")
            if base is not None:
                run.use_artifact(base)
            model = _artifact("sentiment-model", "model",
                              f"s3://demo/models/sentiment-{run.name}.pt")
            run.link_model(model, registered_model_name="Sentiment", aliases=aliases)
            run.summary["val_f1"] = 0.80 + 0.03 * clean
        return body  # fmt: skip

    def evaluate(model: str, *data: str) -> Callable[[Run], None]:
        def body(run: Run) -> None:
            run.use_artifact(model)
            for ref in data or ("reviews-test:latest",):
                run.use_artifact(ref)
            run.summary["test_f1"] = 0.81
        return body  # fmt: skip

    for month in months:
        yield Step(SENTIMENT, f"ingest-{month}", "ingest", ingest(month), {"month": month})
    yield Step(SENTIMENT, "tokenize-bpe", "tokenizer", tokenizer, {"vocab": 32000})
    yield Step(SENTIMENT, "label-batch-0", "labelling", label(0))
    yield Step(SENTIMENT, "label-batch-1", "labelling", label(1))
    for raw, labels in ((0, 0), (1, 0), (2, 1)):
        yield Step(SENTIMENT, f"preprocess-{raw}-{labels}", "preprocess",
                   preprocess(raw, labels), {"lowercase": True, "max_len": 256})  # fmt: skip
    yield Step(SENTIMENT, "train-base", "train", train(0, None, ["staging"]),
               {"lr": 3e-4, "epochs": 3})  # fmt: skip
    yield Step(SENTIMENT, "train-feb", "train", train(1, None, []), {"lr": 3e-4, "epochs": 3})
    yield Step(SENTIMENT, "finetune-feb", "finetune",
               train(1, "sentiment-model:v0", ["production"]), {"lr": 1e-5, "epochs": 1})
    yield Step(SENTIMENT, "eval-base", "evaluate", evaluate("sentiment-model:v0"))
    yield Step(SENTIMENT, "eval-finetune", "evaluate", evaluate("sentiment-model:v2"))
    yield Step(SENTIMENT, "train-mar", "train", train(2, None, ["staging"]),
               {"lr": 3e-4, "epochs": 4})  # fmt: skip
    # a leaky evaluation: March's raw reviews trained the staging model (an error), and
    # February's cleaned reviews are another version of its training data (a warning)
    yield Step(SENTIMENT, "eval-mar", "evaluate",
               evaluate("sentiment-model:v3", "reviews-raw:v2", "reviews-clean:v1"))


def steps() -> list[Step]:
    """Every run of the demo, in the order they happen."""
    return [*_mnist_steps(), *_sentiment_steps()]


def record(lineage: Lineage, on_step: Callable[[Step, bool], None] | None = None) -> int:
    """Record the runs that do not exist yet; return how many were recorded."""
    recorded = 0
    for step in steps():
        try:
            lineage.run(f"{step.project}/{step.name}")
            exists = True
        except NotFoundError:
            exists = False
        if not exists:
            with lineage.init(project=step.project, job_type=step.job_type,
                              config=step.config, name=step.name) as run:  # fmt: skip
                step.body(run)
            recorded += 1
        if on_step is not None:
            on_step(step, not exists)
    # the bad dataset is flagged once (a flag the user lifted stays lifted)
    if not any(entry.event == "flagged" for entry in lineage.history(BAD_DATASET).entries):
        lineage.flag(BAD_DATASET, "label noise in the February export", by="demo")
    return recorded
