"""The state every server process of a deployment shares, opened once per process."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from photobank.accounts.attempts import FailureLog
from photobank.auth.throttle import ThrottleStore
from photobank.config import Settings
from photobank.media.locks import Locks
from photobank.state.counters import FileThrottleStore
from photobank.state.generation import Checkpoint, FileGeneration, Generation

if TYPE_CHECKING:
    import redis

STATE_DIR = "shared"  # under the data directory


@dataclass(frozen=True, slots=True)
class SharedState:
    """What several processes (one server's workers, or many nodes) keep in step through."""

    generation: Generation
    throttle: ThrottleStore
    locks: Locks | None  # who makes a missing rendition while others wait (None: each process)
    failures: FailureLog | None  # failed credential checks (None: each process counts its own)
    closing: Callable[[], None]
    redis: redis.Redis | None = None  # the client, when the state lives in Redis
    console_failures: FailureLog | None = None  # failed console sign-ins (None: each process)
    releases: list[Callable[[], None]] = field(default_factory=list)  # leases this node renews
    checkpoint: Checkpoint | None = None  # catch-up and throttle in one step (with Redis)

    def close(self) -> None:
        for release in self.releases:
            release()
        self.closing()
        self.generation.close()


def open_shared(settings: Settings) -> SharedState:
    """Redis when ``settings.redis_url`` names one (every node of the deployment shares
    it); otherwise files in ``<data dir>/shared`` (the workers of one server)."""
    if settings.redis_url:
        from photobank.media.locks import RedisLocks
        from photobank.state.redis_attempts import RedisFailureLog
        from photobank.state.redis_checkpoint import RedisCheckpoint
        from photobank.state.redis_client import connect
        from photobank.state.redis_counters import RedisThrottleStore
        from photobank.state.redis_generation import RedisGeneration

        client, prefix = connect(settings.redis_url), settings.redis_prefix
        generation, counters = RedisGeneration(client, prefix), RedisThrottleStore(client, prefix)
        return SharedState(
            generation,
            counters,
            RedisLocks(client, prefix),
            RedisFailureLog(client, prefix),
            client.close,
            client,
            RedisFailureLog(client, f"{prefix}console:"),  # the operator's, apart from the API's
            checkpoint=RedisCheckpoint(generation, counters),
        )
    where = settings.data_dir / STATE_DIR
    throttle = FileThrottleStore(where / "throttle")
    return SharedState(FileGeneration(where / "generation"), throttle, None, None, throttle.close)
