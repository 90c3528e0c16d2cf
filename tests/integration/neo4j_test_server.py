"""The Neo4j server of a test session, and the clean-up that only ever wipes that server.

Safety rule: the session plants a marker node carrying a random token in the database when
it begins, and only if the database is empty then. ``wipe()`` deletes data only after
finding that marker with that token, so it can never empty a database it was not given.
"""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass, field
from pathlib import Path

import neo4j

from graphlineage.core.settings import Settings
from graphlineage.graph.connection import Connection, connect
from graphlineage.server.local import LocalServer

MARKER_LABEL = "GraphlineageTestMarker"
_COUNT_DATA = "MATCH (n) WHERE NOT n:GraphlineageTestMarker RETURN count(n) AS n"
_PLANT = "CREATE (:GraphlineageTestMarker {token: $token})"
_FIND = "MATCH (m:GraphlineageTestMarker {token: $token}) RETURN count(m) AS n"
_WIPE = """
MATCH (n) WHERE NOT n:GraphlineageTestMarker
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS
"""
_UNPLANT = "MATCH (m:GraphlineageTestMarker {token: $token}) DELETE m"


class RefusedToWipe(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class TestServer:
    __test__ = False  # not a pytest test class

    uri: str
    user: str
    password: str
    database: str | None
    local: LocalServer | None = None
    token: str = field(default_factory=lambda: secrets.token_hex(16))

    def settings(self, **overrides: object) -> Settings:
        values: dict[str, object] = {
            "neo4j_uri": self.uri,
            "neo4j_user": self.user,
            "neo4j_password": self.password,
            "neo4j_database": self.database,
        }
        values.update(overrides)
        return Settings(**values)  # type: ignore[arg-type]

    def env(self) -> dict[str, str]:
        env = {
            "GRAPHLINEAGE_NEO4J_URI": self.uri,
            "GRAPHLINEAGE_NEO4J_USER": self.user,
            "GRAPHLINEAGE_NEO4J_PASSWORD": self.password,
        }
        if self.database:
            env["GRAPHLINEAGE_NEO4J_DATABASE"] = self.database
        return env

    def connect(self) -> Connection:
        return connect(self.settings())

    def _driver(self) -> neo4j.Driver:
        return neo4j.GraphDatabase.driver(self.uri, auth=(self.user, self.password))

    def claim(self) -> None:
        """Plant the marker; refuse a database that already holds data."""
        with self._driver() as driver:
            records, _, _ = driver.execute_query(_COUNT_DATA, database_=self.database)
            if records[0]["n"] != 0:
                raise RefusedToWipe(
                    f"the test database at {self.uri} is not empty; the tests wipe their "
                    "database between tests and refuse to touch one that holds data"
                )
            driver.execute_query(_PLANT, token=self.token, database_=self.database)

    def wipe(self) -> None:
        """Delete all data, but only in the database this session claimed."""
        with self._driver() as driver:
            records, _, _ = driver.execute_query(_FIND, token=self.token, database_=self.database)
            if records[0]["n"] != 1:
                raise RefusedToWipe(f"{self.uri} is not the test server this session claimed")
            with driver.session(database=self.database) as session:
                session.run(_WIPE).consume()

    def release(self) -> None:
        with self._driver() as driver:
            driver.execute_query(_UNPLANT, token=self.token, database_=self.database)


def start_test_server(base: Path) -> TestServer:
    uri = os.environ.get("GRAPHLINEAGE_TEST_NEO4J_URI")
    if uri:
        return TestServer(
            uri=uri,
            user=os.environ.get("GRAPHLINEAGE_TEST_NEO4J_USER", "neo4j"),
            password=os.environ.get("GRAPHLINEAGE_TEST_NEO4J_PASSWORD", ""),
            database=os.environ.get("GRAPHLINEAGE_TEST_NEO4J_DATABASE") or None,
        )
    local = LocalServer(
        base / "neo4j",
        port=free_port(),
        heap="1g",
        pagecache="256m",
        cache_dir=Settings().cache_dir,
    )
    local.start()
    return TestServer(
        uri=local.uri, user="neo4j", password=local.password(), database=None, local=local
    )
