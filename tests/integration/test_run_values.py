"""Config, summary and tags on the real server: changed after ``init`` and persisted, stored
as searchable ``config.*`` / ``summary.*`` properties, and found by ``runs(config=...,
summary=..., tags=...)`` with W&B's MongoDB-style operators, typed and exact; the CLI's
``runs --config/--summary/--tag`` and ``tag``."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import graphlineage
from graphlineage.capture import run as run_module
from graphlineage.cli.main import cli
from graphlineage.client import Lineage
from graphlineage.errors import InvalidInputError, RunStateError


def props(lineage: Lineage, run_id: str) -> dict[str, Any]:
    rows = lineage.cypher("MATCH (r:Run {id: $id}) RETURN properties(r) AS p", {"id": run_id})
    return dict(rows.rows[0]["p"])


def values(lineage: Lineage, run_id: str, prefix: str) -> dict[str, Any]:
    return {k: v for k, v in props(lineage, run_id).items() if k.startswith(prefix)}


def test_config_changes_after_init_are_persisted(lineage: Lineage) -> None:
    run = lineage.init(project="p", config={"a": 1, "opt": {"lr": 0.1, "name": "adam"}})
    assert values(lineage, run.id, "config.") == {
        "config.a": 1, "config.opt.lr": 0.1, "config.opt.name": "adam"}
    run.config["b"] = 2
    run.config.update({"c": [1, 2], "mixed": [1, "x"]}, allow_val_change=True)
    run.config.d = "four"
    del run.config["a"]
    stored = lineage.run(run.id)
    assert stored.config == {"opt": {"lr": 0.1, "name": "adam"}, "b": 2, "c": [1, 2],
                             "mixed": [1, "x"], "d": "four"}
    assert values(lineage, run.id, "config.") == {
        "config.opt.lr": 0.1, "config.opt.name": "adam", "config.b": 2, "config.c": [1, 2],
        "config.d": "four"}  # a mixed list stays in the JSON text only
    run.finish()
    with pytest.raises(RunStateError):
        run.config["late"] = 1
    assert "late" not in run.config
    assert lineage.run(run.id).config["b"] == 2


def test_bad_values_are_refused_before_anything_changes(lineage: Lineage) -> None:
    run = lineage.init(project="p", config={"a": 1})
    with pytest.raises(InvalidInputError):
        run.config["nan"] = float("nan")
    with pytest.raises(InvalidInputError):
        run.summary.update({"x": object()})
    with pytest.raises(InvalidInputError):
        run.log({1: 2})  # type: ignore[dict-item]
    assert dict(run.config) == {"a": 1} and dict(run.summary) == {}
    assert lineage.run(run.id).config == {"a": 1}
    run.finish()


def test_summary_and_log(lineage: Lineage, monkeypatch: pytest.MonkeyPatch) -> None:
    run = lineage.init(project="p")
    run.summary["held"] = 1  # within LOG_SYNC_SECONDS of the start: held until later
    assert lineage.run(run.id).summary == {}
    monkeypatch.setattr(run_module, "LOG_SYNC_SECONDS", 0.0)
    run.summary["best"] = 0.5
    assert lineage.run(run.id).summary == {"held": 1, "best": 0.5}
    run.log({"loss": 1.0, "acc": 0.5})
    assert lineage.run(run.id).summary == {"held": 1, "best": 0.5, "loss": 1.0, "acc": 0.5}
    monkeypatch.setattr(run_module, "LOG_SYNC_SECONDS", 3600.0)
    run.log({"loss": 0.5, "acc": 0.75})  # held back: sent at most every LOG_SYNC_SECONDS
    run.log({"loss": 0.25})
    assert lineage.run(run.id).summary["loss"] == 1.0
    run.finish()
    assert lineage.run(run.id).summary == {"held": 1, "best": 0.5, "loss": 0.25, "acc": 0.75}
    assert values(lineage, run.id, "summary.") == {
        "summary.held": 1, "summary.best": 0.5, "summary.loss": 0.25, "summary.acc": 0.75}


@pytest.fixture
def sweep(lineage: Lineage) -> dict[str, str]:
    """Runs with typed configs and summaries, by name."""
    specs = {
        "r1": ({"optimizer": "adam", "lr": 0.1, "layers": 2, "flag": True}, {"acc": 0.9},
               ["baseline"]),
        "r2": ({"optimizer": "sgd", "lr": 0.01, "layers": 3, "flag": False}, {"acc": 0.95},
               ["baseline", "big"]),
        "r3": ({"optimizer": "adam", "lr": 0.001, "layers": "3", "nested": {"k": 1}},
               {"acc": 0.5}, []),
        "r4": ({"optimizer": "adam", "lr": 1, "layers": 1}, {}, ["big"]),
    }  # fmt: skip
    ids = {}
    for name, (config, summary, tags) in specs.items():
        with lineage.init(project="sweep", name=name, config=config, tags=tags) as run:
            run.summary.update(summary)
        ids[name] = run.id
    return ids


def names(lineage: Lineage, **filters: Any) -> list[str]:
    return sorted(r.name for r in lineage.runs(project="sweep", **filters))


@pytest.mark.parametrize(("config", "summary", "expected"), [
    ({"optimizer": "adam"}, None, ["r1", "r3", "r4"]),
    ({"optimizer": {"$eq": "adam"}, "lr": {"$gt": 0.01}}, None, ["r1", "r4"]),
    ({"lr": {"$gte": 0.01, "$lt": 1}}, None, ["r1", "r2"]),
    ({"lr": {"$lte": 0.01}}, None, ["r2", "r3"]),
    ({"lr": 1.0}, None, ["r4"]),  # numbers compare as numbers: 1 == 1.0
    ({"layers": 3}, None, ["r2"]),  # typed: the string "3" is not the number 3
    ({"layers": "3"}, None, ["r3"]),
    ({"layers": {"$gt": "2"}}, None, ["r3"]),  # strings order with strings only
    ({"flag": True}, None, ["r1"]),
    ({"flag": 1}, None, []),  # a boolean is not a number
    ({"optimizer": {"$ne": "adam"}}, None, ["r2"]),
    ({"flag": {"$ne": True}}, None, ["r2", "r3", "r4"]),  # $ne matches a missing value
    ({"optimizer": {"$in": ["sgd", "rmsprop"]}}, None, ["r2"]),
    ({"layers": {"$nin": [1, 2]}}, None, ["r2", "r3"]),
    ({"flag": {"$exists": True}}, None, ["r1", "r2"]),
    ({"flag": {"$exists": False}}, None, ["r3", "r4"]),
    ({"flag": None}, None, ["r3", "r4"]),
    ({"nested.k": 1}, None, ["r3"]),
    ({"nested": {"k": {"$gte": 1}}}, None, ["r3"]),
    (None, {"acc": 0.9}, ["r1"]),  # exact: 0.9 does not match 0.95
    (None, {"acc": {"$gte": 0.9}}, ["r1", "r2"]),
    ({"optimizer": "adam"}, {"acc": {"$lt": 0.9}}, ["r3"]),
    (None, {"acc": {"$exists": False}}, ["r4"]),
])  # fmt: skip
def test_mongo_style_filters(lineage: Lineage, sweep: dict[str, str], config: Any,
                             summary: Any, expected: list[str]) -> None:  # fmt: skip
    assert names(lineage, config=config, summary=summary) == expected


def test_tags_filter_add_and_remove(lineage: Lineage, sweep: dict[str, str]) -> None:
    assert names(lineage, tags=["baseline"]) == ["r1", "r2"]
    assert names(lineage, tags=["baseline", "big"]) == ["r2"]
    assert names(lineage, tags=["big"], config={"optimizer": "adam"}) == ["r4"]
    # the runs are finished: tags still change (as W&B's public API allows)
    after = lineage.tag_run("sweep/r3", add=["baseline", "new", "new"], remove=["absent"])
    assert after.tags == ["baseline", "new"]
    after = lineage.tag_run(sweep["r1"], remove=["baseline"])
    assert after.tags == []
    assert names(lineage, tags=["baseline"]) == ["r2", "r3"]
    with lineage.init(project="sweep", name="live", tags=["a"]) as run:
        run.tags = (*run.tags, "b")
        run.tags = ["b", "c"]
        assert run.tags == ("b", "c")
    assert lineage.run("sweep/live").tags == ["b", "c"]


@pytest.mark.parametrize("bad", [
    {"lr": {"$regex": "x"}}, {"$or": [{"lr": 1}]}, {"lr": {"$gt": True}},
    {"lr": {"$gt": [1]}}, {"lr": {"$in": 1}}, {"lr": {"$exists": 1}}, {"lr": {"$gt": None}},
    {"lr": {"$eq": {"a": 1}}}, {"lr": {"$in": [{"a": 1}]}}, {"lr": {"$eq": 2**70}},
    {"lr": {"$gt": float("nan")}}, {"": 1}, {"lr": {"$gt": 1, "k": 2}}, [("lr", 1)],
])  # fmt: skip
def test_bad_filters_are_refused(lineage: Lineage, bad: Any) -> None:
    with pytest.raises(InvalidInputError):
        lineage.runs(config=bad)


_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5)
_specs = st.dictionaries(
    st.text(max_size=6),
    _scalars | st.lists(_scalars, max_size=3)
    | st.dictionaries(st.sampled_from(["$eq", "$ne", "$gt", "$in", "$nin", "$exists",
                                       "$lte", "$x", "k"]),
                      _scalars | st.lists(_scalars, max_size=3), max_size=3),
    max_size=3,
)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(spec=_specs)
def test_generated_filters_answer_or_refuse(lineage: Lineage, spec: dict[str, Any]) -> None:
    with contextlib.suppress(InvalidInputError):  # anything else (a crash) fails
        lineage.runs(config=spec, summary=spec)


def test_cli_runs_filters_and_tag(lineage: Lineage, sweep: dict[str, str]) -> None:
    graphlineage.reset_default_client()
    runner = CliRunner()

    def listed(*args: str) -> list[str]:
        done = runner.invoke(cli, ["runs", "--project", "sweep", "-f", "json", *args])
        assert done.exit_code == 0, done.output
        return sorted(r["name"] for r in json.loads(done.output))

    assert listed("--config", "lr>0.01", "--summary", "acc>=0.9", "--tag", "baseline") == ["r1"]
    assert listed("--config", "optimizer=adam", "--config", "lr<1") == ["r1", "r3"]
    assert listed("--config", "layers=\"3\"") == ["r3"]
    assert listed("--config", "layers=3") == ["r2"]
    assert listed("--config", "flag") == ["r1", "r2"]
    assert listed("--config", "!flag") == ["r3", "r4"]
    assert listed("--config", '{"optimizer": {"$in": ["sgd"]}}') == ["r2"]
    assert listed("--summary", "acc!=0.9") == ["r2", "r3", "r4"]
    bad = runner.invoke(cli, ["runs", "--config", ">0.1"])
    assert bad.exit_code == InvalidInputError.exit_code, bad.output
    tagged = runner.invoke(cli, ["tag", "sweep/r4", "--add", "baseline", "--remove", "big"])
    assert tagged.exit_code == 0, tagged.output
    assert "run:sweep/r4: tags baseline" in tagged.output
    assert listed("--tag", "baseline") == ["r1", "r2", "r4"]
    assert runner.invoke(cli, ["tag", "sweep/r4"]).exit_code == 2


def test_keys_neo4j_cannot_name_stay_in_the_json(lineage: Lineage) -> None:
    with lineage.init(project="p", config={"k\x00": 1, "ok": 2}) as run:
        run.summary.update({"s\x00": {"deep": 1}, "fine": 3})
    stored = lineage.run(run.id)
    assert stored.config == {"k\x00": 1, "ok": 2} and stored.summary["s\x00"] == {"deep": 1}
    assert values(lineage, run.id, "config.") == {"config.ok": 2}
    assert values(lineage, run.id, "summary.") == {"summary.fine": 3}
