"""OpenLineage events (spec 2.x: RunEvent, JobEvent, DatasetEvent) into the same graph as
the Python API.

Mapping (the README has it as one table):

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
  terminal event wins whatever order events arrive in;
- each dataset artifact keeps its OpenLineage namespace and name (``ol_namespace``,
  ``ol_name``, askable as ``dataset:<namespace>/<name>``, see :mod:`graphlineage.core.datasets`)
  and its facets as properties (:mod:`.ol_facets`);
- a JobEvent (a job's declared inputs and outputs, no run) becomes one run per job with
  status ``declared`` (id derived from the job's namespace and name, so replays and later
  JobEvents of the job update it); its inputs and outputs are the datasets' current versions
  (or a first version), joined by USED and PRODUCED as a run's would be;
- a DatasetEvent declares a dataset and its facets on its own: the artifact and its current
  version (or a first one) get the facets, and no run is involved;
- an ``eventTime`` without a time zone is read in the local time zone of the process that
  ingests it, as Marquez does (its deserializer falls back to the system time zone).

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
from typing import Any, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from graphlineage.core.datasets import dataset_uri
from graphlineage.core.events import validation_message
from graphlineage.core.refs import MAX_RUN_NAME_LENGTH
from graphlineage.errors import GraphlineageError, InvalidInputError
from graphlineage.graph import queries
from graphlineage.graph.batching import batches, isolate
from graphlineage.graph.event_rows import nanos
from graphlineage.graph.store import Store, Tx
from graphlineage.ingest.ol_columns import ColumnRows
from graphlineage.ingest.ol_facets import artifact_properties, version_properties

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
    input_facets: dict[str, Any] = Field(default_factory=dict, alias="inputFacets")
    output_facets: dict[str, Any] = Field(default_factory=dict, alias="outputFacets")

    @property
    def version(self) -> str | None:
        facet = self.facets.get("version")
        value = facet.get("datasetVersion") if isinstance(facet, dict) else None
        return str(value) if value not in (None, "") else None


def _local_if_naive(value: datetime) -> datetime:
    """A time without a zone is local time, as Marquez reads it (its ZonedDateTime
    deserializer falls back to the system time zone)."""
    return value.astimezone() if value.tzinfo is None else value


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
    def _zone(cls, value: datetime) -> datetime:
        return _local_if_naive(value)


class JobEvent(_Open):
    """An OpenLineage JobEvent: a job's declared inputs and outputs, without a run."""

    event_time: datetime = Field(alias="eventTime")
    job: OLJob
    inputs: list[OLDataset] = Field(default_factory=list)
    outputs: list[OLDataset] = Field(default_factory=list)
    producer: str = ""

    @field_validator("event_time")
    @classmethod
    def _zone(cls, value: datetime) -> datetime:
        return _local_if_naive(value)


class DatasetEvent(_Open):
    """An OpenLineage DatasetEvent: one dataset and its facets, without a job or run."""

    event_time: datetime = Field(alias="eventTime")
    dataset: OLDataset
    producer: str = ""

    @field_validator("event_time")
    @classmethod
    def _zone(cls, value: datetime) -> datetime:
        return _local_if_naive(value)


OLEvent: TypeAlias = RunEvent | JobEvent | DatasetEvent
_KINDS: dict[str, type[RunEvent] | type[JobEvent] | type[DatasetEvent]] = {
    "RunEvent": RunEvent, "JobEvent": JobEvent, "DatasetEvent": DatasetEvent}


def event_kind(data: dict[str, Any]) -> str:
    """Which of the spec's events ``data`` is: by its ``schemaURL`` (``...#/$defs/JobEvent``)
    when it names one, else by its fields (``run``: RunEvent; ``dataset``: DatasetEvent;
    ``job`` without ``run``: JobEvent)."""
    url = data.get("schemaURL")
    if isinstance(url, str):
        named = url.rpartition("/")[2]
        if named in _KINDS:
            return named
    if "run" in data:
        return "RunEvent"
    if "dataset" in data:
        return "DatasetEvent"
    return "JobEvent" if "job" in data else "RunEvent"


