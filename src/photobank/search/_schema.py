"""The tantivy schema of the search index and the analyzers its text fields use.

Bump :data:`SCHEMA_VERSION` whenever a field, analyzer or derived value
changes: an index written under another version is dropped and rebuilt from
the store on the next start.
"""

from __future__ import annotations

import tantivy

SCHEMA_VERSION = 3

# Analyzer names registered on every opened index (tantivy does not persist them).
TEXT_ANALYZER = "pb_en"  # simple tokens, lower case, ASCII folding, English stemming
WORDS_ANALYZER = "pb_words"  # the same without stemming: the vocabulary for spelling fixes

ID = "id"

# Full-text fields with their query-time boosts: title and keywords say what
# the picture is about, captions ramble.
TITLE = "title"
KEYWORDS = "keywords"
CAPTION = "caption"
EXTRA = "extra"  # people, places, events and artist
TEXT_FIELDS: tuple[tuple[str, float], ...] = (
    (TITLE, 3.0),
    (KEYWORDS, 2.0),
    (EXTRA, 1.5),
    (CAPTION, 1.0),
)
WORDS = "words"  # every text token unstemmed, postings only

# Exact-match filter fields holding one or more raw strings.
ASSET_TYPE = "asset_type"
ASSET_FAMILY = "asset_family"
LICENSE_MODEL = "license_model"
ORIENTATION = "orientation"
GRAPHICAL_STYLE = "graphical_style"
NUMBER_OF_PEOPLE = "number_of_people"
AGES = "ages"
ETHNICITIES = "ethnicities"
COMPOSITIONS = "compositions"
FILE_TYPES = "file_types"
EDITORIAL_SEGMENTS = "editorial_segments"
PRODUCT_TYPES = "product_types"
COLLECTION = "collection"  # lower-cased collection code
ARTIST = "artist"  # lower-cased artist name
PERSON = "person"  # lower-cased names of the people shown
# Videos only.
VIDEO_FORMATS = "video_formats"  # every format offered
FRAME_RATE = "frame_rate"
ASPECT_RATIO = "aspect_ratio"
TECHNIQUES = "techniques"
VIEWPOINTS = "viewpoints"
RELEASE_STATUS = "release_status"
EDITORIAL_VIDEO_TYPE = "editorial_video_type"
RAW_FIELDS = (
    ASSET_TYPE, ASSET_FAMILY, LICENSE_MODEL, ORIENTATION, GRAPHICAL_STYLE, NUMBER_OF_PEOPLE,
    AGES, ETHNICITIES, COMPOSITIONS, FILE_TYPES, EDITORIAL_SEGMENTS, PRODUCT_TYPES,
    COLLECTION, ARTIST, PERSON, VIDEO_FORMATS, FRAME_RATE, ASPECT_RATIO, TECHNIQUES, VIEWPOINTS,
    RELEASE_STATUS, EDITORIAL_VIDEO_TYPE,
)  # fmt: skip

# The artists facet counts a fast integer column (a hash of the name; ten times
# cheaper to aggregate than a text column) and reads names back from the term
# dictionary of the artist as written.
ARTIST_NAME = "artist_name"
ARTIST_KEY = "artist_key"

# Unsigned integer fields.
EVENT_IDS = "event_ids"
KEYWORD_IDS = "keyword_ids"
PEOPLE_IDS = "people_ids"
LOCATION_ID = "location_id"
QUALITY_RANK = "quality_rank"
LONG_SIDE = "long_side"  # pixels, for minimum_size
COLOR_CELL = "color_cell"  # see photobank.search.colour
CLIP_MS = "clip_ms"  # videos: clip length in milliseconds

NUDITY = "nudity"
EDITORIAL_USE_ONLY = "editorial_use_only"
EMBEDDABLE = "embeddable"

DATE_CREATED = "date_created"

# Ranking columns, precomputed per document so every sort is one fast-field pass.
RANK_WEIGHT = "rank_weight"  # float multiplier input for best_match with a phrase
BEST_KEY = "best_key"  # best_match without a phrase: weight, then id hash
POPULAR_KEY = "popular_key"  # popularity, then id hash
DATE_KEY = "date_key"  # date_created seconds, then id hash
RANDOM_KEYS = ("random_0", "random_1", "random_2", "random_3")


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field(ID, stored=True, tokenizer_name="raw", index_option="basic")
    for name, _boost in TEXT_FIELDS:
        sb.add_text_field(name, tokenizer_name=TEXT_ANALYZER, index_option="position")
    sb.add_text_field(WORDS, tokenizer_name=WORDS_ANALYZER, index_option="basic")
    for name in RAW_FIELDS:
        sb.add_text_field(name, tokenizer_name="raw", index_option="basic")
    sb.add_text_field(ARTIST_NAME, tokenizer_name="raw", index_option="basic")
    for name in (EVENT_IDS, KEYWORD_IDS):
        sb.add_unsigned_field(name, indexed=True, fast=True)
    for name in (ARTIST_KEY, PEOPLE_IDS, LOCATION_ID, LONG_SIDE):
        sb.add_unsigned_field(name, fast=True)
    for name in (QUALITY_RANK, COLOR_CELL, CLIP_MS):
        sb.add_unsigned_field(name, indexed=True)
    for name in (NUDITY, EDITORIAL_USE_ONLY, EMBEDDABLE):
        sb.add_boolean_field(name, indexed=True)
    sb.add_date_field(DATE_CREATED, indexed=True, fast=True)
    sb.add_float_field(RANK_WEIGHT, fast=True)
    for name in (BEST_KEY, POPULAR_KEY, DATE_KEY, *RANDOM_KEYS):
        sb.add_unsigned_field(name, fast=True)
    return sb.build()


def _analyzer(*, stem: bool) -> tantivy.TextAnalyzer:
    builder = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
    )
    if stem:
        builder = builder.filter(tantivy.Filter.stemmer("english"))
    return builder.build()


TEXT = _analyzer(stem=True)
PLAIN = _analyzer(stem=False)


def register_analyzers(index: tantivy.Index) -> None:
    """Make the custom analyzers known to ``index``; needed after every open."""
    index.register_tokenizer(TEXT_ANALYZER, TEXT)
    index.register_tokenizer(WORDS_ANALYZER, PLAIN)
