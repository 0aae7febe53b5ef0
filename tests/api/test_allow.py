"""The ``Allow`` header of a 405: every method some route serves at the path."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from photobank.api.allow import allowed_methods
from tests.conftest import ContractClient


def _answer() -> Response:
    return Response()


ROUTES = [
    Route("/v3/things", _answer, methods=["GET"]),
    Route("/v3/things", _answer, methods=["POST"]),
    Route("/v3/things/{id}", _answer, methods=["PUT", "DELETE"]),
]


def test_the_methods_of_every_route_matching_the_path_are_named_once_in_order() -> None:
    assert allowed_methods(ROUTES, "/v3/things") == "GET, HEAD, POST"
    assert allowed_methods(ROUTES, "/v3/things/7") == "DELETE, PUT"
    assert allowed_methods(ROUTES, "/v3/things/7/more") == ""


def test_a_legacy_operation_path_allows_post_alone() -> None:
    assert allowed_methods(ROUTES, "/v1/search/SearchForImages") == "POST"
    assert allowed_methods(ROUTES, "/v1/search/NoSuchOperation") == "POST"


def test_allow_names_the_methods_of_every_route_at_the_path(client: ContractClient) -> None:
    assert client.patch("/v3/boards").headers["Allow"] == "GET, HEAD, POST"
    assert client.post("/v3/boards/b1").headers["Allow"] == "DELETE, GET, HEAD, PUT"
    assert client.get("/v3/asset-changes/change-sets").headers["Allow"] == "PUT"
