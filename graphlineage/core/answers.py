"""Typed answers to lineage questions: nodes, edges, ancestry/impact, paths, subgraphs.

Every lineage node has a ``ref`` that :func:`graphlineage.core.refs.parse_node_ref` reads back
(``run:project/name``, ``project/name:vN``, ``registry:Model``); edges name their ends by
ref. These models are what the Python API returns and what ``--format json`` prints.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any, Literal, NamedTuple, Self

from pydantic import BaseModel, ConfigDict, Field, computed_field

from graphlineage.core.models import (
    ArtifactVersionInfo,
    RegisteredModelInfo,
    RegistryVersion,
    RunInfo,
    _to_native,
)

NodeKind = Literal["run", "artifact_version", "registered_model"]
EdgeType = Literal["USED", "PRODUCED", "LINKED_TO"]
Direction = Literal["upstream", "downstream"]

KIND_LABELS: dict[str, str] = {
    "run": "Run",
    "artifact_version": "ArtifactVersion",
    "registered_model": "RegisteredModel",
}
_LABEL_KINDS = {label: kind for kind, label in KIND_LABELS.items()}


class _Answer(BaseModel):
    model_config = ConfigDict(frozen=True)


def _decoded(value: Any) -> dict[str, Any]:
    if isinstance(value, str) and value:
        decoded = json.loads(value)
        return decoded if isinstance(decoded, dict) else {"value": decoded}
    return value if isinstance(value, dict) else {}


class NodeId(_Answer):
    """Which node: its kind and its key (run id, version key or registered model name)."""

    kind: NodeKind
    key: str


class LineageNode(_Answer):
    """A run, an artifact version or a registered model, as lineage answers show it."""

    kind: NodeKind
    key: str = Field(description="run id, version key 'project/name:vN' or model name")
    ref: str = Field(description="the ref that names this node: run:p/name, p/name:vN, ...")
    name: str = Field(description="what W&B shows: run name, 'name:vN' or model name")
    project: str | None = None
    type: str | None = Field(None, description="artifact type, or job type for runs")
    status: str | None = Field(None, description="run status")
    created_at: datetime | None = Field(None, description="version creation or run start")
    config: dict[str, Any] | None = Field(None, description="run config")
    metadata: dict[str, Any] | None = Field(None, description="artifact version metadata")
    distance: int | None = Field(None, description="edges from the node asked about")
    requested: list[str] | None = Field(None, description="ancestry/impact, for a version: "
                                        "the refs by alias that runs of the answer used it by "
                                        "(mnist_dataset:latest)")
    deleted_at: datetime | None = Field(None, description="set when the node was deleted: a "
                                        "tombstone kept so that lineage stays honest")  # fmt: skip

    @property
    def id(self) -> NodeId:
        return NodeId(kind=self.kind, key=self.key)

    @classmethod
    def from_graph(cls, props: dict[str, Any], distance: int | None = None) -> Self:
        """Build from a query's node map: the node's properties plus ``labels``."""
        labels = props.get("labels") or []
        kind = next((_LABEL_KINDS[label] for label in labels if label in _LABEL_KINDS), None)
        if kind == "run":
            return cls(
                kind="run", key=props["id"], ref=f"run:{props['project']}/{props['name']}",
                name=props["name"], project=props["project"], type=props.get("job_type"),
                status=props.get("status"), created_at=_to_native(props.get("started_at")),
                config=_decoded(props.get("config")), distance=distance,
            )  # fmt: skip
        if kind == "artifact_version":
            return cls(
                kind="artifact_version", key=props["key"], ref=props["key"],
                name=f"{props['name']}:{props['version']}", project=props.get("project"),
                type=props.get("type"), created_at=_to_native(props.get("created_at")),
                metadata=_decoded(props.get("metadata")), distance=distance,
            )  # fmt: skip
        if kind == "registered_model":
            return cls(
                kind="registered_model", key=props["name"], ref=f"registry:{props['name']}",
                name=props["name"], created_at=_to_native(props.get("created_at")),
                distance=distance,
            )  # fmt: skip
        raise ValueError(f"not a lineage node: labels {labels!r}")


class NodeRef(NamedTuple):
    """One node of a lean answer: its ref, its kind and its distance from the node asked
    about (``for ref, kind, distance in answer.nodes``)."""

    ref: str
    kind: NodeKind
    distance: int


class LineageEdge(_Answer):
    """One stored edge: run -USED-> version, run -PRODUCED-> version, version -LINKED_TO->
    registered model. ``source`` and ``target`` are node refs, in the edge's direction."""

    source: str
    type: EdgeType
    target: str


