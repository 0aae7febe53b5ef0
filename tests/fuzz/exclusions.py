"""Where photobank answers differently from the contract on purpose, one row each.

A row excuses one kind of failure on one operation, for one status and error
code naming one parameter; any other failure still fails the run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import orjson
import schemathesis
from schemathesis.core.failures import Failure
from schemathesis.openapi.checks import UndefinedStatusCode


@dataclass(frozen=True, slots=True)
class Exclusion:
    operation: str
    parameter: str
    reason: str
    failure: type[Failure] = UndefinedStatusCode
    status: int = 400
    error_code: str = "InvalidParameterValue"

    def excuses(
        self, failure: Failure, case: schemathesis.Case, response: schemathesis.Response
    ) -> bool:
        if not (
            isinstance(failure, self.failure)
            and case.operation.label == self.operation
            and response.status_code == self.status
        ):
            return False
        try:
            body = orjson.loads(response.content)
        except orjson.JSONDecodeError:
            return False
        message = str(body.get("ErrorMessage", ""))
        named = re.search(rf"'{re.escape(self.parameter)}'", message) is not None
        return named and body.get("ErrorCode") == self.error_code


# Getty answers 400 to "unparsable or misspelled parameters" (v3-behaviour.md §3.3),
# also where its contract lists no 400 response.
_OUT_OF_SCHEMA = "400 for a value outside the parameter's schema; the contract lists no 400"
# Text with control characters matches nothing; photobank refuses it as a bad value.
_CONTROL = "400 for control characters in text; the contract lists no 400"

EXCLUSIONS: tuple[Exclusion, ...] = (
    Exclusion("GET /v3/affiliates/search/images", "style", f"{_OUT_OF_SCHEMA} (enum)"),
    Exclusion("GET /v3/affiliates/search/images", "phrase", _CONTROL),
    Exclusion("GET /v3/affiliates/search/videos", "phrase", _CONTROL),
    # Order ids are positive: a negative one is refused like one that is not an int32.
    Exclusion("GET /v3/orders/{id}", "id", f"{_OUT_OF_SCHEMA}, or negative"),
)


def excused(failure: Failure, case: schemathesis.Case, response: schemathesis.Response) -> bool:
    return any(row.excuses(failure, case, response) for row in EXCLUSIONS)
