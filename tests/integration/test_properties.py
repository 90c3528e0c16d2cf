"""Issue 14, property-based: generated refs, names, configs, events, CLI arguments and HTTP
requests against the real server. Whatever comes in: no crash, no traceback, only
GraphlineageError subclasses from the API, 4xx (never 5xx) for bad requests, and a graph
whose node, relationship and property counts are unchanged after every refused call.

Bounded for CI: each property runs a few dozen examples (``EXAMPLES``, no deadline), on one
small graph recorded once for the module.
"""

from __future__ import annotations

import gzip
import http.client
import json
import math
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import graphlineage
from graphlineage.cli.main import cli
from graphlineage.client import Lineage
from graphlineage.errors import GraphlineageError
from graphlineage.web.app import create_app

from .neo4j_test_server import TestServer
from .served import serving
from .test_hardening_api import graph_counts

EXAMPLES = 40
bounded = settings(max_examples=EXAMPLES, deadline=None, derandomize=False,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                          HealthCheck.function_scoped_fixture])  # fmt: skip
KEY = "prop-key"

# -- strategies ------------------------------------------------------------------------------
ODD_TEXT = ["", " ", "\t", "x\udcff", "\udc80", "\0", "a" * 200, "a" * 5000, "..", ":", "/",
            "a:b:c", "registry:", "run:", "run:/", "registry:M:v99999999999999999999",
            "v99999999999999999999", "mnist_dataset:v99999999999999999999", "-1", "²",
            "mnist/mnist_dataset:v0", "mnist_dataset:latest", "registry:MNIST-dev",
            "run:mnist/first", "caf\u00e9", "<!--<script>", "'; MATCH (n) DETACH DELETE n //"]
texts = st.one_of(st.sampled_from(ODD_TEXT),
                  st.text(st.characters(exclude_categories=()), max_size=40))  # fmt: skip
names = st.one_of(texts, st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,20}", fullmatch=True))
selectors = st.one_of(st.sampled_from(["latest", "v0", "v1", "v007", "best", "v" + "9" * 30]),
                      texts)  # fmt: skip


@st.composite
def refs(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["artifact", "registry", "run", "raw"]))
    if kind == "raw":
        return draw(texts)
    name, selector = draw(names), draw(selectors)
    if kind == "registry":
        return f"registry:{name}:{selector}"
    if kind == "run":
        return f"run:{draw(names)}/{name}"
    return f"{draw(names)}/{name}:{selector}"


def _loop() -> dict[str, Any]:
    loop: dict[str, Any] = {}
    loop["me"] = loop
    return loop


def _deep(levels: int) -> Any:
    value: Any = "x"
    for _ in range(levels):
        value = {"k": [value]}
    return value


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), texts,
                    st.sampled_from([2**63, -(2**63) - 1, 10**30, math.inf, math.nan]))
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(texts, inner, max_size=4)), max_leaves=12)
odd_values = st.one_of(json_values, st.builds(_loop), st.builds(_deep, st.integers(17, 60)),
                       st.sampled_from([object(), {1, 2}, b"bytes", (1, 2), {1: "int key"}]))
counts_ = st.one_of(st.none(), st.integers(-5, 5), st.integers(), st.just(2**70),
                    st.floats(), st.just("3"), st.just(True))  # fmt: skip


# -- fixtures -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def world(neo4j_server: TestServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lineage]:
    """A small recorded graph for the module; its counts are the baseline."""
    neo4j_server.wipe()
    graphlineage.reset_default_client()
    lineage = Lineage(neo4j_server.settings())
    model = tmp_path_factory.mktemp("model") / "model.h5"
    model.write_bytes(b"weights")
    with lineage.init(project="mnist", job_type="load", name="first") as run:
        data = graphlineage.Artifact("mnist_dataset", "dataset")
        data.add_reference("s3://bucket/mnist.npz")
        run.log_artifact(data, aliases=["best"])
    with lineage.init(project="mnist", job_type="train", name="second") as run:
        run.use_artifact("mnist_dataset:latest")
        run.link_model(str(model), registered_model_name="MNIST-dev", aliases=["production"])
    yield lineage
    lineage.close()
    graphlineage.reset_default_client()
    neo4j_server.wipe()


def unchanged_unless_it_worked(lineage: Lineage, call: Callable[[], Any], *,
                               writes: bool = False) -> None:  # fmt: skip
    """``call`` either works or raises a GraphlineageError; if it raised (or only reads),
    the graph is as it was."""
    before = graph_counts(lineage)
    try:
        call()
    except GraphlineageError:
        assert graph_counts(lineage) == before, "a refused call changed the graph"
        return
    if not writes:
        assert graph_counts(lineage) == before, "a read changed the graph"


