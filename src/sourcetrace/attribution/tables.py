"""A registry compiled for attribution: every outlet's names, handles and web addresses as lookups
and key sets. Built once per registry (the scanner caches it there).

The names, excluded phrases and separator-free names are Aho–Corasick key sets (`keys.Keys`),
built in milliseconds; the defanged addresses are one small pattern per host, compiled only for
hosts whose first label a post contains. One large alternation per table, as before, cost
~0.08 s of pattern compiling in every new process (~0.3 s on a busy machine) for the same
matches."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from ..outlets import Outlet, Registry
from .context import longer_name_before
from .cues import DEFANG, DEFANG_LOOSE, MISSION_WORDS, PLATFORM_HOSTS
from .keys import Keys
from .text import LATIN, LETTER, bounded, compact, skel

T = TypeVar("T")

_WORDS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Name:
    """One name or alias of an outlet, with what its matching needs to know."""

    outlet: str
    text: str  # as written in the registry
    kind: str  # "plain", "cased" or "context"
    latin: bool  # written in Latin letters only
    letters: int
    splits: frozenset[int]  # where the name itself has a separator, in compact offsets
    left: bool  # needs a word boundary on the left / right
    right: bool
    broadcaster: bool = False  # "en CGTN", "con CGTN": what it aired
    mission: bool = False  # an embassy's or consulate's: where it is may follow ("... en Angola")


@dataclass(frozen=True)
class Handle:
    """One social-media handle of an outlet."""

    outlet: str
    text: str
    distinctive: bool  # unmistakable without "@" or a platform label
    splits: frozenset[int]


class Tables:
    """Every outlet's names, handles and addresses compiled into a few patterns and tables."""

    def __init__(self, registry: Registry) -> None:
        self.names: dict[str, Name] = {}  # by skeleton
        self.handles: dict[str, Handle] = {}  # by case-folded handle
        self.hosts: dict[str, tuple[str, str]] = {}  # host -> (outlet, its link rule)
        self.compact: dict[str, list[Name | Handle]] = {}  # by the text without separators
        self.state_ids = frozenset(o.id for o in registry.all() if o.state)
        self.abbreviations = {  # "xh" -> "xinhua"
            a.casefold(): o.id for o in registry.all() for a in o.abbreviations
        }
        # the words of each outlet's names, case-folded ("taiwan" of "Central News Agency
        # (Taiwan)"): one before its name is no longer name of another (`context.longer_name_before`)
        self.name_words: dict[str, frozenset[str]] = {
            o.id: frozenset(w.casefold() for n in (*o.names, *o.abbreviations) for w in _WORDS.findall(n))
            for o in registry.all()
        }
        self._cache: dict[str, Any] = {}
        excludes: set[str] = set()
        line_excludes: set[str] = set()  # "^RT:": excluded only where a line starts
        family_names: dict[str, list[str]] = {}  # compact names of each family, for its handles
        for outlet in registry.all():
            self._add_names(outlet, family_names)
            for phrase in outlet.exclude:
                (line_excludes if phrase.startswith("^") else excludes).add(skel(phrase.removeprefix("^")))
            for host in outlet.domains:
                self.hosts[host] = (outlet.id, "link-domain")
            for host in outlet.shorteners:
                self.hosts[host] = (outlet.id, "link-shortener")
        for outlet in registry.all():
            self._add_handles(outlet, family_names)
        # each outlet's brand: its family's Latin names and abbreviations ("cgtn", "xh"), which
        # a handle variant's stem must carry (`variants`)
        family_abbreviations: dict[str, list[str]] = {}
        for outlet in registry.all():
            family_abbreviations.setdefault(outlet.family, []).extend(
                a.casefold() for a in outlet.abbreviations
            )
        self.brands: dict[str, tuple[str, ...]] = {
            o.id: tuple(
                b
                for b in (*family_names.get(o.family, []), *family_abbreviations[o.family])
                if len(b) >= 2 and b.isascii() and b.isalnum()
            )
            for o in registry.all()
        }

        self.name_keys = Keys(self.names, _sides)  # also: a channel's name starting with one
        self.exclude_keys = Keys(excludes, _sides)
        self.line_exclude_keys = Keys(line_excludes, _sides)
        self.compact_keys = Keys(self.compact)
        self.unspaced_handles = sorted(
            (k for k in self.handles if not k.isascii()), key=len, reverse=True
        )
        self.defanged = Defanged(self.hosts)

    def in_longer_name(self, entry: Name, post: str, start: int, end: int) -> bool:
        """Is the name `entry` of two or more Latin words, written at post[start:end], the end
        of another outlet's longer name ("Korean Central News Agency")? See
        `context.longer_name_before`."""
        return (
            entry.latin
            and len(entry.text.split()) >= 2
            and longer_name_before(post, start, end, self.name_words.get(entry.outlet, frozenset()))
        )

    def excluded_at(self, text: str, pos: int) -> bool:
        """Whether an excluded phrase of the registry starts at `pos` of a skeleton `text` (a
        "^" phrase only where a line starts)."""
        return self.exclude_keys.prefix(text, pos) is not None or (
            self.line_exclude_keys.prefix(text, pos) is not None and starts_line(text, pos))

    def _add_names(self, outlet: Outlet, family_names: dict[str, list[str]]) -> None:
        for kind, names in (
            ("plain", outlet.aliases),
            ("cased", outlet.cased_aliases),
            ("context", outlet.context_aliases),
        ):
            for name in names:
                key = skel(name)
                squeezed, _, splits = compact(key)
                letters = [c for c in name if LETTER.match(c)]
                name_kind = kind
                if kind == "plain" and len(letters) <= 3 and name.isascii():
                    name_kind = "cased"  # "EFE", "BBC": the lower-case word is something else
                entry = Name(
                    outlet.id,
                    name,
                    name_kind,
                    all(LATIN.match(c) for c in letters),
                    len(letters),
                    splits,
                    bounded(key[0]),
                    bounded(key[-1]),
                    outlet.kind == "broadcaster",
                    MISSION_WORDS.search(name) is not None,
                )
                self.names[key] = entry
                # a Cyrillic or Greek capital whose skeleton is a Latin letter its small one does
                # not share ("Т" is "t", "т" is "т"): the name in small letters, and in capitals,
                # is the same name (trial 111: "источник: раша тудей" read as misspelled)
                for variant in (name.lower(), name.upper()):
                    other = skel(variant)
                    if other != key and other not in self.names and not variant.isascii():
                        self.names[other] = entry
                family_names.setdefault(outlet.family, []).append(squeezed)
                if len(squeezed) >= 2:
                    self.compact.setdefault(squeezed, []).append(entry)

    def _add_handles(self, outlet: Outlet, family_names: dict[str, list[str]]) -> None:
        brand = [n for n in family_names.get(outlet.family, []) if len(n) >= 3 and n.isascii()]
        for _platform, handle in outlet.iter_handles():
            key = handle.casefold()
            if key in self.handles:
                continue
            squeezed, _, splits = compact(key)
            entry = Handle(outlet.id, handle, _distinctive(handle, squeezed, brand), splits)
            self.handles[key] = entry
            if entry.distinctive and len(squeezed) >= 6 and squeezed.isascii():
                self.compact.setdefault(squeezed, []).append(entry)

    def cached(self, key: str, factory: Callable[[], T]) -> T:
        """A value built once from these tables (the altered-name index)."""
        if key not in self._cache:
            self._cache[key] = factory()
        return self._cache[key]  # type: ignore[no-any-return]

    def link_outlet(self, host: str, path: str) -> tuple[str, str] | None:
        """(outlet, rule) for a link to an outlet's site, shortener or account, else None.

        `host` is lower-case; `path` starts with "/" or is empty. A profile on a social platform
        (x.com/XHNews, youtube.com/c/CGTN, instance/@user on Mastodon) is a `profile-link`.
        """
        labels = host.removeprefix("www.").split(".")
        suffixes = [".".join(labels[i:]) for i in range(len(labels) - 1)]
        platform = next((PLATFORM_HOSTS[s] for s in suffixes if s in PLATFORM_HOSTS), None)
        segments = [s for s in path.split("/") if s]
        if platform is not None:
            if (
                segments
                and segments[0] in ("c", "user", "channel", "s", "u", "n")
                and len(segments) > 1
            ):
                segments = segments[1:]
            handle = self.handles.get(segments[0].lstrip("@")) if segments else None
            return (handle.outlet, "profile-link") if handle else None
        if segments and segments[0].startswith("@"):  # a Mastodon profile: instance/@user
            handle = self.handles.get(f"{segments[0][1:]}@{host}")
            if handle:
                return handle.outlet, "profile-link"
        for suffix in suffixes:
            if suffix in self.hosts:
                return self.hosts[suffix]
        return None


