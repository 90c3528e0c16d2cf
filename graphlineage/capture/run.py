"""The run handle: what ``graphlineage.init()`` returns, shaped like a W&B run."""

from __future__ import annotations

import functools
import itertools
import os
import socket
import subprocess
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

from graphlineage.capture.artifact import Artifact
from graphlineage.capture.backend import Backend
from graphlineage.capture.handles import ArtifactVersion
from graphlineage.core.events import (
    ArtifactLinked,
    ArtifactLogged,
    ArtifactUsed,
    RunFinished,
    RunState,
    make,
)
from graphlineage.core.jsonvalues import json_value_check
from graphlineage.core.limits import MAX_ALIASES, check_text, shown, type_name
from graphlineage.core.models import ArtifactVersionInfo, RegistryVersion, RunInfo
from graphlineage.core.refs import parse_artifact_ref, parse_registry_ref, validate_alias
from graphlineage.errors import InvalidInputError, RunStateError


class Config(dict[str, Any]):
    """Run config: a dict that also reads as attributes (``run.config.batch_size``)."""

    def __getattr__(self, key: str) -> Any:
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None


def host_name() -> str:
    return socket.gethostname()


def git_commit(cwd: Path | None = None) -> str | None:
    """The checked-out commit of the working directory's git repository, if any (asked once
    per directory and process: a sweep of many runs does not start git for each)."""
    return _git_commit(str(cwd or os.getcwd()))


@functools.lru_cache(maxsize=64)
def _git_commit(cwd: str) -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    commit = out.stdout.strip()
    return commit if out.returncode == 0 and len(commit) >= 40 else None


def _registry_target(target: str) -> str:
    """``MNIST-dev``, ``registry:MNIST-dev`` or W&B's ``model-registry/MNIST-dev``."""
    if not isinstance(target, str):
        raise InvalidInputError(
            f"the registered model name must be a string, not {type_name(target)}"
        )
    for prefix in ("registry:", "model-registry/", "wandb-registry-model/"):
        target = target.removeprefix(prefix)
    ref = parse_registry_ref(target)
    if ref.selector != "latest" and ":" in target:
        raise InvalidInputError(f"link target {target!r} must name a registered model only")
    return ref.name


