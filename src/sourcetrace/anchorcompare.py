"""Comparing anchors (anchors.py) across texts: an article's anchors by comparison key
(`KeyTable`, built by `key_table` from anchors and by `article_keys` from a text) and `compare`,
which finds the anchors a post shares with an article (`Shared`) and what they weigh together
(`shared_weight`, names capped at NAME_CAP).

What a lookup needs beyond the keys lives here too: which numbers are days (`is_day`,
`is_post_day`, `beside_date`), the article's Han-run windows found on demand (`_HanRuns`) and
weighed by how common Chinese news makes them (`han_window_weight`, data/han_common.txt.gz),
and the names one text spells in Latin letters and the other writes by sound in Han characters
("Trump" 特朗普: `KeyTable.sound_window`, `KeyTable.latin_by_sound`, translit.py). Finding
the anchors of a text, and their weights, is anchors.py's.
"""

from __future__ import annotations

import bisect
import functools
import io
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex

from .anchors import (
    _NOT_NAMES,
    _WORD,
    HAN_CHAR,
    HAN_RUN,
    MAX_ANCHOR_CHARS,
    MAX_ARTICLE_ANCHOR_CHARS,
    Anchor,
    _fold,
    _han_windows,
    _in_order,
    _name_weight,
    _without_windows,
    cross_script_keys,
    han_syllables,
    is_han_window,
    korean_windows,
    name_length,
    readable,
    without_possessive,
)
from .korean import KOREAN_PREFIX
from .lexicon import PLACE_PREFIX, PLACE_WEIGHT, places
from .normalize import simplified_chars
from .results import merged_spans
from .rounding import estimate, rounds_to
from .translit import (
    is_pinyin,
    latin_sound_keys,
    sound_parts,
    sound_weight,
    translit_runs,
    word_sound_keys,
)


