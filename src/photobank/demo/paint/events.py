"""Editorial scenes: sport grounds, stages, red carpets, press rooms and crowds."""

from __future__ import annotations

from photobank.demo.paint.base import Canvas, shade


def _stands(c: Canvas, bottom: float) -> None:
    """Spectators as a dense band of small heads above the field."""
    c.draw.rectangle((0, 0, c.width, bottom), fill=shade(c.dominant, -0.55))
    c.scatter(c.width * round(bottom) // 40, (0, 0, c.width, bottom), max(1.0, bottom * 0.04))


def pitch(c: Canvas) -> None:
    """A football pitch (dominant) in mown stripes with lines, stands and players."""
    w, h = c.width, c.height
    c.draw.rectangle((0, 0, w, h), fill=c.dominant)
    for stripe in range(0, 10, 2):
        c.draw.rectangle(
            (w * stripe / 10, 0, w * (stripe + 1) / 10, h), fill=shade(c.dominant, 0.05)
        )
    line = max(1, h // 150)
    c.draw.line((w / 2, h * 0.18, w / 2, h), fill=c.detail(0), width=line)
    r = min(w, h) * 0.18
    c.draw.ellipse(
        (w / 2 - r, h * 0.6 - r, w / 2 + r, h * 0.6 + r), outline=c.detail(0), width=line
    )
    _stands(c, h * 0.18)
    c.figures(h * 0.92, h * 0.5, span=0.8)
    bx, by, br = w * c.rng.random(), h * 0.9, h * 0.02
    c.draw.ellipse((bx - br, by - br, bx + br, by + br), fill=c.detail(0))


def court(c: Canvas) -> None:
    """A tennis or basketball court (dominant) with white lines and players."""
    w, h = c.width, c.height
    c.draw.rectangle((0, 0, w, h), fill=c.dominant)
    line = max(1, h // 120)
    c.draw.rectangle((w * 0.1, h * 0.3, w * 0.9, h * 0.95), outline=c.detail(0), width=line)
    c.draw.line((w * 0.1, h * 0.62, w * 0.9, h * 0.62), fill=c.detail(0), width=line)
    _stands(c, h * 0.15)
    c.figures(h * 0.9, h * 0.55, span=0.6)


def track(c: Canvas) -> None:
    """A running track (dominant) with lane lines and runners."""
    w, h = c.width, c.height
    c.draw.rectangle((0, 0, w, h), fill=c.dominant)
    for lane in range(1, 8):
        y = h * (0.2 + 0.11 * lane)
        c.draw.line((0, y, w, y - h * 0.05), fill=c.detail(0), width=max(1, h // 200))
    _stands(c, h * 0.16)
    c.figures(h * 0.9, h * 0.55, span=0.7)


def racetrack(c: Canvas) -> None:
    """Asphalt (dominant) with striped kerbs and racing cars."""
    w, h = c.width, c.height
    c.gradient((0, 0, w, h), shade(c.dominant, 0.06), shade(c.dominant, -0.06))
    kerb = h * 0.06
    for number, left in enumerate(range(0, w, max(4, w // 16))):
        c.draw.rectangle((left, h * 0.1, left + w // 16, h * 0.1 + kerb), fill=c.detail(number % 2))
    for number in range(c.rng.randint(1, 3)):
        x, y, s = w * (0.1 + 0.6 * c.rng.random()), h * (0.4 + 0.4 * c.rng.random()), w * 0.09
        colour = c.detail(2 + number)
        c.draw.rounded_rectangle(
            (x, y - s * 0.22, x + s * 2, y + s * 0.22), radius=round(s * 0.15), fill=colour
        )
        for wheel in (0.3, 1.6):
            c.draw.ellipse(
                (x + s * wheel, y + s * 0.1, x + s * (wheel + 0.35), y + s * 0.4), fill=(20, 20, 20)
            )
    if c.people:
        c.figures(h * 0.98, h * 0.35, span=0.4)


def stage(c: Canvas) -> None:
    """A dark hall (dominant) with spotlights, performers and the audience's heads."""
    w, h = c.width, c.height
    c.draw.rectangle((0, 0, w, h), fill=c.dominant)
    for beam in range(c.rng.randint(2, 4)):
        x = w * c.rng.random()
        c.draw.polygon([(x, 0), (x + w * 0.03, 0), (x + w * 0.14, h * 0.8), (x - w * 0.1, h * 0.8)],
                       fill=(*c.detail(beam), 60))  # fmt: skip
    c.draw.rectangle((0, h * 0.72, w, h * 0.8), fill=shade(c.dominant, 0.15))
    c.figures(h * 0.75, h * 0.5, span=0.5)
    c.scatter(w // 6, (0, h * 0.86, w, h), h * 0.025)


def runway(c: Canvas) -> None:
    """A catwalk in perspective through a dark room (dominant), a model on it."""
    w, h = c.width, c.height
    c.draw.rectangle((0, 0, w, h), fill=c.dominant)
    c.draw.polygon(
        [(w * 0.46, h * 0.35), (w * 0.54, h * 0.35), (w * 0.68, h), (w * 0.32, h)], fill=c.detail(0)
    )
    c.scatter(w // 8, (0, h * 0.45, w * 0.3, h), h * 0.02)
    c.scatter(w // 8, (w * 0.7, h * 0.45, w, h), h * 0.02)
    c.figure(w / 2, h * 0.95, h * 0.75, c.detail(1 + c.rng.randrange(3)))


def backdrop(c: Canvas) -> None:
    """A step-and-repeat wall (dominant) with small logos, a red carpet and guests."""
    w, h = c.width, c.height
    c.draw.rectangle((0, 0, w, h), fill=c.dominant)
    step = max(8, min(w, h) // 7)
    for row, y in enumerate(range(step // 2, round(h * 0.8), step)):
        for x in range((row % 2) * step // 2, w, step):
            c.draw.rectangle((x, y, x + step * 0.35, y + step * 0.12), fill=c.detail(3 + row % 2))
    c.draw.rectangle((0, h * 0.8, w, h), fill=c.detail(0))
    c.figures(h * 0.95, h * 0.75, span=0.6)


def podium(c: Canvas) -> None:
    """A speaker behind a lectern with microphones before a plain backdrop (dominant)."""
    w, h = c.width, c.height
    c.gradient((0, 0, w, h), shade(c.dominant, 0.08), shade(c.dominant, -0.08))
    c.draw.rectangle((w * 0.8, 0, w * 0.86, h * 0.7), fill=c.detail(1))
    c.figures(h * 1.05, h * 0.75, full=False, span=0.5)
    c.draw.polygon(
        [(w * 0.38, h * 0.68), (w * 0.62, h * 0.68), (w * 0.6, h), (w * 0.4, h)], fill=c.detail(2)
    )
    for x in (0.46, 0.5, 0.54):
        c.draw.line((w * x, h * 0.68, w * 0.5, h * 0.58), fill=(30, 30, 30), width=max(1, w // 250))


def crowd(c: Canvas) -> None:
    """Sky (dominant) above a crowd with flags and placards."""
    w, h = c.width, c.height
    c.sky(h * 0.6)
    for number in range(c.rng.randint(2, 5)):
        x, y = w * c.rng.random(), h * (0.2 + 0.2 * c.rng.random())
        c.draw.line((x, y, x, h * 0.7), fill=(60, 60, 60), width=max(1, w // 300))
        c.draw.rectangle((x, y, x + w * 0.09, y + h * 0.08), fill=c.detail(number))
    c.draw.rectangle((0, h * 0.62, w, h), fill=shade(c.dominant, -0.5))
    c.scatter(w * h // 900, (0, h * 0.58, w, h), h * 0.025)
    c.figures(h * 1.02, h * 0.42, full=False, span=0.6)
