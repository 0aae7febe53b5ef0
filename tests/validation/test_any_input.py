"""Whatever a client or an upstream sends, the checks answer with violations, never an error."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from hypothesis import given, settings
from hypothesis import strategies as st

from photobank.validation.checks import check_request, check_response
from photobank.validation.exchange import Sent

PATHS = st.sampled_from(
    [
        "/v3/search/images/creative",
        "/v3/images/{}",
        "/v3/boards",
        "/v3/boards/{}/assets",
        "/v3/downloads/images/{}",
        "/v1/search/SearchForImages",
        "/v1/lightbox/CreateLightbox",
        "/v2/nothing",
        "/v3/{}",
    ]
)
TEXT = st.text(max_size=30)
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)


@st.composite
def _bodies(draw: st.DrawFn) -> bytes:
    if draw(st.booleans()):
        return draw(st.binary(max_size=60))
    return json.dumps(draw(JSONISH)).encode()  # integers past 64 bits too


@settings(max_examples=100, deadline=None)
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE"]),
    path=PATHS,
    segment=TEXT.filter(lambda s: "/" not in s and "?" not in s),
    query=st.lists(st.tuples(TEXT, TEXT), max_size=4),
    body=_bodies(),
    answer=_bodies(),
    status=st.sampled_from([200, 201, 204, 303, 400, 403, 404, 418, 500, 502]),
)
def test_no_input_breaks_the_checks(
    method: str,
    path: str,
    segment: str,
    query: list[tuple[str, str]],
    body: bytes,
    answer: bytes,
    status: int,
) -> None:
    headers = [(b"content-type", b"application/json"), (b"api-key", b"k")]
    sent = Sent(method, path.format(segment), urlencode(query), headers, body)
    for violation in check_request(sent) + check_response(sent, status, headers, answer):
        assert violation.where and violation.what
