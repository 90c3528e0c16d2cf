"""Plain-text forms of the answers about change: history, diff, leakage, deletion."""

from __future__ import annotations

import json

from graphlineage.core.change_answers import AncestryDiff, DeletionReport, History, LeakageReport
from graphlineage.render.text import cell, table


def history_text(result: History) -> str:
    when = f" up to {result.as_of.isoformat()}" if result.as_of is not None else ""
    head = f"History of {result.ref}{when} ({len(result.entries)} events)"
    rows = [[e.at.isoformat(timespec="milliseconds"), e.event,
             f"{e.previous} → {e.target}" if e.previous else e.target, e.run,
             {k: v for k, v in e.detail.items() if v is not None and k != "artifact_version"}
             or None]
            for e in result.entries]  # fmt: skip
    return f"{head}\n{table(['at', 'event', 'what', 'by run', 'detail'], rows)}"


def diff_text(result: AncestryDiff) -> str:
    lines = [f"{result.a} → {result.b}"]
    if result.diverges_at is None:
        lines.append("Same ancestry.")
    else:
        meets = (f", and meet {result.meets_at} edge{'s' if result.meets_at != 1 else ''} away"
                 if result.meets_at is not None else ", and share nothing")  # fmt: skip
        lines.append(f"The ancestries differ {result.diverges_at} edge"
                     f"{'s' if result.diverges_at != 1 else ''} away{meets}.")  # fmt: skip
    if result.changed:
        lines += ["", "Changed inputs:"]
        lines += [f"  {c.artifact}  {', '.join(c.a)} → {', '.join(c.b)}"
                  for c in result.changed]  # fmt: skip
    for title, refs in (("Only upstream of a:", result.only_in_a),
                        ("Only upstream of b:", result.only_in_b)):  # fmt: skip
        if refs:
            lines += ["", title, *(f"  {ref}" for ref in refs)]
    if result.runs:
        lines += ["", "Runs of the same job type:"]
        for run in result.runs:
            lines.append(f"  {run.job_type or '(no job type)'}: {run.a} → {run.b}")
            lines += [f"    {c.key}: {json.dumps(c.a)} → {json.dumps(c.b)}" for c in run.config]
            if run.code_changed:
                lines.append(f"    git commit: {run.git_commit_a} → {run.git_commit_b}")
            if not run.config and not run.code_changed:
                lines.append("    same config and code")
    for title, refs in (("Runs only upstream of a:", result.runs_only_in_a),
                        ("Runs only upstream of b:", result.runs_only_in_b)):  # fmt: skip
        if refs:
            lines += ["", title, *(f"  {ref}" for ref in refs)]
    if result.shared:
        lines += ["", f"Shared inputs: {', '.join(result.shared)}"]
    return "\n".join(lines)


def leakage_text(report: LeakageReport) -> str:
    checked = ", ".join(report.checked) or "none"
    head = (f"Leakage check of {report.model}: evaluation data checked: {checked} "
            f"(evaluation job types: {', '.join(report.eval_job_types)})")  # fmt: skip
    if not report.leaks:
        return f"{head}\nNo leakage: no evaluation data is among the training ancestors."
    lines = [head, f"LEAKAGE: {report.errors} error(s), {report.warnings} warning(s)"]
    for leak in report.leaks:
        by = f" by {', '.join(leak.runs)}" if leak.runs else " (given as evaluation data)"
        if leak.severity == "error":
            lines.append(f"\nerror: {leak.evaluated_with}, used to evaluate{by}, is a "
                         f"training ancestor {leak.distance} edges away:")  # fmt: skip
        else:
            lines.append(f"\nwarning: {leak.evaluated_with}, used to evaluate{by}, is another "
                         f"version of {leak.trained_on}, a training ancestor "
                         f"{leak.distance} edges away:")  # fmt: skip
        lines.append("  " + " → ".join(leak.path))
    return "\n".join(lines)


def deletion_text(report: DeletionReport) -> str:
    verb = "Purging" if report.purge else "Deleting"
    if report.deleted:
        lines = [f"{'Purged' if report.purge else 'Deleted'} {report.ref}"
                 + ("." if report.purge else " (a tombstone stays in its lineage).")]
    else:
        lines = [f"{verb} {report.ref} would touch:"]
    for title, refs in (("versions", report.versions), ("used by", report.consumers),
                        ("logged", report.outputs),
                        ("registry links", report.registry_links), ("aliases", report.aliases),
                        ("registry aliases", report.registry_aliases)):  # fmt: skip
        if refs:
            lines.append(f"  {title}: {', '.join(refs)}")
    shown = ", ".join(report.downstream[:20]) + (", ..." if report.downstream_total > 20 else "")
    lines.append(f"  downstream, keeping it in their lineage: {report.downstream_total} nodes"
                 + (f" ({shown})" if report.downstream else ""))  # fmt: skip
    if report.already_deleted_at is not None:
        lines.append(f"  deleted already at {cell(report.already_deleted_at)}")
    if report.blockers and not report.deleted:
        lines.append("Refused as asked:")
        lines += [f"  - {blocker}" for blocker in report.blockers]
    return "\n".join(lines)
