"""The ASGI app: OpenLineage's HTTP transport endpoint, a health route, and (for
``graphlineage ui``) the lineage page with the JSON routes behind it.

``POST /api/v1/lineage`` takes one OpenLineage event (RunEvent, JobEvent or DatasetEvent)
as JSON, as the OpenLineage HTTP transport sends it, and answers 200 once it is written
(concurrent requests share transactions: see :mod:`graphlineage.web.committer`) (or 400
with the reason, 401 without the API key when one is set, 413 when the body is over the
limit, 503 when Neo4j is away). ``GET /api/v1/health`` says whether Neo4j answers. Marquez's
read API is served too (:mod:`graphlineage.web.marquez_routes`).

The page's routes: ``GET /`` (the page), ``/static/...``, and JSON answers
``/api/v1/search?q=``, ``/api/v1/subgraph?ref=&up=&down=&limit=``, ``/api/v1/node?ref=``,
``/api/v1/impact?ref=&limit=`` and
``/api/v1/columns?ref=&column=&direction=&depth=&limit=&skip=`` (column lineage) (404 for
unknown refs, 400 for bad input). With an API key, the page asks for it once and keeps it
in an HttpOnly cookie; scripts send it as Bearer.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Collection
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from graphlineage.client import Lineage
from graphlineage.errors import (
    ConflictError,
    GraphlineageError,
    InvalidInputError,
    Neo4jConnectionError,
    NotFoundError,
)
from graphlineage.ingest.ol_events import RunEvent, parse_event
from graphlineage.web.committer import GroupCommitter
from graphlineage.web.guard import (
    LOOPBACK_HOSTS,
    RequestGuard,
    check_event_body,
    header_bytes,
    login_token,
    same_secret,
)

DEFAULT_MAX_BODY = 1024 * 1024
LOGIN_MAX_BODY = 4096
RETRY_AFTER = 5
"""Seconds a client is asked to wait (``Retry-After``) when Neo4j cannot be reached."""
_NUMBER = re.compile(r"[0-9]{1,9}")


class _TooLarge(Exception):
    pass


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _TooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)
    body = b"".join(chunks)
    if request.headers.get("content-encoding", "").lower() == "gzip":
        # the OpenLineage HTTP transport may compress; the limit holds after inflating too
        inflater = zlib.decompressobj(wbits=31)
        body = inflater.decompress(body, limit + 1)
        if len(body) > limit:
            raise _TooLarge
        if not inflater.eof:
            raise zlib.error("the gzip stream is cut short")
        if inflater.unused_data:
            raise zlib.error("there are bytes after the end of the gzip stream")
    return body


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _failure(exc: GraphlineageError) -> JSONResponse:
    """The HTTP answer to an error: 404 unknown, 400 bad input, 503 Neo4j away, else 500."""
    if isinstance(exc, NotFoundError):
        return _error(404, exc.message)
    if isinstance(exc, InvalidInputError):
        return _error(400, exc.message)
    if isinstance(exc, Neo4jConnectionError):
        response = _error(503, exc.message)
        response.headers["Retry-After"] = str(RETRY_AFTER)
        return response
    if isinstance(exc, ConflictError):  # the server's constraint message stays inside
        return _error(409, "this conflicts with lineage already stored (a unique name or "
                           "key is taken)")  # fmt: skip
    return _error(500, exc.message)


COOKIE = "graphlineage_key"
_LOGIN = """<!doctype html><meta charset="utf-8"><title>graphlineage</title>
<form method="post" action="login" style="font:14px system-ui;margin:20vh auto;width:320px">
<p>This graphlineage server needs its API key.</p>
<input type="password" name="key" autofocus style="width:100%"><button>Open</button></form>"""


def _answer(work: Any) -> Any:
    """Run a question; its errors become JSON error responses."""

    async def route(request: Request) -> Response:
        try:
            result = await run_in_threadpool(work, request.query_params)
        except GraphlineageError as exc:
            return _failure(exc)
        body = (result.model_dump_json() if hasattr(result, "model_dump_json")
                else json.dumps([item.model_dump(mode="json") for item in result]))  # fmt: skip
        return Response(body, media_type="application/json")

    return route


def _int(params: Any, name: str, default: int, top: int) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    if _NUMBER.fullmatch(raw) is None or int(raw) > top:
        raise InvalidInputError(f"{name} must be a whole number from 0 to {top}")
    return int(raw)


def _ref(params: Any) -> str:
    ref = params.get("ref")
    if not ref:
        raise InvalidInputError("ref is missing")
    return str(ref)


def create_app(lineage: Lineage, api_key: str | None = None,
               max_body: int = DEFAULT_MAX_BODY, ui: bool = False,
               allowed_hosts: Collection[str] | None = LOOPBACK_HOSTS) -> ASGIApp:  # fmt: skip
    """The app, writing through ``lineage``; ``api_key`` makes Bearer auth required;
    ``ui`` adds the lineage page and its JSON routes. Requests must name one of
    ``allowed_hosts`` in their Host header (None: any), and pass :mod:`.guard`."""

    committer = GroupCommitter(lineage.ingest_openlineage_events)

    def authorized(request: Request) -> bool:
        if not api_key:
            return True
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and same_secret(header_bytes(token.strip()), api_key):
            return True
        return same_secret(header_bytes(request.cookies.get(COOKIE, "")), login_token(api_key))

    async def lineage_event(request: Request) -> JSONResponse:
        if not authorized(request):
            return JSONResponse(
                {"error": "missing or wrong API key (Authorization: Bearer)"},
                status_code=401, headers={"WWW-Authenticate": "Bearer"},
            )  # fmt: skip
        try:
            body = await _body(request, max_body)
        except _TooLarge:
            return _error(413, f"request body over {max_body} bytes")
        except zlib.error as exc:
            return _error(400, f"body is not valid gzip: {exc}")
        try:
            data: Any = json.loads(body)
        except ValueError as exc:
            return _error(400, f"body is not JSON: {exc}")
        except RecursionError:
            return _error(400, "body is nested too deeply")
        try:
            check_event_body(data)
            event = parse_event(data)
            problem = await committer.submit(event)
        except GraphlineageError as exc:
            return _failure(exc)
        if problem is not None:
            return _error(400, problem)
        if isinstance(event, RunEvent):
            return JSONResponse({"status": "ok", "runId": event.run.run_id})
        return JSONResponse({"status": "ok"})

    async def health(request: Request) -> JSONResponse:
        try:
            await run_in_threadpool(lineage.ping)
        except GraphlineageError as exc:
            return JSONResponse({"status": "down", "neo4j": exc.message}, status_code=503)
        return JSONResponse({"status": "ok", "neo4j": "up"})

    from graphlineage.web.marquez_routes import marquez_routes

    routes = [
        Route("/api/v1/lineage", lineage_event, methods=["POST"]),
        *marquez_routes(lineage, authorized, _failure),
        Route("/api/v1/health", health, methods=["GET"]),
        Route("/health", health, methods=["GET"]),
    ]
    if ui:
        routes += _ui_routes(lineage, api_key, authorized)
    return RequestGuard(Starlette(routes=routes), allowed_hosts)


def _ui_routes(lineage: Lineage, api_key: str | None, authorized: Any) -> list[Any]:
    from graphlineage.web.page import STATIC, page, vendor_files

    vendor_files()  # fail at start, not on first page load, if the libraries are missing

    def guarded(route: Any) -> Any:
        async def check(request: Request) -> Response:
            if not authorized(request):
                return _error(401, "missing or wrong API key")
            response: Response = await route(request)
            return response

        return check

    async def index(request: Request) -> Response:
        if not authorized(request):
            return HTMLResponse(_LOGIN, status_code=401)
        return HTMLResponse(page())

    async def login(request: Request) -> Response:
        try:
            raw = await _body(request, LOGIN_MAX_BODY)
        except _TooLarge:
            return _error(413, f"the login form is over {LOGIN_MAX_BODY} bytes")
        except zlib.error as exc:
            return _error(400, f"body is not valid gzip: {exc}")
        form = parse_qs(raw.decode(errors="replace"))
        key = (form.get("key") or [""])[0]
        response = RedirectResponse("./", status_code=303)
        if api_key and same_secret(key, api_key):
            response.set_cookie(COOKIE, login_token(api_key), httponly=True, samesite="strict")
        return response

    def search(params: Any) -> Any:
        return lineage.search(str(params.get("q", "")), limit=_int(params, "limit", 20, 200))

    def subgraph(params: Any) -> Any:
        return lineage.subgraph(_ref(params), up=_int(params, "up", 2, 50),
                                down=_int(params, "down", 2, 50),
                                limit=_int(params, "limit", 500, 5000),
                                as_of=params.get("as_of") or None)  # fmt: skip

    def node(params: Any) -> Any:
        return lineage.show(_ref(params), limit=_int(params, "limit", 200, 5000),
                            as_of=params.get("as_of") or None)  # fmt: skip

    def impact(params: Any) -> Any:
        return lineage.impact(_ref(params), limit=_int(params, "limit", 1000, 100_000),
                              as_of=params.get("as_of") or None)  # fmt: skip

    def columns(params: Any) -> Any:
        direction = params.get("direction", "upstream")
        if direction not in ("upstream", "downstream"):
            raise InvalidInputError("direction must be upstream or downstream")
        ask = lineage.column_ancestry if direction == "upstream" else lineage.column_impact
        column = params.get("column")
        if not column:
            raise InvalidInputError("column is missing")
        depth = _int(params, "depth", -1, 10_000)
        return ask(_ref(params), str(column), None if depth < 0 else depth,
                   limit=_int(params, "limit", 1000, 100_000), skip=_int(params, "skip", 0,
                                                                         1 << 30))  # fmt: skip

    class _Static(StaticFiles):
        async def get_response(self, path: str, scope: Any) -> Response:
            if not authorized(Request(scope)):
                return _error(401, "missing or wrong API key")
            response: Response = await super().get_response(path, scope)
            return response

    return [
        Route("/", index, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Route("/api/v1/search", guarded(_answer(search)), methods=["GET"]),
        Route("/api/v1/subgraph", guarded(_answer(subgraph)), methods=["GET"]),
        Route("/api/v1/node", guarded(_answer(node)), methods=["GET"]),
        Route("/api/v1/impact", guarded(_answer(impact)), methods=["GET"]),
        Route("/api/v1/columns", guarded(_answer(columns)), methods=["GET"]),
        Mount("/static", app=_Static(directory=STATIC), name="static"),
    ]
