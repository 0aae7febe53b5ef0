"""Writing what the upstream's answers show into the recording photobank's catalog.

Entries found by :func:`photobank.upstream.learning.learn` are merged with what
the recording learned before (a search answer shows fewer fields than a detail
answer: fields it lacks keep their earlier values), written by the fixture
loader (and so by the one asset writer) when they changed, and kept in the
recording's catalog sections. Display renditions are fetched once, concurrently,
into ``<recording>.media/`` beside the file, and become the assets' originals.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from photobank import errors
from photobank.catalog.service import CatalogService
from photobank.composition import Services
from photobank.emulator.fixture_loader import FixtureLoader
from photobank.emulator.fixtures import validate_fixture
from photobank.upstream.forward import Forwarder
from photobank.upstream.learning import Learned, learn
from photobank.upstream.recording import Recording

_IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")


class Learner:
    def __init__(
        self, services: Services, recording: Recording, forwarder: Forwarder, warn: Any
    ) -> None:
        """``warn``: called with a one-line reason when something shown cannot be kept."""
        self._services = services
        self._recording = recording
        self._forwarder = forwarder
        self._warn = warn
        self._lock = asyncio.Lock()
        self.media_dir = recording.path.with_name(f"{recording.path.stem}.media")

    @property
    def catalog(self) -> CatalogService:
        return self._services.catalog

    async def take(self, body: Any) -> int:
        """Learn what the JSON ``body`` shows; how many assets were written."""
        found = learn(body)
        if not found:
            return 0
        async with self._lock:
            changed = self._changed(found)
            await self._fetch_renditions(changed, found)
            if not changed and not found.collections and not found.events:
                return 0
            return await asyncio.to_thread(self._store, found, changed)

    def _changed(self, found: Learned) -> dict[str, dict[str, Any]]:
        """The assets whose merged entry differs from what the recording holds."""
        held = self._recording.learned["assets"]
        changed = {}
        for asset_id, entry in found.assets.items():
            merged = {**held.get(asset_id, {}), **entry}
            if merged != held.get(asset_id):
                changed[asset_id] = merged
        return changed

    async def _fetch_renditions(self, changed: dict[str, dict[str, Any]], found: Learned) -> None:
        """Fetch the display renditions not fetched before, at once; each becomes a file."""
        wanted = {
            asset_id: url
            for asset_id, url in found.renditions.items()
            if asset_id in changed and not self._has_file(changed[asset_id])
        }
        answers = await asyncio.gather(*(self._forwarder.fetch(url) for url in wanted.values()))
        for asset_id, answer in zip(wanted, answers, strict=True):
            kind = (answer.header(b"content-type") or "").split(";")[0].strip()
            if answer.status != 200 or kind not in _IMAGE_TYPES:
                self._warn(f"display rendition of {asset_id}: HTTP {answer.status} {kind}")
                continue
            suffix = ".jpg" if kind == "image/jpeg" else "." + kind.split("/")[1]
            path = self.media_dir / f"{asset_id}{suffix}"
            await asyncio.to_thread(_write, path, answer.body)
            changed[asset_id]["file"] = f"{self.media_dir.name}/{path.name}"

    def _has_file(self, entry: dict[str, Any]) -> bool:
        file = entry.get("file")
        return isinstance(file, str) and (self._recording.path.parent / file).exists()

    def _store(self, found: Learned, changed: dict[str, dict[str, Any]]) -> int:
        learned = self._recording.learned
        learned["collections"].update(found.collections)
        learned["events"].update(found.events)
        known = set(self._services.catalog.reference().events) | set(learned["events"])
        for entry in changed.values():
            if "event_ids" in entry:
                entry["event_ids"] = [e for e in entry["event_ids"] if e in known]
        document = {
            "collections": list(learned["collections"].values()),
            "events": list(learned["events"].values()),
            "assets": list(changed.values()),
        }
        try:
            loaded = FixtureLoader(self._services).load(
                validate_fixture(document), self._recording.path.parent
            )
        except errors.DomainError as exc:
            self._warn(f"not learned: {exc.message}")
            return 0
        learned["assets"].update(changed)
        return len(loaded.assets)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
