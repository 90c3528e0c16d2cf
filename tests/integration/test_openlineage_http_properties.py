"""Generated requests to the OpenLineage read routes of `serve` (Marquez's read API, the
column route of the page) and generated OpenLineage events of every kind: never a 5xx, and
a rejected event writes nothing. On a real Neo4j with a small OpenLineage graph."""

from __future__ import annotations

import http.client
import json
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import graphlineage
from graphlineage.client import Lineage
from graphlineage.web.app import create_app

from .neo4j_test_server import TestServer
from .served import serving

bounded = settings(max_examples=60, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow,
                                          HealthCheck.function_scoped_fixture])  # fmt: skip
SEGMENTS = ["s3://lake", "s3%3A%2F%2Flake", "stage%2Forders", "shop", "datasets", "jobs", "runs",
            "versions", "nope", "%", "%ZZ", "..", "%C3%A9", "%FF", "a" * 300]  # fmt: skip
NODE_IDS = ["dataset:s3://lake:stage/orders", "job:shop:stage", "dataset:", "job:", "x:y:z", ":",
            "datasetField:s3://lake:stage/orders:amount", "datasetField:s3://lake:stage/orders:",
            "dataset:s3://lake", "job:shop", "datasetField::::", "\udcff"]  # fmt: skip
texts = st.one_of(st.sampled_from(NODE_IDS), st.text(max_size=30))
numbers = st.one_of(st.sampled_from(["-1", "0", "1", "20", "101", "99999999999999999999", "",
                                     "\u00b2", "1e3"]), st.text(max_size=4))  # fmt: skip
paths = st.one_of(
    st.lists(st.sampled_from(SEGMENTS), max_size=5).map(
        lambda parts: "/api/v1/namespaces" + "".join("/" + p for p in parts)),
    st.sampled_from(["/api/v1/lineage", "/api/v1/column-lineage", "/api/v1/columns",
                     "/api/v1/jobs/runs/" + str(uuid.UUID(int=1, version=4)),
                     "/api/v1/jobs/runs/nope"]))  # fmt: skip
params = st.dictionaries(st.sampled_from(["nodeId", "depth", "limit", "offset", "ref", "column",
                                          "direction", "withDownstream", "skip"]),
                         st.one_of(texts, numbers), max_size=4)  # fmt: skip


def ol_events() -> list[dict[str, Any]]:
    stage = {"namespace": "s3://lake", "name": "stage/orders", "facets": {
        "schema": {"fields": [{"name": "amount"}]},
        "columnLineage": {"fields": {"amount": {"inputFields": [
            {"namespace": "s3://lake", "name": "raw", "field": "price"}]}}}}}
    return [{"eventType": "COMPLETE", "eventTime": "2026-03-01T12:00:00Z", "producer": "p",
             "run": {"runId": str(uuid.UUID(int=1, version=4))},
             "job": {"namespace": "shop", "name": "stage"},
             "inputs": [{"namespace": "s3://lake", "name": "raw"}], "outputs": [stage]}]


@pytest.fixture(scope="module")
def http_app(neo4j_server: TestServer) -> Iterator[tuple[str, int, Lineage]]:
    neo4j_server.wipe()
    graphlineage.reset_default_client()
    lineage = Lineage(neo4j_server.settings())
    lineage.ingest_openlineage(enumerate(ol_events(), 1))
    with serving(create_app(lineage, ui=True)) as url:
        parts = urlsplit(url)
        yield parts.hostname or "127.0.0.1", parts.port or 80, lineage
    lineage.close()
    graphlineage.reset_default_client()


def request(app: tuple[str, int, Lineage], method: str, target: str, body: bytes = b"") -> int:
    host, port, _ = app
    conn = http.client.HTTPConnection(host, port, timeout=60)
    try:
        conn.request(method, target, body=body, headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def counts(lineage: Lineage) -> Any:
    return lineage.cypher("MATCH (n) OPTIONAL MATCH (n)-[e]->() RETURN count(DISTINCT n) AS n, "
                          "count(e) AS e").rows  # fmt: skip


@bounded
@given(path=paths, query=params)
def test_read_routes_never_answer_5xx(http_app: tuple[str, int, Lineage], path: str,
                                      query: dict[str, str]) -> None:  # fmt: skip
    target = path + "?" + "&".join(f"{k}={quote(v, safe='', errors='surrogatepass')}"
                                   for k, v in query.items())  # fmt: skip
    status = request(http_app, "GET", target)
    assert status < 500, (status, target)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=3),
    max_leaves=12)  # fmt: skip
KINDS = ["RunEvent", "JobEvent", "DatasetEvent", "Other"]


@st.composite
def events(draw: Any) -> dict[str, Any]:
    kind = draw(st.sampled_from(KINDS))
    body: dict[str, Any] = {"eventTime": draw(st.sampled_from(
        ["2026-03-01T12:00:00Z", "2026-03-01T12:00:00", "yesterday", "2026-13-01T00:00:00"])),
        "producer": "p",
        "schemaURL": f"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/{kind}"}
    dataset = st.fixed_dictionaries({"namespace": st.sampled_from(["s3://lake", "", "x"]),
                                     "name": st.sampled_from(["stage/orders", "new", ""])},
                                    optional={"facets": st.dictionaries(st.sampled_from(
                                        ["schema", "columnLineage", "version", "ownership",
                                         "other"]), json_values, max_size=3)})  # fmt: skip
    if kind == "DatasetEvent":
        body["dataset"] = draw(st.one_of(dataset, json_values))
    else:
        body["job"] = draw(st.one_of(st.just({"namespace": "shop", "name": "gen"}), json_values))
        body["inputs"] = draw(st.lists(dataset, max_size=2))
        body["outputs"] = draw(st.one_of(st.lists(dataset, max_size=2), json_values))
    if kind == "RunEvent":
        body["run"] = {"runId": draw(st.one_of(st.uuids().map(str), st.text(max_size=5)))}
        body["eventType"] = draw(st.sampled_from(["START", "COMPLETE", "BOGUS"]))
    return body


@bounded
@given(event=events())
def test_generated_events_are_taken_or_refused_with_a_4xx(http_app: tuple[str, int, Lineage],
                                                          event: dict[str, Any]) -> None:
    before = counts(http_app[2])
    status = request(http_app, "POST", "/api/v1/lineage", json.dumps(event).encode())
    assert status in (200, 400), (status, event)
    if status != 200:
        assert counts(http_app[2]) == before
