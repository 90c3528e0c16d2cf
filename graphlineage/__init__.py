"""graphlineage: lineage for ML work (runs, artifact versions, registered models) in Neo4j.

The API follows Weights & Biases::

    import graphlineage

    with graphlineage.init(project="mnist", job_type="train_model", config={...}) as run:
        dataset = run.use_artifact("mnist_dataset:latest")
        run.link_model(path="./model.h5", registered_model_name="MNIST-dev", name="mnist_model")
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

from graphlineage import _moved

_moved.install()

# Names are imported on first use (PEP 562), so that `import graphlineage` and the command
# line start without loading the Neo4j driver and pydantic until something needs them.
_LAZY = {
    "errors": "graphlineage.errors",
    **dict.fromkeys(["CypherResult", "FlagInfo", "FlagReach", "ImpactResult", "LineageEdge",
                     "LineageNode", "LineagePath", "LineageResult", "PathResult",
                     "StaleModelVersion", "Subgraph"], "graphlineage.core.answers"),
    **dict.fromkeys(["AncestryDiff", "DeletionReport", "History", "LeakageReport"],
                    "graphlineage.core.change_answers"),
    **dict.fromkeys(["ancestry", "artifact", "artifact_versions", "artifacts", "check_leakage",
                     "cypher", "delete", "diff", "flag", "flags", "history", "impact", "init",
                     "path", "registered_model", "registered_models", "reset_default_client",
                     "run", "runs", "stale", "subgraph", "unflag"],
                    "graphlineage.api"),
    "Artifact": "graphlineage.capture.artifact",
    "Table": "graphlineage.capture.table",
    "ArtifactEntry": "graphlineage.capture.handles",
    "RunRecord": "graphlineage.capture.handles",
    "Api": "graphlineage.api",
    "Lineage": "graphlineage.client",
    "Connection": "graphlineage.graph.connection",
    "connect": "graphlineage.graph.connection",
    "RunState": "graphlineage.core.events",
    "ArtifactVersion": "graphlineage.capture.handles",
    "RegisteredModel": "graphlineage.capture.handles",
    "Run": "graphlineage.capture.run",
    "Mode": "graphlineage.core.settings",
    "Settings": "graphlineage.core.settings",
}  # fmt: skip

if TYPE_CHECKING:
    from graphlineage import errors
    from graphlineage.api import (
        Api,
        ancestry,
        artifact,
        artifact_versions,
        artifacts,
        check_leakage,
        cypher,
        delete,
        diff,
        flag,
        flags,
        history,
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
        unflag,
    )
    from graphlineage.capture.artifact import Artifact
    from graphlineage.capture.handles import (
        ArtifactEntry,
        ArtifactVersion,
        RegisteredModel,
        RunRecord,
    )
    from graphlineage.capture.run import Run
    from graphlineage.capture.table import Table
    from graphlineage.client import Lineage
    from graphlineage.core.answers import (
        CypherResult,
        FlagInfo,
        FlagReach,
        ImpactResult,
        LineageEdge,
        LineageNode,
        LineagePath,
        LineageResult,
        PathResult,
        StaleModelVersion,
        Subgraph,
    )
    from graphlineage.core.change_answers import (
        AncestryDiff,
        DeletionReport,
        History,
        LeakageReport,
    )
    from graphlineage.core.events import RunState
    from graphlineage.core.settings import Mode, Settings
    from graphlineage.graph.connection import Connection, connect


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'graphlineage' has no attribute {name!r}")
    value = importlib.import_module(module)
    if name != "errors":
        value = getattr(value, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])

__all__ = [
    "AncestryDiff",
    "Api",
    "Artifact",
    "ArtifactEntry",
    "ArtifactVersion",
    "Connection",
    "CypherResult",
    "DeletionReport",
    "FlagInfo",
    "FlagReach",
    "History",
    "ImpactResult",
    "LeakageReport",
    "Lineage",
    "LineageEdge",
    "LineageNode",
    "LineagePath",
    "LineageResult",
    "Mode",
    "PathResult",
    "RegisteredModel",
    "Run",
    "RunRecord",
    "RunState",
    "Settings",
    "StaleModelVersion",
    "Subgraph",
    "Table",
    "__version__",
    "ancestry",
    "artifact",
    "artifact_versions",
    "artifacts",
    "check_leakage",
    "connect",
    "cypher",
    "delete",
    "diff",
    "errors",
    "flag",
    "flags",
    "history",
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
    "unflag",
]
