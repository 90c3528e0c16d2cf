"""The shapes that artifact refs take on their way to and from Neo4j, shared by the writer
(an event's ``use_artifact`` ref) and resolution (a question's ref): the ``$ref`` map of
``resolve_artifact_ref`` and the error built from ``describe_artifact_choices``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from graphlineage.core.refs import is_version
from graphlineage.errors import NotFoundError


def ref_parameter(
    project: str, name: str, selector: str, as_of: datetime | None = None
) -> dict[str, Any]:
    """The ``$ref`` map of resolve_artifact_ref: a version index or an alias."""
    version = is_version(selector)
    return {
        "artifact": f"{project}/{name}",
        "index": int(selector[1:]) if version else None,
        "alias": None if version else selector,
        "as_of": as_of,
    }


def describe_unresolved(
    info: Mapping[str, Any], project: str, name: str, selector: str
) -> NotFoundError:
    """A NotFoundError that says what does exist (from describe_artifact_choices)."""
    if not info["exists"]:
        return NotFoundError(
            f"artifact {name!r} does not exist in project {project!r}",
            candidates=info["names"],
        )
    count = info["version_count"] or 0
    choices = [f"v0..v{count - 1}"] if count else []
    choices += info["aliases"]
    return NotFoundError(
        f"{project}/{name} has no version or alias {selector!r}", candidates=choices
    )
