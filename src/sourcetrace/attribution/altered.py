"""Names altered beyond look-alike letters (issue 13, kind 4): misspelled one edit away ("xinjua",
"Xinhau", "Синхуа", "شنخوا"), spelled by ear ("Sinjua", "Xinhwa"), written in two scripts
("新hua社", "人民日bao") or with homophone characters ("新化社"), abbreviated ("XH社", "XH español")
or fused with a word into a handle that does not exist ("Xinhua_Noticias").

A word one edit from a name is far more often another word than a dodge (Jinhua, Xinghua and
Xinhui are cities), so such names are looked for only where a credit stands (after a cue, in
closing brackets, after a dash, alone at a line's end: `slots`), only among the names of state
outlets, and never when the word is itself a Chinese name: a near miss of a pinyin name that is
valid pinyin of as many syllables ("Jinhua" for "Xinhua") is another place or person. Distances
are rapidfuzz's optimal string alignment (one substitution, insertion, deletion or swap).
"""

from __future__ import annotations

import bisect
import collections
import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .context import bracket_credit
from .cues import GENERIC_WORDS, SLOT
from .origins import mask
from .tables import Name, Tables
from .text import UNSPACED, compact, words_pattern

MAX_SLOTS = 24  # cue positions examined per post (the first and the last half)
MIN_FUZZY = 5  # letters a name needs before a one-edit near miss of it can be a dodge
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[a-z]+")
# one word of a candidate: letters and digits, joined by the separators a handle or a dodge uses
_WORD = re.compile(r"\s*([^\W_]+(?:[_.'\-·•♥*][^\W_]+)*)")
_PHONETIC = str.maketrans({"x": "s", "j": "h", "w": "u"})
_AFTER_CJK = re.compile(r"(?:报道|報道|消息|讯|訊|记者|記者)$")


@dataclass(frozen=True)
class _Fuzzy:
    """A state outlet's name as the near-miss tests compare it."""

    outlet: str
    key: str  # compact skeleton
    words: int  # words of the name as written ("China News": 2)
    phonetic: str
    acronym: bool  # four capitals or fewer ("CGTN"): only a swap of two letters is a dodge
    cyrillic_words: tuple[str, ...]  # a Cyrillic name's words, for its inflected forms


