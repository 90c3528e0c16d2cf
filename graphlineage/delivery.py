"""Where a run's events go: Neo4j (online), the local journal (offline), or nowhere
(disabled). A lineage outage must never break a training job: when Neo4j cannot be reached
during a run, the run's events so far and from then on go to its journal, and stderr says so
once. ``graphlineage sync`` replays journals later.

While events are journaled, nothing is read back from the graph, so calls return
*pending* stand-ins: versions without a number yet (``pending=True``), named by content
digest, which the writer resolves when the journal is synced.
"""

from __future__ import annotations

import random
import sys
import threading
from collections.abc import Callable
from typing import Any

from graphlineage.errors import ConnectionError
from graphlineage.events import (
    ArtifactLinked,
    ArtifactLogged,
    ArtifactUsed,
    Event,
    RunFinished,
    RunStarted,
)
from graphlineage.journal import JournalWriter
from graphlineage.models import ArtifactVersionInfo, RegistryVersion, RunInfo
from graphlineage.names import ADJECTIVES, NOUNS
from graphlineage.settings import Mode, Settings


def offline_run_name(run_id: str) -> str:
    """A W&B-style name that needs no server: words chosen by the id, and its last digits."""
    rng = random.Random(run_id)
    return f"{rng.choice(ADJECTIVES)}-{rng.choice(NOUNS)}-{run_id.replace('-', '')[-6:]}"


def pending_result(event: Event, runs: dict[str, RunInfo]) -> Any:
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
    """Sends each event to the writer, the journal, or nowhere, per the settings' mode."""

    def __init__(self, settings: Settings, write: Callable[[Event], Any]) -> None:
        self.settings = settings
        self._write = write
        self._offline = settings.mode is Mode.OFFLINE
        self._history: dict[str, list[Event]] = {}  # events of unfinished runs
        self._journals: dict[str, JournalWriter] = {}
        self._runs: dict[str, RunInfo] = {}
        self._lock = threading.Lock()
        self._warned = False

    @property
    def offline(self) -> bool:
        return self._offline

    def send(self, event: Event) -> Any:
        if self.settings.mode is Mode.DISABLED:
            return pending_result(event, self._runs)
        with self._lock:
            if isinstance(event, RunStarted) and self._offline and event.name is None:
                event = event.model_copy(update={"name": offline_run_name(event.run_id)})
            history = self._history.setdefault(event.run_id, [])
            if not self._offline and event.run_id not in self._journals:
                try:
                    result = self._write(event)
                except ConnectionError as exc:
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

    def _remember(self, history: list[Event], event: Event) -> None:
        history.append(event)
        if isinstance(event, RunFinished):
            self._history.pop(event.run_id, None)

    def _journal(self, run_id: str, history: list[Event]) -> JournalWriter:
        journal = self._journals.get(run_id)
        if journal is None:
            journal = self._journals[run_id] = JournalWriter(self.settings.journal_dir, run_id)
            for earlier in history:  # already written online; sync skips them
                journal.append(earlier)
        return journal

    def _go_offline(self, reason: str) -> None:
        self._offline = True
        self._warn(reason)

    def _warn(self, reason: str) -> None:
        if self._warned:
            return
        self._warned = True
        print(
            f"graphlineage: {reason}\ngraphlineage: the run goes on; its lineage is "
            f"journaled in {self.settings.journal_dir}. Run `graphlineage sync` when Neo4j "
            "is reachable.",
            file=sys.stderr,
        )

    def close(self) -> None:
        with self._lock:
            for journal in self._journals.values():
                journal.close()
