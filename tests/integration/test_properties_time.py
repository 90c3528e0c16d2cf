"""Issue 16, property-based: generated refs, times, reasons and options for the questions
through time (as_of, history, diff, the leakage check) and for flags and deletion, on the
real server. Whatever comes in: only GraphlineageErrors from the API, no traceback on the
command line, and a graph unchanged by every refused call."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from click.testing import CliRunner
from hypothesis import example, given
from hypothesis import strategies as st

from graphlineage.cli.main import cli
from graphlineage.client import Lineage

from . import test_properties
from .test_hardening_api import graph_counts
from .test_properties import bounded, odd_values, refs, texts, unchanged_unless_it_worked

world = test_properties.world  # the module's recorded graph (a fixture)

times = st.one_of(
    st.none(), texts, odd_values, st.datetimes(), st.datetimes(timezones=st.timezones()),
    st.sampled_from(["2026-11-01T12:00Z", "2026-11-01T12:00", "2999-01-01T00:00Z",
                     "0001-01-01T00:00Z", "9999-12-31T23:59:59+14:00", "2026-02-30T00:00Z"]),
    st.just(datetime.now(UTC) + timedelta(days=1)),
)  # fmt: skip


@bounded
@example(ref="registry:MNIST-dev:production", other="mnist_dataset:v0",
         when="2026-11-01T12:00", which="ancestry")  # fmt: skip
@example(ref="model:v0", other="..", when=object(), which="leakage")
@given(ref=refs(), other=refs(), when=times,
       which=st.sampled_from(["node", "ancestry", "impact", "show", "stale", "history",
                              "tainted_by", "flags", "runs", "models", "diff", "leakage",
                              "subgraph"]))  # fmt: skip
def test_questions_through_time_take_anything(world: Lineage, ref: str, other: str, when: Any,
                                              which: str) -> None:  # fmt: skip
    calls = {
        "node": lambda: world.node(ref, as_of=when),
        "ancestry": lambda: world.ancestry(ref, as_of=when),
        "impact": lambda: world.impact(ref, as_of=when),
        "show": lambda: world.show(ref, as_of=when),
        "stale": lambda: world.stale(as_of=when),
        "history": lambda: world.history(ref, as_of=when),
        "tainted_by": lambda: world.tainted_by(ref, as_of=when),
        "flags": lambda: world.flags(as_of=when),
        "runs": lambda: world.runs(as_of=when),
        "models": lambda: world.registered_models(as_of=when),
        "diff": lambda: world.diff(ref, other),
        "leakage": lambda: world.check_leakage(ref, [other], eval_job_types=when),
        "subgraph": lambda: world.subgraph(ref, as_of=when),
    }
    unchanged_unless_it_worked(world, calls[which])


@bounded
@given(ref=refs(), reason=st.one_of(texts, odd_values), severity=st.one_of(
    st.sampled_from(["error", "warning", "info"]), texts), by=st.one_of(st.none(), texts),
    dry_run=st.booleans(), purge=st.booleans(), flag_id=st.one_of(st.none(), texts))  # fmt: skip
def test_flags_and_deletion_refuse_cleanly(world: Lineage, ref: str, reason: Any, severity: Any,
                                           by: Any, dry_run: bool, purge: bool,
                                           flag_id: Any) -> None:  # fmt: skip
    unchanged_unless_it_worked(world, lambda: world.flag(ref, reason, severity, by=by),
                               writes=True)  # fmt: skip
    unchanged_unless_it_worked(world, lambda: world.unflag(ref, flag_id=flag_id, by=by),
                               writes=True)  # fmt: skip
    unchanged_unless_it_worked(world, lambda: world.delete(ref, dry_run=dry_run, purge=purge,
                                                           reason=reason, by=by),
                               writes=True)  # fmt: skip


COMMANDS = [["history"], ["diff"], ["check", "leakage"], ["flags"], ["delete", "--dry-run"],
            ["show", "--as-of"], ["ancestry", "--as-of"], ["runs", "--as-of"]]


@bounded
@given(command=st.sampled_from(COMMANDS), args=st.lists(st.one_of(
    texts, refs(), st.sampled_from(["--as-of", "2026-11-01T12:00", "2999-01-01T00:00Z",
                                    "--eval", "--eval-job-type", "--all", "--format", "json",
                                    "--project", "--artifact"])), max_size=4))  # fmt: skip
def test_the_new_commands_never_show_a_traceback(world: Lineage, command: list[str],
                                                 args: list[str]) -> None:  # fmt: skip
    before = graph_counts(world)
    result = CliRunner().invoke(cli, [*command, *args])
    assert "Traceback" not in result.output and "internal error" not in result.output, (
        result.output[-2000:])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception))
    assert result.exit_code in (0, 1, 2, 3, 4, 5, 7), (result.exit_code, result.output[-500:])
    assert graph_counts(world) == before
