"""An independent model of the capture rules (written from apply_events.cypher's header,
not from the writer): what status each event gets, which versions exist, who holds each
alias. The batch-equality tests check the real writer against it."""


from __future__ import annotations

import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from graphlineage.core.events import (
    ArtifactLinked,
    ArtifactLogged,
    ArtifactUsed,
    Event,
    RunFinished,
    RunStarted,
    RunUpdated,
)

BASE_TIME = datetime(2026, 3, 1, tzinfo=UTC)
_BASE_MS = int(BASE_TIME.timestamp() * 1000)

REFUSALS = ("run_missing", "run_not_running", "name_taken", "unresolved", "type_mismatch",
            "artifact_type", "cycle", "version_missing")  # fmt: skip


class Clock:
    """Deterministic UUIDv7 ids and times: one millisecond tick per call."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self.tick = 0

    def next(self) -> tuple[str, datetime]:
        self.tick += 1
        ms = _BASE_MS + self.tick
        value = (ms << 80) | (0x7 << 76) | (self._rng.getrandbits(12) << 64)
        value |= (0b10 << 62) | self._rng.getrandbits(62)
        return str(uuid.UUID(int=value)), BASE_TIME + timedelta(milliseconds=self.tick)

    def time_of(self, tick: int) -> datetime:
        return BASE_TIME + timedelta(milliseconds=tick)


# -- the model ------------------------------------------------------------------------------
@dataclass
class _Span:
    since: datetime
    holder: str
    until: datetime | None = None


@dataclass
class _Run:
    project: str
    name: str | None
    last_event: str
    status: str = "running"
    used: set[str] = field(default_factory=set)
    produced: set[str] = field(default_factory=set)


@dataclass
class _Artifact:
    type: str
    versions: list[str] = field(default_factory=list)  # keys, by index
    by_digest: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, list[_Span]] = field(default_factory=dict)


@dataclass
class _Model:
    linked: set[str] = field(default_factory=set)
    aliases: dict[str, list[_Span]] = field(default_factory=dict)


def _move(spans: dict[str, list[_Span]], names: Iterable[str], holder: str, at: datetime) -> None:
    for name in dict.fromkeys(names):
        history = spans.setdefault(name, [])
        current = next((s for s in history if s.until is None), None)
        if current is not None and current.holder == holder:
            continue
        if current is not None:
            current.until = at
        history.append(_Span(at, holder))


class GraphModel:
    """What the graph holds after each event, as far as statuses, numbers and aliases go."""

    def __init__(self) -> None:
        self.runs: dict[str, _Run] = {}
        self.names: set[tuple[str, str]] = set()  # (project, run name) taken
        self.artifacts: dict[str, _Artifact] = {}
        self.version_type: dict[str, str] = {}
        self.version_digest: dict[str, str] = {}
        self.consumers: dict[str, set[str]] = {}
        self.producers: dict[str, set[str]] = {}
        self.models: dict[str, _Model] = {}

    # -- queries the generator also uses ---------------------------------------------------
    def resolve(self, artifact: str, selector: str, as_of: datetime | None = None) -> str | None:
        art = self.artifacts.get(artifact)
        if art is None:
            return None
        if selector[:1] == "v" and selector[1:].isdigit():
            index = int(selector[1:])
            return art.versions[index] if index < len(art.versions) else None
        for span in art.aliases.get(selector, []):
            if as_of is None:
                if span.until is None:
                    return span.holder
            elif span.since <= as_of and (span.until is None or span.until > as_of):
                return span.holder
        return None

    def downstream(self, run_id: str) -> set[str]:
        """Versions that descend from the run's outputs (using one of them is a cycle)."""
        run = self.runs.get(run_id)
        seen: set[str] = set()
        frontier = list(run.produced) if run else []
        while frontier:
            version = frontier.pop()
            if version in seen:
                continue
            seen.add(version)
            for consumer in self.consumers.get(version, ()):
                frontier.extend(self.runs[consumer].produced)
        return seen

    def upstream(self, run_id: str) -> set[str]:
        """Versions the run descends from (logging one of them again is a cycle)."""
        run = self.runs.get(run_id)
        seen: set[str] = set()
        frontier = list(run.used) if run else []
        while frontier:
            version = frontier.pop()
            if version in seen:
                continue
            seen.add(version)
            for producer in self.producers.get(version, ()):
                frontier.extend(self.runs[producer].used)
        return seen

    def current_aliases(self) -> dict[tuple[str, str], str]:
        """(artifact key or ``registry:<model>``, alias) -> the version holding it now."""
        held = {}
        for key, art in self.artifacts.items():
            for alias, spans in art.aliases.items():
                for span in spans:
                    if span.until is None:
                        held[(key, alias)] = span.holder
        for name, model in self.models.items():
            for alias, spans in model.aliases.items():
                for span in spans:
                    if span.until is None:
                        held[(f"registry:{name}", alias)] = span.holder
        return held

    # -- applying --------------------------------------------------------------------------
    def apply(self, event: Event) -> str:
        """Apply one event; return the status the writer must give it."""
        run = self.runs.get(event.run_id)
        if run is not None and (isinstance(event, RunStarted) or event.event_id <= run.last_event):
            return "replayed"
        if isinstance(event, RunStarted):
            if event.name is not None and (event.project, event.name) in self.names:
                return "name_taken"
            self.runs[event.run_id] = _Run(event.project, event.name, event.event_id)
            if event.name is not None:
                self.names.add((event.project, event.name))
            return "ok"
        if run is None:
            return "run_missing"
        if not isinstance(event, RunFinished | RunUpdated) and run.status != "running":
            return "run_not_running"
        if isinstance(event, ArtifactUsed):
            status = self._use(run, event)
        elif isinstance(event, ArtifactLogged):
            status = self._log(run, event)
        elif isinstance(event, ArtifactLinked):
            status = self._link(event)
        elif isinstance(event, RunUpdated):
            status = "ok"  # config, summary and tags change in any state
            if event.resumed:
                run.status = "running"
        else:
            run.status = event.status.value
            status = "ok"
        if status == "ok":
            run.last_event = event.event_id
        return status

    def _use(self, run: _Run, event: ArtifactUsed) -> str:
        version = self.resolve(f"{event.project}/{event.name}", event.selector,
                               event.resolve_as_of)  # fmt: skip
        if version is None:
            return "unresolved"
        if event.type is not None and self.version_type[version] != event.type:
            return "type_mismatch"
        if version in self.downstream(event.run_id):
            return "cycle"
        run.used.add(version)
        self.consumers.setdefault(version, set()).add(event.run_id)
        return "ok"

    def _log(self, run: _Run, event: ArtifactLogged) -> str:
        key = f"{event.project}/{event.name}"
        art = self.artifacts.get(key)
        if art is not None and art.type != event.type:
            return "artifact_type"
        same = art.by_digest.get(event.digest) if art is not None else None
        if same is not None and same in self.upstream(event.run_id):
            return "cycle"
        if art is None:
            art = self.artifacts[key] = _Artifact(event.type)
        names: list[str] = []
        if same is None:
            same = f"{key}:v{len(art.versions)}"
            art.versions.append(same)
            art.by_digest[event.digest] = same
            self.version_type[same] = art.type
            self.version_digest[same] = event.digest
            names.append("latest")
        run.produced.add(same)
        self.producers.setdefault(same, set()).add(event.run_id)
        _move(art.aliases, [*names, *event.aliases], same, event.at)
        return "ok"

    def _link(self, event: ArtifactLinked) -> str:
        if event.version_key is not None:
            version = event.version_key if event.version_key in self.version_type else None
        else:
            art = self.artifacts.get(event.artifact or "")
            version = art.by_digest.get(event.digest or "") if art is not None else None
        if version is None:
            return "version_missing"
        model = self.models.setdefault(event.registered_model, _Model())
        names = list(event.aliases)
        if version not in model.linked:
            model.linked.add(version)
            names.append("latest")
        _move(model.aliases, names, version, event.at)
        return "ok"
