"""``python -m benchmarks --scale S|M|L``: generate, load, measure, compare, report.

Without ``--uri`` it starts its own local Neo4j in a temporary directory (the user's data is
never touched) and stops it at the end. Prints a table and writes a JSON file.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from benchmarks.generate import SCALES, generate
from benchmarks.load import load
from benchmarks.queries import pick_targets, query_report, table_lines
from benchmarks.references import SqliteLineage, build_networkx, flow_refs
from benchmarks.writes import measure_writes
from graphlineage.client import Lineage
from graphlineage.core.settings import Settings
from graphlineage.server.local import LocalServer


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




# -- the command ---------------------------------------------------------------------------
def _table(report: dict[str, Any]) -> str:
    lines = [f"graphlineage benchmark, scale {report['scale']} ({report['nodes']} nodes, "
             f"{report['edges']} edges), {report['machine']}", ""]  # fmt: skip
    for name, value in report["ingest"].items():
        lines.append(f"  {name:<40} {value:>12,.1f}")
    lines.append("")
    lines.extend(table_lines(report))
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
    queries = query_report(lineage, flow, sqlite, pick_targets(flow, targets, seed), settings)
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
        "ingest": ingest, **queries, "sqlite_load_s": sqlite_load,
        "memory_mb": {"client": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024},
    }  # fmt: skip


if __name__ == "__main__":
    main()
