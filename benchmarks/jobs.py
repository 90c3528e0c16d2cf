"""The job-path worker: a process running W&B-style jobs through the public API."""

from __future__ import annotations

import random
from typing import Any

import graphlineage
from benchmarks.generate import PROJECT
from graphlineage.client import Lineage
from graphlineage.settings import Settings


def job_worker(args: tuple[dict[str, Any], int, int, list[str]]) -> int:
    """Run ``runs`` jobs (init, two use_artifact, one log_artifact, finish); return the count."""
    settings, worker, runs, inputs = args
    client = Lineage(Settings(**settings))
    rng = random.Random(worker)
    for i in range(runs):
        with client.init(project=PROJECT, job_type="bench-job", name=f"job-{worker}-{i}") as run:
            for ref in rng.sample(inputs, 2):
                run.use_artifact(ref)
            artifact = graphlineage.Artifact(f"job-output-{worker}", type="dataset")
            artifact.add_reference(f"s3://bench/{worker}/{i}", digest=f"w{worker}-{i}")
            run.log_artifact(artifact)
    client.close()
    return runs
