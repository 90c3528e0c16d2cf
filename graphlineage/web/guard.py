"""What a request must be before the app looks at it: a browser tab is an attacker too.

- **Host**: on loopback, only ``localhost``, ``127.0.0.1`` and ``[::1]`` (any port), so a
  page whose DNS name is rebound to 127.0.0.1 gets 421 and never reaches the routes.
- **Origin**: a request that carries ``Origin`` (browsers send it on cross-site requests
  and on every POST) must come from the host it is sent to; ``Sec-Fetch-Site:
  cross-site`` is refused too. Clients that are not browsers send neither.
- **Content type**: ``POST /api/v1/lineage`` needs a JSON type (``application/json`` or
  ``*/*+json``), so an HTML form or a ``text/plain`` fetch, which a browser sends
  cross-site without asking, is refused (415); the login form needs its form type.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Collection
from typing import Any
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from graphlineage.core.limits import MAX_PARAMETER_DEPTH
from graphlineage.errors import InvalidInputError

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
MAX_BODY_DEPTH = 2 * MAX_PARAMETER_DEPTH
_FORM = "application/x-www-form-urlencoded"


def _host_name(host: str) -> str:
    """``host`` of a Host header ``host[:port]`` (``[::1]:80`` gives ``::1``), lower case."""
    try:
        name = urlsplit(f"//{host}").hostname
    except ValueError:
        return ""
    return (name or "").lower()


def _same_origin(origin: str, host: str) -> bool:
    """Whether ``Origin`` names the site the request was sent to (``null``, from sandboxed
    frames and files, never does)."""
    try:
        parts = urlsplit(origin)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host.lower()


def _json_type(content_type: str) -> bool:
    kind = content_type.partition(";")[0].strip().lower()
    return kind == "application/json" or (kind.startswith("application/")
                                          and kind.endswith("+json"))  # fmt: skip


class RequestGuard:
    """ASGI middleware: Host, Origin and content-type checks (see the module's doc)."""

    def __init__(self, app: ASGIApp, allowed_hosts: Collection[str] | None) -> None:
        self.app = app
        self.allowed = None if allowed_hosts is None else {h.lower() for h in allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problem = self.problem(scope)
        if problem is None:
            await self.app(scope, receive, send)
            return
        status, message = problem
        await JSONResponse({"error": message}, status_code=status)(scope, receive, send)

    def problem(self, scope: Scope) -> tuple[int, str] | None:
        headers = Headers(scope=scope)
        host = headers.get("host", "")
        name = _host_name(host)
        if self.allowed is not None and name not in self.allowed:
            return 421, "this server does not answer for that Host"
        origin = headers.get("origin")
        if origin is not None and not _same_origin(origin, host):
            return 403, "cross-origin requests are not allowed"
        if headers.get("sec-fetch-site", "").lower() == "cross-site":
            return 403, "cross-site requests are not allowed"
        if scope["method"] == "POST":
            content_type = headers.get("content-type", "")
            if scope["path"].endswith("/login"):
                if content_type.partition(";")[0].strip().lower() != _FORM:
                    return 415, f"the login form must be sent as {_FORM}"
            elif not _json_type(content_type):
                return 415, "send the event as JSON (Content-Type: application/json)"
        return None


def header_bytes(text: str) -> bytes:
    """The bytes a client sent in a header (Starlette decodes headers as Latin-1)."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def same_secret(given: str | bytes, expected: str) -> bool:
    """Constant-time comparison as bytes (``expected`` as UTF-8), whatever the characters."""
    raw = given if isinstance(given, bytes) else given.encode("utf-8", "surrogatepass")
    return hmac.compare_digest(raw, expected.encode("utf-8", "surrogatepass"))


def login_token(api_key: str) -> str:
    """What the login cookie holds: an HMAC of the key, never the key itself."""
    key = api_key.encode("utf-8", "surrogatepass")
    return hmac.new(key, b"graphlineage login cookie v1", hashlib.sha256).hexdigest()


def check_event_body(data: Any) -> None:
    """Refuse decoded JSON that the event reader cannot take safely: nesting deeper than
    :data:`MAX_BODY_DEPTH`, text that is not UTF-8 (``"\\udc80"`` escapes), and a parent
    facet whose ``run``/``job`` are not objects."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise InvalidInputError("the event holds text that is not UTF-8 (a lone "
                                        "surrogate escape)") from exc  # fmt: skip
        elif isinstance(value, dict | list):
            if depth >= MAX_BODY_DEPTH:
                raise InvalidInputError(f"the event is nested too deeply (at most "
                                        f"{MAX_BODY_DEPTH} levels)")  # fmt: skip
            items = list(value.items()) if isinstance(value, dict) else list(enumerate(value))
            for key, item in items:
                stack.append((key, depth + 1))
                stack.append((item, depth + 1))
    run = data.get("run") if isinstance(data, dict) else None
    facets = run.get("facets") if isinstance(run, dict) else None
    parent = facets.get("parent") if isinstance(facets, dict) else None
    if parent is not None:
        if not isinstance(parent, dict):
            raise InvalidInputError("parent facet: must be an object")
        for part in ("run", "job"):
            value = parent.get(part)
            if value and not isinstance(value, dict):
                raise InvalidInputError(f"parent facet: {part} must be an object")
