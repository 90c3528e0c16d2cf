"""A small ML Metadata store made with the ml-metadata library itself (a SQLite file).

The pipeline ``churn-pipeline``, run ``run-1``: ``ingest`` (ExampleGen) reads an external
CSV (an artifact no execution produced) and outputs ``examples``; ``transform`` turns them
into ``transformed_examples`` and a ``transform_graph``; ``train`` makes a ``model``;
``evaluate`` uses the model and the examples and outputs an ``evaluation``; ``push`` takes
the model and the evaluation (the blessing) and outputs a ``pushed_model``. ``train`` is
left RUNNING until :func:`finish_training` (then it is COMPLETE).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ml_metadata.metadata_store import metadata_store
from ml_metadata.proto import metadata_store_pb2 as pb

pb_: Any = pb


@dataclass
class Store:
    path: Path
    store: Any
    executions: dict[str, int]  # node -> execution id
    artifacts: dict[str, int]  # our name -> artifact id


def _open(path: Path) -> Any:
    config = pb_.ConnectionConfig()
    config.sqlite.filename_uri = str(path)
    config.sqlite.connection_mode = 3  # READWRITE_OPENCREATE
    return metadata_store.MetadataStore(config)


def _type(store: Any, kind: str, name: str, **properties: int) -> int:
    made = getattr(pb_, kind)()
    made.name = name
    for key, value in properties.items():
        made.properties[key] = value
    put = {"ArtifactType": store.put_artifact_type, "ExecutionType": store.put_execution_type,
           "ContextType": store.put_context_type}[kind]  # fmt: skip
    return int(put(made))


def make_store(folder: Path) -> Store:
    path = folder / "mlmd.sqlite"
    store = _open(path)
    types = {
        "ExternalArtifact": _type(store, "ArtifactType", "ExternalArtifact"),
        "Examples": _type(store, "ArtifactType", "Examples", span=pb_.INT),
        "TransformGraph": _type(store, "ArtifactType", "TransformGraph"),
        "Model": _type(store, "ArtifactType", "Model"),
        "ModelEvaluation": _type(store, "ArtifactType", "ModelEvaluation"),
        "PushedModel": _type(store, "ArtifactType", "PushedModel"),
    }
    steps = {node: _type(store, "ExecutionType", f"tfx.components.{node}")
             for node in ("ExampleGen", "Transform", "Trainer", "Evaluator", "Pusher")}
    pipeline_type = _type(store, "ContextType", "pipeline")
    run_type = _type(store, "ContextType", "pipeline_run")
    contexts = []
    for type_id, name in ((pipeline_type, "churn-pipeline"), (run_type, "run-1")):
        context = pb_.Context()
        context.type_id, context.name = type_id, name
        contexts.append(context)
    pipeline_id, run_id = store.put_contexts(contexts)
    [csv_id] = store.put_artifacts([_artifact(types["ExternalArtifact"], "file:///data/churn.csv",
                                              name="churn.csv")])  # fmt: skip
    ids: dict[str, int] = {"csv": csv_id}
    executions: dict[str, int] = {}

    def step(node: str, name: str, inputs: dict[str, int], outputs: dict[str, str],
             state: int = 3, **properties: Any) -> None:  # fmt: skip
        execution = pb_.Execution()
        execution.type_id = steps[node]
        execution.name = name
        execution.last_known_state = state
        for key, value in properties.items():
            field = "double_value" if isinstance(value, float) else "string_value"
            setattr(execution.custom_properties[key], field, value)
        [execution_id] = store.put_executions([execution])
        executions[name] = execution_id
        events = [_event(execution_id, ids[artifact], pb_.Event.INPUT, key)
                  for key, artifact in inputs.items()]  # fmt: skip
        for key, kind in outputs.items():
            artifact = _artifact(types[kind], f"/pipelines/churn/{name}/{key}/1")
            if kind == "Examples":
                artifact.properties["span"].int_value = 1
            [artifact_id] = store.put_artifacts([artifact])
            ids[f"{name}.{key}"] = artifact_id
            events.append(_event(execution_id, artifact_id, pb_.Event.OUTPUT, key))
        store.put_events(events)
        store.put_attributions_and_associations(
            [], [pb_.Association(execution_id=execution_id, context_id=c)
                 for c in (pipeline_id, run_id)])  # fmt: skip

    step("ExampleGen", "ingest", {"input": "csv"}, {"examples": "Examples"})
    step("Transform", "transform", {"examples": "ingest.examples"},
         {"transformed_examples": "Examples", "transform_graph": "TransformGraph"})
    step("Trainer", "train", {"examples": "transform.transformed_examples",
                              "transform_graph": "transform.transform_graph"},
         {"model": "Model"}, state=2, learning_rate=0.01)  # fmt: skip
    step("Evaluator", "evaluate", {"model": "train.model", "examples": "ingest.examples"},
         {"evaluation": "ModelEvaluation"})
    step("Pusher", "push", {"model": "train.model", "model_blessing": "evaluate.evaluation"},
         {"pushed_model": "PushedModel"}, destination="serving/churn")
    return Store(path, store, executions, ids)


def finish_training(made: Store) -> None:
    [execution] = made.store.get_executions_by_id([made.executions["train"]])
    execution.last_known_state = 3  # COMPLETE
    made.store.put_executions([execution])


def _artifact(type_id: int, uri: str, name: str | None = None) -> Any:
    artifact = pb_.Artifact()
    artifact.type_id, artifact.uri = type_id, uri
    artifact.state = pb_.Artifact.LIVE
    if name:
        artifact.name = name
    return artifact


def _event(execution_id: int, artifact_id: int, kind: int, key: str) -> Any:
    event = pb_.Event()
    event.execution_id, event.artifact_id, event.type = execution_id, artifact_id, kind
    event.path.steps.add().key = key
    return event
