"""User phrases turned into tantivy queries without tantivy's query parser.

The phrase is split here (double-quoted phrases, ``-term`` and ``NOT term``
exclusions, the rest free words) and every word is run through the index's
own analyzer, so the queries hold exactly the indexed terms and no input,
however odd, can make a parser error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import tantivy

from photobank.search import _schema as f

MAX_PARTS = 32  # bounds the cost of pathological phrases
MAX_PHRASE_TERMS = 16
_PIECES = re.compile(r'(-?)"([^"]*)"|(\S+)')
_NOISE = frozenset({"AND", "OR", "&&", "||", "+"})


@dataclass(frozen=True, slots=True)
class ParsedPhrase:
    """Analyzed parts of a phrase; a part of one term is a term, longer is a phrase."""

    terms: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[tuple[str, ...], ...] = ()

    @property
    def has_positive(self) -> bool:
        return bool(self.terms or self.phrases)

    @property
    def can_relax(self) -> bool:
        """Whether dropping AND for the loose words could find more."""
        return len(self.terms) > 1


def parse_phrase(phrase: str) -> ParsedPhrase:
    terms: list[str] = []
    phrases: list[tuple[str, ...]] = []
    excluded: list[tuple[str, ...]] = []
    negate_next = False
    for match in _PIECES.finditer(phrase):
        dash, quoted, word = match.groups()
        if word is not None:
            if word in _NOISE:
                continue
            if word == "NOT":
                negate_next = True
                continue
            negate = negate_next or (word.startswith("-") and len(word) > 1)
            tokens = f.TEXT.analyze(word)
            quoted_part = False
        else:
            negate = negate_next or bool(dash)
            tokens = f.TEXT.analyze(quoted)
            quoted_part = True
        negate_next = False
        if not tokens:
            continue
        if negate:
            if len(excluded) < MAX_PARTS:
                excluded.append(tuple(tokens[:MAX_PHRASE_TERMS]))
        elif quoted_part and len(tokens) > 1:
            if len(phrases) < MAX_PARTS:
                phrases.append(tuple(tokens[:MAX_PHRASE_TERMS]))
        else:
            terms.extend(t for t in tokens if t not in terms)
    return ParsedPhrase(tuple(terms[:MAX_PARTS]), tuple(phrases), tuple(excluded))


def _any_field(schema: tantivy.Schema, tokens: tuple[str, ...], boosted: bool) -> tantivy.Query:
    """``tokens`` (one term, or a phrase) in any text field, weighted by field."""
    clauses = []
    for name, boost in f.TEXT_FIELDS:
        if len(tokens) == 1:
            query = tantivy.Query.term_query(schema, name, tokens[0])
        else:
            query = tantivy.Query.phrase_query(schema, name, list(tokens))
        if boosted and boost != 1.0:
            query = tantivy.Query.boost_query(query, boost)
        clauses.append((tantivy.Occur.Should, query))
    return tantivy.Query.boolean_query(clauses)


def text_query(schema: tantivy.Schema, parsed: ParsedPhrase, *, relaxed: bool) -> tantivy.Query:
    """All positive parts required (or, ``relaxed``, any loose word); exclusions removed."""
    clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
    loose = tantivy.Occur.Should if relaxed else tantivy.Occur.Must
    for term in parsed.terms:
        clauses.append((loose, _any_field(schema, (term,), True)))
    for tokens in parsed.phrases:
        clauses.append((tantivy.Occur.Must, _any_field(schema, tokens, True)))
    if not parsed.has_positive:
        clauses.append((tantivy.Occur.Must, tantivy.Query.all_query()))
    for tokens in parsed.excluded:
        clauses.append((tantivy.Occur.MustNot, _any_field(schema, tokens, False)))
    minimum = 1 if relaxed and parsed.terms and not parsed.phrases else None
    return tantivy.Query.boolean_query(clauses, minimum)
