"""What stands around a name or handle in a post: a credit cue ("según", "(CNS)", "informó"), a
platform label ("Twitter •"), a sign-off line, or the words of an acronym it abbreviates.

Offsets are in the folded skeleton the rules scan (`text`), except for `signature`, which reads
the original post.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .cues import (
    ABOUT_OUTLET,
    ACRONYM_STOPWORDS,
    ARABIC_PROCLITIC,
    CUE_AFTER,
    CUE_BEFORE,
    CUE_LATER,
    CUE_RUN_ON,
    DATELINE_BEFORE,
    HEADER_AFTER,
    LEADING_OUTLET_WORD,
    NAME_LEAD_WORDS,
    NAME_PARTICLES,
    PLATFORM_AFTER,
    PLATFORM_BEFORE,
    PLATFORM_TAIL,
)
from .origins import mask
from .text import TATWEEL, skel, words_pattern

CUE_WINDOW = 48  # characters searched for a cue on each side of a name
# characters searched for a cue before a name: room for where the outlet is from ("According to
# North Korea's official state news agency KCNA")
CUE_BEFORE_WINDOW = 80
LABEL_WINDOW = 40  # characters searched for a platform label on each side of a handle

_WORD = re.compile(r"[^\W\d_]+")


# An Arabic proclitic glued to a name after a cue (`cues.ARABIC_PROCLITIC`: "المصدر: لشينخوا"). Not
# after a reporting verb: "قالت لشينخوا" is "she told Xinhua", an interview, not Xinhua's report.
_PROCLITIC = re.compile(rf"(?<![^\W\d_]){ARABIC_PROCLITIC}$")
_ARABIC_LETTER = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]")


def _cue_before(text: str, start: int) -> tuple[int, re.Match[str] | None]:
    """The cue ending at `start`, read with places and demonyms masked (`origins.mask`: "According
    to North Korea's KCNA", "la agencia norcoreana KCNA"), and the offset its match counts from.
    An Arabic proclitic glued to the name is skipped (`_PROCLITIC`: "المصدر: لشينخوا")."""
    if _ARABIC_LETTER.match(text, start):
        clitic = _PROCLITIC.search(text, max(0, start - 2), start)
        if clitic is not None:
            offset, found = _cue_before_at(text, clitic.start())
            if found is not None and found.group("v") is None:
                return offset, found
    return _cue_before_at(text, start)


def _cue_before_at(text: str, start: int) -> tuple[int, re.Match[str] | None]:
    """`_cue_before` without the proclitic: the cue ending right at `start`."""
    offset = max(0, start - CUE_WINDOW)
    found = CUE_BEFORE.search(text[offset:start])
    if found is not None:
        return offset, found
    wide = max(0, start - CUE_BEFORE_WINDOW)
    masked = mask(text[wide:start])
    if masked == text[wide:start]:
        return offset, None  # nothing to skip: no cue
    return wide, CUE_BEFORE.search(masked)


# A Korean or Japanese particle or ending glued to a name, and what may follow it: anything but
# another letter of a word ("조선중앙통신이 보도했다", not "신화사전").
_PARTICLE_END = re.compile(rf"(?:{words_pattern(NAME_PARTICLES)})(?![^\W\d_])")


def glued_to_word(text: str, end: int) -> bool:
    """Does a letter glued to the name ending at `end` make it part of a longer word?

    A Korean or Japanese particle or ending is no such letter ("조선중앙통신이", "연합뉴스에서",
    "新華社が"), nor is the start of a cue ("조선중앙통신에 따르면", "新华社报道"); other letters
    are ("신화사전", a dictionary of myths, is not 신화사; "연합뉴스TV" is not 연합뉴스).
    """
    if end >= len(text) or not text[end].isalpha():
        return False
    return _PARTICLE_END.match(text, end) is None and CUE_AFTER.match(text[end : end + CUE_WINDOW]) is None


@dataclass(frozen=True)
class Cue:
    """The credit cue next to a name: the evidence span widened to it, and its kind.

    `word`: a source word or reporting verb ("según", "CNS informó"), a dash, a dateline;
    `bracket`: brackets around the name alone ("(CNS)"), a credit only where a credit stands
    (see `bracket_credit`); `list`: brackets around a list ("(EFE/CNS)"), a credit only when
    another name of the list is one.
    """

    span: tuple[int, int]
    kind: str


def cue(text: str, start: int, end: int) -> Cue | None:
    """The credit cue next to the name at [start, end), or None without one.

    Cues: a word that introduces a source before ("según", "via", "来源：", "reporta") or a
    reporting verb after ("CNS informó"), a dash, a dateline ("新华社北京12月10日电"), or
    enclosing brackets ("(CNS)", "(EFE/CNS)"). A name that starts with a word for an outlet
    ("Agência Xinhua") may take that word's cue ("informou a agência Xinhua").
    """
    found = _cue(text, start, end)
    leading = LEADING_OUTLET_WORD.match(text, start, end)
    if found is None and leading is not None:
        inner = _cue(text, leading.end(), end)
        if inner is not None and inner.kind == "word":
            return Cue((min(inner.span[0], start), inner.span[1]), "word")
    return found


def _cue(text: str, start: int, end: int) -> Cue | None:
    offset, before = _cue_before(text, start)
    after = CUE_AFTER.search(text[end : end + CUE_WINDOW])
    # "(CNS)", "(EFE/CNS)", or "(North Korea's KCNA)": a bracket with where the name is from or
    # what it is (group n)
    opened = before is not None and (before.group("b") or before.group("m") or before.group("n")) is not None
    closed = after is not None and (after.group("b") or after.group("m")) is not None
    word_before = before is not None and not opened
    # a reporting verb after the name, or ending the sentence a Korean or Japanese name is the
    # subject of ("신화통신은 …다고 보도했다", "新華社は…と報じた")
    word_after = (after is not None and not closed) or (after is None and CUE_LATER.match(text, end) is not None)
    if not (word_before or word_after or (opened and closed)):
        return None
    new_start, new_end = start, end
    if word_before:
        assert before is not None
        group = next((g for g in ("w", "k", "u", "c", "v") if before.group(g) is not None), None)
        if group == "c" and _enumerated(text, offset + before.start("c")):
            return None  # "(a) ... (b) ... (c) Xinhua reporters": a list's third item
        if group is not None:  # the evidence shows the cue word, not a dash
            new_start = offset + before.start(group)
        return Cue((new_start, new_end), "word")
    if word_after:
        return Cue((new_start, new_end), "word")
    assert before is not None and after is not None
    opening = "b" if before.group("b") else "n" if before.group("n") else None
    if opening is not None and after.group("b"):
        # where the name is from or what it is, said inside its brackets ("(North Korea's KCNA)",
        # "(agencia rusa TASS)"), makes them a credit wherever they stand: a gloss of a word
        # ("vidéosurveillance (CCTV) montrent") says neither
        kind = "word" if opening == "n" else "bracket"
        return Cue((offset + before.start(opening), end + after.end("b")), kind)
    return Cue((new_start, new_end), "list")


def kind_words_after(text: str, end: int) -> bool:
    """Do words saying what kind of outlet it is stand between the name ending at `end` and its
    reporting verb ("TASS news agency reported")? Written with capitals after a name that is not
    in capitals throughout, they make a longer name ("China News Network reported" is not
    China News Service): the caller reads the post's case."""
    after = CUE_AFTER.match(text[end : end + CUE_WINDOW])
    return after is not None and after.group("a") is not None


def report_runs_on(text: str, end: int) -> int | None:
    """Where a Korean or Japanese report opened by the name ending at `end` ends, when it runs
    over two sentences and the second ends on a quotation and a reporting verb
    ("조선중앙통신은 … 참석하시였다. 병원은 … 있다고 보도했다.", "新華社は、…見通しだ。…と伝えた。");
    None when there is no such report, or the first sentence is about the outlet itself
    ("조선중앙통신은 북한의 국영 통신사다. …"). The caller checks that no other outlet's name stands
    before the end (that outlet would be the one reporting)."""
    found = CUE_RUN_ON.match(text, end)
    if found is None or ABOUT_OUTLET.search(found.group("first")) is not None:
        return None
    return found.end()


# How far before a "(c)" a "(b)" makes it the third item of a list rather than a copyright sign.
ENUMERATION_WINDOW = 600
_ITEM_B = re.compile(r"(?<!\w)\(b\)")


def _enumerated(text: str, start: int) -> bool:
    """Is the "(c)" at `start` an item of a list ("(a) ..., (b) ..., (c) ...") and not "©"?"""
    return text.startswith("(c)", start) and (
        _ITEM_B.search(text, max(0, start - ENUMERATION_WINDOW), start) is not None
    )


# Directional marks: the right-to-left and left-to-right marks, the Arabic letter mark, and the
# embeddings, overrides and isolates. Invisible, they only order the letters around them, and
# Arabic keyboards put them after punctuation and before a Latin word: read as the space they
# stand in (trial 117: '..."روس كوسموس".\u200f سبوتنيك' was no credit while the same post without
# the mark was one).
_DIRECTIONAL = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BLANK = " \t" + _DIRECTIONAL


def _symbolic(char: str) -> bool:
    """An emoji, a pictograph or another symbol: what posts put between a text and its credit."""
    return unicodedata.category(char) in ("So", "Sk", "Cs") or char in "\ufe0f\u200d"


def _line_edge_before(post: str, start: int) -> bool:
    """Does only space, symbols or sentence punctuation stand between `start` and what ends a
    sentence or line before it (or the post's start)?"""
    i = start
    while i > 0 and start - i < CUE_WINDOW and (post[i - 1] in _BLANK or _symbolic(post[i - 1])):
        i -= 1
    return i == 0 or post[i - 1] in "\n.!?。！？…|•·—–-:：/" or start - i >= CUE_WINDOW


# A link, hashtag or mention standing on its own: what a post puts after its credit on the same
# line ("... Xinhua https://t.co/x #China").
_TAIL_ITEM = re.compile(r"(?:https?://|www\.)\S+|[#@][^\W_][\w-]*")
# How far after a name the rest of its line is read for that tail (a post's worth of links)
TAIL_WINDOW = 400
# Short words that sign a credit off when they alone stand between a line's start (or a
# sentence's end) and the name: "... en Shanxi. Tomado de Xinhua", "\npor Xinhua", "By CGTN".
_SIGNOFF_BEFORE = re.compile(
    r"(?:^|(?<=[\n.!?。！？…|•·—–:：/-]))[ \t]*(?:"
    r"(?:tomad[oa]s?|extra[ií]d[oa]s?|traducid[oa]s?|adaptad[oa]s?|retirad[oa]s?|tirad[oa]s?"
    r"|traduzid[oa]s?|copiad[oa]s?)[ \t]+(?:de|del|d[oa]s?)"
    r"|(?:texto|textos|nota|noticia|notícia|información|informação|artículo|artigo|article"
    r"|story|report|fuente|fonte|source|crédito|credit|foto|photo)[ \t]+(?:de|del|d[aoe]s?|from|by)"
    r"|taken[ \t]+from|translated[ \t]+from|adapted[ \t]+from|(?:extrait|tiré|traduit|repris)[ \t]+d[eu]"
    r"|de|del|por|by|from|par|von|da|do|di|du|des|via|vía"
    # "with" the agency, the wire desk's short "com informações da" (trial 112: "\nCom Xinhua")
    r"|com|con|with|avec|mit"
    # French "read on", "seen on" (trial 115: "Lu sur Xinhua", "Vu sur RT en français" ending a
    # post were no credit); in a sentence ("J'ai lu sur Xinhua que ...") they open no line
    r"|(?:lu|vu|lue|vue|lus|vus)[ \t]+sur"
    r")[ \t]*:?[ \t]*$",
    re.IGNORECASE,
)


def _line_edge_after(post: str, end: int) -> bool:
    """Does only space, symbols, closing punctuation, or links, hashtags and mentions standing
    on their own, or where the credit was read ("via Telegram", trial 122), stand between `end`
    and the line's end?"""
    i, limit = end, min(len(post), end + TAIL_WINDOW)
    while i < limit:
        if post[i] in _BLANK or post[i] in ".。!！" or _symbolic(post[i]):
            i += 1
            continue
        item = (_TAIL_ITEM.match(post, i) or PLATFORM_TAIL.match(post, i)) if post[i - 1] in _BLANK else None
        if item is None:
            break
        i = item.end()
    return i == len(post) or post[i] in "\r\n" or i >= limit


def bracket_credit(post: str, start: int, end: int) -> bool:
    """Does the bracketed name at post[start:end] ("(CNS)") stand where a credit does: at the end
    of a sentence or line, at the start of a line or post, or before a dash ("(Xinhua) --")?

    Inside a sentence it glosses the words before it ("vidéosurveillance (CCTV) montrent",
    "lesões no SNC (CNS) tiveram"), and is no credit. After a dateline that opens its line, it is
    the agency's own credit whatever follows ("بكين 15 يناير 2024 (شينخوا) قال ...", "BEIJING, Jan.
    15 (Xinhua) Chinese ...": `cues.DATELINE_BEFORE`, trial 117).
    """
    rest = post[end : end + CUE_WINDOW].lstrip(_BLANK)
    if (
        not rest
        or rest[0] in "\r\n.!?。！？…—–-#@([【"
        or _symbolic(rest[0])
        or rest.startswith("http")
    ):
        return True
    return _line_edge_before(post, start) or _dateline_before(post, start)


def _dateline_before(post: str, start: int) -> bool:
    """Does a dateline, and nothing else, stand between the line's start and `start`?"""
    line = post.rfind("\n", 0, start) + 1
    if start - line > DATELINE_WINDOW:
        return False
    before = "".join(c for c in post[line:start] if c not in _DIRECTIONAL and c != TATWEEL)
    return DATELINE_BEFORE.fullmatch(before) is not None


DATELINE_WINDOW = 64  # characters a dateline may take before the agency's bracket


def signature(post: str, start: int, end: int) -> bool:
    """Does post[start:end] stand alone at a line's end, as a sign-off ("...en 2024.\nCNS",
    "... 🚀 Xinhua", "... Xinhua https://t.co/x #China"), or after a short sign-off phrase that
    opens its line or sentence ("... en Shanxi. Tomado de Xinhua", "\npor Xinhua")?"""
    particle = _PARTICLE_END.match(post, end)  # "... 조선중앙통신에서": a particle ends no line
    if not _line_edge_after(post, particle.end() if particle is not None else end):
        return False
    return _line_edge_before(post, start) or _set_off_before(post, start) or \
        _SIGNOFF_BEFORE.search(post[max(0, start - CUE_WINDOW) : start]) is not None


def ends_line(post: str, end: int) -> bool:
    """Does post[end:] hold nothing more on its line than space, symbols, a full stop, or links,
    hashtags and mentions standing on their own ("... (via agências) 🇨🇳 https://t.co/x")?"""
    return _line_edge_after(post, end)


def own_line(post: str, start: int, end: int) -> bool:
    """Does post[start:end] open its line or sentence (or follow an emoji or a hashtag that sets
    it off) and end its line: a credit line of its own ("... terremoto. Fonte: mídia chinesa"),
    not words of a sentence ("... 24 hours via Chinese state media channels")?"""
    return _line_edge_after(post, end) and (
        _line_edge_before(post, start) or _set_off_before(post, start)
    )


# An emoji or a hashtag standing on its own before a name at a line's end
_HASHTAG_BEFORE = re.compile(r"(?<![\w#@])#[^\W_][\w-]*[ \t]+$")
# ... or a link: "... https://t.co/abc vía people's daily", a tweet's usual end (trial 109)
_LINK_BEFORE = re.compile(r"(?<!\S)(?:https?://|www\.)\S+[ \t]+$", re.IGNORECASE)
_LINK_WINDOW = 2048  # characters a link before a name may take (an article's URL, not only t.co's)


def _set_off_before(post: str, start: int) -> bool:
    """Is the name at `start` set off from the words before it by an emoji, a hashtag or a link
    standing on its own ("... at one pond 🐼 Xinhua", "... at one pond #panda Xinhua", "...
    https://t.co/abc vía people's daily"): what posts put between a text and the credit that
    ends it, as a full stop would. Trial 95: the first two were no credit, while "... at one
    pond. Xinhua" was one; trial 109 the third."""
    window = max(0, start - CUE_WINDOW)
    before = post[window:start].rstrip(_BLANK)
    return bool(before) and (_symbolic(before[-1]) or _HASHTAG_BEFORE.search(post, window, start) is not None
                             or _LINK_BEFORE.search(post, max(0, start - _LINK_WINDOW), start) is not None)


def header(post: str, start: int, end: int) -> bool:
    """Does post[start:end] open a line or sentence as its label ("Xinhua: China's exports...",
    "人民日报评论：", "CGTN | ...", "China News Service / Twitter: ...")?"""
    if not _line_edge_before(post, start):
        return False
    return HEADER_AFTER.match(skel(post[end : end + 24])) is not None


# The word just before a name, glued to it by one space: not a possessive ("Taiwan's"), a
# handle, a hashtag or the end of an abbreviation or address.
_WORD_BEFORE = re.compile(r"(?<![\w'’#@.\-])([^\W\d_]+)[ \u00a0]$")


def longer_name_before(post: str, start: int, end: int, own_words: frozenset[str]) -> bool:
    """Is the capitalised name at post[start:end] the end of a longer proper name: is it glued by
    one space to a capitalised word that is no cue, article or descriptor
    (`cues.NAME_LEAD_WORDS`) and no word of the outlet's own names (`own_words`, case-folded)?

    "Korean Central News Agency" is North Korea's agency, not Taiwan's "Central News Agency";
    "Sydney Daily Telegraph" is not the "Daily Telegraph" of London. "The Central News Agency",
    "Taiwan's Central News Agency", "Chinese Xinhua News Agency" and "Taiwan Central News Agency"
    (a word of "Central News Agency (Taiwan)") are the outlet's own. A name written in capitals
    throughout has no capitals to read: never. Trial 92.
    """
    if start >= end or not post[start].isupper() or post[start:end].isupper():
        return False
    before = _WORD_BEFORE.search(post, max(0, start - CUE_WINDOW), start)
    if before is None or not before.group(1)[0].isupper():
        return False
    word = before.group(1).casefold()
    if word in NAME_LEAD_WORDS or word in own_words or word in _NOT_NAME_WORDS:
        return False
    # a word that opens its sentence is capitalised for that alone (trial 93: "Yesterday Xinhua
    # News Agency said", "Meanwhile Xinhua News Agency reported it", "Thanks Xinhua News Agency")
    return not _SENTENCE_START.search(post, 0, before.start(1))


# Before an outlet's name, words that start no longer name of another outlet: times and days
# ("On Tuesday Xinhua News Agency reported"), compass words ("the North Korean Central News
# Agency" is KCNA), and how a post may call the outlet ("the Communist Xinhua News Agency").
# Trial 93 saw each lose its credit.
_NOT_NAME_WORDS = frozenset({
    "yesterday", "today", "tonight", "tomorrow", "meanwhile", "earlier", "later", "now", "then", "also", "and",
    "but", "so", "thanks", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "communist", "propaganda", "regime", "party", "government"})
# Where a sentence starts: the text's start, or a full stop, colon, line break or quote before
# spaces, with nothing else after it.
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n«\"“]|\s[-–—])\s*$")


