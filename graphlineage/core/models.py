"""Typed views of what the graph stores: runs, artifact versions, registered models.

These are the shapes the Python API returns and ``--format json`` prints. JSON text stored
in Neo4j properties (config, summary, metadata, manifest) is decoded here.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator


def _to_native(value: Any) -> Any:
    """Neo4j temporal values become Python datetimes."""
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value


def _json_text(value: Any) -> Any:
    if isinstance(value, str):
        return json.loads(value) if value else {}
    return value if value is not None else {}


class ManifestEntry(BaseModel):
    """One entry of an artifact: a file (``ref`` is ``None``) or a reference to a URI."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str
    digest: str
    size: int | None = Field(default=None, ge=0)
    ref: str | None = None


class _Stored(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    @classmethod
    def from_row(cls, props: dict[str, Any]) -> Self:
        return cls.model_validate({key: _to_native(value) for key, value in props.items()})


class RunInfo(_Stored):
    """One run: what job it was, how it went, and its config and summary."""

    id: str
    project: str
    name: str
    number: int | None = None
    job_type: str | None = None
    status: str
    config: dict[str, Any] = Field(default_factory=dict)
    summary: dict[str, Any] = Field(default_factory=dict)
    tags: list[str] = Field(default_factory=list)
    notes: str | None = None
    host: str | None = None
    git_commit: str | None = None
    group: str | None = None
    heartbeat_at: datetime | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    exit_code: int | None = None

    _decode = field_validator("config", "summary", mode="before")(_json_text)

    @property
    def ref(self) -> str:
        return f"run:{self.project}/{self.name}"


class RegistryLink(BaseModel):
    model_config = ConfigDict(frozen=True)

    model: str
    version: str
    aliases: list[str] = Field(default_factory=list)


class ArtifactVersionInfo(_Stored):
    """One version of an artifact: its content digest, manifest, metadata and aliases."""

    key: str
    project: str
    name: str
    type: str
    version: str
    index: int
    digest: str
    size: int = 0
    file_count: int = 0
    description: str | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)
    manifest: list[ManifestEntry] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    registry: list[RegistryLink] = Field(default_factory=list)
    created_at: datetime | None = None
    created_by: str | None = None
    pending: bool = False  # recorded offline: no version number until `graphlineage sync`

    _decode_metadata = field_validator("metadata", mode="before")(_json_text)

    @field_validator("manifest", mode="before")
    @classmethod
    def _decode_manifest(cls, value: Any) -> Any:
        if isinstance(value, str):
            return json.loads(value) if value else []
        return value or []

    @property
    def qualified_name(self) -> str:
        """``project/name:vN``, the same as ``key``."""
        return self.key

    @property
    def short_name(self) -> str:
        """``name:vN`` as W&B shows it."""
        return f"{self.name}:{self.version}"


class RegistryVersion(BaseModel):
    model_config = ConfigDict(frozen=True)

    model: str
    version: str
    index: int
    artifact_version: str
    aliases: list[str] = Field(default_factory=list)
    linked_at: datetime | None = None
    run_id: str | None = None

    @field_validator("linked_at", mode="before")
    @classmethod
    def _native(cls, value: Any) -> Any:
        return _to_native(value)


class RegisteredModelInfo(_Stored):
    name: str
    version_count: int = 0
    created_at: datetime | None = None


# What an event makes, the same type whichever way it was delivered (written at once,
# journaled offline, or sent in the background): a run for run_started and run_finished,
# a version for artifact_used and artifact_logged, a registry version for artifact_linked.
# Offline and async ones are pending stand-ins (``pending=True``, ``version="pending"``).
EventResult = RunInfo | ArtifactVersionInfo | RegistryVersion