def parse_event(data: Any) -> OLEvent:
    """A RunEvent, JobEvent or DatasetEvent from decoded JSON; ``InvalidInputError`` says
    what is wrong."""
    if not isinstance(data, dict):
        raise InvalidInputError(f"an event must be a JSON object, not {type(data).__name__}")
    kind = event_kind(data)
    try:
        return _KINDS[kind].model_validate(data)
    except ValidationError as exc:
        problem = validation_message(exc)
        raise InvalidInputError(f"invalid OpenLineage {kind}: {problem}") from exc


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


def declared_run_id(job: OLJob) -> str:
    """The id of the run that stands for a job's JobEvents: the same for every JobEvent of
    the job (namespace and name), so they update one node."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"openlineage-job:{job.namespace}/{job.name}"))


def _facets_json(facets: dict[str, Any]) -> str | None:
    return json.dumps(facets, sort_keys=True) if facets else None


def _run_parameters(event: RunEvent | JobEvent) -> dict[str, Any]:
    if isinstance(event, RunEvent):
        run_id, (status, terminal) = event.run.run_id, _STATUS[event.event_type]
        run_facets = _facets_json(event.run.facets)
    else:
        run_id, status, terminal, run_facets = declared_run_id(event.job), "declared", False, None
    job_facets = event.job.model_extra.get("facets") if event.job.model_extra else None
    return {
        "id": run_id, "project": safe_name(event.job.namespace),
        "name": run_name(event.job.name, run_id), "job_type": safe_name(event.job.name),
        "namespace": event.job.namespace, "job": event.job.name, "producer": event.producer,
        "at": nanos(event.event_time), "status": status, "terminal": terminal,
        "run_facets": run_facets,
        "job_facets": _facets_json(job_facets) if isinstance(job_facets, dict) else None,
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


def _dataset(dataset: OLDataset, role: str, run_id: str | None,
             declared: bool = False) -> dict[str, Any]:  # fmt: skip
    """One ``datasets`` map of apply_openlineage_events: which version, and which edge.
    ``declared``: a JobEvent's or DatasetEvent's dataset, which is the current version
    rather than a new one."""
    project, name = safe_name(dataset.namespace), safe_name(dataset.name)
    uri = dataset_uri(dataset.namespace, dataset.name)
    metadata = {"ol_namespace": dataset.namespace, "ol_name": dataset.name, "dataset": uri}
    if dataset.version:
        metadata["ol_version"] = dataset.version
        digest = _digest("version", dataset.version)
    elif role == "output" and not declared:
        digest = _digest("run", str(run_id))
    else:
        digest = _digest("unversioned", "")
    artifact = {"ol_namespace": dataset.namespace, "ol_name": dataset.name, "ol_uri": uri,
                **artifact_properties(dataset.facets)}  # fmt: skip
    return {"role": role, "key": f"{project}/{name}", "project": project, "name": name,
            "digest": digest,
            "latest": not dataset.version and (role == "input" or declared),
            "requested": uri,
            "metadata": json.dumps(metadata, sort_keys=True),
            "created_by": run_id if role == "output" else None,
            "artifact_props": artifact,
            "version_props": version_properties(dataset.facets, dataset.input_facets,
                                                dataset.output_facets)}  # fmt: skip


def event_row(event: OLEvent) -> dict[str, Any]:
    """The ``$events`` map of one event."""
    if isinstance(event, DatasetEvent):
        return {"run": {"id": None, "at": nanos(event.event_time)}, "parent": None,
                "datasets": [_dataset(event.dataset, "declared", None, declared=True)]}
    declared = isinstance(event, JobEvent)
    run = _run_parameters(event)
    datasets = [_dataset(d, "input", run["id"], declared) for d in event.inputs]
    datasets += [_dataset(d, "output", run["id"], declared) for d in event.outputs]
    parent = _parent(event) if isinstance(event, RunEvent) else None
    return {"run": run, "parent": parent, "datasets": datasets}


# -- writing -------------------------------------------------------------------------------
BATCH = 1000


def ingest_events(store: Store, events: Sequence[OLEvent]) -> list[str | None]:
    """Write events in batches (one transaction each, events in order); for each event,
    None if it was written, else why it was refused (nothing written for it)."""
    results: list[str | None] = []
    for batch in batches(events, BATCH):
        results.extend(isolate(batch, lambda part: _write(store, part), _failed))
    return results


def _failed(event: OLEvent, exc: GraphlineageError) -> str:
    return f"{type(exc).__name__}: {exc}"


def column_rows(events: Iterable[OLEvent]) -> ColumnRows:
    """The column lineage (``columnLineage`` and ``schema`` facets) of the events' datasets."""
    rows = ColumnRows()

    def key_of(namespace: str, name: str) -> str:
        return f"{safe_name(namespace)}/{safe_name(name)}"

    for event in events:
        at = nanos(event.event_time)
        if isinstance(event, DatasetEvent):
            rows.add(key_of, event.dataset.namespace, event.dataset.name, event.dataset.facets,
                     None, at)  # fmt: skip
            continue
        run = event.run.run_id if isinstance(event, RunEvent) else declared_run_id(event.job)
        for dataset in (*event.inputs, *event.outputs):
            rows.add(key_of, dataset.namespace, dataset.name, dataset.facets, run, at)
    return rows


