"""Board records as the skins see them: plain immutable values."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

NAME_MAX = 200
DESCRIPTION_MAX = 2000
COMMENT_MAX = 2000
MAX_ASSETS_PER_REQUEST = 100
SORT_ORDERS = (
    "date_last_updated_descending",
    "date_last_updated_ascending",
    "name_ascending",
    "name_descending",
)


@dataclass(frozen=True, slots=True)
class Permissions:
    """What one customer may do on one board (Getty's ``can_*`` flags)."""

    can_add_assets: bool = False
    can_remove_assets: bool = False
    can_update_name: bool = False
    can_update_description: bool = False
    can_invite_to_board: bool = False
    can_delete_board: bool = False
    can_add_comment: bool = True

    def granted(self) -> list[str]:
        return [f.name for f in fields(self) if getattr(self, f.name)]

    @classmethod
    def from_granted(cls, names: list[str]) -> Permissions:
        return cls(**{f.name: f.name in names for f in fields(cls)})


OWNER = Permissions(True, True, True, True, True, True, True)
# A collaborator may edit the board's contents; deleting it stays with its owner.
EDITOR = Permissions(True, True, True, True, False, False, True)


@dataclass(frozen=True, slots=True)
class Board:
    """A board as the acting customer sees it (``relationship``: owned | invited).

    ``number`` is the board's lightbox number: the legacy API names boards by
    integers, given in creation order and never reused.
    """

    id: str
    number: int
    owner_id: int
    name: str
    description: str | None
    created_at: datetime
    updated_at: datetime
    asset_count: int
    comment_count: int
    relationship: str
    permissions: Permissions
    hero_asset_id: str | None = None  # the most recently added asset
    hero_added_at: datetime | None = None


# Sharing for review: a collaborator who may only look and comment.
COMMENTER = Permissions()


@dataclass(frozen=True, slots=True)
class Collaborator:
    """A customer a board is shared with, and what they may do on it."""

    customer_id: int
    username: str
    name: str
    permissions: Permissions


@dataclass(frozen=True, slots=True)
class BoardAsset:
    asset_id: str
    added_at: datetime


@dataclass(frozen=True, slots=True)
class BoardPage:
    total: int
    boards: list[Board]


@dataclass(frozen=True, slots=True)
class AddResult:
    added: list[str]
    not_added: list[str]  # unknown to the catalog


@dataclass(frozen=True, slots=True)
class Comment:
    id: int
    board_id: str
    author_id: int
    author_first_name: str
    author_last_name: str
    text: str
    created_at: datetime
    can_delete: bool  # for the acting customer: the author or the board's owner
