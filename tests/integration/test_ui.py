"""The lineage page in headless Chromium (Debian's chromium driven by Playwright) against
the test server, the JSON routes behind it, and the self-contained file of `view`."""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, Page, sync_playwright

from graphlineage.cli.main import cli
from graphlineage.client import Lineage
from graphlineage.web.app import create_app

from .served import serving
from .test_seed_example import record_mnist_example

ARTIFACTS = Path(__file__).parent.parent / "artifacts"  # screenshots, kept out of git
KEY = "ui-secret"


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    assert path, "the UI tests need Debian's chromium package (apt-get install chromium)"
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(),
                                              args=["--no-sandbox"])  # fmt: skip
        yield launched
        launched.close()


@pytest.fixture
def seeded(lineage: Lineage, tmp_path: Path) -> Lineage:
    record_mnist_example(tmp_path)
    for i in range(5):  # five more evaluations: a wide level that collapses into a cluster
        with lineage.init(project="mnist", job_type="evaluate", name=f"eval-{i}") as run:
            run.use_artifact("mnist_model:v0")
    return lineage


class Served:
    def __init__(self, url: str) -> None:
        self.url = url

    def get(self, path: str, key: str | None = KEY, **params: Any) -> tuple[int, Any]:
        url = self.url + path + ("?" + urllib.parse.urlencode(params) if params else "")
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 - test server
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                body = response.read()
                kind = response.headers.get("content-type", "")
                return response.status, json.loads(body) if "json" in kind else body.decode()
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read())


@pytest.fixture
def served(seeded: Lineage) -> Iterator[Served]:
    app = create_app(seeded, api_key=KEY, ui=True)
    with serving(app) as url:
        yield Served(url)


def _login(page: Page, served: Served) -> None:
    page.goto(served.url + "/")
    page.fill("input[name=key]", KEY)
    page.click("button")
    page.wait_for_function("window.graphlineage !== undefined")  # the page's code has run


def _show(page: Page, text: str, expect_focus: str) -> None:
    page.fill("#search", text)
    page.press("#search", "Enter")
    page.wait_for_function(
        "want => window.graphlineage && window.graphlineage.ready && "
        "window.graphlineage.state.focus === want", arg=expect_focus, timeout=20_000)


def _drawn(page: Page) -> tuple[set[str], set[tuple[str, str]]]:
    nodes = page.evaluate("graphlineage.cy.nodes().map(n => n.id())")
    edges = page.evaluate("graphlineage.cy.edges().map(e => [e.source().id(), e.target().id()])")
    return set(nodes), {(a, b) for a, b in edges}


def _click_node(page: Page, node_id: str) -> None:
    box = page.evaluate(
        """id => { const n = graphlineage.cy.getElementById(id);
                   const r = graphlineage.cy.container().getBoundingClientRect();
                   const p = n.renderedPosition(); return [r.left + p.x, r.top + p.y]; }""",
        node_id)
    page.mouse.click(box[0], box[1])


def test_search_expand_cluster_and_impact_in_chromium(browser: Browser, served: Served) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    _login(page, served)
    _show(page, "mnist_model:v0", "mnist/mnist_model:v0")
    nodes, edges = _drawn(page)
    cluster = "cluster:down|mnist/mnist_model:v0|run"
    assert nodes == {"mnist/mnist_model:v0", "run:mnist/vague-morning-5", "mnist/mnist_dataset:v0",
                     "registry:MNIST-dev", cluster}  # fmt: skip
    assert ("mnist/mnist_dataset:v0", "run:mnist/vague-morning-5") in edges  # data flows in
    assert ("run:mnist/vague-morning-5", "mnist/mnist_model:v0") in edges
    assert ("mnist/mnist_model:v0", "registry:MNIST-dev") in edges
    assert page.evaluate(f"graphlineage.cy.getElementById('{cluster}').data('count')") == 6
    assert "mnist/mnist_model:v0" in page.inner_text("#details")

    _click_node(page, cluster)  # the cluster opens
    page.wait_for_function("graphlineage.cy.getElementById('run:mnist/eval-3').length === 1")
    assert "run:mnist/serene-haze-6" in _drawn(page)[0]

    page.click("#more-up")  # one more level upstream: the run that made the dataset
    page.wait_for_function("graphlineage.ready && "
                           "graphlineage.cy.getElementById('run:mnist/jumping-monkey-1').length")
    _click_node(page, "mnist/mnist_dataset:v0")  # click re-centres
    page.wait_for_function(
        "graphlineage.ready && graphlineage.state.focus === 'mnist/mnist_dataset:v0'")
    assert "digest" in page.inner_text("#details") and '"rows": 70000' in page.inner_text(
        "#details")

    page.check("#impact-mode")
    _show(page, "mnist/mnist_dataset:v0", "mnist/mnist_dataset:v0")
    page.wait_for_selector("#affected-registry li")
    assert "MNIST-dev v0" in page.inner_text("#affected-registry")
    assert "latest" in page.inner_text("#affected-registry")
    lit = set(page.evaluate("graphlineage.cy.nodes('.affected').map(n => n.id())"))
    assert {"run:mnist/vague-morning-5", "mnist/mnist_model:v0", "registry:MNIST-dev"} <= lit
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "ui-impact.png"))
    assert (ARTIFACTS / "ui-impact.png").stat().st_size > 10_000


