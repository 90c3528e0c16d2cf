"""The query part of the benchmark: ancestry, impact and path through the public API, beside
networkx and SQLite, the driver's own ``RETURN 1``, lean answers, and the first question
after a burst of writes in a fresh process.

``python -m benchmarks.queries --scale S`` runs only this part (its own server, or ``--uri``
whose database is wiped); ``python -m benchmarks`` runs it with the ingest measurements.
"""

from __future__ import annotations

import multiprocessing
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from benchmarks.references import SqliteLineage
from graphlineage.client import Lineage
from graphlineage.core.settings import Settings

QUANTILES = {"p50_ms": 0.50, "p95_ms": 0.95, "p99_ms": 0.99, "p999_ms": 0.999}


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50/p95/p99/p99.9 and the mean, in ms (nearest rank: with fewer than 1,000 samples
    p99.9 is the largest)."""
    ordered = sorted(samples)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    return {**{name: at(q) for name, q in QUANTILES.items()},
            "mean_ms": statistics.fmean(ordered) * 1000, "n": len(ordered)}  # fmt: skip


def _timed(function: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


class Mismatch(AssertionError):
    pass


def _check(label: str, got: dict[str, int], expected: dict[str, int]) -> None:
    if got != expected:
        missing = sorted(set(expected) - set(got))[:5]
        extra = sorted(set(got) - set(expected))[:5]
        raise Mismatch(f"{label}: {len(got)} nodes vs networkx {len(expected)}; "
                       f"missing {missing}, extra {extra}")  # fmt: skip


def pick_targets(flow: Any, count: int, seed: int) -> dict[str, list[str]]:
    """Hub dataset versions (most consumers), leaves at the end of the deepest chains, and
    random nodes, all chosen by the seed."""
    import networkx as nx

    rng = random.Random(seed)
    versions = [n for n in flow.nodes if not n.startswith(("run:", "registry:"))]
    hubs = sorted(versions, key=lambda n: (-flow.out_degree(n), n))[:count]
    depth: dict[str, int] = {}
    for node in nx.topological_sort(flow):
        depth[node] = max((depth[p] + 1 for p in flow.predecessors(node)), default=0)
    leaves = [n for n in versions if flow.out_degree(n) == 0 or "/model-" in n]
    deep = sorted(leaves, key=lambda n: (-depth[n], n))[:count]
    return {"hub": hubs, "deep_leaf": deep,
            "random": rng.sample(sorted(flow.nodes), min(count, flow.number_of_nodes()))}


class _Samples:
    def __init__(self) -> None:
        self.timings: dict[str, list[float]] = {}
        self.sizes: dict[str, list[int]] = {}

    def add(self, name: str, seconds: float, size: int) -> None:
        self.timings.setdefault(name, []).append(seconds)
        self.sizes.setdefault(name, []).append(size)

    def summary(self) -> dict[str, Any]:
        return {name: {**percentiles(samples), "mean_size": statistics.fmean(self.sizes[name])}
                for name, samples in self.timings.items()}  # fmt: skip


def _lean(lineage: Lineage, question: str, ref: str) -> tuple[float, dict[str, int]] | None:
    """A lean answer (refs, kinds, distances), if this version of the API has one."""
    function = getattr(lineage, f"{question}_refs", None)
    if function is None:
        return None
    seconds, answer = _timed(function, ref, limit=None)
    return seconds, {n.ref: n.distance for n in answer.nodes}


def measure_queries(lineage: Lineage, flow: Any, sqlite: SqliteLineage,
                    targets: dict[str, list[str]]) -> dict[str, Any]:  # fmt: skip
    """Times ancestry, impact and path per target class, through the public API (answers
    materialised, and lean), networkx and SQLite; every answer must equal networkx's."""
    import networkx as nx

    back = flow.reverse(copy=False)
    rng = random.Random(11)
    driver, database = lineage.store.connection.driver, lineage.store.database
    results: dict[str, Any] = {}
    for cls, refs in targets.items():
        samples = _Samples()
        for ref in refs:
            # the floor, interleaved with the questions so that it sees the same machine
            seconds, _ = _timed(driver.execute_query, "RETURN 1 AS one", database_=database)
            samples.add("return_1/driver", seconds, 1)
            for question, graph in (("ancestry", back), ("impact", flow)):
                seconds, answer = _timed(getattr(lineage, question), ref, limit=None)
                got = {n.ref: n.distance for n in answer.nodes}
                nx_seconds, lengths = _timed(nx.single_source_shortest_path_length, graph, ref)
                expected = {n: d for n, d in lengths.items() if n != ref}
                _check(f"{question} {ref}", got, expected)
                lean = _lean(lineage, question, ref)
                if lean is not None:
                    _check(f"lean {question} {ref}", lean[1], expected)
                    samples.add(f"{question}/lean", lean[0], len(lean[1]))
                sql_seconds, sql = _timed(getattr(sqlite, question), ref)
                _check(f"sqlite {question} {ref}", sql, expected)
                samples.add(f"{question}/graphlineage", seconds, len(got))
                samples.add(f"{question}/networkx", nx_seconds, len(expected))
                samples.add(f"{question}/sqlite", sql_seconds, len(sql))
            upstream = sorted(nx.ancestors(flow, ref))
            if upstream:
                source = rng.choice(upstream)
                seconds, answer = _timed(lineage.path, source, ref, limit=1)
                nx_seconds, length = _timed(nx.shortest_path_length, flow, source, ref)
                if answer.length != length:
                    raise Mismatch(f"path {source} -> {ref}: {answer.length} vs {length}")
                sql_seconds, sql_length = _timed(sqlite.path_length, source, ref)
                if sql_length != length:
                    raise Mismatch(f"sqlite path {source} -> {ref}: {sql_length} vs {length}")
                samples.add("path/graphlineage", seconds, length)
                samples.add("path/networkx", nx_seconds, length)
                samples.add("path/sqlite", sql_seconds, length)
        results[cls] = samples.summary()
    return results


