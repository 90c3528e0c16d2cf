"""A seeded, W&B-shaped lineage graph: ingest runs make raw dataset versions, preprocessing
runs turn 1-3 of them into derived datasets, training runs use 1-3 derived datasets and
sometimes a base model (fine-tune chains up to 50 deep), evaluation runs use a model and a
test set, and about 10% of model versions are linked to registered models whose aliases move.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

PROJECT = "bench"
SCALES = {"S": 10_000, "M": 100_000, "L": 1_000_000}
MAX_CHAIN = 50


@dataclass(frozen=True)
class Version:
    key: str
    artifact: str  # "bench/name"
    name: str
    index: int
    type: str
    run: str  # producing run id


@dataclass
class Graph:
    runs: list[dict[str, object]] = field(default_factory=list)
    versions: list[Version] = field(default_factory=list)
    used: list[tuple[str, str]] = field(default_factory=list)  # (run id, version key)
    produced: list[tuple[str, str]] = field(default_factory=list)  # (run id, version key)
    linked: list[tuple[str, str, int]] = field(default_factory=list)  # (key, model, index)
    aliases: list[tuple[str, str, str]] = field(default_factory=list)  # (model, alias, key)
    counters: dict[str, int] = field(default_factory=dict)
    registered: set[str] = field(default_factory=set)  # registered models linked so far

    @property
    def node_count(self) -> int:
        return len(self.runs) + len(self.versions) + len(self.registered)

    def _run(self, job_type: str, rng: random.Random) -> str:
        number = len(self.runs) + 1
        run_id = f"00000000-0000-7000-8000-{number:012d}"
        self.runs.append({"id": run_id, "name": f"{job_type}-{number}", "number": number,
                          "job_type": job_type, "config": f'{{"seed": {rng.randint(0, 9)}}}'})
        return run_id

    def _version(self, name: str, type_: str, run: str) -> Version:
        index = self.counters.get(name, 0)
        self.counters[name] = index + 1
        version = Version(f"{PROJECT}/{name}:v{index}", f"{PROJECT}/{name}", name, index,
                          type_, run)
        self.versions.append(version)
        self.produced.append((run, version.key))
        return version


def generate(nodes: int, seed: int = 7) -> Graph:
    """About ``nodes`` nodes (runs + versions + registered models)."""
    rng = random.Random(seed)
    graph = Graph()
    raw_names = [f"raw-{i}" for i in range(max(3, nodes // 5000))]
    raw: list[Version] = []
    derived: list[Version] = []
    models: list[tuple[Version, int]] = []  # (model version, chain depth)
    tests = [graph._version("test-set", "dataset", graph._run("ingest", rng))]
    registered = [f"Model-{i}" for i in range(max(1, nodes // 20_000))]
    registry_count: dict[str, int] = {}
    while graph.node_count < nodes:
        roll = rng.random()
        if roll < 0.12 or len(raw) < 5:
            run = graph._run("ingest", rng)
            raw.append(graph._version(rng.choice(raw_names), "dataset", run))
        elif roll < 0.42 or len(derived) < 3:
            run = graph._run("preprocess", rng)
            # hubs: early raw versions are popular (a few get very many consumers)
            picks = {raw[min(int(rng.paretovariate(1.2)) - 1, len(raw) - 1)] if rng.random() < 0.5
                     else rng.choice(raw) for _ in range(rng.randint(1, 3))}
            for version in picks:
                graph.used.append((run, version.key))
            derived.append(graph._version(f"clean-{rng.randint(0, 40)}", "dataset", run))
        elif roll < 0.75:
            run = graph._run("train", rng)
            for version in {rng.choice(derived[-500:]) for _ in range(rng.randint(1, 3))}:
                graph.used.append((run, version.key))
            depth = 0
            if models and rng.random() < 0.4:
                base, base_depth = models[-1] if rng.random() < 0.7 else rng.choice(models)
                if base_depth < MAX_CHAIN:
                    graph.used.append((run, base.key))
                    depth = base_depth + 1
            model = graph._version(f"model-{rng.randint(0, 20)}", "model", run)
            models.append((model, depth))
            if rng.random() < 0.1:
                target = rng.choice(registered)
                index = registry_count.get(target, 0)
                registry_count[target] = index + 1
                graph.linked.append((model.key, target, index))
                graph.registered.add(target)
                graph.aliases.append((target, "latest", model.key))
                if rng.random() < 0.3:
                    graph.aliases.append((target, "production", model.key))
        else:
            run = graph._run("evaluate", rng)
            graph.used.append((run, rng.choice(models)[0].key if models else tests[0].key))
            graph.used.append((run, tests[0].key))
    return graph
