"""Issue 14, ad-hoc Cypher and the local server: reading queries only (the server's plan
decides), no file or private-network access for LOAD CSV, answers capped by bytes, a JVM
without secrets in its environment, private file modes, and `server stop` that stops only
its own data dir's server."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import neo4j
import pytest

from graphlineage.client import Lineage
from graphlineage.errors import QueryError
from graphlineage.server.local import BLOCKED_NETWORKS, LocalServer, jvm_environment

from .neo4j_test_server import TestServer
from .test_hardening_api import refused

REFUSED = [
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "LOAD CSV FROM 'http://127.0.0.1:7687/' AS line RETURN line",
    "CALL () { LOAD CSV FROM 'file:///proc/self/environ' AS l RETURN l } RETURN 1 AS x",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "SHOW SETTINGS", "SHOW TRANSACTIONS", "SHOW USERS", "SHOW DATABASES", "SHOW CURRENT USER",
    "CALL dbms.listConfig()", "CALL db.clearQueryCaches()", "CALL tx.setMetaData({a: 1})",
    "CREATE USER mallory SET PASSWORD 'secret-secret'",
    "CALL dbms.security.listUsers()",
]  # fmt: skip
ALLOWED = [
    "MATCH (n) RETURN count(n) AS n", "CALL db.labels() YIELD label RETURN label",
    "CALL dbms.components() YIELD name RETURN name", "SHOW INDEXES YIELD name RETURN name",
    "SHOW PROCEDURES YIELD name RETURN name LIMIT 1",
    "RETURN date.truncate('day', date()) AS d, point.distance(point({x: 0, y: 0}), "
    "point({x: 3, y: 4})) AS p",
]  # fmt: skip


@pytest.mark.parametrize("query", REFUSED)
def test_adhoc_cypher_refuses_what_is_not_a_lineage_read(lineage: Lineage, query: str) -> None:
    err = refused(lineage, lambda: lineage.cypher(query))
    assert isinstance(err, QueryError)
    err = refused(lineage, lambda: lineage.cypher(query, write=True))
    assert isinstance(err, QueryError)


@pytest.mark.parametrize("query", ALLOWED)
def test_adhoc_cypher_still_reads(lineage: Lineage, query: str) -> None:
    assert lineage.cypher(query).columns


def test_write_mode_still_writes_and_makes_indexes(lineage: Lineage) -> None:
    index = "CREATE INDEX scratch_x IF NOT EXISTS FOR (n:Scratch) ON (n.x)"
    assert isinstance(refused(lineage, lambda: lineage.cypher(index)), QueryError)
    made = lineage.cypher("CREATE (s:Scratch {n: 1}) DELETE s", write=True)
    assert made.counters["nodes_created"] == 1 and made.counters["nodes_deleted"] == 1
    lineage.cypher("CREATE INDEX scratch_x IF NOT EXISTS FOR (n:Scratch) ON (n.x)", write=True)
    lineage.cypher("DROP INDEX scratch_x IF EXISTS", write=True)


def test_answers_are_capped_by_bytes(lineage: Lineage) -> None:
    from graphlineage.query.adhoc import run_cypher

    lineage.connect()
    assert lineage._connection is not None
    result = run_cypher(lineage._connection, "UNWIND range(1, 10000) AS i "
                        "RETURN range(1, 1000) AS l", max_bytes=1024 * 1024)  # fmt: skip
    assert result.truncated and 0 < len(result.rows) < 300


def test_server_refuses_file_urls_and_private_addresses(neo4j_server: TestServer) -> None:
    """What the local server's conf holds for every client (not only ad-hoc Cypher). Only
    a server started by graphlineage's launcher has this conf."""
    driver = neo4j.GraphDatabase.driver(neo4j_server.uri,
                                        auth=(neo4j_server.user, neo4j_server.password))
    try:
        with driver.session(database=neo4j_server.database) as session:
            settings = {r["name"]: r["value"] for r in session.run(
                "SHOW SETTINGS YIELD name, value WHERE name IN $names RETURN name, value",
                names=["dbms.security.allow_csv_import_from_file_urls",
                       "internal.dbms.cypher_ip_blocklist"])}  # fmt: skip
            launched_here = settings.get("dbms.security.allow_csv_import_from_file_urls")
            if neo4j_server.local is None and launched_here != "false":
                pytest.skip("the test server was not started by graphlineage's launcher")
            assert launched_here == "false"
            for url in ("file:///etc/passwd", "http://127.0.0.1:7687/", "http://10.0.0.1/",
                        "http://[::1]:7687/", "http://169.254.169.254/latest/meta-data/"):
                with pytest.raises(neo4j.exceptions.ClientError) as err:
                    session.run("LOAD CSV FROM $url AS line RETURN line", url=url).consume()
                assert "ExternalResourceFailed" in str(err.value.code), url
    finally:
        driver.close()


