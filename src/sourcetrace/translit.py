"""Foreign names as Chinese writes them, matched to their Latin spelling by sound.

Chinese news writes a foreign name with characters chosen for their sound: "Trump" is 特朗普
(te-lang-pu), "Malpass" 马尔帕斯, "Brighton" 布莱顿. Romanised (`anchors.han_syllable`),
"telangpu" shares no key with "trump", so a Spanish post naming Malpass shared nothing with the
Chinese article on him (issue 12's condensed misses). Both sides are reduced here to a *sound
key*: the consonants only, in coarse classes that survive the transliteration (b/p, d/t,
g/k/c/q/j/ch, s/z/x/sh/ts, f, v/w, l/r, m, n, and a nasal at the end of a syllable as n),
vowels and h dropped, runs of one class written once:

    Trump → t·r·m(coda)·p → "TLNP";   特朗普 → te·lang·pu → T·L N·P → "TLNP"

A Latin word gives a few keys, one per way Chinese is known to render it: an r or l after a
vowel may be dropped ("Merkel" 默克尔, "Donald" 唐纳德), as may a leading j or y ("Johnson"
约翰逊), a final v be f ("Gorbachev" 戈尔巴乔夫). The Han side is looked for only in runs of
characters the transliteration tables use (`TRANSLIT_CHARS`), whole ("特朗普政府": 特朗普, as
政 is none of them). A key of SOUND_MIN (4) classes or more is needed: "Modi" (MT),
"Merkel" (MKL) and "Johnson" (NSN) are too short to tell from chance; a compound surname
joined by a hyphen is read whole on both sides ("Díaz-Canel" → "TSKNL" = 迪亚斯-卡内尔), where
each half alone is too short. Names Chinese does not
write by sound (普京 for Putin) are not found. The other direction, a Chinese post's 特朗普
against an English article's "Trump", looks the post's windows up among the article's Latin,
Cyrillic and Greek names (`anchorcompare.KeyTable.latin_by_sound`).

Where the characters come from: GB/T 17693.5-2009 table 1 as the Unicode CLDR's Spanish
transform writes it (common/transforms/es_FONIPA-zh.xml), with the characters of the English
table (GB/T 17693.1) that news uses beyond it (逊, 翰, 朗, 默, 顿, 伯, 杰, 詹...); 年 and 于
are left out (a year, a preposition).
"""

from __future__ import annotations

import functools
import itertools
import re

from anyascii import anyascii

__all__ = ["SOUND_MIN", "TRANSLIT_CHARS", "han_sound_key", "is_pinyin", "latin_sound_keys", "sound_parts", "sound_weight",
           "translit_runs", "word_sound_keys"]

TRANSLIT_CHARS = frozenset(
    # GB/T 17693.5 (CLDR es_FONIPA-zh)
    "艾安奥阿拜班包巴本贝宾比亚恩别乌邦博布因伊瓦万沃文韦维耶武埃夫代丹道达登德丁迪迭东多敦杜端"
    "欧法凡福费芬菲丰富弗盖甘高加根格金吉贡戈古关瓜圭果扬尧延永约云尤元凯坎考卡肯克基孔科昆库宽"
    "夸奎阔莱兰劳拉伦林利连列柳隆洛卢尔良廖略迈曼马丁毛门梅明米缅缪蒙莫穆姆奈南瑙纳嫩内宁尼涅纽"
    "农诺努翁派潘保帕彭佩平皮彼蓬波普赖雷里留龙罗鲁赛桑绍萨森塞辛西先谢休松索孙苏绥斯泰坦陶塔滕"
    "特廷蒂铁通托察岑采钦齐措聪楚茨图柴钱乔查琴切奇恰琼丘崔海汉豪哈黑亨赫欣希洪霍胡华惠栋楠锡亥"
    # GB/T 17693.1 (English) and news usage beyond it
    "逊翰朗默顿伯杰詹沙什舍施贾玛娜丽莉莎娅琳黛露蕾薇妮珍朱兹泽扎祖佐策怀威伍旺肖雪叶勒吕唐汤"
    "屠提汀鲍斐昂迦珀娃辅杨得盛彻朔厄")

