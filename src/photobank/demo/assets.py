"""Demo assets, one at a time, from one seeded random stream.

Everything that does not depend on the individual asset (keyword ids of a
subject, cumulative weights, allowed-use texts, credit lines) is worked out
once in :class:`AssetMaker`'s constructor: a million assets must take minutes,
not hours, so the per-asset path only draws numbers and fills templates.
"""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from photobank.catalog.model import (
    GRAPHICAL_STYLES,
    NUMBER_OF_PEOPLE,
    ORIENTATIONS,
    Asset,
    KeywordTag,
    Location,
    Person,
    ReferralDestination,
)
from photobank.demo import texts, vocab
from photobank.demo.people import HEADCOUNT, NOBODY, Cast, draw_cast, draw_compositions
from photobank.demo.sizes import ORIENTATION_WEIGHTS, SizePicker, orientation_of
from photobank.demo.subjects import Subject
from photobank.demo.world import END, START, SUBJECTS, Artist, DemoEvent, World, cumulative

T = TypeVar("T")
EDITORIAL_SHARE = 0.35
_SPAN = int((END - START).total_seconds())
_DAY = 86_400
_STYLE_WORD = {
    "photography": "Photography", "illustration": "Illustration", "vector": "Vector",
    "fine_art": "Painting",
}  # fmt: skip
_STYLE_SUFFIX = {
    "illustration": ", illustration", "vector": ", vector illustration", "fine_art": ", painting"
}  # fmt: skip
_ORIENTATION_WORD = ("Horizontal", "Vertical", "Square", "Panoramic", "Panoramic")
_QUALITY_CUM = [15, 65, 100]
_CAMERA_PREFIXES = ("IMG_", "DSC_", "_MG_", "DSCF")
_BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_GENERAL_VIEW = "A general view during the {event}"
_OUTDOOR_RECIPES = frozenset(("pitch", "track", "racetrack", "crowd", "street"))


def _pick(rng: random.Random, items: list[T] | tuple[T, ...], cum: list[float]) -> T:
    return items[bisect(cum, rng.random() * cum[-1])]


