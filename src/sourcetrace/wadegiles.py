"""Chinese names in Wade-Giles, as Taiwan and older usage spell them, read as pinyin.

Chinese news writes Taiwan's politicians in characters (赖清德, 蔡英文, 韩国瑜, 蒋经国); a post in
English, Spanish or French writes them as their passports do, in Wade-Giles without its
apostrophes and umlauts ("Lai Ching-te", "Tsai Ing-wen", "Han Kuo-yu", "Chiang Ching-kuo").
`anchors` matches a Latin name to a Han window by its pinyin ("Xi Jinping" = 习近平 as
"xijinping"), and "laichingte" is not "laiqingde": the name, in every story on Taiwan that
state media writes, was no evidence at all.

Here each Wade-Giles syllable is read back as the pinyin syllables it can stand for. The table
is made from pinyin's syllables (`translit._pinyin_syllables`) by the standard correspondences
(Wade-Giles as Giles's dictionary and the Taiwan passport office write it):

- initials: b → p, p → p(ʻ), d → t, t → t(ʻ), g → k, k → k(ʻ), j → ch, q → ch(ʻ), zh → ch,
  ch → ch(ʻ), x → hs, r → j, z → ts/tz, c → ts(ʻ)/tz(ʻ); the apostrophe of aspiration dropped,
  so "ch" stands for j, q, zh and ch, "k" for g and k;
- finals: -i after z, c, s → -u (tzu, ssu, szu) and after zh, ch, sh, r → -ih (chih, shih,
  jih); -ong → -ung, -iong → -iung; -ian → -ien; -ie → -ieh, -üe → -ueh; -e after g, k, h → -o
  (ko, ho); -uo → -o but after g, k, h, sh (to, lo, tso, cho; kuo, huo, shuo); -ui → -uei after
  g, k (kuei); ü written u; -er → -erh; yi → i, you → yu, ye → yeh, yong → yung, and a y before
  i dropped as Taiwan's passports drop it ("Ing-wen" 英文, "In" 印).

Only whole names are read: a surname and a hyphenated given name of two syllables ("Lai
Ching-te"), every syllable Wade-Giles, pinyin or one of a few customary spellings (`CUSTOMARY`:
"Lee", Gwoyeu Romatzyh's "jeou" of "Ma Ying-jeou"). Others are not read: Hokkien ("Hsiao
Bi-khim" 萧美琴), Cantonese ("Chiang Kai-shek" 蒋介石), one-off spellings ("Ko Wen-je" 柯文哲,
"Su Tseng-chang" 苏贞昌).
"""

from __future__ import annotations

import functools
import itertools
import re

from anyascii import anyascii

from .translit import _pinyin_syllables

__all__ = ["wade_giles_keys", "wade_giles_to_pinyin"]

_PINYIN_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x",
                    "r", "z", "c", "s", "y", "w", "")
_WG_INITIALS = {"b": ("p",), "p": ("p",), "d": ("t",), "t": ("t",), "g": ("k",), "k": ("k",), "j": ("ch",),
                "q": ("ch",), "zh": ("ch",), "ch": ("ch",), "x": ("hs",), "r": ("j",), "z": ("ts",),
                "c": ("ts",), "s": ("s",), "sh": ("sh",), "m": ("m",), "f": ("f",), "n": ("n",),
                "l": ("l",), "h": ("h",), "y": ("y",), "w": ("w",), "": ("",)}


def _split(syllable: str) -> tuple[str, str]:
    for initial in _PINYIN_INITIALS:
        if syllable.startswith(initial) and len(syllable) > len(initial):
            return initial, syllable[len(initial):]
    return "", syllable


