"""Group commit for ``graphlineage serve``: concurrent POSTs share transactions.

Each request hands its event to the committer and waits. One worker writes whatever has
queued up (at most a batch) as one transaction through the batched OpenLineage writer, then
answers every request in that batch; requests that arrive meanwhile form the next batch. So a
request is acknowledged only after the transaction holding its event has committed, and under
load many events share one commit instead of paying one each.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

from starlette.concurrency import run_in_threadpool

from graphlineage.errors import GraphlineageError
from graphlineage.ingest.openlineage import BATCH, OLEvent

Write = Callable[[Sequence[OLEvent]], list[str | None]]


class GroupCommitter:
    """``await submit(event)`` returns None once written, or why the event was refused;
    an error of the store as a whole (Neo4j away) is raised to every waiter."""

    def __init__(self, write: Write, batch: int = BATCH) -> None:
        self._write = write
        self._batch = batch
        self._pending: list[tuple[OLEvent, asyncio.Future[str | None]]] = []
        self._wake: asyncio.Event | None = None
        self._worker: asyncio.Task[None] | None = None

    async def submit(self, event: OLEvent) -> str | None:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[str | None] = loop.create_future()
        self._pending.append((event, future))
        if self._wake is None:
            self._wake = asyncio.Event()
        if self._worker is None or self._worker.done():
            self._worker = loop.create_task(self._run())
        self._wake.set()
        return await future

    async def _run(self) -> None:
        assert self._wake is not None
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._pending:
                taken, self._pending = self._pending[: self._batch], self._pending[self._batch :]
                events = [event for event, _ in taken]
                try:
                    results = await run_in_threadpool(self._write, events)
                except GraphlineageError as exc:
                    for _, future in taken:
                        if not future.done():
                            future.set_exception(exc)
                    continue
                for (_, future), problem in zip(taken, results, strict=True):
                    if not future.done():
                        future.set_result(problem)
