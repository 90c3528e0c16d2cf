"""OpenLineage input shapes (one pretty-printed event, an array, NDJSON), event times without
a zone, JobEvents and DatasetEvents, datasets asked about by their OpenLineage names, and
facets kept as properties: through the CLI, the client and `serve`, on a real Neo4j."""

from __future__ import annotations

import json
import urllib.request
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from graphlineage.cli.main import cli
from graphlineage.client import Lineage
from graphlineage.ingest.openlineage import OLJob, declared_run_id
from graphlineage.web.app import create_app

from .served import serving

RUN = "3f5e83fa-3480-44ff-99c5-ff943cd7e4e0"
RUN2 = "4a1c2b3d-0000-4000-8000-000000000002"
SPEC = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/"


def run_event(run_id: str = RUN, time: str = "2026-03-01T12:00:00Z", kind: str = "COMPLETE",
              inputs: list[dict[str, Any]] | None = None,
              outputs: list[dict[str, Any]] | None = None, job: str = "clean_reviews",
              ) -> dict[str, Any]:  # fmt: skip
    return {
        "eventType": kind, "eventTime": time,
        "run": {"runId": run_id, "facets": {"nominalTime": {"nominalStartTime": time}}},
        "job": {"namespace": "audit", "name": job,
                "facets": {"sql": {"query": "SELECT * FROM raw"}}},
        "inputs": inputs if inputs is not None else [raw()],
        "outputs": outputs if outputs is not None else [clean()],
        "producer": "https://example.com/producer", "schemaURL": SPEC + "RunEvent",
    }  # fmt: skip


def raw() -> dict[str, Any]:
    return {"namespace": "s3://audit-bucket", "name": "raw/reviews.json",
            "inputFacets": {"dataQualityMetrics": {
                "rowCount": 10, "bytes": 500,
                "columnMetrics": {"email": {"nullCount": 1, "distinctCount": 9}}}}}  # fmt: skip


def clean() -> dict[str, Any]:
    return {
        "namespace": "s3://audit-bucket", "name": "clean/reviews.parquet",
        "facets": {
            "schema": {"fields": [{"name": "id", "type": "int"},
                                  {"name": "email", "type": "string"},
                                  {"name": "address", "type": "struct",
                                   "fields": [{"name": "city", "type": "string"}]}]},
            "dataSource": {"name": "audit-bucket", "uri": "s3://audit-bucket"},
            "ownership": {"owners": [{"name": "team:audit", "type": "MAINTAINER"}]},
            "documentation": {"description": "Reviews without spam"},
            "dataQualityAssertions": {"assertions": [
                {"assertion": "not_null", "success": True, "column": "id"}]},
            "lifecycleStateChange": {"lifecycleStateChange": "OVERWRITE"},
            "acme_custom": {"nested": {"values": [1, 2, 3]}, "flag": True},
        },
        "outputFacets": {"outputStatistics": {"rowCount": 9, "size": 400, "fileCount": 2}},
    }  # fmt: skip


def ingest(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["ingest", "openlineage", str(path)])
    return result.exit_code, result.output


