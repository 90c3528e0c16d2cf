"""Issue 14, `serve` and `ui`: a browser tab is an attacker too. DNS rebinding (Host),
cross-site writes (Origin, content type), 4xx never 5xx for bad requests, the login cookie,
a quick 503 with Neo4j down, OpenLineage run names, and `view` with hostile strings."""

from __future__ import annotations

import contextlib
import gzip
import http.client
import json
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

from graphlineage.cli.context import Env
from graphlineage.cli.listen import SERVER_RETRY_TIME
from graphlineage.client import Lineage
from graphlineage.web.app import create_app
from graphlineage.web.guard import login_token
from graphlineage.web.page import page

from .neo4j_test_server import TestServer
from .served import serving
from .test_openlineage import event, valid_events

KEY = "k\u00e9y-\u2603"  # a non-ASCII API key must work too


class Client:
    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "", parts.port or 80
        self.netloc = parts.netloc

    def request(self, method: str, path: str, body: bytes = b"",
                headers: dict[str, Any] | None = None) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            given = {"Host": self.netloc, **(headers or {})}
            for name, value in given.items():
                conn.putheader(name, value)
            conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body)
            response = conn.getresponse()
            answer = {k.lower(): v for k, v in response.getheaders()}
            return response.status, answer, response.read()
        finally:
            conn.close()

    def post(self, body: bytes, **headers: str | bytes) -> int:
        given: dict[str, str | bytes] = {"Content-Type": "application/json",
                                         "Authorization": f"Bearer {KEY}".encode()}  # fmt: skip
        given.update({k.replace("_", "-"): v for k, v in headers.items()})
        return self.request("POST", "/api/v1/lineage", body, given)[0]


@pytest.fixture
def served(lineage: Lineage) -> Iterator[Client]:
    app = create_app(lineage, api_key=KEY, max_body=64 * 1024, ui=True)
    with serving(app) as url:
        yield Client(url)


def counts(lineage: Lineage) -> Any:
    return lineage.cypher("MATCH (n) WHERE NOT n:GraphlineageTestMarker "
                          "RETURN count(n) AS n").rows  # fmt: skip


def test_host_origin_and_content_type(lineage: Lineage, served: Client) -> None:
    body = json.dumps(valid_events()[0]).encode()
    before = counts(lineage)
    assert served.request("GET", "/api/v1/health", headers={"Host": "evil.example"})[0] == 421
    assert served.request("GET", "/", headers={"Host": "evil.example:8765"})[0] == 421
    assert served.post(body, Host="evil.example") == 421
    assert served.post(body, Origin="http://evil.example") == 403
    assert served.post(body, Origin="null") == 403
    assert served.post(body, Sec_Fetch_Site="cross-site") == 403
    assert served.post(body, Content_Type="text/plain") == 415
    assert served.post(body, Content_Type="application/x-www-form-urlencoded") == 415
    assert counts(lineage) == before, "a refused request wrote"
    for host in ("localhost", "127.0.0.1", f"localhost:{served.port}", "[::1]:5000"):
        assert served.request("GET", "/api/v1/health", headers={"Host": host})[0] == 200
    assert served.post(body, Origin=f"http://{served.netloc}") == 200
    assert served.post(body, Content_Type="application/vnd.openlineage+json; charset=utf-8") == 200


def test_bad_requests_are_4xx(lineage: Lineage, served: Client) -> None:
    before = counts(lineage)
    deep = b"[" * 100_000 + b"]" * 100_000
    assert served.post(deep) in (400, 413)
    assert served.post(b"[" * 5000 + b"]" * 5000) == 400
    facet = event("START", str(uuid.uuid4()), "j", 0, parent={"run": "x", "job": 1})
    assert served.post(json.dumps(facet).encode()) == 400
    odd = event("START", str(uuid.uuid4()), "j\udcff", 0)
    assert served.post(json.dumps(odd).encode()) == 400
    zipped = gzip.compress(json.dumps(valid_events()[0]).encode())
    assert served.post(zipped + b"garbage", Content_Encoding="gzip") == 400
    assert served.post(zipped[:-5], Content_Encoding="gzip") == 400
    assert served.post(b"{}", Authorization="Bearer caf\u00e9".encode()) == 401
    assert served.post(b"{}", Authorization=b"Bearer \xff\xfe") == 401
    auth = {"Authorization": f"Bearer {KEY}".encode()}
    for query in ("up=%C2%B2", "up=-1", "up=99999999999999999999", "limit=%EF%BC%91"):
        status = served.request("GET", f"/api/v1/subgraph?ref=x:v0&{query}", headers=auth)[0]
        assert status == 400, query
    huge = served.request("GET", "/api/v1/node?ref=x:v99999999999999999999", headers=auth)
    assert huge[0] == 400
    assert served.request("GET", "/api/v1/node?ref=%ED%A0%80", headers=auth)[0] in (400, 404)
    assert served.request("GET", "/api/v1/search", headers={"Cookie": "graphlineage_key=\u00e9"
                                                            .encode()})[0] == 401  # fmt: skip
    login = {"Content-Type": "application/x-www-form-urlencoded", "Origin": f"http://{served.netloc}"}
    assert served.request("POST", "/login", b"key=" + b"a" * 5000, login)[0] == 413
    assert counts(lineage) == before


