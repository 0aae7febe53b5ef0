"""Signed, expiring delivery URLs for licensed downloads.

``/media/delivery/{asset_id}/{size}?c={customer}&e={expires}&s={signature}``:
the HMAC covers asset, size, customer and expiry, so changing any byte or
waiting past the expiry makes the URL worthless.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

from photobank.clock import Clock
from photobank.errors import Forbidden
from photobank.media.signing import Signer


class InvalidDeliveryUrl(Forbidden):
    """A delivery URL whose signature does not hold."""

    code = "InvalidDeliveryUrl"


class ExpiredDeliveryUrl(Forbidden):
    """A delivery URL past its expiry."""

    code = "DeliveryUrlExpired"


class DeliveryUrls:
    def __init__(self, signer: Signer, clock: Clock, ttl_seconds: int) -> None:
        self._signer = signer
        self._clock = clock
        self._ttl = timedelta(seconds=ttl_seconds)

    def url(
        self, base: str, asset_id: str, size: str, customer_id: int, route: str = "/media/delivery"
    ) -> str:
        """A delivery URL for ``size`` (a download size name) of ``asset_id``, under
        ``route`` (generated images are delivered from their own)."""
        expires = str(int((self._clock.now() + self._ttl).timestamp()))
        signature = self._signer.sign("delivery", asset_id, size, str(customer_id), expires)
        return (
            f"{base}{route}/{quote(asset_id)}/{quote(size)}"
            f"?c={customer_id}&e={expires}&s={signature}"
        )

    def verify(self, asset_id: str, size: str, customer: str, expires: str, signature: str) -> None:
        """Raise :class:`Forbidden` unless the URL is authentic and unexpired."""
        if not self._signer.verify(signature, "delivery", asset_id, size, customer, expires):
            raise InvalidDeliveryUrl("The delivery URL is not valid.")
        if not expires.isdigit() or int(expires) < self._clock.now().timestamp():
            raise ExpiredDeliveryUrl("The delivery URL has expired.")

    def seconds_left(self, expires: str) -> int:
        """How long a verified URL expiring at ``expires`` has yet to live (what a presigned
        URL of the store standing in for it may live)."""
        return max(1, int(expires) - int(self._clock.now().timestamp()))