class KeyTable:
    """An article's anchors by comparison key (`compare`'s lookup side), built once per article.

    `find(group, key)` gives the first anchor (by position) holding `key` in its group ("number"
    for numbers and years, "date", "name"), or None. Built by `key_table` from anchors, by
    `article_keys` from a text, by `stored_table` from what an index stored.
    """

    def __init__(self, by_key: dict[tuple[str, str], Anchor], has_numbers: bool,
                 text: str | None = None, day_spans: Iterable[tuple[int, int]] = (),
                 sound_text: str | None = None, alone_spans: Iterable[tuple[int, int]] = ()) -> None:
        self.by_key = by_key
        self.has_numbers = has_numbers  # the article holds a number (its absence is no evidence)
        self._text = text  # the article's text, whose Han-run windows `find` looks up, if any
        # the text names are looked for by sound in (`sound_window`, `latin_by_sound`)
        self._sound_text = sound_text if sound_text is not None else text
        self._han: _HanRuns | None = None
        self._simplified: str | None = None  # the text simplified character by character
        self._sounds: dict[str, tuple[int, int]] | None = None  # `sound_window`'s table
        self._has_han: bool | None = None  # `writes_han`, once asked
        self._latin_sounds: dict[str, list[str]] | None = None  # `latin_by_sound`'s: sound key -> name keys
        self.day_spans = frozenset(day_spans)  # the article's numbers that are days (`key_table`)
        self.alone_spans = frozenset(alone_spans)  # ... written as a day alone, outside its dates ("10日")
        self._numbers: list[tuple[float, str, Anchor]] | None = None  # `rounded`'s: (value, key, anchor)

    def in_date(self, anchor: Anchor) -> bool:
        """Whether `anchor` (one of the article's) is a day: inside one of its dates ("10" in "10
        feb") or written as a day alone ("17日说")."""
        return (anchor.start, anchor.end) in self.day_spans

    def day_alone(self, anchor: Anchor) -> bool:
        """Whether `anchor` (one of the article's) is a day written alone, outside the article's
        dates: "10" in "韩国海军10日表示", not "25" in "25. маја" nor "10" in "10 feb"."""
        return (anchor.start, anchor.end) in self.alone_spans

    def _listed(self, group: str, key: str) -> Anchor | None:
        return self.by_key.get((group, key))

    def date_keys(self) -> frozenset[str]:
        """The keys of the article's dates ("6-27", "month:1-9")."""
        return frozenset(k for group, k in self.by_key if group == "date")

    def date_months(self) -> frozenset[str]:
        """The months of the article's dates ("6" of "6-27"): what a day of the post is checked
        against (`compare`)."""
        return frozenset(k.split("-")[0] for k in self.date_keys())

    def han_window(self, chars: str) -> Anchor | None:
        """The first window of the article's Han runs that is `chars` once both are simplified
        character by character (`normalize.simplified_chars`), weighing `han_window_weight`;
        None if there is none."""
        if self._text is None:  # a table of anchors (`key_table`): its windows are listed
            listed = self.by_key.get(("name", _fold(chars)))
            if listed is None or not is_han_window(listed) or simplified_chars(listed.text) != chars:
                return None
            start = listed.start
        else:
            if self._simplified is None:
                self._simplified = simplified_chars(self._text)
            start = self._simplified.find(chars)
            if start < 0:
                return None
        end = start + len(chars)
        return Anchor("name", frozenset({_fold(chars)}), start, end, han_window_weight(chars),
                      (self._text or "")[start:end] or chars)

    def sound_window(self, word: str) -> tuple[str, Anchor] | None:
        """The first window of the article's runs of transliteration characters that writes the
        Latin `word` by sound ("特朗普" for "Trump": `translit.latin_sound_keys`), as
        (SOUND_PREFIX + sound key, anchor weighing `translit.sound_weight`); None if none does or
        the table has no text."""
        text = self._sound_text
        if text is None:
            return None
        keys = latin_sound_keys(word)
        if not keys:
            return None
        if self._sounds is None:
            self._sounds = translit_runs(simplified_chars(text[:MAX_ARTICLE_ANCHOR_CHARS]))  # whole, for `serve`'s threads
        found = min(((span, key) for key in keys if (span := self._sounds.get(key)) is not None), default=None)
        if found is None:
            return None
        (start, end), key = found
        return SOUND_PREFIX + key, Anchor("name", frozenset({SOUND_PREFIX + key}), start, end,
                                          sound_weight(key), text[start:end])

    def writes_han(self) -> bool:
        """Whether the article's text (the part anchors are looked for in) holds a Han character:
        where a post's Latin names may be written by sound (`sound_window`)."""
        if self._has_han is None:
            self._has_han = self._sound_text is not None and HAN_CHAR.search(self._sound_text, 0, MAX_ARTICLE_ANCHOR_CHARS) is not None
        return self._has_han

    def name_keys(self) -> list[str]:
        """The keys of the article's names, but its Han-run windows' (`latin_by_sound`)."""
        return [k for (group, k), a in self.by_key.items() if group == "name" and not is_han_window(a)]

    def latin_by_sound(self, key: str) -> Anchor | None:
        """The first word of the article's Latin, Cyrillic or Greek names (`name_keys`, each
        found with `find`) that has the sound key `key` (`translit.latin_sound_keys`: a Chinese
        post's "特朗普" is the article's "Trump"), as an anchor weighing `translit.sound_weight`;
        None if none has."""
        if self._latin_sounds is None:
            table: dict[str, list[str]] = {}
            for name_key in sorted(self.name_keys()):
                if name_key.startswith(PLACE_PREFIX) or is_pinyin(name_key):
                    continue
                # a key folds "Trump's" to "trumps": its sound without the s as well
                for k in latin_sound_keys(name_key) | (latin_sound_keys(name_key[:-1]) if name_key.endswith("s") else set()):
                    table.setdefault(k, []).append(name_key)
            self._latin_sounds = table  # whole, for `serve`'s threads
        best: Anchor | None = None
        for name_key in self._latin_sounds.get(key, ()):
            name = self.find("name", name_key, windows=False)
            if name is None or is_han_window(name):
                continue
            # the word that has the key ("Macron" of "Emmanuel Macron"), not a pair key's two words
            span = next(((w.start() + a, w.start() + b) for w in _WORD.finditer(name.text)
                         for a, b in sound_parts(w.group()) if key in word_sound_keys(w.group()[a:b])), None)
            if span is not None and (best is None or name.start + span[0] < best.start):
                best = Anchor("name", frozenset({SOUND_PREFIX + key}), name.start + span[0],
                              name.start + span[1], sound_weight(key), name.text[span[0]:span[1]])
        return best

    def number_anchors(self) -> list[tuple[str, Anchor]]:
        """The article's numbers and years (group "number") as (key, anchor)."""
        return [(key, anchor) for (group, key), anchor in self.by_key.items() if group == "number"]

    def number_values(self) -> frozenset[float]:
        """The values of the article's numbers and years (`number_anchors`), words read too
        ("Fifty-eight percent" is 58)."""
        return frozenset(v for key, _ in self.number_anchors() if (v := _value(key)) is not None)

    def rounded(self, number: Anchor, post_text: str | None = None) -> tuple[tuple[str, str], Anchor] | None:
        """The article's number (not a year, nor a day: `in_date`) that the post's `number` can be
        rounded from (`rounding.rounds_to`; as an estimate where `post_text`, the text its offsets
        index, writes one beside it), the closest, as (("number", key), anchor); None if there is
        none. Trial 76: "más de 2.200 millones" against "2.240 millones", "逾5000人死亡，8000多人失踪"
        against 5178 and 8608, "1,2 millones" against "1,21 millones" were read as other facts
        and the copies held back."""
        if self._numbers is None:
            numbers = []
            for key, anchor in self.number_anchors():
                if anchor.kind == "number" and not self.in_date(anchor):
                    value = _value(key)
                    if value is not None:
                        numbers.append((value, key, anchor))
            self._numbers = sorted(numbers, key=lambda n: (n[0], n[1]))  # whole, for `serve`'s threads
        side = estimate(post_text, number.start, number.end) if post_text is not None else None
        best: tuple[float, str, Anchor] | None = None
        for key in sorted(number.keys):
            value = _value(key)
            if value is None:
                continue
            for other, other_key, anchor in self._numbers:
                if rounds_to(value, number.text, other, side):
                    off = abs(value - other) / max(value, other)
                    if best is None or off < best[0]:
                        best = (off, other_key, anchor)
        return None if best is None else (("number", best[1]), best[2])

    def find(self, group: str, key: str, windows: bool = True) -> Anchor | None:
        """The first anchor of the article in `group` that has `key`, or None; with `windows`
        False, none of the article's Han-run windows (`compare` looks a post's own Han windows
        up among the article's other names only)."""
        found = self._listed(group, key)
        if not windows:
            return None if found is not None and is_han_window(found) else found
        if group == "name" and self._text is not None and len(key) >= _WINDOW_KEY_MIN:
            if self._han is None:
                self._han = _HanRuns(self._text)
            window = self._han.first(key)
            if window is not None and (found is None or (window.start, window.end) < (found.start, found.end)):
                found = window
        return found


