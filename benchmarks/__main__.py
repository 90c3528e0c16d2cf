"""``python -m benchmarks --scale S|M|L``: generate, load, measure, compare, report.

Without ``--uri`` it starts its own local Neo4j in a temporary directory (the user's data is
never touched) and stops it at the end. Prints a table and writes a JSON file.
"""

from __future__ import annotations

import json
import os
import platform
import random
import resource
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from benchmarks.generate import SCALES, generate
from benchmarks.load import load
from benchmarks.references import SqliteLineage, build_networkx, flow_refs
from benchmarks.writes import measure_writes
from graphlineage.client import Lineage
from graphlineage.server.local import LocalServer
from graphlineage.settings import Settings


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    return {"p50_ms": at(0.50), "p95_ms": at(0.95), "p99_ms": at(0.99),
            "mean_ms": statistics.fmean(ordered) * 1000, "n": len(ordered)}  # fmt: skip


def _timed(function: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def _rss_peak_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class Mismatch(AssertionError):
    pass


def _check(label: str, got: dict[str, int], expected: dict[str, int]) -> None:
    if got != expected:
        missing = sorted(set(expected) - set(got))[:5]
        extra = sorted(set(got) - set(expected))[:5]
        raise Mismatch(f"{label}: {len(got)} nodes vs networkx {len(expected)}; "
                       f"missing {missing}, extra {extra}")  # fmt: skip


# -- queries -------------------------------------------------------------------------------
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
        return {name: {**_percentiles(samples), "mean_size": statistics.fmean(self.sizes[name])}
                for name, samples in self.timings.items()}  # fmt: skip


def measure_queries(lineage: Lineage, flow: Any, sqlite: SqliteLineage,
                    targets: dict[str, list[str]]) -> dict[str, Any]:  # fmt: skip
    """Times ancestry, impact and path per target class, through the public API (answers
    materialised), networkx and SQLite; every answer must equal networkx's."""
    import networkx as nx

    back = flow.reverse(copy=False)
    rng = random.Random(11)
    results: dict[str, Any] = {}
    for cls, refs in targets.items():
        samples = _Samples()
        for ref in refs:
            for question, graph in (("ancestry", back), ("impact", flow)):
                seconds, answer = _timed(getattr(lineage, question), ref, limit=None)
                got = {n.ref: n.distance for n in answer.nodes}
                nx_seconds, lengths = _timed(nx.single_source_shortest_path_length, graph, ref)
                expected = {n: d for n, d in lengths.items() if n != ref}
                _check(f"{question} {ref}", got, expected)
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


# -- the command ---------------------------------------------------------------------------
def _table(report: dict[str, Any]) -> str:
    lines = [f"graphlineage benchmark, scale {report['scale']} ({report['nodes']} nodes, "
             f"{report['edges']} edges), {report['machine']}", ""]  # fmt: skip
    for name, value in report["ingest"].items():
        lines.append(f"  {name:<40} {value:>12,.1f}")
    lines.append("")
    lines.append(f"  {'query':<32} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9} {'mean size':>10}")
    for cls, rows in report["queries"].items():
        for name, row in rows.items():
            lines.append(f"  {cls + ' ' + name:<32} {row['p50_ms']:>9.2f} {row['p95_ms']:>9.2f} "
                         f"{row['p99_ms']:>9.2f} {row['mean_size']:>10.0f}")  # fmt: skip
    lines.append("")
    for name, value in report["memory_mb"].items():
        lines.append(f"  peak memory {name:<28} {value or 0:>9.0f} MB")
    lines.append(f"  total time {report['seconds']:.0f} s")
    return "\n".join(lines)


@click.command()
@click.option("--scale", type=click.Choice(sorted(SCALES)), default="S", show_default=True)
@click.option("--targets", type=click.IntRange(min=1), default=200, show_default=True,
              help="Query targets per class (hub, deep leaf, random).")
@click.option("--job-runs", type=click.IntRange(min=4), default=400, show_default=True)
@click.option("--bulk-events", type=click.IntRange(min=10), default=10_000, show_default=True)
@click.option("--uri", help="Use this Neo4j (its database is wiped!) instead of a fresh one.")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="JSON report (default benchmarks/results-<scale>.json).")
@click.option("--seed", default=7, show_default=True)
def main(scale: str, targets: int, job_runs: int, bulk_events: int, uri: str | None,
         out: Path | None, seed: int) -> None:  # fmt: skip
    """Generate a lineage graph at SCALE, load it, and measure ingest and query speed."""
    # a TERM (timeout, kill) unwinds like an error, so the finally below stops the server
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="graphlineage-bench-") as tmp:
        workdir = Path(tmp)
        server = None
        if uri is None:
            server = LocalServer(workdir / "neo4j", port=_free_port(), heap="4g",
                                 pagecache="2g", cache_dir=Settings().cache_dir)  # fmt: skip
            server.start()
            settings = {"neo4j_uri": server.uri, "neo4j_password": server.password()}
        else:
            settings = {"neo4j_uri": uri}
        try:
            report = _run(scale, targets, job_runs, bulk_events, settings, workdir, seed)
            if server is not None:
                report["memory_mb"]["neo4j"] = _rss_peak_mb(server.running_pid() or 0)
        finally:
            if server is not None:
                server.stop()
    report["seconds"] = time.perf_counter() - began
    out = out or Path(__file__).parent / f"results-{scale}.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    click.echo(_table(report))
    click.echo(f"\nJSON report: {out}")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(scale: str, targets: int, job_runs: int, bulk_events: int, settings: dict[str, Any],
         workdir: Path, seed: int, nodes: int | None = None,
         wipe: bool = True) -> dict[str, Any]:  # fmt: skip
    click.echo(f"generating scale {scale}...", err=True)
    graph = generate(nodes or SCALES[scale], seed)
    flow = build_networkx(graph)
    lineage = Lineage(Settings(**settings))
    if wipe:
        lineage.cypher("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS",
                       write=True, timeout=3600)  # fmt: skip
    click.echo(f"loading {graph.node_count} nodes...", err=True)
    load_seconds, loaded = _timed(load, lineage.store, graph)
    sqlite = SqliteLineage(workdir / "lineage.sqlite")
    sqlite_load, _ = _timed(sqlite.load, *flow_refs(graph))
    inputs = [v.key for v in graph.versions if v.type == "dataset"][:500]
    # queries first, on the graph exactly as generated (the ingest paths below add to it)
    click.echo("queries...", err=True)
    queries = measure_queries(lineage, flow, sqlite, pick_targets(flow, targets, seed))
    ingest: dict[str, float] = {
        "bulk load through the writer (setup), events/s": loaded / load_seconds,
        "bulk load through the writer (setup), nodes/s": graph.node_count / load_seconds,
    }
    began = time.perf_counter()
    for i in range(job_runs * 5):
        sqlite.add_event(f"run:sqlite-{i}", None)
    sqlite_rate = job_runs / (time.perf_counter() - began)
    click.echo("job path and bulk paths...", err=True)
    ingest.update(measure_writes(lineage, settings, job_runs, bulk_events, inputs, workdir,
                                 sqlite_rate))  # fmt: skip
    lineage.close()
    return {
        "scale": scale, "nodes": graph.node_count, "edges": flow.number_of_edges(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
                   f"{platform.python_version()}, {platform.platform()}",
        "command": " ".join(["python -m benchmarks", *sys.argv[1:]]),
        "ingest": ingest, "queries": queries, "sqlite_load_s": sqlite_load,
        "memory_mb": {"client": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024},
    }  # fmt: skip


if __name__ == "__main__":
    main()
