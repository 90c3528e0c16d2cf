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

Each event is written in one transaction with MERGE semantics, so events for one run may
arrive in any order, and replaying them changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from graphlineage.errors import InvalidInputError
from graphlineage.events import validation_message
from graphlineage.refs import MAX_RUN_NAME_LENGTH
from graphlineage.store import Store, Tx
from graphlineage.writer import ensure_version, ref_parameter

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
        except ValueError:
            raise ValueError(f"runId must be a UUID, not {value!r}") from None


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
        raise InvalidInputError(f"invalid OpenLineage RunEvent: {problem}") from None


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
        "at": event.event_time, "status": status, "terminal": terminal,
    }  # fmt: skip


def _parent(event: RunEvent) -> dict[str, Any] | None:
    facet = event.run.facets.get("parent")
    if not isinstance(facet, dict):
        return None
    run, job = facet.get("run") or {}, facet.get("job") or {}
    try:
        parent_id = str(uuid.UUID(str(run.get("runId"))))
    except ValueError:
        raise InvalidInputError("parent facet: run.runId must be a UUID") from None
    namespace, name = str(job.get("namespace") or "unknown"), str(job.get("name") or "parent")
    return {"child": event.run.run_id, "parent": parent_id, "project": safe_name(namespace),
            "name": run_name(name, parent_id), "job_type": safe_name(name),
            "namespace": namespace, "job": name}  # fmt: skip


def _artifact(dataset: OLDataset, at: datetime, digest: str) -> dict[str, Any]:
    project, name = safe_name(dataset.namespace), safe_name(dataset.name)
    return {"key": f"{project}/{name}", "project": project, "name": name, "type": "dataset",
            "description": None, "digest": digest, "at": at}  # fmt: skip


def _details(dataset: OLDataset, run_id: str | None) -> dict[str, Any]:
    metadata = {"ol_namespace": dataset.namespace, "ol_name": dataset.name}
    if dataset.version:
        metadata["ol_version"] = dataset.version
    return {"size": 0, "file_count": 0, "manifest": "[]", "created_by": run_id,
            "metadata": json.dumps(metadata, sort_keys=True)}  # fmt: skip


# -- writing -------------------------------------------------------------------------------
def _write(tx: Tx, event: RunEvent) -> None:
    run_id, at = event.run.run_id, event.event_time
    tx.run("merge_openlineage_run", run=_run_parameters(event))
    parent = _parent(event)
    if parent is not None:
        tx.run("link_parent_run", link=parent)
    for dataset in event.inputs:
        artifact = _artifact(dataset, at, _digest("unversioned", ""))
        key: str | None = None
        if dataset.version:
            artifact["digest"] = _digest("version", dataset.version)
        else:
            found = tx.run("resolve_artifact_ref", ref=ref_parameter(
                artifact["project"], artifact["name"], "latest", as_of=at))  # fmt: skip
            key = found[0]["version"]["key"] if found else None
        if key is None:  # a version named by the facet, or a dataset seen for the first time
            key, _ = ensure_version(tx, artifact, _details(dataset, None))
        tx.run("record_used", use={"run_id": run_id, "version_key": key,
                                   "requested": f"{dataset.namespace}/{dataset.name}",
                                   "at": at})  # fmt: skip
    for dataset in event.outputs:
        digest = _digest("version", dataset.version) if dataset.version else _digest("run", run_id)
        key, _ = ensure_version(tx, _artifact(dataset, at, digest), _details(dataset, run_id))
        tx.run("record_produced", produced={"run_id": run_id, "version_key": key, "at": at})


def ingest_event(store: Store, event: RunEvent) -> None:
    """Write one RunEvent in one transaction (retried as a whole if transient)."""
    store.transaction(lambda tx: _write(tx, event))


# -- files ---------------------------------------------------------------------------------
@dataclass
class IngestReport:
    ingested: int = 0
    rejected: list[str] = field(default_factory=list)  # "line N: reason"


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
    store: Store, items: Iterable[tuple[int, Any]], label: str = "line"
) -> IngestReport:
    """Ingest every valid event; each invalid one is reported with its number and reason."""
    report = IngestReport()
    for number, item in items:
        try:
            if isinstance(item, InvalidInputError):
                raise item
            ingest_event(store, parse_event(item))
            report.ingested += 1
        except InvalidInputError as exc:
            report.rejected.append(f"{label} {number}: {exc}")
    return report
