"""OpenLineage RunEvents (spec 2.x) into the same graph as the Python API.

Mapping:

- a run (``run.runId``) becomes a ``Run`` whose project comes from the job namespace and
  whose name is the job name plus the end of the run id; the job namespace and name are kept
  (``ol_namespace``, ``ol_job``), and the parent-run facet becomes ``CHILD_OF`` to the
  parent run;
- a dataset becomes an artifact (project from its namespace, name from its name; the
  originals kept as ``ol_namespace``/``ol_name`` on the version's metadata). Its version
  comes from the ``version`` dataset facet when present; otherwise an output is a new
  version made by the producing run, and an input is the version that was ``latest`` at
  the event time;
- START/RUNNING mark the run running, COMPLETE finished, FAIL failed, ABORT crashed; a
  terminal event wins whatever order events arrive in.

Events are written in batches (``cypher/apply_openlineage_events.cypher``: one statement
and one transaction a batch, events in order) with MERGE semantics, so events for one run
may arrive in any order, and replaying them changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from graphlineage.core.events import validation_message
from graphlineage.core.refs import MAX_RUN_NAME_LENGTH
from graphlineage.errors import GraphlineageError, InvalidInputError
from graphlineage.graph import queries
from graphlineage.graph.batching import batches, isolate
from graphlineage.graph.event_rows import nanos
from graphlineage.graph.store import Store

EventType = Literal["START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER"]
_STATUS: dict[str | None, tuple[str | None, bool]] = {
    "START": ("running", False), "RUNNING": ("running", False), "OTHER": (None, False),
    None: (None, False), "COMPLETE": ("finished", True), "FAIL": ("failed", True),
    "ABORT": ("crashed", True),
}  # fmt: skip
_UNSAFE = re.compile(r"[^A-Za-z0-9_.\-]+")


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class OLJob(_Open):
    namespace: str = Field(min_length=1)
    name: str = Field(min_length=1)


class OLRun(_Open):
    run_id: str = Field(alias="runId")
    facets: dict[str, Any] = Field(default_factory=dict)

    @field_validator("run_id")
    @classmethod
    def _uuid(cls, value: str) -> str:
        try:
            return str(uuid.UUID(value))
        except ValueError as exc:
            raise ValueError(f"runId must be a UUID, not {value!r}") from exc


class OLDataset(_Open):
    namespace: str = Field(min_length=1)
    name: str = Field(min_length=1)
    facets: dict[str, Any] = Field(default_factory=dict)

    @property
    def version(self) -> str | None:
        facet = self.facets.get("version")
        value = facet.get("datasetVersion") if isinstance(facet, dict) else None
        return str(value) if value not in (None, "") else None


class RunEvent(_Open):
    """An OpenLineage RunEvent: the fields graphlineage reads, the rest kept as given."""

    event_type: EventType | None = Field(None, alias="eventType")
    event_time: datetime = Field(alias="eventTime")
    run: OLRun
    job: OLJob
    inputs: list[OLDataset] = Field(default_factory=list)
    outputs: list[OLDataset] = Field(default_factory=list)
    producer: str = ""

    @field_validator("event_time")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("eventTime needs a time zone (e.g. 2026-01-31T12:00:00Z)")
        return value


def parse_event(data: Any) -> RunEvent:
    """A RunEvent from decoded JSON; ``InvalidInputError`` says what is wrong."""
    if not isinstance(data, dict):
        raise InvalidInputError(f"an event must be a JSON object, not {type(data).__name__}")
    if "run" not in data and "dataset" in data:
        raise InvalidInputError("DatasetEvents are not supported: send RunEvents")
    try:
        return RunEvent.model_validate(data)
    except ValidationError as exc:
        problem = validation_message(exc)
        raise InvalidInputError(f"invalid OpenLineage RunEvent: {problem}") from exc


# -- names ---------------------------------------------------------------------------------
def safe_name(text: str, limit: int = 128) -> str:
    """``text`` as a graphlineage name; when characters had to change, a short hash of the
    original keeps different originals apart."""
    cleaned = _UNSAFE.sub("_", text).strip("_.-") or "x"
    if cleaned == text and len(text) <= limit:
        return text
    digest = hashlib.sha256(text.encode()).hexdigest()[:8]
    return f"{cleaned[: limit - 9].rstrip('_.-')}-{digest}"


def run_name(job_name: str, run_id: str) -> str:
    # the whole run id: two runs of one job whose ids share their last digits stay apart
    tail = run_id.replace("-", "")
    base = safe_name(job_name, MAX_RUN_NAME_LENGTH - len(tail) - 1)
    return f"{base}-{tail}"


def _digest(kind: str, value: str) -> str:
    return hashlib.sha256(f"openlineage:{kind}:{value}".encode()).hexdigest()


def _run_parameters(event: RunEvent) -> dict[str, Any]:
    status, terminal = _STATUS[event.event_type]
    return {
        "id": event.run.run_id, "project": safe_name(event.job.namespace),
        "name": run_name(event.job.name, event.run.run_id), "job_type": safe_name(event.job.name),
        "namespace": event.job.namespace, "job": event.job.name, "producer": event.producer,
        "at": nanos(event.event_time), "status": status, "terminal": terminal,
    }  # fmt: skip


def _parent(event: RunEvent) -> dict[str, Any] | None:
    facet = event.run.facets.get("parent")
    if not isinstance(facet, dict):
        return None
    run, job = facet.get("run") or {}, facet.get("job") or {}
    try:
        parent_id = str(uuid.UUID(str(run.get("runId"))))
    except ValueError as exc:
        raise InvalidInputError("parent facet: run.runId must be a UUID") from exc
    namespace, name = str(job.get("namespace") or "unknown"), str(job.get("name") or "parent")
    return {"child": event.run.run_id, "parent": parent_id, "project": safe_name(namespace),
            "name": run_name(name, parent_id), "job_type": safe_name(name),
            "namespace": namespace, "job": name}  # fmt: skip


def _dataset(dataset: OLDataset, role: str, run_id: str) -> dict[str, Any]:
    """One ``datasets`` map of apply_openlineage_events: which version, and which edge."""
    project, name = safe_name(dataset.namespace), safe_name(dataset.name)
    metadata = {"ol_namespace": dataset.namespace, "ol_name": dataset.name}
    if dataset.version:
        metadata["ol_version"] = dataset.version
        digest = _digest("version", dataset.version)
    elif role == "output":
        digest = _digest("run", run_id)
    else:
        digest = _digest("unversioned", "")
    return {"role": role, "key": f"{project}/{name}", "project": project, "name": name,
            "digest": digest, "latest": role == "input" and not dataset.version,
            "requested": f"{dataset.namespace}/{dataset.name}",
            "metadata": json.dumps(metadata, sort_keys=True),
            "created_by": run_id if role == "output" else None}  # fmt: skip


def event_row(event: RunEvent) -> dict[str, Any]:
    """The ``$events`` map of one RunEvent."""
    run_id = event.run.run_id
    datasets = [_dataset(d, "input", run_id) for d in event.inputs]
    datasets += [_dataset(d, "output", run_id) for d in event.outputs]
    return {"run": _run_parameters(event), "parent": _parent(event), "datasets": datasets}


# -- writing -------------------------------------------------------------------------------
BATCH = 1000


def ingest_events(store: Store, events: Sequence[RunEvent]) -> list[str | None]:
    """Write RunEvents in batches (one transaction each, events in order); for each event,
    None if it was written, else why it was refused (nothing written for it)."""
    results: list[str | None] = []
    for batch in batches(events, BATCH):
        results.extend(isolate(batch, lambda part: _write(store, part), _failed))
    return results


def _failed(event: RunEvent, exc: GraphlineageError) -> str:
    return f"{type(exc).__name__}: {exc}"


def _write(store: Store, batch: Sequence[RunEvent]) -> list[str | None]:
    rows = [event_row(event) for event in batch]
    answered = store.transaction(
        lambda tx: tx.run_built(queries.apply_openlineage_events(events=rows)))
    return [None if answer["status"] == "ok" else
            f"dataset {answer['detail']} is an artifact of another type than dataset"
            for answer in answered]  # fmt: skip


def ingest_event(store: Store, event: RunEvent) -> None:
    """Write one RunEvent in one statement; ``InvalidInputError`` if it was refused."""
    (problem,) = ingest_events(store, [event])
    if problem is not None:
        raise InvalidInputError(problem)


# -- files ---------------------------------------------------------------------------------
@dataclass
class IngestReport:
    ingested: int = 0
    rejected: list[str] = field(default_factory=list)  # "line N: reason", in line order


def read_events(text: str) -> Iterator[tuple[int, Any]]:
    """(line number, decoded JSON or the error) for a JSON array or NDJSON text."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            items = json.loads(text)
        except ValueError as exc:
            yield 1, InvalidInputError(f"not a JSON array: {exc}")
            return
        for number, item in enumerate(items, 1):
            yield number, item
        return
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except ValueError as exc:
            yield number, InvalidInputError(f"not JSON: {exc}")


def ingest_lines(
    store: Store,
    items: Iterable[tuple[int, Any]],
    label: str = "line",
    advance: Callable[[int], None] = lambda count: None,
) -> IngestReport:
    """Ingest every valid event, in batches as they are read; each invalid or refused one is
    reported with its number and reason. ``advance(events)`` after each batch."""
    report = IngestReport()
    rejected: list[tuple[int, str]] = []
    for batch in batches(items, BATCH):
        numbers: list[int] = []
        events: list[RunEvent] = []
        for number, item in batch:
            try:
                if isinstance(item, InvalidInputError):
                    raise item
                events.append(parse_event(item))
                numbers.append(number)
            except InvalidInputError as exc:
                rejected.append((number, f"{label} {number}: {exc}"))
        for number, problem in zip(numbers, ingest_events(store, events), strict=True):
            if problem is None:
                report.ingested += 1
            else:
                rejected.append((number, f"{label} {number}: {problem}"))
        advance(len(batch))
    report.rejected = [problem for _, problem in sorted(rejected)]
    return report
