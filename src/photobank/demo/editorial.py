"""Editorial side of the demo: the kinds of events covered and the subjects shot there.

Every editorial asset belongs to an event, so that the event filters, the
events facet and ``/v3/events`` have something real to work on.
"""

from __future__ import annotations

from dataclasses import dataclass

from photobank.demo.subjects import subject as _S


@dataclass(frozen=True, slots=True)
class EventKind:
    key: str
    type: str  # Event.type
    segments: tuple[str, ...]
    names: tuple[str, ...]  # templates filled from FILL, plus {city}, {country}, {year}
    domain: str  # who is photographed and who photographs: sport, entertainment, ...
    places: str  # vocab.Place tag
    weight: int  # share of the events
    captions: tuple[str, ...]  # templates: {who}, {event}
    suffixes: tuple[str, ...] = ("",)  # appended to the event name to make titles
    days: int = 0  # longest duration; 0 = a one-day event
    years: tuple[int, int] = (2006, 2025)
    cast: tuple[int, int] = (2, 8)  # how many named people an event has
    parent: str | None = None  # template of a festival-like parent event


FILL: dict[str, tuple[str, ...]] = {
    "team": (
        "Northbridge United", "Riverside City", "Ashford Rovers", "Kingsport Athletic",
        "Westmoor Wanderers", "Harbour Town", "Eastfield Albion", "Redcliffe Rangers",
        "Greystone FC", "Lakeside Dynamo", "Marlow County", "Southgate Villa",
        "Bellhaven Celtic", "Oakridge Town",
    ),
    "league": ("Premier Division", "Continental Cup", "National Cup", "Champions Trophy"),
    "club": (
        "Metro Hawks", "Bay City Comets", "Desert Suns", "Lakeshore Kings", "Capital Titans",
        "Harbor Pilots", "Summit Bears", "Coastline Sharks",
    ),
    "film": (
        "The Last Harbour", "Midnight Orchard", "Paper Crowns", "A Quiet Engine",
        "Salt and Silver", "The Glass Meridian", "Northern Fires", "Small Hours",
        "The Lantern Keeper", "Echoes of June", "Velvet Static", "Borrowed Summers",
    ),
    "band": (
        "The Velvet Harbours", "Neon Orchard", "Paper Lanterns", "Midnight Atlas",
        "Silver Arrows", "The Undertow", "Static Bloom", "Golden Hour Club",
    ),
    "awards": ("Silver Lens Awards", "Global Music Honours", "Golden Reel Awards"),
    "house": ("Maison Verlaine", "Atelier Norde", "Castellano", "Studio Ferro", "Halvorsen"),
    "season": ("Spring/Summer", "Fall/Winter"),
    "org": (
        "Ministry of Finance", "World Health Forum", "Global Tech Summit", "Central Bank",
        "National Space Agency", "Climate Council",
    ),
    "party": ("Unity Party", "Progress Alliance", "Green Future", "Civic League"),
    "cause": ("Climate Strike", "Workers' Rights", "Affordable Housing", "Peace"),
}  # fmt: skip

_ED = (100, 0, 0, 0)

