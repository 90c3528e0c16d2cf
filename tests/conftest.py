"""Shared test configuration.

``tests/unit`` needs no server. ``tests/integration`` runs against a real Neo4j: the one
named by ``GRAPHLINEAGE_TEST_NEO4J_URI`` (with ``..._USER``, ``..._PASSWORD``,
``..._DATABASE``) if set, otherwise a throwaway local server on a free port.
"""

from __future__ import annotations

from pathlib import Path

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    integration_dir = Path(__file__).parent / "integration"
    for item in items:
        if integration_dir in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.integration)
