"""The initial bulk import (fold + neo4j-admin import) gives the graph of the online writer.

One generated stream is applied online one by one with ``Writer(store).apply`` on the test
server, and loaded with ``initial_import`` into a fresh local server of its own; the two
graphs are compared node for node and relationship for relationship, every property.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest
from click.testing import CliRunner
from pydantic import TypeAdapter

from graphlineage.bulk.admin_import import ImportReport, initial_import
from graphlineage.bulk.fold import fold
from graphlineage.bulk.ndjson import EventLines
from graphlineage.cli.context import Env
from graphlineage.cli.import_cmd import import_events_initial
from graphlineage.errors import ConfigurationError, ConflictError, GraphlineageError
from graphlineage.events import Event, RunStarted
from graphlineage.names import name_words
from graphlineage.server.local import LocalServer
from graphlineage.settings import Settings
from graphlineage.store import Store
from graphlineage.writer import Writer

from .event_stream import generate_stream
from .import_snapshot import Snapshot, exact_snapshot, take_snapshot
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
    """Apply each event with today's writer; the refused ones' ids and error names."""
    store.apply_schema()  # the run_project_name constraint refuses a taken explicit name
    writer, refused = Writer(store), {}
    for event in events:
        try:
            writer.apply(event)
        except GraphlineageError as exc:
            refused[event.event_id] = type(exc).__name__
    return refused


# until the new writer lands: normalise_online, and its use below, go away after the merge
def normalise_online(snapshot: Snapshot, events: list[Event]) -> Snapshot:
    """Today's writer differs from the new one in two deliberate ways; make its graph look
    like the new writer's."""
    nodes, rels = snapshot
    nodes = {key: dict(props) for key, props in nodes.items()}
    generated = {e.run_id for e in events if isinstance(e, RunStarted) and e.name is None}
    for (label, key), props in list(nodes.items()):
        if label != "Run":
            continue
        # (a) the idempotency claim: applied_events on the run -> one (:Event {id}) node each
        for event_id in props.pop("applied_events", []):
            nodes[("Event", event_id)] = {"id": event_id}
        # (b) generated names: random words today, the run id's words in the new writer
        if key in generated:
            assert re.fullmatch(rf"[a-z]+-[a-z]+-{props['number']}", props["name"])
            props["name"] = f"{name_words(key)}-{props['number']}"
    return nodes, rels


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
    online = normalise_online(online, events)  # until the new writer lands
    with _driver(server) as driver:
        bulk = take_snapshot(driver)

    online_nodes, online_rels = exact_snapshot(online)
    bulk_nodes, bulk_rels = exact_snapshot(bulk)
    problems = _diff(online_nodes, bulk_nodes) + _diff(online_rels, bulk_rels)
    assert not problems, "\n".join(problems[:20])
    assert len(bulk_nodes) == report.nodes
    assert sum(len(edges) for edges in bulk_rels.values()) == report.relationships
    labels = {label for label, _ in bulk_nodes}
    assert labels == {"Project", "Run", "Artifact", "ArtifactVersion", "RegisteredModel", "Event"}
    types = {rel_type for rel_type, _, _ in bulk_rels}
    assert types == {"HAS_VERSION", "ALIAS", "USED", "PRODUCED", "LINKED_TO", "REGISTRY_ALIAS"}

    # the same events refused, for the same reasons; the online writer refuses a replayed
    # RunStarted (run exists) where the bulk path skips it as a replay
    refused_bulk = {r.event_id: r.error for r in report.refusals}
    replayed_start = events[0].event_id
    assert refused_online.pop(replayed_start) == "ConflictError"
    assert refused_bulk == refused_online
    assert must_refuse <= refused_bulk.keys()
    assert report.replayed == 2
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
        tags = {e.run_id: list(e.tags) for e in starts}
        records = driver.execute_query("MATCH (r:Run) RETURN r.id AS id, r.tags AS tags").records
        assert {r["id"]: r["tags"] for r in records}.items() <= tags.items()
        assert any(r["tags"] == [] for r in records) and any(r["tags"] == [""] for r in records)


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
    result = CliRunner().invoke(import_events_initial, [str(source)], obj=Env(None, None, None),
                                env=env)  # fmt: skip
    assert isinstance(result.exception, ConflictError), result.output
    remote = CliRunner().invoke(import_events_initial, [str(source)],
                                obj=Env("neo4j://db.example:7687", None, None), env=env)
    assert isinstance(remote.exception, ConfigurationError), remote.output
