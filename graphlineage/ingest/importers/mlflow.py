"""MLflow history into the graph: ``graphlineage import mlflow`` and :func:`import_runs`.

Read through the ``mlflow`` client (the ``mlflow`` extra) from any tracking URI it takes
(a local ``mlruns`` folder, ``sqlite:///mlflow.db``, a tracking server), and written as
graphlineage events through the batched writer:

- an experiment is a project (its name made a valid name: ``/Users/me/churn`` becomes
  ``Users-me-churn``);
- a run is a ``Run`` with the same name (made unique in the project if MLflow's is not),
  params as config, the last value of each metric as summary, its own tags as
  ``key=value`` tags, the note as notes, status, start and end, the source git commit; the
  user, the MLflow run and experiment ids are kept on the run (``user``, ``external_id``,
  ``external_experiment``; ``source`` is ``"mlflow"``); a nested run (``mlflow.parentRunId``)
  is ``CHILD_OF`` its parent;
- a dataset input (``mlflow.log_input``) is a version of the artifact named after the
  dataset (type ``dataset``) in the run's project; MLflow's digest is the version's
  digest, so the same dataset logged by several runs is one version. MLflow records no
  producer for a dataset, so each dataset version is logged by a small run of job type
  ``mlflow-dataset`` that holds its source; the run ``USED`` the version (``requested``
  says the dataset's name, digest and context, e.g. ``training``);
- a logged model (MLflow 3 ``LoggedModel``, or a model of MLflow 2's
  ``mlflow.log-model.history`` tag) is a version of the artifact named after the model
  (type ``model``) that its run ``PRODUCED``; a model a run used (MLflow 3 model inputs) is
  ``USED``;
- the model registry: each model version is ``LINKED_TO`` its registered model, in
  MLflow's version order (graphlineage numbers links from ``v0``; MLflow's number is kept
  on the link as ``source_version``); its aliases (``champion``) and its legacy stage
  (``production``, ``staging``, ``archived``, lower case) are registry aliases. Each link
  (and each later change of a version's aliases) is made by a small run of job type
  ``mlflow-registry``, as a link is made by a run in graphlineage.

Event and run ids are derived from MLflow's ids and times, so a second import of the same
history writes nothing; a re-import skips the runs whose status, end, metrics, inputs and
outputs are what the last import saw, and updates the others (new inputs and outputs of a
run still running, then its end, status and summary). Params, tags and names are taken when
a run is first imported. An alias removed in MLflow stays in the graph (aliases only move).
A bad item (a name that cannot be made valid, a model version whose model was not
imported) is a warning in the report; the rest is imported.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from graphlineage.core.events import (
    RunState,
)
from graphlineage.core.limits import DEFAULT_BATCH, MAX_TAGS
from graphlineage.errors import GraphlineageError, ImportSourceError
from graphlineage.graph.store import Store
from graphlineage.ingest.importers.common import (
    ImportReport,
    derived_id,
    json_number,
    tag_text,
    valid_name,
    valid_run_name,
)
from graphlineage.ingest.importers.mlflow_registry import RegistryReader
from graphlineage.ingest.importers.mlflow_source import _PAGE, _client, _digest, _ms, _paged
from graphlineage.ingest.importers.plans import Item, Plan, PlanWriter, unique_names

__all__ = ["SOURCE", "import_runs"]

SOURCE = "mlflow"
DATASET_JOB = "mlflow-dataset"
MODEL_JOB = "mlflow-model"
_CHUNK = 1000
_FINAL = {"FINISHED": RunState.FINISHED, "FAILED": RunState.FAILED,
          "KILLED": RunState.CRASHED}  # fmt: skip


class _Importer(RegistryReader):
    def __init__(self, store: Store, client: Any, report: ImportReport,
                 since: datetime | None, advance: Callable[[int], None],
                 batch_size: int) -> None:  # fmt: skip
        self.store = store
        self.client = client
        self.report = report
        self.since_ms = _ms(since)
        self.advance = advance
        self.out = PlanWriter(store, report, SOURCE, self.parent_id, batch_size)
        self.projects: dict[str, str] = {}  # experiment id -> project
        self.models: dict[str, Item] = {}  # logged model id -> its item
        self.run_models: dict[tuple[str, str], Item] = {}  # (run id, artifact path) -> item
        self.run_ids: dict[str, str] = {}  # MLflow run id -> graph run id

    # -- reading -------------------------------------------------------------------------
    def experiments(self, names: Sequence[str] | None) -> list[Any]:
        from mlflow.entities import ViewType

        if names:
            found = []
            for name in dict.fromkeys(names):
                try:
                    experiment = self.client.get_experiment_by_name(name)
                except Exception as exc:
                    raise ImportSourceError(f"cannot read MLflow experiments: {exc}") from exc
                if experiment is None:
                    self.report.warn(f"experiment {name!r}: not in MLflow")
                    self.report.count("skipped", "experiments")
                else:
                    found.append(experiment)
            return found
        try:
            return list(_paged(lambda token: self.client.search_experiments(
                view_type=ViewType.ACTIVE_ONLY, max_results=_PAGE, page_token=token)))
        except Exception as exc:
            raise ImportSourceError(f"cannot read MLflow experiments: {exc}") from exc

    def project_of(self, experiment_id: str) -> str:
        project = self.projects.get(experiment_id)
        if project is None:
            try:
                name = self.client.get_experiment(experiment_id).name
            except Exception:
                name = f"mlflow-experiment-{experiment_id}"
            project = self.projects[experiment_id] = valid_name(name, "mlflow")
        return project

    def read_experiment(self, experiment: Any) -> list[Any]:
        """The experiment's runs (oldest first); its logged models go into ``models``."""
        eid = experiment.experiment_id
        self.projects[eid] = valid_name(experiment.name, f"mlflow-experiment-{eid}")
        self.report.count("read", "experiments")
        try:
            models = list(_paged(lambda token: self.client.search_logged_models(
                experiment_ids=[eid], max_results=_PAGE, page_token=token)))
        except Exception as exc:  # an MLflow 2 server has no logged models
            models = []
            self.report.warn(f"experiment {experiment.name!r}: logged models not read ({exc})")
        for model in models:
            self.report.count("read", "logged models")
            self.models[model.model_id] = self.model_item(model)
        try:
            return list(_paged(lambda token: self.client.search_runs(
                experiment_ids=[eid], max_results=_PAGE, page_token=token,
                order_by=["attributes.start_time ASC"])))
        except Exception as exc:
            self.report.warn(f"experiment {experiment.name!r}: runs not read ({exc})")
            self.report.count("skipped", "experiments")
            return []

    def model_item(self, model: Any) -> Item:
        tags = {k: v for k, v in (model.tags or {}).items() if not k.startswith("mlflow.")}
        params = dict(model.params or {})
        meta = {"mlflow": {k: v for k, v in {
            "model_id": model.model_id, "name": model.name, "model_type": model.model_type,
            "model_uri": getattr(model, "model_uri", None),
            "artifact_location": model.artifact_location,
            "source_run_id": model.source_run_id,
            "status": str(getattr(model.status, "value", model.status)),
            "params": params or None, "tags": tags or None,
        }.items() if v is not None}}  # fmt: skip
        return Item(self.project_of(model.experiment_id), valid_name(model.name or "", "model"),
                     "model", f"mlflow-model:{model.model_id}",
                     f"logged model {model.name} ({model.model_id})", meta,
                     model.creation_timestamp or 0)  # fmt: skip

    def logged_model(self, model_id: str) -> Item | None:
        if model_id not in self.models:
            try:
                self.models[model_id] = self.model_item(self.client.get_logged_model(model_id))
            except Exception as exc:
                self.report.warn(f"logged model {model_id}: not read ({exc})")
                return None
        return self.models[model_id]

    # -- planning ------------------------------------------------------------------------
    def plan_run(self, run: Any) -> Plan:
        info, data = run.info, run.data
        try:  # a search leaves the model inputs out (MLflow 3.x); the run itself has them
            run = self.client.get_run(info.run_id)
        except Exception as exc:
            self.report.warn(f"run {info.run_id}: model inputs not read ({exc})")
        tags = dict(data.tags or {})
        project = self.project_of(info.experiment_id)
        start = info.start_time or info.end_time or 0
        label = f"run {info.run_id} ({info.run_name or tags.get('mlflow.runName') or '-'})"
        own = sorted(tag_text(k, v) for k, v in tags.items()
                     if not k.startswith("mlflow.") and k.strip())  # fmt: skip
        if len(own) > MAX_TAGS:
            self.report.warn(f"{label}: {len(own)} tags, the first {MAX_TAGS} kept")
            own = own[:MAX_TAGS]
        plan = Plan(
            seed=f"mlflow-run|{info.run_id}", graph_id=derived_id(f"mlflow-run|{info.run_id}",
                                                                  start),
            project=project,
            name=valid_run_name(info.run_name or tags.get("mlflow.runName") or ""),
            label=label, start_ms=start,
            started={"config": dict(data.params or {}), "tags": own,
                     "notes": tags.get("mlflow.note.content"),
                     "git_commit": tags.get("mlflow.source.git.commit")},
            external_id=info.run_id, experiment_id=info.experiment_id,
            user=info.user_id or tags.get("mlflow.user"),
            parent=tags.get("mlflow.parentRunId"),
            final=_FINAL.get(info.status), end_ms=info.end_time,
            summary={k: json_number(v) for k, v in (data.metrics or {}).items()},
        )  # fmt: skip
        outputs: dict[str, Item] = {}
        for model in self.models.values():
            if model.metadata["mlflow"].get("source_run_id") == info.run_id:
                outputs[model.digest] = model
        for output in getattr(getattr(run, "outputs", None), "model_outputs", None) or []:
            item = self.logged_model(output.model_id)
            if item is not None:
                outputs[item.digest] = item
        for item in self.history_models(info.run_id, project, tags, label):
            outputs.setdefault(item.digest, item)
        plan.outputs = sorted(outputs.values(), key=lambda i: (i.at_ms, i.digest))
        inputs: dict[str, Item] = {}
        run_inputs = getattr(run, "inputs", None)
        for used in getattr(run_inputs, "dataset_inputs", None) or []:
            item = self.dataset_item(used, project, start)
            inputs.setdefault(item.token, item)
        for used in getattr(run_inputs, "model_inputs", None) or []:
            source = self.logged_model(used.model_id)
            if source is not None:
                inputs.setdefault(source.token, Item(
                    source.project, source.name, source.type, source.digest, source.label,
                    requested=f"mlflow:models:/{used.model_id}"))  # fmt: skip
        plan.inputs = list(inputs.values())
        plan.fingerprint = _digest(json.dumps([
            info.status, info.end_time, plan.summary, sorted(inputs), sorted(outputs)],
            sort_keys=True, default=str))  # fmt: skip
        return plan

    def history_models(self, run_id: str, project: str, tags: dict[str, str],
                       label: str) -> list[Item]:  # fmt: skip
        """The models of MLflow 2's ``mlflow.log-model.history`` tag."""
        text = tags.get("mlflow.log-model.history")
        if not text:
            return []
        try:
            entries = json.loads(text)
            items = []
            for entry in entries:
                path = str(entry["artifact_path"])
                uid = str(entry.get("model_uuid") or f"{run_id}/{path}")
                meta = {"mlflow": {"run_id": run_id, "artifact_path": path, "model_uuid": uid,
                                   "flavors": sorted(entry.get("flavors") or {}),
                                   "created": entry.get("utc_time_created")}}  # fmt: skip
                item = Item(project, valid_name(path, "model"), "model",
                             f"mlflow-model:{uid}", f"model {path} of run {run_id}", meta)
                self.run_models[(run_id, path.strip("/"))] = item
                items.append(item)
            return items
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            self.report.warn(f"{label}: mlflow.log-model.history not read ({exc!r})")
            return []

    def dataset_item(self, used: Any, project: str, start: int) -> Item:
        dataset = used.dataset
        context = next((t.value for t in used.tags or [] if t.key == "mlflow.data.context"),
                       None)  # fmt: skip
        meta: dict[str, Any] = {"name": dataset.name, "digest": dataset.digest,
                                "source_type": dataset.source_type}  # fmt: skip
        for key in ("source", "schema", "profile"):
            value = getattr(dataset, key, None)
            if value:
                try:
                    meta[key] = json.loads(value)
                except ValueError:
                    meta[key] = value
        requested = f"mlflow dataset {dataset.name}@{dataset.digest}"
        if context:
            requested += f" ({context})"
        return Item(project, valid_name(dataset.name or "", "dataset"), "dataset",
                     dataset.digest, f"dataset {dataset.name}@{dataset.digest}",
                     {"mlflow": meta}, start, requested[:1024])  # fmt: skip

    def source_plan(self, item: Item) -> Plan:
        """The small run that logs a version MLflow records no producer for."""
        seed = f"mlflow-{item.type}|{item.token}"
        source = item.metadata["mlflow"].get("source") if item.type == "dataset" else None
        name = valid_run_name(f"mlflow {item.type} {item.name} {item.digest}"[:128])
        return Plan(seed=seed, graph_id=derived_id(seed, item.at_ms), project=item.project,
                     name=name, label=f"the source of {item.label}", start_ms=item.at_ms,
                     started={"job_type": DATASET_JOB if item.type == "dataset" else MODEL_JOB,
                              "config": {"source": source} if source else {}},
                     external_id=item.digest, outputs=[item], final=RunState.FINISHED,
                     end_ms=item.at_ms, fingerprint=item.type,
                     kind="datasets" if item.type == "dataset" else "models outside runs")

    def parent_id(self, plan: Plan) -> str | None:
        if plan.parent is None:
            return None
        if plan.parent not in self.run_ids:
            try:
                parent = self.client.get_run(plan.parent)
                start = parent.info.start_time or parent.info.end_time or 0
                self.run_ids[plan.parent] = derived_id(f"mlflow-run|{plan.parent}", start)
            except Exception as exc:
                self.report.warn(f"{plan.label}: parent run {plan.parent} not read ({exc})")
                return None
        return self.run_ids[plan.parent]

    # -- the whole import ----------------------------------------------------------------
    def run(self, names: Sequence[str] | None, registry: bool) -> None:
        plans: list[Plan] = []
        for experiment in self.experiments(names):
            for run in self.read_experiment(experiment):
                self.report.count("read", "runs")
                self.advance(1)
                info = run.info
                self.run_ids[info.run_id] = derived_id(
                    f"mlflow-run|{info.run_id}", info.start_time or info.end_time or 0)
                if self.since_ms is not None and info.status not in ("RUNNING", "SCHEDULED") \
                        and max(info.start_time or 0, info.end_time or 0) < self.since_ms:
                    self.report.count("skipped", "runs (before --since)")
                    continue
                try:
                    plans.append(self.plan_run(run))
                except GraphlineageError as exc:
                    self.report.warn(f"run {info.run_id}: not imported: {exc}")
                    self.report.count("skipped", "runs")
                except Exception as exc:  # bad or partial source data: this run only
                    self.report.warn(f"run {info.run_id}: not read ({type(exc).__name__}: "
                                     f"{exc})")  # fmt: skip
                    self.report.count("skipped", "runs")
        unique_names(plans)
        # versions MLflow records no producer for (datasets; models logged outside a run)
        # get a small run of their own, unless they are in the graph already
        orphans: dict[str, Item] = {}
        for plan in plans:
            for item in plan.inputs:
                if item.type == "dataset":
                    orphans.setdefault(item.token, item)
        for model in self.models.values():
            if model.metadata["mlflow"].get("source_run_id"):
                continue
            if self.since_ms is not None and model.at_ms < self.since_ms:
                self.report.count("skipped", "models outside runs (before --since)")
            else:
                orphans.setdefault(model.token, model)
        self.report.count("read", "datasets", sum(1 for i in orphans.values()
                                                  if i.type == "dataset"))  # fmt: skip
        there = self.out.versions(orphans.values())
        sources = [self.source_plan(item) for token, item in orphans.items()
                   if token not in there]  # fmt: skip
        if len(orphans) > len(sources):
            self.report.count("unchanged", "datasets", len(orphans) - len(sources))
        self.out.write(sources + plans)
        if registry:
            links = self.registry()
            there = self.out.versions(plan.linked for plan in links if plan.linked)
            ready = []
            for plan in links:
                assert plan.linked is not None
                if plan.linked.token in there:
                    ready.append(plan)
                else:
                    self.report.warn(f"{plan.label}: its model ({plan.linked.label}) is not "
                                     "in the graph")  # fmt: skip
                    self.report.count("skipped", "model versions")
            self.out.write(ready)
            self.out.mark_links()

def import_runs(
    store: Store,
    tracking_uri: str | None = None,
    experiments: Sequence[str] | None = None,
    since: datetime | None = None,
    *,
    registry: bool = True,
    advance: Callable[[int], None] = lambda count: None,
    batch_size: int = DEFAULT_BATCH,
) -> ImportReport:
    """Import the MLflow history at ``tracking_uri`` (default: ``MLFLOW_TRACKING_URI``):
    the runs of ``experiments`` (names; default: every active experiment), or only those
    that started or ended at ``since`` or later, and (with ``registry``) the model
    registry. ``advance(n)`` after each n runs or model versions read. Importing again
    writes only what changed; the report says what was read, written and skipped, and why.
    """
    uri = tracking_uri or os.environ.get("MLFLOW_TRACKING_URI")
    if not uri:
        raise ImportSourceError("give the MLflow tracking URI (or set MLFLOW_TRACKING_URI)")
    client = _client(uri)
    report = ImportReport(source=f"MLflow at {uri}")
    _Importer(store, client, report, since, advance, batch_size).run(experiments, registry)
    return report
