"""The initial bulk load: fold events in Python, load them with ``neo4j-admin database import``.

For the first load of a large history into the EMPTY database of the local server
(``graphlineage.server.local``)::

    check   the target is the local server and its database holds no node
    fold    the events into nodes and relationships (graphlineage.ingest.initial.fold)
    csv     write them as the importer's CSV files (graphlineage.ingest.initial.csv_files)
    import  stop the server, run ``neo4j-admin database import full`` from the jars the
            launcher already runs on (``org.neo4j.cli.AdminTool``, with NEO4J_HOME at the
            server's ``home/``, so the store lands in ``<data dir>/home/data``)
    restart start the server, apply the schema by connecting (``Store.apply_schema``), set the
            few array values CSV cannot carry (see csv_files.Fixups)

The result is the graph that applying the same events online one by one gives. Refused
events are counted, with their reasons, in the :class:`ImportReport`, as the online path
would have raised them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphlineage.core.events import Event
from graphlineage.core.settings import Settings
from graphlineage.errors import ConfigurationError, ConflictError, ServerError
from graphlineage.graph import queries
from graphlineage.graph.connection import connect, translate_errors
from graphlineage.graph.library import Call
from graphlineage.graph.store import Store
from graphlineage.ingest.initial.csv_files import CsvFiles, write_csv
from graphlineage.ingest.initial.fold import Refusal, fold
from graphlineage.server.jars import ensure_runtime
from graphlineage.server.local import LocalServer

ADMIN_TOOL_CLASS = "org.neo4j.cli.AdminTool"
DATABASE = "neo4j"
_FIXUP_BATCH = 10_000


@dataclass
class ImportReport:
    """What an initial import read, wrote and refused, and where the time went."""

    read: int = 0
    applied: int = 0
    replayed: int = 0
    refusals: list[Refusal] = field(default_factory=list)
    nodes: int = 0
    relationships: int = 0
    csv_bytes: int = 0
    fixups: int = 0
    check_seconds: float = 0.0
    fold_seconds: float = 0.0
    csv_seconds: float = 0.0
    import_seconds: float = 0.0
    restart_seconds: float = 0.0
    schema_seconds: float = 0.0  # connecting and applying the schema
    fixup_seconds: float = 0.0  # setting the array values CSV cannot carry

    @property
    def refused(self) -> int:
        return len(self.refusals)

    @property
    def total_seconds(self) -> float:
        return (self.check_seconds + self.fold_seconds + self.csv_seconds
                + self.import_seconds + self.restart_seconds + self.schema_seconds
                + self.fixup_seconds)  # fmt: skip

    def refused_by_error(self) -> dict[str, int]:
        return dict(Counter(refusal.error for refusal in self.refusals).most_common())

    def summary(self) -> str:
        lines = [
            f"read {self.read} events: {self.applied} applied, {self.replayed} replays "
            f"skipped, {self.refused} refused",
            f"wrote {self.nodes} nodes and {self.relationships} relationships "
            f"({self.csv_bytes / 1e6:.1f} MB of CSV)",
            f"seconds: fold {self.fold_seconds:.2f}, csv {self.csv_seconds:.2f}, "
            f"import {self.import_seconds:.2f}, restart {self.restart_seconds:.2f}, "
            f"schema {self.schema_seconds:.2f}, fix-ups {self.fixup_seconds:.2f} "
            f"({self.fixups} values); total {self.total_seconds:.2f}",
        ]
        for error, count in self.refused_by_error().items():
            lines.append(f"refused ({error}): {count}")
        return "\n".join(lines)


def local_target(target: Settings | LocalServer) -> tuple[LocalServer, Settings]:
    """The local server to import into, and settings that connect to it; refuse others."""
    if isinstance(target, LocalServer):
        settings = Settings(neo4j_uri=None, neo4j_database=None,
                            server_data_dir=target.data_dir, server_port=target.port,
                            server_heap=target.heap, server_pagecache=target.pagecache,
                            cache_dir=target.cache_dir or Settings().cache_dir)  # fmt: skip
        return target, settings
    if not target.uses_local_server:
        raise ConfigurationError(
            f"an initial import writes the store files of graphlineage's local server, and "
            f"GRAPHLINEAGE_NEO4J_URI points at another Neo4j ({target.neo4j_uri}); for a "
            "remote server, Docker or Aura use the online import (without --initial), or run "
            "neo4j-admin on that server's machine"
        )
    if target.neo4j_database not in (None, DATABASE):
        raise ConfigurationError(
            f"an initial import loads the local server's {DATABASE!r} database, not "
            f"{target.neo4j_database!r}; unset GRAPHLINEAGE_NEO4J_DATABASE"
        )
    return LocalServer.from_settings(target), target


def database_dir(server: LocalServer) -> Path:
    return server.data_dir / "home" / "data" / "databases" / DATABASE


def count_nodes(settings: Settings) -> int:
    """How many nodes the local server's database holds (starting it if needed)."""
    with connect(settings) as connection:
        (row,) = Store(connection).read(queries.count_nodes())
    return int(row["nodes"])


