"""Apply Alembic migrations programmatically (no alembic.ini needed).

Every command opens the store through :func:`upgrade`, and most find it current:
that is learnt from the ``alembic_version`` rows and the migration files' own
revision lines, without importing Alembic (a fifth of a command's start-up).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from photobank.errors import DomainError

if TYPE_CHECKING:
    from alembic.config import Config

_MIGRATIONS = Path(__file__).parent / "migrations"
_REVISION_LINE = re.compile(r"^(down_)?revision\s*=\s*(.+)$", re.MULTILINE)


class StoreUnreachable(DomainError):
    """The record store does not answer when photobank opens it: one line, not a traceback."""

    code = "ServiceUnavailable"


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return config


# PostgreSQL checks a reference as its table is created: the AI generations (0010)
# reference the licensing branch's products, which alembic may otherwise order later.
# (Declaring it as 0010's ``depends_on`` makes data directories whose version rows name
# both revisions refuse to upgrade.)
_FIRST = "0002_licensing"


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Bring the database at ``engine`` up to ``revision`` (default: every head)."""
    if revision == "heads" and _is_current(engine):
        return
    from alembic import command

    config = alembic_config()
    with _connect(engine) as connection, connection.begin():
        config.attributes["connection"] = connection
        if revision == "heads":
            command.upgrade(config, _FIRST)
        command.upgrade(config, revision)


@cache
def heads() -> frozenset[str]:
    """The revisions no migration revises, read off the migration files."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in (_MIGRATIONS / "versions").glob("*.py"):
        for down, value in _REVISION_LINE.findall(path.read_text()):
            (revised if down else revisions).update(re.findall(r'"([^"]+)"', value))
    return frozenset(revisions - revised)


def _is_current(engine: Engine) -> bool:
    """Whether the store records every head as applied, and nothing else."""
    with _connect(engine) as connection:
        try:
            applied = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
            return frozenset(applied.scalars()) == heads()
        except DBAPIError:  # no version table yet: a new store
            return False


def _connect(engine: Engine) -> Connection:
    try:
        return engine.connect()
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreUnreachable(
            f"the record store {engine.url!r} does not answer ({reason});"
            " check PHOTOBANK_DATABASE_URL and that the database is running."
        ) from None
