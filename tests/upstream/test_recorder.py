"""Each mode's rule, in process: what is forwarded, what is replayed, what is refused."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import orjson
import pytest

from photobank.clock import ManualClock
from photobank.composition import Services, build_services
from photobank.upstream import recorder as recorder_module
from photobank.upstream.forward import Answer, Forwarder, Incoming
from photobank.upstream.learner import Learner
from photobank.upstream.recorder import Recorder
from photobank.upstream.recording import Recording
from tests.conftest import START
from tests.deployment import deployed


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    built = build_services(
        deployed(data_dir=tmp_path / "data", hash_cost="fast"), ManualClock(START)
    )
    try:
        yield built
    finally:
        built.close()


class Upstream:
    """Counts what reaches it; each answer says how many requests it has seen."""

    def __init__(self) -> None:
        self.seen = 0

    async def __call__(self, request: Incoming) -> Answer:
        self.seen += 1
        return Answer(200, [(b"content-type", b"application/json")], orjson.dumps({"n": self.seen}))


def _recorder(
    services: Services, path: Path, mode: str, max_age: timedelta | None = None
) -> Recorder:
    recording = Recording.open(path, "http://upstream.test", services.clock.now())
    learner = Learner(services, recording, Forwarder("http://upstream.test"), print)
    return Recorder(recording, mode, learner, services.clock, max_age=max_age)


def _ask(recorder: Recorder, upstream: Upstream, target: str) -> tuple[int, object, str]:
    async def ask() -> Answer:
        answer = await recorder(Incoming("GET", target, []), upstream)
        await recorder.aclose()  # as when the proxy stops: the recording is written
        return answer

    answer = asyncio.run(ask())
    source = answer.header(b"x-photobank-source") or ""
    return answer.status, orjson.loads(answer.body), source


def test_new_episodes_replays_the_known_and_records_the_new(
    services: Services, tmp_path: Path
) -> None:
    recorder, upstream = _recorder(services, tmp_path / "r.json", "new_episodes"), Upstream()
    assert _ask(recorder, upstream, "/v3/a") == (200, {"n": 1}, "upstream")
    assert _ask(recorder, upstream, "/v3/a") == (200, {"n": 1}, "recording")
    assert _ask(recorder, upstream, "/v3/b") == (200, {"n": 2}, "upstream")
    assert upstream.seen == 2


def test_all_records_again_and_the_file_keeps_the_latest(
    services: Services, tmp_path: Path
) -> None:
    path, upstream = tmp_path / "r.json", Upstream()
    recorder = _recorder(services, path, "all")
    _ask(recorder, upstream, "/v3/a")
    assert _ask(recorder, upstream, "/v3/a") == (200, {"n": 2}, "upstream")
    replay = _recorder(services, path, "none")
    assert _ask(replay, upstream, "/v3/a") == (200, {"n": 2}, "recording")
    assert upstream.seen == 2


def test_once_records_into_a_new_file_then_never_forwards(
    services: Services, tmp_path: Path
) -> None:
    path, upstream = tmp_path / "r.json", Upstream()
    first = _recorder(services, path, "once")
    assert not first.replay_only
    _ask(first, upstream, "/v3/a")
    second = _recorder(services, path, "once")
    assert second.replay_only
    assert _ask(second, upstream, "/v3/b")[:2] == (
        404,
        {
            "ErrorCode": "NoRecordedAnswer",
            "ErrorMessage": "No recorded answer for GET /v3/b in r.json (mode once).",
            "code": "NoRecordedAnswer",
            "message": "No recorded answer for GET /v3/b in r.json (mode once).",
        },
    )
    assert upstream.seen == 1


def test_an_old_recording_is_marked_on_each_replayed_answer(
    services: Services, tmp_path: Path
) -> None:
    path, upstream = tmp_path / "r.json", Upstream()
    _ask(_recorder(services, path, "once"), upstream, "/v3/a")
    clock = services.clock
    assert isinstance(clock, ManualClock)
    clock.advance(timedelta(days=10))
    old = _recorder(services, path, "none", max_age=timedelta(days=7))
    answer = asyncio.run(old(Incoming("GET", "/v3/a", []), upstream))
    assert answer.header(b"x-photobank-recording-age") == "10 days, older than 7"
    fresh = _recorder(services, path, "none", max_age=timedelta(days=30))
    answer = asyncio.run(fresh(Incoming("GET", "/v3/a", []), upstream))
    assert answer.header(b"x-photobank-recording-age") is None


def test_an_unreachable_upstream_is_answered_but_not_recorded(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "r.json"
    recorder = _recorder(services, path, "new_episodes")
    down = Forwarder("http://127.0.0.1:9", timeout=2)
    answer = asyncio.run(recorder(Incoming("GET", "/v3/a", []), down.send))
    assert answer.status == 502
    assert not path.exists()


class _GatedLearner(Learner):
    """Learns nothing until its gate opens; what it was given to learn, in order."""

    def __init__(self, services: Services, recording: Recording) -> None:
        super().__init__(services, recording, Forwarder("http://upstream.test"), print)
        self.gate = asyncio.Event()
        self.taught: list[object] = []

    async def take(self, body: object) -> int:
        await self.gate.wait()
        self.taught.append(body)
        return 0


def test_an_answer_waits_for_no_lesson_until_too_many_wait_and_all_end_before_the_stop(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(recorder_module, "LESSON_BYTES", 10)  # one answer's 7 bytes, not two
    recording = Recording.open(tmp_path / "r.json", "http://upstream.test", services.clock.now())
    learner = _GatedLearner(services, recording)
    recorder, upstream = Recorder(recording, "all", learner, services.clock), Upstream()

    async def scenario() -> None:
        first = await asyncio.wait_for(recorder(Incoming("GET", "/v3/a", []), upstream), 5)
        assert first.status == 200 and learner.taught == []  # answered, not yet learned
        second = asyncio.ensure_future(recorder(Incoming("GET", "/v3/b", []), upstream))
        await asyncio.sleep(0.05)
        assert not second.done()  # two answers would wait to be learned: this one waits
        learner.gate.set()
        assert (await second).status == 200
        await recorder.aclose()
        assert sorted(map(str, learner.taught)) == ["{'n': 1}", "{'n': 2}"]

    asyncio.run(scenario())
