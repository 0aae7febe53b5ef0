"""The PostgreSQL backend: shared by every node, in step with the store, and answering
as the embedded tantivy index does over the same demo catalog (distributed run only)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from photobank.catalog.repository import CatalogRepository
from photobank.clock import ManualClock
from photobank.demo.generator import build_demo_catalog
from photobank.search._documents import id_hashes
from photobank.search.postgres_backend import PostgresSearchBackend
from photobank.search.query import FACET_FIELDS, SearchQuery, SetFilter
from photobank.search.tantivy_backend import TantivySearchBackend
from photobank.store.engine import make_engine
from photobank.store.migrate import upgrade
from tests import deployment
from tests.search.conftest import (
    ASSETS,
    COLLECTIONS,
    EVENTS,
    HEAP,
    KEYWORDS,
    LOCATIONS,
    PEOPLE,
    found,
    make_asset,
    retitle,
)

pytestmark = pytest.mark.skipif(
    not deployment.DISTRIBUTED, reason="PostgreSQL search runs in the distributed deployment"
)

DEMO_ASSETS = 400


def _store(directory: Path) -> CatalogRepository:
    engine = make_engine(deployment.deployed(data_dir=directory).db_url)
    upgrade(engine)
    return CatalogRepository(engine, ManualClock())


@pytest.fixture
def repository(tmp_path: Path) -> Iterator[CatalogRepository]:
    repo = _store(tmp_path)
    repo.add_reference(
        collections=COLLECTIONS, keywords=KEYWORDS, people=PEOPLE, locations=LOCATIONS,
        events=EVENTS,
    )  # fmt: skip
    repo.save_assets(ASSETS)
    yield repo
    repo.engine.dispose()


@pytest.fixture
def node(repository: CatalogRepository) -> Iterator[PostgresSearchBackend]:
    opened = PostgresSearchBackend(repository.engine, repository)
    yield opened
    opened.close()


# -- one table for every node ---------------------------------------------------


def test_every_node_sees_one_nodes_sync(
    node: PostgresSearchBackend, repository: CatalogRepository
) -> None:
    other = PostgresSearchBackend(repository.engine, repository)
    repository.save_assets([make_asset("2001", "Giraffe at sunrise")])
    assert node.sync() == 1
    assert other.sync() == 0  # the state is shared: nothing left to apply
    assert found(other, phrase="giraffe") == {"2001"}
    repository.save_assets([retitle("1002", "Puppy running on the beach")], "update")
    repository.delete_assets(["1010"])
    assert other.sync() == 2
    assert found(node, phrase="puppy") == {"1002"}
    assert found(node, phrase="beach") == {"1002"}  # replaced, not duplicated
    assert found(node, phrase="stand") == set()
    assert node.keyword_counts()[3] == 1  # "dog": 1002 still, 1010 gone


def test_totals_and_facets_kept_from_before_follow_every_nodes_changes(
    node: PostgresSearchBackend, repository: CatalogRepository
) -> None:
    other = PostgresSearchBackend(repository.engine, repository)
    first_page = SearchQuery(phrase="mountain", limit=1, facet_fields=("artists",))
    second_page = dataclasses.replace(first_page, offset=1, facet_fields=())
    before = node.search(first_page)
    assert before.total == node.search(second_page).total == 4  # 1001, 1003, 1007, 1008
    assert node.search(first_page).facets == before.facets
    repository.save_assets([make_asset("2004", "Mountain goat", artist="Eve Falk")])
    assert other.sync() == 1  # another node applies the change
    after = node.search(first_page)
    assert after.total == node.search(second_page).total == 5
    assert ("Eve Falk", 1) in [(v.key, v.count) for v in after.facets["artists"]]
    repository.delete_assets(["1003"])
    other.sync()
    assert node.search(second_page).total == 4
    other.close()


def test_reopening_catches_up_and_another_version_is_rebuilt(
    node: PostgresSearchBackend, repository: CatalogRepository
) -> None:
    node.close()
    repository.save_assets([make_asset("2002", "Zebra crossing")])
    repository.delete_assets(["1001"])
    reopened = PostgresSearchBackend(repository.engine, repository)
    assert found(reopened, phrase="zebra") == {"2002"}
    assert found(reopened, phrase="snowy") == set()
    with repository.engine.begin() as conn:
        conn.execute(text("UPDATE search_state SET schema_version = -1"))
        conn.execute(text("DELETE FROM search_documents"))
    rebuilt = PostgresSearchBackend(repository.engine, repository)
    assert rebuilt.doc_count == len(ASSETS)  # +2002 -1001
    assert found(rebuilt, phrase="zebra") == {"2002"}


def test_spelling_follows_the_catalog(
    node: PostgresSearchBackend, repository: CatalogRepository
) -> None:
    assert node.suggest("snowy mountian lkae") == "snowy mountain lake"
    repository.save_assets([make_asset("2003", "Okapi in the forest")])
    node.sync()
    assert node.suggest("okapu") == "okapi"
    repository.delete_assets(["2003"])
    node.sync()
    assert node.suggest("okapu") is None  # no asset says okapi any more


def test_refresh_rereads_a_restored_store(
    node: PostgresSearchBackend, repository: CatalogRepository
) -> None:
    with repository.engine.begin() as conn:
        conn.execute(text("UPDATE assets SET title = 'Walrus on ice' WHERE id = '1003'"))
    node.refresh(["1003"])
    assert found(node, phrase="walrus") == {"1003"}
    assert node.sync() == 0


@pytest.mark.parametrize(
    "fields",
    [
        {"artists": frozenset({"o'brien \\ \x00 'x"})},
        {"collection_codes": SetFilter(frozenset({"'; DROP TABLE assets; --"}))},
        {"specific_people": frozenset({"a" * 5000})},
        {"phrase": "'\\' ''' \\\\ & | ! <-> :*"},
    ],
)
def test_odd_filter_values_find_nothing_without_error(
    node: PostgresSearchBackend, fields: dict[str, Any]
) -> None:
    result = node.search(SearchQuery(**fields, facet_fields=FACET_FIELDS))
    assert result.total == len(result.ids)


def test_tied_hits_keep_their_order_whatever_the_tables_history(
    node: PostgresSearchBackend, repository: CatalogRepository
) -> None:
    """Equal matches rank by popularity, then as tantivy breaks ties (by an id hash),
    however the rows were last written: every page is the same after re-saving them."""
    tied = [make_asset(f"30{n:02}", "Lighthouse on the cliff") for n in range(40)]
    popular = make_asset("3100", "Lighthouse on the cliff", popularity=5_000)
    repository.save_assets([*tied, popular])
    node.sync()
    by_hash = sorted((a.id for a in tied), key=lambda i: id_hashes(i)[0], reverse=True)
    expected = [popular.id, *by_hash]
    queries = [
        SearchQuery(phrase="lighthouse", offset=offset, limit=limit)
        for offset, limit in ((0, 3), (3, 5), (17, 20), (38, 5))
    ]
    pages = [node.search(query).ids for query in queries]
    assert pages == [expected[q.offset : q.offset + q.limit] for q in queries]
    queries += [dataclasses.replace(q, sort_order="newest") for q in queries]  # one date
    pages = [node.search(query).ids for query in queries]
    for resaved in (tied[::-1], tied[::7]):
        repository.save_assets(resaved, "update")  # unchanged, but written anew
        node.sync()
        assert [node.search(query).ids for query in queries] == pages


# -- the same answers as tantivy ------------------------------------------------


@dataclass(frozen=True)
class Both:
    embedded: TantivySearchBackend
    distributed: PostgresSearchBackend
    repository: CatalogRepository


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Both]:
    """Both backends over one demo catalog in PostgreSQL."""
    directory = tmp_path_factory.mktemp("parity")
    repo = _store(directory)
    build_demo_catalog(repo, assets=DEMO_ASSETS, seed=7, signatures=False)
    pair = Both(
        TantivySearchBackend(directory / "index", repo, build_heap=HEAP),
        PostgresSearchBackend(repo.engine, repo),
        repo,
    )
    yield pair
    pair.embedded.close()
    pair.distributed.close()
    repo.engine.dispose()


def _parity_queries(embedded: TantivySearchBackend) -> list[SearchQuery]:
    everything = embedded.search(SearchQuery(limit=1, facet_fields=FACET_FIELDS)).facets
    artist = everything["artists"][0].key.lower()
    event = int(everything["events"][0].key) if everything["events"] else 0
    person = everything["specific_people"][0].key if everything["specific_people"] else "0"
    return [
        SearchQuery(),
        SearchQuery(asset_type="video"),
        SearchQuery(asset_families=frozenset({"editorial"})),
        SearchQuery(
            license_models=frozenset({"royaltyfree"}), orientations=frozenset({"vertical"})
        ),
        SearchQuery(number_of_people=frozenset({"one", "two"}), exclude_nudity=True),
        SearchQuery(artists=frozenset({artist})),
        SearchQuery(event_ids=frozenset({event})),
        SearchQuery(phrase=person),
        SearchQuery(date_from=datetime(2015, 1, 1, tzinfo=UTC), date_to=datetime(2020, 6, 30)),
        SearchQuery(minimum_size="large", embed_content_only=True),
        SearchQuery(minimum_quality_rank=1, exclude_editorial_use_only=True),
        SearchQuery(color="1e90ff"),
        SearchQuery(graphical_styles=SetFilter(frozenset({"photography"}), exclude=True)),
        SearchQuery(phrase="mountain"),
        SearchQuery(phrase="people -city"),
        SearchQuery(phrase="portrait woman", asset_families=frozenset({"creative"})),
        SearchQuery(phrase="zzzz nothing"),
    ]


def test_totals_and_facets_match_tantivy(both: Both) -> None:
    for query in _parity_queries(both.embedded):
        query = dataclasses.replace(query, facet_fields=FACET_FIELDS, limit=5)
        want, got = both.embedded.search(query), both.distributed.search(query)
        assert (got.total, got.facets) == (want.total, want.facets), query


@pytest.mark.parametrize("sort_order", ["best_match", "most_popular", "newest", "oldest", "random"])
@pytest.mark.parametrize("offset", [0, 150])
def test_unranked_orders_match_tantivy_page_for_page(
    both: Both, sort_order: str, offset: int
) -> None:
    for phrase in ("", "-city"):
        query = SearchQuery(phrase=phrase, sort_order=sort_order, offset=offset, limit=60)
        assert both.distributed.search(query).ids == both.embedded.search(query).ids


def test_distinctive_phrases_find_the_same_assets(both: Both) -> None:
    embedded, distributed = both.embedded, both.distributed
    assets = embedded.search(SearchQuery(sort_order="most_popular", limit=12)).ids
    for asset in both.repository.get_assets(assets).values():
        for phrase in (f'"{asset.title}"', asset.title):
            query = SearchQuery(phrase=phrase, limit=10)
            want, got = embedded.search(query), distributed.search(query)
            assert got.total == want.total, phrase
            if want.total <= 10:  # every hit on the page: the same ones, whatever the ranks
                assert asset.id in got.ids
                assert set(got.ids) == set(want.ids), phrase
    related = SearchQuery(phrase="mountain")
    assert distributed.related_phrases(related, 5) == embedded.related_phrases(related, 5)
    assert distributed.keyword_counts() == embedded.keyword_counts()
