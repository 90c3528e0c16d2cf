"""Every command of the CLI through click's runner against the real test server: the demo,
questions in every format (JSON parsed back into its model), listings, named and ad-hoc
queries, and the error paths with their exit codes."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from click.testing import CliRunner, Result
from pydantic import TypeAdapter

import graphlineage
from graphlineage.cli.main import cli
from graphlineage.core.answers import (
    ArtifactInfo,
    CypherResult,
    ImpactResult,
    LineageResult,
    NodeDetails,
    PathResult,
    RegisteredModelSummary,
    StaleModelVersion,
)
from graphlineage.core.models import ArtifactVersionInfo, RunInfo

from .neo4j_test_server import TestServer, free_port


def gl(*args: str, input: str | None = None, env: dict[str, str | None] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, env=env)


def ok(*args: str) -> str:
    result = gl(*args)
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


@pytest.fixture(scope="module")
def demo(neo4j_server: TestServer) -> Iterator[str]:
    """The demo recorded once for the module; its first output."""
    neo4j_server.wipe()
    graphlineage.reset_default_client()
    yield ok("demo")
    graphlineage.reset_default_client()
    neo4j_server.wipe()


def _count_nodes() -> int:
    return int(json.loads(ok("cypher", "MATCH (n) RETURN count(n) AS n", "-f", "json"))
               ["rows"][0]["n"])  # fmt: skip


def test_demo_records_once_and_answers(demo: str) -> None:
    assert "Recorded 19 runs." in demo
    assert "What went into the production model (registry:Sentiment:production)?" in demo
    assert "run:sentiment/finetune-feb" in demo and "run:sentiment/ingest-2026-01" in demo
    assert "Aliases on affected versions of Sentiment: production=v2" in demo
    assert "graphlineage show registry:Sentiment:production" in demo
    assert "Recording" not in demo  # no progress bar when piped
    before = _count_nodes()
    again = ok("demo")
    assert "Recorded 0 runs (19 were already there)." in again
    assert _count_nodes() == before


def test_ancestry_in_every_format(demo: str) -> None:
    out = ok("ancestry", "mnist/mnist_model:v0")
    assert out.splitlines()[0] == "Ancestry of mnist/mnist_model:v0 (3 nodes upstream)"
    assert "run:mnist/vague-morning-5" in out and '"optimizer":"adam"' in out
    answer = LineageResult.model_validate_json(ok("ancestry", "mnist_model:v0", "-f", "json"))
    assert answer.refs == ["run:mnist/vague-morning-5", "mnist/mnist_dataset:v0",
                           "run:mnist/jumping-monkey-1"]  # fmt: skip
    runs_only = LineageResult.model_validate_json(
        ok("ancestry", "mnist_model:v0", "--type", "run", "--depth", "1", "-f", "json"))
    assert runs_only.refs == ["run:mnist/vague-morning-5"]
    dot = ok("ancestry", "mnist_model:v0", "-f", "dot")
    assert dot.startswith('digraph "lineage" {') and dot.rstrip().endswith("}")
    assert '"mnist/mnist_dataset:v0" -> "run:mnist/vague-morning-5" [label="used by"];' in dot
    mermaid = ok("ancestry", "mnist_model:v0", "-f", "mermaid")
    assert mermaid.startswith("flowchart LR") and "-->|produced|" in mermaid


def test_ancestry_pages(demo: str) -> None:
    out = ok("ancestry", "registry:Sentiment:production", "--limit", "2")
    assert "Showing 1-2 of 15; use --skip 2 for more, or --limit 0 for all." in out
    page = LineageResult.model_validate_json(
        ok("ancestry", "registry:Sentiment:production", "--limit", "2", "--skip", "14",
           "-f", "json"))  # fmt: skip
    assert page.total == 15 and len(page.nodes) == 1 and not page.truncated


def test_impact_names_affected_registry_aliases(demo: str) -> None:
    answer = ImpactResult.model_validate_json(ok("impact", "sentiment/reviews-raw:v1", "-f",
                                                 "json"))  # fmt: skip
    assert answer.affected_aliases == {"Sentiment": ["production=v2"]}
    assert {r.version for r in answer.registry} == {"v1", "v2"}
    assert "run:sentiment/eval-finetune" in answer.refs
    mermaid = ok("impact", "sentiment/reviews-raw:v1", "-f", "mermaid")
    assert "Sentiment<br>registered model" in mermaid and "class n0 focus" in mermaid
    shallow = ImpactResult.model_validate_json(
        ok("impact", "sentiment/reviews-raw:v1", "--depth", "2", "-f", "json"))
    assert shallow.total == 2 and shallow.registry == []


def test_path_and_show(demo: str) -> None:
    out = ok("path", "sentiment/reviews-raw:v1", "registry:Sentiment:production")
    assert "reaches sentiment/sentiment-model:v2 in 4 steps" in out
    assert "└─ used by run:sentiment/preprocess-1-0" in out
    answer = PathResult.model_validate_json(
        ok("path", "run:finetune-feb", "sentiment/reviews-raw:v1", "-f", "json"))
    assert answer.direction == "upstream" and answer.length == 3
    assert "No lineage path" in ok("path", "mnist/mnist_dataset:v0", "registry:Sentiment")
    assert "->" in ok("path", "mnist/mnist_dataset:v0", "run:serene-haze-6", "-f", "dot")
    show = ok("show", "run:train-base")
    assert "config:" in show and '"lr":0.0003' in show
    assert "used:\n  sentiment/reviews-clean:v0" in show
    details = NodeDetails.model_validate_json(ok("show", "registry:Sentiment", "-f", "json"))
    assert details.registered_model is not None
    assert [v.aliases for v in details.registered_model.versions][2] == ["production"]
    version = NodeDetails.model_validate_json(ok("show", "mnist_dataset:v0", "-f", "json"))
    assert version.artifact_version is not None and version.artifact_version.metadata == {
        "rows": 70000}  # fmt: skip
    assert "flowchart LR" in ok("show", "registry:MNIST-dev:latest", "-f", "mermaid")


def test_stale_and_listings(demo: str) -> None:
    stale = TypeAdapter(list[StaleModelVersion]).validate_json(ok("stale", "Sentiment", "-f",
                                                                  "json"))  # fmt: skip
    assert {s.version for s in stale} == {"v0", "v1", "v2"}
    assert "registry:Sentiment:v2  production" in ok("stale")
    runs = TypeAdapter(list[RunInfo]).validate_json(
        ok("runs", "--project", "sentiment", "--job-type", "train", "-f", "json"))
    assert [r.name for r in runs] == ["train-mar", "train-feb", "train-base"]
    assert "jumping-monkey-1" in ok("runs", "--status", "finished", "--since", "2000-01-01")
    assert ok("runs", "--until", "2000-01-01") == "(none)\n"
    artifacts = TypeAdapter(list[ArtifactInfo]).validate_json(
        ok("artifacts", "--type", "model", "-f", "json"))
    assert [a.key for a in artifacts] == ["mnist/mnist_model", "sentiment/sentiment-model"]
    versions = TypeAdapter(list[ArtifactVersionInfo]).validate_json(
        ok("artifacts", "--versions", "--name", "reviews-raw", "-f", "json"))
    assert [v.version for v in versions] == ["v2", "v1", "v0"]
    assert "latest" in ok("artifacts", "--versions", "--alias", "latest")
    models = TypeAdapter(list[RegisteredModelSummary]).validate_json(ok("models", "-f", "json"))
    assert models[1].aliases == {"latest": "v3", "production": "v2", "staging": "v3"}
    assert gl("artifacts", "--alias", "latest").exit_code == 2


def test_named_queries(demo: str) -> None:
    listing = ok("query", "--list")
    assert "list_upstream_nodes  [read]" in listing and "-p start=...  MAP" in listing
    assert "create_constraint" not in listing
    assert ok("query", "--list", "get_run").startswith("get_run  [read]")
    result = CypherResult.model_validate_json(ok(
        "query", "list_runs", "-p", 'filter={"project": "mnist", "job_type": "evaluate", '
        '"status": null, "name": null, "started_after": null, "started_before": null}',
        "-p", "skip=0", "-p", "limit=5", "-f", "json"))  # fmt: skip
    assert [row["run"]["name"] for row in result.rows] == ["serene-haze-6"]
    missing = gl("query", "get_run", "-p", "key=train-base")
    assert missing.exit_code == 3 and "missing project" in missing.output
    unknown = gl("query", "no_such_query")
    assert unknown.exit_code == 4 and "no query named 'no_such_query'" in unknown.output
    write = gl("query", "apply_events", "-p", "events=[]", "-p", "answers=false")
    assert write.exit_code == 3 and "pass write=True (--write)" in write.output


def test_adhoc_cypher(demo: str) -> None:
    out = ok("cypher", "MATCH (r:Run {project: $p}) RETURN r.name AS name ORDER BY name",
             "-p", "p=mnist")  # fmt: skip
    assert out.split() == ["NAME", "jumping-monkey-1", "serene-haze-6", "vague-morning-5"]
    refused = gl("cypher", "CREATE (:Scratch {n: 1})")
    assert refused.exit_code == 7 and "read-only unless asked" in refused.output
    assert "Traceback" not in refused.output
    made = ok("cypher", "CREATE (s:Scratch {n: $n}) DELETE s", "-p", "n=1", "--write")
    assert "nodes created: 1, nodes deleted: 1" in made
    piped = gl("cypher", "-", "-f", "json", input="UNWIND range(1, 5) AS i RETURN i")
    capped = gl("cypher", "UNWIND range(1, 5) AS i RETURN i", "--limit", "2")
    assert json.loads(piped.stdout)["rows"][-1] == {"i": 5}
    assert "(first 2 rows; raise --limit for more)" in capped.stdout
    syntax = gl("cypher", "MATCH (n RETURN n")
    assert syntax.exit_code == 7 and "Neo.ClientError.Statement.SyntaxError" in syntax.output
    assert gl("cypher", "RETURN 1", "-p", "no-equals-sign").exit_code == 2


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["ancestry", "mnist/nope:v0"], 4, "artifact 'nope' does not exist in project 'mnist'"),
        (["impact", "run:no-such-run"], 4, "no run with id or name 'no-such-run'"),
        (["show", "registry:Nope"], 4, "no registered model named 'Nope'"),
        (["ancestry", "a:b:c"], 3, "invalid artifact ref 'a:b:c'"),
        (["stale", "Nope"], 4, "no registered model named 'Nope'"),
        (["ancestry", "mnist_model:v0", "--depth", "-1"], 2, "Invalid value for '--depth'"),
        (["path", "mnist_model:v0"], 2, "Missing argument 'TARGET'"),
    ],
)
def test_user_mistakes_are_messages_with_exit_codes(
    demo: str, args: list[str], code: int, message: str
) -> None:
    result = gl(*args)
    assert result.exit_code == code, result.output
    assert message in result.output and "Traceback" not in result.output


def test_debug_shows_the_traceback(demo: str) -> None:
    result = gl("--debug", "ancestry", "mnist/nope:v0")
    assert result.exit_code == 4 and "Traceback" in result.output


def test_server_down_is_a_clear_error(demo: str) -> None:
    down = f"neo4j://127.0.0.1:{free_port()}"
    result = gl("--uri", down, "runs", env={"GRAPHLINEAGE_NEO4J_PASSWORD": "x"})
    assert result.exit_code == 8 and "Neo4j cannot be reached" in result.output
    assert "Traceback" not in result.output


def test_password_is_prompted_when_not_in_the_environment(
    demo: str, neo4j_server: TestServer
) -> None:
    env: dict[str, str | None] = {"GRAPHLINEAGE_NEO4J_PASSWORD": None}  # unset
    result = gl("--uri", neo4j_server.uri, "--user", neo4j_server.user, "models",
                input=neo4j_server.password + "\n", env=env)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Password for neo4j" in result.output and "Sentiment" in result.stdout
    assert neo4j_server.password not in result.stdout
