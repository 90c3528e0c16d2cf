"""The lineage page on OpenLineage data in headless Chromium: the "by job" toggle folds runs
into their jobs and versions into their datasets, and a dataset's panel asks column-level
lineage."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, sync_playwright

from graphlineage.cli.main import cli
from graphlineage.client import Lineage
from graphlineage.ingest.openlineage import safe_name
from graphlineage.web.app import create_app

from .served import serving
from .test_ui import chromium_path

LAKE = safe_name("s3://lake")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(),
                                              args=["--no-sandbox"])  # fmt: skip
        yield launched
        launched.close()


def run(i: int, job: str, inputs: list[Any], outputs: list[Any]) -> dict[str, Any]:
    return {"eventType": "COMPLETE", "eventTime": f"2026-03-01T12:{i:02d}:00Z", "producer": "p",
            "run": {"runId": str(uuid.UUID(int=i, version=4))},
            "job": {"namespace": "shop", "name": job}, "inputs": inputs, "outputs": outputs}


@pytest.fixture
def url(lineage: Lineage, tmp_path: Path) -> Iterator[str]:
    raw = {"namespace": "s3://lake", "name": "raw"}
    stage = {"namespace": "s3://lake", "name": "stage", "facets": {"columnLineage": {"fields": {
        "amount": {"inputFields": [{"namespace": "s3://lake", "name": "raw", "field": "price"}]}}}}}
    mart = {"namespace": "s3://lake", "name": "mart", "facets": {"columnLineage": {"fields": {
        "total": {"inputFields": [{"namespace": "s3://lake", "name": "stage",
                                   "field": "amount"}]}}}}}
    events = [run(1, "load", [], [raw]), run(2, "load", [], [raw]),  # two versions of raw
              run(3, "stage", [raw], [stage]), run(4, "stage", [raw], [stage]),
              run(5, "mart", [stage], [mart])]  # fmt: skip
    path = tmp_path / "events.ndjson"
    path.write_text("\n".join(json.dumps(e) for e in events))
    assert CliRunner().invoke(cli, ["ingest", "openlineage", str(path)]).exit_code == 0
    with serving(create_app(lineage, ui=True)) as served:
        yield served


def test_job_level_toggle_and_column_lineage(browser: Browser, url: str) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(url + "/")
    page.wait_for_function("window.graphlineage !== undefined")
    page.fill("#search", f"{LAKE}/raw:v1")
    page.press("#search", "Enter")
    page.wait_for_function("want => graphlineage.ready && graphlineage.state.focus === want",
                           arg=f"{LAKE}/raw:v1", timeout=20_000)
    page.click("#more-down")
    page.wait_for_function("graphlineage.ready && graphlineage.cy.nodes().length >= 7")
    runs = set(page.evaluate("graphlineage.cy.nodes('.run').map(n => n.id())"))
    assert {r.split("-")[0] for r in runs} == {"run:shop/load", "run:shop/stage", "run:shop/mart"}
    assert len(runs) == 4  # the run that wrote raw:v1, two runs of stage, one of mart
    page.check("#job-level")
    page.wait_for_function("graphlineage.cy.getElementById('job:shop/stage').length === 1")
    nodes = set(page.evaluate("graphlineage.cy.nodes().map(n => n.id())"))
    assert nodes == {"job:shop/load", f"{LAKE}/raw", "job:shop/stage", f"{LAKE}/stage",
                     "job:shop/mart"}  # fmt: skip
    assert "2 runs" in page.evaluate("graphlineage.cy.getElementById('job:shop/stage')"
                                     ".data('label')")  # fmt: skip
    edges = {tuple(e) for e in page.evaluate(
        "graphlineage.cy.edges().map(e => [e.source().id(), e.target().id()])")}
    assert edges == {("job:shop/load", f"{LAKE}/raw"), (f"{LAKE}/raw", "job:shop/stage"),
                     ("job:shop/stage", f"{LAKE}/stage"),
                     (f"{LAKE}/stage", "job:shop/mart")}  # fmt: skip
    page.uncheck("#job-level")
    page.wait_for_function("graphlineage.cy.getElementById('job:shop/stage').length === 0")
    # the dataset's panel: the columns that depend on raw.price, across two hops
    page.fill("#column", "price")
    page.click("#column-down")
    page.wait_for_function("graphlineage.ready && document.querySelectorAll("
                           "'#column-results li').length === 2")
    assert "2 columns downstream of s3://lake/raw#price" in page.inner_text("#column-head")
    listed = page.inner_text("#column-results")
    assert "1: s3://lake/stage amount" in listed and "2: s3://lake/mart total" in listed
    page.fill("#column", "nope")
    page.click("#column-up")
    page.wait_for_function("document.getElementById('column-head').textContent.startsWith('error')")
