"""Ad-hoc Cypher: any query, read-only unless asked to write, with a time limit.

Read-only is enforced by the server, not by reading the query text: the query runs in a
session in READ access mode, where Neo4j rejects writes (and a cluster routes it to a
reader), and the server's plan of it (EXPLAIN) must pass :mod:`graphlineage.query.cypher_policy`
(no LOAD CSV, no admin commands, harmless procedures only). Parameters are passed as
parameters; the query text is the user's own. Answers are capped by rows and by bytes.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

import neo4j
from neo4j import graph
from neo4j import time as neo4j_time
from neo4j.spatial import Point

from graphlineage.core.answers import CypherResult
from graphlineage.core.limits import check_count, check_parameters, check_text, check_timeout
from graphlineage.core.times import parse_time
from graphlineage.errors import InvalidInputError, NotFoundError, QueryError
from graphlineage.graph.connection import Connection, translate_errors
from graphlineage.graph.library import LIBRARY, Call, Query
from graphlineage.graph.store import Store
from graphlineage.query.cypher_policy import check_plan

DEFAULT_TIMEOUT = 60.0
DEFAULT_ROW_LIMIT = 10_000
DEFAULT_BYTE_LIMIT = 32 * 1024 * 1024
MAX_QUERY_LENGTH = 1024 * 1024
_COUNTERS = (
    "nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted",
    "properties_set", "labels_added", "labels_removed", "indexes_added", "indexes_removed",
    "constraints_added", "constraints_removed", "system_updates",
)  # fmt: skip


def plain(value: Any) -> Any:
    """A JSON-friendly copy of a value returned by the driver."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, graph.Node):
        return {"element_id": value.element_id, "labels": sorted(value.labels),
                "properties": plain(dict(value))}  # fmt: skip
    if isinstance(value, graph.Relationship):
        return {
            "element_id": value.element_id, "type": value.type,
            "start": value.start_node.element_id if value.start_node else None,
            "end": value.end_node.element_id if value.end_node else None,
            "properties": plain(dict(value)),
        }  # fmt: skip
    if isinstance(value, graph.Path):
        return {"nodes": [plain(n) for n in value.nodes],
                "relationships": [plain(r) for r in value.relationships]}  # fmt: skip
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, neo4j_time.DateTime | neo4j_time.Date | neo4j_time.Time):
        return value.iso_format()
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, neo4j_time.Duration | timedelta):
        return str(value)
    if isinstance(value, Point):
        return {"srid": value.srid, "coordinates": list(value)}
    if isinstance(value, bytes | bytearray):
        return value.hex()
    return str(value)


def typed_parameters(query: Query, params: dict[str, Any]) -> dict[str, Any]:
    """``params`` checked against the query's declaration, ISO strings given for DATETIME
    parameters (and for the DATETIME fields of MAP parameters, such as the ``as_of`` of
    ``resolve_artifact_ref``'s ``$ref``) read as datetimes, as a command line passes them.
    Text that is not a date-time with a zone is refused: compared with a stored DATETIME it
    would match nothing, silently."""
    query.check(params)
    fields = {field.name: field for field in query.parameters}
    typed = dict(params)
    for name, value in params.items():
        field = fields[name]
        if field.type == "DATETIME" and isinstance(value, str):
            typed[name] = parse_time(value, f"parameter {name}")
        nested = field.datetime_fields
        if nested and isinstance(value, Mapping):
            typed[name] = {
                key: parse_time(item, f"parameter {name}.{key}")
                if key in nested and isinstance(item, str) else item
                for key, item in value.items()
            }
    return typed


def run_cypher(
    connection: Connection,
    query: str,
    params: Mapping[str, Any] | None = None,
    *,
    write: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
    limit: int | None = DEFAULT_ROW_LIMIT,
    max_bytes: int = DEFAULT_BYTE_LIMIT,
) -> CypherResult:
    """Run ``query`` once; read-only unless ``write=True``. At most ``limit`` rows and about
    ``max_bytes`` of JSON are kept (``truncated`` says more were returned); ``timeout``
    seconds bound the transaction."""
    if not isinstance(query, str) or not query.strip():
        raise InvalidInputError("the Cypher query is empty")
    check_text(query, "the Cypher query", MAX_QUERY_LENGTH)
    if params is not None and not isinstance(params, Mapping):
        raise InvalidInputError(f"params must be a mapping, not {type(params).__name__}")
    values = dict(params or {})
    check_parameters(values)
    limit = check_count(limit, "limit")
    timeout = check_timeout(timeout)
    mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
    rows: list[dict[str, Any]] = []
    truncated = False
    room = max_bytes
    # An auto-commit transaction: it allows CALL { ... } IN TRANSACTIONS, and its access
    # mode still makes the server refuse writes. The plan is checked first (see
    # cypher_policy): reading files or URLs, admin commands and most procedures are refused.
    with (
        translate_errors(),
        connection.session(default_access_mode=mode, fetch_size=100) as session,
    ):
        planned = session.run(neo4j.Query("EXPLAIN " + query, timeout=timeout), values).consume()
        check_plan(planned.query_type, planned.plan, write=write)
        try:
            result = session.run(neo4j.Query(query, timeout=timeout), values)
            columns = list(result.keys())
            for record in result:
                if limit is not None and len(rows) >= limit:
                    truncated = True
                    break
                row = {key: plain(record[key]) for key in columns}
                room -= len(json.dumps(row, ensure_ascii=False))
                if room < 0:
                    truncated = True
                    break
                rows.append(row)
            summary = result.consume()
        except neo4j.exceptions.Neo4jError as exc:
            if exc.code == "Neo.ClientError.Statement.AccessMode" and not write:
                raise QueryError(
                    f"this query writes, and ad-hoc Cypher is read-only unless asked to write "
                    f"(write=True, or --write on the command line): {exc.message}",
                    code=exc.code,
                ) from exc
            raise
    counters = {name: getattr(summary.counters, name) for name in _COUNTERS}
    counters = {name: value for name, value in counters.items() if value}
    return CypherResult(columns=columns, rows=rows, truncated=truncated, counters=counters)


def named_queries() -> list[Query]:
    """The library queries a user may run by name (all but the schema ones)."""
    return [query for query in LIBRARY.values() if query.mode != "schema"]


def run_named(
    store: Store, name: str, params: Mapping[str, Any] | None, *, write: bool = False
) -> CypherResult:
    """Run the library query a user names (``graphlineage query NAME -p k=v``) with its
    declared parameters; write queries only with ``write``, schema queries never."""
    if not isinstance(name, str):
        raise InvalidInputError(f"a query name is a string, not {type(name).__name__}")
    if params is not None and not isinstance(params, Mapping):
        raise InvalidInputError(f"params must be a mapping, not {type(params).__name__}")
    if name not in LIBRARY:
        raise NotFoundError(f"no query named {name!r} in the library", candidates=list(LIBRARY))
    query = LIBRARY[name]
    if query.mode == "schema":
        raise InvalidInputError(f"{name} is a schema query: run `graphlineage schema apply`")
    if query.mode == "write" and not write:
        raise InvalidInputError(f"{name} writes to the graph: pass write=True (--write)")
    call: Call[dict[str, Any]] = Call(query, typed_parameters(query, dict(params or {})))
    rows = store.read(call) if query.mode == "read" else store.write(call)
    return CypherResult(columns=[field.name for field in query.returns],
                        rows=[plain(row) for row in rows])  # fmt: skip
