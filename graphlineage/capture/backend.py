"""What the run and artifact handles need of a client, as a protocol: the handles depend on
it, :class:`graphlineage.client.Lineage` implements it, and nothing in ``capture/`` imports
the client.

A handle made outside a client (an :class:`ArtifactVersion` built from stored values) uses
the default backend, which the fluent API (:mod:`graphlineage.api`) registers when it is
imported; without one it says so instead of guessing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, overload

from graphlineage.capture.content import ContentStore
from graphlineage.core.events import (
    ArtifactLinked,
    ArtifactLogged,
    ArtifactUsed,
    Event,
    RunFinished,
    RunStarted,
    RunUpdated,
)
from graphlineage.core.models import ArtifactVersionInfo, EventResult, RegistryVersion, RunInfo
from graphlineage.errors import ConfigurationError


class Backend(Protocol):
    """Sends a run's events and answers the one-hop questions of the handles."""

    @overload
    def emit(self, event: RunStarted | RunFinished | RunUpdated) -> RunInfo: ...
    @overload
    def emit(self, event: ArtifactUsed | ArtifactLogged) -> ArtifactVersionInfo: ...
    @overload
    def emit(self, event: ArtifactLinked) -> RegistryVersion: ...
    def emit(self, event: Event) -> EventResult:
        """Deliver one event; what it made, or a pending stand-in of the same type."""

    def delivered(self, event: Event, timeout: float | None) -> ArtifactVersionInfo:
        """The version a pending event used or logged, once it is in the graph."""

    def run_inputs(self, run_id: str) -> list[ArtifactVersionInfo]: ...

    def run_outputs(self, run_id: str) -> list[ArtifactVersionInfo]: ...

    def version_consumers(self, key: str) -> list[RunInfo]: ...

    def version_producers(self, key: str) -> list[RunInfo]: ...

    def heartbeat(self, run_ids: list[str]) -> None:
        """The processes of these runs are alive now (best effort: may raise; never
        journaled)."""

    def heartbeat_every(self) -> float:
        """Seconds between heartbeats; 0: none."""

    def content_store(self) -> ContentStore | None:
        """Where artifact files are kept by digest; None when lineage is disabled (nothing
        is stored)."""


_default: Callable[[], Backend] | None = None


def use_default(provider: Callable[[], Backend]) -> None:
    """Register where unbound handles find their backend (the fluent API's default client)."""
    global _default
    _default = provider


def default_backend() -> Backend:
    if _default is None:
        raise ConfigurationError(
            "this handle is bound to no client: get it from a Lineage client, or import "
            "graphlineage to use the default one"
        )
    return _default()