# What follows a number that is a day of the month written alone ("17日", "6日"): Chinese and
# Japanese news date their events so, without the month.
DAY_MARK = "日"


class DateSpans:
    """(start, end) spans of a text's dates, sorted by start with the greatest end so far, so that
    `beside_date` asks each number in O(log n): an article of 200,000 characters holds thousands
    of dates and numbers (scripts/bench_anchors.py --long)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.reach = list(itertools.accumulate((e for _, e in ordered), max))

    def reaches(self, start: int, end: int, before: int = 0) -> bool:
        """Whether a span starting at or before `start` + `before` ends at or after `end` -
        `before`: covers [start, end) with `before` characters to spare on each side."""
        i = bisect.bisect_right(self.starts, start + before)
        return i > 0 and self.reach[i - 1] >= end - before


def beside_date(number: Anchor, dates: DateSpans) -> bool:
    """Whether the number is inside one of the date spans, or a day of the month (1-31) within
    DATE_RANGE_GAP characters of one: a range's other day ("18" of "18 y 19 de marzo", "19" of
    "March 18-19")."""
    if dates.reaches(number.start, number.end):
        return True
    if not (number.text.isdigit() and len(number.text) <= 2 and 1 <= int(number.text) <= 31):
        return False
    return dates.reaches(number.start, number.end, DATE_RANGE_GAP)


def is_day(text: str, anchor: Anchor) -> bool:
    """Whether the number `anchor` of `text` (same offsets) is a day written alone: "17" in "17日说"."""
    return anchor.kind == "number" and text.startswith(DAY_MARK, anchor.end)


# How posts that render Chinese wire copy write a day alone: "le 6", "el día 13", "no dia 13",
# "am 6.", "on the 6th" ("6日"); unless what follows makes the number a count ("el 10 aniversario").
_DAY_BEFORE = regex.compile(r"(?<![\p{L}])(?:le|el|del|al|día|dia|du|am|il|on the|the)\s+$", regex.IGNORECASE)
_DAY_AFTER = regex.compile(r"(?:st|nd|rd|th)?(?![\p{L}\p{N}])", regex.IGNORECASE)
_COUNT_AFTER = regex.compile(r"(?:st|nd|rd|th|º|ª|°|er|e|ème)?\s*(?:aniversario|aniversário|anniversaire|anniversario|"
                             r"anniversary|años|anos|ans|anni|years|jahre|周年)", regex.IGNORECASE)


def is_post_day(text: str, anchor: Anchor) -> bool:
    """Whether the number `anchor` of a post's `text` is a day written alone: as `is_day`, or after
    a day word ("le 6 que", "no dia 13", "on the 6th"), not before a count's noun ("el 10
    aniversario", "the 17th anniversary"). What lets "le 6" match an article's "6日"."""
    if anchor.kind != "number":
        return False
    if is_day(text, anchor):
        return True
    return _DAY_BEFORE.search(text, max(0, anchor.start - 12), anchor.start) is not None and \
        _DAY_AFTER.match(text, anchor.end) is not None and _COUNT_AFTER.match(text, anchor.end) is None


def _value(key: str) -> float | None:
    """A number anchor's key as a number ("2.2e+09", "5178"), or None."""
    try:
        value = float(key)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def key_table(article: Iterable[Anchor], text: str | None = None) -> KeyTable:
    """The lookup `compare` makes of an article's anchors: (group, key) -> the first anchor with
    that key; a year also counts as a number. `text`, the text the anchors were found in, tells
    a day written alone ("17日") from a figure."""
    anchors = list(article)
    dates = DateSpans((a.start, a.end) for a in anchors if a.kind == "date")
    # the numbers that are days: inside one of the article's dates, a range's other day beside
    # one ("18" of "El 18 y 19 de marzo"), or written as a day alone ("17日")
    days = {(a.start, a.end) for a in anchors if a.kind == "number" and (
        beside_date(a, dates) or (text is not None and is_day(text, a)))}
    alone = {(a.start, a.end) for a in anchors
             if a.kind == "number" and text is not None and is_day(text, a) and not beside_date(a, dates)}
    by_key: dict[tuple[str, str], Anchor] = {}
    # a number the article writes outside its dates before the same number as a day of one
    # ("17日说" after "3月17日电"): `compare` tells a post's figures from days (`KeyTable.in_date`)
    for a in sorted(anchors, key=lambda a: (a.start, a.end) in days):
        kind = "number" if a.kind == "year" else a.kind
        for key in a.keys:
            by_key.setdefault((kind, key), a)
    return KeyTable(by_key, any(k[0] == "number" for k in by_key), day_spans=days, sound_text=text,
                    alone_spans=alone)


_WINDOW_KEY_MIN = 5  # a Han-run window is a name anchor when its romanised key is this long


