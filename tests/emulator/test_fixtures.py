"""Fixture documents: parsing, defaults and errors that name the field."""

from __future__ import annotations

import pytest

from photobank.emulator.fixtures import parse_fixture, validate_fixture
from photobank.errors import InvalidParameter


def test_a_bare_list_is_a_list_of_assets_and_numeric_ids_become_text() -> None:
    document = validate_fixture([{"id": 177996097}, {"id": "200261415-001"}])
    assert [a.id for a in document.assets] == ["177996097", "200261415-001"]
    assert document.assets[0].asset_family == "creative"


def test_yaml_dates_and_keyword_forms() -> None:
    document = parse_fixture(
        "assets:\n"
        "  - id: 467073457\n"
        "    date_created: 2014-05-01\n"
        "    keywords: [lake, {text: mountain, type: Subject, relevance: 90}]\n",
        "yaml",
    )
    [asset] = document.assets
    assert asset.date_created is not None and asset.date_created.tzinfo is not None
    assert len(asset.keywords) == 2


@pytest.mark.parametrize(
    ("document", "where"),
    [
        ({"assets": [{"id": "1"}, {"id": "2", "width": 0}]}, "assets[1].width"),
        ({"assets": [{"id": "12a"}]}, "assets[0].id"),
        ({"assets": [{"id": "1", "orientation": "round"}]}, "assets[0].orientation"),
        ({"assets": [{"id": "1", "ages": ["ancient"]}]}, "assets[0].ages[0]"),
        ({"assets": [{"id": "1", "keywords": [{"txt": "a"}]}]}, "assets[0].keywords[0]"),
        ({"clients": [{"api_key": "k"}]}, "clients[0].api_secret"),
        ({"assets": [{"id": "1"}, {"id": "1"}]}, "assets"),
        ({"things": []}, "things"),
    ],
)
def test_mistakes_name_the_field(document: object, where: str) -> None:
    with pytest.raises(InvalidParameter) as caught:
        validate_fixture(document)
    assert caught.value.message.startswith(where)


@pytest.mark.parametrize(("text", "fmt"), [("{not json", "json"), ("a: [b", "yaml"), ("3", "yaml")])
def test_unreadable_documents_are_clear_errors(text: str, fmt: str) -> None:
    with pytest.raises(InvalidParameter):
        parse_fixture(text, fmt)
