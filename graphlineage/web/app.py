"""The ASGI app: OpenLineage's HTTP transport endpoint and a health route.

``POST /api/v1/lineage`` takes one RunEvent as JSON, as the OpenLineage HTTP transport
sends it, and answers 200 once it is written (or 400 with the reason, 401 without the API
key when one is set, 413 when the body is over the limit, 503 when Neo4j is away).
``GET /api/v1/health`` says whether Neo4j answers.
"""

from __future__ import annotations

import hmac
import json
import zlib
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from graphlineage.client import Lineage
from graphlineage.errors import ConnectionError, GraphlineageError, InvalidInputError
from graphlineage.openlineage import ingest_event, parse_event

DEFAULT_MAX_BODY = 1024 * 1024


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
    return body


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def create_app(lineage: Lineage, api_key: str | None = None,
               max_body: int = DEFAULT_MAX_BODY) -> Starlette:  # fmt: skip
    """The app, writing through ``lineage``; ``api_key`` makes Bearer auth required."""

    def authorized(request: Request) -> bool:
        if not api_key:
            return True
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(token.strip(), api_key)

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
        try:
            event = parse_event(data)
            await run_in_threadpool(ingest_event, lineage.store, event)
        except InvalidInputError as exc:
            return _error(400, exc.message)
        except ConnectionError as exc:
            return _error(503, exc.message)
        except GraphlineageError as exc:
            return _error(500, exc.message)
        return JSONResponse({"status": "ok", "runId": event.run.run_id})

    async def health(request: Request) -> JSONResponse:
        try:
            await run_in_threadpool(lineage.store.read, "ping")
        except GraphlineageError as exc:
            return JSONResponse({"status": "down", "neo4j": exc.message}, status_code=503)
        return JSONResponse({"status": "ok", "neo4j": "up"})

    return Starlette(routes=[
        Route("/api/v1/lineage", lineage_event, methods=["POST"]),
        Route("/api/v1/health", health, methods=["GET"]),
        Route("/health", health, methods=["GET"]),
    ])  # fmt: skip
