"""Wiring the operations surface into an app: ``/ready``, ``/metrics``, the access log."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from starlette.applications import Starlette
from starlette.routing import BaseRoute, Route

from photobank.composition import Services
from photobank.ops.access_log import AccessLog
from photobank.ops.metrics import Metrics, metrics_endpoint
from photobank.ops.observed import Observed, Observer
from photobank.ops.ready import ready_endpoint


def operations_routes(services: Services, metrics: Metrics) -> list[BaseRoute]:
    return [
        Route("/ready", ready_endpoint(services), methods=["GET"]),
        Route("/metrics", metrics_endpoint(metrics), methods=["GET"]),
    ]


def observe_requests(
    app: Starlette, services: Services, metrics: Metrics, caches: Mapping[str, Callable[[], int]],
    also: Sequence[Observer] = (),
) -> None:  # fmt: skip
    """Count (and, when set, log) every request; call last, so it times all the rest.
    ``also``: more observers of every request (the console's traffic charts)."""
    metrics.watch_caches(caches)
    services.throttle.on_refusal(metrics.throttled_one)
    observers: list[Observer] = [metrics, *also]
    if services.settings.access_log:
        observers.append(AccessLog())
    app.add_middleware(Observed, observers=observers)
