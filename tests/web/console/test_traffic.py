"""Traffic over the last hour: the bounded per-minute aggregate and the console's charts."""

from __future__ import annotations

import re

from photobank.web.console.traffic import CELL_BYTES, MAX_ROUTES, MINUTES, OTHER, Traffic
from tests.web.console.conftest import Console


class Ticking:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_figures_per_minute_and_per_route() -> None:
    clock = Ticking()
    traffic = Traffic("/console/", clock)
    for _ in range(98):
        traffic.record("/v3/search/images", 0.002)
    traffic.record("/v3/search/images", 0.9)
    traffic({"path": "/v3/search/images"}, 403, 0.9)
    traffic.throttled_one("qps")
    traffic({"path": "/console/traffic"}, 200, 0.1)  # the console's own: not counted
    clock.now += 60
    traffic.record("/v3/images/{id}", 0.010)
    minutes = traffic.minutes()
    assert len(minutes) == MINUTES and [m.requests for m in minutes[-2:]] == [100, 1]
    assert minutes[-2].throttled == 1
    search, image = traffic.routes()
    assert (search.route, search.requests) == ("/v3/search/images", 100)
    assert 2 <= search.p50_ms < 3 and 900 <= search.p99_ms < 1400
    assert image.requests == 1 and 10 <= image.p99_ms < 16
    clock.now += 60 * MINUTES
    assert traffic.routes() == [] and sum(m.requests for m in traffic.minutes()) == 0


def test_memory_is_bounded_however_many_routes_and_minutes() -> None:
    clock = Ticking()
    traffic = Traffic("/console/", clock)
    for minute in range(3 * MINUTES):
        for route in range(4 * MAX_ROUTES):
            traffic.record(f"/r/{minute}/{route}", 0.001)
        traffic.throttled_one("daily")
        clock.now += 60
        assert traffic.weight <= MINUTES * ((MAX_ROUTES + 1) * CELL_BYTES + 100)
    assert OTHER in {r.route for r in traffic.routes()}


def test_the_traffic_page_charts_what_was_asked(console: Console) -> None:
    console.services.accounts.create_client("slow app", api_key="slow", secret="s", qps_limit=1)
    api = console.visitor()
    answers = [api.get("/v3/search/images", headers={"Api-Key": "slow"}) for _ in range(3)]
    assert [a.status_code for a in answers].count(403) >= 1  # the clock stands still
    operator = console.operator()
    page = operator.get("/console/traffic").text
    total = re.search(r'id="traffic-total">([\d,]+) requests, ([\d,]+) throttled', page)
    assert total and int(total.group(1)) >= 4 and int(total.group(2)) >= 1
    assert '<svg class="chart" id="rps-chart"' in page and "<polyline" in page
    assert "<code>/v3/search/images</code>" in page and "<rect" in page
    assert (
        "/console/"
        not in re.sub(r"<(header|footer).*?</\1>", "", page, flags=re.S).split('id="routes"')[1]
    )  # the console's own pages are not counted


def test_unrouted_paths_are_folded_to_a_few_routes() -> None:
    from photobank.web.console.traffic import route_of

    assert route_of({"path": "/v3/search/images"}) == "/v3/search/images"
    assert route_of({"path": "/v3/images/100000001"}) == "/v3/images/{id}"
    assert route_of({"path": "/media/display/comp/100000001.jpg/x/y"}) == "/media/display/comp/{id}"
