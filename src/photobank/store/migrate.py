"""Apply Alembic migrations programmatically (no alembic.ini needed)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError

from photobank.errors import DomainError

_MIGRATIONS = Path(__file__).parent / "migrations"


class StoreUnreachable(DomainError):
    """The record store does not answer when photobank opens it: one line, not a traceback."""

    code = "ServiceUnavailable"


def alembic_config() -> Config:
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
    config = alembic_config()
    with _connect(engine) as connection, connection.begin():
        config.attributes["connection"] = connection
        if revision == "heads":
            command.upgrade(config, _FIRST)
        command.upgrade(config, revision)


def _connect(engine: Engine) -> Connection:
    try:
        return engine.connect()
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreUnreachable(
            f"the record store {engine.url!r} does not answer ({reason});"
            " check PHOTOBANK_DATABASE_URL and that the database is running."
        ) from None
