"""The one place that builds the Neo4j driver, and the translation of driver errors.

``connect()`` reads the settings; with no ``GRAPHLINEAGE_NEO4J_URI`` it starts the local
server on demand and logs in with the password from that server's data directory.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import neo4j
from neo4j import exceptions as neo4j_errors

from graphlineage import errors
from graphlineage.core.settings import Settings, load_settings


@dataclass
class Connection:
    """An open driver plus the database it talks to; close it when done.

    Every query of this connection shares one bookmark manager (``bookmarks``): sessions
    get it and ``execute_query`` calls pass it, so on a cluster a read always sees the
    writes made before it through this connection, whichever path made them.
    """

    driver: neo4j.Driver
    database: str | None
    uri: str
    settings: Settings
    bookmarks: neo4j.BookmarkManager = field(
        default_factory=neo4j.GraphDatabase.bookmark_manager
    )

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def session(self, **config: Any) -> neo4j.Session:
        """A session on this connection's database that shares its bookmarks."""
        return self.driver.session(
            database=self.database, bookmark_manager=self.bookmarks, **config
        )


def connect(settings: Settings | None = None, **overrides: Any) -> Connection:
    """Connect to the configured Neo4j (or the local server, started if needed)."""
    settings = settings or load_settings(**overrides)
    if settings.uses_local_server:
        from graphlineage.server.local import LocalServer

        server = LocalServer.from_settings(settings)
        server.start()
        uri = server.uri
        auth = ("neo4j", server.password())
    else:
        assert settings.neo4j_uri is not None
        uri = settings.neo4j_uri
        password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else ""
        auth = (settings.neo4j_user, password)
    try:
        driver = neo4j.GraphDatabase.driver(
            uri,
            auth=auth,
            user_agent="graphlineage/0.1",
            max_transaction_retry_time=settings.neo4j_retry_time,
            # "unknown label/type" warnings are normal on a young graph: keep them quiet
            notifications_disabled_classifications=[
                neo4j.NotificationDisabledClassification.UNRECOGNIZED
            ],
        )
    except (ValueError, neo4j_errors.ConfigurationError) as exc:
        raise errors.ConfigurationError(f"cannot use Neo4j URI {uri!r}: {exc}") from exc
    with translate_errors():
        try:
            driver.verify_connectivity()
        except BaseException:
            driver.close()
            raise
    return Connection(driver=driver, database=settings.neo4j_database, uri=uri, settings=settings)


@contextlib.contextmanager
def translate_errors() -> Iterator[None]:
    """Re-raise driver exceptions as :mod:`graphlineage.errors` (with the server's message)."""
    try:
        yield
    except neo4j_errors.AuthError as exc:
        raise errors.Neo4jConnectionError(
            f"Neo4j refused the login: {exc.message}. Check GRAPHLINEAGE_NEO4J_USER and "
            "GRAPHLINEAGE_NEO4J_PASSWORD."
        ) from exc
    except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired) as exc:
        raise errors.Neo4jConnectionError(
            f"Neo4j cannot be reached: {exc}. Is the server running "
            "(`graphlineage server status`) and GRAPHLINEAGE_NEO4J_URI right?"
        ) from exc
    except neo4j_errors.ConstraintError as exc:
        raise errors.ConflictError(f"{exc.message}") from exc
    except neo4j_errors.Neo4jError as exc:
        raise errors.QueryError(f"{exc.code}: {exc.message}", code=exc.code) from exc
    except neo4j_errors.DriverError as exc:
        raise errors.Neo4jConnectionError(f"Neo4j driver error: {exc}") from exc
