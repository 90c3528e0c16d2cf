"""The question API on the W&B example and hand-made cases: what each answer says, and the
clear errors for bad questions (unknown refs, bad depths, cycles made by hand)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import graphlineage
from graphlineage.client import Lineage
from graphlineage.errors import InvalidInputError, NotFoundError, QueryError

from .test_seed_example import record_mnist_example


@pytest.fixture
def mnist(lineage: Lineage, tmp_path: Path) -> Lineage:
    record_mnist_example(tmp_path)
    return lineage


def _log_dataset_v1(lineage: Lineage, tmp_path: Path) -> None:
    with lineage.init(project="mnist", job_type="load_data", name="fresh-data-7") as run:
        data = tmp_path / "more.npz"
        data.write_bytes(b"70000 digits, relabelled")
        dataset = graphlineage.Artifact("mnist_dataset", type="dataset")
        dataset.add_file(str(data))
        run.log_artifact(dataset)


def test_ancestry_of_the_model_names_data_runs_and_configs(mnist: Lineage) -> None:
    answer = mnist.ancestry("mnist_model:v0")
    assert answer.root.ref == "mnist/mnist_model:v0" and answer.direction == "upstream"
    assert [(n.ref, n.distance) for n in answer.nodes] == [
        ("run:mnist/vague-morning-5", 1),
        ("mnist/mnist_dataset:v0", 2),
        ("run:mnist/jumping-monkey-1", 3),
    ]
    train = answer.runs[0]
    assert train.config == {"optimizer": "adam", "batch_size": 128, "epochs": 5,
                            "validation_split": 0.1}  # fmt: skip
    assert train.type == "train_model" and train.status == "finished"
    assert answer.artifact_versions[0].metadata == {"rows": 70000}
    assert answer.total == 3 and not answer.truncated


def test_ancestry_filters_by_node_type_and_depth(mnist: Lineage) -> None:
    assert mnist.ancestry("mnist/mnist_model:v0", types="run").refs == [
        "run:mnist/vague-morning-5", "run:mnist/jumping-monkey-1"]  # fmt: skip
    assert mnist.ancestry("mnist/mnist_model:v0", types=["artifact_version"]).refs == [
        "mnist/mnist_dataset:v0"]  # fmt: skip
    assert mnist.ancestry("mnist/mnist_model:v0", max_depth=2).total == 2
    zero = mnist.ancestry("mnist/mnist_model:v0", max_depth=0)
    assert zero.nodes == [] and zero.total == 0 and zero.root.ref == "mnist/mnist_model:v0"
    with pytest.raises(InvalidInputError, match="unknown node type 'tables'"):
        mnist.ancestry("mnist/mnist_model:v0", types=["tables"])
    for bad in (-1, 1.5, "2", True):
        with pytest.raises(InvalidInputError, match="max_depth must be a whole number"):
            mnist.ancestry("mnist/mnist_model:v0", max_depth=bad)  # type: ignore[arg-type]


def test_impact_of_the_dataset_reaches_the_production_model(mnist: Lineage) -> None:
    mnist.registered_model("MNIST-dev")  # exists
    with mnist.init(project="mnist", job_type="promote", name="promote-1") as run:
        run.link_artifact(run.use_artifact("mnist_model:v0"), "MNIST-dev", aliases=["production"])
    answer = mnist.impact("mnist/mnist_dataset:v0")
    assert [(n.ref, n.distance) for n in answer.nodes] == [
        ("run:mnist/vague-morning-5", 1),
        ("mnist/mnist_model:v0", 2),
        ("registry:MNIST-dev", 3),
        ("run:mnist/promote-1", 3),  # it used the model to link it
        ("run:mnist/serene-haze-6", 3),
    ]
    # linking the same version again adds the alias, not a registry version
    assert [(r.ref, r.artifact_version, r.aliases) for r in answer.registry] == [
        ("registry:MNIST-dev:v0", "mnist/mnist_model:v0", ["latest", "production"]),
    ]
    assert answer.affected_aliases == {"MNIST-dev": ["latest=v0", "production=v0"]}
    # the model version itself is bad: its own registry links are affected at distance 1
    own = mnist.impact("registry:MNIST-dev:production")
    assert {r.distance for r in own.registry} == {1}
    assert mnist.impact("mnist/mnist_dataset:v0", max_depth=2).registry == []


def test_runs_and_registry_refs_work_as_start_nodes(mnist: Lineage) -> None:
    assert mnist.ancestry("run:vague-morning-5").refs == [
        "mnist/mnist_dataset:v0", "run:mnist/jumping-monkey-1"]  # fmt: skip
    assert mnist.impact("run:mnist/vague-morning-5").refs == [
        "mnist/mnist_model:v0", "registry:MNIST-dev", "run:mnist/serene-haze-6"]  # fmt: skip
    assert mnist.ancestry("registry:MNIST-dev:latest").root.ref == "mnist/mnist_model:v0"
    model = mnist.ancestry("registry:MNIST-dev")
    assert model.root.kind == "registered_model" and model.nodes[0].ref == "mnist/mnist_model:v0"
    # objects the API returned name their node too
    version = mnist.artifact("mnist/mnist_dataset:latest")
    assert mnist.impact(version).total == 4
    assert mnist.ancestry(mnist.run("serene-haze-6")).total == 4
    assert mnist.ancestry(model.nodes[0]).total == 3
    with mnist.init(project="mnist", job_type="eval") as run:
        run.use_artifact("mnist_model:v0")
        assert mnist.ancestry(run).total == 4


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("mnist/mnist_dataset:v7", "has no version or alias 'v7'"),
        ("mnist/no_such_data:v0", "artifact 'no_such_data' does not exist in project 'mnist'"),
        ("no_such_data:latest", "no artifact named 'no_such_data' in any project"),
        ("run:no-such-run", "no run with id or name 'no-such-run'"),
        ("run:other/vague-morning-5", "in project 'other'"),
        ("registry:Nope", "no registered model named 'Nope'"),
        ("registry:MNIST-dev:v9", "has no version or alias 'v9'"),
    ],
)
def test_unknown_refs_are_clear_errors(mnist: Lineage, ref: str, message: str) -> None:
    for question in (mnist.ancestry, mnist.impact, mnist.subgraph):
        with pytest.raises(NotFoundError, match=message):
            question(ref)
    with pytest.raises(NotFoundError, match=message):
        mnist.path("mnist/mnist_dataset:v0", ref)


def test_malformed_refs_and_ambiguous_names(mnist: Lineage, tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="invalid artifact ref"):
        mnist.ancestry("mnist/data set:v0")
    with pytest.raises(InvalidInputError, match="expected a ref string"):
        mnist.ancestry(42)  # type: ignore[arg-type]
    record_mnist_example(tmp_path, project="mnist-copy")
    with pytest.raises(InvalidInputError, match=r"several projects \(mnist, mnist-copy\)"):
        mnist.ancestry("mnist_model:v0")
    with pytest.raises(InvalidInputError, match="several projects"):
        mnist.impact("run:vague-morning-5")
    assert mnist.ancestry("mnist_model:v0", project="mnist-copy").total == 3


def test_hand_made_cycles_answer_without_hanging(mnist: Lineage) -> None:
    # the data-prep run "used" the model its own dataset trained: a cycle through 4 nodes
    made = mnist.cypher(
        "MATCH (r:Run {name: $run}), (v:ArtifactVersion {key: $key}) CREATE (r)-[:USED]->(v)",
        {"run": "jumping-monkey-1", "key": "mnist/mnist_model:v0"},
        write=True,
    )
    assert made.counters == {"relationships_created": 1}
    up = mnist.ancestry("mnist/mnist_model:v0")
    assert [(n.ref, n.distance) for n in up.nodes] == [
        ("run:mnist/vague-morning-5", 1),
        ("mnist/mnist_dataset:v0", 2),
        ("run:mnist/jumping-monkey-1", 3),
    ]
    down = mnist.impact("mnist/mnist_model:v0")
    assert ("run:mnist/jumping-monkey-1", 1) in [(n.ref, n.distance) for n in down.nodes]
    assert "run:mnist/vague-morning-5" in down.refs
    assert mnist.path("mnist/mnist_model:v0", "mnist/mnist_dataset:v0").length == 2
    assert mnist.path("mnist/mnist_dataset:v0", "mnist/mnist_model:v0").length == 2
    assert len(mnist.subgraph("mnist/mnist_model:v0", up=9, down=9).nodes) == 6


def test_path_names_the_runs_along_the_way(mnist: Lineage) -> None:
    answer = mnist.path("mnist_dataset:v0", "registry:MNIST-dev")
    assert answer.direction == "downstream" and answer.length == 3
    (only,) = answer.paths
    assert [n.ref for n in only.nodes] == [
        "mnist/mnist_dataset:v0", "run:mnist/vague-morning-5", "mnist/mnist_model:v0",
        "registry:MNIST-dev"]  # fmt: skip
    assert [(e.source, e.type, e.target) for e in only.edges] == [
        ("run:mnist/vague-morning-5", "USED", "mnist/mnist_dataset:v0"),
        ("run:mnist/vague-morning-5", "PRODUCED", "mnist/mnist_model:v0"),
        ("mnist/mnist_model:v0", "LINKED_TO", "registry:MNIST-dev"),
    ]
    assert [n.name for n in only.runs] == ["vague-morning-5"]
    back = mnist.path("run:serene-haze-6", "run:jumping-monkey-1")
    assert back.direction == "upstream" and back.length == 4
    assert back.paths[0].nodes[0].ref == "run:mnist/jumping-monkey-1"
    same = mnist.path("mnist/mnist_dataset:v0", "mnist/mnist_dataset:v0")
    assert same.length == 0
    unrelated = mnist.path("run:serene-haze-6", "registry:MNIST-dev")
    assert unrelated.direction is None and unrelated.paths == [] and unrelated.length is None
    with pytest.raises(InvalidInputError, match="limit must be a whole number from 1"):
        mnist.path("mnist/mnist_dataset:v0", "mnist/mnist_model:v0", limit=0)


def test_subgraph_draws_levels_around_a_run(mnist: Lineage) -> None:
    one = mnist.subgraph("run:vague-morning-5", up=1, down=1)
    assert {n.ref: n.distance for n in one.nodes} == {
        "run:mnist/vague-morning-5": 0, "mnist/mnist_dataset:v0": 1, "mnist/mnist_model:v0": 1}
    assert {(e.source, e.type, e.target) for e in one.edges} == {
        ("run:mnist/vague-morning-5", "USED", "mnist/mnist_dataset:v0"),
        ("run:mnist/vague-morning-5", "PRODUCED", "mnist/mnist_model:v0"),
    }
    assert len(mnist.subgraph("run:vague-morning-5", up=5, down=5).nodes) == 6
    assert [n.ref for n in mnist.subgraph("run:vague-morning-5", up=0, down=0).nodes] == [
        "run:mnist/vague-morning-5"]  # fmt: skip


def test_stale_names_old_inputs_and_their_newest_versions(mnist: Lineage, tmp_path: Path) -> None:
    assert mnist.stale() == []
    _log_dataset_v1(mnist, tmp_path)
    (stale,) = mnist.stale()
    assert (stale.ref, stale.artifact_version, stale.aliases) == (
        "registry:MNIST-dev:v0", "mnist/mnist_model:v0", ["latest"])  # fmt: skip
    (outdated,) = stale.outdated
    assert (outdated.used, outdated.newest, outdated.behind, outdated.distance) == (
        "mnist/mnist_dataset:v0", "mnist/mnist_dataset:v1", 1, 2)  # fmt: skip
    assert mnist.stale("MNIST-dev") == [stale]
    with pytest.raises(NotFoundError, match="no registered model named 'Nope'"):
        mnist.stale("Nope")
    # retrain on v1 and link: only the old registry version is stale
    with mnist.init(project="mnist", job_type="train_model", name="retrain-8") as run:
        run.use_artifact("mnist_dataset:latest")
        model = tmp_path / "model2.h5"
        model.write_bytes(b"weights trained on v1")
        run.link_model(str(model), registered_model_name="MNIST-dev", name="mnist_model")
    assert [s.ref for s in mnist.stale()] == ["registry:MNIST-dev:v0"]


def test_listings_filter_runs_artifacts_and_models(mnist: Lineage, tmp_path: Path) -> None:
    assert [r.name for r in mnist.runs(project="mnist")] == [
        "serene-haze-6", "vague-morning-5", "jumping-monkey-1"]  # fmt: skip
    assert [r.name for r in mnist.runs(job_type="train_model")] == ["vague-morning-5"]
    assert [r.name for r in mnist.runs(project="mnist", limit=1, skip=1)] == ["vague-morning-5"]
    assert mnist.runs(status="running") == []
    now = datetime.now(UTC)
    assert len(mnist.runs(started_after=now - timedelta(hours=1))) == 3
    assert mnist.runs(started_before=now - timedelta(hours=1)) == []
    assert [r.name for r in mnist.runs(name="morning")] == ["vague-morning-5"]
    _log_dataset_v1(mnist, tmp_path)
    (data,) = mnist.artifacts(type="dataset")
    assert (data.key, data.version_count) == ("mnist/mnist_dataset", 2)
    assert data.aliases == {"latest": "v1"}
    assert [v.key for v in mnist.artifact_versions(artifact="mnist_dataset")] == [
        "mnist/mnist_dataset:v1", "mnist/mnist_dataset:v0"]  # fmt: skip
    assert [v.key for v in mnist.artifact_versions(project="mnist", alias="latest")] == [
        "mnist/mnist_dataset:v1", "mnist/mnist_model:v0"]  # fmt: skip
    (model,) = mnist.registered_models()
    assert (model.name, model.version_count, model.aliases) == ("MNIST-dev", 1, {"latest": "v0"})
    assert mnist.registered_models(name="nope") == []
    with pytest.raises(InvalidInputError, match="unknown filter colour; known: project"):
        mnist.runs(colour="red")
    with pytest.raises(InvalidInputError, match="timezone-aware"):
        mnist.runs(started_after=datetime(2026, 1, 1))
    with pytest.raises(InvalidInputError, match="limit must be a whole number"):
        mnist.artifacts(limit=-1)


def test_adhoc_cypher_is_read_only_unless_asked(mnist: Lineage) -> None:
    with pytest.raises(QueryError, match="read-only unless asked to write"):
        mnist.cypher("MATCH (r:Run {name: $name}) SET r.status = 'hacked'",
                     {"name": "vague-morning-5"})  # fmt: skip
    assert mnist.run("vague-morning-5").status == "finished"
    result = mnist.cypher(
        "MATCH p = (r:Run)-[u:USED]->(v:ArtifactVersion) "
        "RETURN r.name AS run, v, u, p, r.started_at AS at ORDER BY run"
    )
    assert result.columns == ["run", "v", "u", "p", "at"]
    first = result.rows[0]
    assert first["run"] == "serene-haze-6" and first["v"]["labels"] == ["ArtifactVersion"]
    assert first["u"]["type"] == "USED" and first["u"]["properties"]["requested"]
    assert len(first["p"]["nodes"]) == 2 and isinstance(first["at"], str)
    capped = mnist.cypher("UNWIND range(1, 10) AS i RETURN i", limit=3)
    assert [row["i"] for row in capped.rows] == [1, 2, 3] and capped.truncated


def test_adhoc_cypher_errors_are_clear(mnist: Lineage) -> None:
    with pytest.raises(QueryError, match="SyntaxError") as err:
        mnist.cypher("MATCH (n RETURN n")
    assert err.value.code == "Neo.ClientError.Statement.SyntaxError"
    with pytest.raises(QueryError, match="ParameterMissing"):
        mnist.cypher("RETURN $missing AS x")
    with pytest.raises(QueryError, match="TransactionTimedOut"):
        mnist.cypher("UNWIND range(1, 1000000000) AS i WITH i WHERE i < 0 RETURN count(i)",
                     timeout=0.5)  # fmt: skip
    for bad in ("", "   "):
        with pytest.raises(InvalidInputError, match="empty"):
            mnist.cypher(bad)
    with pytest.raises(InvalidInputError, match="params must be a mapping"):
        mnist.cypher("RETURN 1", [1])  # type: ignore[arg-type]


def test_module_level_questions_use_the_default_client(mnist: Lineage) -> None:
    assert graphlineage.ancestry("mnist/mnist_model:v0").total == 3
    assert graphlineage.impact("mnist/mnist_dataset:v0").total == 4
    assert graphlineage.path("mnist/mnist_dataset:v0", "run:serene-haze-6").length == 3
    assert len(graphlineage.subgraph("mnist/mnist_model:v0").nodes) == 4
    assert graphlineage.stale() == []
    assert len(graphlineage.runs()) == 3 and len(graphlineage.artifacts()) == 2
    assert len(graphlineage.artifact_versions()) == 2
    assert [m.name for m in graphlineage.registered_models()] == ["MNIST-dev"]
    assert graphlineage.cypher("MATCH (r:Run) RETURN count(r) AS n").rows == [{"n": 3}]
