"""The background sender of async delivery (``GRAPHLINEAGE_DELIVERY=async``).

API calls append their events to the run's journal and hand them to the sender; its one
thread takes whatever has queued up, at most a batch, and writes it through the batched writer
(one transaction), so a burst of calls from several runs becomes a few commits. Events are
sent in the order they were submitted, so each run's events arrive in order. When Neo4j
cannot be reached the sender keeps the events and tries again with a growing pause; whatever
it could not deliver by the time the process ends is still in the journals, for
``graphlineage sync``.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence

from graphlineage.core.events import Event
from graphlineage.errors import GraphlineageError, Neo4jConnectionError

Deliver = Callable[[Sequence[Event]], Sequence[GraphlineageError | None]]
Delivered = Callable[[Event, GraphlineageError | None], None]

MAX_BATCH = 2000
MAX_PAUSE = 5.0


class Sender:
    """Delivers submitted events in order, in batches, from one daemon thread."""

    def __init__(self, deliver: Deliver, delivered: Delivered,
                 on_outage: Callable[[str], None]) -> None:  # fmt: skip
        self._deliver = deliver
        self._delivered = delivered
        self._on_outage = on_outage
        self._queue: deque[Event] = deque()
        self._cond = threading.Condition()
        self._submitted = 0  # events submitted so far
        self._done = 0  # events delivered (applied or refused) so far
        self._position: dict[str, int] = {}  # event id -> its submission number
        self._errors: dict[str, GraphlineageError] = {}  # refused events, by id
        self._stopping = False
        self._thread: threading.Thread | None = None

    # -- the caller's side -----------------------------------------------------------------
    def submit(self, event: Event) -> None:
        with self._cond:
            self._submitted += 1
            self._position[event.event_id] = self._submitted
            self._queue.append(event)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="graphlineage-sender",
                                                daemon=True)  # fmt: skip
                self._thread.start()
            self._cond.notify_all()

    def wait(self, event_ids: Iterable[str] | None = None, timeout: float | None = None) -> bool:
        """Block until the given events (default: all submitted so far) are delivered;
        False if ``timeout`` seconds passed first."""
        with self._cond:
            if event_ids is None:
                target = self._submitted
            else:
                target = max((self._position.get(e, 0) for e in event_ids), default=0)
            return self._cond.wait_for(lambda: self._done >= target, timeout)

    def error(self, event_id: str) -> GraphlineageError | None:
        """Why a delivered event was refused, if it was."""
        with self._cond:
            return self._errors.get(event_id)

    @property
    def pending(self) -> int:
        with self._cond:
            return self._submitted - self._done

    def stop(self, timeout: float | None) -> bool:
        """Deliver what is queued (for at most ``timeout`` seconds), then stop; False if
        events were left undelivered."""
        delivered = self.wait(timeout=timeout)
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        return delivered

    # -- the thread ------------------------------------------------------------------------
    def _run(self) -> None:
        pause = 0.05
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._queue or self._stopping)
                if self._stopping and not self._queue:
                    return
                batch = [self._queue[i] for i in range(min(MAX_BATCH, len(self._queue)))]
            try:
                results = self._deliver(batch)
            except Neo4jConnectionError as exc:
                self._on_outage(str(exc))
                with self._cond:
                    if self._stopping:
                        return  # the journals keep the events
                    self._cond.wait(pause)
                pause = min(MAX_PAUSE, pause * 2)
                continue
            except Exception as exc:  # a bug must not stop delivery silently
                results = [GraphlineageError(f"could not deliver: {exc!r}")] * len(batch)
            pause = 0.05
            for event, problem in zip(batch, results, strict=True):
                self._delivered(event, problem)
            with self._cond:
                for event, problem in zip(batch, results, strict=True):
                    self._queue.popleft()
                    self._position.pop(event.event_id, None)  # delivered: nothing to wait for
                    if problem is not None:
                        self._errors[event.event_id] = problem
                self._done += len(batch)
                self._cond.notify_all()