def _distinctive(handle: str, compact: str, brand: list[str]) -> bool:
    """Could this handle, written bare, be anything but the account? ("mundo_china" no, "cctv" yes)."""
    if len(compact) < 4 or not any(c.isalpha() for c in handle):
        return False
    if "_" in handle or any(c.isdigit() for c in handle):
        return True
    if (
        sum(c.isupper() for c in handle) >= 2
        and any(c.islower() for c in handle)
        and len(handle) >= 5
    ):
        return True  # CamelCase compound: XHNews, ChinaDaily, SpokespersonCHN
    return any(b in compact and (len(b) >= 5 or len(compact) >= len(b) + 3) for b in brand)


def _sides(key: str) -> tuple[bool, bool]:
    """Does a name need a word boundary on its left, on its right ("xinhua" both, "新华社" none)?"""
    return bounded(key[0]), bounded(key[-1])


# Before and after a defanged address: no letter, digit or hyphen of a longer host name.
_HOST_CHAR = re.compile(r"[a-z0-9\-]")


class Defanged:
    """Every host written with its dots defanged ("xinhuanet[.]com", "cgtn dot com").

    A host whose first label has six letters or more is distinctive enough to count also with a
    dot between spaces ("xinhuanet . com"); a shorter one is matched so too, and counts only
    where a credit label stands before it ("المصدر: arabic . rt . com", trial 110:
    `rules.defanged`, which asks `distinctive`). The matches are those of one alternation of all
    the hosts' patterns, longest pattern first, scanned left to right; each host's own pattern is
    compiled only when a text has its first label where an address may start.
    """

    def __init__(self, hosts: Iterable[str]) -> None:
        patterns: list[tuple[str, str]] = []  # (pattern, first label)
        self._distinctive: set[str] = set()
        for host in hosts:
            labels = host.split(".")
            if len(labels[0]) >= 6:
                self._distinctive.add(host)
            sep = f"(?:\\.|{DEFANG}{DEFANG_LOOSE})"
            pattern = sep.join(re.escape(label) for label in labels)
            patterns.append((pattern, labels[0]))
        self._order = sorted(patterns, key=lambda p: len(p[0]), reverse=True)
        self._by_label: dict[str, list[int]] = {}
        for n, (_, label) in enumerate(self._order):
            self._by_label.setdefault(label, []).append(n)
        self._labels = Keys(self._by_label)
        self._compiled: dict[int, re.Pattern[str]] = {}

    def distinctive(self, host: str) -> bool:
        """Does `host` count with a dot between spaces anywhere ("xinhuanet . com")?"""
        return host in self._distinctive

    def finditer(self, text: str) -> list[re.Match[str]]:
        """The defanged (or plain) addresses of the hosts in `text`, left to right, no overlaps."""
        found: list[re.Match[str]] = []
        starts = self._labels.starts(text)
        pos = 0
        for start in sorted(starts):
            if start < pos or (start and _HOST_CHAR.match(text, start - 1)):
                continue
            for n in sorted(n for label, _ in starts[start] for n in self._by_label[label]):
                m = self._pattern(n).match(text, start)
                if m is not None:
                    found.append(m)
                    pos = m.end()
                    break
        return found

    def _pattern(self, n: int) -> re.Pattern[str]:
        if n not in self._compiled:
            self._compiled[n] = re.compile(f"(?:{self._order[n][0]})(?![a-z0-9\\-])")
        return self._compiled[n]


def starts_line(text: str, pos: int) -> bool:
    """Whether only spaces lie between the start of `text` or a line break and `pos`."""
    return text[text.rfind("\n", 0, pos) + 1 : pos].strip(" \t") == ""
