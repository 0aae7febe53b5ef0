"""Validation of v3 responses against Getty's OpenAPI document.

OpenAPI 3.0 schemas are turned into JSON Schema (``nullable`` becomes a null
type) and every component is resolvable by ``$ref``.
"""

from __future__ import annotations

import copy
import re
from functools import cache
from typing import Any

import jsonschema

from photobank.api.v3.contract import spec
from photobank.api.v3.fields import EXTENSION_FIELDS

_PLACEHOLDER = re.compile(r"\{[^}]+\}")


def _to_json_schema(node: Any) -> Any:
    if isinstance(node, list):
        return [_to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _to_json_schema(value) for key, value in node.items()}
    if converted.pop("nullable", False):
        if "type" in converted:
            converted["type"] = [converted["type"], "null"]
        elif "$ref" in converted:
            converted = {"anyOf": [{"$ref": converted["$ref"]}, {"type": "null"}]}
    return converted


@cache
def _components() -> dict[str, Any]:
    schemas = copy.deepcopy(spec()["components"]["schemas"])
    return {"components": {"schemas": _to_json_schema(schemas)}}


def _schema_for(ref: str) -> dict[str, Any]:
    document = dict(_components())
    document["$ref"] = ref
    return document


def response_schema_ref(path: str, method: str, status: int) -> str | None:
    shape = _PLACEHOLDER.sub("{}", path)
    for spec_path, operations in spec()["paths"].items():
        if _PLACEHOLDER.sub("{}", spec_path) == shape and method in operations:
            response = operations[method]["responses"].get(str(status), {})
            schema = response.get("content", {}).get("application/json", {}).get("schema")
            return schema["$ref"] if schema and "$ref" in schema else None
    raise AssertionError(f"{method.upper()} {path} is not in the contract")


def validate(body: Any, ref: str) -> None:
    jsonschema.validate(body, _schema_for(ref), cls=jsonschema.Draft7Validator)


def validate_response(path_template: str, method: str, status: int, body: Any) -> None:
    """Validate a v3 JSON body against the contract's schema for that response.

    ``facets`` (documented in the parameters but absent from the result
    schemas) is validated on its own against ``SearchFacetsResponse``;
    photobank's extension fields (``EXTENSION_FIELDS``) are set aside first.
    """
    body = copy.deepcopy(body)
    if isinstance(body, dict) and "facets" in body:
        validate(body.pop("facets"), "#/components/schemas/SearchFacetsResponse")
    if isinstance(body, dict) and isinstance(body.get("images"), list):
        for image in body["images"]:
            for name in EXTENSION_FIELDS:
                image.pop(name, None)
    ref = response_schema_ref(path_template, method, status)
    if ref is not None:
        validate(body, ref)
    if ref == "#/components/schemas/ImagesDetailResults":
        allowed = set(spec()["components"]["schemas"]["ImageDetailFieldValues"]["enum"])
        allowed.add("display_sizes")
        for image in body["images"]:
            assert set(image) <= allowed, set(image) - allowed


@cache
def _path_patterns() -> list[tuple[re.Pattern[str], str]]:
    patterns = []
    for template in spec()["paths"]:
        regex = (
            "^"
            + _PLACEHOLDER.sub("[^/]+", re.escape(template).replace(r"\{", "{").replace(r"\}", "}"))
            + "$"
        )
        patterns.append((re.compile(regex), template))
    # Literal paths first, so /v3/images/creative never matches a {id} template.
    return sorted(patterns, key=lambda p: p[1].count("{"))


def template_for(path: str) -> str | None:
    for pattern, template in _path_patterns():
        if pattern.match(path):
            return template
    return None


def assert_getty_error(response: Any) -> None:
    """A 4xx carrying one of the two error bodies Getty sends: the application's
    ``ErrorCode``/``ErrorMessage`` or the gateway's ``message``."""
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    body = response.json()
    assert (body.get("ErrorCode") and body.get("ErrorMessage")) or body.get("message"), body
