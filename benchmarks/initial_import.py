"""``python -m benchmarks.initial_import --events N``: the offline initial import against the
online batched writer (``import events``), on one W&B-shaped event stream.

Starts its own local servers in a temporary directory (never the user's) and stops them at
the end. Prints the seconds and events/s of each phase of the initial import (fold, CSV,
neo4j-admin import, restart, schema, fix-ups), the NDJSON parse rate (what reading a
journal file costs before the fold), and the online rate of the batched writer on the first
``--online-events`` events of the same stream into an empty server.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import click
from pydantic import TypeAdapter

from benchmarks.event_stream import wandb_stream
from graphlineage.core.events import Event
from graphlineage.core.settings import Settings
from graphlineage.graph.connection import connect
from graphlineage.graph.store import Store
from graphlineage.graph.writer import Writer
from graphlineage.ingest.initial.admin_import import ImportReport, initial_import
from graphlineage.server.local import LocalServer

_EVENT: TypeAdapter[Event] = TypeAdapter(Event)


def parse_rate(events: list[Event], sample: int = 100_000) -> float:
    """Events/s of reading journal lines (JSON) back into events."""
    lines = [_EVENT.dump_json(event) for event in events[:sample]]
    start = time.perf_counter()
    for line in lines:
        _EVENT.validate_json(line)
    return len(lines) / (time.perf_counter() - start)


def online_rate(events: list[Event], base: Path, port: int) -> tuple[float, int]:
    """Events/s of the online bulk path (``import events``: the batched writer) into a
    fresh server."""
    server = LocalServer(base / "online", port=port, heap="1g", pagecache="256m",
                         cache_dir=Settings().cache_dir)  # fmt: skip
    server.start()
    try:
        settings = Settings(neo4j_uri=None, neo4j_database=None, server_data_dir=server.data_dir,
                            server_port=port)  # fmt: skip
        with connect(settings) as connection:
            store = Store(connection)
            store.apply_schema()
            start = time.perf_counter()
            refused = sum(not o.applied for o in Writer(store).iter_apply(events))
            seconds = time.perf_counter() - start
    finally:
        server.stop()
    return len(events) / seconds, refused


def bulk_figures(report: ImportReport) -> dict[str, float]:
    phases = {"fold": report.fold_seconds, "csv": report.csv_seconds,
              "import": report.import_seconds, "restart": report.restart_seconds,
              "schema": report.schema_seconds, "fixups": report.fixup_seconds,
              "total": report.total_seconds}  # fmt: skip
    return phases


@click.command()
@click.option("--events", "count", type=click.IntRange(min=100), default=100_000,
              show_default=True, help="Events in the stream (whole runs: a few more).")
@click.option("--online-events", type=click.IntRange(min=0), default=50_000, show_default=True,
              help="Events applied online by the batched writer for the comparison (0: skip).")
@click.option("--port", default=7723, show_default=True, help="Bolt port of the import server "
              "(the online server uses the next one).")
@click.option("--data-dir", type=click.Path(path_type=Path), default=None,
              help="Where the servers live (default: a new temporary directory).")
@click.option("--seed", default=7, show_default=True)
@click.option("--json-out", type=click.Path(path_type=Path), default=None)
def main(count: int, online_events: int, port: int, data_dir: Path | None, seed: int,
         json_out: Path | None) -> None:
    base = Path(tempfile.mkdtemp(prefix="graphlineage-bulk-", dir=data_dir))
    try:
        start = time.perf_counter()
        events = list(wandb_stream(count, seed=seed))
        click.echo(f"generated {len(events)} events in {time.perf_counter() - start:.1f}s")
        parsed = parse_rate(events)
        server = LocalServer(base / "bulk", port=port, heap="1g", pagecache="512m",
                             cache_dir=Settings().cache_dir)  # fmt: skip
        try:
            report = initial_import(server, events, heap="2g", max_off_heap="2g")
        finally:
            server.stop()
        click.echo(report.summary())
        results: dict[str, object] = {"events": len(events), "parse_events_per_s": parsed,
                                      "nodes": report.nodes,
                                      "relationships": report.relationships,
                                      "load_average_1m": os.getloadavg()[0]}  # fmt: skip
        click.echo(f"\n{'phase':<10}{'seconds':>10}{'events/s':>14}")
        click.echo(f"{'parse':<10}{len(events) / parsed:>10.2f}{parsed:>14,.0f}  (NDJSON, "
                   "not part of the total)")
        for phase, seconds in bulk_figures(report).items():
            rate = len(events) / seconds if seconds else float("inf")
            click.echo(f"{phase:<10}{seconds:>10.2f}{rate:>14,.0f}")
            results[f"{phase}_seconds"] = seconds
        if online_events:
            rate, refused = online_rate(events[:online_events], base, port + 1)
            total_rate = len(events) / report.total_seconds
            click.echo(f"\nonline, batched writer, {online_events} events: {rate:,.0f} events/s "
                       f"({refused} refused)")
            click.echo(f"initial import overall: {total_rate:,.0f} events/s = "
                       f"{total_rate / rate:,.1f}x the online rate; "
                       f"{len(events) / rate / 3600:.2f} h online vs "
                       f"{report.total_seconds / 60:.1f} min")
            results.update(online_events=online_events, online_events_per_s=rate,
                           speedup=total_rate / rate)
        if json_out is not None:
            json_out.write_text(json.dumps(results, indent=2) + "\n")
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
