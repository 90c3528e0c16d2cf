"""Generated lineage graphs (diamonds, deep chains, hubs, random DAGs), loaded in bulk, with
the same edges in networkx as the independent reference for the query answers.

Nodes carry the properties the answers read; edges follow the stored directions:
run -USED-> version, run -PRODUCED-> version, version -LINKED_TO-> registered model.
The flow graph in networkx points the way data moves: version -> run (used),
run -> version (produced), version -> model (linked).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import networkx as nx

from graphlineage.graph.connection import Connection

_CREATE_RUNS = """
UNWIND $rows AS row
CREATE (:Run {id: row.id, project: 'gen', name: row.name, job_type: row.job_type,
              status: 'finished', config: '{}', summary: '{}'})
"""
_CREATE_VERSIONS = """
UNWIND $rows AS row
MERGE (a:Artifact {key: 'gen/' + row.name})
  ON CREATE SET a.project = 'gen', a.name = row.name, a.type = row.type, a.version_count = 1
CREATE (a)-[:HAS_VERSION]->(:ArtifactVersion {
  key: row.key, artifact: a.key, project: 'gen', name: row.name, version: row.version,
  index: row.index, type: row.type, digest: row.key, metadata: '{}'})
"""
_CREATE_MODELS = "UNWIND $rows AS row CREATE (:RegisteredModel {name: row.name})"
_CREATE_EDGES = {
    "USED": """UNWIND $rows AS row
               MATCH (r:Run {id: row.source}) MATCH (v:ArtifactVersion {key: row.target})
               CREATE (r)-[:USED {at: datetime()}]->(v)""",
    "PRODUCED": """UNWIND $rows AS row
                   MATCH (r:Run {id: row.source}) MATCH (v:ArtifactVersion {key: row.target})
                   CREATE (r)-[:PRODUCED {at: datetime()}]->(v)""",
    "LINKED_TO": """UNWIND $rows AS row
                    MATCH (v:ArtifactVersion {key: row.source})
                    MATCH (m:RegisteredModel {name: row.target})
                    CREATE (v)-[:LINKED_TO {version: row.version, index: row.index}]->(m)""",
}


@dataclass
class GeneratedGraph:
    runs: list[str] = field(default_factory=list)
    versions: list[str] = field(default_factory=list)
    models: list[str] = field(default_factory=list)
    edges: list[tuple[str, str, str]] = field(default_factory=list)  # (source, type, target)
    marks: dict[str, str] = field(default_factory=dict)  # named nodes worth asking about

    # -- building ------------------------------------------------------------------------
    def run(self, name: str) -> str:
        self.runs.append(name)
        return name

    def version(self, name: str) -> str:
        key = f"gen/{name}:v0"
        self.versions.append(key)
        return key

    def used(self, run: str, version: str) -> None:
        self.edges.append((run, "USED", version))

    def produced(self, run: str, version: str) -> None:
        self.edges.append((run, "PRODUCED", version))

    def linked(self, version: str, model: str) -> None:
        if model not in self.models:
            self.models.append(model)
        self.edges.append((version, "LINKED_TO", model))

    # -- references ----------------------------------------------------------------------
    def ref(self, node: str) -> str:
        if node in self.models:
            return f"registry:{node}"
        if node.startswith("gen/"):
            return node
        return f"run:gen/{node}"

    def flow_graph(self) -> nx.DiGraph:
        graph = nx.DiGraph()
        graph.add_nodes_from(self.ref(n) for n in self.runs + self.versions + self.models)
        for source, rel_type, target in self.edges:
            if rel_type == "USED":  # data flows from the version into the run
                graph.add_edge(self.ref(target), self.ref(source))
            else:
                graph.add_edge(self.ref(source), self.ref(target))
        return graph

    # -- loading -------------------------------------------------------------------------
    def load(self, connection: Connection, batch: int = 5000) -> None:
        def run(query: str, rows: list[dict[str, object]]) -> None:
            for i in range(0, len(rows), batch):
                connection.driver.execute_query(
                    query, rows=rows[i : i + batch], database_=connection.database
                )

        run(_CREATE_RUNS, [{"id": f"id-{r}", "name": r, "job_type": r.split("-")[0]}
                           for r in self.runs])  # fmt: skip
        run(_CREATE_VERSIONS, [
            {"key": key, "name": key[4:-3], "version": "v0", "index": 0,
             "type": "dataset"}
            for key in self.versions
        ])  # fmt: skip
        run(_CREATE_MODELS, [{"name": m} for m in self.models])
        counts: dict[str, int] = {}
        for rel_type, query in _CREATE_EDGES.items():
            rows: list[dict[str, object]] = []
            for source, t, target in self.edges:
                if t != rel_type:
                    continue
                if t == "LINKED_TO":
                    index = counts[target] = counts.get(target, -1) + 1
                    rows.append({"source": source, "target": target, "version": f"v{index}",
                                 "index": index})  # fmt: skip
                else:
                    rows.append({"source": f"id-{source}", "target": target})
            run(query, rows)


def diamonds(graph: GeneratedGraph, k: int, prefix: str = "dia") -> tuple[str, str]:
    """k stacked diamonds: d0 used by two runs whose outputs one run joins into d1, ...
    2^k paths from the first version to the last. Returns (first, last) version keys."""
    first = current = graph.version(f"{prefix}0")
    for i in range(k):
        join = graph.run(f"join-{prefix}{i}")
        for side in ("a", "b"):
            run = graph.run(f"split-{prefix}{i}{side}")
            graph.used(run, current)
            half = graph.version(f"{prefix}{i}{side}")
            graph.produced(run, half)
            graph.used(join, half)
        current = graph.version(f"{prefix}{i + 1}")
        graph.produced(join, current)
    return first, current


def chain(graph: GeneratedGraph, length: int, prefix: str = "chain") -> tuple[str, str]:
    """``length`` runs in a line, each using the previous version and producing the next."""
    first = current = graph.version(f"{prefix}0")
    for i in range(length):
        run = graph.run(f"step-{prefix}{i}")
        graph.used(run, current)
        current = graph.version(f"{prefix}{i + 1}")
        graph.produced(run, current)
    return first, current


def hub(graph: GeneratedGraph, fan_out: int, prefix: str = "hub") -> str:
    """One dataset version used by ``fan_out`` runs, each producing a version."""
    center = graph.version(f"{prefix}")
    for i in range(fan_out):
        run = graph.run(f"fan-{prefix}{i}")
        graph.used(run, center)
        graph.produced(run, graph.version(f"{prefix}{i}"))
    return center


def random_dag(
    graph: GeneratedGraph, runs: int, seed: int, inputs: list[str], prefix: str = "rnd"
) -> None:
    """Runs using 1-3 earlier versions (``inputs`` and earlier outputs) and producing 1-2
    new ones; every 7th output is linked to one of three registered models."""
    rng = random.Random(seed)
    pool = [graph.version(f"{prefix}seed{i}") for i in range(5)] + list(inputs)
    for i in range(runs):
        run = graph.run(f"job-{prefix}{i}")
        for version in rng.sample(pool, k=min(len(pool), rng.randint(1, 3))):
            graph.used(run, version)
        for j in range(rng.randint(1, 2)):
            output = graph.version(f"{prefix}{i}o{j}")
            graph.produced(run, output)
            pool.append(output)
            if len(pool) % 7 == 0:
                graph.linked(output, f"Model-{prefix}{rng.randint(0, 2)}")
