"""A small MLflow history made with the mlflow library itself, in a sqlite store.

Experiment ``churn``: ``prepare`` logs nothing but a param; ``train`` uses the training and
the evaluation datasets (log_input, contexts ``training`` and ``eval``), has two nested
``fold`` runs, and logs a pyfunc model, registered as ``churn-model`` version 1 with the
alias ``champion``; ``evaluate`` uses that model (a model input) and the evaluation
dataset; a second run named ``train`` uses the same training dataset (same digest) and
logs an external model, version 2 (stage ``Staging``); ``broken`` fails with a NaN metric;
the model ``baseline`` is logged in no run. Experiment ``/Users/ana/forecast`` (an invalid
project name as is) has one run that is still running (:func:`finish_forecast` has it use a
dataset and finish).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mlflow
import pandas as pd
from mlflow.entities import LoggedModelInput
from mlflow.tracking import MlflowClient


class Echo(mlflow.pyfunc.PythonModel):  # type: ignore[misc]
    def predict(self, context: Any, model_input: Any) -> Any:
        return model_input


@dataclass
class History:
    uri: str
    ids: dict[str, str]  # our name for a run -> its MLflow run id
    model_id: str  # the pyfunc model's id
    client: MlflowClient


def _dataset(rows: int, name: str, source: str) -> Any:
    frame = pd.DataFrame({"tenure": list(range(rows)), "churned": [i % 2 for i in range(rows)]})
    return mlflow.data.from_pandas(frame, source=source, name=name)


def make_history(folder: Path) -> History:
    uri = f"sqlite:///{folder / 'mlflow.db'}"
    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(uri)
    client = MlflowClient(uri, uri)
    churn = client.create_experiment("churn", artifact_location=str(folder / "artifacts"))
    forecast = client.create_experiment("/Users/ana/forecast",
                                        artifact_location=str(folder / "artifacts2"))
    train_data = _dataset(6, "churn-train", "s3://data/churn/train.parquet")
    eval_data = _dataset(3, "churn-eval", "s3://data/churn/eval.parquet")
    ids: dict[str, str] = {}
    with mlflow.start_run(experiment_id=churn, run_name="prepare") as run:
        mlflow.log_param("rows", 6)
        ids["prepare"] = run.info.run_id
    with mlflow.start_run(experiment_id=churn, run_name="train",
                          tags={"team": "growth", "mlflow.source.git.commit": "abc123"}) as run:
        ids["train"] = run.info.run_id
        mlflow.log_params({"lr": 0.1, "epochs": 3})
        for step, loss in enumerate([0.9, 0.5, 0.3]):
            mlflow.log_metric("loss", loss, step=step)
        mlflow.log_input(train_data, context="training")
        mlflow.log_input(eval_data, context="eval")
        for fold in range(2):
            with mlflow.start_run(experiment_id=churn, run_name=f"fold-{fold}",
                                  nested=True) as child:
                ids[f"fold-{fold}"] = child.info.run_id
                mlflow.log_metric("auc", 0.8 + fold / 100)
        model = mlflow.pyfunc.log_model(name="churn-model", python_model=Echo(),
                                        pip_requirements=[])
    first = mlflow.register_model(model.model_uri, "churn-model")
    client.set_registered_model_alias("churn-model", "champion", first.version)
    with mlflow.start_run(experiment_id=churn, run_name="evaluate") as run:
        ids["evaluate"] = run.info.run_id
        mlflow.log_input(model=LoggedModelInput(model.model_id))
        mlflow.log_input(eval_data, context="eval")
        mlflow.log_metric("auc", 0.83)
    with mlflow.start_run(experiment_id=churn, run_name="train") as run:
        ids["train-again"] = run.info.run_id
        mlflow.log_param("lr", 0.05)
        mlflow.log_input(train_data, context="training")
        external = mlflow.create_external_model(name="churn-model")
    second = mlflow.register_model(external.model_uri, "churn-model")
    client.transition_model_version_stage("churn-model", second.version, "Staging")
    with mlflow.start_run(experiment_id=churn, run_name="broken") as run:
        ids["broken"] = run.info.run_id
        mlflow.log_metric("loss", math.nan)
        mlflow.end_run(status="FAILED")
    mlflow.create_external_model(name="baseline", experiment_id=churn)  # in no run
    run = client.create_run(forecast, run_name="forecast")  # left running
    ids["forecast"] = run.info.run_id
    client.log_param(run.info.run_id, "horizon", "7")
    return History(uri, ids, model.model_id, client)


def finish_forecast(history: History) -> None:
    """The running run goes on: it uses one more dataset, logs a metric and finishes."""
    mlflow.set_tracking_uri(history.uri)
    run_id = history.ids["forecast"]
    client = history.client
    client.log_metric(run_id, "mape", 0.12)
    dataset = _dataset(4, "sales", "s3://data/sales.parquet")
    with mlflow.start_run(run_id=run_id):
        mlflow.log_input(dataset, context="training")
    client.set_terminated(run_id, "FINISHED")
