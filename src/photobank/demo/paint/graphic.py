"""Abstract and graphic subjects: patterns, shapes, networks, textures, bokeh."""

from __future__ import annotations

import math

from PIL import Image, ImageDraw, ImageFilter

from photobank.demo.paint.base import Canvas, shade


def pattern(c: Canvas) -> None:
    """A repeating grid of shapes on a plain ground (dominant)."""
    w, h = c.width, c.height
    cell = max(6, min(w, h) // c.rng.randint(4, 9))
    shape = c.rng.randrange(3)
    for row, y in enumerate(range(0, h + cell, cell)):
        for col, x in enumerate(range(0, w + cell, cell)):
            colour = c.detail((row + col) % 3)
            box = (x + cell * 0.2, y + cell * 0.2, x + cell * 0.8, y + cell * 0.8)
            if shape == 0:
                c.draw.ellipse(box, fill=colour)
            elif shape == 1:
                c.draw.polygon(
                    [(box[0], box[3]), ((box[0] + box[2]) / 2, box[1]), (box[2], box[3])],
                    fill=colour,
                )
            else:
                c.draw.rectangle(
                    (box[0], box[1], box[2] - cell * 0.15, box[3] - cell * 0.15), fill=colour
                )


def abstract(c: Canvas) -> None:
    """A few large overlapping shapes and a curve on a plain ground (dominant)."""
    w, h = c.width, c.height
    c.gradient((0, 0, w, h), shade(c.dominant, 0.06), shade(c.dominant, -0.06))
    for number in range(c.rng.randint(3, 6)):
        x, y, r = w * c.rng.random(), h * c.rng.random(), min(w, h) * (0.08 + 0.14 * c.rng.random())
        colour = (*c.detail(number), 200)
        if c.rng.random() < 0.5:
            c.draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
        else:
            corners = c.rng.randint(3, 6)
            turn = c.rng.random()
            c.draw.polygon(
                [
                    (
                        x + r * math.cos(turn + k * 2 * math.pi / corners),
                        y + r * math.sin(turn + k * 2 * math.pi / corners),
                    )
                    for k in range(corners)
                ],
                fill=colour,
            )
    phase = c.rng.random() * 6.3
    points = [(w * i / 40, h * (0.5 + 0.25 * math.sin(phase + i / 5))) for i in range(41)]
    c.draw.line(points, fill=c.detail(4), width=max(2, h // 60))


def network(c: Canvas) -> None:
    """Glowing nodes joined by lines on a dark ground (dominant)."""
    w, h = c.width, c.height
    nodes = [(w * c.rng.random(), h * c.rng.random()) for _ in range(c.rng.randint(20, 40))]
    for number, (x, y) in enumerate(nodes):
        for other in c.rng.sample(nodes, 2):
            c.draw.line((x, y, *other), fill=(*c.detail(number % 2), 110), width=1)
    for number, (x, y) in enumerate(nodes):
        r = min(w, h) * (0.004 + 0.01 * c.rng.random())
        c.draw.ellipse((x - r, y - r, x + r, y + r), fill=c.detail(number % 4))


def texture(c: Canvas) -> None:
    """Wood grain: wavy darker lines and a knot over the plank colour (dominant)."""
    w, h = c.width, c.height
    for number in range(c.rng.randint(12, 24)):
        base, amp, phase = h * c.rng.random(), h * 0.01 * c.rng.random(), c.rng.random() * 6.3
        points = [(w * i / 30, base + amp * math.sin(phase + i / 2)) for i in range(31)]
        c.draw.line(
            points, fill=shade(c.dominant, -0.12 - 0.1 * (number % 2)), width=max(1, h // 150)
        )
    x, y, r = w * c.rng.random(), h * c.rng.random(), min(w, h) * 0.04
    c.draw.ellipse((x - r * 1.5, y - r, x + r * 1.5, y + r), fill=c.detail(0))
    for seam in range(1, 4):
        c.draw.line((0, h * seam / 4, w, h * seam / 4), fill=c.detail(1), width=max(1, h // 200))


def bokeh(c: Canvas) -> None:
    """Out-of-focus lights: soft coloured discs on a dark ground (dominant)."""
    w, h = c.width, c.height
    layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for number in range(c.rng.randint(15, 35)):
        x, y, r = w * c.rng.random(), h * c.rng.random(), min(w, h) * (0.02 + 0.05 * c.rng.random())
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(*c.detail(number), 150))
    layer = layer.filter(ImageFilter.GaussianBlur(max(1, min(w, h) // 150)))
    c.image.paste(layer, (0, 0), layer)
    if c.people:
        c.figures(h * 1.1, h * 0.7, full=False, span=0.5)
