"""Property: any short event stream over a tiny alphabet (two projects, two artifacts, a few
aliases and contents, three run slots, so that name clashes, unknown aliases, dedups, cycles,
type mismatches, events after finish and replays are frequent) gives the same graph and the
same statuses applied one by one as in batches of any size, and the statuses the model of
``event_streams`` predicts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from graphlineage.graph.connection import Connection
from graphlineage.graph.store import Store
from graphlineage.graph.writer import Writer

from .event_streams import build_stream
from .graph_snapshot import assert_same_graph, snapshot
from .neo4j_test_server import TestServer

# op: 0 start, 1 use, 2 log, 3 link, 4 finish, 5 replay (uses and logs drawn more often)
ACTIONS = st.lists(
    st.tuples(st.sampled_from([0, 0, 1, 1, 1, 2, 2, 2, 3, 4, 5, 5, 6]), st.integers(0, 2),
              st.integers(0, 7), st.integers(0, 29)),
    min_size=5, max_size=60,
)  # fmt: skip


@settings(max_examples=25, deadline=None)
@given(actions=ACTIONS, batch_size=st.integers(2, 64))
def test_short_streams_one_by_one_equal_batched(
    neo4j_server: TestServer, connection: Connection,
    actions: list[tuple[int, int, int, int]], batch_size: int,
) -> None:  # fmt: skip
    stream = build_stream(actions)
    store = Store(connection)
    store.apply_schema()

    neo4j_server.wipe()
    one_by_one = Writer(store, batch_size=1).apply_many(stream.events)
    first = snapshot(store)
    neo4j_server.wipe()
    batched = Writer(store, batch_size=batch_size).apply_many(stream.events)
    second = snapshot(store)
    neo4j_server.wipe()

    assert [o.status for o in batched] == [o.status for o in one_by_one]
    assert [str(o.error) for o in batched] == [str(o.error) for o in one_by_one]
    assert [o.status for o in one_by_one] == stream.expected
    assert_same_graph(first, second)
