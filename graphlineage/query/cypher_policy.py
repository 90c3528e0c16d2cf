"""What ad-hoc Cypher may do: the server's own plan (``EXPLAIN``) decides, not the text.

A READ session stops writes, but not everything that reads: ``LOAD CSV`` reads files and
URLs, ``TERMINATE TRANSACTIONS`` kills other clients' work, ``SHOW SETTINGS`` and
``dbms.listConfig`` expose the server's configuration, ``db.clearQueryCaches`` changes
server state. So before an ad-hoc query runs, graphlineage asks the server to plan it and
checks the plan:

- the query type must be ``r`` (read); ``w``/``rw`` need ``write=True``; ``s`` (schema) is
  allowed with ``write=True`` only for index and constraint commands;
- no operator outside what a lineage question needs: ``LoadCSV``, administration commands,
  ``TERMINATE ...`` and ``SHOW ...`` (other than indexes, constraints, procedures and
  functions) are refused;
- procedures only from :data:`ALLOWED_PROCEDURES`, namespaced functions only from
  :data:`ALLOWED_FUNCTION_NAMESPACES` (the built-in temporal, spatial and vector ones).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from graphlineage.errors import QueryError

ALLOWED_PROCEDURES = frozenset({
    "db.labels", "db.relationshipTypes", "db.propertyKeys", "db.info", "db.ping",
    "db.schema.visualization", "db.schema.nodeTypeProperties", "db.schema.relTypeProperties",
    "db.awaitIndex", "db.awaitIndexes", "dbms.components", "tx.getMetaData",
})  # fmt: skip
"""Procedures that only describe the data or the schema."""

ALLOWED_FUNCTION_NAMESPACES = frozenset({
    "date", "datetime", "localdatetime", "localtime", "time", "duration", "point", "vector",
    "db",
})  # fmt: skip
"""Namespaces of built-in functions (``date.truncate``, ``point.distance``, ...)."""

_SHOW_ALLOWED = frozenset({"ShowIndexes", "ShowConstraints", "ShowProcedures", "ShowFunctions"})
_SCHEMA_OPERATORS = re.compile(r"(Create|Drop)(Index|Constraint|.*Index)|DoNothingIfExists.*")
_REFUSED = re.compile(r"LoadCSV|AdministrationCommand|SystemProcedureCall|Terminate.*|Show.*")
_NAMESPACED_CALL = re.compile(
    r"(?<![\w.$`])([a-z][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*)+)\s*\("
)
WRITE_CODE = "Neo.ClientError.Statement.AccessMode"
REFUSED_CODE = "Graphlineage.AdhocCypher.Refused"


def _operators(plan: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    stack = [plan]
    while stack:
        node = stack.pop()
        operator = str(node.get("operatorType", "")).partition("@")[0]
        args = node.get("args") or {}
        details = args.get("Details") if isinstance(args, Mapping) else None
        yield operator, str(details or "")
        stack.extend(node.get("children") or [])


def _refuse(why: str) -> QueryError:
    return QueryError(f"ad-hoc Cypher may not {why}", code=REFUSED_CODE)


def check_plan(query_type: str | None, plan: Mapping[str, Any] | None, *, write: bool) -> None:
    """Raise ``QueryError`` unless the planned query is one ad-hoc Cypher allows."""
    if query_type in ("w", "rw") and not write:
        raise QueryError(
            "this query writes, and ad-hoc Cypher is read-only unless asked to write "
            "(write=True, or --write on the command line)", code=WRITE_CODE,
        )  # fmt: skip
    if query_type not in ("r", "w", "rw", "s"):
        raise _refuse(f"run a query of type {query_type!r}")
    operators = list(_operators(plan or {}))
    for operator, details in operators:
        if operator == "ProcedureCall":
            name = details.partition("(")[0].strip()
            if name not in ALLOWED_PROCEDURES:
                raise _refuse(f"call the procedure {name or '?'!r} (allowed: "
                              f"{', '.join(sorted(ALLOWED_PROCEDURES))})")  # fmt: skip
        elif operator in _SHOW_ALLOWED:
            continue
        elif _REFUSED.fullmatch(operator):
            what = "use LOAD CSV" if operator == "LoadCSV" else f"run {operator} commands"
            raise _refuse(what)
        for namespace, rest in _NAMESPACED_CALL.findall(details):
            if operator != "ProcedureCall" and namespace not in ALLOWED_FUNCTION_NAMESPACES:
                raise _refuse(f"call the function {namespace + rest!r}")
    if query_type == "s":
        kinds = {op for op, _ in operators} - {"ProduceResults", "EmptyResult", "ProcedureCall"}
        schema = {op for op in kinds if _SCHEMA_OPERATORS.fullmatch(op)}
        if kinds - schema or (schema and not write) or not operators:
            raise _refuse("run this command (of the schema commands, only index and "
                          "constraint commands, with write=True)")  # fmt: skip
