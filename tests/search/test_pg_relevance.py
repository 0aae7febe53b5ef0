"""Best match on PostgreSQL weighs field lengths as tantivy's BM25 does."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from photobank.catalog.repository import CatalogRepository
from photobank.search._pg_relevance import bm25
from photobank.search.postgres_backend import PostgresSearchBackend
from photobank.search.query import SearchQuery
from photobank.search.tantivy_backend import TantivySearchBackend
from tests import deployment
from tests.search.conftest import HEAP, make_asset, retitle

AVERAGES = (6.0, 10.0, 4.0, 20.0)  # title, keywords, people-places-events, caption


def test_a_match_in_a_shorter_field_scores_higher() -> None:
    title = {"lighthous": [1, 0, 0, 0]}
    short, long = (bm25([("lighthous",)], title, (n, 0, 0, 0), AVERAGES) for n in (2, 9))
    assert short > long > 0
    in_caption = bm25([("lighthous",)], {"lighthous": [0, 0, 0, 1]}, (0, 0, 0, 2), AVERAGES)
    assert in_caption < long  # the title weighs three times the caption
    assert bm25([("lighthous",)], {}, (2, 0, 0, 0), AVERAGES) == 0.0


def test_a_quoted_phrase_counts_as_often_as_its_rarest_word() -> None:
    found = {"red": [2, 0, 0, 0], "lighthous": [1, 0, 0, 0]}
    phrase = bm25([("red", "lighthous")], found, (5, 0, 0, 0), AVERAGES)
    assert phrase == bm25([("lighthous",)], found, (5, 0, 0, 0), AVERAGES)


distributed = pytest.mark.skipif(
    not deployment.DISTRIBUTED, reason="PostgreSQL search runs in the distributed deployment"
)


@distributed
def test_shorter_titles_come_first_as_on_tantivy(
    repository: CatalogRepository, tmp_path: Path
) -> None:
    titles = [
        "Lighthouse on the rocky cliff at dawn in the winter fog",
        "Lighthouse at dawn",
        "Lighthouse",
        "Old red lighthouse on the cliff",
        "Lighthouse keeper's cottage by the sea",
    ]
    popular = [make_asset("4000", titles[0], popularity=200)]  # the long title, more popular
    repository.save_assets(
        [*popular, *(make_asset(f"40{n:02}", title) for n, title in enumerate(titles[1:], 1))]
    )
    node = PostgresSearchBackend(repository.engine, repository)
    embedded = TantivySearchBackend(tmp_path / "tantivy", repository, build_heap=HEAP)
    try:
        pages = [SearchQuery(phrase="lighthouse", offset=n, limit=2) for n in (0, 2, 4)]
        got = [node.search(page).ids for page in pages]
        assert got == [embedded.search(page).ids for page in pages]
        assert got[0] == ["4002", "4001"]  # "Lighthouse", "Lighthouse at dawn"
        assert got[2] == ["4000"]  # the popular long title last
    finally:
        node.close()
        embedded.close()


@distributed
def test_the_lengths_kept_follow_every_change(repository: CatalogRepository) -> None:
    node = PostgresSearchBackend(repository.engine, repository)
    repository.save_assets([make_asset("4100", "Okapi in the rain forest of the Congo")])
    repository.save_assets([retitle("1002", "Puppy")], "update")
    repository.delete_assets(["1003"])
    node.sync()
    sums = ", ".join(f"sum(field_lengths[{field}])" for field in range(1, 5))
    counted = f"SELECT count(*), {sums} FROM search_documents"
    kept = "SELECT documents, field_length_sums FROM search_state"
    with repository.engine.connect() as conn:
        documents, *lengths = conn.execute(text(counted)).one()
        assert conn.execute(text(kept)).one() == (documents, [int(n) for n in lengths])
    node.close()
