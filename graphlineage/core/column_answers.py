"""Typed answers to column-level lineage questions (``ancestry``/``impact`` with a column).

A column is named by its dataset (OpenLineage namespace and name, and the artifact that
stores the dataset) and its field. ``ColumnLineageResult`` is one page of the columns
upstream or downstream of one column, nearest first, with the derivations (FEEDS edges)
that lead from each to the column asked about, and the datasets the columns belong to.
"""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, computed_field

from graphlineage.core.answers import Direction
from graphlineage.core.datasets import dataset_uri


class _Answer(BaseModel):
    model_config = ConfigDict(frozen=True)


class ColumnNode(_Answer):
    """One column of one dataset."""

    key: str = Field(description="'<artifact key>#<field>'")
    artifact: str = Field(description="the artifact key of the column's dataset")
    namespace: str | None = Field(None, description="the dataset's OpenLineage namespace")
    name: str | None = Field(None, description="the dataset's OpenLineage name")
    column: str = Field(description="the column (field) name; nested ones dotted")
    distance: int | None = Field(None, description="FEEDS edges from the column asked about")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def dataset(self) -> str:
        """The dataset's OpenLineage name as one string (``s3://bucket/key``)."""
        if self.namespace is None or self.name is None:
            return self.artifact
        return dataset_uri(self.namespace, self.name)

    @property
    def ref(self) -> str:
        """``dataset:<uri>#<column>``: how answers show the column."""
        return f"dataset:{self.dataset}#{self.column}"

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Self:
        return cls(key=row["key"], artifact=row["dataset"], namespace=row.get("ol_namespace"),
                   name=row.get("ol_name"), column=row["field"],
                   distance=row.get("distance"))  # fmt: skip


class ColumnEdge(_Answer):
    """``source`` feeds ``target`` (column keys), by these transformation types."""

    source: str
    target: str
    types: list[str] = Field(default_factory=list,
                             description="e.g. DIRECT/IDENTITY, DIRECT/AGGREGATION, "
                                         "INDIRECT/FILTER")  # fmt: skip
    description: str | None = None
    run: str | None = Field(None, description="the run of the last event that stated it")


class ColumnLineageResult(_Answer):
    """The columns upstream (``ancestry``) or downstream (``impact``) of one column."""

    root: ColumnNode
    direction: Direction
    max_depth: int | None = None
    nodes: list[ColumnNode]
    edges: list[ColumnEdge]
    total: int
    skip: int = 0
    truncated: bool = False

    @computed_field  # type: ignore[prop-decorator]
    @property
    def datasets(self) -> list[str]:
        """The datasets (OpenLineage names) of this page's columns, nearest first."""
        seen: dict[str, None] = {}
        for node in self.nodes:
            seen.setdefault(node.dataset, None)
        return list(seen)

    @property
    def columns(self) -> list[tuple[str, str]]:
        """(dataset, column) of each column of this page."""
        return [(node.dataset, node.column) for node in self.nodes]
