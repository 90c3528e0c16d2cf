"""Module-level shortcuts (``graphlineage.init``, ``graphlineage.artifact``, ...) on a
default :class:`~graphlineage.client.Lineage` built from the environment on first use."""

from __future__ import annotations

import atexit
import sys
import threading
from collections.abc import Mapping
from typing import Any

from graphlineage.capture import backend
from graphlineage.capture.handles import ArtifactVersion, RegisteredModel, RunRecord
from graphlineage.capture.run import Run
from graphlineage.client import Lineage
from graphlineage.core.answers import (
    ArtifactInfo,
    CypherResult,
    FlagInfo,
    FlagReach,
    ImpactResult,
    LineageResult,
    PathResult,
    RegisteredModelSummary,
    StaleModelVersion,
    Subgraph,
)
from graphlineage.core.change_answers import AncestryDiff, DeletionReport, History, LeakageReport
from graphlineage.core.column_answers import ColumnLineageResult
from graphlineage.core.job_answers import JobLevelResult
from graphlineage.core.models import ArtifactVersionInfo, RunInfo
from graphlineage.core.settings import settings_for_a_job
from graphlineage.errors import InvalidInputError
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
    *,
    group: str | None = None,
    id: str | None = None,
    resume: str | bool | None = None,
    entity: str | None = None,
) -> Run:
    """Start a run, as ``wandb.init`` (``group=``, ``id=``, ``resume="allow"|"must"|
    "never"`` as there); see :meth:`Lineage.init`."""
    return default_client().init(
        project=project, job_type=job_type, config=config, name=name, tags=tags, notes=notes,
        group=group, id=id, resume=resume, entity=entity,
    )


def artifact(ref: str, project: str | None = None) -> ArtifactVersion:
    """Look up an artifact version, e.g. ``graphlineage.artifact("mnist/mnist_dataset:v0")``."""
    return default_client().artifact(ref, project=project)


def run(key: str, project: str | None = None) -> RunRecord:
    """Look up a run by id or name (with ``used_artifacts()``, ``logged_artifacts()``)."""
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


# -- W&B's public API shape ----------------------------------------------------------------
_REGISTRY_PREFIXES = ("wandb-registry-model/", "model-registry/", "registry:")
_RUN_FILTERS = ("config.<key>", "summary_metrics.<key>", "state", "tags", "group", "jobType",
                "display_name", "$and")  # fmt: skip


class Api:
    """``wandb.Api()`` in shape: a script written against W&B's public API ports by changing
    the import. Paths may carry W&B's entity (``entity/project/name:alias``); it is accepted
    and ignored, as graphlineage has no entities. ``Api(client=Lineage(...))`` uses that
    client (default: the module's, from the environment); ``overrides={"project": ...}``
    sets the project of paths without one."""

    def __init__(self, overrides: Mapping[str, Any] | None = None, timeout: float | None = None,
                 api_key: str | None = None, *, client: Lineage | None = None) -> None:  # fmt: skip
        if overrides is not None and not isinstance(overrides, Mapping):
            raise InvalidInputError(f"overrides must be a dict, not {type(overrides).__name__}")
        self._overrides = dict(overrides or {})
        self._client = client

    @property
    def client(self) -> Lineage:
        return self._client if self._client is not None else default_client()

    @property
    def default_project(self) -> str | None:
        project = self._overrides.get("project")
        return project if isinstance(project, str) else None

    def _path(self, path: str, what: str, parts_wanted: int) -> list[str]:
        """``path`` split on '/', W&B's leading entity dropped."""
        if not isinstance(path, str) or not path.strip():
            raise InvalidInputError(f"{what} path must be a non-empty string, not {path!r}")
        parts = path.strip().split("/")
        if len(parts) > parts_wanted:
            parts = parts[len(parts) - parts_wanted:]  # the entity, kept by W&B, unused here
        return parts

    def artifact(self, name: str, type: str | None = None) -> ArtifactVersion:
        """An artifact version: ``[entity/]project/name:alias``, ``name:v3`` (with the
        default project), or a registry ref ``wandb-registry-model/Name:alias``."""
        if isinstance(name, str) and name.strip().startswith(_REGISTRY_PREFIXES):
            version = self.client.registry_artifact(name)
        else:
            parts = self._path(name, "artifact", 2)
            version = self.client.artifact("/".join(parts), project=self.default_project)
        if type is not None and version.type != type:
            raise InvalidInputError(f"{version.key} is of type {version.type!r}, not {type!r}")
        return version

    def run(self, path: str) -> RunRecord:
        """A run: ``[entity/]project/run_id`` (or a run name), or an id alone."""
        parts = self._path(path, "run", 2)
        project = parts[0] if len(parts) == 2 else self.default_project
        return self.client.run(parts[-1], project=project)

    def runs(self, path: str | None = None, filters: Mapping[str, Any] | None = None,
             order: str = "-created_at", per_page: int = 50,
             include_sweeps: bool = True) -> list[RunRecord]:  # fmt: skip
        """The runs of ``[entity/]project``, newest first, matching W&B-style ``filters``:
        ``{"config.lr": {"$gt": 0.01}, "summary_metrics.acc": {"$gte": 0.9}, "state":
        "finished", "tags": "baseline", "group": ..., "jobType": ..., "display_name": ...}``
        (and ``$and`` of such dicts). Only ``order="-created_at"`` (newest first) is
        supported; every matching run is returned (at most 10,000)."""
        if order not in ("-created_at", "created_at"):
            raise InvalidInputError(f"order {order!r} is not supported: runs come newest first")
        project = self._path(path, "project", 1)[0] if path is not None else self.default_project
        options = _run_filters(filters or {})
        found = self.client.runs(project=project, limit=10_000, **options)
        if order == "created_at":
            found.reverse()
        return [RunRecord.bind(info, self.client) for info in found]

    def artifacts(self, type_name: str, name: str, per_page: int = 50) -> list[ArtifactVersion]:
        """Every version of the artifact ``[entity/]project/name`` of type ``type_name``,
        newest first."""
        parts = self._path(name, "artifact", 2)
        project = parts[0] if len(parts) == 2 else self.default_project
        found = self.client.artifact_versions(project=project, artifact=parts[-1],
                                              type=type_name, limit=10_000)  # fmt: skip
        return [self.client.artifact(info.key) for info in found]

    def artifact_versions(self, type_name: str, name: str,
                          per_page: int = 50) -> list[ArtifactVersion]:  # fmt: skip
        """W&B's older name for :meth:`artifacts`."""
        return self.artifacts(type_name, name, per_page)

    def registered_model(self, name: str) -> RegisteredModel:
        for prefix in _REGISTRY_PREFIXES:
            name = name.removeprefix(prefix) if isinstance(name, str) else name
        return self.client.registered_model(name)


