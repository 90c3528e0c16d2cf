"""The ``graphlineage`` command line."""

from graphlineage.cli.main import main

__all__ = ["main"]
