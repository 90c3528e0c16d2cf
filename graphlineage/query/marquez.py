"""Marquez's read API over the graph: the answers of the endpoints that Marquez's web UI and
the ``marquez-python`` client read (namespaces, datasets and their versions, jobs and
their runs, and the lineage and column-lineage graphs), in Marquez's JSON shapes, built
from what OpenLineage events wrote.

Identities are Marquez's: a dataset is (namespace, name), a job is (namespace, name), a run
its id; lineage node ids are ``dataset:<namespace>:<name>``, ``job:<namespace>:<name>`` and
``datasetField:<namespace>:<name>:<field>``. Namespaces hold ``:`` (``s3://bucket``), so an
id is split at each ``:`` it could be split at, and the dataset or job stored under one of
those pairs is the one meant.

Only OpenLineage data shows: runs recorded with graphlineage's own API have no job
namespace. Marquez's write endpoints are not served (send OpenLineage events instead).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from graphlineage.core.answers import Direction
from graphlineage.core.datasets import dataset_uri
from graphlineage.core.limits import check_count
from graphlineage.errors import InvalidInputError, NotFoundError
from graphlineage.graph import queries
from graphlineage.graph.store import Store
from graphlineage.query.columns import column_walk

DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000
DEFAULT_DEPTH = 20
MAX_DEPTH = 100
MAX_GRAPH = 5000  # nodes in one lineage answer
_STATES = {"running": "RUNNING", "finished": "COMPLETED", "failed": "FAILED",
           "crashed": "ABORTED", "declared": "NEW", "unknown": "NEW"}  # fmt: skip
Pair = tuple[str, str]


def _json(text: Any) -> Any:
    if isinstance(text, str) and text:
        try:
            return json.loads(text)
        except ValueError:
            return None
    return None


def _time(text: str | None) -> str | None:
    """An ISO time as Marquez writes it (``...Z`` for UTC)."""
    if not text:
        return None
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _split(text: str, parts: int) -> list[list[str]]:
    """Every way to cut ``text`` at ``:`` into ``parts`` non-empty pieces (the last piece
    for a field has no ``:``)."""
    if parts == 1:
        return [[text]] if text else []
    found = []
    for index, char in enumerate(text):
        if char == ":" and index:
            for rest in _split(text[index + 1:], parts - 1):
                found.append([text[:index], *rest])
    return found


def _page(limit: Any, offset: Any) -> tuple[int, int]:
    most = check_count(DEFAULT_LIMIT if limit is None else limit, "limit", top=MAX_LIMIT)
    first = check_count(0 if offset is None else offset, "offset", top=1 << 30)
    return first or 0, DEFAULT_LIMIT if most is None else most


class MarquezApi:
    """The Marquez read endpoints' answers (plain JSON values), from ``store``."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- namespaces ----------------------------------------------------------------------
    def namespaces(self) -> dict[str, Any]:
        rows = self.store.read(queries.list_ol_namespaces())
        return {"namespaces": [self._namespace(dict(row)) for row in rows]}

    def namespace(self, name: str) -> dict[str, Any]:
        for row in self.store.read(queries.list_ol_namespaces()):
            if row["name"] == name:
                return self._namespace(dict(row))
        raise NotFoundError(f"no namespace {name!r}")

    @staticmethod
    def _namespace(row: dict[str, Any]) -> dict[str, Any]:
        return {"name": row["name"], "createdAt": _time(row["created_at"]),
                "updatedAt": _time(row["updated_at"]), "ownerName": "anonymous",
                "description": None, "isHidden": False}  # fmt: skip

    # -- datasets ------------------------------------------------------------------------
    def datasets(self, namespace: str, limit: Any = None, offset: Any = None) -> dict[str, Any]:
        skip, most = _page(limit, offset)
        (row,) = self.store.read(queries.list_ol_dataset_names(namespace=namespace, skip=skip,
                                                               limit=most))  # fmt: skip
        found = self._datasets([(namespace, name) for name in row["names"]])
        return {"totalCount": row["total"], "datasets": [found[(namespace, n)]
                                                        for n in row["names"]]}  # fmt: skip

    def dataset(self, namespace: str, name: str) -> dict[str, Any]:
        found = self._datasets([(namespace, name)])
        if not found:
            raise NotFoundError(f"no dataset {name!r} in namespace {namespace!r}")
        return found[(namespace, name)]

    def dataset_versions(self, namespace: str, name: str, limit: Any = None,
                         offset: Any = None) -> dict[str, Any]:  # fmt: skip
        skip, most = _page(limit, offset)
        rows = self.store.read(queries.list_ol_dataset_versions(
            namespace=namespace, name=name, skip=skip, limit=most))  # fmt: skip
        if not rows:
            raise NotFoundError(f"no dataset {name!r} in namespace {namespace!r}")
        base = self.dataset(namespace, name)
        versions = [{**base, **self._version(v),
                     "createdByRun": {"id": v["created_by"]} if v["created_by"] else None}
                    for v in rows[0]["versions"]]  # fmt: skip
        return {"totalCount": rows[0]["total"], "versions": versions}

    def _datasets(self, pairs: Iterable[Pair]) -> dict[Pair, dict[str, Any]]:
        wanted = [{"namespace": ns, "name": name} for ns, name in pairs]
        if not wanted:
            return {}
        rows = self.store.read(queries.get_ol_datasets(datasets=wanted))
        return {(r["dataset"]["namespace"], r["dataset"]["name"]): self._dataset(r["dataset"])
                for r in rows}  # fmt: skip

    @staticmethod
    def _fields(schema: Any) -> list[dict[str, Any]]:
        return [{"name": f.get("name"), "type": f.get("type"), "tags": [],
                 "description": f.get("description")}
                for f in schema or () if isinstance(f, dict)]  # fmt: skip

    def _version(self, v: dict[str, Any]) -> dict[str, Any]:
        facets = _json(v.get("ol_facets")) or {}
        schema = _json(v.get("ol_schema"))
        if schema is not None:
            facets["schema"] = {"fields": schema}
        lineage = _json(v.get("ol_column_lineage"))
        if lineage is not None:
            facets["columnLineage"] = lineage
        return {"version": v.get("ol_version") or v["version"], "createdAt": _time(v["created_at"]),
                "fields": self._fields(schema), "facets": facets,
                "lifecycleState": (facets.get("lifecycleStateChange") or {}).get(
                    "lifecycleStateChange")}  # fmt: skip

    def _dataset(self, d: dict[str, Any]) -> dict[str, Any]:
        version = d.get("version") or {}
        shown = self._version(version) if version else {}
        facets = dict(shown.get("facets") or {})
        if d.get("source"):
            facets["dataSource"] = {"name": d["source"], "uri": d.get("source_uri")}
        if d.get("description"):
            facets["documentation"] = {"description": d["description"]}
        if d.get("owners"):
            facets["ownership"] = {"owners": [{"name": o} for o in d["owners"]]}
        return {
            "id": {"namespace": d["namespace"], "name": d["name"]}, "type": "DB_TABLE",
            "name": d["name"], "physicalName": d["name"], "namespace": d["namespace"],
            "createdAt": _time(d["created_at"]), "updatedAt": _time(d["updated_at"]),
            "sourceName": d.get("source") or d["namespace"], "fields": shown.get("fields", []),
            "tags": [], "lastModifiedAt": _time(d["updated_at"]),
            "lastLifecycleState": shown.get("lifecycleState"),
            "description": d.get("description"), "currentVersion": shown.get("version"),
            "columnLineage": None, "facets": facets, "deleted": False,
            "uri": dataset_uri(d["namespace"], d["name"]),
        }  # fmt: skip

    # -- jobs and runs -------------------------------------------------------------------
    def jobs(self, namespace: str, limit: Any = None, offset: Any = None) -> dict[str, Any]:
        skip, most = _page(limit, offset)
        (row,) = self.store.read(queries.list_ol_job_names(namespace=namespace, skip=skip,
                                                           limit=most))  # fmt: skip
        found = self._jobs([(namespace, name) for name in row["names"]])
        return {"totalCount": row["total"], "jobs": [found[(namespace, n)] for n in row["names"]]}

    def job(self, namespace: str, name: str) -> dict[str, Any]:
        found = self._jobs([(namespace, name)])
        if not found:
            raise NotFoundError(f"no job {name!r} in namespace {namespace!r}")
        return found[(namespace, name)]

    def job_runs(self, namespace: str, name: str, limit: Any = None,
                 offset: Any = None) -> dict[str, Any]:  # fmt: skip
        skip, most = _page(limit, offset)
        (row,) = self.store.read(queries.list_ol_job_runs(namespace=namespace, job=name,
                                                          skip=skip, limit=most))  # fmt: skip
        if not row["total"]:
            raise NotFoundError(f"no job {name!r} in namespace {namespace!r}")
        return {"totalCount": row["total"], "runs": [self._run(r) for r in row["runs"]]}

    def run(self, run_id: str) -> dict[str, Any]:
        rows = self.store.read(queries.get_ol_run(id=run_id))
        if not rows:
            raise NotFoundError(f"no OpenLineage run {run_id!r}")
        return self._run(rows[0]["run"])

    def _jobs(self, pairs: Iterable[Pair]) -> dict[Pair, dict[str, Any]]:
        wanted = [{"namespace": ns, "name": name} for ns, name in pairs]
        if not wanted:
            return {}
        rows = self.store.read(queries.get_ol_jobs(jobs=wanted))
        return {(r["namespace"], r["name"]): self._job(dict(r)) for r in rows}

    def _job(self, row: dict[str, Any]) -> dict[str, Any]:
        latest = row["latest"]
        facets = _json(latest.get("ol_job_facets")) or {}
        kind = (facets.get("jobType") or {}).get("processingType") or "BATCH"
        parent = (_json(latest.get("ol_run_facets")) or {}).get("parent") or {}
        return {
            "id": {"namespace": row["namespace"], "name": row["name"]}, "type": kind,
            "name": row["name"], "simpleName": row["name"].rpartition(".")[2],
            "parentJobName": (parent.get("job") or {}).get("name"),
            "createdAt": _time(row["created_at"]), "updatedAt": _time(row["updated_at"]),
            "namespace": row["namespace"],
            "inputs": [{"namespace": d["namespace"], "name": d["name"]}
                       for d in latest["inputs"]],
            "outputs": [{"namespace": d["namespace"], "name": d["name"]}
                        for d in latest["outputs"]],
            "location": (facets.get("sourceCodeLocation") or {}).get("url"),
            "description": (facets.get("documentation") or {}).get("description"),
            "latestRun": self._run(latest), "facets": facets, "currentVersion": None,
            "labels": [], "tags": [], "runCount": row["run_count"],
        }  # fmt: skip

    @staticmethod
    def _run(r: dict[str, Any]) -> dict[str, Any]:
        started, ended = _time(r["started_at"]), _time(r["ended_at"])
        facets = _json(r.get("ol_run_facets")) or {}
        nominal = facets.get("nominalTime") or {}
        duration = None
        if r["started_at"] and r["ended_at"]:
            from datetime import datetime

            duration = int((datetime.fromisoformat(r["ended_at"]) -
                            datetime.fromisoformat(r["started_at"])).total_seconds() * 1000)

        def versions(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
            return [{"datasetVersionId": {"namespace": d["namespace"], "name": d["name"],
                                          "version": d["version"]}, "facets": {}}
                    for d in items]  # fmt: skip

        return {
            "id": r["id"], "createdAt": started, "updatedAt": ended or started,
            "nominalStartTime": nominal.get("nominalStartTime"),
            "nominalEndTime": nominal.get("nominalEndTime"),
            "state": _STATES.get(r["status"], "NEW"), "startedAt": started, "endedAt": ended,
            "durationMs": duration, "args": {}, "context": {}, "facets": facets,
            "jobVersion": {"namespace": r["namespace"], "name": r["job"], "version": None},
            "inputDatasetVersions": versions(r["inputs"]),
            "outputDatasetVersions": versions(r["outputs"]),
        }  # fmt: skip

    # -- lineage -------------------------------------------------------------------------
    def _resolve(self, kind: str, body: str) -> Pair:
        """The (namespace, name) of the job or dataset a node id's body names."""
        splits = [(ns, name) for ns, name in _split(body, 2)]
        if not splits:
            raise InvalidInputError(f"{kind}:{body[:200]} has no namespace and name")
        pairs = [{"namespace": ns, "name": n} for ns, n in splits]
        if kind == "dataset":
            found = [(r["dataset"]["namespace"], r["dataset"]["name"])
                     for r in self.store.read(queries.get_ol_datasets(datasets=pairs))]
        else:
            found = [(r["namespace"], r["name"])
                     for r in self.store.read(queries.get_ol_jobs(jobs=pairs))]
        if not found:
            raise NotFoundError(f"no {kind} {body!r}")
        if len(set(found)) > 1:
            raise InvalidInputError(f"{kind}:{body} names several: {sorted(set(found))}")
        return found[0]

    def lineage(self, node_id: Any, depth: Any = None) -> dict[str, Any]:
        """``GET /api/v1/lineage?nodeId=&depth=``: the jobs and datasets connected to the
        node (both ways) within ``depth`` job-dataset edges, each with its in and out
        edges."""
        hops = check_count(DEFAULT_DEPTH if depth is None else depth, "depth", top=MAX_DEPTH)
        if not isinstance(node_id, str) or not node_id:
            raise InvalidInputError("nodeId is missing (dataset:<namespace>:<name> or "
                                    "job:<namespace>:<name>)")  # fmt: skip
        kind, _, body = node_id.partition(":")
        if kind not in ("dataset", "job") or not body:
            raise InvalidInputError(f"nodeId {node_id[:200]!r} is not dataset:<namespace>:"
                                    "<name> or job:<namespace>:<name>")  # fmt: skip
        start = (kind, *self._resolve(kind, body))
        seen: set[tuple[str, str, str]] = {start}
        frontier = [start]
        edges: set[tuple[tuple[str, str, str], tuple[str, str, str]]] = set()
        for _ in range(hops or 0):
            if not frontier or len(seen) > MAX_GRAPH:
                break
            jobs = [{"namespace": n[1], "name": n[2]} for n in frontier if n[0] == "job"]
            datasets = [{"namespace": n[1], "name": n[2]} for n in frontier if n[0] == "dataset"]
            rows = self.store.read(queries.list_ol_lineage_edges(jobs=jobs, datasets=datasets))
            nxt = []
            for row in rows:
                job = ("job", row["job_namespace"], row["job"])
                dataset = ("dataset", row["namespace"], row["name"])
                edges.add((dataset, job) if row["type"] == "USED" else (job, dataset))
                for node in (job, dataset):
                    if node not in seen:
                        seen.add(node)
                        nxt.append(node)
            frontier = nxt
        found_jobs = self._jobs((n[1], n[2]) for n in seen if n[0] == "job")
        found_datasets = self._datasets((n[1], n[2]) for n in seen if n[0] == "dataset")

        def ident(node: tuple[str, str, str]) -> str:
            return f"{node[0]}:{node[1]}:{node[2]}"

        into: dict[tuple[str, str, str], list[dict[str, str]]] = {}
        out: dict[tuple[str, str, str], list[dict[str, str]]] = {}
        for a, b in sorted(edges):
            edge = {"origin": ident(a), "destination": ident(b)}
            out.setdefault(a, []).append(edge)
            into.setdefault(b, []).append(edge)
        graph = []
        for node in sorted(seen):
            data = (found_jobs if node[0] == "job" else found_datasets).get((node[1], node[2]))
            graph.append({"id": ident(node), "type": node[0].upper(), "data": data,
                          "inEdges": into.get(node, []), "outEdges": out.get(node, [])})
        return {"graph": graph}

    def column_lineage(self, node_id: Any, depth: Any = None,
                       with_downstream: Any = None) -> dict[str, Any]:  # fmt: skip
        """``GET /api/v1/column-lineage?nodeId=&depth=&withDownstream=``: the columns a
        column (``datasetField:<namespace>:<name>:<field>``) or every column of a dataset
        (``dataset:<namespace>:<name>``) derives from, within ``depth`` hops, and with
        ``withDownstream=true`` the columns derived from them too."""
        hops = check_count(DEFAULT_DEPTH if depth is None else depth, "depth", top=MAX_DEPTH)
        down = str(with_downstream).lower() == "true"
        if not isinstance(node_id, str) or not node_id:
            raise InvalidInputError("nodeId is missing (datasetField:<namespace>:<name>:"
                                    "<field> or dataset:<namespace>:<name>)")  # fmt: skip
        kind, _, body = node_id.partition(":")
        if kind == "dataset" and body:
            namespace, name = self._resolve("dataset", body)
            fields = None
        elif kind == "datasetField" and body:
            head, _, field = body.rpartition(":")
            if not head or not field:
                raise InvalidInputError(f"nodeId {node_id[:200]!r} has no field")
            namespace, name = self._resolve("dataset", head)
            fields = [field]
        else:
            raise InvalidInputError(f"nodeId {node_id[:200]!r} is not datasetField:<namespace>:"
                                    "<name>:<field> or dataset:<namespace>:<name>")  # fmt: skip
        artifact = self._artifact_key(namespace, name)
        if fields is None:
            fields = [row["field"] for row in
                      self.store.read(queries.list_dataset_columns(dataset=artifact))]  # fmt: skip
        nodes: dict[str, dict[str, Any]] = {}
        edges: dict[tuple[str, str], list[str]] = {}
        for field in fields:
            directions: tuple[Direction, ...] = ("upstream", "downstream") if down else \
                ("upstream",)  # fmt: skip
            for direction in directions:
                result = column_walk(self.store, direction, artifact, field, hops, None)
                for node in (result.root, *result.nodes):
                    nodes[node.key] = {"namespace": node.namespace, "dataset": node.name,
                                       "field": node.column}  # fmt: skip
                for edge in result.edges:
                    edges[(edge.source, edge.target)] = edge.types

        def ident(column: str) -> str:
            n = nodes[column]
            return f"datasetField:{n['namespace']}:{n['dataset']}:{n['field']}"

        graph = []
        for column in sorted(nodes, key=ident):
            incoming = sorted((a, types) for (a, b), types in edges.items() if b == column)
            outgoing = sorted(b for (a, b) in edges if a == column)
            data: dict[str, Any] = dict(nodes[column])
            data.update(fieldType=None, transformationDescription=None,
                        transformationType=", ".join(sorted({t for _, ts in incoming
                                                             for t in ts})) or None,
                        inputFields=[{**nodes[a], "transformationDescription": None,
                                      "transformationType": ", ".join(types) or None}
                                     for a, types in incoming if a in nodes])  # fmt: skip
            graph.append({
                "id": ident(column), "type": "DATASET_FIELD", "data": data,
                "inEdges": [{"origin": ident(a), "destination": ident(column)}
                            for a, _ in incoming if a in nodes],
                "outEdges": [{"origin": ident(column), "destination": ident(b)}
                             for b in outgoing if b in nodes],
            })  # fmt: skip
        return {"graph": graph}

    def _artifact_key(self, namespace: str, name: str) -> str:
        rows = self.store.read(queries.find_datasets(
            candidates=[{"namespace": namespace, "name": name}]))  # fmt: skip
        return str(rows[0]["key"])
