"""Fixtures for tests against a real Neo4j server."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

import graphlineage
from graphlineage.client import Lineage
from graphlineage.graph.connection import Connection
from graphlineage.graph.store import Store

from .neo4j_test_server import TestServer, start_test_server


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestServer]:
    base = tmp_path_factory.mktemp("server")
    server = start_test_server(base)
    saved = {k: v for k, v in os.environ.items() if k.startswith("GRAPHLINEAGE_")}
    try:
        server.claim()
        # Anything that reads settings from the environment (the CLI, module-level API)
        # talks to this server and never to the user's own.
        os.environ.update(server.env())
        os.environ["GRAPHLINEAGE_SERVER_DATA_DIR"] = str(base / "not-the-users-server")
        yield server
        server.wipe()
        server.release()
    finally:
        for key in [k for k in os.environ if k.startswith("GRAPHLINEAGE_")]:
            del os.environ[key]
        os.environ.update(saved)
        if server.local is not None:
            server.local.stop()


@pytest.fixture(scope="session")
def connection(neo4j_server: TestServer) -> Iterator[Connection]:
    conn = neo4j_server.connect()
    yield conn
    conn.close()


@pytest.fixture
def clean_db(neo4j_server: TestServer) -> TestServer:
    """An empty database (schema kept) for the test that asks for it."""
    neo4j_server.wipe()
    return neo4j_server


@pytest.fixture
def store(connection: Connection, clean_db: TestServer) -> Store:
    return Store(connection)


@pytest.fixture
def lineage(clean_db: TestServer) -> Iterator[Lineage]:
    """A client on the (emptied) test database; the module-level API uses it too."""
    client = Lineage(clean_db.settings())
    graphlineage.reset_default_client()
    yield client
    client.close()
    graphlineage.reset_default_client()
