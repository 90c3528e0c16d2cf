"""Column-level lineage from OpenLineage `columnLineage` facets, exact on generated multi-hop
graphs (checked against networkx), through the client and the CLI, on a real Neo4j."""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

from graphlineage.cli.main import cli
from graphlineage.client import Lineage
from graphlineage.core.datasets import dataset_uri
from graphlineage.errors import InvalidInputError, NotFoundError

T0 = datetime(2026, 3, 1, tzinfo=UTC)
NAMESPACES = ["s3://lake", "postgres://db:5432", "bigquery", "file", "kafka://broker:9092"]
Column = tuple[str, str, str]  # namespace, name, field


def dataset_name(namespace: str, index: int) -> str:
    return f"/data/t{index}.csv" if namespace == "file" else f"layer.t{index}"


def generated(seed: int, layers: int = 6, width: int = 4,
              columns: int = 4) -> tuple[nx.DiGraph, list[dict[str, Any]]]:  # fmt: skip
    """A layered graph of datasets whose columns derive from columns of earlier layers (and
    one cycle within a dataset), and the OpenLineage events that state it: RunEvents,
    a JobEvent and a DatasetEvent, in a shuffled order."""
    rng = random.Random(seed)
    graph: nx.DiGraph = nx.DiGraph()
    datasets: list[list[tuple[str, str]]] = []
    index = 0
    for _ in range(layers):
        row = []
        for _ in range(width):
            namespace = rng.choice(NAMESPACES)
            row.append((namespace, dataset_name(namespace, index)))
            index += 1
        datasets.append(row)
    for row in datasets:
        for namespace, name in row:
            for c in range(columns):
                graph.add_node((namespace, name, f"c{c}"))
    events: list[dict[str, Any]] = []
    minutes = 0
    for layer in range(1, layers):
        for namespace, name in datasets[layer]:
            sources = rng.sample([d for row in datasets[:layer] for d in row], k=rng.randint(1, 3))
            fields: dict[str, Any] = {}
            for c in range(columns):
                picked = [(ns, n, f"c{rng.randrange(columns)}") for ns, n in sources
                          if rng.random() < 0.7]  # fmt: skip
                if not picked:
                    continue
                fields[f"c{c}"] = {"inputFields": [
                    {"namespace": ns, "name": n, "field": f,
                     "transformations": [{"type": "DIRECT", "subtype": "TRANSFORMATION"}]}
                    for ns, n, f in picked]}  # fmt: skip
                for source in picked:
                    graph.add_edge(source, (namespace, name, f"c{c}"))
            if layer == layers - 1 and fields:  # a cycle inside one dataset
                fields.setdefault("c0", {"inputFields": []})["inputFields"].append(
                    {"namespace": namespace, "name": name, "field": "c1"})
                graph.add_edge((namespace, name, "c1"), (namespace, name, "c0"))
                fields.setdefault("c1", {"inputFields": []})["inputFields"].append(
                    {"namespace": namespace, "name": name, "field": "c0"})
                graph.add_edge((namespace, name, "c0"), (namespace, name, "c1"))
            output = {"namespace": namespace, "name": name,
                      "facets": {"schema": {"fields": [{"name": f"c{c}", "type": "int"}
                                                       for c in range(columns)]},
                                 "columnLineage": {"fields": fields}}}  # fmt: skip
            inputs = [{"namespace": ns, "name": n} for ns, n in sources]
            minutes += 1
            time = (T0 + timedelta(minutes=minutes)).isoformat()
            kind = rng.random()
            if kind < 0.1:
                events.append({"eventTime": time, "producer": "p",
                               "dataset": output})  # a DatasetEvent
            elif kind < 0.2:
                events.append({"eventTime": time, "producer": "p",
                               "job": {"namespace": "gen", "name": f"job{index}-{minutes}"},
                               "inputs": inputs, "outputs": [output]})  # a JobEvent
            else:
                run_id = str(uuid.UUID(int=seed * 10_000 + minutes, version=4))
                events.append({"eventType": "COMPLETE", "eventTime": time, "producer": "p",
                               "run": {"runId": run_id},
                               "job": {"namespace": "gen", "name": f"job{minutes}"},
                               "inputs": inputs, "outputs": [output]})  # fmt: skip
    # the inputs of the first layer are named too (schema facets), so every column exists
    for namespace, name in datasets[0]:
        events.append({"eventTime": T0.isoformat(), "producer": "p", "dataset": {
            "namespace": namespace, "name": name, "facets": {"schema": {"fields": [
                {"name": f"c{c}"} for c in range(columns)]}}}})  # fmt: skip
    rng.shuffle(events)
    return graph, events


