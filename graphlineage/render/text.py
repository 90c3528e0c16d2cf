"""Answers as text for a terminal: aligned tables and step-by-step paths."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from graphlineage.core.answers import (
    ArtifactInfo,
    CypherResult,
    FlagReach,
    ImpactResult,
    LineageNode,
    LineageResult,
    NodeDetails,
    PathResult,
    RegisteredModelSummary,
    StaleModelVersion,
    Taint,
)
from graphlineage.core.column_answers import ColumnLineageResult
from graphlineage.core.job_answers import JobLevelResult
from graphlineage.core.models import ArtifactVersionInfo, RunInfo
from graphlineage.core.refs import names_an_alias

MAX_CELL = 60


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, str):
        text = value
    elif isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        text = ", ".join(value)
    else:
        text = json.dumps(value, default=str, separators=(",", ":"))
    text = " ".join(text.split())
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Columns padded to their widest cell; an empty table says so."""
    if not rows:
        return "(none)"
    cells = [[cell(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.upper().ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join(line.rstrip() for line in lines)


def _dataset(node: LineageNode) -> str | None:
    """The OpenLineage name of an ingested dataset version (``s3://bucket/key``), or None."""
    uri = (node.metadata or {}).get("dataset") if node.kind == "artifact_version" else None
    return uri if isinstance(uri, str) else None


def _detail(node: LineageNode) -> str:
    if node.deleted_at is not None:
        alive = node.model_copy(update={"deleted_at": None})
        return f"DELETED {cell(node.deleted_at)} · {_detail(alive)}"
    if node.kind == "run":
        return f"{node.type or '-'} · {node.status or '-'}"
    if node.kind == "artifact_version":
        uri = _dataset(node)
        return f"{node.type or '-'} · {uri}" if uri else node.type or "-"
    return "registered model"


def _named(node: LineageNode) -> str:
    uri = _dataset(node)
    return f"{node.ref} (dataset:{uri})" if uri else node.ref


def _node_rows(nodes: Sequence[LineageNode]) -> list[list[Any]]:
    return [[n.distance,
             n.ref + (f" (used as {', '.join(n.requested)})" if n.requested else ""),
             _detail(n), n.config if n.kind == "run" else n.metadata]
            for n in nodes]  # fmt: skip


def _page_note(result: LineageResult) -> str:
    if not result.truncated and result.skip == 0:
        return ""
    last = result.skip + len(result.nodes)
    return (f"\nShowing {result.skip + 1 if result.nodes else 0}-{last} of {result.total}; "
            f"use --skip {last} for more, or --limit 0 for all.")  # fmt: skip


def lineage_text(result: LineageResult) -> str:
    what = "Ancestry" if result.direction == "upstream" else "Impact"
    depth = f", depth <= {result.max_depth}" if result.max_depth is not None else ""
    root = (f"{result.requested} → {_named(result.root)}" if result.requested
            else _named(result.root))  # fmt: skip
    when = f" as of {result.as_of.isoformat()}" if result.as_of is not None else ""
    head = f"{what} of {root}{when} ({result.total} nodes {result.direction}{depth})"
    body = table(["dist", "ref", "kind", "config / metadata"], _node_rows(result.nodes))
    return f"{head}\n{body}{_page_note(result)}"


def jobs_text(result: JobLevelResult) -> str:
    """A job-level answer: jobs and artifacts, nearest first, with what was folded."""
    what = "Ancestry" if result.direction == "upstream" else "Impact"
    depth = f", depth <= {result.max_depth}" if result.max_depth is not None else ""
    root = result.root
    shown = f"{root.ref} (dataset:{root.dataset})" if root.dataset else root.ref
    head = (f"{what} of {shown} by job ({result.total} jobs and artifacts "
            f"{result.direction}{depth})")  # fmt: skip
    rows = []
    for n in result.nodes:
        if n.kind == "job":
            folded = ", ".join(f"{count} {status}" for status, count in sorted(n.statuses.items()))
            detail = f"job · {len(n.members)} runs ({folded})"
        elif n.kind == "artifact":
            versions = ", ".join(m.rpartition(":")[2] for m in n.members)
            detail = f"{n.dataset or 'artifact'} · {versions}"
        else:
            detail = "registered model"
        rows.append([n.distance, n.ref, detail])
    body = table(["dist", "ref", "folded"], rows)
    note = ""
    if result.truncated or result.skip:
        last = result.skip + len(result.nodes)
        note = (f"\nShowing {result.skip + 1 if result.nodes else 0}-{last} of {result.total}; "
                f"use --skip {last} for more, or --limit 0 for all.")  # fmt: skip
    return f"{head}\n{body}{note}"


def columns_text(result: ColumnLineageResult) -> str:
    """A column question's answer: the columns, nearest first, each with the
    transformation types of its derivations toward the column asked about."""
    what = "Column ancestry" if result.direction == "upstream" else "Column impact"
    depth = f", depth <= {result.max_depth}" if result.max_depth is not None else ""
    head = (f"{what} of {result.root.ref} ({result.total} columns {result.direction}{depth}, "
            f"in {len(result.datasets)} datasets)")  # fmt: skip
    near = "target" if result.direction == "upstream" else "source"
    far = "source" if near == "target" else "target"
    by_key = {node.key: node for node in (result.root, *result.nodes)}
    steps: dict[str, list[str]] = {}
    for edge in result.edges:
        other = by_key.get(getattr(edge, near))
        label = f"{'→' if near == 'target' else '←'} {other.column if other else '?'}"
        kinds = ", ".join(edge.types) or "-"
        steps.setdefault(getattr(edge, far), []).append(f"{label} ({kinds})")
    rows = [[n.distance, n.dataset, n.column, "; ".join(steps.get(n.key, []))]
            for n in result.nodes]  # fmt: skip
    body = table(["dist", "dataset", "column", "derivation"], rows)
    note = ""
    if result.truncated or result.skip:
        last = result.skip + len(result.nodes)
        note = (f"\nShowing {result.skip + 1 if result.nodes else 0}-{last} of {result.total}; "
                f"use --skip {last} for more, or --limit 0 for all.")  # fmt: skip
    return f"{head}\n{body}{note}"


def impact_text(result: ImpactResult) -> str:
    parts = [*taint_lines(result.tainted_by), lineage_text(result), "",
             "Registry versions affected:"]
    heading = "aliases now" if result.as_of is None else "aliases then"
    parts.append(table(["registered model", "version", "artifact version", heading],
                       [[r.model, r.version, r.artifact_version, r.aliases]
                        for r in result.registry]))  # fmt: skip
    if result.affected_aliases:
        parts.append("")
        for model, aliases in result.affected_aliases.items():
            parts.append(f"Aliases on affected versions of {model}: {', '.join(aliases)}")
    return "\n".join(parts)


_STEP = {"USED": "used by", "PRODUCED": "produced", "LINKED_TO": "linked to"}


def path_text(result: PathResult) -> str:
    if result.direction is None:
        return f"No lineage path between {result.source.ref} and {result.target.ref}."
    start, end = ((result.source, result.target) if result.direction == "downstream"
                  else (result.target, result.source))  # fmt: skip
    count = f"{len(result.paths)}{'+' if result.truncated else ''}"
    lines = [f"{start.ref} reaches {end.ref} in {result.length} steps "
             f"({count} shortest path{'s' if count != '1' else ''}):"]  # fmt: skip
    for number, p in enumerate(result.paths, 1):
        lines.append(f"\npath {number}:")
        lines.append(f"  {p.nodes[0].ref}  ({_detail(p.nodes[0])})")
        for depth, (edge, node) in enumerate(zip(p.edges, p.nodes[1:], strict=True), 1):
            lines.append(f"  {'   ' * (depth - 1)}└─ {_STEP[edge.type]} {node.ref}  "
                         f"({_detail(node)})")  # fmt: skip
    return "\n".join(lines)


def stale_text(stale: Sequence[StaleModelVersion]) -> str:
    if not stale:
        return "No stale registry versions: every one was trained on the newest data."
    rows = [[s.ref, s.aliases, o.used, o.newest, o.behind,
             [t.flag.ref for t in s.tainted_by] or None]
            for s in stale for o in s.outdated]  # fmt: skip
    return table(["registry version", "aliases", "trained on", "newest", "behind",
                  "tainted by"], rows)  # fmt: skip


def runs_text(runs: Sequence[RunInfo]) -> str:
    return table(["project", "name", "job type", "status", "started", "id"],
                 [[r.project, r.name, r.job_type, r.status, r.started_at, r.id]
                  for r in runs])  # fmt: skip


def artifacts_text(artifacts: Sequence[ArtifactInfo]) -> str:
    return table(["artifact", "type", "versions", "aliases"],
                 [[a.key, a.type, a.version_count,
                   [f"{k}={v}" for k, v in a.aliases.items()]] for a in artifacts])  # fmt: skip


def versions_text(versions: Sequence[ArtifactVersionInfo]) -> str:
    return table(["version", "type", "aliases", "size", "files", "created"],
                 [[v.key, v.type, v.aliases, v.size, v.file_count, v.created_at]
                  for v in versions])  # fmt: skip


def models_text(models: Sequence[RegisteredModelSummary]) -> str:
    return table(["registered model", "versions", "aliases", "tainted"],
                 [[m.name, m.version_count, [f"{k}={v}" for k, v in m.aliases.items()],
                   [f"{alias} by {', '.join(refs)}" for alias, refs in m.tainted.items()]
                   or None]
                  for m in models])  # fmt: skip


def cypher_text(result: CypherResult) -> str:
    body = table(result.columns, [[row[c] for c in result.columns] for row in result.rows])
    notes = []
    if result.truncated:
        notes.append(f"(first {len(result.rows)} rows; raise --limit for more)")
    if result.counters:
        notes.append(", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in result.counters.items()))
    return "\n".join([body, *notes]) if result.columns or not notes else "\n".join(notes)


def _by_alias(requested: list[str]) -> list[str]:
    """The refs a run asked for by alias (``mnist_dataset:latest``): worth showing beside
    the version they named; a ref by version names it already."""
    return [text for text in requested if names_an_alias(text)]


def _neighbours(details: NodeDetails) -> list[tuple[str, list[str]]]:
    """Groups of neighbour refs by how they touch the node shown."""
    root = details.node.ref
    edges = details.neighbours.edges

    def refs(rel_type: str, *, outgoing: bool) -> list[str]:
        if outgoing:
            return [e.target for e in edges if e.type == rel_type and e.source == root]
        return [e.source for e in edges if e.type == rel_type and e.target == root]

    if details.node.kind == "run":
        used = [", ".join(_by_alias(details.requested.get(ref, []))) + f" → {ref}"
                if _by_alias(details.requested.get(ref, [])) else ref
                for ref in refs("USED", outgoing=True)]  # fmt: skip
        groups = [("used", used),
                  ("produced", refs("PRODUCED", outgoing=True))]  # fmt: skip
    elif details.node.kind == "artifact_version":
        groups = [("produced by", refs("PRODUCED", outgoing=False)),
                  ("used by", refs("USED", outgoing=False)),
                  ("linked to", refs("LINKED_TO", outgoing=True))]  # fmt: skip
    else:
        groups = [("linked versions", refs("LINKED_TO", outgoing=False))]
    return groups


def taint_lines(taints: Sequence[Taint]) -> list[str]:
    """One line per flag that taints a node, with the path from the flagged node."""
    lines = []
    for taint in taints:
        flag = taint.flag
        where = "flagged itself" if taint.distance == 0 else \
            f"via {' → '.join(taint.path)}"  # fmt: skip
        lines.append(f"TAINTED by {flag.severity} flag on {flag.ref}: {flag.reason} "
                     f"(by {flag.by}, {cell(flag.at)}); {where}")  # fmt: skip
    return lines


def flags_text(reach: Sequence[FlagReach]) -> str:
    rows = [[r.flag.at, r.flag.ref, r.flag.severity, r.flag.reason, r.flag.by,
             "lifted " + cell(r.flag.lifted_at) if r.flag.lifted_at else "active",
             [f"{e['model']}:{e['version']}" + (f" ({', '.join(e['aliases'])})"
                                                if e["aliases"] else "")
              for e in r.registry]]
            for r in reach]  # fmt: skip
    return table(["at", "flagged", "severity", "reason", "by", "state", "registry reached"],
                 rows)


def details_text(details: NodeDetails) -> str:
    node = details.node
    lines = [f"{node.ref}  ({_detail(node)})", *taint_lines(details.tainted_by)]
    fields: list[tuple[str, Any]] = []
    if details.run is not None:
        run = details.run
        fields = [("id", run.id), ("number", run.number), ("started", run.started_at),
                  ("ended", run.ended_at), ("exit code", run.exit_code), ("host", run.host),
                  ("git commit", run.git_commit), ("tags", run.tags), ("notes", run.notes),
                  ("config", run.config), ("summary", run.summary)]  # fmt: skip
    elif details.artifact_version is not None:
        version = details.artifact_version
        fields = [("digest", version.digest), ("size", version.size),
                  ("files", version.file_count), ("created", version.created_at),
                  ("aliases", version.aliases),
                  ("registry", [f"{r.model}:{r.version}" + (f" ({', '.join(r.aliases)})"
                                                             if r.aliases else "")
                                for r in version.registry]),
                  ("metadata", version.metadata), ("description", version.description)]  # fmt: skip
    elif details.registered_model is not None:
        model = details.registered_model
        fields = [("versions", [f"{v.version}={v.artifact_version}"
                                + (f" ({', '.join(v.aliases)})" if v.aliases else "")
                                for v in model.versions])]  # fmt: skip
    for label, value in fields:
        if value not in (None, [], {}, ""):
            text = cell(value) if not isinstance(value, list) else ", ".join(map(str, value))
            lines.append(f"  {label + ':':<12} {text}")
    for label, refs in _neighbours(details):
        lines.append(f"{label}:")
        lines.extend(f"  {ref}" for ref in refs or ["(none)"])
    if details.neighbours.truncated:
        lines.append(f"(neighbours cut at {len(details.neighbours.nodes)} nodes)")
    return "\n".join(lines)
