"""Column-level ancestry and impact (``list_upstream_columns``, ``list_downstream_columns``):
the column is named by a dataset ref (``dataset:<namespace>/<name>`` or an artifact ref)
and a column name."""

from __future__ import annotations

from graphlineage.core.answers import Direction
from graphlineage.core.column_answers import ColumnEdge, ColumnLineageResult, ColumnNode
from graphlineage.core.datasets import DatasetRef, column_key
from graphlineage.core.limits import check_count
from graphlineage.core.refs import ArtifactRef, parse_node_ref
from graphlineage.errors import InvalidInputError, NotFoundError
from graphlineage.graph import queries
from graphlineage.graph.store import Store
from graphlineage.query import resolve
from graphlineage.query.walks import NO_BOUND

DEFAULT_LIMIT = 1000


def dataset_key(store: Store, ref: str, project: str | None = None) -> str:
    """The artifact key of the dataset ``ref`` names (``dataset:...`` or an artifact ref)."""
    parsed = parse_node_ref(ref)
    if isinstance(parsed, DatasetRef):
        wanted = parsed
        try:
            parsed = resolve.find_dataset_artifact(store, wanted)
        except NotFoundError:
            # a dataset only a columnLineage facet names (no event lists it): its columns
            pairs = [{"namespace": ns, "name": name} for ns, name in wanted.candidates]
            keys = sorted({row["key"] for row in
                           store.read(queries.find_column_datasets(candidates=pairs))})  # fmt: skip
            if len(keys) != 1:
                raise
            return keys[0]
    if not isinstance(parsed, ArtifactRef):
        raise InvalidInputError(f"a column belongs to a dataset: {ref!r} is not a dataset ref "
                                "(dataset:<namespace>/<name> or project/name)")  # fmt: skip
    key = resolve.find_artifact_version_key(store, parsed, project)
    return key.rpartition(":")[0]


def column_walk(store: Store, direction: Direction, ref: str, column: str,
                max_depth: int | None = None, limit: int | None = DEFAULT_LIMIT,
                skip: int = 0, project: str | None = None) -> ColumnLineageResult:  # fmt: skip
    """One page of the columns upstream or downstream of ``column`` of dataset ``ref``."""
    if not isinstance(column, str) or not column:
        raise InvalidInputError("the column name is missing")
    depth, most = check_count(max_depth, "max_depth"), check_count(limit, "limit")
    first = check_count(skip, "skip", allow_none=False) or 0
    artifact = dataset_key(store, ref, project)
    query = queries.list_upstream_columns if direction == "upstream" else \
        queries.list_downstream_columns  # fmt: skip
    rows = store.read(query(key=column_key(artifact, column),
                            max_depth=NO_BOUND if depth is None else min(depth, NO_BOUND),
                            skip=min(first, NO_BOUND),
                            limit=NO_BOUND if most is None else min(most, NO_BOUND)))  # fmt: skip
    if not rows:
        known = [row["field"] for row in store.read(queries.list_dataset_columns(dataset=artifact))]
        raise NotFoundError(f"{ref} has no column {column!r}"
                            + ("" if known else " (no columns are known for it)"),
                            candidates=known)  # fmt: skip
    (row,) = rows
    nodes = [ColumnNode.from_row(node) for node in row["nodes"]]
    return ColumnLineageResult(
        root=ColumnNode.from_row(row["root"]), direction=direction, max_depth=depth,
        nodes=nodes, edges=[ColumnEdge(**edge) for edge in row["edges"]], total=row["total"],
        skip=first, truncated=first + len(nodes) < row["total"],
    )  # fmt: skip
