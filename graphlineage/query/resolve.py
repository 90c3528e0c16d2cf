"""From what a user writes (a ref string or an object the API returned) to one stored node.

Refs (see :mod:`graphlineage.core.refs`): ``project/name:alias`` or ``name:v3`` for artifact
versions (the project may come from ``project=``, or is found when only one project has
an artifact of that name), ``run:[project/]name-or-id`` for runs, and
``registry:Model:alias`` for the artifact version a registry version points at, and
``registry:Model`` for the registered model itself.
"""

from __future__ import annotations

from datetime import datetime

from graphlineage.core.answers import LineageNode, NodeId
from graphlineage.core.datasets import DatasetRef
from graphlineage.core.models import ArtifactVersionInfo, RunInfo
from graphlineage.core.refs import (
    REGISTRY_PREFIX,
    ArtifactRef,
    RegistryRef,
    RunRef,
    parse_artifact_ref,
    parse_node_ref,
    parse_run_ref,
)
from graphlineage.errors import InvalidInputError, NotFoundError
from graphlineage.graph import queries
from graphlineage.graph.ref_params import describe_unresolved, ref_parameter
from graphlineage.graph.store import Store
from graphlineage.query.starts import RunName, Start, VersionRef

NodeLike = str | NodeId | LineageNode | RunInfo | ArtifactVersionInfo


def find_run(store: Store, ref: RunRef, as_of: datetime | None = None) -> RunInfo:
    """The run with this id, or this name (unique across projects unless one is given);
    with ``as_of``, only a run started by then."""
    rows = store.read(queries.get_run(key=ref.key, project=ref.project))
    if not rows:
        where = f" in project {ref.project!r}" if ref.project else ""
        raise NotFoundError(f"no run with id or name {ref.key!r}{where}")
    if as_of is not None:
        rows = [row for row in rows
                if (started := RunInfo.from_row(row["run"]).started_at) is None
                or started <= as_of]  # fmt: skip
        if not rows:
            raise NotFoundError(f"run {ref.key!r} had not started yet at {as_of.isoformat()}")
    by_id = [row for row in rows if row["run"]["id"] == ref.key]
    if by_id:
        return RunInfo.from_row(by_id[0]["run"])
    if len(rows) > 1:
        projects = sorted({row["run"]["project"] for row in rows})
        raise InvalidInputError(
            f"run name {ref.key!r} exists in several projects ({', '.join(projects)}); "
            "write run:project/name"
        )
    return RunInfo.from_row(rows[0]["run"])


def find_run_by_text(store: Store, text: str, project: str | None = None) -> RunInfo:
    ref = parse_run_ref(text)
    return find_run(store, ref.with_project(project) if project else ref)


def with_project(store: Store, ref: ArtifactRef, project: str | None) -> ArtifactRef:
    if ref.project is not None:
        return ref
    if project is not None:
        return ref.with_project(project)
    projects = [row["project"] for row in store.read(queries.find_artifact_projects(name=ref.name))]
    if len(projects) == 1:
        return ref.with_project(projects[0])
    if not projects:
        raise NotFoundError(f"no artifact named {ref.name!r} in any project")
    raise InvalidInputError(
        f"artifact {ref.name!r} exists in several projects ({', '.join(projects)}); "
        f"write project/{ref} or pass project="
    )


def find_artifact_version_key(store: Store, ref: ArtifactRef, project: str | None = None,
                              as_of: datetime | None = None) -> str:  # fmt: skip
    """The key ``project/name:vN`` of the version this ref picks now (or at ``as_of``)."""
    ref = with_project(store, ref, project)
    assert ref.project is not None
    parameter = ref_parameter(ref.project, ref.name, ref.selector, as_of)
    rows = store.read(queries.resolve_artifact_ref(ref=parameter))
    if not rows and as_of is not None and store.read(queries.resolve_artifact_ref(
            ref=ref_parameter(ref.project, ref.name, ref.selector))):  # fmt: skip
        raise NotFoundError(f"{ref.project}/{ref.name}:{ref.selector} named no version as "
                            f"of {as_of.isoformat()}: it was made, or the alias set, later")
    if not rows:
        artifact = f"{ref.project}/{ref.name}"
        (info,) = store.read(
            queries.describe_artifact_choices(artifact=artifact, project=ref.project))
        raise describe_unresolved(info, ref.project, ref.name, ref.selector)
    return str(rows[0]["version"]["key"])


def find_artifact_version(
    store: Store, text: str, project: str | None = None
) -> ArtifactVersionInfo:
    key = find_artifact_version_key(store, parse_artifact_ref(text), project)
    (row,) = store.read(queries.get_artifact_version(key=key))
    return ArtifactVersionInfo.from_row(row["version"])


def find_registry_version_key(store: Store, ref: RegistryRef, as_of: datetime | None = None
                              ) -> str:  # fmt: skip
    """The key of the artifact version linked under ``model:selector`` (now, or the one that
    was at ``as_of``: which version served as "production" then)."""
    index = ref.version_index
    alias = None if ref.is_version else ref.selector
    rows = store.read(queries.resolve_registry_ref(
        ref={"model": ref.name, "index": index, "alias": alias, "as_of": as_of}))
    if not rows and as_of is not None and store.read(queries.resolve_registry_ref(
            ref={"model": ref.name, "index": index, "alias": alias, "as_of": None})):
        raise NotFoundError(f"registry:{ref.name}:{ref.selector} named no version as of "
                            f"{as_of.isoformat()}: it was linked, or the alias set, later")
    if not rows:
        model = store.read(queries.get_registered_model(name=ref.name))
        if not model:
            raise NotFoundError(f"no registered model named {ref.name!r}")
        versions = [v["version"] for v in model[0]["versions"]]
        aliases = sorted({a for v in model[0]["versions"] for a in v["aliases"]})
        raise NotFoundError(
            f"registered model {ref.name!r} has no version or alias {ref.selector!r}",
            candidates=versions + aliases,
        )
    return str(rows[0]["artifact_version"])


