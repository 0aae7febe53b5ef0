"""``photobank customers grant`` and ``photobank customers products``.

Mounted by :mod:`.main` on its ``customers`` group.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Annotated, Any

import typer

from photobank.cli.common import JsonOption, emit, open_services
from photobank.clock import as_utc

if TYPE_CHECKING:
    from photobank.licensing.models import Product


def _expiry(text: str | None) -> datetime | None:
    """``YYYY-MM-DD`` (the product expires as that day starts, UTC) or an ISO date-time."""
    if text is None:
        return None
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(), tzinfo=UTC)
        value = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"'{text}' is not an ISO date", param_hint="--expires") from None
    return as_utc(value)


def _row(product: Product, now: datetime) -> dict[str, Any]:
    return {
        "id": product.id,
        "type": product.type,
        "name": product.name,
        "agreement_name": product.agreement_name,
        "status": product.status_at(now),
        "download_limit": product.download_limit,
        "limit_duration": product.limit_duration,
        "downloads_remaining": product.remaining_at(now),
        "resets_at": product.reset_at(now),
        "overage_limit": product.overage_limit,
        "overage_used": product.overage_used_at(now),
        "credits_remaining": product.credits_remaining,
        "team_credits": product.team_credits,
        "expires_at": product.expires_at,
    }


def _line(row: dict[str, Any]) -> str:
    if row["credits_remaining"] is not None:
        allowance = f"{row['credits_remaining']} credits"
    elif row["download_limit"] is None:
        allowance = "unlimited downloads"
    else:
        per = f" per {row['limit_duration']}" if row["limit_duration"] else ""
        allowance = f"{row['downloads_remaining']}/{row['download_limit']} downloads left{per}"
    expiry = f", expires {row['expires_at']:%Y-%m-%d}" if row["expires_at"] else ""
    return f"{row['id']:>5}  {row['type']:<23} {row['status']:<8} {allowance}{expiry}"


def grant(
    username: str,
    product_type: Annotated[str, typer.Option("--type", help="Getty product type.")],
    limit: Annotated[
        int | None, typer.Option(help="Downloads allowed (default: unlimited).")
    ] = None,
    duration: Annotated[
        str | None, typer.Option(help="day, week, month or year (default: the whole term).")
    ] = None,
    expires: Annotated[str | None, typer.Option(help="Expiry date, YYYY-MM-DD (UTC).")] = None,
    overage: Annotated[int, typer.Option(help="Downloads allowed past the limit.")] = 0,
    credits: Annotated[int | None, typer.Option(help="Credits of a creditpack.")] = None,
    team_credits: Annotated[int | None, typer.Option(help="Team credits of a creditpack.")] = None,
    agreement: Annotated[str | None, typer.Option(help="Agreement name.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Give a customer a product (premiumaccess, imagepack, creditpack ...)."""
    from photobank.licensing.products import ProductTerms

    services = open_services()
    terms = ProductTerms(
        type=product_type.lower(),
        download_limit=limit,
        limit_duration=duration.lower() if duration else None,
        overage_limit=overage,
        credits=credits,
        team_credits=team_credits,
        expires_at=_expiry(expires),
        agreement_name=agreement,
    )
    products = services.licensing.products
    product = products.grant(products.customer_id(username), terms)
    row = _row(product, services.clock.now())
    services.close()
    emit(row, as_json, _line(row))


def products(username: str, as_json: JsonOption = False) -> None:
    """List a customer's products with what remains of each."""
    services = open_services()
    service = services.licensing.products
    now = services.clock.now()
    rows = [_row(p, now) for p in service.products(service.customer_id(username))]
    services.close()
    emit(rows, as_json, "\n".join(_line(r) for r in rows) or f"{username} has no products.")
