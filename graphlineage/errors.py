"""The errors graphlineage raises: one root, one branch per kind of trouble.

Every error that graphlineage raises on purpose derives from :class:`GraphlineageError`,
so ``except graphlineage.errors.GraphlineageError`` catches them all.  The CLI turns each
branch into its own exit code (``exit_code``) and prints its message without a traceback;
exit code 2 is left to click's usage errors (unknown option, bad option value). Where an
error comes from another (the driver's, pydantic's, the OS's), that one is its
``__cause__``, which ``--debug`` shows.

::

    GraphlineageError                 root; exit code 1
    ├── ConfigurationError            settings that cannot work together; exit 10
    ├── InvalidInputError             bad input at the public boundary; exit 3
    │   ├── InvalidRefError           a ref like "a:b:c" or "name:" that cannot be parsed
    │   ├── CycleError                a write that would make lineage cyclic
    │   └── QueryParameterError       parameters that do not match a query's declaration
    ├── NotFoundError                 unknown run, artifact, alias, version, model; exit 4
    ├── ConflictError                 a unique name that is already taken; exit 5
    ├── RunStateError                 writing through a finished run; exit 6
    ├── QueryError                    the server refused a query (syntax, constraint,
    │                                 access); exit 7
    ├── QueryLibraryError             a .cypher file that is missing or malformed; exit 11
    ├── Neo4jConnectionError          Neo4j cannot be reached or refuses the login; exit 8
    │   └── GraphlineageTimeoutError  waited too long for async events to be delivered
    ├── ImportSourceError             an importer's source or package cannot be read; exit 13
    └── ServerError                   the local Neo4j launcher; exit 9
        ├── ServerDependencyError     Java or Maven missing or too old
        ├── PortInUseError            the Bolt port is taken by another process
        └── ServerStartError          the server did not come up (carries its log tail)
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable


class GraphlineageError(Exception):
    """Root of every error graphlineage raises on purpose."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfigurationError(GraphlineageError):
    """Settings that are missing, malformed or contradict each other."""

    exit_code = 10  # 2 stays click's "usage error"


class InvalidInputError(GraphlineageError):
    """Input that fails validation at the public boundary; nothing was written."""

    exit_code = 3


class InvalidRefError(InvalidInputError):
    """A reference string that cannot be parsed (e.g. ``a:b:c``)."""


class CycleError(InvalidInputError):
    """A write that would make the lineage graph cyclic (a run using its own output)."""


class QueryParameterError(InvalidInputError):
    """Parameters passed to a library query differ from those its file declares."""


class NotFoundError(GraphlineageError):
    """A run, artifact, version, alias or registered model that does not exist."""

    exit_code = 4

    def __init__(self, message: str, *, candidates: Iterable[str] = ()) -> None:
        shown = sorted(candidates)
        if shown:
            listed = ", ".join(shown[:20]) + (", ..." if len(shown) > 20 else "")
            message = f"{message} (existing: {listed})"
        super().__init__(message)
        self.candidates = shown


class ConflictError(GraphlineageError):
    """A name that must be unique is already taken."""

    exit_code = 5


class RunStateError(GraphlineageError):
    """An operation that the run's state does not allow (e.g. logging after finish)."""

    exit_code = 6


class QueryError(GraphlineageError):
    """Neo4j refused or failed a query; ``code`` is the server's status code if any."""

    exit_code = 7

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class QueryLibraryError(GraphlineageError):
    """A ``.cypher`` file of the query library is missing or malformed: the installation
    is broken (nothing was sent to the server)."""

    exit_code = 11


class Neo4jConnectionError(GraphlineageError):
    """Neo4j cannot be reached, or the credentials are refused."""

    exit_code = 8


class GraphlineageTimeoutError(Neo4jConnectionError):
    """Async events were not delivered within the time given (they stay journaled)."""


class ServerError(GraphlineageError):
    """The local Neo4j server managed by ``graphlineage server`` failed."""

    exit_code = 9


class ServerDependencyError(ServerError):
    """Java or Maven, needed to run the local server, is missing or too old."""


class PortInUseError(ServerError):
    """The Bolt port asked for is already taken."""


class ServerStartError(ServerError):
    """The local server did not come up; the message ends with its log's last lines."""


_RENAMED = {"ConnectionError": "Neo4jConnectionError"}  # old name -> new, kept for 0.2


def __getattr__(name: str) -> type[GraphlineageError]:
    """The old names of renamed errors, with a DeprecationWarning (removed in 0.3):
    ``errors.ConnectionError`` shadowed the builtin of that name."""
    if name in _RENAMED:
        warnings.warn(f"graphlineage.errors.{name} is now {_RENAMED[name]}",
                      DeprecationWarning, stacklevel=2)  # fmt: skip
        renamed: type[GraphlineageError] = globals()[_RENAMED[name]]
        return renamed
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ConfigurationError",
    "ConflictError",
    "CycleError",
    "GraphlineageError",
    "GraphlineageTimeoutError",
    "InvalidInputError",
    "InvalidRefError",
    "Neo4jConnectionError",
    "NotFoundError",
    "PortInUseError",
    "QueryError",
    "QueryLibraryError",
    "QueryParameterError",
    "RunStateError",
    "ServerDependencyError",
    "ServerError",
    "ServerStartError",
]


class ImportSourceError(GraphlineageError):
    """An importer cannot read its source: the optional package it reads through is not
    installed, or the source (an MLflow tracking URI, an ML Metadata store) does not open."""

    exit_code = 13


__all__ += ["ImportSourceError"]
