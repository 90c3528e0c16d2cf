"""An honest run lifecycle: runs still open when the process ends are finished with what
really happened, and running runs send heartbeats so that a hard death shows.

- At interpreter exit, every run not finished is finished: ``finished`` for exit code 0
  (the script ended, or ``sys.exit(0)``), ``failed`` for another exit code or an uncaught
  exception, ``crashed`` for a signal (Ctrl-C, or SIGTERM when no other handler is set).
- A daemon thread touches every open run's ``heartbeat_at`` every ``GRAPHLINEAGE_HEARTBEAT``
  seconds (default 30). A process killed with SIGKILL, or a machine that died, leaves its
  run ``running`` with an old heartbeat: ``graphlineage runs --status running --stale 10m``
  finds it. Heartbeats are not events: they never reorder a run's events, and they are not
  journaled.

The hooks are installed once, on the first run; they wrap (and call) ``sys.exit`` and
``sys.excepthook``, and handle SIGTERM only if nothing else does.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import signal
import sys
import threading
import time
from types import FrameType, TracebackType
from typing import Any, Protocol

from graphlineage.capture.backend import Backend
from graphlineage.core.events import RunState


class Run(Protocol):
    """What the watch needs of a run handle (:class:`graphlineage.capture.run.Run`)."""

    @property
    def id(self) -> str: ...
    @property
    def project(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def backend(self) -> Backend: ...
    def heartbeat_every(self) -> float: ...
    def finish(self, exit_code: int | None = 0, *, status: RunState | None = None) -> None: ...


class _Watch:
    def __init__(self) -> None:
        self._lock = threading.RLock()  # a signal handler may take it in the same thread
        self._runs: dict[str, Run] = {}
        self._installed = False
        self._exit_code: int | None = None
        self._status: RunState | None = None
        self._beating: threading.Thread | None = None
        self._wake = threading.Event()

    # -- runs ------------------------------------------------------------------------------
    def opened(self, run: Run) -> None:
        with self._lock:
            self._runs[run.id] = run
            self._install()
            # last registered, first run at exit: before any client or sender closes
            atexit.unregister(self.finish_all)
            atexit.register(self.finish_all)
            self._wake.set()  # the heartbeat thread plans this run's beats
            if self._beating is None or not self._beating.is_alive():
                self._beating = threading.Thread(target=self._beat, name="graphlineage-heartbeat",
                                                 daemon=True)  # fmt: skip
                self._beating.start()

    def closed(self, run: Run) -> None:
        with self._lock:
            self._runs.pop(run.id, None)

    def forget(self, backend: Backend) -> None:
        """A client is closed: its open runs are not finished at exit (nothing could send
        it); they show as stale."""
        with self._lock:
            for run_id in [i for i, run in self._runs.items() if run.backend is backend]:
                del self._runs[run_id]

    def open_runs(self) -> list[Run]:
        with self._lock:
            return list(self._runs.values())

    # -- the end of the process ------------------------------------------------------------
    def _install(self) -> None:
        if self._installed:
            return
        self._installed = True
        original_exit = sys.exit

        def exit_(status: Any = None) -> Any:
            self._exit_code = _code(status)
            return original_exit(status)

        sys.exit = exit_
        previous_hook = sys.excepthook

        def excepthook(kind: type[BaseException], value: BaseException,
                       tb: TracebackType | None) -> Any:  # fmt: skip
            if issubclass(kind, KeyboardInterrupt):
                self._status, self._exit_code = RunState.CRASHED, 130
            else:
                self._status, self._exit_code = RunState.FAILED, 1
            return previous_hook(kind, value, tb)

        sys.excepthook = excepthook
        # multiprocessing stops its workers with SIGTERM: leave theirs alone
        child = multiprocessing.parent_process() is not None
        if threading.current_thread() is threading.main_thread() and not child:
            try:
                if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
                    signal.signal(signal.SIGTERM, self._terminated)
            except (ValueError, OSError):  # an embedded interpreter may refuse
                pass

    def _terminated(self, signum: int, frame: FrameType | None) -> None:
        self._status, self._exit_code = RunState.CRASHED, 128 + signum
        try:
            self.finish_all()
        finally:
            signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    def finish_all(self) -> None:
        """Finish every open run as the process ends (atexit, or a signal)."""
        code = self._exit_code if self._exit_code is not None else 0
        status = self._status or (RunState.FINISHED if code == 0 else RunState.FAILED)
        for run in self.open_runs():
            try:
                run.finish(code, status=status)
            except Exception as exc:  # a lineage problem must not change how the job ends
                print(f"graphlineage: could not mark run {run.project}/{run.name} "
                      f"{status.value} at exit: {exc}", file=sys.stderr)  # fmt: skip
            self.closed(run)

    # -- heartbeats ------------------------------------------------------------------------
    def _beat(self) -> None:
        due: dict[str, float] = {}  # run id -> when its next heartbeat is due (monotonic)
        while True:
            with self._lock:
                runs = list(self._runs.values())
                if not runs:
                    self._beating = None
                    return
            now = time.monotonic()
            for run in runs:
                every = run.heartbeat_every()
                if every and run.id not in due:
                    due[run.id] = now + every
            live = {run.id for run in runs}
            for run_id in [i for i in due if i not in live]:
                del due[run_id]
            wait = min(due.values(), default=now + 3600.0) - now
            if wait > 0 and self._wake.wait(wait):  # woken: a run opened, plan again
                self._wake.clear()
                continue
            now = time.monotonic()
            groups: dict[int, tuple[Backend, list[str]]] = {}
            for run in runs:
                if run.id in due and due[run.id] <= now:
                    due[run.id] = now + (run.heartbeat_every() or 3600.0)
                    groups.setdefault(id(run.backend), (run.backend, []))[1].append(run.id)
            for backend, run_ids in groups.values():
                try:
                    backend.heartbeat(run_ids)
                except Exception:  # noqa: S112 - a missed heartbeat is only a missed heartbeat
                    continue


def _code(status: Any) -> int:
    if status is None:
        return 0
    if isinstance(status, int) and not isinstance(status, bool):
        return status
    return 1  # sys.exit("message") exits with 1


WATCH = _Watch()
