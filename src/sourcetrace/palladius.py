"""Chinese names in Russian letters (the Palladius system) read as pinyin.

Russian news writes Chinese people and places by the Palladius system: "Си Цзиньпин" (Xi
Jinping, 习近平), "Ван И" (Wang Yi), "Ли Цян" (Li Qiang), "Шэньчжэнь" (Shenzhen). `anchors`
folds a Cyrillic word letter by letter ("Цзиньпин" → "tszinpin"), which no Latin or Chinese text
spells: a Russian post naming Xi, Wang Yi or Li Qiang shared no name with the English or Chinese
article it copied (only "Пекин", which `lexicon.local_places` knows).

Here a Cyrillic word is read back as the pinyin it transcribes, where it is a whole run of
Palladius syllables. The table is pypinyin's own Cyrillic style (`pypinyin.Style.CYRILLIC`, the
library the project already reads Han characters with) inverted over every syllable pypinyin
knows, with the form Russian usage writes for -uo after d, t, s, ch, sh ("до", "то", "со", "чо",
"шо" beside pypinyin's "дуо"...). Palladius is close to one-to-one: j, q, x come before i and ü,
z, c, s never do ("цзи" ji, "цзы" zi; "си" xi, "сы" si), so a word has one reading or a few.
Syllables without a vowel (pypinyin's "m", "n", "ng") are left out: Russian case endings would
read as them.

Russian declines the names it can ("с Ли Цяном", "Си Цзиньпина"): a word is also read without a
case ending (`CASE_ENDINGS`), with the ь or й it replaced ("Шанхае" as "Шанхай", "в Шэньчжэне"
as "Шэньчжэнь"). Keys are as `anchors` makes them for a Latin
name: each word's reading of MIN_WORD_KEY letters or more ("jinping", "wang") and two adjacent
words joined ("xijinping", "wangyi"), which a Chinese text's romanised windows and a Latin
"Xi Jinping" share.
"""

from __future__ import annotations

import functools
import itertools
import re

__all__ = ["palladius_keys", "palladius_readings"]

# Russian case endings a Chinese name takes (the instrumental, genitive, dative, prepositional):
# "Цяном", "Цзиньпина", "Цзиньпину", "Шанхае" (Шанхай), "Шэньчжэне" (Шэньчжэнь).
CASE_ENDINGS = ("ом", "ем", "ым", "ой", "а", "я", "у", "ю", "е")
MIN_WORD_KEY = 3  # as anchors' Latin names: a word's key of fewer letters is no key
MIN_PAIR_KEY = 5  # two words joined, as anchors' Latin names
MAX_READINGS = 8  # readings of one word kept (a hostile word stays bounded)
MAX_WORD = 24  # letters: a longer word is no name of a few syllables

_CYRILLIC_WORD = re.compile(r"[а-яё]+")


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, frozenset[str]]:
    """Palladius syllable (lower case, no tone) -> the pinyin syllables it stands for (ü as u,
    as `anchors` folds it)."""
    from pypinyin import Style
    from pypinyin.pinyin_dict import pinyin_dict
    from pypinyin.style import convert

    table: dict[str, set[str]] = {}
    readings = {r for value in pinyin_dict.values() for r in value.split(",")}
    for reading in readings:
        normal = convert(reading, Style.NORMAL, strict=True).replace("v", "u").replace("ü", "u")
        if not normal.isascii() or not any(v in normal for v in "aeiou"):
            continue
        cyrillic = "".join(c for c in convert(reading, Style.CYRILLIC, strict=True).lower() if "а" <= c <= "я" or c == "ё")
        if not cyrillic:
            continue
        forms = {cyrillic}
        if normal.endswith("uo") and cyrillic.endswith("уо"):
            forms.add(cyrillic[:-2] + "о")
        for form in forms:
            table.setdefault(form, set()).add(normal)
    return {form: frozenset(p) for form, p in table.items()}


@functools.lru_cache(maxsize=1)
def _longest() -> int:
    """The letters of the longest Palladius syllable (`_table`'s keys)."""
    return max(map(len, _table()))


@functools.lru_cache(maxsize=16384)
def _segmented(word: str) -> frozenset[str]:
    """Every pinyin reading of a lower-case Cyrillic `word` that is a whole run of Palladius
    syllables (at most MAX_READINGS); empty where it is none."""
    table, longest = _table(), _longest()
    # reads[i]: the readings of word[:i]
    reads: list[set[str]] = [set() for _ in range(len(word) + 1)]
    reads[0].add("")
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - longest), end):
            if not reads[start]:
                continue
            for pinyin in table.get(word[start:end], ()):
                for before in reads[start]:
                    if len(reads[end]) < MAX_READINGS:
                        reads[end].add(before + pinyin)
    return frozenset(reads[-1])


def palladius_readings(word: str) -> frozenset[str]:
    """The pinyin a Cyrillic `word` transcribes by the Palladius system, as it stands or without
    a Russian case ending (`CASE_ENDINGS`), at most MAX_READINGS: "Цзиньпин" → {"jinping"},
    "Цяном" → {"qiang"}, "Шанхае" → {"shanghai", ...}, "Цзиньпина" → {"jinping", "jinpina",
    ...} (a run of syllables may read several ways; each is a key, and only a text spelling that
    reading shares it); an empty set for a word that is no run of syllables ("Москва",
    "Лавров") or not Cyrillic, or longer than MAX_WORD letters."""
    lowered = word.lower()
    if not 0 < len(lowered) <= MAX_WORD or not _CYRILLIC_WORD.fullmatch(lowered):
        return frozenset()
    out = set(_segmented(lowered))
    for ending in CASE_ENDINGS:
        if lowered.endswith(ending) and len(lowered) > len(ending):
            stem = lowered[: -len(ending)]
            # the soft sign or й a case ending replaces: "Шэньчжэне" (Шэньчжэнь), "Линя" (Линь),
            # "Шанхае" (Шанхай)
            for base in (stem, stem + "ь", stem + "й"):
                out |= _segmented(base)
    return frozenset(itertools.islice(sorted(out), MAX_READINGS))


def palladius_keys(name: str) -> frozenset[str]:
    """The pinyin keys of a name in Cyrillic letters (`anchors` adds them to its keys): each
    word's readings (`palladius_readings`) of MIN_WORD_KEY letters or more, and two adjacent
    words' readings joined, of MIN_PAIR_KEY or more. "Си Цзиньпин" → {"jinping", "xijinping"};
    "Ван И" → {"wang", "wangyi"}; a name with no Cyrillic word, or none Palladius, → set()."""
    words = name.split()
    if not any(_CYRILLIC_WORD.search(w.lower()) for w in words):
        return frozenset()
    readings = [palladius_readings(w) for w in words]
    keys = {r for rs in readings for r in rs if len(r) >= MIN_WORD_KEY}
    for first, second in itertools.pairwise(readings):
        keys.update(a + b for a in first for b in second if len(a + b) >= MIN_PAIR_KEY)
    return frozenset(keys)
