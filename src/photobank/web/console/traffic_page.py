"""The console's traffic page: the last hour's requests per second, throttled requests,
and p50/p99 per route, as charts and as a table."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from photobank.web.console import charts
from photobank.web.console.base import ConsolePages
from photobank.web.console.session import PREFIX
from photobank.web.console.traffic import Traffic


class TrafficPages(ConsolePages):
    def routes(self) -> list[BaseRoute]:
        return [Route(f"{PREFIX}/traffic", self.page(self.index), methods=["GET"])]

    async def index(self, request: Request) -> Response:
        traffic: Traffic = request.app.state.traffic
        minutes, routes = traffic.minutes(), traffic.routes()
        total = sum(m.requests for m in minutes)
        return self.render(
            request, "traffic.html", per_second=charts.per_second(minutes),
            latencies=charts.latencies(routes), routes=routes, total=total,
            throttled=sum(m.throttled for m in minutes),
        )  # fmt: skip