class _HanRuns:
    """A text's Han runs romanised, to find the first 2-4 character window whose key is a given
    one: the anchor `_han_windows` would make first, without making them all (a long Chinese
    article has thousands, and a post's few names are all that is looked up). After
    _LOOKUPS_BEFORE_TABLE lookups every window is tabled once, so that a post of a thousand
    names costs what tabling costs (searching each name: 0.29 s for one article of 11k
    characters)."""

    def __init__(self, text: str) -> None:
        # (offset of the run, its romanisation, where each character's syllable starts in it
        # and, last, its length)
        self.runs: list[tuple[int, str, list[int]]] = []
        for m in HAN_RUN.finditer(text):
            syllables = han_syllables(m.group())
            self.runs.append((m.start(), "".join(syllables),
                              list(itertools.accumulate(map(len, syllables), initial=0))))
        self.text = text
        self.lookups = 0
        self.table: dict[str, tuple[int, int]] | None = None  # key -> first window's span
        self.korean: dict[str, Anchor] | None = None  # Korean key -> first window (`_korean_first`)

    def first(self, key: str) -> Anchor | None:
        if key.startswith(KOREAN_PREFIX):
            return self._korean_first(key)
        self.lookups += 1
        if self.table is None and self.lookups > _LOOKUPS_BEFORE_TABLE:
            table: dict[str, tuple[int, int]] = {}
            for a in _in_order(_han_windows(self.text)):  # in extract's order: the first of a key wins
                table.setdefault(next(iter(a.keys)), (a.start, a.end))
            self.table = table  # whole, for `serve`'s threads, which share cached tables
        if self.table is not None:
            span = self.table.get(key)
            return None if span is None else self._window(key, *span)
        for base, roman, starts in self.runs:
            at = roman.find(key)
            while at >= 0:
                i = bisect.bisect_left(starts, at)
                # several characters start at `at` only after one romanised to nothing
                while i < len(starts) - 1 and starts[i] == at:
                    for size in (2, 3, 4):
                        if i + size < len(starts) and starts[i + size] == at + len(key):
                            return self._window(key, base + i, base + i + size)
                    i += 1
                at = roman.find(key, at + 1)
        return None

    def _korean_first(self, key: str) -> Anchor | None:
        """The first window that reads as the Korean name `key` (`anchors.korean_windows`,
        tabled at the first lookup: a few per article)."""
        if self.korean is None:
            table: dict[str, Anchor] = {}
            for a in korean_windows(self.text):
                table.setdefault(next(iter(a.keys)), a)  # one key each
            self.korean = table  # whole, for `serve`'s threads
        return self.korean.get(key)

    def _window(self, key: str, start: int, end: int) -> Anchor:
        return Anchor("name", frozenset({key}), start, end, _name_weight(key), self.text[start:end])


_LOOKUPS_BEFORE_TABLE = 32


def _group(kind: str) -> str:
    return "number" if kind == "year" else kind


@functools.lru_cache(maxsize=512)
def article_keys(text: str) -> KeyTable:
    """The `KeyTable` of an article's text: `key_table(extract(text))` of its first
    MAX_ARTICLE_ANCHOR_CHARS characters (all of it), with the Han-run windows looked up on
    demand. Cached: the candidate articles of a dump are seen again and again."""
    text = readable(text, MAX_ARTICLE_ANCHOR_CHARS)
    table = key_table(_in_order(_without_windows(text)), text)
    return KeyTable(table.by_key, table.has_numbers, text, table.day_spans, alone_spans=table.alone_spans)


# A province of China shared by its name weighs what a country or a time-zone city does
# (lexicon.PLACE_WEIGHT: "Shanghai" already did, "Zhejiang" weighed 3 by its length): Chinese news
# names the province of nearly every city it reports from. Trial 84: "Die 19. Internationale
# Teemesse in Hangzhou in der Provinz Zhejiang hat begonnen." (a tea fair) was a paraphrase at
# 0.93 of the Asian Games' opening "in #Hangzhou, China's Zhejiang Province", no encoder sure,
# on "19", "Hangzhou" and "Zhejiang": a city and its province, one place, counted as two names.
# A hashtag of a wall of them in the post (`tagged`) weighs HASHTAG_WEIGHT at most, a short
# name's: it is the account's label, which its posts on other events carry too (trial 84's and trial 79's Guilin posts, a
# paraphrase at 0.93 of another Guilin post on "#ExploreGuilin", "#Gulin2023" and
# "#GuilinAdventure", 3 nats each, no encoder sure). At 1 nat, trial 81's real copy of the Apostille
# Convention's entry into force "in #China" lost the 2 nats its one encoder needed.
HASHTAG_WEIGHT = 2.0


# China's municipalities are cities, not provinces that hold the city a post names: "Beijing"
# keeps a name's weight. As provinces, the condensed test half lost two copies resting on it
# ("Pequim = Beijing" alone beside USE at 0.99; "Xi Jinping, 10 de febrero, Beijing"), so that
# half is not blind to this exception.
MUNICIPALITIES = frozenset({"beijing", "tianjin", "chongqing", "shanghai"})


@functools.cache
def province_keys() -> frozenset[str]:
    """The name keys (`anchors._fold`) of China's provinces and autonomous regions, from
    data/local_places.json ("zhejiang", "neimongol"), its municipalities left out
    (MUNICIPALITIES)."""
    from .lexicon import _local_table

    return frozenset(_fold(key[len(PLACE_PREFIX) + 1:]) for key in _local_table()["provinces"]) - MUNICIPALITIES