def ref(column: Column) -> str:
    return "dataset:" + dataset_uri(column[0], column[1])


def answered(result: Any) -> dict[Column, int]:
    return {(n.namespace, n.name, n.column): n.distance for n in result.nodes}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_column_lineage_is_exact(lineage: Lineage, tmp_path: Path, seed: int) -> None:
    graph, events = generated(seed)
    path = tmp_path / "events.ndjson"
    path.write_text("\n".join(json.dumps(e) for e in events))
    result = CliRunner().invoke(cli, ["ingest", "openlineage", str(path)])
    assert result.exit_code == 0, result.output
    reverse = graph.reverse(copy=False)
    rng = random.Random(seed)
    for column in rng.sample(sorted(graph.nodes), 25):
        for direction, ask, walked in (("up", lineage.column_ancestry, reverse),
                                       ("down", lineage.column_impact, graph)):  # fmt: skip
            expected = nx.single_source_shortest_path_length(walked, column)
            expected.pop(column)
            answer = ask(ref(column), column[2], limit=None)
            assert answered(answer) == expected, (direction, column)
            assert answer.total == len(expected) and not answer.truncated
            # the edges are the graph's, from each column toward the one asked about
            members = set(expected) | {column}
            keys = {n.key: (n.namespace, n.name, n.column) for n in (answer.root, *answer.nodes)}
            got = {(keys[e.source], keys[e.target]) for e in answer.edges}
            near = [(u, v) for u, v in graph.edges if u in members and v in members
                    and (u if direction == "up" else v) in expected]  # fmt: skip
            assert got == set(near), (direction, column)
            # a depth bound and pages give the same nodes
            bounded = ask(ref(column), column[2], 2, limit=None)
            assert answered(bounded) == {c: d for c, d in expected.items() if d <= 2}
            paged: dict[Column, int] = {}
            for skip in range(0, len(expected) + 1, 7):
                page = ask(ref(column), column[2], limit=7, skip=skip)
                assert page.total == len(expected)
                paged.update(answered(page))
            assert paged == expected
    # replaying the events changes nothing
    count = "MATCH (c:Column) OPTIONAL MATCH (c)-[f:FEEDS]->() RETURN count(DISTINCT c) AS c, " \
            "count(f) AS f"  # fmt: skip
    before = lineage.cypher(count).rows
    assert before == [{"c": graph.number_of_nodes(), "f": graph.number_of_edges()}]
    assert CliRunner().invoke(cli, ["ingest", "openlineage", str(path)]).exit_code == 0
    assert lineage.cypher(count).rows == before


