"""Field sets and what each endpoint may return."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from photobank.api.v3.contract import parameter_enum
from photobank.api.v3.fields import (
    DISPLAY_SIZE_FIELDS,
    EXTENSION_FIELDS,
    TOKEN_FIELDS,
    Endpoint,
    plan_fields,
)
from photobank.api.v3.projection import _PROJECTORS
from tests.properties import bounded

CREATIVE = Endpoint("/v3/search/images/creative", "ImageSearchItemCreative", "search")
EDITORIAL = Endpoint("/v3/search/images/editorial", "ImageSearchItemEditorial", "search")
DETAIL = Endpoint("/v3/images/{id}", None, "detail")


def test_summary_set_is_the_default() -> None:
    assert plan_fields(CREATIVE, None, False) == plan_fields(CREATIVE, ("summary_set",), False)


def test_search_summary_set_has_a_thumb() -> None:
    plan = plan_fields(CREATIVE, None, False)
    assert plan.display_sizes == ("thumb",)
    assert "display_sizes" in plan.properties
    assert "title" in plan.properties and "id" in plan.properties


def test_single_fields_give_only_those_plus_id() -> None:
    plan = plan_fields(CREATIVE, ("title",), False)
    assert plan.properties == ("id", "title")
    assert plan.display_sizes == ()


def test_sets_and_fields_mix() -> None:
    plan = plan_fields(EDITORIAL, ("detail_set", "display_set", "people"), False)
    assert plan.display_sizes == ("comp", "preview", "thumb")
    assert {"people", "event_ids", "editorial_segments"} <= set(plan.properties)


def test_fields_outside_the_item_schema_are_not_emitted() -> None:
    plan = plan_fields(CREATIVE, ("detail_set",), False)
    assert "event_ids" not in plan.properties  # not a property of ImageSearchItemCreative


def test_licensing_fields_need_a_token() -> None:
    assert "download_sizes" not in plan_fields(DETAIL, ("detail_set",), False).properties
    assert "download_sizes" in plan_fields(DETAIL, ("detail_set",), True).properties


def test_every_requestable_field_can_be_projected() -> None:
    for endpoint in (CREATIVE, EDITORIAL, DETAIL):
        names = parameter_enum(endpoint.path, "fields")
        plan = plan_fields(endpoint, names, True)
        missing = set(plan.properties) - set(_PROJECTORS) - {"display_sizes"}
        assert not missing, (endpoint.path, missing)


_ENDPOINTS = (
    CREATIVE,
    EDITORIAL,
    DETAIL,
    Endpoint("/v3/search/images", "ImageSearchItem", "search"),
    Endpoint("/v3/search/videos/creative", "CreativeVideoSearchItem", "video_search"),
    Endpoint("/v3/videos/{id}", None, "video_detail"),
)


@bounded(300)
@given(data=st.data())
def test_any_requested_fields_make_a_plan_the_item_can_hold(data: st.DataObject) -> None:
    endpoint = data.draw(st.sampled_from(_ENDPOINTS))
    vocabulary = parameter_enum(endpoint.path, "fields") + EXTENSION_FIELDS
    names = st.sampled_from(vocabulary) | st.text(max_size=12)
    requested = data.draw(st.none() | st.lists(names, max_size=12).map(tuple))
    with_token = data.draw(st.booleans())
    plan = plan_fields(endpoint, requested, with_token)
    assert "id" in plan.properties and list(plan.properties) == sorted(plan.properties)
    assert set(plan.properties) <= endpoint.allowed_output | {"id"}
    assert with_token or not TOKEN_FIELDS & set(plan.properties)
    assert set(plan.display_sizes) <= set(DISPLAY_SIZE_FIELDS)
