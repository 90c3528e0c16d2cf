"""Loads a generated graph into Neo4j in batches (UNWIND), shaped exactly as the capture
API writes it, so the questions see what they would see in production. This is the
benchmark's set-up, not a product write path: the job and bulk paths are measured separately.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from benchmarks.generate import PROJECT, Graph
from graphlineage.store import Store

BATCH = 10_000
T0 = datetime(2026, 1, 1, tzinfo=UTC)

_RUNS = """
UNWIND $rows AS row
CREATE (:Run {id: row.id, project: $project, name: row.name, number: row.number,
              job_type: row.job_type, status: 'finished', config: row.config, summary: '{}',
              tags: [], started_at: row.at, ended_at: row.at, exit_code: 0})
"""
_ARTIFACTS = """
UNWIND $rows AS row
CREATE (:Artifact {key: row.key, project: $project, name: row.name, type: row.type,
                   version_count: row.count, created_at: $at})
"""
_VERSIONS = """
UNWIND $rows AS row
MATCH (a:Artifact {key: row.artifact})
CREATE (a)-[:HAS_VERSION]->(:ArtifactVersion {
  key: row.key, artifact: row.artifact, project: $project, name: row.name,
  version: 'v' + toString(row.index), index: row.index, type: row.type, digest: row.key,
  size: 0, file_count: 0, manifest: '[]', metadata: '{}', created_at: row.at,
  created_by: row.run})
"""
_USED = """
UNWIND $rows AS row
MATCH (r:Run {id: row.run}) MATCH (v:ArtifactVersion {key: row.key})
CREATE (r)-[:USED {at: $at, requested: [row.key]}]->(v)
"""
_PRODUCED = """
UNWIND $rows AS row
MATCH (r:Run {id: row.run}) MATCH (v:ArtifactVersion {key: row.key})
CREATE (r)-[:PRODUCED {at: $at, first: true}]->(v)
"""
_LATEST = """
UNWIND $rows AS row
MATCH (a:Artifact {key: row.artifact}) MATCH (v:ArtifactVersion {key: row.key})
CREATE (a)-[:ALIAS {name: 'latest', since: $at}]->(v)
"""
_MODELS = "UNWIND $rows AS row CREATE (:RegisteredModel {name: row.name, version_count: row.count})"
_LINKED = """
UNWIND $rows AS row
MATCH (v:ArtifactVersion {key: row.key}) MATCH (m:RegisteredModel {name: row.model})
CREATE (v)-[:LINKED_TO {version: 'v' + toString(row.index), index: row.index, at: $at}]->(m)
"""
_REGISTRY_ALIAS = """
UNWIND $rows AS row
MATCH (v:ArtifactVersion {key: row.key}) MATCH (m:RegisteredModel {name: row.model})
CREATE (m)-[:REGISTRY_ALIAS {name: row.alias, since: $at}]->(v)
"""
_PROJECT = "MERGE (p:Project {name: $project}) SET p.run_count = $count, p.created_at = $at"


def _batches(rows: list[dict[str, Any]]) -> Iterable[list[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def load(store: Store, graph: Graph) -> None:
    driver, database = store.connection.driver, store.database

    def run(query: str, rows: list[dict[str, Any]], **extra: Any) -> None:
        for batch in _batches(rows):
            driver.execute_query(query, rows=batch, project=PROJECT, at=T0, **extra,
                                 database_=database)  # fmt: skip

    driver.execute_query(_PROJECT, project=PROJECT, count=len(graph.runs), at=T0,
                         database_=database)  # fmt: skip
    run(_RUNS, [{**r, "at": T0 + timedelta(seconds=int(r["number"]))} for r in graph.runs])  # type: ignore[call-overload]
    artifacts: dict[str, dict[str, Any]] = {}
    for v in graph.versions:
        entry = artifacts.setdefault(v.artifact, {"key": v.artifact, "name": v.name,
                                                  "type": v.type, "count": 0, "last": v.key})
        entry["count"] += 1
        entry["last"] = v.key
    run(_ARTIFACTS, list(artifacts.values()))
    run(_VERSIONS, [{"key": v.key, "artifact": v.artifact, "name": v.name, "index": v.index,
                     "type": v.type, "run": v.run, "at": T0} for v in graph.versions])
    run(_USED, [{"run": r, "key": k} for r, k in graph.used])
    run(_PRODUCED, [{"run": r, "key": k} for r, k in graph.produced])
    run(_LATEST, [{"artifact": a["key"], "key": a["last"]} for a in artifacts.values()])
    counts: dict[str, int] = {}
    for _, model, _ in graph.linked:
        counts[model] = counts.get(model, 0) + 1
    run(_MODELS, [{"name": m, "count": c} for m, c in counts.items()])
    run(_LINKED, [{"key": k, "model": m, "index": i} for k, m, i in graph.linked])
    current = {(m, a): k for m, a, k in graph.aliases}  # the last assignment holds the alias
    run(_REGISTRY_ALIAS, [{"model": m, "alias": a, "key": k} for (m, a), k in current.items()])
