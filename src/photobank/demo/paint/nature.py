"""Landscapes, skies, water, plants and animals."""

from __future__ import annotations

import math

from PIL import Image

from photobank.demo.paint.base import Canvas, mix, shade


def mountains(c: Canvas, horizon: float = 0.8) -> None:
    """Sky (dominant) with a sun and layered ridges, the far one snow-capped."""
    w, h = c.width, c.height
    c.sky(h * horizon)
    if c.rng.random() < 0.6:
        r = min(w, h) * 0.06
        x, y = w * (0.15 + 0.7 * c.rng.random()), h * horizon * (0.15 + 0.25 * c.rng.random())
        c.draw.ellipse((x - r, y - r, x + r, y + r), fill=c.detail(4))
    far = c.ridge(h * horizon * 0.8, h * 0.2, c.detail(1), jagged=True, steps=c.rng.randint(8, 16))
    snow = [(x, y + h * 0.03) for x, y in reversed(far)]
    c.draw.polygon([*far, *snow], fill=c.detail(2))
    c.ridge(h * horizon * 0.95, h * 0.06, c.detail(0))
    c.ridge(h * (horizon + 0.12), h * 0.04, shade(c.detail(0), -0.3))
    c.figures(h * 0.98, h * 0.22, span=0.25, centre=0.3)


