"""Errors the licensing services raise beyond the shared ones in :mod:`photobank.errors`;
each skin answers them through its one error mapper."""

from __future__ import annotations

from photobank.errors import Conflict, Forbidden, InvalidParameter, NotFound


class OrderNotFound(NotFound):
    code = "OrderNotFound"


class NotYourOrder(Forbidden):
    """The order exists but belongs to another customer."""

    code = "NoAccessToOrderMetadata"


class CompanyRecordsDisabled(Forbidden):
    """A company's downloads or purchases were asked for: photobank keeps no companies."""

    code = "InsufficientPermissions"


class UsageReportRefused(Forbidden):
    """Only a customer holding an active product may report usage."""

    code = "UnauthorizedToReportUsage"


class TransactionIdUsed(Conflict):
    """A usage batch reused the transaction id of an earlier one."""

    code = "TransactionIdDuplicated"


class StandardLicenceNotFound(NotFound):
    """Extended licences were asked for an asset the customer holds no licence of."""

    code = "StandardLicenseNotFound"


class MissingDownloadRequirement(InvalidParameter):
    """The product's agreement asks for download notes or a project code, and none came."""

    code = "MissingRequiredQueryParameters"


class InvalidUsageReport(InvalidParameter):
    """A usage batch with a bad transaction id, size, asset, quantity or date."""

    code = "InvalidRequest"


class InvalidExtendedLicences(InvalidParameter):
    """Extended licences asked for by names that are not extended licence types."""

    code = "InvalidRequestParameters"
