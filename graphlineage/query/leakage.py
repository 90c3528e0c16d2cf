"""``check_leakage(model)``: the dataset versions used to evaluate a model that are among
its training ancestors. The evaluations are the runs of an evaluation job type (a setting:
``evaluate``, ``eval``, ``test`` by default) that used the model, with every other version
they used, and any versions given explicitly. The same version upstream of the model is an
``error``; another version of the same artifact is a ``warning`` (the two may overlap).
Each leak carries the path from the training version to the model."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Literal

from graphlineage.core.answers import NodeId
from graphlineage.core.change_answers import Leak, LeakageReport
from graphlineage.core.refs import validate_name
from graphlineage.errors import InvalidInputError, NotFoundError
from graphlineage.graph import queries
from graphlineage.graph.store import Store
from graphlineage.query import questions

DEFAULT_EVAL_JOB_TYPES = ("evaluate", "eval", "test")


def job_types(value: Iterable[str] | str | None, default: Iterable[str]) -> list[str]:
    """Evaluation job types: given (a list, or text separated by commas) or the default."""
    if value is None:
        value = list(default)
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list | tuple | set | frozenset):
        raise InvalidInputError("eval_job_types is a list of job types or text separated by "
                                f"commas, not {type(value).__name__}")  # fmt: skip
    names = []
    for name in value:
        if not isinstance(name, str):
            raise InvalidInputError(f"a job type is text, not {type(name).__name__}")
        names.append(validate_name(name.strip(), "job_type"))
    if not names:
        raise InvalidInputError("give at least one evaluation job type")
    return sorted(set(names))


def check_leakage(store: Store, model: NodeId, eval_data: list[NodeId],
                  eval_job_types: list[str]) -> LeakageReport:  # fmt: skip
    for node in (model, *eval_data):
        if node.kind != "artifact_version":
            raise InvalidInputError(
                f"a leakage check takes artifact versions (a model version and datasets), "
                f"and {node.key!r} is a {node.kind.replace('_', ' ')}"
            )
    (row,) = store.read(queries.list_leakage_candidates(
        model=model.key, eval_job_types=eval_job_types,
        eval_data=[node.key for node in eval_data]))
    if not row["found"]:
        raise NotFoundError(f"no artifact version {model.key!r}")
    given = {node.key for node in eval_data}
    found = {item["key"] for item in row["evaluations"]}
    if given - found:
        raise NotFoundError(f"no artifact version {sorted(given - found)[0]!r}")
    ancestors = {item["key"]: item for item in row["ancestors"]}
    by_artifact: dict[str, list[str]] = defaultdict(list)
    for key, item in ancestors.items():
        by_artifact[item["artifact"]].append(key)
    runs: dict[str, set[str]] = defaultdict(set)
    artifact_of: dict[str, str] = {}
    for item in row["evaluations"]:
        artifact_of[item["key"]] = item["artifact"]
        if item["run"] is not None:
            runs[item["key"]].add(item["run"])
        else:
            runs.setdefault(item["key"], set())
    leaks = []
    for key in sorted(artifact_of):
        trained: list[tuple[str, Literal["error", "warning"]]]
        if key in ancestors:
            trained = [(key, "error")]
        else:
            others = sorted(by_artifact.get(artifact_of[key], []))
            trained = [(other, "warning") for other in others]
        for trained_on, severity in trained:
            leaks.append(Leak(
                severity=severity, evaluated_with=key, trained_on=trained_on,
                artifact=artifact_of[key], distance=ancestors[trained_on]["distance"],
                runs=sorted(runs[key]), path=_path(store, trained_on, model.key)))
    leaks.sort(key=lambda leak: (leak.severity != "error", leak.distance, leak.evaluated_with))
    return LeakageReport(model=model.key, eval_job_types=eval_job_types,
                         checked=sorted(artifact_of), leaks=leaks)  # fmt: skip


def _path(store: Store, source: str, target: str) -> list[str]:
    found = questions.path(store, NodeId(kind="artifact_version", key=source),
                           NodeId(kind="artifact_version", key=target), limit=1)  # fmt: skip
    return [node.ref for node in found.paths[0].nodes] if found.paths else [source, target]
