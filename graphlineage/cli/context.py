"""What every command shares: the connection options, the client, output and progress."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:  # imported when used: `--help` needs neither
    from pydantic import BaseModel

    from graphlineage.client import Lineage

F = TypeVar("F", bound=Callable[..., Any])


class Env:
    """The root command's options; builds the client on first use."""

    def __init__(self, uri: str | None, user: str | None, database: str | None) -> None:
        self.uri, self.user, self.database = uri, user, database
        self._lineage: Lineage | None = None
        self.retry_cap: float | None = None  # serve/ui: answer 503 soon when Neo4j is away

    def settings_overrides(self) -> dict[str, Any]:
        return {"neo4j_uri": self.uri, "neo4j_user": self.user, "neo4j_database": self.database}

    @property
    def lineage(self) -> Lineage:
        if self._lineage is None:
            from graphlineage.client import Lineage
            from graphlineage.core.settings import load_settings

            settings = load_settings(**self.settings_overrides())
            password_set = settings.neo4j_password and settings.neo4j_password.get_secret_value()
            if not settings.uses_local_server and not password_set:
                password = click.prompt(
                    f"Password for {settings.neo4j_user} at {settings.neo4j_uri}",
                    hide_input=True, err=True,
                )  # fmt: skip
                settings = load_settings(**self.settings_overrides(), neo4j_password=password)
            if self.retry_cap is not None and settings.neo4j_retry_time > self.retry_cap:
                settings = settings.model_copy(update={"neo4j_retry_time": self.retry_cap})
            self._lineage = Lineage(settings)
            click.get_current_context().call_on_close(self._lineage.close)
        return self._lineage


pass_env = click.make_pass_decorator(Env)


def format_option(*choices: str) -> Callable[[F], F]:
    """``--format/-f`` with the given choices; the first is the default."""
    return click.option(
        "--format", "-f", "fmt", type=click.Choice(choices), default=choices[0],
        show_default=True,
        help="table: for reading; json: the pydantic model, for scripts"
        + ("; dot/mermaid: a lineage picture" if "dot" in choices else "") + ".",
    )  # fmt: skip


def echo_json(value: BaseModel | Sequence[BaseModel]) -> None:
    """A model as its JSON; a list of models as a JSON array of them."""
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        click.echo(value.model_dump_json(indent=2))
    else:
        click.echo(json.dumps([item.model_dump(mode="json") for item in value], indent=2))


def interactive() -> bool:
    """Whether a person is watching stderr (progress is shown only then)."""
    return sys.stderr.isatty()


def progress(message: str) -> None:
    if interactive():
        click.echo(message, err=True)


def parse_params(pairs: Sequence[str]) -> dict[str, Any]:
    """``key=value`` pairs; a value that is valid JSON (3, true, null, [1], {"a": 1}) is
    decoded, anything else is a string (``-p project=mnist``)."""
    params: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        key = key.strip()
        if not sep or not key.isidentifier():
            raise click.BadParameter(f"{pair!r} is not key=value", param_hint="-p/--param")
        try:
            params[key] = json.loads(raw)
        except RecursionError as exc:
            raise click.BadParameter(f"the value of {key} is nested too deeply",
                                     param_hint="-p/--param") from exc  # fmt: skip
        except ValueError:
            params[key] = raw
    return params


param_option = click.option(
    "--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
    help="A query parameter; JSON values (3, true, null, [..], {..}) are decoded, "
    "anything else is a string. Repeat for more.",
)  # fmt: skip


def emit(fmt: str, value: Any, render: Callable[[Any], str]) -> None:
    """Print ``value`` as JSON (``--format json``) or as ``render`` makes it for reading."""
    if fmt == "json":
        echo_json(value)
    else:
        click.echo(render(value))
