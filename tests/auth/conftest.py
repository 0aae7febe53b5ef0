import pytest
from sqlalchemy import Engine

from photobank.accounts.models import ApiClient, Customer
from photobank.accounts.service import AccountService
from photobank.auth.tokens import TokenService
from photobank.clock import ManualClock
from photobank.config import Settings
from tests.accounts.conftest import accounts, argon2_checks, clock, engine, settings

# fixtures shared with tests/accounts
__all__ = ["accounts", "argon2_checks", "clock", "engine", "settings"]


@pytest.fixture
def tokens(engine: Engine, clock: ManualClock, settings: Settings) -> TokenService:
    return TokenService(engine, clock, settings)


@pytest.fixture
def api_client(accounts: AccountService) -> ApiClient:
    created, _ = accounts.create_client("App", api_key="app-key", secret="app-secret")
    return created


@pytest.fixture
def customer(accounts: AccountService) -> Customer:
    return accounts.create_customer("ann", "ann-password")
