"""Settings, read once from ``PHOTOBANK_*`` environment variables.

Every setting carries a description; the documentation site's Configuration
page (docs/configuration.md) is generated from them, so none goes undocumented.
"""

from __future__ import annotations

import string
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from photobank.catalog.model import PRODUCT_TYPES

MIB = 1024 * 1024


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PHOTOBANK_", frozen=True, extra="ignore")

    data_dir: Path = Field(
        Path("./var"),
        description="Where the catalog database, search index and media files live.",
    )
    database_url: str | None = Field(
        None,
        description="SQLAlchemy URL of the record store; default: SQLite in the data directory."
        " `postgresql://…` runs the store and search on PostgreSQL (the distributed deployment).",
    )
    database_pool_size: int = Field(
        10, ge=1, description="Connections each server process keeps open to PostgreSQL."
    )
    redis_url: str | None = Field(
        None,
        description="Redis every node shares (`redis://…`): throttle counters, cache invalidation,"
        " locks, search-by-image uploads and emulator state; default: files in the data directory.",
    )
    redis_prefix: str = Field(
        "photobank:", description="Prefix of every Redis key, so deployments can share one Redis."
    )
    signing_key_file: Path | None = Field(
        None,
        description="File holding the key that signs URLs, tokens and forms (at least 32 bytes,"
        " e.g. `head -c 32 /dev/urandom`): one secret every node of a deployment reads;"
        " default: `signing.key` in the data directory, made at the first start.",
    )
    media_url: str | None = Field(
        None,
        description="Where originals and renditions live: `s3://bucket/prefix` for any"
        " S3-compatible store; default: `media/` in the data directory.",
    )
    s3_endpoint_url: str | None = Field(
        None, description="Endpoint of the S3-compatible store (MinIO, Ceph …); default: AWS."
    )
    s3_region: str = Field("us-east-1", description="Region of the S3-compatible store.")
    s3_access_key_id: str | None = Field(
        None, description="Access key of the S3 store; default: boto3's own credential chain."
    )
    s3_secret_access_key: str | None = Field(None, description="Secret of `s3_access_key_id`.")
    media_redirect: bool = Field(
        False,
        description="Deliver licensed files from S3 by redirecting to a presigned URL of the"
        " store (living as long as the delivery URL) instead of streaming them through"
        " photobank; such files carry their creator and copyright but not the licence's"
        " own fields (licensee, date), which only a streamed delivery writes in.",
    )
    host: str = Field("127.0.0.1", description="Interface `photobank serve` binds to.")
    port: int = Field(8080, description="Port `photobank serve` listens on.")
    public_url: str | None = Field(
        None,
        description=(
            "Base URL written into links (display sizes, downloads, related searches); "
            "default: taken from each request's Host."
        ),
    )
    access_token_ttl: int = Field(1800, description="Lifetime of OAuth2 access tokens, seconds.")
    refresh_token_ttl: int = Field(
        365 * 24 * 3600, description="Lifetime of OAuth2 refresh tokens, seconds."
    )
    default_qps_limit: int = Field(
        50, description="Queries per second allowed to a new API client (0: no limit)."
    )
    default_daily_limit: int = Field(
        0, description="Queries per UTC day allowed to a new API client (0: no limit)."
    )
    hash_cost: Literal["standard", "fast"] = Field(
        "standard",
        description=(
            "argon2 cost for stored secrets and passwords; `fast` is meant for test suites only."
        ),
    )
    verified_credential_seconds: int = Field(
        300,
        ge=0,
        description=(
            "How long a secret or password argon2 accepted is recognised again without"
            " argon2 (by a keyed hash, never the secret), seconds; 0: argon2 on every check."
        ),
    )
    delivery_url_ttl: int = Field(
        24 * 3600, description="Lifetime of signed download delivery URLs, seconds."
    )
    visual_upload_ttl: int = Field(
        24 * 3600, description="Lifetime of by-image search uploads, seconds."
    )
    ai_pending_polls: int = Field(
        1,
        ge=0,
        description=(
            "Polls of an AI generation or download answered 202 before its 200 (1: ready on"
            " the second poll; 0 with no latency: the first request answers 200)."
        ),
    )
    ai_latency_ms: int = Field(
        0, ge=0, description="Time an AI generation or download takes at least, milliseconds."
    )
    media_max_age: int = Field(
        7 * 24 * 3600,
        description="`Cache-Control` max-age of display renditions, seconds.",
    )
    media_memory_cache_mb: int = Field(
        32,
        description="Memory for small, often-requested media files (thumbs, previews), MiB.",
    )
    v3_answer_cache_mb: int = Field(
        32, description="Memory for encoded v3 by-id answers, replayed byte for byte, MiB."
    )
    v3_search_cache_mb: int = Field(
        16,
        description="Memory for encoded v3 search answers, kept until the catalog changes, MiB.",
    )
    v3_search_plan_cache_mb: int = Field(
        8,
        description="Memory for what each v3 search query string asks for (parsed once: the"
        " search, its field plans, the answer's key), kept whatever the catalog does, MiB.",
    )
    projection_cache_mb: int = Field(
        32,
        description="Memory for v3 items (an asset's document per field plan and caller's view),"
        " encoded once and spliced into answers, MiB.",
    )
    legacy_answer_cache_mb: int = Field(
        16, description="Memory for encoded legacy GetImageDetails answers, MiB."
    )
    legacy_document_cache_mb: int = Field(
        16, description="Memory for serialised legacy image documents, MiB."
    )
    asset_cache_mb: int = Field(64, description="Memory for assets read from the store, MiB.")
    similar_cache_mb: int = Field(
        8, description="Memory for ranked similar and same-series id lists, MiB."
    )
    media_url_cache_mb: int = Field(
        8,
        description="Memory for checked display URLs and the renditions they name, MiB.",
    )
    account_cache_mb: int = Field(
        8,
        description="Memory for API clients, customers, tokens and products (each trusted"
        " for seconds) and recent credential checks, MiB.",
    )
    demo_assets: int = Field(10_000, description="Size of the demo catalog `make serve` builds.")
    demo_seed: int = Field(42, description="Seed of the demo catalog; same seed, same catalog.")
    log_level: str = Field("info", description="Log level of the server (debug, info, warning).")
    mode: Literal["library", "emulator"] | None = Field(
        None,
        description=(
            "`emulator` adds the control surface under `/__photobank/` (clock, faults, journal,"
            " reset, fixtures); `library` serves the API alone. Default: `emulator` for"
            " `photobank serve --demo`, `library` otherwise."
        ),
    )
    admin_token: str | None = Field(
        None,
        description=(
            "Token the emulator's control surface requires; default: a random one printed at"
            " start-up."
        ),
    )
    journal_size: int = Field(
        1000, description="Requests the emulator's journal keeps; the oldest go first."
    )
    journal_mb: int = Field(
        16, description="Memory the emulator's journal may use; the oldest requests go first, MiB."
    )
    validation: bool = Field(
        False,
        description=(
            "Emulator mode: check every v3 and legacy request and answer against Getty's"
            " contract; violations go into the `X-Photobank-Violations` header and the journal."
        ),
    )
    https_port: int | None = Field(
        None,
        description=(
            "Port `photobank serve` also listens on with TLS; default: 8443 with `--demo`"
            " (a development certificate is made on first use), none otherwise; 0: no HTTPS."
        ),
    )
    tls_cert: Path | None = Field(
        None,
        description="PEM server certificate (chain) for HTTPS; default: the development one.",
    )
    tls_key: Path | None = Field(None, description="PEM private key of `tls_cert`.")
    trusted_proxies: str = Field(
        "",
        description=(
            "Comma-separated proxy addresses whose `X-Forwarded-Proto` is believed; a request"
            " from anywhere else is TLS only if its own connection is."
        ),
    )
    allow_insecure_loopback: bool = Field(
        False,
        description=(
            "Let plain-HTTP requests from 127.0.0.1/::1 use secure-only operations (OAuth2"
            " token endpoint, legacy CreateSession, RenewSession, CreateDownloadRequest)."
        ),
    )
    max_connections: int = Field(
        1000,
        description="Open connections each listener serves; one more is answered 503 and closed.",
    )
    workers: int | None = Field(
        None,
        ge=1,
        description=(
            "Processes `photobank serve` runs on its listeners, behaving as one server; default:"
            " one per core (the emulator: 1, the only count it takes)."
        ),
    )
    access_log: bool = Field(
        False,
        description=(
            "Log one JSON line per request (method, path, status, milliseconds, API client id,"
            " worker pid); never a secret."
        ),
    )
    legacy_token_minutes: int = Field(
        30, description="Lifetime of legacy Connect session tokens (`TokenDurationMinutes`)."
    )
    rights_url_template: str = Field(
        "{base}/licence/{asset_id}",
        description=(
            "Web Statement of Rights written into licensed downloads (`xmpRights:WebStatement`);"
            " `{base}`: the server's URL, `{asset_id}`: the image's id."
        ),
    )
    ingest_product_types: str = Field(
        "easyaccess,imagepack,premiumaccess,royaltyfreesubscription",
        description=(
            "Comma-separated product types that license the creative assets of a collection"
            " `photobank ingest` or a fixture creates; editorial ones swap"
            " `royaltyfreesubscription` for `editorialsubscription`."
        ),
    )

    ingest_max_file_size: int = Field(
        2048,
        ge=1,
        description="Largest file `photobank ingest` or an upload takes, MB; larger ones are"
        " reported and skipped.",
    )
    ingest_index_at_end: int = Field(
        5000,
        ge=1,
        description="An ingest run of this many files and manifest rows or more is indexed"
        " once it has stored them all, not batch by batch: its assets become searchable"
        " at its end, and on PostgreSQL a first import builds the search indexes once.",
    )
    ingest_upload_wait: float = Field(
        30.0,
        ge=0,
        description="Seconds an upload (`POST /operator/v1/ingest`) waits for another ingest"
        " run over the catalog to end; past that it is answered `503` with `Retry-After`,"
        " nothing written. `photobank ingest` waits as long as it takes.",
    )

    @field_validator("ingest_product_types")
    @classmethod
    def _known_product_types(cls, value: str) -> str:
        names = [name.strip() for name in value.split(",") if name.strip()]
        unknown = [name for name in names if name not in PRODUCT_TYPES]
        if unknown or not names:
            raise ValueError(f"give some of {', '.join(PRODUCT_TYPES)}")
        return ",".join(names)

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("give a redis://, rediss:// or unix:// URL")
        return value

    @field_validator("media_url")
    @classmethod
    def _media_scheme(cls, value: str | None) -> str | None:
        if value is not None and (not value.startswith("s3://") or value == "s3://"):
            raise ValueError("give s3://bucket or s3://bucket/prefix")
        return value

    @field_validator("rights_url_template")
    @classmethod
    def _rights_fields(cls, value: str) -> str:
        try:
            named = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
        except ValueError as exc:
            raise ValueError(f"not a URL template: {exc}") from None
        if not named <= {"base", "asset_id"}:
            raise ValueError("name no field but {base} and {asset_id}")
        return value

    @cached_property
    def new_collection_products(self) -> dict[str, tuple[str, ...]]:
        """What a collection created at ingest is licensable with, by asset family."""
        creative = tuple(self.ingest_product_types.split(","))
        return {
            "creative": creative,
            "editorial": tuple(
                sorted({*creative, "editorialsubscription"} - {"royaltyfreesubscription"})
            ),
        }

    @cached_property
    def memory_budget_mb(self) -> int:
        """What the caches together may hold: the sum of every ``*_mb`` setting."""
        return sum(getattr(self, name) for name in type(self).model_fields if name.endswith("_mb"))

    @cached_property
    def db_url(self) -> str:
        """The effective record-store URL."""
        url = self.database_url or f"sqlite:///{self.data_dir / 'photobank.db'}"
        for plain in ("postgresql://", "postgres://"):
            if url.startswith(plain):  # psycopg 3 is the driver photobank ships
                return "postgresql+psycopg://" + url.removeprefix(plain)
        return url

    @cached_property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @cached_property
    def media_dir(self) -> Path:
        return self.data_dir / "media"


def settings_table() -> str:
    """The Configuration page's table (docs/configuration.md), from the declared settings."""
    rows = ["| variable | default | description |", "|---|---|---|"]
    for name, info in Settings.model_fields.items():
        default = "" if info.default is None else f"`{info.default}`"
        rows.append(f"| `PHOTOBANK_{name.upper()}` | {default} | {info.description} |")
    return "\n".join(rows)
