"""The lineage events a run emits: validated once here, then written (or journaled) as is.

Every event carries the run id, its own id (UUIDv7) and the client time ``at``, so writing
the same event twice changes nothing and a replayed journal means what the run meant.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from uuid6 import uuid7

from graphlineage.errors import InvalidInputError
from graphlineage.jsonvalues import json_value_check
from graphlineage.refs import validate_alias, validate_name, validate_project, validate_run_name

M = TypeVar("M", bound=BaseModel)

Aliases = Annotated[
    tuple[str, ...], AfterValidator(lambda value: tuple(validate_alias(a) for a in value))
]


def new_id() -> str:
    return str(uuid7())


def now() -> datetime:
    return datetime.now(UTC)


class RunState(enum.StrEnum):
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"
    CRASHED = "crashed"


class _Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    event_id: str = Field(default_factory=new_id)
    run_id: str
    at: datetime = Field(default_factory=now)

    @field_validator("at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        return value if value.tzinfo else value.replace(tzinfo=UTC)


class RunStarted(_Event):
    kind: Literal["run_started"] = "run_started"
    project: str
    name: str | None = None
    job_type: str | None = None
    config: dict[str, Any] = Field(default_factory=dict)
    tags: tuple[str, ...] = ()
    notes: str | None = None
    host: str | None = None
    git_commit: str | None = None

    @field_validator("project")
    @classmethod
    def _project(cls, value: str) -> str:
        return validate_project(value)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str | None) -> str | None:
        return None if value is None else validate_run_name(value)

    @field_validator("job_type")
    @classmethod
    def _job_type(cls, value: str | None) -> str | None:
        return None if value is None else validate_name(value, "job_type")

    @field_validator("config")
    @classmethod
    def _config(cls, value: dict[str, Any]) -> dict[str, Any]:
        json_value_check(value, "config")
        return value


class ArtifactUsed(_Event):
    kind: Literal["artifact_used"] = "artifact_used"
    project: str
    name: str
    selector: str
    requested: str
    type: str | None = None
    resolve_as_of: datetime | None = None


class ArtifactLogged(_Event):
    kind: Literal["artifact_logged"] = "artifact_logged"
    project: str
    name: str
    type: str
    description: str | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)
    digest: str
    size: int
    file_count: int
    manifest: str
    aliases: Aliases = ()


class ArtifactLinked(_Event):
    """Link a version into a registered model. The version is named by its key, or (when it
    was logged offline and has no number yet) by its artifact key and content digest."""

    kind: Literal["artifact_linked"] = "artifact_linked"
    version_key: str | None = None
    artifact: str | None = None
    digest: str | None = None
    registered_model: str
    aliases: Aliases = ()

    @model_validator(mode="after")
    def _names_a_version(self) -> ArtifactLinked:
        if self.version_key is None and (self.artifact is None or self.digest is None):
            raise ValueError("give version_key, or artifact and digest")
        return self

    @field_validator("registered_model")
    @classmethod
    def _model(cls, value: str) -> str:
        return validate_name(value, "registered model name")


class RunFinished(_Event):
    kind: Literal["run_finished"] = "run_finished"
    status: RunState
    exit_code: int | None = None
    summary: dict[str, Any] = Field(default_factory=dict)

    @field_validator("summary")
    @classmethod
    def _summary(cls, value: dict[str, Any]) -> dict[str, Any]:
        json_value_check(value, "summary")
        return value


Event = Annotated[
    RunStarted | ArtifactUsed | ArtifactLogged | ArtifactLinked | RunFinished,
    Field(discriminator="kind"),
]


def validation_message(exc: ValidationError) -> str:
    """A one-line account of what pydantic rejected, for the user."""
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"])
        parts.append(f"{where}: {err['msg']}" if where else err["msg"])
    return "; ".join(parts)


def make(model: type[M], **data: Any) -> M:
    """Build a pydantic model from user input; failures become ``InvalidInputError``."""
    try:
        return model(**data)
    except ValidationError as exc:
        raise InvalidInputError(f"invalid {model.__name__}: {validation_message(exc)}") from None
