"""The artifact content store on the real server: files logged are stored by digest and
read back (``download``, ``get_entry``, ``get_path``, ``files``, ``get`` of a Table), in a
local directory, a ``file://`` URL or an fsspec URL; a store that is absent, unusable or
corrupt is a clear error naming it, and never a partial write."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import graphlineage
from graphlineage.capture.content import LocalContentStore, blob_name, open_content_store
from graphlineage.cli.main import cli
from graphlineage.client import Lineage
from graphlineage.errors import (
    ConfigurationError,
    ContentStoreError,
    DigestMismatchError,
    InvalidInputError,
    NotFoundError,
)

from .neo4j_test_server import TestServer


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "content-store"


@pytest.fixture
def client(clean_db: TestServer, store_dir: Path) -> Lineage:
    lineage = Lineage(clean_db.settings(artifact_store=str(store_dir)))
    yield lineage  # type: ignore[misc]
    lineage.close()


def make_files(root: Path) -> Path:
    (root / "data" / "sub").mkdir(parents=True)
    (root / "data" / "a.txt").write_bytes(b"alpha")
    (root / "data" / "sub" / "b.bin").write_bytes(b"\x00\x01\x02")
    (root / "data" / "same.txt").write_bytes(b"alpha")  # identical to a.txt
    return root / "data"


def node_count(lineage: Lineage) -> int:
    return int(lineage.cypher("MATCH (n) RETURN count(n) AS n").rows[0]["n"])


def test_logged_files_come_back_verified(client: Lineage, tmp_path: Path, store_dir: Path) -> None:
    data = make_files(tmp_path)
    with client.init(project="p", job_type="make") as run:
        art = graphlineage.Artifact("ds", "dataset")
        art.add_dir(data, name="files")
        art.add_reference("s3://bucket/big.parquet", digest="etag-1")
        with art.new_file("notes/readme.md", mode="w") as handle:
            handle.write("# hello\n")
        run.log_artifact(art)

    version = client.artifact("p/ds:latest")
    # identical bytes are stored once: a.txt and same.txt share one blob
    blobs = sorted(p.name for p in (store_dir / "sha256").rglob("*") if p.is_file())
    assert blobs == sorted({sha(b"alpha"), sha(b"\x00\x01\x02"), sha(b"# hello\n")})

    assert [e.path for e in version.files()] == [
        "big.parquet", "files/a.txt", "files/same.txt", "files/sub/b.bin", "notes/readme.md"]
    entry = version.get_entry("files/sub/b.bin")
    assert (entry.digest, entry.size, entry.ref) == (sha(b"\x00\x01\x02"), 3, None)
    assert version.get_path("files/sub/b.bin") == entry
    assert version.get_entry("big.parquet").ref == "s3://bucket/big.parquet"

    root = Path(version.download(tmp_path / "out"))
    assert (root / "files" / "a.txt").read_bytes() == b"alpha"
    assert (root / "files" / "sub" / "b.bin").read_bytes() == b"\x00\x01\x02"
    assert (root / "notes" / "readme.md").read_text() == "# hello\n"
    assert not (root / "big.parquet").exists()  # references stay where they are
    single = entry.download(tmp_path / "one")
    assert Path(single).read_bytes() == b"\x00\x01\x02"

    with pytest.raises(NotFoundError, match="no entry 'nope'"):
        version.get_entry("nope")
    with pytest.raises(InvalidInputError, match=re.escape("reference to s3://bucket/big.parquet")):
        version.get_entry("big.parquet").download(tmp_path / "ref")


def test_default_download_root_is_artifacts_name_version(
    client: Lineage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "w.bin").write_bytes(b"weights")
    with client.init(project="p") as run:
        run.log_artifact(tmp_path / "w.bin", name="m", type="model")
    monkeypatch.chdir(tmp_path)
    where = client.artifact("p/m:v0").download()
    assert Path(where) == Path("artifacts") / "m:v0"
    assert (tmp_path / "artifacts" / "m:v0" / "w.bin").read_bytes() == b"weights"


def test_tables_round_trip_through_the_store(client: Lineage) -> None:
    images = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3)
    table = graphlineage.Table(columns=["x", "y", "label"])
    for index, image in enumerate(images):
        table.add_data(image, np.int64(index), f"digit-{index}")
    with client.init(project="p") as run:
        art = graphlineage.Artifact("tabular", "dataset")
        art.add(table, "train_table")
        assert art.get("train_table") == table
        run.log_artifact(art)
    version = client.artifact("p/tabular:v0")
    assert [e.path for e in version.files()] == ["train_table.table.json"]
    back = version.get("train_table")
    assert back == table
    assert back.columns == ["x", "y", "label"]
    assert np.array_equal(back.get_column("x", convert_to="numpy"), images)
    assert back.get_column("y") == [0, 1]
    assert back.data[1][2] == "digit-1"
    with pytest.raises(NotFoundError, match="no table 'test_table'"):
        version.get("test_table")


def test_a_digest_mismatch_on_download_is_an_error(
    client: Lineage, tmp_path: Path, store_dir: Path
) -> None:
    (tmp_path / "f.txt").write_bytes(b"original")
    with client.init(project="p") as run:
        run.log_artifact(tmp_path / "f.txt", name="a", type="data")
    (store_dir / blob_name(sha(b"original"))).write_bytes(b"tampered")
    version = client.artifact("p/a:v0")
    with pytest.raises(DigestMismatchError, match=re.escape(f"{store_dir}") + ".* is corrupt"):
        version.download(tmp_path / "out")
    assert not (tmp_path / "out" / "f.txt").exists()
    assert list((tmp_path / "out").iterdir()) == []  # no partial file either


def test_content_missing_from_the_store_names_the_store(
    client: Lineage, clean_db: TestServer, tmp_path: Path
) -> None:
    (tmp_path / "f.txt").write_bytes(b"x")
    with client.init(project="p") as run:
        run.log_artifact(tmp_path / "f.txt", name="a", type="data")
    other = tmp_path / "elsewhere"
    with Lineage(clean_db.settings(artifact_store=str(other))) as reader:
        with pytest.raises(ContentStoreError, match=re.escape(f"{other} does not exist")):
            reader.artifact("p/a:v0").download(tmp_path / "out")
        other.mkdir()
        missing = re.escape(f"{other} has no content for entry 'f.txt'")
        with pytest.raises(ContentStoreError, match=missing):
            reader.artifact("p/a:v0").get_entry("f.txt").download(tmp_path / "out")


def test_an_unusable_store_refuses_the_log_and_writes_nothing(
    clean_db: TestServer, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"not a directory")
    (tmp_path / "f.txt").write_bytes(b"x")
    with Lineage(clean_db.settings(artifact_store=str(blocker / "store"))) as lineage:
        run = lineage.init(project="p")
        before = node_count(lineage)
        unusable = re.escape(f"{blocker / 'store'} cannot be used")
        with pytest.raises(ContentStoreError, match=unusable):
            run.log_artifact(tmp_path / "f.txt", name="a", type="data")
        assert node_count(lineage) == before
        run.finish()


def test_a_file_changed_after_add_is_refused_at_log(client: Lineage, tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(b"one")
    art = graphlineage.Artifact("a", "data")
    art.add_file(path)
    path.write_bytes(b"two")
    run = client.init(project="p")
    before = node_count(client)
    with pytest.raises(InvalidInputError, match="changed since it was added"):
        run.log_artifact(art)
    assert node_count(client) == before
    run.finish()


@pytest.mark.parametrize("kind", ["file-url", "memory"])
def test_url_stores(clean_db: TestServer, tmp_path: Path, kind: str) -> None:
    location = ((tmp_path / "s").as_uri() if kind == "file-url"
                else f"memory://gl-test-{tmp_path.name}/prefix")  # fmt: skip
    (tmp_path / "f.txt").write_bytes(b"hello")
    with Lineage(clean_db.settings(artifact_store=location)) as lineage:
        with lineage.init(project="p") as run:
            run.log_artifact(tmp_path / "f.txt", name="a", type="data")
        out = lineage.artifact("p/a:v0").download(tmp_path / "out")
    assert (Path(out) / "f.txt").read_bytes() == b"hello"
    if kind == "file-url":
        assert (tmp_path / "s" / blob_name(sha(b"hello"))).is_file()


def test_store_locations() -> None:
    assert isinstance(open_content_store("/some/dir"), LocalContentStore)
    with pytest.raises(ConfigurationError, match="names a host"):
        open_content_store("file://host/dir")
    with pytest.raises(ConfigurationError, match=re.escape("nosuchscheme://x cannot be opened")):
        open_content_store("nosuchscheme://x")


def test_the_default_store_is_beside_the_server_data_dir(clean_db: TestServer,
                                                         tmp_path: Path) -> None:  # fmt: skip
    settings = clean_db.settings(server_data_dir=tmp_path / "neo4j")
    assert settings.artifact_store_location == str(tmp_path / "neo4j-artifacts")
    (tmp_path / "f.txt").write_bytes(b"d")
    with Lineage(settings) as lineage, lineage.init(project="p") as run:
        run.log_artifact(tmp_path / "f.txt", name="a", type="data")
    assert (tmp_path / "neo4j-artifacts" / blob_name(sha(b"d"))).is_file()


def test_cli_artifact_download_and_files(
    clean_db: TestServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "cli-store"
    monkeypatch.setenv("GRAPHLINEAGE_ARTIFACT_STORE", str(store))
    data = make_files(tmp_path)
    graphlineage.reset_default_client()
    try:
        with graphlineage.init(project="p") as run:
            art = graphlineage.Artifact("ds", "dataset")
            art.add_dir(data)
            art.add_reference("https://example.com/x.csv")
            run.log_artifact(art)
    finally:
        graphlineage.reset_default_client()
    runner = CliRunner()
    done = runner.invoke(cli, ["artifact", "download", "p/ds:latest", str(tmp_path / "dl")])
    assert done.exit_code == 0, done.output
    assert "p/ds:v0: 3 files in" in done.output
    assert "1 references left where they are" in done.output
    assert (tmp_path / "dl" / "sub" / "b.bin").read_bytes() == b"\x00\x01\x02"

    listed = runner.invoke(cli, ["artifact", "files", "ds:v0", "--project", "p"])
    assert listed.exit_code == 0, listed.output
    assert "sub/b.bin  3 B" in listed.output and "x.csv  https://example.com/x.csv" in listed.output
    as_json = runner.invoke(cli, ["artifact", "files", "p/ds:v0", "-f", "json"])
    assert len(json.loads(as_json.output)["manifest"]) == 4

    missing = runner.invoke(cli, ["artifact", "download", "p/ds:v0", str(tmp_path / "dl2")],
                            env={"GRAPHLINEAGE_ARTIFACT_STORE": str(tmp_path / "empty")})
    assert missing.exit_code == ContentStoreError.exit_code == 12
    assert f"{tmp_path / 'empty'} does not exist" in missing.output
    unknown = runner.invoke(cli, ["artifact", "download", "p/nope:v0", str(tmp_path / "x")])
    assert unknown.exit_code == NotFoundError.exit_code
