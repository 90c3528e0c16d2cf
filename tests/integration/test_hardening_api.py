"""Issue 14, the Python API: hostile or careless input gives a GraphlineageError (never a
crash, a driver exception or a half-written call), and every refused call leaves the graph
exactly as it was."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import neo4j
import pytest

import graphlineage
from graphlineage.client import Lineage
from graphlineage.core.limits import MAX_ALIASES
from graphlineage.errors import GraphlineageError, InvalidInputError
from graphlineage.graph import queries
from graphlineage.graph.connection import Connection
from graphlineage.graph.store import Store
from graphlineage.query.adhoc import run_cypher

from .neo4j_test_server import TestServer

HUGE = "v99999999999999999999"


def graph_counts(lineage: Lineage) -> dict[str, int]:
    """Nodes, relationships and properties (the test marker left out)."""
    with lineage.store.connection.session() as session:
        row = session.run(
            "MATCH (n) WHERE NOT n:GraphlineageTestMarker "
            "OPTIONAL MATCH (n)-[r]->() "
            "WITH count(DISTINCT n) AS nodes, count(r) AS rels, "
            "     collect(DISTINCT n) AS all_nodes, collect(r) AS all_rels "
            "RETURN nodes, rels, "
            "  reduce(s = 0, x IN all_nodes | s + size(keys(x))) "
            "  + reduce(s = 0, x IN all_rels | s + size(keys(x))) AS props"
        ).single(strict=True)
    return {"nodes": row["nodes"], "rels": row["rels"], "props": row["props"]}


@pytest.fixture
def mnist(lineage: Lineage, tmp_path: Path) -> Lineage:
    with lineage.init(project="mnist", job_type="load_data") as run:
        data = graphlineage.Artifact("mnist_dataset", "dataset")
        data.add_reference("s3://bucket/mnist.npz")
        run.log_artifact(data)
    return lineage


def refused(lineage: Lineage, call: Callable[[], Any]) -> GraphlineageError:
    """Run ``call``: it must raise a GraphlineageError and change nothing in the graph."""
    before = graph_counts(lineage)
    with pytest.raises(GraphlineageError) as err:
        call()
    assert graph_counts(lineage) == before, "a refused call changed the graph"
    return err.value


def self_containing() -> dict[str, Any]:
    loop: dict[str, Any] = {}
    loop["me"] = loop
    return loop


def nested(levels: int) -> Any:
    value: Any = 1
    for _ in range(levels):
        value = [value]
    return value


def test_self_containing_values_never_reach_the_driver(mnist: Lineage) -> None:
    loop = self_containing()
    calls: list[Callable[[], Any]] = [
        lambda: mnist.runs(project=loop), lambda: mnist.runs(name=loop),
        lambda: mnist.artifacts(type=loop), lambda: mnist.artifact_versions(alias=loop),
        lambda: mnist.registered_models(name=loop), lambda: mnist.registered_model(loop),  # type: ignore[arg-type]
        lambda: mnist.stale(loop),  # type: ignore[arg-type]
        lambda: mnist.cypher("RETURN $x AS x", {"x": loop}),
        lambda: mnist.query("get_run", {"project": loop, "key": "x"}),
        lambda: mnist.cypher("RETURN $x AS x", {"x": nested(40)}),
        lambda: mnist.cypher("RETURN $x AS x", {"x": 2**64}),
        lambda: mnist.cypher("RETURN $x AS x", {"x": object()}),
    ]  # fmt: skip
    for call in calls:
        assert isinstance(refused(mnist, call), InvalidInputError)


def test_huge_version_numbers_are_bad_refs(mnist: Lineage) -> None:
    ref = f"mnist/mnist_dataset:{HUGE}"
    with mnist.init(project="mnist", job_type="train") as run:
        for call in (lambda: mnist.artifact(ref), lambda: mnist.show(ref),
                     lambda: mnist.ancestry(ref), lambda: mnist.impact(ref),
                     lambda: mnist.path(ref, ref), lambda: mnist.subgraph(ref),
                     lambda: mnist.node(ref), lambda: run.use_artifact(ref),
                     lambda: run.link_artifact(mnist.artifact("mnist/mnist_dataset:v0"),
                                               f"registry:M:{HUGE}")):  # fmt: skip
            assert isinstance(refused(mnist, call), InvalidInputError)
        assert mnist.search(ref) == []  # search treats text as text: no match, no crash
    assert isinstance(refused(mnist, lambda: mnist.ancestry("mnist/mnist_dataset:v0",
                                                            max_depth=2**70)), InvalidInputError)
    assert isinstance(refused(mnist, lambda: mnist.impact("mnist/mnist_dataset:v0",
                                                          limit=2**70)), InvalidInputError)
    assert isinstance(refused(mnist, lambda: mnist.runs(skip=2**70)), InvalidInputError)


def test_lone_surrogates_and_deep_values_are_refused(mnist: Lineage, tmp_path: Path) -> None:
    bad = "x\udcff"
    deep = nested(200)
    refused(mnist, lambda: mnist.init(project="mnist", notes=bad))
    refused(mnist, lambda: mnist.init(project="mnist", tags=[bad]))
    refused(mnist, lambda: mnist.init(project="mnist", config={"k": deep}))
    refused(mnist, lambda: mnist.init(project="mnist", config={bad: 1}))
    refused(mnist, lambda: mnist.cypher(f"RETURN '{bad}' AS x"))
    refused(mnist, lambda: mnist.cypher("RETURN $x AS x", {"x": bad}))
    refused(mnist, lambda: mnist.runs(project=bad))
    with mnist.init(project="mnist", job_type="train") as run:
        refused(mnist, lambda: graphlineage.Artifact("a", "dataset", description=bad))
        refused(mnist, lambda: graphlineage.Artifact("a", "dataset", metadata={"m": deep}))
        art = graphlineage.Artifact("a", "dataset")
        refused(mnist, lambda: art.add_reference("s3://b/k", digest=bad))
        refused(mnist, lambda: run.summary.__setitem__("deep", deep))  # refused when set
        assert "deep" not in run.summary


def test_odd_arguments_are_input_errors(mnist: Lineage, tmp_path: Path) -> None:
    refused(mnist, lambda: mnist.init(project="mnist", tags=-1))  # type: ignore[arg-type]
    refused(mnist, lambda: mnist.init(project="mnist", tags="abc"))  # type: ignore[arg-type]
    refused(mnist, lambda: mnist.init(project="mnist", tags=["a"] * 1000))
    refused(mnist, lambda: mnist.cypher("RETURN 1", timeout=""))  # type: ignore[arg-type]
    refused(mnist, lambda: mnist.cypher("RETURN 1", timeout=1e300))
    refused(mnist, lambda: mnist.cypher("RETURN 1", timeout=float("nan")))
    version = mnist.artifact("mnist/mnist_dataset:v0")
    with mnist.init(project="mnist", job_type="train") as run:
        refused(mnist, lambda: run.link_model(version, registered_model_name=None))  # type: ignore[arg-type]
        refused(mnist, lambda: run.log_artifact("a" * 100_000))
        refused(mnist, lambda: run.log_artifact("bad\0path"))
        refused(mnist, lambda: run.log_artifact(str(tmp_path / "missing")))
        began = time.monotonic()
        refused(mnist, lambda: run.log_artifact("/"))
        assert time.monotonic() - began < 60, "log_artifact('/') walked too far"
    run = mnist.init(project="mnist", job_type="tagged", tags=("a", "b"))
    run.finish()
    assert mnist.run(run.id).tags == ["a", "b"]


def test_link_model_refuses_before_logging(mnist: Lineage, tmp_path: Path) -> None:
    model = tmp_path / "model.h5"
    model.write_bytes(b"weights")
    with mnist.init(project="mnist", job_type="train") as run:
        err = refused(mnist, lambda: run.link_model(str(model),
                                                    registered_model_name="bad name!"))
        assert isinstance(err, InvalidInputError) and "bad name!" in str(err)
        refused(mnist, lambda: run.link_model(str(model), registered_model_name="Good",
                                              aliases=["bad alias!"]))  # fmt: skip
        refused(mnist, lambda: run.link_model(str(model), registered_model_name="Good",
                                              aliases=[f"a{i}" for i in range(2000)]))
    assert mnist.artifacts(project="mnist", type="model") == []


def test_too_many_aliases_are_refused_quickly(mnist: Lineage) -> None:
    with mnist.init(project="mnist", job_type="prep") as run:
        art = graphlineage.Artifact("many", "dataset")
        art.add_reference("s3://b/many")
        began = time.monotonic()
        err = refused(mnist, lambda: run.log_artifact(art, aliases=[f"a{i}" for i in range(2000)]))
        assert time.monotonic() - began < 0.5 and f"at most {MAX_ALIASES}" in str(err)
        endless = (f"a{i}" for i in iter(int, 1))  # an endless generator is not consumed
        refused(mnist, lambda: run.log_artifact(art, aliases=endless))
        assert run.log_artifact(art, aliases=[f"a{i}" for i in range(MAX_ALIASES - 1)]).aliases


class RecordingBookmarks(neo4j.api.BookmarkManager):
    """The driver's own bookmark manager, recording what each query was given."""

    def __init__(self) -> None:
        self.inner = neo4j.GraphDatabase.bookmark_manager()
        self.given: list[frozenset[str]] = []
        self.updates = 0

    def update_bookmarks(self, previous_bookmarks: Any, new_bookmarks: Any) -> None:
        self.updates += 1
        self.inner.update_bookmarks(previous_bookmarks, new_bookmarks)

    def get_bookmarks(self) -> Any:
        bookmarks = self.inner.get_bookmarks()
        self.given.append(frozenset(bookmarks))
        return bookmarks