@dataclass(frozen=True)
class Shared:
    """An anchor of the post found in the article, through the comparison key `key` they share
    ("" where unknown); `tag`: the post writes it as a hashtag."""

    post: Anchor
    article: Anchor
    key: str = ""
    tag: bool = False

    @property
    def weight(self) -> float:
        """The lesser anchor's weight; for a name, no more than the shared key's own
        (`_name_weight`): "Gary Holt" found as "Holt" weighs what "Holt" weighs; a province of
        China no more than PLACE_WEIGHT, a hashtag of the post no more than HASHTAG_WEIGHT."""
        weight = min(self.post.weight, self.article.weight)
        if self.post.kind == "name" and self.key:
            weight = min(weight, PLACE_WEIGHT if self.key.startswith(PLACE_PREFIX) or self.key in province_keys()
                         else sound_weight(self.key[len(SOUND_PREFIX):]) if self.key.startswith(SOUND_PREFIX)
                         else _name_weight(self.key))
        if self.tag and self.post.kind == "name":
            weight = min(weight, HASHTAG_WEIGHT)
        return weight

    @property
    def rounded(self) -> bool:
        """A number of the post found only as the article's figure it can be rounded from
        (`KeyTable.rounded`: "около 300" for 263), not as itself: the shared key is the
        article's, none of the post's own."""
        return self.post.kind == "number" and bool(self.key) and self.key not in self.post.keys

    def to_dict(self) -> dict[str, object]:
        """The evidence as shown: for a name, the words of each side that make the shared key
        ("Macedonian" in "Macedonian President Gjorge Ivanov" and in "... Sergei Lavrov", not the
        two runs, which read as one name matched to another)."""
        post, article = _key_words(self.post, self.key), _key_words(self.article, self.key)
        return {"kind": self.post.kind, "post": post[2], "article": article[2],
                "post_span": [post[0], post[1]], "article_span": [article[0], article[1]],
                "weight": round(self.weight, 2)}


def _inside_place(anchor: Anchor, keys: Iterable[str]) -> frozenset[str]:
    """The keys of a name anchor that fold a word or two inside one of its places' names, shorter
    than that name ("korea" and "north" of "North Korea"): the place key goes before them, so an
    article holding the place shares it whole ("North Korea = Democratic People's Republic of
    Korea", not trial 93's "Korea" through the article's "Republic of Korea"). Keys of the whole
    name ("china" of "China") keep their place before the place key."""
    spans = [(s, e) for s, e, k in places(anchor.text) if k in anchor.keys] \
        if any(k.startswith(PLACE_PREFIX) for k in keys) and " " in anchor.text.strip() else []
    if not spans:
        return frozenset()
    out = set()
    for key in keys:
        if key.startswith(PLACE_PREFIX):
            continue
        start, end, _ = _key_words(anchor, key)
        start, end = start - anchor.start, end - anchor.start
        if any(s <= start and end <= e and end - start < e - s for s, e in spans):
            out.add(key)
    return frozenset(out)


def _key_words(anchor: Anchor, key: str) -> tuple[int, int, str]:
    """(start, end, text) of the word, or the two adjacent words, of a multi-word name anchor
    whose fold is `key` (`_latin_names` makes keys of both), or of the place inside it whose key
    is a place key (`_with_places`: "China" in "China's GDP", a trial saw "China's GDP = China");
    the whole anchor otherwise."""
    if anchor.kind == "name" and key.startswith(PLACE_PREFIX):
        found = next(((a, b) for a, b, k in places(anchor.text) if k == key), None)
        if found is not None:
            return anchor.start + found[0], anchor.start + found[1], anchor.text[found[0]:found[1]]
        return anchor.start, anchor.end, anchor.text
    if anchor.kind == "name" and key and " " in anchor.text.strip():
        words = list(_WORD.finditer(anchor.text))
        for i, word in enumerate(words):
            for last in words[i : i + 3]:
                part = anchor.text[word.start() : last.end()]
                bare = without_possessive(part)
                if _fold(bare) == key or key in cross_script_keys(bare):
                    start, end = word.start(), word.start() + name_length(part)
                    return anchor.start + start, anchor.start + end, anchor.text[start:end]
    return anchor.start, anchor.end, anchor.text


# A window of 2-4 Han characters is in nearly every Chinese text when news documents hold it
# (data/han_common.txt.gz, scripts/make_han_background.py says how it was drawn): shared by two
# Han texts it is no evidence of a name. MAX_HAN_COMMON_BYTES bounds what is read of the file.
MAX_HAN_COMMON_BYTES = 8 << 20


@functools.lru_cache(maxsize=1)
def _han_common() -> frozenset[str]:
    """The windows of data/han_common.txt.gz (read once, when two Han texts are first compared:
    ~80 ms)."""
    import gzip
    from importlib import resources

    raw = (resources.files("sourcetrace") / "data" / "han_common.txt.gz").read_bytes()
    with gzip.GzipFile(fileobj=io.BytesIO(raw)) as fh:
        text = fh.read(MAX_HAN_COMMON_BYTES).decode("utf-8")
    return frozenset(line for line in text.split("\n") if line and not line.startswith("#"))


def han_window_weight(chars: str) -> float:
    """The weight in nats of a Han window (2-4 characters, simplified character by character)
    that two Han texts share: 0 where Chinese news documents commonly hold it (`_han_common`:
    "记者", "日电", "当地时间"), its name weight otherwise (`_name_weight` of its romanisation:
    "熊本" 3, "姜瑜" 2)."""
    return 0.0 if chars in _han_common() else _name_weight(_fold(chars))


# How far from one of the post's dates a number may stand and still be a day of a range ("27 a
# 29 de junho", "June 27 to 29"): the width of " al ", " to ", "-", "至" with spaces around.
DATE_RANGE_GAP = 6


