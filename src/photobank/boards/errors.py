"""Errors the boards service raises; each skin maps them in its own error module."""

from __future__ import annotations

from photobank.errors import Forbidden, InvalidParameter, NotFound


class BoardNotFound(NotFound):
    """No such board, or one the customer neither owns nor collaborates on.

    The two are deliberately indistinguishable: a board id must not reveal
    that another customer's board exists.
    """

    code = "BoardNotFound"


class CommentNotFound(NotFound):
    code = "CommentNotFound"


class InsufficientAccess(Forbidden):
    """A collaborator asked for something their permissions on the board do not grant."""

    code = "InsufficientAccess"


class BoardAssetNotFound(Forbidden):
    """The asset to add is not in the catalog (Getty answers 403 ``AssetNotFound``)."""

    code = "AssetNotFound"


class InvalidBoardName(InvalidParameter):
    """A board name that is empty or too long: its own type, so a skin can name it
    apart from other invalid parameters (legacy ``InvalidLightboxName``)."""

    def __init__(self, message: str) -> None:
        super().__init__("name", message)


class CollaboratorNotFound(NotFound):
    """A board was to be shared with a username no customer has."""

    code = "CustomerNotFound"