class Run:
    """One execution of a job. Use it as a context manager, or call :meth:`finish`."""

    def __init__(self, backend: Backend, info: RunInfo, config: dict[str, Any]) -> None:
        self._backend = backend
        self._info = info
        self.config = Config(config)
        self.summary: dict[str, Any] = {}
        self.state = RunState.RUNNING

    # -- identity ------------------------------------------------------------------------
    @property
    def id(self) -> str:
        return self._info.id

    @property
    def name(self) -> str:
        return self._info.name

    @property
    def project(self) -> str:
        return self._info.project

    @property
    def job_type(self) -> str | None:
        return self._info.job_type

    @property
    def info(self) -> RunInfo:
        return self._info

    def __repr__(self) -> str:
        return f"<Run {self.project}/{self.name} ({self.id}) {self.state.value}>"

    def _check_running(self, doing: str) -> None:
        if self.state is not RunState.RUNNING:
            raise RunStateError(
                f"run {self.project}/{self.name} is {self.state.value}: cannot {doing} after "
                "finish(); start a new run"
            )

    # -- inputs and outputs --------------------------------------------------------------
    def use_artifact(
        self, artifact_or_name: str | ArtifactVersionInfo, type: str | None = None
    ) -> ArtifactVersion:
        """Declare an input; an alias is resolved to the version it names right now."""
        self._check_running("use artifacts")
        if isinstance(artifact_or_name, ArtifactVersionInfo):
            project, name = artifact_or_name.project, artifact_or_name.name
            selector = artifact_or_name.version
            requested = artifact_or_name.key
        elif isinstance(artifact_or_name, str):
            ref = parse_artifact_ref(artifact_or_name).with_project(self.project)
            project, name, selector = ref.project or self.project, ref.name, ref.selector
            requested = artifact_or_name.strip()
        else:
            raise InvalidInputError(
                "use_artifact takes a ref like 'name:alias' or an artifact version, not "
                f"{type_name(artifact_or_name)}"
            )
        event = make(
            ArtifactUsed,
            run_id=self.id,
            project=project,
            name=name,
            selector=selector,
            requested=requested,
            type=type,
        )
        info = self._backend.emit(event)
        return ArtifactVersion.bind(info, self._backend, event)

    def log_artifact(
        self,
        artifact_or_path: Artifact | str | os.PathLike[str],
        name: str | None = None,
        type: str | None = None,
        aliases: Iterable[str] | None = None,
    ) -> ArtifactVersion:
        """Declare an output; identical content to an existing version reuses that version."""
        self._check_running("log artifacts")
        chosen = _alias_tuple(aliases)
        artifact = _as_artifact(artifact_or_path, name, type)
        event = make(
            ArtifactLogged,
            run_id=self.id,
            project=self.project,
            name=artifact.name,
            type=artifact.type,
            description=artifact.description,
            metadata=artifact.metadata,
            digest=artifact.digest,
            size=artifact.size,
            file_count=len(artifact.manifest),
            manifest=artifact.manifest_json(),
            aliases=chosen,
        )
        info = self._backend.emit(event)
        return ArtifactVersion.bind(info, self._backend, event)

    def link_artifact(
        self,
        artifact: ArtifactVersionInfo,
        target_path: str,
        aliases: Iterable[str] | None = None,
    ) -> RegistryVersion:
        """Link a logged version into a registered model (the registry numbers it v0, v1...)."""
        self._check_running("link artifacts")
        if not isinstance(artifact, ArtifactVersionInfo):
            raise InvalidInputError(
                "link_artifact takes a logged artifact version (from log_artifact or "
                f"use_artifact), not {type_name(artifact)}"
            )
        if artifact.pending and not artifact.digest:
            raise InvalidInputError(
                f"{artifact.key} was used while offline and is not resolved yet: link it "
                "after `graphlineage sync`"
            )
        by_digest = artifact.pending
        event = make(
            ArtifactLinked,
            run_id=self.id,
            version_key=None if by_digest else artifact.key,
            artifact=f"{artifact.project}/{artifact.name}" if by_digest else None,
            digest=artifact.digest if by_digest else None,
            registered_model=_registry_target(target_path),
            aliases=_alias_tuple(aliases),
        )
        result: RegistryVersion = self._backend.emit(event)
        return result

    def link_model(
        self,
        path: str | os.PathLike[str] | Artifact | ArtifactVersionInfo,
        registered_model_name: str,
        name: str | None = None,
        aliases: Iterable[str] | None = None,
    ) -> RegistryVersion:
        """Log a model (from a path or Artifact) if needed, then link it to the registry."""
        self._check_running("link models")
        # everything is checked before the model is logged: a bad registered model name or
        # alias must not leave a logged version behind
        model = _registry_target(registered_model_name)
        chosen = _alias_tuple(aliases)
        if isinstance(path, ArtifactVersionInfo):
            version: ArtifactVersionInfo = path
        else:
            if not isinstance(path, Artifact) and name is None:
                name = f"run-{self.name}-model"
            version = self.log_artifact(path, name=name, type="model")
        return self.link_artifact(version, model, aliases=chosen)

    # -- one-hop lineage -----------------------------------------------------------------
    def used_artifacts(self) -> list[ArtifactVersion]:
        return [ArtifactVersion.bind(info, self._backend)
                for info in self._backend.run_inputs(self.id)]  # fmt: skip

    def logged_artifacts(self) -> list[ArtifactVersion]:
        return [ArtifactVersion.bind(info, self._backend)
                for info in self._backend.run_outputs(self.id)]  # fmt: skip

    # -- ending --------------------------------------------------------------------------
    def finish(self, exit_code: int | None = 0, *, status: RunState | None = None) -> None:
        """End the run: ``finished`` for exit code 0, ``failed`` otherwise. Idempotent."""
        if self.state is not RunState.RUNNING:
            return
        json_value_check(self.summary, "summary")
        if status is None:
            status = RunState.FINISHED if not exit_code else RunState.FAILED
        event = make(
            RunFinished,
            run_id=self.id,
            status=status,
            exit_code=exit_code,
            summary=dict(self.summary),
        )
        self._backend.emit(event)
        self.state = status

    def __enter__(self) -> Run:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.finish(0)
        elif issubclass(exc_type, KeyboardInterrupt):
            self.finish(130, status=RunState.CRASHED)
        else:
            self.finish(1, status=RunState.FAILED)


def _alias_tuple(aliases: Iterable[str] | None) -> tuple[str, ...]:
    """W&B accepts one alias as a plain string, or a list of them; each is checked (and
    their number capped) here, before anything is written."""
    if aliases is None:
        return ()
    if isinstance(aliases, str):
        return (validate_alias(aliases),)
    try:
        listed = tuple(itertools.islice(aliases, MAX_ALIASES + 1))
    except TypeError as exc:
        raise InvalidInputError(
            f"aliases must be a string or a list of strings, not {type_name(aliases)}"
        ) from exc
    if len(listed) > MAX_ALIASES:
        raise InvalidInputError(f"too many aliases: at most {MAX_ALIASES}")
    return tuple(validate_alias(alias) for alias in listed)


def _as_artifact(
    artifact_or_path: Artifact | str | os.PathLike[str], name: str | None, type: str | None
) -> Artifact:
    if isinstance(artifact_or_path, Artifact):
        return artifact_or_path
    if not isinstance(artifact_or_path, (str, os.PathLike)):
        raise InvalidInputError(
            f"log_artifact takes an Artifact or a path, not {type_name(artifact_or_path)}"
        )
    try:
        path = Path(artifact_or_path)
        check_text(str(path), "path")
        exists, is_dir = path.exists(), path.is_dir()
    except (OSError, ValueError) as exc:
        raise InvalidInputError(f"cannot use path {shown(str(artifact_or_path))}: {exc}") from exc
    if not exists:
        raise InvalidInputError(f"file not found: {shown(str(path), 200)}")
    artifact = Artifact(name or path.stem or "artifact", type or "unspecified")
    if is_dir:
        artifact.add_dir(path)
    else:
        artifact.add_file(path)
    return artifact
