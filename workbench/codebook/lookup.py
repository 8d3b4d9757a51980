"""Fuzzy look-up of codes by name, path, keyword and synonym.

Coders type fast and misspell ("tacit knowlege"); the picker and ``codes find``
must still land on the right code. rapidfuzz's WRatio handles typos and partial
phrases; we score every searchable string of a code and keep the code's best.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils


@dataclass(frozen=True, slots=True)
class CodeEntry:
    """What the index needs to know about a code."""

    id: str
    name: str
    path: str
    keywords: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CodeMatch:
    id: str
    name: str
    path: str
    score: float
    matched: str  # the string that matched best
    field: str  # name | path | keyword | synonym


class CodeIndex:
    def __init__(self, entries: list[CodeEntry]) -> None:
        self._choices: list[str] = []
        self._owners: list[tuple[CodeEntry, str]] = []
        for e in entries:
            for text, kind in (
                (e.name, "name"),
                (e.path, "path"),
                *((k, "keyword") for k in e.keywords),
                *((s, "synonym") for s in e.synonyms),
            ):
                self._choices.append(text)
                self._owners.append((e, kind))

    def find(self, query: str, *, limit: int = 10, cutoff: float = 60.0) -> list[CodeMatch]:
        query = query.strip()
        if not query:
            return []
        hits = process.extract(
            query,
            self._choices,
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            limit=None,
            score_cutoff=cutoff,
        )
        best: dict[str, CodeMatch] = {}
        for text, score, idx in hits:
            entry, kind = self._owners[idx]
            # A name hit beats an equal keyword hit: names are what the coder meant.
            rank = score + (0.5 if kind == "name" else 0.0)
            prev = best.get(entry.id)
            if prev is None or rank > prev.score:
                best[entry.id] = CodeMatch(entry.id, entry.name, entry.path, rank, text, kind)
        ordered = sorted(best.values(), key=lambda m: (-m.score, m.path))
        return [
            CodeMatch(m.id, m.name, m.path, min(100.0, round(m.score, 1)), m.matched, m.field)
            for m in ordered[:limit]
        ]