class FlagInfo(_Answer):
    """A flag on a run or an artifact version: who marked it bad, when, why, how bad, and
    whether (and when) it was lifted."""

    id: str
    ref: str = Field(description="the flagged node's ref")
    reason: str
    severity: Literal["info", "warning", "error"] = "error"
    by: str | None = None
    at: datetime
    lifted_at: datetime | None = None
    lifted_by: str | None = None
    lift_reason: str | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Self:
        return cls(**{key: _to_native(value) for key, value in row.items()
                      if key in cls.model_fields})  # fmt: skip


class Taint(_Answer):
    """A flag on the node itself or upstream of it, and the path from the flagged node."""

    flag: FlagInfo
    distance: int = Field(description="edges from the flagged node down to this one")
    path: list[str] = Field(description="refs from the flagged node to this one")


class FlagReach(_Answer):
    """:meth:`~graphlineage.client.Lineage.flags`: a flag and the registry versions it
    taints, with the registry aliases that point at them."""

    flag: FlagInfo
    registry: list[dict[str, Any]] = Field(description="{model, version, artifact_version, "
                                           "aliases}")  # fmt: skip


class LineageResult(_Answer):
    """Ancestry (upstream) or impact (downstream) of one node, nearest first.

    ``nodes`` is one page of the answer: ``total`` counts all of it, and ``truncated`` says
    that nodes beyond this page exist (ask again with ``skip=``/``limit=``).
    """

    root: LineageNode
    direction: Direction
    max_depth: int | None = None
    nodes: list[LineageNode]
    total: int
    skip: int = 0
    truncated: bool = False
    requested: str | None = Field(None, description="the ref as asked, when it named an alias "
                                  "(registry:Model:production): root is what it named then")
    as_of: datetime | None = Field(None, description="the graph as it stood at this time")

    @property
    def runs(self) -> list[LineageNode]:
        return [node for node in self.nodes if node.kind == "run"]

    @property
    def artifact_versions(self) -> list[LineageNode]:
        return [node for node in self.nodes if node.kind == "artifact_version"]

    @property
    def refs(self) -> list[str]:
        return [node.ref for node in self.nodes]


class LeanLineageResult(_Answer):
    """Ancestry or impact as refs, kinds and distances only (no names, times or configs):
    the cheap answer for callers that only need identities. Paged like
    :class:`LineageResult`."""

    root: LineageNode
    direction: Direction
    max_depth: int | None = None
    nodes: list[NodeRef]
    total: int
    skip: int = 0
    truncated: bool = False
    as_of: datetime | None = Field(None, description="the graph as it stood at this time")

    @property
    def refs(self) -> list[str]:
        return [node.ref for node in self.nodes]


class AffectedRegistryVersion(_Answer):
    """A registry version whose artifact version lies downstream of the bad node."""

    model: str
    version: str
    index: int
    artifact_version: str
    distance: int
    aliases: list[str] = Field(description="registry aliases that point at it now")

    @property
    def ref(self) -> str:
        return f"registry:{self.model}:{self.version}"


class ImpactResult(LineageResult):
    """Impact of a node: what is downstream, and which registry entries it reaches."""

    registry: list[AffectedRegistryVersion] = Field(default_factory=list)
    tainted_by: list[Taint] = Field(default_factory=list, description="active flags on the "
                                    "root or upstream of it: everything here is tainted by "
                                    "them")  # fmt: skip

    @computed_field  # type: ignore[prop-decorator]
    @property
    def affected_aliases(self) -> dict[str, list[str]]:
        """Per registered model, the aliases (e.g. "production") on affected versions."""
        found: dict[str, list[str]] = {}
        for entry in self.registry:
            for alias in entry.aliases:
                found.setdefault(entry.model, []).append(f"{alias}={entry.version}")
        return found