def source_word_before(text: str, start: int) -> bool:
    """Is there a word introducing a source before `start` ("Fuente:", "Photo:", "来源")?"""
    _, before = _cue_before(text, start)
    return (
        before is not None
        and (before.group("w") or before.group("k") or before.group("u")) is not None
    )


def platform_before(text: str, start: int) -> int | None:
    """Where the platform label before `start` begins ("Twitter •", "IG:", "X:"), or None."""
    offset = max(0, start - LABEL_WINDOW)
    label = PLATFORM_BEFORE.search(text[offset:start])
    if label is None:
        return None
    group = next(g for g in ("p", "x", "b") if label.group(g) is not None)
    return offset + label.start(group)


def platform_after(text: str, end: int) -> int | None:
    """Where the platform named after `end` ends ("mundo_china en Twitter"), or None."""
    label = PLATFORM_AFTER.search(text[end : end + LABEL_WINDOW])
    return end + label.end("p") if label is not None else None


def defines_acronym(text: str, start: int, end: int, acronym: str) -> bool:
    """Is the name at [start, end) an acronym spelled out next to it, so not an outlet?

    "central nervous system (CNS)", "CNS (Conselho Nacional de Saúde)".
    """
    letters = [c for c in acronym if c.isalpha()]
    before = re.sub(r"[\s(\[]+$", "", text[max(0, start - 120) : start])
    words = [w for w in _WORD.findall(before) if w not in ACRONYM_STOPWORDS]
    if len(words) >= len(letters) and [w[0] for w in words[-len(letters) :]] == letters:
        return True
    after = re.match(r"\s*[(\[]([^()\[\]]{3,100})[)\]]", text[end : end + 110])
    if after:
        words = [w for w in _WORD.findall(after.group(1)) if w not in ACRONYM_STOPWORDS]
        return [w[0] for w in words[: len(letters)]] == letters and len(words) <= len(letters) + 1
    return False
