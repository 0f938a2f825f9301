"""Korean names as Chinese writes them, matched to their romanised spelling by sound.

Chinese news writes a Korean name in the Han characters of its Korean form: 金正恩, 李勇浩,
崔善姬, 文在寅. A post writes the same person in one of several romanisations: the DPRK's own
("Kim Jong Un", "Ri Yong Ho", "Choe Son Hui", "Pak Pong Ju"), South Korea's Revised
Romanization or its older McCune-Reischauer ("Gim Jeong-eun", "Ch'oe Sŏn-hŭi"), and the
customary spellings of surnames ("Lee", "Park", "Choi", "Roh", "Moon"). The pinyin of the
characters ("jinzhengen", "liyonghao") shares nothing with any of them: trial 20's Spanish post
on "Ri Yong Ho" shared no name with the Chinese article on 李勇浩.

Both sides are reduced here to a *Korean key*: a name's syllables, each written in sound
classes; the Han side gives one key, a romanised name every key its spelling can stand for:

- initials: g/k/kk → K, d/t/tt → T, b/p/pp → P, j/ch/jj → J, s/ss/sh → S, h → H, m → M; n, r
  and l → N, dropped before i or y (the South's initial-sound rule: 李 is 리 "Ri" in the North,
  이 "I"/"Lee"/"Yi" in the South; 龍 "Ryong"/"Yong"; 盧 "Ro"/"No"/"Roh");
- vowels: the jamo apart (ㅗ O, ㅓ EO, ㅜ U, ㅡ EU, ㅛ YO, ㅕ YEO, ㅠ YU), but ae/e → E, i/ee/ui/eui
  → I ("Hui" and "Hee" for 희), wae/we/oe/oi → WE ("Choe", "Choi" for 최); a Latin vowel reads as
  every jamo the systems and customs write so (the systems cross here: 정 is "Jong", "Jeong",
  "Chŏng" and "Chung"; 은 is "Un" and "Eun", 운 "Un" and "Woon"; `_LATIN_VOWELS`), so "Kim Jong Un"
  is 金正恩 and, as its spelling allows, 金钟云, while "Kim Jong-woon" is 金钟云 alone;
- finals: k/g/ck → K, n → N, ng → NG, l/r → L, m → M, p/b → P, t → T; an h after the vowel
  ("Roh", "Ahn") and an r before a final ("Park") are spelling, not sound.

A key is made only where it is specific: three syllables (a surname and a two-syllable given
name, the common Korean full name), the first a Korean surname (`SURNAMES`, read as a surname:
金 is 김 "Kim", not 금). On the Latin side every token must be one Korean syllable (a given
name may be hyphenated, "Jong-un", or glued, "Jongun"): "Li Keqiang", "Nguyen Xuan Phuc" and
"Xi Jinping" give no key. Chinese names in a Chinese article (李克强) do give keys, but no
romanised post writes 리극강.

Readings: data/hanja_readings.txt.gz (`scripts/make_hanja_readings.py` says where they come
from), one reading per character; surnames read as surnames where that differs (`_SURNAME_READINGS`).
"""

from __future__ import annotations

import functools
import io
import itertools
import re

from anyascii import anyascii

__all__ = ["KOREAN_PREFIX", "KOREAN_WEIGHT", "SURNAMES", "han_korean_key", "latin_korean_keys"]

# The key prefix of a Korean name ("ko:KIM.JONG.ON"): no other key of `anchors` starts so.
KOREAN_PREFIX = "ko:"
# A three-syllable Korean name shared: as specific as a long name (`anchors._name_weight`: 3
# nats for a key of 8 letters or more, "xijinping").
KOREAN_WEIGHT = 3.0
SYLLABLES = 3  # a key is a whole name: surname and a two-syllable given name

# Korean surnames, simplified and traditional where they differ (the Korean census's commonest,
# with the DPRK's: 崔, 朴, 李, 金, 玄, 卢 in its officials' names).
SURNAMES = frozenset(
    "金李朴崔郑鄭姜赵趙尹张張林韩韓吴吳徐申权權黄黃安宋柳洪全高文孙孫梁裴白曹许許南卢盧玄延元河"
    "车車禹具成任罗羅辛池丁沈卞严嚴陈陳刘劉廉边邊吕呂秋都石苏蘇千方孔康奇太明房鱼魚表玉马馬周"
    "庆慶殷余片魏咸薛睦桂俞慎陆陸杨楊田郭闵閔琴奉弓龙龍吉潘蔡范印宣晋晉夫秦卓朱鞠芮陶")
# A surname's reading where the character's usual one is not it (金 is 금 "gold", 김 as a name).
_SURNAME_READINGS = {"金": "김", "沈": "심", "车": "차", "車": "차", "乐": "악", "樂": "악"}

