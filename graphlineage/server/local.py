"""The local Neo4j server: start, stop and inspect the embedded launcher.

Layout of the data directory (``GRAPHLINEAGE_SERVER_DATA_DIR``)::

    neo4j.conf     settings written on every start (Bolt on 127.0.0.1:<port>, auth on)
    password       the generated password of user ``neo4j`` (mode 0600)
    server.json    pid, port and Neo4j version of the running server
    launcher.log   the launcher's stdout/stderr
    home/          Neo4j's own home: data/ (the store) and logs/ (debug.log, ...)
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import stat
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from graphlineage.core.settings import Settings
from graphlineage.errors import PortInUseError, ServerError, ServerStartError
from graphlineage.server.jars import NEO4J_VERSION, ensure_runtime

READY_MARK = "graphlineage-neo4j READY"

# Settings for the write path. Capture writes come in batches (a transaction of up to 2,000
# events, a few MB of log) or as many small transactions (the job path), so:
# - the transaction log buffer holds a whole batch, so a commit is one sequential write;
# - the page cache flushes through a buffer that joins neighbouring pages, so checkpoints
#   need fewer, larger writes on a laptop's or VM's limited IOPS;
# - the planner re-plans a query only when a statistic it used has grown tenfold (the
#   default is fourfold) and at most every 5 minutes (default 10 s): a growing graph would
#   otherwise re-plan the big capture statement (1-3 s of planning each time) over and over
#   during a bulk load, and the lineage queries' plans (index seeks and a breadth-first
#   search) do not depend on the graph's size;
# - transaction state stays on the heap (the default), whose size GRAPHLINEAGE_SERVER_HEAP
#   sets; a batch needs a few MB of it.
WRITE_TUNING = (
    "# -- writes (see graphlineage/server/local.py) --\n"
    "db.tx_log.buffer.size=4194304\n"
    "server.memory.pagecache.flush.buffer.enabled=true\n"
    "dbms.cypher.statistics_divergence_threshold=0.9\n"
    "dbms.cypher.min_replan_interval=5m\n"
)
LOCAL_HOST = "127.0.0.1"
BLOCKED_NETWORKS = (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
    "172.16.0.0/12", "192.168.0.0/16", "::1/128", "::ffff:0:0/96", "fc00::/7", "fe80::/10",
)  # fmt: skip
"""Where LOAD CSV may not fetch from: this machine and private networks."""
JVM_ENVIRONMENT = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "JAVA_HOME")
"""The only environment variables the server's JVM inherits (no secrets, e.g. no
``GRAPHLINEAGE_NEO4J_PASSWORD``: the JVM's environment is readable as /proc/<pid>/environ)."""


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    uri: str
    pid: int | None
    data_dir: Path
    version: str | None
    port: int

    def describe(self) -> str:
        state = "running" if self.running else "stopped"
        lines = [
            f"state:    {state}",
            f"uri:      {self.uri}",
            f"pid:      {self.pid if self.pid is not None else '-'}",
            f"data dir: {self.data_dir}",
            f"version:  Neo4j {self.version or NEO4J_VERSION} Community",
        ]
        return "\n".join(lines)


