"""Errors the AI generator's service raises; each skin answers them through its mapper."""

from __future__ import annotations

from photobank.errors import Conflict, Forbidden, NotFound


class GenerationNotFound(NotFound):
    """No generation of that id belongs to the customer."""

    code = "GenerationRequestNotFound"


class GenerationPending(Conflict):
    """The generation's pictures are not painted yet."""

    code = "GenerationNotReady"


class GeneratedImageNotFound(NotFound):
    """The generation has no picture of that index."""

    code = "GeneratedImageNotFound"


class GeneratedAssetNotFound(NotFound):
    """No generated picture of that asset id (or size), or one never downloaded."""

    code = "GeneratedAssetNotFound"


class GeneratedDownloadNotFound(NotFound):
    """A download of a generated picture was polled before one was started."""

    code = "DownloadNotFound"


class InvalidPreviewUrl(Forbidden):
    """A generated picture's preview URL whose signature does not hold."""

    code = "InvalidDisplayUrl"
