"""Read graphlineage's own event NDJSON (the journal format: one event as JSON per line)
lazily, keeping the lines that are not events aside instead of stopping at them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pydantic import TypeAdapter, ValidationError

from graphlineage.events import Event, validation_message

_EVENT: TypeAdapter[Event] = TypeAdapter(Event)


class EventLines:
    """The events of ``lines`` in order; ``errors`` names each bad line once iterated."""

    def __init__(self, lines: Iterable[bytes | str]) -> None:
        self._lines = lines
        self.errors: list[str] = []

    def __iter__(self) -> Iterator[Event]:
        for number, line in enumerate(self._lines, 1):
            if not line.strip():
                continue
            try:
                yield _EVENT.validate_json(line)
            except ValidationError as exc:
                self.errors.append(f"line {number}: {validation_message(exc)}")
