"""Keyed locks: one lock per key, same key waits, others do not, idle keys vanish."""

from __future__ import annotations

import threading

from photobank.media.locks import KeyedLocks


def test_keyed_locks_are_dropped_when_idle() -> None:
    locks = KeyedLocks()
    with locks.hold("a"), locks.hold("b"):
        assert len(locks) == 2
    assert len(locks) == 0


def test_the_same_key_waits_and_another_does_not() -> None:
    locks = KeyedLocks()
    order: list[str] = []
    inside = threading.Event()
    release = threading.Event()

    def first() -> None:
        with locks.hold("a"):
            inside.set()
            release.wait(2)
            order.append("first")

    def second() -> None:
        with locks.hold("a"):
            order.append("second")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    threads[0].start()
    inside.wait(2)
    threads[1].start()
    with locks.hold("b"):  # another key: no waiting
        order.append("other")
    release.set()
    for thread in threads:
        thread.join()
    assert order == ["other", "first", "second"]
