"""``photobank copy``: an embedded deployment moved into a distributed one, verified.

The source is the data directory of ``PHOTOBANK_DATA_DIR`` (its SQLite store and
its media files), held for the whole copy so no server changes it meanwhile.
The target is a PostgreSQL store (migrated here with the same migrations) and,
with ``--media-url``, an S3-compatible media store (``PHOTOBANK_S3_*`` give its
endpoint and keys); without it the media go to ``--node-dir``. Rows keep their
ids, credentials stay hashed as they are, sequences continue, daily counts come
along (they live in the store). Then both are read again and compared, and the
search index of the copy is built. Throttle windows of the last seconds and
caches are not copied: Redis starts empty and fills as the nodes serve.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn
from urllib.parse import urlsplit, urlunsplit

import typer

from photobank.cli.common import holding, load_settings, open_services

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from photobank.config import Settings
    from photobank.media.copying import ObjectCount
    from photobank.store.copying import TableCount

_KEY_FILE = "signing.key"


def copy(
    to: Annotated[
        str,
        typer.Option(
            "--to",
            metavar="POSTGRESQL_URL",
            help="The target store: postgresql://user:password@host:port/database (migrated here).",
        ),
    ],
    media_url: Annotated[
        str | None,
        typer.Option(
            metavar="S3_URL",
            help="Where the media go: s3://bucket/prefix (endpoint and keys: PHOTOBANK_S3_*);"
            " default: NODE_DIR/media.",
        ),
    ] = None,
    redis_url: Annotated[
        str | None,
        typer.Option(help="The target's Redis (redis://…): checked, and named in the settings."),
    ] = None,
    node_dir: Annotated[
        Path | None,
        typer.Option(
            help="A data directory for the target's nodes: gets the signing key (every node"
            " needs the same one) and, without --media-url, the media."
        ),
    ] = None,
    replace: Annotated[
        bool, typer.Option(help="Overwrite a target store that already holds rows.")
    ] = False,
) -> None:
    """Copy this data directory's store and media into PostgreSQL (and S3), then verify."""
    source = load_settings()
    if source.database_url is not None or source.media_url is not None:
        _fail("the source must be an embedded data directory (unset PHOTOBANK_DATABASE_URL"
              " and PHOTOBANK_MEDIA_URL; PHOTOBANK_DATA_DIR names it)")  # fmt: skip
    if media_url is None and node_dir is None:
        _fail("say where the media go: --media-url s3://bucket/prefix or --node-dir DIR")
    with holding(source, "photobank copy"), tempfile.TemporaryDirectory() as scratch:
        target = _target(source, to, media_url, redis_url, node_dir or Path(scratch))
        _copy(source, target, replace)
        if node_dir is not None:
            node_dir.mkdir(parents=True, exist_ok=True)
            key = source.signing_key_file or source.data_dir / _KEY_FILE
            if key.exists():  # URLs and tokens the source handed out stay good
                shutil.copy2(key, node_dir / _KEY_FILE)
        _index(target, replace)
    _next_steps(target, node_dir)


def _target(
    source: Settings, to: str, media_url: str | None, redis_url: str | None, data_dir: Path
) -> Settings:
    """The target's settings: the source's own, with the target's places."""
    from pydantic import ValidationError

    if not to.startswith(("postgresql://", "postgresql+psycopg://")):
        _fail(f"--to takes a PostgreSQL URL (postgresql://…), not {to.split(':', 1)[0]}:")
    update = {"database_url": to, "media_url": media_url, "redis_url": redis_url}
    try:  # through the model again: the same checks as PHOTOBANK_* values get
        return type(source).model_validate(source.model_dump() | update | {"data_dir": data_dir})
    except ValidationError as exc:
        problem = exc.errors()[0]
        _fail(f"--{str(problem['loc'][0]).replace('_', '-')}: {problem['msg']}")


