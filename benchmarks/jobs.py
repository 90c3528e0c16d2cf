"""The job-path worker: a process running W&B-style jobs through the public API."""

from __future__ import annotations

import random
import time
from typing import Any

import graphlineage
from benchmarks.generate import PROJECT
from graphlineage.client import Lineage
from graphlineage.core.settings import Settings


def job_worker(args: tuple[dict[str, Any], int, int, list[str]]) -> tuple[int, list[float]]:
    """Run ``runs`` jobs (init, two use_artifact, one log_artifact, finish); return the count
    and how long each API call took (seconds). In async delivery the client is closed at the
    end, which waits until every event is in the graph."""
    settings, worker, runs, inputs = args
    client = Lineage(Settings(**settings))
    rng = random.Random(worker)
    calls: list[float] = []
    clock = time.perf_counter
    for i in range(runs):
        began = clock()
        run = client.init(project=PROJECT, job_type="bench-job", name=f"job-{worker}-{i}")
        calls.append(clock() - began)
        for ref in rng.sample(inputs, 2):
            began = clock()
            run.use_artifact(ref)
            calls.append(clock() - began)
        artifact = graphlineage.Artifact(f"job-output-{worker}", type="dataset")
        artifact.add_reference(f"s3://bench/{worker}/{i}", digest=f"w{worker}-{i}")
        began = clock()
        run.log_artifact(artifact)
        calls.append(clock() - began)
        began = clock()
        run.finish()
        calls.append(clock() - began)
    client.close()
    return runs, calls
