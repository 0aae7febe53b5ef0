"""The search page's query string: its controls, and the domain query it asks for.

The page's own short parameter names (``phrase``, ``type``, ``family``, ``orientation``,
``license``, ``people``, ``sort``, ``page``) keep shared URLs readable; each
control offers the catalog's own vocabulary, so a value the domain does not
know is refused with the control's name instead of silently ignored.
Refinements (``artist``, ``person``, ``event``) come from the facet links the
page shows under each search, with how many results each would keep. Further
filters: ``colour`` (a named colour), ``collection`` (one of the catalog's
collections, by code) and ``from``/``to`` dates (inclusive).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from math import ceil
from urllib.parse import urlencode

from photobank.catalog.model import ASSET_FAMILIES, LICENSE_MODELS, NUMBER_OF_PEOPLE, ORIENTATIONS
from photobank.catalog.repository import Reference
from photobank.errors import InvalidParameter
from photobank.paging import numbered_page
from photobank.search.query import SORT_ORDERS, SearchQuery, SetFilter, end_of_day
from photobank.search.service import FacetEntry

PAGE_SIZE = 30
MAX_PAGE = 1000  # deep paging costs the index offset + limit: nobody reads page 1001
MAX_PHRASE = 200


@dataclass(frozen=True, slots=True)
class Control:
    """One ``<select>`` of the form: its parameter, label and ``(value, text)`` options."""

    name: str
    label: str
    options: tuple[tuple[str, str], ...]
    selected: str = ""


def _options(values: tuple[str, ...], any_text: str | None) -> tuple[tuple[str, str], ...]:
    named = tuple((v, v.replace("_", " ").capitalize()) for v in values)
    return ((("", any_text),) if any_text else ()) + named


_LICENSE_TEXT = {"royaltyfree": "Royalty-free", "rightsmanaged": "Rights-managed"}
# A colour control's choices and the colour each searches near (v3's ``color``).
COLOURS = {
    "red": "d32f2f", "orange": "f57c00", "yellow": "fbc02d", "green": "388e3c",
    "teal": "00897b", "blue": "1976d2", "purple": "7b1fa2", "pink": "e91e63",
    "brown": "6d4c41", "black": "111111", "grey": "9e9e9e", "white": "f5f5f5",
}  # fmt: skip
DATES = {"from": "Taken from", "to": "Taken until"}
_CONTROLS = (
    Control("type", "Type", (("", "Images"), ("videos", "Videos"))),
    Control("family", "Asset family", _options(ASSET_FAMILIES, "All families")),
    Control("orientation", "Orientation", _options(ORIENTATIONS, "Any orientation")),
    Control(
        "license",
        "License model",
        (("", "Any license"), *((m, _LICENSE_TEXT[m]) for m in LICENSE_MODELS)),
    ),
    Control("people", "Number of people", _options(NUMBER_OF_PEOPLE, "Any number")),
    Control("colour", "Colour", _options(tuple(COLOURS), "Any colour")),
    Control("sort", "Sort by", _options(SORT_ORDERS, None)),
)


# Refinement parameter -> (the facet that offers its values, its heading).
REFINEMENTS = {
    "artist": ("artists", "Artists"),
    "person": ("specific_people", "People"),
    "event": ("events", "Events"),
}
FACET_LINKS = 8  # values offered per facet


@dataclass(frozen=True, slots=True)
class Refinement:
    """A facet value as a link: its text, how many results it keeps, and where it leads."""

    text: str
    count: int
    url: str


@dataclass(frozen=True, slots=True)
class FacetGroup:
    """One facet's heading, the value chosen (with the link that drops it), and its links."""

    name: str
    heading: str
    chosen: str | None
    drop_url: str
    links: list[Refinement]


