"""Where a run's events go: Neo4j (online), the local journal (offline), or nowhere
(disabled), and how: each call written before it returns (``sync`` delivery, the default), or
journaled and sent in batches by a background thread (``async``). A lineage outage must never
break a training job: when Neo4j cannot be reached during a run, the run's events so far and
from then on go to its journal, and stderr says so once; runs started later try Neo4j again.
``graphlineage sync`` replays journals later.

While events are journaled, nothing is read back from the graph, so calls return
*pending* stand-ins: versions without a number yet (``pending=True``), named by content
digest, which the writer resolves when the journal is synced.
"""

from __future__ import annotations

import atexit
import random
import sys
import threading
import time
from collections.abc import Callable, Sequence

from graphlineage.capture.journal import JournalWriter, fallback_journal_dir, mark_synced
from graphlineage.capture.sender import Sender
from graphlineage.core.events import (
    ArtifactLinked,
    ArtifactLogged,
    ArtifactUsed,
    Event,
    RunFinished,
    RunStarted,
)
from graphlineage.core.models import ArtifactVersionInfo, EventResult, RegistryVersion, RunInfo
from graphlineage.core.names import ADJECTIVES, NOUNS
from graphlineage.core.settings import DeliveryMode, FsyncMode, Mode, Settings
from graphlineage.errors import GraphlineageError, Neo4jConnectionError

RECONNECT_AFTER = 10.0  # seconds after an outage before a new run tries Neo4j again


def offline_run_name(run_id: str) -> str:
    """A W&B-style name that needs no server: words chosen by the id, and its last digits."""
    rng = random.Random(run_id)
    return f"{rng.choice(ADJECTIVES)}-{rng.choice(NOUNS)}-{run_id.replace('-', '')[-6:]}"


def pending_result(event: Event, runs: dict[str, RunInfo]) -> EventResult:
    """What a call returns while its event waits in the journal (or is dropped)."""
    if isinstance(event, RunStarted):
        info = RunInfo(id=event.run_id, project=event.project,
                       name=event.name or offline_run_name(event.run_id),
                       job_type=event.job_type, status="running", config=event.config,
                       tags=list(event.tags), notes=event.notes, started_at=event.at)  # fmt: skip
        runs[event.run_id] = info
        return info
    if isinstance(event, ArtifactUsed):
        return ArtifactVersionInfo(
            key=f"{event.project}/{event.name}:{event.selector}", project=event.project,
            name=event.name, type=event.type or "unknown", version=event.selector, index=-1,
            digest="", pending=True,
        )  # fmt: skip
    if isinstance(event, ArtifactLogged):
        return ArtifactVersionInfo(
            key=f"{event.project}/{event.name}@{event.digest[:12]}", project=event.project,
            name=event.name, type=event.type, version="pending", index=-1, digest=event.digest,
            size=event.size, file_count=event.file_count, metadata=event.metadata,
            aliases=list(event.aliases), pending=True, created_at=event.at,
        )  # fmt: skip
    if isinstance(event, ArtifactLinked):
        linked = event.version_key or f"{event.artifact}@{(event.digest or '')[:12]}"
        return RegistryVersion(model=event.registered_model, version="pending", index=-1,
                               artifact_version=linked, aliases=list(event.aliases))
    assert isinstance(event, RunFinished)
    started = runs.pop(event.run_id, None)
    base = started.model_dump() if started else {"id": event.run_id, "project": "?",
                                                 "name": event.run_id}  # fmt: skip
    return RunInfo(**{**base, "status": event.status.value, "ended_at": event.at,
                      "exit_code": event.exit_code, "summary": event.summary})  # fmt: skip


