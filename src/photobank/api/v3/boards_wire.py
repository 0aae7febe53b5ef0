"""Board records as v3 documents (``BoardListBoard``, ``BoardDetail``, ``CommentsList``)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any
from urllib.parse import quote

from photobank.api.v3.fields import FieldPlan
from photobank.api.v3.projection_context import ProjectionContext, iso
from photobank.boards.models import Board, BoardAsset, Comment
from photobank.catalog.model import Asset

_DISPLAY = FieldPlan(("display_sizes", "id"), ("comp", "preview", "thumb"))
_BOARD_PERMISSIONS = (
    "can_add_assets", "can_delete_board", "can_invite_to_board", "can_remove_assets",
    "can_update_description", "can_update_name",
)  # fmt: skip


def asset_document(asset: Asset, added_at: datetime, ctx: ProjectionContext) -> dict[str, Any]:
    """Getty's board ``Asset``: its display sizes carry no watermark flag."""
    sizes = ctx.project(asset, _DISPLAY)["display_sizes"]
    return {
        "asset_type": asset.asset_type,
        "date_added": iso(added_at),
        "display_sizes": [{"name": s["name"], "uri": s["uri"]} for s in sizes],
        "id": asset.id,
    }


def list_item(board: Board, hero: Asset | None, ctx: ProjectionContext) -> dict[str, Any]:
    document: dict[str, Any] = {
        "asset_count": board.asset_count,
        "board_relationship": board.relationship,
        "date_created": iso(board.created_at),
        "date_last_updated": iso(board.updated_at),
        "description": board.description,
        "id": board.id,
        "name": board.name,
    }
    if hero is not None and board.hero_added_at is not None:
        document["hero_asset"] = asset_document(hero, board.hero_added_at, ctx)
    return document


def detail(
    board: Board, entries: list[BoardAsset], found: dict[str, Asset], ctx: ProjectionContext
) -> dict[str, Any]:
    granted = asdict(board.permissions)
    return {
        "asset_count": board.asset_count,
        "assets": [
            asset_document(found[e.asset_id], e.added_at, ctx)
            for e in entries
            if e.asset_id in found
        ],
        "comment_count": board.comment_count,
        "date_created": iso(board.created_at),
        "date_last_updated": iso(board.updated_at),
        "description": board.description,
        "id": board.id,
        # Invitations are made through the service (no v3 operation creates one).
        "links": {"invitation": None, "share": f"{ctx.base_url}/v3/boards/{quote(board.id)}"},
        "name": board.name,
        "permissions": {name: granted[name] for name in _BOARD_PERMISSIONS},
    }


def comments_list(board: Board, comments: list[Comment]) -> dict[str, Any]:
    return {
        "comments": [
            {
                "created_by": {"first_name": c.author_first_name, "last_name": c.author_last_name},
                "date_created": iso(c.created_at),
                "id": str(c.id),
                "permissions": {"can_delete_comment": c.can_delete},
                "text": c.text,
            }
            for c in comments
        ],
        "permissions": {"can_add_comment": board.permissions.can_add_comment},
    }
