"""Every operation of the served document, under schemathesis' stateless phases."""

from __future__ import annotations

from tests.fuzz import plan, runner
from tests.fuzz.conftest import Run


def test_every_operation_answers_within_its_contract(run_phases: Run) -> None:
    schema, outcome = run_phases(plan.STATELESS)
    assert not outcome.findings, outcome.report()
    assert outcome.answered() == runner.operations(schema)
