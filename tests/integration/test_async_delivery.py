"""Async delivery (``GRAPHLINEAGE_DELIVERY=async``): calls return pending results at once,
a background sender delivers batches, ``wait()`` and ``finish()`` block until delivery, a
killed job loses nothing that a call returned for (``graphlineage sync`` delivers the rest,
and the graph equals that of an uninterrupted job), and the concurrency guarantees hold."""

from __future__ import annotations

import io
import multiprocessing as mp
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import graphlineage
from graphlineage.capture.journal import read_journal
from graphlineage.cli.main import cli
from graphlineage.client import Lineage
from graphlineage.core.events import RunStarted
from graphlineage.errors import NotFoundError

from .graph_snapshot import Snapshot, assert_same_graph, meaning_snapshot
from .neo4j_test_server import TestServer, free_port

WRITERS = 8
VERSIONS_EACH = 50


def _count(lineage: Lineage, query: str) -> int:
    return int(lineage.cypher(query).rows[0]["n"])


def test_async_calls_return_pending_and_wait_returns_the_stored_version(
    lineage: Lineage, clean_db: TestServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal_dir = tmp_path / "journal"
    client = Lineage(clean_db.settings(delivery="async", journal_dir=journal_dir,
                                       finish_wait=True))  # fmt: skip
    with client:
        run = client.init(project="async", job_type="prep", name="prep-1")
        assert run.name == "prep-1" and run.info.status == "running"
        raw = graphlineage.Artifact("raw", type="dataset", metadata={"rows": 3})
        raw.add_reference("s3://bucket/raw.csv", digest="raw-1")
        pending = run.log_artifact(raw, aliases=["best"])
        assert pending.pending and pending.version == "pending" and pending.index == -1
        stored = pending.wait(timeout=60)
        assert not stored.pending
        assert (stored.key, stored.version, stored.index) == ("async/raw:v0", "v0", 0)
        assert sorted(stored.aliases) == ["best", "latest"]

        again = graphlineage.Artifact("raw", type="dataset", metadata={"rows": 4})
        again.add_reference("s3://bucket/raw.csv", digest="raw-2")
        second = run.log_artifact(again).wait(timeout=60)
        assert (second.key, sorted(second.aliases)) == ("async/raw:v1", ["latest"])

        run.finish()  # finish_wait: returns once the run's events are in the graph
        assert lineage.run("async/prep-1").status == "finished"  # another client sees it

        train = client.init(project="async", job_type="train", name="train-1")
        used = train.use_artifact("raw:best")
        assert used.pending
        assert used.wait(timeout=60).key == "async/raw:v0"

        unknown = train.use_artifact("raw:no-such-alias")
        assert unknown.pending  # the refusal is not known when the call returns
        with pytest.raises(NotFoundError, match="has no version or alias 'no-such-alias'"):
            unknown.wait(timeout=60)

        model = graphlineage.Artifact("model", type="model")
        model.add_reference("s3://bucket/model.pt", digest="model-1")
        link = train.link_artifact(train.log_artifact(model), "Async-Model",
                                   aliases=["production"])  # fmt: skip
        assert link.version == "pending"
        train.summary["accuracy"] = 0.5
        train.finish()

        info = lineage.run("async/train-1")
        assert (info.status, info.summary) == ("finished", {"accuracy": 0.5})
        assert lineage.registered_model("Async-Model").aliases == {"latest": "v0",
                                                                   "production": "v0"}  # fmt: skip
        assert [v.key for v in lineage.run_inputs(train.id)] == ["async/raw:v0"]
    err = capsys.readouterr().err
    assert err.count("was refused") == 1
    assert "event artifact_used of run" in err and "no-such-alias" in err
    # the finished run's journal was delivered, so it is marked synced
    assert sorted(p.name for p in journal_dir.iterdir()) == sorted(
        f"{r.id}.jsonl.synced" for r in (run, train))  # fmt: skip


# -- a job killed mid-run ---------------------------------------------------------------------
JOB = """
import sys, time
from pathlib import Path

import graphlineage
from graphlineage.client import Lineage
from graphlineage.errors import NotFoundError
from graphlineage.core.events import RunStarted

marker, refusal = Path(sys.argv[1]), sys.argv[2] == "refusal"
client = Lineage()
with client.init(project="killed", job_type="prep", name="prep-1") as run:
    for number in (1, 2):
        raw = graphlineage.Artifact("raw", type="dataset", metadata={"rows": number})
        raw.add_reference("s3://bucket/raw.csv", digest=f"raw-{number}")
        run.log_artifact(raw, aliases=["best"] if number == 1 else [])
with client.init(project="killed", job_type="train", name="train-1",
                 config={"lr": 0.1}) as run:
    run.use_artifact("raw:best")
    if refusal:
        try:
            run.use_artifact("raw:no-such-alias")  # async: refused at delivery, not here
        except NotFoundError:
            pass
    model = graphlineage.Artifact("model", type="model")
    model.add_reference("s3://bucket/model.pt", digest="model-1")
    version = run.log_artifact(model)
    run.link_artifact(version, "Killed-Model", aliases=["production"])
    run.summary["accuracy"] = 0.9
run = client.init(project="killed", job_type="eval", name="eval-1")  # killed before finish
run.use_artifact("model:latest")
report = graphlineage.Artifact("report", type="eval")
report.add_reference("s3://bucket/report.json", digest="report-1")
run.log_artifact(report)
marker.write_text("recorded")
time.sleep(600)
run.finish()
"""
KINDS = {
    "prep-1": ["run_started", "artifact_logged", "artifact_logged", "run_finished"],
    "train-1": ["run_started", "artifact_used", "artifact_logged", "artifact_linked",
                "run_finished"],
    "eval-1": ["run_started", "artifact_used", "artifact_logged"],
}  # fmt: skip


def _run_and_kill(tmp_path: Path, tag: str, env: dict[str, str], variant: str = "plain") -> None:
    """Run the job script until it has made every call but the last finish, then SIGKILL it."""
    script = tmp_path / "job.py"
    script.write_text(JOB)
    marker = tmp_path / f"{tag}.marker"
    with (tmp_path / f"{tag}.stderr").open("wb") as stderr:
        proc = subprocess.Popen([sys.executable, str(script), str(marker), variant],
                                env={**os.environ, **env}, cwd=tmp_path, stderr=stderr)  # fmt: skip
        try:
            deadline = time.monotonic() + 120
            while not marker.exists():
                assert proc.poll() is None, (tmp_path / f"{tag}.stderr").read_text()
                assert time.monotonic() < deadline, "the job never reached its marker"
                time.sleep(0.05)
            os.kill(proc.pid, signal.SIGKILL)
            assert proc.wait(timeout=30) == -signal.SIGKILL
        finally:
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()


def _run_name(path: Path) -> str:
    started = read_journal(path).events[0]
    assert isinstance(started, RunStarted) and started.name is not None
    return started.name


def _journal_kinds(journal_dir: Path) -> dict[str, list[str]]:
    return {_run_name(path): [str(e.kind) for e in read_journal(path).events]
            for path in sorted(journal_dir.iterdir())}  # fmt: skip


def _reference(lineage: Lineage, clean_db: TestServer, tmp_path: Path,
               variant: str = "plain") -> Snapshot:  # fmt: skip
    """The same job recorded in sync mode (each call committed before it returns), killed
    at the same point, in a fresh database."""
    _run_and_kill(tmp_path, "reference", {"GRAPHLINEAGE_DELIVERY": "sync",
                                          "GRAPHLINEAGE_JOURNAL_DIR": str(tmp_path / "unused")},
                  variant)  # fmt: skip
    assert not (tmp_path / "unused").exists()  # nothing was journaled
    reference = meaning_snapshot(lineage.store)
    assert _count(lineage, "MATCH (r:Run {status: 'running'}) RETURN count(r) AS n") == 1
    clean_db.wipe()
    return reference


def _sync_twice(lineage: Lineage, journal_dir: Path, reference: Snapshot, pending: int) -> None:
    result = CliRunner().invoke(cli, ["sync", str(journal_dir)])
    assert result.exit_code == 0, result.output
    assert f"{pending} of {pending} journals synced." in result.output
    assert_same_graph(reference, meaning_snapshot(lineage.store))
    again = CliRunner().invoke(cli, ["sync", "--all", str(journal_dir)])
    assert again.exit_code == 0, again.output
    assert_same_graph(reference, meaning_snapshot(lineage.store))


@pytest.mark.slow
def test_killed_before_delivery_then_sync_equals_uninterrupted_job(
    lineage: Lineage, clean_db: TestServer, tmp_path: Path
) -> None:
    """The job's Neo4j cannot be reached (nothing listens on its port), so when it is killed
    every event it made is only in its journals: nothing is lost, and sync delivers it."""
    reference = _reference(lineage, clean_db, tmp_path)
    journal_dir = tmp_path / "journal"
    _run_and_kill(tmp_path, "async", {
        "GRAPHLINEAGE_DELIVERY": "async", "GRAPHLINEAGE_FINISH_WAIT": "false",
        "GRAPHLINEAGE_FLUSH_TIMEOUT": "1", "GRAPHLINEAGE_NEO4J_RETRY_TIME": "1",
        "GRAPHLINEAGE_NEO4J_URI": f"neo4j://127.0.0.1:{free_port()}",
        "GRAPHLINEAGE_JOURNAL_DIR": str(journal_dir),
    })  # fmt: skip
    assert _count(lineage, "MATCH (n) WHERE NOT n:GraphlineageTestMarker RETURN count(n) AS n") == 0
    assert all(p.name.endswith(".jsonl") for p in journal_dir.iterdir())  # none delivered
    assert _journal_kinds(journal_dir) == KINDS
    _sync_twice(lineage, journal_dir, reference, 3)


@pytest.mark.slow
def test_killed_mid_run_while_delivering_then_sync_equals_uninterrupted_job(
    lineage: Lineage, clean_db: TestServer, tmp_path: Path
) -> None:
    """Neo4j is up: the sender may have delivered any part of the job when it is killed;
    the finished runs were delivered (finish waits), the unfinished one is still journaled."""
    reference = _reference(lineage, clean_db, tmp_path)
    journal_dir = tmp_path / "journal"
    _run_and_kill(tmp_path, "async", {"GRAPHLINEAGE_DELIVERY": "async",
                                      "GRAPHLINEAGE_JOURNAL_DIR": str(journal_dir)})  # fmt: skip
    assert _journal_kinds(journal_dir) == KINDS
    names = {_run_name(p): p.name for p in journal_dir.iterdir()}
    assert names["prep-1"].endswith(".jsonl.synced") and names["train-1"].endswith(".synced")
    assert names["eval-1"].endswith(".jsonl")  # the killed run's journal waits for sync
    _sync_twice(lineage, journal_dir, reference, 1)


@pytest.mark.slow
def test_killed_job_with_a_refused_call_then_sync_equals_uninterrupted_job(
    lineage: Lineage, clean_db: TestServer, tmp_path: Path
) -> None:
    reference = _reference(lineage, clean_db, tmp_path, "refusal")
    journal_dir = tmp_path / "journal"
    _run_and_kill(tmp_path, "async", {
        "GRAPHLINEAGE_DELIVERY": "async", "GRAPHLINEAGE_FINISH_WAIT": "false",
        "GRAPHLINEAGE_FLUSH_TIMEOUT": "1", "GRAPHLINEAGE_NEO4J_RETRY_TIME": "1",
        "GRAPHLINEAGE_NEO4J_URI": f"neo4j://127.0.0.1:{free_port()}",
        "GRAPHLINEAGE_JOURNAL_DIR": str(journal_dir),
    }, "refusal")  # fmt: skip
    # the refused call is set aside with its reason (as the job was told when it ran) and
    # the rest of the job applies; sync says so and exits 1
    result = CliRunner().invoke(cli, ["sync", str(journal_dir)])
    assert result.exit_code == 1, result.output
    assert "1 events refused (see the .refused files)" in result.output
    (refused,) = journal_dir.glob("*.refused")
    assert "no-such-alias" in refused.read_text()
    assert_same_graph(reference, meaning_snapshot(lineage.store))
    again = CliRunner().invoke(cli, ["sync", str(journal_dir)])
    assert again.exit_code == 0, again.output


# -- eight writer processes in async mode -----------------------------------------------------
def _client(settings: dict[str, Any], writer: int) -> Lineage:
    values = dict(settings)
    journal_dir = Path(values.pop("base")) / f"w{writer}"
    return Lineage(graphlineage.Settings(**values, delivery="async", journal_dir=journal_dir))


def _log_versions(settings: dict[str, Any], writer: int, count: int) -> list[str]:
    client = _client(settings, writer)
    with client, client.init(project="conc", job_type="writer") as run:
        pending = []
        for i in range(count):
            art = graphlineage.Artifact("shared", "dataset")
            art.add_reference(f"s3://bucket/writer-{writer}/part-{i}")
            pending.append(run.log_artifact(art))
        return [version.wait(timeout=120).key for version in pending]


def _move_alias(settings: dict[str, Any], writer: int, rounds: int) -> None:
    client = _client(settings, writer)
    with client, client.init(project="conc", job_type="mover") as run:
        for i in range(rounds):
            art = graphlineage.Artifact("base", "dataset")
            art.add_reference(f"s3://bucket/base-{(writer + i) % 4}")
            run.log_artifact(art, aliases=["best"])


def _init_named(settings: dict[str, Any], writer: int, name: str) -> str:
    """What the process reports on stderr (in async mode a refusal shows there, not at
    ``init``, which returns a pending run)."""
    captured = io.StringIO()
    saved, sys.stderr = sys.stderr, captured
    try:
        client = _client(settings, writer)
        with client:
            run = client.init(project="conc", name=name)
            assert run.name == name
            run.finish()  # waits for delivery
    finally:
        sys.stderr = saved
    return captured.getvalue()


@pytest.fixture
def pool() -> Iterator[Any]:
    ctx = mp.get_context("spawn")
    with ctx.Pool(WRITERS) as workers:
        yield workers


@pytest.fixture
def settings(neo4j_server: TestServer, tmp_path: Path) -> dict[str, Any]:
    return {"neo4j_uri": neo4j_server.uri, "neo4j_user": neo4j_server.user,
            "neo4j_password": neo4j_server.password, "neo4j_database": neo4j_server.database,
            "base": str(tmp_path)}  # fmt: skip


@pytest.mark.slow
def test_async_parallel_writers_get_gapless_unique_versions(
    lineage: Lineage, settings: dict[str, Any], pool: Any
) -> None:
    results = pool.starmap(_log_versions, [(settings, w, VERSIONS_EACH) for w in range(WRITERS)])
    keys = [key for keys in results for key in keys]
    total = WRITERS * VERSIONS_EACH
    assert len(set(keys)) == total
    assert sorted(int(k.rsplit(":v", 1)[1]) for k in keys) == list(range(total))
    for keys_of_one in results:  # each writer's versions are numbered in its own call order
        numbers = [int(k.rsplit(":v", 1)[1]) for k in keys_of_one]
        assert numbers == sorted(numbers)
    assert lineage.artifact("conc/shared:latest").version == f"v{total - 1}"
    assert _count(lineage, "MATCH (r:Run {status: 'finished'}) RETURN count(r) AS n") == WRITERS


@pytest.mark.slow
def test_async_concurrent_alias_moves_leave_one_holder(
    lineage: Lineage, settings: dict[str, Any], pool: Any
) -> None:
    with lineage.init(project="conc", job_type="seed") as run:
        for i in range(4):
            art = graphlineage.Artifact("base", "dataset")
            art.add_reference(f"s3://bucket/base-{i}")
            run.log_artifact(art)
    pool.starmap(_move_alias, [(settings, w, 10) for w in range(WRITERS)])
    holders = lineage.cypher(
        "MATCH (:Artifact {key: 'conc/base'})-[a:ALIAS]->(v) WHERE a.until IS NULL "
        "RETURN a.name AS alias, count(v) AS holders ORDER BY alias").rows  # fmt: skip
    assert holders == [{"alias": "best", "holders": 1}, {"alias": "latest", "holders": 1}]
    assert lineage.artifact("conc/base:latest").version == "v3"
    moves = _count(lineage, "MATCH (:Artifact {key: 'conc/base'})-[a:ALIAS {name: 'best'}]->() "
                            "RETURN count(a) AS n")  # fmt: skip
    assert moves >= 2  # the alias did move between versions
    assert _count(lineage, "MATCH (r:Run {status: 'finished'}) RETURN count(r) AS n") == 9


@pytest.mark.slow
def test_async_same_explicit_name_one_wins(
    lineage: Lineage, settings: dict[str, Any], pool: Any
) -> None:
    reports = pool.starmap(_init_named, [(settings, w, "twin-async") for w in range(WRITERS)])
    refused = [r for r in reports if "a run named 'twin-async' already exists in project 'conc'"
               in r]  # fmt: skip
    assert len(refused) == WRITERS - 1, reports
    assert all("was refused" in r for r in refused)
    (winner,) = [r for r in reports if r not in refused]
    assert "refused" not in winner
    rows = lineage.cypher("MATCH (r:Run {project: 'conc'}) RETURN r.name AS name, "
                          "r.status AS status").rows  # fmt: skip
    assert rows == [{"name": "twin-async", "status": "finished"}]
