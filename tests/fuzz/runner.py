"""One schemathesis run over the served document, in process, reduced to what it found.

The engine behind ``schemathesis run`` is driven directly, so one test runs
every phase (examples, coverage, fuzzing, stateful) over an app built by
fixtures; ``schemathesis.pytest.from_fixture`` would be the other way in, but it
reads ``Node._nodeid``, which pytest 9.2 no longer has.
"""

from __future__ import annotations

import warnings
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from hypothesis.errors import HypothesisWarning
from schemathesis.core.failures import Failure
from schemathesis.engine import events, from_schema
from schemathesis.engine.recorder import ScenarioRecorder
from starlette.testclient import TestClient

from tests.fuzz.exclusions import excused
from tests.fuzz.links import with_board_links

DOCUMENT = "/swagger/openapi.json"


@dataclass(frozen=True, slots=True)
class Finding:
    operation: str
    problem: str
    detail: str
    reproduce: str
    answer: str = ""

    def __str__(self) -> str:
        lines = (f"{self.operation}: {self.problem}", self.detail, self.answer, self.reproduce)
        return "\n    ".join(line for line in lines if line)


@dataclass(slots=True)
class Outcome:
    findings: dict[tuple[str, str, str], Finding] = field(default_factory=dict)
    # (operation label, status code) -> responses seen
    answers: Counter[tuple[str, int]] = field(default_factory=Counter)

    def add(self, finding: Finding) -> None:
        self.findings.setdefault((finding.operation, finding.problem, finding.detail), finding)

    def answered(self) -> set[str]:
        return {label for label, _status in self.answers}

    def report(self) -> str:
        return "\n".join(str(finding) for finding in self.findings.values())


def filter_failure(
    _context: schemathesis.HookContext,
    failure: Failure,
    case: schemathesis.Case,
    response: schemathesis.Response,
) -> bool:
    """Keep every failure the exclusions table does not excuse."""
    return not excused(failure, case, response)


def load(app: Any, config: schemathesis.Config) -> schemathesis.BaseSchema:
    """The document ``app`` serves, with the board links, bound to ``app``."""
    document = TestClient(app).get(DOCUMENT).json()
    schema = schemathesis.openapi.from_dict(with_board_links(document), config=config)
    schema.app = app
    schema.hook(filter_failure)
    return schema


def operations(schema: schemathesis.BaseSchema) -> set[str]:
    """Labels of the operations the document describes, as schemathesis writes them."""
    return {
        f"{method.upper()} {path}"
        for path, methods in schema.raw_schema["paths"].items()
        for method in methods
    }


def run(schema: schemathesis.BaseSchema) -> Outcome:
    outcome = Outcome()
    with warnings.catch_warnings():
        # Hypothesis warns before it prints a large generated value (a failing case's
        # repr); the report names each request by its curl line instead.
        warnings.filterwarnings("ignore", "Generating overly large repr", HypothesisWarning)
        for event in from_schema(schema).execute():
            _on(event, outcome)
    return outcome


def _on(event: events.EngineEvent, outcome: Outcome) -> None:
    if isinstance(event, events.ScenarioFinished):
        _record(event.recorder, outcome)
    elif isinstance(event, events.NonFatalError):
        detail = f"{type(event.value).__name__}: {event.value}"
        outcome.add(
            Finding(event.label, "unhandled exception", detail, event.info.code_sample or "")
        )
    elif isinstance(event, events.FatalError):
        raise event.exception


def _record(recorder: ScenarioRecorder, outcome: Outcome) -> None:
    for case_id, interaction in recorder.interactions.items():
        if interaction.response is not None:
            label = recorder.cases[case_id].value.operation.label
            outcome.answers[(label, interaction.response.status_code)] += 1
    for case_id, checks in recorder.checks.items():
        label = recorder.cases[case_id].value.operation.label
        interaction = recorder.interactions.get(case_id)
        body = interaction.response.content[:300] if interaction and interaction.response else b""
        for check in checks:
            if check.failure_info is not None:
                failure = check.failure_info.failure
                detail = failure.message.splitlines()[0] if failure.message else ""
                problem = f"{check.name}: {failure.title}"
                reproduce = check.failure_info.code_sample
                outcome.add(
                    Finding(label, problem, detail, reproduce, body.decode(errors="replace"))
                )
