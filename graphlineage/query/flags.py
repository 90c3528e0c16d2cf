"""Flags: mark a run or an artifact version as bad (who, when, why, how bad), lift the mark,
list the flags with the registry versions they reach, and find what taints a node (the
active flags on it or upstream of it, with the path). Flags are never deleted: a lifted
flag keeps its history, and every answer can be asked as of a time."""

from __future__ import annotations

import getpass
from datetime import UTC, datetime
from typing import get_args

from graphlineage.core.answers import FlagInfo, FlagReach, NodeId, Taint
from graphlineage.core.events import new_id
from graphlineage.core.limits import check_text
from graphlineage.core.times import as_of_parameter
from graphlineage.errors import InvalidInputError, NotFoundError
from graphlineage.graph import queries
from graphlineage.graph.store import Store
from graphlineage.query import questions
from graphlineage.query.starts import RunName, Start

SEVERITIES = get_args(FlagInfo.model_fields["severity"].annotation)
MAX_REASON = 2000


def _flaggable(node: NodeId) -> dict[str, str]:
    if node.kind not in ("run", "artifact_version"):
        raise InvalidInputError(
            f"a flag marks a run or an artifact version, and {node.key!r} is a "
            f"{node.kind.replace('_', ' ')}"
        )
    return {"kind": node.kind, "key": node.key}


def who(by: str | None) -> str:
    if by is None:
        try:
            by = getpass.getuser()
        except (KeyError, OSError):  # no user name in this environment
            by = "unknown"
    if not isinstance(by, str) or not by.strip():
        raise InvalidInputError("by must name who it is (non-empty text)")
    return check_text(by.strip(), "by", 200)


def text_or_none(value: object, what: str) -> str | None:
    """Optional text (a reason): None, or non-empty text of a sane length."""
    return _reason(value, what, required=False)


def _reason(reason: object, what: str, *, required: bool) -> str | None:
    if reason is None and not required:
        return None
    if not isinstance(reason, str) or not reason.strip():
        raise InvalidInputError(f"{what} must be non-empty text, not {reason!r}")
    return check_text(reason.strip(), what, MAX_REASON)


def flag(store: Store, node: NodeId, reason: str, severity: str = "error",
         by: str | None = None) -> FlagInfo:  # fmt: skip
    """Flag ``node``; the new flag."""
    target = _flaggable(node)
    if severity not in SEVERITIES:
        raise InvalidInputError(f"severity must be one of {', '.join(SEVERITIES)}, "
                                f"not {severity!r}")  # fmt: skip
    values = {"id": new_id(), "reason": _reason(reason, "reason", required=True),
              "severity": severity, "by": who(by), "at": datetime.now(UTC)}  # fmt: skip
    rows = store.write(queries.create_flag(node=target, flag=values))
    if not rows:
        raise NotFoundError(f"no {node.kind.replace('_', ' ')} {node.key!r}")
    return FlagInfo.from_row(rows[0]["flag"])


def unflag(store: Store, node: NodeId, flag_id: str | None = None, by: str | None = None,
           reason: str | None = None) -> list[FlagInfo]:  # fmt: skip
    """Lift the active flags of ``node`` (or the one with ``flag_id``); the lifted flags."""
    target = _flaggable(node)
    if flag_id is not None and not isinstance(flag_id, str):
        raise InvalidInputError(f"flag_id is text, not {type(flag_id).__name__}")
    lift = {"by": who(by), "at": datetime.now(UTC),
            "reason": _reason(reason, "the reason for lifting", required=False)}  # fmt: skip
    rows = store.write(queries.lift_flags(node=target, flag_id=flag_id, lift=lift))
    if not rows:
        if not store.read(queries.get_lineage_node(node=target)):
            raise NotFoundError(f"no {node.kind.replace('_', ' ')} {node.key!r}")
        which = f"flag {flag_id!r}" if flag_id else "flag"
        raise NotFoundError(f"{node.key!r} has no active {which} to lift")
    return [FlagInfo.from_row(row["flag"]) for row in rows]


def flags(store: Store, active: bool = True, as_of: datetime | None = None) -> list[FlagReach]:
    """The flags (active ones, or all), each with the registry versions it reaches."""
    if not isinstance(active, bool):
        raise InvalidInputError(f"active is true or false, not {active!r}")
    rows = store.read(queries.list_flags(as_of=as_of_parameter(as_of), active=active))
    return [FlagReach(flag=FlagInfo.from_row(row["flag"]),
                      registry=sorted(row["registry"], key=lambda r: (r["model"], r["version"])))
            for row in rows]  # fmt: skip


def tainted_by(store: Store, node: NodeId, as_of: datetime | None = None) -> list[Taint]:
    """The active flags on ``node`` or upstream of it, nearest first, with their paths."""
    rows = store.read(queries.list_taints(node=node.model_dump(), as_of=as_of_parameter(as_of)))
    taints = []
    for row in rows:
        info = FlagInfo.from_row(row["flag"])
        path = [info.ref]
        if row["distance"] > 0:
            found = questions.path(store, _start(info.ref), node, limit=1, as_of=as_of)
            if found.paths:
                path = [n.ref for n in found.paths[0].nodes]
        taints.append(Taint(flag=info, distance=row["distance"], path=path))
    return taints


def _start(ref: str) -> Start:
    if ref.startswith("run:"):
        project, _, name = ref.removeprefix("run:").partition("/")
        return RunName(key=name, project=project)
    return NodeId(kind="artifact_version", key=ref)