def _copy(source: Settings, target: Settings, replace: bool) -> None:
    from photobank.errors import DomainError
    from photobank.store.engine import make_engine

    reads, writes = make_engine(source.db_url), make_engine(target.db_url)
    try:
        _copy_between(source, target, reads, writes, replace)
    except DomainError as exc:  # a target part that does not answer, or holds rows
        _fail(exc.message)
    finally:
        reads.dispose()
        writes.dispose()


def _copy_between(
    source: Settings, target: Settings, reads: Engine, writes: Engine, replace: bool
) -> None:
    from photobank.composition import open_media_storage
    from photobank.media.copying import copy_objects, verify_objects
    from photobank.media.storage import LocalStorage
    from photobank.store.copying import copy_tables, verify
    from photobank.store.migrate import upgrade

    _answering(target, writes)  # every part of the target, before anything is written
    storage = open_media_storage(target)
    upgrade(reads)  # the source at the latest schema, as the target will be
    upgrade(writes)
    typer.echo(f"Copying the store into {_shown(target.database_url or target.db_url)}")
    copy_tables(reads, writes, replace, _table_line)
    media = LocalStorage(source.media_dir)
    typer.echo(f"Copying media into {target.media_url or target.media_dir}")
    copy_objects(media, storage, _object_line)
    typer.echo("Verifying the copy")
    problems = verify(reads, writes) + verify_objects(media, storage)
    if problems:
        for line in problems[:20]:
            typer.echo(f"  differs: {line}", err=True)
        _fail(f"the copy differs from the source in {len(problems)} place(s)")
    typer.echo("Verified: every row and every media object is the same in the copy.")


def _answering(target: Settings, writes: Engine) -> None:
    """The target's PostgreSQL and Redis answer, or one line says which does not."""
    from sqlalchemy.exc import OperationalError

    try:
        with writes.connect():
            pass
    except OperationalError as exc:
        reason = str(exc.orig or exc).strip().splitlines()[0]
        where = _shown(target.database_url or target.db_url)
        _fail(f"the target store {where} does not answer: {reason}")
    if target.redis_url:
        from photobank.state.redis_client import answering, connect

        with answering(f"the target's Redis {_shown(target.redis_url)}"):
            connect(target.redis_url).ping()


def _index(target: Settings, replace: bool) -> None:
    """The copy's search index: opening the services builds a missing one; one left by a
    replaced catalog is built anew."""
    services = open_services(target)
    try:
        indexed = services.index.rebuild() if replace else services.index.doc_count
        typer.echo(f"Indexed {indexed:,} assets for search in the copy.")
    finally:
        services.close()


def _next_steps(target: Settings, node_dir: Path | None) -> None:
    settings = [f"PHOTOBANK_DATABASE_URL='{_shown(target.database_url or target.db_url)}'"]
    settings += [f"PHOTOBANK_MEDIA_URL={target.media_url}"] if target.media_url else []
    settings += [f"PHOTOBANK_REDIS_URL='{_shown(target.redis_url)}'"] if target.redis_url else []
    if node_dir is not None:  # one secret every node reads: no copy to keep in step
        settings.append(f"PHOTOBANK_SIGNING_KEY_FILE={(node_dir / _KEY_FILE).resolve()}")
    where = f"PHOTOBANK_DATA_DIR={node_dir} " if node_dir else ""
    typer.echo("Serve the copy (on every node: each its own data directory, the same key file):")
    typer.echo(f"  {where}{' '.join(settings)} photobank serve")


def _table_line(done: TableCount) -> None:
    typer.echo(f"  {done.name:<22} {done.rows:>10,} rows copied ({done.seconds:.1f} s)")


def _object_line(done: ObjectCount) -> None:
    megabytes = done.bytes / 2**20
    typer.echo(
        f"  media {done.objects:>10,} objects, {megabytes:,.1f} MiB copied ({done.seconds:.1f} s)"
    )


def _shown(url: str) -> str:
    """``url`` with its password hidden (printed lines and logs never hold one)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@")))


def _fail(reason: str) -> NoReturn:
    typer.echo(f"error: {reason}", err=True)
    raise typer.Exit(1)
