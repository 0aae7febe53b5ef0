"""Board workflows under schemathesis' stateful phase, following ``links.BOARD_LINKS``."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from tests.fuzz import plan, runner


@pytest.mark.filterwarnings(
    "ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning"
)
def test_board_workflows_answer_within_the_contract(
    fuzz_app: Starlette, customer_headers: dict[str, str], catalog_ids: plan.CatalogIds
) -> None:
    schema = runner.load(fuzz_app, plan.config(customer_headers, catalog_ids, plan.STATEFUL))
    outcome = runner.run(schema)
    assert not outcome.findings, outcome.report()
    followed = {label for label, status in outcome.answers if status < 300}
    assert {"POST /v3/boards", "GET /v3/boards/{board_id}", "PUT /v3/boards/{board_id}"} <= followed
    assert {"PUT /v3/boards/{board_id}/assets", "DELETE /v3/boards/{board_id}"} <= followed
