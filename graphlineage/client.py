"""``Lineage``: the client object. One per connection; the module-level API uses a default one."""

from __future__ import annotations

import threading
from typing import Any

from graphlineage.connection import Connection, connect
from graphlineage.errors import InvalidInputError, NotFoundError
from graphlineage.events import Event, RunStarted, make, new_id
from graphlineage.handles import ArtifactVersion, RegisteredModel
from graphlineage.models import ArtifactVersionInfo, RunInfo
from graphlineage.refs import parse_artifact_ref, parse_run_ref
from graphlineage.run import Run, git_commit, host_name
from graphlineage.settings import Settings, load_settings
from graphlineage.store import Store
from graphlineage.writer import Writer, ref_parameter


class Lineage:
    """A connection to one lineage store: start runs, look things up, ask questions.

    ``Lineage()`` reads settings from the environment (``GRAPHLINEAGE_*``); keywords such as
    ``neo4j_uri=...`` override them. The connection opens on first use and applies the
    schema (constraints and indexes) once.
    """

    def __init__(self, settings: Settings | None = None, **overrides: Any) -> None:
        self.settings = settings or load_settings(**overrides)
        self._connection: Connection | None = None
        self._store: Store | None = None
        self._lock = threading.Lock()

    # -- plumbing ------------------------------------------------------------------------
    @property
    def store(self) -> Store:
        if self._store is None:
            with self._lock:
                if self._store is None:
                    self._connection = connect(self.settings)
                    store = Store(self._connection)
                    store.apply_schema()
                    self._store = store
        return self._store

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
        self._connection = None
        self._store = None

    def __enter__(self) -> Lineage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _emit(self, event: Event) -> Any:
        return Writer(self.store).apply(event)

    # -- capture -------------------------------------------------------------------------
    def init(
        self,
        project: str,
        job_type: str | None = None,
        config: dict[str, Any] | None = None,
        name: str | None = None,
        tags: list[str] | tuple[str, ...] | None = None,
        notes: str | None = None,
    ) -> Run:
        """Start a run (W&B's ``wandb.init``). Without a name, one like "jumping-monkey-1"."""
        if config is not None and not isinstance(config, dict):
            raise InvalidInputError(f"config must be a dict, not {type(config).__name__}")
        event = make(
            RunStarted,
            run_id=new_id(),
            project=project,
            name=name,
            job_type=job_type,
            config=dict(config or {}),
            tags=tuple(tags or ()),
            notes=notes,
            host=host_name(),
            git_commit=git_commit(),
        )
        info: RunInfo = self._emit(event)
        return Run(self, info, dict(event.config))

    # -- lookups -------------------------------------------------------------------------
    def artifact(self, ref: str, project: str | None = None) -> ArtifactVersion:
        """An artifact version by ref: ``project/name:alias``, ``name:v3`` (with project=)."""
        parsed = parse_artifact_ref(ref)
        if parsed.project is None:
            if project is None:
                raise InvalidInputError(
                    f"artifact ref {ref!r} needs a project: write 'project/{ref}' or pass project="
                )
            parsed = parsed.with_project(project)
        assert parsed.project is not None
        params = ref_parameter(parsed.project, parsed.name, parsed.selector)
        rows = self.store.read("resolve_artifact_ref", ref=params)
        if not rows:
            raise self._unresolved(parsed.project, parsed.name, parsed.selector)
        (row,) = self.store.read("get_artifact_version", key=rows[0]["version"]["key"])
        return ArtifactVersion.bind(ArtifactVersionInfo.from_row(row["version"]), self)

    def _unresolved(self, project: str, name: str, selector: str) -> NotFoundError:
        from graphlineage.writer import describe_unresolved

        (info,) = self.store.read(
            "describe_artifact_choices", artifact=f"{project}/{name}", project=project
        )
        return describe_unresolved(info, project, name, selector)

    def run(self, key: str, project: str | None = None) -> RunInfo:
        """A run by id or name (``project/name`` or ``run:project/name`` work too)."""
        ref = parse_run_ref(key)
        project = ref.project or project
        rows = self.store.read("get_run", key=ref.key, project=project)
        if not rows:
            raise NotFoundError(f"no run with id or name {ref.key!r}"
                                + (f" in project {project!r}" if project else ""))  # fmt: skip
        by_id = [row for row in rows if row["run"]["id"] == ref.key]
        if by_id:
            return RunInfo.from_row(by_id[0]["run"])
        if len(rows) > 1:
            projects = sorted({row["run"]["project"] for row in rows})
            raise InvalidInputError(
                f"run name {ref.key!r} exists in several projects ({', '.join(projects)}); "
                "write project/name"
            )
        return RunInfo.from_row(rows[0]["run"])

    def registered_model(self, name: str) -> RegisteredModel:
        rows = self.store.read("get_registered_model", name=name)
        if not rows:
            raise NotFoundError(f"no registered model named {name!r}")
        return RegisteredModel.from_rows(rows[0]["model"], rows[0]["versions"])
