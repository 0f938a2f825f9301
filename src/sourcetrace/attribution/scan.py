"""The state of one post's scan: the `Hit`s the rules record, the `Scan` they record them on
(the spans already claimed, the phrases excluded), and the bounds that keep a scan linear in the
post's length (`MAX_HITS`, `MAX_CANDIDATES`, `bounded`). The rules themselves are in `rules`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from ..normalize import Normalized
from .tables import Tables

T = TypeVar("T")


@dataclass
class Hit:
    """A credit found by a rule, in skeleton offsets; an empty `outlet` only claims its span."""

    start: int  # evidence span in the skeleton (with its cue or platform label)
    end: int
    core: tuple[int, int]  # the name, handle or address itself
    outlet: str
    rule: str


# Bounds that keep a scan linear in the post's length whatever the post (issue 15, kind 3): no
# post credits more than a handful of outlets, so a post with thousands of names is a crafted or
# degenerate one, and its first and last candidates are as good a sample as any.
MAX_HITS = 64  # credits recorded per post; the rules stop looking once there are this many
MAX_CANDIDATES = 512  # matches one rule examines per post: the first and last half of them
LIST_GAP = 8  # the most characters between two names of a list ("Xinhua y CNS")


def bounded(matches: Iterable[T]) -> list[T]:
    """The candidates a rule examines: all of them, or the first and last MAX_CANDIDATES / 2."""
    found = list(matches)
    if len(found) <= MAX_CANDIDATES:
        return found
    half = MAX_CANDIDATES // 2
    return found[:half] + found[-half:]


@dataclass
class Scan:
    """One post being scanned: the post, its skeleton, the hits so far and the excluded phrases."""

    post: str  # as given
    norm: Normalized  # its skeleton, with the map back to the post
    text: str  # the skeleton folded further (`text.FOLD`): what the rules match
    tables: Tables
    excluded: list[tuple[int, int]]  # registry phrases that contain a name but are no credit
    hits: list[Hit] = field(default_factory=list)
    # one byte per skeleton character: 1 where a hit's core or an excluded phrase lies, so that
    # `free` and `is_excluded` cost the length of the span asked about, not the number of hits
    _claimed: bytearray = field(init=False, repr=False)
    _excluded_mask: bytearray = field(init=False, repr=False)
    _credits: int = field(default=0, init=False, repr=False)

    def __post_init__(self) -> None:
        self._claimed = bytearray(len(self.text))
        self._excluded_mask = bytearray(len(self.text))
        for start, end in self.excluded:
            self._excluded_mask[start:end] = b"\x01" * (end - start)

    @property
    def full(self) -> bool:
        """Have MAX_HITS credits been found (the rules then stop)?"""
        return self._credits >= MAX_HITS

    def add(self, hit: Hit) -> None:
        """Record a hit and claim its core span."""
        self.hits.append(hit)
        self._credits += bool(hit.outlet)
        start, end = hit.core
        self._claimed[start:end] = b"\x01" * (end - start)

    def displace(self, start: int, end: int) -> bool:
        """Make way for a handle written over a name ("CNS 1952" over "CNS"): when every hit in
        [start, end) is a shorter name inside it, drop them and return True; else change
        nothing and return False."""
        overlapping = [h for h in self.hits if h.core[0] < end and start < h.core[1]]
        if not all(
            "name" in h.rule and start <= h.core[0] and h.core[1] <= end and h.core != (start, end)
            for h in overlapping
        ):
            return False
        for hit in overlapping:
            self.hits.remove(hit)
            self._credits -= bool(hit.outlet)
            self._claimed[hit.core[0] : hit.core[1]] = bytes(hit.core[1] - hit.core[0])
        return True

    def free(self, start: int, end: int) -> bool:
        """Is [start, end) clear of every name, handle or address already found?"""
        return self._claimed.find(1, start, end) == -1

    def is_excluded(self, start: int, end: int) -> bool:
        """Does [start, end) overlap an excluded phrase ("Xinhua Road")?"""
        return self._excluded_mask.find(1, start, end) != -1

    def original(self, start: int, end: int) -> str:
        """The post's own text for the skeleton span [start, end)."""
        a, b = self.norm.span(start, end)
        return self.post[a:b]