# -- the API -----------------------------------------------------------------------------------
@bounded
@given(ref=refs(), other=refs(), depth=counts_, limit=counts_, skip=counts_,
       which=st.sampled_from(["node", "ancestry", "impact", "path", "subgraph", "show",
                              "artifact", "run", "search", "registered_model", "stale"]))
def test_questions_take_any_ref(world: Lineage, ref: str, other: str, depth: Any, limit: Any,
                                skip: Any, which: str) -> None:  # fmt: skip
    calls: dict[str, Callable[[], Any]] = {
        "node": lambda: world.node(ref), "ancestry": lambda: world.ancestry(
            ref, max_depth=depth, limit=limit, skip=skip),
        "impact": lambda: world.impact(ref, max_depth=depth, limit=limit, skip=skip),
        "path": lambda: world.path(ref, other, limit=limit),
        "subgraph": lambda: world.subgraph(ref, up=depth, down=skip, limit=limit),
        "show": lambda: world.show(ref, limit=limit), "artifact": lambda: world.artifact(ref),
        "run": lambda: world.run(ref), "search": lambda: world.search(ref, limit=limit),
        "registered_model": lambda: world.registered_model(ref),
        "stale": lambda: world.stale(ref),
    }  # fmt: skip
    unchanged_unless_it_worked(world, calls[which])


@bounded
@example(value=_loop(), which="runs", field="project")
@example(value=_deep(40), which="artifacts", field="type")
@example(value=2**70, which="artifact_versions", field="limit")
@given(value=odd_values, which=st.sampled_from(["runs", "artifacts", "artifact_versions",
                                                "registered_models"]),
       field=st.sampled_from(["project", "name", "type", "alias", "job_type", "status",
                              "started_after", "artifact", "limit", "skip"]))  # fmt: skip
def test_listings_take_any_filter(world: Lineage, value: Any, which: str, field: str) -> None:
    unchanged_unless_it_worked(world, lambda: getattr(world, which)(**{field: value}))
    unchanged_unless_it_worked(world, lambda: world.stale(value))
    unchanged_unless_it_worked(world, lambda: world.registered_model(value))


@bounded
@example(query="RETURN $x AS x", params={"x": _loop()}, timeout=None, limit=None)
@example(query="RETURN 1", params=None, timeout="", limit=None)
@example(query="RETURN 'x\udcff'", params=None, timeout=1e300, limit=2**70)
@example(query="LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", params=None, timeout=None,
         limit=None)
@given(query=st.one_of(st.sampled_from([
           "RETURN $x AS x", "MATCH (n) RETURN n LIMIT 3", "CREATE (n:Scratch)",
           "LOAD CSV FROM $x AS l RETURN l", "CALL db.labels()", "SHOW SETTINGS",
           "MATCH (n) DETACH DELETE n", "TERMINATE TRANSACTIONS $x", "UNWIND $x AS y RETURN y",
       ]), texts),
       params=st.one_of(st.none(), st.dictionaries(texts, odd_values, max_size=3),
                        st.builds(lambda v: {"x": v}, odd_values), odd_values),
       timeout=st.one_of(st.none(), st.floats(), st.just(""), st.integers(-1, 5)),
       limit=counts_)  # fmt: skip
def test_cypher_takes_anything_and_writes_nothing(world: Lineage, query: str, params: Any,
                                                  timeout: Any, limit: Any) -> None:  # fmt: skip
    unchanged_unless_it_worked(world, lambda: world.cypher(query, params, timeout=timeout,
                                                           limit=limit))  # fmt: skip
    unchanged_unless_it_worked(world, lambda: world.query(query, params))


@bounded
@example(project="mnist", job_type=None, config=None, name=None, tags="abc", notes=None)
@example(project="mnist", job_type=None, config=_deep(40), name=None, tags=-1, notes="x\udcff")
@given(project=st.one_of(names, st.just("mnist")), job_type=st.one_of(st.none(), names),
       config=st.one_of(st.none(), odd_values), name=st.one_of(st.none(), texts),
       tags=st.one_of(st.none(), texts, st.lists(texts, max_size=3), odd_values,
                      st.just(["t"] * 500)),
       notes=st.one_of(st.none(), texts, odd_values))  # fmt: skip
def test_init_takes_anything(world: Lineage, project: Any, job_type: Any, config: Any,
                             name: Any, tags: Any, notes: Any) -> None:  # fmt: skip
    before = graph_counts(world)
    try:
        run = world.init(project=project, job_type=job_type, config=config, name=name,
                         tags=tags, notes=notes)  # fmt: skip
    except GraphlineageError:
        assert graph_counts(world) == before
        return
    run.finish()
    world.cypher("MATCH (r:Run {id: $id}) DETACH DELETE r", {"id": run.id}, write=True)


