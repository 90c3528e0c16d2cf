"""Module-level shortcuts (``graphlineage.init``, ``graphlineage.artifact``, ...) on a
default :class:`~graphlineage.client.Lineage` built from the environment on first use."""

from __future__ import annotations

import atexit
import sys
import threading
from collections.abc import Mapping
from typing import Any

from graphlineage.capture import backend
from graphlineage.capture.handles import ArtifactVersion, RegisteredModel
from graphlineage.capture.run import Run
from graphlineage.client import Lineage
from graphlineage.core.answers import (
    AncestryDiff,
    ArtifactInfo,
    CypherResult,
    DeletionReport,
    FlagInfo,
    FlagReach,
    History,
    ImpactResult,
    LeakageReport,
    LineageResult,
    PathResult,
    RegisteredModelSummary,
    StaleModelVersion,
    Subgraph,
)
from graphlineage.core.column_answers import ColumnLineageResult
from graphlineage.core.job_answers import JobLevelResult
from graphlineage.core.models import ArtifactVersionInfo, RunInfo
from graphlineage.core.settings import settings_for_a_job
from graphlineage.query.resolve import NodeLike

_default: Lineage | None = None
_lock = threading.Lock()


def default_client() -> Lineage:
    global _default
    with _lock:
        if _default is None:
            settings, problem = settings_for_a_job()
            if problem is not None:
                print(f"graphlineage: {problem}; lineage is journaled offline in "
                      f"{settings.journal_dir} until they are fixed (then `graphlineage "
                      "sync`)", file=sys.stderr)  # fmt: skip
            _default = Lineage(settings)
            atexit.register(_default.close)
        return _default


backend.use_default(default_client)  # unbound handles go to the default client


def reset_default_client() -> None:
    """Close the default client; the next call builds a new one from the environment."""
    global _default
    with _lock:
        if _default is not None:
            _default.close()
        _default = None


def init(
    project: str,
    job_type: str | None = None,
    config: dict[str, Any] | None = None,
    name: str | None = None,
    tags: list[str] | tuple[str, ...] | None = None,
    notes: str | None = None,
) -> Run:
    """Start a run, as ``wandb.init``."""
    return default_client().init(
        project=project, job_type=job_type, config=config, name=name, tags=tags, notes=notes
    )


def artifact(ref: str, project: str | None = None) -> ArtifactVersion:
    """Look up an artifact version, e.g. ``graphlineage.artifact("mnist/mnist_dataset:v0")``."""
    return default_client().artifact(ref, project=project)


def run(key: str, project: str | None = None) -> RunInfo:
    """Look up a run by id or name."""
    return default_client().run(key, project=project)


def registered_model(name: str) -> RegisteredModel:
    return default_client().registered_model(name)


def ancestry(ref: NodeLike, max_depth: int | None = None, **options: Any) -> LineageResult:
    """Everything upstream of ``ref``; see :meth:`Lineage.ancestry`."""
    return default_client().ancestry(ref, max_depth, **options)


def impact(ref: NodeLike, max_depth: int | None = None, **options: Any) -> ImpactResult:
    """Everything downstream of ``ref``; see :meth:`Lineage.impact`."""
    return default_client().impact(ref, max_depth, **options)


def column_ancestry(ref: str, column: str, max_depth: int | None = None,
                    **options: Any) -> ColumnLineageResult:  # fmt: skip
    """The columns upstream of ``column`` of a dataset; see :meth:`Lineage.column_ancestry`."""
    return default_client().column_ancestry(ref, column, max_depth, **options)


def column_impact(ref: str, column: str, max_depth: int | None = None,
                  **options: Any) -> ColumnLineageResult:  # fmt: skip
    """The columns downstream of ``column`` of a dataset; see :meth:`Lineage.column_impact`."""
    return default_client().column_impact(ref, column, max_depth, **options)


def job_ancestry(ref: NodeLike, max_depth: int | None = None, **options: Any) -> JobLevelResult:
    """Ancestry folded to jobs and artifacts; see :meth:`Lineage.job_ancestry`."""
    return default_client().job_ancestry(ref, max_depth, **options)


def job_impact(ref: NodeLike, max_depth: int | None = None, **options: Any) -> JobLevelResult:
    """Impact folded to jobs and artifacts; see :meth:`Lineage.job_impact`."""
    return default_client().job_impact(ref, max_depth, **options)


def path(source: NodeLike, target: NodeLike, **options: Any) -> PathResult:
    """The shortest lineage paths between two nodes; see :meth:`Lineage.path`."""
    return default_client().path(source, target, **options)


def subgraph(ref: NodeLike, up: int = 1, down: int = 1, **options: Any) -> Subgraph:
    """The neighbourhood of ``ref``; see :meth:`Lineage.subgraph`."""
    return default_client().subgraph(ref, up, down, **options)


def diff(a: NodeLike, b: NodeLike, **options: Any) -> AncestryDiff:
    """What differs between the ancestries of two artifact versions; see
    :meth:`Lineage.diff`."""
    return default_client().diff(a, b, **options)


def check_leakage(model: NodeLike, eval_data: Any = None, **options: Any) -> LeakageReport:
    """Evaluation data that the model's training also saw; see :meth:`Lineage.check_leakage`."""
    return default_client().check_leakage(model, eval_data, **options)


def flag(ref: NodeLike, reason: str, severity: str = "error", **options: Any) -> FlagInfo:
    """Mark a run or an artifact version as bad; see :meth:`Lineage.flag`."""
    return default_client().flag(ref, reason, severity, **options)


def unflag(ref: NodeLike, **options: Any) -> list[FlagInfo]:
    """Lift the active flags of a run or an artifact version; see :meth:`Lineage.unflag`."""
    return default_client().unflag(ref, **options)


def flags(**options: Any) -> list[FlagReach]:
    """The flags with the registry versions they reach; see :meth:`Lineage.flags`."""
    return default_client().flags(**options)


def delete(ref: NodeLike, **options: Any) -> DeletionReport:
    """Preview (the default, ``dry_run=True``) or do the deletion of a run, an artifact
    version or a registered model; see :meth:`Lineage.delete`."""
    return default_client().delete(ref, **options)


def history(ref: NodeLike, **options: Any) -> History:
    """What happened to ``ref`` (an alias's moves, a node's events); see
    :meth:`Lineage.history`."""
    return default_client().history(ref, **options)


def stale(registered_model: str | None = None) -> list[StaleModelVersion]:
    """Registry versions trained on data that has newer versions; see :meth:`Lineage.stale`."""
    return default_client().stale(registered_model)


def runs(**filters: Any) -> list[RunInfo]:
    return default_client().runs(**filters)


def artifacts(**filters: Any) -> list[ArtifactInfo]:
    return default_client().artifacts(**filters)


def artifact_versions(**filters: Any) -> list[ArtifactVersionInfo]:
    return default_client().artifact_versions(**filters)


def registered_models(**filters: Any) -> list[RegisteredModelSummary]:
    return default_client().registered_models(**filters)


def cypher(
    query: str, params: Mapping[str, Any] | None = None, write: bool = False, **options: Any
) -> CypherResult:
    """Ad-hoc Cypher, read-only unless ``write=True``; see :meth:`Lineage.cypher`."""
    return default_client().cypher(query, params, write, **options)