def lake(c: Canvas) -> None:
    """Mountains over a still lake that mirrors them."""
    w, h = c.width, c.height
    shore = round(h * 0.55)
    mountains(c, horizon=0.6)
    upper = c.image.crop((0, 0, w, shore)).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    mirror = upper.crop((0, 0, w, h - shore))
    c.image.paste(mirror, (0, shore))
    c.draw.rectangle((0, shore, w, h), fill=(*c.detail(3), 70))
    for _ in range(6):
        y = shore + (h - shore) * c.rng.random()
        c.draw.line((w * c.rng.random() * 0.5, y, w * (0.5 + c.rng.random() * 0.5), y),
                    fill=(*shade(c.dominant, 0.3), 90), width=max(1, h // 300))  # fmt: skip


def seascape(c: Canvas) -> None:
    """Sky (dominant) with a low sun, a band of sea and a beach."""
    w, h = c.width, c.height
    horizon, beach = h * 0.6, h * 0.84
    c.sky(horizon)
    r = min(w, h) * 0.08
    x = w * (0.3 + 0.4 * c.rng.random())
    c.draw.ellipse((x - r, horizon - r * 1.3, x + r, horizon + r * 0.7), fill=c.detail(1))
    c.gradient((0, horizon, w, beach), c.detail(0), shade(c.detail(0), -0.25))
    for _ in range(10):
        y = horizon + (beach - horizon) * c.rng.random()
        c.draw.line((x - r * 2 * c.rng.random(), y, x + r * 2 * c.rng.random(), y),
                    fill=(*c.detail(1), 120), width=max(1, h // 250))  # fmt: skip
    c.ridge(beach, h * 0.02, c.detail(2))


def waves(c: Canvas) -> None:
    """Sea (dominant) filling the frame, with curling bands of foam."""
    w, h = c.width, c.height
    c.gradient((0, 0, w, h * 0.12), c.detail(1), c.detail(0))
    c.gradient((0, h * 0.12, w, h), shade(c.dominant, -0.08), shade(c.dominant, 0.1))
    for band in range(5):
        y0 = h * (0.25 + 0.15 * band)
        phase, amp = c.rng.random() * 6.3, h * 0.02
        points = [(w * i / 40, y0 + amp * math.sin(phase + i / 3)) for i in range(41)]
        c.draw.line(points, fill=(*c.detail(3), 200), width=max(2, h // 90))


def forest(c: Canvas) -> None:
    """Foliage (dominant) with trunks, a path of ground and beams of light."""
    w, h = c.width, c.height
    c.gradient((0, 0, w, h * 0.86), shade(c.dominant, 0.06), shade(c.dominant, -0.06))
    c.draw.rectangle((0, h * 0.86, w, h), fill=shade(c.detail(0), 0.2))
    for _ in range(c.rng.randint(4, 7)):
        x, trunk = w * c.rng.random(), w * (0.008 + 0.012 * c.rng.random())
        c.draw.rectangle(
            (x - trunk, h * 0.2 * c.rng.random(), x + trunk, h * 0.9), fill=c.detail(0)
        )
    for _ in range(3):
        x = w * c.rng.random()
        c.draw.polygon([(x, 0), (x + w * 0.05, 0), (x + w * 0.2, h), (x + w * 0.12, h)],
                       fill=(*c.detail(1), 40))  # fmt: skip
    c.figures(h * 0.9, h * 0.3)


def hills(c: Canvas, sky: float = 0.35) -> None:
    """Sky above rolling hills (dominant), nearer hills a shade darker."""
    w, h = c.width, c.height
    c.gradient((0, 0, w, h * sky), shade(c.detail(0), -0.05), shade(c.detail(0), 0.25))
    c.draw.rectangle((0, h * sky, w, h), fill=c.dominant)
    for layer, amount in ((0, 0.03), (1, -0.04)):
        base, amp, phase = h * (sky + 0.08 + 0.25 * layer), h * 0.05, c.rng.random() * 6.3
        points = [(w * i / 30, base + amp * math.sin(phase + i / 4)) for i in range(31)]
        c.draw.polygon([*points, (w, h), (0, h)], fill=shade(c.dominant, amount))
    c.figures(h * 0.92, h * 0.28)


def meadow(c: Canvas) -> None:
    """Hills dotted with flowers."""
    hills(c)
    c.scatter(c.width * c.height // 1500, (0, c.height * 0.55, c.width, c.height), c.height * 0.008)


def dunes(c: Canvas) -> None:
    """Sand dunes (dominant) with shaded lee sides under a clear sky."""
    hills(c, sky=0.35)
    w, h = c.width, c.height
    for _ in range(3):
        x, y = w * c.rng.random(), h * (0.5 + 0.35 * c.rng.random())
        c.draw.polygon([(x, y), (x + w * 0.25, y + h * 0.15), (x + w * 0.05, y + h * 0.15)],
                       fill=shade(c.dominant, -0.18))  # fmt: skip


def snow(c: Canvas) -> None:
    """Snowfields (dominant) with dark fir trees."""
    hills(c, sky=0.33)
    w, h = c.width, c.height
    for _ in range(c.rng.randint(4, 10)):
        x, y, s = w * c.rng.random(), h * (0.45 + 0.4 * c.rng.random()), h * 0.08
        c.draw.polygon([(x, y - s * 2), (x - s * 0.6, y), (x + s * 0.6, y)], fill=c.detail(1))


def night_sky(c: Canvas) -> None:
    """Night (dominant) with stars, an aurora and a dark horizon."""
    w, h = c.width, c.height
    c.sky(h)
    c.scatter(w * h // 2500, (0, 0, w, h * 0.8), max(0.6, h * 0.0025))
    for band in range(c.rng.randint(1, 3)):
        base, amp, phase = h * (0.3 + 0.12 * band), h * 0.08, c.rng.random() * 6.3
        points = [(w * i / 30, base + amp * math.sin(phase + i / 5)) for i in range(31)]
        c.draw.line(points, fill=(*c.detail(band % 2), 110), width=max(3, h // 25))
    c.ridge(h * 0.86, h * 0.05, c.detail(3))


def animal(c: Canvas, legs: float = 2.2, trunk: bool = False, neck: float = 0.0) -> None:
    """A four-legged animal on a plain background (dominant), people beside it."""
    w, h = c.width, c.height
    fur = c.detail(c.rng.randrange(3))
    cx, cy = w * (0.55 if c.people else 0.5), h * (0.45 + 0.05 * (2.6 - legs))
    bw, bh = min(w * 0.3, h * 0.45), min(w, h) * 0.14
    draw = c.draw
    for leg in (-0.7, -0.4, 0.4, 0.7):
        x = cx + bw * leg
        draw.rectangle((x - bw * 0.06, cy, x + bw * 0.06, cy + bh * legs), fill=fur)
    draw.ellipse((cx - bw, cy - bh, cx + bw, cy + bh), fill=fur)
    hx, hy, hr = cx + bw * 0.95, cy - bh * (1.2 + neck), bh * 0.8
    if neck:
        draw.polygon(
            [(cx + bw * 0.5, cy - bh * 0.5), (hx, hy), (hx, hy + hr), (cx + bw * 0.8, cy)], fill=fur
        )
    draw.ellipse((hx - hr, hy - hr, hx + hr, hy + hr), fill=fur)
    if trunk:
        draw.ellipse(
            (hx - hr * 1.6, hy - hr * 0.9, hx - hr * 0.1, hy + hr * 1.1), fill=shade(fur, -0.1)
        )
        trunk_line = [
            (hx + hr * 0.6, hy + hr * 0.3),
            (hx + hr * 1.0, hy + hr * 1.6),
            (hx + hr * 0.8, hy + hr * 2.6),
        ]
        draw.line(trunk_line, fill=fur, width=max(2, round(hr * 0.35)))
    else:
        draw.polygon(
            [(hx - hr * 0.8, hy - hr * 0.5), (hx - hr * 0.3, hy - hr * 1.7), (hx, hy - hr * 0.7)],
            fill=fur,
        )
    eye = hr * 0.15
    draw.ellipse((hx + hr * 0.2, hy - eye, hx + hr * 0.2 + 2 * eye, hy + eye), fill=c.detail(3))
    draw.line(
        (cx - bw, cy - bh * 0.3, cx - bw * 1.4, cy + bh * 0.8),
        fill=fur,
        width=max(2, round(bh * 0.2)),
    )
    c.figures(h * 0.98, h * 0.6, span=0.25, centre=0.13)


def horse(c: Canvas) -> None:
    """A horse: long legs and a raised neck."""
    animal(c, legs=2.6, neck=0.9)


def elephant(c: Canvas) -> None:
    """An elephant: big ear and a trunk."""
    animal(c, legs=1.8, trunk=True)


def birds(c: Canvas) -> None:
    """Sky (dominant), a branch and a few birds perched or flying."""
    w, h = c.width, c.height
    c.sky(h)
    y = h * (0.6 + 0.2 * c.rng.random())
    c.draw.line((0, y, w * 0.8, y - h * 0.1), fill=c.detail(4), width=max(3, h // 40))
    for number in range(c.rng.randint(1, 5)):
        x, by, s = w * c.rng.random(), h * (0.15 + 0.5 * c.rng.random()), min(w, h) * 0.04
        colour = c.detail(number)
        c.draw.ellipse((x - s, by - s * 0.6, x + s, by + s * 0.6), fill=colour)
        c.draw.polygon([(x - s * 0.3, by), (x + s * 0.4, by), (x - s, by - s * 1.4)], fill=colour)


def flowers(c: Canvas) -> None:
    """Blossoms with petals and stems on a plain background (dominant)."""
    w, h = c.width, c.height
    for number in range(c.rng.randint(3, 7)):
        x, y, r = (
            w * (0.15 + 0.7 * c.rng.random()),
            h * (0.2 + 0.5 * c.rng.random()),
            min(w, h) * 0.07,
        )
        c.draw.line(
            (x, y, x + r * (c.rng.random() - 0.5), h), fill=c.detail(4), width=max(2, h // 120)
        )
        petal = c.detail(number % 4)
        for k in range(6):
            a = k * math.pi / 3
            px, py = x + r * math.cos(a), y + r * math.sin(a)
            c.draw.ellipse((px - r * 0.6, py - r * 0.6, px + r * 0.6, py + r * 0.6), fill=petal)
        c.draw.ellipse((x - r * 0.4, y - r * 0.4, x + r * 0.4, y + r * 0.4), fill=c.detail(3))


def underwater(c: Canvas) -> None:
    """Water (dominant) with light rays, coral and fish."""
    w, h = c.width, c.height
    c.gradient((0, 0, w, h), shade(c.dominant, 0.12), shade(c.dominant, -0.12))
    for _ in range(4):
        x = w * c.rng.random()
        c.draw.polygon([(x, 0), (x + w * 0.04, 0), (x + w * 0.15, h), (x + w * 0.07, h)],
                       fill=(*c.detail(3), 40))  # fmt: skip
    c.ridge(h * 0.85, h * 0.08, mix(c.detail(0), c.detail(2), 0.5), jagged=True)
    c.scatter(12, (0, h * 0.78, w, h), h * 0.03)
    for number in range(c.rng.randint(3, 8)):
        x, y, s = w * c.rng.random(), h * (0.2 + 0.5 * c.rng.random()), min(w, h) * 0.03
        colour = c.detail(number % 3)
        c.draw.ellipse((x - s * 1.4, y - s * 0.6, x + s * 1.4, y + s * 0.6), fill=colour)
        c.draw.polygon(
            [(x - s * 1.2, y), (x - s * 2.2, y - s * 0.7), (x - s * 2.2, y + s * 0.7)], fill=colour
        )
