"""The byte-bounded LRU every cache is made of."""

from __future__ import annotations

from photobank.lru import ENTRY_OVERHEAD, LruCache, weigh_bytes


def test_entries_never_weigh_more_than_the_budget_and_the_least_used_go_first() -> None:
    cache: LruCache[str, bytes] = LruCache(10_000, weigh_bytes)
    for number in range(100):
        cache.put(f"k{number}", b"v" * 500)
        cache.get("k0")  # kept in use: never the least recently used
        assert cache.weight <= 10_000
    assert cache.get("k0") is not None
    assert cache.get("k1") is None
    assert cache.get("k99") is not None
    assert len(cache) == 10_000 // (500 + 3 + ENTRY_OVERHEAD)


def test_an_entry_heavier_than_a_quarter_of_the_budget_is_not_kept() -> None:
    cache: LruCache[str, bytes] = LruCache(10_000, weigh_bytes)
    cache.put("small", b"s")
    cache.put("huge", b"h" * 3_000)
    assert cache.get("huge") is None
    assert cache.get("small") == b"s"


def test_replacing_discarding_and_clearing_keep_the_weight_true() -> None:
    cache: LruCache[str, bytes] = LruCache(100_000, weigh_bytes)
    cache.put("a", b"1" * 1000)
    cache.put("a", b"2" * 10)
    assert cache.weight == 1 + 10 + ENTRY_OVERHEAD
    cache.put("b", b"3" * 10)
    cache.discard_where(lambda value: value.startswith(b"3"))
    assert cache.get("b") is None and cache.weight == 1 + 10 + ENTRY_OVERHEAD
    cache.discard("a")
    assert cache.weight == 0 and len(cache) == 0
    cache.put("c", b"4")
    cache.clear()
    assert cache.weight == 0 and cache.get("c") is None


def test_many_at_once_are_found_in_order_and_kept_in_use() -> None:
    cache: LruCache[str, bytes] = LruCache(4 * (1 + 1 + ENTRY_OVERHEAD), weigh_bytes)
    for key in "abcd":
        cache.put(key, key.encode())
    assert cache.get_many(["d", "x", "a"]) == [b"d", None, b"a"]
    cache.put("e", b"e")  # b was used least recently
    assert cache.get("b") is None and cache.get("a") == b"a"