def cli_out(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_one_pretty_printed_event_is_one_event(lineage: Lineage, tmp_path: Path) -> None:
    path = tmp_path / "event.json"
    path.write_text("\n\n" + json.dumps(run_event(), indent=2) + "\n")
    assert ingest(path) == (0, "Ingested 1 events, rejected 0.\n")
    assert lineage.run(RUN).status == "finished"
    # a broken pretty-printed event is one reject, at the line where the JSON breaks
    broken = json.dumps(run_event(RUN2), indent=2).splitlines()
    broken[5] = broken[5] + " oops"
    path.write_text("\n".join(broken))
    code, out = ingest(path)
    assert code == 3 and "Ingested 0 events, rejected 1." in out
    assert "rejected line 6: not JSON (one event over several lines" in out


def test_array_ndjson_and_single_line_event(lineage: Lineage, tmp_path: Path) -> None:
    events = [run_event(str(uuid.UUID(int=i, version=4))) for i in range(1, 4)]
    (tmp_path / "a.json").write_text(json.dumps(events, indent=1))
    (tmp_path / "b.ndjson").write_text("\n".join(json.dumps(e) for e in events) + "\n")
    (tmp_path / "c.json").write_text(json.dumps(events[0]))
    assert ingest(tmp_path / "a.json") == (0, "Ingested 3 events, rejected 0.\n")
    assert ingest(tmp_path / "b.ndjson") == (0, "Ingested 3 events, rejected 0.\n")
    assert ingest(tmp_path / "c.json") == (0, "Ingested 1 events, rejected 0.\n")
    # NDJSON with a bad line: the others are written, the bad one is named
    lines = [json.dumps(e) for e in events]
    lines.insert(1, "{oops")
    (tmp_path / "d.ndjson").write_text("\n".join(lines))
    code, out = ingest(tmp_path / "d.ndjson")
    assert code == 3 and "rejected line 2: not JSON" in out and "Ingested 3 events" in out


def test_event_time_without_a_zone_is_local_time(lineage: Lineage, tmp_path: Path) -> None:
    path = tmp_path / "naive.json"
    path.write_text(json.dumps(run_event(time="2026-03-01T12:00:00", kind="START")))
    assert ingest(path)[0] == 0
    expected = datetime(2026, 3, 1, 12, 0).astimezone()
    assert lineage.run(RUN).started_at == expected


def test_job_event_declares_a_jobs_lineage(lineage: Lineage, tmp_path: Path) -> None:
    job_event = {"eventTime": "2026-03-01T13:00:00Z", "producer": "https://example.com/p",
                 "schemaURL": SPEC + "JobEvent",
                 "job": {"namespace": "audit", "name": "publish_reviews",
                         "facets": {"jobType": {"processingType": "BATCH", "jobType": "JOB",
                                                "integration": "DBT"}}},
                 "inputs": [{"namespace": "s3://audit-bucket", "name": "clean/reviews.parquet"}],
                 "outputs": [{"namespace": "postgres://db:5432",
                              "name": "shop.public.reviews"}]}  # fmt: skip
    path = tmp_path / "events.ndjson"
    path.write_text(json.dumps(run_event()) + "\n" + json.dumps(job_event) + "\n")
    assert ingest(path) == (0, "Ingested 2 events, rejected 0.\n")
    declared = lineage.run(declared_run_id(OLJob(namespace="audit", name="publish_reviews")))
    assert declared.status == "declared" and declared.job_type == "publish_reviews"
    up = lineage.ancestry("dataset:postgres://db:5432/shop.public.reviews")
    assert [n.kind for n in up.nodes] == ["run", "artifact_version", "run", "artifact_version"]
    assert up.nodes[0].key == declared.id and up.nodes[2].key == RUN
    assert up.nodes[1].metadata is not None
    assert up.nodes[1].metadata["dataset"] == "s3://audit-bucket/clean/reviews.parquet"
    # the JobEvent reads the version the run wrote; replaying it changes nothing
    before = lineage.cypher("MATCH (n) RETURN count(n) AS n").rows
    assert ingest(path)[0] == 0
    assert lineage.cypher("MATCH (n) RETURN count(n) AS n").rows == before
    code, out = cli_out("impact", "dataset:s3://audit-bucket/clean/reviews.parquet")
    assert code == 0 and "publish_reviews · declared" in out
    assert "dataset · postgres://db:5432/shop.public.reviews" in out


def test_dataset_event_declares_a_dataset_and_its_facets(lineage: Lineage, tmp_path: Path) -> None:
    dataset_event = {"eventTime": "2026-03-01T10:00:00Z", "producer": "https://example.com/p",
                     "schemaURL": SPEC + "DatasetEvent",
                     "dataset": {"namespace": "bigquery", "name": "proj.sales.orders",
                                 "facets": {"schema": {"fields": [{"name": "total",
                                                                   "type": "NUMERIC"}]},
                                            "documentation": {"description": "Orders"}}}}
    path = tmp_path / "dataset.json"
    path.write_text(json.dumps(dataset_event, indent=2))
    assert ingest(path) == (0, "Ingested 1 events, rejected 0.\n")
    assert lineage.cypher("MATCH (r:Run) RETURN count(r) AS n").rows == [{"n": 0}]
    for ref in ("dataset:bigquery:proj.sales.orders", "dataset:bigquery/proj.sales.orders"):
        answer = lineage.ancestry(ref)
        assert answer.total == 0 and answer.root.metadata is not None
        assert answer.root.metadata["ol_name"] == "proj.sales.orders"
    # a later DatasetEvent updates the facets of the same version
    dataset_event["dataset"]["facets"] = {"schema": {"fields": [  # type: ignore[index]
        {"name": "total", "type": "NUMERIC"}, {"name": "tax", "type": "NUMERIC"}]}}
    path.write_text(json.dumps(dataset_event))
    assert ingest(path)[0] == 0
    rows = lineage.cypher("MATCH (a:Artifact)-[:HAS_VERSION]->(v) RETURN a.ol_documentation AS d,"
                          " v.ol_fields AS f").rows  # fmt: skip
    assert rows == [{"d": "Orders", "f": ["total", "tax"]}]


def test_datasets_are_asked_about_by_their_openlineage_names(
    lineage: Lineage, tmp_path: Path
) -> None:
    datasets = [
        ("s3://audit-bucket", "clean/reviews.parquet",
         ["dataset:s3://audit-bucket/clean/reviews.parquet"]),
        ("gs://bucket", "a/b.csv", ["dataset:gs://bucket/a/b.csv"]),
        ("postgres://db:5432", "shop.public.orders", ["dataset:postgres://db:5432/shop.public.orders"]),
        ("file", "/data/in/file1.txt", ["dataset:file:///data/in/file1.txt",
                                        "dataset:file:/data/in/file1.txt"]),
        ("file://localhost", "/in/file1.txt", ["dataset:file://localhost/in/file1.txt"]),
        ("kafka://broker:9092", "orders-topic", ["dataset:kafka://broker:9092/orders-topic"]),
        ("bigquery", "proj.ds.table", ["dataset:bigquery:proj.ds.table"]),
        ("snowflake://org-acct", "DB.SCHEMA.T", ["dataset:snowflake://org-acct/DB.SCHEMA.T"]),
    ]  # fmt: skip
    outputs = [{"namespace": ns, "name": name} for ns, name, _ in datasets]
    path = tmp_path / "e.json"
    path.write_text(json.dumps(run_event(inputs=[], outputs=outputs)))
    assert ingest(path)[0] == 0
    for namespace, name, refs in datasets:
        for ref in refs:
            root = lineage.ancestry(ref).root
            assert root.metadata is not None, ref
            assert (root.metadata["ol_namespace"], root.metadata["ol_name"]) == (namespace, name)
    code, out = cli_out("ancestry", "dataset:s3://audit-bucket/clean/reviews.parquet")
    assert code == 0, out
    assert "(dataset:s3://audit-bucket/clean/reviews.parquet)" in out
    assert "clean_reviews · finished" in out
    code, out = cli_out("ancestry", "dataset:s3://audit-bucket/nope.parquet")
    assert code == 4 and "no OpenLineage dataset 's3://audit-bucket/nope.parquet'" in out
    code, out = cli_out("ancestry", "dataset:")
    assert code == 3 and "invalid dataset ref" in out


def test_facets_are_queryable_and_unknown_ones_kept(lineage: Lineage, tmp_path: Path) -> None:
    path = tmp_path / "e.json"
    path.write_text(json.dumps(run_event()))
    assert ingest(path)[0] == 0
    (row,) = lineage.cypher(
        "MATCH (a:Artifact {ol_namespace: 's3://audit-bucket', ol_name: 'clean/reviews.parquet'})"
        "-[:HAS_VERSION]->(v) RETURN a {.ol_datasource_name, .ol_datasource_uri, .ol_owners,"
        " .ol_documentation, .ol_uri} AS a, v {.ol_fields, .ol_field_types, .ol_row_count,"
        " .ol_bytes, .ol_file_count, .ol_assertions_passed, .ol_facets} AS v").rows
    assert row["a"] == {"ol_datasource_name": "audit-bucket", "ol_datasource_uri": "s3://audit-bucket",
                        "ol_owners": ["team:audit"], "ol_documentation": "Reviews without spam",
                        "ol_uri": "s3://audit-bucket/clean/reviews.parquet"}  # fmt: skip
    facets = json.loads(row["v"].pop("ol_facets"))
    assert row["v"] == {"ol_fields": ["id", "email", "address", "address.city"],
                        "ol_field_types": ["int", "string", "struct", "string"],
                        "ol_row_count": 9, "ol_bytes": 400, "ol_file_count": 2,
                        "ol_assertions_passed": True}  # fmt: skip
    assert facets == {"acme_custom": clean()["facets"]["acme_custom"],
                      "lifecycleStateChange": {"lifecycleStateChange": "OVERWRITE"}}
    (q,) = lineage.cypher("MATCH (v:ArtifactVersion) WHERE v.ol_quality_row_count IS NOT NULL "
                          "RETURN v.ol_quality_row_count AS rows, v.ol_quality AS q").rows
    assert q["rows"] == 10 and json.loads(q["q"])["columnMetrics"]["email"]["nullCount"] == 1
    (run,) = lineage.cypher("MATCH (r:Run {id: $id}) RETURN r.ol_job_facets AS j, "
                            "r.ol_run_facets AS f", {"id": RUN}).rows  # fmt: skip
    assert json.loads(run["j"]) == {"sql": {"query": "SELECT * FROM raw"}}
    assert "nominalTime" in json.loads(run["f"])


def test_serve_takes_every_event_kind(lineage: Lineage) -> None:
    app = create_app(lineage)
    bodies = [
        {"eventTime": "2026-03-01T10:00:00", "producer": "p", "schemaURL": SPEC + "DatasetEvent",
         "dataset": {"namespace": "s3://b", "name": "k"}},
        {"eventTime": "2026-03-01T10:00:00Z", "producer": "p", "job": {"namespace": "n",
         "name": "j"}, "inputs": [{"namespace": "s3://b", "name": "k"}], "outputs": []},
        run_event(),
    ]  # fmt: skip
    answers = []
    with serving(app) as url:
        for body in bodies:
            request = urllib.request.Request(  # noqa: S310 - the test server
                url + "/api/v1/lineage", data=json.dumps(body).encode(), method="POST",
                headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                answers.append((response.status, json.loads(response.read())))
    assert answers == [(200, {"status": "ok"}), (200, {"status": "ok"}),
                       (200, {"status": "ok", "runId": RUN})]  # fmt: skip
    assert lineage.impact("dataset:s3://b/k").total == 1


def test_search_finds_datasets_by_namespace_and_name(lineage: Lineage, tmp_path: Path) -> None:
    path = tmp_path / "e.json"
    path.write_text(json.dumps(run_event()))
    assert ingest(path)[0] == 0
    found = {n.metadata["dataset"] for n in lineage.search("s3://audit-bucket")
             if n.metadata and "dataset" in n.metadata}  # fmt: skip
    assert found == {"s3://audit-bucket/raw/reviews.json",
                     "s3://audit-bucket/clean/reviews.parquet"}
    (hit,) = [n for n in lineage.search("s3://audit-bucket/clean") if n.kind == "artifact_version"]
    assert hit.metadata is not None and hit.metadata["ol_name"] == "clean/reviews.parquet"
    named = lineage.search("dataset:s3://audit-bucket/clean/reviews.parquet")
    assert named[0].key == hit.key
