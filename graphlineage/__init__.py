"""graphlineage: lineage for ML work (runs, artifact versions, registered models) in Neo4j.

The API follows Weights & Biases::

    import graphlineage

    with graphlineage.init(project="mnist", job_type="train_model", config={...}) as run:
        dataset = run.use_artifact("mnist_dataset:latest")
        run.link_model(path="./model.h5", registered_model_name="MNIST-dev", name="mnist_model")
"""

from graphlineage import errors
from graphlineage.answers import (
    CypherResult,
    ImpactResult,
    LineageEdge,
    LineageNode,
    LineagePath,
    LineageResult,
    PathResult,
    StaleModelVersion,
    Subgraph,
)
from graphlineage.api import (
    ancestry,
    artifact,
    artifact_versions,
    artifacts,
    cypher,
    impact,
    init,
    path,
    registered_model,
    registered_models,
    reset_default_client,
    run,
    runs,
    stale,
    subgraph,
)
from graphlineage.artifact import Artifact
from graphlineage.client import Lineage
from graphlineage.connection import Connection, connect
from graphlineage.events import RunState
from graphlineage.handles import ArtifactVersion, RegisteredModel
from graphlineage.run import Run
from graphlineage.settings import Mode, Settings

__version__ = "0.1.0"

__all__ = [
    "Artifact",
    "ArtifactVersion",
    "Connection",
    "CypherResult",
    "ImpactResult",
    "Lineage",
    "LineageEdge",
    "LineageNode",
    "LineagePath",
    "LineageResult",
    "Mode",
    "PathResult",
    "RegisteredModel",
    "Run",
    "RunState",
    "Settings",
    "StaleModelVersion",
    "Subgraph",
    "__version__",
    "ancestry",
    "artifact",
    "artifact_versions",
    "artifacts",
    "connect",
    "cypher",
    "errors",
    "impact",
    "init",
    "path",
    "registered_model",
    "registered_models",
    "reset_default_client",
    "run",
    "runs",
    "stale",
    "subgraph",
]