def test_every_path_shares_one_bookmark_manager(neo4j_server: TestServer,
                                                clean_db: TestServer) -> None:  # fmt: skip
    """Writes through the capture API, OpenLineage ingest and ad-hoc Cypher, then reads
    through every read path: each read is given the bookmarks of the write before it."""
    lineage = Lineage(neo4j_server.settings())
    base = lineage.store.connection
    recording = RecordingBookmarks()
    connection = Connection(driver=base.driver, database=base.database, uri=base.uri,
                            settings=base.settings, bookmarks=recording)  # fmt: skip
    store = Store(connection)
    lineage._connection, lineage._store = connection, store
    try:
        writes: list[Callable[[int], str]] = [
            lambda n: lineage.init(project="bm", job_type="job", name=f"r{n}").name,
            lambda n: ol_run(store, n),
            lambda n: cypher_run(connection, n),
        ]
        reads: list[Callable[[str], Any]] = [
            lambda name: store.read(queries.get_run(project="bm", key=name)),
            lambda name: list(store.stream_records(queries.get_run(project="bm", key=name))),
            lambda name: store.read_transaction(lambda tx: tx.run(queries.get_run(project="bm",
                                                                  key=name))),
            lambda name: run_cypher(connection, "MATCH (r:Run {project: 'bm', name: $name}) "
                                    "RETURN r.id AS id", {"name": name}).rows,
        ]  # fmt: skip
        number = 0
        for write in writes:
            for read in reads:
                number += 1
                updates = recording.updates
                name = write(number)
                assert recording.updates > updates, "the write did not record its bookmark"
                latest = frozenset(recording.inner.get_bookmarks())
                assert latest
                seen = len(recording.given)
                rows = read(name)
                assert recording.given[seen:], "the read did not ask for the bookmarks"
                assert latest <= recording.given[seen], "the read did not wait for the write"
                assert rows, "the read did not see the write"
    finally:
        lineage.close()


def ol_run(store: Store, n: int) -> str:
    from graphlineage.ingest.ol_events import parse_event
    from graphlineage.ingest.openlineage import ingest_events, run_name

    run_id = str(uuid.UUID(int=n, version=4))
    event = parse_event({"eventType": "START", "eventTime": "2026-03-01T12:00:00Z",
                         "run": {"runId": run_id}, "job": {"namespace": "bm", "name": "job"},
                         "producer": "https://example.com/bm"})  # fmt: skip
    assert ingest_events(store, [event]) == [None]
    return run_name("job", run_id)


def cypher_run(connection: Connection, n: int) -> str:
    run_cypher(connection, "CREATE (:Run {project: 'bm', name: $name, id: $id})",
               {"name": f"c{n}", "id": f"cypher-{n}"}, write=True)  # fmt: skip
    return f"c{n}"
