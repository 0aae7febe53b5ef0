"""Media in any S3-compatible store (AWS, MinIO, Ceph ...), through boto3.

The same :class:`~photobank.media.storage.MediaStorage` calls as the local
files, so every node of a distributed deployment reads and writes one set of
originals and renditions. What the local store promises holds here too: a PUT
is atomic (a reader sees the old object, none, or the whole new one), ``size``
is the object's length and ``version`` its ETag, which changes with its bytes.
Large streams go up as a multipart upload, one part in memory at a time; a
reader streams the object and turns a seek into a ranged GET, so ranges,
PyAV and the licence stamper read S3 objects as they read files. A store that
cannot be reached, or refuses photobank, raises :class:`StorageUnavailable`
(a 503, one line at start), never an unhandled exception.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import suppress
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO
from urllib.parse import urlsplit

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
)

from photobank.media.positioned import PositionedReader
from photobank.media.storage import StorageUnavailable, StoredObject, check_key

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

    from photobank.config import Settings

PART_SIZE = 8 * 1024 * 1024  # bytes of one multipart part: memory a stream's upload holds
READ_BUFFER = 256 * 1024  # bytes a reader fetches ahead; seeks inside it cost no request
PRESIGNED_MAX = 7 * 24 * 3600  # the longest a presigned URL may live (SigV4), seconds
_GONE = {"404", "NoSuchKey", "NotFound", "PreconditionFailed"}  # or replaced meanwhile


_SESSION_LOCK = threading.Lock()


@cache
def _session() -> Any:
    """One boto3 session per process: each new one loads S3's service model again (~1 s)."""
    return boto3.session.Session()


