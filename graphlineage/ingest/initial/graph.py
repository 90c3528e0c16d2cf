"""The graph a folded event stream makes, held in Python: nodes and relationships by key.

Every node has one stable key property (``KEYS``); relationships name their ends by those
keys, never by database ids, so the same graph can be written as importer CSV files or
compared with one read back from Neo4j.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

Props = dict[str, Any]

#: The key property of each node label.
KEYS: dict[str, str] = {
    "Project": "name",
    "Run": "id",
    "Artifact": "key",
    "ArtifactVersion": "key",
    "RegisteredModel": "name",
}


class Node(NamedTuple):
    label: str
    key: str
    props: Props


class Relationship(NamedTuple):
    type: str
    start_label: str
    start_key: str
    end_label: str
    end_key: str
    props: Props


@dataclass(slots=True)
class AliasEdge:
    """One assignment of an alias (ALIAS from an artifact, REGISTRY_ALIAS from a registered
    model) to a version: ``until`` is set when the alias moved on."""

    owner: str  # the artifact key or the registered model's name
    version_key: str
    name: str
    since: datetime
    until: datetime | None = None

    def props(self) -> Props:
        props: Props = {"name": self.name, "since": self.since}
        if self.until is not None:
            props["until"] = self.until
        return props


@dataclass
class Graph:
    """Nodes by key and relationships by their ends, in the order they were made."""

    projects: dict[str, Props] = field(default_factory=dict)
    runs: dict[str, Props] = field(default_factory=dict)
    artifacts: dict[str, Props] = field(default_factory=dict)
    versions: dict[str, Props] = field(default_factory=dict)
    models: dict[str, Props] = field(default_factory=dict)
    aliases: list[AliasEdge] = field(default_factory=list)
    registry_aliases: list[AliasEdge] = field(default_factory=list)
    used: dict[tuple[str, str], Props] = field(default_factory=dict)  # (run id, version key)
    produced: dict[tuple[str, str], Props] = field(default_factory=dict)
    links: dict[tuple[str, str], Props] = field(default_factory=dict)  # (version key, model)

    def node_count(self) -> int:
        return (len(self.projects) + len(self.runs) + len(self.artifacts)
                + len(self.versions) + len(self.models))  # fmt: skip

    def relationship_count(self) -> int:
        return (len(self.versions) + len(self.aliases) + len(self.registry_aliases)
                + len(self.used) + len(self.produced) + len(self.links))  # fmt: skip

    def nodes(self) -> Iterator[Node]:
        for name, props in self.projects.items():
            yield Node("Project", name, props)
        for run_id, props in self.runs.items():
            yield Node("Run", run_id, props)
        for key, props in self.artifacts.items():
            yield Node("Artifact", key, props)
        for key, props in self.versions.items():
            yield Node("ArtifactVersion", key, props)
        for name, props in self.models.items():
            yield Node("RegisteredModel", name, props)

    def relationships(self) -> Iterator[Relationship]:
        for key, props in self.versions.items():
            yield Relationship("HAS_VERSION", "Artifact", props["artifact"],
                               "ArtifactVersion", key, {})  # fmt: skip
        for alias in self.aliases:
            yield Relationship("ALIAS", "Artifact", alias.owner,
                               "ArtifactVersion", alias.version_key, alias.props())  # fmt: skip
        for (run_id, key), props in self.used.items():
            yield Relationship("USED", "Run", run_id, "ArtifactVersion", key, props)
        for (run_id, key), props in self.produced.items():
            yield Relationship("PRODUCED", "Run", run_id, "ArtifactVersion", key, props)
        for (key, model), props in self.links.items():
            yield Relationship("LINKED_TO", "ArtifactVersion", key, "RegisteredModel", model,
                               props)  # fmt: skip
        for alias in self.registry_aliases:
            yield Relationship("REGISTRY_ALIAS", "RegisteredModel", alias.owner,
                               "ArtifactVersion", alias.version_key, alias.props())  # fmt: skip
