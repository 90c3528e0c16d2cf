"""A full snapshot of the graph: every node with its labels and all its properties, every
relationship with its type, both end keys and all its properties, keyed by stable identities
(run id, project name, artifact key, version key, registered model name), never internal ids.
Two snapshots are equal exactly when the two graphs are the same graph."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from graphlineage.graph.store import Store

_IDENTITY = """CASE
  WHEN {n}:Run THEN 'Run:' + {n}.id
  WHEN {n}:Project THEN 'Project:' + {n}.name
  WHEN {n}:Artifact THEN 'Artifact:' + {n}.key
  WHEN {n}:ArtifactVersion THEN 'ArtifactVersion:' + {n}.key
  WHEN {n}:RegisteredModel THEN 'RegisteredModel:' + {n}.name
END"""
_NODES = f"""
MATCH (n) WHERE NOT n:GraphlineageTestMarker
RETURN {_IDENTITY.format(n="n")} AS id, labels(n) AS labels, properties(n) AS props
"""
_EDGES = f"""
MATCH (a)-[r]->(b)
RETURN {_IDENTITY.format(n="a")} AS a, type(r) AS type, {_IDENTITY.format(n="b")} AS b,
       properties(r) AS props
"""
_HOLDERS = """
MATCH (c)-[al:ALIAS|REGISTRY_ALIAS]->(v:ArtifactVersion) WHERE al.until IS NULL
RETURN CASE WHEN c:RegisteredModel THEN 'registry:' + c.name ELSE c.key END AS owner,
       al.name AS alias, v.key AS holder
"""


def _canonical(props: dict[str, Any]) -> str:
    """Properties as sorted JSON; temporal values as their ISO text (nanoseconds kept)."""
    return json.dumps(props, sort_keys=True, default=str)


@dataclass(frozen=True)
class Snapshot:
    nodes: dict[str, tuple[tuple[str, ...], str]]  # identity -> (labels, properties)
    edges: Counter[tuple[str, str, str, str]]  # (start, type, end, properties) -> how many

    def counts(self) -> dict[str, int]:
        kinds = Counter(identity.split(":", 1)[0] for identity in self.nodes)
        kinds.update(f"-{edge[1]}->" for edge in self.edges.elements())
        return dict(sorted(kinds.items()))


def snapshot(store: Store) -> Snapshot:
    with store.connection.session() as session:
        node_rows = session.run(_NODES).data()
        edge_rows = session.run(_EDGES).data()
    nodes: dict[str, tuple[tuple[str, ...], str]] = {}
    for row in node_rows:
        identity = row["id"]
        assert identity is not None, f"a node with no stable identity: {row}"
        assert identity not in nodes, f"two nodes are {identity}"
        nodes[identity] = (tuple(sorted(row["labels"])), _canonical(row["props"]))
    edges: Counter[tuple[str, str, str, str]] = Counter()
    for row in edge_rows:
        assert row["a"] is not None and row["b"] is not None, f"an edge to an unknown node: {row}"
        edges[(row["a"], row["type"], row["b"], _canonical(row["props"]))] += 1
    return Snapshot(nodes, edges)


def alias_holders(store: Store) -> dict[tuple[str, str], str]:
    """(artifact key or ``registry:<model>``, alias) -> the version holding it now."""
    with store.connection.session() as session:
        rows = session.run(_HOLDERS).data()
    held: dict[tuple[str, str], str] = {}
    for row in rows:
        owner_alias = (row["owner"], row["alias"])
        assert owner_alias not in held, f"two current holders of {owner_alias}"
        held[owner_alias] = row["holder"]
    return held


def differences(left: Snapshot, right: Snapshot, limit: int = 8) -> list[str]:
    """What differs between two snapshots (at most ``limit`` lines of each kind)."""
    found: list[str] = []
    only_left = sorted(set(left.nodes) - set(right.nodes))
    only_right = sorted(set(right.nodes) - set(left.nodes))
    found += [f"node only in the first: {n} {left.nodes[n]}" for n in only_left[:limit]]
    found += [f"node only in the second: {n} {right.nodes[n]}" for n in only_right[:limit]]
    changed = sorted(n for n in set(left.nodes) & set(right.nodes)
                     if left.nodes[n] != right.nodes[n])  # fmt: skip
    found += [f"node {n} differs: {left.nodes[n]} != {right.nodes[n]}" for n in changed[:limit]]
    extra_left = sorted((left.edges - right.edges).elements())
    extra_right = sorted((right.edges - left.edges).elements())
    found += [f"edge only in the first: {e}" for e in extra_left[:limit]]
    found += [f"edge only in the second: {e}" for e in extra_right[:limit]]
    if only_left or only_right or changed or extra_left or extra_right:
        found.append(f"totals: {len(only_left)} + {len(only_right)} nodes only on one side, "
                     f"{len(changed)} changed, {len(extra_left)} + {len(extra_right)} edges "
                     "only on one side")  # fmt: skip
    return found


def assert_same_graph(left: Snapshot, right: Snapshot) -> None:
    problems = differences(left, right)
    assert not problems, "the graphs differ:\n" + "\n".join(problems)


# Properties that say when or where a job ran, or which run id it got; everything else is
# what the job meant, and must be the same when the same job is recorded twice.
_CIRCUMSTANTIAL = frozenset({"id", "started_at", "ended_at", "created_at", "updated_at",
                             "last_event", "host", "git_commit", "at", "since", "until",
                             "linked_at"})  # fmt: skip
_RUN_VALUED = frozenset({"created_by", "run_id"})


def meaning_snapshot(store: Store) -> Snapshot:
    """Like :func:`snapshot`, with runs named by ``project/name`` instead of their ids and
    without times and hosts; an alias edge keeps whether it is current (``until`` unset)."""
    full = snapshot(store)
    names: dict[str, str] = {}
    for identity, (_, props) in full.nodes.items():
        if identity.startswith("Run:"):
            values = json.loads(props)
            names[identity] = f"Run:{values['project']}/{values['name']}"

    def rename(identity: str) -> str:
        return names.get(identity, identity)

    def strip(props: str) -> str:
        values = json.loads(props)
        kept = {k: v for k, v in values.items() if k not in _CIRCUMSTANTIAL}
        if "since" in values:
            kept["current"] = values.get("until") is None
        for key in _RUN_VALUED & kept.keys():
            kept[key] = rename(f"Run:{kept[key]}")
        return json.dumps(kept, sort_keys=True)

    nodes = {rename(i): (labels, strip(p)) for i, (labels, p) in full.nodes.items()}
    assert len(nodes) == len(full.nodes), "two runs with the same project and name"
    edges: Counter[tuple[str, str, str, str]] = Counter()
    for (a, kind, b, props), count in full.edges.items():
        edges[(rename(a), kind, rename(b), strip(props))] += count
    return Snapshot(nodes, edges)
