"""Cities, buildings, tables and rooms with people."""

from __future__ import annotations

from photobank.demo.paint.base import Canvas, luminance, mix, shade


def skyline(c: Canvas) -> None:
    """Sky (dominant) over a row of towers; windows glow when the sky is dark."""
    w, h = c.width, c.height
    c.sky(h)
    night = luminance(c.dominant) < 110
    x = 0.0
    while x < w:
        width = w * (0.04 + 0.07 * c.rng.random())
        top = h * (0.45 + 0.35 * c.rng.random())
        body = c.detail(1 + c.rng.randrange(2)) if night else c.detail(c.rng.randrange(3))
        c.draw.rectangle((x, top, x + width, h), fill=body)
        lit = c.detail(0) if night else shade(body, -0.3)
        step = max(3.0, width / 5)
        wy = top + step
        while wy < h - step:
            for column in range(1, 4):
                if c.rng.random() < (0.55 if night else 0.9):
                    wx = x + width * column / 4
                    c.draw.rectangle(
                        (wx - step * 0.2, wy, wx + step * 0.2, wy + step * 0.4), fill=lit
                    )
            wy += step
        x += width + w * 0.004
    c.draw.rectangle((0, h * 0.94, w, h), fill=shade(c.detail(1), -0.3))


def facade(c: Canvas) -> None:
    """A building face (dominant) with a grid of glass panels and a corner of sky."""
    w, h = c.width, c.height
    c.gradient((0, 0, w, h), shade(c.dominant, 0.08), shade(c.dominant, -0.08))
    c.draw.polygon([(0, 0), (w * 0.35, 0), (0, h * 0.25)], fill=c.detail(0))
    columns, rows = c.rng.randint(5, 10), c.rng.randint(6, 14)
    cw, ch = w / columns, h / rows
    for col in range(columns):
        for row in range(rows):
            if (row + col) % 3 == 0 and c.rng.random() < 0.8:
                x, y = col * cw, row * ch
                glass = mix(c.detail(0), c.detail(1), c.rng.random() * 0.5)
                c.draw.rectangle(
                    (x + cw * 0.15, y + ch * 0.15, x + cw * 0.85, y + ch * 0.85), fill=glass
                )
    for col in range(columns + 1):
        c.draw.line((col * cw, 0, col * cw, h), fill=c.detail(2), width=max(1, w // 200))


def cathedral(c: Canvas) -> None:
    """Stone front (dominant) with two towers, a rose window and a door, against the sky."""
    w, h = c.width, c.height
    c.gradient((0, 0, w, h * 0.3), shade(c.detail(0), -0.1), shade(c.detail(0), 0.2))
    stone = c.dominant
    c.draw.rectangle((w * 0.08, h * 0.25, w * 0.92, h), fill=stone)
    for x0 in (0.02, 0.72):
        c.draw.rectangle((w * x0, h * 0.1, w * (x0 + 0.26), h), fill=shade(stone, -0.05))
        c.draw.polygon(
            [(w * x0, h * 0.1), (w * (x0 + 0.13), 0), (w * (x0 + 0.26), h * 0.1)],
            fill=shade(stone, -0.1),
        )
    r = min(w, h) * 0.12
    c.draw.ellipse((w / 2 - r, h * 0.42 - r, w / 2 + r, h * 0.42 + r), fill=c.detail(1))
    c.draw.ellipse(
        (w / 2 - r * 0.6, h * 0.42 - r * 0.6, w / 2 + r * 0.6, h * 0.42 + r * 0.6), fill=c.detail(2)
    )
    c.draw.rounded_rectangle(
        (w * 0.42, h * 0.7, w * 0.58, h), radius=round(w * 0.08), fill=c.detail(1)
    )


def street(c: Canvas) -> None:
    """A street in perspective: road and walls (dominant), cars and passers-by."""
    w, h = c.width, c.height
    c.gradient((0, 0, w, h), shade(c.dominant, 0.1), shade(c.dominant, -0.1))
    vx, vy = w * (0.4 + 0.2 * c.rng.random()), h * 0.42
    c.draw.polygon([(vx - w * 0.03, 0), (vx + w * 0.03, 0), (vx, vy)], fill=c.detail(3))
    for side in (0, w):
        for level in range(1, 6):
            y = h * level / 6
            c.draw.line((side, y, vx, vy), fill=shade(c.dominant, -0.25), width=max(1, h // 300))
    c.draw.line((vx, vy, vx, h), fill=c.detail(1), width=max(2, w // 120))
    for number in range(c.rng.randint(1, 4)):
        depth = 0.3 + 0.7 * c.rng.random()
        cx, cy, cw = (
            vx + (c.rng.random() - 0.5) * w * depth,
            vy + (h - vy) * depth,
            w * 0.12 * depth,
        )
        c.draw.rounded_rectangle(
            (cx - cw, cy - cw * 0.5, cx + cw, cy),
            radius=max(1, round(cw * 0.2)),
            fill=c.detail(number),
        )
    c.figures(h * 0.97, h * 0.45, span=0.8)


def _table(c: Canvas, edge: float) -> None:
    """Wall (dominant) above a darker table top."""
    w, h = c.width, c.height
    c.gradient((0, 0, w, h * edge), shade(c.dominant, 0.06), shade(c.dominant, -0.06))
    c.draw.rectangle((0, h * edge, w, h), fill=shade(c.dominant, -0.25))


def cup(c: Canvas) -> None:
    """A cup of coffee on its saucer."""
    w, h = c.width, c.height
    _table(c, 0.62)
    c.figures(h * 1.1, h * 0.8, full=False, span=0.4)
    cx, cy, r = w * 0.5, h * 0.62, min(w, h) * 0.18
    c.draw.ellipse((cx - r * 1.6, cy + r * 0.3, cx + r * 1.6, cy + r * 0.9), fill=c.detail(0))
    c.draw.rounded_rectangle(
        (cx - r, cy - r * 0.6, cx + r, cy + r * 0.7), radius=round(r * 0.4), fill=c.detail(0)
    )
    c.draw.ellipse(
        (cx + r * 0.8, cy - r * 0.3, cx + r * 1.4, cy + r * 0.3),
        outline=c.detail(0),
        width=max(2, round(r * 0.12)),
    )
    c.draw.ellipse((cx - r, cy - r * 0.85, cx + r, cy - r * 0.35), fill=c.detail(1))


def glass(c: Canvas) -> None:
    """A glass of wine beside its bottle in low light (dominant)."""
    w, h = c.width, c.height
    _table(c, 0.75)
    bx, r = w * 0.35, min(w, h) * 0.08
    c.draw.rounded_rectangle(
        (bx - r, h * 0.3, bx + r, h * 0.8), radius=round(r * 0.5), fill=shade(c.detail(0), -0.4)
    )
    c.draw.rectangle(
        (bx - r * 0.35, h * 0.15, bx + r * 0.35, h * 0.32), fill=shade(c.detail(0), -0.4)
    )
    gx = w * 0.6
    c.draw.chord((gx - r * 1.5, h * 0.3, gx + r * 1.5, h * 0.6), 0, 180, fill=c.detail(0))
    c.draw.arc((gx - r * 1.5, h * 0.2, gx + r * 1.5, h * 0.6), 180, 360, fill=c.detail(2), width=2)
    c.draw.line((gx, h * 0.6, gx, h * 0.78), fill=c.detail(2), width=max(2, w // 150))
    c.draw.ellipse((gx - r, h * 0.76, gx + r, h * 0.8), fill=c.detail(2))


def food(c: Canvas) -> None:
    """A plate of food seen from above on a light table (dominant)."""
    w, h = c.width, c.height
    c.gradient((0, 0, w, h), shade(c.dominant, 0.05), shade(c.dominant, -0.05))
    cx, cy, r = w * 0.5, h * 0.5, min(w, h) * 0.3
    c.draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=c.detail(4))
    for number in range(c.rng.randint(5, 12)):
        x, y, s = (
            cx + r * 0.6 * (c.rng.random() - 0.5) * 2,
            cy + r * 0.6 * (c.rng.random() - 0.5) * 2,
            r * 0.15,
        )
        c.draw.ellipse((x - s, y - s * 0.7, x + s, y + s * 0.7), fill=c.detail(number % 4))


def figures(c: Canvas) -> None:
    """People in a room: wall (dominant), floor, a table, figures standing or seated."""
    w, h = c.width, c.height
    c.gradient((0, 0, w, h * 0.72), shade(c.dominant, 0.08), shade(c.dominant, -0.05))
    c.draw.rectangle((0, h * 0.72, w, h), fill=shade(c.dominant, -0.3))
    c.draw.rectangle((w * 0.62, h * 0.12, w * 0.9, h * 0.38), fill=shade(c.dominant, 0.3))
    c.figures(h * 0.95, h * 0.7, full=c.rng.random() < 0.5)
    c.draw.rectangle((w * 0.1, h * 0.66, w * 0.9, h * 0.74), fill=c.detail(3))


def portrait(c: Canvas) -> None:
    """Studio portrait: a plain backdrop (dominant) and one large or a few smaller sitters."""
    w, h = c.width, c.height
    c.gradient((0, 0, w, h), shade(c.dominant, 0.05), shade(c.dominant, -0.05))
    if c.people <= 1:
        tall = min(h * 0.85, w * 1.1)
        c.figure(w / 2, h + tall * 0.2, tall, c.detail(c.rng.randrange(3)), full=False)
    else:
        c.figures(h * 1.05, min(h * 0.7, w * 0.8), full=False, span=0.8)