def _write(store: Store, batch: Sequence[OLEvent]) -> list[str | None]:
    rows = [event_row(event) for event in batch]

    def work(tx: Tx) -> list[Any]:
        answered = tx.run_built(queries.apply_openlineage_events(events=rows))
        written = [e for e, a in zip(batch, answered, strict=True) if a["status"] == "ok"]
        columns = column_rows(written)
        if columns.columns:
            tx.run_built(queries.apply_column_lineage(columns=list(columns.columns.values()),
                                                      edges=list(columns.edges.values())))
        return answered

    return [None if answer["status"] == "ok" else
            f"dataset {answer['detail']} is an artifact of another type than dataset"
            for answer in store.transaction(work)]  # fmt: skip


def ingest_event(store: Store, event: OLEvent) -> None:
    """Write one event in one statement; ``InvalidInputError`` if it was refused."""
    (problem,) = ingest_events(store, [event])
    if problem is not None:
        raise InvalidInputError(problem)


# -- files ---------------------------------------------------------------------------------
@dataclass
class IngestReport:
    ingested: int = 0
    rejected: list[str] = field(default_factory=list)  # "line N: reason", in line order


def _looks_like_ndjson(text: str) -> bool:
    """Whether a line of ``text`` that starts (unindented) with ``{`` is a whole JSON value:
    NDJSON; a pretty-printed event has no such line (only ``{`` and ``}``)."""
    for line in text.splitlines():
        if line.startswith("{") and line.rstrip() != "{":
            try:
                json.loads(line)
            except ValueError:
                continue
            return True
    return False


def read_events(text: str) -> Iterator[tuple[int, Any]]:
    """(number, decoded JSON or the error) for each event of ``text``, whichever of the
    three shapes it has: one JSON document (an event, however it is laid out: numbered by
    its first line), a JSON array of events (numbered by position) or NDJSON, one event a
    line (numbered by line). A document that is not valid JSON is one error, at the line
    the decoder stopped, unless one of its unindented ``{`` lines is a JSON value of its own
    (then it is NDJSON with bad lines)."""
    stripped = text.lstrip()
    if not stripped:
        return
    first_line = text[: len(text) - len(stripped)].count("\n") + 1
    if stripped[0] in "[{":
        try:
            whole = json.loads(text)
        except ValueError as exc:
            if stripped[0] == "[":
                yield first_line, InvalidInputError(f"not a JSON array: {exc}")
                return
            if not _looks_like_ndjson(stripped):
                line = getattr(exc, "lineno", first_line)
                yield line, InvalidInputError(f"not JSON (one event over several lines, "
                                              f"as read up to line {line}): {exc}")  # fmt: skip
                return
        else:
            if isinstance(whole, list):
                yield from enumerate(whole, 1)
            else:
                yield first_line, whole
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
        events: list[OLEvent] = []
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
