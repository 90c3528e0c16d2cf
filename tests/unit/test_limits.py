"""Issue 14 without a server: parameter checks, caps, settings, the ad-hoc Cypher policy on
plans, the web guard's pieces, and the shared test script."""

from __future__ import annotations

import math
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from graphlineage.core.events import RunStarted, make
from graphlineage.core.jsonvalues import json_value_check
from graphlineage.core.limits import (
    MAX_PARAMETER_DEPTH,
    check_count,
    check_parameters,
    check_timeout,
)
from graphlineage.core.refs import parse_node_ref
from graphlineage.core.settings import load_settings
from graphlineage.errors import ConfigurationError, InvalidInputError, InvalidRefError, QueryError
from graphlineage.query.cypher_policy import check_plan
from graphlineage.web.guard import check_event_body, login_token, same_secret
from graphlineage.web.page import embed_json

ROOT = Path(__file__).resolve().parents[2]


def nested(levels: int) -> Any:
    value: Any = 0
    for _ in range(levels):
        value = [value]
    return value


def test_check_parameters_refuses_what_the_driver_cannot_send() -> None:
    loop: dict[str, Any] = {}
    loop["me"] = loop
    for bad in (loop, [loop], 2**63, -(2**63) - 1, "a\udcff", {"k\udcff": 1}, {1: 2},
                nested(MAX_PARAMETER_DEPTH + 1), object(), {1, 2}):  # fmt: skip
        with pytest.raises(InvalidInputError):
            check_parameters({"p": bad})
    check_parameters({"p": [nested(MAX_PARAMETER_DEPTH - 2), 2**63 - 1, "é", None, 1.5, b"x"]})
    with pytest.raises(InvalidInputError, match="too big"):
        check_parameters({"p": ["x" * (1 << 20)] * 70})


def test_json_values_are_capped_by_depth_and_bytes() -> None:
    json_value_check({"deep": nested(MAX_PARAMETER_DEPTH - 2), "big": 10**40}, "config")
    for bad, why in ((nested(1000), "nested too deeply"), ({"x": "a" * (5 << 20)}, "too big"),
                     ({"x": "\udc80"}, "not valid text")):  # fmt: skip
        with pytest.raises(InvalidInputError, match=why):
            json_value_check(bad, "config")


def test_counts_and_timeouts() -> None:
    assert check_count(None, "limit") is None and check_count(3, "limit") == 3
    for bad in (-1, 2**63, 1.5, "3", True):
        with pytest.raises(InvalidInputError):
            check_count(bad, "limit")
    assert check_timeout(None) is None and check_timeout(2) == 2.0
    for bad in ("", 0, -1, math.inf, math.nan, 1e300, True):
        with pytest.raises(InvalidInputError):
            check_timeout(bad)


def test_versions_with_too_many_digits_are_bad_refs() -> None:
    assert parse_node_ref("data:v123456789012345").selector == "v123456789012345"  # type: ignore[union-attr]
    for text in ("data:v99999999999999999999", "registry:M:v1234567890123456"):
        with pytest.raises(InvalidRefError, match="at most 15 digits"):
            parse_node_ref(text)


def test_tags_are_a_list_of_short_strings() -> None:
    assert make(RunStarted, run_id="r", project="p", tags=["a", "b"]).tags == ("a", "b")
    for bad in ("abc", -1, [1], [""], ["x" * 300], ["t"] * 100, ["\udcff"]):
        with pytest.raises(InvalidInputError):
            make(RunStarted, run_id="r", project="p", tags=bad)


@pytest.mark.parametrize("uri", ["neo4j://", "neo4j://:::", "neo4j://" + "h" * 100_000,
                                 "bolt://h:99999", "neo4j://a b:7687", "neo4j://h:0",
                                 "neo4j://x\udcff:7687"])  # fmt: skip
def test_bad_uris_are_refused(uri: str) -> None:
    with pytest.raises(ConfigurationError):
        load_settings(neo4j_uri=uri)


