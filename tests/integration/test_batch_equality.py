"""The batched writer gives exactly the graph that the same events give one by one.

A generated stream (``event_streams.generate_stream``: several projects, many interleaved
runs, duplicates, replays, alias moves, cycles, type mismatches and other bad events) is
applied one event per transaction and in batches (the default size, and 777 so that batches
cut runs in the middle); the graphs are compared node for node and edge for edge with every
property (``graph_snapshot``), and so are the statuses. The statuses must also be those of
an independent model of the rules (``event_streams.GraphModel``).

Sizes: the stream has 10,000 events, applied one by one (about 2.5 ms an event on the 2-core
dev machine when it is quiet), in batches of 2000 and of 777, and replayed whole.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Sequence

import pytest

from graphlineage.client import Lineage
from graphlineage.core.events import Event, RunStarted
from graphlineage.graph.writer import Outcome, Writer

from .event_streams import REFUSALS, Stream, generate_stream
from .graph_snapshot import alias_holders, assert_same_graph, snapshot
from .neo4j_test_server import TestServer

SEED = 20261201
FULL = 10_000
PREFIX = FULL  # the one-by-one comparison: the whole stream


@pytest.fixture(scope="module")
def stream() -> Stream:
    generated = generate_stream(SEED, FULL)
    assert len(generated.events) >= FULL
    return generated


def _statuses(outcomes: Sequence[Outcome]) -> list[str]:
    return [o.status for o in outcomes]


def _errors(outcomes: Sequence[Outcome]) -> list[tuple[str, str] | None]:
    return [None if o.error is None else (type(o.error).__name__, str(o.error))
            for o in outcomes]  # fmt: skip


def _check_statuses(events: Sequence[Event], outcomes: Sequence[Outcome],
                    expected: Sequence[str]) -> None:  # fmt: skip
    assert len(outcomes) == len(events)
    assert [o.event.event_id for o in outcomes] == [e.event_id for e in events]
    wrong = [(i, type(events[i]).__name__, want, got.status, str(got.error))
             for i, (want, got) in enumerate(zip(expected, outcomes, strict=True))
             if got.status != want]  # fmt: skip
    assert not wrong, f"{len(wrong)} statuses differ from the model's, first: {wrong[:5]}"


def test_stream_has_every_refusal_and_replays(stream: Stream) -> None:
    counts = Counter(stream.expected)
    for kind in (*REFUSALS, "ok", "replayed"):
        assert counts[kind] >= 20, f"too few {kind}: {counts}"
    assert len(stream.replays) >= 200
    # copies of events that were applied come back as replays; all copies change nothing
    applied_before = {e.event_id for e, s in zip(stream.events, stream.expected, strict=True)
                      if s == "ok"}  # fmt: skip
    copies = [stream.events[i] for i in stream.replays]
    assert sum(e.event_id in applied_before for e in copies) >= 200
    kinds = Counter(type(stream.events[i]).__name__ for i in stream.replays)
    assert len(kinds) == 6, kinds  # every kind of event is replayed
    # several projects, many runs, interleaved
    starts = [e for e in stream.events if isinstance(e, RunStarted)]
    assert len({e.project for e in starts}) >= 4 and len(starts) >= 300
    switches = sum(
        a.run_id != b.run_id for a, b in zip(stream.events, stream.events[1:], strict=False)
    )
    assert switches > len(stream.events) / 2
    named = Counter((e.project, e.name) for e in starts if e.name)
    assert any(n > 1 for n in named.values())  # an explicit name used twice
    assert any(e.name is None for e in starts)


@pytest.mark.slow
def test_one_by_one_equals_batched(lineage: Lineage, clean_db: TestServer,
                                   stream: Stream) -> None:  # fmt: skip
    events = stream.events[:PREFIX]
    one_by_one = Writer(lineage.store, batch_size=1).apply_many(events)
    _check_statuses(events, one_by_one, stream.expected[:PREFIX])
    first = snapshot(lineage.store)
    holders = alias_holders(lineage.store)

    clean_db.wipe()
    batched = Writer(lineage.store).apply_many(events)
    assert _statuses(batched) == _statuses(one_by_one)
    assert _errors(batched) == _errors(one_by_one)  # the same typed errors, same messages
    assert_same_graph(first, snapshot(lineage.store))
    assert alias_holders(lineage.store) == holders
    counts = Counter(_statuses(batched))
    assert all(counts[kind] > 0 for kind in REFUSALS), counts

    clean_db.wipe()
    odd = Writer(lineage.store, batch_size=777).apply_many(events)
    assert _errors(odd) == _errors(one_by_one) and _statuses(odd) == _statuses(one_by_one)
    assert_same_graph(first, snapshot(lineage.store))


def test_apply_raises_what_the_batch_reports(lineage: Lineage, clean_db: TestServer,
                                             stream: Stream) -> None:  # fmt: skip
    """``apply`` (the job path: one statement, results, typed errors) against a batch with
    answers: the same results and the same errors, event for event."""
    events = stream.events[:400]
    singles: list[object] = []
    for event in events:
        try:
            singles.append(Writer(lineage.store).apply(event).model_dump())
        except Exception as exc:
            singles.append((type(exc).__name__, str(exc)))
    first = snapshot(lineage.store)

    clean_db.wipe()
    batched = Writer(lineage.store).apply_many(events, answers=True)
    assert_same_graph(first, snapshot(lineage.store))
    together: list[object] = []
    for o in batched:
        if o.error is not None:
            together.append((type(o.error).__name__, str(o.error)))
        elif o.result is not None:
            together.append(o.result.model_dump())
        else:  # a copy of an event that was refused, re-sent after later events of its run
            assert o.status == "replayed"
            together.append(("GraphlineageError", f"event {o.event.event_id} was applied before"))
    assert together == singles
    assert sum(isinstance(s, tuple) for s in singles) >= 40  # refusals were among them


@pytest.mark.slow
def test_batches_of_any_size_equal_and_a_replay_changes_nothing(
    lineage: Lineage, clean_db: TestServer, stream: Stream
) -> None:
    events = stream.events
    default = Writer(lineage.store).apply_many(events)
    _check_statuses(events, default, stream.expected)
    reference = snapshot(lineage.store)
    model = stream.model
    assert alias_holders(lineage.store) == model.current_aliases()
    versions = sum(len(a.versions) for a in model.artifacts.values())
    assert reference.counts()["ArtifactVersion"] == versions

    # the whole stream again: only replays or the same refusals, and nothing changes
    again_model = copy.deepcopy(model)
    expected_again = [again_model.apply(e) for e in events]
    again = Writer(lineage.store).apply_many(events)
    _check_statuses(events, again, expected_again)
    for first, second in zip(default, again, strict=True):
        assert second.status in ("replayed", first.status), (first, second)
    assert Counter(_statuses(again))["ok"] == 0
    assert_same_graph(reference, snapshot(lineage.store))

    # batches of 777 cut runs (and the runs' refusals and replays) in the middle
    clean_db.wipe()
    odd = Writer(lineage.store, batch_size=777).apply_many(events)
    assert _statuses(odd) == _statuses(default)
    assert _errors(odd) == _errors(default)
    assert_same_graph(reference, snapshot(lineage.store))
