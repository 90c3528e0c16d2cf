"""`--level job`: ancestry and impact with runs folded into their jobs and versions into
their artifacts, through the client and the CLI, on a real Neo4j."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from graphlineage.cli.main import cli
from graphlineage.client import Lineage
from graphlineage.errors import NotFoundError
from graphlineage.ingest.openlineage import safe_name


def run(i: int, job: str, day: int, inputs: list[str], outputs: list[str],
        kind: str = "COMPLETE") -> dict[str, Any]:  # fmt: skip
    return {"eventType": kind, "eventTime": f"2026-03-0{day}T12:00:00Z", "producer": "p",
            "run": {"runId": str(uuid.UUID(int=i, version=4))},
            "job": {"namespace": "etl", "name": job},
            "inputs": [{"namespace": "s3://lake", "name": n} for n in inputs],
            "outputs": [{"namespace": "s3://lake", "name": n} for n in outputs]}  # fmt: skip


def events() -> list[dict[str, Any]]:
    # three runs of one job write three datasets; one run of `combine` reads them all;
    # `extract` ran once more later (a version nobody read)
    return [
        run(1, "extract", 1, [], ["raw/a"]), run(2, "extract", 1, [], ["raw/b"]),
        run(3, "extract", 2, [], ["raw/c"], kind="FAIL"),
        run(4, "combine", 3, ["raw/a", "raw/b", "raw/c"], ["clean"]),
        run(5, "report", 4, ["clean"], ["report"]), run(6, "report", 5, ["clean"], ["report"]),
        run(7, "extract", 6, [], ["raw/a"]),
    ]  # fmt: skip


def ingest(lineage: Lineage, tmp_path: Path) -> None:
    path = tmp_path / "events.ndjson"
    path.write_text("\n".join(json.dumps(e) for e in events()))
    assert CliRunner().invoke(cli, ["ingest", "openlineage", str(path)]).exit_code == 0


def test_job_level_ancestry_folds_runs_and_versions(lineage: Lineage, tmp_path: Path) -> None:
    ingest(lineage, tmp_path)
    up = lineage.job_ancestry("dataset:s3://lake/report")
    lake = safe_name("s3://lake")
    assert [(n.kind, n.ref, n.distance) for n in up.nodes] == [
        ("job", "job:etl/report", 1), ("artifact", f"{lake}/clean", 2),
        ("job", "job:etl/combine", 3),
        *sorted(("artifact", f"{lake}/{safe_name(f'raw/{x}')}", 4) for x in "abc"),
        ("job", "job:etl/extract", 5),
    ]  # fmt: skip
    extract = up.nodes[-1]
    assert len(extract.members) == 3 and extract.statuses == {"finished": 2, "failed": 1}
    assert {n.dataset for n in up.nodes[3:6]} == {f"s3://lake/raw/{x}" for x in "abc"}
    assert up.root.dataset == "s3://lake/report"
    # the run-level answer has every member: the fold loses nothing
    flat = lineage.ancestry("dataset:s3://lake/report")
    assert sorted(m for n in up.nodes for m in n.members) == sorted(flat.refs)
    # paging the folded nodes
    pages = [lineage.job_ancestry("dataset:s3://lake/report", limit=3, skip=s) for s in (0, 3, 6)]
    assert [n.ref for p in pages for n in p.nodes] == up.refs
    assert pages[0].truncated and not pages[2].truncated and pages[1].total == 7
    assert lineage.job_ancestry("dataset:s3://lake/report", 2).refs == up.refs[:2]


def test_job_level_impact_in_the_cli(lineage: Lineage, tmp_path: Path) -> None:
    ingest(lineage, tmp_path)
    runner = CliRunner()
    out = runner.invoke(cli, ["impact", "dataset:s3://lake/clean", "--level", "job"])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[0].startswith(f"Impact of {safe_name('s3://lake')}/clean "
                               "(dataset:s3://lake/clean) by job")
    assert "job:etl/report" in lines[2] and "job · 2 runs (2 finished)" in lines[2]
    assert "s3://lake/report · v0, v1" in lines[3]
    data = json.loads(runner.invoke(cli, ["ancestry", "dataset:s3://lake/clean", "--level", "job",
                                          "--format", "json"]).output)  # fmt: skip
    assert [n["ref"] for n in data["nodes"]][:1] == ["job:etl/combine"]
    run_ref = lineage.impact("dataset:s3://lake/report").root.ref
    assert run_ref.endswith(":v1")
    # a run asked about is folded into its job; its job's other runs are not "upstream"
    first_report = lineage.run(str(uuid.UUID(int=5, version=4)))
    answer = lineage.job_ancestry(f"run:{first_report.id}")
    assert answer.root.ref == "job:etl/report" and answer.root.members == [
        f"run:etl/{first_report.name}"]
    bad = runner.invoke(cli, ["ancestry", "dataset:s3://lake/clean", "--level", "job",
                              "--column", "x"])  # fmt: skip
    assert bad.exit_code == 2 and "--column does not go with" in bad.output
    bad = runner.invoke(cli, ["ancestry", "dataset:s3://lake/clean", "--level", "job",
                              "--format", "dot"])  # fmt: skip
    assert bad.exit_code == 2


def test_module_level_functions(lineage: Lineage, tmp_path: Path) -> None:
    from graphlineage import api

    ingest(lineage, tmp_path)
    assert api.job_ancestry("dataset:s3://lake/report").refs == \
        lineage.job_ancestry("dataset:s3://lake/report").refs  # fmt: skip
    assert api.job_impact("dataset:s3://lake/clean").total == 2
    with pytest.raises(NotFoundError, match="no columns are known"):
        api.column_impact("dataset:s3://lake/report", "x")
