"""Ancestry, impact, path and subgraph on a generated graph of ~11k nodes (40 stacked
diamonds, a 1200-hop chain, a hub with 3000 consumers, a random DAG over all of them)
equal networkx's answers over the same edges."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator

import networkx as nx
import pytest

from graphlineage.client import Lineage

from .generated_graphs import GeneratedGraph, chain, diamonds, hub, random_dag
from .neo4j_test_server import TestServer


class Loaded:
    def __init__(self, graph: GeneratedGraph, lineage: Lineage) -> None:
        self.graph = graph
        self.lineage = lineage
        self.flow = graph.flow_graph()
        self.back = self.flow.reverse(copy=False)


@pytest.fixture(scope="module")
def loaded(neo4j_server: TestServer) -> Iterator[Loaded]:
    neo4j_server.wipe()
    graph = GeneratedGraph()
    marks = graph.marks
    marks["diamond_first"], marks["diamond_last"] = diamonds(graph, 40)
    marks["chain_first"], marks["chain_last"] = chain(graph, 600)
    marks["hub"] = hub(graph, 3000)
    hub_outputs = [f"gen/hub{i}:v0" for i in range(0, 3000, 300)]
    random_dag(graph, 1500, seed=7,
               inputs=[marks["chain_last"], marks["diamond_last"], *hub_outputs])  # fmt: skip
    lineage = Lineage(neo4j_server.settings())
    lineage.connect()  # applies the schema before the bulk load uses its indexes
    graph.load(neo4j_server.connect())
    yield Loaded(graph, lineage)
    lineage.close()
    neo4j_server.wipe()


def _expected(graph: nx.DiGraph, ref: str, depth: int | None = None) -> dict[str, int]:
    lengths = nx.single_source_shortest_path_length(graph, ref, cutoff=depth)
    return {node: d for node, d in lengths.items() if node != ref}


def _targets(loaded: Loaded, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    nodes = sorted(loaded.flow.nodes)
    return rng.sample(nodes, count)


def test_ancestry_of_deep_chain_and_diamonds_matches_networkx(loaded: Loaded) -> None:
    g = loaded.graph
    for ref in (g.marks["chain_last"], g.marks["diamond_last"]):
        answer = loaded.lineage.ancestry(ref, limit=None)
        assert {n.ref: n.distance for n in answer.nodes} == _expected(loaded.back, ref)
        assert answer.total == len(answer.nodes) and not answer.truncated
    deepest = loaded.lineage.ancestry(g.marks["chain_last"], limit=1, skip=1199)
    assert [n.ref for n in deepest.nodes] == ["gen/chain0:v0"]
    assert deepest.nodes[0].distance == 1200 and deepest.total == 1200


def test_impact_of_hub_and_diamond_source_matches_networkx(loaded: Loaded) -> None:
    g = loaded.graph
    for ref in (g.marks["hub"], g.marks["diamond_first"]):
        answer = loaded.lineage.impact(ref, limit=None)
        expected = _expected(loaded.flow, ref)
        assert {n.ref: n.distance for n in answer.nodes} == expected
        linked = {
            (target, source)
            for source, rel, target in g.edges
            if rel == "LINKED_TO" and (source in expected or source == ref)
        }
        assert {(r.model, r.artifact_version) for r in answer.registry} == linked
        assert linked, "the generated graph links some downstream versions to models"


@pytest.mark.parametrize("depth", [0, 1, 2, 5])
def test_depth_bound_matches_networkx_cutoff(loaded: Loaded, depth: int) -> None:
    ref = loaded.graph.marks["hub"]
    answer = loaded.lineage.impact(ref, max_depth=depth, limit=None)
    assert {n.ref: n.distance for n in answer.nodes} == _expected(loaded.flow, ref, depth)
    up = loaded.lineage.ancestry(loaded.graph.marks["chain_last"], max_depth=depth, limit=None)
    assert up.total == depth


def test_random_targets_match_networkx_both_ways(loaded: Loaded) -> None:
    for ref in _targets(loaded, 40, seed=1):
        up = loaded.lineage.ancestry(ref, limit=None)
        assert {n.ref: n.distance for n in up.nodes} == _expected(loaded.back, ref), ref
        down = loaded.lineage.impact(ref, limit=None)
        assert {n.ref: n.distance for n in down.nodes} == _expected(loaded.flow, ref), ref


def test_pages_cover_the_answer_in_order(loaded: Loaded) -> None:
    ref = loaded.graph.marks["hub"]
    whole = loaded.lineage.impact(ref, limit=None)
    pages, skip = [], 0
    while True:
        page = loaded.lineage.impact(ref, limit=1000, skip=skip)
        assert page.total == whole.total
        pages.extend(page.nodes)
        skip += 1000
        if not page.truncated:
            break
    assert [n.ref for n in pages] == [n.ref for n in whole.nodes]
    distances = [n.distance for n in whole.nodes]
    assert distances == sorted(distances)  # type: ignore[type-var]


def _check_path(loaded: Loaded, path_nodes: list[str], length: int) -> None:
    assert len(path_nodes) == length + 1
    for a, b in itertools.pairwise(path_nodes):
        assert loaded.flow.has_edge(a, b), (a, b)


def test_paths_are_shortest_and_exist_in_networkx(loaded: Loaded) -> None:
    rng = random.Random(3)
    checked = 0
    for target in _targets(loaded, 60, seed=2):
        ancestors = sorted(nx.ancestors(loaded.flow, target))
        if not ancestors:
            continue
        source = rng.choice(ancestors)
        answer = loaded.lineage.path(source, target, limit=5)
        expected = nx.shortest_path_length(loaded.flow, source, target)
        assert answer.direction == "downstream" and answer.length == expected
        count = sum(1 for _ in zip(range(6), nx.all_shortest_paths(loaded.flow, source, target),
                                   strict=False))  # fmt: skip
        assert len(answer.paths) == min(count, 5) and answer.truncated == (count > 5)
        for p in answer.paths:
            _check_path(loaded, [n.ref for n in p.nodes], expected)
        reverse = loaded.lineage.path(target, source, limit=1)
        assert reverse.direction == "upstream" and reverse.length == expected
        checked += 1
    assert checked >= 20


def test_path_through_stacked_diamonds_and_no_path(loaded: Loaded) -> None:
    first, last = loaded.graph.marks["diamond_first"], loaded.graph.marks["diamond_last"]
    answer = loaded.lineage.path(first, last, limit=3)
    assert answer.length == 160 and len(answer.paths) == 3 and answer.truncated
    unrelated = loaded.lineage.path(last, loaded.graph.marks["hub"])
    assert unrelated.direction is None and unrelated.paths == []


def test_subgraph_levels_match_networkx(loaded: Loaded) -> None:
    for ref in _targets(loaded, 15, seed=4):
        answer = loaded.lineage.subgraph(ref, up=2, down=2, limit=100_000)
        expected = {ref} | set(_expected(loaded.back, ref, 2)) | set(_expected(loaded.flow, ref, 2))
        assert {n.ref for n in answer.nodes} == expected and not answer.truncated
        among = {(a, b) for a, b in loaded.flow.subgraph(expected).edges}
        drawn = {(e.target, e.source) if e.type == "USED" else (e.source, e.target)
                 for e in answer.edges}  # fmt: skip
        assert drawn == among


def test_subgraph_of_a_hub_is_cut_at_the_limit(loaded: Loaded) -> None:
    answer = loaded.lineage.subgraph(loaded.graph.marks["hub"], up=0, down=2, limit=50)
    assert len(answer.nodes) == 50 and answer.truncated
    refs = {n.ref for n in answer.nodes}
    assert all(e.source in refs and e.target in refs for e in answer.edges)
