"""``graphlineage server start|status|stop`` on its own data dir and port."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphlineage.cli.main import cli
from graphlineage.server.local import LocalServer

from .neo4j_test_server import free_port


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


@pytest.mark.slow
def test_start_status_stop_start_again(tmp_path: Path) -> None:
    data_dir = str(tmp_path / "srv")
    port = str(free_port())
    code, out = run("server", "start", "--data-dir", data_dir, "--port", port)
    assert code == 0, out
    assert f"neo4j://127.0.0.1:{port}" in out
    try:
        code, out = run("server", "status", "--data-dir", data_dir, "--port", port)
        assert code == 0 and "state:    running" in out and "5.26" in out
        password = Path(data_dir) / "password"
        assert password.stat().st_mode & 0o777 == 0o600
        code, out = run("server", "start", "--data-dir", data_dir, "--port", port)
        assert code == 0 and "already running" in out
        code, out = run("server", "stop", "--data-dir", data_dir, "--port", port)
        assert code == 0 and "stopped" in out
        code, out = run("server", "status", "--data-dir", data_dir, "--port", port)
        assert code == 1 and "state:    stopped" in out
        code, out = run("server", "start", "--data-dir", data_dir, "--port", port)
        assert code == 0, out
        debug_log = (Path(data_dir) / "home" / "logs" / "debug.log").read_text()
        last_start = debug_log.rsplit("Starting transaction log", 1)[0]
        assert "Recovery completed" not in debug_log.split("Shutdown")[-1], last_start[-500:]
    finally:
        LocalServer(Path(data_dir), port=int(port)).stop()


def test_port_in_use_is_a_clear_error(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = str(sock.getsockname()[1])
        code, out = run("server", "start", "--data-dir", str(tmp_path), "--port", port)
    assert code == 9
    assert f"port {port}" in out and "already in use" in out
    assert "Traceback" not in out


def test_status_of_a_server_that_never_ran(tmp_path: Path) -> None:
    code, out = run("server", "status", "--data-dir", str(tmp_path / "none"))
    assert code == 1
    assert "state:    stopped" in out


def test_missing_java_names_the_alternatives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "no-jdk"))
    code, out = run("server", "start", "--data-dir", str(tmp_path), "--port", str(free_port()))
    assert code == 9
    assert "Java 17+" in out and "docker compose" in out and "GRAPHLINEAGE_NEO4J_URI" in out
