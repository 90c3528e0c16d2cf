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
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from uuid6 import uuid7

from graphlineage.core.jsonvalues import json_value_check
from graphlineage.core.limits import (
    MAX_ALIASES,
    MAX_DIGEST_LENGTH,
    MAX_TAG_LENGTH,
    MAX_TAGS,
    MAX_TEXT_LENGTH,
    check_parameters,
    check_text,
)
from graphlineage.core.refs import (
    validate_alias,
    validate_name,
    validate_project,
    validate_run_name,
)
from graphlineage.errors import InvalidInputError

M = TypeVar("M", bound=BaseModel)



def _listed(value: object, what: str, top: int) -> tuple[Any, ...]:
    """A list or tuple of at most ``top`` items (a lone string is not a list of them)."""
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ValueError(f"{what} must be a list of strings, not {type(value).__name__}")
    if len(value) > top:
        raise ValueError(f"at most {top} {what} (got {len(value)})")
    return tuple(value)


def _aliases(value: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(validate_alias(a) for a in value)


Aliases = Annotated[
    tuple[str, ...],
    BeforeValidator(lambda value: _listed(value, "aliases", MAX_ALIASES)),
    AfterValidator(_aliases),
]


def _text(value: str | None, what: str, top: int = MAX_TEXT_LENGTH) -> str | None:
    return None if value is None else check_text(value, what, top)


Digest = Annotated[str, AfterValidator(lambda v: check_text(v, "digest", MAX_DIGEST_LENGTH))]
Notes = Annotated[str | None, AfterValidator(lambda v: _text(v, "notes"))]
Description = Annotated[str | None, AfterValidator(lambda v: _text(v, "description"))]


def new_id() -> str:
    return str(uuid7())


def now() -> datetime:
    return datetime.now(UTC)


class RunState(enum.StrEnum):
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"
    CRASHED = "crashed"


_JSON_FIELDS = {"config", "summary", "metadata"}


class _Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    event_id: str = Field(default_factory=new_id)
    run_id: str
    at: datetime = Field(default_factory=now)

    @field_validator("at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        return value if value.tzinfo else value.replace(tzinfo=UTC)

    @model_validator(mode="after")
    def _sendable(self) -> _Event:
        # the last net: nothing the driver cannot encode (surrogates, huge ints) gets through
        # (config, summary and metadata are stored as JSON text and checked as JSON)
        check_parameters(self.model_dump(exclude=_JSON_FIELDS), "event field")
        return self


class RunStarted(_Event):
    kind: Literal["run_started"] = "run_started"
    project: str
    name: str | None = None
    job_type: str | None = None
    config: dict[str, Any] = Field(default_factory=dict)
    tags: tuple[str, ...] = ()
    notes: Notes = None
    host: str | None = None
    git_commit: str | None = None

    @field_validator("tags", mode="before")
    @classmethod
    def _tags_listed(cls, value: object) -> tuple[Any, ...]:
        return _listed(value, "tags", MAX_TAGS)

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for tag in value:
            if not tag.strip():
                raise ValueError("a tag must not be empty or blank")
            check_text(tag, "tag", MAX_TAG_LENGTH)
        return value

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
    requested: str = Field(max_length=1024)
    type: str | None = None
    resolve_as_of: datetime | None = None

    @field_validator("project")
    @classmethod
    def _project(cls, value: str) -> str:
        return validate_project(value)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return validate_name(value, "artifact name")

    @field_validator("type")
    @classmethod
    def _type(cls, value: str | None) -> str | None:
        return None if value is None else validate_name(value, "artifact type")


class ArtifactLogged(_Event):
    kind: Literal["artifact_logged"] = "artifact_logged"
    project: str
    name: str
    type: str
    description: Description = None
    metadata: dict[str, Any] = Field(default_factory=dict)
    digest: Digest
    size: int = Field(ge=0)
    file_count: int = Field(ge=0)
    manifest: str
    aliases: Aliases = ()

    @field_validator("metadata")
    @classmethod
    def _metadata(cls, value: dict[str, Any]) -> dict[str, Any]:
        json_value_check(value, "metadata")
        return value


class ArtifactLinked(_Event):
    """Link a version into a registered model. The version is named by its key, or (when it
    was logged offline and has no number yet) by its artifact key and content digest."""

    kind: Literal["artifact_linked"] = "artifact_linked"
    version_key: str | None = None
    artifact: str | None = None
    digest: Digest | None = None
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
        raise InvalidInputError(f"invalid {model.__name__}: {validation_message(exc)}") from exc
