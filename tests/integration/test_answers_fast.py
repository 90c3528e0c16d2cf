"""The fast read path gives the same answers: lean answers and streamed pages equal the
full answer, the typed fast path builds the same models as validation does, runs named by
name are found by the traversal itself, and the first question after a burst of recorded
work (in a fresh process) does not wait for the server to re-plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.queries import first_question
from graphlineage.client import Lineage
from graphlineage.core.answers import ImpactResult, LineageNode, LineageResult
from graphlineage.errors import InvalidInputError, NotFoundError

from .neo4j_test_server import TestServer
from .test_seed_example import record_mnist_example


@pytest.fixture
def mnist(lineage: Lineage, tmp_path: Path) -> Lineage:
    record_mnist_example(tmp_path)
    return lineage


def _validated(result: LineageResult) -> list[LineageNode]:
    """The answer's nodes rebuilt through pydantic validation."""
    return [LineageNode.model_validate(node.model_dump()) for node in result.nodes]


def test_fast_path_models_equal_validated_models(mnist: Lineage) -> None:
    for ref in ("mnist/mnist_model:v0", "run:mnist/serene-haze-6", "registry:MNIST-dev"):
        up = mnist.ancestry(ref)
        assert up.nodes == _validated(up) and up.total == len(up.nodes) > 0
        assert LineageResult.model_validate(up.model_dump()) == up
    down = mnist.impact("mnist/mnist_dataset:v0")
    assert ImpactResult.model_validate(down.model_dump()) == down
    assert down.registry and down.affected_aliases
    assert all(node.created_at is None or node.created_at.tzinfo for node in down.nodes)
    assert {n.kind for n in down.nodes} == {"run", "artifact_version", "registered_model"}


def test_lean_answers_equal_the_full_ones(mnist: Lineage) -> None:
    for ref in ("mnist/mnist_model:v0", "mnist/mnist_dataset:v0", "run:vague-morning-5"):
        for full, lean in ((mnist.ancestry(ref), mnist.ancestry_refs(ref)),
                           (mnist.impact(ref), mnist.impact_refs(ref))):  # fmt: skip
            assert [(n.ref, n.kind, n.distance) for n in full.nodes] == list(lean.nodes)
            assert (lean.total, lean.root, lean.direction) == (full.total, full.root,
                                                               full.direction)  # fmt: skip
    page = mnist.impact_refs("mnist/mnist_dataset:v0", limit=2, skip=1)
    assert len(page.nodes) == 2 and page.skip == 1 and page.truncated
    runs = mnist.ancestry_refs("mnist/mnist_model:v0", types="run")
    assert {kind for _, kind, _ in runs.nodes} == {"run"}


def test_pages_stream_the_whole_answer_in_order(mnist: Lineage) -> None:
    whole = mnist.impact("mnist/mnist_dataset:v0", limit=None)
    pages = list(mnist.impact_pages("mnist/mnist_dataset:v0", page_size=2))
    assert len(pages) >= 2 and all(len(p.nodes) == 2 for p in pages[:-1])
    assert [n for p in pages for n in p.nodes] == whole.nodes
    assert [p.skip for p in pages] == list(range(0, whole.total, 2))
    assert all(p.total == whole.total and p.registry == whole.registry for p in pages)
    assert [p.truncated for p in pages][-1] is False
    up = list(mnist.ancestry_pages("run:mnist/serene-haze-6", page_size=100))
    assert len(up) == 1 and up[0].nodes == mnist.ancestry("run:mnist/serene-haze-6").nodes
    with pytest.raises(NotFoundError, match="no run with id or name 'nope'"):
        next(mnist.ancestry_pages("run:nope"))
    with pytest.raises(InvalidInputError, match="page_size"):
        next(mnist.impact_pages("mnist/mnist_dataset:v0", page_size=0))


def test_aliases_are_resolved_by_the_question_itself(mnist: Lineage) -> None:
    by_key = mnist.ancestry("mnist/mnist_model:v0")
    by_alias = mnist.ancestry("mnist/mnist_model:latest")
    assert by_alias.requested == "mnist/mnist_model:latest"  # what the alias named is root
    assert by_alias.model_copy(update={"requested": None}) == by_key
    assert mnist.ancestry("mnist_model:latest", project="mnist").model_copy(
        update={"requested": None}) == by_key
    assert mnist.ancestry("registry:MNIST-dev:v0") == by_key
    assert mnist.impact_refs("registry:MNIST-dev:latest").root == by_key.root
    assert mnist.path("mnist/mnist_dataset:latest", "registry:MNIST-dev:v0").length == 2
    with pytest.raises(NotFoundError, match="has no version or alias 'nope'"):
        mnist.ancestry("mnist/mnist_model:nope")
    with pytest.raises(NotFoundError, match="has no version or alias 'v9'"):
        mnist.path("mnist/mnist_dataset:v0", "registry:MNIST-dev:v9")


def test_run_names_are_resolved_by_the_question_itself(mnist: Lineage, tmp_path: Path) -> None:
    run = mnist.run("vague-morning-5")
    by_id = mnist.ancestry(f"run:{run.id}")
    assert mnist.ancestry("run:vague-morning-5") == by_id == mnist.ancestry(run)
    assert mnist.path("run:vague-morning-5", "registry:MNIST-dev").length == 2
    with pytest.raises(NotFoundError, match="in project 'other'"):
        mnist.path("run:other/vague-morning-5", "mnist/mnist_dataset:v0")
    record_mnist_example(tmp_path, project="mnist-copy")
    with pytest.raises(InvalidInputError, match="several projects"):
        mnist.ancestry_refs("run:vague-morning-5")
    with pytest.raises(InvalidInputError, match="several projects"):
        mnist.path("mnist/mnist_dataset:v0", "run:vague-morning-5")
    assert mnist.ancestry("run:mnist-copy/vague-morning-5").total == by_id.total


@pytest.mark.slow
def test_first_ancestry_after_recording_40_diamonds_in_a_fresh_process(
    clean_db: TestServer,
) -> None:
    # the real figure is in `python -m benchmarks` (under 100 ms on a quiet machine); the
    # bound here is generous so the test holds on a busy one
    settings = {"neo4j_uri": clean_db.uri, "neo4j_password": clean_db.password,
                "neo4j_database": clean_db.database}  # fmt: skip
    timings = first_question(settings, project="burst", count=40)
    assert timings["first_ms"] < 2000, timings