# ---- the Han side -------------------------------------------------------------------------------

MAX_READINGS_BYTES = 1 << 20  # bound on what is read of the packaged file (it is ~0.2 MB)


@functools.lru_cache(maxsize=1)
def _readings() -> dict[str, str]:
    """Han character -> Hangul syllable, from data/hanja_readings.txt.gz (read once, ~20 ms)."""
    import gzip
    from importlib import resources

    raw = (resources.files("sourcetrace") / "data" / "hanja_readings.txt.gz").read_bytes()
    with gzip.GzipFile(fileobj=io.BytesIO(raw)) as fh:
        text = fh.read(MAX_READINGS_BYTES).decode("utf-8")
    table: dict[str, str] = {}
    for line in text.split("\n"):
        reading, _, chars = line.partition("\t")
        if len(reading) == 1 and chars and not line.startswith("#"):
            for char in chars:
                table[char] = reading
    return table


# Hangul jamo (Unicode's order) as the classes above write them.
_INITIALS = ("K", "K", "N", "T", "T", "N", "M", "P", "P", "S", "S", "", "J", "J", "J", "K", "T", "P", "H")
_VOWELS = ("A", "E", "YA", "YE", "EO", "E", "YEO", "YE", "O", "WA", "WE", "WE", "YO", "U", "WO", "WE", "WI",
           "YU", "EU", "I", "I")
_FINALS = ("", "K", "K", "K", "N", "N", "N", "T", "L", "L", "L", "L", "L", "L", "L", "L", "M", "P", "P", "T",
           "T", "NG", "T", "T", "K", "T", "P", "T")


def _syllable(initial: str, vowel: str, final: str) -> str:
    if initial == "N" and vowel[0] in "IY":
        initial = ""  # the initial-sound rule, applied to every syllable on both sides
    return initial + vowel + final


