"""Turning a catalog :class:`Asset` into its row of PostgreSQL's ``search_documents``.

Text is analysed here by the embedded index's own analyzer (simple tokens,
lower case, ASCII folding, English stemming), not by PostgreSQL's parser, so
both backends match the same words the same way, and the tsvector is written
as a literal: title lexemes weigh A, keywords B, people, places, events and
artist C, the caption D (the embedded index's field boosts, in order). Each
field and value starts two positions after the last, so a quoted phrase never
spans two of them. Filter values are tags in the same tsvector (``field=value``
lexemes the analyzer can never produce: it splits on ``=``), so a phrase and
its filters are one index condition and a count never needs the table. The
tokens per field (title, keywords, people-places-events, caption: tantivy's
field lengths) are kept beside it for a length-aware best match
(:mod:`photobank.search._pg_relevance`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from photobank.catalog.model import Asset
from photobank.catalog.repository import Reference
from photobank.clock import as_utc
from photobank.search import _schema as f
from photobank.search._documents import asset_values, id_hashes, rank_weight, video_values
from photobank.search.colour import colour_cell
from photobank.search.query import MINIMUM_SIZES

COLUMNS = (
    "asset_id", "document", "words", "keyword_ids", "event_ids", "people_ids", "location_id",
    "artist", "date_created", "clip_ms", "best_key", "popular_key", "date_key",
    "random_0", "random_1", "random_2", "random_3", "field_lengths",
)  # fmt: skip

MAX_POSITION = 16_383  # PostgreSQL keeps no position past this
_MAX_POSITIONS = 256  # positions PostgreSQL keeps per lexeme
_TAG_CHARS = 500  # of a filter value: 2,000 bytes at most, within a lexeme's 2,047
_U63 = 1 << 63
_U32 = (1 << 32) - 1
_DATE_SPAN = 1 << 37  # as the embedded index: seconds either side of 1970 a key can hold
NUDITY_TAG = "nudity=true"
EDITORIAL_ONLY_TAG = "editorial_use_only=true"
EMBEDDABLE_TAG = "embeddable=true"


def quote(lexeme: str) -> str:
    """``lexeme`` as a quoted tsvector/tsquery literal."""
    if "'" in lexeme or "\\" in lexeme:
        lexeme = lexeme.replace("\\", "\\\\").replace("'", "''")
    return f"'{lexeme}'"


KEYWORD_MARK = "="  # starts no analysed word, so no spelling prefix reaches the markers


def keyword_marker(keyword_id: int) -> str:
    """The entry counting a keyword's assets among the words (``search_words``): how
    many searchable assets carry each keyword is then read, not counted."""
    return f"{KEYWORD_MARK}{keyword_id}"


def tag(field: str, value: object) -> str:
    """A filter value's lexeme: NULs dropped (PostgreSQL text has none) and cut to fit
    a lexeme (at most 2 KiB), as alike in documents and queries."""
    return f"{field}={str(value).replace(chr(0), '')[:_TAG_CHARS]}"


def size_tags(long_side: int) -> list[str]:
    """One tag per ``minimum_size`` step the long side reaches."""
    return [tag("size", name) for name, side in MINIMUM_SIZES.items() if 0 < side <= long_side]


def _signed(key: int) -> int:
    """An unsigned 64-bit sort key shifted into bigint's range, order kept."""
    return key - _U63


class TextMemo:
    """Analyses of the reference data's texts (keywords, people, places, events, artists),
    which recur on asset after asset; for one batch of rows, then dropped."""

    def __init__(self) -> None:
        self._stems: dict[str, list[str]] = {}
        self._words: dict[str, list[str]] = {}

    def stems(self, text: str) -> list[str]:
        found = self._stems.get(text)
        if found is None:
            found = self._stems[text] = f.TEXT.analyze(text)
        return found

    def words(self, text: str) -> list[str]:
        found = self._words.get(text)
        if found is None:
            found = self._words[text] = f.PLAIN.analyze(text)
        return found


class _Lexemes:
    """Weighted positions per lexeme, in the order the fields are added."""

    def __init__(self) -> None:
        self.positions: dict[str, list[str]] = {}
        self.next = 1

    def add(self, tokens: list[str], weight: str) -> int:
        """Add one field value's tokens; returns how many (the value's length)."""
        for offset, token in enumerate(tokens):
            kept = self.positions.setdefault(token, [])
            if len(kept) < _MAX_POSITIONS:
                kept.append(f"{min(self.next + offset, MAX_POSITION)}{weight}")
        self.next += len(tokens) + 1
        return len(tokens)

    def literal(self, tags: Iterable[str]) -> str:
        parts = [f"{quote(token)}:{','.join(kept)}" for token, kept in self.positions.items()]
        parts.extend(quote(t) for t in dict.fromkeys(tags))
        return " ".join(parts)


