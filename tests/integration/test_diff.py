"""diff(a, b) on the real server: a model retrained on a changed dataset (changed inputs,
runs paired by job type with their config and code differences, the depths where the
ancestries differ and meet), bad input, the command line, and exactness against networkx
on generated diamonds, chains and a random DAG."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from graphlineage.cli.main import cli
from graphlineage.client import Lineage
from graphlineage.core.change_answers import AncestryDiff, ConfigChange
from graphlineage.errors import InvalidInputError, NotFoundError

from .generated_graphs import GeneratedGraph, chain, diamonds, random_dag
from .neo4j_test_server import TestServer
from .test_time import _log


@pytest.fixture
def two_models(lineage: Lineage, tmp_path: Path) -> Lineage:
    """reviews v0 -> clean-1 -> reviews-clean v0 -> train-1 -> model v0 (Sentiment v0), and
    reviews v1 -> clean-2 -> reviews-clean v1 -> train-2 -> model v1 (Sentiment v1); both
    trainings use tokenizer v0."""
    _log(lineage, tmp_path, "tok", "tokenizer", "tokenizer", "tokenizer", b"bpe")
    _log(lineage, tmp_path, "prep-1", "prepare", "reviews", "dataset", b"reviews 1")
    _log(lineage, tmp_path, "clean-1", "preprocess", "reviews-clean", "dataset", b"clean 1",
         uses="reviews:v0", config={"lowercase": True, "max_len": 256})
    _log(lineage, tmp_path, "prep-2", "prepare", "reviews", "dataset", b"reviews 2")
    _log(lineage, tmp_path, "clean-2", "preprocess", "reviews-clean", "dataset", b"clean 2",
         uses="reviews:v1", config={"lowercase": True, "max_len": 512})
    for number, (clean, lr) in enumerate((("v0", 3e-4), ("v1", 1e-5)), 1):
        with lineage.init(project="shop", job_type="train", name=f"train-{number}",
                          config={"lr": lr, "optimizer": {"name": "adam", "beta": 0.9}}
                          ) as run:  # fmt: skip
            run.use_artifact(f"reviews-clean:{clean}")
            run.use_artifact("tokenizer:v0")
            weights = tmp_path / f"weights-{number}"
            weights.write_bytes(f"weights {number}".encode())
            run.link_model(str(weights), "Sentiment", name="model")
    lineage.cypher("MATCH (r:Run {project: 'shop'}) SET r.git_commit = "
                   "CASE r.name WHEN 'train-2' THEN 'b2' ELSE 'a1' END", write=True)
    return lineage


def test_diff_of_a_model_retrained_on_changed_data(two_models: Lineage) -> None:
    answer = two_models.diff("registry:Sentiment:v0", "registry:Sentiment:v1")
    assert (answer.a, answer.b) == ("shop/model:v0", "shop/model:v1")
    assert [(c.artifact, c.a, c.b) for c in answer.changed] == [
        ("shop/reviews", ["v0"], ["v1"]), ("shop/reviews-clean", ["v0"], ["v1"])]  # fmt: skip
    assert answer.only_in_a == [] and answer.only_in_b == []
    assert answer.shared == ["shop/tokenizer:v0"] and answer.shared_runs == ["run:shop/tok"]
    by_job = {run.job_type: run for run in answer.runs}
    assert sorted(by_job) == ["prepare", "preprocess", "train"]
    train = by_job["train"]
    assert (train.a, train.b) == ("run:shop/train-1", "run:shop/train-2")
    assert train.config == [ConfigChange(key="lr", a=3e-4, b=1e-5)]
    assert train.code_changed and (train.git_commit_a, train.git_commit_b) == ("a1", "b2")
    assert by_job["preprocess"].config == [ConfigChange(key="max_len", a=256, b=512)]
    assert not by_job["preprocess"].code_changed and by_job["prepare"].config == []
    assert answer.diverges_at == 1 and answer.meets_at == 2  # train runs, then tokenizer:v0
    same = two_models.diff("model:v0", "shop/model:v0")
    assert same.diverges_at is None and same.runs == [] and same.changed == []


def test_diff_refuses_what_is_not_two_versions(two_models: Lineage) -> None:
    with pytest.raises(InvalidInputError, match="compares two artifact versions"):
        two_models.diff("run:shop/train-1", "model:v1")
    with pytest.raises(InvalidInputError, match="compares two artifact versions"):
        two_models.diff("model:v0", "registry:Sentiment")
    with pytest.raises(NotFoundError, match="no version or alias 'v7'"):
        two_models.diff("model:v7", "model:v1")
    with pytest.raises(NotFoundError, match="no artifact version 'shop/model:v9'"):
        two_models.diff("model:v0", "shop/model:v9")


def test_diff_on_the_command_line(two_models: Lineage) -> None:
    runner = CliRunner()
    shown = runner.invoke(cli, ["diff", "registry:Sentiment:v0", "registry:Sentiment:v1"])
    assert shown.exit_code == 0, shown.output
    assert "shop/reviews-clean  v0 → v1" in shown.stdout
    assert "lr: 0.0003 → 1e-05" in shown.stdout and "git commit: a1 → b2" in shown.stdout
    parsed = AncestryDiff.model_validate_json(
        runner.invoke(cli, ["diff", "model:v0", "model:v1", "-f", "json"]).stdout)
    assert parsed.diverges_at == 1
    bad = runner.invoke(cli, ["diff", "run:shop/train-1", "model:v1"])
    assert bad.exit_code == 3 and "Traceback" not in bad.output


@pytest.fixture(scope="module")
def generated(neo4j_server: TestServer) -> Iterator[tuple[GeneratedGraph, Lineage]]:
    neo4j_server.wipe()
    graph = GeneratedGraph()
    _, last_diamond = diamonds(graph, 12)
    _, last_link = chain(graph, 150)
    random_dag(graph, 250, seed=11, inputs=[last_diamond, last_link])
    lineage = Lineage(neo4j_server.settings())
    lineage.connect()
    graph.load(neo4j_server.connect())
    yield graph, lineage
    lineage.close()
    neo4j_server.wipe()


def test_diff_matches_networkx_on_diamonds_chains_and_a_random_dag(
        generated: tuple[GeneratedGraph, Lineage]) -> None:  # fmt: skip
    graph, lineage = generated
    back = graph.flow_graph().reverse(copy=True)
    versions = [ref for ref in back.nodes if ref.startswith("gen/") and ref.endswith(":v0")]
    rng = random.Random(5)
    pairs = [tuple(rng.sample(versions, 2)) for _ in range(25)]
    pairs += [("gen/dia12:v0", "gen/dia11a:v0"), ("gen/chain150:v0", "gen/chain3:v0")]
    for a, b in pairs:
        up = {side: {n: d for n, d in nx.single_source_shortest_path_length(back, side).items()
                     if n != side and not n.startswith("registry:")}
              for side in (a, b)}  # fmt: skip
        answer = lineage.diff(a, b)
        only_a, only_b = up[a].keys() - up[b].keys(), up[b].keys() - up[a].keys()
        shared = up[a].keys() & up[b].keys()
        # every version is v0 of its own artifact: nothing "changed", only one side's
        assert answer.changed == []
        assert answer.only_in_a == sorted(r for r in only_a if not r.startswith("run:"))
        assert answer.only_in_b == sorted(r for r in only_b if not r.startswith("run:"))
        assert answer.shared == sorted(r for r in shared if not r.startswith("run:"))
        runs_a = {r.a for r in answer.runs} | set(answer.runs_only_in_a)
        runs_b = {r.b for r in answer.runs} | set(answer.runs_only_in_b)
        assert runs_a == {r for r in only_a if r.startswith("run:")}
        assert runs_b == {r for r in only_b if r.startswith("run:")}
        assert set(answer.shared_runs) == {r for r in shared if r.startswith("run:")}
        differing = [up[a][n] for n in only_a] + [up[b][n] for n in only_b]
        assert answer.diverges_at == (min(differing) if differing else None), (a, b)
        meeting = [min(up[a][n], up[b][n]) for n in shared]
        assert answer.meets_at == (min(meeting) if meeting else None), (a, b)
