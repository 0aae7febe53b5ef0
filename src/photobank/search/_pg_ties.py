"""A page ordered by a RUM distance, equal distances broken as the embedded index does.

RUM answers ``ORDER BY distance LIMIT k`` from the index, but hits of equal
distance come back in the order their rows lie, which an unchanged re-save or a
restore changes. A second ORDER BY key would make PostgreSQL read and sort
every hit, so the page is read in the index's order from the first hit (as
OFFSET would scan it anyway) with a row past its end, and, where that row ties
with the page's last, read once more up to :data:`TIE_ROWS_MOST` rows past the
end, so the tie groups the page cuts through are whole; those rows are then
ordered by (distance, tie key) here and the page sliced out; for best match
the tie key is tantivy's BM25-like score of the group's rows (their field
lengths, :mod:`photobank.search._pg_relevance`, read for the groups the page
holds) times the rank weight. A tie group can be huge for a very common word:
rows past that are not read, and a page starting past 10,000 hits is read from
its own start; there a group cut short keeps the index's order.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from photobank.search._pg_cache import STATE
from photobank.search._pg_relevance import relevances

TIE_ROWS_MOST = 1_000  # rows read past the page's end to complete a tie group
# A page's start is reached through OFFSET, which reads every row before it anyway:
# a tie group there is completed by reading from the first hit, up to this offset.
_FROM_FIRST_MOST = 10_000
_TIE_BITS = (1 << 40) - 1  # best_key's low bits: the id hash (as the embedded index's)


@dataclass(frozen=True, slots=True)
class Ranked:
    """ORDER BY ``distance`` (a RUM ordering), equal distances by ``key`` (a column);
    by ``best_key``, first by relevance to the phrase's ``parts``."""

    distance: str
    key: str
    descending: bool
    parts: tuple[tuple[str, ...], ...] = ()


def rank_weight_of(best_key: int) -> float:
    """The embedded index's rank weight (weight plus the scaled id hash, see
    :func:`photobank.search._documents.asset_document`) from a ``best_key``."""
    return (best_key >> 40) / 1_000_000 + (best_key & _TIE_BITS) / 2**40 * 1e-4


def _tie_order(
    ranked: Ranked, relevance: dict[str, float]
) -> Callable[[Any], tuple[float, float, float, int]]:
    sign = -1 if ranked.descending else 1
    if ranked.key != "best_key":
        return lambda row: (float(row[2]), 0.0, 0.0, sign * int(row[3]))

    def order(row: Any) -> tuple[float, float, float, int]:
        # tantivy multiplies scores by log2(2 + the rank weight)
        weight = rank_weight_of(int(row[3]))
        score = relevance.get(str(row[0]), 1.0) * math.log2(2 + weight)
        return float(row[2]), sign * score, sign * weight, sign * int(row[3])

    return order


def _tied_ids(rows: Sequence[Any], first: int, last: int) -> list[str]:
    """The ids of the rows whose distance is shared and found among rows first..last."""
    on_page = {row[2] for row in rows[first : last + 1]}
    counts: dict[Any, int] = {}
    for row in rows:
        counts[row[2]] = counts.get(row[2], 0) + 1
    return [str(row[0]) for row in rows if row[2] in on_page and counts[row[2]] > 1]


def ranked_page(
    conn: Connection,
    where: str,
    params: dict[str, Any],
    ranked: Ranked,
    offset: int,
    limit: int,
) -> tuple[list[str], int | None]:
    """The ids at ``offset`` (``limit`` of them) of the hits of ``where`` by ``ranked``,
    and the table's state they were read in (None if nothing was read)."""
    sql = text(
        f"SELECT asset_id, {STATE}, {ranked.distance} AS distance, {ranked.key}"
        f" FROM search_documents WHERE {where}"
        f" ORDER BY {ranked.distance} LIMIT :limit OFFSET :offset"
    )

    # The rows [start, end) of one reading, from the first hit (which OFFSET would
    # scan anyway) unless the page starts too deep, widened once where the page's last
    # row ties with the row past it. The wider window is read whole again: two
    # readings may order equal distances differently, so windows never join.
    start = 0 if offset <= _FROM_FIRST_MOST else offset
    end = offset + limit + 1
    while True:
        rows = conn.execute(sql, {**params, "limit": end - start, "offset": start}).all()
        first, last = offset - start, min(offset + limit, start + len(rows)) - 1 - start
        if first >= len(rows):
            return [], int(rows[0][1]) if rows else None
        widen = len(rows) == end - start and rows[-1][2] == rows[last][2]
        if not widen or end > offset + limit + 1:
            break
        end += TIE_ROWS_MOST
    relevance = relevances(conn, _tied_ids(rows, first, last), ranked.parts)
    ordered = sorted(rows, key=_tie_order(ranked, relevance))
    return [str(row[0]) for row in ordered[first : first + limit]], int(rows[0][1])
