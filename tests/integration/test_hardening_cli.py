"""Issue 14, the command line: every mistake is one line and an exit code, never a
traceback; non-UTF-8 bytes (as Python keeps them: lone surrogates) included."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import graphlineage
from graphlineage.cli.main import cli

from .neo4j_test_server import TestServer

BAD_BYTE = os.fsdecode(b"x\xff")  # "x\udcff": what a non-UTF-8 argument becomes
HUGE = "99999999999999999999"


def gl(*args: str, env: dict[str, str | None] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def clean(result: Result, *codes: int) -> Result:
    """No traceback, no internal-error net, one of the expected exit codes."""
    text = result.output
    assert "Traceback" not in text and "internal error" not in text, text
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception))
    assert result.exit_code in codes, (result.exit_code, text)
    return result


@pytest.fixture(scope="module")
def recorded(neo4j_server: TestServer) -> Iterator[None]:
    neo4j_server.wipe()
    graphlineage.reset_default_client()
    with (graphlineage.Lineage(neo4j_server.settings()) as lineage,
          lineage.init(project="mnist", job_type="load") as run):
        data = graphlineage.Artifact("mnist_dataset", "dataset")
        data.add_reference("s3://bucket/mnist.npz")
        run.log_artifact(data)
    yield
    graphlineage.reset_default_client()
    neo4j_server.wipe()


@pytest.mark.parametrize("args", [
    ["show", f"mnist_dataset:v{HUGE}"], ["ancestry", f"mnist_dataset:v{HUGE}"],
    ["impact", f"mnist_dataset:v{HUGE}"], ["path", f"mnist_dataset:v{HUGE}", "mnist_dataset:v0"],
    ["ancestry", "mnist_dataset:v0", "--depth", HUGE],
    ["impact", "mnist_dataset:v0", "--limit", HUGE], ["impact", "mnist_dataset:v0", "--skip", HUGE],
    ["runs", "--limit", HUGE], ["artifacts", "--skip", HUGE],
    ["cypher", "RETURN 1", "--timeout", "1e300"], ["cypher", "RETURN 1", "--timeout", "nan"],
    ["runs", "--project", BAD_BYTE], ["artifacts", "--type", BAD_BYTE],
    ["cypher", "RETURN $p AS p", "-p", f"p={BAD_BYTE}"], ["cypher", f"RETURN '{BAD_BYTE}'"],
    ["query", "get_run", "-p", f"key={BAD_BYTE}", "-p", "project=null"],
    ["cypher", "RETURN $k AS k", "-p", "k=" + "[" * 100_000],
    ["cypher", "RETURN $k AS k", "-p", "k=" + "[" * 50 + "]" * 50],
    ["runs", "--since", "0001-01-01"], ["runs", "--until", "9999-12-31"],
    ["show", BAD_BYTE], ["stale", BAD_BYTE], ["runs", "--name", "a" * 100_000],
    ["cypher", "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l"],
])  # fmt: skip
def test_bad_arguments_give_one_line(recorded: None, args: list[str]) -> None:
    result = clean(gl(*args), 0, 2, 3, 4, 7)
    if result.exit_code:
        assert result.output.strip().count("\n") <= 3, result.output


@pytest.mark.parametrize("name,value", [
    ("GRAPHLINEAGE_NEO4J_URI", "neo4j://:::"), ("GRAPHLINEAGE_NEO4J_URI", "neo4j://"),
    ("GRAPHLINEAGE_NEO4J_URI", "neo4j://" + "h" * 100_000 + ":7687"),
    ("GRAPHLINEAGE_NEO4J_URI", "neo4j://h:99999"),
    ("GRAPHLINEAGE_NEO4J_RETRY_TIME", "inf"), ("GRAPHLINEAGE_NEO4J_RETRY_TIME", "nan"),
    ("GRAPHLINEAGE_NEO4J_PASSWORD", BAD_BYTE), ("GRAPHLINEAGE_NEO4J_USER", BAD_BYTE),
    ("GRAPHLINEAGE_NEO4J_DATABASE", BAD_BYTE),
])  # fmt: skip
def test_bad_settings_are_configuration_errors(recorded: None, name: str, value: str) -> None:
    graphlineage.reset_default_client()
    result = clean(gl("runs", env={name: value}), 10)
    assert "invalid graphlineage settings" in result.output
    if "PASSWORD" in name:
        assert BAD_BYTE not in result.output


def test_a_real_process_with_non_utf8_bytes(recorded: None) -> None:
    """The same through a real process: argv and environment as bytes."""
    env = {**os.environ, "GRAPHLINEAGE_NEO4J_USER": "x\udcff"}
    environ = {os.fsencode(k): os.fsencode(v) for k, v in env.items()}
    command = [sys.executable, "-m", "graphlineage.cli.main", "runs"]
    done = subprocess.run(command, env=environ, capture_output=True, timeout=120, check=False)  # type: ignore[arg-type]
    assert done.returncode == 10 and b"Traceback" not in done.stderr, done.stderr
    args = [os.fsencode(a) for a in command[:-1]] + [b"runs", b"--project", b"bad\xff"]
    done = subprocess.run(args, capture_output=True, timeout=120, check=False)
    assert done.returncode == 3 and b"Traceback" not in done.stderr, done.stderr


def test_debug_still_shows_the_traceback(recorded: None) -> None:
    result = gl("--debug", "show", f"mnist_dataset:v{HUGE}")
    assert result.exit_code == 3


def test_ingest_rejects_odd_events_by_line(recorded: None, tmp_path: Path) -> None:
    good = {"eventType": "START", "eventTime": "2026-03-01T12:00:00Z",
            "run": {"runId": str(uuid.uuid4()), "facets": {}},
            "job": {"namespace": "etl", "name": "job"}, "producer": "p"}  # fmt: skip
    parent = json.loads(json.dumps(good))
    parent["run"]["facets"] = {"parent": {"run": "x", "job": 1}}
    odd = json.loads(json.dumps(good))
    odd["job"]["name"] = "j\udcff"
    lines = [json.dumps(good), json.dumps(parent), json.dumps(odd), "[" * 50 + "]" * 50]
    path = tmp_path / "events.ndjson"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = clean(gl("ingest", "openlineage", str(path)), 3)
    assert "Ingested 1 events, rejected 3." in result.output
    assert "line 2: parent facet" in result.output and "line 3:" in result.output
