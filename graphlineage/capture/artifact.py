"""The Artifact builder, shaped like ``wandb.Artifact``: declare files, dirs and references.

An :class:`Artifact` collects manifest entries in memory; nothing is written anywhere.
Files are hashed (sha256) when they are added, so a later change to a file on disk does
not change what was declared.  The artifact's :attr:`Artifact.digest` covers only entry
paths and entry digests, so the same bytes under the same names give the same digest
whatever the add order or the files' mtimes.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import stat
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from graphlineage.core.jsonvalues import json_value_check
from graphlineage.core.limits import (
    MAX_DIGEST_LENGTH,
    MAX_DIR_BYTES,
    MAX_DIR_FILES,
    MAX_TEXT_LENGTH,
    check_text,
    type_name,
)
from graphlineage.core.models import ManifestEntry
from graphlineage.core.refs import validate_name
from graphlineage.errors import InvalidInputError

__all__ = ["CHUNK_SIZE", "Artifact", "ManifestEntry", "file_digest"]

CHUNK_SIZE = 1024 * 1024
MAX_ENTRY_PATH_LENGTH = 1024
MAX_URI_LENGTH = 8192

_URI_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://\S+")


def file_digest(path: Path) -> tuple[str, int]:
    """Return the sha256 hex digest and the size in bytes of the file at ``path``."""
    hasher = hashlib.sha256()
    size = 0
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK_SIZE):
                hasher.update(chunk)
                size += len(chunk)
    except OSError as err:
        raise InvalidInputError(f"cannot read file {str(path)!r}: {err.strerror or err}") from err
    return hasher.hexdigest(), size


def _entry_path(name: str) -> str:
    """Check a path inside the artifact: relative, POSIX ``/``, no ``.``/``..``/empty parts."""
    if not isinstance(name, str):
        raise InvalidInputError(f"entry name must be a string, not {type(name).__name__}")
    shown = repr(name) if len(name) <= 80 else repr(name[:77] + "...")
    if not name:
        raise InvalidInputError("entry name must not be empty")
    if len(name) > MAX_ENTRY_PATH_LENGTH:
        raise InvalidInputError(
            f"entry name {shown} is too long: at most {MAX_ENTRY_PATH_LENGTH} chars"
        )
    if not name.isprintable():
        raise InvalidInputError(f"entry name {shown} contains non-printable characters")
    if "\\" in name:
        raise InvalidInputError(f"entry name {shown} contains '\\': separate parts with '/'")
    if name.startswith("/"):
        raise InvalidInputError(f"entry name {shown} must be relative (no leading '/')")
    if any(part in ("", ".", "..") for part in name.split("/")):
        raise InvalidInputError(
            f"entry name {shown} is invalid: no empty, '.' or '..' parts (and no trailing '/')"
        )
    return name


class Artifact:
    """A named, typed set of files and references with a content digest.

    ``Artifact("mnist", "dataset", description=..., metadata={...})``, then
    :meth:`add_file`, :meth:`add_dir` and :meth:`add_reference`.
    """

    def __init__(
        self,
        name: str,
        type: str,
        description: str | None = None,
        metadata: Mapping[str, Any] | None = None,
    ) -> None:
        self._name = validate_name(name, "artifact name")
        self._type = validate_name(type, "artifact type")
        if description is not None and not isinstance(description, str):
            raise InvalidInputError(
                f"artifact description must be a string or None, not {type_name(description)}"
            )
        self._description = (None if description is None
                             else check_text(description, "artifact description",
                                             MAX_TEXT_LENGTH))  # fmt: skip
        if metadata is None:
            metadata = {}
        if not isinstance(metadata, Mapping):
            raise InvalidInputError(f"artifact metadata must be a dict, not {type_name(metadata)}")
        metadata = dict(metadata)
        json_value_check(metadata, "metadata")
        self._metadata: dict[str, Any] = json.loads(json.dumps(metadata, allow_nan=False))
        self._entries: dict[str, ManifestEntry] = {}
        self._dirs: set[str] = set()

    @property
    def name(self) -> str:
        """The artifact's name."""
        return self._name

    @property
    def type(self) -> str:
        """The artifact's type (``dataset``, ``model``, ...)."""
        return self._type

    @property
    def description(self) -> str | None:
        """The free-text description, if any."""
        return self._description

    @property
    def metadata(self) -> dict[str, Any]:
        """A copy of the metadata; changing it does not change the artifact."""
        return copy.deepcopy(self._metadata)

    @property
    def manifest(self) -> list[ManifestEntry]:
        """The entries, sorted by path."""
        return [self._entries[path] for path in sorted(self._entries)]

    @property
    def digest(self) -> str:
        """sha256 hex over the entries' paths and digests (canonical JSON, sorted by path)."""
        canonical = json.dumps(
            [[entry.path, entry.digest] for entry in self.manifest],
            separators=(",", ":"),
            ensure_ascii=False,
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    @property
    def size(self) -> int:
        """Total bytes of the files (references count as 0)."""
        return sum(entry.size or 0 for entry in self._entries.values())

    def manifest_json(self) -> str:
        """The entries as compact JSON with sorted keys, sorted by path."""
        return json.dumps(
            [entry.model_dump() for entry in self.manifest],
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        )

    def add_file(self, path: str | os.PathLike[str], name: str | None = None) -> ManifestEntry:
        """Add the file at ``path`` as ``name`` (default: its basename); hashed now."""
        source = Path(path)
        if not _probe(source, Path.is_file):
            raise InvalidInputError(f"file not found: {_shown(str(source))}")
        entry_path = _entry_path(source.name if name is None else name)
        self._check_free([entry_path])
        digest, size = file_digest(source)
        entry = ManifestEntry(path=entry_path, digest=digest, size=size)
        self._put(entry)
        return entry

    def add_dir(self, path: str | os.PathLike[str], name: str | None = None) -> list[ManifestEntry]:
        """Add every regular file below ``path``, named relative to it (under ``name/``).

        All or nothing: if any file cannot be added, the artifact is left unchanged.
        Symlinks to files are followed; symlinks to directories are not descended.
        """
        root = Path(path)
        if not _probe(root, Path.is_dir):
            raise InvalidInputError(f"directory not found: {_shown(str(root))}")
        prefix = "" if name is None else _entry_path(name.rstrip("/")) + "/"
        sources: list[tuple[str, Path]] = []
        total = 0
        for dirpath, dirnames, filenames in os.walk(root, onerror=_raise_walk_error):
            dirnames.sort()
            for filename in sorted(filenames):
                source = Path(dirpath) / filename
                try:
                    info = source.stat()
                except OSError:
                    continue  # a dangling symlink, or a file gone meanwhile
                if not stat.S_ISREG(info.st_mode):
                    continue
                total += info.st_size
                if len(sources) >= MAX_DIR_FILES or total > MAX_DIR_BYTES:
                    raise InvalidInputError(
                        f"directory {_shown(str(root))} is too big to add: at most "
                        f"{MAX_DIR_FILES} files and {MAX_DIR_BYTES // 2**30} GiB (add "
                        "references for big data, or a smaller directory)"
                    )
                relative = source.relative_to(root).as_posix()
                sources.append((_entry_path(prefix + relative), source))
        if not sources:
            raise InvalidInputError(f"directory has no files to add: {str(root)!r}")
        self._check_free([entry_path for entry_path, _ in sources])
        entries = []
        for entry_path, source in sources:
            digest, size = file_digest(source)
            entries.append(ManifestEntry(path=entry_path, digest=digest, size=size))
        for entry in entries:
            self._put(entry)
        return entries

    def add_reference(
        self, uri: str, name: str | None = None, digest: str | None = None
    ) -> ManifestEntry:
        """Add an external object by URI; ``digest`` defaults to the sha256 of the URI."""
        if not isinstance(uri, str) or _URI_RE.fullmatch(uri) is None:
            raise InvalidInputError(
                f"reference uri {uri!r} is invalid: it needs a scheme and a location, "
                "like 's3://bucket/key', 'gs://...', 'https://...' or 'file:///path'"
            )
        check_text(uri, "reference uri", MAX_URI_LENGTH)
        if digest is not None and (not isinstance(digest, str) or not digest.strip()):
            raise InvalidInputError(f"reference digest must be a non-empty string, not {digest!r}")
        if digest is not None:
            check_text(digest, "reference digest", MAX_DIGEST_LENGTH)
        entry_path = _entry_path(_reference_name(uri) if name is None else name)
        self._check_free([entry_path])
        if digest is None:
            digest = hashlib.sha256(uri.encode("utf-8")).hexdigest()
        entry = ManifestEntry(path=entry_path, digest=digest, size=None, ref=uri)
        self._put(entry)
        return entry

    def _check_free(self, paths: list[str]) -> None:
        """Raise unless every path is new and no path is both a file and a directory."""
        entries = set(self._entries)
        dirs = set(self._dirs)
        for entry_path in paths:
            if entry_path in entries:
                raise InvalidInputError(f"artifact already has an entry at {entry_path!r}")
            if entry_path in dirs:
                raise InvalidInputError(
                    f"entry {entry_path!r} clashes with the directory of the same name"
                )
            parents = _parents(entry_path)
            for parent in parents:
                if parent in entries:
                    raise InvalidInputError(
                        f"entry {entry_path!r} would be below the file entry {parent!r}"
                    )
            entries.add(entry_path)
            dirs.update(parents)

    def _put(self, entry: ManifestEntry) -> None:
        self._entries[entry.path] = entry
        self._dirs.update(_parents(entry.path))

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"Artifact(name={self._name!r}, type={self._type!r}, entries={len(self)})"


def _shown(text: str) -> str:
    return repr(text) if len(text) <= 200 else repr(text[:197] + "...")


def _probe(path: Path, test: Callable[[Path], bool]) -> bool:
    """``path.is_file()`` or ``is_dir()``, with unusable paths (too long, NUL) as errors."""
    try:
        check_text(str(path), "path")
        return test(path)
    except (OSError, ValueError) as exc:
        raise InvalidInputError(f"cannot use path {_shown(str(path))}: {exc}") from exc


def _raise_walk_error(err: OSError) -> None:
    raise InvalidInputError(f"cannot read directory {err.filename!r}: {err.strerror or err}")


def _parents(entry_path: str) -> list[str]:
    parts = entry_path.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


def _reference_name(uri: str) -> str:
    """The default entry name of a reference: the URI's last path segment, else its host."""
    parts = urlsplit(uri)
    segments = [segment for segment in parts.path.split("/") if segment]
    if segments:
        return segments[-1]
    if parts.netloc:
        return parts.netloc
    raise InvalidInputError(f"cannot derive an entry name from {uri!r}: pass name=")
