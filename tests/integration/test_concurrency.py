"""Several processes writing at once (real processes, the real server)."""

from __future__ import annotations

import multiprocessing as mp
from typing import Any

import pytest

import graphlineage
from graphlineage.client import Lineage
from graphlineage.errors import ConflictError
from graphlineage.graph import queries

from .neo4j_test_server import TestServer

WRITERS = 8
VERSIONS_EACH = 50


def _log_versions(settings: dict[str, Any], writer: int, count: int) -> list[str]:
    client = Lineage(graphlineage.Settings(**settings))
    keys = []
    with client, client.init(project="conc", job_type="writer") as run:
        for i in range(count):
            art = graphlineage.Artifact("shared", "dataset")
            art.add_reference(f"s3://bucket/writer-{writer}/part-{i}")
            keys.append(run.log_artifact(art).key)
    return keys


def _move_alias(settings: dict[str, Any], writer: int, rounds: int) -> None:
    client = Lineage(graphlineage.Settings(**settings))
    with client, client.init(project="conc", job_type="mover") as run:
        for i in range(rounds):
            art = graphlineage.Artifact("base", "dataset")
            art.add_reference(f"s3://bucket/base-{(writer + i) % 4}")
            run.log_artifact(art, aliases=["best"])


def _init_named(settings: dict[str, Any], name: str) -> str:
    client = Lineage(graphlineage.Settings(**settings))
    try:
        with client:
            client.init(project="conc", name=name).finish()
        return "ok"
    except ConflictError as exc:
        return f"conflict: {exc}"


def _settings(server: TestServer) -> dict[str, Any]:
    return {
        "neo4j_uri": server.uri,
        "neo4j_user": server.user,
        "neo4j_password": server.password,
        "neo4j_database": server.database,
    }


@pytest.fixture
def pool() -> Any:
    ctx = mp.get_context("spawn")
    with ctx.Pool(WRITERS) as workers:
        yield workers


@pytest.mark.slow
def test_parallel_writers_get_gapless_unique_versions(
    lineage: Lineage, neo4j_server: TestServer, pool: Any
) -> None:
    settings = _settings(neo4j_server)
    results = pool.starmap(_log_versions, [(settings, w, VERSIONS_EACH) for w in range(WRITERS)])
    keys = [key for keys in results for key in keys]
    total = WRITERS * VERSIONS_EACH
    assert len(set(keys)) == total
    assert sorted(int(k.rsplit(":v", 1)[1]) for k in keys) == list(range(total))
    latest = lineage.artifact("conc/shared:latest")
    assert latest.version == f"v{total - 1}"
    rows = lineage.store.read(
        queries.describe_artifact_choices(artifact="conc/shared", project="conc"))
    assert rows[0]["version_count"] == total


@pytest.mark.slow
def test_concurrent_alias_moves_leave_one_holder(
    lineage: Lineage, neo4j_server: TestServer, pool: Any
) -> None:
    with lineage.init(project="conc", job_type="seed") as run:
        for i in range(4):
            art = graphlineage.Artifact("base", "dataset")
            art.add_reference(f"s3://bucket/base-{i}")
            run.log_artifact(art)
    pool.starmap(_move_alias, [(_settings(neo4j_server), w, 10) for w in range(WRITERS)])
    with lineage.store.connection.session() as session:
        holders = session.run(
            "MATCH (:Artifact {key: 'conc/base'})-[a:ALIAS]->(v) WHERE a.until IS NULL "
            "RETURN a.name AS alias, count(v) AS holders ORDER BY alias"
        ).data()
    assert holders == [{"alias": "best", "holders": 1}, {"alias": "latest", "holders": 1}]
    assert lineage.artifact("conc/base:latest").version == "v3"


@pytest.mark.slow
def test_same_explicit_name_twice_one_wins(
    lineage: Lineage, neo4j_server: TestServer, pool: Any
) -> None:
    outcomes = pool.starmap(_init_named, [(_settings(neo4j_server), "twin-run-1")] * 2)
    assert sorted(o.split(":")[0] for o in outcomes) == ["conflict", "ok"]
    assert any("already exists in project 'conc'" in o for o in outcomes)
