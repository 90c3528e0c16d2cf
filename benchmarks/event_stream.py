"""A seeded, W&B-shaped stream of capture events, for the initial-import benchmark.

Layered like a real project: ingest runs log raw data; prep runs use 1-3 raw versions and
log datasets; train runs use 1-3 datasets and log a model (about 1% of models linked to a
registered model, with aliases that move); eval runs use a model and a dataset and log
results. Every run is start, its uses (by ``latest`` or by ``vN``), 1-2 logs (about 2%
repeat an earlier version's content), finish. Four projects, interleaved.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from graphlineage.core.events import (
    ArtifactLinked,
    ArtifactLogged,
    ArtifactUsed,
    Event,
    RunFinished,
    RunStarted,
    RunState,
)

START = datetime(2025, 1, 1, tzinfo=UTC)
# job type -> (layer it uses, layer it logs, artifacts per layer)
JOBS = {"ingest": (None, "raw"), "prep": ("raw", "dataset"), "train": ("dataset", "model"),
        "eval": ("model", "results")}  # fmt: skip
WEIGHTS = {"ingest": 1, "prep": 2, "train": 4, "eval": 3}
ARTIFACTS = {"raw": 5, "dataset": 20, "model": 10, "results": 10}
TYPES = {"raw": "dataset", "dataset": "dataset", "model": "model", "results": "evaluation"}


def wandb_stream(events: int, seed: int = 7, projects: int = 4) -> Iterator[Event]:
    """About ``events`` events (whole runs, so a few more)."""
    rng = random.Random(seed)
    digests: dict[str, list[str]] = {}  # "project/name" -> digests, version order
    jobs, weights = list(WEIGHTS), list(WEIGHTS.values())
    emitted, run_number = 0, 0
    clock = START
    while emitted < events:
        run_number += 1
        project = f"proj-{run_number % projects}"
        job = "ingest" if run_number <= 4 * projects else rng.choices(jobs, weights)[0]
        uses_layer, logs_layer = JOBS[job]
        run_id = f"{run_number:08x}-0000-7000-8000-{rng.getrandbits(48):012x}"
        batch: list[Event] = []

        def at() -> datetime:
            nonlocal clock
            clock += timedelta(milliseconds=rng.randrange(1, 2000))
            return clock

        name = f"{job}-{run_number}" if rng.random() < 0.3 else None
        batch.append(RunStarted(run_id=run_id, project=project, name=name, job_type=job,
                                config={"lr": round(rng.random(), 4), "epochs": 10},
                                tags=("nightly",) if rng.random() < 0.2 else (),
                                host="gpu-node-1", at=at()))  # fmt: skip
        if uses_layer is not None:
            for _ in range(rng.randint(1, 3)):
                key = f"{project}/{uses_layer}-{rng.randrange(ARTIFACTS[uses_layer])}"
                known = digests.get(key)
                if not known:
                    continue
                selector = "latest" if rng.random() < 0.7 else f"v{rng.randrange(len(known))}"
                artifact = key.split("/", 1)[1]
                batch.append(ArtifactUsed(run_id=run_id, project=project, name=artifact,
                                          selector=selector, requested=f"{artifact}:{selector}",
                                          at=at()))  # fmt: skip
        for _ in range(rng.randint(1, 2)):
            artifact = f"{logs_layer}-{rng.randrange(ARTIFACTS[logs_layer])}"
            known = digests.setdefault(f"{project}/{artifact}", [])
            if known and rng.random() < 0.02:
                digest = rng.choice(known)
            else:
                digest = f"{rng.getrandbits(128):032x}"
                known.append(digest)
            batch.append(ArtifactLogged(run_id=run_id, project=project, name=artifact,
                                        type=TYPES[logs_layer], digest=digest,
                                        size=rng.randrange(1, 10**9), file_count=1,
                                        manifest="[]", metadata={"rows": rng.randrange(10**6)},
                                        at=at()))  # fmt: skip
            if logs_layer == "model" and rng.random() < 0.01:
                batch.append(ArtifactLinked(run_id=run_id, artifact=f"{project}/{artifact}",
                                            digest=digest, registered_model=f"{project}-model",
                                            aliases=rng.choice([(), ("staging",),
                                                                ("production",)]),
                                            at=at()))  # fmt: skip
        status = RunState.FINISHED if rng.random() < 0.95 else RunState.FAILED
        batch.append(RunFinished(run_id=run_id, status=status, exit_code=0, at=at(),
                                 summary={"loss": round(rng.random(), 4)}))  # fmt: skip
        emitted += len(batch)
        yield from batch