def _wg_finals(initial: str, final: str) -> tuple[str, ...]:
    """The Wade-Giles finals (apostrophes and umlauts dropped) of a pinyin final after `initial`."""
    if initial in ("z", "c") and final == "i":
        return ("u", "zu")  # tsu, tzu ("ts" + "zu" is no form; see _table)
    if initial == "s" and final == "i":
        return ("u", "su", "zu")  # su, ssu, szu
    if initial in ("zh", "ch", "sh", "r") and final == "i":
        return ("ih",)
    if initial in ("j", "q", "x", "y") and final.startswith("u"):
        final = "ü" + final[1:]  # ju, que, xuan, yun: ü in pinyin's spelling
    table = {"ong": "ung", "iong": "iung", "ian": "ien", "ie": "ieh", "üe": "ueh", "ue": "ueh", "er": "erh"}
    if final in table:
        return (table[final],)
    if final == "e" and initial in ("g", "k", "h"):
        return ("o",)
    if final == "uo" and initial not in ("g", "k", "h", "sh"):
        return ("o",)
    if final == "ui" and initial in ("g", "k"):
        return ("uei",)
    return (final.replace("ü", "u"),)


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, frozenset[str]]:
    """Wade-Giles syllable (as passports write it) -> the pinyin syllables it can stand for;
    a pinyin syllable also stands for itself."""
    table: dict[str, set[str]] = {}
    for syllable in sorted(_pinyin_syllables()):
        initial, final = _split(syllable)
        forms: set[str] = set()
        if syllable == "yi":
            forms.add("i")
        elif syllable == "you":
            forms.add("yu")
        elif syllable == "ye":
            forms.add("yeh")
        elif syllable == "yong":
            forms.add("yung")
        else:
            for wi, wf in itertools.product(_WG_INITIALS.get(initial, (initial,)), _wg_finals(initial, final)):
                forms.add("tzu" if wi + wf == "tszu" else wi + wf)
        for form in list(forms):
            if form.startswith("yi"):  # Taiwan's passports: "Ing-wen" 英文, "In" 印
                forms.add(form[1:])
        forms.add(syllable)
        for form in forms:
            table.setdefault(form, set()).add(syllable)
    return {form: frozenset(pinyin) for form, pinyin in table.items()}


# Spellings outside Wade-Giles that the people most often named in news carry: "Lee" (李登辉),
# Gwoyeu Romatzyh's "jeou" (马英九 Ma Ying-jeou), "shyi" (游锡堃), "pyng" (王金平), "wun" (郑丽文),
# "Hau" (郝龙斌).
CUSTOMARY = {"lee": "li", "jeou": "jiu", "shyi": "xi", "pyng": "ping", "wun": "wen", "hau": "hao"}


def wade_giles_to_pinyin(syllable: str) -> frozenset[str]:
    """The pinyin syllables a Wade-Giles (or pinyin) syllable can stand for, apostrophes and
    umlauts dropped: "ching" → {"jing", "qing"}; "hsiao" → {"xiao"}; "tsai" → {"zai", "cai"};
    an empty set for what is no syllable of either ("jeou", "khim")."""
    return _table().get(syllable.lower(), frozenset())


_WORD = re.compile(r"[a-z]+(?:-[a-z]+)?")
# A name's tokens are read as at most this many pinyin keys (a syllable such as "chi" stands for
# ji, qi, zhi and chi: a hostile name stays bounded).
MAX_KEYS = 16


def wade_giles_keys(name: str) -> frozenset[str]:
    """The pinyin keys (syllables joined, as `anchors` romanises a Han window: "laiqingde") of a
    name written as Taiwan writes it: a surname and a hyphenated given name of two syllables
    ("Lai Ching-te"), each a Wade-Giles or pinyin syllable or a `CUSTOMARY` spelling.
    "Lai Ching-te" → {"laijingde", "laiqingde", ...}; "Xi Jinping", "Donald Trump", "Ho Chi" →
    set(). Two-syllable names ("Lien Chan") are left out: their keys are words of any Chinese
    text ("Lo Chi" is 逻辑, "logic")."""
    words = _WORD.findall(anyascii(name).lower().replace("'", ""))
    keys: set[str] = set()
    for surname, given in itertools.pairwise(words):
        if "-" in surname or "-" not in given:
            continue
        run = [surname, *given.split("-")]
        options = [wade_giles_to_pinyin(CUSTOMARY.get(t, t)) for t in run]
        if not all(options):
            continue
        for parts in itertools.product(*[sorted(o) for o in options]):
            keys.add("".join(parts))
            if len(keys) >= MAX_KEYS:
                return frozenset(keys)
    return frozenset(keys)
