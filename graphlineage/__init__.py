"""graphlineage: lineage for ML work (runs, artifact versions, registered models) in Neo4j."""

from graphlineage import errors
from graphlineage.connection import Connection, connect
from graphlineage.settings import Mode, Settings

__version__ = "0.1.0"

__all__ = ["Connection", "Mode", "Settings", "__version__", "connect", "errors"]
