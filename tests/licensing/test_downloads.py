"""Licensing downloads: charges, re-downloads, overage, periods, expiry, crashes, races."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from photobank.accounts.models import Customer
from photobank.catalog.model import Asset
from photobank.clock import ManualClock
from photobank.composition import Services
from photobank.errors import DomainError, InvalidParameter, NotEntitled, NotFound, QuotaExhausted
from photobank.licensing.downloads import DownloadRequest, choose_size
from photobank.licensing.models import DownloadRequirements
from photobank.licensing.products import ProductTerms
from photobank.licensing.service import LicensingService
from photobank.media.urls import download_sizes
from photobank.store import tables as t
from tests.shoppers import images, new_customer, premium

BASE = "http://photobank.test"


def _download(
    licensing: LicensingService, customer: Customer, asset: Asset, **extra: object
) -> str:
    request = DownloadRequest(asset.id, customer.id, **extra)  # type: ignore[arg-type]
    return licensing.downloads.download(request, BASE).uri


def _remaining(
    licensing: LicensingService, customer: Customer, clock: ManualClock
) -> list[int | None]:
    return [p.remaining_at(clock.now()) for p in licensing.products.products(customer.id)]


def test_a_first_download_charges_and_a_re_download_is_free(
    services: Services,
    licensing: LicensingService,
    licensing_clock: ManualClock,
    customer: Customer,
) -> None:
    licensing.products.grant(customer.id, ProductTerms("premiumaccess", download_limit=5))
    first, second = images(services, 2, premium)
    uri = _download(licensing, customer, first)
    assert uri.startswith(f"{BASE}/media/delivery/{first.id}/original?c={customer.id}&")
    _download(licensing, customer, first)
    _download(licensing, customer, second)
    assert _remaining(licensing, customer, licensing_clock) == [3]
    other = new_customer(services)[0]
    licensing.products.grant(other.id, ProductTerms("premiumaccess", download_limit=5))
    _download(licensing, other, first)  # a licence belongs to one customer
    assert _remaining(licensing, other, licensing_clock) == [4]


def test_overage_is_used_only_once_no_product_has_downloads_left(
    services: Services,
    licensing: LicensingService,
    licensing_clock: ManualClock,
    customer: Customer,
) -> None:
    grant = licensing.products.grant
    a = grant(customer.id, ProductTerms("premiumaccess", download_limit=1, overage_limit=1))
    b = grant(customer.id, ProductTerms("premiumaccess", download_limit=1))
    assets = images(services, 4, premium)
    charged = [
        licensing.downloads.download(DownloadRequest(x.id, customer.id), BASE) for x in assets[:3]
    ]
    assert [r.product_id for r in charged] == [a.id, b.id, a.id]
    with pytest.raises(QuotaExhausted) as refused:
        _download(licensing, customer, assets[3])
    assert refused.value.code == "OverageLimitReached"
    now = licensing_clock.now()
    first = licensing.products.products(customer.id)[0]
    assert (first.remaining_at(now), first.overage_used_at(now)) == (0, 1)


def test_the_count_starts_again_in_the_next_period(
    services: Services,
    licensing: LicensingService,
    licensing_clock: ManualClock,
    customer: Customer,
) -> None:
    licensing.products.grant(
        customer.id, ProductTerms("premiumaccess", download_limit=1, limit_duration="day")
    )
    assets = images(services, 3, premium)
    _download(licensing, customer, assets[0])
    with pytest.raises(QuotaExhausted):
        _download(licensing, customer, assets[1])
    licensing_clock.advance(timedelta(days=1))
    assert _remaining(licensing, customer, licensing_clock) == [1]
    _download(licensing, customer, assets[1])
    assert _remaining(licensing, customer, licensing_clock) == [0]


def test_an_expired_product_licenses_nothing_new_but_licences_stay(
    services: Services,
    licensing: LicensingService,
    licensing_clock: ManualClock,
    customer: Customer,
) -> None:
    expiry = licensing_clock.now() + timedelta(days=30)
    licensing.products.grant(customer.id, ProductTerms("premiumaccess", expires_at=expiry))
    owned, fresh = images(services, 2, premium)
    _download(licensing, customer, owned)
    licensing_clock.set(expiry)
    with pytest.raises(NotEntitled):
        _download(licensing, customer, fresh)
    assert _download(licensing, customer, owned)  # re-downloading a licensed image still works


def test_a_crash_between_licence_and_delivery_loses_nothing(
    services: Services,
    licensing: LicensingService,
    licensing_clock: ManualClock,
    customer: Customer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    licensing.products.grant(customer.id, ProductTerms("imagepack", download_limit=2))
    [asset] = images(services, 1, lambda a: "imagepack" in a.product_types)

    def crash(*_args: object) -> str:
        raise RuntimeError("the process died before signing the URL")

    delivery = licensing.downloads._delivery
    with monkeypatch.context() as patch:
        patch.setattr(delivery, "url", crash)
        with pytest.raises(RuntimeError):
            _download(licensing, customer, asset)
    assert _remaining(licensing, customer, licensing_clock) == [1]  # charged once, licence kept
    licensing_clock.advance(timedelta(minutes=5))
    assert f"/media/delivery/{asset.id}/" in _download(licensing, customer, asset)
    assert _remaining(licensing, customer, licensing_clock) == [1]  # and never again
    history = licensing.history.asset_downloads(customer.id, asset.id)
    assert [r.charged for r in history] == [False, True]


def test_credit_packs_pay_by_istock_collection(
    services: Services, licensing: LicensingService, customer: Customer
) -> None:
    pack = licensing.products.grant(
        customer.id, ProductTerms("creditpack", credits=4, team_credits=1)
    )
    [signature] = images(services, 1, lambda a: a.istock_collection == "Signature")
    essentials = images(services, 3, lambda a: a.istock_collection == "Essentials")
    _download(licensing, customer, signature)  # 3 credits
    _download(licensing, customer, essentials[0])  # 1 credit
    with pytest.raises(QuotaExhausted):
        _download(licensing, customer, essentials[1])
    _download(licensing, customer, essentials[1], use_team_credits=True)
    with pytest.raises(QuotaExhausted):
        _download(licensing, customer, essentials[2], use_team_credits=True)
    [after] = licensing.products.products(customer.id)
    assert (after.id, after.credits_remaining, after.team_credits) == (pack.id, 0, 0)


def test_download_requirements_of_the_product(
    services: Services, licensing: LicensingService, customer: Customer
) -> None:
    terms = ProductTerms("premiumaccess", project_code_required=True, project_codes=("ALPHA",))
    licensing.products.grant(customer.id, terms)
    first, second = images(services, 2, premium)
    for given, parameter in (
        (DownloadRequirements(), "project_code"),
        (DownloadRequirements(project_code="BETA"), "project_code"),
    ):
        with pytest.raises(InvalidParameter) as refused:
            _download(licensing, customer, first, requirements=given)
        assert refused.value.parameter == parameter
    notes = DownloadRequirements(download_notes="cover", project_code="ALPHA")
    _download(licensing, customer, second, requirements=notes)
    [record] = licensing.history.asset_downloads(customer.id, second.id)
    assert (record.project_code, record.download_notes) == ("ALPHA", "cover")
    assert licensing.history.asset_downloads(customer.id, first.id) == []


def test_sizes_by_height_and_file_type(services: Services) -> None:
    [photo] = images(
        services, 1, lambda a: "eps" not in a.file_types and max(a.width, a.height) > 2048
    )
    [vector] = images(services, 1, lambda a: "eps" in a.file_types)
    sizes = download_sizes(photo)
    assert choose_size(photo, None, None).name == "original"
    assert choose_size(photo, str(sizes[0].height), None) == sizes[0]
    assert choose_size(vector, None, "eps").name == "vector"
    assert choose_size(vector, None, None).name == "original"
    for height, file_type, parameter in (
        ("17", None, "height"),
        ("tall", None, "height"),
        (None, "eps", "file_type"),
    ):
        with pytest.raises(InvalidParameter) as refused:
            choose_size(photo, height, file_type)
        assert refused.value.parameter == parameter


def test_an_unknown_image_is_image_not_found(
    licensing: LicensingService, customer: Customer
) -> None:
    with pytest.raises(NotFound) as missing:
        licensing.downloads.download(DownloadRequest("923533904", customer.id), BASE)
    assert (missing.value.code, missing.value.message) == (
        "ImageNotFound",
        "Image not found: 923533904",
    )


def test_the_store_refuses_negative_counts(
    services: Services, licensing: LicensingService, customer: Customer
) -> None:
    product = licensing.products.grant(customer.id, ProductTerms("creditpack", credits=1))
    with pytest.raises(IntegrityError), services.engine.begin() as conn:
        conn.execute(
            update(t.products).where(t.products.c.id == product.id).values(credits_remaining=-1)
        )


def _race(licensing: LicensingService, requests: list[DownloadRequest]) -> list[bool]:
    def attempt(request: DownloadRequest) -> bool:
        try:
            licensing.downloads.download(request, BASE)
        except DomainError:
            return False
        return True

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        return list(pool.map(attempt, requests))


def test_concurrent_downloads_take_exactly_what_remains(
    services: Services,
    licensing: LicensingService,
    licensing_clock: ManualClock,
    customer: Customer,
) -> None:
    licensing.products.grant(customer.id, ProductTerms("premiumaccess", download_limit=7))
    assets = images(services, 20, premium)
    outcomes = _race(licensing, [DownloadRequest(a.id, customer.id) for a in assets])
    assert sum(outcomes) == 7
    assert _remaining(licensing, customer, licensing_clock) == [0]


def test_concurrent_first_downloads_of_one_image_charge_once(
    services: Services,
    licensing: LicensingService,
    licensing_clock: ManualClock,
    customer: Customer,
) -> None:
    licensing.products.grant(customer.id, ProductTerms("premiumaccess", download_limit=5))
    [asset] = images(services, 1, premium)
    assert all(_race(licensing, [DownloadRequest(asset.id, customer.id)] * 8))
    assert _remaining(licensing, customer, licensing_clock) == [4]
    assert len(licensing.history.asset_downloads(customer.id, asset.id)) == 8


def test_losing_the_race_for_a_first_download_rolls_the_charge_back(
    services: Services,
    licensing: LicensingService,
    licensing_clock: ManualClock,
    customer: Customer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Both requests saw no licence; the unique licence row settles who pays."""
    licensing.products.grant(customer.id, ProductTerms("premiumaccess", download_limit=5))
    [asset] = images(services, 1, premium)
    _download(licensing, customer, asset)  # the request that won
    service = licensing.downloads
    real = service._licence
    stale = iter([None])  # the loser's look-up ran before the winner committed
    monkeypatch.setattr(service, "_licence", lambda *a: next(stale, None) or real(*a))
    result = service.download(DownloadRequest(asset.id, customer.id), BASE)
    assert not result.charged
    assert _remaining(licensing, customer, licensing_clock) == [4]
    assert [r.charged for r in licensing.history.asset_downloads(customer.id, asset.id)] == [
        False,
        True,
    ]
