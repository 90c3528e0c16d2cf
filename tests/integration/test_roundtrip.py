"""The foundation: a real server answers, errors are translated, the wipe is guarded."""

from __future__ import annotations

import pytest

from graphlineage.errors import Neo4jConnectionError, QueryError
from graphlineage.graph import queries
from graphlineage.graph.connection import Connection, connect
from graphlineage.graph.store import Store

from .neo4j_test_server import RefusedToWipe, TestServer


def test_ping_reports_neo4j_5(store: Store) -> None:
    (row,) = store.read(queries.ping())
    assert row["name"] == "Neo4j Kernel"
    assert row["versions"][0].startswith("5.")


def test_write_then_read_round_trip(connection: Connection, clean_db: TestServer) -> None:
    with connection.session() as session:
        session.execute_write(
            lambda tx: tx.run("CREATE (:RoundTrip {name: $name})", name="it's `a` name").consume()
        )
        names = session.execute_read(
            lambda tx: [r["n"] for r in tx.run("MATCH (x:RoundTrip) RETURN x.name AS n")]
        )
    assert names == ["it's `a` name"]


def test_wrong_password_is_a_connection_error(neo4j_server: TestServer) -> None:
    with pytest.raises(Neo4jConnectionError, match="refused the login"):
        connect(neo4j_server.settings(neo4j_password="wrong-password"))


def test_unreachable_server_is_a_connection_error(neo4j_server: TestServer) -> None:
    from .neo4j_test_server import free_port

    with pytest.raises(Neo4jConnectionError, match="cannot be reached"):
        connect(neo4j_server.settings(neo4j_uri=f"neo4j://127.0.0.1:{free_port()}"))


def test_syntax_error_is_a_query_error(connection: Connection) -> None:
    from graphlineage.graph.connection import translate_errors

    with pytest.raises(QueryError, match="SyntaxError"), translate_errors():
        connection.driver.execute_query("MATCH (n RETURN n")


def test_wipe_refuses_a_database_it_did_not_claim(neo4j_server: TestServer) -> None:
    stranger = TestServer(
        uri=neo4j_server.uri,
        user=neo4j_server.user,
        password=neo4j_server.password,
        database=neo4j_server.database,
    )
    with pytest.raises(RefusedToWipe):
        stranger.wipe()