def _pid_alive(pid: int, data_dir: Path | None = None) -> bool:
    """True if ``pid`` is a live launcher process (not a zombie, not a reused pid) and,
    with ``data_dir``, the launcher of that data directory."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    proc = Path(f"/proc/{pid}")
    if proc.exists():  # Linux: rule out zombies and pids reused by other programs
        with contextlib.suppress(OSError):
            if ") Z" in (proc / "stat").read_text():
                return False
            args = (proc / "cmdline").read_bytes().split(b"\0")
            if not any(arg.endswith(b"Launcher") for arg in args):
                return False
            return data_dir is None or os.fsencode(data_dir / "home") in args
    return True


def port_is_free(port: int, host: str = LOCAL_HOST) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _bolt_answers(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((LOCAL_HOST, port)) == 0


class LocalServer:
    """One local Neo4j server, identified by its data directory."""

    def __init__(
        self,
        data_dir: Path,
        *,
        port: int = 7687,
        heap: str = "1g",
        pagecache: str = "512m",
        cache_dir: Path | None = None,
    ) -> None:
        self.data_dir = Path(data_dir).expanduser().resolve()
        self.port = port
        self.heap = heap
        self.pagecache = pagecache
        self.cache_dir = cache_dir

    @classmethod
    def from_settings(cls, settings: Settings) -> LocalServer:
        return cls(
            settings.server_data_dir,
            port=settings.server_port,
            heap=settings.server_heap,
            pagecache=settings.server_pagecache,
            cache_dir=settings.cache_dir,
        )

    # -- files ---------------------------------------------------------------------------
    @property
    def state_file(self) -> Path:
        return self.data_dir / "server.json"

    @property
    def password_file(self) -> Path:
        return self.data_dir / "password"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "launcher.log"

    def _state(self) -> dict[str, object] | None:
        try:
            data = json.loads(self.state_file.read_text())
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def running_pid(self) -> int | None:
        """The pid of this data dir's live server, or None (stale state is ignored)."""
        state = self._state()
        pid = state.get("pid") if state else None
        if isinstance(pid, int) and not isinstance(pid, bool) and _pid_alive(pid, self.data_dir):
            return pid
        return None

    @property
    def effective_port(self) -> int:
        """The port the running server listens on (it may differ from the configured one)."""
        state = self._state()
        port = state.get("port") if state else None
        return port if isinstance(port, int) and self.running_pid() else self.port

    @property
    def uri(self) -> str:
        return f"neo4j://{LOCAL_HOST}:{self.effective_port}"

    def password(self) -> str:
        """The ``neo4j`` user's password, generated (0600) on first use."""
        self._make_data_dir()
        if not self.password_file.exists():
            fd = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(24) + "\n")
        os.chmod(self.password_file, 0o600)
        return self.password_file.read_text().strip()

    def _write_conf(self) -> Path:
        conf = self.data_dir / "neo4j.conf"
        _write_private(
            conf,
            "# Written by graphlineage on every start; edits are overwritten.\n"
            "server.bolt.enabled=true\n"
            f"server.bolt.listen_address={LOCAL_HOST}:{self.port}\n"
            f"server.bolt.advertised_address={LOCAL_HOST}:{self.port}\n"
            "dbms.security.auth_enabled=true\n"
            f"server.memory.pagecache.size={self.pagecache}\n"
            "db.tx_log.rotation.retention_policy=256M size\n"
            "dbms.usage_report.enabled=false\n"
            "internal.dbms.bolt.netty_server_shutdown_quiet_period=0\n"
            "internal.dbms.bolt.netty_server_shutdown_timeout=2s\n"
            + WRITE_TUNING
            + self._security_conf(),
        )
        return conf

    def _security_conf(self) -> str:
        """The settings that keep Cypher from reaching outside the database (issue 14).

        ``LOAD CSV`` may not read files (no ``file:///`` URLs; the import directory is an
        empty private one), and may not fetch from loopback, private or link-local
        addresses (no SSRF into the machine or its network). Ad-hoc Cypher refuses
        ``LOAD CSV`` anyway; these settings hold for every client of the server.
        """
        import_dir = self.data_dir / "import"
        import_dir.mkdir(mode=0o700, exist_ok=True)
        return (
            "# --- security: what Cypher may reach outside the database -----------------\n"
            "dbms.security.allow_csv_import_from_file_urls=false\n"
            f"server.directories.import={import_dir}\n"
            f"internal.dbms.cypher_ip_blocklist={','.join(BLOCKED_NETWORKS)}\n"
            "# --- end of security settings ------------------------------------------------\n"
        )

    def _make_data_dir(self) -> None:
        self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.data_dir, 0o700)

    # -- lifecycle -----------------------------------------------------------------------
    def status(self) -> ServerStatus:
        pid = self.running_pid()
        state = self._state() or {}
        version = state.get("version")
        return ServerStatus(
            running=pid is not None,
            uri=self.uri,
            pid=pid,
            data_dir=self.data_dir,
            version=version if isinstance(version, str) else None,
            port=self.effective_port,
        )

    def log_tail(self, lines: int = 25) -> str:
        chunks: list[str] = []
        debug_log = self.data_dir / "home" / "logs" / "debug.log"
        for path in (self.log_file, debug_log):
            with contextlib.suppress(OSError):
                text = path.read_text(errors="replace").strip().splitlines()
                if text:
                    chunks.append(f"--- {path} ---\n" + "\n".join(text[-lines:]))
        return "\n".join(chunks) or "(no log written)"

    def start(self, timeout: float = 180.0) -> ServerStatus:
        """Start the server (no-op if it runs) and return once Bolt answers."""
        if self.running_pid() is not None:
            return self.status()
        if not port_is_free(self.port):
            raise PortInUseError(
                f"port {self.port} on {LOCAL_HOST} is already in use by another process; "
                "choose another with --port or GRAPHLINEAGE_SERVER_PORT"
            )
        runtime = ensure_runtime(self.cache_dir or Settings().cache_dir)
        self._make_data_dir()
        _make_private(self.data_dir)
        self.password()
        conf = self._write_conf()
        command = [
            str(runtime.java),
            f"-Xms{min_heap(self.heap)}",
            f"-Xmx{self.heap}",
            "-XX:+UseG1GC",
            "-Dfile.encoding=UTF-8",
            "-cp",
            runtime.classpath,
            runtime.launcher_class,
            str(self.data_dir / "home"),
            str(conf),
            str(self.password_file),
        ]
        fd = os.open(self.log_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as log:
            proc = subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                cwd=self.data_dir,
                env=jvm_environment(),
                umask=0o077,  # the store, logs and everything Neo4j writes stay private
            )
        self._write_state(proc.pid)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                with contextlib.suppress(OSError):
                    self.state_file.unlink()
                raise ServerStartError(
                    f"the local Neo4j server exited with code {proc.returncode} while "
                    f"starting.\n{self.log_tail()}"
                )
            if self._ready() and _bolt_answers(self.port):
                return self.status()
            time.sleep(0.2)
        self.stop()
        raise ServerStartError(
            f"the local Neo4j server did not answer within {timeout:.0f}s.\n{self.log_tail()}"
        )

    def _ready(self) -> bool:
        try:
            text = self.log_file.read_text(errors="replace")
        except OSError:
            return False
        for line in text.splitlines():
            if line.startswith(READY_MARK):
                version = line.partition("version=")[2].strip() or None
                self._write_state(self.running_pid(), version)
                return True
        return False

    def _write_state(self, pid: int | None, version: str | None = None) -> None:
        state = {"pid": pid, "port": self.port, "version": version}
        tmp = self.state_file.with_suffix(".tmp")
        _write_private(tmp, json.dumps(state))
        tmp.replace(self.state_file)

    def stop(self, timeout: float = 60.0) -> bool:
        """Stop the server cleanly (SIGTERM, then wait); True if one was running."""
        pid = self.running_pid()
        if pid is None:
            with contextlib.suppress(OSError):
                self.state_file.unlink()
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)
            if not _pid_alive(pid, self.data_dir):
                with contextlib.suppress(OSError):
                    self.state_file.unlink()
                return True
            time.sleep(0.1)
        raise ServerError(
            f"the local Neo4j server (pid {pid}) did not stop within {timeout:.0f}s; "
            f"it is still shutting down, or stuck.\n{self.log_tail(10)}"
        )


def jvm_environment() -> dict[str, str]:
    """What the server's JVM may see of this process's environment (nothing secret)."""
    return {name: os.environ[name] for name in JVM_ENVIRONMENT if name in os.environ}


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path``, readable by this user only (0600)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    os.chmod(path, 0o600)


def _make_private(root: Path) -> None:
    """Take group and other access away from everything under ``root`` (data dirs made by
    earlier versions were world-readable)."""
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath) / name
            with contextlib.suppress(OSError):
                mode = path.lstat().st_mode
                if not stat.S_ISLNK(mode) and mode & 0o077:
                    os.chmod(path, stat.S_IMODE(mode) & 0o700)


def min_heap(heap: str) -> str:
    """A modest initial heap: a quarter of the maximum, at least 128m."""
    unit = heap[-1].lower()
    size_mb = int(heap[:-1]) * {"k": 1 / 1024, "m": 1, "g": 1024}[unit]
    return f"{max(128, int(size_mb // 4))}m"
