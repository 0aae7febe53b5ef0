"""Each module under api/, licensing/, auth/ and media/ has its test file in the mirrored place.

``src/photobank/<room>/<path>/<name>.py`` is tested by ``tests/<room>/<path>/test_<name>.py``
or by ``test_<name>_<aspect>.py`` files beside it, so the tree says where a test lives.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).parents[2]
SOURCE = ROOT / "src" / "photobank"
TESTS = ROOT / "tests"
MIRRORED_ROOMS = ("api", "licensing", "auth", "media")


def unmirrored(source: Path, tests: Path, rooms: tuple[str, ...]) -> list[str]:
    """Modules under ``rooms`` of ``source`` without a test file in the mirrored place."""
    missing = []
    for room in rooms:
        for module in sorted((source / room).rglob("*.py")):
            if module.name == "__init__.py":
                continue
            place = tests / module.parent.relative_to(source)
            name = module.stem
            if not (place / f"test_{name}.py").exists() and not any(
                place.glob(f"test_{name}_*.py")
            ):
                missing.append(str(module.relative_to(source)))
    return missing


def test_every_module_of_the_mirrored_rooms_has_its_test_file() -> None:
    assert unmirrored(SOURCE, TESTS, MIRRORED_ROOMS) == []


def test_a_module_without_its_test_file_is_named(tmp_path: Path) -> None:
    source, tests = tmp_path / "src", tmp_path / "tests"
    for path in ("media/urls.py", "media/delivery.py", "media/watermark.py", "media/__init__.py"):
        (source / path).parent.mkdir(parents=True, exist_ok=True)
        (source / path).write_text("")
    (tests / "media").mkdir(parents=True)
    (tests / "media" / "test_urls.py").write_text("")
    (tests / "media" / "test_delivery_expiry.py").write_text("")
    (tests / "test_watermark.py").write_text("")  # not the mirrored place
    assert unmirrored(source, tests, ("media",)) == ["media/watermark.py"]
