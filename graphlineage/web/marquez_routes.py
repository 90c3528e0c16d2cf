"""Marquez's read API on ``graphlineage serve``: the routes that Marquez's web UI and the
``marquez-python`` client read (see :mod:`graphlineage.query.marquez` for the answers).

``GET /api/v1/namespaces``, ``/api/v1/namespaces/{ns}``, ``.../{ns}/datasets``,
``.../{ns}/datasets/{name}``, ``.../{ns}/datasets/{name}/versions``, ``.../{ns}/jobs``,
``.../{ns}/jobs/{name}``, ``.../{ns}/jobs/{name}/runs``, ``/api/v1/jobs/runs/{id}`` and
``/api/v1/lineage?nodeId=&depth=`` and ``/api/v1/column-lineage?nodeId=&depth=&withDownstream=``;
``limit``/``offset`` page the lists. Unknown names
answer 404, bad parameters 400, as Marquez does; the API key and the host checks of
``serve`` hold for them too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from graphlineage.client import Lineage
from graphlineage.errors import GraphlineageError, InvalidInputError, NotFoundError

_NUMBER = re.compile(r"[0-9]{1,12}")


def _number(params: Any, name: str) -> int | None:
    raw = params.get(name)
    if raw is None:
        return None
    if _NUMBER.fullmatch(raw) is None:
        raise InvalidInputError(f"{name} must be a whole number, not {raw[:40]!r}")
    return int(raw)


def marquez_routes(lineage: Lineage, authorized: Callable[[Request], bool],
                   failure: Callable[[GraphlineageError], Response]) -> list[Route]:  # fmt: skip
    """The routes; ``authorized`` checks the API key, ``failure`` answers an error."""

    def route(work: Callable[[Any, dict[str, str]], Any]) -> Any:
        async def answer(request: Request) -> Response:
            if not authorized(request):
                return JSONResponse({"error": "missing or wrong API key"}, status_code=401)
            params = {k: str(v) for k, v in request.path_params.items()}
            try:
                result = await run_in_threadpool(work, request.query_params, params)
            except GraphlineageError as exc:
                return failure(exc)
            return Response(json.dumps(result), media_type="application/json")

        return answer

    class _Api:  # the client's Marquez reader, looked up per request (connects lazily)
        def __getattr__(self, name: str) -> Any:
            return getattr(lineage.marquez, name)

    api = _Api()

    def paged(params: Any) -> dict[str, int | None]:
        return {"limit": _number(params, "limit"), "offset": _number(params, "offset")}

    def namespaces(query: Any, params: dict[str, str]) -> Any:
        """The namespace tree, by the path's *encoded* segments: namespaces and names hold
        '/' (s3://bucket, clean/reviews.parquet), which clients send as %2F."""
        parts = [unquote(part) for part in params["raw"].split("/") if part != ""]
        match parts:
            case []:
                return api.namespaces()
            case [ns]:
                return api.namespace(ns)
            case [ns, "datasets"]:
                return api.datasets(ns, **paged(query))
            case [ns, "datasets", name]:
                return api.dataset(ns, name)
            case [ns, "datasets", name, "versions"]:
                return api.dataset_versions(ns, name, **paged(query))
            case [ns, "jobs"]:
                return api.jobs(ns, **paged(query))
            case [ns, "jobs", name]:
                return api.job(ns, name)
            case [ns, "jobs", name, "runs"]:
                return api.job_runs(ns, name, **paged(query))
        raise NotFoundError("no such Marquez route (names in the path must be URL-encoded)")

    async def tree(request: Request) -> Response:
        raw = request.scope.get("raw_path") or request.url.path.encode()
        prefix = b"/api/v1/namespaces"
        request.path_params["raw"] = raw.decode("latin-1").split("?")[0][len(prefix):]
        answer: Response = await route(namespaces)(request)
        return answer

    return [
        Route("/api/v1/namespaces", tree, methods=["GET"]),
        Route("/api/v1/namespaces/{rest:path}", tree, methods=["GET"]),
        Route("/api/v1/jobs/runs/{run_id}", route(lambda q, p: api.run(p["run_id"])),
              methods=["GET"]),
        Route("/api/v1/lineage", route(lambda q, p: api.lineage(q.get("nodeId"),
                                                                _number(q, "depth"))),
              methods=["GET"]),
        Route("/api/v1/column-lineage", route(lambda q, p: api.column_lineage(
            q.get("nodeId"), _number(q, "depth"), q.get("withDownstream"))), methods=["GET"]),
    ]  # fmt: skip
