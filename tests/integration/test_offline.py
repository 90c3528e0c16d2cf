"""Offline and disabled modes, the journal, and `sync`: a run survives Neo4j going away
mid-run, and after sync the graph equals that of an uninterrupted run."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import graphlineage
from graphlineage.capture.journal import read_journal
from graphlineage.capture.sync import sync
from graphlineage.cli.main import cli
from graphlineage.client import Lineage
from graphlineage.core.settings import Settings
from graphlineage.server.local import LocalServer

from .neo4j_test_server import TestServer, free_port

# Every node and edge by what it means (names, keys, properties that do not depend on when or
# where the job ran), so two graphs of the same job compare equal.
_IDENTITY = """CASE WHEN n:Run THEN 'run:' + n.project + '/' + n.name
     WHEN n:Project THEN 'project:' + n.name ELSE coalesce(n.key, n.name) END"""
_NODES = f"""
MATCH (n) WHERE NOT n:GraphlineageTestMarker
WITH n, {_IDENTITY} AS id
RETURN id, labels(n) AS labels, n.status AS status, n.config AS config, n.summary AS summary,
       n.digest AS digest, n.version_count AS versions, n.run_count AS runs,
       n.job_type AS job_type, n.exit_code AS exit_code
ORDER BY id
"""
_EDGES = f"""
MATCH (n)-[e]->(m)
WITH {_IDENTITY} AS a, e, m
WITH a, e, {_IDENTITY.replace("n:", "m:").replace("n.", "m.")} AS b
RETURN a, type(e) AS type, b, e.requested AS requested, e.first AS first,
       e.version AS version, e.name AS name, e.until IS NULL AS current
