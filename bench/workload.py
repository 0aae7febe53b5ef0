"""The benchmark's requests, drawn from the catalog's own vocabulary.

Every case is a list of v3 query strings; the in-process runs turn the very
same strings into :class:`SearchQuery` values with the v3 skin's own parser,
so in-process and HTTP figures measure identical searches.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import Connection, text
from starlette.datastructures import QueryParams

from photobank.api.v3.params import parse_query
from photobank.api.v3.search_params import build_search_query, build_video_query
from photobank.composition import Services
from photobank.search.query import SearchQuery

BLENDED = "/v3/search/images"
EDITORIAL = "/v3/search/images/editorial"
VIDEOS = "/v3/search/videos"
_FAMILY = {BLENDED: None, EDITORIAL: "editorial", VIDEOS: None}
DEEP_PAGE, DEEP_PAGE_SIZE = 30, 100
_WORD = re.compile(r"[A-Za-z]{3,}")
_STOP = frozenset(
    "the and for with from into onto over under during near its his her their our your "
    "this that these those are was were has have had not but all any off out who how "
    "show day night view".split()
)


@dataclass(frozen=True, slots=True)
class Case:
    """One latency case: a v3 search path and one query string per request."""

    key: str
    label: str
    path: str
    params: tuple[dict[str, str], ...]

    def urls(self) -> list[str]:
        return [f"{self.path}?{urlencode(p)}" for p in self.params]

    def queries(self) -> list[SearchQuery]:
        family = _FAMILY[self.path]
        build = build_video_query if self.path == VIDEOS else build_search_query
        return [build(parse_query(self.path, QueryParams(p)), family) for p in self.params]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Words and phrases sampled from the titles of random assets."""

    words: list[str]  # title words, as often as they occur
    common_words: list[str]  # words with enough hits for the deep page
    phrases3: list[str]  # three words of one title, in title order
    editorial_words: list[str]
    image_ids: list[str]  # requested repeatedly: served from the catalog's LRU once warm
    cold_ids: list[str]  # more than a run requests: each one read from the store (images only)


def sample_vocabulary(
    services: Services, seed: int, titles: int = 4000, ids: int = 10_000, cold: int = 60_000
) -> Vocabulary:
    """Titles and ids of random assets (reproducible for a seed and catalog)."""
    rng = random.Random(f"bench-{seed}")
    with services.engine.connect() as conn:
        top = int(conn.execute(text("SELECT max(rowid) FROM assets")).scalar_one())
        rows = _rows(conn, rng, top, titles, "id, title, asset_family")
        id_rows = [
            row[0]
            for row in _rows(conn, rng, top, ids + cold, "id, asset_type")
            if row[1] == "image"  # /v3/images/{id} answers 404 for a video
        ]
    words: list[str] = []
    editorial: list[str] = []
    phrases: list[str] = []
    for _id, title, family in rows:
        tokens = [w.lower() for w in _WORD.findall(title) if w.lower() not in _STOP]
        words.extend(tokens)
        if family == "editorial":
            editorial.extend(tokens)
        if len(tokens) >= 3:
            picked = sorted(rng.sample(range(len(tokens)), 3))
            phrases.append(" ".join(tokens[i] for i in picked))
    distinct = sorted(set(words))
    totals = {w: services.index.search(SearchQuery(phrase=w, limit=1)).total for w in distinct}
    needed = DEEP_PAGE * DEEP_PAGE_SIZE
    common = [w for w in words if totals[w] >= needed]
    return Vocabulary(words, common, phrases, editorial, id_rows[:ids], id_rows[ids:])


def _rows(
    conn: Connection, rng: random.Random, top: int, count: int, columns: str
) -> list[tuple[Any, ...]]:
    rowids = sorted(rng.sample(range(1, top + 1), min(count, top)))
    found: list[tuple[Any, ...]] = []
    for start in range(0, len(rowids), 900):  # SQLite's bound-parameter limit
        chunk = rowids[start : start + 900]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT {columns} FROM assets WHERE rowid IN ({marks})"
        found.extend(conn.exec_driver_sql(sql, tuple(chunk)).all())
    rng.shuffle(found)
    return found


def build_cases(vocab: Vocabulary, count: int, seed: int) -> list[Case]:
    """Cases (a)-(g), ``count`` requests each, phrases drawn with ``seed``; (g) searches
    videos with the one-word phrases of (a)."""
    rng = random.Random(f"bench-cases-{seed}")

    def draw(pool: list[str]) -> list[str]:
        return [rng.choice(pool) for _ in range(count)]

    one, three, common, edit = (
        draw(vocab.words),
        draw(vocab.phrases3),
        draw(vocab.common_words or vocab.words),
        draw(vocab.editorial_words or vocab.words),
    )
    filters = {"orientations": "horizontal", "graphical_styles": "photography"}
    deep = {"page": str(DEEP_PAGE), "page_size": str(DEEP_PAGE_SIZE)}
    return [
        Case("a", "one word", BLENDED, tuple({"phrase": p} for p in one)),
        Case("b", "three words", BLENDED, tuple({"phrase": p} for p in three)),
        Case("c", "word + 2 filters", BLENDED, tuple({"phrase": p, **filters} for p in one)),
        Case(
            "d", "word, newest", BLENDED, tuple({"phrase": p, "sort_order": "newest"} for p in one)
        ),
        Case("e", "deep page 30x100", BLENDED, tuple({"phrase": p, **deep} for p in common)),
        Case(
            "f",
            "editorial facets",
            EDITORIAL,
            tuple({"phrase": p, "include_facets": "true"} for p in edit),
        ),
        Case("g", "video, one word", VIDEOS, tuple({"phrase": p} for p in one)),
    ]


def search_mix(vocab: Vocabulary, count: int, seed: int) -> Case:
    """The throughput mix: blended searches, half one-word, half three-word phrases."""
    rng = random.Random(f"bench-mix-{seed}")
    phrases = [rng.choice(vocab.words if i % 2 else vocab.phrases3) for i in range(count)]
    return Case("mix", "search mix", BLENDED, tuple({"phrase": p} for p in phrases))