# A name is a whole run of transliteration characters of at most this many. Windows starting or
# ending a run were tried first (a name glued to a neighbour the tables also use): on the tuning
# halves the same copies and false copies, 6 names shared with the right article more and 7 with
# wrong ones, and trial 18's coincidences were such windows ("Luhansk" = 连斯基 of 泽连斯基,
# "Lincoln" = 林肯 of 布林肯, "Grant" = 克兰提 of 乌克兰提供).
MAX_RUN = 8

# A sound key needs this many consonant classes. Three were tried on the tuning halves' dumps
# (scripts/tune_experiments.py dumps, 2026-12-02): of the directions-zh posts' wrong candidate
# articles, 248 gained a name by sound, most by three classes and many by chance ("Jones" =
# 金斯, "Adonis" = 东西, "Paris" = 布鲁塞), and one became a false copy (a same-storm
# negative's "Невада", "Аризона"); with four: a copy more, no false copy more, and what a wrong
# article shares is mostly the same person ("Trump" = 特朗普 in two stories on him).
SOUND_MIN = 4

_CHARS = "[" + "".join(sorted(TRANSLIT_CHARS)) + "]"
_RUN = re.compile(_CHARS + "{2,}")
# ... and runs joined by hyphens, a compound surname whole ("迪亚斯-卡内尔", Díaz-Canel: each half
# of 2-3 classes is too short to be matched alone; trial 102's copy of Xi's message to him shared
# no name with the Chinese article)
_HYPHENS = "-‐－"
_NO_HYPHENS = str.maketrans("", "", _HYPHENS)
_JOINED = re.compile(f"{_CHARS}+(?:[{_HYPHENS}]{_CHARS}+)+")

# Pinyin initials (longest first) and the class each is a transliteration of; "" is dropped.
_HAN_INITIALS = (("zh", "K"), ("ch", "K"), ("sh", "S"), ("b", "P"), ("p", "P"), ("m", "M"),
                 ("f", "F"), ("d", "T"), ("t", "T"), ("n", "N"), ("l", "L"), ("g", "K"),
                 ("k", "K"), ("h", ""), ("j", "K"), ("q", "K"), ("x", "S"), ("r", "L"),
                 ("z", "S"), ("c", "S"), ("s", "S"), ("y", ""), ("w", "W"))


@functools.lru_cache(maxsize=4096)
def _han_syllable_sound(char: str) -> str:
    syllable = anyascii(char).lower()
    if not syllable.isalpha():
        return ""
    if syllable == "er":
        return "L"  # 尔: an r or l
    out = ""
    rest = syllable
    for initial, cls in _HAN_INITIALS:
        if syllable.startswith(initial):
            out, rest = cls, syllable[len(initial):]
            # 华 (hua), 惠 (hui), 霍 (huo) write "wa", "wi", "wo" as often as "ha"...: w
            if initial == "h" and len(rest) > 1 and rest[0] == "u":
                out = "W"
            break
    if rest.endswith(("n", "ng")):
        out += "N"  # a syllable's nasal ending: m or n ("Trump" 特朗普)
    return out


def _collapse(symbols: str) -> str:
    return "".join(k for k, _ in itertools.groupby(symbols))


def han_sound_key(chars: str) -> str:
    """The sound key of Han characters ("特朗普" → "TLNP"); "" for a character that is no Han."""
    return _collapse("".join(_han_syllable_sound(c) for c in chars))


_VOWELS = frozenset("aeiouy")
# Latin letters and digraphs (longest first) and their classes; "?" marks one handled in place.
_LATIN = (("sch", "S"), ("ch", "K"), ("sh", "S"), ("ph", "F"), ("th", "T"), ("gh", ""), ("ck", "K"),
          ("qu", "K"), ("tz", "S"), ("ts", "S"), ("dg", "K"), ("wh", "W"), ("kh", "K"), ("zh", "K"),
          ("x", "?"), ("c", "?"), ("b", "P"), ("p", "P"), ("d", "T"), ("t", "T"), ("g", "K"),
          ("k", "K"), ("q", "K"), ("j", "?"), ("f", "F"), ("v", "?"), ("w", "W"), ("s", "S"),
          ("z", "S"), ("l", "?"), ("r", "?"), ("m", "?"), ("n", "?"), ("h", ""))

