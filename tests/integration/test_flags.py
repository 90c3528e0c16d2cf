"""Flags on the real server: the demo's flagged raw dataset taints everything downstream
(show, impact, stale, flags, with the path), lifting a flag keeps it in the history and
as-of answers, bad input is refused with nothing written, and flags racing with writes
lose nothing."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import TypeAdapter

import graphlineage
from graphlineage.cli import demo_data
from graphlineage.cli.main import cli
from graphlineage.client import Lineage
from graphlineage.core.answers import FlagReach
from graphlineage.errors import InvalidInputError, NotFoundError

from .neo4j_test_server import TestServer

BAD = demo_data.BAD_DATASET  # sentiment/reviews-raw:v1, flagged by the demo


@pytest.fixture
def demo(lineage: Lineage) -> Lineage:
    demo_data.record(lineage)
    return lineage


def test_the_flagged_dataset_taints_what_is_downstream(demo: Lineage) -> None:
    (reach,) = demo.flags()
    assert reach.flag.ref == BAD and reach.flag.by == "demo" and reach.flag.severity == "error"
    assert [(r["model"], r["version"], r["aliases"]) for r in reach.registry] == [
        ("Sentiment", "v1", []), ("Sentiment", "v2", ["production"])]  # fmt: skip
    shown = demo.show("registry:Sentiment:production")
    (taint,) = shown.tainted_by
    assert taint.flag.id == reach.flag.id and taint.distance == 4
    assert taint.path == [BAD, "run:sentiment/preprocess-1-0", "sentiment/reviews-clean:v1",
                          "run:sentiment/finetune-feb", "sentiment/sentiment-model:v2"]  # fmt: skip
    assert [t.distance for t in demo.show(BAD).tainted_by] == [0]
    assert demo.show("registry:Sentiment:v0").tainted_by == []  # upstream of the flag only
    assert demo.show("run:sentiment/finetune-feb").tainted_by[0].distance == 3
    assert demo.impact(BAD).tainted_by[0].path == [BAD]
    assert demo.impact("sentiment/reviews-clean:v1").tainted_by[0].distance == 2
    assert demo.impact("sentiment/reviews-raw:v0").tainted_by == []
    stale = {entry.ref: entry.tainted_by for entry in demo.stale("Sentiment")}
    assert stale["registry:Sentiment:v0"] == []
    assert [t.flag.ref for t in stale["registry:Sentiment:v2"]] == [BAD]
    assert demo.tainted_by("registry:Sentiment:v1")[0].flag.reason.startswith("label noise")
    models = {m.name: m for m in demo.registered_models()}
    assert models["Sentiment"].tainted == {"production": [BAD]}
    assert models["MNIST-dev"].tainted == {}
    listed = CliRunner().invoke(cli, ["models"]).stdout
    assert "production by sentiment/reviews-raw:v1" in listed


def test_lifting_keeps_the_history(demo: Lineage) -> None:
    before = datetime.now(UTC)
    time.sleep(0.01)
    (lifted,) = demo.unflag(BAD, reason="relabelled", by="ana")
    assert lifted.lifted_by == "ana" and lifted.lift_reason == "relabelled"
    assert demo.flags() == [] and demo.show("registry:Sentiment:production").tainted_by == []
    (old,) = demo.flags(active=False)
    assert old.flag.lifted_at is not None
    assert [r.flag.id for r in demo.flags(as_of=before)] == [lifted.id]
    assert demo.tainted_by("registry:Sentiment:production", as_of=before)[0].flag.id == lifted.id
    events = [(e.event, e.detail.get("by")) for e in demo.history(BAD).entries]
    assert events[-2:] == [("flagged", "demo"), ("unflagged", "ana")]
    with pytest.raises(NotFoundError, match="no active flag"):
        demo.unflag(BAD)  # twice
    again = demo.flag(BAD, "still noisy", severity="warning")
    assert again.severity == "warning" and again.by  # the user's name by default
    with pytest.raises(NotFoundError, match="no active flag 'nope'"):
        demo.unflag(BAD, flag_id="nope")
    assert [f.id for f in demo.unflag(BAD, flag_id=again.id)] == [again.id]
    # the demo does not flag again what was flagged once
    demo_data.record(demo)
    assert demo.flags() == []


def test_bad_flags_are_refused_and_write_nothing(demo: Lineage) -> None:
    count = len(demo.flags(active=False))
    for ref, kwargs, error, message in [
        ("sentiment/reviews-raw:v9", {}, NotFoundError, "no artifact version"),
        ("sentiment/reviews-raw:v1", {"reason": " "}, InvalidInputError, "non-empty"),
        ("sentiment/reviews-raw:v1", {"severity": "fatal"}, InvalidInputError, "severity"),
        ("sentiment/reviews-raw:v1", {"by": ""}, InvalidInputError, "by must name"),
        ("sentiment/reviews-raw:v1", {"reason": "x" * 3000}, InvalidInputError, "too long"),
        ("registry:Sentiment", {}, InvalidInputError, "run or an artifact version"),
        ("run:sentiment/nobody", {}, NotFoundError, "no run"),
        ("sentiment/reviews-raw:v1:x", {}, InvalidInputError, "."),
    ]:  # fmt: skip
        with pytest.raises(error, match=message):
            demo.flag(ref, **{"reason": "bad", **kwargs})  # type: ignore[arg-type]
    with pytest.raises(NotFoundError):
        demo.unflag("sentiment/reviews-raw:v9")
    with pytest.raises(InvalidInputError, match="no time zone"):
        demo.flags(as_of="2026-01-01T00:00")
    assert len(demo.flags(active=False)) == count


def test_flags_racing_with_writes(clean_db: TestServer, lineage: Lineage, tmp_path: Path
                                  ) -> None:  # fmt: skip
    with lineage.init(project="race", job_type="ingest", name="ingest") as run:
        data = graphlineage.Artifact("raw", type="dataset")
        (tmp_path / "raw").write_bytes(b"raw")
        data.add_file(str(tmp_path / "raw"))
        run.log_artifact(data)
    errors: list[BaseException] = []

    def writer(worker: int) -> None:
        try:
            with Lineage(clean_db.settings()) as client:
                for i in range(6):
                    with client.init(project="race", job_type="train",
                                     name=f"train-{worker}-{i}") as job:  # fmt: skip
                        job.use_artifact("raw:v0")
                        out = tmp_path / f"m-{worker}-{i}"
                        out.write_bytes(f"{worker}-{i}".encode())
                        job.log_artifact(str(out), name=f"model-{worker}", type="model")
        except BaseException as exc:
            errors.append(exc)

    def flagger() -> None:
        try:
            with Lineage(clean_db.settings()) as client:
                for i in range(10):
                    client.flag("race/raw:v0", f"reason {i}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(2)]
    threads.append(threading.Thread(target=flagger))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(lineage.flags()) == 10
    count = lineage.cypher("MATCH (v:ArtifactVersion {key: $key}) RETURN v.flag_count AS n",
                           {"key": "race/raw:v0"})
    assert count.rows == [{"n": 10}]
    for worker in range(2):
        for i in range(6):
            taints = lineage.tainted_by(f"race/model-{worker}:v{i}")
            assert len(taints) == 10 and {t.distance for t in taints} == {2}
    assert len(lineage.unflag("race/raw:v0")) == 10


def test_flags_on_the_command_line(demo: Lineage) -> None:
    runner = CliRunner()
    listed = TypeAdapter(list[FlagReach]).validate_json(
        runner.invoke(cli, ["flags", "-f", "json"]).stdout)
    assert [r.flag.ref for r in listed] == [BAD]
    shown = runner.invoke(cli, ["show", "registry:Sentiment:production"])
    assert "TAINTED by error flag on sentiment/reviews-raw:v1" in shown.stdout
    lifted = runner.invoke(cli, ["unflag", BAD, "--reason", "relabelled"])
    assert lifted.exit_code == 0 and "Lifted" in lifted.stdout
    again = runner.invoke(cli, ["unflag", BAD])
    assert again.exit_code == 4 and "no active flag" in again.output
    made = runner.invoke(cli, ["flag", "run:sentiment/preprocess-1-0", "--reason", "bug",
                               "--severity", "warning", "--by", "ci"])  # fmt: skip
    assert made.exit_code == 0, made.output
    assert "taints registry:Sentiment:v2 (production)" in made.stdout
    table = runner.invoke(cli, ["flags", "--all"]).stdout
    assert "run:sentiment/preprocess-1-0" in table and "lifted" in table
    bad = runner.invoke(cli, ["flag", "registry:Sentiment", "--reason", "x"])
    assert bad.exit_code == 3 and "Traceback" not in bad.output
    missing_reason = runner.invoke(cli, ["flag", BAD])
    assert missing_reason.exit_code == 2
