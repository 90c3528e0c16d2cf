"""Versions, dedupe, aliases, registry, run states and bad input, on the real server."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import graphlineage
from graphlineage.client import Lineage
from graphlineage.errors import (
    CycleError,
    GraphlineageError,
    InvalidInputError,
    InvalidRefError,
    NotFoundError,
    RunStateError,
)


def _ref_artifact(name: str, uri: str, type: str = "dataset") -> graphlineage.Artifact:
    art = graphlineage.Artifact(name, type)
    art.add_reference(uri)
    return art


def _graph_counts(lineage: Lineage) -> dict[str, int]:
    with lineage.store.connection.session() as session:
        nodes = session.run("MATCH (n) WHERE NOT n:GraphlineageTestMarker RETURN count(n) AS c")
        n = nodes.single(strict=True)["c"]
        rels = session.run("MATCH ()-[r]->() RETURN count(r) AS c").single(strict=True)["c"]
        props = session.run(
            "MATCH (n) WHERE NOT n:GraphlineageTestMarker RETURN sum(size(keys(n))) AS c"
        ).single(strict=True)["c"]
    return {"nodes": n, "rels": rels, "props": props}


def test_versions_latest_and_dedupe(lineage: Lineage) -> None:
    with lineage.init(project="p", job_type="prep") as first:
        v0 = first.log_artifact(_ref_artifact("data", "s3://b/one"))
        v1 = first.log_artifact(_ref_artifact("data", "s3://b/two"))
    assert (v0.version, v1.version) == ("v0", "v1")
    with lineage.init(project="p", job_type="prep") as second:
        again = second.log_artifact(_ref_artifact("data", "s3://b/one"))
    assert again.key == v0.key  # identical content: no new version
    assert lineage.artifact("p/data:latest").key == v1.key  # latest stays on the newest
    producers = [(r.name, r.id) for r in again.producers()]
    assert [name for name, _ in producers] == [first.name, second.name]
    assert again.logged_by().name == first.name


def test_custom_aliases_are_unique_and_move(lineage: Lineage) -> None:
    with lineage.init(project="p", job_type="prep") as run:
        run.log_artifact(_ref_artifact("data", "s3://b/one"), aliases=["best"])
        run.log_artifact(_ref_artifact("data", "s3://b/two"), aliases=["best", "candidate"])
    best = lineage.artifact("p/data:best")
    assert best.version == "v1"
    assert sorted(best.aliases) == ["best", "candidate", "latest"]
    assert lineage.artifact("p/data:v0").aliases == []


def test_registry_versions_and_moving_aliases(lineage: Lineage, tmp_path: Path) -> None:
    weights = tmp_path / "model.bin"
    with lineage.init(project="p", job_type="train") as run:
        weights.write_bytes(b"first")
        first = run.link_model(str(weights), "Reg", name="m", aliases=["production"])
        weights.write_bytes(b"second")
        second = run.link_model(str(weights), "Reg", name="m", aliases=["staging"])
        again = run.link_artifact(lineage.artifact("p/m:v0"), "Reg", aliases=["staging"])
    assert (first.version, second.version, again.version) == ("v0", "v1", "v0")
    model = lineage.registered_model("Reg")
    assert model.aliases == {"production": "v0", "staging": "v0", "latest": "v1"}
    assert [v.artifact_version for v in model.versions()] == ["p/m:v0", "p/m:v1"]


def test_run_states(lineage: Lineage) -> None:
    run = lineage.init(project="p", job_type="x")
    run.finish(exit_code=3)
    assert lineage.run(run.id).status == "failed"
    assert lineage.run(run.id).exit_code == 3
    with pytest.raises(RuntimeError), lineage.init(project="p", job_type="x") as failing:
        raise RuntimeError("boom")
    assert lineage.run(failing.id).status == "failed"
    with pytest.raises(RunStateError, match="cannot log artifacts after finish"):
        run.log_artifact(_ref_artifact("late", "s3://b/late"))
    with pytest.raises(RunStateError):
        run.use_artifact("late:latest")


def test_not_found_says_what_exists(lineage: Lineage) -> None:
    with lineage.init(project="p", job_type="prep") as run:
        run.log_artifact(_ref_artifact("data", "s3://b/one"), aliases=["gold"])
        with pytest.raises(NotFoundError, match=r"no version or alias 'silver'.*gold.*latest"):
            run.use_artifact("data:silver")
        with pytest.raises(NotFoundError, match=r"v0\.\.v0"):
            run.use_artifact("data:v7")
        with pytest.raises(NotFoundError, match=r"'dta' does not exist.*data"):
            run.use_artifact("dta:latest")
    with pytest.raises(NotFoundError):
        lineage.run("no-such-run")
    with pytest.raises(NotFoundError):
        lineage.registered_model("NoSuchModel")


def test_cycles_are_refused(lineage: Lineage) -> None:
    with lineage.init(project="p", job_type="loop") as run:
        out = run.log_artifact(_ref_artifact("data", "s3://b/one"))
        with pytest.raises(CycleError):
            run.use_artifact(out)
    with lineage.init(project="p", job_type="passthrough") as run:
        run.use_artifact("data:v0")
        with pytest.raises(CycleError):
            run.log_artifact(_ref_artifact("data", "s3://b/one"))


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda lin: lin.init(project=""), InvalidInputError),
        (lambda lin: lin.init(project="has space"), InvalidInputError),
        (lambda lin: lin.init(project="p", config={"lr": math.nan}), InvalidInputError),
        (lambda lin: lin.init(project="p", config={"x": math.inf}), InvalidInputError),
        (lambda lin: lin.init(project="p", config={"o": object()}), InvalidInputError),
        (lambda lin: lin.init(project="p", config=[1, 2]), InvalidInputError),
        (lambda lin: lin.init(project="p", name="a/b"), InvalidInputError),
        (lambda lin: lin.artifact("a:b:c", project="p"), InvalidRefError),
        (lambda lin: lin.artifact("name:", project="p"), InvalidRefError),
        (lambda lin: lin.artifact("p/data:latest"), NotFoundError),
    ],
)
def test_bad_input_writes_nothing(lineage: Lineage, call: object, error: type) -> None:
    before = _graph_counts(lineage)
    with pytest.raises(error) as info:
        call(lineage)  # type: ignore[operator]
    assert isinstance(info.value, GraphlineageError)
    assert str(info.value)
    assert _graph_counts(lineage) == before


def test_bad_input_inside_a_run_writes_nothing(lineage: Lineage, tmp_path: Path) -> None:
    run = lineage.init(project="p", job_type="x")
    before = _graph_counts(lineage)
    with pytest.raises(InvalidInputError, match="file not found"):
        run.log_artifact(str(tmp_path / "missing.bin"))
    with pytest.raises(InvalidRefError):
        run.use_artifact("a:b:c")
    with pytest.raises(InvalidInputError):
        run.log_artifact(_ref_artifact("data", "s3://b/x"), aliases=["v3"])
    run.log_artifact(_ref_artifact("typed", "s3://b/x"))
    mid = _graph_counts(lineage)
    with pytest.raises(InvalidInputError, match="has type 'dataset'"):
        run.log_artifact(_ref_artifact("typed", "s3://b/y", type="model"))
    with pytest.raises(InvalidInputError, match="is of type 'dataset'"):
        run.use_artifact("typed:latest", type="model")
    assert _graph_counts(lineage) == mid
    assert mid["nodes"] > before["nodes"]
    with pytest.raises(InvalidInputError, match="NaN"):  # refused when set, not at finish
        run.summary["loss"] = math.nan
    assert "loss" not in run.summary
    run.finish()


def test_hostile_names_are_just_names(lineage: Lineage) -> None:
    name = "x' }) DETACH DELETE n \\ `"
    run = lineage.init(project="p", name=name, notes="MATCH (n) DETACH DELETE n")
    run.finish()
    assert lineage.run(name, project="p").notes == "MATCH (n) DETACH DELETE n"
    assert _graph_counts(lineage)["nodes"] >= 2
