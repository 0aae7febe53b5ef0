"""The generator's vocabulary: moods as every SDK version writes them, sizes, asset ids."""

from __future__ import annotations

import pytest

from photobank.errors import InvalidParameter
from photobank.generation.models import media_type_named, mood_named, split_asset_id


@pytest.mark.parametrize("given", ["black_and_white", "BlackAndWhite", "BLACK_AND_WHITE"])
def test_moods_match_whatever_the_case_and_underscores(given: str) -> None:
    assert mood_named(given) == "black_and_white"


def test_unknown_mood_and_media_type_name_their_field() -> None:
    with pytest.raises(InvalidParameter) as mood:
        mood_named("sleepy")
    assert mood.value.parameter == "mood" and "dramatic" in mood.value.message
    with pytest.raises(InvalidParameter) as media:
        media_type_named("video")
    assert media.value.parameter == "media_type"
    assert media_type_named("Illustration") == "illustration" and mood_named(None) is None


def test_generated_asset_ids_name_their_generation_and_image() -> None:
    assert split_asset_id("A6503762-4A4B-4434-8445-2C1335A95A78-2") == (
        "A6503762-4A4B-4434-8445-2C1335A95A78",
        2,
    )
    assert split_asset_id("nothing") is None and split_asset_id("x-") is None