def _hangul_class(char: str) -> str | None:
    code = ord(char) - 0xAC00
    if not 0 <= code < 11172:
        return None
    return _syllable(_INITIALS[code // 588], _VOWELS[(code % 588) // 28], _FINALS[code % 28])


def han_korean_key(chars: str) -> str | None:
    """The Korean key (KOREAN_PREFIX + classes of each syllable, joined by ".") of a window of
    SYLLABLES Han characters (simplified or traditional) whose first is a Korean surname
    (`SURNAMES`): "金正恩" → "ko:KIM.JONG.ON"; None for any other window or a character without
    a reading."""
    if len(chars) != SYLLABLES or chars[0] not in SURNAMES:
        return None
    table = _readings()
    parts = []
    for i, char in enumerate(chars):
        reading = _SURNAME_READINGS.get(char) if i == 0 else None
        reading = reading or table.get(char)
        cls = _hangul_class(reading) if reading else None
        if cls is None:
            return None
        parts.append(cls)
    return KOREAN_PREFIX + ".".join(parts)


# ---- the Latin side -----------------------------------------------------------------------------

_LATIN_INITIALS = (("kk", "K"), ("tt", "T"), ("pp", "P"), ("ss", "S"), ("jj", "J"), ("ch", "J"), ("sh", "S"),
                   ("rh", "N"), ("k", "K"), ("g", "K"), ("t", "T"), ("d", "T"), ("p", "P"), ("b", "P"),
                   ("j", "J"), ("s", "S"), ("h", "H"), ("m", "M"), ("n", "N"), ("r", "N"), ("l", "N"), ("", ""))
# A Latin vowel reads as each jamo the systems and customs write so (ŏ and ŭ lose their breve):
# "o" is ㅗ or ㅓ ("Jong" 정, "Son" 선), "u" ㅜ, ㅡ or ㅓ ("Un" 은, "Sung" 성, "Chung" 정), "yo" ㅛ or
# ㅕ ("Hyon" 현), "yu" ㅠ or ㅕ ("Hyun" 현, "Kyung" 경); "eo", "eu", "oo" ("Moon" 문), "woo"
# ("Jong-woon" 운), "yoo" ("Yoon" 윤) only one. Customary "you" (열: "Yoon Seok-youl") and "wh" for
# hw (화: "Kang Kyung-wha", read by `latin_korean_keys`) as well (trial 23 found these without a
# key). One class for ㅗ ㅓ ㅜ ㅡ made 金正恩 (Kim Jong-un) and 金钟云 (Kim Jong-woon) one key (trial 24).
_LATIN_VOWELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("yeo", ("YEO",)), ("yae", ("YE",)), ("wae", ("WE",)), ("weo", ("WO",)), ("yoo", ("YU",)),
    ("you", ("YEO", "YU")), ("woo", ("U",)), ("ye", ("YE",)), ("ya", ("YA",)), ("yo", ("YO", "YEO")),
    ("yu", ("YU", "YEO")), ("yi", ("I",)), ("wa", ("WA",)), ("wo", ("WO",)), ("we", ("WE",)), ("wi", ("WI",)),
    ("eui", ("I",)), ("ui", ("I",)), ("eo", ("EO",)), ("eu", ("EU",)), ("ae", ("E",)), ("oe", ("WE",)),
    ("oi", ("WE",)), ("oo", ("U",)), ("ee", ("I",)), ("a", ("A",)), ("e", ("E",)), ("i", ("I",)),
    ("o", ("O", "EO")), ("u", ("U", "EU", "EO")))
_LATIN_FINALS = (("ng", "NG"), ("ck", "K"), ("k", "K"), ("g", "K"), ("n", "N"), ("l", "L"), ("r", "L"),
                 ("m", "M"), ("p", "P"), ("b", "P"), ("t", "T"), ("", ""))
_TOKEN = re.compile(r"[a-z]+")
_WH = re.compile(r"(?<![a-z])wh(?=[aeiouy])")  # a syllable's "wh" is hw: "Kyung-wha" 화
MAX_TOKEN = 12  # a longer token is no one or two Korean syllables


@functools.lru_cache(maxsize=8192)
def _syllable_parses(token: str) -> tuple[tuple[str, str], ...]:
    """Every way to read `token` (lower-case ASCII) from its start as one Korean syllable:
    (its classes, what is left of the token)."""
    out: list[tuple[str, str]] = []
    for ini, ini_cls in _LATIN_INITIALS:
        if not token.startswith(ini):
            continue
        rest = token[len(ini):]
        for vow, vow_classes in _LATIN_VOWELS:
            if not rest.startswith(vow):
                continue
            tail = rest[len(vow):]
            for spelling in ("h", "r", ""):  # "Roh", "Ahn"; "Park"
                if not tail.startswith(spelling):
                    continue
                after = tail[len(spelling):]
                for fin, fin_cls in _LATIN_FINALS:
                    if after.startswith(fin) and not (spelling == "r" and not fin):
                        out.extend((_syllable(ini_cls, vow_cls, fin_cls), after[len(fin):]) for vow_cls in vow_classes)
    return tuple(dict.fromkeys(out))


@functools.lru_cache(maxsize=8192)
def _token_readings(token: str, syllables: int) -> frozenset[str]:
    """The ways `token` reads as exactly `syllables` Korean syllables, each "A.B"."""
    if syllables == 0:
        return frozenset({""}) if not token else frozenset()
    out = set()
    for cls, rest in _syllable_parses(token):
        for more in _token_readings(rest, syllables - 1):
            out.add(cls + ("." + more if more else ""))
    return frozenset(out)


# A name's tokens are read as at most this many Korean keys (a hostile name of many ambiguous
# tokens stays bounded). A vowel reads as up to three jamo: "Sung Un Chul" makes 3 x 3 x 3 keys.
MAX_KEYS = 64


def latin_korean_keys(name: str) -> frozenset[str]:
    """The Korean keys of a romanised name: every run of its tokens (split at spaces, hyphens
    and apostrophes, diacritics dropped: "Ch'oe Sŏn-hŭi") that reads as a surname of one
    syllable and a given name of two, each token wholly Korean syllables: "Kim Jong Un",
    "Kim Jong-un" and "Kim Jongun" → {"ko:KIM.JONG.ON"}; "Li Keqiang" → set()."""
    folded = _WH.sub("hw", anyascii(name).lower().replace("'", ""))
    found = [m for m in _TOKEN.finditer(folded) if len(m.group()) <= MAX_TOKEN]
    tokens = [m.group() for m in found]
    # a token a hyphen joins to the next is half a given name ("Seok-youl"), never a whole one
    # read as two syllables (trial 24: "Seok" as 세옥 made "Yoon Seok-youl" 尹世玉 too)
    hyphened = [folded[m.end() : m.end() + 1] == "-" for m in found]
    keys: set[str] = set()
    for i in range(len(tokens)):
        surnames = _token_readings(tokens[i], 1)
        if not surnames:
            continue
        # the given name: two tokens of one syllable each, or one token of two
        for given, counts in ((tokens[i + 1 : i + 3], (1, 1)), (tokens[i + 1 : i + 2], (2,))):
            if len(given) != len(counts) or (counts == (2,) and hyphened[i + 1]):
                continue
            options = [sorted(_token_readings(t, n)) for t, n in zip(given, counts, strict=True)]
            for parts in itertools.product(sorted(surnames), *options):
                keys.add(KOREAN_PREFIX + ".".join(parts))
                if len(keys) >= MAX_KEYS:
                    return frozenset(keys)
    return frozenset(keys)
