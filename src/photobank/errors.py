"""Typed domain errors.

Services raise these; each API skin maps them to its own wire format in one
place (``api/v3/errors.py`` for v3). A client's mistake must always surface as
one of these, never as an unhandled exception.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base class: ``code`` is a stable, Getty-style error code."""

    code = "Error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class InvalidParameter(DomainError):
    """A request parameter has a value the operation cannot accept."""

    code = "InvalidParameterValue"

    def __init__(self, name: str, message: str | None = None, *, code: str | None = None) -> None:
        self.parameter = name
        super().__init__(message or f"Invalid value for parameter '{name}'.", code=code)


class NotFound(DomainError):
    """A named thing (image, event, board, ...) does not exist."""

    code = "NotFound"


class AssetNotFound(NotFound):
    """No asset with that id is in the catalog (or, for an upload, none is kept)."""

    code = "AssetNotFound"


class ImageNotFound(NotFound):
    """No image of that id is on offer (or held, where withdrawn ones count)."""

    code = "ImageNotFound"


class VideoNotFound(NotFound):
    """No video of that id is on offer (or held), or the asset is not a video."""

    code = "VideoNotFound"


class Unauthenticated(DomainError):
    """A bearer token is missing, malformed, unknown or expired where one is needed."""

    code = "AuthorizationTokenRequired"


class Forbidden(DomainError):
    """The caller is known but may not do this."""

    code = "Forbidden"


class InvalidApiKey(DomainError):
    """The Api-Key is missing, unknown or disabled (a gateway-level refusal)."""

    code = "AccountInactive"


class Throttled(DomainError):
    """An API client went over one of its request limits.

    ``limit`` is ``"qps"`` (queries per second) or ``"daily"``.
    """

    code = "Throttled"

    def __init__(self, limit: str, message: str) -> None:
        self.limit = limit
        super().__init__(message)


class Conflict(DomainError):
    """The request conflicts with the current state (duplicate name, ...)."""

    code = "Conflict"


class UserTokenRequired(Unauthenticated):
    """The bearer token names an application only, where a signed-in customer is needed."""

    code = "UserTokenRequired"


class NotEntitled(Forbidden):
    """None of the customer's products may license the asset (or the one named cannot)."""

    code = "NoProductsAvailable"


class QuotaExhausted(Forbidden):
    """Every product that could license the asset has used its downloads and overage."""

    code = "OverageLimitReached"


class Unavailable(DomainError):
    """A service photobank depends on (a media store, a database) does not answer: 503."""

    code = "ServiceUnavailable"
    retry_after = 5  # seconds a client is told to wait before trying again (Retry-After)


class InsufficientCredits(DomainError):
    """A credit purchase costs more credits than the customer's credit packs hold."""

    code = "NotEnoughCreditsForPurchase"