class AlteredNames:
    """One registry's state-outlet names, abbreviations and Chinese names, ready for `find`."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self.fuzzy: list[_Fuzzy] = []
        self.han: dict[str, str] = {}  # Chinese name (skeleton) -> outlet
        for key, entry in tables.names.items():
            if entry.outlet not in tables.state_ids:
                continue
            if _HAN.search(key):
                self.han[key] = entry.outlet
                continue
            squeezed = compact(key)[0]
            acronym = entry.text.isupper() and len(squeezed) == 4 and squeezed.isalpha()
            if len(squeezed) < MIN_FUZZY and not acronym:
                continue
            cyrillic = tuple(key.split()) if _cyrillic(entry.text) else ()
            self.fuzzy.append(
                _Fuzzy(
                    entry.outlet,
                    squeezed,
                    len(key.split()),
                    _phonetic(squeezed),
                    acronym,
                    cyrillic if len(cyrillic) >= 2 else (),
                )
            )
        self.keys = [f.key for f in self.fuzzy]
        self.phonetics = {(f.phonetic, f.words): f for f in self.fuzzy if not f.acronym}
        generic = words_pattern(GENERIC_WORDS)
        abbreviations = sorted(tables.abbreviations, key=len, reverse=True)
        names = sorted({f.key for f in self.fuzzy if not f.acronym and f.key.isascii()}, key=len)
        self.abbreviated = re.compile(
            rf"(?P<a>{'|'.join(map(re.escape, abbreviations)) or '(?!)'})[_.\-]?(?P<g>{generic})?"
        )
        self.fused = re.compile(
            rf"(?P<n>{'|'.join(map(re.escape, reversed(names))) or '(?!)'})[_.\-]?(?P<g>{generic})"
        )

    def match(self, candidate: str, original: str, in_cue: bool) -> tuple[str, str] | None:
        """(outlet, rule) when `candidate` (skeleton) is an altered name of a state outlet.

        `original` is the candidate as written; `in_cue` is false for a word found only at a
        line's end, where a bare abbreviation ("XH") is not enough.
        """
        squeezed = compact(candidate)[0]
        if not squeezed or squeezed in self.tables.compact:
            return None  # written as registered: the other rules judge it
        found = self._abbreviated(squeezed, original, in_cue)
        if found is not None:
            return found
        if _HAN.search(squeezed):
            return self._chinese(squeezed, original)
        return self._near(squeezed, candidate, original)

    def _abbreviated(self, squeezed: str, original: str, in_cue: bool) -> tuple[str, str] | None:
        m = self.abbreviated.fullmatch(squeezed)
        if m is not None and (m.group("g") or (in_cue and original.strip().isupper())):
            return self.tables.abbreviations[m.group("a")], "abbreviated-name"
        m = self.fused.fullmatch(squeezed)
        if m is not None and re.search(r"[_.\-]|[a-z][A-Z]", original):
            outlet = next(f.outlet for f in self.fuzzy if f.key == m.group("n"))
            return outlet, "abbreviated-name"  # "Xinhua_Noticias": a handle that is none
        return None

    def _chinese(self, squeezed: str, original: str) -> tuple[str, str] | None:
        """新hua社, xin华社, 人民日bao (two scripts) or 新化社 (homophones) for a Chinese name."""
        squeezed = _AFTER_CJK.sub("", squeezed)  # "新化社报道": the name before 报道
        reading = romanize(squeezed)
        for name, outlet in self.han.items():
            if name != squeezed and romanize(name) == reading:
                mixed = bool(_LATIN_WORD.search(squeezed))
                return outlet, "mixed-script-name" if mixed else "misspelled-name"
        return None

    def _leading_context(self, candidate: str, squeezed: str) -> frozenset[str] | None:
        """The outlets whose misspelled name `candidate` may still be, given the registered names
        among its words: none registered, any outlet (empty set); only a context name that opens
        one of its outlet's longer names ("РИА" of "РИА Новости": "Источник: РИА Новсти", trial
        122), that outlet; any other registered word, None (the names rule judged it)."""
        allowed: set[str] = set()
        for word in candidate.split():
            key = compact(word)[0]
            entries = self.tables.compact.get(key)
            if not entries:
                continue
            if word != candidate.split()[0] or not all(
                isinstance(e, Name) and e.kind == "context" for e in entries
            ):
                return None
            outlets = {e.outlet for e in entries}
            if not any(f.outlet in outlets and f.key != key and f.key.startswith(key) for f in self.fuzzy):
                return None
            allowed |= outlets
        return frozenset(allowed)

    def _near(self, squeezed: str, candidate: str, original: str) -> tuple[str, str] | None:
        """One edit from a name ("xinjua"), or the same name by ear ("Sinjua" for "Xinhua"), in as
        many words ("a Xinhua" is no misspelling of "Xinhua")."""
        words = len(candidate.split())
        allowed = self._leading_context(candidate, squeezed)
        if allowed is None:
            return None  # a registered name among other words: the names rule judged it
        by_ear = self.phonetics.get((_phonetic(squeezed), words))
        if by_ear is not None and not _another_chinese_name(squeezed, by_ear) and (
            not allowed or by_ear.outlet in allowed
        ):
            return by_ear.outlet, "misspelled-name"
        for key, distance, index in process.extract(
            squeezed, self.keys, scorer=OSA.distance, score_cutoff=1, limit=8
        ):
            name = self.fuzzy[index]
            if distance != 1 or name.words != words or _another_chinese_name(squeezed, name):
                continue
            if allowed and name.outlet not in allowed:
                continue
            if name.acronym and not (
                sorted(squeezed) == sorted(key) and original.strip().isupper()
            ):
                continue  # "CGNT" is CGTN with two letters swapped; "CGT" and "CNES" are not
            return name.outlet, "misspelled-name"
        written = tuple(candidate.split())
        for name in self.fuzzy:
            if name.cyrillic_words and _inflected(written, name.cyrillic_words):
                return name.outlet, "name-alias"  # "Международного радио Китая": grammar
        return None


def slots(text: str, post: str, source: tuple[int, ...]) -> list[tuple[int, int, str]]:
    """(cue start, name start, kind) for each place a credit's name would stand.

    Kinds: "cue" after a cue word or dash, "bracket" after an opening bracket (`cues.SLOT`),
    "line" at the start of a line's last words when they stand alone after an emoji, a bullet or
    a sentence's end ("📈 XH español"). Offsets are in the skeleton `text`; `source` maps
    skeleton offsets to the original `post`.
    """
    matches = SLOT.finditer(mask(text))  # "Según la agencia norcoreana Kcan": `origins.mask`
    kept = list(itertools.islice(matches, MAX_SLOTS // 2))
    kept.extend(collections.deque(matches, maxlen=MAX_SLOTS // 2))  # and the last ones
    found = [(m.start(), m.end(), "bracket" if m.group("b") else "cue") for m in kept]
    offset = 0
    for line in post[-4000:].split("\n"):  # the last lines: where a sign-off is
        tail = _line_tail(line)
        if tail is not None:
            start = bisect.bisect_left(source, len(post) - min(len(post), 4000) + offset + tail)
            found.append((start, start, "line"))
        offset += len(line) + 1
    found.sort()
    if len(found) > MAX_SLOTS:
        found = found[: MAX_SLOTS // 2] + found[-MAX_SLOTS // 2 :]
    return found


def candidates(text: str, start: int) -> list[tuple[int, int]]:
    """The first one, two and three words from `start`: where an altered name may be."""
    spans: list[tuple[int, int]] = []
    first: int | None = None
    pos = start
    for _ in range(3):
        m = _WORD.match(text, pos)
        if m is None or m.end(1) - start > 40:
            break
        if first is None:
            if m.start(1) - start > 2:
                break
            first = m.start(1)
        spans.append((first, m.end(1)))
        pos = m.end()
        if UNSPACED.match(m.group(1)[0]):
            break  # in Chinese one run of characters is the candidate
    return spans


def in_closing_brackets(post: str, span: tuple[int, int]) -> bool:
    """Is the original span, found after an opening bracket, closed right after it where a credit
    stands ("... (Xinhau)")?"""
    start, end = span
    closing = re.match(r"\s*[)\]】〕/]", post[end : end + 4])
    if closing is None:
        return False
    return bracket_credit(post, max(0, start - 1), end + closing.end())


def _line_tail(line: str) -> int | None:
    """Where a line's last one to three words start, when they stand alone after an emoji, a
    bullet or a sentence's end ("... 📈 XH español"); None otherwise."""
    end = len(line.rstrip(" \t.!。！"))
    i = end
    while i > 0 and not (_symbolic(line[i - 1]) or line[i - 1] in ".!?。！？|•·:"):
        i -= 1
    tail = line[i:end].strip()
    if i == 0 or not tail or len(tail) > 32 or len(tail.split()) > 3:
        return None
    return i + (len(line[i:end]) - len(line[i:end].lstrip()))


