"""The recording proxy's rule for each request, by mode (as VCR users know them).

- ``once``: replay what the recording holds; with no recording file yet, forward
  and record everything; with one, never forward (an unknown request is an error).
- ``none``: replay only; an unknown request is a Getty-style 404 naming it.
- ``new_episodes``: replay what is known, forward and record the rest.
- ``all``: forward and record everything, replacing what was recorded.
- ``spy``: replay what is known; answer image and video lookups whose assets the
  catalog holds from the catalog (for an Api-Key the upstream accepted during
  this run); forward and record the rest.

``GET /__photobank/health`` is answered by the proxy itself (scripts wait on it).
Every forwarded answer's catalog entries are learned (see :mod:`.learner`) after
the client has it: a lesson fetches each shown image's display rendition and
writes the catalog, seconds for a page of a cold upstream, which the client does
not wait for (in spy mode, a lookup that comes before its assets are learned is
forwarded). The lessons under way hold at most ``LESSON_BYTES`` of answers; past
that an answer waits for its own lesson. The proxy finishes every lesson before
it stops. A replayed exchange older than ``max_age`` carries
``X-Photobank-Recording-Age``.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import orjson

from photobank.clock import Clock
from photobank.upstream.forward import Answer, Forward, Incoming, getty_error
from photobank.upstream.learner import Learner
from photobank.upstream.recording import MODES, Exchange, Recording, request_key

HEALTH_PATH = "/__photobank/health"  # answered by the proxy itself, never forwarded
AGE_HEADER = b"x-photobank-recording-age"
SOURCE_HEADER = b"x-photobank-source"  # recording, catalog or upstream
_LOOKUP = re.compile(r"/v3/(images|videos)(?:/([^/?]+))?")
_LOCAL_PREFIXES = ("/media/", "/licence/")
SAVE_DELAY = 1.0  # seconds a new exchange may wait to be written (all are, at shutdown)
_MAX_ACCEPTED = 10_000  # Api-Key digests remembered as accepted upstream
LESSON_BYTES = 16 * 1024 * 1024  # answer bytes waiting to be learned, at most


class Recorder:
    """An interceptor for :class:`~photobank.upstream.forward.ForwardingApp`."""

    def __init__(
        self,
        recording: Recording,
        mode: str,
        learner: Learner,
        clock: Clock,
        *,
        max_age: timedelta | None = None,
        local: Any = None,
        local_api_key: str = "",
        warn: Callable[[str], None] = lambda _line: None,
    ) -> None:
        """``local``: the recording photobank's own ASGI app, which spy mode answers with,
        calling it with ``local_api_key``."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        self._recording = recording
        self._mode = mode
        self._learner = learner
        self._clock = clock
        self._max_age = max_age
        self._local = (
            httpx.AsyncClient(transport=httpx.ASGITransport(app=local), base_url="http://local")
            if local is not None
            else None
        )
        self._local_key = local_api_key
        self._warn = warn
        self._accepted: set[str] = set()
        self._saving = asyncio.Lock()
        self._dirty = False
        self._flusher: asyncio.Task[None] | None = None
        self._full = False
        self._lessons: set[asyncio.Task[None]] = set()
        self._waiting_bytes = 0  # of the answers whose lessons are under way
        self.replay_only = mode == "none" or (mode == "once" and recording.existed)

    async def __call__(self, request: Incoming, forward: Forward) -> Answer:
        if request.target == HEALTH_PATH:
            return self._health()
        known = None if self._mode == "all" else self._recording.find(request)
        if known is not None:
            return self._replayed(known)
        if self.replay_only:
            return getty_error(
                404,
                "NoRecordedAnswer",
                f"No recorded answer for {request_key(request)} in {self._recording.path.name}"
                f" (mode {self._mode}).",
            )
        if self._mode == "spy":
            local = await self._from_catalog(request)
            if local is not None:
                return local
        return await self._recorded(request, await forward(request))

    async def aclose(self) -> None:
        """Finish the lessons under way, write what is not written yet; close the
        catalog's client."""
        while self._lessons:
            await asyncio.wait(set(self._lessons))
        await self.flush()
        if self._local is not None:
            await self._local.aclose()

    def _health(self) -> Answer:
        """The proxy is up: its mode and how many exchanges it holds."""
        state = {"status": "ok", "mode": self._mode, "exchanges": len(self._recording.exchanges)}
        return Answer(200, [(b"content-type", b"application/json")], orjson.dumps(state))

    def _replayed(self, exchange: Exchange) -> Answer:
        answer = exchange.answer().with_headers([(SOURCE_HEADER, b"recording")])
        age = self._clock.now() - exchange.recorded_at
        if self._max_age is not None and age > self._max_age:
            text = f"{age.days} days, older than {self._max_age.days}"
            answer = answer.with_headers([(AGE_HEADER, text.encode())])
        return answer

    async def _recorded(self, request: Incoming, answer: Answer) -> Answer:
        if not answer.from_upstream:
            return answer
        key = request.header(b"api-key")
        if key and 200 <= answer.status < 300 and len(self._accepted) < _MAX_ACCEPTED:
            self._accepted.add(_digest(key))
        exchange = Exchange.of(request, answer, self._clock.now())
        kept = self._recording.keep(exchange)
        if not kept and not self._full:
            self._full = True
            self._warn("the recording is full: later exchanges are forwarded, not kept")
        if kept:
            self._save_soon()
        if 200 <= answer.status < 300 and exchange.encoding == "json":
            size = len(answer.body)
            crowded = self._waiting_bytes + size > LESSON_BYTES
            self._waiting_bytes += size
            lesson = self._learn(exchange, size)
            if crowded:
                await lesson  # too much is waiting to be learned: this answer waits too
            else:
                task = asyncio.create_task(lesson)
                self._lessons.add(task)
                task.add_done_callback(self._lessons.discard)
        return answer.with_headers([(SOURCE_HEADER, b"upstream")])

    async def _learn(self, exchange: Exchange, size: int) -> None:
        """Learn what the exchange's answer (``size`` bytes, counted as waiting) shows;
        save the recording if it taught anything."""
        try:
            learned = await self._learner.take(exchange.body)
        except Exception as exc:  # a lesson lost must not lose the recording
            self._warn(f"not learned from {exchange.key}: {exc}")
            learned = 0
        finally:
            self._waiting_bytes -= size
        if learned:
            self._save_soon()

    def _save_soon(self) -> None:
        """Write the recording within ``SAVE_DELAY`` seconds: one write for a burst of
        exchanges, not a whole file per exchange."""
        self._dirty = True
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_later())

    async def _flush_later(self) -> None:
        await asyncio.sleep(SAVE_DELAY)
        await self.flush()

    async def flush(self) -> None:
        """Write the recording if it changed: its document taken here, on the loop that
        changes it, written in a thread; one write at a time, the last taken written last."""
        async with self._saving:
            if not self._dirty:
                return
            self._dirty = False
            document = self._recording.document()
            await asyncio.to_thread(self._recording.write, document)

    async def _from_catalog(self, request: Incoming) -> Answer | None:
        """The catalog's answer when it can give one (see the module docstring)."""
        if self._local is None:
            return None
        path = urlsplit(request.target).path
        if not path.startswith(_LOCAL_PREFIXES):
            key = request.header(b"api-key")
            if not key or _digest(key) not in self._accepted or not self._holds(request):
                return None
        headers = {
            k.decode("latin-1"): v.decode("latin-1")
            for k, v in request.headers
            if k not in (b"api-key", b"authorization", b"cookie")  # Host: links point here
        }
        headers["api-key"] = self._local_key
        response = await self._local.request(
            request.method, request.target, headers=headers, content=request.body
        )
        kept = [(k, v) for k, v in response.headers.raw if k.lower() != b"content-length"]
        return Answer(response.status_code, [*kept, (SOURCE_HEADER, b"catalog")], response.content)

    def _holds(self, request: Incoming) -> bool:
        """A GET of images or videos by id, every one of which the catalog holds."""
        parts = urlsplit(request.target)
        found = _LOOKUP.fullmatch(parts.path)
        if request.method != "GET" or found is None:
            return False
        kind, in_path = found.groups()
        given = in_path or ",".join(parse_qs(parts.query).get("ids", []))
        ids = [i for i in given.split(",") if i]
        if not ids:
            return False
        held = self._learner.catalog.get_assets(ids, kind[:-1])
        return len(held) == len(set(ids))


def _digest(api_key: str) -> str:
    return hashlib.sha256(api_key.encode()).hexdigest()


def stale_warning(recording: Recording, clock: Clock, max_age: timedelta | None) -> str | None:
    """A line saying the recording is older than ``max_age``, if it is."""
    oldest = recording.oldest()
    if max_age is None or oldest is None or clock.now() - oldest <= max_age:
        return None
    days = (clock.now() - oldest).days
    return (
        f"warning: {recording.path.name} holds answers recorded {days} days ago, older than"
        f" --max-age {max_age.days}: re-record (--mode all) or check it (photobank record diff)."
    )
