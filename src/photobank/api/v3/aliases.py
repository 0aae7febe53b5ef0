"""Field names of earlier v3 releases, still sent by clients written against them.

Getty's 2014 SDKs ask for ``editorial_source_name``, ``restrictions``,
``mid_res_comp`` and ``high_res_comp`` (their "all available response fields"
tests send each one); the current contract renamed or dropped them, so a strict
reading refuses those clients with ``400 InvalidParameterValue``. Each earlier
name is accepted wherever the endpoint serves the field it became, and answered
under the earlier name, which is the one those clients read:

* ``editorial_source_name``: the name of ``editorial_source``. The catalog
  keeps an editorial source's id, never its name, so it answers null.
* ``restrictions``: ``allowed_use.usage_restrictions``, the list of texts (the
  legacy API's ``Restrictions`` says the same).
* ``mid_res_comp``: a display size, the ``comp`` rendition under its earlier name.
* ``high_res_comp``: a display size photobank renders (the largest comp, 2048
  pixels), served where ``comp`` is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Alias:
    """An earlier field name and the current field it is served alongside."""

    earlier: str  # sent by the client, and the name its value is answered under
    current: str  # the contract's field: the alias is served wherever this one is
    read: Callable[[Any], Any] | None = None  # a property: its value from the current one's
    rendition: str | None = None  # a display size: the rendition answered under ``earlier``


def _no_name(_source: Any) -> None:
    return None


def _usage_restrictions(allowed_use: Any) -> Any:
    return allowed_use["usage_restrictions"] if allowed_use else []


ALIASES: dict[str, Alias] = {
    alias.earlier: alias
    for alias in (
        Alias("editorial_source_name", "editorial_source", read=_no_name),
        Alias("restrictions", "allowed_use", read=_usage_restrictions),
        Alias("mid_res_comp", "comp", rendition="comp"),
        Alias("high_res_comp", "comp", rendition="high_res_comp"),
    )
}
PROPERTY_ALIASES = tuple(a for a in ALIASES.values() if a.read is not None)
DISPLAY_ALIASES = {a.earlier: a.rendition for a in ALIASES.values() if a.rendition is not None}


def earlier_names(accepted: tuple[str, ...]) -> tuple[str, ...]:
    """The earlier names an operation whose ``fields`` accepts ``accepted`` takes too."""
    return tuple(a.earlier for a in ALIASES.values() if a.current in accepted)


def rendition(display_size: str) -> str:
    """The rendition a requested display size is answered with."""
    return DISPLAY_ALIASES.get(display_size, display_size)
