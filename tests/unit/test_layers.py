"""The package's imports point one way: cli/web -> client/api -> capture | query | ingest
(| render) -> graph -> core, with no import cycle. Read from the source (every import,
also those inside functions), so it holds for code that is not run by any test."""

from __future__ import annotations

import ast
from pathlib import Path

import graphlineage

PACKAGE = Path(graphlineage.__file__).parent

# a module may import its own layer's modules and any lower layer's
RANK = {"core": 0, "server": 1, "graph": 2, "capture": 3, "query": 3,
        "ingest": 3, "render": 3, "client": 4, "api": 5, "cli": 6, "web": 6,
        "__init__": 7}  # fmt: skip
# layers of the same rank that still use each other, each for one stated reason
ALLOWED_ACROSS = {
    ("ingest", "capture"): "importing event files reads the journal's line format",
    ("cli", "web"): "`serve` and `ui` start the web app",
}
# the CLI and the web app ask the client; they never reach the store themselves
FRONT_ONLY = {"cli", "web"}
BEHIND_THE_CLIENT = {"graphlineage.graph.store", "graphlineage.graph.writer",
                     "graphlineage.graph.connection", "graphlineage.graph.queries"}  # fmt: skip


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(path: Path, name: str, modules: dict[str, Path]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))  # fmt: skip
            targets.add(base)
            targets.update(f"{base}.{alias.name}" for alias in node.names)
    return {t for t in targets if t in modules and t != name}


def _layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] == "_moved":  # the package root and its 0.1 aliases
        return "__init__"
    return "core" if parts[1] == "errors" else parts[1]  # the error tree is shared by all


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, name, modules) for name, path in modules.items()}


def test_every_module_belongs_to_a_layer() -> None:
    assert {_layer(name) for name in _graph()} <= set(RANK)


def test_imports_point_down_or_across_only_where_stated() -> None:
    wrong = []
    for module, targets in _graph().items():
        for target in targets:
            here, there = _layer(module), _layer(target)
            if here == there or (there == "__init__" and target == "graphlineage"):
                continue
            if RANK[there] > RANK[here] or (
                RANK[there] == RANK[here] and (here, there) not in ALLOWED_ACROSS
            ):
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_the_cli_and_the_web_app_go_through_the_client() -> None:
    wrong = [f"{module} -> {target}" for module, targets in _graph().items()
             if _layer(module) in FRONT_ONLY for target in targets & BEHIND_THE_CLIENT]
    assert wrong == []  # fmt: skip


def test_no_import_cycle() -> None:
    graph = _graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append([*trail[trail.index(target):], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    # a package's __init__ importing its own submodules is not a cycle of layers
    cycles = [c for c in cycles if not all(m == "graphlineage" or m.startswith(c[0]) for m in c)]
    assert cycles == []


def test_the_old_module_paths_still_import_with_a_warning() -> None:
    import importlib
    import sys

    import pytest

    from graphlineage.core import answers

    sys.modules.pop("graphlineage.answers", None)
    with pytest.warns(DeprecationWarning, match="graphlineage.core.answers"):
        old = importlib.import_module("graphlineage.answers")
    assert old is answers
    assert callable(importlib.import_module("graphlineage").run)  # still the API function
