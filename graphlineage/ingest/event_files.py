"""``graphlineage import events``: graphlineage's own event NDJSON (the journal format) into
the graph through the batched writer, for backfills and migrations.

The stream is read line by line and written in batches as it goes, so a file of any size
needs the memory of one batch. Events apply exactly as they would one by one: a refused event
(an alias that does not exist, a cycle, a run already finished) is reported with its line and
reason and the others are written; events applied before (a file imported twice) change
nothing and are counted as already there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from pydantic import ValidationError

from graphlineage.capture.journal import parse_line
from graphlineage.core.events import Event, validation_message
from graphlineage.core.limits import DEFAULT_BATCH
from graphlineage.graph.batching import batches
from graphlineage.graph.writer import Writer


@dataclass
class ImportReport:
    read: int = 0  # events read
    applied: int = 0
    replayed: int = 0  # applied before: nothing changed
    rejected: list[str] = field(default_factory=list)  # "line N: reason"


def read_lines(stream: Iterable[bytes]) -> Iterator[tuple[int, Event | str, int]]:
    """(line number, the event or why it cannot be read, bytes consumed) per non-blank line."""
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            yield number, parse_line(line), len(line)
        except ValidationError as exc:
            yield number, validation_message(exc), len(line)
        except UnicodeDecodeError:
            yield number, "not UTF-8 text", len(line)


class EventLines:
    """The events of ``lines`` in order; ``errors`` names each bad line once iterated."""

    def __init__(self, lines: Iterable[bytes]) -> None:
        self._lines = lines
        self.errors: list[str] = []

    def __iter__(self) -> Iterator[Event]:
        for number, item, _ in read_lines(self._lines):
            if isinstance(item, str):
                self.errors.append(f"line {number}: {item}")
            else:
                yield item


def import_events(
    writer: Writer,
    lines: Iterable[tuple[int, Event | str, int]],
    advance: Callable[[int, int], None] = lambda events, size: None,
    batch_size: int = DEFAULT_BATCH,
) -> ImportReport:
    """Write every readable event; ``advance(events, bytes)`` after each batch."""
    report = ImportReport()
    for batch in batches(lines, batch_size):
        events = []
        numbers = []
        for number, item, _ in batch:
            if isinstance(item, str):
                report.rejected.append(f"line {number}: {item}")
            else:
                events.append(item)
                numbers.append(number)
        report.read += len(events)
        for number, outcome in zip(numbers, writer.apply_many(events), strict=True):
            if outcome.replayed:
                report.replayed += 1
            elif outcome.applied:
                report.applied += 1
            else:
                report.rejected.append(f"line {number}: {outcome.error}")
        advance(len(events), sum(size for _, _, size in batch))
    return report
