"""Emulator mode from the console: fault rules seen in the journal, the clock, snapshots, reset."""

from __future__ import annotations

import re

from tests.web.console.conftest import Console, post

EMULATOR = "/console/emulator"


def test_a_fault_rule_fails_requests_and_the_journal_shows_them(emulated: Console) -> None:
    operator = emulated.operator()
    added = post(
        operator, EMULATOR, f"{EMULATOR}/faults", path="/v3/search/*", preset="unavailable"
    )
    assert added.status_code == 303
    page = operator.get(EMULATOR).text
    assert "/v3/search/*" in page and "unavailable" in page
    api = emulated.visitor()
    assert api.get("/v3/search/images?phrase=sea").status_code == 503
    assert api.get("/v3/collections").status_code != 503
    journal = operator.get(f"{EMULATOR}/journal", params={"status": "5xx"}).text
    assert "1 request" in journal and "/v3/search/images" in journal
    seq = re.search(r'href="/console/emulator/journal/(\d+)"', journal).group(1)  # type: ignore[union-attr]
    exchange = operator.get(f"{EMULATOR}/journal/{seq}").text
    assert 'id="exchange-status">503<' in exchange and "Service Unavailable" in exchange
    everything = operator.get(f"{EMULATOR}/journal").text
    assert "<code>GET /console/" not in everything  # its own pages are not API traffic
    rule = re.search(r'name="rule" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    post(operator, EMULATOR, f"{EMULATOR}/faults/remove", rule=rule)
    assert api.get("/v3/search/images?phrase=sea").status_code != 503


def test_a_fault_for_every_path_leaves_the_console_working(emulated: Console) -> None:
    operator = emulated.operator()
    post(operator, EMULATOR, f"{EMULATOR}/faults", status="500")
    assert operator.get(EMULATOR).status_code == 200
    assert emulated.visitor().get("/v3/collections").status_code == 500


def test_bad_fault_rules_and_filters_are_readable_400s(emulated: Console) -> None:
    operator = emulated.operator()
    nothing = post(operator, EMULATOR, f"{EMULATOR}/faults", path="/v3/*")
    assert nothing.status_code == 400 and "a fault needs a preset" in nothing.text
    assert post(operator, EMULATOR, f"{EMULATOR}/faults", status="99").status_code == 400
    assert operator.get(f"{EMULATOR}/journal", params={"status": "oops"}).status_code == 400
    assert operator.get(f"{EMULATOR}/journal/999999").status_code == 404


def test_the_clock_is_set_frozen_advanced_and_given_back(emulated: Console) -> None:
    operator = emulated.operator()
    post(operator, EMULATOR, f"{EMULATOR}/clock", action="set", now="2030-01-02T03:04:05")
    post(operator, EMULATOR, f"{EMULATOR}/clock", action="freeze")
    post(operator, EMULATOR, f"{EMULATOR}/clock", action="advance", amount="2", unit="days")
    assert (
        "2030-01-04 03:04:05" in operator.get(EMULATOR).text
        and "frozen" in operator.get(EMULATOR).text
    )
    assert post(operator, EMULATOR, f"{EMULATOR}/clock", action="advance", amount="9" * 12,
                unit="days").status_code == 400  # fmt: skip
    post(operator, EMULATOR, f"{EMULATOR}/clock", action="real")
    assert "2030" not in operator.get(EMULATOR).text.split('id="clock-now"')[1][:80]


def test_snapshots_and_reset(emulated: Console) -> None:
    operator, catalog = emulated.operator(), emulated.services.catalog
    post(operator, EMULATOR, f"{EMULATOR}/snapshots", action="save", name="with-harbour")
    assert "with-harbour" in operator.get(EMULATOR).text
    post(operator, EMULATOR, f"{EMULATOR}/reset")
    assert catalog.get_assets([emulated.asset_id]) == {}  # uploaded after start-up
    post(operator, EMULATOR, f"{EMULATOR}/snapshots", action="restore", name="with-harbour")
    assert catalog.get_assets([emulated.asset_id])
    post(operator, EMULATOR, f"{EMULATOR}/snapshots", action="delete", name="with-harbour")
    assert "with-harbour" not in operator.get(EMULATOR).text
    refused = post(operator, EMULATOR, f"{EMULATOR}/snapshots", action="delete", name="seed")
    assert refused.status_code == 409


def test_outside_emulator_mode_there_are_no_emulator_pages(console: Console) -> None:
    operator = console.operator()
    assert operator.get(EMULATOR).status_code == 404
    assert 'href="/console/emulator"' not in operator.get("/console/").text
