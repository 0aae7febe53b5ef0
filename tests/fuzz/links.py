"""OpenAPI links between board operations, which Getty's contract leaves out.

They let the stateful phase follow one board from its creation: read it,
rename it, add and remove assets, comment, and delete it.
"""

from __future__ import annotations

import copy
from typing import Any

_CREATED = "$response.body#/id"
_SAME_BOARD = "$request.path.board_id"

# (source path, method, status) -> {link name: (target path, method, parameters)}
BOARD_LINKS: dict[tuple[str, str, str], dict[str, tuple[str, str, dict[str, str]]]] = {
    ("/v3/boards", "post", "201"): {
        "GetBoard": ("/v3/boards/{board_id}", "get", {"path.board_id": _CREATED}),
        "UpdateBoard": ("/v3/boards/{board_id}", "put", {"path.board_id": _CREATED}),
        "AddAssets": ("/v3/boards/{board_id}/assets", "put", {"path.board_id": _CREATED}),
        "AddAsset": ("/v3/boards/{board_id}/assets/{asset_id}", "put", {"path.board_id": _CREATED}),
        "GetComments": ("/v3/boards/{board_id}/comments", "get", {"path.board_id": _CREATED}),
        "AddComment": ("/v3/boards/{board_id}/comments", "post", {"path.board_id": _CREATED}),
        "DeleteBoard": ("/v3/boards/{board_id}", "delete", {"path.board_id": _CREATED}),
    },
    ("/v3/boards", "get", "200"): {
        "GetListedBoard": (
            "/v3/boards/{board_id}",
            "get",
            {"path.board_id": "$response.body#/boards/0/id"},
        ),
    },
    ("/v3/boards/{board_id}/assets", "put", "201"): {
        "RemoveAddedAssets": (
            "/v3/boards/{board_id}/assets",
            "delete",
            {
                "path.board_id": _SAME_BOARD,
                "query.asset_ids": "$response.body#/assets_added/0/asset_id",
            },
        ),
        "GetBoardWithAssets": ("/v3/boards/{board_id}", "get", {"path.board_id": _SAME_BOARD}),
    },
    ("/v3/boards/{board_id}/assets/{asset_id}", "put", "201"): {
        "RemoveAddedAsset": (
            "/v3/boards/{board_id}/assets/{asset_id}",
            "delete",
            {"path.board_id": _SAME_BOARD, "path.asset_id": "$request.path.asset_id"},
        ),
    },
    ("/v3/boards/{board_id}/comments", "post", "201"): {
        "DeleteComment": (
            "/v3/boards/{board_id}/comments/{comment_id}",
            "delete",
            {"path.board_id": _SAME_BOARD, "path.comment_id": _CREATED},
        ),
    },
}


def _operation_ref(path: str, method: str) -> str:
    return "#/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method


def with_board_links(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``document`` whose board responses carry ``BOARD_LINKS``."""
    linked = copy.deepcopy(document)
    for (path, method, status), links in BOARD_LINKS.items():
        response = linked["paths"][path][method]["responses"][status]
        response["links"] = {
            name: {"operationRef": _operation_ref(target, verb), "parameters": parameters}
            for name, (target, verb, parameters) in links.items()
        }
    return linked
