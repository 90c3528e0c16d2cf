"""Reading OpenLineage input without a database: the three file shapes, the three event
kinds, dataset names and refs, and generated bad input (typed errors only)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphlineage.core.datasets import candidates, dataset_uri, parse_dataset_ref
from graphlineage.core.refs import DatasetRef, parse_node_ref
from graphlineage.errors import InvalidInputError, InvalidRefError
from graphlineage.ingest.ol_facets import version_properties
from graphlineage.ingest.openlineage import (
    DatasetEvent,
    JobEvent,
    RunEvent,
    event_row,
    parse_event,
    read_events,
)

EVENT = {"eventType": "START", "eventTime": "2026-03-01T12:00:00Z",
         "run": {"runId": "3f5e83fa-3480-44ff-99c5-ff943cd7e4e0"},
         "job": {"namespace": "n", "name": "j"}, "producer": "p"}  # fmt: skip


def shapes(text: str) -> list[tuple[int, Any]]:
    return [(n, str(v) if isinstance(v, InvalidInputError) else v) for n, v in read_events(text)]


def test_three_shapes() -> None:
    pretty = json.dumps(EVENT, indent=2)
    assert shapes("\n\n" + pretty) == [(3, EVENT)]
    assert shapes(json.dumps([EVENT, EVENT])) == [(1, EVENT), (2, EVENT)]
    assert shapes(json.dumps(EVENT) + "\n\n" + json.dumps(EVENT)) == [(1, EVENT), (3, EVENT)]
    assert shapes("") == [] and shapes(" \n ") == []
    # NDJSON whose first line is broken is still NDJSON
    assert shapes("{oops\n" + json.dumps(EVENT)) == [
        (1, "not JSON: Expecting property name enclosed in double quotes: line 1 column 2 "
            "(char 1)"), (2, EVENT)]  # fmt: skip
    (number, error), = shapes(pretty.replace('"START"', "START"))
    assert number == 2 and error.startswith("not JSON (one event over several lines")


def test_event_kinds() -> None:
    assert isinstance(parse_event(EVENT), RunEvent)
    job = {"eventTime": "2026-03-01T12:00:00", "job": {"namespace": "n", "name": "j"},
           "producer": "p"}
    assert isinstance(parse_event(job), JobEvent)
    dataset = {"eventTime": "2026-03-01T12:00:00", "dataset": {"namespace": "n", "name": "d"}}
    assert isinstance(parse_event(dataset), DatasetEvent)
    assert parse_event(dataset).event_time.tzinfo is not None  # local time
    with pytest.raises(InvalidInputError, match=r"invalid OpenLineage JobEvent: job\.name"):
        parse_event({**job, "job": {"namespace": "n"}})
    with pytest.raises(InvalidInputError, match=r"invalid OpenLineage RunEvent: run\.runId"):
        parse_event({**EVENT, "run": {"runId": "x"}})
    url = {**job, "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"}
    with pytest.raises(InvalidInputError, match="invalid OpenLineage RunEvent: run"):
        parse_event(url)  # the schema URL says which kind it claims to be


@pytest.mark.parametrize(("namespace", "name", "uri"), [
    ("s3://audit-bucket", "clean/reviews.parquet", "s3://audit-bucket/clean/reviews.parquet"),
    ("gs://b", "k/x.csv", "gs://b/k/x.csv"),
    ("postgres://db:5432", "shop.public.orders", "postgres://db:5432/shop.public.orders"),
    ("file", "/tmp/in.csv", "file:///tmp/in.csv"),
    ("file://host", "/tmp/in.csv", "file://host/tmp/in.csv"),
    ("bigquery", "p.d.t", "bigquery:p.d.t"),
    ("kafka://broker:9092", "topic", "kafka://broker:9092/topic"),
    ("arn:aws:glue:us-east-1:123", "table/db/t", "arn:aws:glue:us-east-1:123/table/db/t"),
    ("my namespace", "x", "my namespace/x"),
])  # fmt: skip
def test_dataset_uri_reads_back(namespace: str, name: str, uri: str) -> None:
    assert dataset_uri(namespace, name) == uri
    assert (namespace, name) in candidates(uri)
    ref = parse_node_ref("dataset:" + uri)
    assert isinstance(ref, DatasetRef) and (namespace, name) in ref.candidates


@pytest.mark.parametrize("text", ["dataset:", "dataset:   ", "dataset:nosplit", "dataset:a\x00/b"])
def test_bad_dataset_refs(text: str) -> None:
    with pytest.raises(InvalidRefError):
        parse_dataset_ref(text)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.just(2**70) | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=20)  # fmt: skip
FIELDS = st.sampled_from(["eventType", "eventTime", "run", "job", "inputs", "outputs",
                          "dataset", "producer", "schemaURL", "facets"])  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(FIELDS, JSON, max_size=8), st.dictionaries(st.text(max_size=12), JSON))
def test_generated_events_parse_or_fail_typed(fields: dict[str, Any],
                                              facets: dict[str, Any]) -> None:  # fmt: skip
    for data in (fields, {**EVENT, **fields},
                 {**EVENT, "outputs": [{"namespace": "n", "name": "d", "facets": facets,
                                        "outputFacets": facets, "inputFacets": facets}]}):
        try:
            event = parse_event(data)
        except InvalidInputError:
            continue
        event_row(event)  # whatever the facets hold, a row is built


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["schema", "version", "dataQualityMetrics",
                                        "outputStatistics", "ownership", "dataSource",
                                        "columnLineage", "other"]), JSON))  # fmt: skip
def test_odd_facets_never_break(facets: dict[str, Any]) -> None:
    props = version_properties(facets, facets, facets)
    assert all(value is not None for value in props.values())
    for value in props.values():  # every property is a value Neo4j stores
        assert isinstance(value, str | int | float | bool | list)
        assert not isinstance(value, int) or -(2**63) <= value < 2**63


def test_column_lineage_from_both_facets() -> None:
    from graphlineage.ingest.openlineage import column_rows

    source = {"namespace": "pg://w:5432", "name": "public.customers", "field": "id",
              "transformations": [{"type": "DIRECT", "subtype": "IDENTITY", "masking": False}]}
    facets = [
        {"columnLineage": {"fields": {"customer_id": {"inputFields": [source]}}}},
        {"lineage": {"fields": {"customer_id": {"inputs": [{**source, "type": "DATASET"},
                                                           {**source, "type": "JOB"}]}}}},
    ]  # fmt: skip
    for facet in facets:
        event = parse_event({**EVENT, "outputs": [{"namespace": "s3://b", "name": "c",
                                                   "facets": facet}]})  # fmt: skip
        rows = column_rows([event])
        assert [(e["source"].split("#")[1], e["target"].split("#")[1], e["types"])
                for e in rows.edges.values()] == [("id", "customer_id", ["DIRECT/IDENTITY"])]


def test_an_artifact_named_dataset_keeps_its_refs() -> None:
    from graphlineage.core.refs import ArtifactRef

    for text, selector in (("dataset:v3", "v3"), ("dataset:latest", "latest"),
                           ("dataset", "latest")):  # fmt: skip
        ref = parse_node_ref(text)
        assert isinstance(ref, ArtifactRef) and (ref.name, ref.selector) == ("dataset", selector)
    assert isinstance(parse_node_ref("dataset:s3://b/k"), DatasetRef)
    assert isinstance(parse_node_ref("dataset:bigquery:p.d.t"), DatasetRef)
    with pytest.raises(InvalidRefError, match="invalid dataset ref"):
        parse_node_ref("dataset:")
