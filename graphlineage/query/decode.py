"""Typed answers from the server's rows without a second validation pass.

The read queries of ``cypher/`` return exactly the fields an answer shows, with known types
(strings, integers, lists, times as ISO text), so re-validating each node with pydantic
only repeats what the query guarantees. :func:`built` fills a frozen model's fields
directly (as ``model_construct`` does, at a fifth of its cost); :func:`lineage_node` is
:meth:`LineageNode.from_graph` on that fast path, and gives equal models.
"""

from __future__ import annotations

import contextlib
import gc
import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter

from graphlineage.core.answers import LineageNode

M = TypeVar("M", bound=BaseModel)

_new = object.__new__
_set = object.__setattr__
_DATETIME: TypeAdapter[datetime] = TypeAdapter(datetime)
_NODE_FIELDS = frozenset(LineageNode.model_fields)


def built(cls: type[M], values: dict[str, Any]) -> M:
    """An instance of ``cls`` holding ``values`` (every field, already of its type)."""
    model = _new(cls)
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", set(values))
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """No garbage collection while an answer is read and built. Its objects hold no
    cycles, yet allocating them triggers collections, and in a process with many live
    objects (a notebook, a big networkx graph) a collection of the older generations
    is a pause of tens to hundreds of ms: the tail of big answers."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def iso_datetime(text: str | None) -> datetime | None:
    """A time the query sent as ISO text (``toString``), as pydantic would read it."""
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:  # forms fromisoformat does not know: let pydantic decide
        return _DATETIME.validate_python(text)


def _json_map(value: Any) -> dict[str, Any]:
    if value == "{}":
        return {}
    if isinstance(value, str) and value:
        decoded = json.loads(value)
        return decoded if isinstance(decoded, dict) else {"value": decoded}
    return value if isinstance(value, dict) else {}


def lineage_node(props: dict[str, Any], distance: int | None = None) -> LineageNode:
    """A :class:`LineageNode` from a query's node map (its fields plus ``labels``)."""
    labels = props.get("labels") or ()
    if "ArtifactVersion" in labels:
        key = props["key"]
        values = {
            "kind": "artifact_version", "key": key, "ref": key,
            "name": f"{props['name']}:{props['version']}", "project": props.get("project"),
            "type": props.get("type"), "status": None,
            "created_at": iso_datetime(props.get("created_at")), "config": None,
            "metadata": _json_map(props.get("metadata")), "distance": distance,
        }  # fmt: skip
    elif "Run" in labels:
        values = {
            "kind": "run", "key": props["id"], "ref": f"run:{props['project']}/{props['name']}",
            "name": props["name"], "project": props["project"], "type": props.get("job_type"),
            "status": props.get("status"), "created_at": iso_datetime(props.get("started_at")),
            "config": _json_map(props.get("config")), "metadata": None, "distance": distance,
        }  # fmt: skip
    elif "RegisteredModel" in labels:
        values = {
            "kind": "registered_model", "key": props["name"],
            "ref": f"registry:{props['name']}", "name": props["name"], "project": None,
            "type": None, "status": None, "created_at": iso_datetime(props.get("created_at")),
            "config": None, "metadata": None, "distance": distance,
        }  # fmt: skip
    else:
        return LineageNode.from_graph(props, distance)  # raises: not a lineage node
    values["requested"] = None
    values["deleted_at"] = iso_datetime(props.get("deleted_at"))
    return built(LineageNode, values)


assert {
    "kind", "key", "ref", "name", "project", "type", "status", "created_at", "config",
    "metadata", "distance", "requested", "deleted_at",
} == _NODE_FIELDS, "LineageNode's fields changed: update lineage_node()"  # fmt: skip
