"""An S3-compatible store for the media tests: moto's standalone server, one per test
process (the distributed run's own, when that run is on), a fresh prefix per test."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from photobank.config import Settings
from photobank.media.s3 import S3Storage
from tests import deployment
from tests.servers import start_s3

BUCKET = "photobank-media-tests"
_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    if deployment.DISTRIBUTED:
        yield deployment.servers().s3_endpoint
        return
    endpoint, process = start_s3()
    try:
        yield endpoint
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="session")
def s3_bucket(s3_endpoint: str) -> str:
    client = s3_settings(s3_endpoint, f"s3://{BUCKET}")
    store = S3Storage.from_settings(client)
    store._client.create_bucket(Bucket=BUCKET)
    return BUCKET


def s3_settings(endpoint: str, media_url: str, **fields: object) -> Settings:
    """Settings naming ``media_url`` on the test server, with moto's dummy keys."""
    return Settings(
        media_url=media_url,
        s3_endpoint_url=endpoint,
        s3_access_key_id=deployment.S3_KEY,
        s3_secret_access_key=deployment.S3_SECRET,
        **fields,  # type: ignore[arg-type]
    )


@pytest.fixture
def s3_media_url(s3_bucket: str) -> str:
    """A prefix of the test bucket no other test writes."""
    return f"s3://{s3_bucket}/media-{next(_numbers)}"
