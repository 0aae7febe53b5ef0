"""Two emulator nodes (the second serving with two workers) over one distributed deployment
are one emulator: rules, journal, clock and resets reach every process."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from photobank.emulator.client import PhotobankEmulator
from tests.multinode.conftest import Cluster, Node

SEARCH = "/v3/search/images/creative"


@pytest.fixture(scope="package")
def emulators(cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Node]]:
    one = cluster.start(tmp_path_factory.mktemp("emulator-1"), PHOTOBANK_MODE="emulator")
    two = cluster.start(
        tmp_path_factory.mktemp("emulator-2"), PHOTOBANK_MODE="emulator", PHOTOBANK_WORKERS="2"
    )
    yield [one, two]


def _control(node: Node) -> PhotobankEmulator:
    assert node.control is not None
    return node.control


@pytest.fixture
def pair(emulators: list[Node]) -> Iterator[list[Node]]:
    _control(emulators[0]).reset()
    yield emulators
    _control(emulators[0]).reset()


def test_a_fault_added_on_one_node_fires_exactly_its_times_over_both(
    cluster: Cluster, pair: list[Node]
) -> None:
    one, two = pair
    rule = _control(one).faults.add(path=f"{SEARCH}*", status=503, times=3)
    statuses = [
        (one, two)[n % 2].get(SEARCH, cluster.api_key, phrase="lake", fields="id").status_code
        for n in range(10)
    ]
    assert statuses.count(503) == 3 and statuses.count(200) == 7
    assert statuses[:3] == [503, 503, 503]  # the next three, whichever node answered
    (seen,) = _control(two).faults.list()
    assert (seen["id"], seen["fired"], seen["remaining"]) == (rule["id"], 3, 0)
    assert len(_control(one).journal.find(path=f"{SEARCH}*", status=503)) == 3


def test_the_journal_of_one_node_shows_what_the_other_answered(
    cluster: Cluster, pair: list[Node]
) -> None:
    one, two = pair
    for node in (two, two, one):
        assert node.get(SEARCH, cluster.api_key, phrase="journal-check").status_code == 200
    found = _control(one).journal.find(query={"phrase": "journal-check"})
    assert [entry["response"]["status"] for entry in found] == [200, 200, 200]
    assert found[0]["client"] is not None  # the caller, looked up on the reading node
    assert [e["id"] for e in found] == sorted(e["id"] for e in found)
    _control(two).journal.verify(count=3, query={"phrase": "journal-check"})
    _control(one).journal.clear()
    assert _control(two).journal.count() == 0


def test_a_clock_set_on_one_node_is_the_time_on_the_other(pair: list[Node]) -> None:
    one, two = pair
    moment = datetime(2031, 5, 4, 3, 2, 1, tzinfo=UTC)
    _control(one).clock.freeze(moment)
    for _ in range(4):  # a connection each: whichever of its workers answers
        state = _control(two).clock.state()
        assert state["frozen"] and state["now"] == moment.isoformat()
    _control(two).clock.advance(days=1)
    assert _control(one).clock.now() == datetime(2031, 5, 5, 3, 2, 1, tzinfo=UTC)
    _control(one).clock.reset()
    assert not _control(two).clock.state()["frozen"]


def test_a_reset_on_one_node_is_seen_by_the_other(cluster: Cluster, pair: list[Node]) -> None:
    one, two = pair
    answer = two.get(SEARCH, cluster.api_key, fields="id,title", page_size=1)
    (image,) = answer.json()["images"]
    edit = httpx.patch(
        f"{two.base}/operator/v1/assets/{image['id']}",
        json={"title": "Edited before the reset"},
        headers={"Authorization": f"Bearer {cluster.operator}"},
    )
    assert edit.status_code == 200, edit.text
    _control(two).faults.add(path="/v3/images/*", status=500)
    _control(two).clock.freeze(datetime(2030, 1, 1, tzinfo=UTC))
    _control(two).validate(True)
    assert _control(one).status()["validation"]
    _control(one).reset()
    for _ in range(2):
        state = _control(two).status()
        assert state["faults"] == 0 and not state["clock"]["frozen"]
        assert not state["validation"] and state["journal"]["count"] == 0
    title = two.get(f"/v3/images/{image['id']}", cluster.api_key, fields="id,title").json()
    assert title["images"][0]["title"] == image["title"]
