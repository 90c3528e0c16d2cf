"""Where a question starts: a node named exactly (``NodeId``), a run named by id or name,
or an artifact version named by an alias or registry alias, left for the question's own
query to resolve (one round trip instead of a lookup first)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphlineage.core.answers import NodeId
from graphlineage.core.refs import ArtifactRef, RegistryRef


@dataclass(frozen=True)
class RunName:
    """A run named by id or by name (``run:[project/]name``), looked up by the question's
    own query instead of a query of its own."""

    key: str
    project: str | None = None


@dataclass(frozen=True)
class VersionRef:
    """An artifact version named by an alias or index (``project/name:latest``) or by a
    registry version (``registry:Model:production``), resolved by the question's query."""

    ref: ArtifactRef | RegistryRef


Start = NodeId | RunName | VersionRef


def start_parameter(node: Start) -> dict[str, Any]:
    if isinstance(node, RunName):
        return {"kind": "run", "key": node.key, "by_name": True, "project": node.project}
    if isinstance(node, VersionRef):
        ref = node.ref
        alias = None if ref.is_version else ref.selector
        if isinstance(ref, RegistryRef):
            return {"kind": "registry_ref", "model": ref.name, "index": ref.version_index,
                    "alias": alias}  # fmt: skip
        return {"kind": "artifact_ref", "artifact": f"{ref.project}/{ref.name}",
                "index": ref.version_index, "alias": alias}  # fmt: skip
    return {"kind": node.kind, "key": node.key}
