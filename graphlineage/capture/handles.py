"""Objects handed to user code: artifact versions and registered models that can answer
one-hop lineage questions (``used_by()``, ``logged_by()``, ``versions()``), as in W&B."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import PrivateAttr

from graphlineage.capture.backend import Backend, default_backend
from graphlineage.capture.content import ContentStore
from graphlineage.capture.table import TABLE_SUFFIX, Table
from graphlineage.core.events import Event, RunUpdated, make
from graphlineage.core.models import (
    ArtifactVersionInfo,
    ManifestEntry,
    RegisteredModelInfo,
    RegistryVersion,
    RunInfo,
)
from graphlineage.errors import ConfigurationError, InvalidInputError, NotFoundError


class ArtifactVersion(ArtifactVersionInfo):
    """An artifact version (what ``use_artifact`` returns), bound to a client."""

    _backend: Backend | None = PrivateAttr(default=None)
    _event: Event | None = PrivateAttr(default=None)  # what made a pending version

    @classmethod
    def bind(
        cls, info: ArtifactVersionInfo, backend: Backend, event: Event | None = None
    ) -> ArtifactVersion:
        handle = cls.model_validate(info.model_dump())
        handle._backend = backend
        if info.pending:
            handle._event = event
        return handle

    def wait(self, timeout: float | None = None) -> ArtifactVersion:
        """For a pending version (async delivery, as W&B's ``Artifact.wait()``): block until
        its event is in the graph and return the version as stored, with its number and
        aliases (``version = version.wait()``). Raises the event's refusal (unknown alias,
        cycle...) or, after ``timeout`` seconds, ``GraphlineageTimeoutError``. A version that
        is not pending is returned as it is."""
        if not self.pending or self._event is None:
            return self
        backend = self._bound()
        return ArtifactVersion.bind(backend.delivered(self._event, timeout), backend)

    def _bound(self) -> Backend:
        return self._backend if self._backend is not None else default_backend()

    def used_by(self) -> list[RunInfo]:
        """The runs that used this version."""
        return self._bound().version_consumers(self.key)

    def logged_by(self) -> RunInfo | None:
        """The run that created this version (None if it was never logged by a run)."""
        runs = self.producers()
        return runs[0] if runs else None

    def producers(self) -> list[RunInfo]:
        """Every run that logged this content, the creator first."""
        return self._bound().version_producers(self.key)

    # -- content -------------------------------------------------------------------------
    def files(self) -> list[ArtifactEntry]:
        """Every entry (files and references), sorted by path."""
        version = self._settled()
        return [ArtifactEntry(entry, version) for entry in version.manifest]

    def get_entry(self, name: str) -> ArtifactEntry:
        """The entry at ``name`` (a path inside the artifact)."""
        version = self._settled()
        for entry in version.manifest:
            if entry.path == name:
                return ArtifactEntry(entry, version)
        raise NotFoundError(f"{version.key} has no entry {name!r}"
                            + _some_paths(version.manifest))  # fmt: skip

    def get_path(self, name: str) -> ArtifactEntry:
        """The entry at ``name`` (W&B's older name for :meth:`get_entry`)."""
        return self.get_entry(name)

    def get(self, name: str) -> Table:
        """The :class:`Table` added as ``name`` (``artifact.add(table, name)``), read from
        the content store and checked against its digest."""
        entry_path = name if name.endswith(TABLE_SUFFIX) else name + TABLE_SUFFIX
        version = self._settled()
        if not any(entry.path == entry_path for entry in version.manifest):
            raise NotFoundError(f"{version.key} has no table {name!r} (no entry "
                                f"{entry_path!r}){_some_paths(version.manifest)}")  # fmt: skip
        entry = version.get_entry(entry_path)
        return Table.from_json(entry.read_bytes(), f"{version.key} entry {entry_path!r}")

    def download(self, root: str | os.PathLike[str] | None = None) -> str:
        """Copy every file entry to ``root`` (default ``./artifacts/<name>:<version>``),
        checking each digest; the directory's path. References are not fetched (they stay
        where they are: ``get_entry(name).ref``)."""
        version = self._settled()
        target = Path(root) if root is not None else Path("artifacts") / version.short_name
        for entry in version.manifest:
            if entry.ref is None:
                ArtifactEntry(entry, version).download(target)
        return str(target)

    def _settled(self) -> ArtifactVersion:
        """This version with its manifest: a pending one (async delivery) waits first."""
        if self.pending:
            if self._event is None:
                raise InvalidInputError(
                    f"{self.key} is pending (recorded offline) and has no content to read "
                    "yet: run `graphlineage sync`, then look it up again"
                )
            return self.wait()
        return self

    def _content(self) -> ContentStore:
        store = self._bound().content_store()
        if store is None:
            raise ConfigurationError(
                "lineage is disabled (GRAPHLINEAGE_MODE=disabled): no artifact content store"
            )
        return store


class RunRecord(RunInfo):
    """A stored run (what ``graphlineage.run()`` and ``Api().run()`` return), bound to a
    client: :meth:`used_artifacts` and :meth:`logged_artifacts` as on W&B's public-API run."""

    _backend: Backend | None = PrivateAttr(default=None)
    _stored: RunInfo | None = PrivateAttr(default=None)

    @classmethod
    def bind(cls, info: RunInfo, backend: Backend) -> RunRecord:
        handle = cls.model_validate(info.model_dump())
        handle._backend = backend
        handle._stored = RunInfo.model_validate(info.model_dump())
        return handle

    def update(self) -> RunRecord:
        """Persist changes made to this record's ``config``, ``summary`` and ``tags`` (W&B's
        ``run.tags.append("best"); run.update()``), for a run in any state; the run as
        stored after."""
        stored = self._stored
        if stored is None:
            raise InvalidInputError("this run record is bound to no stored run")
        for what, value in (("config", self.config), ("summary", self.summary)):
            if not isinstance(value, dict):
                raise InvalidInputError(f"run.{what} must be a dict, not {type(value).__name__}")
        if not isinstance(self.tags, list) or not all(isinstance(t, str) for t in self.tags):
            raise InvalidInputError("run.tags must be a list of strings")
        added = tuple(dict.fromkeys(t for t in self.tags if t not in stored.tags))
        removed = tuple(t for t in stored.tags if t not in self.tags)
        config = dict(self.config) if self.config != stored.config else None
        summary = dict(self.summary) if self.summary != stored.summary else None
        if config is None and summary is None and not added and not removed:
            return self
        backend = self._bound()
        event = make(RunUpdated, run_id=self.id, config=config, summary=summary,
                     add_tags=added, remove_tags=removed)  # fmt: skip
        return RunRecord.bind(backend.emit(event), backend)

    def _bound(self) -> Backend:
        return self._backend if self._backend is not None else default_backend()

    def used_artifacts(self) -> list[ArtifactVersion]:
        """The artifact versions this run used."""
        backend = self._bound()
        return [ArtifactVersion.bind(info, backend) for info in backend.run_inputs(self.id)]

    def logged_artifacts(self) -> list[ArtifactVersion]:
        """The artifact versions this run logged."""
        backend = self._bound()
        return [ArtifactVersion.bind(info, backend) for info in backend.run_outputs(self.id)]

    @property
    def state(self) -> str:
        """W&B's name for :attr:`status`."""
        return self.status

    @property
    def display_name(self) -> str:
        return self.name

    @property
    def path(self) -> list[str]:
        """``[project, id]`` (W&B's ``[entity, project, id]`` without the entity)."""
        return [self.project, self.id]


class ArtifactEntry:
    """One entry of a logged artifact version (W&B's manifest entry): ``path``, ``digest``,
    ``size``, ``ref`` (a reference's URI; None for files), and :meth:`download`."""

    def __init__(self, entry: ManifestEntry, version: ArtifactVersion) -> None:
        self.path = entry.path
        self.digest = entry.digest
        self.size = entry.size
        self.ref = entry.ref
        self._version = version

    @property
    def name(self) -> str:
        return self.path

    def _shown(self) -> str:
        return f"entry {self.path!r} of {self._version.key}"

    def _file_only(self) -> None:
        if self.ref is not None:
            raise InvalidInputError(
                f"{self._shown()} is a reference to {self.ref}: its content was never stored "
                "here, read it from there"
            )

    def download(self, root: str | os.PathLike[str] | None = None) -> str:
        """Copy the file to ``root/<path>`` (default ``./artifacts/<name>:<version>``),
        checking its digest; the file's path."""
        self._file_only()
        base = Path(root) if root is not None else Path("artifacts") / self._version.short_name
        target = base.joinpath(*self.path.split("/"))
        self._version._content().fetch(self.digest, target, self._shown())
        return str(target)

    def read_bytes(self) -> bytes:
        """The file's bytes, checked against its digest."""
        self._file_only()
        return self._version._content().read_bytes(self.digest, self._shown())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ArtifactEntry):
            return NotImplemented
        return (self.path, self.digest, self.size, self.ref) == (
            other.path, other.digest, other.size, other.ref)  # fmt: skip

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ArtifactEntry(path={self.path!r}, digest={self.digest[:12]!r}, size={self.size})"


def _some_paths(manifest: list[ManifestEntry]) -> str:
    paths = [entry.path for entry in manifest]
    if not paths:
        return " (it has no entries)"
    shown = ", ".join(repr(p) for p in paths[:10])
    return f" (it has {shown}{', ...' if len(paths) > 10 else ''})"


class RegisteredModel(RegisteredModelInfo):
    """A registered model of the registry, bound to a client."""

    _versions: list[RegistryVersion] = PrivateAttr(default_factory=list)

    @classmethod
    def from_rows(cls, model: dict[str, Any], versions: list[dict[str, Any]]) -> RegisteredModel:
        handle: RegisteredModel = cls.from_row(model)
        handle._versions = [RegistryVersion(model=handle.name, **v) for v in versions]
        return handle

    def versions(self) -> list[RegistryVersion]:
        """The registry versions, oldest first, each with its current registry aliases."""
        return list(self._versions)

    @property
    def aliases(self) -> dict[str, str]:
        """Registry alias -> registry version, e.g. {"production": "v3", "latest": "v4"}."""
        return {alias: v.version for v in self._versions for alias in v.aliases}
