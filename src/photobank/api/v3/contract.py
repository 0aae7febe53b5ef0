"""Getty's own OpenAPI document, packaged, as the single source of wire vocabulary.

Enum values of parameters and the property lists of response items are read
from the contract rather than retyped, so the skin cannot drift from it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import orjson

SPEC_PATH = Path(__file__).with_name("getty-v3-openapi.json")
# Getty's AI generator operations, which the published file lacks: kept apart so
# Getty's own document stays as published, and merged into every use of it.
AI_SPEC_PATH = Path(__file__).with_name("ai-generator-openapi.json")


@cache
def spec() -> dict[str, Any]:
    """Getty's document with the AI generator's paths, schemas and enum values added."""
    document: dict[str, Any] = orjson.loads(SPEC_PATH.read_bytes())
    added: dict[str, Any] = orjson.loads(AI_SPEC_PATH.read_bytes())
    document["paths"].update(added["paths"])
    schemas = document["components"]["schemas"]
    schemas.update(added["components"]["schemas"])
    for name, values in added["enums"].items():
        schemas[name]["enum"] = [*schemas[name]["enum"], *values]
    return document


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = spec()["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


@cache
def parameter_enum(path: str, name: str) -> tuple[str, ...]:
    """The allowed values of a GET operation's parameter (for arrays: of its items)."""
    for parameter in spec()["paths"][path]["get"]["parameters"]:
        if parameter["name"] == name:
            schema = _resolve(parameter["schema"])
            if schema.get("type") == "array":
                schema = _resolve(schema["items"])
            return tuple(schema["enum"])
    raise KeyError(f"{path} has no parameter {name}")


@cache
def schema_properties(name: str) -> frozenset[str]:
    """Property names of a component schema."""
    return frozenset(spec()["components"]["schemas"][name]["properties"])