@bounded
@example(name="model", type_="model", description=None, metadata=None, aliases=None, model=None,
         path="a" * 100_000, summary=_deep(40))
@example(name="model", type_="model", description="x\udcff", metadata=None,
         aliases=[f"a{i}" for i in range(2000)], model="bad name!", path="/", summary=None)
@given(name=names, type_=names, description=st.one_of(st.none(), texts, odd_values),
       metadata=st.one_of(st.none(), odd_values), aliases=st.one_of(
           st.none(), texts, st.lists(texts, max_size=4), st.just([f"a{i}" for i in range(2000)]),
           odd_values),
       model=st.one_of(st.none(), names, odd_values), path=st.one_of(texts, st.just("/")),
       summary=odd_values)  # fmt: skip
def test_run_calls_refuse_before_writing(world: Lineage, name: Any, type_: Any,
                                         description: Any, metadata: Any, aliases: Any,
                                         model: Any, path: Any, summary: Any) -> None:  # fmt: skip
    with world.init(project="props", job_type="prop") as run:
        before = graph_counts(world)

        def artifact() -> graphlineage.Artifact:
            made = graphlineage.Artifact(name, type_, description=description, metadata=metadata)
            made.add_reference("s3://bucket/props")
            return made

        for call in (lambda: run.log_artifact(artifact(), aliases=aliases),
                     lambda: run.link_model(artifact(), registered_model_name=model,
                                            aliases=aliases),
                     lambda: run.log_artifact(path, aliases=aliases),
                     lambda: run.use_artifact(name, type=type_)):  # fmt: skip
            try:
                call()
            except GraphlineageError:
                assert graph_counts(world) == before, "a refused call changed the graph"
            before = graph_counts(world)
        try:  # a bad summary value is refused when it is set, and changes nothing
            run.summary["value"] = summary
        except GraphlineageError:
            assert "value" not in run.summary
        run.finish()
    world.cypher("MATCH (r:Run {project: 'props'}) DETACH DELETE r", write=True)
    world.cypher("MATCH (n) WHERE n.project = 'props' OR n.key STARTS WITH 'props/' "
                 "DETACH DELETE n", write=True)  # fmt: skip


# -- the command line ------------------------------------------------------------------------
COMMANDS = [["show"], ["ancestry"], ["impact"], ["path"], ["stale"], ["runs"], ["artifacts"],
            ["models"], ["query"], ["cypher"], ["query", "get_run"], ["artifacts", "--versions"]]
OPTIONS = ["--depth", "--limit", "--skip", "--project", "--type", "--timeout", "-p", "--since",
           "--until", "--format", "--name", "--job-type", "--status", "--alias", "--up"]


@bounded
@example(command=["show"], args=["mnist_dataset:v99999999999999999999"])
@example(command=["runs"], args=["--since", "0001-01-01", "--project", "x\udcff"])
@example(command=["cypher"], args=["RETURN 1", "--timeout", "1e300"])
@example(command=["cypher"], args=["RETURN $k AS k", "-p", "k=" + "[" * 3000])
@example(command=["ancestry"], args=["mnist_dataset:v0", "--depth", "99999999999999999999"])
@given(command=st.sampled_from(COMMANDS), args=st.lists(st.one_of(
    st.sampled_from(OPTIONS), texts, refs(), st.sampled_from(
        ["99999999999999999999", "1e300", "-1", "0001-01-01", "k=" + "[" * 3000, "k=[[1]]",
         "x=\udcff", "json", "mermaid", "dot"])), max_size=5))  # fmt: skip
def test_cli_never_shows_a_traceback(world: Lineage, command: list[str], args: list[str]) -> None:
    before = graph_counts(world)
    result = CliRunner().invoke(cli, [*command, *args])
    assert "Traceback" not in result.output and "internal error" not in result.output, (
        result.output[-2000:])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception))
    assert result.exit_code in (0, 1, 2, 3, 4, 7), (result.exit_code, result.output[-500:])
    assert graph_counts(world) == before


# -- HTTP --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def http_app(world: Lineage) -> Iterator[tuple[str, int]]:
    with serving(create_app(world, api_key=KEY, max_body=64 * 1024, ui=True)) as url:
        parts = urlsplit(url)
        yield parts.hostname or "127.0.0.1", parts.port or 80


def _event(run: Any, facets: Any, job: Any, extra: Any) -> Any:
    body: dict[str, Any] = {"eventType": "START", "eventTime": "2026-03-01T12:00:00Z",
                            "run": {"runId": run, "facets": facets}, "job": job,
                            "producer": "https://example.com/props"}  # fmt: skip
    if isinstance(extra, dict):
        body.update(extra)
    return body


