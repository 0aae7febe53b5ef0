"""A BM25-like relevance of search documents, for hits of equal RUM distance.

RUM's distance weighs where a phrase's words match (title over keywords over
people, places and events over caption) and how they cluster, but not how long
those fields are, and only the distance itself comes out of the index in order;
a normalised distance (``rum_distance_query``) is worked out from each row's
document, never by the index. tantivy's BM25 ranks a match in a short title
above one in a long title. So among hits of equal distance (the groups
:mod:`photobank.search._pg_ties` completes anyway) the page is ordered by
tantivy's own formula: per field, ``tf (k1 + 1) / (tf + k1 (1 - b + b len / avg))``
times the field's boost, summed over the phrase's parts, with each document's
field lengths (``field_lengths``, migration 0015) and the table's averages
(kept in ``search_state`` as the change log is applied). Without the inverse
document frequency, which would need counts per word and field: the tied hits
mostly match the same words in the same fields, where it weighs them alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from sqlalchemy import Connection, text

from photobank.search import _schema as f

K1, B = 1.2, 0.75  # tantivy's BM25 constants
# The boosts of the fields a tsvector weight stands for (see _pg_documents): A B C D.
_BOOSTS = tuple(boost for _name, boost in f.TEXT_FIELDS)
_FIELD_OF_WEIGHT = {weight: field for field, weight in enumerate("ABCD")}

# Each document cut down to the phrase's lexemes before it is unnested, all in C: its
# words (ts_filter drops the tags, which have no positions) less every word not in the
# phrase (ts_delete). Unnesting whole documents and filtering their rows cost most of
# the tie order's time.
_SCORED = text(
    "SELECT d.asset_id, d.field_lengths, s.documents, s.field_length_sums,"
    " ARRAY(SELECT lexeme || ' ' || array_to_string(weights, '') FROM unnest(ts_delete("
    "w.words, tsvector_to_array(ts_delete(w.words, CAST(:terms AS text[])))))) AS matched"
    " FROM search_documents d"
    " CROSS JOIN LATERAL (SELECT ts_filter(d.document, '{a,b,c,d}') AS words OFFSET 0) w,"
    " search_state s WHERE s.id = 1 AND d.asset_id = ANY(string_to_array(:ids, ','))"
)  # ids as one string: psycopg dumps a list of a thousand strings element by element


def _frequencies(matched: Sequence[str]) -> dict[str, list[int]]:
    """Occurrences per field of each lexeme, from ``lexeme weights`` strings."""
    found: dict[str, list[int]] = {}
    for entry in matched:
        lexeme, _space, weights = entry.rpartition(" ")
        counts = found[lexeme] = [0, 0, 0, 0]
        for weight in weights:
            counts[_FIELD_OF_WEIGHT[weight]] += 1
    return found


def bm25(
    parts: Sequence[tuple[str, ...]],
    frequencies: dict[str, list[int]],
    lengths: Sequence[int],
    averages: Sequence[float],
) -> float:
    """The boosted BM25 sum (inverse document frequency left out) of a document in which
    the lexemes occur ``frequencies`` times per field; a phrase counts as often as its
    rarest word."""
    score = 0.0
    for part in parts:
        if len(part) == 1:
            counts = frequencies.get(part[0])
            if counts is None:
                continue
        else:
            found = [frequencies.get(token) for token in part]
            if None in found:
                continue
            counts = [min(field) for field in zip(*cast("list[list[int]]", found), strict=True)]
        for field, (tf, boost, average) in enumerate(zip(counts, _BOOSTS, averages, strict=True)):
            if tf and average > 0:
                length = lengths[field] if field < len(lengths) else 0
                score += boost * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / average))
    return score


def relevances(
    conn: Connection, ids: Sequence[str], parts: Sequence[tuple[str, ...]]
) -> dict[str, float]:
    """:func:`bm25` of the documents ``ids`` for the phrase ``parts`` (its terms and
    quoted phrases), by id."""
    if not ids or not parts:
        return {}
    terms = sorted({token for part in parts for token in part})
    scores: dict[str, float] = {}
    averages: list[float] = []
    for asset_id, lengths, documents, sums, matched in conn.execute(
        _SCORED, {"ids": ",".join(ids), "terms": terms}
    ).all():
        averages = averages or [total / documents if documents else 0.0 for total in sums]
        scores[str(asset_id)] = bm25(parts, _frequencies(matched), lengths, averages)
    return scores