def compare(post: Sequence[Anchor], article: Iterable[Anchor] | KeyTable,
            missed: list[Anchor] | None = None, post_text: str | None = None) -> tuple[list[Shared], float]:
    """Shared anchors (each post anchor at most once, each key counted once, a name's span once)
    and the weight of the post's specific numbers the article does not hold (evidence of other
    facts).

    `article`: the article's anchors, or their `key_table` (`article_keys`). Dates and numbers
    compare within their kind (a year also matches a number); names match names. Returns
    (shared, missing_weight: the post's numbers of 2 nats or more the article lacks; a round
    number such as 50 or 100 is too common to count). `missed`, when given, receives every
    number of the post the article lacks, round ones too (what a reader checks for an altered
    figure: "40 ships" made "60"). `post_text`, the text the post's
    anchors were found in, tells its days written alone ("17日") from its figures.
    """
    table = article if isinstance(article, KeyTable) else key_table(article)
    shared: list[Shared] = []
    seen: set[tuple[str, str]] = set()
    named: set[tuple[int, int]] = set()  # spans of the post's names already shared
    # a date the article holds is one fact: its day and month are not shared numbers of their
    # own as well ("3月17日" shared as a date, and "3" and "17" again as numbers, counted it three
    # times); where the article writes only the day ("6日"), the day still matches as a number
    dates = [(a.start, a.end) for a in post if a.kind == "date"
             and any(table.find("date", k) is not None for k in sorted(a.keys))]
    # a number of the post matches a day inside one of the article's dates only from a date of
    # its own or a range that ends or starts at one ("del 22 al 24 de mayo", "27 a 29 de junho"
    # against "5月22日至24日", "6月27日至29日"): a trial's "10周年" (tenth anniversary) shared "10"
    # with "BEIJING, 10 feb" and lifted a state-media post on another event
    own = [a for a in post if a.kind == "date"]
    own_dates = [(a.start, a.end) for a in own]
    markers = list_markers(post_text) if post_text is not None else frozenset()
    article_months = _months(table.date_keys())
    missing = 0.0
    for a in post:
        if a.kind == "number" and any(s <= a.start and a.end <= e for s, e in dates):
            continue
        if a.kind == "number" and (a.start, a.end) in markers:
            continue  # "1." of a list: the item's place, no figure
        if a.kind == "name" and (a.start, a.end) in named:
            continue  # a Han window and the place of its span ("riben", "@JP"): one name
        kind = "number" if a.kind == "year" else a.kind
        # A window of the post's Han runs is matched to the article's Latin, Cyrillic or Greek
        # names by its romanisation ("莫迪" to "Modi"). Romanised, two Chinese texts would
        # share windows by the dozen ("报道", "记者", "日电"; homophones: "北京" and "背景"), so
        # to the article's own Han windows it is matched by its characters, and only where
        # Chinese news rarely holds it (`han_window_weight`).
        han = is_han_window(a)
        # the most specific key the article holds; ties by the key itself, never by set order
        # (a frozenset's order follows the process's hash seed)
        # a Korean key ties a name across scripts only (`korean`): between two Latin texts the
        # name is shared by its spelling, as it always was
        keys = a.keys if han or table.writes_han() else [k for k in a.keys if not k.startswith(KOREAN_PREFIX)]
        inside = _inside_place(a, keys) if a.kind == "name" and not han else frozenset()
        hit, found = next((((kind, k), f) for k in sorted(keys, key=lambda k: (k in inside, -len(k), k))
                           if (f := table.find(kind, k, not han)) is not None), (None, None))
        if found is None and han:
            found = table.han_window(simplified_chars(a.text))
            if found is not None and found.weight > 0:
                hit = ("name", next(iter(a.keys)))
            else:
                found = None
        if found is None and a.kind == "name" and not han and table.writes_han():
            by_sound = _by_sound(a, table, post_text)
            if by_sound is not None:
                a, hit, found = by_sound
        if (hit is None or found is None) and a.kind == "number" and table.has_numbers:
            hit, found = table.rounded(a, post_text) or (None, None)  # "más de 2.200 millones" for 2.240
            if hit is None or found is None:
                if a.weight >= 2.0:
                    missing += a.weight
                if missed is not None:
                    missed.append(a)
                continue
        if hit is None or found is None:
            if a.kind == "date" and _another_month(a, article_months) and not _long_ago(a, post, table) \
                    and not _day_alone(a, table):
                missing += a.weight
                if missed is not None:
                    missed.append(a)
            continue
        if a.kind == "number" and table.in_date(found) and not (post_text is not None and is_post_day(post_text, a)) \
                and not any(s - DATE_RANGE_GAP <= a.start and a.end <= e + DATE_RANGE_GAP for s, e in own_dates):
            continue  # a figure of the post ("10周年", a tenth anniversary) is no day ("10 feb", "10日")
        month = _own_month(a, own)
        if a.kind == "number" and month is not None and table.find("date", f"{month}-{a.text}") is None \
                and not (table.in_date(found) and _same_month(month, table.date_months())):
            continue  # nor is a day of the post ("18 y 19 de junio") a figure or a day of another month ("18 y 19 de marzo")
        if hit in seen:
            continue
        seen.add(hit)
        if a.kind == "name":
            named.add((a.start, a.end))
        shared.append(Shared(a, found, hit[1]))
    if post_text is not None and HAN_CHAR.search(post_text):
        shared.extend(_han_by_sound(post_text, table, seen, named, shared))
    return shared, missing


# A list's item number: one or two digits after a line's start, a space or a sentence's end, then
# "." ")" "、" or "．" and no digit ("1.jointly developing...", "2) ...", "3、..."), where the text
# numbers two items or more in a row this way.
_MARKER = regex.compile(r"(?:(?<=^|[\s:;.!?。！？；：，])|(?<=^\())(\d{1,2})(?=[.)、．](?!\d))", regex.MULTILINE)


