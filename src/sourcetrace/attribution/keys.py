"""Many literal keys (outlet names, handles, excluded phrases) found in a text at once.

An Aho–Corasick automaton (pyahocorasick) holds the keys: built in about a millisecond for the
registry's ~1,400 names and separator-free names, where the regular expressions this replaces
(one trie-shaped alternation per table) took ~0.05 s of pattern parsing and compiling in every
new process, and more on a busy machine. The matches are those the alternations gave: at each position the longest key
that meets its boundaries, scanning left to right without overlaps, as `re.finditer` does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

# A letter or digit of a script written with spaces: a Latin name glued to Chinese text
# ("据CGTN报道") still has its boundaries.
WORD_CHAR = r"[^\W\u0e00-\u0eff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
_WORD = re.compile(WORD_CHAR)


@dataclass(frozen=True, slots=True)
class Found:
    """One key found in a text: [start, end) and the key itself."""

    start: int
    end: int
    key: str


class Keys:
    """A set of literal keys, each needing a word boundary on the left and/or right or not.

    `sides(key)` gives (left, right): whether the key needs a boundary there (no `WORD_CHAR`
    beside it). Keys with the same sides form a group, scanned on its own as one alternation
    was: matches of different groups may overlap, those of one group never do. Empty keys are
    ignored.
    """

    def __init__(
        self, keys: Iterable[str], sides: Callable[[str], tuple[bool, bool]] | None = None
    ) -> None:
        import ahocorasick

        self._groups: list[tuple[bool, bool]] = []
        self._automaton: Any = ahocorasick.Automaton()
        self._longest = 0
        for key in keys:
            if not key or key in self._automaton:
                continue
            self._longest = max(self._longest, len(key))
            group = sides(key) if sides is not None else (False, False)
            if group not in self._groups:
                self._groups.append(group)
            self._automaton.add_word(key, (key, self._groups.index(group)))
        if len(self._automaton):
            self._automaton.make_automaton()

    def __len__(self) -> int:
        return len(self._automaton)

    def starts(self, text: str) -> dict[int, list[Any]]:
        """Every occurrence of every key in `text` (overlapping ones too), by start: (key, group
        index) pairs, longest key first."""
        found: dict[int, list[Any]] = {}
        if not len(self._automaton):
            return found
        for last, (key, group) in self._automaton.iter(text):
            found.setdefault(last - len(key) + 1, []).append((key, group))
        for keys in found.values():
            keys.sort(key=lambda k: -len(k[0]))
        return found

    def find(self, text: str) -> list[Found]:
        """The keys in `text`, sorted by start and longest first: in each group, leftmost and
        longest among the keys whose boundaries hold, then on from its end (no overlaps)."""
        starts = self.starts(text)
        order = sorted(starts)
        found: list[Found] = []
        for group, (left, right) in enumerate(self._groups):
            pos = 0
            for start in order:
                if start < pos or (left and start and _WORD.match(text, start - 1)):
                    continue
                for key, key_group in starts[start]:
                    end = start + len(key)
                    if key_group != group or (right and end < len(text) and _WORD.match(text, end)):
                        continue
                    found.append(Found(start, end, key))
                    pos = end
                    break
        found.sort(key=lambda f: (f.start, -f.end))
        return found

    def prefix(self, text: str, pos: int = 0) -> str | None:
        """The longest key `text` has at `pos` (boundaries not asked), or None."""
        at = self.starts(text[pos : pos + self._longest]).get(0)
        return at[0][0] if at else None
