"""Lineage pictures: Graphviz DOT and Mermaid flowcharts of nodes and edges.

Edges are drawn the way data flows, left to right: version -> run for USED, run -> version
for PRODUCED, version -> registered model for LINKED_TO. Runs are boxes, artifact versions
rounded, registered models hexagons; the node asked about is highlighted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graphlineage.core.answers import LineageEdge, LineageNode

_VERB = {"USED": "used by", "PRODUCED": "produced", "LINKED_TO": "linked"}


@dataclass(frozen=True)
class Diagram:
    nodes: list[LineageNode]
    edges: list[LineageEdge]
    focus: str | None = None  # the ref of the node asked about

    @classmethod
    def of(cls, nodes: Iterable[LineageNode], edges: Iterable[LineageEdge],
           focus: str | None = None) -> Diagram:  # fmt: skip
        unique: dict[str, LineageNode] = {}
        for node in nodes:
            unique.setdefault(node.ref, node)
        seen_edges = dict.fromkeys(edges)
        return cls(list(unique.values()), list(seen_edges), focus)

    def flow_edges(self) -> list[tuple[str, str, str]]:
        """(from, to, label) in the direction data flows."""
        flows = []
        for edge in self.edges:
            if edge.type == "USED":
                flows.append((edge.target, edge.source, _VERB[edge.type]))
            else:
                flows.append((edge.source, edge.target, _VERB[edge.type]))
        return flows


def _caption(node: LineageNode) -> list[str]:
    if node.kind == "run":
        return [node.name, f"run · {node.type or 'job'}" + (f" · {node.status}"
                                                             if node.status else "")]  # fmt: skip
    if node.kind == "artifact_version":
        return [node.name, f"{node.type or 'artifact'} · {node.project}"]
    return [node.name, "registered model"]


def _dot_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


_DOT_SHAPES = {
    "run": 'shape=box, style="filled", fillcolor="#dbe9f6"',
    "artifact_version": 'shape=box, style="rounded,filled", fillcolor="#fdf1d6"',
    "registered_model": 'shape=hexagon, style="filled", fillcolor="#e3f4e1"',
}


def to_dot(diagram: Diagram, title: str = "lineage") -> str:
    lines = [f"digraph {_dot_string(title)} {{", "  rankdir=LR;",
             '  node [fontname="Helvetica", fontsize=10];',
             '  edge [fontname="Helvetica", fontsize=8, color="#666666"];']  # fmt: skip
    for node in diagram.nodes:
        label = "\n".join(_caption(node))
        extra = ', penwidth=2.5, color="#c0392b"' if node.ref == diagram.focus else ""
        lines.append(f"  {_dot_string(node.ref)} [label={_dot_string(label)}, "
                     f"{_DOT_SHAPES[node.kind]}{extra}];")  # fmt: skip
    for source, target, verb in diagram.flow_edges():
        lines.append(f"  {_dot_string(source)} -> {_dot_string(target)} "
                     f"[label={_dot_string(verb)}];")  # fmt: skip
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid_text(lines: list[str]) -> str:
    escaped = ("".join(f"#{ord(ch)};" if ch in '"#<>`&' else ch for ch in line)
               for line in lines)  # fmt: skip
    return '"' + "<br>".join(escaped) + '"'


_MERMAID_SHAPES = {"run": ("[", "]"), "artifact_version": ("([", "])"),
                   "registered_model": ("{{", "}}")}  # fmt: skip


def to_mermaid(diagram: Diagram) -> str:
    ids = {node.ref: f"n{i}" for i, node in enumerate(diagram.nodes)}
    lines = ["flowchart LR"]
    for node in diagram.nodes:
        left, right = _MERMAID_SHAPES[node.kind]
        label = _mermaid_text(_caption(node))
        lines.append(f"  {ids[node.ref]}{left}{label}{right}")
    for source, target, verb in diagram.flow_edges():
        if source in ids and target in ids:
            lines.append(f"  {ids[source]} -->|{verb}| {ids[target]}")
    lines.append("  classDef run fill:#dbe9f6,stroke:#4a6fa5")
    lines.append("  classDef version fill:#fdf1d6,stroke:#b7950b")
    lines.append("  classDef model fill:#e3f4e1,stroke:#2e7d32")
    lines.append("  classDef focus stroke:#c0392b,stroke-width:3px")
    classes = {"run": "run", "artifact_version": "version", "registered_model": "model"}
    for node in diagram.nodes:
        lines.append(f"  class {ids[node.ref]} {classes[node.kind]}")
    if diagram.focus in ids:
        lines.append(f"  class {ids[diagram.focus]} focus")
    return "\n".join(lines) + "\n"