def refuse_unless_empty(server: LocalServer, settings: Settings) -> bool:
    """Raise ConflictError if the target database holds data; return whether its store
    exists (then the importer must overwrite its empty files)."""
    if server.running_pid() is None and not database_dir(server).exists():
        return False  # never started: there is nothing to overwrite
    nodes = count_nodes(settings)
    if nodes:
        raise ConflictError(
            f"the database of the local server at {server.data_dir} is not empty ({nodes} "
            "nodes): an initial import only loads an empty database. Use the online import "
            "(without --initial) to add to it"
        )
    return True


def admin_import_command(files: CsvFiles, *, java: str, classpath: str, heap: str,
                         max_off_heap: str, threads: int | None, overwrite: bool,
                         report_file: Path) -> list[str]:
    """The java command line that runs ``neo4j-admin database import full``."""
    command = [java, f"-Xmx{heap}", "-XX:+UseG1GC", "-Dfile.encoding=UTF-8", "-cp", classpath,
               ADMIN_TOOL_CLASS, "database", "import", "full", DATABASE,
               f"--array-delimiter=U+{ord(files.array_delimiter):04X}",
               "--bad-tolerance=0", "--skip-bad-relationships=false",
               "--skip-duplicate-nodes=false", "--ignore-empty-strings=false",
               "--trim-strings=false",
               f"--max-off-heap-memory={max_off_heap}", f"--report-file={report_file}",
               f"--overwrite-destination={'true' if overwrite else 'false'}"]  # fmt: skip
    if threads is not None:
        command.append(f"--threads={threads}")
    if files.multiline:
        command += ["--multiline-fields-format=v2",
                    "--multiline-fields=" + ",".join(str(path) for path in files.multiline)]
    command += [f"--nodes={label}={path}" for label, path in files.nodes]
    command += [f"--relationships={rel_type}={path}" for rel_type, path in files.relationships]
    return command  # the database name comes first: --nodes/--relationships take many files


def run_admin_import(server: LocalServer, files: CsvFiles, *, heap: str = "1g",
                     max_off_heap: str = "2g", threads: int | None = None,
                     overwrite: bool = False) -> None:
    """Run the importer into ``server``'s store (the server must be stopped)."""
    if server.running_pid() is not None:
        raise ServerError(f"the local server at {server.data_dir} must be stopped to import")
    runtime = ensure_runtime(server.cache_dir or Settings().cache_dir)
    conf_dir = files.directory / "conf"  # the admin tool's own, empty neo4j.conf
    conf_dir.mkdir(exist_ok=True)
    (conf_dir / "neo4j.conf").write_text("# neo4j-admin import run by graphlineage\n")
    home = server.data_dir / "home"
    home.mkdir(parents=True, exist_ok=True)
    log = files.directory / "import.log"
    command = admin_import_command(
        files, java=str(runtime.java), classpath=runtime.classpath, heap=heap,
        max_off_heap=max_off_heap, threads=threads, overwrite=overwrite,
        report_file=files.directory / "import.report")  # fmt: skip
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(conf_dir)}
    with log.open("w") as out:
        proc = subprocess.run(command, env=env, stdout=out, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, cwd=files.directory,
                              check=False)  # fmt: skip
    if proc.returncode != 0:
        tail = "\n".join(log.read_text(errors="replace").strip().splitlines()[-20:])
        raise ServerError(
            f"neo4j-admin database import failed (exit code {proc.returncode}); the local "
            f"server is left stopped. CSV files and log kept in {files.directory}.\n{tail}"
        )


