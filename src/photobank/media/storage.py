"""Where media bytes live: a small interface, and the local filesystem behind it.

Everything that stores media (originals, renditions) goes through
:class:`MediaStorage`, so a scaled-out deployment can put an S3-compatible
store behind the same calls. Keys are built by photobank from ids and content
hashes, never taken from request text, and are checked against a strict
grammar anyway: no empty, dot-led or ``..`` segments can reach the filesystem.
Writes are atomic (temporary file, fsync, rename): a reader in any process sees
the old object, no object, or the whole new one.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from photobank.errors import Unavailable

_COPY_CHUNK = 8 * 1024 * 1024
_NO_KERNEL_COPY = {errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EPERM}
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*(?:/[A-Za-z0-9][A-Za-z0-9_.-]*)*")


@dataclass(frozen=True, slots=True)
class StoredObject:
    """What a store knows about one object without reading it."""

    key: str
    size: int
    modified: float  # seconds since the epoch
    version: str  # changes whenever the object's bytes may have changed
    path: Path | None  # a local file to send as is, when the backend has one


class StorageUnavailable(Unavailable):
    """The media store cannot be reached or refuses photobank's requests."""

    code = "MediaStoreUnavailable"


class MediaStorage(Protocol):
    def check(self) -> None:
        """Raise :class:`StorageUnavailable` unless the store answers (start, ``/ready``)."""
        ...

    def put_bytes(self, key: str, data: bytes) -> StoredObject:
        """Store ``data`` under ``key`` atomically, replacing any older object."""
        ...

    def put_stream(self, key: str, chunks: Iterable[bytes]) -> StoredObject:
        """Like :meth:`put_bytes` for data too large to hold in memory."""
        ...

    def put_file(self, key: str, path: Path) -> StoredObject:
        """Like :meth:`put_bytes` with the content of the file at ``path`` (a local
        store copies it within the kernel: no byte passes through photobank)."""
        ...

    def stat(self, key: str) -> StoredObject | None:
        """The object under ``key``, or None when there is none."""
        ...

    def exists(self, key: str) -> bool: ...

    def open(self, key: str) -> BinaryIO:
        """A binary reader of the object; :class:`FileNotFoundError` when absent."""
        ...

    def delete(self, key: str, unfinished: bool = False) -> None:
        """Remove the object under ``key``, if there is one; ``unfinished``: also what
        writes of it cut short by a crash left (only when none can be under way)."""
        ...

    def presigned(self, key: str, seconds: int, headers: Mapping[str, str]) -> str | None:
        """A URL the client may GET the object from for ``seconds`` without photobank,
        answered with ``headers`` (S3's ``Response*`` names); None: the store has none."""
        ...


def check_key(key: str) -> str:
    """``key`` itself when it is a well-formed storage key, else :class:`ValueError`."""
    if _KEY.fullmatch(key) is None or any(part.strip(".") == "" for part in key.split("/")):
        raise ValueError(f"not a storage key: {key!r}")
    return key


def fanned_key(prefix: str, name: str, suffix: str) -> str:
    """``prefix/ab/cd/name+suffix``: two levels of folders from a hash of ``name``,
    so no folder collects millions of files."""
    digest = hashlib.sha256(name.encode()).hexdigest()
    return check_key(f"{prefix}/{digest[:2]}/{digest[2:4]}/{name}{suffix}")


class LocalStorage:
    """Objects as files under ``root``; a key is a relative path."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, key: str) -> Path:
        return self.root / check_key(key)

    def check(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageUnavailable(f"media folder {self.root}: {exc.strerror}") from exc
        if not os.access(self.root, os.W_OK | os.X_OK):
            raise StorageUnavailable(f"media folder {self.root}: not writable")

    def put_bytes(self, key: str, data: bytes) -> StoredObject:
        return self.put_stream(key, (data,))

    def put_stream(self, key: str, chunks: Iterable[bytes]) -> StoredObject:
        def write(out: BinaryIO) -> None:
            for chunk in chunks:
                out.write(chunk)

        return self._put(key, write)

    def put_file(self, key: str, path: Path) -> StoredObject:
        def copy(out: BinaryIO) -> None:
            with path.open("rb") as source:
                _copy_file(source, out)

        return self._put(key, copy)

    def _put(self, key: str, write: Callable[[BinaryIO], None]) -> StoredObject:
        """What ``write`` writes, stored under ``key`` atomically (fsynced, then renamed)."""
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
        try:
            with os.fdopen(handle, "wb") as out:
                write(out)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        stored = self.stat(key)
        if stored is None:  # replaced and removed by someone else at once
            raise FileNotFoundError(path)
        return stored

    def stat(self, key: str) -> StoredObject | None:
        path = self.path(key)
        try:
            found = os.stat(path)
        except FileNotFoundError:
            return None
        return StoredObject(
            key, found.st_size, found.st_mtime, f"{found.st_size:x}-{found.st_mtime_ns:x}", path
        )

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def open(self, key: str) -> BinaryIO:
        return self.path(key).open("rb")

    def delete(self, key: str, unfinished: bool = False) -> None:
        path = self.path(key)
        path.unlink(missing_ok=True)
        if unfinished and path.parent.is_dir():
            for temporary in path.parent.glob(f".{path.name}.*.tmp"):
                temporary.unlink(missing_ok=True)

    def presigned(self, key: str, seconds: int, headers: Mapping[str, str]) -> str | None:
        return None  # files are sent by photobank itself (or the server's pathsend)


def _copy_file(source: BinaryIO, out: BinaryIO) -> None:
    """Copy ``source`` into ``out`` in the kernel (``copy_file_range``), or through
    memory where the kernel or the file system cannot."""
    out.flush()
    try:
        while os.copy_file_range(source.fileno(), out.fileno(), _COPY_CHUNK):
            pass
    except OSError as exc:
        if exc.errno not in _NO_KERNEL_COPY:
            raise
        shutil.copyfileobj(source, out, _COPY_CHUNK)
