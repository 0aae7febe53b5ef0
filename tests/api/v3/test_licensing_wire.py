"""Licensing records as Getty's wire documents: products, downloads, purchases, orders."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from photobank.api.v3.licensing_wire import (
    download_document,
    order_document,
    product_document,
    purchase_document,
)
from photobank.licensing.models import DownloadRecord, Order, Product, Purchase
from photobank.licensing.periods import period_of

NOW = datetime(2026, 6, 10, 12, tzinfo=UTC)
PRODUCT = Product(
    id=4, customer_id=9, type="premiumaccess", name="Premium", agreement_name="Newsroom",
    application_website=None, status="active", download_limit=10, limit_duration="month",
    period=period_of("month", NOW), downloads_used=12, overage_limit=5, credits_remaining=None,
    team_credits=None, imagepack_resolution=None, note_required=True, project_code_required=False,
    project_codes=("P1", "P2"), expires_at=None, created_at=NOW - timedelta(days=30),
)  # fmt: skip


def test_a_limited_product_reads_its_counts_overage_and_reset_at_now() -> None:
    document = product_document(PRODUCT, NOW, requirements=False)
    assert (document["status"], document["downloads_remaining"]) == ("active", 0)
    assert document["download_limit_duration"] == "month"
    assert document["download_limit_reset_utc_date"].startswith("2026-07-01T00:00:00")
    assert document["overage"] == {
        "count": 2,
        "limit": 5,
        "overages_reached": False,
        "remaining": 3,
    }
    assert "download_requirements" not in document
    next_month = product_document(PRODUCT, NOW + timedelta(days=30), requirements=False)
    assert next_month["downloads_remaining"] == 10 and next_month["overage"]["count"] == 0


def test_an_unlimited_product_has_no_overage_nor_duration() -> None:
    unlimited = replace(PRODUCT, download_limit=None)
    document = product_document(unlimited, NOW, requirements=False)
    assert "overage" not in document
    assert (document["download_limit_duration"], document["downloads_remaining"]) == (None, None)
    assert document["download_limit_reset_utc_date"] is None


def test_an_expired_or_switched_off_product_reads_inactive() -> None:
    expired = replace(PRODUCT, expires_at=NOW - timedelta(seconds=1))
    assert product_document(expired, NOW, False)["status"] == "inactive"
    off = replace(PRODUCT, status="inactive")
    assert product_document(off, NOW, False)["status"] == "inactive"


def test_download_requirements_come_when_asked() -> None:
    assert product_document(PRODUCT, NOW, requirements=True)["download_requirements"] == {
        "is_note_required": True,
        "is_project_code_required": False,
        "project_codes": ["P1", "P2"],
    }


def test_a_download_names_who_what_and_how_large() -> None:
    record = DownloadRecord(
        id=1, customer_id=9, username="pat", first_name="Pat", last_name="Buyer",
        asset_id="12345", asset_type="image", product_id=4, product_type="premiumaccess",
        agreement_name="Newsroom", size_name="large", width=2048, height=1365, charged=True,
        download_notes="for page 3", project_code=None, downloaded_at=NOW,
    )  # fmt: skip
    document = download_document(record, "https://bank.test/thumb.jpg")
    assert document["dimensions"] == {"dpi": None, "height": 1365, "width": 2048}
    assert document["download_details"] == {"download_notes": "for page 3", "project_code": None}
    assert document["user"] == {
        "username": "pat",
        "first_name": "Pat",
        "middle_name": None,
        "last_name": "Buyer",
    }
    assert document["date_downloaded"].startswith("2026-06-10T12:00:00")
    assert (document["thumb_uri"], document["download_source"]) == (
        "https://bank.test/thumb.jpg",
        "api",
    )


def test_a_purchase_links_its_free_re_download_and_states_numbers_as_strings() -> None:
    purchase = Purchase(
        asset_id="12345-6", asset_type="video", license_model="royaltyfree", order_id=77,
        purchased_by="pat", size_name="hd", bytes=123456, purchased_at=NOW,
    )  # fmt: skip
    document = purchase_document(purchase, "https://bank.test", None)
    assert document["download_uri"] == "https://bank.test/v3/downloads/videos/12345-6"
    assert (document["order_id"], document["file_size_in_bytes"]) == ("77", "123456")


def test_an_order_has_an_invoice_number_and_its_assets() -> None:
    order = Order(
        id=77, customer_id=9, kind="download", asset_ids=("1", "2"), ordered_by="pat",
        licensee_name="Pat Buyer", project_code="P1", created_at=NOW,
    )  # fmt: skip
    document = order_document(order)
    assert (document["id"], document["invoice_number"]) == ("77", "PB-00000077")
    assert document["assets"] == [{"id": "1"}, {"id": "2"}]
    assert document["notes"]["project_title"] == "P1"
