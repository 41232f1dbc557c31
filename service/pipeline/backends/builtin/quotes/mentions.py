"""Entity mentions by position, to tell which entity a speaker phrase names."""

from __future__ import annotations

from bisect import bisect_left

from service.pipeline.document import Entity

SPEAKER_TYPES = ("PERSON", "ORGANIZATION")


class MentionIndex:
    def __init__(self, entities: list[Entity]) -> None:
        # the longest mention first where two start together ("Budi Santoso" before "Budi")
        rows = sorted(
            ((m.start, m.end, i, e.type, m.text) for i, e in enumerate(entities) for m in e.mentions),
            key=lambda r: (r[0], -r[1]),
        )
        self._rows = rows
        self._starts = [r[0] for r in rows]

    def _inside(self, start: int, end: int, types: tuple[str, ...]) -> list[tuple[int, str, int]]:
        out: list[tuple[int, str, int]] = []
        rows = self._rows
        for k in range(bisect_left(self._starts, start), len(rows)):  # no copy of the rows after
            s, e, index, kind, text = rows[k]
            if s >= end:
                break
            if e <= end and kind in types:
                out.append((index, text, s))
        return out

    def all_in(self, start: int, end: int, types: tuple[str, ...]) -> list[tuple[int, str, int]]:
        """(entity index, mention text, start) of every mention of `types` inside [start, end)."""
        return self._inside(start, end, types)

    def first(self, start: int, end: int, types: tuple[str, ...]) -> tuple[int, str] | None:
        """(entity index, mention text) of the first mention of one of `types` inside [start, end)."""
        found = self._inside(start, end, types)
        return (found[0][0], found[0][1]) if found else None

    def last(self, start: int, end: int, types: tuple[str, ...]) -> tuple[int, str] | None:
        found = self._inside(start, end, types)
        return (found[-1][0], found[-1][1]) if found else None

    def last_named_before(self, end: int, kind: str, head: str) -> tuple[int, str] | None:
        """(entity index, mention text) of the last mention of `kind` ending by `end` whose name
        starts with the word `head` (case-insensitive): "kementerian" -> "Kementerian Luar Negeri"."""
        prefix = head.lower() + " "
        for _, e, index, k, text in reversed(self._rows[: bisect_left(self._starts, end)]):
            if e <= end and k == kind and text.lower().startswith(prefix):
                return index, text
        return None

    def persons_by_start(self) -> list[tuple[int, int, str]]:
        """(start, entity index, text) of every PERSON mention, in text order."""
        return [(s, i, t) for s, _, i, kind, t in self._rows if kind == "PERSON"]
