"""Charts drawn on the server as SVG shapes: no script and no chart library on the page.

A chart is plain numbers (coordinates, labels); the template draws them with
``<polyline>`` and ``<rect>``, presentation attributes only, so the page's
Content-Security-Policy (no inline style) holds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from photobank.web.console.traffic import Minute, RouteFigures

WIDTH, HEIGHT, LEFT, BOTTOM = 720, 200, 48, 22
BAR = 12  # height of one bar in the per-route chart


@dataclass(frozen=True, slots=True)
class Line:
    label: str
    points: str  # "x,y x,y …" for a <polyline>


@dataclass(frozen=True, slots=True)
class LineChart:
    lines: tuple[Line, ...]
    top: str  # the y axis's top value, as text
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom: int = BOTTOM


@dataclass(frozen=True, slots=True)
class Bar:
    y: int
    width: float
    value: str
    series: int  # 0: p50, 1: p99


@dataclass(frozen=True, slots=True)
class BarChart:
    labels: tuple[tuple[int, str], ...]  # (y, route)
    bars: tuple[Bar, ...]
    height: int
    top: str
    width: int = WIDTH
    left: int = 230


def _nice(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten at or above ``value`` (1 for nothing)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return float(next(step * power for step in (1, 2, 5, 10) if step * power >= value))


def _number(value: float) -> str:
    return f"{value:g}" if value >= 1 else f"{value:.2g}"


def per_second(minutes: list[Minute]) -> LineChart:
    """Requests per second and throttled requests per second, a point a minute."""
    series = (
        ("requests/s", [m.requests / 60 for m in minutes]),
        ("throttled/s", [m.throttled / 60 for m in minutes]),
    )
    top = _nice(max(max(values, default=0) for _, values in series))
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - 8
    step = plot_w / max(1, len(minutes) - 1)

    def points(values: list[float]) -> str:
        return " ".join(
            f"{LEFT + i * step:.1f},{8 + plot_h - plot_h * v / top:.1f}"
            for i, v in enumerate(values)
        )

    return LineChart(tuple(Line(label, points(values)) for label, values in series), _number(top))


def latencies(routes: list[RouteFigures], shown: int = 10) -> BarChart:
    """p50 and p99 of the busiest ``shown`` routes, as pairs of bars (milliseconds)."""
    busiest = routes[:shown]
    top = _nice(max((r.p99_ms for r in busiest), default=0))
    span = WIDTH - 230 - 80  # room for the value after the longest bar
    labels, bars = [], []
    for i, route in enumerate(busiest):
        y = 8 + i * (2 * BAR + 10)
        labels.append((y + BAR + 4, route.route))
        for series, value in enumerate((route.p50_ms, route.p99_ms)):
            bars.append(Bar(y + series * BAR, span * value / top, f"{value:g} ms", series))
    height = 16 + len(busiest) * (2 * BAR + 10)
    return BarChart(tuple(labels), tuple(bars), height, f"{_number(top)} ms")
