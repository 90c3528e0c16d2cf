"""Ancestry and impact at the job level: the run-level answer (:mod:`.walks`, one
traversal), with each run folded into its job and each artifact version into its artifact;
a folded node's distance is the smallest of its members'. Paging applies to the folded
nodes."""

from __future__ import annotations

from graphlineage.core.answers import Direction, LineageNode
from graphlineage.core.job_answers import JobLevelNode, JobLevelResult
from graphlineage.core.limits import check_count
from graphlineage.graph.store import Store
from graphlineage.query import walks
from graphlineage.query.starts import Start

LEVELS = ("run", "job")


def _group(node: LineageNode) -> dict[str, object]:
    """The folded node ``node`` belongs to, without members or distance."""
    if node.kind == "run":
        job = node.type or node.name
        key = f"{node.project}/{job}"
        return {"kind": "job", "key": key, "ref": f"job:{key}", "name": job,
                "project": node.project}  # fmt: skip
    if node.kind == "artifact_version":
        key = node.key.rpartition(":")[0]
        dataset = (node.metadata or {}).get("dataset")
        return {"kind": "artifact", "key": key, "ref": key, "name": key.partition("/")[2],
                "project": node.project,
                "dataset": dataset if isinstance(dataset, str) else None}  # fmt: skip
    return {"kind": "registered_model", "key": node.key, "ref": node.ref, "name": node.name}


def _folded(values: dict[str, object], members: list[LineageNode]) -> JobLevelNode:
    statuses: dict[str, int] = {}
    for member in members:
        if member.kind == "run":
            statuses[member.status or "-"] = statuses.get(member.status or "-", 0) + 1
    distances = [m.distance for m in members if m.distance is not None]
    return JobLevelNode.model_validate({
        **values, "members": [m.ref for m in members], "statuses": statuses,
        "distance": min(distances) if distances else None})  # fmt: skip


def job_walk(store: Store, direction: Direction, node: Start, max_depth: int | None = None,
             limit: int | None = None, skip: int = 0) -> JobLevelResult:  # fmt: skip
    """One page (``skip``/``limit``) of the folded answer, nearest first."""
    most = check_count(limit, "limit")
    first = check_count(skip, "skip", allow_none=False) or 0
    full = walks.walk(store, direction, node, max_depth)
    root = _group(full.root)
    groups: dict[str, tuple[dict[str, object], list[LineageNode]]] = {}
    root_members: list[LineageNode] = [full.root]
    for found in full.nodes:
        values = _group(found)
        if values["key"] == root["key"] and values["kind"] == root["kind"]:
            root_members.append(found)
            continue
        groups.setdefault(f"{values['kind']}:{values['key']}", (values, []))[1].append(found)
    folded = sorted((_folded(values, members) for values, members in groups.values()),
                    key=lambda n: (n.distance or 0, n.kind, n.key))  # fmt: skip
    page = folded[first:] if most is None else folded[first:first + most]
    return JobLevelResult(root=_folded(root, root_members), direction=direction,
                          max_depth=max_depth, nodes=page, total=len(folded), skip=first,
                          truncated=first + len(page) < len(folded))  # fmt: skip
