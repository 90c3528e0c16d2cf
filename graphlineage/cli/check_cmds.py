"""``check``: checks for CI pipelines, which exit non-zero when they find a problem."""

from __future__ import annotations

import click

from graphlineage.cli.context import Env, emit, format_option, pass_env
from graphlineage.render import changes

LEAKAGE_FOUND = 1  # the exit code when leakage is found, for CI pipelines to gate on


@click.group()
def check() -> None:
    """Checks for CI pipelines: exit non-zero when they find a problem."""


@check.command()
@click.argument("ref")
@click.option("--eval", "eval_data", multiple=True, metavar="REF",
              help="A dataset version the model is evaluated on (repeatable); runs of an "
              "evaluation job type that used the model count too.")  # fmt: skip
@click.option("--eval-job-type", "eval_job_types", multiple=True, metavar="TYPE",
              help="A job type that counts as evaluation (repeatable; default: the "
              "GRAPHLINEAGE_EVAL_JOB_TYPES setting, evaluate,eval,test).")  # fmt: skip
@click.option("--warnings-ok", is_flag=True,
              help="Exit 0 when only other versions of training data are evaluated on.")
@click.option("--project", help="Project for artifact refs written without one (name:v3).")
@format_option("table", "json")
@pass_env
def leakage(env: Env, ref: str, eval_data: tuple[str, ...], eval_job_types: tuple[str, ...],
            warnings_ok: bool, project: str | None, fmt: str) -> None:  # fmt: skip
    """Evaluation data of model REF that its training also saw.

    \b
    Every dataset version used by a run evaluating REF (or given with --eval) that is
    among REF's training ancestors: the same version is an error, another version of the
    same artifact a warning; each with the path that shows it. Exits 1 when leakage is
    found (errors, or warnings unless --warnings-ok), so CI pipelines can gate on it.
    """
    report = env.lineage.check_leakage(ref, list(eval_data),
                                       eval_job_types=list(eval_job_types) or None,
                                       project=project)  # fmt: skip
    emit(fmt, report, changes.leakage_text)
    if report.errors or (report.warnings and not warnings_ok):
        click.get_current_context().exit(LEAKAGE_FOUND)