# Most alternative readings one word gives (each optional letter doubles them).
_MAX_VARIANTS = 5


@functools.lru_cache(maxsize=16384)
def latin_sound_keys(word: str) -> frozenset[str]:
    """The sound keys of one Latin-script word ("Trump" → {"TLNP"}; "Merkel" → {"MLKL", "MKL"}),
    each of SOUND_MIN classes or more; empty for a word of under 4 letters or too few
    consonants. Letters Chinese renders in more than one way give one key per reading (at most
    2**_MAX_VARIANTS)."""
    w = "".join(c for c in anyascii(word).lower() if "a" <= c <= "z")
    if len(w) < 4:
        return frozenset()
    # each slot: the classes it may be written as ("" = dropped)
    slots: list[tuple[str, ...]] = []
    i, optional = 0, 0
    while i < len(w):
        c = w[i]
        if c in _VOWELS:
            if c == "y" and i == 0 and len(w) > 1 and w[1] in _VOWELS:
                slots.append(("",))  # a leading y before a vowel: 约, 伊, 尤 write it as a vowel
            i += 1
            continue
        if i > 0 and w[i - 1] == c and c not in "mn":
            i += 1  # a doubled letter is one sound ("Malpass")
            continue
        letters, cls = next(entry for entry in _LATIN if w.startswith(entry[0], i))  # every a-z consonant is listed
        after = w[i + len(letters)] if i + len(letters) < len(w) else ""
        before = w[i - 1] if i > 0 else ""
        if cls != "?":
            choice: tuple[str, ...] = (cls,)
        elif c == "x":
            choice = ("S",) if i == 0 else ("KS",)
        elif c == "c":
            choice = ("S",) if after in ("e", "i", "y") else ("K",)
        elif c == "j":
            choice = ("K", "") if i == 0 else ("K",)  # "Johnson" 约翰逊
        elif c == "v":  # before a vowel 瓦, 维, 沃; else often 夫 ("Gorbachev" 戈尔巴乔夫, "Lavrov")
            choice = ("W",) if after in _VOWELS and after else ("W", "F")
        elif c in "lr":
            # after a vowel, before a consonant or at the end: often not written ("Merkel" 默克尔)
            coda = before in _VOWELS and after not in _VOWELS
            choice = ("L", "") if coda else ("L",)
        else:  # m, n
            if before == c:
                i += 1  # "Chennai" 金奈: the second n is the next syllable's; one class either way
                continue
            if c == "n" and after == "g" and (i + 2 >= len(w) or w[i + 2] not in _VOWELS):
                choice = ("N",)  # "-ng": one nasal ("Washington" 华盛顿)
                letters = "ng"
            elif after in _VOWELS and after:
                choice = ("M" if c == "m" else "N",)
            elif c == "m" and not after:
                choice = ("M", "N")  # "Graham" 格雷厄姆, "Hakim" 哈基姆 as often as a nasal ending
            else:
                choice = ("N",)  # before a consonant: a nasal ending ("Trump" 特朗普)
        if len(choice) > 1:
            optional += 1
            if optional > _MAX_VARIANTS:
                choice = choice[:1]
        slots.append(choice)
        i += len(letters)
    keys = {_collapse("".join(parts)) for parts in itertools.product(*slots)}
    return frozenset(k for k in keys if len(k) >= SOUND_MIN)


_PART = re.compile(r"[^\W\d_]+")  # letters, between hyphens and apostrophes


def sound_parts(word: str) -> list[tuple[int, int]]:
    """The spans of `word`'s parts that are names: split at hyphens and apostrophes ("Blinken-led":
    "Blinken", "led"), a possessive's "s" ("Trump's", "Macron’s") dropped, a Russian case ending
    too ("Трампом": "Трамп", `russian_stem`)."""
    parts = [m.span() for m in _PART.finditer(word)]
    return [(a, a + len(russian_stem(word[a:b]))) for a, b in parts if word[a:b].lower() != "s"]


