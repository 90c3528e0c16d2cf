"""Marquez's read API on `graphlineage serve`, read with the real `marquez-python` client
(and, for GET /api/v1/lineage, which that client has no method for, over plain HTTP as
Marquez's web UI reads it), from a graph written by OpenLineage events, on a real Neo4j."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from marquez_client import MarquezClient, errors
from marquez_client import client as marquez_module

from graphlineage.cli.main import cli
from graphlineage.client import Lineage
from graphlineage.ingest.openlineage import OLJob, declared_run_id
from graphlineage.web.app import create_app

from .served import serving

R1, R2, R3 = (str(uuid.UUID(int=i, version=4)) for i in (1, 2, 3))
ORDERS = {"namespace": "postgres://db:5432", "name": "shop.public.orders",
          "facets": {"schema": {"fields": [{"name": "id", "type": "INTEGER"},
                                           {"name": "price", "type": "DECIMAL"}]},
                     "documentation": {"description": "Orders as placed"},
                     "dataSource": {"name": "shop-db", "uri": "postgres://db:5432"}}}  # fmt: skip
STAGE = {"namespace": "s3://lake", "name": "stage/orders.parquet",
         "facets": {"schema": {"fields": [{"name": "amount", "type": "double"}]},
                    "columnLineage": {"fields": {"amount": {"inputFields": [
                        {"namespace": "postgres://db:5432", "name": "shop.public.orders",
                         "field": "price"}]}}},
                    "lifecycleStateChange": {"lifecycleStateChange": "OVERWRITE"}}}  # fmt: skip
REPORT = {"namespace": "s3://lake", "name": "mart/revenue.parquet"}


def event(run_id: str, job: str, kind: str, minute: int, inputs: list[Any],
          outputs: list[Any]) -> dict[str, Any]:  # fmt: skip
    return {"eventType": kind, "eventTime": f"2026-03-01T12:{minute:02d}:00Z", "producer": "p",
            "run": {"runId": run_id, "facets": {"nominalTime": {
                "nominalStartTime": "2026-03-01T12:00:00Z"}}},
            "job": {"namespace": "shop", "name": job,
                    "facets": {"jobType": {"processingType": "BATCH", "integration": "SPARK",
                                           "jobType": "JOB"},
                               "documentation": {"description": f"the {job} job"}}},
            "inputs": inputs, "outputs": outputs}  # fmt: skip


@pytest.fixture
def marquez(lineage: Lineage, tmp_path: Path) -> Iterator[tuple[MarquezClient, str]]:
    events = [
        event(R1, "stage_orders", "START", 0, [ORDERS], []),
        event(R1, "stage_orders", "COMPLETE", 5, [ORDERS], [STAGE]),
        event(R2, "revenue", "START", 10, [STAGE], []),
        event(R2, "revenue", "FAIL", 11, [STAGE], []),
        event(R3, "revenue", "COMPLETE", 20, [STAGE], [REPORT]),
        {"eventTime": "2026-03-01T13:00:00Z", "producer": "p",
         "job": {"namespace": "shop", "name": "publish"}, "inputs": [REPORT], "outputs": []},
    ]  # fmt: skip
    path = tmp_path / "events.ndjson"
    path.write_text("\n".join(json.dumps(e) for e in events))
    assert CliRunner().invoke(cli, ["ingest", "openlineage", str(path)]).exit_code == 0
    with serving(create_app(lineage)) as url:
        yield MarquezClient(url=url), url


def get(url: str, path: str, **params: Any) -> tuple[int, Any]:
    query = "?" + urllib.parse.urlencode(params) if params else ""
    try:
        with urllib.request.urlopen(url + path + query, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def test_namespaces_and_datasets(marquez: tuple[MarquezClient, str]) -> None:
    client, _ = marquez
    names = [n["name"] for n in client.list_namespaces()["namespaces"]]
    assert names == ["postgres://db:5432", "s3://lake", "shop"]
    assert client.get_namespace("s3://lake")["name"] == "s3://lake"
    listed = client.list_datasets("s3://lake")
    assert listed["totalCount"] == 2
    assert [d["name"] for d in listed["datasets"]] == ["mart/revenue.parquet",
                                                       "stage/orders.parquet"]
    assert [d["name"] for d in client.list_datasets("s3://lake", limit=1, offset=1)["datasets"]
            ] == ["stage/orders.parquet"]  # fmt: skip
    stage = client.get_dataset("s3://lake", "stage/orders.parquet")
    assert stage["id"] == {"namespace": "s3://lake", "name": "stage/orders.parquet"}
    assert stage["fields"] == [{"name": "amount", "type": "double", "tags": [],
                                "description": None}]  # fmt: skip
    assert stage["lastLifecycleState"] == "OVERWRITE"
    assert stage["facets"]["columnLineage"]["fields"]["amount"]["inputFields"][0]["field"] == \
        "price"  # fmt: skip
    orders = client.get_dataset("postgres://db:5432", "shop.public.orders")
    assert orders["description"] == "Orders as placed" and orders["sourceName"] == "shop-db"
    versions = client.list_dataset_versions("s3://lake", "stage/orders.parquet")
    assert versions["totalCount"] == 1
    assert versions["versions"][0]["createdByRun"] == {"id": R1}
    with pytest.raises(errors.APIError):
        client.get_dataset("s3://lake", "nope")
    with pytest.raises(errors.APIError):
        client.get_namespace("nope")


def test_jobs_and_runs(marquez: tuple[MarquezClient, str]) -> None:
    client, _ = marquez
    jobs = client.list_jobs("shop")
    assert jobs["totalCount"] == 3
    assert [j["name"] for j in jobs["jobs"]] == ["publish", "revenue", "stage_orders"]
    revenue = client.get_job("shop", "revenue")
    assert revenue["inputs"] == [{"namespace": "s3://lake", "name": "stage/orders.parquet"}]
    assert revenue["outputs"] == [{"namespace": "s3://lake", "name": "mart/revenue.parquet"}]
    assert revenue["latestRun"]["id"] == R3 and revenue["latestRun"]["state"] == "COMPLETED"
    assert revenue["type"] == "BATCH" and revenue["description"] == "the revenue job"
    runs = client.list_job_runs("shop", "revenue")
    assert runs["totalCount"] == 2
    assert [(r["id"], r["state"]) for r in runs["runs"]] == [(R3, "COMPLETED"), (R2, "FAILED")]
    run = client.get_job_run(R1)
    assert run["state"] == "COMPLETED" and run["durationMs"] == 5 * 60 * 1000
    assert run["startedAt"] == "2026-03-01T12:00:00Z"
    assert run["nominalStartTime"] == "2026-03-01T12:00:00Z"
    assert run["outputDatasetVersions"][0]["datasetVersionId"]["name"] == "stage/orders.parquet"
    declared = client.get_job("shop", "publish")
    assert declared["latestRun"]["id"] == declared_run_id(OLJob(namespace="shop", name="publish"))
    with pytest.raises(errors.APIError):
        client.get_job("shop", "nope")
    with pytest.raises(errors.APIError):
        client.get_job_run(str(uuid.UUID(int=99, version=4)))


def test_lineage_graph(marquez: tuple[MarquezClient, str]) -> None:
    _, url = marquez
    status, answer = get(url, "/api/v1/lineage", nodeId="dataset:s3://lake:stage/orders.parquet",
                         depth=20)  # fmt: skip
    assert status == 200
    nodes = {n["id"]: n for n in answer["graph"]}
    assert set(nodes) == {
        "dataset:postgres://db:5432:shop.public.orders", "job:shop:stage_orders",
        "dataset:s3://lake:stage/orders.parquet", "job:shop:revenue",
        "dataset:s3://lake:mart/revenue.parquet", "job:shop:publish"}
    stage = nodes["dataset:s3://lake:stage/orders.parquet"]
    assert stage["type"] == "DATASET" and stage["data"]["name"] == "stage/orders.parquet"
    assert stage["inEdges"] == [{"origin": "job:shop:stage_orders",
                                 "destination": "dataset:s3://lake:stage/orders.parquet"}]
    assert stage["outEdges"] == [{"origin": "dataset:s3://lake:stage/orders.parquet",
                                  "destination": "job:shop:revenue"}]
    assert nodes["job:shop:revenue"]["data"]["latestRun"]["id"] == R3
    status, near = get(url, "/api/v1/lineage", nodeId="job:shop:revenue", depth=1)
    assert status == 200 and {n["id"] for n in near["graph"]} == {
        "job:shop:revenue", "dataset:s3://lake:stage/orders.parquet",
        "dataset:s3://lake:mart/revenue.parquet"}
    for params, code in (({"nodeId": "dataset:s3://lake:nope"}, 404), ({}, 400),
                         ({"nodeId": "table:x:y"}, 400),
                         ({"nodeId": "job:shop:revenue", "depth": "-1"}, 400),
                         ({"nodeId": "job:shop:revenue", "depth": "1000"}, 400)):  # fmt: skip
        assert get(url, "/api/v1/lineage", **params)[0] == code, params
    assert get(url, "/api/v1/namespaces/shop/jobs", limit="x")[0] == 400
    assert get(url, "/api/v1/namespaces/shop/nothing")[0] == 404


def test_api_key_holds_for_marquez_routes(lineage: Lineage) -> None:
    with serving(create_app(lineage, api_key="s3cret")) as url:
        assert get(url, "/api/v1/namespaces")[0] == 401
        try:
            assert MarquezClient(url=url, api_key="s3cret").list_namespaces() == {
                "namespaces": []}
        finally:
            marquez_module._HEADERS.pop("Authorization", None)  # the client keeps it globally


def test_column_lineage(marquez: tuple[MarquezClient, str]) -> None:
    client, url = marquez
    answer = client.get_column_lineage_by_dataset_field("s3://lake", "stage/orders.parquet",
                                                        "amount")  # fmt: skip
    nodes = {n["id"]: n for n in answer["graph"]}
    amount = "datasetField:s3://lake:stage/orders.parquet:amount"
    price = "datasetField:postgres://db:5432:shop.public.orders:price"
    assert set(nodes) == {amount, price}
    assert nodes[amount]["data"]["inputFields"] == [{
        "namespace": "postgres://db:5432", "dataset": "shop.public.orders", "field": "price",
        "transformationDescription": None, "transformationType": None}]
    assert nodes[amount]["inEdges"] == [{"origin": price, "destination": amount}]
    assert nodes[price]["outEdges"] == [{"origin": price, "destination": amount}]
    down = client.get_column_lineage_by_dataset_field("postgres://db:5432", "shop.public.orders",
                                                      "price", with_downstream=True)
    assert {n["id"] for n in down["graph"]} == {amount, price}
    up_only = client.get_column_lineage_by_dataset("postgres://db:5432", "shop.public.orders")
    assert {n["id"] for n in up_only["graph"]} == {
        price, "datasetField:postgres://db:5432:shop.public.orders:id"}
    assert get(url, "/api/v1/column-lineage", nodeId="datasetField:s3://lake:nope:x")[0] == 404
    assert get(url, "/api/v1/column-lineage", nodeId="datasetField:s3://lake:stage/orders.parquet:"
               "nope")[0] == 404  # fmt: skip
