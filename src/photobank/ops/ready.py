"""``/ready``: whether this worker can answer: its store, index, media store and (when the
deployment shares state in it) Redis respond.

``/health`` says the process is alive; ``/ready`` is what a load balancer or
an orchestrator asks before sending traffic: 200 ``{"ready": true}``, or 503
naming what failed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import Response

from photobank.api.http import json_response
from photobank.composition import Services
from photobank.media.storage import StorageUnavailable


def ready_endpoint(services: Services) -> Any:
    def ready(_request: Request) -> Response:
        failed = {}
        try:
            with services.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError as exc:
            failed["store"] = type(exc).__name__
        try:
            _ = services.index.doc_count
        except SQLAlchemyError as exc:  # the search index in PostgreSQL, gone with the store
            failed["index"] = type(exc).__name__
        except (OSError, RuntimeError, ValueError) as exc:
            failed["index"] = str(exc)
        try:
            services.media_storage.check()
        except StorageUnavailable as exc:
            failed["media"] = exc.message
        client = services.shared.redis if services.shared is not None else None
        if client is not None:
            import redis  # the distributed extra: an embedded install has no redis

            try:
                client.ping()
            except redis.RedisError as exc:
                failed["redis"] = type(exc).__name__
        if failed:
            return json_response({"ready": False, "failed": failed}, status=503)
        return json_response({"ready": True})

    return ready
