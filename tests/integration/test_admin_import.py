"""The initial bulk import (fold + neo4j-admin import) gives the graph of the online writer.

One generated stream is applied online one by one with ``Writer(store).apply`` on the test
server, and loaded with ``initial_import`` into a fresh local server of its own; the two
graphs are compared node for node and relationship for relationship, every property.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest
from click.testing import CliRunner
from pydantic import TypeAdapter

from graphlineage.cli.main import cli
from graphlineage.core.events import Event, RunStarted, RunUpdated
from graphlineage.core.settings import Settings
from graphlineage.errors import ConfigurationError, ConflictError
from graphlineage.graph.store import Store
from graphlineage.graph.writer import Writer
from graphlineage.ingest.event_files import EventLines
from graphlineage.ingest.initial.admin_import import ImportReport, initial_import
from graphlineage.ingest.initial.fold import fold
from graphlineage.server.local import LocalServer

from .event_stream import generate_stream
from .import_snapshot import exact_snapshot, take_snapshot
from .neo4j_test_server import free_port

_EVENT: TypeAdapter[Event] = TypeAdapter(Event)


@pytest.fixture(scope="module")
def stream() -> tuple[list[Event], set[str]]:
    return generate_stream(runs=60)


@pytest.fixture(scope="module")
def imported(
    tmp_path_factory: pytest.TempPathFactory, stream: tuple[list[Event], set[str]]
) -> Iterator[tuple[LocalServer, ImportReport]]:
    server = LocalServer(tmp_path_factory.mktemp("imp") / "neo4j", port=free_port(),
                         heap="512m", pagecache="64m", cache_dir=Settings().cache_dir)  # fmt: skip
    journal = server.data_dir.parent / "events.jsonl"  # through the journal format
    journal.write_bytes(b"".join(_EVENT.dump_json(event) + b"\n" for event in stream[0]))
    try:
        # a server that runs with an empty database, as after `graphlineage server start`:
        # the import checks it is empty, stops it, overwrites its empty store, restarts it
        server.start()
        with journal.open("rb") as lines:
            report = initial_import(server, EventLines(lines), heap="512m", max_off_heap="256m")
        yield server, report
    finally:
        server.stop()


def _driver(server: LocalServer) -> neo4j.Driver:
    return neo4j.GraphDatabase.driver(server.uri, auth=("neo4j", server.password()))


def apply_online(store: Store, events: list[Event]) -> dict[str, str]:
    """Apply the events one by one with the online writer; the refused ones' ids and error
    names."""
    store.apply_schema()  # the run_project_name constraint refuses a taken explicit name
    outcomes = Writer(store, batch_size=1).apply_many(events)
    return {o.event.event_id: type(o.error).__name__ for o in outcomes if not o.applied}


def _diff(online: dict[Any, Any], bulk: dict[Any, Any]) -> list[str]:
    problems = [f"only online: {key}" for key in online.keys() - bulk.keys()]
    problems += [f"only imported: {key}" for key in bulk.keys() - online.keys()]
    problems += [f"differs: {key}\n  online:   {online[key]}\n  imported: {bulk[key]}"
                 for key in online.keys() & bulk.keys() if online[key] != bulk[key]]  # fmt: skip
    return problems


def test_initial_import_gives_the_online_graph(
    store: Store,
    stream: tuple[list[Event], set[str]],
    imported: tuple[LocalServer, ImportReport],
) -> None:
    events, must_refuse = stream
    server, report = imported
    refused_online = apply_online(store, events)
    online = take_snapshot(store.connection.driver, store.database)
    with _driver(server) as driver:
        bulk = take_snapshot(driver)

    online_nodes, online_rels = exact_snapshot(online)
    bulk_nodes, bulk_rels = exact_snapshot(bulk)
    problems = _diff(online_nodes, bulk_nodes) + _diff(online_rels, bulk_rels)
    assert not problems, "\n".join(problems[:20])
    assert len(bulk_nodes) == report.nodes
    assert sum(len(edges) for edges in bulk_rels.values()) == report.relationships
    labels = {label for label, _ in bulk_nodes}
    assert labels == {"Project", "Run", "Artifact", "ArtifactVersion", "RegisteredModel"}
    types = {rel_type for rel_type, _, _ in bulk_rels}
    assert types == {"HAS_VERSION", "ALIAS", "USED", "PRODUCED", "LINKED_TO", "REGISTRY_ALIAS"}

    # the same events refused, for the same reasons
    refused_bulk = {r.event_id: r.error for r in report.refusals}
    assert refused_bulk == refused_online
    assert must_refuse <= refused_bulk.keys()
    assert report.replayed == 3
    assert report.read == len(events)
    assert report.applied + report.replayed + report.refused == len(events)


def test_imported_graph_has_the_schema_and_strings_intact(
    imported: tuple[LocalServer, ImportReport], stream: tuple[list[Event], set[str]]
) -> None:
    server, _ = imported
    with _driver(server) as driver:
        names = {r["name"] for r in driver.execute_query("SHOW CONSTRAINTS YIELD name").records}
        assert {"run_id", "artifact_version_key", "run_project_name"} <= names
        starts = [e for e in stream[0] if isinstance(e, RunStarted)]
        retagged = {e.run_id for e in stream[0]
                    if isinstance(e, RunUpdated) and (e.add_tags or e.remove_tags)}  # fmt: skip
        tags = {e.run_id: list(e.tags) for e in starts if e.run_id not in retagged}
        records = driver.execute_query("MATCH (r:Run) RETURN r.id AS id, r.tags AS tags").records
        kept = {r["id"]: r["tags"] for r in records if r["id"] not in retagged}
        assert kept.items() <= tags.items()
        assert len(kept) >= 10
        assert any(r["tags"] == [] for r in records)  # (a blank tag is refused when made)


def test_refuses_a_database_that_holds_data(
    imported: tuple[LocalServer, ImportReport], stream: tuple[list[Event], set[str]]
) -> None:
    server, _ = imported
    with pytest.raises(ConflictError, match="not empty"):
        initial_import(server, stream[0][:5])


def test_refuses_a_server_that_is_not_the_local_one(tmp_path: Path) -> None:
    remote = Settings(neo4j_uri="neo4j://db.example:7687", server_data_dir=tmp_path)
    with pytest.raises(ConfigurationError, match="local server"):
        initial_import(remote, [])


def test_fold_counts_match_the_report(
    imported: tuple[LocalServer, ImportReport], stream: tuple[list[Event], set[str]]
) -> None:
    folded = fold(stream[0])
    assert folded.graph.node_count() == imported[1].nodes
    assert len(folded.refusals) == imported[1].refused


def test_cli_command_refuses_a_database_that_holds_data(
    imported: tuple[LocalServer, ImportReport], tmp_path: Path
) -> None:
    server, _ = imported
    source = tmp_path / "events.jsonl"
    source.write_bytes(b"")
    env = {"GRAPHLINEAGE_NEO4J_URI": None, "GRAPHLINEAGE_NEO4J_DATABASE": None,
           "GRAPHLINEAGE_SERVER_DATA_DIR": str(server.data_dir),
           "GRAPHLINEAGE_SERVER_PORT": str(server.port)}  # fmt: skip
    result = CliRunner().invoke(cli, ["import", "events", "--initial", str(source)], env=env)
    assert result.exit_code == ConflictError.exit_code, result.output
    remote = CliRunner().invoke(cli, ["--uri", "neo4j://db.example:7687", "import", "events",
                                      "--initial", str(source)], env=env)  # fmt: skip
    assert remote.exit_code == ConfigurationError.exit_code, remote.output


def test_every_bulk_query_runs_with_its_documented_parameters(store: Store) -> None:
    """The bulk library's .cypher files (run after an import) on the real server."""
    from graphlineage.graph.library import BULK_LIBRARY

    samples: dict[str, dict[str, Any]] = {
        "count_nodes": {},
        "set_run_tags": {"rows": [{"id": "no-such-run", "tags": ["a"]}]},
        "set_used_requested": {"rows": [{"run_id": "r", "version_key": "p/x:v0",
                                         "requested": ["x:v0"]}]},
        "set_missing_run_tags_empty": {},
        "set_alias_pointers": {},
        "set_run_values": {"rows": [{"id": "no-such-run", "values": {"config.lr": 0.1}}]},
    }
    assert set(samples) == set(BULK_LIBRARY)
    for name, params in samples.items():
        query = BULK_LIBRARY[name]
        query.check(params)
        with store.connection.session() as session:
            records = session.run(query.text, params).data()
        assert all(list(record) == [f.name for f in query.returns] for record in records), name