def driver_baseline(lineage: Lineage, count: int = 600) -> dict[str, float]:
    """One auto-commit ``RETURN 1`` through the driver: the floor of any question."""
    driver = lineage.store.connection.driver
    database = lineage.store.database
    samples = []
    for _ in range(count):
        seconds, _ = _timed(driver.execute_query, "RETURN 1 AS one", database_=database)
        samples.append(seconds)
    return percentiles(samples)


def lean_cost(lineage: Lineage, refs: list[str]) -> dict[str, float]:
    """Milliseconds per 1,000 nodes of the biggest lean and full impact answers."""
    if not hasattr(lineage, "impact_refs"):
        return {}
    sizes = {ref: lineage.impact(ref, limit=0).total for ref in refs}
    biggest = sorted(refs, key=lambda r: -sizes[r])[:5]
    nodes = sum(sizes[ref] for ref in biggest) or 1
    lean = sum(_timed(lineage.impact_refs, ref, limit=None)[0] for ref in biggest)
    full = sum(_timed(lineage.impact, ref, limit=None)[0] for ref in biggest)
    # the same queries through the driver alone (its decoding, no answer built)
    from graphlineage.graph import queries
    from graphlineage.query import walks

    wire = {False: 0.0, True: 0.0}
    for lean_rows in wire:
        for ref in biggest:
            params = walks._parameters("downstream", lineage._start(ref, None), None, None, 0,
                                       lean_rows, walks.CHUNK, None)  # fmt: skip
            call = queries.list_downstream_nodes(**params)
            wire[lean_rows] += _timed(lineage.store.read_records, call)[0]
    return {"nodes": nodes, "lean_ms_per_1000": lean * 1e6 / nodes,
            "lean_driver_only_ms_per_1000": wire[True] * 1e6 / nodes,
            "full_ms_per_1000": full * 1e6 / nodes,
            "full_driver_only_ms_per_1000": wire[False] * 1e6 / nodes}  # fmt: skip


# -- the first question after a burst of writes, in fresh processes --------------------------
def _record_diamonds(settings: dict[str, Any], project: str, count: int) -> str:
    """Record ``count`` stacked diamonds through the capture API; return the last version."""
    import graphlineage

    with Lineage(Settings(**settings)) as lineage:

        def step(job: str, name: str, inputs: list[str]) -> str:
            with lineage.init(project=project, job_type=job, name=name) as run:
                for ref in inputs:
                    run.use_artifact(ref)
                artifact = graphlineage.Artifact(name, type="dataset")
                artifact.add_reference(f"s3://bench/{project}/{name}", digest=name)
                return run.log_artifact(artifact).key

        top = step("ingest", "d0", [])
        for i in range(count):
            left = step("split", f"l{i}", [top])
            right = step("split", f"r{i}", [top])
            top = step("join", f"d{i + 1}", [left, right])
        return top


def _first_question(args: tuple[dict[str, Any], str]) -> dict[str, float]:
    settings, ref = args
    began = time.perf_counter()
    lineage = Lineage(Settings(**settings))
    lineage.store  # noqa: B018 - connect (and check the schema)
    connected = time.perf_counter()
    answer = lineage.ancestry(ref)
    first = time.perf_counter()
    lineage.ancestry(ref)
    second = time.perf_counter()
    lineage.close()
    assert answer.total == 6 * 40 + 1, answer.total  # 120 versions and 121 runs upstream
    return {"connect_ms": (connected - began) * 1000, "first_ms": (first - connected) * 1000,
            "second_ms": (second - first) * 1000}  # fmt: skip


def first_question(settings: dict[str, Any], project: str = "burst", count: int = 40,
                   ) -> dict[str, float]:  # fmt: skip
    """Record ``count`` stacked diamonds in one process, then time the first ancestry of the
    last one in a fresh process (nothing warmed on the client)."""
    spawn = multiprocessing.get_context("spawn")
    with spawn.Pool(1) as pool:
        last = pool.apply(_record_diamonds, (settings, project, count))
    with spawn.Pool(1) as pool:
        return dict(pool.apply(_first_question, ((settings, last),)))