def _tags(asset: Asset, ref: Reference, people: list[str]) -> list[str]:
    tags = [
        tag(f.ASSET_TYPE, asset.asset_type),
        tag(f.ASSET_FAMILY, asset.asset_family),
        tag(f.LICENSE_MODEL, asset.license_model),
        tag(f.ORIENTATION, asset.orientation),
        tag(f.GRAPHICAL_STYLE, asset.graphical_style),
        tag(f.NUMBER_OF_PEOPLE, asset.number_of_people),
        tag(f.QUALITY_RANK, max(asset.quality_rank, 0)),
    ]
    for name, values in (
        *asset_values(asset),
        (f.PERSON, [person.lower() for person in people]),
        (f.EVENT_IDS, asset.event_ids),
        (f.KEYWORD_IDS, [keyword.keyword_id for keyword in asset.keywords]),
    ):
        tags.extend(tag(name, value) for value in values)
    collection = ref.collections.get(asset.collection_id)
    if collection is not None:
        tags.append(tag(f.COLLECTION, collection.code.lower()))
    if asset.artist:
        tags.append(tag(f.ARTIST, asset.artist.lower()))
    cell = colour_cell(asset.dominant_color)
    if cell is not None:
        tags.append(tag(f.COLOR_CELL, cell))
    tags.extend(size_tags(max(asset.width, asset.height, 0)))
    video = asset.video
    if video is not None:
        for name, values in video_values(video):
            tags.extend(tag(name, value) for value in values)
    for flag, name in (
        (asset.nudity, NUDITY_TAG),
        (asset.editorial_use_only, EDITORIAL_ONLY_TAG),
        (asset.embeddable, EMBEDDABLE_TAG),
    ):
        if flag:
            tags.append(name)
    return tags


def _date_key(when: datetime) -> int:
    seconds = int(as_utc(when).timestamp())
    return (min(max(seconds, -_DATE_SPAN), _DATE_SPAN - 1) + _DATE_SPAN) << 24


def document_row(asset: Asset, ref: Reference, memo: TextMemo) -> tuple[Any, ...]:
    """The values of :data:`COLUMNS` for ``asset``."""
    keywords = [keyword.text for keyword, _relevance in ref.keywords_of(asset)]
    people = [p.name for pid in asset.people_ids if (p := ref.people.get(pid))]
    events = [e.name for eid in asset.event_ids if (e := ref.events.get(eid))]
    location = ref.locations.get(asset.location_id) if asset.location_id is not None else None
    extra = [*people]
    if location is not None:
        places = (location.name, location.city, location.state_province, location.country)
        extra.extend(p for p in places if p)
    extra.extend(events)
    if asset.artist:
        extra.append(asset.artist)

    lexemes = _Lexemes()
    lengths = [lexemes.add(f.TEXT.analyze(asset.title), "A")]
    lengths.append(sum(lexemes.add(memo.stems(text), "B") for text in keywords))
    lengths.append(sum(lexemes.add(memo.stems(text), "C") for text in extra))
    lengths.append(lexemes.add(f.TEXT.analyze(asset.caption), "D"))
    words = {*f.PLAIN.analyze(asset.title), *f.PLAIN.analyze(asset.caption)}
    for text in (*keywords, *extra):
        words.update(memo.words(text))
    words.update(keyword_marker(keyword.keyword_id) for keyword in asset.keywords)

    tie, *randoms = id_hashes(asset.id)
    weight = rank_weight(asset.popularity, asset.quality_rank)
    popular = min(max(asset.popularity, 0), _U32)
    return (
        asset.id,
        lexemes.literal(_tags(asset, ref, people)),
        sorted(words),
        sorted({keyword.keyword_id for keyword in asset.keywords}),
        list(asset.event_ids),
        list(asset.people_ids),
        asset.location_id,
        asset.artist or None,
        as_utc(asset.date_created),
        round(asset.video.seconds * 1000) if asset.video is not None else None,
        (round(weight * 1_000_000) << 40) | (tie >> 24),
        _signed((popular << 32) | (tie >> 32)),
        _date_key(asset.date_created) | (tie >> 40),
        *(_signed(shuffle) for shuffle in randoms),
        lengths,
    )
