"""What ``serve`` and ``ui`` share: the ``--host`` option, the rule that anything but
loopback needs an API key, and running the web app on uvicorn."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Any, TypeVar

import click

from graphlineage.cli.context import Env, progress

SERVER_RETRY_TIME = 2.0
"""Seconds serve/ui retry a write while Neo4j is away, before answering 503."""

F = TypeVar("F", bound=Callable[..., Any])


def host_option(function: F) -> F:
    return click.option(
        "--host", default="127.0.0.1", show_default=True,
        help="Address to listen on; anything but loopback needs GRAPHLINEAGE_API_KEY.",
    )(function)  # fmt: skip


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def run_web_app(env: Env, host: str, port: int, banner: str, **app_options: Any) -> None:
    """Serve the web app on ``host:port`` until Ctrl+C; ``banner`` (with ``{key}``: whether
    an API key is required) is printed once Neo4j answers."""
    import uvicorn

    from graphlineage.web.app import create_app
    from graphlineage.web.guard import LOOPBACK_HOSTS

    env.retry_cap = SERVER_RETRY_TIME
    lineage = env.lineage
    key = lineage.settings.api_key.get_secret_value() if lineage.settings.api_key else None
    if not is_loopback(host) and not key:
        raise click.UsageError(f"listening on {host} needs GRAPHLINEAGE_API_KEY to be set")
    app = create_app(lineage, key, allowed_hosts=LOOPBACK_HOSTS if is_loopback(host) else None,
                     **app_options)  # fmt: skip
    lineage.connect()  # connect (and apply the schema) before the first request
    progress(banner.format(key="API key required" if key else "no API key"))
    uvicorn.run(app, host=host, port=port, log_level="warning")
