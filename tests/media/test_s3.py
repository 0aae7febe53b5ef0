"""Media in S3: the same behaviour as local files, against moto's real S3 server."""

from __future__ import annotations

import io
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from photobank.cli.main import main
from photobank.media import s3
from photobank.media.s3 import S3Storage
from photobank.media.storage import LocalStorage, MediaStorage, StorageUnavailable
from tests.media.conftest import s3_settings


@pytest.fixture(params=["local", "s3"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> MediaStorage:
    """Each behaviour below holds for both stores."""
    if request.param == "local":
        return LocalStorage(tmp_path / "media")
    endpoint = request.getfixturevalue("s3_endpoint")
    return S3Storage.from_settings(s3_settings(endpoint, request.getfixturevalue("s3_media_url")))


@pytest.fixture
def bucket(s3_endpoint: str, s3_media_url: str) -> S3Storage:
    return S3Storage.from_settings(s3_settings(s3_endpoint, s3_media_url))


def test_put_stat_open_exists_and_delete(storage: MediaStorage) -> None:
    storage.check()
    assert storage.stat("a/b.bin") is None and not storage.exists("a/b.bin")
    stored = storage.put_bytes("a/b.bin", b"hello")
    assert stored.key == "a/b.bin" and stored.size == 5
    assert storage.stat("a/b.bin") == stored and storage.exists("a/b.bin")
    with storage.open("a/b.bin") as reader:
        assert reader.read() == b"hello"
    storage.delete("a/b.bin")
    storage.delete("a/b.bin")  # deleting what is gone is no error
    assert not storage.exists("a/b.bin")
    with pytest.raises(FileNotFoundError):
        storage.open("a/b.bin")


def test_new_bytes_get_a_new_version(storage: MediaStorage) -> None:
    first = storage.put_bytes("k.bin", b"one")
    second = storage.put_bytes("k.bin", b"three")
    assert first.version != second.version and second.size == 5


def test_a_file_is_stored_as_a_copy(storage: MediaStorage, tmp_path: Path) -> None:
    source = tmp_path / "original.jpg"
    source.write_bytes(bytes(range(256)) * 40_000)  # 10 MB: more than one part
    stored = storage.put_file("o/original.jpg", source)
    assert stored.size == source.stat().st_size
    source.write_bytes(b"edited")  # the stored copy does not follow its source
    with storage.open("o/original.jpg") as reader:
        assert reader.read() == bytes(range(256)) * 40_000


def test_readers_seek_like_files(storage: MediaStorage) -> None:
    """Ranges, PyAV and the licence stamper seek in what they read."""
    data = bytes(range(256)) * 4096  # 1 MiB, more than a reader's buffer
    storage.put_stream("v/clip.bin", (data[i : i + 65536] for i in range(0, len(data), 65536)))
    with storage.open("v/clip.bin") as reader:
        assert reader.read(16) == data[:16]
        reader.seek(700_000)
        assert reader.read(100) == data[700_000:700_100]
        reader.seek(-10, io.SEEK_END)
        assert reader.read() == data[-10:]
        reader.seek(3)
        assert reader.read() == data[3:]


def test_malformed_keys_are_refused(storage: MediaStorage) -> None:
    for bad in ("../x", "a//b", "/abs", "a/.hidden"):
        with pytest.raises(ValueError):
            storage.put_bytes(bad, b"x")


def test_local_files_have_no_presigned_url(tmp_path: Path) -> None:
    assert LocalStorage(tmp_path).presigned("a.bin", 60, {}) is None


def test_large_streams_go_up_in_parts_of_bounded_size(
    bucket: S3Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(s3, "PART_SIZE", 5 * 1024 * 1024)  # S3's smallest part
    sizes: list[int] = []
    real = bucket._client.upload_part

    def counting(**params: object) -> object:
        sizes.append(len(params["Body"]))  # type: ignore[arg-type]
        return real(**params)

    monkeypatch.setattr(bucket._client, "upload_part", counting)
    chunk = b"x" * 1_000_000
    stored = bucket.put_stream("big/video.mp4", (chunk for _ in range(12)))
    assert stored.size == 12_000_000
    assert sizes == [5 * 1024 * 1024, 5 * 1024 * 1024, 12_000_000 - 10 * 1024 * 1024]
    with bucket.open("big/video.mp4") as reader:
        assert reader.read() == chunk * 12


def test_a_failing_stream_leaves_nothing(
    bucket: S3Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(s3, "PART_SIZE", 5 * 1024 * 1024)

    def broken() -> Iterator[bytes]:
        yield b"x" * (11 * 1024 * 1024)
        raise OSError("source went away")

    with pytest.raises(OSError, match="went away"):
        bucket.put_stream("s/file.bin", broken())
    assert not bucket.exists("s/file.bin")
    name = bucket.name("s/file.bin")
    left = bucket._client.list_multipart_uploads(Bucket=bucket.bucket, Prefix=name)
    assert left.get("Uploads", []) == []


def test_unfinished_uploads_are_cleared_on_request(bucket: S3Storage) -> None:
    name = bucket.name("cut/short.bin")
    bucket._client.create_multipart_upload(Bucket=bucket.bucket, Key=name)
    bucket.delete("cut/short.bin", unfinished=True)
    left = bucket._client.list_multipart_uploads(Bucket=bucket.bucket, Prefix=name)
    assert left.get("Uploads", []) == []


def test_keys_live_under_the_prefix(bucket: S3Storage) -> None:
    bucket.put_bytes("originals/ab/cd/1.jpg", b"x")
    listed = bucket._client.list_objects_v2(Bucket=bucket.bucket, Prefix=bucket.prefix + "/")
    assert [o["Key"] for o in listed["Contents"]] == [f"{bucket.prefix}/originals/ab/cd/1.jpg"]


def test_an_object_replaced_while_read_is_not_spliced(bucket: S3Storage) -> None:
    bucket.put_bytes("r.bin", b"a" * 600_000)
    with bucket.open("r.bin") as reader:
        reader.read(10)
        bucket.put_bytes("r.bin", b"b" * 600_000)
        reader.seek(500_000)  # a new ranged GET: of the old version or none
        with pytest.raises(FileNotFoundError):
            reader.read(10)


def test_presigned_urls_fetch_the_object_with_the_headers_asked(bucket: S3Storage) -> None:
    bucket.put_bytes("d/clip.mp4", b"movie")
    disposition = "attachment; filename=GettyImages-1.mp4"
    url = bucket.presigned(
        "d/clip.mp4",
        60,
        {"ResponseContentType": "video/mp4", "ResponseContentDisposition": disposition},
    )
    assert url is not None and "X-Amz-Expires=60" in url
    with urllib.request.urlopen(url) as answer:
        assert answer.read() == b"movie"
        assert answer.headers["Content-Disposition"] == disposition


def test_a_missing_bucket_is_one_clear_line(s3_endpoint: str) -> None:
    store = S3Storage.from_settings(s3_settings(s3_endpoint, "s3://no-such-bucket/x"))
    with pytest.raises(StorageUnavailable, match="s3://no-such-bucket/x: no such bucket"):
        store.check()


def test_an_unreachable_store_is_unavailable_not_a_crash() -> None:
    store = S3Storage.from_settings(s3_settings("http://127.0.0.1:9", "s3://media"))
    with pytest.raises(StorageUnavailable, match="unreachable"):
        store.check()
    with pytest.raises(StorageUnavailable):
        store.stat("a.bin")


def test_a_server_over_an_unreachable_store_stops_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PHOTOBANK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("PHOTOBANK_MEDIA_URL", "s3://media/library")
    monkeypatch.setenv("PHOTOBANK_S3_ENDPOINT_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("PHOTOBANK_S3_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("PHOTOBANK_S3_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setattr(sys, "argv", ["photobank", "serve", "--workers", "1"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line == "error: media store s3://media/library unreachable at http://127.0.0.1:9"