def _run_filters(filters: Mapping[str, Any]) -> dict[str, Any]:
    """W&B's run filters as the keywords of :meth:`Lineage.runs`."""
    if not isinstance(filters, Mapping):
        raise InvalidInputError(f"filters must be a dict, not {type(filters).__name__}")
    config: dict[str, Any] = {}
    summary: dict[str, Any] = {}
    options: dict[str, Any] = {}
    for key, wanted in filters.items():
        if key == "$and":
            if not isinstance(wanted, list):
                raise InvalidInputError("$and takes a list of filters")
            for part in wanted:
                for name, value in _run_filters(part).items():
                    if name in ("config", "summary"):
                        options.setdefault(name, {}).update(value)
                    else:
                        options[name] = value
        elif isinstance(key, str) and key.startswith("config."):
            config[key.removeprefix("config.")] = wanted
        elif isinstance(key, str) and key.startswith(("summary_metrics.", "summary.")):
            summary[key.partition(".")[2]] = wanted
        elif key in ("state", "jobType", "job_type", "group", "display_name"):
            target = {"state": "status", "jobType": "job_type", "display_name": "name"}.get(
                key, key)  # fmt: skip
            options[target] = _equal(wanted, key)
        elif key == "tags":
            options["tags"] = _tags_filter(wanted)
        else:
            raise InvalidInputError(
                f"run filter {key!r} is not supported; supported: {', '.join(_RUN_FILTERS)}"
            )
    if config:
        options.setdefault("config", {}).update(config)
    if summary:
        options.setdefault("summary", {}).update(summary)
    return options


def _equal(wanted: Any, key: str) -> Any:
    if isinstance(wanted, Mapping):
        if set(wanted) != {"$eq"}:
            raise InvalidInputError(f"the {key} filter supports a value or $eq only")
        return wanted["$eq"]
    return wanted


def _tags_filter(wanted: Any) -> list[str]:
    if isinstance(wanted, str):
        return [wanted]
    if isinstance(wanted, Mapping) and set(wanted) == {"$all"}:
        return list(wanted["$all"])
    if isinstance(wanted, Mapping) and set(wanted) == {"$in"} and len(wanted["$in"]) == 1:
        return list(wanted["$in"])
    raise InvalidInputError(
        "the tags filter takes a tag, {'$all': [...]} or {'$in': [one tag]} (runs with any "
        "of several tags are not supported: ask once per tag)"
    )
