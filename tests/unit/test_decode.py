"""The typed fast path builds the same models as pydantic validation of the same rows."""

from __future__ import annotations

import pytest

from graphlineage.core.answers import LineageNode
from graphlineage.query.decode import iso_datetime, lineage_node

ROWS = [
    {"id": "0190c5a0-0000-7000-8000-000000000001", "name": "train-1", "project": "p",
     "job_type": "train", "status": "finished", "config": '{"lr": 0.1, "layers": [1, 2]}',
     "labels": ["Run"], "started_at": "2026-02-01T10:00:00.123456789Z"},
    {"key": "p/data:v3", "name": "data", "project": "p", "version": "v3", "type": "dataset",
     "metadata": "{}", "labels": ["ArtifactVersion"], "created_at": "2026-02-01T10:00:00+01:00"},
    {"key": "p/model:v0", "name": "model", "project": "p", "version": "v0", "type": "model",
     "metadata": '{"acc": 0.9}', "labels": ["ArtifactVersion"], "created_at": None},
    {"name": "Model", "labels": ["RegisteredModel"], "created_at": "2026-02-01T00:00Z"},
    {"id": "r2", "name": "bare", "project": "p", "labels": ["Run"]},
]  # fmt: skip


@pytest.mark.parametrize("row", ROWS)
@pytest.mark.parametrize("distance", [None, 0, 7])
def test_fast_path_equals_validation(row: dict[str, object], distance: int | None) -> None:
    fast, validated = lineage_node(row, distance), LineageNode.from_graph(row, distance)
    assert fast == validated
    assert fast.model_dump_json() == validated.model_dump_json()
    assert fast.model_fields_set == set(LineageNode.model_fields)
    assert hash(fast.id) == hash(validated.id)


def test_not_a_lineage_node_is_refused() -> None:
    with pytest.raises(ValueError, match="not a lineage node"):
        lineage_node({"name": "x", "labels": ["Artifact"]})


def test_times_read_as_pydantic_reads_them() -> None:
    assert iso_datetime(None) is None
    assert iso_datetime("2026-02-01T10:00:00.5Z") == iso_datetime("2026-02-01T10:00:00.500Z")
    assert str(iso_datetime("2026-02-01T10:00:00Z")) == "2026-02-01 10:00:00+00:00"