@functools.lru_cache(maxsize=256)
def list_markers(text: str) -> frozenset[tuple[int, int]]:
    """The (start, end) spans of `text`'s list item numbers (`_MARKER`) where two or more follow
    one another (1, 2, ...): trial 85's "The proposed five pillars: 1.jointly developing ... 2.jointly
    managing ... 5.jointly promoting ..." shared "1, 2, 3, 4, 5" with another numbered list and
    was a paraphrase at 0.93, both encoders in doubt, as if it stated five figures."""
    found = [(m.start(1), m.end(1), int(m.group(1))) for m in _MARKER.finditer(text)]
    values = {v for _, _, v in found}
    return frozenset((start, end) for start, end, v in found if v + 1 in values or v - 1 in values)


# A wall of hashtags: HASHTAG_WALL or more in a row with only spaces between ("#GuilinBeauty
# #ExploreGuilin #Guilin ..."), an account's labels rather than words of its sentence.
HASHTAG_WALL = 3
_WALL = regex.compile(rf"(?:[#＃][\w-]+[\s\u00a0]*){{{HASHTAG_WALL},}}")


@functools.lru_cache(maxsize=256)
def _walls(text: str) -> tuple[tuple[int, int], ...]:
    """The (start, end) spans of `text`'s walls of hashtags (`_WALL`), read once per post: every
    candidate article's shared anchors ask."""
    return tuple((m.start(), m.end()) for m in _WALL.finditer(text))


def tagged(shared: list[Shared], text: str) -> list[Shared]:
    """`shared` with `tag` set on each whose post anchor `text` (the post's own text, whose
    offsets `Prepared.core` keeps: the core blanks a hashtag's "#") writes inside a wall of
    hashtags (`_WALL`). Hashtags inside the sentence ("#China on Thursday launched the
    #Shenzhou-17 manned spaceship") are its words: trial 79's Portuguese copy of that post lost
    the anchors its lift needed when every hashtag was capped."""
    walls = _walls(text)
    if not walls:
        return shared
    return [Shared(s.post, s.article, s.key, True)
            if not s.tag and any(start <= s.post.start < end for start, end in walls) else s for s in shared]


@functools.lru_cache(maxsize=1024)
def _translit_windows(text: str) -> tuple[tuple[str, tuple[int, int]], ...]:
    """`translit.translit_runs` of a post's text, in order of position: a post is compared with
    each of its candidate articles."""
    runs = translit_runs(simplified_chars(text[:MAX_ANCHOR_CHARS]))
    return tuple(sorted(runs.items(), key=lambda item: item[1]))


def _han_by_sound(post_text: str, table: KeyTable, seen: set[tuple[str, str]],
                  named: set[tuple[int, int]], shared: list[Shared]) -> list[Shared]:
    """The post's windows of transliteration characters ("特朗普") whose sound key one of the
    article's Latin, Cyrillic or Greek names has (`KeyTable.latin_by_sound`), in order, none
    overlapping a name of the post already shared (`compare`'s `named`, added to) or an article
    name already `shared`, nor a key already shared (`seen`, added to)."""
    out: list[Shared] = []
    for key, (start, end) in _translit_windows(post_text):
        hit = ("name", SOUND_PREFIX + key)
        if hit in seen or any(start < e and s < end for s, e in named):
            continue
        found = table.latin_by_sound(key)
        # a word of a name already shared ("Jinping" of "Xi Jinping" = 习近平), by the words its
        # key was shared through: "Macron" of "French President Emmanuel Macron" is no part of
        # the place "French" that 法国 shares with it
        if found is None or any(found.start < e and b < found.end
                                for b, e, _ in (_key_words(s.article, s.key) for s in [*shared, *out]
                                                if s.post.kind == "name")):
            continue
        seen.add(hit)
        named.add((start, end))
        out.append(Shared(Anchor("name", frozenset({hit[1]}), start, end, found.weight, post_text[start:end]),
                          found, hit[1]))
    return out


# The key prefix of a name shared by sound (`KeyTable.sound_window`): "~TLNP" ("Trump" = 特朗普).
SOUND_PREFIX = "~"


# a hyphen and the word after a name anchor in the post's text: "Díaz" of "Miguel Díaz-Canel"
_HYPHENED_AFTER = regex.compile(r"[-‐](\p{L}+)")


def _by_sound(name: Anchor, table: KeyTable, post_text: str | None = None) -> tuple[Anchor, tuple[str, str], Anchor] | None:
    """The first word of the post's Latin `name` (in order) that the article writes by sound in
    Han characters (`KeyTable.sound_window`), as (the word as an anchor of its own, its hit key,
    the article's window); None if none is. Cyrillic and Greek names are romanised first. A
    compound surname is tried whole first ("Díaz-Canel" = 迪亚斯-卡内尔, `translit._JOINED`), where
    the name's last word and the word after its hyphen in `post_text` make it."""
    words = list(_WORD.finditer(name.text))
    after = _HYPHENED_AFTER.match(post_text, name.end) if post_text is not None and words else None
    if post_text is not None and after is not None and words[-1].end() == len(name.text):
        compound = words[-1].group() + post_text[name.end : after.end()]
        found = table.sound_window(compound)
        if found is not None:
            key, window = found
            start = name.start + words[-1].start()
            return (Anchor("name", frozenset({key}), start, after.end(), window.weight, compound), ("name", key), window)
    for w in _WORD.finditer(name.text):
        if w.group().lower() in _NOT_NAMES:
            continue
        for a, b in sound_parts(w.group()):  # "Blinken-led", "Trump's": the name part
            part = w.group()[a:b]
            if part.lower() in _NOT_NAMES or is_pinyin(part):
                continue
            found = table.sound_window(part)
            if found is not None:
                key, window = found
                start = name.start + w.start() + a
                return (Anchor("name", frozenset({key}), start, start + len(part), window.weight, part),
                        ("name", key), window)
    return None


