"""The module paths of 0.1, kept for one release: ``import graphlineage.answers`` still works
(it is ``graphlineage.core.answers`` now) and says so with a DeprecationWarning. Removed in
0.3. The run and artifact modules are not aliased: ``graphlineage.run`` and
``graphlineage.artifact`` are API functions."""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types
import warnings
from collections.abc import Sequence

MOVED = {
    f"graphlineage.{old}": f"graphlineage.{new}"
    for old, new in {
        "settings": "core.settings", "refs": "core.refs", "names": "core.names",
        "events": "core.events", "models": "core.models", "answers": "core.answers",
        "limits": "core.limits", "jsonvalues": "core.jsonvalues",
        "connection": "graph.connection", "library": "graph.library", "store": "graph.store",
        "writer": "graph.writer", "event_rows": "graph.event_rows",
        "batching": "graph.batching", "handles": "capture.handles",
        "delivery": "capture.delivery", "sender": "capture.sender",
        "journal": "capture.journal", "sync": "capture.sync", "resolve": "query.resolve",
        "walks": "query.walks", "questions": "query.questions", "listings": "query.listings",
        "adhoc": "query.adhoc", "decode": "query.decode",
        "cypher_policy": "query.cypher_policy", "openlineage": "ingest.openlineage",
        "bulk_events": "ingest.event_files", "demo": "cli.demo_data",
    }.items()
}  # fmt: skip


class _Alias(importlib.abc.Loader):
    def __init__(self, target: str) -> None:
        self.target = target

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return importlib.import_module(self.target)

    def exec_module(self, module: types.ModuleType) -> None:
        """The module is the one at its new path, loaded already."""


class MovedModules(importlib.abc.MetaPathFinder):
    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        new = MOVED.get(fullname)
        if new is None:
            return None
        warnings.warn(f"{fullname} is now {new}", DeprecationWarning, stacklevel=2)
        return importlib.util.spec_from_loader(fullname, _Alias(new))


def install() -> None:
    if not any(isinstance(finder, MovedModules) for finder in sys.meta_path):
        sys.meta_path.append(MovedModules())
