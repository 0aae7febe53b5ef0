"""The values a board operation takes, checked before anything is written."""

from __future__ import annotations

from photobank.boards.errors import InsufficientAccess, InvalidBoardName
from photobank.boards.models import COMMENT_MAX, DESCRIPTION_MAX, NAME_MAX
from photobank.errors import InvalidParameter


def require(allowed: bool, action: str) -> None:
    """Refuse ``action`` unless the customer's permissions allow it."""
    if not allowed:
        raise InsufficientAccess(f"You do not have permission to {action} this board.")


def board_name(value: str) -> str:
    """A board's name, trimmed: required, at most ``NAME_MAX`` characters."""
    name = value.strip() if isinstance(value, str) else ""
    if not name:
        raise InvalidBoardName("A board 'name' is required.")
    if len(name) > NAME_MAX:
        raise InvalidBoardName(f"A board 'name' holds at most {NAME_MAX} characters.")
    return name


def board_description(value: str | None) -> str | None:
    """A board's description: optional, at most ``DESCRIPTION_MAX`` characters."""
    if value is not None and len(value) > DESCRIPTION_MAX:
        raise InvalidParameter(
            "description", f"A board 'description' holds at most {DESCRIPTION_MAX} characters."
        )
    return value


def comment_text(value: str) -> str:
    """A comment's text, trimmed: required, at most ``COMMENT_MAX`` characters."""
    text = value.strip()
    if not text:
        raise InvalidParameter("text", "A comment 'text' is required.")
    if len(text) > COMMENT_MAX:
        raise InvalidParameter("text", f"A comment 'text' holds at most {COMMENT_MAX} characters.")
    return text
