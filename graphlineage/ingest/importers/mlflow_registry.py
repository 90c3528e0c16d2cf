"""The MLflow model registry as plans: each registered model's versions, in MLflow's order,
linked to the logged model or run artifact they came from, with their aliases and legacy
stages as registry aliases. A part of the MLflow importer (:mod:`.mlflow`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphlineage.core.events import RunState
from graphlineage.core.limits import MAX_ALIASES
from graphlineage.errors import GraphlineageError
from graphlineage.ingest.importers.common import (
    ImportReport,
    derived_id,
    valid_alias,
    valid_name,
    valid_run_name,
)
from graphlineage.ingest.importers.mlflow_source import _PAGE, _paged, _quoted
from graphlineage.ingest.importers.plans import Item, Plan

REGISTRY_JOB = "mlflow-registry"
_NO_STAGE = {"", "None", "none"}


class RegistryReader:
    """The registry half of the importer; the importer supplies what it reads from."""

    client: Any
    report: ImportReport
    advance: Callable[[int], None]
    since_ms: int | None
    run_models: dict[tuple[str, str], Item]

    def logged_model(self, model_id: str) -> Item | None:
        raise NotImplementedError

    def registry(self) -> list[Plan]:
        try:
            models = list(_paged(lambda token: self.client.search_registered_models(
                max_results=_PAGE, page_token=token)))
        except Exception as exc:
            self.report.warn(f"model registry not read ({exc})")
            return []
        plans = []
        for model in models:
            self.report.count("read", "registered models")
            try:
                versions = self.versions_of(model.name)
            except Exception as exc:
                self.report.warn(f"registered model {model.name!r}: versions not read ({exc})")
                continue
            aliases: dict[int, list[str]] = {}
            for alias, number in (model.aliases or {}).items():
                aliases.setdefault(int(number), []).append(alias)
            for version in sorted(versions, key=lambda v: int(v.version)):
                self.report.count("read", "model versions")
                self.advance(1)
                try:
                    plan = self.link_plan(model, version, aliases.get(int(version.version), []))
                except GraphlineageError as exc:
                    plan = None
                    self.report.warn(f"registered model {model.name!r} version "
                                     f"{version.version}: not imported: {exc}")  # fmt: skip
                if plan is not None:
                    plans.append(plan)
        return plans

    def versions_of(self, name: str) -> list[Any]:
        def page(token: str | None) -> Any:
            return self.client.search_model_versions(
                filter_string=f"name='{_quoted(name)}'", max_results=_PAGE, page_token=token)

        return list(_paged(page))

    def link_plan(self, model: Any, version: Any, held: list[str]) -> Plan | None:
        label = f"registered model {model.name!r} version {version.version}"
        changed = max(version.last_updated_timestamp or 0, model.last_updated_timestamp or 0)
        if self.since_ms is not None and changed < self.since_ms:
            self.report.count("skipped", "model versions (before --since)")
            return None
        item = self.version_source(version)
        if item is None:
            self.report.warn(f"{label}: its source ({version.source}) was not imported")
            self.report.count("skipped", "model versions")
            return None
        names = list(held)
        stage = version.current_stage or ""
        if stage not in _NO_STAGE:
            names.append(stage.lower())
        aliases = []
        for name in names:
            alias = valid_alias(name)
            if alias is None:
                self.report.warn(f"{label}: alias {name!r} cannot be a graphlineage alias")
            else:
                aliases.append(alias)
        aliases = sorted(dict.fromkeys(aliases))[:MAX_ALIASES]
        registered = valid_name(model.name, "model")
        number = int(version.version)
        seed = f"mlflow-registry|{model.name}|{number}|{','.join(aliases)}"
        when = (version.creation_timestamp or 0) if not aliases else changed
        name = f"register {registered} version {number}"
        if aliases:
            name += f" as {','.join(aliases)}"
        return Plan(seed=seed, graph_id=derived_id(seed, when), project=item.project,
                     name=valid_run_name(name[:128]), label=label, start_ms=when,
                     started={"job_type": REGISTRY_JOB,
                              "config": {"registered_model": model.name, "version": number,
                                         "source": version.source}},
                     external_id=f"{model.name}/{number}", outputs=[], inputs=[],
                     link={"artifact": item.artifact, "digest": item.digest,
                           "registered_model": registered, "aliases": aliases},
                     linked=item, number=number,
                     final=RunState.FINISHED, end_ms=when, fingerprint=seed,
                     user=getattr(version, "user_id", None),
                     kind="registry links")  # fmt: skip

    def version_source(self, version: Any) -> Item | None:
        source = str(version.source or "")
        model_id = getattr(version, "model_id", None)
        if not model_id and source.startswith("models:/m-"):
            model_id = source[len("models:/"):].split("/")[0]
        if model_id:
            return self.logged_model(model_id)
        run_id, path = version.run_id, None
        if source.startswith("runs:/"):
            run_id, _, path = source[len("runs:/"):].partition("/")
        elif "/artifacts/" in source:
            path = source.split("/artifacts/", 1)[1]
        if run_id and path:
            return self.run_models.get((run_id, path.strip("/")))
        return None
