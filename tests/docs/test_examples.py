"""Every shell and Python example of the guides runs against a real demo server.

One server for the module (``photobank serve --demo`` over a 300-asset demo
catalog, whose ids are the first of every seed-42 catalog), reset before each
page; the pages' own examples obtain their tokens and ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image

from photobank.emulator.process import ServerOptions, free_port
from photobank.testing import PhotobankEmulator
from tests.deployment import running_emulator
from tests.docs.examples import Target, blocks, markdown, run_pytest_examples, run_python, run_shell

ADMIN_TOKEN = "my-admin-token"  # the one the emulator page starts its server with


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    data_dir, https_port = tmp_path_factory.mktemp("docs-demo"), free_port()
    settings = {
        "PHOTOBANK_ADMIN_TOKEN": ADMIN_TOKEN,
        "PHOTOBANK_HTTPS_PORT": str(https_port),
        # As `make serve`: the token endpoint over HTTPS only.
        "PHOTOBANK_ALLOW_INSECURE_LOOPBACK": "false",
    }
    with running_emulator(data_dir, ServerOptions(env=settings)) as server:
        yield Target(int(server.base_url.rsplit(":", 1)[1]), https_port, data_dir)


@pytest.fixture
def target(demo: Target) -> Target:
    """The demo server in its seeded state."""
    reset = httpx.post(
        f"{demo.base}/__photobank/reset", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}
    )
    assert reset.status_code == 200, reset.text
    return demo


def test_getting_started_searches_licenses_and_downloads(target: Target, tmp_path: Path) -> None:
    ran = run_shell(markdown("index.md"), target, tmp_path)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert '"id":"265928947","title":"Mountain range at sunset"' in ran.stdout
    assert '"downloads_remaining":249' in ran.stdout
    with Image.open(tmp_path / "265928947.jpg") as image:
        assert (image.format, image.size) == ("JPEG", (4473, 6709))  # the licensed original


def test_the_emulator_session(target: Target, tmp_path: Path) -> None:
    ran = run_shell(markdown("emulator.md"), target, tmp_path)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    out = ran.stdout
    assert '"ok": true' in out  # verify saw the search
    assert "403 Account Over Queries Per Second Limit\n200\n" in out  # one throttled search
    assert "\n200\n" in out and "\n401\n" in out  # the token, before and after 31 minutes
    assert '{"result_count":0,"downloads":[]}' in out  # the restored snapshot
    assert '"title":"Harbour at dawn"' in out  # the fixture


def test_the_legacy_journey(target: Target, tmp_path: Path) -> None:
    page = markdown("legacy.md")
    session = run_shell(page, target, tmp_path)
    assert session.returncode == 0, session.stdout + session.stderr
    assert '"Status":"success"' in session.stdout and '"SecureToken":' in session.stdout
    journey = run_python(page, target, tmp_path)
    assert journey.returncode == 0, journey.stdout + journey.stderr
    lines = journey.stdout.splitlines()
    assert lines[0] == "265928947 Mountain range at sunset"
    assert lines[3] == "Mountains ['471472410', '851756084', '265928947']"
    with Image.open(tmp_path / "265928947.jpg") as image:
        assert image.format == "JPEG"


def test_the_stand_in_examples(
    target: Target, tmp_path: Path, photobank: PhotobankEmulator
) -> None:
    page = markdown("stand-in.md")
    plain = run_python(page, target, tmp_path)
    assert plain.returncode == 0, plain.stdout + plain.stderr
    assert plain.stdout.splitlines() == [
        "['265928947', '851756084', '471472410']",
        "{'first_name': 'Demo', 'middle_name': None, 'last_name': 'Customer'}",
    ]
    ran = run_pytest_examples(page, {"photobank": photobank, "tmp_path": tmp_path})
    assert ran == ["test_search_retries_when_throttled", "test_an_image_the_test_names_is_found"]


def test_an_image_pack_runs_out_and_a_thumbnail_is_cached(target: Target, tmp_path: Path) -> None:
    licensing = run_shell(markdown("licensing.md"), target, tmp_path)
    assert licensing.returncode == 0, licensing.stdout + licensing.stderr
    statuses = [line.split() for line in licensing.stdout.splitlines()[:5]]
    assert [status for _, status in statuses] == ["200", "200", "200", "403", "200"]
    assert '{"result_count":4,' in licensing.stdout
    media = run_shell(markdown("media.md"), target, tmp_path)
    assert media.returncode == 0, media.stdout + media.stderr
    assert "cache-control: public, max-age=604800, immutable" in media.stdout.lower()
    with Image.open(tmp_path / "thumb.jpg") as thumb:
        assert max(thumb.size) == 170


def test_the_token_endpoint_answers_over_https_only(target: Target, tmp_path: Path) -> None:
    ran = run_shell(markdown("https.md"), target, tmp_path)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    secure, plain = ran.stdout.split("}", 1)
    assert '"access_token":' in secure
    assert plain.endswith('"error_description":"The token endpoint requires HTTPS"}\n400\n')


def test_the_guides_have_examples_to_run() -> None:
    for page, shell, python in [
        ("index.md", 4, 0),
        ("own-photos.md", 8, 0),
        ("emulator.md", 8, 0),
        ("legacy.md", 1, 1),
        ("stand-in.md", 0, 3),
        ("licensing.md", 1, 0),
        ("media.md", 1, 0),
        ("https.md", 1, 0),
    ]:
        text = markdown(page)
        assert (len(blocks(text, "sh")), len(blocks(text, "python"))) == (shell, python), page
