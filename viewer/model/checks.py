"""What every cross-check of a data file shares: where a problem is, and duplicate ids."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

Loc = tuple[str | int, ...]
"""A place in a data file as keys and list indices, e.g. ``("scenarios", 2, "id")``."""


def duplicates(items: Iterable[tuple[Loc, str]], what: str) -> Iterator[tuple[Loc, str]]:
    """Each ``(place, value)`` whose value came before, as a problem at that place."""
    seen: set[str] = set()
    for loc, value in items:
        if value in seen:
            yield loc, f"duplicate {what} {value!r}"
        seen.add(value)
