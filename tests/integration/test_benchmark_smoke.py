"""A tiny run of the benchmark (2000 nodes, a few targets) keeps it working; its numbers are
not checked, its answers are (every one equals networkx, or the run fails)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.__main__ import _run, _table
from graphlineage.client import Lineage

from .neo4j_test_server import TestServer


def test_tiny_benchmark_runs_and_checks_answers(
    lineage: Lineage, clean_db: TestServer, tmp_path: Path
) -> None:
    settings = {"neo4j_uri": clean_db.uri, "neo4j_password": clean_db.password}
    report = _run("S", targets=3, job_runs=8, bulk_events=20, settings=settings,
                  workdir=tmp_path, seed=1, nodes=2000, wipe=False)  # fmt: skip
    assert report["nodes"] >= 2000
    assert set(report["queries"]) == {"hub", "deep_leaf", "random"}
    ingest = report["ingest"]
    assert ingest["job path, async (finish waits), 4 writers, runs/s"] > 0
    assert ingest["job path runs in the graph"] == ingest["job path runs in the graph (expected)"]
    assert all(rate > 0 for name, rate in ingest.items() if name.startswith("bulk: "))
    assert "ancestry/graphlineage" in _table({**report, "seconds": 1.0})
