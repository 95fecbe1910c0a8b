"""Search that forgives the way people type anatomy names.

"glute med", "G. medius", "musculus gluteus medius", "22315" and "buttock
muscle" should all find gluteus medius. Each query word must match the start
of a word in one of the structure's names (or be a near spelling of one);
matches in the main name rank above the Latin, plain and alias names, which
rank above feature names. A query that is a whole name or alias ranks that
structure first: "L3" is the third lumbar vertebra before the discs above and
below it, whose names also hold the word.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from viewer.model.atlas import Atlas
from viewer.model.schema import Structure

_WORD = re.compile(r"[a-z0-9]+")
FIELD_WEIGHTS = {"name": 3.0, "other": 2.0, "feature": 1.0}
EXACT_BONUS = 10.0
"""Added when the query, word for word, is one of the structure's names or aliases."""
TYPO_RATIO = 0.8
"""How close a misspelt word (four letters or more) must be to count."""


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@dataclass(frozen=True)
class _Entry:
    structure_id: str
    fields: dict[str, set[str]]
    whole: frozenset[tuple[str, ...]]
    """Each name and alias as its sequence of words."""


class StructureSearch:
    """An index of every structure's names, built once per atlas."""

    def __init__(self, atlas: Atlas):
        self._entries = [_entry(s) for s in atlas.data.structures]

    def __call__(self, query: str) -> list[str]:
        """Structure ids matching every word of ``query``, best first; all for a blank query."""
        tokens = words(query)
        if not tokens:
            return [e.structure_id for e in self._entries]
        scored = []
        for order, entry in enumerate(self._entries):
            score = _score(entry, tokens)
            if score > 0:
                scored.append((-score, order, entry.structure_id))
        return [sid for *_, sid in sorted(scored)]


def _entry(s: Structure) -> _Entry:
    other = [s.latin, s.plain_name, *s.aliases, s.id.replace("_", " "), s.ta2 or "", s.fma or ""]
    return _Entry(
        structure_id=s.id,
        fields={
            "name": set(words(s.name)),
            "other": {w for text in other for w in words(text)},
            "feature": {w for f in s.features for w in words(f.name)},
        },
        whole=frozenset(tuple(words(text)) for text in (s.name, *s.aliases)),
    )


def _score(entry: _Entry, tokens: list[str]) -> float:
    total = 0.0
    for token in tokens:
        best = max(
            _token_score(token, vocab) * FIELD_WEIGHTS[f] for f, vocab in entry.fields.items()
        )
        if best == 0:
            return 0.0
        total += best
    if tuple(tokens) in entry.whole:
        total += EXACT_BONUS
    return total


def _token_score(token: str, vocabulary: set[str]) -> float:
    if token in vocabulary:
        return 1.0
    if any(word.startswith(token) for word in vocabulary):
        return 0.8
    if len(token) >= 4 and difflib.get_close_matches(token, vocabulary, n=1, cutoff=TYPO_RATIO):
        return 0.5
    return 0.0
