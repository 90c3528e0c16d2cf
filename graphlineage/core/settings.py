"""Settings, read from the environment (prefix ``GRAPHLINEAGE_``) and from keyword arguments.

============================  ==========================================================
variable                      meaning
============================  ==========================================================
GRAPHLINEAGE_NEO4J_URI        Neo4j to use (``neo4j://host:7687``, ``neo4j+s://...`` for
                              Aura). Unset: the local server, started on demand.
GRAPHLINEAGE_NEO4J_USER       user name (default ``neo4j``)
GRAPHLINEAGE_NEO4J_PASSWORD   password; for the local server it is read from its data dir
GRAPHLINEAGE_NEO4J_DATABASE   database name (default: the server's default database)
GRAPHLINEAGE_NEO4J_RETRY_TIME seconds a write keeps retrying while Neo4j is unreachable
                              before the run falls back to its journal (default 15)
GRAPHLINEAGE_SERVER_DATA_DIR  where the local server keeps its store, logs, password, pid
GRAPHLINEAGE_SERVER_PORT      Bolt port of the local server (default 7687)
GRAPHLINEAGE_SERVER_HEAP      JVM heap of the local server (default ``1g``)
GRAPHLINEAGE_SERVER_PAGECACHE page cache of the local server (default ``512m``)
GRAPHLINEAGE_CACHE_DIR        where the Neo4j jars fetched by Maven are kept
GRAPHLINEAGE_MODE             ``online`` (default), ``offline`` or ``disabled``
GRAPHLINEAGE_DELIVERY         ``sync`` (default: a call returns once its event is in Neo4j)
                              or ``async`` (journaled, sent in batches in the background)
GRAPHLINEAGE_FLUSH_TIMEOUT    seconds ``finish()`` and the end of the process wait for async
                              events to be delivered (default 30); the rest stays journaled
GRAPHLINEAGE_FINISH_WAIT      async: ``true`` (default) makes ``finish()`` wait for the run's
                              events to be delivered; ``false`` returns once they are on disk
                              (the end of the process still waits)
GRAPHLINEAGE_JOURNAL_FSYNC    async: ``batch`` (default; each call's line reaches the OS at
                              once, the disk before its batch is sent) or ``always``
GRAPHLINEAGE_JOURNAL_DIR      where offline runs journal their events (``graphlineage sync``)
GRAPHLINEAGE_ARTIFACT_STORE   where logged artifacts' files are kept, by digest: a directory or
                              any fsspec URL (``s3://bucket/prefix``, ``gs://...``, ``file://
                              ...``; non-local ones need ``graphlineage[fsspec]``). Default:
                              ``<server data dir>-artifacts``, beside the local server's data
GRAPHLINEAGE_HEARTBEAT        seconds between a running run's heartbeats (``heartbeat_at``;
                              ``runs --stale`` finds runs whose process died hard); default 30,
                              0 turns them off
GRAPHLINEAGE_API_KEY          if set, ``graphlineage serve``/``ui`` require it as a Bearer token
GRAPHLINEAGE_EVAL_JOB_TYPES   job types whose runs evaluate a model, separated by commas, for
                              the leakage check (default ``evaluate,eval,test``)
============================  ==========================================================
"""

from __future__ import annotations

import enum
import re
from pathlib import Path
from urllib.parse import urlsplit

import platformdirs
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from graphlineage.errors import ConfigurationError

APP_NAME = "graphlineage"


class DeliveryMode(enum.StrEnum):
    """When an online event reaches Neo4j: before the call returns, or in the background."""

    SYNC = "sync"
    ASYNC = "async"


class FsyncMode(enum.StrEnum):
    """When async delivery forces journal lines to disk: at each call, or per batch."""

    ALWAYS = "always"
    BATCH = "batch"


class Mode(enum.StrEnum):
    """How the Python API treats lineage: write it, journal it locally, or drop it."""

    ONLINE = "online"
    OFFLINE = "offline"
    DISABLED = "disabled"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME)) / "neo4j"


def default_journal_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME)) / "journal"


def default_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP_NAME))