# Russian case and adjective endings a name takes (Путина, Трампом, Зеленского, Лавровым), longest
# first; not -ов, -ев, -ин, which end surnames in the nominative (Лавров, Путин).
_RUSSIAN_ENDINGS = ("ыми", "ими", "ами", "ями", "ого", "его", "ому", "ему", "ой", "ей", "ом", "ем", "ём",
                    "ым", "им", "ам", "ям", "ах", "ях", "ых", "их", "ую", "юю", "ая", "яя", "ий", "ый",
                    "а", "я", "у", "ю", "е", "ы")
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+")
RUSSIAN_STEM_MIN = 4  # letters a stem keeps ("Мира" is no "Мир": a name of 3 is too common)


def russian_stem(word: str) -> str:
    """A Cyrillic `word` without the Russian case ending it ends in ("Путина" → "Путин",
    "Зеленским" → "Зеленск", "Лавровым" → "Лавров"), where at least RUSSIAN_STEM_MIN letters
    stay; any other word as it is. Russian posts and articles name people in every case; the
    other side writes the name once ("Putin", "普京")."""
    if not _CYRILLIC_WORD.fullmatch(word):
        return word
    lowered = word.lower()
    for ending in _RUSSIAN_ENDINGS:
        if lowered.endswith(ending) and len(word) - len(ending) >= RUSSIAN_STEM_MIN:
            return word[: -len(ending)]
    return word


@functools.lru_cache(maxsize=1)
def _pinyin_syllables() -> frozenset[str]:
    """Every syllable anyascii romanises a CJK Unified Ideograph to (~400: "zhong", "guo"...)."""
    return frozenset(s for s in (anyascii(chr(c)).lower() for c in range(0x4E00, 0xA000)) if s.isalpha())


@functools.lru_cache(maxsize=16384)
def is_pinyin(word: str) -> bool:
    """Whether the Latin `word` is a run of pinyin syllables ("Jinping", "Shandong", "Santana"): a
    Chinese name spelled in pinyin is matched by its spelling (`anchors`), so such a word is never
    matched by sound (trial 18 saw 根本 "fundamental" shared as "Jinping", 盛顿 as "Shandong")."""
    w = "".join(c for c in anyascii(word).lower() if "a" <= c <= "z")
    if not w:
        return False
    syllables = _pinyin_syllables()
    ends = [True] + [False] * len(w)
    for i in range(len(w)):
        if ends[i]:
            for j in range(i + 1, min(len(w), i + 6) + 1):
                if w[i:j] in syllables:
                    ends[j] = True
    return ends[len(w)]


def word_sound_keys(word: str) -> frozenset[str]:
    """The sound keys of a word as a text writes it: those of its name parts (`sound_parts`),
    none of a part that is pinyin (`is_pinyin`)."""
    keys: set[str] = set()
    for a, b in sound_parts(word):
        if not is_pinyin(word[a:b]):
            keys |= latin_sound_keys(word[a:b])
    return frozenset(keys)


def sound_weight(key: str) -> float:
    """The weight in nats of a name shared by sound key: 2, what a name of 5-7 letters shared by
    spelling weighs (`anchors._name_weight`), the classes being coarse; 1 for a key under 4
    classes (not matched while SOUND_MIN is 4). A prior like the other anchors' weights."""
    return 2.0 if len(key) >= 4 else 1.0


def translit_runs(text: str) -> dict[str, tuple[int, int]]:
    """Sound key → (start, end) of the first run of `text` that has it: runs of 2 to MAX_RUN
    characters of TRANSLIT_CHARS, whole, with SOUND_MIN classes, and runs joined by hyphens
    (`_JOINED`: "迪亚斯-卡内尔") of MAX_RUN characters at most."""
    table: dict[str, tuple[int, int]] = {}
    for m in _RUN.finditer(text):
        i, j = m.span()
        if j - i <= MAX_RUN:
            key = han_sound_key(text[i:j])
            if len(key) >= SOUND_MIN:
                table.setdefault(key, (i, j))
    if any(h in text for h in _HYPHENS):
        for m in _JOINED.finditer(text):
            chars = m.group().translate(_NO_HYPHENS)
            if len(chars) <= MAX_RUN:
                key = han_sound_key(chars)
                if len(key) >= SOUND_MIN:
                    table.setdefault(key, m.span())
    return table
