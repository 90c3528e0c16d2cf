"""The pure-Python fold and its CSV files (no server): the rules the online writer follows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from graphlineage.capture.journal import JournalWriter
from graphlineage.core.events import (
    ArtifactLinked,
    ArtifactLogged,
    ArtifactUsed,
    Event,
    RunStarted,
)
from graphlineage.core.names import name_words
from graphlineage.ingest.event_files import EventLines
from graphlineage.ingest.initial.csv_files import array_delimiter, write_csv
from graphlineage.ingest.initial.fold import fold

T0 = datetime(2026, 1, 1, tzinfo=UTC)
A, B, C = ("0190c5a0-0000-7000-8000-0000000000a1", "0190c5a0-0000-7000-8000-0000000000b2",
           "0190c5a0-0000-7000-8000-0000000000c3")  # fmt: skip


def at(seconds: int) -> datetime:
    return T0 + timedelta(seconds=seconds)


def log(run_id: str, digest: str, second: int, aliases: tuple[str, ...] = ()) -> ArtifactLogged:
    return ArtifactLogged(run_id=run_id, project="p", name="data", type="dataset",
                          digest=digest, size=1, file_count=1, manifest="[]", aliases=aliases,
                          at=at(second))  # fmt: skip


def test_generated_name_takes_the_run_id_suffix_when_taken() -> None:
    taken = f"{name_words(B)}-2"
    result = fold([
        RunStarted(run_id=A, project="p", name=taken, at=at(0)),
        RunStarted(run_id=C, project="p", name=taken, at=at(1)),  # refused: no number used
        RunStarted(run_id=B, project="p", at=at(2)),
    ])  # fmt: skip
    runs = result.graph.runs
    assert runs[A]["name"] == taken and C not in runs
    assert runs[B]["number"] == 2
    assert runs[B]["name"] == f"{name_words(B)}-2-{B[-6:]}"
    assert result.graph.projects["p"]["run_count"] == 2
    assert [r.error for r in result.refusals] == ["ConflictError"]


def test_versions_dedup_aliases_history_and_as_of() -> None:
    events: list[Event] = [
        RunStarted(run_id=A, project="p", name="a", at=at(0)),
        log(A, "d0", 1, ("best",)),
        log(A, "d1", 2),
        log(A, "d0", 3),  # same content as v0: no new version
        log(A, "d2", 4, ("best",)),
        RunStarted(run_id=B, project="p", name="b", at=at(5)),
        ArtifactUsed(run_id=B, project="p", name="data", selector="best", requested="data:best",
                     resolve_as_of=at(3), at=at(6)),
        ArtifactUsed(run_id=B, project="p", name="data", selector="v0", requested="data:v0",
                     at=at(7)),
        ArtifactUsed(run_id=B, project="p", name="data", selector="best", requested="data:best",
                     at=at(8)),
    ]  # fmt: skip
    graph = fold(events).graph
    assert sorted(graph.versions) == ["p/data:v0", "p/data:v1", "p/data:v2"]
    assert graph.artifacts["p/data"]["version_count"] == 3
    assert graph.artifacts["p/data"]["updated_at"] == at(4)
    latest = [(e.version_key, e.since, e.until) for e in graph.aliases if e.name == "latest"]
    assert latest == [("p/data:v0", at(1), at(2)), ("p/data:v1", at(2), at(4)),
                      ("p/data:v2", at(4), None)]  # fmt: skip
    assert graph.used[(B, "p/data:v0")]["requested"] == ["data:best", "data:v0"]
    assert graph.used[(B, "p/data:v2")]["requested"] == ["data:best"]
    assert graph.produced[(A, "p/data:v0")] == {"at": at(1), "first": True}


def test_replays_skip_and_refusals_write_nothing() -> None:
    start = RunStarted(run_id=A, project="p", name="a", at=at(0))
    logged = log(A, "d0", 1)
    # made after the log (a larger id), sent before it once: refused, then sent again
    link = ArtifactLinked(run_id=A, artifact="p/data", digest="d0", registered_model="M",
                          aliases=("prod",), at=at(2))  # fmt: skip
    result = fold([start, link, logged, link, link, start])
    assert (result.applied, result.replayed, len(result.refusals)) == (3, 2, 1)
    assert result.refusals[0].error == "NotFoundError"  # linked before it was logged
    assert result.graph.runs[A]["last_event"] == link.event_id
    assert result.graph.links[("p/data:v0", "M")]["version"] == "v0"
    assert {e.name for e in result.graph.registry_aliases} == {"prod", "latest"}


def test_csv_quotes_everything_and_splits_multiline_rows(tmp_path: Path) -> None:
    notes = 'a,"b"\nc'
    graph = fold([RunStarted(run_id=A, project="p", name="plain", tags=("x\x1fy",), at=at(0)),
                  RunStarted(run_id=B, project="p", name="n", notes=notes, at=at(1),
                             host="")]).graph  # fmt: skip
    assert array_delimiter(graph) == "\x1e"
    files = write_csv(graph, tmp_path)
    runs = {path.name: path.read_text() for label, path in files.nodes if label == "Run"}
    assert set(runs) == {"nodes-Run.csv", "nodes-Run-multiline.csv"}
    assert '"a,""b""\nc"' in runs["nodes-Run-multiline.csv"]
    assert ',"",' in runs["nodes-Run-multiline.csv"]  # host: an empty string, not null
    assert [p.name for p in files.multiline] == ["nodes-Run-multiline.csv"]
    assert files.fixups.run_tags == [{"id": B, "tags": []}]


def test_journal_lines_read_back_with_bad_lines_kept_aside(tmp_path: Path) -> None:
    journal = JournalWriter(tmp_path, A)
    journal.append(RunStarted(run_id=A, project="p", at=at(0)))
    journal.close()
    lines = EventLines([*journal.path.read_bytes().splitlines(), b"", b'{"kind": "nope"}'])
    events = list(lines)
    assert [e.kind for e in events] == ["run_started"] and len(lines.errors) == 1
