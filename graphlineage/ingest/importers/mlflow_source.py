"""Reading MLflow: the client for a tracking URI (refusing a local store that does not
exist, which MLflow would create empty), paging, and the small conversions the importer
needs."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graphlineage.errors import ImportSourceError

_PAGE = 1000


def _client(tracking_uri: str) -> Any:
    try:
        from mlflow.tracking import MlflowClient
    except ImportError as exc:
        raise ImportSourceError(
            "the MLflow importer reads through the mlflow package, which is not installed: "
            f"pip install 'graphlineage[mlflow]' ({exc})"
        ) from exc
    if _check_local(tracking_uri):
        # MLflow 3.x refuses its old folder store unless told: reading one in is the point
        os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")
    try:
        return MlflowClient(tracking_uri=tracking_uri, registry_uri=tracking_uri)
    except Exception as exc:
        raise ImportSourceError(f"cannot open MLflow at {tracking_uri}: {exc}") from exc


def _check_local(uri: str) -> bool:
    """A local store that does not exist is an error (MLflow would make an empty one);
    whether ``uri`` is an ``mlruns`` folder."""
    if uri.startswith("sqlite:///"):
        path = uri[len("sqlite:///"):]
        if path and path != ":memory:" and not Path(path).exists():
            raise ImportSourceError(f"no MLflow database at {path}")
        return False
    if uri.startswith("databricks"):
        return False
    if uri.startswith("file:") or "://" not in uri:
        path = uri[len("file://"):] if uri.startswith("file://") else uri
        path = path.removeprefix("file:")
        if not Path(path).is_dir():
            raise ImportSourceError(f"no MLflow folder at {path}")
        return True
    return False


def _ms(moment: datetime | None) -> int | None:
    if moment is None:
        return None
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return int(aware.timestamp() * 1000)


def _paged(fetch: Callable[[str | None], Any]) -> Iterator[Any]:
    token: str | None = None
    while True:
        page = fetch(token)
        yield from page
        token = getattr(page, "token", None)
        if not token:
            return


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _quoted(name: str) -> str:
    return name.replace("\\", "\\\\").replace("'", "\\'")