def _months(keys: Iterable[str]) -> set[int]:
    """The months date keys name: "11-19" -> 11, "month:5" -> 5, "month:1-9" -> 1 to 9."""
    out: set[int] = set()
    for key in keys:
        if key.startswith("month:"):
            ends = [int(m) for m in key[6:].split("-") if m.isdigit()]
            if ends:
                out.update(range(min(ends), max(ends) + 1))
        elif key.split("-")[0].isdigit():
            out.add(int(key.split("-")[0]))
    return out


# How far from the article's years a date's own year lies for the date to be a past one the post
# names ("the Convention of 5 October 1961"), not the day of its event.
PAST_DATE_YEARS = 1
# Characters between a date and its year, and one: ", ", "年", " de " ("5 October 1961", "19 novembre
# 2022", "1961年10月5日"); `verdict.PairEvidence.fact_count` counts such a year and date as one fact.
DATE_YEAR_GAP = 5


def _long_ago(date: Anchor, post: Sequence[Anchor], table: KeyTable) -> bool:
    """Whether the post writes `date` with a year (within DATE_YEAR_GAP characters of it) more than
    PAST_DATE_YEARS from every year the article writes, or the article writes none: a date in
    history, not the day of the story (trial 91's stream: "the Convention of 5 October 1961
    ... enters into force" against the article of 7 November 2023 on it)."""
    years = [a for a in post if a.kind == "year"
             and date.start - DATE_YEAR_GAP <= a.start and a.end <= date.end + DATE_YEAR_GAP]
    if not years:
        return False
    theirs = {int(v) for key, a in table.number_anchors() if a.kind == "year" and (v := _value(key)) is not None}
    ours = {int(v) for y in years for key in y.keys if (v := _value(key)) is not None}
    return not any(abs(year - t) <= PAST_DATE_YEARS for year in ours for t in theirs)


def _day_alone(date: Anchor, table: KeyTable) -> bool:
    """Whether the article writes the day of the post's `date` as a day without its month
    (`KeyTable.in_date`: "韩国海军10日表示"): Chinese news dates its story by the day alone, and a
    dateline or another date of another month beside it is no other month of this one (the
    condensed test half lost five copies to the month rule: "el 9 y 10 de octubre" against
    "…10日表示…" under a November dateline). A day the article writes only inside a date of its
    own month is not alone: trial 92's "on November 25" against a Serbian article of "25. маја"
    (May 25) passed as its translation (`KeyTable.day_alone`)."""
    days = {key.split("-")[1] for key in date.keys if "-" in key and not key.startswith("month:")}
    return any((found := table.find("number", day)) is not None and table.day_alone(found) for day in days)


def _another_month(date: Anchor, article_months: set[int]) -> bool:
    """Whether the post's `date`, which the article lacks, falls in a month none of the article's
    dates does (`article_months`, `_months` of its date keys), the article dating something:
    trial 91's "du 14 au 19 novembre" against an article on a tournament "17th to 23rd May" was a
    translation at 0.85, the other month unread. A date in one of the article's months may be a
    day of its range ("17th to 23rd May" holds only 5-23), so it counts for nothing."""
    ours = _months(date.keys)
    return bool(ours) and bool(article_months) and not ours & article_months


def _same_month(month: str, months: frozenset[str]) -> bool:
    """Whether a day of the post's `month` can be a day of the article: the article's dates have
    that month, or it has none ("6日" alone: its month is not written)."""
    return not months or month in months


def _own_month(number: Anchor, dates: Sequence[Anchor]) -> str | None:
    """The month of the post's own date that `number` is the day of, or that it stands beside
    (within DATE_RANGE_GAP: "18" of "18 y 19 de junio"), from the date's key ("6-19"); None when
    it is no such day."""
    near = [d for d in dates if d.start - DATE_RANGE_GAP <= number.start and number.end <= d.end + DATE_RANGE_GAP]
    if not near:
        return None
    closest = min(near, key=lambda d: 0 if d.start <= number.start < d.end else min(abs(d.start - number.end),
                                                                                     abs(number.start - d.end)))
    # a month or range of months without a day ("month:1-9", "1-9月") has no day to be: a figure
    # beside it stays a figure (trial 79: "超九成；1-9月…" lost its 90 %)
    keys = sorted(k for k in closest.keys if "-" in k and not k.startswith("month:"))
    return keys[0].split("-")[0] if keys else None


# Names count at most this many nats together: one long name run matched window by window
# counts about once.
NAME_CAP = 6.0


def capped_weight(weighted: Iterable[tuple[str, float]]) -> float:
    """The summed weight of (kind, weight) anchors, names capped at NAME_CAP."""
    total, names = 0.0, 0.0
    for kind, weight in weighted:
        if kind == "name":
            names += weight
        else:
            total += weight
    return total + min(names, NAME_CAP)


def shared_weight(shared: Iterable[Shared]) -> float:
    """The summed weight of shared anchors (`capped_weight`)."""
    return capped_weight((s.post.kind, s.weight) for s in shared)


def covered_spans(shared: Iterable[Shared]) -> list[tuple[int, int]]:
    """The disjoint (start, end) stretches of the post its shared anchors cover, in order,
    overlapping anchors joined (the Han windows of one name and the number inside it: one),
    anchors that only meet kept apart (`results.merged_spans`)."""
    return merged_spans(((s.post.start, s.post.end) for s in shared), touching=False)

