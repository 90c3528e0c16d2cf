"""Module-level shortcuts (``graphlineage.init``, ``graphlineage.artifact``, ...) on a
default :class:`~graphlineage.client.Lineage` built from the environment on first use."""

from __future__ import annotations

import atexit
import threading
from typing import Any

from graphlineage.client import Lineage
from graphlineage.handles import ArtifactVersion, RegisteredModel
from graphlineage.models import RunInfo
from graphlineage.run import Run

_default: Lineage | None = None
_lock = threading.Lock()


def default_client() -> Lineage:
    global _default
    with _lock:
        if _default is None:
            _default = Lineage()
            atexit.register(_default.close)
        return _default


def reset_default_client() -> None:
    """Close the default client; the next call builds a new one from the environment."""
    global _default
    with _lock:
        if _default is not None:
            _default.close()
        _default = None


def init(
    project: str,
    job_type: str | None = None,
    config: dict[str, Any] | None = None,
    name: str | None = None,
    tags: list[str] | tuple[str, ...] | None = None,
    notes: str | None = None,
) -> Run:
    """Start a run, as ``wandb.init``."""
    return default_client().init(
        project=project, job_type=job_type, config=config, name=name, tags=tags, notes=notes
    )


def artifact(ref: str, project: str | None = None) -> ArtifactVersion:
    """Look up an artifact version, e.g. ``graphlineage.artifact("mnist/mnist_dataset:v0")``."""
    return default_client().artifact(ref, project=project)


def run(key: str, project: str | None = None) -> RunInfo:
    """Look up a run by id or name."""
    return default_client().run(key, project=project)


def registered_model(name: str) -> RegisteredModel:
    return default_client().registered_model(name)
