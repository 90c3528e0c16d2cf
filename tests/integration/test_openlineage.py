"""OpenLineage RunEvents from a file (with out-of-order, duplicate and malformed events) and
from the real openlineage-python client over HTTP to a running `graphlineage serve` app."""

from __future__ import annotations

import gzip
import json
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openlineage.client import OpenLineageClient
from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
from openlineage.client.transport.http import ApiKeyTokenProvider, HttpConfig, HttpTransport

from graphlineage.cli.main import cli
from graphlineage.client import Lineage
from graphlineage.web.app import create_app

from .served import serving

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
RUN_A, RUN_B, PARENT = (str(uuid.UUID(int=i, version=4)) for i in (1, 2, 3))


def event(kind: str, run_id: str, job: str, minutes: int, inputs: list[dict[str, Any]] = (),  # type: ignore[assignment]
          outputs: list[dict[str, Any]] = (), **run_facets: Any) -> dict[str, Any]:  # type: ignore[assignment]  # fmt: skip
    return {
        "eventType": kind, "eventTime": (T0 + timedelta(minutes=minutes)).isoformat(),
        "run": {"runId": run_id, "facets": run_facets}, "job": {"namespace": "etl", "name": job},
        "inputs": list(inputs), "outputs": list(outputs), "producer": "https://example.com/test",
        "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
    }  # fmt: skip


def ds(name: str, version: str | None = None) -> dict[str, Any]:
    facets = {"version": {"datasetVersion": version}} if version else {}
    return {"namespace": "postgres://db:5432", "name": name, "facets": facets}


def valid_events() -> list[dict[str, Any]]:
    parent = {"parent": {"run": {"runId": PARENT}, "job": {"namespace": "airflow", "name": "dag"}}}
    return [
        event("START", RUN_A, "extract.users", 0, [ds("public.users")]),
        event("COMPLETE", RUN_A, "extract.users", 5, [ds("public.users")],
              [ds("staging.users", version="2026-03-01")]),
        # run B: COMPLETE arrives before START
        event("COMPLETE", RUN_B, "train", 30, [ds("staging.users", version="2026-03-01")],
              [ds("models/churn")], **parent),
        event("START", RUN_B, "train", 20, [ds("staging.users", version="2026-03-01")],
              **parent),
    ]  # fmt: skip


def snapshot(lineage: Lineage) -> dict[str, Any]:
    nodes = lineage.cypher("MATCH (n) WHERE NOT n:GraphlineageTestMarker "
                           "RETURN labels(n) AS l, properties(n) AS p ORDER BY elementId(n)").rows
    edges = lineage.cypher("MATCH (a)-[e]->(b) RETURN type(e) AS t, properties(e) AS p, "
                           "elementId(a) AS a, elementId(b) AS b ORDER BY a, b, t").rows
    for row in nodes:
        row["p"].pop("updated_at", None)
    return {"nodes": nodes, "edges": edges}


def ingest(path: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["ingest", "openlineage", str(path)])
    return result.exit_code, result.stdout, result.output


def test_file_with_out_of_order_duplicate_and_malformed_events(
    lineage: Lineage, tmp_path: Path
) -> None:
    events = valid_events()
    lines = [json.dumps(e) for e in events]
    lines.insert(2, json.dumps(events[0]))  # a duplicate
    lines.insert(3, "{not json")
    lines.insert(4, json.dumps({**events[0], "run": {"runId": "not-a-uuid"}}))
    lines.insert(5, json.dumps({**events[0], "eventTime": "2026-03-01T12:00:00"}))
    lines.insert(6, json.dumps({"dataset": {"namespace": "x", "name": "y"}, "eventTime": "x"}))
    path = tmp_path / "events.ndjson"
    path.write_text("\n".join(lines) + "\n")
    code, out, everything = ingest(path)
    assert code == 3, everything
    # an event time without a zone is local time (as Marquez reads it): line 6 is taken
    assert "Ingested 6 events, rejected 3." in out
    assert "rejected line 4: not JSON" in everything
    assert "rejected line 5: invalid OpenLineage RunEvent: run.runId" in everything
    assert "rejected line 7: invalid OpenLineage DatasetEvent: eventTime" in everything

    a = lineage.run(RUN_A)
    b = lineage.run(RUN_B)
    assert (a.status, b.status) == ("finished", "finished")  # START after COMPLETE kept it
    assert b.started_at == T0 + timedelta(minutes=20) and b.ended_at == T0 + timedelta(minutes=30)
    assert a.project == "etl" and a.name.startswith("extract.users-")
    assert a.job_type == "extract.users"
    up = lineage.ancestry(f"run:{RUN_B}")
    names = {n.name for n in up.nodes}
    assert {a.name, "public.users:v0"} <= names
    assert any(n.startswith("staging.users:v0") for n in names)
    parent = lineage.cypher("MATCH (:Run {id: $id})-[:CHILD_OF]->(p:Run) RETURN p.status AS s, "
                            "p.project AS project", {"id": RUN_B}).rows  # fmt: skip
    assert parent == [{"s": "unknown", "project": "airflow"}]

    before = snapshot(lineage)
    code, out, _ = ingest(path)  # replaying the same file changes nothing
    assert code == 3 and snapshot(lineage) == before


