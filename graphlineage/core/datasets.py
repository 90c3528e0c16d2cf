"""OpenLineage dataset names: how a dataset is written (``dataset:`` refs) and shown.

OpenLineage names a dataset by a *namespace* (its data source: ``s3://bucket``,
``postgres://db:5432``, ``bigquery``, ``file``, ``kafka://broker:9092``) and a *name*
within it (``clean/reviews.parquet``, ``shop.public.orders``, ``project.ds.table``,
``/tmp/in.csv``, ``orders-topic``); the naming conventions join them into one URI,
``namespace/name`` for a namespace with an authority (``s3://audit-bucket/clean/reviews.parquet``)
and ``scheme:name`` for a bare one (``bigquery:project.ds.table``, ``file:/tmp/in.csv``).

A ``dataset:`` ref takes any of those spellings as tools print them::

    dataset:s3://audit-bucket/clean/reviews.parquet     (s3://audit-bucket, clean/reviews.parquet)
    dataset:postgres://db:5432/shop.public.orders       (postgres://db:5432, shop.public.orders)
    dataset:bigquery:project.ds.table                   (bigquery, project.ds.table)
    dataset:file:///tmp/in.csv  dataset:file:/tmp/in.csv (file, /tmp/in.csv)
    dataset:file://host/tmp/in.csv                      (file://host, /tmp/in.csv)

The text is split into every (namespace, name) pair it could stand for, and the stored
dataset with one of those pairs is the one meant (two matches are reported, never guessed).
A ref names the dataset's ``latest`` version.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from graphlineage.errors import InvalidRefError

DATASET_PREFIX = "dataset:"
MAX_DATASET_REF = 4096
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*")


def dataset_uri(namespace: str, name: str) -> str:
    """The one-string form of a dataset, as the naming conventions join it."""
    if "://" in namespace:
        base = namespace.rstrip("/")
        return f"{base}{name}" if name.startswith("/") else f"{base}/{name}"
    if namespace == "file" and name.startswith("/"):
        return f"file://{name}"
    if _SCHEME.fullmatch(namespace):
        return f"{namespace}:{name}"
    return f"{namespace}/{name}"


def candidates(text: str) -> list[tuple[str, str]]:
    """Every (namespace, name) pair that ``text`` may stand for, most likely first."""
    found: list[tuple[str, str]] = []

    def add(namespace: str, name: str) -> None:
        if namespace and name and (namespace, name) not in found:
            found.append((namespace, name))

    scheme, colon, rest = text.partition(":")
    if colon and _SCHEME.fullmatch(scheme):
        if rest.startswith("//"):
            # scheme://authority/path: the namespace ends before the path's first '/'
            authority, slash, path = rest[2:].partition("/")
            if slash:
                add(f"{scheme}://{authority}", path)
                add(f"{scheme}://{authority}", "/" + path)
            add(scheme, rest[2:])  # file:///tmp/x -> (file, /tmp/x)
        add(scheme, rest)  # bigquery:p.d.t, file:/tmp/x
    for index, char in enumerate(text):
        if char == "/":
            add(text[:index], text[index + 1:])
            add(text[:index], text[index:])
    return found


def column_key(artifact_key: str, field: str) -> str:
    """A column's key: its dataset's artifact key, ``#``, the field (artifact keys hold no
    ``#``, so the first one splits them)."""
    return f"{artifact_key}#{field}"


class DatasetRef(BaseModel):
    """A dataset by its OpenLineage namespace and name: ``dataset:<uri>``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str

    @property
    def candidates(self) -> list[tuple[str, str]]:
        return candidates(self.text)

    def __str__(self) -> str:
        return f"{DATASET_PREFIX}{self.text}"


def parse_dataset_ref(text: str) -> DatasetRef:
    """Parse ``dataset:<namespace>/<name>`` (or another spelling of the dataset's URI)."""
    if not isinstance(text, str):
        raise InvalidRefError(f"dataset ref must be a string, not {type(text).__name__}")
    body = text.removeprefix(DATASET_PREFIX)
    forms = "'dataset:<namespace>/<name>' (e.g. dataset:s3://bucket/path/file.parquet)"
    if not body.strip():
        raise InvalidRefError(f"invalid dataset ref {text!r}: the dataset is missing; "
                              f"accepted forms: {forms}")  # fmt: skip
    if len(body) > MAX_DATASET_REF:
        raise InvalidRefError(f"dataset ref is too long: at most {MAX_DATASET_REF} chars")
    if not body.isprintable():
        raise InvalidRefError(f"invalid dataset ref {text[:80]!r}: non-printable characters")
    if not candidates(body):
        raise InvalidRefError(f"invalid dataset ref {text[:80]!r}: no namespace and name in "
                              f"it; accepted forms: {forms}")  # fmt: skip
    return DatasetRef(text=body)
