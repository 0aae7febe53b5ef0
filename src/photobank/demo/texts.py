"""The prose of demo assets: editorial captions, credit lines, copyrights, allowed uses.

Editorial captions follow Getty's house style ("LONDON, ENGLAND - MAY 21: ...
(Photo by ...)") because clients display and parse them.
"""

from __future__ import annotations

from datetime import datetime

from photobank.catalog.model import AllowedUse, Location
from photobank.demo import vocab

_MONTHS = (
    "January February March April May June July August September October November December"
).split()
# Countries whose datelines name the state or nation inside them, as Getty's do.
_STATE_DATELINE = frozenset(("United States", "United Kingdom", "Australia", "Canada"))


def allowed_uses() -> dict[str, AllowedUse]:
    """Every allowed-use value the demo hands out, shared by all assets."""
    uses = {
        "free": AllowedUse(vocab.CREATIVE_USE, "No release required"),
        "released": AllowedUse(vocab.CREATIVE_USE, "Model and property released"),
        "rm": AllowedUse(vocab.CREATIVE_USE, "No release required", (vocab.RESTRICTIONS[3],)),
        "rm_released": AllowedUse(
            vocab.CREATIVE_USE, "Model and property released", (vocab.RESTRICTIONS[3],)
        ),
        "creative_editorial": AllowedUse(
            vocab.CREATIVE_EDITORIAL_USE, "Not released. More information", ("Editorial use only.",)
        ),
    }
    restrictions = [(text,) for text in vocab.RESTRICTIONS] + [(), ()]
    for number, restriction in enumerate(restrictions):
        uses[f"editorial{number}"] = AllowedUse(
            vocab.EDITORIAL_USE, "Not released. More information", restriction
        )
    return uses


def credit_and_copyright(artist: str, collection: vocab.CollectionSpec) -> tuple[str, str]:
    """The credit line and the copyright holder of an artist's work in a collection."""
    if collection.code == "HUL":
        return f"{artist}/Hulton Archive/Getty Images", "Getty Images"
    if collection.staff:
        return f"{artist}/Getty Images", "Getty Images"
    holder = artist if collection.asset_family == "creative" else collection.name
    return f"{artist}/{collection.name} via Getty Images", holder


def dateline(location: Location, when: datetime) -> str:
    """``"LONDON, ENGLAND - MAY 21: "``, the opening of an editorial caption."""
    city = location.city or location.state_province or location.country
    region = location.country
    if location.country in _STATE_DATELINE and location.state_province:
        region = location.state_province
    head = city if city == region else f"{city}, {region}"
    return f"{head.upper()} - {_MONTHS[when.month - 1].upper()} {when.day}: "


def long_date(when: datetime) -> str:
    return f"{_MONTHS[when.month - 1]} {when.day}, {when.year}"


def place_phrase(location: Location) -> str:
    """``"London, England"``: where an editorial picture was taken, for its caption."""
    city = location.city or location.state_province
    region = location.country
    if location.country in _STATE_DATELINE and location.state_province:
        region = location.state_province
    return f"{city}, {region}" if city and city != region else region


def plural(template: str) -> str:
    """``template`` with the verb after ``{who}`` agreeing with several people."""
    head, found, tail = template.partition("{who}")
    words = tail.split(" ")
    for number, word in enumerate(words):
        if not word or word == "of" or word.startswith("{"):
            continue
        if word.endswith(("sses", "shes", "ches", "xes")):
            words[number] = word[:-2]
        elif word.endswith("s"):
            words[number] = word[:-1]
        break
    return head + found + " ".join(words)


def names(people: list[str]) -> str:
    """``"A"``, ``"A and B"``, ``"A, B and C"``."""
    if len(people) < 2:
        return "".join(people)
    return f"{', '.join(people[:-1])} and {people[-1]}"
