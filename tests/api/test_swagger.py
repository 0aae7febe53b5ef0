"""Swagger UI and the served OpenAPI document."""

from __future__ import annotations

from pathlib import Path

from starlette.responses import Response
from starlette.routing import Route
from starlette.testclient import TestClient

from photobank.api.swagger import implemented_document
from photobank.app import create_app
from photobank.composition import build_services
from tests.conftest import ContractClient
from tests.deployment import deployed


def test_swagger_page_loads_its_assets_locally(anonymous: ContractClient) -> None:
    page = anonymous.get("/swagger")
    assert page.status_code == 200
    assert "/swagger/static/swagger-ui-bundle.js" in page.text
    assert "http" not in page.text.split("<script>", 1)[1].split("</script>")[0].replace(
        "/swagger/openapi.json", ""
    )
    # Swagger UI asks an online validator for a badge unless told not to (offline, private).
    assert "validatorUrl: null" in page.text
    bundle = anonymous.get("/swagger/static/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and len(bundle.content) > 100_000


def test_served_document_lists_what_is_implemented(anonymous: ContractClient) -> None:
    document = anonymous.get("/swagger/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert document["servers"] == [{"url": "http://photobank.test"}]
    paths = document["paths"]
    assert {"/v3/search/images/creative", "/v3/images/{id}", "/v3/countries"} <= set(paths)
    assert "/v3/boards/{board_id}/comments" in paths
    assert "/v3/asset-changes/channels" in paths
    token_url = document["components"]["securitySchemes"]["OAuth2"]["flows"]["password"]["tokenUrl"]
    assert token_url == "http://photobank.test/v4/oauth2/token"


def test_operations_not_served_are_not_advertised() -> None:
    async def endpoint(_request: object) -> Response:
        return Response()

    served = [Route("/v3/asset-changes/change-sets/{change_set_id}", endpoint, methods=["DELETE"])]
    document = implemented_document(served, "http://photobank.test")
    assert document["paths"].keys() == {"/v3/asset-changes/change-sets/{change-set-id}"}


def test_served_document_names_the_configured_public_url(tmp_path: Path) -> None:
    public = "https://photos.example.com"
    settings = deployed(data_dir=tmp_path, public_url=public, hash_cost="fast")
    services = build_services(settings)
    try:
        document = TestClient(create_app(settings, services)).get("/swagger/openapi.json").json()
    finally:
        services.close()
    assert document["servers"] == [{"url": public}]
    flows = document["components"]["securitySchemes"]["OAuth2"]["flows"]
    assert flows["password"]["tokenUrl"] == f"{public}/v4/oauth2/token"


def test_authorize_from_a_page_read_over_http_goes_to_the_https_listener(
    tmp_path: Path,
) -> None:
    settings = deployed(data_dir=tmp_path, https_port=8443, hash_cost="fast")
    services = build_services(settings)
    try:
        client = TestClient(create_app(settings, services))
        plain = client.get("http://photobank.test:8080/swagger/openapi.json").json()
        secure = client.get("https://photobank.test:8443/swagger/openapi.json").json()
    finally:
        services.close()
    assert plain["servers"] == [{"url": "http://photobank.test:8080"}]
    for document in (plain, secure):
        flows = document["components"]["securitySchemes"]["OAuth2"]["flows"]
        assert flows["password"]["tokenUrl"] == "https://photobank.test:8443/v4/oauth2/token"
