"""ML Metadata (Kubeflow Pipelines, TFX) into the graph: ``graphlineage import mlmd`` and
:func:`import_store`.

Read through the ``ml-metadata`` package (the ``mlmd`` extra; it ships wheels only: CPython
3.9-3.11 on Linux x86_64, and 3.10-3.13 on Linux x86_64 with glibc 2.39+ and on macOS
arm64) from a SQLite file or a MySQL database, and written as
graphlineage events through the batched writer:

- a pipeline context (context type ``pipeline``, or KFP v2's ``system.Pipeline``) is a
  project; executions in none are in the project given (default ``mlmd``). Every other
  context an execution is in (a pipeline run, a node) is a tag ``<context type>=<name>``;
- an execution is a ``Run``: its type is the job type, its properties and custom
  properties the config, its state the status (COMPLETE and CACHED: finished, FAILED:
  failed, CANCELED: crashed; NEW, RUNNING: running), its create and last update times the
  start and the end; named by its name, or its type's last part and its id (``Trainer-7``);
- an artifact is an artifact version (one per MLMD artifact): the artifact is named after
  its producer and output key (``Trainer.model``), else after its name or type; its type
  is MLMD's type, its URI, state, properties and custom properties are its metadata.
  INPUT events are ``USED``, OUTPUT events ``PRODUCED`` (the declared and internal ones
  too); an artifact is in its producer's project; one that no execution produced (an
  imported file) is in the project of its pipeline context (else of its first consumer)
  and is logged by a small run of job type ``mlmd-artifact``.

As for MLflow, ids are derived from MLMD's ids and times: importing again writes nothing, and
a re-import writes only the executions that changed (their new events, state and end).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graphlineage.core.events import RunState
from graphlineage.core.limits import DEFAULT_BATCH, MAX_TAGS
from graphlineage.errors import GraphlineageError, ImportSourceError
from graphlineage.graph.store import Store
from graphlineage.ingest.importers.common import (
    ImportReport,
    derived_id,
    tag_text,
    valid_name,
    valid_run_name,
)
from graphlineage.ingest.importers.plans import Item, Plan, PlanWriter, unique_names

__all__ = ["SOURCE", "MySQL", "import_store"]

SOURCE = "mlmd"
ARTIFACT_JOB = "mlmd-artifact"
PIPELINE_TYPES = ("pipeline", "system.Pipeline")
_INPUTS = {2, 3, 5}  # DECLARED_INPUT, INPUT, INTERNAL_INPUT
_OUTPUTS = {1, 4, 6}  # DECLARED_OUTPUT, OUTPUT, INTERNAL_OUTPUT
_STATES = {3: RunState.FINISHED, 5: RunState.FINISHED, 4: RunState.FAILED,
           6: RunState.CRASHED}  # fmt: skip
_ARTIFACT_STATES = {0: "UNKNOWN", 1: "PENDING", 2: "LIVE", 3: "MARKED_FOR_DELETION",
                    4: "DELETED", 5: "ABANDONED", 6: "REFERENCE"}  # fmt: skip
_STATE_NAMES = {0: "UNKNOWN", 1: "NEW", 2: "RUNNING", 3: "COMPLETE", 4: "FAILED", 5: "CACHED",
                6: "CANCELED"}  # fmt: skip


@dataclass(frozen=True)
class MySQL:
    """The MySQL database an ML Metadata store lives in."""

    host: str
    port: int = 3306
    database: str = "mlmd"
    user: str = "root"
    password: str = ""


def _open(sqlite: str | Path | None, mysql: MySQL | None) -> Any:
    try:
        from ml_metadata.metadata_store import metadata_store
        from ml_metadata.proto import metadata_store_pb2
    except ImportError as exc:
        raise ImportSourceError(
            "the ML Metadata importer reads through the ml-metadata package, which is not "
            "installed: pip install 'graphlineage[mlmd]' (it has wheels for Linux x86_64 and "
            f"macOS arm64) ({exc})"
        ) from exc
    protos: Any = metadata_store_pb2  # typed in part only
    config = protos.ConnectionConfig()
    if (sqlite is None) == (mysql is None):
        raise ImportSourceError("give the ML Metadata store: a SQLite file or a MySQL host")
    if sqlite is not None:
        if not Path(sqlite).is_file():
            raise ImportSourceError(f"no ML Metadata database at {sqlite}")
        config.sqlite.filename_uri = str(sqlite)
        config.sqlite.connection_mode = 1  # READONLY
        where = str(sqlite)
    else:
        assert mysql is not None
        config.mysql.host = mysql.host
        config.mysql.port = mysql.port
        config.mysql.database = mysql.database
        config.mysql.user = mysql.user
        config.mysql.password = mysql.password
        where = f"mysql://{mysql.user}@{mysql.host}:{mysql.port}/{mysql.database}"
    try:
        return metadata_store.MetadataStore(config), where
    except Exception as exc:
        raise ImportSourceError(f"cannot open ML Metadata at {where}: {exc}") from exc


def _value(value: Any) -> Any:
    which = value.WhichOneof("value")
    if which is None:
        return None
    if which in ("struct_value", "proto_value"):
        from google.protobuf import json_format

        return json_format.MessageToDict(getattr(value, which))
    return getattr(value, which)


def _values(*maps: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for properties in maps:
        for key in sorted(properties):
            found[key] = _value(properties[key])
    return found


def _short(type_name: str) -> str:
    return type_name.rsplit(".", 1)[-1] or type_name


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


class _Importer:
    def __init__(self, store: Store, source: Any, report: ImportReport, project: str,
                 pipeline_types: Iterable[str], since: datetime | None,
                 advance: Callable[[int], None], batch_size: int) -> None:  # fmt: skip
        self.source = source
        self.report = report
        self.project = valid_name(project, "mlmd")
        self.pipeline_types = set(pipeline_types)
        self.since_ms = None if since is None else int(
            (since if since.tzinfo else since.replace(tzinfo=UTC)).timestamp() * 1000)
        self.advance = advance
        self.out = PlanWriter(store, report, SOURCE, batch_size=batch_size)

    def run(self) -> None:
        mlmd = self.source
        try:
            artifact_types = {t.id: t.name for t in mlmd.get_artifact_types()}
            execution_types = {t.id: t.name for t in mlmd.get_execution_types()}
            context_types = {t.id: t.name for t in mlmd.get_context_types()}
            executions = sorted(mlmd.get_executions(),
                                key=lambda e: (e.create_time_since_epoch, e.id))  # fmt: skip
            artifacts = {a.id: a for a in mlmd.get_artifacts()}
            contexts = list(mlmd.get_contexts())
            events = list(mlmd.get_events_by_execution_ids([e.id for e in executions]))
        except Exception as exc:
            raise ImportSourceError(f"cannot read ML Metadata: {exc}") from exc
        self.report.count("read", "executions", len(executions))
        self.report.count("read", "artifacts", len(artifacts))
        self.report.count("read", "contexts", len(contexts))
        self.report.count("read", "events", len(events))
        # contexts: which pipeline (project) and which other contexts (tags) each is in
        projects: dict[int, str] = {}
        homes: dict[int, str] = {}  # artifact id -> the project of its pipeline context
        tags: dict[int, list[str]] = {}
        for context in sorted(contexts, key=lambda c: c.id):
            kind = context_types.get(context.type_id, "context")
            try:
                members = mlmd.get_executions_by_context(context.id)
            except Exception as exc:
                self.report.warn(f"context {context.name!r}: executions not read ({exc})")
                continue
            if kind in self.pipeline_types:
                try:
                    for artifact in mlmd.get_artifacts_by_context(context.id):
                        homes.setdefault(artifact.id, valid_name(context.name, self.project))
                except Exception as exc:
                    self.report.warn(f"context {context.name!r}: artifacts not read ({exc})")
            for execution in members:
                if kind in self.pipeline_types:
                    projects.setdefault(execution.id, valid_name(context.name, self.project))
                else:
                    tags.setdefault(execution.id, []).append(tag_text(kind, context.name))
        by_execution: dict[int, list[Any]] = {}
        producers: dict[int, tuple[Any, str]] = {}  # artifact id -> (first producer, key)
        for event in sorted(events, key=lambda e: (e.milliseconds_since_epoch, e.execution_id)):
            by_execution.setdefault(event.execution_id, []).append(event)
            if event.type in _INPUTS and event.execution_id in projects:
                homes.setdefault(event.artifact_id, projects[event.execution_id])
            if event.type in _OUTPUTS and event.artifact_id not in producers:
                key = next((s.key for s in event.path.steps if s.HasField("key")), "")
                producers[event.artifact_id] = (event.execution_id, key)
        kinds = {e.id: execution_types.get(e.type_id, "execution") for e in executions}
        items: dict[int, Item] = {}

        def item(artifact_id: int) -> Item | None:
            if artifact_id in items:
                return items[artifact_id]
            artifact = artifacts.get(artifact_id)
            if artifact is None:
                self.report.warn(f"artifact {artifact_id}: named by an event, not in the store")
                return None
            kind = artifact_types.get(artifact.type_id, "artifact")
            producer = producers.get(artifact_id)
            if producer is not None and producer[1]:
                name = f"{_short(kinds.get(producer[0], 'execution'))}.{producer[1]}"
                project = projects.get(producer[0], self.project)
            else:
                name = artifact.name or kind
                project = homes.get(artifact_id, self.project)
            meta = {"mlmd": {"id": artifact.id, "type": kind, "uri": artifact.uri,
                             "state": _ARTIFACT_STATES.get(artifact.state, str(artifact.state)),
                             "name": artifact.name or None,
                             "properties": _values(artifact.properties),
                             "custom_properties": _values(artifact.custom_properties)}}
            made = items[artifact_id] = Item(
                project, valid_name(name, "artifact"), valid_name(kind, "artifact"),
                f"mlmd:{artifact.id}@{artifact.create_time_since_epoch}",
                f"artifact {artifact.id} ({kind}, {artifact.uri or 'no URI'})", meta,
                artifact.create_time_since_epoch)  # fmt: skip
            return made

        plans: list[Plan] = []
        for execution in executions:
            self.advance(1)
            try:
                plan = self.plan(execution, kinds[execution.id], projects, tags,
                                 by_execution.get(execution.id, []), item)  # fmt: skip
            except GraphlineageError as exc:
                self.report.warn(f"execution {execution.id}: not imported: {exc}")
                self.report.count("skipped", "executions")
                continue
            except Exception as exc:  # bad or partial source data: this execution only
                self.report.warn(f"execution {execution.id}: not read "
                                 f"({type(exc).__name__}: {exc})")  # fmt: skip
                self.report.count("skipped", "executions")
                continue
            if plan is not None:
                plans.append(plan)
        unique_names(plans)
        # the artifacts no execution produced: logged by a small run each
        used = {i.token: i for plan in plans for i in plan.inputs}
        orphans = [i for aid, i in sorted(items.items())
                   if aid not in producers and i.token in used]  # fmt: skip
        there = self.out.versions(orphans)
        sources = [self.source_plan(i) for i in orphans if i.token not in there]
        self.out.write(sources + plans)

    def plan(self, execution: Any, kind: str, projects: dict[int, str],
             tags: dict[int, list[str]], events: list[Any],
             item: Callable[[int], Item | None]) -> Plan | None:  # fmt: skip
        start = execution.create_time_since_epoch
        end = execution.last_update_time_since_epoch or start
        if self.since_ms is not None and max(start, end) < self.since_ms:
            self.report.count("skipped", "executions (before --since)")
            return None
        label = f"execution {execution.id} ({kind})"
        own = sorted(dict.fromkeys(tags.get(execution.id, [])))
        if execution.last_known_state == 5:
            own.append("cached")
        if len(own) > MAX_TAGS:
            self.report.warn(f"{label}: in {len(own)} contexts, the first {MAX_TAGS} are tags")
            own = own[:MAX_TAGS]
        seed = f"mlmd-execution|{execution.id}|{start}|{kind}"
        plan = Plan(
            seed=seed, graph_id=derived_id(seed, start),
            project=projects.get(execution.id, self.project),
            name=valid_run_name(execution.name or f"{_short(kind)}-{execution.id}"),
            label=label, start_ms=start,
            started={"job_type": valid_name(kind, "execution"),
                     "config": _values(execution.properties, execution.custom_properties),
                     "tags": own},
            external_id=str(execution.id), final=_STATES.get(execution.last_known_state),
            end_ms=end,
        )  # fmt: skip
        for event in events:
            made = item(event.artifact_id)
            if made is None:
                continue
            if event.type in _INPUTS:
                if all(i.token != made.token for i in plan.inputs):
                    key = next((s.key for s in event.path.steps if s.HasField("key")), "")
                    plan.inputs.append(Item(
                        made.project, made.name, made.type, made.digest, made.label,
                        requested=f"mlmd artifact {event.artifact_id}"
                                  + (f" ({key})" if key else "")))  # fmt: skip
            elif event.type in _OUTPUTS and all(i.token != made.token for i in plan.outputs):
                plan.outputs.append(made)
        plan.fingerprint = _digest([execution.last_known_state, end,
                                    sorted(i.token for i in plan.inputs),
                                    sorted(i.token for i in plan.outputs),
                                    plan.started["config"]])  # fmt: skip
        plan.summary = {"state": _STATE_NAMES.get(execution.last_known_state, "UNKNOWN")}
        return plan

    def source_plan(self, item: Item) -> Plan:
        seed = f"mlmd-artifact|{item.token}"
        return Plan(seed=seed, graph_id=derived_id(seed, item.at_ms), project=item.project,
                    name=valid_run_name(f"mlmd artifact {item.name} {item.digest}"[:128]),
                    label=f"the source of {item.label}", start_ms=item.at_ms,
                    started={"job_type": ARTIFACT_JOB,
                             "config": {"uri": item.metadata["mlmd"].get("uri")}},
                    external_id=item.digest, outputs=[item], final=RunState.FINISHED,
                    end_ms=item.at_ms, fingerprint="artifact", kind="artifacts without "
                    "a producer")  # fmt: skip


def import_store(
    store: Store,
    sqlite: str | Path | None = None,
    mysql: MySQL | None = None,
    *,
    project: str = "mlmd",
    pipeline_types: Iterable[str] = PIPELINE_TYPES,
    since: datetime | None = None,
    advance: Callable[[int], None] = lambda count: None,
    batch_size: int = DEFAULT_BATCH,
) -> ImportReport:
    """Import an ML Metadata store (a SQLite file, or a MySQL database): executions as runs,
    artifacts as versions, events as USED/PRODUCED (see the module's docstring). Executions
    in no pipeline context go to ``project``; with ``since``, only executions created or
    updated at that time or later. Importing again writes only what changed."""
    source, where = _open(sqlite, mysql)
    report = ImportReport(source=f"ML Metadata at {where}")
    _Importer(store, source, report, project, pipeline_types, since, advance,
              batch_size).run()  # fmt: skip
    return report