ORDER BY a, type, b, name
"""


def snapshot(lineage: Lineage) -> dict[str, Any]:
    return {"nodes": lineage.cypher(_NODES).rows, "edges": lineage.cypher(_EDGES).rows}


def job(client: Lineage, between: Callable[[], None] = lambda: None) -> None:
    """Two runs: data prep, then training that uses its output and registers a model.
    ``between`` runs in the middle of training (to take the server away)."""
    with client.init(project="outage", job_type="prep", name="prep-1") as run:
        raw = graphlineage.Artifact("raw", type="dataset", metadata={"rows": 10})
        raw.add_reference("s3://bucket/raw.csv", digest="raw-1")
        run.log_artifact(raw)
    with client.init(project="outage", job_type="train", name="train-1",
                     config={"lr": 0.1}) as run:  # fmt: skip
        run.use_artifact("raw:latest")
        between()
        model = graphlineage.Artifact("model", type="model")
        model.add_reference("s3://bucket/model.pt", digest="model-1")
        version = run.log_artifact(model)
        run.link_artifact(version, "Outage-Model", aliases=["production"])
        run.summary["accuracy"] = 0.9


def test_offline_mode_journals_everything_and_sync_matches_online(
    lineage: Lineage, clean_db: TestServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    job(lineage)
    reference = snapshot(lineage)
    clean_db.wipe()

    journal_dir = tmp_path / "journal"
    offline = Lineage(clean_db.settings(mode="offline", journal_dir=journal_dir))
    job(offline)
    assert capsys.readouterr().err.count("offline mode (GRAPHLINEAGE_MODE=offline)") == 1
    assert lineage.cypher("MATCH (r:Run) RETURN count(r) AS n").rows == [{"n": 0}]
    files = sorted(journal_dir.glob("*.jsonl"))
    assert [len(read_journal(f).events) for f in files] == [3, 5]

    reports = sync(lineage.store, journal_dir)
    assert [(r.synced, r.applied, r.skipped) for r in reports] == [(True, 3, 0), (True, 5, 0)]
    assert snapshot(lineage) == reference
    assert sorted(p.name for p in journal_dir.iterdir()) == sorted(
        f.name + ".synced" for f in files)  # fmt: skip

    again = sync(lineage.store, journal_dir, include_synced=True)  # a replay changes nothing
    assert [(r.applied, r.skipped) for r in again] == [(0, 3), (0, 5)]
    assert snapshot(lineage) == reference


def test_disabled_mode_writes_nothing_anywhere(lineage: Lineage, clean_db: TestServer,
                                               tmp_path: Path) -> None:  # fmt: skip
    off = Lineage(clean_db.settings(mode="disabled", journal_dir=tmp_path / "journal"))
    job(off)
    assert not (tmp_path / "journal").exists()
    assert lineage.cypher("MATCH (n:Run) RETURN count(n) AS n").rows == [{"n": 0}]


def test_torn_last_line_is_reported_and_earlier_events_kept(
    lineage: Lineage, clean_db: TestServer, tmp_path: Path
) -> None:
    journal_dir = tmp_path / "journal"
    job(Lineage(clean_db.settings(mode="offline", journal_dir=journal_dir)))
    train = sorted(journal_dir.glob("*.jsonl"))[1]
    lines = train.read_bytes().splitlines(keepends=True)
    train.write_bytes(b"".join(lines[:-1]) + lines[-1][:40])  # the crash cut the last line
    contents = read_journal(train)
    assert len(contents.events) == 4 and contents.torn is not None and "cut short" in contents.torn

    result = CliRunner().invoke(cli, ["sync", str(journal_dir)])
    assert result.exit_code == 0, result.output
    assert "torn last line dropped: line 5: cut short" in result.output
    assert "2 of 2 journals synced." in result.stdout
    run = lineage.run("outage/train-1")
    assert run.status == "running"  # the finish event was the torn line
    assert [v.key for v in lineage.artifact_versions(project="outage", type="model")] == [
        "outage/model:v0"]  # fmt: skip
    assert lineage.registered_model("Outage-Model").aliases == {"latest": "v0",
                                                                "production": "v0"}  # fmt: skip


def test_sync_reports_bad_journals(lineage: Lineage, tmp_path: Path) -> None:
    missing = CliRunner().invoke(cli, ["sync", str(tmp_path / "none")])
    assert missing.exit_code == 0 and "No journals at" in missing.output
    bad = tmp_path / "bad.jsonl"
    orphan = {"kind": "run_finished", "run_id": "0190c5a0-0000-7000-8000-00000000dead",
              "status": "finished", "event_id": "0190c5a0-0000-7000-8000-00000000beef",
              "at": "2026-01-01T00:00:00Z"}  # fmt: skip
    bad.write_text(json.dumps(orphan) + "\n")
    result = CliRunner().invoke(cli, ["sync", str(bad)])
    assert result.exit_code == 1 and "NOT synced" in result.output
    assert "NotFoundError: run 0190c5a0-0000-7000-8000-00000000dead does not exist" in result.output
    assert bad.exists()  # not marked


@pytest.mark.slow
def test_server_stopped_mid_run_then_sync_equals_uninterrupted_run(
    lineage: Lineage, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    job(lineage)
    reference = snapshot(lineage)

    own = LocalServer(tmp_path / "own", port=free_port(), heap="512m", pagecache="64m",
                      cache_dir=Settings().cache_dir)  # fmt: skip
    own.start()
    try:
        settings = {"neo4j_uri": own.uri, "neo4j_password": own.password(),
                    "journal_dir": tmp_path / "journal", "neo4j_retry_time": 1.0}  # fmt: skip
        client = Lineage(**settings)
        job(client, between=own.stop)  # the job finishes although the server went away
        client.close()
        err = capsys.readouterr().err
        assert err.count("the run goes on; its lineage is journaled") == 1
        (journal,) = (tmp_path / "journal").glob("*.jsonl")
        kinds = [e.kind for e in read_journal(journal).events]
        assert kinds == ["run_started", "artifact_used", "artifact_logged", "artifact_linked",
                         "run_finished"]  # fmt: skip

        own.start()
        with Lineage(**settings) as after:
            (report,) = sync(after.store, tmp_path / "journal")
            assert (report.synced, report.applied, report.skipped) == (True, 3, 2)
            assert snapshot(after) == reference
    finally:
        own.stop()