class Settings(BaseSettings):
    """All of graphlineage's settings; construct with keywords to override the environment."""

    model_config = SettingsConfigDict(
        env_prefix="GRAPHLINEAGE_", extra="forbid", validate_default=True
    )

    neo4j_uri: str | None = Field(default=None, description="Neo4j URI; None: local server")
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr | None = None
    neo4j_database: str | None = None
    neo4j_retry_time: float = Field(default=15.0, ge=0, le=24 * 3600, allow_inf_nan=False)

    server_data_dir: Path = Field(default_factory=default_data_dir)
    server_port: int = Field(default=7687, ge=1, le=65535)
    server_heap: str = Field(default="1g", pattern=r"^[0-9]+[kmgKMG]$")
    server_pagecache: str = Field(default="512m", pattern=r"^[0-9]+[kmgKMG]$")
    cache_dir: Path = Field(default_factory=default_cache_dir)

    mode: Mode = Mode.ONLINE
    delivery: DeliveryMode = DeliveryMode.SYNC
    flush_timeout: float = Field(default=30.0, ge=0, le=86_400)
    finish_wait: bool = True
    journal_fsync: FsyncMode = FsyncMode.BATCH
    journal_dir: Path = Field(default_factory=default_journal_dir)
    api_key: SecretStr | None = None
    artifact_store: str | None = None
    heartbeat: float = Field(default=30.0, ge=0, le=86_400, allow_inf_nan=False)

    @field_validator("artifact_store", mode="before")
    @classmethod
    def _artifact_store(cls, value: object) -> object:
        """An empty GRAPHLINEAGE_ARTIFACT_STORE= means the default."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, str):
            _utf8(value)
            return value.strip()
        return value

    @property
    def artifact_store_location(self) -> str:
        """The content store's directory or URL (the default: beside the server's data)."""
        if self.artifact_store is not None:
            return self.artifact_store
        data = self.server_data_dir
        return str(data.with_name(data.name + "-artifacts"))
    eval_job_types: str = Field(default="evaluate,eval,test", min_length=1, max_length=4096)

    @field_validator("neo4j_uri")
    @classmethod
    def _check_uri(cls, value: str | None) -> str | None:
        if value is None or value.strip() == "":
            return None
        _utf8(value)
        schemes = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")
        if not value.startswith(schemes):
            raise ValueError(f"must start with one of {', '.join(schemes)}")
        if len(value) > 2048:
            raise ValueError("is too long (at most 2048 characters)")
        try:
            parts = urlsplit(value)
            host, port = parts.hostname, parts.port
        except ValueError as exc:
            raise ValueError(f"is not a valid URI ({exc})") from exc
        if not host:
            raise ValueError("names no host (e.g. neo4j://localhost:7687)")
        if len(host) > 253 or not _HOST.fullmatch(host):
            raise ValueError(f"has an invalid host {host[:60]!r}")
        if port == 0:
            raise ValueError("has port 0")
        return value

    @field_validator("neo4j_user", "neo4j_database", "server_heap", "server_pagecache")
    @classmethod
    def _check_text(cls, value: str | None) -> str | None:
        return None if value is None else _utf8(value)

    @field_validator("neo4j_password", "api_key")
    @classmethod
    def _check_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            _utf8(value.get_secret_value(), secret=True)
        return value

    @field_validator("server_data_dir", "cache_dir", "journal_dir", mode="before")
    @classmethod
    def _check_path(cls, value: object) -> object:
        if isinstance(value, str):
            _utf8(value)
        return value

    @field_validator("journal_dir", mode="before")
    @classmethod
    def _journal_dir(cls, value: object) -> object:
        """An empty GRAPHLINEAGE_JOURNAL_DIR= means the default, never the working directory."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return default_journal_dir()
        return value

    @property
    def uses_local_server(self) -> bool:
        return self.neo4j_uri is None


_HOST = re.compile(r"[A-Za-z0-9._\-]+|[0-9A-Fa-f:.]+(%\w+)?")


def _utf8(value: str, secret: bool = False) -> str:
    """Refuse text that is not UTF-8 (environment bytes that Python kept as surrogates)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        shown = "" if secret else f" {value[:60]!r}"
        raise ValueError(f"value{shown} holds bytes that are not UTF-8") from exc
    if "\x00" in value:
        raise ValueError("value holds a NUL character")
    return value


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with ``overrides`` (``None`` values ignored) on top."""
    given = {key: value for key, value in overrides.items() if value is not None}
    try:
        return Settings(**given)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'settings'}: {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigurationError(f"invalid graphlineage settings: {problems}") from exc


def settings_for_a_job() -> tuple[Settings, str | None]:
    """Settings from the environment for the module-level API that training jobs use. A
    lineage misconfiguration must never break a job: when some settings are invalid, they
    fall back to their defaults, lineage is journaled offline (nothing is lost; ``graphlineage
    sync`` delivers it once the settings are fixed), and the second value says why."""
    try:
        return Settings(), None
    except ValidationError as exc:
        bad = {str(err["loc"][0]) for err in exc.errors() if err["loc"]}
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'settings'}: {err['msg']}"
            for err in exc.errors()
        )
    fields = Settings.model_fields
    defaults = {name: fields[name].get_default(call_default_factory=True)
                for name in bad if name in fields}  # fmt: skip
    try:
        settings = Settings(**{**defaults, "mode": Mode.OFFLINE})
    except ValidationError:
        settings = Settings.model_construct(mode=Mode.OFFLINE)
    return settings, f"invalid graphlineage settings ({problems})"
