"""The Artifact builder and strict JSON checks (no server)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from graphlineage.capture.artifact import Artifact, ManifestEntry
from graphlineage.core.jsonvalues import json_value_check
from graphlineage.errors import InvalidInputError

EMPTY_MANIFEST_DIGEST = hashlib.sha256(b"[]").hexdigest()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "a.txt").write_bytes(b"alpha")
    (root / "sub" / "b.bin").write_bytes(b"\x00\x01\x02")
    (root / "sub" / "deeper" / "c.csv").write_bytes(b"x,y\n1,2\n")
    return root


# ---- jsonvalues -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [None, 1, 1.5, True, "s", [], {}, {"a": [1, 2.0, {"b": None}], "c": (1, "x")}, 10**30],
)
def test_json_values_accepted(value: object) -> None:
    json_value_check(value, "config")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"lr": float("nan")}, "config['lr'] is NaN"),
        ({"a": [1, float("inf")]}, "config['a'][1] is inf"),
        ({"a": {"b": -float("inf")}}, "config['a']['b'] is -inf"),
        ({"s": {1, 2}}, "config['s'] is of type set"),
        ({"o": object()}, "config['o'] is of type object"),
        ({1: "x"}, "config has the key 1 of type int"),
        ([b"x"], "config[0] is of type bytes"),
    ],
)
def test_json_values_rejected(value: object, message: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        json_value_check(value, "config")
    assert str(info.value).startswith(message)


def test_json_self_reference_rejected() -> None:
    loop: dict[str, Any] = {}
    loop["me"] = loop
    with pytest.raises(InvalidInputError, match=r"config\['me'\] contains itself"):
        json_value_check(loop, "config")
    shared = [1]
    json_value_check({"a": shared, "b": shared}, "config")  # shared, not cyclic: fine


# ---- construction ------------------------------------------------------------------------


def test_attributes_and_metadata_copy() -> None:
    meta = {"rows": 10, "split": {"train": 0.8}}
    art = Artifact("mnist", "dataset", description="digits", metadata=meta)
    assert (art.name, art.type, art.description) == ("mnist", "dataset", "digits")
    assert art.metadata == meta
    art.metadata["split"]["train"] = 0.1
    meta["rows"] = 11
    assert art.metadata == {"rows": 10, "split": {"train": 0.8}}
    assert Artifact("m", "model").metadata == {}


def test_empty_artifact_has_digest() -> None:
    art = Artifact("empty", "dataset")
    assert art.manifest == []
    assert art.size == 0
    assert art.digest == EMPTY_MANIFEST_DIGEST
    assert art.manifest_json() == "[]"
    assert len(art) == 0


@pytest.mark.parametrize(
    ("name", "type_", "what"),
    [
        ("a b", "dataset", "artifact name 'a b' is invalid: use letters"),
        ("it's", "dataset", 'artifact name "it\'s" is invalid'),
        ("back`tick", "dataset", "artifact name 'back`tick' is invalid"),
        ("", "dataset", "artifact name '' is invalid"),
        ("ok", "data set", "artifact type 'data set' is invalid"),
        ("ok", "", "artifact type '' is invalid"),
    ],
)
def test_bad_name_or_type(name: str, type_: str, what: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        Artifact(name, type_)
    assert str(info.value).startswith(what)


@pytest.mark.parametrize(
    ("metadata", "message"),
    [
        ({"lr": float("nan")}, "metadata['lr'] is NaN"),
        ({"x": {1, 2}}, "metadata['x'] is of type set"),
        ({2: "x"}, "metadata has the key 2"),
        ([1, 2], "artifact metadata must be a dict"),
        ("text", "artifact metadata must be a dict"),
    ],
)
def test_bad_metadata(metadata: Any, message: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        Artifact("a", "dataset", metadata=metadata)
    assert str(info.value).startswith(message)


def test_bad_description() -> None:
    with pytest.raises(InvalidInputError, match="description must be a string or None"):
        Artifact("a", "dataset", description=5)  # type: ignore[arg-type]


# ---- files -------------------------------------------------------------------------------


def test_add_file_hashes_at_add_time(tmp_path: Path) -> None:
    path = tmp_path / "w.bin"
    path.write_bytes(b"weights")
    art = Artifact("model", "model")
    entry = art.add_file(path)
    assert entry == ManifestEntry(path="w.bin", digest=sha(b"weights"), size=7, ref=None)
    digest = art.digest
    path.write_bytes(b"changed afterwards")
    assert art.manifest == [entry]
    assert art.digest == digest
    assert art.size == 7


def test_add_file_under_a_name(tmp_path: Path) -> None:
    path = tmp_path / "w.bin"
    path.write_bytes(b"w")
    art = Artifact("model", "model")
    art.add_file(str(path), name="ckpt/final.bin")
    assert [e.path for e in art.manifest] == ["ckpt/final.bin"]


def test_large_file_is_hashed_in_full(tmp_path: Path) -> None:
    data = os.urandom(3 * 1024 * 1024 + 17)
    path = tmp_path / "big"
    path.write_bytes(data)
    art = Artifact("big", "dataset")
    entry = art.add_file(path)
    assert entry.digest == sha(data)
    assert entry.size == len(data)


def test_add_file_missing_or_dir(tmp_path: Path) -> None:
    art = Artifact("a", "dataset")
    with pytest.raises(InvalidInputError, match=r"file not found: .*nope"):
        art.add_file(tmp_path / "nope")
    with pytest.raises(InvalidInputError, match="file not found"):
        art.add_file(tmp_path)


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("", "must not be empty"),
        ("/abs", "must be relative"),
        ("a/../b", "'..'"),
        ("./a", "'.'"),
        ("a//b", "empty"),
        ("a/", "trailing"),
        ("a\\b", "separate parts with '/'"),
        ("a\nb", "non-printable"),
    ],
)
def test_bad_entry_names(tmp_path: Path, name: str, fragment: str) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"f")
    art = Artifact("a", "dataset")
    with pytest.raises(InvalidInputError, match=f"entry name.*{fragment}"):
        art.add_file(path, name=name)
    assert art.manifest == []


def test_duplicate_path_rejected(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.write_bytes(b"1")
    two.write_bytes(b"2")
    art = Artifact("a", "dataset")
    art.add_file(one, name="x")
    with pytest.raises(InvalidInputError, match="already has an entry at 'x'"):
        art.add_file(two, name="x")
    with pytest.raises(InvalidInputError, match="already has an entry at 'x'"):
        art.add_reference("s3://bucket/x")
    assert [e.digest for e in art.manifest] == [sha(b"1")]


def test_file_and_directory_of_same_name_clash(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"f")
    art = Artifact("a", "dataset")
    art.add_file(path, name="x/y")
    with pytest.raises(InvalidInputError, match="clashes with the directory"):
        art.add_file(path, name="x")
    with pytest.raises(InvalidInputError, match="below the file entry 'x/y'"):
        art.add_file(path, name="x/y/z")


# ---- digests -----------------------------------------------------------------------------


def test_digest_independent_of_add_order(tmp_path: Path) -> None:
    paths = []
    for index in range(4):
        path = tmp_path / f"f{index}"
        path.write_bytes(f"content {index}".encode())
        paths.append(path)
    forward, backward = Artifact("a", "dataset"), Artifact("a", "dataset")
    for path in paths:
        forward.add_file(path)
    for path in reversed(paths):
        backward.add_file(path)
    forward.add_reference("s3://b/k", digest="etag1")
    backward.add_reference("s3://b/k", digest="etag1")
    assert forward.digest == backward.digest
    assert forward.manifest == backward.manifest
    assert forward.manifest_json() == backward.manifest_json()
    assert [e.path for e in forward.manifest] == ["f0", "f1", "f2", "f3", "k"]


def test_same_content_same_names_same_digest(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "data.txt").write_bytes(b"same")
    (second / "data.txt").write_bytes(b"same")
    os.utime(second / "data.txt", (0, 0))
    one, two = Artifact("a", "dataset"), Artifact("b", "other", metadata={"k": 1})
    one.add_file(first / "data.txt")
    two.add_file(second / "data.txt")
    assert one.digest == two.digest


def test_different_content_or_name_different_digest(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"one")
    base, renamed = Artifact("a", "dataset"), Artifact("a", "dataset")
    base.add_file(path)
    renamed.add_file(path, name="g")
    path.write_bytes(b"two")
    changed = Artifact("a", "dataset")
    changed.add_file(path)
    assert len({base.digest, renamed.digest, changed.digest}) == 3
    assert EMPTY_MANIFEST_DIGEST not in {base.digest, renamed.digest, changed.digest}


def test_digest_is_sha256_of_canonical_paths_and_digests(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"one")
    art = Artifact("a", "dataset")
    art.add_file(path)
    canonical = json.dumps([["f", sha(b"one")]], separators=(",", ":"))
    assert art.digest == sha(canonical.encode())


def test_manifest_json_is_canonical(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"one")
    art = Artifact("a", "dataset")
    art.add_file(path)
    art.add_reference("https://example.com/x.csv", digest="d1")
    text = art.manifest_json()
    assert " " not in text
    assert json.loads(text) == [
        {"digest": sha(b"one"), "path": "f", "ref": None, "size": 3},
        {"digest": "d1", "path": "x.csv", "ref": "https://example.com/x.csv", "size": None},
    ]
    assert text.index('"digest"') < text.index('"path"') < text.index('"ref"')


# ---- directories -------------------------------------------------------------------------


def test_add_dir_recursive(tree: Path) -> None:
    art = Artifact("d", "dataset")
    added = art.add_dir(tree)
    assert [e.path for e in added] == ["a.txt", "sub/b.bin", "sub/deeper/c.csv"]
    assert art.manifest == added
    assert art.size == 5 + 3 + 8
    entries = {e.path: e for e in art.manifest}
    assert entries["sub/b.bin"].digest == sha(b"\x00\x01\x02")


def test_add_dir_with_prefix(tree: Path) -> None:
    art = Artifact("d", "dataset")
    art.add_dir(str(tree), name="raw")
    assert [e.path for e in art.manifest] == ["raw/a.txt", "raw/sub/b.bin", "raw/sub/deeper/c.csv"]


def test_add_dir_equals_add_files(tree: Path) -> None:
    by_dir, by_file = Artifact("d", "dataset"), Artifact("d", "dataset")
    by_dir.add_dir(tree)
    for rel in ["sub/deeper/c.csv", "a.txt", "sub/b.bin"]:
        by_file.add_file(tree / rel, name=rel)
    assert by_dir.digest == by_file.digest


def test_add_dir_errors(tmp_path: Path, tree: Path) -> None:
    art = Artifact("d", "dataset")
    with pytest.raises(InvalidInputError, match="directory not found"):
        art.add_dir(tmp_path / "missing")
    with pytest.raises(InvalidInputError, match="directory not found"):
        art.add_dir(tree / "a.txt")
    empty = tmp_path / "empty"
    (empty / "nested").mkdir(parents=True)
    with pytest.raises(InvalidInputError, match="no files to add"):
        art.add_dir(empty)


def test_add_dir_is_all_or_nothing(tmp_path: Path, tree: Path) -> None:
    art = Artifact("d", "dataset")
    other = tmp_path / "other"
    other.write_bytes(b"o")
    art.add_file(other, name="sub/b.bin")
    with pytest.raises(InvalidInputError, match=r"already has an entry at 'sub/b\.bin'"):
        art.add_dir(tree)
    assert [e.path for e in art.manifest] == ["sub/b.bin"]


# ---- references --------------------------------------------------------------------------


def test_add_reference_defaults() -> None:
    art = Artifact("r", "dataset")
    entry = art.add_reference("s3://bucket/path/train.parquet")
    assert entry == ManifestEntry(
        path="train.parquet",
        digest=sha(b"s3://bucket/path/train.parquet"),
        size=None,
        ref="s3://bucket/path/train.parquet",
    )
    assert art.add_reference("https://example.com").path == "example.com"
    assert art.size == 0


def test_add_reference_with_name_and_digest() -> None:
    art = Artifact("r", "dataset")
    entry = art.add_reference("gs://b/k", name="remote/k", digest="etag-123")
    assert (entry.path, entry.digest, entry.ref) == ("remote/k", "etag-123", "gs://b/k")
    art.add_reference("file:///data/x.csv", name="local")


@pytest.mark.parametrize(
    "uri", ["", "bucket/key", "/abs/path", "s3:/x", "s3://", "s3://a b", "://x"]
)
def test_add_reference_needs_scheme(uri: str) -> None:
    with pytest.raises(InvalidInputError, match="needs a scheme"):
        Artifact("r", "dataset").add_reference(uri)


@pytest.mark.parametrize("digest", ["", "   "])
def test_add_reference_digest_must_be_non_empty(digest: str) -> None:
    with pytest.raises(InvalidInputError, match="digest must be a non-empty string"):
        Artifact("r", "dataset").add_reference("s3://b/k", digest=digest)


def test_reference_digest_depends_on_uri() -> None:
    one, two = Artifact("r", "dataset"), Artifact("r", "dataset")
    one.add_reference("s3://b1/k")
    two.add_reference("s3://b2/k")
    assert one.digest != two.digest