KINDS = (
    EventKind("football", "sport", ("sport",), ("{team} v {team2} - {league}",), "sport",
              "city", 14, ("{who} of {team} celebrates scoring during the {event}",
              "{who} controls the ball during the {event}", "{who} in action during the {event}"),
              cast=(4, 12)),
    EventKind("tennis", "sport", ("sport",), ("{city} Open {year}",), "sport", "city", 5,
              ("{who} plays a forehand during the {event}", "{who} celebrates victory at the "
               "{event}"), days=9, cast=(4, 12)),
    EventKind("basketball", "sport", ("sport",), ("{club} v {club2}",), "sport", "city", 6,
              ("{who} drives to the basket during the {event}", "{who} shoots during the "
               "{event}"), cast=(4, 10)),
    EventKind("motorsport", "sport", ("sport",), ("Grand Prix of {country} {year}",), "sport",
              "city", 4, ("{who} drives during the {event}", "{who} celebrates on the podium "
               "after the {event}"), suffixes=(" - Practice", " - Qualifying", " - Race"),
              days=3, cast=(4, 10)),
    EventKind("marathon", "sport", ("sport",), ("{city} Marathon {year}",), "sport", "city", 4,
              ("{who} crosses the finish line of the {event}", "Runners compete in the "
               "{event}"), cast=(2, 6)),
    EventKind("concert", "music", ("entertainment",), ("{band} In Concert - {city}",
              "{lead} In Concert - {city}"), "entertainment", "city", 8,
              ("{who} performs on stage during the {event}", "{who} performs at the {event}"),
              cast=(1, 4)),
    EventKind("premiere", "film", ("entertainment",), ("'{film}' {city} Premiere",),
              "entertainment", "city", 9, ("{who} attends the {event}",
              "{who} arrives at the {event}"), suffixes=(" - Arrivals", " - Red Carpet", ""),
              cast=(4, 12), parent="{city} Film Festival {year}"),
    EventKind("awards", "awards", ("entertainment",), ("{year} {awards}",), "entertainment",
              "city", 5, ("{who} attends the {event}", "{who} accepts an award onstage at "
              "the {event}"), suffixes=(" - Arrivals", " - Show", " - Winners Room"),
              cast=(6, 14)),
    EventKind("fashion", "fashion", ("entertainment",), ("{house} - Runway",),
              "entertainment", "city", 6, ("{who} walks the runway at the {event}",
              "{who} attends the {event}"), suffixes=("", " - Front Row", " - Backstage"),
              cast=(3, 8), parent="{city} Fashion Week {season} {year}"),
    EventKind("publicity", "film", ("publicity", "entertainment"),
              ("'{film}' Portrait Session", "'{film}' Photocall"), "entertainment", "city", 3,
              ("{who} poses for a portrait during the {event}",), cast=(2, 5)),
    EventKind("press", "news", ("news",), ("{org} Press Conference",), "news", "city", 7,
              ("{who} speaks during the {event}", "{who} answers questions at the {event}"),
              cast=(1, 4)),
    EventKind("politics", "news", ("news",), ("{party} Election Rally",
              "{city} Mayoral Debate {year}"), "news", "city", 5,
              ("{who} addresses supporters at the {event}", "{who} speaks at the {event}"),
              cast=(1, 4)),
    EventKind("protest", "news", ("news",), ("{cause} March In {city}",), "news", "city", 4,
              ("Demonstrators gather during the {event}", "{who} joins the {event}"),
              cast=(1, 3)),
    EventKind("royal", "royalty", ("royalty", "news"), ("{lead} Visits {city}",
              "{lead} Attends Service In {city}"), "royalty", "city", 4,
              ("{who} greets well-wishers during the {event}", "{who} attends the {event}"),
              days=2, cast=(1, 3)),
    EventKind("archive", "archival", ("archival",), ("Street Life In {city}, {year}",
              "{city} Motor Show {year}", "Seaside Holiday, {year}", "Cup Final {year}"),
              "archive", "city", 6, ("{who} photographed during the {event}",
              "Crowds during the {event}"), years=(1930, 2000), cast=(0, 0)),
)  # fmt: skip

_SPORT = "Sport, Competition, Stadium, Athlete | Professional Sport, Sports Event"
_ENT = "Celebrities, Celebrity, Glamour | Arts Culture and Entertainment, Entertainment Event"
_NEWS = "Politics, Government, Speech, Microphone | Politics and Government, News Event"

