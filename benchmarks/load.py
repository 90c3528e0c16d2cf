"""Loads a generated graph through the product's own bulk path: the graph becomes the stream
of capture events that the W&B-style jobs would have made (each run: start, its uses by
version, its logs, its registry links, finish), written by ``Writer.apply_many`` exactly as
``graphlineage import events`` and ``graphlineage sync`` write them. So the set-up time is a
product figure, and the questions see what production would hold.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from benchmarks.generate import PROJECT, Graph, Version
from graphlineage.core.events import (
    ArtifactLinked,
    ArtifactLogged,
    ArtifactUsed,
    Event,
    RunFinished,
    RunStarted,
    RunState,
)
from graphlineage.graph.store import Store
from graphlineage.graph.writer import Writer

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def graph_events(graph: Graph) -> Iterator[Event]:
    """The capture events of every run of ``graph``, run after run."""
    used: dict[str, list[str]] = defaultdict(list)
    for run_id, key in graph.used:
        used[run_id].append(key)
    produced: dict[str, list[Version]] = defaultdict(list)
    for version in graph.versions:
        produced[version.run].append(version)
    production = {key for model, alias, key in graph.aliases if alias == "production"}
    linked: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key, model, _ in graph.linked:
        linked[key].append((key, model))
    for run in graph.runs:
        run_id = str(run["id"])
        at = T0 + timedelta(seconds=int(str(run["number"])))
        yield RunStarted(run_id=run_id, at=at, project=PROJECT, name=str(run["name"]),
                         job_type=str(run["job_type"]),
                         config=json.loads(str(run["config"])))  # fmt: skip
        for key in used[run_id]:
            artifact, _, selector = key.rpartition(":")
            yield ArtifactUsed(run_id=run_id, at=at, project=PROJECT,
                               name=artifact.split("/", 1)[1], selector=selector,
                               requested=key)  # fmt: skip
        for version in produced[run_id]:
            yield ArtifactLogged(run_id=run_id, at=at, project=PROJECT, name=version.name,
                                 type=version.type, digest=version.key, size=0, file_count=0,
                                 manifest="[]")  # fmt: skip
            for key, model in linked[version.key]:
                aliases = ("production",) if key in production else ()
                yield ArtifactLinked(run_id=run_id, at=at, version_key=key,
                                     registered_model=model, aliases=aliases)  # fmt: skip
        yield RunFinished(run_id=run_id, at=at, status=RunState.FINISHED, exit_code=0)


def load(store: Store, graph: Graph) -> int:
    """Write the graph's events; return how many. Every one must apply."""
    count = 0
    for outcome in Writer(store).iter_apply(graph_events(graph)):
        if not outcome.applied:
            raise RuntimeError(f"event refused while loading: {outcome.error}")
        count += 1
    return count