def grey_of(hex_colour: str) -> str:
    """The grey Pillow's ``convert("L")`` turns ``hex_colour`` into, as hex."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))
    level = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16
    return f"{level:02x}" * 3


@dataclass(frozen=True, slots=True)
class _Plan:
    """What every asset of one subject shares, looked up once."""

    subject: Subject
    keyword_ids: tuple[int, ...]  # the subject's name first, then its things
    idea_ids: tuple[int, ...]
    titles_people: tuple[str, ...]
    titles_empty: tuple[str, ...]
    style_cum: list[float]
    headcount_cum: list[float]
    locations: list[Location]
    dominants: tuple[tuple[int, int, int], ...]
    events: list[DemoEvent]
    event_cum: list[float]
    outdoors: bool


@dataclass(frozen=True, slots=True)
class _Sale:
    """Who sells an asset and under which terms: the fields set by its family."""

    family: str
    artist: Artist
    collection: vocab.CollectionSpec
    title: str
    caption: str
    created: datetime
    submitted: datetime
    location: Location | None
    people: tuple[Person, ...] = ()
    events: tuple[int, ...] = ()
    segments: tuple[str, ...] = ()
    use: str = "free"
    editorial_only: bool = False


class AssetMaker:
    def __init__(self, world: World, seed: int) -> None:
        self._rng = random.Random(f"photobank-demo-assets-{seed}")
        self._world = world
        self._kid = world.keyword_id
        self._sizes = SizePicker()
        self._plans: dict[str, list[_Plan]] = {"creative": [], "editorial": []}
        for subject in SUBJECTS:
            family = "editorial" if subject.event_kind else "creative"
            self._plans[family].append(self._plan(subject))
        self._plan_cum = {
            family: cumulative([p.subject.weight for p in plans])
            for family, plans in self._plans.items()
        }
        self._artist_cum = {
            domain: cumulative([1 / (rank + 3) ** 0.9 for rank in range(len(artists))])
            for domain, artists in world.artists_by_domain.items()
        }
        self._orientation_cum = {
            style: cumulative(list(weights)) for style, weights in ORIENTATION_WEIGHTS.items()
        }
        self._place_words = {
            loc.id: tuple(
                dict.fromkeys(
                    self._kid(w) for w in (loc.city or loc.state_province, loc.country) if w
                )
            )
            for loc in world.locations
        }
        self._extra_words = [self._kid(w) for w in vocab.STYLE_KEYWORDS + vocab.CONCEPT_KEYWORDS]
        self._tags: dict[int, KeywordTag] = {}
        self._credits: dict[tuple[str, int], tuple[str, str]] = {}
        self._plurals: dict[str, str] = {}
        self._uses = texts.allowed_uses()

    def _plan(self, subject: Subject) -> _Plan:
        events = self._world.events_by_kind.get(subject.event_kind or "", [])
        headcount = HEADCOUNT["portrait" if subject.recipe == "portrait" else subject.people]
        return _Plan(
            subject,
            tuple(dict.fromkeys(self._kid(w) for w in (subject.name, *subject.subjects))),
            tuple(self._kid(w) for w in subject.concepts),
            tuple(t for t in subject.titles if "{who}" in t),
            tuple(t for t in subject.titles if "{who}" not in t),
            cumulative(list(subject.styles)),
            cumulative(list(headcount)),
            self._world.locations_by_tag.get(subject.places, []),
            tuple((int(h[:2], 16), int(h[2:4], 16), int(h[4:], 16)) for h in subject.dominants),
            events,
            cumulative([random.Random(e.event.id).paretovariate(1.2) for e in events]),
            bool(subject.places) or subject.recipe in _OUTDOOR_RECIPES,
        )

    def make(self, asset_id: str) -> Asset:
        """The next asset of the stream, named ``asset_id``."""
        rng = self._rng
        family = "editorial" if rng.random() < EDITORIAL_SHARE else "creative"
        plan = _pick(rng, self._plans[family], self._plan_cum[family])
        style = _pick(rng, GRAPHICAL_STYLES, plan.style_cum)
        count = _pick(rng, NUMBER_OF_PEOPLE, plan.headcount_cum)
        cast = draw_cast(rng, count, plan.subject.kids) if count != "none" else NOBODY
        if family == "editorial":
            sale = self._editorial(plan, _pick(rng, plan.events, plan.event_cum), cast)
        else:
            sale = self._creative(plan, style, cast)
        return self._asset(asset_id, plan, style, cast, sale)

    # -- the two families -------------------------------------------------

    def _creative(self, plan: _Plan, style: str, cast: Cast) -> _Sale:
        rng = self._rng
        domain = "photo" if style == "photography" else "art"
        artist = _pick(rng, self._world.artists_by_domain[domain], self._artist_cum[domain])
        collection = rng.choice(artist.collections)
        created = START + timedelta(seconds=rng.randrange(_SPAN))
        submitted = min(END, created + timedelta(seconds=rng.randrange(_DAY, 400 * _DAY)))
        location = None
        if plan.locations and rng.random() < 0.85:
            location = rng.choice(plan.locations)
        templates = (plan.titles_people if cast.ages else plan.titles_empty) or plan.subject.titles
        title = rng.choice(templates).format(who=cast.who, time=rng.choice(vocab.TIMES_OF_DAY))
        title = title[0].upper() + title[1:]
        if location is not None and rng.random() < 0.4:
            title += f" in {location.city or location.state_province or location.country}"
        title += _STYLE_SUFFIX.get(style, "")
        caption = ""
        if rng.random() < 0.8:
            caption = f"{title}." + (f" {location.name}." if location else "")
        editorial_only = rng.random() < 0.03
        if editorial_only:
            use = "creative_editorial"
        else:
            use = "released" if cast.ages else "free"
            if collection.license_model == "rightsmanaged":
                use = "rm_released" if cast.ages else "rm"
        return _Sale(
            "creative", artist, collection, title, caption, created, submitted, location,
            use=use, editorial_only=editorial_only,
        )  # fmt: skip

    def _editorial(self, plan: _Plan, demo: DemoEvent, cast: Cast) -> _Sale:
        rng = self._rng
        event, kind = demo.event, demo.kind
        pool = self._world.artists_by_domain[kind.domain]
        artist = _pick(rng, pool, self._artist_cum[kind.domain])
        collection = rng.choice(artist.collections)
        length = int((event.end_date - event.start_date).total_seconds()) if event.end_date else 0
        created = event.start_date + timedelta(seconds=rng.randrange(max(length, 6 * 3600)))
        if created < START:
            submitted = START + timedelta(seconds=rng.randrange(_SPAN))
        else:
            submitted = min(END, created + timedelta(seconds=rng.randrange(600, 3 * _DAY)))
        heads = {"none": 0, "one": 1, "two": 2}.get(cast.number_of_people) or rng.randint(2, 4)
        people: tuple[Person, ...] = ()
        if cast.ages and demo.cast:
            people = tuple(rng.sample(demo.cast, min(heads, len(demo.cast))))
        credit = self._credit(artist, collection)[0]
        caption = (
            texts.dateline(demo.location, created)
            + self._sentence(demo, cast, people, created)
            + f" (Photo by {credit})"
        )
        return _Sale(
            "editorial", artist, collection, event.name + rng.choice(kind.suffixes), caption,
            created, submitted, demo.location, people, (event.id,), event.editorial_segments,
            f"editorial{rng.randrange(len(vocab.RESTRICTIONS) + 2)}",
        )  # fmt: skip

    def _sentence(
        self, demo: DemoEvent, cast: Cast, people: tuple[Person, ...], when: datetime
    ) -> str:
        rng = self._rng
        if cast.ages:
            template = rng.choice([t for t in demo.kind.captions if "{who}" in t])
            who = texts.names([p.name for p in people])
            if not who:
                who = f"a {cast.who}" if cast.number_of_people == "one" else cast.who
            if len(people) > 1 or (not people and cast.number_of_people != "one"):
                template = self._plural(template)
        else:
            others = [t for t in demo.kind.captions if "{who}" not in t]
            template, who = rng.choice([*others, _GENERAL_VIEW]), ""
        text = template.format(who=who, event=demo.event.name, team=demo.fill.get("team", ""))
        place = texts.place_phrase(demo.location)
        return f"{text[0].upper()}{text[1:]} on {texts.long_date(when)} in {place}."

    def _plural(self, template: str) -> str:
        found = self._plurals.get(template)
        if found is None:
            found = self._plurals[template] = texts.plural(template)
        return found

    def _credit(self, artist: Artist, collection: vocab.CollectionSpec) -> tuple[str, str]:
        key = (artist.name, collection.id)
        found = self._credits.get(key)
        if found is None:
            found = self._credits[key] = texts.credit_and_copyright(artist.name, collection)
        return found

    # -- the fields every asset has -----------------------------------------

    def _asset(self, asset_id: str, plan: _Plan, style: str, cast: Cast, sale: _Sale) -> Asset:
        rng = self._rng
        subject, collection, created = plan.subject, sale.collection, sale.created
        black_and_white = rng.random() < subject.bw
        width, height = self._size(style, sale)
        orientation = orientation_of(width, height)
        credit, holder = self._credit(sale.artist, collection)
        alternative: dict[str, str] = {}
        istock = None
        referrals = [
            ReferralDestination("gettyimages", f"https://www.gettyimages.com/detail/{asset_id}")
        ]
        if collection.code == "IST" or (
            sale.family == "creative" and collection.license_model == "royaltyfree"
            and rng.random() < 0.1
        ):  # fmt: skip
            alternative["istock"] = istock_id = str(rng.randrange(100_000_000, 2_000_000_000))
            referrals.append(
                ReferralDestination("istock", f"https://www.istockphoto.com/photo/gm{istock_id}")
            )
            if collection.code == "IST":
                istock = "Signature" if rng.random() < 0.3 else "Essentials"
        return Asset(
            id=asset_id,
            asset_type="image",
            asset_family=sale.family,
            title=sale.title,
            caption=sale.caption,
            collection_id=collection.id,
            license_model=collection.license_model,
            width=width,
            height=height,
            date_created=created,
            date_submitted=sale.submitted,
            artist=sale.artist.name,
            artist_title=sale.artist.title,
            credit_line=credit,
            copyright=f"© {created.year} {holder}",
            graphical_style=style,
            orientation=orientation,
            color_type="black_and_white" if black_and_white else "color",
            file_types=("eps", "jpg") if style == "vector" else ("jpg",),
            date_camera_shot=created if style == "photography" else None,
            quality_rank=1 + bisect(_QUALITY_CUM, rng.random() * 100),
            popularity=min(1_000_000, int((rng.paretovariate(1.2) - 1.0) * 40)),
            number_of_people=cast.number_of_people,
            ages=cast.ages,
            ethnicities=cast.ethnicities,
            compositions=draw_compositions(rng, subject.compositions, cast),
            keywords=self._keywords(plan, style, black_and_white, orientation, cast, sale),
            people_ids=tuple(p.id for p in sale.people),
            location_id=sale.location.id if sale.location else None,
            event_ids=sale.events,
            editorial_segments=sale.segments,
            product_types=tuple(
                p for p in collection.product_types if p == "premiumaccess" or rng.random() < 0.85
            ),
            allowed_use=self._uses[sale.use],
            call_for_image=rng.random() < (0.01 if sale.family == "editorial" else 0.003),
            dominant_color=self._dominant(plan, black_and_white),
            nudity=subject.nudity and bool(cast.ages) and rng.random() < 0.03,
            editorial_use_only=sale.editorial_only,
            embeddable=rng.random() < (0.7 if collection.code == "AFP" else 0.93),
            alternative_ids=alternative,
            object_name=self._object_name(style, sale),
            istock_collection=istock,
            referral_destinations=tuple(referrals),
        )

    def _size(self, style: str, sale: _Sale) -> tuple[int, int]:
        if sale.family == "editorial":
            scale = "archive" if sale.created < START else "editorial"
        else:
            scale = style
        orientation = _pick(self._rng, ORIENTATIONS, self._orientation_cum[style])
        return self._sizes.pick(self._rng, orientation, scale)

    def _dominant(self, plan: _Plan, black_and_white: bool) -> str:
        rng = self._rng
        r, g, b = rng.choice(plan.dominants)
        jitter = rng.randint
        r, g, b = (min(255, max(0, c + jitter(-12, 12))) for c in (r, g, b))
        colour = f"{r:02x}{g:02x}{b:02x}"
        return grey_of(colour) if black_and_white else colour

    def _keywords(
        self,
        plan: _Plan,
        style: str,
        black_and_white: bool,
        orientation: str,
        cast: Cast,
        sale: _Sale,
    ) -> tuple[KeywordTag, ...]:
        rng, kid = self._rng, self._kid
        ids = list(plan.keyword_ids)
        if plan.idea_ids:
            ids += rng.sample(plan.idea_ids, rng.randint(1, len(plan.idea_ids)))
        if sale.location is not None:
            ids += self._place_words[sale.location.id]
        ids += (
            kid(_STYLE_WORD[style]),
            kid("Black And White" if black_and_white else "Color Image"),
            kid(_ORIENTATION_WORD[ORIENTATIONS.index(orientation)]),
            kid("Outdoors" if plan.outdoors else "Indoors"),
        )
        ids += (kid(word) for word in cast.keywords)
        ids += rng.sample(self._extra_words, rng.randint(0, 3))
        ids = list(dict.fromkeys(ids))[:25]
        while len(ids) < 8:
            extra = rng.choice(self._extra_words)
            if extra not in ids:
                ids.append(extra)
        tags = []
        for position, keyword in enumerate(ids):
            relevance = 100 if position == 0 else max(1, 97 - 4 * position - rng.randrange(4))
            key = keyword * 128 + relevance
            tag = self._tags.get(key)
            if tag is None:
                tag = self._tags[key] = KeywordTag(keyword, relevance)
            tags.append(tag)
        return tuple(tags)

    def _object_name(self, style: str, sale: _Sale) -> str:
        rng = self._rng
        if sale.family == "editorial":
            return f"{sale.collection.code}_{''.join(rng.choices(_BASE36, k=6))}"
        if style == "photography":
            return f"{rng.choice(_CAMERA_PREFIXES)}{rng.randrange(10_000):04d}"
        return f"{style}_{rng.randrange(100_000, 1_000_000)}"
