"""Settings refuse values that could only fail later, with the reason."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from photobank.config import Settings


def test_a_rights_url_template_names_only_the_base_and_the_asset_id() -> None:
    custom = Settings(rights_url_template="https://rights.example/{asset_id}?from={base}")
    assert (
        custom.rights_url_template.format(base="b", asset_id="7")
        == "https://rights.example/7?from=b"
    )
    for bad in ("{base}/licence/{customer}", "{base}/licence/{", "{}/x", "{asset_id[0]}"):
        with pytest.raises(ValidationError, match="rights_url_template"):
            Settings(rights_url_template=bad)
