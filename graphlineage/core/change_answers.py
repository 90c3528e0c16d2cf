"""Answers about change over time: a node's or an alias's history, the diff of two
ancestries, the leakage check, and a deletion's preview or report."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field, computed_field

from graphlineage.core.answers import NodeKind, _Answer


class HistoryEntry(_Answer):
    """One thing that happened to a node or an alias, at a time."""

    at: datetime
    event: str = Field(description=(
        "alias_set / alias_moved (an alias's history); started, used, logged, logged_again, "
        "linked, finished (a run); created, used_by, logged_again, alias_set, alias_lost, "
        "linked, registry_alias_set, registry_alias_lost (a version or a registered model)"))
    target: str | None = Field(None, description="the ref the event is about (what was used, "
                               "logged, linked, or the alias's new holder)")  # fmt: skip
    previous: str | None = Field(None, description="an alias's holder before the move")
    run: str | None = Field(None, description="the run that did it, when known")
    detail: dict[str, Any] = Field(default_factory=dict)


class History(_Answer):
    """:meth:`~graphlineage.client.Lineage.history`: what happened to ``ref``, oldest first."""

    ref: str
    kind: Literal["alias", "registry_alias", "run", "artifact_version", "registered_model",
                  "artifact"]
    as_of: datetime | None = Field(None, description="entries after this time are left out")
    entries: list[HistoryEntry]


class VersionChange(_Answer):
    """One artifact upstream of both sides, at different versions (``reviews-clean v1 →
    v2``)."""

    artifact: str
    a: list[str] = Field(description="its versions upstream of a")
    b: list[str] = Field(description="its versions upstream of b")


class ConfigChange(_Answer):
    key: str = Field(description="the config key; nested keys joined with dots")
    a: Any = None
    b: Any = None


class RunChange(_Answer):
    """Two runs of the same job type, one upstream of each side, and how they differ."""

    job_type: str | None
    a: str = Field(description="the run on a's side (a ref)")
    b: str = Field(description="the run on b's side")
    config: list[ConfigChange] = Field(description="keys whose values differ (absent: null)")
    git_commit_a: str | None = None
    git_commit_b: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def code_changed(self) -> bool:
        return self.git_commit_a != self.git_commit_b


class AncestryDiff(_Answer):
    """:meth:`~graphlineage.client.Lineage.diff`: what differs between the ancestries of two
    artifact versions."""

    a: str = Field(description="the first version's key")
    b: str = Field(description="the second version's key")
    only_in_a: list[str] = Field(description="upstream versions of artifacts upstream of a "
                                 "only")  # fmt: skip
    only_in_b: list[str]
    changed: list[VersionChange] = Field(description="artifacts upstream of both, at "
                                         "different versions")  # fmt: skip
    shared: list[str] = Field(description="versions upstream of both")
    runs: list[RunChange] = Field(description="runs upstream of one side only, paired with "
                                  "one of the same job type on the other side")  # fmt: skip
    runs_only_in_a: list[str] = Field(description="runs upstream of a only, with no partner")
    runs_only_in_b: list[str]
    shared_runs: list[str]
    diverges_at: int | None = Field(description="the fewest edges from a side's root to a "
                                    "node upstream of that side only (null: none)")  # fmt: skip
    meets_at: int | None = Field(description="the fewest edges from a root to a node upstream "
                                 "of both (null: nothing shared)")  # fmt: skip


class Leak(_Answer):
    """A dataset version used to evaluate a model that its training also saw: the same
    version (``error``) or another version of the same artifact (``warning``)."""

    severity: Literal["error", "warning"]
    evaluated_with: str = Field(description="the version the evaluation used")
    trained_on: str = Field(description="the version among the model's training ancestors")
    artifact: str
    distance: int = Field(description="edges from trained_on to the model")
    runs: list[str] = Field(description="evaluation runs that used evaluated_with (none when "
                            "it was given explicitly)")  # fmt: skip
    path: list[str] = Field(description="refs from trained_on to the model, the runs between")


class LeakageReport(_Answer):
    """:meth:`~graphlineage.client.Lineage.check_leakage`."""

    model: str
    eval_job_types: list[str]
    checked: list[str] = Field(description="the evaluation versions checked")
    leaks: list[Leak]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def leaked(self) -> bool:
        return bool(self.leaks)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def errors(self) -> int:
        return sum(leak.severity == "error" for leak in self.leaks)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def warnings(self) -> int:
        return sum(leak.severity == "warning" for leak in self.leaks)


class DeletionReport(_Answer):
    """:meth:`~graphlineage.client.Lineage.delete`: what deleting a node touches (the
    preview, ``dry_run``), what stands in the way, and whether it was deleted."""

    ref: str
    kind: NodeKind | Literal["artifact"]
    dry_run: bool
    purge: bool
    deleted: bool = Field(description="whether it was deleted now")
    already_deleted_at: datetime | None = Field(None, description="set if it was a tombstone")
    status: str | None = Field(None, description="a run's status")
    consumers: list[str] = Field(description="runs that used the version")
    outputs: list[str] = Field(description="versions the run logged")
    registry_links: list[str] = Field(description="registry versions linked to it")
    aliases: list[str] = Field(description="aliases that point at it now")
    registry_aliases: list[str] = Field(description="registry aliases that point at it now")
    downstream: list[str] = Field(description="nodes downstream, whose lineage it is part of")
    downstream_total: int
    blockers: list[str] = Field(description="why it cannot be deleted as asked (empty: it can)")
    versions: list[str] = Field(default_factory=list, description="a whole artifact's versions")
