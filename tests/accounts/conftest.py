from pathlib import Path

import pytest
from sqlalchemy import Engine

from photobank.accounts.hashing import FAST_COST, SecretHasher
from photobank.accounts.service import AccountService
from photobank.clock import ManualClock
from photobank.config import Settings
from tests.deployment import migrated_engine


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    return migrated_engine(tmp_path)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def settings() -> Settings:
    return Settings(default_qps_limit=7, default_daily_limit=1000)


@pytest.fixture
def accounts(engine: Engine, clock: ManualClock, settings: Settings) -> AccountService:
    return AccountService(engine, clock, settings, hasher=SecretHasher(FAST_COST))


@pytest.fixture
def argon2_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The secrets argon2 is run on from now on, in order (decoy checks included)."""
    checked: list[str] = []
    verify = SecretHasher.verify

    def counting(hasher: SecretHasher, digest: str, secret: str) -> bool:
        checked.append(secret)
        return verify(hasher, digest, secret)

    monkeypatch.setattr(SecretHasher, "verify", counting)
    return checked
