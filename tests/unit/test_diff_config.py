"""How diff compares two runs' configs: key by key, nested keys dotted, absent keys null."""

from __future__ import annotations

from graphlineage.core.change_answers import ConfigChange
from graphlineage.query.diff import _config_changes


def test_config_changes_key_by_key() -> None:
    a = '{"lr": 0.0003, "optimizer": {"name": "adam", "beta": 0.9}, "epochs": 3}'
    b = {"lr": 1e-05, "optimizer": {"name": "adam", "beta": 0.99}, "warmup": 100, "epochs": 3}
    assert _config_changes(a, b) == [
        ConfigChange(key="lr", a=0.0003, b=1e-05),
        ConfigChange(key="optimizer.beta", a=0.9, b=0.99),
        ConfigChange(key="warmup", a=None, b=100),
    ]
    assert _config_changes("{}", None) == [] and _config_changes("", "{}") == []
