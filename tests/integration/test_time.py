"""Lineage through time on the real server: questions as of a time (later nodes and edges
absent, aliases and registry aliases where they pointed then), the history of aliases and
nodes, and the refusal of times that cannot be meant (no zone, the future, not a time)."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

import graphlineage
from graphlineage.cli.main import cli
from graphlineage.client import Lineage
from graphlineage.core.answers import LineageResult
from graphlineage.core.change_answers import History
from graphlineage.errors import InvalidInputError, NotFoundError


def _log(lineage: Lineage, tmp_path: Path, run_name: str, job_type: str, artifact: str,
         kind: str, content: bytes, uses: str | None = None,
         link: tuple[str, list[str]] | None = None,
         config: dict[str, object] | None = None) -> None:  # fmt: skip
    with lineage.init(project="shop", job_type=job_type, name=run_name,
                      config=config or {}) as run:  # fmt: skip
        if uses is not None:
            run.use_artifact(uses)
        path = tmp_path / f"{run_name}.bin"
        path.write_bytes(content)
        made = graphlineage.Artifact(artifact, type=kind)
        made.add_file(str(path))
        version = run.log_artifact(made)
        if link is not None:
            run.link_artifact(version, link[0], aliases=link[1])


def _tick() -> datetime:
    """A time strictly between what was written before and what is written after."""
    time.sleep(0.01)
    when = datetime.now(UTC)
    time.sleep(0.01)
    return when


@pytest.fixture
def retrained(lineage: Lineage, tmp_path: Path) -> tuple[Lineage, datetime, datetime]:
    """reviews v0 -> train-1 -> model v0 (Sentiment v0, production); then, after t1, reviews
    v1 -> train-2 -> model v1 (Sentiment v1, production moves). Returns (client, t0, t1):
    t0 before anything, t1 between the two."""
    t0 = _tick()
    _log(lineage, tmp_path, "prep-1", "prepare", "reviews", "dataset", b"reviews, first cut")
    _log(lineage, tmp_path, "train-1", "train", "model", "model", b"weights 1",
         uses="reviews:latest", link=("Sentiment", ["production"]), config={"lr": 0.001})
    t1 = _tick()
    _log(lineage, tmp_path, "prep-2", "prepare", "reviews", "dataset", b"reviews, relabelled")
    _log(lineage, tmp_path, "train-2", "train", "model", "model", b"weights 2",
         uses="reviews:latest", link=("Sentiment", ["production"]), config={"lr": 0.0001})
    return lineage, t0, t1


def test_registry_alias_resolves_to_the_version_that_served_then(
        retrained: tuple[Lineage, datetime, datetime]) -> None:  # fmt: skip
    lineage, t0, t1 = retrained
    assert lineage.node("registry:Sentiment:production").key == "shop/model:v1"
    assert lineage.node("registry:Sentiment:production", as_of=t1).key == "shop/model:v0"
    assert lineage.node("shop/reviews:latest", as_of=t1).key == "shop/reviews:v0"
    assert lineage.node("reviews:latest", as_of=t1.isoformat()).key == "shop/reviews:v0"
    with pytest.raises(NotFoundError, match="as of"):
        lineage.node("registry:Sentiment:production", as_of=t0)
    with pytest.raises(NotFoundError, match="as of"):
        lineage.node("shop/reviews:v1", as_of=t1)
    with pytest.raises(NotFoundError, match="had not started yet"):
        lineage.node("run:shop/train-2", as_of=t1)


def test_ancestry_and_impact_as_of_a_time(retrained: tuple[Lineage, datetime, datetime]
                                          ) -> None:  # fmt: skip
    lineage, _, t1 = retrained
    then = lineage.ancestry("registry:Sentiment:production", as_of=t1)
    assert then.root.ref == "shop/model:v0" and then.as_of == t1
    assert then.refs == ["run:shop/train-1", "shop/reviews:v0", "run:shop/prep-1"]
    now = lineage.ancestry("registry:Sentiment:production")
    assert now.refs == ["run:shop/train-2", "shop/reviews:v1", "run:shop/prep-2"]
    # the registered model itself: only the versions linked by then
    assert lineage.ancestry("registry:Sentiment", max_depth=1, as_of=t1).refs == [
        "shop/model:v0"]  # fmt: skip
    assert lineage.ancestry("registry:Sentiment", max_depth=1).refs == [
        "shop/model:v0", "shop/model:v1"]  # fmt: skip
    impact = lineage.impact("shop/reviews:v0", as_of=t1)
    assert [r.ref for r in impact.registry] == ["registry:Sentiment:v0"]
    assert impact.registry[0].aliases == ["latest", "production"]  # as it was then
    assert lineage.impact("shop/reviews:v0").registry[0].aliases == []  # moved since
    assert lineage.impact_refs("reviews:latest", as_of=t1).root.ref == "shop/reviews:v0"
    pages = list(lineage.ancestry_pages("shop/model:v0", page_size=1, as_of=t1))
    assert [p.nodes[0].ref for p in pages] == then.refs
    with pytest.raises(NotFoundError, match="as of"):
        lineage.ancestry("shop/model:v1", as_of=t1)
    with pytest.raises(NotFoundError, match="as of"):
        lineage.impact("registry:Sentiment:v1", as_of=t1)


def test_path_as_of_a_time(retrained: tuple[Lineage, datetime, datetime]) -> None:
    lineage, _, t1 = retrained
    then = lineage.path("reviews:latest", "registry:Sentiment:production", as_of=t1)
    assert (then.source.ref, then.target.ref) == ("shop/reviews:v0", "shop/model:v0")
    assert then.direction == "downstream" and then.length == 2
    now = lineage.path("reviews:latest", "registry:Sentiment:production")
    assert (now.source.ref, now.target.ref) == ("shop/reviews:v1", "shop/model:v1")
    assert lineage.path("shop/reviews:v0", "registry:Sentiment", as_of=t1).length == 3
    with pytest.raises(NotFoundError, match=r"as of|did not exist yet"):
        lineage.path("shop/reviews:v1", "registry:Sentiment", as_of=t1)
    runner = CliRunner()
    shown = runner.invoke(cli, ["path", "reviews:latest", "registry:Sentiment:production",
                                "--as-of", t1.isoformat()])  # fmt: skip
    assert shown.exit_code == 0 and "shop/reviews:v0 reaches shop/model:v0" in shown.stdout


def test_show_stale_and_listings_as_of_a_time(retrained: tuple[Lineage, datetime, datetime]
                                              ) -> None:  # fmt: skip
    lineage, _, t1 = retrained
    shown = lineage.show("reviews:latest", as_of=t1)
    assert shown.node.ref == "shop/reviews:v0"
    assert {n.ref for n in shown.neighbours.nodes} == {
        "shop/reviews:v0", "run:shop/prep-1", "run:shop/train-1"}  # fmt: skip
    assert len(lineage.show("reviews:v0").neighbours.nodes) == 3  # nothing newer used it
    registry = lineage.show("registry:Sentiment", as_of=t1).neighbours
    assert {n.ref for n in registry.nodes} == {"registry:Sentiment", "shop/model:v0"}
    assert lineage.stale(as_of=t1) == []  # nothing newer existed then
    assert [s.ref for s in lineage.stale()] == ["registry:Sentiment:v0"]
    assert [r.name for r in lineage.runs(project="shop", as_of=t1)] == ["train-1", "prep-1"]
    assert [v.key for v in lineage.artifact_versions(artifact="reviews", as_of=t1)] == [
        "shop/reviews:v0"]  # fmt: skip
    (then,) = lineage.artifact_versions(artifact="reviews", alias="latest", as_of=t1)
    assert then.key == "shop/reviews:v0" and then.aliases == ["latest"]
    assert {a.name: a.aliases for a in lineage.artifacts(as_of=t1)}["reviews"] == {
        "latest": "v0"}  # fmt: skip
    (model,) = lineage.registered_models(as_of=t1)
    assert model.aliases == {"latest": "v0", "production": "v0"}
    assert lineage.registered_models()[0].aliases == {"latest": "v1", "production": "v1"}
    with pytest.raises(InvalidInputError, match="no time zone"):
        lineage.runs(as_of="2026-01-01T00:00")


@pytest.mark.parametrize("bad, message", [
    ("2026-11-01T12:00", "no time zone"),
    (datetime(2026, 11, 1, 12), "no time zone"),
    ("yesterday", "ISO date-time"),
    (datetime.now(UTC) + timedelta(days=1), "in the future"),
    (12, "timezone-aware datetime"),
])  # fmt: skip
def test_times_that_cannot_be_meant_are_refused(
        retrained: tuple[Lineage, datetime, datetime], bad: object,
        message: str) -> None:  # fmt: skip
    lineage, _, _ = retrained
    for ask in (lineage.ancestry, lineage.impact, lineage.history, lineage.node):
        with pytest.raises(InvalidInputError, match=message):
            ask("shop/reviews:v0", as_of=bad)  # type: ignore[operator]


def test_named_query_parses_or_refuses_a_time_inside_a_map(
        retrained: tuple[Lineage, datetime, datetime]) -> None:  # fmt: skip
    lineage, _, t1 = retrained
    ref = {"artifact": "shop/reviews", "index": None, "alias": "latest",
           "as_of": t1.isoformat().replace("+00:00", "Z")}  # fmt: skip
    rows = lineage.query("resolve_artifact_ref", {"ref": ref}).rows
    assert [row["version"]["key"] for row in rows] == ["shop/reviews:v0"]
    for bad, message in (("2026-12-01T13:50:09", "no time zone"), ("soon", "ISO date-time")):
        with pytest.raises(InvalidInputError, match=message):
            lineage.query("resolve_artifact_ref", {"ref": {**ref, "as_of": bad}})
    registry = lineage.query("resolve_registry_ref", {"ref": {
        "model": "Sentiment", "index": None, "alias": "production", "as_of": t1.isoformat()}})
    assert registry.rows == [{"version": "v0", "artifact_version": "shop/model:v0"}]


def test_history_of_a_registry_alias_and_an_artifact_alias(
        retrained: tuple[Lineage, datetime, datetime]) -> None:  # fmt: skip
    lineage, _, t1 = retrained
    production = lineage.history("registry:Sentiment:production")
    assert production.kind == "registry_alias"
    assert [(e.event, e.previous, e.target, e.run) for e in production.entries] == [
        ("alias_set", None, "registry:Sentiment:v0", "run:shop/train-1"),
        ("alias_moved", "registry:Sentiment:v0", "registry:Sentiment:v1", "run:shop/train-2"),
    ]
    assert production.entries[1].detail["artifact_version"] == "shop/model:v1"
    assert len(lineage.history("registry:Sentiment:production", as_of=t1).entries) == 1
    latest = lineage.history("reviews:latest")
    assert [(e.event, e.previous, e.target, e.run) for e in latest.entries] == [
        ("alias_set", None, "shop/reviews:v0", "run:shop/prep-1"),
        ("alias_moved", "shop/reviews:v0", "shop/reviews:v1", "run:shop/prep-2"),
    ]
    with pytest.raises(NotFoundError, match="no version or alias 'staging'"):
        lineage.history("reviews:staging")
    with pytest.raises(NotFoundError, match="no version or alias 'staging'"):
        lineage.history("registry:Sentiment:staging")
    with pytest.raises(NotFoundError, match="no registered model named 'Nope'"):
        lineage.history("registry:Nope:production")


def test_history_of_a_run_a_version_and_a_registered_model(
        retrained: tuple[Lineage, datetime, datetime]) -> None:  # fmt: skip
    lineage, _, _ = retrained
    run = lineage.history("run:shop/train-2")
    assert run.kind == "run" and run.ref == "run:shop/train-2"
    assert [(e.event, e.target) for e in run.entries] == [
        ("started", None), ("used", "shop/reviews:v1"), ("logged", "shop/model:v1"),
        ("linked", "registry:Sentiment:v1"), ("finished", None)]  # fmt: skip
    assert run.entries[-1].detail["status"] == "finished"
    times = [e.at for e in run.entries]
    assert times == sorted(times)
    version = lineage.history("shop/model:v0")
    events = [(e.event, e.target or e.run) for e in version.entries]
    assert events[0] == ("created", "run:shop/train-1")
    assert ("linked", "registry:Sentiment:v0") in events
    assert ("registry_alias_set", "registry:Sentiment:production") in events
    assert ("registry_alias_lost", "registry:Sentiment:production") in events
    assert ("alias_lost", "shop/model:latest") in events
    model = lineage.history("registry:Sentiment")
    assert [e.event for e in model.entries][:2] == ["created", "linked"]
    assert [e.target for e in model.entries if e.event == "linked"] == [
        "registry:Sentiment:v0", "registry:Sentiment:v1"]  # fmt: skip
    # registry:Model:vN is the artifact version linked as vN
    assert lineage.history("registry:Sentiment:v1").ref == "shop/model:v1"
    with pytest.raises(NotFoundError):
        lineage.history("run:shop/nobody")
    with pytest.raises(NotFoundError):
        lineage.history("shop/model:v9")


def test_history_and_as_of_on_the_command_line(retrained: tuple[Lineage, datetime, datetime]
                                               ) -> None:  # fmt: skip
    _, _, t1 = retrained
    runner = CliRunner()
    shown = runner.invoke(cli, ["history", "registry:Sentiment:production"])
    assert shown.exit_code == 0, shown.output
    assert "alias_moved" in shown.stdout and "registry:Sentiment:v0 → registry:Sentiment:v1" \
        in shown.stdout and "run:shop/train-2" in shown.stdout  # fmt: skip
    parsed = History.model_validate_json(
        runner.invoke(cli, ["history", "reviews:latest", "-f", "json"]).stdout)
    assert [e.target for e in parsed.entries] == ["shop/reviews:v0", "shop/reviews:v1"]
    stamp = t1.isoformat().replace("+00:00", "Z")
    answer = runner.invoke(cli, ["ancestry", "registry:Sentiment:production", "--as-of", stamp,
                                 "-f", "json"])  # fmt: skip
    assert answer.exit_code == 0, answer.output
    assert LineageResult.model_validate_json(answer.stdout).refs[0] == "run:shop/train-1"
    table = runner.invoke(cli, ["impact", "reviews:latest", "--as-of", stamp])
    assert f"as of {t1.isoformat()}" in table.stdout and "ALIASES THEN" in table.stdout
    naive = runner.invoke(cli, ["ancestry", "model:v0", "--as-of", "2026-11-01T12:00"])
    assert naive.exit_code == 3 and "no time zone" in naive.output
    assert "Traceback" not in naive.output
    future = runner.invoke(cli, ["impact", "model:v0", "--as-of", "2999-01-01T00:00Z"])
    assert future.exit_code == 3 and "in the future" in future.output
    picture = runner.invoke(cli, ["ancestry", "registry:Sentiment", "--as-of", stamp, "-f",
                                  "mermaid"])  # fmt: skip
    assert picture.exit_code == 0 and "model:v0<br>" in picture.stdout
    assert "model:v1<br>" not in picture.stdout and "train-2" not in picture.stdout
    models = runner.invoke(cli, ["models", "--as-of", stamp, "-f", "json"])
    assert json.loads(models.stdout)[0]["aliases"] == {"latest": "v0", "production": "v0"}
    assert "train-2" not in runner.invoke(cli, ["runs", "--as-of", stamp]).stdout
    shown = runner.invoke(cli, ["show", "registry:Sentiment:production", "--as-of", stamp])
    assert shown.exit_code == 0 and shown.stdout.startswith("shop/model:v0")
    query = runner.invoke(cli, ["query", "resolve_artifact_ref", "-p", "ref=" + json.dumps(
        {"artifact": "shop/reviews", "index": None, "alias": "latest",
         "as_of": "2026-12-01T13:50:09"})])  # fmt: skip
    assert query.exit_code == 3 and "no time zone" in query.output