def test_good_uris_and_bad_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for uri in ("neo4j://localhost:7687", "neo4j+s://abc.databases.neo4j.io",
                "bolt://[::1]:7687", "neo4j://10.0.0.1"):  # fmt: skip
        assert load_settings(neo4j_uri=uri).neo4j_uri == uri
    for name, value in (("GRAPHLINEAGE_NEO4J_RETRY_TIME", "inf"),
                        ("GRAPHLINEAGE_NEO4J_RETRY_TIME", "1e9"),
                        ("GRAPHLINEAGE_NEO4J_PASSWORD", "p\udcff"),
                        ("GRAPHLINEAGE_NEO4J_USER", "u\udcff"),
                        ("GRAPHLINEAGE_NEO4J_DATABASE", "d\udcff"),
                        ("GRAPHLINEAGE_API_KEY", "k\udcff")):  # fmt: skip
        with monkeypatch.context() as patched:
            patched.setenv(name, value)
            with pytest.raises(ConfigurationError) as err:
                load_settings()
            assert "\udcff" not in str(err.value) or "PASSWORD" not in name


def _plan(*operators: tuple[str, str]) -> dict[str, Any]:
    plan: dict[str, Any] = {}
    for operator, details in reversed(operators):
        plan = {"operatorType": f"{operator}@neo4j", "args": {"Details": details},
                "children": [plan] if plan else []}  # fmt: skip
    return plan


def test_the_policy_reads_the_plan() -> None:
    check_plan("r", _plan(("ProduceResults", "n"), ("AllNodesScan", "n")), write=False)
    check_plan("r", _plan(("ProcedureCall", "db.labels() :: (label :: STRING)")), write=False)
    check_plan("r", _plan(("Projection", "date.truncate('day', x) AS d")), write=False)
    check_plan("w", _plan(("Create", "(n)")), write=True)
    check_plan("s", _plan(("CreateIndex", "RANGE INDEX i FOR (:X) ON (y)")), write=True)
    refusals = [
        ("w", _plan(("Create", "(n)")), False), ("rw", _plan(("SetProperty", "n.x")), False),
        ("r", _plan(("LoadCSV", "l")), True), ("r", _plan(("TerminateTransactions", "")), True),
        ("r", _plan(("ShowSettings", "")), False),
        ("s", _plan(("AdministrationCommand", "")), True),
        ("s", _plan(("ProcedureCall", "dbms.listConfig() :: (name :: STRING)")), False),
        ("s", _plan(("ProcedureCall", "db.clearQueryCaches() :: (value :: STRING)")), True),
        ("r", _plan(("Projection", "apoc.text.join(x, ',') AS j")), False),
        ("s", _plan(("CreateIndex", "RANGE INDEX i FOR (:X) ON (y)")), False),
        (None, {}, False),
    ]  # fmt: skip
    for query_type, plan, write in refusals:
        with pytest.raises(QueryError):
            check_plan(query_type, plan, write=write)


def test_web_guard_pieces() -> None:
    assert same_secret("k\u00e9y", "k\u00e9y") and not same_secret("\u00e9", "e")
    assert same_secret("\udcff", "\udcff")  # no exception on odd text either
    token = login_token("secret")
    assert "secret" not in token and len(token) == 64 and token != login_token("other")
    check_event_body({"run": {"facets": {"parent": {"run": {"runId": "x"}, "job": None}}}})
    for bad in ({"run": {"facets": {"parent": {"run": "x", "job": 1}}}},
                {"run": {"facets": {"parent": "x"}}}, nested(500), {"a": "\udc80"}):  # fmt: skip
        with pytest.raises(InvalidInputError):
            check_event_body(bad)


def test_embedded_json_cannot_end_the_script() -> None:
    data = {"s": "<!--<script></script>&\u2028"}
    text = embed_json(data)
    assert "<" not in text and ">" not in text and "&" not in text
    import json

    assert json.loads(text) == data


def test_the_readme_test_command_is_the_ci_script() -> None:
    script = ROOT / "scripts" / "test"
    assert script.exists() and stat.S_IMODE(script.stat().st_mode) & 0o111
    text = script.read_text()
    assert "apt-get install -y -q chromium" in text and "pip install -q -e '.[dev]'" in text
    assert ".venv/bin/ruff check ." in text and ".venv/bin/mypy" in text
    assert "exec scripts/test" in (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "```bash\nscripts/test\n```" in readme
    assert os.access(ROOT / ".ci" / "run", os.X_OK)
    cluster = (ROOT / "docker-compose.cluster.yml").read_text()
    assert cluster.count("image: neo4j:5.26") == 1 and "enterprise" in cluster
    assert all(f"core{i}:" in cluster for i in (1, 2, 3)) and "CANNOT be run" in cluster