@dataclass(frozen=True, slots=True)
class SearchForm:
    """What the visitor asked for, as the form shows it again."""

    phrase: str = ""
    choices: dict[str, str] = field(default_factory=dict)  # control name -> chosen value
    page: int = 1
    refined: dict[str, str] = field(default_factory=dict)  # refinement -> value (event: an id)
    collections: tuple[tuple[str, str], ...] = ()  # (code, name) the collection control offers

    @property
    def controls(self) -> list[Control]:
        return [
            Control(c.name, c.label, c.options, self.choices.get(c.name, c.options[0][0]))
            for c in (*_CONTROLS, _collection_control(self.collections))
        ]

    @property
    def dates(self) -> list[tuple[str, str, str]]:
        """The date inputs: (name, label, value)."""
        return [(name, label, self.choices.get(name, "")) for name, label in DATES.items()]

    def query(self, facets: bool = False) -> SearchQuery:
        """The domain search; ``facets``: with the counts the refinement links show."""

        def chosen(name: str) -> frozenset[str]:
            value = self.choices.get(name)
            return frozenset({value}) if value else frozenset()

        chosen_collection = self.choices.get("collection")
        window = numbered_page(self.page, PAGE_SIZE)
        return SearchQuery(
            asset_type="video" if self.choices.get("type") == "videos" else "image",
            color=COLOURS.get(self.choices.get("colour", "")),
            collection_codes=SetFilter(frozenset({chosen_collection}))
            if chosen_collection
            else None,
            date_from=_day(self.choices.get("from")),
            date_to=end_of_day(_day(self.choices.get("to"))),
            phrase=self.phrase,
            asset_families=chosen("family"),
            orientations=chosen("orientation"),
            license_models=chosen("license"),
            number_of_people=chosen("people"),
            sort_order=self.choices.get("sort") or SORT_ORDERS[0],
            artists=frozenset(v.lower() for v in [self.refined.get("artist")] if v),
            specific_people=frozenset(v.lower() for v in [self.refined.get("person")] if v),
            event_ids=frozenset(int(v) for v in [self.refined.get("event")] if v),
            offset=window.offset,
            limit=window.limit,
            facet_fields=tuple(facet for facet, _ in REFINEMENTS.values()) if facets else (),
            facet_max_count=FACET_LINKS,
        )

    @property
    def refinements_url(self) -> str:
        """Where the page's script fetches the facets, correction and related searches."""
        return "/search/refine?" + self.url().partition("?")[2]

    @property
    def key(self) -> tuple[str, tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
        """The search this form asks for, whatever page: what its refinements depend on."""
        return (
            self.phrase,
            tuple(sorted(self.choices.items())),
            tuple(sorted(self.refined.items())),
        )

    def url(
        self,
        page: int = 1,
        refined: Mapping[str, str | None] | None = None,
        phrase: str | None = None,
    ) -> str:
        """The address of another page of the same search; ``refined`` sets (or, None,
        drops) refinements, ``phrase`` searches another phrase with the same choices."""
        fields = {
            "phrase": self.phrase if phrase is None else phrase,
            **self.choices,
            **self.refined,
        }
        for name, value in (refined or {}).items():
            fields[name] = value or ""
        if page > 1:
            fields["page"] = str(page)
        return "/search?" + urlencode({k: v for k, v in fields.items() if v})

    def facets(
        self, found: dict[str, list[FacetEntry]], chosen_names: dict[str, str]
    ) -> list[FacetGroup]:
        """Each refinement's group: its links (not for a value already chosen), and the
        chosen value by name (``chosen_names``: an event's name for its id)."""
        groups = []
        for name, (facet, heading) in REFINEMENTS.items():
            value = self.refined.get(name)
            links = [
                Refinement(
                    e.name,
                    e.count,
                    self.url(refined={name: str(e.id) if name == "event" else e.name}),
                )
                for e in found.get(facet, [])
            ]
            chosen = chosen_names.get(name, value) if value else None
            groups.append(
                FacetGroup(
                    name, heading, chosen, self.url(refined={name: None}), [] if value else links
                )
            )
        return [g for g in groups if g.chosen or g.links]

    def pages(self, total: int) -> int:
        return min(MAX_PAGE, max(1, ceil(total / PAGE_SIZE)))


def collection_choices(reference: Reference) -> tuple[tuple[str, str], ...]:
    """The catalog's collections as the collection control offers them, by name."""
    found = {(c.code.lower(), c.name) for c in reference.collections.values()}
    return tuple(sorted(found, key=lambda pair: (pair[1].lower(), pair[0])))


def _collection_control(collections: tuple[tuple[str, str], ...]) -> Control:
    return Control("collection", "Collection", (("", "All collections"), *collections))


def _day(value: str | None) -> datetime | None:
    return datetime.combine(date.fromisoformat(value), time.min, UTC) if value else None


def parse_search(
    params: Mapping[str, str], collections: tuple[tuple[str, str], ...] = ()
) -> SearchForm:
    """The form ``params`` describe; a value no control offers is :class:`InvalidParameter`."""
    phrase = " ".join(params.get("phrase", "").split())
    if len(phrase) > MAX_PHRASE:
        raise InvalidParameter("phrase", f"The search phrase is longer than {MAX_PHRASE} letters.")
    choices = {}
    for control in (*_CONTROLS, _collection_control(collections)):
        value = params.get(control.name, "").strip().lower()
        if value and value not in {v for v, _ in control.options}:
            offered = ", ".join(v for v, _ in control.options if v)
            raise InvalidParameter(
                control.name, f"{control.label} cannot be '{value[:40]}': choose one of {offered}."
            )
        if value:
            choices[control.name] = value
    refined = {name: " ".join(params.get(name, "").split()) for name in REFINEMENTS}
    event = refined["event"]
    if event and not (event.isascii() and event.isdigit() and len(event) < 10):
        raise InvalidParameter("event", f"Event must be an event's number, not '{event[:40]}'.")
    if any(len(value) > MAX_PHRASE for value in refined.values()):
        raise InvalidParameter("artist", f"A refinement is longer than {MAX_PHRASE} letters.")
    choices.update(_dates(params))
    kept = {name: value for name, value in refined.items() if value}
    return SearchForm(phrase, choices, parse_page(params), kept, collections)


def _dates(params: Mapping[str, str]) -> dict[str, str]:
    """The ``from`` and ``to`` dates given, as ISO dates; else :class:`InvalidParameter`."""
    found: dict[str, date] = {}
    for name, label in DATES.items():
        value = params.get(name, "").strip()
        if not value:
            continue
        try:
            found[name] = date.fromisoformat(value)
        except ValueError:
            raise InvalidParameter(
                name, f"{label} must be a date like 2024-05-31, not '{value[:40]}'."
            ) from None
    if "from" in found and "to" in found and found["from"] > found["to"]:
        raise InvalidParameter("to", "Taken until must not come before taken from.")
    return {name: day.isoformat() for name, day in found.items()}


def parse_page(params: Mapping[str, str]) -> int:
    """The ``page`` query parameter (1 when absent); else :class:`InvalidParameter`."""
    raw_page = params.get("page", "1").strip() or "1"
    if not (raw_page.isascii() and raw_page.isdigit()) or not 1 <= int(raw_page) <= MAX_PAGE:
        raise InvalidParameter("page", f"Page must be a number from 1 to {MAX_PAGE}.")
    return int(raw_page)
