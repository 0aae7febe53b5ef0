"""The non-text parts of a :class:`SearchQuery` as tantivy filter clauses.

Required filters are wrapped in zero constant-score queries so they narrow
the result set without adding to the relevance score.
"""

from __future__ import annotations

from collections.abc import Iterable

import tantivy

from photobank.clock import as_utc
from photobank.search import _schema as f
from photobank.search.colour import cells_near
from photobank.search.query import MINIMUM_SIZES, SearchQuery, SetFilter

Clause = tuple[tantivy.Occur, tantivy.Query]

_MUST = tantivy.Occur.Must
_MUST_NOT = tantivy.Occur.MustNot


class _Clauses:
    def __init__(self, schema: tantivy.Schema) -> None:
        self.schema = schema
        self.items: list[Clause] = []

    def require(self, query: tantivy.Query) -> None:
        self.items.append((_MUST, tantivy.Query.const_score_query(query, 0.0)))

    def forbid(self, query: tantivy.Query) -> None:
        self.items.append((_MUST_NOT, query))

    def any_of(self, field: str, values: Iterable[str | int], exclude: bool = False) -> None:
        ordered = sorted(set(values))
        if not ordered:
            return
        if len(ordered) == 1:
            query = tantivy.Query.term_query(self.schema, field, ordered[0])
        else:
            query = tantivy.Query.term_set_query(self.schema, field, ordered)
        if exclude:
            self.forbid(query)
        else:
            self.require(query)

    def set_filter(self, field: str, flt: SetFilter | None, lower: bool = False) -> None:
        if flt is None or not flt.values:
            return
        values = {v.lower() for v in flt.values} if lower else set(flt.values)
        self.any_of(field, values, exclude=flt.exclude)

    def flag(self, field: str, *, required: bool) -> None:
        query = tantivy.Query.term_query(self.schema, field, True)
        if required:
            self.require(query)
        else:
            self.forbid(query)


def listed_filters(q: SearchQuery) -> tuple[tuple[str, Iterable[str]], ...]:
    """The query's filters that keep assets holding any of the listed values, by field
    (both search backends apply them alike)."""
    return (
        (f.ASSET_FAMILY, q.asset_families),
        (f.LICENSE_MODEL, q.license_models),
        (f.AGES, q.ages),
        (f.ETHNICITIES, q.ethnicities),
        (f.COMPOSITIONS, q.compositions),
        (f.NUMBER_OF_PEOPLE, q.number_of_people),
        (f.ORIENTATION, q.orientations),
        (f.FILE_TYPES, q.file_types),
        (f.EDITORIAL_SEGMENTS, q.editorial_segments),
        (f.PRODUCT_TYPES, q.product_types),
        (f.VIDEO_FORMATS, q.video_formats),
        (f.FRAME_RATE, q.frame_rates),
        (f.ASPECT_RATIO, q.aspect_ratios),
        (f.TECHNIQUES, q.techniques),
        (f.VIEWPOINTS, q.viewpoints),
        (f.RELEASE_STATUS, q.release_statuses),
        (f.EDITORIAL_VIDEO_TYPE, q.editorial_video_types),
    )


def filter_clauses(schema: tantivy.Schema, q: SearchQuery) -> list[Clause]:
    c = _Clauses(schema)
    c.any_of(f.ASSET_TYPE, [q.asset_type])
    for field, values in listed_filters(q):
        c.any_of(field, values)
    if q.min_clip_seconds is not None or q.max_clip_seconds is not None:
        c.require(
            tantivy.Query.range_query(
                schema,
                f.CLIP_MS,
                tantivy.FieldType.Unsigned,
                q.min_clip_seconds * 1000 if q.min_clip_seconds is not None else None,
                q.max_clip_seconds * 1000 if q.max_clip_seconds is not None else None,
            )
        )
    c.set_filter(f.GRAPHICAL_STYLE, q.graphical_styles)
    c.set_filter(f.COLLECTION, q.collection_codes, lower=True)
    c.any_of(f.ARTIST, {a.lower() for a in q.artists})
    c.any_of(f.PERSON, {p.lower() for p in q.specific_people})
    c.any_of(f.EVENT_IDS, q.event_ids)
    # Keyword ids narrow like phrase words: every requested keyword must be present.
    for keyword_id in sorted(q.keyword_ids):
        c.any_of(f.KEYWORD_IDS, [keyword_id])
    c.any_of(f.KEYWORD_IDS, q.exclude_keyword_ids, exclude=True)
    c.any_of(f.KEYWORD_IDS, q.any_keyword_ids)
    if q.color is not None and (cells := cells_near(q.color)):
        c.any_of(f.COLOR_CELL, cells)
    if q.date_from is not None or q.date_to is not None:
        c.require(
            tantivy.Query.range_query(
                schema,
                f.DATE_CREATED,
                tantivy.FieldType.Date,
                as_utc(q.date_from) if q.date_from is not None else None,
                as_utc(q.date_to) if q.date_to is not None else None,
            )
        )
    if q.minimum_size == "vector":
        c.any_of(f.GRAPHICAL_STYLE, ["vector"])
    elif q.minimum_size is not None and MINIMUM_SIZES.get(q.minimum_size, 0) > 0:
        c.require(
            tantivy.Query.range_query(
                schema, f.LONG_SIDE, tantivy.FieldType.Unsigned, MINIMUM_SIZES[q.minimum_size]
            )
        )
    if q.minimum_quality_rank is not None and q.minimum_quality_rank < 3:
        # Rank 1 is best, so "at least rank N" keeps ranks 1..N (none if N < 1).
        c.any_of(f.QUALITY_RANK, range(1, q.minimum_quality_rank + 1))
        if q.minimum_quality_rank < 1:
            c.require(tantivy.Query.empty_query())
    if q.exclude_nudity:
        c.flag(f.NUDITY, required=False)
    if q.exclude_editorial_use_only:
        c.flag(f.EDITORIAL_USE_ONLY, required=False)
    if q.embed_content_only:
        c.flag(f.EMBEDDABLE, required=True)
    return c.items