def test_column_questions_in_the_cli(lineage: Lineage, tmp_path: Path) -> None:
    orders = {"namespace": "postgres://db:5432", "name": "shop.public.orders",
              "facets": {"schema": {"fields": [{"name": "price"}, {"name": "qty"},
                                               {"name": "email"}]}}}  # fmt: skip
    stage = {"namespace": "s3://lake", "name": "stage/orders", "facets": {"columnLineage": {
        "fields": {
            "amount": {"inputFields": [
                {"namespace": "postgres://db:5432", "name": "shop.public.orders", "field": f,
                 "transformations": [{"type": "DIRECT", "subtype": "TRANSFORMATION"}]}
                for f in ("price", "qty")]},
            "contact": {"inputFields": [
                {"namespace": "postgres://db:5432", "name": "shop.public.orders",
                 "field": "email"}], "transformationType": "IDENTITY"}}}}}  # fmt: skip
    mart = {"namespace": "bigquery", "name": "proj.mart.revenue", "facets": {"columnLineage": {
        "fields": {"total": {"inputFields": [
            {"namespace": "s3://lake", "name": "stage/orders", "field": "amount",
             "transformations": [{"type": "DIRECT", "subtype": "AGGREGATION"},
                                 {"type": "INDIRECT", "subtype": "FILTER"}]}]},
                   "customers": {"inputFields": [
            {"namespace": "s3://lake", "name": "stage/orders", "field": "contact",
             "transformations": [{"type": "DIRECT", "subtype": "AGGREGATION",
                                  "masking": True}]}]}}}}}  # fmt: skip
    events = [
        {"eventType": "COMPLETE", "eventTime": "2026-03-01T12:00:00Z", "producer": "p",
         "run": {"runId": str(uuid.UUID(int=1, version=4))},
         "job": {"namespace": "shop", "name": "stage"}, "inputs": [orders], "outputs": [stage]},
        {"eventType": "COMPLETE", "eventTime": "2026-03-01T13:00:00Z", "producer": "p",
         "run": {"runId": str(uuid.UUID(int=2, version=4))},
         "job": {"namespace": "shop", "name": "mart"}, "inputs": [stage], "outputs": [mart]},
    ]  # fmt: skip
    path = tmp_path / "events.json"
    path.write_text(json.dumps(events))
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", "openlineage", str(path)]).exit_code == 0
    up = runner.invoke(cli, ["ancestry", "dataset:bigquery:proj.mart.revenue", "--column", "total"])
    assert up.exit_code == 0, up.output
    lines = up.output.splitlines()
    assert lines[0] == ("Column ancestry of dataset:bigquery:proj.mart.revenue#total "
                        "(3 columns upstream, in 2 datasets)")  # fmt: skip
    assert "s3://lake/stage/orders" in lines[2] and "amount" in lines[2]
    assert "→ total (DIRECT/AGGREGATION, INDIRECT/FILTER)" in lines[2]
    assert {line.split()[2] for line in lines[3:]} == {"price", "qty"}
    down = runner.invoke(cli, ["impact", "dataset:postgres://db:5432/shop.public.orders",
                               "--column", "email", "--format", "json"])  # fmt: skip
    assert down.exit_code == 0, down.output
    answer = json.loads(down.output)
    assert [(n["dataset"], n["column"], n["distance"]) for n in answer["nodes"]] == [
        ("s3://lake/stage/orders", "contact", 1), ("bigquery:proj.mart.revenue", "customers", 2)]
    assert answer["datasets"] == ["s3://lake/stage/orders", "bigquery:proj.mart.revenue"]
    assert [e["types"] for e in answer["edges"]] == [["IDENTITY"],
                                                     ["DIRECT/AGGREGATION (masking)"]]
    # a column with no lineage has an empty answer; an unknown one lists those that exist
    assert lineage.column_impact("dataset:bigquery:proj.mart.revenue", "total").total == 0
    with pytest.raises(NotFoundError, match="existing: email, price, qty"):
        lineage.column_impact("dataset:postgres://db:5432/shop.public.orders", "nope")
    with pytest.raises(InvalidInputError, match="not a dataset ref"):
        lineage.column_ancestry("run:shop/x", "total")
    wrong = runner.invoke(cli, ["ancestry", "dataset:bigquery:proj.mart.revenue", "--column",
                                "total", "--format", "dot"])  # fmt: skip
    assert wrong.exit_code == 2 and "--column answers as a table or json" in wrong.output
    # the artifact ref names the same dataset
    key = lineage.cypher("MATCH (a:Artifact {ol_name: 'proj.mart.revenue'}) RETURN a.key AS k"
                         ).rows[0]["k"]  # fmt: skip
    assert lineage.column_ancestry(key, "total").total == 3


def test_column_route_of_the_page(lineage: Lineage, tmp_path: Path) -> None:
    import urllib.error
    import urllib.request

    from graphlineage.web.app import create_app

    from .served import serving

    graph, events = generated(7, layers=3, width=2, columns=2)
    path = tmp_path / "events.ndjson"
    path.write_text("\n".join(json.dumps(e) for e in events))
    assert CliRunner().invoke(cli, ["ingest", "openlineage", str(path)]).exit_code == 0
    column = max(graph.nodes, key=lambda n: len(nx.ancestors(graph, n)))
    query = f"ref={ref(column)}&column={column[2]}&direction=upstream"
    with serving(create_app(lineage, ui=True)) as url:
        from urllib.parse import quote

        with urllib.request.urlopen(url + "/api/v1/columns?" + quote(query, safe="=&"),  # noqa: S310
                                    timeout=30) as response:  # fmt: skip
            answer = json.loads(response.read())
        assert {(n["namespace"], n["name"], n["column"]) for n in answer["nodes"]} == \
            nx.ancestors(graph, column)  # fmt: skip
        for bad, code in (("direction=sideways", 400), ("column=nope", 404)):
            try:
                urllib.request.urlopen(url + "/api/v1/columns?" + quote(  # noqa: S310
                    f"ref={ref(column)}&column={column[2]}&{bad}", safe="=&"), timeout=30)
            except urllib.error.HTTPError as err:
                assert err.code == code, bad
            else:
                raise AssertionError(bad)
