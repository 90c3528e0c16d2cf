"""check_leakage on the demo (a leaky evaluation of the staging model) and hand-picked
evaluation data: errors for the same version, warnings for another version of the same
artifact, the paths that show them, the job types that count as evaluation, bad input,
and the exit codes CI pipelines gate on."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from graphlineage.cli import demo_data
from graphlineage.cli.main import cli
from graphlineage.client import Lineage
from graphlineage.core.change_answers import LeakageReport
from graphlineage.errors import InvalidInputError, NotFoundError

from .neo4j_test_server import TestServer


@pytest.fixture
def demo(lineage: Lineage) -> Lineage:
    demo_data.record(lineage)
    return lineage


def test_the_leaky_evaluation_of_the_staging_model(demo: Lineage) -> None:
    report = demo.check_leakage("registry:Sentiment:staging")
    assert report.model == "sentiment/sentiment-model:v3" and report.leaked
    assert report.eval_job_types == ["eval", "evaluate", "test"]
    assert report.checked == ["sentiment/reviews-clean:v1", "sentiment/reviews-raw:v2"]
    error, warning = report.leaks
    assert (error.severity, error.evaluated_with, error.trained_on, error.distance) == (
        "error", "sentiment/reviews-raw:v2", "sentiment/reviews-raw:v2", 4)
    assert error.runs == ["run:sentiment/eval-mar"]
    assert error.path == ["sentiment/reviews-raw:v2", "run:sentiment/preprocess-2-1",
                          "sentiment/reviews-clean:v2", "run:sentiment/train-mar",
                          "sentiment/sentiment-model:v3"]  # fmt: skip
    assert (warning.severity, warning.evaluated_with, warning.trained_on) == (
        "warning", "sentiment/reviews-clean:v1", "sentiment/reviews-clean:v2")
    assert warning.artifact == "sentiment/reviews-clean" and warning.distance == 2
    assert (report.errors, report.warnings) == (1, 1)


def test_clean_evaluations_and_data_given_explicitly(demo: Lineage) -> None:
    clean = demo.check_leakage("registry:Sentiment:production")
    assert not clean.leaked and clean.checked == ["sentiment/reviews-test:v0"]
    given = demo.check_leakage("registry:Sentiment:production", ["reviews-raw:v1"])
    assert [(leak.severity, leak.evaluated_with, leak.runs) for leak in given.leaks] == [
        ("error", "sentiment/reviews-raw:v1", [])]  # fmt: skip
    # another version of data upstream of the model: raw v2 vs the v0 and v1 it saw
    other = demo.check_leakage("sentiment-model:v2", "sentiment/reviews-raw:v2")
    assert [(leak.severity, leak.trained_on) for leak in other.leaks] == [
        ("warning", "sentiment/reviews-raw:v1"), ("warning", "sentiment/reviews-raw:v0")]
    # which job types evaluate: finetune-feb used model v0 and reviews-clean v1
    tuned = demo.check_leakage("sentiment-model:v0", eval_job_types="finetune")
    assert [(leak.severity, leak.evaluated_with, leak.trained_on) for leak in tuned.leaks] == [
        ("warning", "sentiment/reviews-clean:v1", "sentiment/reviews-clean:v0")]
    assert not demo.check_leakage("sentiment-model:v0").leaked


def test_the_evaluation_job_types_setting(clean_db: TestServer, demo: Lineage) -> None:
    settings = clean_db.settings().model_copy(update={"eval_job_types": "finetune"})
    with Lineage(settings) as client:
        assert client.check_leakage("sentiment-model:v0").eval_job_types == ["finetune"]
        assert client.check_leakage("sentiment-model:v0").warnings == 1


def test_bad_input_is_refused(demo: Lineage) -> None:
    with pytest.raises(NotFoundError):
        demo.check_leakage("sentiment-model:v9")
    with pytest.raises(NotFoundError):
        demo.check_leakage("sentiment-model:v0", ["sentiment/reviews-raw:v9"])
    with pytest.raises(InvalidInputError, match="takes artifact versions"):
        demo.check_leakage("run:sentiment/train-mar")
    with pytest.raises(InvalidInputError, match="takes artifact versions"):
        demo.check_leakage("sentiment-model:v0", ["registry:Sentiment"])
    for bad in ("", [], [""], [3]):
        with pytest.raises(InvalidInputError):
            demo.check_leakage("sentiment-model:v0", eval_job_types=bad)  # type: ignore[arg-type]


def test_exit_codes_for_ci(demo: Lineage) -> None:
    runner = CliRunner()
    leaky = runner.invoke(cli, ["check", "leakage", "registry:Sentiment:staging"])
    assert leaky.exit_code == 1 and "LEAKAGE: 1 error(s), 1 warning(s)" in leaky.stdout
    assert "reviews-raw:v2 → run:sentiment/preprocess-2-1" in leaky.stdout
    assert runner.invoke(cli, ["check", "leakage", "registry:Sentiment:production"]
                         ).exit_code == 0  # fmt: skip
    warned = ["check", "leakage", "sentiment-model:v2", "--eval", "reviews-raw:v2"]
    assert runner.invoke(cli, warned).exit_code == 1
    assert runner.invoke(cli, [*warned, "--warnings-ok"]).exit_code == 0
    tuned = runner.invoke(cli, ["check", "leakage", "sentiment-model:v0", "--eval-job-type",
                                "finetune", "-f", "json"])  # fmt: skip
    assert tuned.exit_code == 1
    assert LeakageReport.model_validate_json(tuned.stdout).warnings == 1
    missing = runner.invoke(cli, ["check", "leakage", "sentiment-model:v9"])
    assert missing.exit_code == 4 and "Traceback" not in missing.output