class S3Storage:
    """Objects under ``prefix/`` of ``bucket``; a key is the rest of the object's name."""

    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        self._client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self._where = f"s3://{bucket}/{self.prefix}".rstrip("/")

    @classmethod
    def from_settings(cls, settings: Settings) -> S3Storage:
        """The store ``settings.media_url`` names, with the endpoint, region and keys set."""
        assert settings.media_url is not None
        parts = urlsplit(settings.media_url)
        config = Config(
            region_name=settings.s3_region,
            connect_timeout=5,
            read_timeout=30,
            retries={"max_attempts": 3, "mode": "standard"},
            max_pool_connections=32,
            s3={"addressing_style": "path" if settings.s3_endpoint_url else "auto"},
            signature_version="s3v4",
        )
        with _SESSION_LOCK:  # making a client is not thread-safe; using one is
            client = _session().client(
                "s3",
                endpoint_url=settings.s3_endpoint_url,
                aws_access_key_id=settings.s3_access_key_id,
                aws_secret_access_key=settings.s3_secret_access_key,
                config=config,
            )
        return cls(client, parts.netloc, parts.path)

    def name(self, key: str) -> str:
        """The object name of ``key`` in the bucket."""
        check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def check(self) -> None:
        """Raise :class:`StorageUnavailable` unless the bucket answers (for start and /ready)."""
        try:
            self._call("head_bucket")
        except FileNotFoundError:
            raise StorageUnavailable(f"media store {self._where}: no such bucket") from None

    def put_bytes(self, key: str, data: bytes) -> StoredObject:
        self._call("put_object", Key=self.name(key), Body=data)
        return self._stored(key)

    def put_stream(self, key: str, chunks: Iterable[bytes]) -> StoredObject:
        """One PUT when the stream fits in a part, else a multipart upload of
        :data:`PART_SIZE` parts (aborted if the stream fails: nothing appears)."""
        name = self.name(key)
        parts = _parts(chunks)
        first = next(parts, b"")
        second = next(parts, None)
        if second is None:
            return self.put_bytes(key, first)
        upload_id = self._call("create_multipart_upload", Key=name)["UploadId"]
        try:
            done = []
            for number, part in enumerate(_chain(first, second, parts), start=1):
                sent = self._call(
                    "upload_part", Key=name, UploadId=upload_id, PartNumber=number, Body=part
                )
                done.append({"PartNumber": number, "ETag": sent["ETag"]})
            self._call(
                "complete_multipart_upload",
                Key=name, UploadId=upload_id, MultipartUpload={"Parts": done},
            )  # fmt: skip
        except BaseException:
            self._abort(name, upload_id)
            raise
        return self._stored(key)

    def put_file(self, key: str, path: Path) -> StoredObject:
        with path.open("rb") as file:
            return self.put_stream(key, iter(partial(file.read, PART_SIZE), b""))

    def _abort(self, name: str, upload_id: str) -> None:
        # If this fails too, ``delete(unfinished=True)`` or the bucket's lifecycle rules clear it.
        with suppress(ClientError, BotoCoreError):
            self._client.abort_multipart_upload(Bucket=self.bucket, Key=name, UploadId=upload_id)

    def _stored(self, key: str) -> StoredObject:
        stored = self.stat(key)
        if stored is None:  # replaced and removed by someone else at once
            raise FileNotFoundError(key)
        return stored

    def stat(self, key: str) -> StoredObject | None:
        try:
            head = self._call("head_object", Key=self.name(key))
        except FileNotFoundError:
            return None
        modified = head["LastModified"].timestamp()
        return StoredObject(key, head["ContentLength"], modified, head["ETag"].strip('"'), None)

    def exists(self, key: str) -> bool:
        return self.stat(key) is not None

    def open(self, key: str) -> BinaryIO:
        """The object, streaming from its first byte (one GET, no HEAD before it)."""
        name = self.name(key)
        found = self._call("get_object", Key=name)
        version = found["ETag"].strip('"')
        raw = _ObjectReader(self, name, found["ContentLength"], version, found["Body"])
        return io.BufferedReader(raw, READ_BUFFER)

    def delete(self, key: str, unfinished: bool = False) -> None:
        name = self.name(key)
        with suppress(FileNotFoundError):
            self._call("delete_object", Key=name)
        if not unfinished:
            return
        listed = self._call("list_multipart_uploads", Prefix=name)
        for upload in listed.get("Uploads", []):
            if upload["Key"] == name:
                self._abort(name, upload["UploadId"])

    def presigned(self, key: str, seconds: int, headers: Mapping[str, str]) -> str | None:
        """A URL that GETs the object for ``seconds`` (at most a week) without photobank,
        answered with ``headers`` (``ResponseContentType``, ``ResponseContentDisposition``)."""
        params = {"Bucket": self.bucket, "Key": self.name(key), **headers}
        expires = max(1, min(seconds, PRESIGNED_MAX))
        try:
            url: str = self._client.generate_presigned_url("get_object", params, expires)
        except BotoCoreError as exc:  # no credentials to sign with
            raise StorageUnavailable(f"media store {self._where}: {exc}") from exc
        return url

    def _get(self, name: str, start: int, version: str) -> Any:
        """The object's body from byte ``start`` on; :class:`FileNotFoundError` if it is
        gone or no longer ``version``."""
        found = self._call("get_object", Key=name, Range=f"bytes={start}-", IfMatch=f'"{version}"')
        return found["Body"]

    def _call(self, operation: str, **params: Any) -> Any:
        """boto3's ``operation`` on the bucket: :class:`FileNotFoundError` for a missing
        (or meanwhile replaced) object, :class:`StorageUnavailable` for any other failure."""
        try:
            return getattr(self._client, operation)(Bucket=self.bucket, **params)
        except ClientError as exc:
            error = exc.response.get("Error", {})
            code, message = str(error.get("Code", "")), error.get("Message") or str(exc)
            if code in _GONE:
                raise FileNotFoundError(params.get("Key", self.bucket)) from None
            raise StorageUnavailable(f"media store {self._where}: {code}: {message}") from exc
        except (EndpointConnectionError, ConnectTimeoutError) as exc:
            where = f"{self._where} unreachable at {self._client.meta.endpoint_url}"
            raise StorageUnavailable(f"media store {where}") from exc
        except BotoCoreError as exc:
            raise StorageUnavailable(f"media store {self._where}: {exc}") from exc


class _ObjectReader(PositionedReader):
    """An S3 object as a seekable raw file: reads stream one GET from where the last
    one stopped; a seek elsewhere starts a ranged GET there."""

    def __init__(self, store: S3Storage, name: str, size: int, version: str, body: Any) -> None:
        super().__init__(size)
        self._store = store
        self._name = name
        self._version = version
        self._body: Any = body  # positioned at ``_body_at``
        self._body_at = 0

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        if self._at >= self._size or not len(view):
            return 0
        if self._body is None or self._body_at != self._at:
            self._drop()
            self._body = self._store._get(self._name, self._at, self._version)
            self._body_at = self._at
        try:
            chunk = self._body.read(len(view))
        except BotoCoreError as exc:
            raise OSError(f"reading {self._name} from the media store failed: {exc}") from exc
        view[: len(chunk)] = chunk
        self._at += len(chunk)
        self._body_at = self._at
        return len(chunk)

    def _drop(self) -> None:
        if self._body is not None:
            self._body.close()
            self._body = None

    def close(self) -> None:
        self._drop()
        super().close()


def _parts(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """``chunks`` regrouped into parts of :data:`PART_SIZE` bytes (the last may be short)."""
    pending = bytearray()
    for chunk in chunks:
        pending += chunk
        while len(pending) >= PART_SIZE:
            yield bytes(pending[:PART_SIZE])
            del pending[:PART_SIZE]
    if pending:
        yield bytes(pending)


def _chain(first: bytes, second: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield second
    yield from rest