def _symbolic(char: str) -> bool:
    return unicodedata.category(char) in ("So", "Sk", "Cs") or char in "\ufe0f\u200d"


def _cyrillic(text: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in text)


def _phonetic(key: str) -> str:
    """A Latin name as heard: x/s, j/h and w/u told apart by ear only, doubled letters single."""
    folded = key.translate(_PHONETIC)
    return re.sub(r"(.)\1+", r"\1", folded)


def _inflected(words: tuple[str, ...], name: tuple[str, ...]) -> bool:
    """Are the skeleton `words` the Cyrillic name's words `name` with other case endings
    ("международного радио китая" for "Международное радио Китая")?"""
    if len(words) != len(name) or words == name:
        return False
    return all(
        w[: max(3, len(n) - 2)] == n[: max(3, len(n) - 2)] and abs(len(w) - len(n)) <= 3
        for w, n in zip(words, name, strict=True)
    )


def _another_chinese_name(candidate: str, name: _Fuzzy) -> bool:
    """Is a near miss of a pinyin name itself pinyin of as many syllables: Jinhua, Xinghua,
    Xinhui for Xinhua are places, not dodges?"""
    syllables = pinyin_syllables(name.key)
    return syllables > 0 and pinyin_syllables(candidate) == syllables


@functools.lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    """Every toneless pinyin syllable of a name (from pypinyin's character table, ~420), without
    the interjections that are a consonant alone ("n", "ng", "m", "hm", "hng")."""
    from pypinyin import Style
    from pypinyin.pinyin_dict import pinyin_dict
    from pypinyin.style import convert

    # ~1,500 distinct toned readings among the ~41,000 characters: each converted once (0.01 s,
    # where converting every character's readings took 0.19 s of a first query)
    readings = {reading for value in pinyin_dict.values() for reading in value.split(",")}
    converted = frozenset(convert(reading, Style.NORMAL, strict=False) for reading in readings)
    return converted - {"n", "ng", "m", "hm", "hng"}


@functools.lru_cache(maxsize=4096)
def pinyin_syllables(word: str) -> int:
    """The fewest pinyin syllables `word` splits into ("xinhua": 2), or 0 when it is no pinyin."""
    if not word.isascii() or not word.isalpha() or len(word) > 40:
        return 0
    syllables = _syllables()
    best = [0] + [0] * len(word)  # best[i]: fewest syllables for word[:i] (0: none)
    for i in range(1, len(word) + 1):
        for j in range(max(0, i - 6), i):
            if (j == 0 or best[j]) and word[j:i] in syllables:
                count = (best[j] if j else 0) + 1
                best[i] = count if not best[i] else min(best[i], count)
    return best[len(word)]


@functools.lru_cache(maxsize=4096)
def romanize(text: str) -> str:
    """Chinese characters as toneless pinyin, other letters as they are ("新hua社" -> "xinhuashe")."""
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(text, style=Style.NORMAL, errors="default")).lower()
