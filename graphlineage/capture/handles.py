"""Objects handed to user code: artifact versions and registered models that can answer
one-hop lineage questions (``used_by()``, ``logged_by()``, ``versions()``), as in W&B."""

from __future__ import annotations

from typing import Any

from pydantic import PrivateAttr

from graphlineage.capture.backend import Backend, default_backend
from graphlineage.core.events import Event
from graphlineage.core.models import (
    ArtifactVersionInfo,
    RegisteredModelInfo,
    RegistryVersion,
    RunInfo,
)


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
