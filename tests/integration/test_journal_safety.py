"""Journals never lose what a run recorded: unreadable lines are kept and block the journal
from being marked synced, a journal dir that cannot be used falls back to a private one, an
empty setting never means the working directory, and journals are private files."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

import graphlineage
from graphlineage.capture.journal import fallback_journal_dir
from graphlineage.capture.sync import sync
from graphlineage.cli.main import cli
from graphlineage.client import Lineage
from graphlineage.core.settings import Settings, default_journal_dir

from .neo4j_test_server import TestServer


def _offline_job(client: Lineage, name: str) -> None:
    with client.init(project="safe", job_type="prep", name=name) as run:
        art = graphlineage.Artifact("data", type="dataset")
        art.add_reference(f"s3://bucket/{name}", digest=f"digest-{name}")
        run.log_artifact(art)


def test_corrupt_line_is_kept_and_the_journal_stays_unsynced(
    clean_db: TestServer, tmp_path: Path
) -> None:
    journal_dir = tmp_path / "journal"
    client = Lineage(clean_db.settings(mode="offline", journal_dir=journal_dir))
    _offline_job(client, "prep-1")
    client.close()
    (journal,) = journal_dir.glob("*.jsonl")
    lines = journal.read_bytes().splitlines()
    broken = b'{"kind": "artifact_logged", "run_id": ' + b"\xff" * 3
    journal.write_bytes(b"\n".join([lines[0], broken, *lines[1:]]) + b"\n")

    result = CliRunner().invoke(cli, ["sync", str(journal_dir)])
    assert result.exit_code == 1 and "NOT synced" in result.output
    assert "unreadable lines kept in" in result.output
    rejected = journal.with_name(journal.name + ".rejected")
    assert rejected.read_bytes() == broken + b"\n"
    assert stat.S_IMODE(rejected.stat().st_mode) == 0o600
    assert journal.exists()  # never renamed *.synced while a line is unreadable
    # the readable events were written all the same, and a second sync changes nothing
    with Lineage(clean_db.settings()) as reader:
        assert reader.run("prep-1", project="safe").status == "finished"
    again = CliRunner().invoke(cli, ["sync", str(journal_dir)])
    assert again.exit_code == 1 and "0 events written" in again.output


def test_journal_dir_that_is_a_file_falls_back(
    clean_db: TestServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_dir = tmp_path / "journal"
    not_a_dir.write_text("I am a file")
    client = Lineage(clean_db.settings(mode="offline", journal_dir=not_a_dir))
    _offline_job(client, "prep-2")  # the job goes on
    client.close()
    err = capsys.readouterr().err
    assert f"cannot write journals in {not_a_dir}" in err
    fallback = fallback_journal_dir()
    assert stat.S_IMODE(fallback.stat().st_mode) == 0o700
    saved = [p for p in fallback.glob("*.jsonl") if b"prep-2" in p.read_bytes()]
    assert len(saved) == 1
    assert stat.S_IMODE(saved[0].stat().st_mode) == 0o600
    assert CliRunner().invoke(cli, ["sync", str(saved[0])]).exit_code == 0


def test_empty_journal_dir_setting_means_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRAPHLINEAGE_JOURNAL_DIR", "")
    assert Settings().journal_dir == default_journal_dir()
    monkeypatch.setenv("GRAPHLINEAGE_JOURNAL_DIR", "   ")
    assert Settings().journal_dir == default_journal_dir()


def test_journals_are_private(clean_db: TestServer, tmp_path: Path) -> None:
    journal_dir = tmp_path / "private"
    client = Lineage(clean_db.settings(mode="offline", journal_dir=journal_dir))
    _offline_job(client, "prep-3")
    client.close()
    assert stat.S_IMODE(journal_dir.stat().st_mode) == 0o700
    for path in journal_dir.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert json.loads(path.read_bytes().splitlines()[0])["kind"] == "run_started"


def test_a_journal_waits_for_the_journal_it_depends_on(
    clean_db: TestServer, tmp_path: Path
) -> None:
    journal_dir = tmp_path / "journal"
    offline = Lineage(clean_db.settings(mode="offline", journal_dir=journal_dir))
    _offline_job(offline, "prep-4")
    with offline.init(project="safe", job_type="train", name="train-4") as run:
        run.use_artifact("data:latest")
        model = graphlineage.Artifact("model", type="model")
        model.add_reference("s3://bucket/model", digest="model-4")
        run.log_artifact(model)
    offline.close()
    prep, train = sorted(journal_dir.glob("*.jsonl"))
    prep.rename(journal_dir / ("z" + prep.name))  # train's journal now comes first

    reports = sync(Lineage(clean_db.settings()).store, journal_dir)
    assert all(report.synced for report in reports)
    by_name = {report.path.name.removeprefix("z"): report for report in reports}
    assert by_name[train.name + ".synced"].applied == 4  # all of it, on the second pass
    with Lineage(clean_db.settings()) as reader:
        trained = reader.run("train-4", project="safe")
        assert trained.status == "finished"
        assert [r.name for r in reader.artifact("safe/model:v0").producers()] == ["train-4"]
        inputs = reader.cypher("MATCH (:Run {name: 'train-4'})-[:USED]->(v) RETURN v.key AS k")
        assert inputs.rows == [{"k": "safe/data:v0"}]


def test_a_misconfiguration_never_breaks_the_job(clean_db: TestServer, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    script = (
        "import graphlineage\n"
        "with graphlineage.init(project='safe', job_type='prep', name='prep-5') as run:\n"
        "    art = graphlineage.Artifact('data', type='dataset')\n"
        "    art.add_reference('s3://bucket/prep-5', digest='digest-prep-5')\n"
        "    run.log_artifact(art)\n"
    )
    env = {**os.environ, **clean_db.env(), "GRAPHLINEAGE_NEO4J_RETRY_TIME": "inf",
           "GRAPHLINEAGE_JOURNAL_DIR": str(tmp_path / "journal")}  # fmt: skip
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("invalid graphlineage settings") == 1
    assert "neo4j_retry_time" in done.stderr and "Traceback" not in done.stderr
    (journal,) = (tmp_path / "journal").glob("*.jsonl")
    assert CliRunner().invoke(cli, ["sync", str(journal)]).exit_code == 0
    with Lineage(clean_db.settings()) as reader:
        assert reader.run("prep-5", project="safe").status == "finished"
