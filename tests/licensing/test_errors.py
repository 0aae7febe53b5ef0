"""Licensing's own refusals reach v3 callers with Getty's status and code."""

from __future__ import annotations

import pytest

from photobank.api.v3.errors import domain_error_response
from photobank.composition import Services
from photobank.demo.credentials import DemoCredentials
from photobank.errors import DomainError
from photobank.licensing import errors
from photobank.licensing.downloads import DownloadRequest
from photobank.licensing.products import ProductTerms
from tests.conftest import ContractClient
from tests.shoppers import images, premium, shopper


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (errors.OrderNotFound("Order not found: 7"), 404, "OrderNotFound"),
        (errors.NotYourOrder("Not yours."), 403, "NoAccessToOrderMetadata"),
        (errors.CompanyRecordsDisabled("No companies."), 403, "InsufficientPermissions"),
        (errors.UsageReportRefused("No product."), 403, "UnauthorizedToReportUsage"),
        (errors.TransactionIdUsed("Used."), 409, "TransactionIdDuplicated"),
        (errors.StandardLicenceNotFound("None held."), 404, "StandardLicenseNotFound"),
        (errors.MissingDownloadRequirement("notes", "Notes, please."), 400,
         "MissingRequiredQueryParameters"),
        (errors.InvalidUsageReport("quantity", "Too few."), 400, "InvalidRequest"),
        (errors.InvalidExtendedLicences("license_types", "No."), 400, "InvalidRequestParameters"),
    ],
)  # fmt: skip
def test_each_refusal_has_its_getty_status_and_code(
    error: DomainError, status: int, code: str
) -> None:
    response = domain_error_response(error)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    assert f'"ErrorCode":"{code}"'.encode() in bytes(response.body)


def test_orders_unknown_or_of_another_customer_are_refused_so(
    client: ContractClient, services: Services, demo: DemoCredentials
) -> None:
    one = shopper(services, client, demo)
    other = shopper(services, client, demo, ProductTerms("premiumaccess"))
    (asset,) = images(services, 1, premium)
    services.licensing.downloads.download(DownloadRequest(asset.id, other.customer.id), "")
    bought = client.get("/v3/purchased-assets", headers=other.headers).json()
    order_id = bought["previous_purchases"][0]["order_id"]
    assert client.get(f"/v3/orders/{order_id}", headers=other.headers).status_code == 200
    theirs = client.get(f"/v3/orders/{order_id}", headers=one.headers)
    assert (theirs.status_code, theirs.json()["ErrorCode"]) == (403, "NoAccessToOrderMetadata")
    missing = client.get("/v3/orders/999999999", headers=one.headers)
    assert (missing.status_code, missing.json()["ErrorCode"]) == (404, "OrderNotFound")
    company = client.get("/v3/downloads", params={"company_downloads": "true"}, headers=one.headers)
    assert (company.status_code, company.json()["ErrorCode"]) == (403, "InsufficientPermissions")
