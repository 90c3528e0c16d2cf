"""The OpenLineage event shapes graphlineage reads (spec 2.x): RunEvent, JobEvent and
DatasetEvent as pydantic models that keep every field they do not name (facets included),
and :func:`parse_event`, which tells them apart and refuses what the spec does not allow
with an ``InvalidInputError`` that says why."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from graphlineage.core.events import validation_message
from graphlineage.errors import InvalidInputError

EventType = Literal["START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER"]


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


class _Timed(_Open):
    """What every event kind has: its time (read in local time when it has no zone, as
    Marquez does) and its producer."""

    event_time: datetime = Field(alias="eventTime")
    producer: str = ""

    @field_validator("event_time")
    @classmethod
    def _zone(cls, value: datetime) -> datetime:
        return _local_if_naive(value)


class RunEvent(_Timed):
    """An OpenLineage RunEvent: the fields graphlineage reads, the rest kept as given."""

    event_type: EventType | None = Field(None, alias="eventType")
    run: OLRun
    job: OLJob
    inputs: list[OLDataset] = Field(default_factory=list)
    outputs: list[OLDataset] = Field(default_factory=list)


class JobEvent(_Timed):
    """An OpenLineage JobEvent: a job's declared inputs and outputs, without a run."""

    job: OLJob
    inputs: list[OLDataset] = Field(default_factory=list)
    outputs: list[OLDataset] = Field(default_factory=list)


class DatasetEvent(_Timed):
    """An OpenLineage DatasetEvent: one dataset and its facets, without a job or run."""

    dataset: OLDataset


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
