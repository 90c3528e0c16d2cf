"""The write side of the benchmark: the job path (sync and async delivery) and every bulk
path (OpenLineage file ingest, ``serve`` under concurrent POSTs, journal ``sync``, ``import
events``), each end to end and committed, with SQLite's commit-per-event as the reference."""

from __future__ import annotations

import http.client
import json
import multiprocessing
import os
import random
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import graphlineage
from benchmarks.generate import PROJECT
from benchmarks.jobs import job_worker
from graphlineage.capture.journal import SUFFIX
from graphlineage.capture.sync import sync
from graphlineage.client import Lineage
from graphlineage.core.settings import Settings
from graphlineage.graph.writer import Writer
from graphlineage.ingest.event_files import import_events, read_lines
from graphlineage.ingest.openlineage import ingest_lines, read_events


def _p50_ms(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[len(ordered) // 2] * 1000 if ordered else 0.0


def job_path(settings: dict[str, Any], writers: int, runs: int, inputs: list[str],
             first_worker: int, **delivery: Any) -> dict[str, float]:  # fmt: skip
    """Runs per second through the public API (init, 2 use_artifact, log_artifact, finish),
    every run in the graph by the end; and the p50 time of one API call. Workers are numbered
    from ``first_worker`` (their runs are named after them)."""
    config = {**settings, **delivery}
    work = [(config, first_worker + w, runs // writers, inputs) for w in range(writers)]
    began = time.perf_counter()
    if writers == 1:
        results = [job_worker(work[0])]
    else:
        with multiprocessing.get_context("spawn").Pool(writers) as pool:
            results = pool.map(job_worker, work)
    seconds = time.perf_counter() - began
    calls = [c for _, samples in results for c in samples]
    return {"runs_per_s": sum(n for n, _ in results) / seconds, "call_p50_ms": _p50_ms(calls)}


# -- bulk path -----------------------------------------------------------------------------
def openlineage_events(count: int, inputs: list[str], namespace: str) -> list[dict[str, Any]]:
    events = []
    rng = random.Random(3)
    for i in range(count // 2):
        run_id = f"11111111-0000-4000-8000-{i:012d}"
        used = [{"namespace": "bench", "name": ref.split("/", 1)[1].split(":")[0]}
                for ref in rng.sample(inputs, 2)]  # fmt: skip
        base = {"run": {"runId": run_id}, "job": {"namespace": namespace, "name": f"job-{i % 50}"},
                "producer": "benchmarks", "inputs": used}  # fmt: skip
        events.append({**base, "eventType": "START",
                       "eventTime": f"2026-02-01T00:00:{i % 60:02d}Z"})
        events.append({**base, "eventType": "COMPLETE",
                       "eventTime": f"2026-02-01T00:01:{i % 60:02d}Z",
                       "outputs": [{"namespace": namespace, "name": f"out-{i % 200}",
                                    "facets": {"version": {"datasetVersion": str(i)}}}]})
    return events


def _journals(settings: dict[str, Any], journal: Path, events: int, inputs: list[str],
              project: str) -> int:  # fmt: skip
    """Offline runs (5 events each) into ``journal``; returns the number of events."""
    offline = Lineage(Settings(**{**settings, "mode": "offline", "journal_dir": journal}))
    rng = random.Random(5)
    for i in range(events // 5):
        with offline.init(project=project, job_type="offline-job", name=f"offline-{i}") as run:
            for ref in rng.sample(inputs, 2):
                run.use_artifact(ref)
            artifact = graphlineage.Artifact("offline-output", type="dataset")
            artifact.add_reference(f"s3://bench/{project}/{i}", digest=f"{project}-{i}")
            run.log_artifact(artifact)
    offline.close()
    return events // 5 * 5


def _serve(settings: dict[str, Any], events: list[dict[str, Any]], clients: int) -> float:
    """``graphlineage serve`` in its own process; ``clients`` threads POST the events."""
    port = _free_port()
    env = {**os.environ, "GRAPHLINEAGE_NEO4J_URI": settings["neo4j_uri"],
           "GRAPHLINEAGE_NEO4J_PASSWORD": settings.get("neo4j_password") or ""}  # fmt: skip
    server = subprocess.Popen([sys.executable, "-m", "graphlineage.cli.main", "serve", "--port",
                               str(port)], env=env, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        _wait_for(port)
        bodies = [json.dumps(e).encode() for e in events]
        # one job's events go in order through one client (as a producer sends them)
        lanes: list[list[bytes]] = [[] for _ in range(clients)]
        for i, body in enumerate(bodies):
            lanes[(i // 2) % clients].append(body)

        def post_all(lane: list[bytes]) -> None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            for body in lane:
                connection.request("POST", "/api/v1/lineage", body,
                                   {"Content-Type": "application/json"})  # fmt: skip
                answer = connection.getresponse()
                answer.read()
                assert answer.status == 200, answer.status
            connection.close()

        began = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            list(pool.map(post_all, lanes))
        return len(bodies) / (time.perf_counter() - began)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/api/v1/health")
            connection.getresponse().read()
            connection.close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bulk_paths(lineage: Lineage, settings: dict[str, Any], events: int, inputs: list[str],
               workdir: Path) -> dict[str, float]:  # fmt: skip
    """Events per second, committed, through each bulk path."""
    rates: dict[str, float] = {}
    ol = openlineage_events(events, inputs, "bulk-file")
    text = "\n".join(json.dumps(e) for e in ol) + "\n"
    began = time.perf_counter()
    report = ingest_lines(lineage.store, read_events(text))
    rates["openlineage ingest (file)"] = report.ingested / (time.perf_counter() - began)
    assert not report.rejected, report.rejected[:3]

    rates["serve, 16 concurrent clients"] = _serve(
        settings, openlineage_events(events, inputs, "bulk-http"), clients=16)

    journal = workdir / "journal"
    written = _journals(settings, journal, events, inputs, "bulk-sync")
    began = time.perf_counter()
    reports = sync(lineage.store, journal)
    assert all(r.synced for r in reports), [r.failure for r in reports if not r.synced][:3]
    rates["journal sync"] = written / (time.perf_counter() - began)

    exported = workdir / "export"
    _journals(settings, exported, events, inputs, "bulk-import")
    dump = workdir / "events.ndjson"
    with dump.open("wb") as out:
        for path in sorted(exported.glob(f"*{SUFFIX}")):
            out.write(path.read_bytes())
    began = time.perf_counter()
    with dump.open("rb") as stream:
        result = import_events(Writer(lineage.store), read_lines(stream))
    assert not result.rejected, result.rejected[:3]
    rates["import events (NDJSON file)"] = result.applied / (time.perf_counter() - began)
    return rates


def measure_writes(lineage: Lineage, settings: dict[str, Any], job_runs: int,
                   bulk_events: int, inputs: list[str], workdir: Path,
                   sqlite_runs_per_s: float) -> dict[str, float]:  # fmt: skip
    """The job path in both delivery modes and the bulk paths, by name."""
    figures: dict[str, float] = {}
    sync1 = job_path(settings, 1, job_runs, inputs, 100)
    figures["job path, sync, 1 writer, runs/s"] = sync1["runs_per_s"]
    figures["job path, sync, 4 writers, runs/s"] = job_path(settings, 4, job_runs, inputs,
                                                            200)["runs_per_s"]  # fmt: skip
    journal = workdir / "async-journal"
    for first, finish_wait in ((300, False), (400, True)):
        asyncs = job_path(settings, 4, job_runs * 4, inputs, first, delivery="async",
                          journal_dir=str(journal), finish_wait=finish_wait)  # fmt: skip
        label = "finish waits" if finish_wait else "finish returns at once"
        figures[f"job path, async ({label}), 4 writers, runs/s"] = asyncs["runs_per_s"]
        figures[f"async API call p50 ms ({label})"] = asyncs["call_p50_ms"]
    figures["sync API call p50 ms"] = sync1["call_p50_ms"]
    counted = lineage.cypher("MATCH (r:Run {project: $p, job_type: 'bench-job'}) "
                             "RETURN count(r) AS n", {"p": PROJECT}).rows[0]["n"]  # fmt: skip
    expected = job_runs + (job_runs // 4) * 4 + 2 * (job_runs * 4 // 4) * 4
    figures["job path runs in the graph (expected)"] = float(expected)
    figures["job path runs in the graph"] = float(counted)
    figures["sqlite reference, runs/s (5 commits each)"] = sqlite_runs_per_s
    for name, rate in bulk_paths(lineage, settings, bulk_events, inputs, workdir).items():
        figures[f"bulk: {name}, events/s"] = rate
    return figures

