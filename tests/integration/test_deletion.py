"""Deletion on the real server: the preview writes nothing, versions in use or in the
registry are refused unless forced, aliases must be ended explicitly (a version's latest
moves back), tombstones stay in lineage and leave listings, purges remove the node and
leave a record, deleting twice is refused, deleted versions cannot be used or linked, and
a delete racing with writes never leaves a deleted version with new consumers."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphlineage.cli import demo_data
from graphlineage.cli.main import cli
from graphlineage.client import Lineage
from graphlineage.core.change_answers import DeletionReport
from graphlineage.errors import (
    ConflictError,
    GraphlineageError,
    InvalidInputError,
    NotFoundError,
)

from .neo4j_test_server import TestServer
from .test_time import _log

RAW = "sentiment/reviews-raw:v1"


@pytest.fixture
def demo(lineage: Lineage) -> Lineage:
    demo_data.record(lineage)
    return lineage


def _count(lineage: Lineage, query: str, **params: object) -> int:
    return int(lineage.cypher(query, params).rows[0]["n"])


def test_the_preview_names_what_would_lose_its_lineage_and_writes_nothing(demo: Lineage
                                                                          ) -> None:  # fmt: skip
    before = _count(demo, "MATCH (n) WHERE n.deleted_at IS NOT NULL RETURN count(n) AS n")
    preview = demo.delete(RAW)
    assert preview.dry_run and not preview.deleted and preview.kind == "artifact_version"
    assert preview.consumers == ["run:sentiment/preprocess-1-0"]
    assert "sentiment/sentiment-model:v2" in preview.downstream
    assert "registry:Sentiment" in preview.downstream and preview.downstream_total == 9
    assert preview.blockers == ["runs used it: run:sentiment/preprocess-1-0 (force to delete it)"]
    model = demo.delete("registry:Sentiment:production")
    assert model.registry_links == ["registry:Sentiment:v2"]
    assert model.registry_aliases == ["registry:Sentiment:production"]
    assert len(model.blockers) == 3  # used by eval-finetune, linked, aliased
    assert demo.delete("registry:Sentiment").registry_links == [
        f"registry:Sentiment:v{i}" for i in range(4)]  # fmt: skip
    with pytest.raises(ConflictError, match="runs used it"):
        demo.delete(RAW, dry_run=False)
    after = _count(demo, "MATCH (n) WHERE n.deleted_at IS NOT NULL RETURN count(n) AS n")
    assert before == after == 0


def test_a_soft_delete_keeps_a_tombstone_in_lineage(demo: Lineage) -> None:
    done = demo.delete(RAW, dry_run=False, force=True, reason="PII", by="ana")
    assert done.deleted and not done.purge
    node = {n.ref: n for n in demo.ancestry("registry:Sentiment:production").nodes}[RAW]
    assert node.deleted_at is not None  # descendants keep an honest history
    shown = demo.show(RAW)
    assert shown.node.deleted_at is not None
    assert [e.event for e in demo.history(RAW).entries][-1] == "deleted"
    assert demo.history(RAW).entries[-1].detail == {"by": "ana", "reason": "PII"}
    assert RAW not in [v.key for v in demo.artifact_versions(artifact="reviews-raw")]
    assert RAW not in [n.ref for n in demo.search("reviews-raw")]
    with pytest.raises(ConflictError, match="deleted already"):
        demo.delete(RAW, dry_run=False, force=True)  # twice
    # a tombstone is neither used nor linked
    with demo.init(project="sentiment", job_type="preprocess", name="late") as run, \
            pytest.raises(NotFoundError):  # fmt: skip
        run.use_artifact("reviews-raw:v1")
    assert _count(demo, "MATCH (:Run)-[u:USED]->(:ArtifactVersion {key: $k}) RETURN count(u) AS n",
                  k=RAW) == 1  # fmt: skip


def test_aliases_must_be_ended_and_latest_moves_back(demo: Lineage) -> None:
    with pytest.raises(ConflictError, match="aliases point at it"):
        demo.delete("registry:Sentiment:production", dry_run=False, force=True)
    assert demo.node("registry:Sentiment:production").key == "sentiment/sentiment-model:v2"
    demo.delete("registry:Sentiment:production", dry_run=False, force=True,
                delete_aliases=True)  # fmt: skip
    with pytest.raises(NotFoundError):
        demo.node("registry:Sentiment:production")
    moves = demo.history("registry:Sentiment:production").entries
    assert moves[-1].detail["until"] is not None  # the history keeps where it pointed
    # the newest version of reviews-raw goes: latest moves to the newest one left
    demo.delete("sentiment/reviews-raw:v2", dry_run=False, force=True)
    assert demo.node("reviews-raw:latest").key == RAW
    assert "sentiment/reviews-raw:latest" in demo.delete(RAW).aliases


def test_a_purge_removes_the_node_and_the_history_keeps_a_record(demo: Lineage) -> None:
    demo.delete(RAW, dry_run=False, force=True)  # a tombstone first: it can still be purged
    purged = demo.delete(RAW, dry_run=False, force=True, purge=True, reason="must go")
    assert purged.deleted and purged.purge
    assert _count(demo, "MATCH (v:ArtifactVersion {key: $k}) RETURN count(v) AS n", k=RAW) == 0
    assert _count(demo, "MATCH (f:Flag) RETURN count(f) AS n") == 0  # its flag went with it
    (entry,) = demo.history(RAW).entries
    assert entry.event == "purged" and entry.detail["reason"] == "must go"
    assert RAW not in demo.ancestry("registry:Sentiment:production").refs
    with pytest.raises(NotFoundError, match="was purged"):
        demo.delete(RAW, dry_run=False, purge=True, force=True)  # twice
    with pytest.raises(NotFoundError, match="was purged"):
        demo.delete("reviews-raw:v1")


def test_runs_and_registered_models(demo: Lineage, tmp_path: Path) -> None:
    run = demo.init(project="sentiment", job_type="train", name="still-going")
    with pytest.raises(ConflictError, match="still running"):
        demo.delete("run:sentiment/still-going", dry_run=False)
    demo.delete("run:sentiment/still-going", dry_run=False, force=True)
    run.finish()
    assert "still-going" not in [r.name for r in demo.runs(project="sentiment")]
    with pytest.raises(ConflictError, match="lose their producer"):
        demo.delete("run:sentiment/ingest-2026-03", dry_run=False, purge=True)
    tomb = demo.delete("run:sentiment/ingest-2026-03", dry_run=False)
    assert tomb.outputs == ["sentiment/reviews-raw:v2"]
    assert demo.ancestry("sentiment/reviews-raw:v2").nodes[0].deleted_at is not None
    with pytest.raises(ConflictError, match="linked into the registry"):
        demo.delete("registry:Sentiment", dry_run=False)
    demo.delete("registry:Sentiment", dry_run=False, force=True, delete_aliases=True)
    assert "Sentiment" not in [m.name for m in demo.registered_models()]
    assert demo.show("registry:Sentiment").node.deleted_at is not None
    with pytest.raises(NotFoundError):
        demo.node("registry:Sentiment:staging")  # its aliases ended


def test_a_delete_racing_with_writes(clean_db: TestServer, lineage: Lineage, tmp_path: Path
                                     ) -> None:  # fmt: skip
    _log(lineage, tmp_path, "prep", "prepare", "data", "dataset", b"data")
    outcome: dict[str, object] = {}
    failures: list[BaseException] = []

    def consumer() -> None:
        with Lineage(clean_db.settings()) as client:
            for i in range(8):
                try:
                    with client.init(project="shop", job_type="train", name=f"t-{i}") as job:
                        job.use_artifact("data:v0")
                except NotFoundError:
                    pass  # deleted before this run used it
                except BaseException as exc:
                    failures.append(exc)

    def deleter() -> None:
        with Lineage(clean_db.settings()) as client:
            try:
                outcome["report"] = client.delete("shop/data:v0", dry_run=False)
            except ConflictError as exc:
                outcome["refused"] = exc
            except BaseException as exc:
                failures.append(exc)

    threads = [threading.Thread(target=consumer), threading.Thread(target=deleter)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    consumers = _count(lineage, "MATCH (:Run)-[u:USED]->(:ArtifactVersion {key: $k}) "
                       "RETURN count(u) AS n", k="shop/data:v0")  # fmt: skip
    deleted = lineage.show("shop/data:v0").node.deleted_at is not None
    if "report" in outcome:  # it had no consumers when it went, and got none after
        assert deleted and consumers == 0
    else:
        assert not deleted and consumers >= 1


def test_delete_on_the_command_line(demo: Lineage) -> None:
    runner = CliRunner()
    preview = runner.invoke(cli, ["delete", RAW, "--dry-run", "-f", "json"])
    assert preview.exit_code == 0
    assert DeletionReport.model_validate_json(preview.stdout).consumers == [
        "run:sentiment/preprocess-1-0"]  # fmt: skip
    refused = runner.invoke(cli, ["delete", RAW, "--yes"])
    assert refused.exit_code == 5 and "Refused as asked" in refused.stdout
    unconfirmed = runner.invoke(cli, ["delete", RAW, "--force"])  # no terminal, no --yes
    assert unconfirmed.exit_code == 1 and "pass --yes" in unconfirmed.stdout
    assert demo.show(RAW).node.deleted_at is None
    done = runner.invoke(cli, ["delete", RAW, "--force", "--yes", "--reason", "PII"])
    assert done.exit_code == 0 and "Deleted sentiment/reviews-raw:v1" in done.stdout
    assert "DELETED" in runner.invoke(cli, ["ancestry", "registry:Sentiment:production"]).stdout
    again = runner.invoke(cli, ["delete", RAW, "--force", "--yes"])
    assert again.exit_code == 5 and "deleted already" in again.stdout
    purged = runner.invoke(cli, ["delete", RAW, "--force", "--yes", "--purge"])
    assert purged.exit_code == 0 and "Purged" in purged.stdout
    gone = runner.invoke(cli, ["delete", RAW, "--force", "--yes", "--purge"])
    assert gone.exit_code == 4 and "was purged" in gone.output and "Traceback" not in gone.output
    unknown = runner.invoke(cli, ["delete", "run:sentiment/nobody"])
    assert unknown.exit_code == 4


def test_errors_are_graphlineage_errors(demo: Lineage) -> None:
    for bad in ({"dry_run": "no"}, {"purge": 1}, {"reason": ""}, {"by": " "}):
        with pytest.raises(GraphlineageError):
            demo.delete(RAW, **bad)  # type: ignore[arg-type]


def test_a_whole_artifact(demo: Lineage) -> None:
    preview = demo.delete("sentiment/reviews-raw", artifact=True)
    assert preview.kind == "artifact" and preview.versions == [
        "sentiment/reviews-raw:v0", "sentiment/reviews-raw:v1", "sentiment/reviews-raw:v2"]
    assert preview.consumers == ["run:sentiment/eval-mar", "run:sentiment/preprocess-0-0",
                                 "run:sentiment/preprocess-1-0", "run:sentiment/preprocess-2-1"]
    assert "registry:Sentiment" in preview.downstream and preview.blockers
    with pytest.raises(ConflictError, match="runs used it"):
        demo.delete("reviews-raw", artifact=True, dry_run=False)
    with pytest.raises(InvalidInputError, match="no version or alias"):
        demo.delete("reviews-raw:v1", artifact=True)
    done = demo.delete("reviews-raw", artifact=True, dry_run=False, force=True, reason="PII")
    assert done.deleted
    assert "reviews-raw" not in [a.name for a in demo.artifacts(project="sentiment")]
    assert demo.artifact_versions(artifact="reviews-raw") == []
    up = {n.ref: n for n in demo.ancestry("registry:Sentiment:production").nodes}
    assert up["sentiment/reviews-raw:v1"].deleted_at is not None
    with pytest.raises(NotFoundError):
        demo.node("reviews-raw:latest")  # its aliases ended
    with pytest.raises(ConflictError, match="deleted already"):
        demo.delete("reviews-raw", artifact=True, dry_run=False, force=True)
    demo.delete("reviews-raw", artifact=True, dry_run=False, force=True, purge=True)
    assert _count(demo, "MATCH (v:ArtifactVersion {artifact: $a}) RETURN count(v) AS n",
                  a="sentiment/reviews-raw") == 0  # fmt: skip
    assert [e.event for e in demo.history("sentiment/reviews-raw:v2").entries] == ["purged"]
    with pytest.raises(NotFoundError, match="was purged"):
        demo.delete("sentiment/reviews-raw", artifact=True)
    runner = CliRunner()
    shown = runner.invoke(cli, ["delete", "sentiment/labels", "--artifact", "--dry-run"])
    assert shown.exit_code == 0 and "versions: sentiment/labels:v0" in shown.stdout
