"""The artifact content store: the bytes of logged artifacts' files, kept by digest.

A file's content lives at ``sha256/<first two hex digits>/<digest>`` below the store's root,
so identical files (in one artifact, across versions, across projects) are stored once and
a blob never changes once written. ``log_artifact`` puts the files of an artifact before its
event is sent; ``download()`` reads them back and checks every digest. References
(``add_reference``) are not copied: they stay where they are.

The store is a local directory (the default, beside the local server's data dir; a plain
path or a ``file://`` URL) or, with the ``fsspec`` extra, any fsspec URL
(``GRAPHLINEAGE_ARTIFACT_STORE=s3://bucket/prefix``, ``gs://...``, ``memory://...``). Every
error names the store.
"""

from __future__ import annotations

import abc
import hashlib
import os
import re
import uuid
from pathlib import Path
from typing import IO, Any
from urllib.parse import unquote, urlsplit

from graphlineage.core.settings import Settings
from graphlineage.errors import (
    ConfigurationError,
    ContentStoreError,
    DigestMismatchError,
    InvalidInputError,
)

CHUNK = 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")


def blob_name(digest: str) -> str:
    """Where a digest's bytes live below the store's root."""
    if not isinstance(digest, str) or _SHA256.fullmatch(digest) is None:
        raise InvalidInputError(f"not a sha256 content digest: {digest!r}")
    return f"sha256/{digest[:2]}/{digest}"


class ContentStore(abc.ABC):
    """Content-addressed bytes. ``location`` is how errors name the store."""

    location: str

    @abc.abstractmethod
    def has(self, digest: str) -> bool:
        """Whether the store holds the bytes of ``digest``."""

    @abc.abstractmethod
    def _open_read(self, digest: str) -> IO[bytes]:
        """The stored bytes (FileNotFoundError when absent)."""

    @abc.abstractmethod
    def _write(self, digest: str, chunks: _Chunks) -> None:
        """Store the chunks as ``digest``, all or nothing (a partial write leaves nothing
        under the blob's name); the chunks raise if their digest is not ``digest``."""

    # -- what the handles use ------------------------------------------------------------
    def put_file(self, source: Path, digest: str, shown_as: str) -> None:
        """Store the file at ``source`` under ``digest`` (checked while it is copied; a file
        changed since it was hashed is refused)."""
        if self.has(digest):
            return
        try:
            handle = source.open("rb")
        except OSError as err:
            raise InvalidInputError(
                f"cannot read {shown_as} ({str(source)!r}) to store it: {err.strerror or err}"
            ) from err
        with handle:
            chunks = _Chunks(_read_chunks(handle), digest, shown_as, changed=True)
            self._write_checked(digest, chunks)

    def put_bytes(self, data: bytes, digest: str, shown_as: str) -> None:
        """Store ``data`` under ``digest``."""
        if self.has(digest):
            return
        self._write_checked(digest, _Chunks(iter([data]), digest, shown_as, changed=True))

    def fetch(self, digest: str, target: Path, shown_as: str) -> None:
        """Copy the bytes of ``digest`` to ``target``, checking them; ``target`` appears only
        once they are all there and match (an atomic rename)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.partial")
        try:
            with self._reading(digest, shown_as) as source, partial.open("wb") as out:
                for chunk in _Chunks(_read_chunks(source), digest, shown_as, store=self):
                    out.write(chunk)
            os.replace(partial, target)
        except OSError as err:
            raise ContentStoreError(
                f"cannot write {shown_as} to {str(target)!r}: {err.strerror or err}"
            ) from err
        finally:
            partial.unlink(missing_ok=True)

    def read_bytes(self, digest: str, shown_as: str) -> bytes:
        """The bytes of ``digest``, checked."""
        with self._reading(digest, shown_as) as source:
            return b"".join(_Chunks(_read_chunks(source), digest, shown_as, store=self))

    # -- helpers -------------------------------------------------------------------------
    def _reading(self, digest: str, shown_as: str) -> IO[bytes]:
        try:
            return self._open_read(digest)
        except FileNotFoundError as err:
            raise ContentStoreError(
                f"the artifact content store {self.location} has no content for {shown_as} "
                f"(sha256 {digest[:12]}...): it was logged with another store "
                "(GRAPHLINEAGE_ARTIFACT_STORE), or came in by OpenLineage or an import, "
                "which record no content"
            ) from err
        except OSError as err:
            raise self._unreachable(err) from err

    def _write_checked(self, digest: str, chunks: _Chunks) -> None:
        try:
            self._write(digest, chunks)
        except (InvalidInputError, ContentStoreError):
            raise
        except OSError as err:
            raise self._unreachable(err) from err

    def _unreachable(self, err: BaseException) -> ContentStoreError:
        detail = getattr(err, "strerror", None) or err
        return ContentStoreError(
            f"the artifact content store {self.location} cannot be used: {detail} (set "
            "GRAPHLINEAGE_ARTIFACT_STORE to a directory or fsspec URL you can write to)"
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.location}>"


class LocalContentStore(ContentStore):
    """A directory; blobs are written to a temporary name and renamed into place."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.location = str(root)

    def _path(self, digest: str) -> Path:
        return self.root / blob_name(digest)

    def has(self, digest: str) -> bool:
        try:
            return self._path(digest).is_file()
        except OSError as err:
            raise self._unreachable(err) from err

    def _open_read(self, digest: str) -> IO[bytes]:
        if not self.root.is_dir():
            raise ContentStoreError(
                f"the artifact content store {self.location} does not exist (nothing was "
                "logged with it, or GRAPHLINEAGE_ARTIFACT_STORE names another one)"
            )
        return self._path(digest).open("rb")

    def _write(self, digest: str, chunks: _Chunks) -> None:
        final = self._path(digest)
        final.parent.mkdir(parents=True, exist_ok=True)
        partial = final.with_name(f".{digest}.{uuid.uuid4().hex[:8]}.partial")
        try:
            with partial.open("wb") as out:
                for chunk in chunks:
                    out.write(chunk)
            os.replace(partial, final)
        finally:
            partial.unlink(missing_ok=True)


