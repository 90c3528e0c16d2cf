"""Settings from the environment and keywords (no server)."""

from __future__ import annotations

import pytest

from graphlineage.core.settings import Mode, load_settings
from graphlineage.errors import ConfigurationError


def test_defaults_to_local_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRAPHLINEAGE_NEO4J_URI", raising=False)
    settings = load_settings()
    assert settings.uses_local_server
    assert settings.server_port == 7687 or "GRAPHLINEAGE_SERVER_PORT" in __import__("os").environ


def test_reads_prefixed_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRAPHLINEAGE_NEO4J_URI", "neo4j+s://abc.databases.neo4j.io")
    monkeypatch.setenv("GRAPHLINEAGE_NEO4J_DATABASE", "lineage")
    monkeypatch.setenv("GRAPHLINEAGE_MODE", "offline")
    settings = load_settings()
    assert settings.neo4j_uri == "neo4j+s://abc.databases.neo4j.io"
    assert settings.neo4j_database == "lineage"
    assert settings.mode is Mode.OFFLINE
    assert not settings.uses_local_server


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("GRAPHLINEAGE_NEO4J_URI", "http://localhost:7474"),
        ("GRAPHLINEAGE_SERVER_PORT", "99999"),
        ("GRAPHLINEAGE_MODE", "sometimes"),
        ("GRAPHLINEAGE_SERVER_HEAP", "lots"),
    ],
)
def test_bad_values_are_configuration_errors(
    monkeypatch: pytest.MonkeyPatch, key: str, value: str
) -> None:
    monkeypatch.setenv(key, value)
    with pytest.raises(ConfigurationError, match=key.removeprefix("GRAPHLINEAGE_").lower()):
        load_settings()
