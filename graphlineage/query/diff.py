"""``diff(a, b)``: what changed between the ancestries of two artifact versions (typically
two registry versions of a model): the upstream versions only on one side, the artifacts
upstream of both at different versions, the runs of one side paired with a run of the same
job type on the other and their config and code differences, and the depths at which the
two ancestries differ and meet. Exact: each side's ancestry is one breadth-first search
(``list_two_ancestries``), compared here as sets."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from graphlineage.core.answers import NodeId
from graphlineage.core.change_answers import AncestryDiff, ConfigChange, RunChange, VersionChange
from graphlineage.errors import InvalidInputError, NotFoundError
from graphlineage.graph import queries
from graphlineage.graph.store import Store


def _flat(config: Any, prefix: str = "") -> dict[str, Any]:
    """A config with nested mappings flattened to dotted keys."""
    if isinstance(config, str):
        try:
            config = json.loads(config) if config else {}
        except ValueError:
            return {prefix or "config": config}
    if not isinstance(config, dict):
        return {prefix: config} if prefix else {}
    flat: dict[str, Any] = {}
    for key, value in config.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict) and value:
            flat.update(_flat(value, name))
        else:
            flat[name] = value
    return flat


def _config_changes(a: Any, b: Any) -> list[ConfigChange]:
    left, right = _flat(a), _flat(b)
    return [ConfigChange(key=key, a=left.get(key), b=right.get(key))
            for key in sorted(left.keys() | right.keys())
            if key not in left or key not in right or left[key] != right[key]]  # fmt: skip


def _version_name(key: str) -> str:
    return key.rpartition(":")[2]


def diff(store: Store, a: NodeId, b: NodeId) -> AncestryDiff:
    for side in (a, b):
        if side.kind != "artifact_version":
            raise InvalidInputError(
                f"diff compares two artifact versions (model:v3, registry:Model:v4), and "
                f"{side.key!r} is a {side.kind.replace('_', ' ')}"
            )
    rows = {row["side"]: row for row in store.read(queries.list_two_ancestries(a=a.key, b=b.key))}
    for name, side in (("a", a), ("b", b)):
        if not rows[name]["found"]:
            raise NotFoundError(f"no artifact version {side.key!r}")
    nodes = {name: {n["ref"]: n for n in rows[name]["nodes"]} for name in ("a", "b")}
    left, right = nodes["a"], nodes["b"]
    only_left = left.keys() - right.keys()
    only_right = right.keys() - left.keys()
    shared = left.keys() & right.keys()

    def versions(refs: set[str], side: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
        by_artifact: dict[str, list[str]] = defaultdict(list)
        for ref in refs:
            if side[ref]["kind"] == "artifact_version":
                by_artifact[side[ref]["artifact"]].append(ref)
        return by_artifact

    left_versions, right_versions = versions(only_left, left), versions(only_right, right)
    every = {name: versions(set(side), side) for name, side in (("a", left), ("b", right))}

    def numbered(keys: list[str]) -> list[str]:
        names = [_version_name(key) for key in keys]
        return sorted(names, key=lambda v: (int(v[1:]) if v[1:].isdigit() else -1, v))

    changed = [
        VersionChange(artifact=artifact, a=numbered(every["a"][artifact]),
                      b=numbered(every["b"][artifact]))
        for artifact in sorted(left_versions.keys() | right_versions.keys())
        if artifact in every["a"] and artifact in every["b"]
    ]
    changed_artifacts = {change.artifact for change in changed}

    def unchanged_only(by_artifact: dict[str, list[str]]) -> list[str]:
        return sorted(key for artifact, keys in by_artifact.items()
                      if artifact not in changed_artifacts for key in keys)  # fmt: skip

    def runs_by_job(refs: set[str], side: dict[str, dict[str, Any]]
                    ) -> dict[str | None, list[dict[str, Any]]]:  # fmt: skip
        by_job: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
        for ref in sorted(refs, key=lambda r: (side[r]["distance"], r)):
            if side[ref]["kind"] == "run":
                by_job[side[ref]["job_type"]].append(side[ref])
        return by_job

    left_runs, right_runs = runs_by_job(only_left, left), runs_by_job(only_right, right)
    pairs: list[RunChange] = []
    lonely_left: list[str] = []
    lonely_right: list[str] = []
    for job in sorted(left_runs.keys() | right_runs.keys(), key=lambda j: (j is None, j or "")):
        ours, theirs = left_runs.get(job, []), right_runs.get(job, [])
        for run_a, run_b in zip(ours, theirs, strict=False):
            pairs.append(RunChange(
                job_type=job, a=run_a["ref"], b=run_b["ref"],
                config=_config_changes(run_a["config"], run_b["config"]),
                git_commit_a=run_a["git_commit"], git_commit_b=run_b["git_commit"]))
        lonely_left += [run["ref"] for run in ours[len(theirs):]]
        lonely_right += [run["ref"] for run in theirs[len(ours):]]
    differing = [left[ref]["distance"] for ref in only_left] + \
        [right[ref]["distance"] for ref in only_right]  # fmt: skip
    meeting = [min(left[ref]["distance"], right[ref]["distance"]) for ref in shared]
    return AncestryDiff(
        a=a.key, b=b.key,
        only_in_a=unchanged_only(left_versions), only_in_b=unchanged_only(right_versions),
        changed=changed,
        shared=sorted(ref for ref in shared if left[ref]["kind"] == "artifact_version"),
        runs=pairs, runs_only_in_a=sorted(lonely_left), runs_only_in_b=sorted(lonely_right),
        shared_runs=sorted(ref for ref in shared if left[ref]["kind"] == "run"),
        diverges_at=min(differing) if differing else None,
        meets_at=min(meeting) if meeting else None,
    )  # fmt: skip
