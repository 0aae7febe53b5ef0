"""``photobank serve --demo`` started again over the data directory it built: it answers
its first request from the catalog it has, without building anything again."""

from __future__ import annotations

from pathlib import Path

import httpx

from photobank.emulator.client import PhotobankEmulator
from photobank.emulator.process import ServerOptions
from tests.deployment import running_emulator

_OPTIONS = ServerOptions(assets=120)


def _first_answer(running: PhotobankEmulator) -> list[str]:
    """The ids of the first search a client sends, as soon as the server says it is up."""
    answer = httpx.get(
        f"{running.base_url}/v3/search/images",
        params={"phrase": "mountain", "fields": "id"},
        headers={"Api-Key": running.api_key},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return [image["id"] for image in answer.json()["images"]]


def test_a_restart_answers_from_the_catalog_it_built(tmp_path: Path) -> None:
    with running_emulator(tmp_path, _OPTIONS) as first:
        built = _first_answer(first)
    log = tmp_path / "server.log"
    assert "Building demo catalog (120 assets): 100%" in log.read_text()
    with running_emulator(tmp_path, _OPTIONS) as again:
        served = _first_answer(again)
    assert "Building demo catalog" not in log.read_text()
    assert served == built and served