def set_fixups(store: Store, files: CsvFiles) -> None:
    """Set what the CSV files could not carry: first the runs whose tags are ``[""]`` and
    the USED edges whose requested refs are, by key; then the alias pointers of artifacts
    and registered models (one scan of the current alias edges), and every run still without
    tags gets ``[]`` (one label scan)."""
    tags = files.fixups.run_tags
    special = [row for row in tags if row["tags"]]
    fixups: list[tuple[Callable[..., Call[Any]], list[dict[str, Any]]]] = [
        (queries.set_run_tags, special),
        (queries.set_used_requested, files.fixups.used_requested),
        (queries.set_run_values, files.fixups.run_values),
    ]
    for accessor, rows in fixups:
        for start in range(0, len(rows), _FIXUP_BATCH):
            store.write(accessor(rows=rows[start : start + _FIXUP_BATCH]))
    batched = [queries.set_alias_pointers()]
    if len(special) < len(tags):
        batched.append(queries.set_missing_run_tags_empty())
    for call in batched:
        with translate_errors(), store.connection.session() as session:
            session.run(call.query.text).consume()  # IN TRANSACTIONS: auto-commit


def initial_import(
    target: Settings | LocalServer,
    events: Iterable[Event],
    *,
    work_dir: Path | None = None,
    keep_csv: bool = False,
    heap: str = "1g",
    max_off_heap: str = "2g",
    threads: int | None = None,
    on_phase: Callable[[str], None] | None = None,
) -> ImportReport:
    """Load ``events`` (in order) into the empty database of the local server with Neo4j's
    offline importer; the server runs again when this returns.

    Raises ConfigurationError for a target that is not the local server, ConflictError if
    its database holds data, ServerError if the importer fails. ``on_phase`` is told when
    each phase begins (for a progress line).
    """
    say = on_phase or (lambda message: None)
    report = ImportReport()
    clock = time.perf_counter()
    server, settings = local_target(target)
    overwrite = refuse_unless_empty(server, settings)
    report.check_seconds = _lap(clock)

    say("folding the events into a graph")
    clock = time.perf_counter()
    folded = fold(events)
    graph = folded.graph
    report.read, report.applied = folded.read, folded.applied
    report.replayed, report.refusals = folded.replayed, folded.refusals
    report.nodes, report.relationships = graph.node_count(), graph.relationship_count()
    report.fold_seconds = _lap(clock)
    if report.nodes == 0:
        return report

    say(f"writing {report.nodes} nodes and {report.relationships} relationships as CSV")
    clock = time.perf_counter()
    server.data_dir.mkdir(parents=True, exist_ok=True)
    directory = Path(tempfile.mkdtemp(prefix="import-", dir=work_dir or server.data_dir))
    if "," in str(directory):  # the importer takes the multiline files as a comma list
        shutil.rmtree(directory, ignore_errors=True)
        raise ConfigurationError(f"the import directory {directory} must not contain ','")
    try:
        files = write_csv(graph, directory / "csv")
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    files.directory = directory
    report.csv_bytes, report.fixups = files.bytes, len(files.fixups)
    del graph, folded
    report.csv_seconds = _lap(clock)

    say("stopping the server and running neo4j-admin database import")
    clock = time.perf_counter()
    if server.running_pid() is not None:  # written to while we folded? check again, then stop
        refuse_unless_empty(server, settings)
    server.stop()
    run_admin_import(server, files, heap=heap, max_off_heap=max_off_heap, threads=threads,
                     overwrite=overwrite)  # fmt: skip
    report.import_seconds = _lap(clock)

    say("starting the server, applying the schema")
    clock = time.perf_counter()
    server.start()
    report.restart_seconds = _lap(clock)

    clock = time.perf_counter()
    with connect(settings) as connection:
        store = Store(connection)
        store.apply_schema()
        report.schema_seconds = _lap(clock)
        clock = time.perf_counter()
        set_fixups(store, files)
        report.fixup_seconds = _lap(clock)
    if not keep_csv:
        shutil.rmtree(directory, ignore_errors=True)
    return report


def _lap(start: float) -> float:
    return time.perf_counter() - start
