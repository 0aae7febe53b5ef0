"""Who is in a demo picture and how it is framed: head count, ages, ethnicities,
compositions, and how titles name the people.

Kept apart from the asset generator because the rules that keep these fields
consistent with each other (no ages when nobody is there, ``adults_only`` only
for adults, ``multiethnic_group`` only for mixed groups) are the part worth
reading on its own.
"""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass
from itertools import accumulate

from photobank.catalog.model import ETHNICITIES
from photobank.demo import vocab

_ALL_GROUPS = tuple(vocab.AGE_BRACKETS)
_ALL_WEIGHTS = list(accumulate((2, 5, 15, 8, 20, 25, 12, 10)))
_ADULT_WEIGHTS = list(accumulate((0, 0, 0, 0, 30, 35, 20, 15)))
_SINGLE = tuple(e for e in ETHNICITIES if e != "multiethnic_group")
_PEOPLE_COMPOSITIONS = (
    "portrait", "looking_at_camera", "candid", "waist_up", "three_quarter_length",
    "full_length", "headshot",
)  # fmt: skip
_SCENE_COMPOSITIONS = (
    "full_frame", "copy_space", "sparse", "close_up", "macro", "still_life", "abstract",
    "cut_out",
)  # fmt: skip
_NEEDS_PEOPLE = frozenset(_PEOPLE_COMPOSITIONS) - {"candid"}
# Head count by subject kind: none, one, two, group.
HEADCOUNT = {
    "never": (1, 0, 0, 0),
    "sometimes": (60, 20, 10, 10),
    "always": (0, 40, 25, 35),
    "portrait": (0, 70, 20, 10),
}


@dataclass(frozen=True, slots=True)
class Cast:
    """The people fields of one asset, plus the words titles and keywords use."""

    number_of_people: str
    ages: tuple[str, ...]
    ethnicities: tuple[str, ...]
    who: str  # "young woman", "two friends", "group of people"
    keywords: tuple[str, ...]  # People keywords


NOBODY = Cast("none", (), (), "", ("No People",))


def draw_cast(rng: random.Random, count: str, kids: bool) -> Cast:
    """The people of a picture with ``count`` people (``none``/``one``/``two``/``group``)."""
    if count == "none":
        return NOBODY
    heads = {"one": 1, "two": 2}.get(count) or rng.randint(3, 4)
    weights = _ALL_WEIGHTS if kids else _ADULT_WEIGHTS
    groups = [_ALL_GROUPS[bisect(weights, rng.random() * weights[-1])] for _ in range(heads)]
    women = [rng.random() < 0.5 for _ in range(heads)]
    ages: list[str] = []
    for group in groups:
        ages += (group, rng.choice(vocab.AGE_BRACKETS[group]))
    adults = all(g in vocab.ADULT_GROUPS for g in groups)
    if heads > 1 and adults:
        ages.append("adults_only")
    picked = rng.sample(_SINGLE, 1 if heads == 1 else rng.randint(1, min(3, heads)))
    if len(picked) > 1:
        picked.append("multiethnic_group")
    elif heads == 1 and rng.random() < 0.05:
        picked = ["mixed_race_person"]
    words = {"one": "One Person", "two": "Two People"}.get(count, "Group Of People")
    keywords = [words, *dict.fromkeys(vocab.AGE_KEYWORD[g] for g in groups)]
    keywords += ["Women"] if any(women) else []
    keywords += ["Men"] if not all(women) else []
    return Cast(
        count,
        tuple(dict.fromkeys(ages)),
        tuple(picked),
        _who(rng, groups, women, adults),
        tuple(keywords),
    )


def _who(rng: random.Random, groups: list[str], women: list[bool], adults: bool) -> str:
    if len(groups) == 1:
        return vocab.AGE_NOUNS[groups[0]][0 if women[0] else 1]
    grown = any(g in vocab.ADULT_GROUPS for g in groups)
    if len(groups) == 2:
        if adults:
            return rng.choice(("two friends", "couple", "two colleagues", "two adults"))
        return "parent and child" if grown else "two children"
    if adults:
        return rng.choice(("group of people", "group of friends", "team of colleagues"))
    return rng.choice(("family", "family with children")) if grown else "group of children"


def draw_compositions(rng: random.Random, typical: tuple[str, ...], cast: Cast) -> tuple[str, ...]:
    """One to three compositions: some typical of the subject, perhaps one general one;
    none that needs a person when nobody is in the picture."""
    chosen = [c for c in typical if rng.random() < 0.6]
    if rng.random() < 0.7 or not chosen:
        chosen.append(rng.choice(_PEOPLE_COMPOSITIONS if cast.ages else _SCENE_COMPOSITIONS))
    if not cast.ages:
        chosen = [c for c in chosen if c not in _NEEDS_PEOPLE] or ["full_frame"]
    return tuple(dict.fromkeys(chosen))[:3]
