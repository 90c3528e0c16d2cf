"""Pure parts of the answers: node maps from queries become typed nodes with refs, and
ad-hoc values become JSON-friendly."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from neo4j.time import DateTime

from graphlineage.core.answers import ImpactResult, LineageNode
from graphlineage.core.refs import parse_node_ref
from graphlineage.query.adhoc import plain


def test_run_version_and_model_maps_become_nodes_with_round_trip_refs() -> None:
    run = LineageNode.from_graph({
        "labels": ["Run"], "id": "0190", "project": "mnist", "name": "vague-morning-5",
        "job_type": "train_model", "status": "finished", "config": '{"epochs": 5}',
        "started_at": DateTime(2026, 1, 1, tzinfo=UTC),
    }, distance=1)  # fmt: skip
    assert (run.kind, run.ref, run.type, run.config, run.distance) == (
        "run", "run:mnist/vague-morning-5", "train_model", {"epochs": 5}, 1)  # fmt: skip
    assert run.created_at == datetime(2026, 1, 1, tzinfo=UTC)
    version = LineageNode.from_graph({
        "labels": ["ArtifactVersion"], "key": "mnist/mnist_dataset:v0", "project": "mnist",
        "name": "mnist_dataset", "version": "v0", "type": "dataset", "metadata": "{}",
        "manifest": None,
    })  # fmt: skip
    assert (version.name, version.ref, version.metadata) == (
        "mnist_dataset:v0", "mnist/mnist_dataset:v0", {})  # fmt: skip
    model = LineageNode.from_graph({"labels": ["RegisteredModel"], "name": "MNIST-dev"})
    assert model.ref == "registry:MNIST-dev" and model.id.kind == "registered_model"
    for node in (run, version, model):
        parse_node_ref(node.ref)  # reads back without error
    with pytest.raises(ValueError, match="not a lineage node"):
        LineageNode.from_graph({"labels": ["Project"], "name": "mnist"})


def test_impact_lists_affected_aliases_per_model_and_serialises() -> None:
    root = LineageNode(kind="artifact_version", key="p/d:v0", ref="p/d:v0", name="d:v0")
    answer = ImpactResult(
        root=root, direction="downstream", nodes=[], total=0,
        registry=[
            {"model": "M", "version": "v0", "index": 0, "artifact_version": "p/m:v0",
             "distance": 3, "aliases": []},
            {"model": "M", "version": "v1", "index": 1, "artifact_version": "p/m:v1",
             "distance": 3, "aliases": ["latest", "production"]},
        ],
    )  # fmt: skip
    assert answer.affected_aliases == {"M": ["latest=v1", "production=v1"]}
    data = json.loads(answer.model_dump_json())
    assert data["affected_aliases"] == {"M": ["latest=v1", "production=v1"]}
    assert ImpactResult.model_validate(data).registry[1].ref == "registry:M:v1"


def test_plain_values_are_json_friendly() -> None:
    value = {"when": DateTime(2026, 1, 1, 12, 0, 0, tzinfo=UTC), "nan": float("nan"),
             "list": (1, "a", None), "bytes": b"\x01\x02"}  # fmt: skip
    assert json.loads(json.dumps(plain(value))) == {
        "when": "2026-01-01T12:00:00.000000000+00:00", "nan": "nan", "list": [1, "a", None],
        "bytes": "0102"}  # fmt: skip