def test_json_array_and_dataset_versions(lineage: Lineage, tmp_path: Path) -> None:
    events = [
        event("COMPLETE", RUN_A, "load", 0, [], [ds("raw", version="a")]),
        event("COMPLETE", RUN_B, "load", 10, [], [ds("raw", version="b")]),
        # reads "raw" without a version facet: the version current at minute 5 is "a"
        event("COMPLETE", PARENT, "report", 5, [ds("raw")], []),
    ]
    path = tmp_path / "events.json"
    path.write_text(json.dumps(events))
    code, out, everything = ingest(path)
    assert code == 0, everything and "Ingested 3 events, rejected 0." in out
    used = lineage.cypher("MATCH (:Run {id: $id})-[:USED]->(v) RETURN v.metadata AS m",
                          {"id": PARENT}).rows  # fmt: skip
    assert json.loads(used[0]["m"])["ol_version"] == "a"
    assert [v.version for v in lineage.artifact_versions(artifact="raw")] == ["v1", "v0"]
    bad = tmp_path / "bad.json"
    bad.write_text("[1, ")
    code, _, everything = ingest(bad)
    assert code == 3 and "rejected item 1: not a JSON array" in everything


class Served:
    def __init__(self, url: str, key: str) -> None:
        self.url, self.key = url, key

    def post(self, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
        request = urllib.request.Request(  # noqa: S310 - http to the test server
            self.url + "/api/v1/lineage", data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read())


@pytest.fixture
def served(lineage: Lineage) -> Iterator[Served]:
    app = create_app(lineage, api_key="s3cret", max_body=64 * 1024)
    with serving(app) as url:
        yield Served(url, "s3cret")


def test_openlineage_client_over_http(lineage: Lineage, served: Served) -> None:
    transport = HttpTransport(HttpConfig(url=served.url, auth=ApiKeyTokenProvider(
        {"apiKey": served.key}), timeout=30))  # fmt: skip
    client = OpenLineageClient(transport=transport)
    run = Run(runId=str(uuid.uuid4()))
    job = Job(namespace="spark", name="daily_features")
    now = datetime.now(UTC)
    client.emit(RunEvent(eventType=RunState.START, eventTime=now.isoformat(), run=run, job=job,
                         producer="https://example.com/test",
                         inputs=[InputDataset(namespace="s3://lake", name="events")]))
    client.emit(RunEvent(eventType=RunState.COMPLETE,
                         eventTime=(now + timedelta(seconds=5)).isoformat(), run=run, job=job,
                         producer="https://example.com/test",
                         inputs=[InputDataset(namespace="s3://lake", name="events")],
                         outputs=[OutputDataset(namespace="s3://lake", name="features")]))
    stored = lineage.run(run.runId)
    assert stored.status == "finished"
    assert stored.project == "spark" and stored.job_type == "daily_features"
    impact = lineage.impact(lineage.ancestry(f"run:{run.runId}").nodes[0])
    assert f"run:spark/{stored.name}" in impact.refs


def test_http_errors_auth_and_limits(lineage: Lineage, served: Served) -> None:
    body = json.dumps(valid_events()[0]).encode()
    good = {"Authorization": f"Bearer {served.key}", "Content-Type": "application/json"}
    assert served.post(body, {"Content-Type": "application/json"})[0] == 401
    assert served.post(body, {**good, "Authorization": "Bearer nope"})[0] == 401
    status, answer = served.post(b"{oops", good)
    assert status == 400 and "not JSON" in answer["error"]
    status, answer = served.post(json.dumps({"eventTime": "x"}).encode(), good)
    assert status == 400 and "invalid OpenLineage RunEvent" in answer["error"]
    assert served.post(b"[" + b"1," * 40_000 + b"1]", good)[0] == 413
    zipped = {**good, "Content-Encoding": "gzip"}
    assert served.post(gzip.compress(b" " * 200_000), zipped)[0] == 413  # inflates past it
    status, answer = served.post(gzip.compress(body), zipped)
    assert status == 200 and answer["runId"] == RUN_A
    assert served.post(body, good) == (200, {"status": "ok", "runId": RUN_A})  # a replay
    assert lineage.run(RUN_A).status == "running"
    with urllib.request.urlopen(served.url + "/api/v1/health", timeout=10) as response:  # noqa: S310
        assert json.loads(response.read()) == {"status": "ok", "neo4j": "up"}


def test_serve_refuses_other_interfaces_without_an_api_key(lineage: Lineage) -> None:
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"],  # noqa: S104
                                env={"GRAPHLINEAGE_API_KEY": None})  # fmt: skip
    assert result.exit_code == 2 and "needs GRAPHLINEAGE_API_KEY" in result.output
