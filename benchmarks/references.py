"""What an engineer might use instead: networkx in memory (the floor) and SQLite with a
nodes/edges schema and recursive CTEs (stdlib sqlite3, WAL, a commit per event)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import networkx as nx

from benchmarks.generate import Graph


def flow_refs(graph: Graph) -> tuple[list[str], list[tuple[str, str]]]:
    """Node refs (as graphlineage names them) and flow edges (the way data moves)."""
    run_refs = {str(r["id"]): f"run:bench/{r['name']}" for r in graph.runs}
    nodes = [*run_refs.values(), *(v.key for v in graph.versions),
             *sorted({f"registry:{m}" for _, m, _ in graph.linked})]
    edges = [(key, run_refs[run]) for run, key in graph.used]
    edges += [(run_refs[run], key) for run, key in graph.produced]
    edges += [(key, f"registry:{model}") for key, model, _ in graph.linked]
    return nodes, edges


def build_networkx(graph: Graph) -> nx.DiGraph:
    nodes, edges = flow_refs(graph)
    flow = nx.DiGraph()
    flow.add_nodes_from(nodes)
    flow.add_edges_from(edges)
    return flow


class SqliteLineage:
    """Nodes and flow edges in SQLite; ancestry/impact/path as recursive CTEs."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript("""
            CREATE TABLE IF NOT EXISTS nodes (id INTEGER PRIMARY KEY, ref TEXT UNIQUE NOT NULL);
            CREATE TABLE IF NOT EXISTS edges (src INTEGER NOT NULL, dst INTEGER NOT NULL,
                                              PRIMARY KEY (src, dst));
            CREATE INDEX IF NOT EXISTS edges_dst ON edges (dst, src);
        """)

    def load(self, nodes: list[str], edges: list[tuple[str, str]]) -> None:
        self.db.execute("BEGIN")
        self.db.executemany("INSERT INTO nodes (ref) VALUES (?)", ((n,) for n in nodes))
        ids = dict(self.db.execute("SELECT ref, id FROM nodes"))
        self.db.executemany("INSERT OR IGNORE INTO edges VALUES (?, ?)",
                            ((ids[a], ids[b]) for a, b in edges))  # fmt: skip
        self.db.execute("COMMIT")

    def add_event(self, node: str | None, edge: tuple[str, str] | None) -> None:
        """One event, one commit (the job path of a home-made store)."""
        self.db.execute("BEGIN")
        if node is not None:
            self.db.execute("INSERT OR IGNORE INTO nodes (ref) VALUES (?)", (node,))
        if edge is not None:
            self.db.execute(
                "INSERT OR IGNORE INTO edges SELECT a.id, b.id FROM nodes a, nodes b "
                "WHERE a.ref = ? AND b.ref = ?", edge)  # fmt: skip
        self.db.execute("COMMIT")

    def _walk(self, ref: str, forward: bool) -> dict[str, int]:
        step = ("JOIN edges e ON e.src = w.id SELECT e.dst" if forward
                else "JOIN edges e ON e.dst = w.id SELECT e.src")  # fmt: skip
        join, select = step.split(" SELECT ")
        rows = self.db.execute(f"""
            WITH RECURSIVE walk(id, depth) AS (
              SELECT id, 0 FROM nodes WHERE ref = ?
              UNION
              SELECT {select}, w.depth + 1 FROM walk w {join}
            )
            SELECT n.ref, MIN(w.depth) FROM walk w JOIN nodes n ON n.id = w.id
            GROUP BY w.id HAVING MIN(w.depth) > 0""", (ref,))  # noqa: S608 - fixed text
        return dict(rows)

    def ancestry(self, ref: str) -> dict[str, int]:
        return self._walk(ref, forward=False)

    def impact(self, ref: str) -> dict[str, int]:
        return self._walk(ref, forward=True)

    def path_length(self, source: str, target: str) -> int | None:
        return self._walk(source, forward=True).get(target)
