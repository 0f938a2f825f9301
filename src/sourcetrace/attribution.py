"""Does a post credit the outlet it copies? `attributed`, `evasive` or `unattributed`, with evidence.

A credit is *attributed* when any reader or tool would see it: an @handle, a link to the
outlet's site, shortener or account, or its name in any language ("según Xinhua", "(CNS)",
"来源：中新网"). It is *evasive* when it is there for a human but hidden from tools that follow
@-mentions, links and keywords: a handle without "@" ("Twitter •mundo_china"), a name broken
by spaces, dots or invisible characters, spelled with look-alike letters, or an address that
does not link ("xinhuanet[.]com"). Crediting the outlet's family counts (CGTN for a CCTV story);
crediting another outlet does not, and the verdict says which one was credited.

All matching runs on the normalised skeleton of the post (see `normalize`); every evidence span
is mapped back to the original text. Matchers are compiled once per registry and cached on it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

import regex

from .normalize import INVISIBLE, Normalized, confusable_map, normalize, skeleton
from .outlets import Registry

Status = Literal["attributed", "evasive", "unattributed"]

# rule -> (status it supports, what it means)
RULES: dict[str, tuple[Status, str]] = {
    "at-handle": (
        "attributed",
        "an @-mention of one of the outlet's handles (@mundo_China, @新华社)",
    ),
    "profile-link": (
        "attributed",
        "a link to one of the outlet's accounts (x.com/XHNews, t.me/rt_russian)",
    ),
    "link-domain": (
        "attributed",
        "a link to, or the address of, the outlet's website (news.cn/...)",
    ),
    "link-shortener": ("attributed", "a link through the outlet's own shortener (xhtxs.cn/...)"),
    "name-alias": (
        "attributed",
        (
            "the outlet's name or an alias in any language or script "
            "(según Xinhua, (CNS), 来源：中新网, #ChinaDaily)"
        ),
    ),
    "handle-without-at": (
        "evasive",
        (
            "a handle written without '@', which links nowhere "
            "(Twitter •mundo_china, IG: cgtnenespanol)"
        ),
    ),
    "spaced-name": (
        "evasive",
        "a name broken by spaces, dots or other separators (X i n h u a, Xin.hua)",
    ),
    "spaced-handle": ("evasive", "a handle broken by separators, or '@ handle' with a space"),
    "zero-width-name": ("evasive", "a name with invisible characters inserted (Xin\u200bhua)"),
    "zero-width-handle": ("evasive", "a handle with invisible characters inserted"),
    "zero-width-link": ("evasive", "a web address with invisible characters inserted"),
    "homoglyph-name": (
        "evasive",
        (
            "a name spelled with look-alike letters from another script, a "
            "styled alphabet or digits (Хinhua with a Cyrillic Х, 𝐗𝐢𝐧𝐡𝐮𝐚, X1nhua)"
        ),
    ),
    "homoglyph-handle": ("evasive", "a handle spelled with look-alike letters"),
    "homoglyph-link": ("evasive", "a web address spelled with look-alike letters"),
    "defanged-link": (
        "evasive",
        "an address written so that it does not link (xinhuanet[.]com, cgtn dot com)",
    ),
}


@dataclass(frozen=True)
class Evidence:
    """One credit found in a post: its text and span in the original post, and the rule that fired."""

    text: str
    span: tuple[int, int]
    rule: str
    outlet: str | None = field(default=None, compare=False)  # the outlet credited (not in the JSON)

    @property
    def status(self) -> Status:
        return RULES[self.rule][0]

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "span": [self.span[0], self.span[1]], "rule": self.rule}


@dataclass(frozen=True)
class Attribution:
    """The verdict for one post and one copied outlet."""

    status: Status
    credited: str | None = None
    evidence: list[Evidence] = field(default_factory=list, hash=False)

    def to_dict(self) -> dict[str, Any]:
        """The `attribution` object of the JSON contract (DESIGN.md)."""
        return {
            "status": self.status,
            "credited": self.credited,
            "evidence": [e.to_dict() for e in self.evidence],
        }


def analyze(post_text: str, outlet_id: str | None, registry: Registry | None = None) -> Attribution:
    """Whether `post_text` credits `outlet_id` (or its family), evasively, or not at all.

    `outlet_id` is the copied article's outlet; an id the registry does not know is resolved
    by handle, domain or name, else treated like None. With None, the post's first credit of
    any outlet decides. Without a registry, the bundled one is used.
    """
    registry = registry if registry is not None else Registry.load()
    credits = find_credits(post_text, registry)
    target = registry.resolve(outlet_id) if outlet_id else None
    if target is None:
        return _verdict(credits, credits, lambda e: e.outlet)
    family = target.family
    own = [
        e for e in credits if e.outlet == target.id or registry.family_of(e.outlet or "") == family
    ]
    if own:
        return _verdict(own, own, lambda e: target.id if e.outlet == target.id else family)
    if not credits:
        return Attribution("unattributed")
    # another outlet is credited: unattributed for this one, and say which (its evidence only)
    other = _verdict(credits, credits, lambda e: e.outlet).credited
    return Attribution("unattributed", other, [e for e in credits if e.outlet == other])


def find_credits(post_text: str, registry: Registry | None = None) -> list[Evidence]:
    """Every credit of any registry outlet in a post, in order of position."""
    registry = registry if registry is not None else Registry.load()
    matcher: _Matcher = registry.cached("attribution", lambda: _Matcher(registry))
    return matcher.scan(post_text, normalize(_premap(post_text)))


def _verdict(evidence: list[Evidence], shown: list[Evidence], credit_of: Any) -> Attribution:
    if not evidence:
        return Attribution("unattributed")
    best = next((e for e in evidence if e.status == "attributed"), evidence[0])
    return Attribution(best.status, credit_of(best), shown)


# ------------------------------------------------------------------------------------------
# Text helpers. The skeleton is further folded 1:1 (offsets unchanged): typographic quotes
# and hyphens become ASCII so "People’s Daily" and "People's Daily" are one name.
# ------------------------------------------------------------------------------------------

_FOLD = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "`": "'",
        "\u00b4": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
    }
)

# Scripts written without spaces (or, for Hangul and Arabic, with particles and clitics glued to
# names): a name there needs no word boundary.
_UNSPACED = regex.compile(
    r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Thai}\p{Lao}\p{Khmer}"
    r"\p{Myanmar}\p{Arabic}]"
)
_LATIN = regex.compile(r"\p{Latin}")
_LETTER = regex.compile(r"\p{L}")
_COMPACT_SEPARATORS = frozenset(" .-_*·•‧・|/+~'")


@functools.lru_cache(maxsize=1)
def _capital_lookalikes() -> dict[int, str]:
    """Capital letters of other scripts that look like a Latin capital ("Χ", "Н", "Ι"), mapped to it.

    `normalize` case-folds before it maps look-alikes, and the lower-case forms often look like
    nothing Latin (Greek "ΧΙΝΗ" folds to "χινη"); mapping the capitals first, one character for
    one so offsets hold, lets "ΧΙΝΗUΑ" read as "xinhua".
    """
    table = {}
    for char, target in confusable_map().items():
        if char.isupper() and not char.isascii():
            table[ord(char)] = (
                "i" if target == "l" else target
            )  # a capital that looks like "l" is an "I"
    return table


# Accents and primes typed for an apostrophe ("People´s Daily"); NFKC would split "´" in two.
_APOSTROPHES = {ord(c): "'" for c in "\u00b4\u02b9\u2032`"}


def _premap(text: str) -> str:
    return text.translate(_capital_lookalikes()).translate(_APOSTROPHES)


def _skel(text: str) -> str:
    return skeleton(_premap(text)).translate(_FOLD)


def _bounded(char: str) -> bool:
    """Does a name starting or ending with `char` need a word boundary there?"""
    return bool(re.match(r"\w", char)) and not _UNSPACED.match(char)


def _trie(keys: Iterable[str]) -> str:
    """A regex matching any of `keys`, longest first, as a trie: far faster than a flat alternation."""
    root: dict[str, Any] = {}
    for key in keys:
        node = root
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a key ends here: the longer keys are optional, tried first
            return f"(?:{body})?" if len(branches) == 1 and len(body) > 1 else f"{body}?"
        return body

    return build(root)


# A letter or digit of a script written with spaces: a Latin name glued to Chinese text
# ("据CGTN报道") still has its boundaries.
_WORD_CHAR = r"[^\W\u0e00-\u0eff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"


def _bounded_pattern(keys: Iterable[str], left: bool, right: bool) -> str:
    return (
        (f"(?<!{_WORD_CHAR})" if left else "")
        + f"(?:{_trie(keys)})"
        + (f"(?!{_WORD_CHAR})" if right else "")
    )


def _compile_names(keys: Iterable[str]) -> list[re.Pattern[str]]:
    """Patterns for many literal names, one per kind of boundary their scripts need."""
    groups: dict[tuple[bool, bool], list[str]] = {}
    for key in keys:
        groups.setdefault((_bounded(key[0]), _bounded(key[-1])), []).append(key)
    return [re.compile(_bounded_pattern(group, *sides)) for sides, group in sorted(groups.items())]


def _find_all(patterns: list[re.Pattern[str]], text: str) -> list[re.Match[str]]:
    """Matches of all patterns, longest first at each position ("cctv+" before "cctv")."""
    found = [m for pattern in patterns for m in pattern.finditer(text)]
    return sorted(found, key=lambda m: (m.start(), -m.end()))


def _light(text: str) -> str:
    """Case-folded NFKC text without invisible characters: what a reader sees, letter by letter."""
    folded = unicodedata.normalize("NFKC", INVISIBLE.sub("", text.translate(_APOSTROPHES))).casefold()
    folded = re.sub(r"(?<=[a-z])[\u0300-\u036f]+", "", folded)
    return " ".join(folded.split()).translate(_FOLD)


def _invisible_count(text: str) -> int:
    count = 0
    for match in INVISIBLE.finditer(text):
        char, i = match.group(), match.start()
        if char in "\u200c\u200d":
            # joiners are ordinary spelling in Arabic, Persian and Indic scripts
            before = text[i - 1] if i else ""
            after = text[i + len(char)] if i + len(char) < len(text) else ""
            if (before and not before.isascii()) or (after and not after.isascii()):
                continue
        count += 1
    return count


def _styled(text: str) -> bool:
    """Letters from a compatibility alphabet (mathematical bold, circled...), not full-width forms."""
    for char in text:
        code = ord(char)
        folded = unicodedata.normalize("NFKC", char)
        if (
            folded != char
            and folded.isalnum()
            and not 0xFF00 <= code <= 0xFFEF
            and not 0xFB50 <= code <= 0xFEFF
            and not 0x3130 <= code <= 0x318F
            and not 0xF900 <= code <= 0xFAFF
        ):
            return True
    return False


def _obfuscation(original: str, reference: str) -> str | None:
    """'zero-width' or 'homoglyph' when `original` hides `reference` from search, else None."""
    if _invisible_count(original) > _invisible_count(reference):
        return "zero-width"
    if (
        _styled(original)
        or _light(original) != _light(reference)
        or _marks(original) > _marks(reference)
    ):
        return "homoglyph"
    return None


def _marks(text: str) -> int:
    """Combining marks that do not compose into a letter ("X̲i̲n̲h̲u̲a̲" has six; "Agência" none)."""
    return sum(
        1 for char in unicodedata.normalize("NFC", text) if unicodedata.category(char) == "Mn"
    )


def _case_ok(original: str, name: str) -> bool:
    """Every capital of `name` is a capital in `original` ("People's Daily", not "people's daily")."""
    got = [c for c in original if c.isalpha()]
    want = [c for c in name if c.isalpha()]
    if len(got) != len(want):
        return not any(c.isupper() for c in want) or any(c.isupper() for c in got)
    return all(g.isupper() or not w.isupper() for g, w in zip(got, want))


def _words(words: Iterable[str]) -> str:
    return "|".join(re.escape(_skel(w)) for w in sorted(set(words), key=lambda w: (-len(w), w)))


# Credit cues: words that introduce a source. Needed by ambiguous short names ("(CNS)",
# "vía RT") and by names split only by spaces ("según Xin hua").
_CUE_WORDS = [
    "source",
    "sources",
    "via",
    "according to",
    "courtesy of",
    "reported by",
    "reporting by",
    "h/t",
    "fuente",
    "fuentes",
    "según",
    "segun",
    "vía",
    "de acuerdo con",
    "con información de",
    "información de",
    "cortesía de",
    "agencia",
    "la agencia",
    "fonte",
    "segundo",
    "de acordo com",
    "com informações de",
    "agência",
    "selon",
    "d'après",
    "agence",
    "quelle",
    "laut",
    "agentur",
    "secondo",
    "agenzia",
    "источник",
    "по данным",
    "по сообщению",
    "согласно",
    "агентство",
    "المصدر",
    "مصدر",
    "نقلا عن",
    "وفقا ل",
    "حسب",
    "출처",
]
# words that introduce a credit only with a colon ("Photo: CNS", not "video CCTV footage")
_CUE_COLON_WORDS = [
    "photo",
    "photos",
    "image",
    "images",
    "video",
    "credit",
    "credits",
    "foto",
    "fotos",
    "imagen",
    "vídeo",
    "medios",
    "media",
    "mídia",
    "médias",
    "crédito",
    "créditos",
    "crédit",
    "bild",
    "фото",
    "사진",
    "text",
    "texto",
    "info",
]
_CUE_WORDS_UNSPACED = [
    "来源",
    "來源",
    "据",
    "據",
    "转自",
    "轉自",
    "转载自",
    "引自",
    "图片来源",
    "图源",
    "出处",
    "稿源",
    "来自",
    "來自",
    "出典",
    "出所",
    "提供",
    "写真",
]
_CUE_AFTER_WORDS = [
    "reports",
    "reported",
    "reporting",
    "says",
    "said",
    "informa",
    "informó",
    "informo",
    "reporta",
    "reportó",
    "dijo",
    "señaló",
    "indicó",
    "publicó",
    "rapporte",
    "berichtet",
    "meldet",
    "сообщает",
    "сообщил",
    "сообщило",
    "передает",
]
_CUE_AFTER_UNSPACED = [
    "报道",
    "報道",
    "消息",
    "讯",
    "訊",
    "によると",
    "によれば",
    "에 따르면",
    "보도",
]
_OPEN, _CLOSE = "([【〔「『", ")]】〕」』"

# Words that may stand between a cue and the name: "según la televisión estatal CCTV".
_DESCRIPTORS = [
    "la", "el", "los", "las", "le", "les", "l'", "the", "a", "an", "o", "a", "der", "die", "das",
    "agencia", "agência", "agence", "agency", "agenzia", "agentur", "agentstvo", "cadena", "canal",
    "televisión", "televisão", "télévision", "television", "tv", "radio", "rádio", "emisora",
    "diario", "periódico", "jornal", "journal", "newspaper", "daily", "medio", "portal", "site",
    "sitio", "broadcaster", "network", "outlet", "news", "noticias", "notícias", "informativa",
    "estatal", "estatales", "oficial", "official", "state", "state-run", "state-owned", "public",
    "pública", "china", "chino", "chinese", "chinesa", "chinoise", "rusa", "ruso", "russian",
    "russe", "iraní", "iranian", "de", "do", "da", "of", "du", "staatliche", "staatssender",
]
_CUE_BEFORE = re.compile(
    rf"(?:(?<!\w)(?P<w>{_words(_CUE_WORDS)})|(?P<u>{_words(_CUE_WORDS_UNSPACED)})|(?P<c>©))"
    rf"\s*[:：\-–—|]?\s*(?:(?:{_words(_DESCRIPTORS)})\s+){{0,4}}$"
    rf"|(?<!\w)(?P<k>{_words(_CUE_COLON_WORDS)})\s*[:：|]\s*$"
    rf"|(?:^|\s)(?P<d>--|[-–—])\s*$"
    rf"|(?P<b>[{re.escape(_OPEN)}])\s*$"
    rf"|(?P<m>[{re.escape(_OPEN)}])[^{re.escape(_OPEN + _CLOSE)}]{{0,40}}?[/,;&|+]\s*$"
)
_CUE_AFTER = re.compile(
    rf"^\s*(?:[:：]\s*)?(?:(?P<w>{_words(_CUE_AFTER_WORDS)})(?!\w)|(?P<u>{_words(_CUE_AFTER_UNSPACED)}))"
    rf"|^\s*(?P<d>--|—|–|\.-)"
    rf"|^\s*(?P<b>[{re.escape(_CLOSE)}])"
    rf"|^\s*[/,;&|+][^{re.escape(_OPEN + _CLOSE)}]{{0,40}}?(?P<m>[{re.escape(_CLOSE)}])"
)

# Platform labels that announce a handle written without "@": "Twitter •mundo_china", "IG: x".
_PLATFORM_WORDS = [
    "twitter",
    "tw",
    "instagram",
    "insta",
    "ig",
    "ins",
    "facebook",
    "fb",
    "face",
    "threads",
    "telegram",
    "tg",
    "tiktok",
    "tik tok",
    "youtube",
    "yt",
    "weibo",
    "mastodon",
    "kwai",
    "vk",
    "微博",
    "推特",
    "脸书",
    "臉書",
    "抖音",
    "油管",
]
_MARKS = "•·●▪►➡→|»>/:：\\-–—"
_PLATFORM_BEFORE = re.compile(
    rf"(?:(?<!\w)(?P<p>{_words(_PLATFORM_WORDS)})\s*[{_MARKS}]*|(?<!\w)(?P<x>x)\s*[{_MARKS}]+"
    rf"|(?P<b>[•·●▪►➡→|»]))\s*$"
)
_PLATFORM_AFTER = re.compile(
    rf"^\s*[(\[]?\s*(?:(?:en|on|no|na|sur|auf|su|in|op|di|de)\s+)?(?P<p>{_words(_PLATFORM_WORDS)})(?!\w)"
)

_URL = re.compile(
    r"(?<![a-z0-9_.\-@])(?P<scheme>https?://)?(?P<www>www\.)?"
    r"(?P<host>(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+[a-z]{2,24})(?![a-z0-9\-])"
    r"(?::\d{1,5})?(?P<path>/[^\s<>\"'«»“”]*)?"
)
_AT = re.compile(
    r"(?<![a-z0-9_.])@(?P<sp>\s{0,2})(?P<h>[\w.\-]+(?:@[a-z0-9\-]+(?:\.[a-z0-9\-]+)+)?)"
)
_ACRONYM_STOPWORDS = {
    "of",
    "the",
    "and",
    "for",
    "de",
    "del",
    "la",
    "el",
    "y",
    "da",
    "do",
    "des",
    "du",
    "et",
    "e",
    "und",
    "der",
    "di",
}
_SEPARATOR_RUN = re.compile(r"[\s.\-_*·•‧・|/+~']+")
_LIST_SEPARATOR = re.compile(r"\s*(?:[,/;&+]|y|and|e|et|und)\s*")
_HASHTAG = re.compile(r"(?<![\w&#])#(?P<t>\w+)")
_TOKEN = re.compile(
    r"(?<![a-z0-9_@/.\-])(?P<hash>#?)(?P<t>[a-z0-9_](?:[a-z0-9_.\-]*[a-z0-9_])?)(?![a-z0-9_])"
)
# Digits and symbols standing for letters inside a word ("X1nhua", "Xinhu@"): a dodge.
_LEET_LETTERS = {
    "0": "o",
    "1": "i",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "@": "a",
    "$": "s",
    "!": "i",
}
_LEET = re.compile(
    r"(?<=[a-z])[013457@$!](?=[a-z])|(?<=[a-z]{3})[0134@$!](?![\w@])|(?<![\w@])[0134$!](?=[a-z]{3})"
)
_DEFANG = (
    r"(?:\s*[\[({]\s*(?:\.|dot|punto|ponto|point|点)\s*[\])}]\s*"
    r"|\s+(?:dot|punto|ponto|point|点)\s+|。)"
)
_DEFANG_LOOSE = r"|\s*\.\s+|\s+\.\s*"

_PLATFORM_HOSTS = {
    "twitter.com": "x",
    "x.com": "x",
    "instagram.com": "instagram",
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "threads.net": "threads",
    "threads.com": "threads",
    "youtube.com": "youtube",
    "tiktok.com": "tiktok",
    "t.me": "telegram",
    "telegram.me": "telegram",
    "weibo.com": "weibo",
    "weibo.cn": "weibo",
}


@dataclass(frozen=True)
class _Name:
    outlet: str
    text: str  # as written in the registry
    kind: str  # "plain", "cased" or "context"
    latin: bool  # written in Latin letters only
    letters: int
    splits: frozenset[int]  # where the name itself has a separator, in compact offsets
    left: bool  # needs a word boundary on the left / right
    right: bool


@dataclass(frozen=True)
class _Handle:
    outlet: str
    text: str
    distinctive: bool  # unmistakable without "@" or a platform label
    splits: frozenset[int]


@dataclass
class _Hit:
    start: int  # evidence span in the skeleton (with its cue or platform label)
    end: int
    core: tuple[int, int]  # the name, handle or address itself
    outlet: str
    rule: str


def _compact(text: str) -> tuple[str, list[int], frozenset[int]]:
    """Text without separators, the skeleton offset of each kept character, and split points."""
    kept: list[str] = []
    offsets: list[int] = []
    splits: set[int] = set()
    for i, char in enumerate(text):
        if char in _COMPACT_SEPARATORS or char.isspace():
            if kept:
                splits.add(len(kept))
        else:
            kept.append(char)
            offsets.append(i)
    splits.discard(len(kept))
    return "".join(kept), offsets, frozenset(splits)


class _Matcher:
    """Every outlet's names, handles and addresses compiled into a few patterns and tables."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.names: dict[str, _Name] = {}
        self.handles: dict[str, _Handle] = {}
        self.hosts: dict[
            str, tuple[str, str]
        ] = {}  # host -> (outlet, "link-domain"|"link-shortener")
        self.compact: dict[str, list[_Name | _Handle]] = {}
        excludes: set[str] = set()

        family_names: dict[str, list[str]] = {}
        for outlet in registry.all():
            for kind, names in (
                ("plain", outlet.aliases),
                ("cased", outlet.cased_aliases),
                ("context", outlet.context_aliases),
            ):
                for name in names:
                    key = _skel(name)
                    letters = [c for c in name if _LETTER.match(c)]
                    name_kind = kind
                    if kind == "plain" and len(letters) <= 3 and name.isascii():
                        name_kind = "cased"  # "EFE", "BBC": the lower-case word is something else
                    entry = _Name(
                        outlet.id,
                        name,
                        name_kind,
                        all(_LATIN.match(c) for c in letters),
                        len(letters),
                        _compact(key)[2],
                        _bounded(key[0]),
                        _bounded(key[-1]),
                    )
                    self.names[key] = entry
                    family_names.setdefault(outlet.family, []).append(_compact(key)[0])
                    if len(_compact(key)[0]) >= 2:
                        self.compact.setdefault(_compact(key)[0], []).append(entry)
            excludes.update(_skel(phrase) for phrase in outlet.exclude)
            for host in outlet.domains:
                self.hosts[host] = (outlet.id, "link-domain")
            for host in outlet.shorteners:
                self.hosts[host] = (outlet.id, "link-shortener")

        for outlet in registry.all():
            brand = [n for n in family_names.get(outlet.family, []) if len(n) >= 3 and n.isascii()]
            for _platform, handle in outlet.iter_handles():
                key = handle.casefold()
                if key in self.handles:
                    continue
                compact, _, splits = _compact(key)
                entry = _Handle(
                    outlet.id, handle, self._distinctive(handle, compact, brand), splits
                )
                self.handles[key] = entry
                if entry.distinctive and len(compact) >= 6 and compact.isascii():
                    self.compact.setdefault(compact, []).append(entry)

        self.name_pattern = _compile_names(self.names)
        self.exclude_pattern = _compile_names(excludes)
        self.compact_pattern = re.compile(_trie(self.compact))
        self.unspaced_handles = sorted(
            (k for k in self.handles if not k.isascii()), key=len, reverse=True
        )
        strict, loose = [], []
        for host in self.hosts:
            labels = [re.escape(label) for label in host.split(".")]
            sep = f"(?:\\.|{_DEFANG}{_DEFANG_LOOSE if len(host.split('.')[0]) >= 6 else ''})"
            (loose if len(host.split(".")[0]) >= 6 else strict).append(sep.join(labels))
        self.defang_pattern = re.compile(
            r"(?<![a-z0-9\-])(?:"
            + "|".join(sorted(strict + loose, key=len, reverse=True))
            + r")(?![a-z0-9\-])"
        )

    @staticmethod
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

    # ---- the scan ----

    def scan(self, post: str, norm: Normalized) -> list[Evidence]:
        text = norm.text.translate(_FOLD)
        hits: list[_Hit] = []
        excluded = [m.span() for m in _find_all(self.exclude_pattern, text)]
        for stage in (
            self._links,
            self._defanged,
            self._at_handles,
            self._names,
            self._bare_handles,
            self._spaced,
        ):
            stage(post, norm, text, hits, excluded)
        out = []
        for hit in sorted(hits, key=lambda h: h.start):
            if not hit.outlet:
                continue  # a span claimed so that nothing inside it counts (an unrelated URL)
            start, end = norm.span(hit.start, hit.end)
            while end < len(post) and unicodedata.category(post[end]) == "Mn":
                end += 1  # the combining marks of the last letter belong to it
            out.append(Evidence(post[start:end], (start, end), hit.rule, hit.outlet))
        return out

    @staticmethod
    def _free(hits: list[_Hit], start: int, end: int) -> bool:
        return all(end <= h.core[0] or start >= h.core[1] for h in hits)

    @staticmethod
    def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
        return any(start < e and end > s for s, e in spans)

    def _original(self, post: str, norm: Normalized, start: int, end: int) -> str:
        a, b = norm.span(start, end)
        return post[a:b]

    @staticmethod
    def _cue(text: str, start: int, end: int) -> tuple[int, int] | None:
        """The span [start, end) widened to the credit cue next to it, or None without a cue.

        Cues: a word that introduces a source before ("según", "via", "来源：") or a reporting
        verb after ("CNS informó"), a dash, or enclosing brackets ("(CNS)", "(EFE/CNS)").
        """
        offset = max(0, start - 48)
        before = _CUE_BEFORE.search(text[offset:start])
        after = _CUE_AFTER.search(text[end : end + 48])
        opened = before is not None and (before.group("b") or before.group("m")) is not None
        closed = after is not None and (after.group("b") or after.group("m")) is not None
        word_before = before is not None and not opened
        word_after = after is not None and not closed
        if not (word_before or word_after or (opened and closed)):
            return None
        new_start, new_end = start, end
        if word_before:
            assert before is not None
            group = next((g for g in ("w", "k", "u", "c") if before.group(g) is not None), None)
            if group is not None:  # the evidence shows the cue word, not a dash
                new_start = offset + before.start(group)
        elif opened and closed and before.group("b") and after.group("b"):  # type: ignore[union-attr]
            new_start, new_end = offset + before.start("b"), end + after.end("b")  # type: ignore[union-attr]
        return new_start, new_end

    @staticmethod
    def _source_word_before(text: str, start: int) -> bool:
        before = _CUE_BEFORE.search(text[max(0, start - 48) : start])
        return (
            before is not None
            and (before.group("w") or before.group("k") or before.group("u")) is not None
        )

    @staticmethod
    def _signature(post: str, norm: Normalized, start: int, end: int) -> bool:
        """Does the name stand alone at the end of a line, as a sign-off ("...en 2024.\nCNS")?"""
        a, b = norm.span(start, end)
        return bool(
            re.search(r"(?:^|[\n.!?。！？…|•·—–-])[ \t]*$", post[:a])
            and re.match(r"[ \t.。!！]*(?:\n|$)", post[b:])
        )

    @staticmethod
    def _defines_acronym(text: str, start: int, end: int, acronym: str) -> bool:
        """Is the name at [start, end) an acronym spelled out next to it, so not an outlet?

        "central nervous system (CNS)", "CNS (Conselho Nacional de Saúde)".
        """
        letters = [c for c in acronym if c.isalpha()]
        before = re.sub(r"[\s(\[]+$", "", text[max(0, start - 120) : start])
        words = [w for w in re.findall(r"[^\W\d_]+", before) if w not in _ACRONYM_STOPWORDS]
        if len(words) >= len(letters) and [w[0] for w in words[-len(letters) :]] == letters:
            return True
        after = re.match(r"\s*[(\[]([^()\[\]]{3,100})[)\]]", text[end : end + 110])
        if after:
            words = [
                w for w in re.findall(r"[^\W\d_]+", after.group(1)) if w not in _ACRONYM_STOPWORDS
            ]
            return [w[0] for w in words[: len(letters)]] == letters and len(words) <= len(
                letters
            ) + 1
        return False

    # -- links: https://news.cn/..., x.com/XHNews, xhtxs.cn/...

    def _links(
        self, post: str, norm: Normalized, text: str, hits: list[_Hit], excluded: list
    ) -> None:
        for m in _URL.finditer(text):
            host = m.group("host")
            path = (m.group("path") or "").rstrip(".,;:!?)]}'\"")
            start = m.start()
            end = m.start("path") + len(path) if path else m.end("host")
            found = self._link_outlet(host, path)
            if found is None:
                if m.group("scheme") or m.group("www") or path:
                    hits.append(
                        _Hit(start, end, (start, end), "", "")
                    )  # claim: names inside URLs are no credit
                continue
            outlet, rule = found
            trick = _obfuscation(self._original(post, norm, m.start("host"), m.end("host")), host)
            hits.append(_Hit(start, end, (start, end), outlet, f"{trick}-link" if trick else rule))

    def _link_outlet(self, host: str, path: str) -> tuple[str, str] | None:
        labels = host.removeprefix("www.").split(".")
        suffixes = [".".join(labels[i:]) for i in range(len(labels) - 1)]
        platform = next((_PLATFORM_HOSTS[s] for s in suffixes if s in _PLATFORM_HOSTS), None)
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

    # -- defanged addresses: xinhuanet[.]com, cgtn dot com

    def _defanged(
        self, post: str, norm: Normalized, text: str, hits: list[_Hit], excluded: list
    ) -> None:
        for m in self.defang_pattern.finditer(text):
            start, end = m.span()
            host = re.sub(_DEFANG + _DEFANG_LOOSE + r"|\.", ".", m.group())
            if host == m.group() or host not in self.hosts or not self._free(hits, start, end):
                continue
            hits.append(_Hit(start, end, (start, end), self.hosts[host][0], "defanged-link"))

    # -- @handles: @mundo_China, @新华社, @ XHNews

    def _at_handles(
        self, post: str, norm: Normalized, text: str, hits: list[_Hit], excluded: list
    ) -> None:
        for m in _AT.finditer(text):
            token = m.group("h").rstrip(".-")
            candidates = [token]
            if "@" in token:
                candidates.append(token.split("@")[0])
            ascii_head = re.match(r"[a-z0-9_.]+", token)
            if ascii_head and ascii_head.group() != token:
                candidates.append(ascii_head.group().rstrip("."))
            entry, length = None, 0
            for candidate in candidates:
                if candidate in self.handles:
                    entry, length = self.handles[candidate], len(candidate)
                    break
            if entry is None and not token.isascii():
                key = next((k for k in self.unspaced_handles if token.startswith(k)), None)
                if key is not None:
                    entry, length = self.handles[key], len(key)
            if entry is None:
                continue
            start, end = m.start(), m.start("h") + length
            if not self._free(hits, start, end):
                continue
            trick = _obfuscation(self._original(post, norm, m.start("h"), end), entry.text)
            if trick is None and _invisible_count(
                self._original(post, norm, start, m.start("h") + 1)
            ):
                trick = "zero-width"  # "@\u200bmundo_china"
            if trick:
                rule = f"{trick}-handle"
            else:
                rule = "spaced-handle" if m.group("sp") else "at-handle"
            hits.append(_Hit(start, end, (start, end), entry.outlet, rule))

    # -- names and aliases in any script: según Xinhua, (CNS), 来源：中新网, Хinhua

    def _names(
        self, post: str, norm: Normalized, text: str, hits: list[_Hit], excluded: list
    ) -> None:
        listed: list[
            tuple[int, int, _Name, str | None]
        ] = []  # context names waiting for a neighbour
        for m in _find_all(self.name_pattern, text):
            start, end = m.span()
            entry = self.names.get(m.group())
            if (
                entry is None
                or not self._free(hits, start, end)
                or self._overlaps(excluded, start, end)
            ):
                continue
            original = self._original(post, norm, start, end)
            if (
                entry.latin
                and not _LATIN.search(unicodedata.normalize("NFKC", original))
                and entry.letters < 5
            ):
                continue  # a short word in another script that only looks like the name ("ВВС")
            cue = self._cue(text, start, end)
            # "Fuente: cns" is still a credit; a bare or bracketed "cns" is not
            lower_ok = (
                entry.kind == "context"
                and entry.letters >= 3
                and self._source_word_before(text, start)
            )
            if (
                entry.kind in ("cased", "context")
                and not _case_ok(original, entry.text)
                and not lower_ok
            ):
                continue
            if (
                cue is None
                and entry.kind == "context"
                and entry.letters >= 3
                and self._signature(post, norm, start, end)
            ):
                cue = (start, end)
            trick = _obfuscation(original, entry.text)
            if entry.kind == "context" and (
                cue is None or self._defines_acronym(text, start, end, m.group())
            ):
                if cue is None:
                    listed.append((start, end, entry, trick))
                continue
            span = cue or (start, end)
            hits.append(
                _Hit(
                    span[0],
                    span[1],
                    (start, end),
                    entry.outlet,
                    f"{trick}-name" if trick else "name-alias",
                )
            )
        # "Fuentes: Xinhua, CNS", "(EFE/CNS)": a short name listed next to another credit
        for start, end, entry, trick in listed + listed[::-1]:
            if any(
                _LIST_SEPARATOR.fullmatch(text[h.core[1] : start])
                or _LIST_SEPARATOR.fullmatch(text[end : h.core[0]])
                for h in hits
                if h.outlet
            ) and self._free(hits, start, end):
                hits.append(
                    _Hit(
                        start,
                        end,
                        (start, end),
                        entry.outlet,
                        f"{trick}-name" if trick else "name-alias",
                    )
                )

    # -- handles without "@": Twitter •mundo_china, IG: cgtnenespanol, #ChinaDaily

    def _bare_handles(
        self, post: str, norm: Normalized, text: str, hits: list[_Hit], excluded: list
    ) -> None:
        for m in _HASHTAG.finditer(text):  # "#ChinaDaily", "#CGTNenEspañol": the name, searchable
            tag = m.group("t")
            if "_" in tag and tag in self.handles:
                continue  # "#mundo_china" is the handle, not the name: see below
            names = [
                e
                for e in self.compact.get(tag.replace("_", ""), ())
                if isinstance(e, _Name) and e.kind != "context"
            ]
            if names and self._free(hits, m.start(), m.end()):
                hits.append(_Hit(m.start(), m.end(), m.span(), names[0].outlet, "name-alias"))
        for m in _TOKEN.finditer(text):
            token = m.group("t")
            start, end = m.start("t"), m.end("t")
            if not self._free(hits, m.start(), end) or self._overlaps(excluded, start, end):
                continue
            entry = self.handles.get(token)
            if entry is None:
                continue
            window = text[max(0, start - 40) : start]
            before = _PLATFORM_BEFORE.search(window)
            after = _PLATFORM_AFTER.search(text[end : end + 40])
            if not (entry.distinctive or before or after):
                continue
            span_start, span_end = start, end
            if before is not None:
                group = next(g for g in ("p", "x", "b") if before.group(g) is not None)
                span_start = max(0, start - 40) + before.start(group)
            elif after is not None:
                span_end = end + after.end("p")
            trick = _obfuscation(self._original(post, norm, start, end), entry.text)
            hits.append(
                _Hit(
                    span_start,
                    span_end,
                    (start, end),
                    entry.outlet,
                    f"{trick}-handle" if trick else "handle-without-at",
                )
            )

    # -- names and handles broken by separators: X i n h u a, Xin.hua, C-G-T-N

    def _spaced(
        self, post: str, norm: Normalized, text: str, hits: list[_Hit], excluded: list
    ) -> None:
        plain = text
        text = _LEET.sub(lambda m: _LEET_LETTERS[m.group()], text)  # "X1nhua" -> "xinhua", 1:1
        compact, offsets, _ = _compact(text)
        for m in self.compact_pattern.finditer(compact):
            start, end = offsets[m.start()], offsets[m.end() - 1] + 1
            segment = text[start:end]
            _, _, splits = _compact(segment)
            entries = self.compact[m.group()]
            natural = frozenset().union(*(e.splits for e in entries))
            leet = plain[start:end] != segment
            labelled = None  # "Twitter • mundo china": a handle with its "_" turned into a space
            handles = [e for e in entries if isinstance(e, _Handle)]
            if not leet and splits and splits <= natural and handles:
                labelled = _PLATFORM_BEFORE.search(text[max(0, start - 40) : start])
            if not leet and labelled is None and (not splits or splits <= natural):
                continue  # written as registered, or inside one word
            entry = (
                handles[0] if handles and (labelled is not None or "_" in segment) else entries[0]
            )
            if isinstance(entry, _Name):
                left, right = entry.left, entry.right
            else:
                left = right = True
            if (left and start > 0 and text[start - 1].isalnum()) or (
                right and end < len(text) and text[end].isalnum()
            ):
                continue
            pieces = [p for p in _SEPARATOR_RUN.split(segment) if p]
            unnatural = splits - natural
            separators, letters = [], 0
            for run in _SEPARATOR_RUN.finditer(segment):
                letters = len(_compact(segment[: run.start()])[0])
                if letters in unnatural:
                    separators.append(run.group())
            # a dot, dash or underscore inside a word is a dodge; " - " between words is punctuation
            strong = (
                leet
                or max(len(p) for p in pieces) <= 2
                or any(not re.search(r"\s", s) for s in separators)
            )
            if not left and not (
                len(pieces) == len(m.group()) or any(not s.isspace() for s in separators)
            ):
                continue  # unspaced scripts: "新华 社会" is two words, "新 华 社" is a dodge
            kind = entry.kind if isinstance(entry, _Name) else "handle"
            cue = self._cue(text, start, end)
            if labelled is not None:
                group = next(g for g in ("p", "x", "b") if labelled.group(g) is not None)
                cue = (max(0, start - 40) + labelled.start(group), end)
            elif cue is None and (
                not strong
                or kind == "context"
                or len(m.group()) < (2 if _UNSPACED.match(m.group()[0]) else 4)
            ):
                continue
            elif (
                cue is None
                and not left
                and (
                    (start > 0 and text[start - 1].isalnum())
                    or (end < len(text) and text[end].isalnum())
                )
            ):
                continue  # glued to the next word in an unspaced script ("中央 视察"): no dodge
            if not self._free(hits, start, end) or self._overlaps(excluded, start, end):
                continue
            original = self._original(post, norm, start, end)
            if (
                isinstance(entry, _Name)
                and entry.latin
                and not _LATIN.search(unicodedata.normalize("NFKC", original))
            ):
                continue
            span = cue or (start, end)
            target = "name" if isinstance(entry, _Name) else "handle"
            rule = f"spaced-{target}" if splits - natural or labelled else f"homoglyph-{target}"
            hits.append(_Hit(span[0], span[1], (start, end), entry.outlet, rule))
