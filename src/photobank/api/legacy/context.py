"""Who is calling a legacy operation, resolved from ``RequestHeader.Token``.

The auth service says what a token stands for and whether its client and
customer are still enabled (:class:`~photobank.auth.caller.Authenticator`, as for
v3); this module adds the legacy transport rules and their codes.

Token rules (spec §2.5), decided here once for every operation:

* A standard token is an ordinary access token, so the v3 side's OAuth2
  access tokens are accepted as well (seed v2). A SecureToken has a kind of
  its own (:data:`photobank.auth.tokens.SECURE`).
* Unknown, malformed, revoked or expired (by the injectable clock) → ``AUTH-012``.
* A secure-only operation over plain HTTP → ``AUTH-002``; with a standard token
  → ``AUTH-023``. RenewSession also takes the standard token (spec §0.4: its
  docs disagree), and answers ``FailedToRenewToken`` for a dead one.
* A SecureToken over plain HTTP on any other operation → ``AUTH-014``; over
  HTTPS it is accepted everywhere, as the 2012 Python client sends it on every
  https URL.

What of the caller shows in image documents (watermark decisions, usable
products) is worked out once per call, in :class:`Call`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from photobank.api.legacy.documents import DocumentCache
from photobank.api.legacy.envelope import LegacyError
from photobank.errors import Unauthenticated
from photobank.tls.transport import source_address

if TYPE_CHECKING:
    from starlette.types import Scope

    from photobank.accounts.models import Customer
    from photobank.auth.caller import Caller
    from photobank.auth.tokens import TokenInfo
    from photobank.composition import Services
    from photobank.licensing.entitlements import Entitlements
    from photobank.media.policy import Watermarks

TOKEN_INVALID = "AUTH-012"
NEEDS_HTTPS = "AUTH-002"
SECURE_OVER_HTTP = "AUTH-014"
NEEDS_SECURE_TOKEN = "AUTH-023"


@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ costs 4x on every call
class Call:
    """One operation call: the services, the header, the caller (if any) and the transport."""

    services: Services
    header: dict[str, Any]
    base_url: str
    secure: bool
    token: TokenInfo | None
    customer: Customer | None
    images: DocumentCache  # serialised image documents
    # What of the caller shows in documents (the legacy skin applies no client rules).
    watermarks: Watermarks
    entitlements: Entitlements | None  # the customer's usable products; None: anonymous
    scope: Scope  # the ASGI request

    def source(self) -> str | None:
        """The caller's address (credential failure limits), worked out when asked."""
        return source_address(self.scope, self.services.settings)

    def require_customer(self) -> Customer:
        if self.customer is None:
            raise LegacyError(
                "AUTH-012", "This operation needs a session created with user credentials."
            )
        return self.customer


def resolve(
    services: Services, header: dict[str, Any], secure: bool, secure_only: bool, renew: bool
) -> Caller:
    """The caller behind the header's token, enforcing the transport and token-kind rules above."""
    code = "FailedToRenewToken" if renew else TOKEN_INVALID
    raw = header.get("Token")
    token = raw.strip() if isinstance(raw, str) else ""
    if not token:
        raise LegacyError(code, "RequestHeader.Token is required: call CreateSession first.")
    if secure_only and not secure:
        raise LegacyError(NEEDS_HTTPS, "This operation must be called over HTTPS.")
    authenticator = services.authenticator
    try:
        info, is_secure_token = authenticator.session_token(token)
    except Unauthenticated:
        raise LegacyError(
            code, "The token is expired or invalid; call CreateSession for a new one."
        ) from None
    if secure_only and not is_secure_token and not renew:
        raise LegacyError(NEEDS_SECURE_TOKEN, "Only a SecureToken can be used for this operation.")
    if is_secure_token and not secure:
        raise LegacyError(
            SECURE_OVER_HTTP, "A SecureToken may not be sent over HTTP; use the standard Token."
        )
    try:
        return authenticator.session_caller(info)
    except Unauthenticated as exc:
        raise LegacyError(code, exc.message) from None
