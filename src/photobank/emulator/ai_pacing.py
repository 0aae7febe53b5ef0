"""The AI generator's emulator control: how long generations and downloads stay pending.

``GET /__photobank/ai`` answers the pacing, ``PUT`` changes it for generations and
downloads started from then on; a reset restores the configured
``PHOTOBANK_AI_PENDING_POLLS`` and ``PHOTOBANK_AI_LATENCY_MS``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request

from photobank.api.bodies import read_body

if TYPE_CHECKING:
    from photobank.emulator.core import Emulator

_LIMIT = 4096


class _Pacing(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pending_polls: int | None = Field(None, ge=0)
    latency_ms: int | None = Field(None, ge=0)


async def ai_pacing(request: Request, emulator: Emulator) -> Any:
    generations = emulator.services.generations
    if request.method == "PUT":
        raw = await read_body(request, _LIMIT, lambda: ValueError("The body is larger than 4 KiB."))
        spec = _Pacing.model_validate_json(raw.strip() or b"{}")
        generations.set_pacing(spec.pending_polls, spec.latency_ms)
    pacing = generations.pacing
    return {"pending_polls": pacing.polls, "latency_ms": pacing.latency_ms}
