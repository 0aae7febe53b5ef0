"""Every operation of the served document, under schemathesis' stateless phases."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from tests.fuzz import plan, runner


# Hypothesis warns when it prints a large generated value (a failing case's repr); the
# report names the request by its curl line instead.
@pytest.mark.filterwarnings(
    "ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning"
)
def test_every_operation_answers_within_its_contract(
    fuzz_app: Starlette, customer_headers: dict[str, str], catalog_ids: plan.CatalogIds
) -> None:
    schema = runner.load(fuzz_app, plan.config(customer_headers, catalog_ids, plan.STATELESS))
    outcome = runner.run(schema)
    assert not outcome.findings, outcome.report()
    assert outcome.answered() == runner.operations(schema)
