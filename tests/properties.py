"""What every property test here shares: bounded and deterministic runs.

Derandomized, without an example database, so CI draws the same examples on
every run and in a known time; no deadline, since two cores are shared.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st


def bounded(max_examples: int) -> settings:
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# Values that have broken parsers: signs, overflow, non-ASCII digits, empty list
# elements, control characters, impossible dates, absurd lengths.
TRICKY_TEXT = (
    "", " ", "-1", "-0", "+1", "0", "1", "2147483648", str(2**63), str(2**64), "1e3",
    "NaN", "inf", "1.5", "true", "False", "null", "1,,2", ",", "1,", "\uff11", "\u00b2",
    "\u0661", "\x00", "a\x7fb", "\u2603", "..", "%00", "x" * 5000, "9" * 5000,
    "0001-01-01", "9999-12-31T23:59:59-01:00", "2020-02-30", "2020-01-01T00:00:00+25:00",
    "/Date(99999999999999999)/", "/Date(-1)/",
)  # fmt: skip

tricky_text = st.sampled_from(TRICKY_TEXT) | st.text(max_size=20)
