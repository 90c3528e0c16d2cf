"""Typed accessors of the query library, one per ``.cypher`` file: the only place
that names a query. Generated from the files' headers by
``python -m graphlineage.graph.codegen``; do not edit by hand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, TypedDict

from graphlineage.graph.library import BULK_LIBRARY, LIBRARY, Call

__all__ = ["Call"]
_ = (Mapping, Sequence, datetime, Any)  # whichever the headers need


class ApplyColumnLineageRow(TypedDict):
    columns: int
    edges: int


def apply_column_lineage(
    *,
    columns: Sequence[Mapping[str, Any]],
    edges: Sequence[Mapping[str, Any]],
) -> Call[ApplyColumnLineageRow]:
    """Write column-level lineage (from OpenLineage `columnLineage` and `schema` facets; see
    graphlineage/ingest/ol_columns.py): each column a `Column` joined to its dataset's
    artifact by HAS_COLUMN (when the artifact exists), and each stated derivation `(input
    column)-[:FEEDS]->(output column)`, whose transformation types are the union of all that
    were stated, and whose description, run and time are the last stated. Write query
    ``cypher/apply_column_lineage.cypher``."""
    return Call(LIBRARY["apply_column_lineage"], {"columns": columns, "edges": edges})


class ApplyEventsRow(TypedDict):
    index: int
    status: str
    detail: dict[str, Any]
    run: dict[str, Any] | None
    version: dict[str, Any]
    registry: dict[str, Any]


def apply_events(
    *,
    events: Sequence[Mapping[str, Any]],
    answers: bool,
    locks: Mapping[str, Any],
) -> Call[ApplyEventsRow]:
    """Apply a list of capture events, in list order, in one statement: one event or ten
    thousand cost one round trip and one commit. Write query ``cypher/apply_events.cypher``."""
    return Call(LIBRARY["apply_events"], {"events": events, "answers": answers, "locks": locks})


class ApplyOpenlineageEventsRow(TypedDict):
    index: int
    status: str
    detail: str


def apply_openlineage_events(
    *,
    events: Sequence[Mapping[str, Any]],
) -> Call[ApplyOpenlineageEventsRow]:
    """Apply a list of OpenLineage events (RunEvents, JobEvents, DatasetEvents), in list order,
    in one statement (see graphlineage/ingest/openlineage.py for the mapping). Write query
    ``cypher/apply_openlineage_events.cypher``."""
    return Call(LIBRARY["apply_openlineage_events"], {"events": events})


def create_constraint_artifact_dataset() -> Call[None]:
    """Datasets from OpenLineage are unique by their namespace and name (finds `dataset:` refs;
    backs the artifact that MERGE on its key makes for them). Schema query
    ``cypher/create_constraint_artifact_dataset.cypher``."""
    return Call(LIBRARY["create_constraint_artifact_dataset"], {})


def create_constraint_artifact_key() -> Call[None]:
    """Artifact collections are unique by key "project/name" (backs MERGE on Artifact). Schema
    query ``cypher/create_constraint_artifact_key.cypher``."""
    return Call(LIBRARY["create_constraint_artifact_key"], {})


def create_constraint_artifact_version_digest() -> Call[None]:
    """Within one artifact, a content digest names at most one version (no duplicate content).
    Schema query ``cypher/create_constraint_artifact_version_digest.cypher``."""
    return Call(LIBRARY["create_constraint_artifact_version_digest"], {})


def create_constraint_artifact_version_key() -> Call[None]:
    """Artifact versions are unique by key "project/name:vN". Schema query
    ``cypher/create_constraint_artifact_version_key.cypher``."""
    return Call(LIBRARY["create_constraint_artifact_version_key"], {})


def create_constraint_column_key() -> Call[None]:
    """Columns (column-level lineage) are unique by key "project/name#field" (backs MERGE on
    Column). Schema query ``cypher/create_constraint_column_key.cypher``."""
    return Call(LIBRARY["create_constraint_column_key"], {})


def create_constraint_project_name() -> Call[None]:
    """Projects are unique by name (backs MERGE on Project). Schema query
    ``cypher/create_constraint_project_name.cypher``."""
    return Call(LIBRARY["create_constraint_project_name"], {})


def create_constraint_registered_model_name() -> Call[None]:
    """Registered models are unique by name (backs MERGE on RegisteredModel). Schema query
    ``cypher/create_constraint_registered_model_name.cypher``."""
    return Call(LIBRARY["create_constraint_registered_model_name"], {})


def create_constraint_run_id() -> Call[None]:
    """Runs are unique by id (a UUIDv7; backs MERGE on Run). Schema query
    ``cypher/create_constraint_run_id.cypher``."""
    return Call(LIBRARY["create_constraint_run_id"], {})


def create_constraint_run_project_name() -> Call[None]:
    """A run's name is unique within its project. Schema query
    ``cypher/create_constraint_run_project_name.cypher``."""
    return Call(LIBRARY["create_constraint_run_project_name"], {})


class CreateFlagRow(TypedDict):
    flag: dict[str, Any]


def create_flag(*, node: Mapping[str, Any], flag: Mapping[str, Any]) -> Call[CreateFlagRow]:
    """Flag a run or an artifact version as bad: a Flag node (who, when, why, how bad) with a
    FLAGS edge to it. Write query ``cypher/create_flag.cypher``."""
    return Call(LIBRARY["create_flag"], {"node": node, "flag": flag})


def create_index_artifact_name() -> Call[None]:
    """Finds artifact collections by name across projects (refs written without a project).
    Schema query ``cypher/create_index_artifact_name.cypher``."""
    return Call(LIBRARY["create_index_artifact_name"], {})


def create_index_artifact_ol_uri() -> Call[None]:
    """Finds OpenLineage datasets by the start of their joined name (search:
    `s3://bucket/...`). Schema query ``cypher/create_index_artifact_ol_uri.cypher``."""
    return Call(LIBRARY["create_index_artifact_ol_uri"], {})


def create_index_artifact_version_name() -> Call[None]:
    """Finds artifact versions by artifact name across projects. Schema query
    ``cypher/create_index_artifact_version_name.cypher``."""
    return Call(LIBRARY["create_index_artifact_version_name"], {})


def create_index_artifact_version_type() -> Call[None]:
    """Serves listings of artifact versions by type ("dataset", "model", ...). Schema query
    ``cypher/create_index_artifact_version_type.cypher``."""
    return Call(LIBRARY["create_index_artifact_version_type"], {})


def create_index_column_dataset() -> Call[None]:
    """Finds the columns of one dataset (list_dataset_columns). Schema query
    ``cypher/create_index_column_dataset.cypher``."""
    return Call(LIBRARY["create_index_column_dataset"], {})


def create_index_column_dataset_name() -> Call[None]:
    """Finds columns by their dataset's OpenLineage namespace and name (find_column_datasets).
    Schema query ``cypher/create_index_column_dataset_name.cypher``."""
    return Call(LIBRARY["create_index_column_dataset_name"], {})


def create_index_run_listing() -> Call[None]:
    """Serves run listings filtered by project and job type. Schema query
    ``cypher/create_index_run_listing.cypher``."""
    return Call(LIBRARY["create_index_run_listing"], {})


def create_index_run_name() -> Call[None]:
    """Finds runs by name across projects (graphlineage.run("vague-morning-5")). Schema query
    ``cypher/create_index_run_name.cypher``."""
    return Call(LIBRARY["create_index_run_name"], {})


def create_index_run_ol_job() -> Call[None]:
    """Finds the runs of one OpenLineage job (the Marquez read API's jobs and lineage). Schema
    query ``cypher/create_index_run_ol_job.cypher``."""
    return Call(LIBRARY["create_index_run_ol_job"], {})


def create_index_run_started_at() -> Call[None]:
    """Serves run listings by time range. Schema query
    ``cypher/create_index_run_started_at.cypher``."""
    return Call(LIBRARY["create_index_run_started_at"], {})


class DeleteArtifactRow(TypedDict):
    status: str
    versions: list[str]


def delete_artifact(
    *,
    artifact: str,
    tombstone: Mapping[str, Any],
    purge: bool,
    force: bool,
    delete_aliases: bool,
) -> Call[DeleteArtifactRow]:
    """Delete a whole artifact, every version of it, after checking under the locks of the
    artifact and its versions that nothing forbids it (see delete_node): versions that runs
    outside the artifact used or that are linked into the registry (in_use, allowed with
    $force), registry aliases on them or aliases other than `latest` (aliased, allowed with
    $delete_aliases, which ends them), a tombstone already (already_deleted, can be purged).
    Write query ``cypher/delete_artifact.cypher``."""
    return Call(LIBRARY["delete_artifact"], {
        "artifact": artifact,
        "tombstone": tombstone,
        "purge": purge,
        "force": force,
        "delete_aliases": delete_aliases,
    })


class DeleteNodeRow(TypedDict):
    status: str
    ref: str


def delete_node(
    *,
    node: Mapping[str, Any],
    tombstone: Mapping[str, Any],
    purge: bool,
    force: bool,
    delete_aliases: bool,
) -> Call[DeleteNodeRow]:
    """Delete a run, an artifact version or a registered model, after checking (under the
    node's lock, so that no write can slip in between) that nothing forbids it: in_use:  a
    version that runs used or that is linked into the registry, a model with linked
    versions, a running run, or (to purge) a run whose outputs would lose their producer;
    allowed with $force aliased: aliases or registry aliases point at it (other than a
    version's `latest`, which moves to the newest version left); allowed with
    $delete_aliases, which ends them (their history keeps when they pointed there)
    already_deleted: it is a tombstone already (it can still be purged) A soft delete keeps
    the node as a tombstone (deleted_at, deleted_by, delete_reason), so that lineage through
    it stays honest; a purge removes it, its edges and its flags, and leaves a Purged record
    (ref, kind, key, when, who, why) for the history. Write query
    ``cypher/delete_node.cypher``."""
    return Call(LIBRARY["delete_node"], {
        "node": node,
        "tombstone": tombstone,
        "purge": purge,
        "force": force,
        "delete_aliases": delete_aliases,
    })


class DescribeArtifactChoicesRow(TypedDict):
    exists: bool
    version_count: int | None
    aliases: list[str]
    names: list[str]


def describe_artifact_choices(*, artifact: str, project: str) -> Call[DescribeArtifactChoicesRow]:
    """What exists around an artifact name that could not be resolved: its versions and current
    aliases, and the other artifact names in the project (for "not found" messages). Read
    query ``cypher/describe_artifact_choices.cypher``."""
    return Call(LIBRARY["describe_artifact_choices"], {"artifact": artifact, "project": project})


class ExpandLineageRow(TypedDict):
    element_id: str
    node: dict[str, Any]


def expand_lineage(
    *,
    element_ids: Sequence[str],
    direction: str,
    limit: int,
    as_of: datetime,
) -> Call[ExpandLineageRow]:
    """One breadth-first step: the nodes one edge upstream or downstream of a set of nodes.
    Read query ``cypher/expand_lineage.cypher``."""
    return Call(LIBRARY["expand_lineage"], {
        "element_ids": element_ids,
        "direction": direction,
        "limit": limit,
        "as_of": as_of,
    })


class FindArtifactProjectsRow(TypedDict):
    project: str


def find_artifact_projects(*, name: str) -> Call[FindArtifactProjectsRow]:
    """The projects that have an artifact of a given name (to complete a ref written without
    its project when the name is unambiguous). Read query
    ``cypher/find_artifact_projects.cypher``."""
    return Call(LIBRARY["find_artifact_projects"], {"name": name})


class FindColumnDatasetsRow(TypedDict):
    key: str
    namespace: str
    dataset: str


def find_column_datasets(*, candidates: Sequence[Mapping[str, Any]]) -> Call[FindColumnDatasetsRow]:
    """The datasets known only from column lineage (a `columnLineage` facet names their
    columns, no event names the dataset itself) stored under one of the given (namespace,
    name) pairs: what a `dataset:` ref of a column question resolves to when no artifact
    matches. Read query ``cypher/find_column_datasets.cypher``."""
    return Call(LIBRARY["find_column_datasets"], {"candidates": candidates})


class FindDatasetsRow(TypedDict):
    key: str
    project: str
    name: str
    namespace: str
    dataset: str


def find_datasets(*, candidates: Sequence[Mapping[str, Any]]) -> Call[FindDatasetsRow]:
    """The datasets (artifacts ingested from OpenLineage) stored under one of the given
    (namespace, name) pairs: what a `dataset:` ref resolves to. Read query
    ``cypher/find_datasets.cypher``."""
    return Call(LIBRARY["find_datasets"], {"candidates": candidates})


class FindFlowPathsRow(TypedDict):
    source: dict[str, Any]
    target: dict[str, Any]
    direction: str | None
    paths: list[dict[str, Any]]


def find_flow_paths(
    *,
    source: Mapping[str, Any],
    target: Mapping[str, Any],
    limit: int,
    as_of: datetime,
) -> Call[FindFlowPathsRow]:
    """The shortest paths along which data flows between two nodes, either way round (how did a
    dataset version reach a model?): all paths of the fewest edges, up to a limit; first
    from $source to $target, and only if there is none, from $target to $source. Read query
    ``cypher/find_flow_paths.cypher``."""
    return Call(LIBRARY["find_flow_paths"], {
        "source": source,
        "target": target,
        "limit": limit,
        "as_of": as_of,
    })


class GetArtifactVersionRow(TypedDict):
    version: dict[str, Any]


def get_artifact_version(*, key: str) -> Call[GetArtifactVersionRow]:
    """One artifact version by key, with its current aliases and its registry links. Read query
    ``cypher/get_artifact_version.cypher``."""
    return Call(LIBRARY["get_artifact_version"], {"key": key})


class GetLineageNodeRow(TypedDict):
    element_id: str
    node: dict[str, Any]


def get_lineage_node(*, node: Mapping[str, Any]) -> Call[GetLineageNodeRow]:
    """One lineage node (a run, an artifact version or a registered model) by kind and key,
    with its elementId: the handle the traversal queries (ancestry, impact, subgraph) start
    from within the same transaction. Read query ``cypher/get_lineage_node.cypher``."""
    return Call(LIBRARY["get_lineage_node"], {"node": node})


class GetOlDatasetsRow(TypedDict):
    dataset: dict[str, Any]


def get_ol_datasets(*, datasets: Sequence[Mapping[str, Any]]) -> Call[GetOlDatasetsRow]:
    """OpenLineage datasets by namespace and name, each with its current (`latest`) version and
    its columns (Marquez read API). Read query ``cypher/get_ol_datasets.cypher``."""
    return Call(LIBRARY["get_ol_datasets"], {"datasets": datasets})


class GetOlJobsRow(TypedDict):
    namespace: str
    name: str
    created_at: str
    updated_at: str
    run_count: int
    latest: dict[str, Any]


def get_ol_jobs(*, jobs: Sequence[Mapping[str, Any]]) -> Call[GetOlJobsRow]:
    """OpenLineage jobs by namespace and name: when their runs started, how many there are, and
    the latest run with its inputs and outputs (Marquez read API). Read query
    ``cypher/get_ol_jobs.cypher``."""
    return Call(LIBRARY["get_ol_jobs"], {"jobs": jobs})


class GetOlRunRow(TypedDict):
    run: dict[str, Any]


def get_ol_run(*, id: str) -> Call[GetOlRunRow]:
    """One OpenLineage run by id, with its inputs and outputs (Marquez read API). Read query
    ``cypher/get_ol_run.cypher``."""
    return Call(LIBRARY["get_ol_run"], {"id": id})


class GetRegisteredModelRow(TypedDict):
    model: dict[str, Any]
    versions: list[dict[str, Any]]


def get_registered_model(*, name: str) -> Call[GetRegisteredModelRow]:
    """A registered model with its versions (oldest first) and the registry aliases on each.
    Read query ``cypher/get_registered_model.cypher``."""
    return Call(LIBRARY["get_registered_model"], {"name": name})


class GetRunRow(TypedDict):
    run: dict[str, Any]


def get_run(*, key: str, project: str | None) -> Call[GetRunRow]:
    """Find runs by id, or by name (within a project if one is given). Read query
    ``cypher/get_run.cypher``."""
    return Call(LIBRARY["get_run"], {"key": key, "project": project})


class GetVersionByDigestRow(TypedDict):
    key: str


def get_version_by_digest(*, artifact: str, digest: str) -> Call[GetVersionByDigestRow]:
    """The version of an artifact that has a given content digest (how an event recorded
    offline, before the version had a number, names it). Read query
    ``cypher/get_version_by_digest.cypher``."""
    return Call(LIBRARY["get_version_by_digest"], {"artifact": artifact, "digest": digest})


class LiftFlagsRow(TypedDict):
    flag: dict[str, Any]


def lift_flags(
    *,
    node: Mapping[str, Any],
    flag_id: str | None,
    lift: Mapping[str, Any],
) -> Call[LiftFlagsRow]:
    """Lift the flags of a run or an artifact version that are still active (all of them, or
    the one with a given id): each keeps its history and gets lifted_at, lifted_by and the
    reason it was lifted. Write query ``cypher/lift_flags.cypher``."""
    return Call(LIBRARY["lift_flags"], {"node": node, "flag_id": flag_id, "lift": lift})


class ListAliasHistoryRow(TypedDict):
    exists: bool
    holders: list[dict[str, Any]]


def list_alias_history(*, alias: Mapping[str, Any]) -> Call[ListAliasHistoryRow]:
    """The history of one alias of an artifact ("reviews-clean:production") or of a registered
    model ("registry:Sentiment:production"): every version that held it, in time order, with
    when it got the alias, when it lost it (null: it holds it still) and the run that moved
    it there when that is known (the run that logged or re-logged the version at that time,
    or, for a registry alias, the run that linked the version then). Read query
    ``cypher/list_alias_history.cypher``."""
    return Call(LIBRARY["list_alias_history"], {"alias": alias})


class ListArtifactVersionsRow(TypedDict):
    version: dict[str, Any]


def list_artifact_versions(
    *,
    filter: Mapping[str, Any],
    skip: int,
    limit: int,
) -> Call[ListArtifactVersionsRow]:
    """Artifact versions matching a filter, newest first. Read query
    ``cypher/list_artifact_versions.cypher``."""
    return Call(LIBRARY["list_artifact_versions"], {"filter": filter, "skip": skip, "limit": limit})


class ListArtifactsRow(TypedDict):
    artifact: dict[str, Any]


def list_artifacts(*, filter: Mapping[str, Any], skip: int, limit: int) -> Call[ListArtifactsRow]:
    """Artifact collections matching a filter, by project and name. Read query
    ``cypher/list_artifacts.cypher``."""
    return Call(LIBRARY["list_artifacts"], {"filter": filter, "skip": skip, "limit": limit})


class ListDatasetColumnsRow(TypedDict):
    field: str


def list_dataset_columns(*, dataset: str) -> Call[ListDatasetColumnsRow]:
    """The columns known for one dataset (from `schema` and `columnLineage` facets): what a
    column question may ask about. Read query ``cypher/list_dataset_columns.cypher``."""
    return Call(LIBRARY["list_dataset_columns"], {"dataset": dataset})


class ListDownstreamColumnsRow(TypedDict):
    root: dict[str, Any]
    total: int
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]


def list_downstream_columns(
    *,
    key: str,
    max_depth: int,
    skip: int,
    limit: int,
) -> Call[ListDownstreamColumnsRow]:
    """Column impact: every column downstream of one column (the columns derived from it,
    across any number of hops), each with its distance (fewest FEEDS edges), nearest first.
    Read query ``cypher/list_downstream_columns.cypher``."""
    return Call(LIBRARY["list_downstream_columns"], {
        "key": key,
        "max_depth": max_depth,
        "skip": skip,
        "limit": limit,
    })


class ListDownstreamNodesRow(TypedDict):
    root: dict[str, Any] | None
    total: int
    registry: list[dict[str, Any]]
    distances: list[int]
    nodes: list[dict[str, Any]] | None
    refs: list[str] | None
    kinds: list[str] | None


def list_downstream_nodes(
    *,
    start: Mapping[str, Any],
    as_of: datetime,
    max_depth: int | None,
    skip: int,
    limit: int | None,
    chunk: int,
    lean: bool,
) -> Call[ListDownstreamNodesRow]:
    """Impact: every run, artifact version and registered model downstream of a node, each with
    its distance, nearest first, in rows of up to $chunk nodes; and the registry versions
    reached, with the registry aliases (e.g. Read query
    ``cypher/list_downstream_nodes.cypher``."""
    return Call(LIBRARY["list_downstream_nodes"], {
        "start": start,
        "as_of": as_of,
        "max_depth": max_depth,
        "skip": skip,
        "limit": limit,
        "chunk": chunk,
        "lean": lean,
    })


class ListEdgesAmongRow(TypedDict):
    source: str
    type: str
    target: str


def list_edges_among(*, element_ids: Sequence[str], as_of: datetime) -> Call[ListEdgesAmongRow]:
    """The lineage edges (USED, PRODUCED, LINKED_TO) between nodes of a given set, for drawing.
    Read query ``cypher/list_edges_among.cypher``."""
    return Call(LIBRARY["list_edges_among"], {"element_ids": element_ids, "as_of": as_of})


class ListFlagsRow(TypedDict):
    flag: dict[str, Any]
    registry: list[dict[str, Any]]


def list_flags(*, as_of: datetime, active: bool) -> Call[ListFlagsRow]:
    """Flags with the node each one flags and the registry versions downstream of it, with the
    registry aliases that point at them: what a bad version has reached. Read query
    ``cypher/list_flags.cypher``."""
    return Call(LIBRARY["list_flags"], {"as_of": as_of, "active": active})


class ListImportedRunsRow(TypedDict):
    id: str
    status: str
    last_event: str
    fingerprint: str | None
    inputs: list[str]
    outputs: list[str]


def list_imported_runs(*, ids: Sequence[str]) -> Call[ListImportedRunsRow]:
    """What the graph already holds of runs that an importer made (by their derived ids), so
    that a re-import sends only what changed: each run's status, the id of the last event
    applied to it, the fingerprint the importer left on it, and what it used and produced
    ("artifact@digest"). Read query ``cypher/list_imported_runs.cypher``."""
    return Call(LIBRARY["list_imported_runs"], {"ids": ids})


class ListLeakageCandidatesRow(TypedDict):
    found: bool
    ancestors: list[dict[str, Any]]
    evaluations: list[dict[str, Any]]


def list_leakage_candidates(
    *,
    model: str,
    eval_job_types: Sequence[str],
    eval_data: Sequence[str],
) -> Call[ListLeakageCandidatesRow]:
    """What a leakage check compares: a model version's training ancestors (every artifact
    version upstream of it, with its distance) and the dataset versions its evaluations used
    (the other versions used by runs of an evaluation job type that used the model, and the
    versions given explicitly). Read query ``cypher/list_leakage_candidates.cypher``."""
    return Call(LIBRARY["list_leakage_candidates"], {
        "model": model,
        "eval_job_types": eval_job_types,
        "eval_data": eval_data,
    })


class ListNodeHistoryRow(TypedDict):
    found: bool
    ref: str | None
    events: list[dict[str, Any]]


def list_node_history(*, node: Mapping[str, Any]) -> Call[ListNodeHistoryRow]:
    """What happened to one run, artifact version or registered model, each event with its
    time: a run's start, the versions it used and logged, what it linked into the registry,
    its finish; a version's creation, the runs that used it or logged it again, the aliases
    and registry aliases it got and lost, its registry links; a registered model's creation,
    its links and its registry aliases; the flags set on a run or a version and lifted; its
    deletion, for a tombstone. Read query ``cypher/list_node_history.cypher``."""
    return Call(LIBRARY["list_node_history"], {"node": node})


class ListOlDatasetNamesRow(TypedDict):
    total: int
    names: list[str]


def list_ol_dataset_names(*, namespace: str, skip: int, limit: int) -> Call[ListOlDatasetNamesRow]:
    """One page of the names of the OpenLineage datasets in a namespace (Marquez read API).
    Read query ``cypher/list_ol_dataset_names.cypher``."""
    return Call(LIBRARY["list_ol_dataset_names"], {
        "namespace": namespace,
        "skip": skip,
        "limit": limit,
    })


class ListOlDatasetVersionsRow(TypedDict):
    total: int
    versions: list[dict[str, Any]]


def list_ol_dataset_versions(
    *,
    namespace: str,
    name: str,
    skip: int,
    limit: int,
) -> Call[ListOlDatasetVersionsRow]:
    """One page of the versions of an OpenLineage dataset, newest first (Marquez read API).
    Read query ``cypher/list_ol_dataset_versions.cypher``."""
    return Call(LIBRARY["list_ol_dataset_versions"], {
        "namespace": namespace,
        "name": name,
        "skip": skip,
        "limit": limit,
    })


class ListOlJobNamesRow(TypedDict):
    total: int
    names: list[str]


def list_ol_job_names(*, namespace: str, skip: int, limit: int) -> Call[ListOlJobNamesRow]:
    """One page of the names of the OpenLineage jobs (their runs' job names) in a namespace
    (Marquez read API). Read query ``cypher/list_ol_job_names.cypher``."""
    return Call(LIBRARY["list_ol_job_names"], {
        "namespace": namespace,
        "skip": skip,
        "limit": limit,
    })


class ListOlJobRunsRow(TypedDict):
    total: int
    runs: list[dict[str, Any]]


def list_ol_job_runs(*, namespace: str, job: str, skip: int, limit: int) -> Call[ListOlJobRunsRow]:
    """One page of the runs of an OpenLineage job, newest first (Marquez read API). Read query
    ``cypher/list_ol_job_runs.cypher``."""
    return Call(LIBRARY["list_ol_job_runs"], {
        "namespace": namespace,
        "job": job,
        "skip": skip,
        "limit": limit,
    })


class ListOlLineageEdgesRow(TypedDict):
    job_namespace: str
    job: str
    type: str
    namespace: str
    name: str


def list_ol_lineage_edges(
    *,
    jobs: Sequence[Mapping[str, Any]],
    datasets: Sequence[Mapping[str, Any]],
) -> Call[ListOlLineageEdgesRow]:
    """The job-dataset edges of the Marquez lineage graph at some jobs and datasets (one
    breadth-first level of GET /api/v1/lineage): a job reads a dataset when one of its runs
    USED a version of it, writes it when one PRODUCED one. Read query
    ``cypher/list_ol_lineage_edges.cypher``."""
    return Call(LIBRARY["list_ol_lineage_edges"], {"jobs": jobs, "datasets": datasets})


class ListOlNamespacesRow(TypedDict):
    name: str
    created_at: str | None
    updated_at: str | None


def list_ol_namespaces() -> Call[ListOlNamespacesRow]:
    """The OpenLineage namespaces (of jobs and of datasets) in the graph, for the Marquez read
    API's GET /api/v1/namespaces. Read query ``cypher/list_ol_namespaces.cypher``."""
    return Call(LIBRARY["list_ol_namespaces"], {})


class ListPurgesRow(TypedDict):
    purge: dict[str, Any]


def list_purges(*, keys: Sequence[str]) -> Call[ListPurgesRow]:
    """The purges recorded for a ref: a purged run, artifact version or registered model is
    gone with its edges, and this record is what its history keeps. Read query
    ``cypher/list_purges.cypher``."""
    return Call(LIBRARY["list_purges"], {"keys": keys})


class ListRegisteredModelsRow(TypedDict):
    model: dict[str, Any]
    aliases: list[dict[str, Any]]


def list_registered_models(
    *,
    name: str | None,
    as_of: datetime | None,
    skip: int,
    limit: int,
) -> Call[ListRegisteredModelsRow]:
    """Registered models by name, with their version counts and current registry aliases. Read
    query ``cypher/list_registered_models.cypher``."""
    return Call(LIBRARY["list_registered_models"], {
        "name": name,
        "as_of": as_of,
        "skip": skip,
        "limit": limit,
    })


class ListRunInputsRow(TypedDict):
    version: dict[str, Any]
    requested: list[str]


def list_run_inputs(*, run_id: str) -> Call[ListRunInputsRow]:
    """The artifact versions a run used, in the order it declared them. Read query
    ``cypher/list_run_inputs.cypher``."""
    return Call(LIBRARY["list_run_inputs"], {"run_id": run_id})


class ListRunOutputsRow(TypedDict):
    version: dict[str, Any]
    first: bool


def list_run_outputs(*, run_id: str) -> Call[ListRunOutputsRow]:
    """The artifact versions a run logged, in the order it logged them. Read query
    ``cypher/list_run_outputs.cypher``."""
    return Call(LIBRARY["list_run_outputs"], {"run_id": run_id})


class ListRunsRow(TypedDict):
    run: dict[str, Any]


def list_runs(*, filter: Mapping[str, Any], skip: int, limit: int) -> Call[ListRunsRow]:
    """Runs matching a filter, newest first. Read query ``cypher/list_runs.cypher``."""
    return Call(LIBRARY["list_runs"], {"filter": filter, "skip": skip, "limit": limit})


class ListSchemaNamesRow(TypedDict):
    name: str


def list_schema_names() -> Call[ListSchemaNamesRow]:
    """The names of all indexes in the database; a uniqueness constraint's backing index has
    the constraint's name, so this lists constraints too (schema apply skips what exists).
    Read query ``cypher/list_schema_names.cypher``."""
    return Call(LIBRARY["list_schema_names"], {})


class ListStaleModelVersionsRow(TypedDict):
    model: str
    version: str
    artifact_version: str
    aliases: list[str]
    outdated: list[dict[str, Any]]


def list_stale_model_versions(
    *,
    model: str | None,
    as_of: datetime,
) -> Call[ListStaleModelVersionsRow]:
    """Stale models: registry versions whose ancestry contains an artifact version of which a
    newer version exists (trained on v2 of a dataset that has a v3 by now). Read query
    ``cypher/list_stale_model_versions.cypher``."""
    return Call(LIBRARY["list_stale_model_versions"], {"model": model, "as_of": as_of})


class ListTaintsRow(TypedDict):
    flag: dict[str, Any]
    distance: int


def list_taints(*, node: Mapping[str, Any], as_of: datetime) -> Call[ListTaintsRow]:
    """What taints a node: the flags active at $as_of on the node itself or on any run or
    artifact version upstream of it, each with the flagged node's distance. Read query
    ``cypher/list_taints.cypher``."""
    return Call(LIBRARY["list_taints"], {"node": node, "as_of": as_of})


class ListTwoAncestriesRow(TypedDict):
    side: str
    found: bool
    nodes: list[dict[str, Any]]


def list_two_ancestries(*, a: str, b: str) -> Call[ListTwoAncestriesRow]:
    """The ancestries of two artifact versions side by side, for a diff: every run and artifact
    version upstream of each, with its distance (the fewest edges), and what a comparison
    needs: a version's artifact and version, a run's job type, config and code commit. Read
    query ``cypher/list_two_ancestries.cypher``."""
    return Call(LIBRARY["list_two_ancestries"], {"a": a, "b": b})


class ListUpstreamColumnsRow(TypedDict):
    root: dict[str, Any]
    total: int
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]


def list_upstream_columns(
    *,
    key: str,
    max_depth: int,
    skip: int,
    limit: int,
) -> Call[ListUpstreamColumnsRow]:
    """Column ancestry: every column upstream of one column (the columns it is derived from,
    across any number of hops), each with its distance (fewest FEEDS edges), nearest first.
    Read query ``cypher/list_upstream_columns.cypher``."""
    return Call(LIBRARY["list_upstream_columns"], {
        "key": key,
        "max_depth": max_depth,
        "skip": skip,
        "limit": limit,
    })


class ListUpstreamNodesRow(TypedDict):
    root: dict[str, Any] | None
    total: int
    distances: list[int]
    nodes: list[dict[str, Any]] | None
    refs: list[str] | None
    kinds: list[str] | None


def list_upstream_nodes(
    *,
    start: Mapping[str, Any],
    as_of: datetime,
    max_depth: int | None,
    labels: Sequence[str] | None,
    skip: int,
    limit: int | None,
    chunk: int,
    lean: bool,
) -> Call[ListUpstreamNodesRow]:
    """Ancestry: every run and artifact version upstream of a node, each with its distance (the
    fewest edges between them), nearest first, in rows of up to $chunk nodes. Read query
    ``cypher/list_upstream_nodes.cypher``."""
    return Call(LIBRARY["list_upstream_nodes"], {
        "start": start,
        "as_of": as_of,
        "max_depth": max_depth,
        "labels": labels,
        "skip": skip,
        "limit": limit,
        "chunk": chunk,
        "lean": lean,
    })


class ListUsedRequestsRow(TypedDict):
    run_id: str
    version_key: str
    requested: list[str]


def list_used_requests(
    *,
    run_ids: Sequence[str],
    version_keys: Sequence[str],
) -> Call[ListUsedRequestsRow]:
    """What runs asked for when they used versions: for the runs and versions of one answer,
    each USED edge between them with the refs the run gave (e.g. Read query
    ``cypher/list_used_requests.cypher``."""
    return Call(LIBRARY["list_used_requests"], {"run_ids": run_ids, "version_keys": version_keys})


class ListVersionConsumersRow(TypedDict):
    run: dict[str, Any]
    requested: list[str]


def list_version_consumers(*, key: str) -> Call[ListVersionConsumersRow]:
    """The runs that used an artifact version. Read query
    ``cypher/list_version_consumers.cypher``."""
    return Call(LIBRARY["list_version_consumers"], {"key": key})


class ListVersionProducersRow(TypedDict):
    run: dict[str, Any]
    first: bool


def list_version_producers(*, key: str) -> Call[ListVersionProducersRow]:
    """The runs that logged an artifact version; the creator first. Read query
    ``cypher/list_version_producers.cypher``."""
    return Call(LIBRARY["list_version_producers"], {"key": key})


class ListVersionsByDigestRow(TypedDict):
    artifact: str
    digest: str
    key: str
    index: int


def list_versions_by_digest(*, pairs: Sequence[Mapping[str, Any]]) -> Call[ListVersionsByDigestRow]:
    """The versions that have given content digests, many at once (an importer names the
    versions it logged by digest, then uses them by number). Read query
    ``cypher/list_versions_by_digest.cypher``."""
    return Call(LIBRARY["list_versions_by_digest"], {"pairs": pairs})


class MarkImportedRunsRow(TypedDict):
    id: str
    parent: bool


def mark_imported_runs(*, runs: Sequence[Mapping[str, Any]]) -> Call[MarkImportedRunsRow]:
    """After an importer's events are applied: note on each run where it came from (the source
    system, its id there, the user, the importer's fingerprint of what it saw) and link a
    child run to its parent by CHILD_OF. Write query ``cypher/mark_imported_runs.cypher``."""
    return Call(LIBRARY["mark_imported_runs"], {"runs": runs})


class MarkRegistryLinksRow(TypedDict):
    model: str
    version: str
    number: int


def mark_registry_links(*, links: Sequence[Mapping[str, Any]]) -> Call[MarkRegistryLinksRow]:
    """After an importer linked versions into registered models: note on each LINKED_TO edge
    the version number the source registry gave it (MLflow numbers from 1, graphlineage from
    v0). Write query ``cypher/mark_registry_links.cypher``."""
    return Call(LIBRARY["mark_registry_links"], {"links": links})


class PingRow(TypedDict):
    name: str
    versions: list[str]
    edition: str


def ping() -> Call[PingRow]:
    """Check that the server answers and report what it runs. Read query
    ``cypher/ping.cypher``."""
    return Call(LIBRARY["ping"], {})


class PreviewArtifactDeletionRow(TypedDict):
    versions: list[str]
    deleted: dict[str, Any] | None
    consumers: list[str]
    registry_links: list[str]
    aliases: list[str]
    registry_aliases: list[str]
    downstream: list[str]
    downstream_total: int


def preview_artifact_deletion(*, artifact: str, limit: int) -> Call[PreviewArtifactDeletionRow]:
    """What deleting a whole artifact (every version of it) would touch: the runs that used its
    versions, their registry links, the aliases and registry aliases on them, and every node
    downstream of any of them, whose lineage they are part of. Read query
    ``cypher/preview_artifact_deletion.cypher``."""
    return Call(LIBRARY["preview_artifact_deletion"], {"artifact": artifact, "limit": limit})


class PreviewDeletionRow(TypedDict):
    ref: str
    status: str | None
    deleted: dict[str, Any] | None
    consumers: list[str]
    outputs: list[str]
    registry_links: list[str]
    aliases: list[str]
    registry_aliases: list[str]


def preview_deletion(*, node: Mapping[str, Any]) -> Call[PreviewDeletionRow]:
    """What deleting a run, an artifact version or a registered model would touch (the lineage
    downstream of it is asked separately): the runs that used a version, the versions a run
    logged, the registry links and the aliases and registry aliases that point at it now,
    and whether it is already a tombstone. Read query ``cypher/preview_deletion.cypher``."""
    return Call(LIBRARY["preview_deletion"], {"node": node})


class ResolveArtifactRefRow(TypedDict):
    version: dict[str, Any]


def resolve_artifact_ref(*, ref: Mapping[str, Any]) -> Call[ResolveArtifactRefRow]:
    """Resolve an artifact ref to one version: a version selector ("v3") by its index, any
    other selector as an alias, current or as it stood at a given time (a version created
    after that time is not found then). Read query ``cypher/resolve_artifact_ref.cypher``."""
    return Call(LIBRARY["resolve_artifact_ref"], {"ref": ref})


class ResolveRegistryRefRow(TypedDict):
    version: str
    artifact_version: str


def resolve_registry_ref(*, ref: Mapping[str, Any]) -> Call[ResolveRegistryRefRow]:
    """Resolve a registry ref ("MNIST-dev:v3", "MNIST-dev:production") to the artifact version
    linked under it, now or as the registry stood at a given time (which version served as
    "production" then). Read query ``cypher/resolve_registry_ref.cypher``."""
    return Call(LIBRARY["resolve_registry_ref"], {"ref": ref})


class SearchNodesRow(TypedDict):
    node: dict[str, Any]


def search_nodes(*, text: str, limit: int) -> Call[SearchNodesRow]:
    """Lineage nodes whose name starts with some text (the search box of the UI): runs by name
    or id, artifact versions by artifact name (newest first), registered models by name, and
    the latest versions of OpenLineage datasets whose joined name (`s3://bucket/key`) starts
    with it or whose namespace it is; deleted ones (tombstones) are left out. Read query
    ``cypher/search_nodes.cypher``."""
    return Call(LIBRARY["search_nodes"], {"text": text, "limit": limit})


class SearchRunsRow(TypedDict):
    run: dict[str, Any]


def search_runs(
    *,
    filter: Mapping[str, Any],
    tags: Sequence[str],
    conditions: Sequence[Mapping[str, Any]],
    skip: int,
    limit: int,
) -> Call[SearchRunsRow]:
    """Runs matching a filter and conditions on their config and summary values, newest first:
    the listing with W&B's MongoDB-style operators. Read query
    ``cypher/search_runs.cypher``."""
    return Call(LIBRARY["search_runs"], {
        "filter": filter,
        "tags": tags,
        "conditions": conditions,
        "skip": skip,
        "limit": limit,
    })


class TouchRunsRow(TypedDict):
    runs: int


def touch_runs(*, run_ids: Sequence[str], at: datetime) -> Call[TouchRunsRow]:
    """A heartbeat: the processes of these runs are alive at $at. Write query
    ``cypher/touch_runs.cypher``."""
    return Call(LIBRARY["touch_runs"], {"run_ids": run_ids, "at": at})


class CountNodesRow(TypedDict):
    nodes: int


def count_nodes() -> Call[CountNodesRow]:
    """How many nodes the database holds (from the count store: no scan). Read query
    ``cypher/bulk/count_nodes.cypher``."""
    return Call(BULK_LIBRARY["count_nodes"], {})


def set_alias_pointers() -> Call[None]:
    """After an initial import: give each artifact and registered model its `alias:<name>`
    properties (the current holder's version key of each alias), which the online writer
    keeps beside the ALIAS / REGISTRY_ALIAS edges and the importer's fixed CSV columns
    cannot carry. Write query ``cypher/bulk/set_alias_pointers.cypher``."""
    return Call(BULK_LIBRARY["set_alias_pointers"], {})


def set_missing_run_tags_empty() -> Call[None]:
    """Give every imported run without a tags property the empty list, which the importer's CSV
    cannot carry: every run of the imported graph has a tags list, and those that are not
    empty were imported (or set by set_run_tags first). Write query
    ``cypher/bulk/set_missing_run_tags_empty.cypher``."""
    return Call(BULK_LIBRARY["set_missing_run_tags_empty"], {})


class SetRunTagsRow(TypedDict):
    runs: int


def set_run_tags(*, rows: Sequence[Mapping[str, Any]]) -> Call[SetRunTagsRow]:
    """Set the tags of imported runs whose tags the importer's CSV cannot carry (a list of one
    empty string, which CSV reads as "no property"). Write query
    ``cypher/bulk/set_run_tags.cypher``."""
    return Call(BULK_LIBRARY["set_run_tags"], {"rows": rows})


class SetRunValuesRow(TypedDict):
    runs: int


def set_run_values(*, rows: Sequence[Mapping[str, Any]]) -> Call[SetRunValuesRow]:
    """Set the searchable config and summary values of imported runs (`config.<key>`,
    `summary.<key>`: their names vary from run to run, so the importer's CSV has no column
    for them). Write query ``cypher/bulk/set_run_values.cypher``."""
    return Call(BULK_LIBRARY["set_run_values"], {"rows": rows})


class SetUsedRequestedRow(TypedDict):
    edges: int


def set_used_requested(*, rows: Sequence[Mapping[str, Any]]) -> Call[SetUsedRequestedRow]:
    """Set the requested refs of imported USED edges whose list the importer's CSV cannot carry
    (a list of one empty string). Write query ``cypher/bulk/set_used_requested.cypher``."""
    return Call(BULK_LIBRARY["set_used_requested"], {"rows": rows})
