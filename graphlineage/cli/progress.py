"""A progress line for long imports: count, rate and (when the total is known) ETA, on a
terminal only; scripts and pipes see nothing of it."""

from __future__ import annotations

import sys
import time
from types import TracebackType

import click


class Progress:
    """``with Progress("events", total_bytes) as p: p.advance(events, bytes)``."""

    def __init__(self, what: str, total_bytes: int | None = None, every: float = 0.2) -> None:
        self.what = what
        self.total = total_bytes if total_bytes else None
        self.count = 0
        self.done_bytes = 0
        self._every = every
        self._shown = 0.0
        self._began = time.monotonic()
        self._live = sys.stderr.isatty()

    def advance(self, count: int, size: int = 0) -> None:
        self.count += count
        self.done_bytes += size
        now = time.monotonic()
        if self._live and now - self._shown >= self._every:
            self._shown = now
            click.echo(f"\r{self.line(now)}", err=True, nl=False)

    def line(self, now: float | None = None) -> str:
        elapsed = max((now or time.monotonic()) - self._began, 1e-9)
        rate = self.count / elapsed
        text = f"{self.count:,} {self.what}, {rate:,.0f}/s"
        if self.total:
            share = min(self.done_bytes / self.total, 1.0)
            text += f", {share:.0%}"
            if 0 < share < 1:
                text += f", ETA {elapsed * (1 - share) / share:,.0f} s"
        return text

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:  # fmt: skip
        if self._live and self._shown:
            click.echo(f"\r{self.line()}", err=True)
