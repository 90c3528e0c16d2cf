"""Where a run ran: the host name and the git commit of the working directory."""

from __future__ import annotations

import functools
import os
import socket
import subprocess
from pathlib import Path


def host_name() -> str:
    return socket.gethostname()


def git_commit(cwd: Path | None = None) -> str | None:
    """The checked-out commit of the working directory's git repository, if any (asked once
    per directory and process: a sweep of many runs does not start git for each)."""
    return _git_commit(str(cwd or os.getcwd()))


@functools.lru_cache(maxsize=64)
def _git_commit(cwd: str) -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    commit = out.stdout.strip()
    return commit if out.returncode == 0 and len(commit) >= 40 else None
