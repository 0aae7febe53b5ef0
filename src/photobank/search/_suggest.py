"""Spelling corrections from the index's own vocabulary.

Candidates come from the index's unstemmed words (a :class:`Vocabulary`): terms
sharing the misspelt word's first letter (or its second, for a slip at the
start), most frequent first, within a small edit distance. Most typos keep
the first letters, and walking one prefix is far cheaper than scanning the
whole vocabulary.
"""

from __future__ import annotations

import re
from typing import Protocol

import tantivy

from photobank.search import _schema as f

_WORD = re.compile(r"[^\W_]+")
_CANDIDATES = 4000  # most frequent terms examined per prefix
_CACHE_LIMIT = 10_000


def edit_distance(a: str, b: str, bound: int) -> int:
    """Optimal-string-alignment distance (adjacent swaps cost 1), capped at ``bound + 1``."""
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > bound:
            return bound + 1
        previous2, previous = previous, current
    return previous[-1]


class Vocabulary(Protocol):
    """The words a backend indexed, as the speller reads them."""

    def terms_with_prefix(self, prefix: str, limit: int) -> list[tuple[str, int]]:
        """Unstemmed words starting with ``prefix`` and their document counts,
        most frequent first."""
        ...

    def is_known(self, word: str) -> bool:
        """Whether ``word`` (analyzed, unstemmed) or its stem occurs anywhere."""
        ...


class TantivyWords:
    """The :class:`Vocabulary` of a tantivy index snapshot (its ``words`` field)."""

    def __init__(self, searcher: tantivy.Searcher) -> None:
        self._searcher = searcher

    def terms_with_prefix(self, prefix: str, limit: int) -> list[tuple[str, int]]:
        return list(self._searcher.terms_with_prefix(f.WORDS, prefix, limit=limit))

    def is_known(self, word: str) -> bool:
        return is_known(self._searcher, word)


def is_known(searcher: tantivy.Searcher, word: str) -> bool:
    """Whether ``word`` (analyzed, unstemmed) or its stem occurs anywhere in the index."""
    if searcher.doc_freq(f.WORDS, word) > 0:
        return True
    stems = f.TEXT.analyze(word)
    return bool(stems) and any(searcher.doc_freq(name, stems[0]) > 0 for name, _ in f.TEXT_FIELDS)


def _letters(word: str) -> int:
    """A bitmask of the characters in ``word``: one edit flips at most two of its bits."""
    mask = 0
    for ch in word:
        mask |= 1 << (ord(ch) & 63)
    return mask


class Speller:
    """Corrects phrases; caches per prefix vocabularies until :meth:`clear` (after commits)."""

    def __init__(self) -> None:
        self._vocab: dict[str, list[tuple[str, int, int]]] = {}
        self._fixes: dict[str, str | None] = {}

    def clear(self) -> None:
        self._vocab = {}
        self._fixes = {}

    def _candidates(self, words: Vocabulary, prefix: str) -> list[tuple[str, int, int]]:
        vocab = self._vocab.get(prefix)
        if vocab is None:
            terms = words.terms_with_prefix(prefix, _CANDIDATES)
            vocab = [(term, count, _letters(term)) for term, count in terms]
            self._vocab[prefix] = vocab
        return vocab

    def closest(self, words: Vocabulary, word: str) -> str | None:
        """The most frequent indexed word within edit distance 1 (short words) or 2."""
        bound = 1 if len(word) <= 4 else 2
        letters = _letters(word)
        best: tuple[int, int, str] | None = None
        for prefix in dict.fromkeys(word[:2]):
            for term, count, term_letters in self._candidates(words, prefix):
                if (
                    abs(len(term) - len(word)) > bound
                    or (letters ^ term_letters).bit_count() > 2 * bound
                    or term == word
                ):
                    continue
                distance = edit_distance(word, term, bound)
                if distance <= bound and (best is None or (distance, -count, term) < best):
                    best = (distance, -count, term)
            if best is not None:
                break
        return best[2] if best is not None else None

    def correct(self, words: Vocabulary, phrase: str) -> str:
        """``phrase`` with each unknown word replaced by its closest indexed word."""
        if len(self._fixes) > _CACHE_LIMIT or len(self._vocab) > _CACHE_LIMIT:
            self.clear()
        fixes = self._fixes

        def fix(match: re.Match[str]) -> str:
            original = match.group(0)
            tokens = f.PLAIN.analyze(original)
            if len(tokens) != 1 or len(tokens[0]) < 3 or tokens[0].isdigit():
                return original
            word = tokens[0]
            if word not in fixes:
                fixes[word] = None if words.is_known(word) else self.closest(words, word)
            return fixes[word] or original

        return _WORD.sub(fix, phrase)