def test_the_conf_and_the_jvm_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:  # fmt: skip
    server = LocalServer(tmp_path / "data", port=7699)
    server.password()
    conf = server._write_conf().read_text()
    assert "dbms.security.allow_csv_import_from_file_urls=false" in conf
    assert f"server.directories.import={server.data_dir / 'import'}" in conf
    assert f"internal.dbms.cypher_ip_blocklist={','.join(BLOCKED_NETWORKS)}" in conf
    monkeypatch.setenv("GRAPHLINEAGE_NEO4J_PASSWORD", "top-secret")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "also-secret")
    monkeypatch.setenv("PATH", "/usr/bin")
    scrubbed = jvm_environment()
    assert scrubbed["PATH"] == "/usr/bin" and "top-secret" not in json.dumps(scrubbed)
    assert not any(name.startswith(("GRAPHLINEAGE_", "AWS_")) for name in scrubbed)
    for path in [server.data_dir, *server.data_dir.rglob("*")]:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path


def test_the_running_local_servers_files_and_environment(neo4j_server: TestServer) -> None:
    local = neo4j_server.local
    if local is None:
        pytest.skip("the test server is not one the tests started")
    loose = [p for p in [local.data_dir, *local.data_dir.rglob("*")]
             if not p.is_symlink() and stat.S_IMODE(p.stat().st_mode) & 0o077]  # fmt: skip
    assert loose == []
    pid = local.running_pid()
    assert pid is not None
    environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    assert not any(entry.startswith(b"GRAPHLINEAGE_") for entry in environ)


def test_stop_only_stops_its_own_data_dirs_launcher(tmp_path: Path) -> None:
    other = tmp_path / "other"
    mine = LocalServer(tmp_path / "mine", port=7698)
    theirs = LocalServer(other, port=7697)
    # a stand-in launcher of the other data dir (same argv shape: home dir, then Launcher)
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)",
                             str(theirs.data_dir / "home"), "Launcher"])  # fmt: skip
    try:
        for server in (mine, theirs):
            server.data_dir.mkdir(parents=True)
            server._write_state(proc.pid)
        time.sleep(0.2)
        assert mine.running_pid() is None, "another data dir's launcher counted as ours"
        assert theirs.running_pid() == proc.pid
        assert mine.stop() is False
        assert proc.poll() is None, "stop killed another data dir's server"
        assert not mine.state_file.exists()
    finally:
        proc.kill()
        proc.wait()


def test_data_dir_made_private_on_start(tmp_path: Path) -> None:
    from graphlineage.server.local import _make_private

    loose = tmp_path / "old"
    (loose / "home" / "logs").mkdir(parents=True)
    (loose / "home" / "logs" / "debug.log").write_text("x")
    os.chmod(loose, 0o755)  # noqa: S103 - the old, too open mode being fixed
    os.chmod(loose / "home" / "logs" / "debug.log", 0o644)
    LocalServer(loose)._make_data_dir()
    _make_private(loose)
    for path in [loose, *loose.rglob("*")]:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
