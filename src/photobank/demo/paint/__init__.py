"""Drawing recipes for demo pictures, one per kind of subject.

Each recipe paints a whole :class:`Canvas`; :data:`RECIPES` maps the names
used in :mod:`photobank.demo.subjects` to them.
"""

from __future__ import annotations

from collections.abc import Callable

from photobank.demo.paint import events, graphic, nature, scenes
from photobank.demo.paint.base import Canvas

RECIPES: dict[str, Callable[[Canvas], None]] = {
    "mountains": nature.mountains,
    "lake": nature.lake,
    "seascape": nature.seascape,
    "waves": nature.waves,
    "forest": nature.forest,
    "hills": nature.hills,
    "meadow": nature.meadow,
    "dunes": nature.dunes,
    "snow": nature.snow,
    "night_sky": nature.night_sky,
    "animal": nature.animal,
    "horse": nature.horse,
    "elephant": nature.elephant,
    "birds": nature.birds,
    "flowers": nature.flowers,
    "underwater": nature.underwater,
    "skyline": scenes.skyline,
    "facade": scenes.facade,
    "cathedral": scenes.cathedral,
    "street": scenes.street,
    "cup": scenes.cup,
    "glass": scenes.glass,
    "food": scenes.food,
    "figures": scenes.figures,
    "portrait": scenes.portrait,
    "pitch": events.pitch,
    "court": events.court,
    "track": events.track,
    "racetrack": events.racetrack,
    "stage": events.stage,
    "runway": events.runway,
    "backdrop": events.backdrop,
    "podium": events.podium,
    "crowd": events.crowd,
    "pattern": graphic.pattern,
    "abstract": graphic.abstract,
    "network": graphic.network,
    "texture": graphic.texture,
    "bokeh": graphic.bokeh,
}

__all__ = ["RECIPES", "Canvas"]
