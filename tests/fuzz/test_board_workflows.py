"""Board workflows under schemathesis' stateful phase, following ``links.BOARD_LINKS``."""

from __future__ import annotations

from tests.fuzz import plan
from tests.fuzz.conftest import Run


def test_board_workflows_answer_within_the_contract(run_phases: Run) -> None:
    _schema, outcome = run_phases(plan.STATEFUL)
    assert not outcome.findings, outcome.report()
    succeeded = {label for label, status in outcome.answers if status < 300}
    assert {
        "POST /v3/boards",
        "GET /v3/boards/{board_id}",
        "PUT /v3/boards/{board_id}",
    } <= succeeded
    assert {"PUT /v3/boards/{board_id}/assets", "DELETE /v3/boards/{board_id}"} <= succeeded