def test_flags_and_tombstones_on_the_page(browser: Browser, seeded: Lineage,
                                          served: Served) -> None:  # fmt: skip
    seeded.flag("mnist_dataset:v0", "bad labels")
    seeded.delete("run:mnist/serene-haze-6", dry_run=False)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    _login(page, served)
    _show(page, "mnist_model:v0", "mnist/mnist_model:v0")
    page.wait_for_selector("#details .tainted")
    tainted = page.inner_text("#details .tainted")
    assert "tainted by error flag on mnist/mnist_dataset:v0: bad labels" in tainted
    assert "run:mnist/vague-morning-5" in tainted  # the path
    _click_node(page, "cluster:down|mnist/mnist_model:v0|run")
    page.wait_for_function("graphlineage.cy.getElementById('run:mnist/serene-haze-6').length")
    assert page.evaluate("graphlineage.cy.getElementById('run:mnist/serene-haze-6')"
                         ".hasClass('deleted')")  # fmt: skip
    assert not page.evaluate("graphlineage.cy.getElementById('run:mnist/eval-1')"
                             ".hasClass('deleted')")  # fmt: skip


def test_the_page_as_of_a_time(browser: Browser, seeded: Lineage, served: Served) -> None:
    before = seeded.history("run:mnist/eval-0").entries[0].at - timedelta(milliseconds=1)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    _login(page, served)
    _show(page, "mnist_model:v0", "mnist/mnist_model:v0")
    assert "cluster:down|mnist/mnist_model:v0|run" in _drawn(page)[0]
    page.fill("#as-of", before.isoformat())
    page.dispatch_event("#as-of", "change")
    page.wait_for_function("graphlineage.ready && "
                           "graphlineage.cy.getElementById('run:mnist/serene-haze-6').length")
    nodes = _drawn(page)[0]
    assert "run:mnist/eval-0" not in nodes and not any(n.startswith("cluster:") for n in nodes)
    page.fill("#as-of", "2026-01-01T00:00")  # no zone: the page says why
    page.dispatch_event("#as-of", "change")
    page.wait_for_function("document.getElementById('status').textContent.includes('zone')")


def test_filters_hide_job_types(browser: Browser, served: Served) -> None:
    page = browser.new_page()
    _login(page, served)
    _show(page, "mnist_model:v0", "mnist/mnist_model:v0")
    page.uncheck("#filters input[data-type=evaluate]")
    page.wait_for_function(
        "graphlineage.cy.nodes().filter(n => n.id().startsWith('cluster:')).length === 0")
    assert "run:mnist/vague-morning-5" in _drawn(page)[0]


def test_json_routes(served: Served) -> None:
    status, found = served.get("/api/v1/search", q="mnist_")
    assert status == 200 and {"mnist/mnist_model:v0", "mnist/mnist_dataset:v0"} <= {
        n["ref"] for n in found}  # fmt: skip
    status, around = served.get("/api/v1/subgraph", ref="run:vague-morning-5", up=1, down=1)
    assert status == 200 and len(around["nodes"]) == 3 and len(around["edges"]) == 2
    status, node = served.get("/api/v1/node", ref="registry:MNIST-dev")
    assert status == 200 and node["registered_model"]["versions"][0]["aliases"] == ["latest"]
    status, impact = served.get("/api/v1/impact", ref="mnist/mnist_dataset:v0")
    assert status == 200 and impact["affected_aliases"] == {"MNIST-dev": ["latest=v0"]}
    assert served.get("/api/v1/node", ref="mnist/nope:v0")[0] == 404
    assert served.get("/api/v1/subgraph", ref="a:b:c")[0] == 400
    assert served.get("/api/v1/subgraph", ref="mnist/mnist_model:v0", up="many")[0] == 400
    assert served.get("/api/v1/search", key=None, q="mnist")[0] == 401
    assert served.get("/api/v1/health", key=None)[0] == 200


def test_view_writes_a_file_that_works_offline(
    browser: Browser, seeded: Lineage, tmp_path: Path
) -> None:
    output = tmp_path / "lineage.html"
    result = CliRunner().invoke(cli, ["view", "mnist/mnist_dataset:v0", "-o", str(output)])
    assert result.exit_code == 0, result.output
    context = browser.new_context(offline=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(output.as_uri())
    page.wait_for_function("window.graphlineage && window.graphlineage.ready")
    nodes, _ = _drawn(page)
    assert {"mnist/mnist_dataset:v0", "run:mnist/vague-morning-5", "registry:MNIST-dev"} <= nodes
    assert [u for u in requests if not u.startswith("file:")] == []
    page.check("#impact-mode")
    page.wait_for_selector("#affected-registry li")
    assert "MNIST-dev v0" in page.inner_text("#affected-registry")
    context.close()