def test_login_cookie_is_not_the_key(served: Client) -> None:
    login = {"Content-Type": "application/x-www-form-urlencoded",
             "Origin": f"http://{served.netloc}"}  # fmt: skip
    from urllib.parse import quote

    status, headers, _ = served.request("POST", "/login", f"key={quote(KEY)}".encode(), login)
    cookie = headers.get("set-cookie", "")
    assert status == 303 and cookie.startswith("graphlineage_key=")
    value = cookie.split(";")[0].partition("=")[2]
    assert value == login_token(KEY) and quote(KEY) not in cookie and KEY not in cookie
    ok = served.request("GET", "/api/v1/search?q=x",
                        headers={"Cookie": f"graphlineage_key={value}"})  # fmt: skip
    assert ok[0] == 200
    raw = served.request("GET", "/api/v1/search?q=x",
                         headers={"Cookie": f"graphlineage_key={quote(KEY)}"})  # fmt: skip
    assert raw[0] == 401


def test_two_run_ids_with_the_same_tail_are_two_runs(lineage: Lineage, served: Client) -> None:
    first = "01234567-89ab-4def-8123-456789abcdef"
    second = "11111111-2222-4333-8123-456789abcdef"  # the same last 12 hex digits
    for run_id in (first, second):
        assert served.post(json.dumps(event("START", run_id, "same.job", 0)).encode()) == 200
    assert lineage.run(first).name != lineage.run(second).name


class Proxy:
    """A TCP relay to the test server that can be cut, as if Neo4j went away."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.open = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while self.open:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open:
                client.close()
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (a, b):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.open = False
        self.listener.close()
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


def test_neo4j_down_gives_503_soon(neo4j_server: TestServer, clean_db: TestServer) -> None:
    real = urlsplit(neo4j_server.uri)
    proxy = Proxy((real.hostname or "127.0.0.1", real.port or 7687))
    env = Env(f"bolt://127.0.0.1:{proxy.port}", None, None)
    env.retry_cap = SERVER_RETRY_TIME
    settings = neo4j_server.settings(neo4j_uri=env.uri, neo4j_retry_time=env.retry_cap)
    with Lineage(settings) as lineage, serving(create_app(lineage)) as url:
        client = Client(url)
        lineage.store  # noqa: B018 - connected while Neo4j is there, as `serve` does
        proxy.cut()
        began = time.monotonic()
        status, headers, body = client.request(
            "POST", "/api/v1/lineage", json.dumps(valid_events()[0]).encode(),
            {"Content-Type": "application/json"})  # fmt: skip
        took = time.monotonic() - began
        assert status == 503 and headers.get("retry-after") == "5", body
        assert took < 10, f"{took:.1f}s"


def test_env_caps_the_retry_time_for_servers(monkeypatch: pytest.MonkeyPatch) -> None:
    import click

    monkeypatch.setenv("GRAPHLINEAGE_NEO4J_RETRY_TIME", "15")
    env = Env(None, None, None)
    env.retry_cap = 2.0
    with click.Context(click.Command("x")):
        assert env.lineage.settings.neo4j_retry_time == 2.0
        env.lineage.close()


def test_view_survives_hostile_strings(tmp_path: Path) -> None:
    hostile = "<!--<script>alert(1)</script></script><!--"
    node = {"ref": "run:p/x", "kind": "run", "name": hostile, "label": hostile}
    data = {"root": "run:p/x", "graph": {"root": node, "nodes": [node], "edges": [],
                                         "up": 1, "down": 1, "truncated": False},
            "details": {"run:p/x": {"note": hostile}}}  # fmt: skip
    html = page("lineage", data)
    embedded = html.split("window.GRAPHLINEAGE_DATA = ", 1)[1].split(";</script>", 1)[0]
    assert "<" not in embedded and json.loads(embedded) == data
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "the UI tests need Debian's chromium package (scripts/test installs it)"
    path = tmp_path / "view.html"
    path.write_text(html, encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            tab = browser.new_page()
            tab.goto(path.as_uri())
            tab.wait_for_function("window.graphlineage !== undefined", timeout=20_000)
            loaded = tab.evaluate("window.GRAPHLINEAGE_DATA.details['run:p/x'].note")
            assert loaded == hostile
        finally:
            browser.close()
