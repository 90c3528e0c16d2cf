"""Every .cypher file of the library runs on the real server with its declared parameters,
and each one's EXPLAIN query type matches its declared mode (reads are read-only)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import neo4j
import pytest

from graphlineage.client import Lineage
from graphlineage.graph import queries
from graphlineage.graph.event_rows import nanos
from graphlineage.graph.library import LIBRARY

from .test_seed_example import record_mnist_example

AT = datetime(2026, 1, 1, tzinfo=UTC)


def sample_parameters(lineage: Lineage) -> dict[str, dict[str, Any]]:
    """Parameters for each query, pointing at the seeded MNIST example."""
    train = lineage.run("vague-morning-5", project="mnist")
    data_key, model_key = "mnist/mnist_dataset:v0", "mnist/mnist_model:v0"
    data_id = _element_id(lineage, "artifact_version", data_key)
    model_id = _element_id(lineage, "artifact_version", model_key)
    train_id = _element_id(lineage, "run", train.id)
    return {
        "ping": {},
        "list_schema_names": {},
        "resolve_artifact_ref": {"ref": {"artifact": "mnist/mnist_dataset", "index": None,
                                         "alias": "latest", "as_of": None}},
        "describe_artifact_choices": {"artifact": "mnist/nope", "project": "mnist"},
        "get_artifact_version": {"key": model_key},
        "get_run": {"key": "vague-morning-5", "project": None},
        "list_run_inputs": {"run_id": train.id},
        "list_run_outputs": {"run_id": train.id},
        "list_version_consumers": {"key": data_key},
        "list_version_producers": {"key": data_key},
        "get_registered_model": {"name": "MNIST-dev"},
        "get_lineage_node": {"node": {"kind": "artifact_version", "key": model_key}},
        "list_upstream_nodes": {"start": {"kind": "artifact_ref", "artifact": "mnist/mnist_model",
                                          "index": None, "alias": "latest"},
                                "as_of": datetime.now(UTC),
                                "max_depth": None, "labels": ["Run"], "skip": 0, "limit": 10,
                                "chunk": 2, "lean": False},
        "list_downstream_nodes": {"start": {"kind": "run", "key": "vague-morning-5",
                                            "by_name": True, "project": "mnist"},
                                  "as_of": datetime(9999, 12, 31, tzinfo=UTC),
                                  "max_depth": 3, "skip": 0, "limit": None, "chunk": 500,
                                  "lean": True},
        "find_flow_paths": {"source": {"kind": "artifact_version", "key": data_key},
                            "target": {"kind": "registry_ref", "model": "MNIST-dev",
                                       "index": 0, "alias": None},
                            "limit": 5, "as_of": datetime(9999, 12, 31, tzinfo=UTC)},
        "expand_lineage": {"element_ids": [data_id], "direction": "down", "limit": 10,
                           "as_of": datetime(9999, 12, 31, tzinfo=UTC)},
        "list_edges_among": {"element_ids": [data_id, model_id, train_id],
                             "as_of": datetime.now(UTC)},
        "list_stale_model_versions": {"model": None, "as_of": datetime.now(UTC)},
        "resolve_registry_ref": {"ref": {"model": "MNIST-dev", "index": None,
                                         "alias": "latest", "as_of": datetime.now(UTC)}},
        "find_artifact_projects": {"name": "mnist_dataset"},
        "list_alias_history": {"alias": {"kind": "registered_model", "key": "MNIST-dev",
                                         "name": "latest"}},
        "list_node_history": {"node": {"kind": "artifact_version", "key": model_key}},
        "list_two_ancestries": {"a": model_key, "b": data_key},
        "create_flag": {"node": {"kind": "artifact_version", "key": data_key},
                        "flag": {"id": "0190c5a0-0000-7000-8000-0000000000f1",
                                 "reason": "label noise", "severity": "error", "by": "test",
                                 "at": AT}},
        "lift_flags": {"node": {"kind": "artifact_version", "key": data_key}, "flag_id": None,
                       "lift": {"by": "test", "at": AT, "reason": None}},
        "list_flags": {"as_of": datetime(9999, 12, 31, tzinfo=UTC), "active": False},
        "list_taints": {"node": {"kind": "artifact_version", "key": model_key},
                        "as_of": datetime(9999, 12, 31, tzinfo=UTC)},
        "preview_deletion": {"node": {"kind": "artifact_version", "key": data_key}},
        "delete_node": {"node": {"kind": "artifact_version", "key": data_key},
                        "tombstone": {"at": AT, "by": "test", "reason": None},
                        "purge": False, "force": False, "delete_aliases": False},
        "list_purges": {"keys": [data_key]},
        "preview_artifact_deletion": {"artifact": "mnist/mnist_dataset", "limit": 10},
        "delete_artifact": {"artifact": "mnist/mnist_dataset",
                            "tombstone": {"at": AT, "by": "test", "reason": None},
                            "purge": False, "force": False, "delete_aliases": False},
        "list_leakage_candidates": {"model": model_key, "eval_job_types": ["evaluate"],
                                    "eval_data": [data_key]},
        "list_runs": {"filter": {"project": "mnist", "job_type": None, "status": "finished",
                                 "name": "e", "started_after": AT, "started_before": None},
                      "skip": 0, "limit": 10},
        "search_runs": {"filter": {"project": "mnist", "job_type": None, "status": None,
                                   "name": None, "started_after": AT, "started_before": None,
                                   "group": None, "alive_before": None},
                        "tags": [], "skip": 0, "limit": 10,
                        "conditions": [{"key": "config.optimizer", "op": "$eq", "value": "adam"},
                                       {"key": "summary.accuracy", "op": "$gte", "value": 0.9}]},
        "touch_runs": {"run_ids": ["no-such-run"], "at": AT},
        "list_used_requests": {"run_ids": [train.id], "version_keys": [data_key]},
        "list_artifacts": {"filter": {"project": None, "type": "dataset", "name": None},
                           "skip": 0, "limit": 10},
        "list_artifact_versions": {"filter": {"project": "mnist", "artifact": None,
                                              "type": None, "alias": "latest"},
                                   "skip": 0, "limit": 10},
        "list_registered_models": {"name": "MNIST", "skip": 0, "limit": 10, "as_of": None},
        "search_nodes": {"text": "mnist", "limit": 5},
        "apply_events": {"answers": True,
                         "locks": {"projects": ["mnist"], "artifacts": [], "models": []},
                         "events": [
            {"kind": "run_started", "event_id": "0190c5a0-0000-7000-8000-0000000000e1",
             "run_id": "0190c5a0-0000-7000-8000-0000000000e0", "at": nanos(AT), "project": "mnist",
             "name": None, "words": "brave-otter", "job_type": "evaluate", "config": "{}",
             "tags": [], "notes": None, "host": None, "git_commit": None},
            {"kind": "artifact_used", "event_id": "0190c5a0-0000-7000-8000-0000000000e2",
             "run_id": "0190c5a0-0000-7000-8000-0000000000e0", "at": nanos(AT),
             "artifact": "mnist/mnist_dataset", "project": "mnist", "index": None,
             "alias": "latest", "as_of": None, "requested": "mnist_dataset:latest",
             "type": None}]},
        "get_version_by_digest": {"artifact": "mnist/mnist_dataset",
                                  "digest": lineage.artifact("mnist/mnist_dataset:v0").digest},
        "list_imported_runs": {"ids": [train.id, "0190c5a0-0000-7000-8000-0000000000ff"]},
        "list_versions_by_digest": {"pairs": [
            {"artifact": "mnist/mnist_dataset",
             "digest": lineage.artifact("mnist/mnist_dataset:v0").digest},
            {"artifact": "mnist/nope", "digest": "d0"}]},
        "mark_imported_runs": {"runs": [{"id": train.id, "source": "mlflow",
                                         "external_id": "abc", "experiment_id": "1",
                                         "user": None, "fingerprint": "f", "parent": None}]},
        "mark_registry_links": {"links": [{
            "model": "MNIST-dev", "artifact": "mnist/mnist_model",
            "digest": lineage.artifact("mnist/mnist_model:v0").digest, "number": 1}]},
        "apply_openlineage_events": {"events": [{
            "run": {"id": "0190c5a0-0000-4000-8000-000000000002", "project": "etl",
                    "name": "job-000000000002", "job_type": "job", "namespace": "etl",
                    "job": "job", "producer": "test", "at": nanos(AT), "status": "finished",
                    "terminal": True, "run_facets": None, "job_facets": '{"sql": {}}'},
            "parent": {"parent": "0190c5a0-0000-4000-8000-000000000003", "project": "airflow",
                       "name": "dag-000000000003", "job_type": "dag", "namespace": "airflow",
                       "job": "dag"},
            "datasets": [{"role": "input", "key": "etl/raw", "project": "etl", "name": "raw",
                          "digest": "d0", "latest": True, "requested": "etl/raw",
                          "metadata": "{}", "created_by": None,
                          "artifact_props": {"ol_namespace": "etl", "ol_name": "raw"},
                          "version_props": {"ol_fields": ["a"]}},
                         {"role": "output", "key": "etl/clean", "project": "etl",
                          "name": "clean", "digest": "d1", "latest": False,
                          "requested": "etl/clean", "metadata": "{}",
                          "created_by": "0190c5a0-0000-4000-8000-000000000002",
                          "artifact_props": {}, "version_props": {}}]}]},
        "find_datasets": {"candidates": [{"namespace": "s3://bucket", "name": "a/b.csv"}]},
        "apply_column_lineage": {
            "columns": [{"key": "etl/raw#a", "dataset": "etl/raw", "field": "a",
                         "namespace": "etl", "name": "raw"},
                        {"key": "etl/clean#b", "dataset": "etl/clean", "field": "b",
                         "namespace": "etl", "name": "clean"}],
            "edges": [{"source": "etl/raw#a", "target": "etl/clean#b", "types": ["DIRECT"],
                       "description": None, "run": None, "at": nanos(AT)}]},
        **{f"list_{d}_columns": {"key": "etl/clean#b", "max_depth": 3, "skip": 0, "limit": 10}
           for d in ("upstream", "downstream")},
        "list_dataset_columns": {"dataset": "etl/clean"},
        "find_column_datasets": {"candidates": [{"namespace": "s3://b", "name": "a/b.csv"}]},
        "list_ol_namespaces": {},
        "list_ol_dataset_names": {"namespace": "s3://lake", "skip": 0, "limit": 10},
        "get_ol_datasets": {"datasets": [{"namespace": "s3://lake", "name": "a/b"}]},
        "list_ol_dataset_versions": {"namespace": "s3://lake", "name": "a/b", "skip": 0,
                                     "limit": 10},
        "list_ol_job_names": {"namespace": "etl", "skip": 0, "limit": 10},
        "get_ol_jobs": {"jobs": [{"namespace": "etl", "name": "job"}]},
        "list_ol_job_runs": {"namespace": "etl", "job": "job", "skip": 0, "limit": 10},
        "get_ol_run": {"id": "0190c5a0-0000-4000-8000-000000000002"},
        "list_ol_lineage_edges": {"jobs": [{"namespace": "etl", "name": "job"}],
                                  "datasets": [{"namespace": "s3://lake", "name": "a/b"}]},
    }  # fmt: skip


def _element_id(lineage: Lineage, kind: str, key: str) -> str:
    (row,) = lineage.store.read(queries.get_lineage_node(node={"kind": kind, "key": key}))
    return str(row["element_id"])


EXPECTED_TYPE = {"read": ("r",), "write": ("w", "rw"), "schema": ("s",)}
# dbms.components() is a DBMS procedure: EXPLAIN reports the "schema" type, it writes nothing.
METADATA_READS = {"ping"}
# Read queries whose sample parameters point at something the seeded example has.
FINDS_SOMETHING = {
    "search_runs", "list_used_requests",
    "get_run", "get_artifact_version", "get_registered_model", "list_run_inputs",
    "get_lineage_node", "find_flow_paths", "list_upstream_nodes", "list_downstream_nodes",
    "expand_lineage", "list_edges_among",
    "resolve_registry_ref", "find_artifact_projects", "list_runs", "list_artifacts",
    "list_artifact_versions", "list_registered_models", "apply_events",
    "apply_openlineage_events", "search_nodes", "get_version_by_digest",
    "list_alias_history", "list_node_history", "list_two_ancestries", "list_leakage_candidates",
    "create_flag", "preview_deletion", "delete_node", "preview_artifact_deletion",
    "delete_artifact",
    "list_imported_runs", "list_versions_by_digest", "mark_imported_runs", "mark_registry_links",
}  # fmt: skip


@pytest.fixture
def seeded(lineage: Lineage, tmp_path: Path) -> Lineage:
    record_mnist_example(tmp_path)
    return lineage


def test_every_query_has_sample_parameters(seeded: Lineage) -> None:
    samples = sample_parameters(seeded)
    missing = [name for name in LIBRARY if LIBRARY[name].mode != "schema" and name not in samples]
    assert not missing, f"add sample parameters for {missing}"


@pytest.mark.parametrize("name", list(LIBRARY))
def test_query_runs_and_has_its_declared_mode(seeded: Lineage, name: str) -> None:
    query = LIBRARY[name]
    connection = seeded.store.connection
    if query.mode == "schema":
        with connection.session() as session:
            session.run(query.text).consume()  # IF NOT EXISTS: runs again harmlessly
        return
    params = sample_parameters(seeded)[name]
    query.check(params)
    with connection.session() as session:
        summary = session.run("EXPLAIN " + query.text, params).consume()
        expected = ("s",) if name in METADATA_READS else EXPECTED_TYPE[query.mode]
        assert summary.query_type in expected, (name, summary.query_type)
        access = neo4j.READ_ACCESS if query.mode == "read" else neo4j.WRITE_ACCESS
    with connection.session(default_access_mode=access) as session:
        records = session.run(query.text, params).data()
    declared = [field.name for field in query.returns]
    for record in records:
        assert list(record) == declared, (name, list(record))
    if name in FINDS_SOMETHING:
        assert records, f"{name} found nothing in the seeded example"
