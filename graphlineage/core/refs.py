"""Names and references: what a valid name is, and how ref strings are parsed.

Names of projects, artifacts, artifact types and registered models match
:data:`NAME_PATTERN`: 1-128 characters, starting with a letter or digit, then letters,
digits, ``_``, ``-`` and ``.``.  An alias follows the same pattern but must not look like a
version (``v`` followed by digits).  A run name is freer: 1-128 printable characters
without ``/`` or ``:``.  A name that passes is only ever stored as a value (a query
parameter); it is never pasted into Cypher.

Ref strings::

    name  name:alias  name:v3  project/name  project/name:alias    -> ArtifactRef
    registry:MNIST-dev  registry:MNIST-dev:production              -> RegistryRef
    run:<name-or-id>  run:<project>/<name-or-id>                   -> RunRef
    dataset:<namespace>/<name>  (OpenLineage names)                -> DatasetRef

A selector is an alias (``latest``, ``production``) or a version ``v<N>`` (``v0``, ``v3``;
no leading zeros).  A ref without one gets ``latest``.  :func:`parse_node_ref` reads the
``registry:`` and ``run:`` prefixes first, so an artifact named ``run`` or ``registry`` must
be written with its project (``project/run:v1``). ``dataset:`` followed by a namespace and a
name (``dataset:s3://bucket/key``: the text holds a ``/`` or a ``:``) is an OpenLineage
dataset; ``dataset:v3`` or ``dataset:latest`` is still the artifact named ``dataset``.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, field_validator

from graphlineage.core.datasets import DATASET_PREFIX, DatasetRef, parse_dataset_ref
from graphlineage.core.limits import MAX_VERSION_DIGITS
from graphlineage.errors import InvalidInputError, InvalidRefError

__all__ = [
    "NAME_PATTERN",
    "VERSION_PATTERN",
    "ArtifactRef",
    "DatasetRef",
    "RegistryRef",
    "RunRef",
    "format_node_ref",
    "is_version",
    "parse_artifact_ref",
    "parse_node_ref",
    "parse_registry_ref",
    "parse_run_ref",
    "validate_alias",
    "validate_name",
    "validate_project",
    "validate_run_name",
    "validate_selector",
]

NAME_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,127}"
"""Projects, artifacts, artifact types, registered models and aliases (full match)."""

VERSION_PATTERN = r"v(0|[1-9][0-9]*)"
"""A version selector: ``v`` and a number without leading zeros (full match)."""

MAX_RUN_NAME_LENGTH = 128
DEFAULT_SELECTOR = "latest"
RUN_PREFIX = "run:"
REGISTRY_PREFIX = "registry:"

_NAME_RE = re.compile(NAME_PATTERN)
_VERSION_RE = re.compile(VERSION_PATTERN)
_VERSION_LIKE_RE = re.compile(r"[vV][0-9]+")
_NAME_RULE = "use letters, digits, '_', '-', '.' (1-128 chars, starting with a letter or digit)"

_ARTIFACT_FORMS = "'name', 'name:alias', 'name:v3', 'project/name', 'project/name:alias'"
_REGISTRY_FORMS = "'model', 'model:alias', 'model:v3'"
_RUN_FORMS = "'run:<name-or-id>', 'run:<project>/<name-or-id>'"


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _require_str(value: object, what: str, error: type[InvalidInputError]) -> str:
    if not isinstance(value, str):
        raise error(f"{what} must be a string, not {type(value).__name__}")
    return value


def _name(value: object, what: str, error: type[InvalidInputError]) -> str:
    text = _require_str(value, what, error)
    if _NAME_RE.fullmatch(text) is None:
        raise error(f"{what} {_shown(text)} is invalid: {_NAME_RULE}")
    return text


def _alias(value: object, what: str, error: type[InvalidInputError]) -> str:
    text = _name(value, what, error)
    if _VERSION_LIKE_RE.fullmatch(text) is not None:
        raise error(
            f"{what} {_shown(text)} is invalid: 'v' followed by digits is a version, not an alias"
        )
    return text


def _selector(value: object, what: str, error: type[InvalidInputError]) -> str:
    text = _require_str(value, what, error)
    if _VERSION_RE.fullmatch(text) is not None:
        if len(text) > MAX_VERSION_DIGITS + 1:
            raise error(
                f"{what} {_shown(text)} is invalid: a version number has at most "
                f"{MAX_VERSION_DIGITS} digits"
            )
        return text
    if _VERSION_LIKE_RE.fullmatch(text) is not None:
        raise error(
            f"{what} {_shown(text)} is invalid: a version is 'v' and a number without "
            "leading zeros, like 'v0' or 'v3'"
        )
    return _alias(text, what, error)


def _run_name(value: object, what: str, error: type[InvalidInputError]) -> str:
    text = _require_str(value, what, error).strip()
    if not text:
        raise error(f"{what} must not be empty or blank")
    if len(text) > MAX_RUN_NAME_LENGTH:
        raise error(f"{what} {_shown(text)} is too long: at most {MAX_RUN_NAME_LENGTH} chars")
    if not text.isprintable():
        raise error(f"{what} {_shown(text)} is invalid: it contains non-printable characters")
    if "/" in text or ":" in text:
        raise error(f"{what} {_shown(text)} is invalid: it must not contain '/' or ':'")
    return text


def validate_name(value: str, what: str) -> str:
    """Return ``value`` if it matches :data:`NAME_PATTERN`; ``what`` names it in errors."""
    return _name(value, what, InvalidInputError)


def validate_project(value: str, what: str = "project name") -> str:
    """Return ``value`` if it is a valid project name."""
    return _name(value, what, InvalidInputError)


def validate_alias(value: str, what: str = "alias") -> str:
    """Return ``value`` if it is a valid alias: a name that does not look like a version."""
    return _alias(value, what, InvalidInputError)


def validate_selector(value: str, what: str = "selector") -> str:
    """Return ``value`` if it is an alias or a version like ``v3``."""
    return _selector(value, what, InvalidInputError)


def validate_run_name(value: str, what: str = "run name") -> str:
    """Return ``value`` stripped if it is a valid run name (printable, no ``/`` or ``:``)."""
    return _run_name(value, what, InvalidInputError)


def is_version(selector: str) -> bool:
    """Whether ``selector`` is a version (``v3``) rather than an alias."""
    return _VERSION_RE.fullmatch(selector) is not None


class _SelectorRef(BaseModel):
    """A ref whose ``selector`` picks one version: an alias or ``v<N>``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    selector: str

    @field_validator("selector", mode="before")
    @classmethod
    def _check_selector(cls, value: object) -> str:
        return _selector(value, "selector", InvalidRefError)

    @property
    def is_version(self) -> bool:
        """Whether the selector is a version (``v3``) rather than an alias."""
        return is_version(self.selector)

    @property
    def version_index(self) -> int | None:
        """The version number (3 for ``v3``), or ``None`` for an alias."""
        return int(self.selector[1:]) if self.is_version else None


