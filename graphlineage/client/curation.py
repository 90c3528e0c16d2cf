"""Curation, as methods of the client: flagging a bad version (and lifting the flag),
deleting with a preview, and the leakage check. Each resolves its refs, then hands the store
to :mod:`~graphlineage.query.flags`, :mod:`~graphlineage.query.deletion` or
:mod:`~graphlineage.query.leakage`."""

from __future__ import annotations

from collections.abc import Iterable

from graphlineage.core.answers import FlagInfo, NodeId
from graphlineage.core.change_answers import DeletionReport, LeakageReport
from graphlineage.core.refs import parse_artifact_ref
from graphlineage.core.settings import Settings
from graphlineage.errors import InvalidInputError, NotFoundError
from graphlineage.graph.store import Store
from graphlineage.query import deletion, flags, leakage, resolve
from graphlineage.query.resolve import NodeLike


class Curation:
    """Flags, deletion and the leakage check over ``self.store``."""

    settings: Settings

    @property
    def store(self) -> Store:
        raise NotImplementedError

    def node(self, ref: NodeLike, project: str | None = None) -> NodeId:
        raise NotImplementedError

    def flag(self, ref: NodeLike, reason: str, severity: str = "error", *,
             by: str | None = None, project: str | None = None) -> FlagInfo:  # fmt: skip
        """Mark a run or an artifact version as bad (``severity``: error, warning or info;
        ``by``: who, default the user name). From then on everything downstream is tainted
        by it (``show``, ``impact``, ``stale``, ``flags``) until :meth:`unflag`."""
        return flags.flag(self.store, self.node(ref, project), reason, severity, by)

    def unflag(self, ref: NodeLike, *, flag_id: str | None = None, by: str | None = None,
               reason: str | None = None,
               project: str | None = None) -> list[FlagInfo]:  # fmt: skip
        """Lift the active flags of a run or an artifact version (or only ``flag_id``); the
        flags stay in the history with who lifted them, when and why."""
        return flags.unflag(self.store, self.node(ref, project), flag_id, by, reason)

    def delete(self, ref: NodeLike, *, dry_run: bool = True, purge: bool = False,
               force: bool = False, delete_aliases: bool = False, by: str | None = None,
               reason: str | None = None, project: str | None = None,
               artifact: bool = False) -> DeletionReport:  # fmt: skip
        """Delete a run, an artifact version or a registered model; by default only preview
        it (``dry_run=True``): the runs that used it, its registry links and aliases,
        everything downstream, and ``blockers``. A version that runs used or that is linked
        into the registry (a model with linked versions, a running run) is refused unless
        ``force``; aliases that point at it must be moved first, or ended with
        ``delete_aliases`` (a version's ``latest`` moves to the newest version left). The
        default keeps a tombstone (``deleted_at``, who, why), hidden from listings and
        search and shown as deleted in lineage; ``purge`` removes it and its edges, and the
        history keeps a record of the purge. Refusals raise ``ConflictError``.
        ``artifact=True``: ``ref`` names a whole artifact (``project/name``, or ``name``
        with ``project=`` or when one project has it), every version of which is deleted."""
        if artifact:
            return deletion.delete_artifact(
                self.store, self._artifact_key(ref, project), dry_run=dry_run, purge=purge,
                force=force, delete_aliases=delete_aliases, by=by, reason=reason)
        try:
            node = self.node(ref, project)
        except NotFoundError as exc:
            if isinstance(ref, str):
                gone = deletion.purged(self.store, ref, ref.removeprefix("run:"))
                if gone is not None:
                    raise gone from exc
            raise
        return deletion.delete(self.store, node, dry_run=dry_run, purge=purge, force=force,
                               delete_aliases=delete_aliases, by=by, reason=reason)  # fmt: skip

    def _artifact_key(self, ref: NodeLike, project: str | None) -> str:
        if not isinstance(ref, str) or ":" in ref:
            raise InvalidInputError(
                f"a whole artifact is named project/name (no version or alias), not {ref!r}")
        parsed = resolve.with_project(self.store, parse_artifact_ref(ref), project)
        return f"{parsed.project}/{parsed.name}"

    def check_leakage(
        self,
        model: NodeLike,
        eval_data: Iterable[NodeLike] | NodeLike | None = None,
        *,
        eval_job_types: Iterable[str] | str | None = None,
        project: str | None = None,
    ) -> LeakageReport:
        """The dataset versions used to evaluate ``model`` (by runs of an evaluation job
        type that used it, and ``eval_data`` given explicitly) that are among its training
        ancestors: the same version is an ``error``, another version of the same artifact a
        ``warning``, each with the path from the training version to the model.
        ``eval_job_types`` defaults to the ``eval_job_types`` setting (evaluate, eval, test)."""
        types = leakage.job_types(eval_job_types, self.settings.eval_job_types.split(","))
        given: list[NodeLike]
        if eval_data is None:
            given = []
        elif isinstance(eval_data, list | tuple | set | frozenset):
            given = list(eval_data)
        else:  # one ref (pydantic answers iterate over their fields: not a collection)
            given = [eval_data]  # type: ignore[list-item]
        return leakage.check_leakage(
            self.store, self.node(model, project), [self.node(d, project) for d in given], types
        )
