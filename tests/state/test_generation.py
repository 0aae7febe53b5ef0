"""The shared generation: a change made elsewhere is noticed once, one's own never."""

from __future__ import annotations

from pathlib import Path

from photobank.state.generation import FileGeneration


def test_another_process_bump_is_noticed_once_and_ones_own_is_not(tmp_path: Path) -> None:
    here, there = FileGeneration(tmp_path / "g"), FileGeneration(tmp_path / "g")
    assert not here.stale() and not there.stale()
    there.bump()
    assert not there.stale()  # its own change is already in its caches
    assert here.stale() and not here.stale()
    here.bump()
    there.bump()  # both changed: each must catch up with the other
    assert here.stale() and there.stale()
    here.close()
    there.close()


def test_a_bump_by_someone_else_between_ones_own_is_not_missed(tmp_path: Path) -> None:
    here, there = FileGeneration(tmp_path / "g"), FileGeneration(tmp_path / "g")
    there.bump()
    here.bump()  # here has not caught up with there's change: still stale afterwards
    assert here.stale()
    assert not here.stale()


def test_a_reopened_file_keeps_counting(tmp_path: Path) -> None:
    first = FileGeneration(tmp_path / "g")
    first.bump()
    first.bump()
    first.close()
    again, other = FileGeneration(tmp_path / "g"), FileGeneration(tmp_path / "g")
    other.bump()
    assert again.stale()
