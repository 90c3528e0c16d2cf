"""Typed answers at the job level: ancestry and impact with runs folded into their jobs and
artifact versions into their artifacts (datasets), as OpenLineage users think of lineage.

A job is a run's project and job type (for OpenLineage runs: the job's namespace and name,
as stored); its ``ref`` is ``job:<project>/<job type>``. An artifact's ``ref`` is its
artifact ref (``project/name``: its latest version); a dataset from OpenLineage also shows
its OpenLineage name (``dataset``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from graphlineage.core.answers import Direction

JobLevelKind = Literal["job", "artifact", "registered_model"]


class _Answer(BaseModel):
    model_config = ConfigDict(frozen=True)


class JobLevelNode(_Answer):
    """A job (its runs folded), an artifact (its versions folded) or a registered model."""

    kind: JobLevelKind
    key: str = Field(description="project/job type, the artifact key, or the model name")
    ref: str = Field(description="job:project/job_type, project/name or registry:Model")
    name: str
    project: str | None = None
    dataset: str | None = Field(None, description="the OpenLineage name of a dataset")
    distance: int | None = Field(None, description="the fewest edges from the node asked "
                                 "about to any of the folded nodes (at the run level)")
    members: list[str] = Field(default_factory=list,
                               description="refs of the runs or versions folded into it, "
                                           "nearest first")  # fmt: skip
    statuses: dict[str, int] = Field(default_factory=dict,
                                     description="a job's runs by status")


class JobLevelResult(_Answer):
    """Ancestry or impact folded to jobs and artifacts; paged like the run-level answers.
    The node asked about is ``root``, folded too; its other members (other versions of the
    same dataset, other runs of the same job) are in ``root.members``, not in ``nodes``."""

    root: JobLevelNode
    direction: Direction
    max_depth: int | None = None
    nodes: list[JobLevelNode]
    total: int
    skip: int = 0
    truncated: bool = False

    @property
    def jobs(self) -> list[JobLevelNode]:
        return [node for node in self.nodes if node.kind == "job"]

    @property
    def artifacts(self) -> list[JobLevelNode]:
        return [node for node in self.nodes if node.kind == "artifact"]

    @property
    def refs(self) -> list[str]:
        return [node.ref for node in self.nodes]