class FsspecContentStore(ContentStore):
    """Any fsspec filesystem (object stores write each blob whole, so it is never seen
    half-written; elsewhere it goes to a temporary name first)."""

    def __init__(self, url: str) -> None:
        try:
            import fsspec
        except ImportError as exc:
            raise ConfigurationError(
                f"the artifact content store {url} needs fsspec: pip install "
                "'graphlineage[fsspec]' (and the filesystem's own package, e.g. s3fs, gcsfs)"
            ) from exc
        try:
            self.fs, root = fsspec.core.url_to_fs(url)
        except (ImportError, ValueError) as exc:
            raise ConfigurationError(
                f"the artifact content store {url} cannot be opened: {exc}"
            ) from exc
        self.root = str(root).rstrip("/")
        self.location = url

    def _path(self, digest: str) -> str:
        return f"{self.root}/{blob_name(digest)}"

    def has(self, digest: str) -> bool:
        try:
            return bool(self.fs.exists(self._path(digest)))
        except Exception as err:  # fsspec backends raise their own errors
            raise self._unreachable(err) from err

    def _open_read(self, digest: str) -> IO[bytes]:
        try:
            handle: IO[bytes] = self.fs.open(self._path(digest), "rb")
        except FileNotFoundError:
            raise
        except Exception as err:
            raise self._unreachable(err) from err
        return handle

    def _write(self, digest: str, chunks: _Chunks) -> None:
        final = self._path(digest)
        partial = f"{self.root}/sha256/{digest[:2]}/.{digest}.{uuid.uuid4().hex[:8]}.partial"
        try:
            self.fs.makedirs(f"{self.root}/sha256/{digest[:2]}", exist_ok=True)
            with self.fs.open(partial, "wb") as out:
                for chunk in chunks:
                    out.write(chunk)
            self.fs.mv(partial, final)
        except (InvalidInputError, ContentStoreError):
            self._forget(partial)
            raise
        except Exception as err:
            self._forget(partial)
            raise self._unreachable(err) from err

    def _forget(self, path: str) -> None:
        try:
            if self.fs.exists(path):
                self.fs.rm(path)
        except Exception:  # noqa: S110 - the error being raised matters more
            pass


class _Chunks:
    """Chunks passed through while they are hashed; at the end the digest must match."""

    def __init__(self, chunks: Any, digest: str, shown_as: str, *, changed: bool = False,
                 store: ContentStore | None = None) -> None:  # fmt: skip
        self._chunks = chunks
        self._digest = digest
        self._shown_as = shown_as
        self._changed = changed
        self._store = store

    def __iter__(self) -> Any:
        hasher = hashlib.sha256()
        for chunk in self._chunks:
            hasher.update(chunk)
            yield chunk
        actual = hasher.hexdigest()
        if actual == self._digest:
            return
        if self._changed:
            raise InvalidInputError(
                f"{self._shown_as} changed since it was added to the artifact (sha256 "
                f"{actual[:12]}... now, {self._digest[:12]}... when added): add it again"
            )
        where = self._store.location if self._store is not None else "?"
        raise DigestMismatchError(
            f"{self._shown_as} in the artifact content store {where} is corrupt: its bytes "
            f"hash to sha256 {actual[:12]}..., the manifest says {self._digest[:12]}..."
        )


def _read_chunks(handle: IO[bytes]) -> Any:
    while chunk := handle.read(CHUNK):
        yield chunk


def open_content_store(location: str) -> ContentStore:
    """The store at a directory, a ``file://`` URL or (with fsspec) any fsspec URL."""
    if "://" not in location:
        return LocalContentStore(Path(location).expanduser())
    parts = urlsplit(location)
    if parts.scheme == "file":
        if parts.netloc not in ("", "localhost"):
            raise ConfigurationError(
                f"the artifact content store {location} names a host: use file:///path"
            )
        return LocalContentStore(Path(unquote(parts.path)))
    return FsspecContentStore(location)


def content_store_for(settings: Settings) -> ContentStore:
    """The store that settings name (``GRAPHLINEAGE_ARTIFACT_STORE``, else the default)."""
    return open_content_store(settings.artifact_store_location)
