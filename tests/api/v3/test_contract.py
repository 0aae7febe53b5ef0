"""The wire vocabulary read from Getty's document rather than retyped."""

from __future__ import annotations

import pytest

from photobank.api.v3.contract import parameter_enum, schema_properties, spec


def test_a_parameters_allowed_values_come_from_its_schema_or_its_items() -> None:
    assert "best_match" in parameter_enum("/v3/search/images", "sort_order")
    styles = parameter_enum("/v3/search/images", "graphical_styles")  # an array of an enum
    assert {"photography", "illustration", "vector"} <= set(styles)


def test_a_parameter_the_operation_lacks_is_a_key_error_naming_it() -> None:
    with pytest.raises(KeyError, match="/v3/search/images has no parameter shoe_size"):
        parameter_enum("/v3/search/images", "shoe_size")


def test_a_schemas_properties_are_its_declared_names() -> None:
    assert schema_properties("BoardInfo") == {"name", "description"}
    assert schema_properties("PremiumAccessDownloadData") == {"download_notes", "project_code"}


def test_the_document_is_read_once() -> None:
    assert spec() is spec()
    assert "/v3/search/images" in spec()["paths"]
