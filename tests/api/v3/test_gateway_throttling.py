"""Per-client throttling: queries per second and per day, Getty's exact 403s."""

from __future__ import annotations

from datetime import timedelta

from photobank.clock import ManualClock
from photobank.composition import Services
from tests.conftest import ContractClient

SEARCH = "/v3/search/images/creative?fields=id&page_size=1"


def test_over_queries_per_second(
    anonymous: ContractClient, services: Services, clock: ManualClock
) -> None:
    client, _secret = services.accounts.create_client("qps-test", qps_limit=2, daily_limit=0)
    headers = {"Api-Key": client.api_key}
    clock.advance(timedelta(seconds=1))
    assert [anonymous.get(SEARCH, headers=headers).status_code for _ in range(2)] == [200, 200]
    refused = anonymous.get(SEARCH, headers=headers)
    assert refused.status_code == 403
    assert refused.headers["X-Error-Detail"] == "Account Over Queries Per Second Limit"
    assert refused.json() == {"message": "Account Over Queries Per Second Limit"}
    clock.advance(timedelta(seconds=1))
    assert anonymous.get(SEARCH, headers=headers).status_code == 200


def test_over_daily_rate_limit_until_the_next_utc_day(
    anonymous: ContractClient, services: Services, clock: ManualClock
) -> None:
    client, _secret = services.accounts.create_client("daily-test", qps_limit=0, daily_limit=3)
    headers = {"Api-Key": client.api_key}
    statuses = [anonymous.get(SEARCH, headers=headers).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 403]
    refused = anonymous.get(SEARCH, headers=headers)
    assert refused.headers["X-Error-Detail"] == "Account Over Rate Limit"
    assert refused.json() == {"message": "Account Over Rate Limit"}
    clock.advance(timedelta(days=1))
    assert anonymous.get(SEARCH, headers=headers).status_code == 200


def test_disabled_client_is_refused(anonymous: ContractClient, services: Services) -> None:
    client, _secret = services.accounts.create_client("disabled-test", qps_limit=0, daily_limit=0)
    services.accounts.set_client_enabled(client.api_key, False)
    response = anonymous.get(SEARCH, headers={"Api-Key": client.api_key})
    assert response.status_code == 403
    assert response.json() == {"message": "Account Inactive"}
