"""Every answer of the golden request sequence is the one recorded (see :mod:`tests.api.golden`)."""

from __future__ import annotations

from tests.api.golden import GOLDEN, load, record


def test_answers_match_the_recorded_ones() -> None:
    expected, answers = load(), record()
    assert len(answers) == len(expected), f"the sequence changed: rerecord {GOLDEN.name}"
    changed = [
        i for i, (got, want) in enumerate(zip(answers, expected, strict=True)) if got != want
    ]
    assert not changed, (
        f"{len(changed)} answers differ; first, request {changed[0]}:\n"
        f"recorded: {expected[changed[0]][:2000]}\nnow:      {answers[changed[0]][:2000]}"
    )
