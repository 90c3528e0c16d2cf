"""The local server's write tuning and docker-compose.yml say the same thing."""

from __future__ import annotations

from pathlib import Path

from graphlineage.server.local import WRITE_TUNING

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"


def _env_name(setting: str) -> str:
    """Neo4j's Docker image maps NEO4J_a_b__c to a.b_c."""
    return "NEO4J_" + setting.replace("_", "__").replace(".", "_")


def test_compose_carries_the_write_tuning() -> None:
    compose = COMPOSE.read_text()
    settings = [line for line in WRITE_TUNING.splitlines() if line and not line.startswith("#")]
    assert settings
    for line in settings:
        key, value = line.split("=", 1)
        assert f'{_env_name(key)}: "{value}"' in compose, key
