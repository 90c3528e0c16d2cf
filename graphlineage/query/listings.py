"""Listings with filters: runs, artifacts, artifact versions, registered models."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from graphlineage.core.answers import ArtifactInfo, NodeId, RegisteredModelSummary
from graphlineage.core.limits import MAX_TAGS, check_count, check_text, type_name
from graphlineage.core.models import ArtifactVersionInfo, RunInfo, _to_native
from graphlineage.core.searchable import CONFIG, SUMMARY
from graphlineage.core.times import as_of_parameter, as_of_time
from graphlineage.errors import InvalidInputError
from graphlineage.graph import queries
from graphlineage.graph.store import Store
from graphlineage.query.run_filters import MAX_CONDITIONS, conditions

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
    config: Mapping[str, Any] | None = None,
    summary: Mapping[str, Any] | None = None,
    tags: Sequence[str] | None = None,
    group: str | None = None,
    stale: timedelta | None = None,
    skip: int = 0,
    limit: int = DEFAULT_LISTING_LIMIT,
    as_of: datetime | str | None = None,
) -> list[RunInfo]:
    """Runs, newest first; every filter is optional. ``config`` and ``summary`` take W&B's
    MongoDB-style conditions (:mod:`graphlineage.query.run_filters`); ``tags``: runs with
    every one of them; ``group``: runs of that group; ``stale``: running runs with no
    heartbeat for that long (their process died without saying so); ``as_of``: the runs
    started by then (deleted ones too, if deleted later)."""
    filter_ = {
        "project": project, "job_type": job_type, "status": status, "name": name,
        "started_after": _when(started_after, "started_after"),
        "started_before": _when(started_before, "started_before"),
        "as_of": as_of_parameter(as_of_time(as_of)),
    }  # fmt: skip
    page = _page(skip, limit)
    wanted = conditions(CONFIG, config, "config") + conditions(SUMMARY, summary, "summary")
    if len(wanted) > MAX_CONDITIONS:
        raise InvalidInputError(f"at most {MAX_CONDITIONS} config and summary conditions")
    tag_list = _tags(tags)
    if stale is not None and (not isinstance(stale, timedelta) or stale < timedelta(0)):
        raise InvalidInputError(f"stale must be a non-negative timedelta, not {stale!r}")
    if group is not None and not isinstance(group, str):
        raise InvalidInputError(f"group must be a string, not {type_name(group)}")
    if not wanted and not tag_list and group is None and stale is None:
        rows = store.read(queries.list_runs(filter=filter_, **page))
    else:
        alive_before = None if stale is None else datetime.now(UTC) - stale
        rows = store.read(queries.search_runs(
            filter={**filter_, "group": group, "alive_before": alive_before}, tags=tag_list,
            conditions=wanted, **page))  # fmt: skip
    return [RunInfo.from_row(row["run"]) for row in rows]


def _tags(tags: Sequence[str] | None) -> list[str]:
    if tags is None:
        return []
    if isinstance(tags, str):
        return [check_text(tags, "tag")]
    if not isinstance(tags, Sequence):
        raise InvalidInputError(f"tags must be a list of strings, not {type_name(tags)}")
    if len(tags) > MAX_TAGS:
        raise InvalidInputError(f"at most {MAX_TAGS} tags")
    for tag in tags:
        if not isinstance(tag, str):
            raise InvalidInputError(f"tags must be strings, not {type_name(tag)}")
        check_text(tag, "tag")
    return list(tags)


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
