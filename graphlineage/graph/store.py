"""Runs library queries on Neo4j: reads, single-query writes and multi-query transactions.

Each method takes a :class:`~graphlineage.graph.library.Call`, which a typed accessor of
:mod:`graphlineage.graph.queries` builds (``store.read(queries.get_run(key=k, project=None))``),
and returns the rows of that call's type: no query is named by a string outside the
accessors.

Every write is a managed transaction (the driver retries transient failures), so every write
query in ``cypher/`` is written to be correct when retried.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar, cast

import neo4j
from neo4j import exceptions as neo4j_errors

from graphlineage.errors import QueryError
from graphlineage.graph import queries
from graphlineage.graph.connection import Connection, translate_errors
from graphlineage.graph.library import LIBRARY, Call, Library, Query

T = TypeVar("T")
R = TypeVar("R")
_READ_ATTEMPTS = 3


def _records(result: neo4j.Result, call: Call[R]) -> list[R]:
    return [cast(R, record.data()) for record in result]


class Tx:
    """A managed transaction that runs library queries."""

    def __init__(self, tx: neo4j.ManagedTransaction) -> None:
        self._tx = tx

    def run(self, call: Call[R]) -> list[R]:
        call.query.check(call.params)
        return _records(self._tx.run(call.query.text, call.params), call)

    def run_built(self, call: Call[R]) -> list[R]:
        """``run`` for parameters that graphlineage built from validated events (the
        capture rows): their names are checked, their values were when the events were
        made, so a batch of thousands is not walked a second time."""
        call.query.check(call.params, values=False)
        return _records(self._tx.run(call.query.text, call.params), call)


class Store:
    """The query runner bound to one connection."""

    def __init__(self, connection: Connection, library: Library = LIBRARY) -> None:
        self.connection = connection
        self.library = library

    @property
    def database(self) -> str | None:
        return self.connection.database

    @staticmethod
    def _query(call: Call[Any], mode: str) -> Query:
        query = call.query
        if query.mode != mode:
            raise ValueError(f"query {query.name!r} is a {query.mode} query, not {mode}")
        query.check(call.params)
        return query

    def read(self, call: Call[R]) -> list[R]:
        """Run a read query on a reader (routing READ) and return its rows."""
        return [cast(R, record.data()) for record in self.read_records(call)]

    def read_records(self, call: Call[Any]) -> list[neo4j.Record]:
        """Like :meth:`read`, but the records as the driver decoded them (``record["col"]``):
        no ``record.data()`` pass, which walks every value again (most of the client's time
        for a big answer). For queries that return plain values, lists and maps."""
        query = self._query(call, "read")
        for attempt in range(_READ_ATTEMPTS):
            try:
                return self._auto_commit(query, call.params)
            except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
                if not exc.is_retryable() or attempt == _READ_ATTEMPTS - 1:
                    with translate_errors():
                        raise
                time.sleep(0.05 * 2**attempt)
        raise AssertionError("unreachable")

    def _auto_commit(self, query: Query, params: dict[str, Any]) -> list[neo4j.Record]:
        # One auto-commit transaction: RUN and PULL in one round trip, and no COMMIT (a
        # managed transaction, as execute_query runs, costs a BEGIN and a COMMIT more:
        # 0.48 against 0.31 ms for RETURN 1 on a local server). Reads are retried above
        # as a managed transaction would retry them.
        # the connection's one bookmark manager: a read sees every write made before it
        with self.connection.session(default_access_mode=neo4j.READ_ACCESS) as session:
            return list(session.run(query.text, params))

    def stream_records(self, call: Call[Any], fetch_size: int = 1000) -> Iterator[neo4j.Record]:
        """Yield a read query's records as they arrive, ``fetch_size`` at a time: the client
        holds one batch, however big the answer. Stopping early (closing the iterator)
        ends the transaction."""
        query = self._query(call, "read")
        with (
            translate_errors(),
            self.connection.session(
                default_access_mode=neo4j.READ_ACCESS, fetch_size=fetch_size
            ) as session,
            session.begin_transaction() as tx,
        ):
            yield from tx.run(query.text, call.params)

    def write(self, call: Call[R]) -> list[R]:
        """Run one write query as its own managed transaction."""
        query = self._query(call, "write")
        with translate_errors():
            records, _, _ = self.connection.driver.execute_query(
                query.text,
                call.params,
                database_=self.database,
                routing_=neo4j.RoutingControl.WRITE,
                bookmark_manager_=self.connection.bookmarks,
            )
        return [cast(R, record.data()) for record in records]

    def transaction(self, work: Callable[[Tx], T]) -> T:
        """Run ``work`` in one managed write transaction (retried as a whole if transient)."""
        with translate_errors(), self.connection.session() as session:
            return session.execute_write(lambda tx: work(Tx(tx)))

    def read_transaction(self, work: Callable[[Tx], T]) -> T:
        with translate_errors(), self.connection.session() as session:
            return session.execute_read(lambda tx: work(Tx(tx)))

    def apply_schema(self) -> list[str]:
        """Create the constraints and indexes that are missing; return the names created.

        Idempotent (``IF NOT EXISTS``); what already exists is not touched, so many clients
        starting at once do not contend for schema locks. Transient failures are retried.
        """
        existing = {row["name"] for row in self.read(queries.list_schema_names())}
        created = []
        for query in self.library.by_mode("schema"):
            match = _SCHEMA_NAME.search(query.text)
            if match and match.group(1) in existing:
                continue
            self._run_ddl(query)
            created.append(query.name)
        return created

    def warm_up(self) -> None:
        """Have the server plan the capture statements now (seconds on a cold server, a
        millisecond once cached), so that the first event of a job does not pay for it.
        Each runs over an empty list: nothing is written. A user who may not write skips."""
        empty: list[Call[Any]] = [
            queries.apply_events(events=[], answers=False,
                                 locks={"projects": [], "artifacts": [], "models": []}),
            queries.apply_openlineage_events(events=[]),
        ]  # fmt: skip
        for call in empty:
            try:
                self.write(call)
            except QueryError:
                return

    def _run_ddl(self, query: Query, attempts: int = 8) -> None:
        for attempt in range(attempts):
            try:
                with translate_errors(), self.connection.session() as session:
                    session.run(query.text).consume()
                return
            except QueryError as exc:
                code = exc.code or ""
                if code.startswith("Neo.ClientError.Schema.") and "AlreadyExists" in code:
                    return  # another client created it at the same moment
                if not code.startswith("Neo.TransientError") or attempt == attempts - 1:
                    raise
                time.sleep(0.05 * 2**attempt)


_SCHEMA_NAME = re.compile(r"CREATE\s+(?:CONSTRAINT|INDEX)\s+(\w+)\s+IF\s+NOT\s+EXISTS", re.I)
