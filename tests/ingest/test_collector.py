"""Objects set aside during a run are collected again once it ends."""

from __future__ import annotations

import gc
import weakref

from photobank.ingest.collector import older_objects_set_aside


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def test_garbage_from_before_a_run_is_collected_after_it() -> None:
    first, second = _Node(), _Node()
    first.other, second.other = second, first  # a cycle: only the collector frees it
    gone = weakref.ref(first)
    with older_objects_set_aside():
        del first, second
        gc.collect()
        assert gone() is not None  # set aside while the run lasts
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert gone() is None