class LineagePath(_Answer):
    """One path in the direction data flows: ``nodes[0]`` upstream, ``nodes[-1]`` downstream."""

    nodes: list[LineageNode]
    edges: list[LineageEdge]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def length(self) -> int:
        return len(self.edges)

    @property
    def runs(self) -> list[LineageNode]:
        return [node for node in self.nodes if node.kind == "run"]


class PathResult(_Answer):
    """The shortest lineage paths between two nodes.

    ``direction`` is ``downstream`` when data flows from ``source`` to ``target``,
    ``upstream`` when it flows from ``target`` to ``source`` (the paths then start at
    ``target``), and ``None`` when neither reaches the other (``paths`` is empty).
    """

    source: LineageNode
    target: LineageNode
    direction: Direction | None
    paths: list[LineagePath]
    truncated: bool = False

    @computed_field  # type: ignore[prop-decorator]
    @property
    def length(self) -> int | None:
        return self.paths[0].length if self.paths else None


class Subgraph(_Answer):
    """The nodes and edges around one node, up to ``up`` levels upstream and ``down``
    levels downstream; ``truncated`` when a level was cut at the node limit."""

    root: LineageNode
    up: int
    down: int
    nodes: list[LineageNode]
    edges: list[LineageEdge]
    truncated: bool = False


class OutdatedInput(_Answer):
    used: str = Field(description="the old upstream artifact version")
    newest: str = Field(description="the newest version of the same artifact")
    behind: int = Field(description="how many newer versions exist")
    distance: int


class StaleModelVersion(_Answer):
    """A registry version trained (somewhere upstream) on data that has newer versions."""

    model: str
    version: str
    artifact_version: str
    aliases: list[str]
    outdated: list[OutdatedInput]
    tainted_by: list[Taint] = Field(default_factory=list, description="active flags upstream")

    @property
    def ref(self) -> str:
        return f"registry:{self.model}:{self.version}"


class RegisteredModelDetails(RegisteredModelInfo):
    versions: list[RegistryVersion] = Field(default_factory=list)


class NodeDetails(_Answer):
    """One node with everything stored on it and its direct neighbours (``show``).
    Exactly one of ``run``, ``artifact_version`` and ``registered_model`` is set."""

    node: LineageNode
    run: RunInfo | None = None
    artifact_version: ArtifactVersionInfo | None = None
    registered_model: RegisteredModelDetails | None = None
    neighbours: Subgraph
    requested: dict[str, list[str]] = Field(
        default_factory=dict, description="for a run: per version it used, the refs it asked "
        "for (mnist_dataset:latest)")
    tainted_by: list[Taint] = Field(default_factory=list, description="active flags on the "
                                    "node or upstream of it, with their paths")  # fmt: skip


class ArtifactInfo(_Answer):
    """An artifact collection: all versions of one name in one project."""

    key: str
    project: str
    name: str
    type: str | None = None
    version_count: int = 0
    aliases: dict[str, str] = Field(default_factory=dict, description="alias -> version")


class RegisteredModelSummary(_Answer):
    name: str
    version_count: int = 0
    aliases: dict[str, str] = Field(default_factory=dict, description="alias -> version")
    created_at: datetime | None = None
    tainted: dict[str, list[str]] = Field(default_factory=dict, description="alias -> the "
                                          "flagged nodes upstream of the version it points "
                                          "at (active flags only)")  # fmt: skip


class CypherResult(_Answer):
    """Rows of an ad-hoc query, values made JSON-friendly (nodes and relationships become
    maps with ``labels``/``type`` and ``properties``, temporal values ISO strings)."""

    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool = False
    counters: dict[str, int] = Field(default_factory=dict, description="writes made")

    def __iter__(self) -> Iterator[dict[str, Any]]:  # type: ignore[override]
        """The rows: ``for row in lineage.cypher(...)`` (not pydantic's field pairs)."""
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: int) -> dict[str, Any]:
        return self.rows[index]
