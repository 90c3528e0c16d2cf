"""An honest run lifecycle on the real server: a process that ends without ``finish()``
marks its runs (finished, failed, crashed), heartbeats show which running runs died hard
(``runs --stale``), OpenLineage placeholders list as ``--status unknown``, and
``init(id=, resume=, group=)`` behave as in W&B."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

import graphlineage
from graphlineage.cli.main import cli
from graphlineage.client import Lineage
from graphlineage.errors import ConflictError, InvalidInputError, NotFoundError
from graphlineage.ingest.openlineage import parse_event

from .neo4j_test_server import TestServer
from .test_openlineage import PARENT, valid_events


def job(tmp_path: Path, body: str, run_id: str, **env: str) -> subprocess.CompletedProcess[str]:
    """A training script that starts a run with a known id and ends as ``body`` says."""
    script = tmp_path / "job.py"
    script.write_text(textwrap.dedent(f"""
        import os, signal, sys, time
        import graphlineage
        run = graphlineage.init(project="life", id={run_id!r}, job_type="train")
        run.config["started"] = True
    """) + textwrap.dedent(body))
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=120, env={**os.environ, **env})  # fmt: skip


@pytest.mark.parametrize(("body", "status", "exit_code"), [
    ("print('done, no finish()')", "finished", 0),
    ("sys.exit(0)", "finished", 0),
    ("sys.exit(3)", "failed", 3),
    ("raise RuntimeError('boom')", "failed", 1),
    ("raise KeyboardInterrupt", "crashed", 130),
    ("os.kill(os.getpid(), signal.SIGTERM); time.sleep(30)", "crashed", 143),
])  # fmt: skip
def test_a_process_that_ends_without_finish_marks_its_run(
    lineage: Lineage, tmp_path: Path, body: str, status: str, exit_code: int
) -> None:
    run_id = f"exit-{abs(hash(body))}"
    done = job(tmp_path, body, run_id)
    assert "Traceback" not in done.stderr or "boom" in done.stderr or "Keyboard" in done.stderr
    run = lineage.run(run_id)
    assert (run.status, run.exit_code) == (status, exit_code), done.stderr
    assert run.config == {"started": True}
    assert run.ended_at is not None
    if body.startswith("os.kill"):
        assert done.returncode == -signal.SIGTERM  # the signal still ends the process


def test_a_hard_death_shows_as_a_stale_heartbeat(lineage: Lineage, clean_db: TestServer,
                                                 tmp_path: Path) -> None:  # fmt: skip
    done = job(tmp_path, "time.sleep(1.0); os.kill(os.getpid(), signal.SIGKILL)", "killed-1",
               GRAPHLINEAGE_HEARTBEAT="0.2")  # fmt: skip
    assert done.returncode == -signal.SIGKILL
    run = lineage.run("killed-1")
    assert run.status == "running" and run.heartbeat_at is not None
    assert run.started_at is not None and run.heartbeat_at > run.started_at
    with Lineage(clean_db.settings(heartbeat=0.2)) as beating, \
            beating.init(project="life", name="alive"):
        time.sleep(1.2)
        stale = lineage.runs(status="running", stale=timedelta(seconds=1))
        assert [r.id for r in stale] == ["killed-1"]  # the live run keeps beating
    assert lineage.runs(stale=timedelta(days=1)) == []
    runner = CliRunner()
    graphlineage.reset_default_client()
    listed = runner.invoke(cli, ["runs", "--status", "running", "--stale", "1s", "-f", "json"])
    assert listed.exit_code == 0, listed.output
    assert [r["id"] for r in json.loads(listed.output)] == ["killed-1"]
    assert runner.invoke(cli, ["runs", "--stale", "ten minutes"]).exit_code == 2


def test_heartbeats_touch_running_runs_only(clean_db: TestServer) -> None:
    with Lineage(clean_db.settings(heartbeat=0.1)) as lineage:
        run = lineage.init(project="life")
        time.sleep(0.5)
        first = lineage.run(run.id).heartbeat_at
        assert first is not None
        time.sleep(0.3)
        assert lineage.run(run.id).heartbeat_at > first  # type: ignore[operator]
        run.finish()
        ended = lineage.run(run.id).heartbeat_at
        lineage.heartbeat([run.id])  # a late heartbeat does not touch an ended run
        assert lineage.run(run.id).heartbeat_at == ended
    with Lineage(clean_db.settings(heartbeat=0)) as lineage:
        run = lineage.init(project="life")
        time.sleep(0.3)
        assert lineage.run(run.id).heartbeat_at is None
        run.finish()


def test_openlineage_placeholders_list_as_status_unknown(lineage: Lineage) -> None:
    errors = lineage.ingest_openlineage_events([parse_event(e) for e in valid_events()])
    assert errors == [None] * 4
    assert [r.id for r in lineage.runs(status="unknown")] == [PARENT]
    graphlineage.reset_default_client()
    listed = CliRunner().invoke(cli, ["runs", "--status", "unknown", "-f", "json"])
    assert listed.exit_code == 0, listed.output
    assert [r["id"] for r in json.loads(listed.output)] == [PARENT]


def test_resume(lineage: Lineage) -> None:
    first = lineage.init(project="life", id="r-1", config={"lr": 0.1, "epochs": 5},
                         tags=["a"])  # fmt: skip
    first.summary["acc"] = 0.5
    first.finish(1)
    assert lineage.run("r-1").status == "failed"
    with pytest.raises(ConflictError, match="resume='allow'"):
        lineage.init(project="life", id="r-1")
    with pytest.raises(ConflictError):
        lineage.init(project="life", id="r-1", resume="never")
    with pytest.raises(ConflictError, match="belongs to project 'life'"):
        lineage.init(project="other", id="r-1", resume="allow")
    with pytest.raises(NotFoundError):
        lineage.init(project="life", id="nope", resume="must")
    with pytest.raises(InvalidInputError):
        lineage.init(project="life", resume="allow")  # no id
    with pytest.raises(InvalidInputError, match="'auto' is not supported"):
        lineage.init(project="life", id="r-1", resume="auto")

    again = lineage.init(project="life", id="r-1", resume="must", config={"epochs": 10},
                         tags=["resumed"])  # fmt: skip
    assert (again.id, again.name) == ("r-1", first.name)
    assert dict(again.config) == {"lr": 0.1, "epochs": 10}
    assert dict(again.summary) == {"acc": 0.5}
    stored = lineage.run("r-1")
    assert (stored.status, stored.ended_at, stored.exit_code) == ("running", None, None)
    assert stored.tags == ["a", "resumed"] and stored.config["epochs"] == 10
    again.summary["acc"] = 0.9
    again.finish()
    stored = lineage.run("r-1")
    assert (stored.status, stored.summary) == ("finished", {"acc": 0.9})

    fresh = lineage.init(project="life", id="r-2", resume="allow", group="exp-1")
    fresh.finish()
    assert lineage.run("r-2").group == "exp-1"
    with lineage.init(project="life", group="exp-1") as other:
        pass
    assert sorted(r.id for r in lineage.runs(group="exp-1")) == sorted(["r-2", other.id])
    graphlineage.reset_default_client()
    listed = CliRunner().invoke(cli, ["runs", "--group", "exp-1", "-f", "json"])
    assert sorted(r["id"] for r in json.loads(listed.output)) == sorted(["r-2", other.id])


def test_resume_offline_is_settled_by_sync(clean_db: TestServer, tmp_path: Path) -> None:
    with Lineage(clean_db.settings()) as online:
        online.init(project="life", id="off-1", config={"a": 1}).finish()
    journal = tmp_path / "journal"
    with Lineage(clean_db.settings(mode="offline", journal_dir=journal)) as offline:
        run = offline.init(project="life", id="off-1", resume="allow")
        run.config["b"] = 2
        run.finish()
    with Lineage(clean_db.settings()) as online:
        (report,) = online.sync(journal)
        assert report is not None
        stored = online.run("off-1")
        assert stored.status == "finished" and stored.config == {"b": 2}
        assert stored.ended_at is not None