class Delivery:
    """Sends each event to the writer, the journal, or nowhere, per the settings' mode.

    ``sync`` delivery (the default) writes each event before the call returns. ``async``
    delivery appends it to the run's journal and hands it to a background :class:`Sender`;
    the call returns a pending result at once. ``finish()`` waits (up to
    ``GRAPHLINEAGE_FLUSH_TIMEOUT`` seconds) until the run's events are in the graph, and so
    does the end of the process for every run.
    """

    def __init__(
        self,
        settings: Settings,
        write: Callable[[Event], EventResult],
        write_many: Callable[[Sequence[Event]], Sequence[GraphlineageError | None]]
        | None = None,
    ) -> None:
        self.settings = settings
        self._write = write
        self._write_many = write_many
        self._offline = settings.mode is Mode.OFFLINE
        self._async = settings.delivery is DeliveryMode.ASYNC and write_many is not None
        self._history: dict[str, list[Event]] = {}  # events of unfinished runs
        self._journals: dict[str, JournalWriter] = {}
        self._runs: dict[str, RunInfo] = {}
        self._lock = threading.Lock()
        self._warned = False
        self._sender: Sender | None = None
        self._journal_dir = settings.journal_dir
        self._outage_at: float | None = None  # when Neo4j was last found unreachable

    def send(self, event: Event) -> EventResult:
        if self.settings.mode is Mode.DISABLED:
            return pending_result(event, self._runs)
        if self._async and not self._offline:
            return self._send_async(event)
        with self._lock:
            if isinstance(event, RunStarted) and self._offline and event.name is None:
                event = event.model_copy(update={"name": offline_run_name(event.run_id)})
            history = self._history.setdefault(event.run_id, [])
            if not self._offline and event.run_id not in self._journals and self._online():
                try:
                    result = self._write(event)
                except Neo4jConnectionError as exc:
                    self._go_offline(str(exc))
                else:
                    self._remember(history, event)
                    return result
            if isinstance(event, ArtifactUsed) and event.resolve_as_of is None:
                # resolved at sync time, as the alias stood when the run asked for it
                event = event.model_copy(update={"resolve_as_of": event.at})
            journal = self._journal(event.run_id, history)
            if not self._warned:
                self._warn("offline mode (GRAPHLINEAGE_MODE=offline)")
            journal.append(event)
            self._remember(history, event)
            if isinstance(event, RunFinished):
                journal.close()
                self._journals.pop(event.run_id, None)
            return pending_result(event, self._runs)

    def _online(self) -> bool:
        """After an outage, new runs try Neo4j again once a while has passed (a run that
        journaled events keeps journaling, so that its events stay in order)."""
        if self._outage_at is None:
            return True
        return time.monotonic() - self._outage_at >= RECONNECT_AFTER

    # -- async -----------------------------------------------------------------------------
    def _send_async(self, event: Event) -> EventResult:
        with self._lock:
            if isinstance(event, RunStarted) and event.name is None:
                event = event.model_copy(update={"name": offline_run_name(event.run_id)})
            if isinstance(event, ArtifactUsed) and event.resolve_as_of is None:
                event = event.model_copy(update={"resolve_as_of": event.at})
            journal = self._journals.get(event.run_id)
            if journal is None:
                journal = self._journals[event.run_id] = self._open_journal(event.run_id)
            journal.append(event, durable=self.settings.journal_fsync is FsyncMode.ALWAYS)
            self._sender_started().submit(event)
            result = pending_result(event, self._runs)
        if isinstance(event, RunFinished) and self.settings.finish_wait:
            self.wait([event.event_id], self.settings.flush_timeout)
        return result

    def _sender_started(self) -> Sender:
        if self._sender is None:
            self._sender = Sender(self._deliver, self._delivered, self._go_offline_async)
            atexit.register(self.close)
        return self._sender

    def _deliver(self, events: Sequence[Event]) -> Sequence[GraphlineageError | None]:
        with self._lock:
            journals = {self._journals[e.run_id] for e in events if e.run_id in self._journals}
        for journal in journals:  # what is delivered is on disk first
            journal.sync()
        assert self._write_many is not None
        return self._write_many(events)

    def _delivered(self, event: Event, problem: GraphlineageError | None) -> None:
        if problem is not None:
            print(f"graphlineage: event {event.kind} of run {event.run_id} was refused: "
                  f"{problem}", file=sys.stderr)  # fmt: skip
        if isinstance(event, RunFinished):
            with self._lock:
                journal = self._journals.pop(event.run_id, None)
            if journal is not None:
                journal.close()
                mark_synced(journal.path)

    def _go_offline_async(self, reason: str) -> None:
        self._warn(reason, retrying=True)

    def wait(self, event_ids: list[str] | None = None, timeout: float | None = None) -> bool:
        """Wait until the events (default: all) are delivered; False on timeout (then they
        stay in the journal and stderr says so)."""
        if self._sender is None:
            return True
        if self._sender.wait(event_ids, timeout):
            return True
        self._warn(f"{self._sender.pending} events not delivered within {timeout} s",
                   retrying=True)  # fmt: skip
        return False

    def refusal(self, event_id: str) -> GraphlineageError | None:
        return self._sender.error(event_id) if self._sender is not None else None

    # -- journals --------------------------------------------------------------------------
    def _remember(self, history: list[Event], event: Event) -> None:
        history.append(event)
        if isinstance(event, RunFinished):
            self._history.pop(event.run_id, None)

    def _journal(self, run_id: str, history: list[Event]) -> JournalWriter:
        journal = self._journals.get(run_id)
        if journal is None:
            journal = self._journals[run_id] = self._open_journal(run_id)
            for earlier in history:  # already written online; sync skips them
                journal.append(earlier)
        return journal

    def _open_journal(self, run_id: str) -> JournalWriter:
        """The run's journal in the journal dir; if that cannot be used (it is a file, not
        writable, the disk is full), in a private fallback dir, and stderr says so once: a
        lineage misconfiguration never breaks the job, and its events stay safe."""
        try:
            return JournalWriter.open(self._journal_dir, run_id)
        except OSError as exc:
            fallback = fallback_journal_dir()
            if self._journal_dir == fallback:
                raise
            print(f"graphlineage: cannot write journals in {self._journal_dir} ({exc}); "
                  f"using {fallback} instead", file=sys.stderr)  # fmt: skip
            self._journal_dir = fallback
            return JournalWriter.open(fallback, run_id)

    def _go_offline(self, reason: str) -> None:
        self._outage_at = time.monotonic()
        self._warn(reason)

    def _warn(self, reason: str, retrying: bool = False) -> None:
        if self._warned:
            return
        self._warned = True
        then = ("events are kept in the journal and delivered when Neo4j is back; whatever is "
                "left when the process ends waits for `graphlineage sync`") if retrying else (
                "run `graphlineage sync` when Neo4j is reachable")  # fmt: skip
        print(
            f"graphlineage: {reason}\ngraphlineage: the run goes on; its lineage is "
            f"journaled in {self._journal_dir}; {then}.",
            file=sys.stderr,
        )

    def close(self) -> None:
        if self._sender is not None:
            atexit.unregister(self.close)
            if not self._sender.stop(self.settings.flush_timeout):
                self._warn(f"{self._sender.pending} events not delivered", retrying=True)
            self._sender = None
        with self._lock:
            for journal in self._journals.values():
                journal.close()
            self._journals.clear()