bodies = st.one_of(
    st.binary(max_size=200),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.builds(_event, st.one_of(st.uuids().map(str), texts, json_values),
              st.one_of(st.just({"parent": {"run": "x", "job": 1}}), st.dictionaries(
                  st.sampled_from(["parent", "nominalTime", "x"]), json_values, max_size=2)),
              st.one_of(st.just({"namespace": "ns", "name": "job"}), json_values),
              st.dictionaries(st.sampled_from(["inputs", "outputs", "eventType", "eventTime"]),
                              json_values, max_size=2)).map(lambda v: json.dumps(v).encode()),
    st.just(b"[" * 20_000 + b"]" * 20_000),
)  # fmt: skip
header_values = st.one_of(st.sampled_from(["application/json", "text/plain", "", "gzip",
                                           f"Bearer {KEY}", "Bearer \u00e9", "http://evil.example",
                                           "evil.example", "null", "cross-site", "localhost"]),
                          st.text(st.characters(min_codepoint=32, max_codepoint=255), max_size=20))
ROUTES = ["/api/v1/lineage", "/api/v1/health", "/", "/login", "/api/v1/search",
          "/api/v1/subgraph", "/api/v1/node", "/api/v1/impact", "/static/app.js"]
paths = st.one_of(st.sampled_from(ROUTES), st.sampled_from(ROUTES), st.sampled_from(ROUTES),
                  st.text(st.characters(min_codepoint=33, max_codepoint=126), max_size=20)
                  .map(lambda p: "/" + quote(p, safe="/")))  # fmt: skip
numbers = st.one_of(st.sampled_from(["\u00b2", "\uff11", "99999999999999999999", "-1", "3", "",
                                     "1e3", " 2"]), st.text(max_size=4))  # fmt: skip
queries = st.fixed_dictionaries({"ref": refs()}, optional={
    "q": texts, "up": numbers, "down": numbers, "limit": numbers})
GOOD = {"Content-Type": "application/json", "Authorization": f"Bearer {KEY}"}
CHANGES = ["Content-Type", "Authorization", "Origin", "Host", "Content-Encoding", "Cookie",
           "Sec-Fetch-Site"]


def _request(http_app: tuple[str, int], method: str, target: str, body: bytes,
             headers: dict[str, str]) -> int:  # fmt: skip
    host, port = http_app
    conn = http.client.HTTPConnection(host, port, timeout=60)
    try:
        conn.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
        for name, value in {"Host": f"{host}:{port}", **GOOD, **headers}.items():
            conn.putheader(name, value.encode("utf-8", "surrogatepass"))
        conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


@bounded
@example(method="GET", path="/api/v1/subgraph", query={"ref": "mnist_dataset:v0", "up": "\u00b2"},
         body=b"", headers={})
@example(method="GET", path="/api/v1/node", query={"ref": "x:v99999999999999999999"}, body=b"",
         headers={})
@example(method="POST", path="/api/v1/lineage", query={"ref": "x"},
         body=json.dumps(_event(str(uuid.uuid4()), {"parent": {"run": "x", "job": 1}},
                                {"namespace": "ns", "name": "j"}, {})).encode(), headers={})
@example(method="POST", path="/api/v1/lineage", query={"ref": "x"},
         body=gzip.compress(b"{}") + b"trailing", headers={"Content-Encoding": "gzip"})
@example(method="POST", path="/login", query={"ref": "x"}, body=b"key=" + b"k" * 5000,
         headers={"Content-Type": "application/x-www-form-urlencoded"})
@example(method="GET", path="/api/v1/search", query={"ref": "x", "q": "m"}, body=b"",
         headers={"Authorization": "Bearer \u00e9\u2603", "Cookie": "graphlineage_key=\u00e9"})
@example(method="POST", path="/api/v1/lineage", query={"ref": "x"},
         body=b"[" * 20_000 + b"]" * 20_000, headers={})
@given(method=st.sampled_from(["GET", "GET", "POST", "POST", "PUT", "DELETE"]), path=paths,
       query=queries, body=bodies,
       headers=st.dictionaries(st.sampled_from(CHANGES), header_values, max_size=2))
def test_http_never_answers_5xx(world: Lineage, http_app: tuple[str, int], method: str,
                                path: str, query: dict[str, str], body: bytes,
                                headers: dict[str, str]) -> None:  # fmt: skip
    target = path + "?" + "&".join(f"{k}={quote(v, safe='', errors='surrogatepass')}"
                                   for k, v in query.items())  # fmt: skip
    before = graph_counts(world)
    status = _request(http_app, method, target, body, headers)
    assert status < 500, (status, method, target, headers)
    if not (method == "POST" and status == 200):
        assert graph_counts(world) == before


def test_the_suite_is_bounded() -> None:
    assert EXAMPLES <= 50
    assert Path(__file__).stat().st_size < 40_000