# -- the table --------------------------------------------------------------------------------
def table_lines(report: dict[str, Any]) -> list[str]:
    lines = [f"  {'query':<32} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9} {'p99.9 ms':>9} "
             f"{'mean size':>10}"]  # fmt: skip
    baseline = report.get("driver_return_1")
    if baseline:
        lines.append(f"  {'driver RETURN 1':<32} {baseline['p50_ms']:>9.2f} "
                     f"{baseline['p95_ms']:>9.2f} {baseline['p99_ms']:>9.2f} "
                     f"{baseline['p999_ms']:>9.2f}")  # fmt: skip
    for cls, rows in report["queries"].items():
        for name, row in rows.items():
            lines.append(f"  {cls + ' ' + name:<32} {row['p50_ms']:>9.2f} {row['p95_ms']:>9.2f} "
                         f"{row['p99_ms']:>9.2f} {row.get('p999_ms', 0):>9.2f} "
                         f"{row['mean_size']:>10.0f}")  # fmt: skip
    if report.get("targets"):
        lines.append(f"  {'target ratios':<32} {'p99/ref':>9} {'p50/RET1':>9}")
        for name, row in report["targets"].items():
            lines.append(f"  {name:<32} {row['p99_vs_reference']:>9.2f} "
                         f"{row['p50_vs_return_1']:>9.2f}")  # fmt: skip
    for key in ("lean_cost", "first_question"):
        if report.get(key):
            lines.append(f"  {key.replace('_', ' ')}: "
                         + ", ".join(f"{k} {v:,.1f}" for k, v in report[key].items()))
    return lines


def target_ratios(report: dict[str, Any]) -> dict[str, dict[str, float]]:
    """The issue's targets, per class and question: p99 over max(SQLite p99, RETURN 1 p99)
    (target <= 3 at S and M), and p50 over RETURN 1's p50 (target <= 2 for answers of at
    most 20 nodes); RETURN 1 as timed between that class's questions."""
    ratios: dict[str, dict[str, float]] = {}
    for cls, rows in report["queries"].items():
        floor = rows.get("return_1/driver", report["driver_return_1"])
        for question in ("ancestry", "impact", "path"):
            ours, sqlite = rows.get(f"{question}/graphlineage"), rows.get(f"{question}/sqlite")
            if ours is None or sqlite is None:
                continue
            ratios[f"{cls} {question}"] = {
                "p99_vs_reference": ours["p99_ms"] / max(sqlite["p99_ms"], floor["p99_ms"]),
                "p50_vs_return_1": ours["p50_ms"] / floor["p50_ms"],
                "mean_size": ours["mean_size"],
            }
    return ratios


def query_report(lineage: Lineage, flow: Any, sqlite: SqliteLineage,
                 targets: dict[str, list[str]], settings: dict[str, Any],
                 first: bool = True) -> dict[str, Any]:  # fmt: skip
    """Everything this module measures, as the ``queries`` part of the JSON report."""
    report: dict[str, Any] = {"driver_return_1": driver_baseline(lineage)}
    report["queries"] = measure_queries(lineage, flow, sqlite, targets)
    report["lean_cost"] = lean_cost(lineage, targets["hub"])
    report["driver_return_1_after"] = driver_baseline(lineage, 200)
    report["targets"] = target_ratios(report)
    if first:
        report["first_question"] = first_question(settings)
    return report


def main(argv: list[str] | None = None) -> None:
    import argparse
    import tempfile
    from pathlib import Path

    from benchmarks.generate import SCALES, generate
    from benchmarks.load import load
    from benchmarks.references import build_networkx, flow_refs
    from graphlineage.server.local import LocalServer

    parser = argparse.ArgumentParser(prog="python -m benchmarks.queries")
    parser.add_argument("--scale", choices=sorted(SCALES), default="S")
    parser.add_argument("--targets", type=int, default=200)
    parser.add_argument("--uri")
    parser.add_argument("--password")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-first", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="graphlineage-bench-") as tmp:
        server = None
        if args.uri is None:
            import socket

            with socket.socket() as sock:
                sock.bind(("127.0.0.1", 0))
                port = int(sock.getsockname()[1])
            server = LocalServer(Path(tmp) / "neo4j", port=port, heap="4g", pagecache="2g",
                                 cache_dir=Settings().cache_dir)  # fmt: skip
            server.start()
            settings: dict[str, Any] = {"neo4j_uri": server.uri,
                                        "neo4j_password": server.password()}
        else:
            settings = {"neo4j_uri": args.uri, "neo4j_password": args.password}
        try:
            graph = generate(SCALES[args.scale], args.seed)
            flow = build_networkx(graph)
            lineage = Lineage(Settings(**settings))
            lineage.cypher("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS",
                           write=True, timeout=3600)  # fmt: skip
            load(lineage.store, graph)
            sqlite = SqliteLineage(Path(tmp) / "lineage.sqlite")
            sqlite.load(*flow_refs(graph))
            targets = pick_targets(flow, args.targets, args.seed)
            report = query_report(lineage, flow, sqlite, targets, settings, not args.no_first)
            lineage.close()
        finally:
            if server is not None:
                server.stop()
    print("\n".join(table_lines(report)))
    import json

    print(json.dumps(report), file=sys.stderr)


if __name__ == "__main__":
    main()