EDITORIAL = (
    _S("Football Match", "pitch", "3a7d44 2f6b3a 4b8b3b | ffffff 1d3557 e63946 f1faee 8d99ae",
       f"Soccer, Soccer Ball, Soccer Player, {_SPORT}, Teamwork", "", people="always",
       styles=_ED, weight=16, event_kind="football", compositions=("full_length", "candid")),
    _S("Tennis Match", "court", "2a6f97 3d8b5f c8553d | ffffff f1faee ffd60a 1d3557",
       f"Tennis, Tennis Racket, Tennis Ball, {_SPORT}", "", people="always", styles=_ED,
       weight=6, event_kind="tennis", compositions=("full_length",)),
    _S("Basketball Game", "court", "c58940 b5793a d19c55 | 1d3557 e63946 ffffff f77f00",
       f"Basketball - Sport, Basketball - Ball, Court, {_SPORT}", "", people="always",
       styles=_ED, weight=6, event_kind="basketball", compositions=("full_length",)),
    _S("Motor Race", "racetrack", "6c757d 5c636a 7d868c | e63946 ffffff 1d3557 ffb703 2b9348",
       f"Motorsport, Racecar, Formula One Racing, {_SPORT}, Speed", "", people="sometimes",
       styles=_ED, weight=4, event_kind="motorsport"),
    _S("Marathon", "track", "b5523b c0603f a94a35 | ffffff 2a9d8f f4a261 1d3557",
       f"Marathon, Running, Athletics, {_SPORT}, Endurance", "", people="always", styles=_ED,
       weight=4, event_kind="marathon", compositions=("full_length", "candid")),
    _S("Concert", "stage", "120d1f 1a1033 0e0e18 | ff006e 8338ec ffbe0b 3a86ff f1faee",
       f"Music, Performance, Stage - Performance Space, Popular Music Concert, {_ENT}", "",
       people="always", styles=_ED, weight=8, event_kind="concert", bw=0.12,
       compositions=("three_quarter_length", "candid")),
    _S("Red Carpet Premiere", "backdrop", "f1f1f1 e4e4ea d9dde3 | b3122e 1d1d1d e9c46a "
       "3d405b 8d5524 f1c27d", f"Premiere, Red Carpet Event, Arrival, Film Industry, {_ENT}",
       "", people="always", styles=_ED, weight=10, event_kind="premiere",
       compositions=("full_length", "looking_at_camera")),
    _S("Awards Ceremony", "stage", "1d1a2f 2a1f3d 141021 | e9c46a ffd166 f1faee b5838d",
       f"Award, Awards Ceremony, Trophy, {_ENT}", "", people="always", styles=_ED, weight=6,
       event_kind="awards", compositions=("waist_up",)),
    _S("Fashion Show", "runway", "161616 222222 2b2b2b | f1f1f1 e63946 e9c46a 8d99ae",
       f"Fashion Show, Catwalk - Stage, Fashion Model, Fashion, {_ENT}", "",
       people="always", styles=_ED, weight=7, event_kind="fashion",
       compositions=("full_length",)),
    _S("Publicity Portrait", "portrait", "cfd2cd e6e1d8 373f47 | 1d3557 9d0208 f1faee 8d5524 "
       "f1c27d", f"Portrait, Actor, Actress, Photo Shoot, {_ENT}", "", people="always",
       styles=_ED, weight=3, event_kind="publicity", bw=0.25,
       compositions=("portrait", "headshot", "looking_at_camera")),
    _S("Press Conference", "podium", "1d3557 274472 22333b | f1faee a8dadc 2b2d42 8d5524 "
       "f1c27d", f"Press Conference, {_NEWS}", "", people="always", styles=_ED, weight=7,
       event_kind="press", compositions=("waist_up",)),
    _S("Political Rally", "crowd", "a8c5e6 9ab8d8 c6d8ec | e63946 1d3557 ffffff ffb703 "
       "8d5524", f"Election, Crowd, Rally, Flag, {_NEWS}", "", people="always", styles=_ED,
       weight=5, event_kind="politics", compositions=("candid",)),
    _S("Protest March", "crowd", "b8c0c8 a3acb5 c9ced4 | e63946 ffb703 2b2d42 f1faee 8d5524",
       "Protest, Protestor, Crowd, Placard, Social Issues | Activism, Demonstration, "
       "News Event", "", people="always", styles=_ED, weight=4, event_kind="protest",
       bw=0.1, compositions=("candid",)),
    _S("Royal Visit", "crowd", "b7d3e9 cde0ef a9c6dd | 5a189a e63946 1d3557 f1faee e9c46a",
       "Royalty, Visit, Crowd, Flag, Tradition | Royal Visit, Ceremony, News Event", "",
       people="always", styles=_ED, weight=4, event_kind="royal",
       compositions=("three_quarter_length", "candid")),
    _S("Vintage Street Scene", "street", "8a8a8a 9a948a 7d7a74 | 3d3d3d d6d2c4 5c5c5c "
       "b0a999", "Street, Old, Nostalgia, Retro Style, The Past | Archival, History, "
       "Twentieth Century", "", people="sometimes", styles=_ED, weight=5,
       event_kind="archive", bw=0.75),
)  # fmt: skip
