"""AI request bodies read off the wire: what the .NET SDK sends for unset fields."""

from __future__ import annotations

import pytest

from photobank.api.v3.ai_wire import choices, optional_integer, required_text
from photobank.errors import InvalidParameter


def test_the_sdks_unset_values_count_as_not_given() -> None:
    assert choices({"product_id": 0, "notes": None, "project_code": None}).product_id is None
    assert choices({"product_id": "12"}).product_id == 12
    with pytest.raises(InvalidParameter) as unset_size:
        required_text({"size_name": 0}, "size_name")  # an unset enum goes out as 0
    assert unset_size.value.parameter == "size_name"


@pytest.mark.parametrize("value", [True, -1, 1.5, "1e3", [1], 2**60])
def test_odd_integers_are_refused_naming_the_field(value: object) -> None:
    with pytest.raises(InvalidParameter) as refused:
        optional_integer({"seed": value}, "seed")
    assert refused.value.parameter == "seed"
