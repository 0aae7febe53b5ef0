"""Demo credentials: derived from the seed, so they are the same on every machine."""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import asdict, dataclass

from photobank.accounts.service import AccountService
from photobank.errors import Conflict


@dataclass(frozen=True, slots=True)
class DemoCredentials:
    api_key: str
    api_secret: str
    username: str
    password: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def demo_credentials(seed: int) -> DemoCredentials:
    digest = hashlib.sha256(f"photobank-demo:{seed}".encode()).hexdigest()
    return DemoCredentials(
        api_key=digest[:24],
        api_secret=digest[24:64],
        username="demo",
        password=f"demo-{digest[:8]}",
    )


def ensure_demo_accounts(accounts: AccountService, seed: int) -> DemoCredentials:
    """Create the demo API client (no throttling limits) and customer unless they exist."""
    creds = demo_credentials(seed)
    if accounts.get_client_by_key(creds.api_key) is None:
        accounts.create_client(
            "photobank demo",
            api_key=creds.api_key,
            secret=creds.api_secret,
            qps_limit=0,
            daily_limit=0,
        )
    with contextlib.suppress(Conflict):
        accounts.create_customer(
            creds.username, creds.password, "Demo", "Customer", "demo@example.com"
        )
    return creds