class ArtifactRef(_SelectorRef):
    """One artifact version: ``project/name:selector`` (project optional)."""

    project: str | None
    name: str

    @field_validator("project", mode="before")
    @classmethod
    def _check_project(cls, value: object) -> str | None:
        return None if value is None else _name(value, "project name", InvalidRefError)

    @field_validator("name", mode="before")
    @classmethod
    def _check_name(cls, value: object) -> str:
        return _name(value, "artifact name", InvalidRefError)

    def with_project(self, project: str) -> ArtifactRef:
        """This ref with ``project`` filled in if it has none (else unchanged)."""
        if self.project is not None:
            return self
        return ArtifactRef(project=project, name=self.name, selector=self.selector)

    def __str__(self) -> str:
        prefix = f"{self.project}/" if self.project is not None else ""
        return f"{prefix}{self.name}:{self.selector}"


class RegistryRef(_SelectorRef):
    """One version of a registered model: ``name:selector``."""

    name: str

    @field_validator("name", mode="before")
    @classmethod
    def _check_name(cls, value: object) -> str:
        return _name(value, "registered model name", InvalidRefError)

    def __str__(self) -> str:
        return f"{self.name}:{self.selector}"


class RunRef(BaseModel):
    """A run, by name or id, optionally within a project."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    project: str | None
    key: str

    @field_validator("project", mode="before")
    @classmethod
    def _check_project(cls, value: object) -> str | None:
        return None if value is None else _name(value, "project name", InvalidRefError)

    @field_validator("key", mode="before")
    @classmethod
    def _check_key(cls, value: object) -> str:
        return _run_name(value, "run name or id", InvalidRefError)

    def with_project(self, project: str) -> RunRef:
        """This ref with ``project`` filled in if it has none (else unchanged)."""
        if self.project is not None:
            return self
        return RunRef(project=project, key=self.key)

    def __str__(self) -> str:
        prefix = f"{self.project}/" if self.project is not None else ""
        return f"{RUN_PREFIX}{prefix}{self.key}"


def _bad(kind: str, text: object, reason: str, forms: str) -> InvalidRefError:
    return InvalidRefError(f"invalid {kind} ref {_shown(text)}: {reason}; accepted forms: {forms}")


def _split_selector(text: str, kind: str, forms: str, default_selector: str) -> tuple[str, str]:
    """Split ``path[:selector]``; the selector is checked, the path is not."""
    if not text or text.isspace():
        raise _bad(kind, text, "it is empty", forms)
    if any(ch.isspace() for ch in text):
        raise _bad(kind, text, "it contains whitespace", forms)
    path, colon, selector = text.partition(":")
    if not path:
        raise _bad(kind, text, "the name before ':' is missing", forms)
    if colon and not selector:
        raise _bad(kind, text, "the alias or version after ':' is missing", forms)
    if ":" in selector:
        raise _bad(kind, text, "it has more than one ':'", forms)
    try:
        selector = _selector(selector if colon else default_selector, "selector", InvalidRefError)
    except InvalidRefError as err:
        raise _bad(kind, text, err.message, forms) from err
    return path, selector


def parse_artifact_ref(text: str, default_selector: str = DEFAULT_SELECTOR) -> ArtifactRef:
    """Parse ``[project/]name[:selector]``; a missing selector becomes ``default_selector``."""
    text = _require_str(text, "artifact ref", InvalidRefError)
    path, selector = _split_selector(text, "artifact", _ARTIFACT_FORMS, default_selector)
    parts = path.split("/")
    if len(parts) > 2:
        raise _bad("artifact", text, "it has more than one '/'", _ARTIFACT_FORMS)
    if any(not part for part in parts):
        raise _bad(
            "artifact", text, "the project or the name around '/' is missing", _ARTIFACT_FORMS
        )
    project, name = (parts[0], parts[1]) if len(parts) == 2 else (None, parts[0])
    try:
        return ArtifactRef(project=project, name=name, selector=selector)
    except InvalidRefError as err:
        raise _bad("artifact", text, err.message, _ARTIFACT_FORMS) from err


def parse_registry_ref(text: str, default_selector: str = DEFAULT_SELECTOR) -> RegistryRef:
    """Parse ``model[:selector]`` (without the ``registry:`` prefix)."""
    text = _require_str(text, "registry ref", InvalidRefError)
    name, selector = _split_selector(text, "registry", _REGISTRY_FORMS, default_selector)
    if "/" in name:
        raise _bad("registry", text, "a registered model name has no project", _REGISTRY_FORMS)
    try:
        return RegistryRef(name=name, selector=selector)
    except InvalidRefError as err:
        raise _bad("registry", text, err.message, _REGISTRY_FORMS) from err


def parse_run_ref(text: str) -> RunRef:
    """Parse ``run:[project/]name-or-id``; the ``run:`` prefix may be left out."""
    text = _require_str(text, "run ref", InvalidRefError)
    body = text.removeprefix(RUN_PREFIX)
    if not body or body.isspace():
        raise _bad("run", text, "the run name or id is missing", _RUN_FORMS)
    project: str | None
    if "/" in body:
        project, _, key = body.partition("/")
        if not project:
            raise _bad("run", text, "the project before '/' is missing", _RUN_FORMS)
    else:
        project, key = None, body
    try:
        return RunRef(project=project, key=key)
    except InvalidRefError as err:
        raise _bad("run", text, err.message, _RUN_FORMS) from err


def parse_node_ref(
    text: str, default_selector: str = DEFAULT_SELECTOR
) -> ArtifactRef | RegistryRef | RunRef | DatasetRef:
    """Parse a ref to any lineage node: ``registry:...``, ``run:...``, ``dataset:...``, else
    an artifact ref."""
    text = _require_str(text, "ref", InvalidRefError)
    body = text.removeprefix(DATASET_PREFIX)
    if text.startswith(DATASET_PREFIX) and ("/" in body or ":" in body or not body.strip()):
        # an OpenLineage name has a namespace and a name; "dataset:v3" or "dataset:latest"
        # stays the version of an artifact named "dataset"
        return parse_dataset_ref(text)
    if text.startswith(REGISTRY_PREFIX):
        return parse_registry_ref(text.removeprefix(REGISTRY_PREFIX), default_selector)
    if text.startswith(RUN_PREFIX):
        return parse_run_ref(text)
    return parse_artifact_ref(text, default_selector)


def format_node_ref(ref: ArtifactRef | RegistryRef | RunRef | DatasetRef) -> str:
    """The string :func:`parse_node_ref` reads back as ``ref``."""
    if isinstance(ref, RegistryRef):
        return f"{REGISTRY_PREFIX}{ref}"
    return str(ref)
