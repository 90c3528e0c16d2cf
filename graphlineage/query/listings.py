"""Listings with filters: runs, artifacts, artifact versions, registered models."""

from __future__ import annotations

from datetime import datetime

from graphlineage.core.answers import ArtifactInfo, NodeId, RegisteredModelSummary
from graphlineage.core.limits import check_count
from graphlineage.core.models import ArtifactVersionInfo, RunInfo, _to_native
from graphlineage.core.times import as_of_parameter, as_of_time
from graphlineage.errors import InvalidInputError
from graphlineage.graph import queries
from graphlineage.graph.store import Store

DEFAULT_LISTING_LIMIT = 100


def _page(skip: int, limit: int) -> dict[str, int]:
    for what, value in (("skip", skip), ("limit", limit)):
        check_count(value, what, allow_none=False)
    return {"skip": skip, "limit": limit}


def _when(value: datetime | None, what: str) -> datetime | None:
    if value is not None and (not isinstance(value, datetime) or value.tzinfo is None):
        raise InvalidInputError(f"{what} must be a timezone-aware datetime, not {value!r}")
    return value


def runs(
    store: Store,
    project: str | None = None,
    job_type: str | None = None,
    status: str | None = None,
    name: str | None = None,
    started_after: datetime | None = None,
    started_before: datetime | None = None,
    skip: int = 0,
    limit: int = DEFAULT_LISTING_LIMIT,
    as_of: datetime | str | None = None,
) -> list[RunInfo]:
    """Runs, newest first; every filter is optional. ``as_of``: the runs started by then
    (deleted ones too, if deleted later)."""
    filter_ = {
        "project": project, "job_type": job_type, "status": status, "name": name,
        "started_after": _when(started_after, "started_after"),
        "started_before": _when(started_before, "started_before"),
        "as_of": as_of_parameter(as_of_time(as_of)),
    }  # fmt: skip
    rows = store.read(queries.list_runs(filter=filter_, **_page(skip, limit)))
    return [RunInfo.from_row(row["run"]) for row in rows]


def artifacts(
    store: Store,
    project: str | None = None,
    type: str | None = None,
    name: str | None = None,
    skip: int = 0,
    limit: int = DEFAULT_LISTING_LIMIT,
    as_of: datetime | str | None = None,
) -> list[ArtifactInfo]:
    """Artifact collections by project and name (with their aliases as of ``as_of``)."""
    filter_ = {"project": project, "type": type, "name": name,
               "as_of": as_of_parameter(as_of_time(as_of))}  # fmt: skip
    rows = store.read(queries.list_artifacts(filter=filter_, **_page(skip, limit)))
    return [
        ArtifactInfo(**{**row["artifact"], "aliases": {a["name"]: a["version"]
                                                       for a in row["artifact"]["aliases"]}})
        for row in rows
    ]  # fmt: skip


def artifact_versions(
    store: Store,
    project: str | None = None,
    artifact: str | None = None,
    type: str | None = None,
    alias: str | None = None,
    skip: int = 0,
    limit: int = DEFAULT_LISTING_LIMIT,
    as_of: datetime | str | None = None,
) -> list[ArtifactVersionInfo]:
    """Artifact versions, newest first, by project, artifact name, type or current alias
    (``as_of``: the versions made by then, with the aliases they held then)."""
    filter_ = {"project": project, "artifact": artifact, "type": type, "alias": alias,
               "as_of": as_of_parameter(as_of_time(as_of))}  # fmt: skip
    rows = store.read(queries.list_artifact_versions(filter=filter_, **_page(skip, limit)))
    return [ArtifactVersionInfo.from_row(row["version"]) for row in rows]


def registered_models(
    store: Store, name: str | None = None, skip: int = 0, limit: int = DEFAULT_LISTING_LIMIT,
    as_of: datetime | str | None = None,
) -> list[RegisteredModelSummary]:
    """Registered models with their current registry aliases (or those of ``as_of``)."""
    when = as_of_time(as_of)
    rows = store.read(queries.list_registered_models(
        name=name, as_of=as_of_parameter(when), **_page(skip, limit)))
    return [
        RegisteredModelSummary(
            name=row["model"]["name"], version_count=row["model"].get("version_count") or 0,
            created_at=_to_native(row["model"].get("created_at")),
            aliases={a["name"]: a["version"] for a in row["aliases"]},
            tainted=_tainted(store, row["aliases"], when),
        )
        for row in rows
    ]


def _tainted(store: Store, aliases: list[dict[str, str]], as_of: datetime | None
             ) -> dict[str, list[str]]:  # fmt: skip
    """Per registry alias, the flagged nodes upstream of the version it points at."""
    from graphlineage.query.flags import tainted_by  # flags asks questions: import late

    found: dict[str, list[str]] = {}
    for alias in aliases:
        node = NodeId(kind="artifact_version", key=alias["artifact_version"])
        refs = sorted({taint.flag.ref for taint in tainted_by(store, node, as_of)})
        if refs:
            found[alias["name"]] = refs
    return found