def find_dataset_artifact(store: Store, ref: DatasetRef) -> ArtifactRef:
    """The ``latest`` version of the dataset a ``dataset:`` ref names (by its OpenLineage
    namespace and name); ``NotFoundError`` if none, ``InvalidInputError`` if several."""
    pairs = [{"namespace": ns, "name": name} for ns, name in ref.candidates]
    rows = store.read(queries.find_datasets(candidates=pairs))
    if not rows:
        raise NotFoundError(f"no OpenLineage dataset {ref.text!r} (namespace and name as the "
                            "producer sent them)")  # fmt: skip
    if len(rows) > 1:
        named = "; ".join(f"namespace {r['namespace']!r} name {r['dataset']!r} "
                          f"(artifact {r['key']})" for r in rows)  # fmt: skip
        raise InvalidInputError(f"{ref} names several datasets: {named}; write the artifact "
                                "ref project/name instead")  # fmt: skip
    return ArtifactRef(project=rows[0]["project"], name=rows[0]["name"], selector="latest")


def node_id(store: Store, node: NodeLike, project: str | None = None,
            as_of: datetime | None = None) -> NodeId:  # fmt: skip
    """Which stored node ``node`` names (at ``as_of`` if given: where an alias pointed
    then); ``NotFoundError`` if there is none."""
    if isinstance(node, NodeId):
        return node
    if isinstance(node, LineageNode):
        return node.id
    if isinstance(node, RunInfo):
        return NodeId(kind="run", key=node.id)
    if isinstance(node, ArtifactVersionInfo):
        return NodeId(kind="artifact_version", key=node.key)
    run_id = getattr(node, "id", None)
    if not isinstance(node, str) and isinstance(run_id, str) and hasattr(node, "use_artifact"):
        return NodeId(kind="run", key=run_id)  # a live Run handle
    if not isinstance(node, str):
        raise InvalidInputError(
            f"expected a ref string, a run or an artifact version, not {type(node).__name__}"
        )
    ref = parse_node_ref(node)
    if isinstance(ref, DatasetRef):
        ref = find_dataset_artifact(store, ref)
    if isinstance(ref, ArtifactRef) and ref.project is not None and ref.is_version \
            and as_of is None:  # fmt: skip
        # a full key names its node: no lookup (the question says if it does not exist)
        return NodeId(kind="artifact_version", key=f"{ref.project}/{ref.name}:{ref.selector}")
    if isinstance(ref, RunRef):
        return NodeId(kind="run", key=find_run(store, ref.with_project(project) if project
                                                        else ref, as_of).id)  # fmt: skip
    if isinstance(ref, RegistryRef):
        if ":" not in node.removeprefix(REGISTRY_PREFIX):  # the registered model itself
            if not store.read(queries.get_registered_model(name=ref.name)):
                raise NotFoundError(f"no registered model named {ref.name!r}")
            return NodeId(kind="registered_model", key=ref.name)
        return NodeId(kind="artifact_version",
                      key=find_registry_version_key(store, ref, as_of))  # fmt: skip
    return NodeId(kind="artifact_version",
                  key=find_artifact_version_key(store, ref, project, as_of))  # fmt: skip


def start_of(store: Store, node: NodeLike, project: str | None = None,
             as_of: datetime | None = None) -> Start:  # fmt: skip
    """Like :func:`node_id`, for a question that looks its start node up itself: run refs,
    registry refs and artifact refs with a project are left to the question's query (no
    round trip of their own); only an artifact ref without a project is resolved here."""
    if isinstance(node, str):
        ref = parse_node_ref(node)
        if isinstance(ref, DatasetRef):
            return VersionRef(find_dataset_artifact(store, ref))
        if isinstance(ref, RunRef):
            ref = ref.with_project(project) if project else ref
            return RunName(key=ref.key, project=ref.project)
        if isinstance(ref, RegistryRef):
            if ":" not in node.removeprefix(REGISTRY_PREFIX):
                return NodeId(kind="registered_model", key=ref.name)
            return VersionRef(ref)
        if isinstance(ref, ArtifactRef) and not ref.is_version:
            if ref.project is None and project is not None:
                ref = ref.with_project(project)
            if ref.project is not None:
                return VersionRef(ref)
    return node_id(store, node, project, as_of)


def explain_missing(store: Store, *refs: NodeLike, project: str | None = None,
                    as_of: datetime | None = None) -> None:  # fmt: skip
    """Raise the detailed NotFoundError (what does exist) for the first ref that names no
    node; return if each does."""
    for ref in refs:
        if isinstance(ref, str):
            parsed = parse_node_ref(ref)
            if isinstance(parsed, DatasetRef):
                parsed = find_dataset_artifact(store, parsed)
            if isinstance(parsed, ArtifactRef):
                find_artifact_version_key(store, parsed, project, as_of)
