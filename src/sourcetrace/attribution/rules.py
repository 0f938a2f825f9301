"""The attribution rules: each function finds one kind of credit in a post and records a `Hit` for
each, named by the rule that fired (see `cues.RULES`).

The scanner runs them in the order of `ORDER` on one `Scan`. Order matters: a span claimed by an
earlier rule (a link, an @handle) is not looked at again by a later one (`Scan.free`), so a name
inside a URL is no credit of its own, and a handle with "@" is not also a handle without it.
`Hit`, `Scan` and the bounds on a scan (`MAX_HITS`, `MAX_CANDIDATES`, `bounded`) are in `scan`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from anyascii import anyascii

from .altered import MIN_FUZZY, AlteredNames, candidates, in_closing_brackets, slots
from .context import (
    Cue,
    bracket_credit,
    cue,
    defines_acronym,
    ends_line,
    glued_to_word,
    header,
    kind_words_after,
    own_line,
    platform_after,
    platform_before,
    report_runs_on,
    signature,
    source_word_before,
)
from .cues import (
    ARABIC_PROCLITIC,
    AT,
    BROADCAST_BEFORE,
    COUNTRY_TODAY,
    DATELINE_IN_BRACKETS,
    DEFANG,
    DEFANGED_DOT,
    EDITION_AFTER,
    EDITION_TAG,
    GENERIC_BRACKETED,
    GENERIC_BROADCAST_ONLY,
    GENERIC_LABELLED,
    HASHTAG,
    KIND_WORD_AFTER,
    LEET,
    LEET_LETTERS,
    LIST_SEPARATOR,
    MEDIA_AFTER,
    MISSION_CONNECTORS,
    MISSION_PLACE_BEFORE,
    MISSION_UN,
    MISSION_ZH,
    PHOTO_CUE,
    PLATFORM_HOSTS,
    PLATFORM_SLASH,
    TOKEN,
    URL,
)
from .origins import MASK, mask
from .scan import LIST_GAP, Hit, Scan, bounded
from .tables import Handle, Name, Tables
from .text import (
    SEPARATOR_RUN,
    UNSPACED,
    case_ok,
    compact,
    invisible_count,
    obfuscation,
    skel,
    written_in_latin,
)
from .variants import LOOKALIKE_TOKEN, MIN_STEM, HandleVariants


def _rule(trick: str | None, target: str, plain: str) -> str:
    """'homoglyph-name' for a name with look-alike letters; `plain` when nothing is hidden."""
    return f"{trick}-{target}" if trick else plain


# ---- links: https://news.cn/..., x.com/XHNews, xhtxs.cn/... ----


def links(scan: Scan) -> None:
    """link-domain, link-shortener, profile-link; homoglyph-link and zero-width-link.

    A URL of no outlet still claims its span: the names inside it are no credit.
    """
    for m in bounded(URL.finditer(scan.text)):
        if scan.full:
            return
        host = m.group("host")
        path = (m.group("path") or "").rstrip(".,;:!?)]}'\"")
        start = m.start()
        end = m.start("path") + len(path) if path else m.end("host")
        found = scan.tables.link_outlet(host, path) or _suffixed_profile(scan, host, path, m.start("path"))
        if found is None:
            if m.group("scheme") or m.group("www") or path:
                scan.add(Hit(start, end, (start, end), "", ""))
            continue
        outlet, rule = found
        trick = obfuscation(scan.original(m.start("host"), m.end("host")), host)
        scan.add(Hit(start, end, (start, end), outlet, _rule(trick, "link", rule)))


# a profile's segment, after the prefix some platforms put before it ("t.me/s/", "youtube.com/c/")
_PROFILE_SEGMENT = re.compile(r"(?:/(?:c|user|channel|s|u|n)(?=/[^/?#]))?/@?(?P<h>[a-z0-9_]+)(?=[/?#]|$)")


def _suffixed_profile(scan: Scan, host: str, path: str, at: int) -> tuple[str, str] | None:
    """(outlet, "suffixed-profile-link") for a link to the profile of an account the registry does
    not list but that is named as an outlet's with a language or region suffix ("t.me/xinhua_pt",
    "x.com/XHNews_es"): as open a credit as "@xinhua_pt" (trial 112: "Telegram: xinhua_pt" was
    evasive while "t.me/xinhua_pt" was no credit at all). Not a misspelt one, which links to
    someone else. Its own rule, not the @-mention's (trial 124: "https://t.me/xinhua_portugues/4521"
    was cited as `at-suffixed-handle`, which names no link)."""
    labels = host.removeprefix("www.").split(".")
    if not any(".".join(labels[i:]) in PLATFORM_HOSTS for i in range(len(labels) - 1)):
        return None
    segment = _PROFILE_SEGMENT.match(path)
    if segment is None:
        return None
    finder: HandleVariants = scan.tables.cached("variants", lambda: HandleVariants(scan.tables))
    found = finder.match(segment.group("h"), scan.original(at + segment.start("h"), at + segment.end("h")), misspelt=False)
    if found is None or found.misspelt or not found.suffixed:
        return None
    return found.outlet, "suffixed-profile-link"


# ---- defanged addresses: xinhuanet[.]com, cgtn dot com ----


# The subdomains before a host whose dots have spaces around them ("arabic . rt . com").
_LOOSE_SUBDOMAINS = re.compile(r"(?:(?<![\w.\-])[a-z0-9][a-z0-9\-]*[ \t]*\.[ \t]*)+$")
_STRICT_DEFANG = re.compile(DEFANG)
_SENTENCE_DOT = re.compile(r"[a-z0-9]\.\s")
_LOOSE_LABEL_AFTER = re.compile(r"[ \t]+\.[ \t]*[a-z0-9]|\.[a-z0-9]")


def defanged(scan: Scan) -> None:
    """defanged-link: an outlet's address written so that it does not link.

    A short host with only spaces around its dots ("rt . com", "arabic . rt . com") counts after
    a credit label ("Fuente:", "المصدر:"; trial 110), where no prose stands: "RT. Com..." ends a
    sentence, and so does a dot glued to the word before it ("Fonte: RT. Com informações"). A
    distinctive one ("xinhuanet . com") counts anywhere (`tables.Defanged`)."""
    text, tables = scan.text, scan.tables
    hosts = tables.hosts
    for m in bounded(tables.defanged.finditer(text)):
        if scan.full:
            return
        start, end = m.span()
        host = DEFANGED_DOT.sub(".", m.group())
        if host == m.group() or host not in hosts or not scan.free(start, end):
            continue
        if not tables.defanged.distinctive(host) and _STRICT_DEFANG.search(m.group()) is None:
            if _SENTENCE_DOT.search(m.group()) is not None or _LOOSE_LABEL_AFTER.match(text, end):
                continue  # "Fonte: RT. Com informações": a sentence ends; "rt . com . mx": another host
            window = max(0, start - 64)
            subdomains = _LOOSE_SUBDOMAINS.search(text, window, start)
            if subdomains is not None:
                start = subdomains.start()
            if not source_word_before(text, start) or not scan.free(start, end):
                continue
        scan.add(Hit(start, end, (start, end), hosts[host][0], "defanged-link"))


# ---- @handles: @mundo_China, @新华社, @ XHNews ----


def _known_handle(tables: Tables, token: str) -> tuple[Handle | None, int]:
    """The registry handle `token` starts with, and its length: the whole token, the user of a
    Mastodon address, its ASCII head ("@XHNews的"), or an unspaced handle ("@新华社报道")."""
    candidates = [token]
    if "@" in token:
        candidates.append(token.split("@")[0])
    ascii_head = re.match(r"[a-z0-9_.]+", token)
    if ascii_head and ascii_head.group() != token:
        candidates.append(ascii_head.group().rstrip("."))
    for candidate in candidates:
        if candidate in tables.handles:
            return tables.handles[candidate], len(candidate)
    if not token.isascii():
        key = next((k for k in tables.unspaced_handles if token.startswith(k)), None)
        if key is not None:
            return tables.handles[key], len(key)
    for candidate in candidates:
        name = _name_as_handle(tables, candidate)
        if name is not None:
            return name, len(candidate)
    return None, 0


def _name_as_handle(tables: Tables, token: str) -> Handle | None:
    """The outlet whose name in Latin letters `token` (an @handle, case-folded) writes without
    its spaces, "_" or "." ("@BBCNews", "@BBC_Mundo", "@XinhuaNews"), as a handle of the
    outlet's; None for anything else.

    The registry lists some of an outlet's accounts; an @-mention of its very name is a credit
    any reader and tool sees (the sample's "via @BBCNews" was `unattributed`). Names of
    `variants.MIN_STEM` letters or more only ("@RT", "@AP" name too much else); a listed
    handle with a separator added or dropped is another account (docs/ATTRIBUTION.md),
    so only names count here.
    """
    if not re.fullmatch(r"[a-z0-9_.]+", token):
        return None
    squeezed = token.replace("_", "").replace(".", "")
    if len(squeezed) < MIN_STEM:
        return None
    outlets = tables.cached("names_as_handles", lambda: _names_as_handles(tables)).get(squeezed, set())
    if len(outlets) != 1:
        return None  # none, or two outlets' names alike: it names neither
    return Handle(next(iter(outlets)), token, False, frozenset())


def _names_as_handles(tables: Tables) -> dict[str, set[str]]:
    """The outlets by each of their Latin names written as a handle: without separators and
    accents ("CGTN Español" -> "cgtnespanol": a handle has no "ñ"; trial 82's "(@CGTN_Espanol)"
    was read as the listed CGTNEspanol with a separator added, evasive)."""
    out: dict[str, set[str]] = {}
    for key, entries in tables.compact.items():
        for entry in entries:
            if isinstance(entry, Name) and entry.latin:
                out.setdefault(anyascii(key), set()).add(entry.outlet)
    return out


def at_handles(scan: Scan) -> None:
    """at-handle; spaced-handle ("@ XHNews"), homoglyph-handle and zero-width-handle."""
    for m in bounded(AT.finditer(scan.text)):
        if scan.full:
            return
        entry, length = _known_handle(scan.tables, m.group("h").rstrip(".-"))
        if entry is None:
            continue
        start, end = m.start(), m.start("h") + length
        if not scan.free(start, end):
            continue
        trick = obfuscation(scan.original(m.start("h"), end), entry.text)
        if trick is None and invisible_count(scan.original(start, m.start("h") + 1)):
            trick = "zero-width"  # "@\u200bmundo_china"
        plain = "spaced-handle" if m.group("sp") else "at-handle"
        scan.add(Hit(start, end, (start, end), entry.outlet, _rule(trick, "handle", plain)))


# ---- names and aliases in any script: según Xinhua, (CNS), 来源：中新网, Хinhua ----


@dataclass(frozen=True)
class _Listed:
    """A name with no credit cue of its own, waiting for a credit next to it in a list."""

    start: int
    end: int
    entry: Name
    trick: str | None


def names(scan: Scan) -> None:
    """name-alias; homoglyph-name and zero-width-name.

    A name counts only where a credit stands, not wherever it is written ("Xinhua county",
    "reporters from Xinhua", issue 13 kind 3): next to a credit cue (`context.cue`: "según",
    "informó", a dash, a dateline), in brackets where a credit stands ("... (CNS)", "(Xinhua) --",
    not "vidéosurveillance (CCTV) montrent"), alone at a line's end (a sign-off), as a line's
    label ("Xinhua: ..."), or listed beside another credit ("Fuentes: Xinhua, CNS", "(EFE/CNS)").
    A cased alias needs its capitals as well; a context alias ("CNS", "RT") no acronym spelled
    out beside it ("central nervous system (CNS)").
    """
    text, post = scan.text, scan.post
    listed: list[_Listed] = []
    matches = bounded(scan.tables.name_keys.find(text))
    starts = [m.start for m in matches]
    for m in matches:
        if scan.full:
            return
        start, end = m.start, m.end
        entry = scan.tables.names.get(m.key)
        if entry is None or not scan.free(start, end) or scan.is_excluded(start, end):
            continue
        original = scan.original(start, end)
        if entry.latin and not written_in_latin(original) and entry.letters < 5:
            continue  # a short word in another script that only looks like the name ("ВВС")
        if scan.tables.in_longer_name(entry, post, *scan.norm.span(start, end)):
            continue  # "Korean Central News Agency" is not Taiwan's Central News Agency
        if _HANGUL_END.search(m.key) and glued_to_word(text, end):
            continue  # "신화사전" (a dictionary of myths) is no 신화사; "신화사가" is
        if entry.mission:
            end = _mission_place(scan, end)  # "Embajada de China en Angola": the name goes on
        found = cue(text, start, end)
        tail = _edition_or_dateline(scan, end)
        if tail is not None and (found is None or found.kind == "list"):
            # "(CRI em português)", "(Xinhua/Pequim)": the name with its edition or dateline
            found = cue(text, start, tail) or found
        # "Fuente: cns" is still a credit; a bare or bracketed "cns" is not
        # (one word: a context name of two in lower case is words, "Source: china news sites I
        # follow", trial 111, unless only a credit stands there, below)
        lower_ok = (
            entry.kind == "context" and entry.letters >= 3 and " " not in entry.text
            and source_word_before(text, start)
        )
        # trial 108: a cased (or context) name of two or more Latin words in lower case ("(mundo
        # china)", trial 109's "(china news)") may still be a credit, where only a credit stands
        # (`_lower_case_credit`, below)
        lower = entry.kind in ("cased", "context") and not (case_ok(original, entry.text) or lower_ok)
        if lower and not (entry.latin and len(entry.text.split()) >= 2):
            continue
        if entry.kind == "context" and defines_acronym(text, start, end, m.key):
            continue
        after = scan.norm.span(start, end)[1]
        joined = (_ACRONYM_JOINED.match(post, after) or _ASSAY_SPACED.match(post, after)) if entry.kind == "context" else None
        if joined is not None and f"{m.key} {skel(joined.group('a'))}" not in scan.tables.names \
                and skel(joined.group("a")) not in scan.tables.names:
            # "Source: RT-PCR test": one term, no RT (trial 110); "RT-DE" is RT DE, "RT/EFE" two
            continue
        if entry.latin and " " in entry.text and _local_namesake(post, after):
            continue  # "Fonte: Diário do Povo do Piauí": a local paper of that name (trial 113)
        if entry.kind == "context" and m.key in _PREFIX_NAMES and _PREFIX_NAME_GOES_ON.match(post, after):
            continue  # "Источник: РИА Мелитополь": another agency, not RIA Novosti (trial 122)
        if entry.latin and _BUSINESS_AFTER.match(post, after) is not None:
            continue  # "Fonte: Sputnik Bar e Lanchonete", "Nova China Turismo": a business so named
        if (
            found is not None
            and kind_words_after(text, end)
            and not original.isupper()
            and _CAPITAL_NEXT.match(post, scan.norm.span(start, end)[1]) is not None
        ):
            found = None  # "China News Network reported": a longer name, not China News Service
        if (
            found is not None
            and entry.kind == "context"
            and " " in entry.text
            and _CAPITAL_NEXT.match(post, scan.norm.span(start, end)[1]) is not None
            and KIND_WORD_AFTER.match(text, end) is not None
        ):
            # "Source: China News Agency", "Fuente: China News Network": a longer name, not China
            # News Service (trial 119); "China News Agency" is then a generic credit
            found = None
        if (
            found is not None
            and found.kind == "bracket"
            and not bracket_credit(post, *scan.norm.span(*found.span))
        ):
            found = None  # a gloss inside a sentence, not a credit
        if lower and found is None and _lower_case_signoff(scan, start, end):
            found = Cue((start, end), "word")  # "... da história do país. mundo china" (trial 124)
        elif lower and (found is None or not _lower_case_credit(scan, found, start, end)):
            continue  # "en el mundo china es ...": the words, not the name
        if found is None and entry.kind != "context":
            found = _bracketed_with_words(scan, start, end)  # "(People's Daily App)"
        if found is None and entry.kind != "context":
            found = _report_over_two_sentences(text, start, end, starts)
        if COUNTRY_TODAY.fullmatch(entry.text) and not (
            found is not None and (found.kind != "word" or source_word_before(text, start))
        ):
            continue  # "قالت الصين اليوم إن": "China said today", not China Today
        at = scan.norm.span(start, end)
        edition = EDITION_AFTER.match(text, end)
        signed = (at[0], scan.norm.span(start, edition.end())[1]) if edition is not None else at
        if found is None and (
            ((entry.letters >= 3 or not entry.left) and (signature(post, *signed) or header(post, *at)))
            or (entry.kind != "context" and _credits_media(text, start, end, entry))
        ):
            found = Cue((start, end), "word")
        trick = obfuscation(original, entry.text)
        if found is None or found.kind == "list":
            listed.append(_Listed(start, end, entry, trick))
            continue
        rule = _rule(trick, "name", "name-alias")
        if rule == "name-alias" and _photo_credit(scan, start, end):
            rule = "photo-credit"  # "Photo : RIA Novosti / ...": the picture's credit (trial 122)
        scan.add(Hit(found.span[0], found.span[1], (start, end), entry.outlet, rule))
    _listed_names(scan, listed)


def _photo_credit(scan: Scan, start: int, end: int) -> bool:
    """Is the name at [start, end) (skeleton) a photo's credit: does a photo word and at most a credit
    word and punctuation stand right before it ("Photo : ", "(foto: ", "Crédit photo : ",
    "图片来源：")? The name then credits the picture, not the text (trial 122)."""
    at = scan.norm.span(start, end)[0]
    return PHOTO_CUE.search(scan.post[max(0, at - 40) : at]) is not None


_PLACE_CONNECTORS = frozenset({"de", "do", "da", "dos", "das", "del", "du", "des", "la", "el", "al"})


def _edition_or_dateline(scan: Scan, end: int) -> int | None:
    """Where a name's language edition ("CRI em português", "CGTN Français") or the dateline it
    carries inside brackets ("(Xinhua/Pequim)", "(Agência Xinhua, Rio de Janeiro)"), or the
    photographer of its photo credit ("(Xinhua/Hao Jianwei)"), ends, after the name ending at
    `end` (skeleton offsets); None without one. A dateline is a place in
    capitals that is no outlet's name: "(Xinhua/CNS)" lists two credits, "(Xinhua, hoje)" is no
    dateline."""
    edition = EDITION_AFTER.match(scan.text, end)
    if edition is not None:
        return edition.end()
    dateline = DATELINE_IN_BRACKETS.match(scan.text, end)
    if dateline is None:
        return None
    a, b = dateline.span("place")
    place = scan.post[slice(*scan.norm.span(a, b))]
    words = place.split()
    if skel(place) in scan.tables.names or not words or not all(
        w[0].isupper() or w.lower() in _PLACE_CONNECTORS for w in words
    ) or not words[0][0].isupper() or not words[-1][0].isupper():
        return None
    return dateline.end()


def _lower_case_credit(scan: Scan, found: Cue, start: int, end: int) -> bool:
    """Does the cased name at [start, end) (skeleton offsets), written without its capitals
    ("mundo china"), stand where only a credit stands: alone in brackets that end a line ("...
    detalhado. (mundo china)"), or after a credit label that opens its line or sentence and runs
    to the line's end ("\nvía mundo china", "Fuente: global times"), or opens such brackets
    ("(via china daily)")?

    Cased names need their capitals because their words are ordinary ones ("el mundo, china y
    rusa", "en el mundo china es ..."); trial 108's "(mundo china)" ending a post was no credit
    while "(Mundo China)" was. Written there, the words can be nothing but the outlet's name,
    which a reader and a tool that reads names in any case both see: `name-alias`, as "(xinhua)"
    and "Fuente: cns" are. A reporting verb, a bracket inside a sentence, a list and a sign-off
    without a label keep needing the capitals.
    """
    post = scan.post
    if found.kind == "bracket":
        return ends_line(post, scan.norm.span(*found.span)[1])
    if found.kind != "word" or not source_word_before(scan.text, start):
        return False
    label, name_end = scan.norm.span(found.span[0], end)
    if own_line(post, label, name_end):
        return True
    # a label opening brackets that close after the name and end the line, as the name alone
    # in them does: "... detalhado (vía mundo china)"
    closed = _CLOSING_BRACKET.match(post, name_end)
    return (
        post[:label].rstrip(" \t").endswith(("(", "[", "（", "【"))
        and closed is not None
        and ends_line(post, closed.end())
    )


_CLOSING_BRACKET = re.compile(r"[ \t]*[)\]）】]")


def _lower_case_signoff(scan: Scan, start: int, end: int) -> bool:
    """Does the cased name at [start, end) (skeleton offsets), written without its capitals, sign
    the whole post off: open its sentence or line (or follow an emoji, a hashtag or a link that
    sets it off) and end the post, with nothing after it but space, a full stop, symbols, links
    and hashtags ("... o maior pedido de DMU da história do país. mundo china")?

    Trial 124: that post read unattributed, while the same post ending "... do país. xinhua" (a
    name of no ordinary words, which needs no capitals) was credited. The credit slot at a post's
    end holds a credit, as "(mundo china)" there does; a name that only signs off a line inside the
    post ("mundo china\nMais ..."), or stands in a sentence ("o mundo china de hoje é ...", "... e
    no mundo china"), is still words. Beside a platform label ("Twitter • mundo china") the words
    are the handle spaced out (`spaced-handle`), evasive."""
    if platform_before(scan.text, start) is not None or platform_after(scan.text, end) is not None:
        return False
    post = scan.post
    at, name_end = scan.norm.span(start, end)
    if not own_line(post, at, name_end):
        return False
    line_end = post.find("\n", name_end)
    return line_end < 0 or not post[line_end:].strip()


_PLACE_WORD = re.compile(r"[^\W\d_][\w'.-]*")


def _mission_place(scan: Scan, end: int) -> int:
    """Where the name of a diplomatic mission ending at `end` ends with the place it is in
    ("Embajada de China| en Angola|", "Ambassade de Chine| au Maroc|", "Посольство КНР| в Анголе|",
    "سفارة الصين| في أنغولا|"): a preposition (`cues.MISSION_PLACE_BEFORE`), then a place name
    (`origins.mask`: CLDR's in 28 languages) or up to four words written with a capital (and the
    "de", "of" between them: "en la República Argentina"), or the United Nations, for a permanent
    mission (`cues.MISSION_UN`: "لدى الأمم المتحدة", "auprès des Nations unies"; trial 105), and
    a place after it; `end` when none follows. Trial 104: "(Ambassade de Chine au Maroc)" and
    "Fuente: Embajada de China en Angola" were no credit."""
    text, post = scan.text, scan.post
    lead = MISSION_PLACE_BEFORE.match(text, end)
    if lead is None:
        return end
    pos = lead.end()
    un = MISSION_UN.match(text, pos)
    if un is not None:  # "Misión Permanente de China ante la ONU| en Ginebra|" (trial 105)
        return _mission_place(scan, un.end())
    masked = mask(text[pos : pos + 80])
    run = len(masked) - len(masked.lstrip(MASK))
    if run:
        return pos + run
    last = end
    for words, w in enumerate(_PLACE_WORD.finditer(text, pos, min(len(text), pos + 80))):
        if w.start() != pos or words == 4:
            break
        capital = post[scan.norm.span(w.start(), w.start() + 1)[0]].isupper()
        if not capital and w.group() not in MISSION_CONNECTORS:
            break
        if capital:
            last = w.end()
        space = re.match(r"[ \t]+", text[w.end() : w.end() + 3])
        pos = w.end() + (space.end() if space else 0)
        if space is None:
            break
    return last


def missions(scan: Scan) -> None:
    """name-alias for a Chinese mission named in Chinese with its place ("来源：中国驻安哥拉大使馆",
    "（中华人民共和国驻摩洛哥王国大使馆）": `cues.MISSION_ZH`), where a credit stands: the
    foreign ministry's (outlet `mfa`). Other scripts write the place after a registry name
    (`_mission_place`)."""
    text = scan.text
    for m in bounded(MISSION_ZH.finditer(text)):
        if scan.full:
            return
        start, end = m.span()
        if not scan.free(start, end) or "mfa" not in scan.tables.state_ids:
            continue
        place = _credit_place(scan, text, start, end)
        if place is not None:
            scan.add(Hit(place[0], place[1], (start, end), "mfa", "name-alias"))


def _report_over_two_sentences(text: str, start: int, end: int, starts: list[int]) -> Cue | None:
    """A Korean or Japanese report the name at [start, end) opens over two sentences
    (`context.report_runs_on`), with no other outlet's name (at `starts`) in it."""
    run = report_runs_on(text, end)
    if run is None or any(end <= s < run for s in starts):
        return None
    return Cue((start, end), "word")


# An acronym joined to a short name by a hyphen: "RT-PCR", "RT-qPCR" are one term, no RT; by any
# dash or a slash too, and going on ("RT–PCR", "RT‑PCR", "RT/PCR", "RT-PCR-Test": trial 111).
_ACRONYM_JOINED = re.compile(r"[-‐‑–—/](?P<a>[a-z]?[A-Z]{2,})(?![^\W_])")
# ... and by a space where the acronym is a laboratory assay the name abbreviates a step of
# ("Source: RT PCR test": reverse-transcription PCR, no RT). Only these: a space also stands
# between an outlet's name and a word of its own ("Fuente: RT TV", "CGTN EXCLUSIVE").
_ASSAY_SPACED = re.compile(r"[ \u00a0]+(?P<a>(?:q|RT-?)?PCR|LAMP)s?(?![^\W_])")

# A name of several words, then "de"/"do"/"of"... and a capitalised name that is no place of a
# state whose media the registry holds: a local namesake. Trial 113: "Fonte: Diário do Povo do
# Piauí", "Com informações do Diário do Povo de Teresina" (Brazilian papers) credited People's
# Daily; "Diario del Pueblo de China", "Xinhua de Pequim" stay credits.
_NAMESAKE_OF = re.compile(r"[ \u00a0]+(?:de|do|da|dos|das|del|di|of)[ \u00a0]+"
                          r"(?P<w>[A-ZÀ-Þ][^\W\d_]*(?:[ \u00a0]+[A-ZÀ-Þ][^\W\d_]*)?)")
_STATE_MEDIA_COUNTRIES = frozenset({"CN", "HK", "MO", "TW", "RU", "KP", "IR", "BY"})


def _local_namesake(post: str, end: int) -> bool:
    """Whether "de/do/of" and a capitalised name follow the name ending at `end` in `post`, the
    name being no place of a country whose state media the registry lists (`_STATE_MEDIA_COUNTRIES`:
    China's, Russia's...): "Diário do Povo do Piauí", not "Diario del Pueblo de China"."""
    m = _NAMESAKE_OF.match(post, end)
    if m is None:
        return False
    from ..lexicon import local_places, place_countries, places

    words = m.group("w")
    keys = [k for *_, k in places(words)] + [k for *_, k in local_places(words)]
    return not any(place_countries(k) & _STATE_MEDIA_COUNTRIES for k in keys)


# A business's kind after a name: a bar, a travel agency or a shop named after an outlet or its
# translated name (trial 113: "Fonte: Sputnik Bar e Lanchonete" credited Sputnik, "Fonte: Nova
# China Turismo, agência de viagens" Xinhua as a sibling). Capitalised, as a business's name is.
_BUSINESS_AFTER = re.compile(
    r"[ \u00a0]+(?:Bar|Lanchonete|Restaurante|Restaurant|Pizzaria|Padaria|Café|Cafe|Hotel|Pousada|"
    r"Turismo|Tourism|Tours|Travel|Viagens|Viajes|Imóveis|Imobiliária|Loja|Shop|Store|Motors|Ltda|"
    r"Eireli|Clube|Club|Academia|Gym|Pet|Supermercado|Mercado|Market|Farmácia|Auto|Peças)(?![\w'’-])"
)


# A capitalised word just after a name ("China News Network").
_CAPITAL_NEXT = re.compile(r"[ \u00a0]+[A-Z]")
# A short name that opens the names of other outlets: Russia's regional agencies are "РИА <Name>"
# ("РИА Мелитополь", "РИА ФАН", "РИА «Новый День»", "RIA FAN"), so "RIA"/"РИА" followed by a
# capitalised word or a quoted name is a longer name the registry does not list, no RIA Novosti
# (trial 122); an inflected or hyphenated "Новости" ("РИА Новостей", "RIA-Nowosti") is still its.
_PREFIX_NAMES = frozenset(skel(n) for n in ("RIA", "РИА"))
_PREFIX_NAME_GOES_ON = re.compile(
    r"[ \u00a0]+(?:[«\"“„‹]|(?![Nn][oO][vVwW][oO][sS][tT]|Новост|НОВОСТ)[A-ZА-ЯЁ0-9])"
)


# A name whose last letter is Hangul: Korean glues particles to it, and nothing else.
_HANGUL_END = re.compile(r"[\uac00-\ud7a3]$")


def _bracketed_with_words(scan: Scan, start: int, end: int) -> Cue | None:
    """A name opening brackets that close a word or two later where a credit stands: "(People's
    Daily App)", "(Xinhua photo)"."""
    opening = re.search(r"[(\[【〔]\s*$", scan.text[max(0, start - 4) : start])
    closing = re.match(r"(?:\s+[^\W\d_][\w'-]*){1,2}\s*[)\]】〕]", scan.text[end : end + 40])
    if opening is None or closing is None:
        return None
    span = (max(0, start - 4) + opening.start(), end + closing.end())
    return Cue(span, "word") if bracket_credit(scan.post, *scan.norm.span(*span)) else None


def _credits_media(text: str, start: int, end: int, entry: Name) -> bool:
    """Is an outlet credited with what it made: "CCTV+ footage shows", "El Global Times de hoy",
    or, for a broadcaster, "Hoy en CGTN", "Entrevista con CGTN"?"""
    if MEDIA_AFTER.match(text, end) is not None:
        return True
    return (
        entry.broadcaster and BROADCAST_BEFORE.search(text[max(0, start - 16) : start]) is not None
    )


def _listed_names(scan: Scan, listed: list[_Listed]) -> None:
    """Names listed beside a credit count ("Fuentes: Xinhua, CNS", "Foto: EFE/Xinhua"), and so do
    two or more names in brackets where a credit stands ("(EFE/CNS)"); a list with no credit
    beside it ("reporters from Xinhua and the BBC", "(RT + seguir)") does not."""
    text = scan.text
    chains: list[list[_Listed]] = []
    for item in sorted(listed, key=lambda i: i.start):
        if chains and _separated(text, chains[-1][-1].end, item.start):
            chains[-1].append(item)
        else:
            chains.append([item])
    for chain in chains:
        if scan.full:
            return
        first, last = chain[0].start, chain[-1].end
        beside = any(
            h.outlet and (_separated(text, h.core[1], first) or _separated(text, last, h.core[0]))
            for h in scan.hits
        )
        alone = len(chain) >= 2 and signature(scan.post, *scan.norm.span(first, last))
        if not beside and not alone and not (len(chain) >= 2 and _bracketed(scan, first, last)):
            continue  # "Radio Internacional de China / CRI" alone on its line counts
        for item in chain:
            if scan.free(item.start, item.end):
                rule = _rule(item.trick, "name", "name-alias")
                scan.add(Hit(item.start, item.end, (item.start, item.end), item.entry.outlet, rule))


def _separated(text: str, end: int, start: int) -> bool:
    """Do only a list separator (",", "/", "y", "and"...) stand between `end` and `start`?"""
    return 0 <= start - end <= LIST_GAP and LIST_SEPARATOR.fullmatch(text[end:start]) is not None


def _bracketed(scan: Scan, start: int, end: int) -> bool:
    """Is [start, end) enclosed in brackets that stand where a credit does ("... (EFE/CNS)")?"""
    opening = re.search(r"[(\[【〔]\s*$", scan.text[max(0, start - 4) : start])
    closing = re.match(r"\s*[)\]】〕]", scan.text[end : end + 4])
    if opening is None or closing is None:
        return False
    a, b = max(0, start - 4) + opening.start(), end + closing.end()
    return bracket_credit(scan.post, *scan.norm.span(a, b))


# ---- handles without "@": Twitter •mundo_china, IG: cgtnenespanol, #ChinaDaily ----


def _context_tag(entry: Name, tag: str) -> bool:
    """Is hashtag `tag` a context alias of two or more words in a script without capitals, with
    "_" for each of its spaces ("#روسيا_اليوم")? Joined so, the words are the outlet's name, as
    "#RT_Arabic" is RT's (trial 110); in prose "روسيا اليوم" also reads "Russia ... today". A
    short or Latin one ("#RT", "#CNS") stays a topic."""
    written = skel(entry.text)
    return not entry.latin and " " in written and written.replace(" ", "_") == tag


def _context_tag_label(scan: Scan, m: re.Match[str]) -> list[Name]:
    """A hashtag of a context name that labels its line as the name itself does ("#Sputnik | ...",
    "#Sputnik: ..." as "Sputnik | ...": trial 122), with the name's capitals and three letters or
    more; elsewhere it stays a topic ("Le vaccin #Sputnik", "#RT | ...", "#Sputnik V | ...")."""
    tag = m.group("t")
    start, end = scan.norm.span(m.start(), m.end())
    if not header(scan.post, start, end):
        return []
    original = scan.post[start + 1 : end]
    return [
        e
        for e in scan.tables.compact.get(tag, ())
        if isinstance(e, Name) and e.kind == "context" and e.letters >= 3 and case_ok(original, e.text)
        and not scan.is_excluded(m.start(), m.end())
    ]


def bare_handles(scan: Scan) -> None:
    """handle-without-at (and name-alias for a hashtag of a name); homoglyph- and zero-width-handle.

    A bare handle counts when it is distinctive or labelled with its platform.
    """
    text, tables = scan.text, scan.tables
    for m in bounded(
        HASHTAG.finditer(text)
    ):  # "#ChinaDaily", "#CGTNenEspañol": the name, searchable
        tag = m.group("t")
        if "_" in tag and tag in tables.handles:
            continue  # "#mundo_china" is the handle, not the name: see below
        found = [
            e
            for e in tables.compact.get(tag.replace("_", ""), ())
            if isinstance(e, Name) and (e.kind != "context" or _context_tag(e, tag))
        ]
        edition = EDITION_TAG.fullmatch(tag) if not found else None
        if edition is not None:
            # "#CGTNBrasil", "#XinhuaPortuguês": the name and its edition (trial 112); not a context
            # name ("#CNSBrasil" is as likely Brazil's Conselho Nacional de Saúde)
            found = [
                e
                for e in tables.compact.get(edition.group("n").replace("_", ""), ())
                if isinstance(e, Name) and e.kind != "context"
            ]
        if not found and edition is None:
            found = _context_tag_label(scan, m)
        if found and scan.free(m.start(), m.end()):
            scan.add(Hit(m.start(), m.end(), m.span(), found[0].outlet, "name-alias"))
    for m in bounded(m for m in TOKEN.finditer(text) if m.group("t") in tables.handles):
        if scan.full:
            return
        start, end = m.start("t"), m.end("t")
        if not scan.free(m.start(), end) or scan.is_excluded(start, end):
            continue
        if text.startswith("/", m.start() - 1) and PLATFORM_SLASH.search(text, max(0, m.start() - 20), m.start()) is None:
            continue  # a path's segment or a list ("EFE/..."), not "Twitter/CGTNFrancais"
        entry = tables.handles.get(m.group("t"))
        if entry is None:
            continue
        label_start = platform_before(text, start)
        label_end = platform_after(text, end)
        if not (entry.distinctive or label_start is not None or label_end is not None):
            continue
        span_start, span_end = start, end
        if label_start is not None:
            span_start = label_start
        elif label_end is not None:
            span_end = label_end
        trick = obfuscation(scan.original(start, end), entry.text)
        rule = _rule(trick, "handle", "handle-without-at")
        scan.add(Hit(span_start, span_end, (start, end), entry.outlet, rule))


# ---- names and handles broken by separators: X i n h u a, Xin.hua, C-G-T-N ----


def spaced(scan: Scan) -> None:
    """spaced-name, spaced-handle; homoglyph-name and -handle for leetspeak ("X1nhua").

    Every name and distinctive handle is looked for in the post with its separators removed;
    one found there but not written as registered was broken apart on purpose, or is an
    ordinary phrase ("新华 社会", "cctv - news") that the checks below let pass.
    """
    text = LEET.sub(lambda m: LEET_LETTERS[m.group()], scan.text)  # "X1nhua" -> "xinhua", 1:1
    squeezed, offsets, _ = compact(text)
    for m in bounded(scan.tables.compact_keys.find(squeezed)):
        if scan.full:
            return
        start, end = offsets[m.start], offsets[m.end - 1] + 1
        hit = _spaced_hit(scan, text, m.key, start, end)
        if hit is not None:
            scan.add(hit)


def _glued(text: str, start: int, end: int, left: bool = True, right: bool = True) -> bool:
    """Does a letter or digit touch [start, end) on the left (if `left`) or right (if `right`)?"""
    return (left and start > 0 and text[start - 1].isalnum()) or (
        right and end < len(text) and text[end].isalnum()
    )


def _spaced_hit(scan: Scan, text: str, key: str, start: int, end: int) -> Hit | None:
    """The hit for compact `key` found at [start, end) of the de-leeted `text`, if it is a dodge."""
    if end - start > 3 * len(key) + 8:
        return (
            None  # letters scattered over a paragraph are no name (and would cost quadratic time)
        )
    segment = text[start:end]
    _, _, splits = compact(segment)
    entries = scan.tables.compact[key]
    natural = frozenset().union(*(e.splits for e in entries))
    leet = scan.text[start:end] != segment
    labelled = None  # "Twitter • mundo china": a handle with its "_" turned into a space
    handles = [e for e in entries if isinstance(e, Handle)]
    if not leet and splits and splits <= natural and handles:
        labelled = platform_before(text, start)
    if not leet and labelled is None and (not splits or splits <= natural):
        joined = _joined_name(scan, entries, splits)
        if joined is not None:
            return _joined_hit(scan, text, joined, start, end)
        return None  # written as registered, or inside one word
    entry = handles[0] if handles and (labelled is not None or "_" in segment) else entries[0]
    left, right = (entry.left, entry.right) if isinstance(entry, Name) else (True, True)
    if _glued(text, start, end, left, right):
        return None
    pieces = [p for p in SEPARATOR_RUN.split(segment) if p]
    separators = _separators(segment, splits - natural)
    # a dot, dash or underscore inside a word is a dodge; " - " between words is punctuation
    strong = (
        leet or max(len(p) for p in pieces) <= 2 or any(not re.search(r"\s", s) for s in separators)
    )
    if not left and not (len(pieces) == len(key) or any(not s.isspace() for s in separators)):
        return None  # unspaced scripts: "新华 社会" is two words, "新 华 社" is a dodge
    kind = entry.kind if isinstance(entry, Name) else "handle"
    context = cue(text, start, end)
    found = context.span if context is not None else None
    if (
        isinstance(entry, Handle)
        and labelled is None
        and not leet
        and _in_words(scan.original(start, end), entry.text)
    ):
        # "Qiushi Journal", "CGTN Global Watch": the account's name in words, no dodge
        if found is None or not scan.free(start, end) or scan.is_excluded(start, end):
            return None
        if scan.original(start, end).islower() and (
            context is None or not _lower_case_credit(scan, context, start, end)
        ):
            # "Source: china daily life, my own photos" (trial 109): in lower case the words are
            # words (China Daily's @ChinaDaily_Life), unless only a credit can stand there
            return None
        return Hit(found[0], found[1], (start, end), entry.outlet, "name-alias")
    if labelled is not None:
        found = (labelled, end)
    elif found is None and (
        not strong or kind == "context" or len(key) < (2 if UNSPACED.match(key[0]) else 4)
    ):
        return None
    elif found is None and not left and _glued(text, start, end):
        return None  # glued to the next word in an unspaced script ("中央 视察"): no dodge
    if scan.is_excluded(start, end):
        return None
    if not scan.free(start, end) and not (isinstance(entry, Handle) and scan.displace(start, end)):
        return None
    if isinstance(entry, Name) and entry.latin and not written_in_latin(scan.original(start, end)):
        return None
    span = found or (start, end)
    target = "name" if isinstance(entry, Name) else "handle"
    rule = f"spaced-{target}" if splits - natural or labelled is not None else f"homoglyph-{target}"
    return Hit(span[0], span[1], (start, end), entry.outlet, rule)


def _joined_name(scan: Scan, entries: list[Name | Handle], splits: frozenset[int]) -> Name | None:
    """The registered name written at a compact key's match with spaces of its own dropped ("China
    NewsService"), or an invisible character in their place ("China News\u200bService"), if any.

    A form the registry lists as written ("Xinhuanet" beside "Xinhua Net", the handle
    "ChinaNewsService") is no dodge, nor is a dropped apostrophe ("Peoples Daily"). Plain joins
    are looked for among state outlets' names only, as near misses are (`altered`).
    """
    if any(e.splits == splits for e in entries):
        return None
    for entry in entries:
        if (
            isinstance(entry, Name)
            and splits < entry.splits
            and entry.letters >= MIN_FUZZY
            and entry.splits - splits <= _space_splits(entry.text)
            and entry.outlet in scan.tables.state_ids
        ):
            return entry
    return None


def _joined_hit(scan: Scan, text: str, entry: Name, start: int, end: int) -> Hit | None:
    """zero-width-name or misspelled-name for a name joined at its spaces, where a credit stands:
    after a cue, in brackets at a sentence's end, or alone at a line's end."""
    if _glued(text, start, end, entry.left, entry.right) or scan.is_excluded(start, end):
        return None
    if not scan.free(start, end) or not written_in_latin(scan.original(start, end)) and entry.latin:
        return None
    place = _credit_place(scan, text, start, end)
    if place is None:
        return None
    trick = obfuscation(scan.original(start, end), entry.text)
    rule = "zero-width-name" if trick == "zero-width" else "misspelled-name"
    return Hit(place[0], place[1], (start, end), entry.outlet, rule)


def _credit_place(scan: Scan, text: str, start: int, end: int) -> tuple[int, int] | None:
    """The evidence span when [start, end) stands where a credit does (after a cue, in brackets
    at a sentence's end, alone at a line's end), else None."""
    found = cue(text, start, end)
    if found is not None and found.kind == "bracket":
        found = found if bracket_credit(scan.post, *scan.norm.span(*found.span)) else None
    if found is None and signature(scan.post, *scan.norm.span(start, end)):
        found = Cue((start, end), "word")
    if found is None or found.kind == "list":
        return None
    return found.span


@functools.lru_cache(maxsize=1024)
def _space_splits(name: str) -> frozenset[int]:
    """The split points of a registered name (compact offsets) where its separator is a space."""
    key = skel(name)
    return frozenset(
        len(compact(key[: run.start()])[0])
        for run in SEPARATOR_RUN.finditer(key)
        if run.group().isspace() and run.start() > 0
    )


def _in_words(original: str, handle: str) -> bool:
    """Is `original` a handle written as its words ("Qiushi Journal" for QiushiJournal, "People's
    Daily App" for PeoplesDailyapp, "China Daily Life" for ChinaDaily_Life), not a dodge ("XH News", "CNS 1952", "X H N e w s")?"""
    words = [w.replace("'", "").replace("\u2019", "") for w in original.split(" ")]
    return (
        len(words) > 1
        and all(len(w) >= 3 and w.isalpha() for w in words)
        and "".join(words).casefold() == handle.replace("_", "").casefold()
    )


def _separators(segment: str, unnatural: frozenset[int]) -> list[str]:
    """The separator runs of `segment` that stand where the registered name has none."""
    separators = []
    for run in SEPARATOR_RUN.finditer(segment):
        if len(compact(segment[: run.start()])[0]) in unnatural:
            separators.append(run.group())
    return separators


# ---- names altered beyond look-alike letters: Xinhau, Sinjua, 新hua社, 新化社, XH社, CNS 1952 ----


def altered(scan: Scan) -> None:
    """misspelled-name, mixed-script-name, abbreviated-name (and name-alias for an inflected
    Cyrillic name), where a credit stands: see `altered`. Runs last, on what is still free."""
    finder: AlteredNames = scan.tables.cached("altered", lambda: AlteredNames(scan.tables))
    text, post = scan.text, scan.post
    for cue_start, start, kind in slots(text, post, scan.norm.source):
        if scan.full:
            return
        for core in candidates(text, start):
            if not scan.free(*core) or scan.is_excluded(*core) or _proclitic_name(scan.tables, text, core[0]):
                break
            at = scan.norm.span(*core)
            if kind == "bracket" and not in_closing_brackets(post, at):
                continue
            found = finder.match(text[core[0] : core[1]], post[at[0] : at[1]], kind != "line")
            if found is None:
                continue
            rule = found[1]
            if rule == "abbreviated-name" and _HANDLE_TOKEN.fullmatch(text, *core):
                if _suffixed_token(scan, text[core[0] : core[1]], post[at[0] : at[1]]):
                    break  # "xinhua_portugues": a language suffix, `handle_variants`' to judge
                if platform_before(text, core[0]) is not None:
                    rule = "fused-handle"  # "IG: xinhua_noticias": written as a handle (trial 124)
            span = (cue_start if kind != "bracket" else core[0], core[1])
            scan.add(Hit(span[0], span[1], core, found[0], rule))
            break


# A name fused with a word into one token, as a handle is written ("Xinhua_Noticias")
_HANDLE_TOKEN = re.compile(r"\w+")


def _suffixed_token(scan: Scan, token: str, original: str) -> bool:
    """Is `token` an outlet's name or handle with a language, region or "official" suffix that
    `handle_variants` reads as the outlet's unlisted account ("xinhua_portugues", "Twitter
    •xinhua_portugues": `suffixed-handle`)? Trial 124: the name fused with "portugues" was read
    first as a made-up name (`abbreviated-name`), which says nothing of a handle."""
    finder: HandleVariants = scan.tables.cached("variants", lambda: HandleVariants(scan.tables))
    found = finder.match(token, original, misspelt=False)
    return found is not None and not found.misspelt and found.suffixed and not found.short


_PROCLITIC_AT = re.compile(ARABIC_PROCLITIC)


def _proclitic_name(tables: Tables, text: str, start: int) -> bool:
    """Does a registered name start right after an Arabic proclitic at `start` ("لشينخوا", "وسي جي
    تي إن")? The name is then the name, which `names` judged, not a misspelling of it: trial 104's
    "قالت لشينخوا" ("she told Xinhua") read as an evasive credit by one edit."""
    clitic = _PROCLITIC_AT.match(text, start)
    return clitic is not None and any(
        tables.name_keys.prefix(text, pos) is not None for pos in range(start + 1, clitic.end() + 1)
    )


# ---- handles the registry does not list: Twitter •chinadaily_en, @XHNews_es, IG: chinadaly ----


def handle_variants(scan: Scan) -> None:
    """at-suffixed-handle, suffixed-handle, misspelled-handle: an outlet's handle or name with a
    language, region or "official" suffix, or its handle one edit away (see `variants`).

    With "@" a suffixed handle is an open credit (`at-suffixed-handle`: the outlet's account in
    another language, as far as a reader or a tool can tell); a misspelled one links to someone
    else. Without "@", a suffixed handle counts when it is built on a distinctive handle or
    joined by "_" ("xinhua_es"), or when a platform label stands beside it; a misspelled one
    only beside a platform label or with a suffix after "_" ("chinadaly_en"). Runs last, on
    what is still free.
    """
    finder: HandleVariants = scan.tables.cached("variants", lambda: HandleVariants(scan.tables))
    text = scan.text
    for m in bounded(AT.finditer(text)):
        if scan.full:
            return
        head = re.match(r"\w+", m.group("h"))
        if head is None:
            continue
        start, end = m.start(), m.start("h") + head.end()
        if not scan.free(start, end) or scan.is_excluded(m.start("h"), end):
            continue
        found = finder.match(head.group(), scan.original(m.start("h"), end))
        if found is None:
            _at_lookalike(scan, finder, m)
            continue
        if found.misspelt or m.group("sp"):
            rule = "misspelled-handle" if found.misspelt else "suffixed-handle"
        else:
            rule = "at-suffixed-handle"
        scan.add(Hit(start, end, (start, end), found.outlet, rule))
    for m in bounded(m for m in finder.words.finditer(text) if finder.candidate(m.group())):
        if scan.full:
            return
        start, end = m.span()
        if not scan.free(start, end) or scan.is_excluded(start, end):
            continue
        joined = "_" in m.group()
        original = scan.original(start, end)
        found = finder.match(m.group(), original, misspelt=joined)
        if found is None and not finder.may_be_misspelt(m.group()):
            continue
        label_start, label_end = platform_before(text, start), platform_after(text, end)
        labelled = label_start is not None or label_end is not None
        if found is None and labelled:
            found = finder.match(m.group(), original)
        if found is None:
            continue
        if found.misspelt or found.short:
            if not (labelled or (joined and found.suffixed and not found.short)):
                continue
        elif not (labelled or joined or found.handle):
            continue
        span_start = label_start if label_start is not None else start
        span_end = label_end if label_start is None and label_end is not None else end
        rule = "misspelled-handle" if found.misspelt else "suffixed-handle"
        scan.add(Hit(span_start, span_end, (start, end), found.outlet, rule))
    _bare_lookalikes(scan, finder)


def _at_lookalike(scan: Scan, finder: HandleVariants, m: re.Match[str]) -> None:
    """spaced-handle or homoglyph-handle for an @-mention that reads as a state outlet's handle
    with look-alike letters ("@rnundo_china": someone else's account, as for a misspelt one) or
    with a hyphen for its separator ("@mundo-china", which links to "@mundo").

    Underscores and dots added or dropped make another valid handle, often the same body's own
    second account ("@Amb__ChenXu" beside the listed Amb_ChenXu, "@VisitJiangsu" beside
    visit_jiangsu, both on the CANIS accounts' tweets): such a mention is no dodge.
    """
    written = m.group("h").rstrip(".-")
    start, end = m.start(), m.start("h") + len(written)
    if not scan.free(start, end) or scan.is_excluded(m.start("h"), end):
        return
    found = finder.lookalike(written)
    if found is not None and (found.trick != "spaced" or "-" in written):
        scan.add(Hit(start, end, (start, end), found.outlet, f"{found.trick}-handle"))


def _bare_lookalikes(scan: Scan, finder: HandleVariants) -> None:
    """spaced-handle or homoglyph-handle for a word that reads as a state outlet's handle, with a
    separator swapped or dropped ("mundo-china") or look-alike letters ("rnundo_china").

    As for a misspelt handle, the word alone credits nobody: it counts beside a platform label
    ("IG: rnundo_china") or where a credit stands ("Fuente: mundo-china", "... (mundo-china)",
    alone at a line's end).
    """
    text = scan.text
    tokens = (m for m in LOOKALIKE_TOKEN.finditer(text) if finder.lookalike(m.group()) is not None)
    for m in bounded(tokens):
        if scan.full:
            return
        start, end = m.span()
        if not scan.free(start, end) or scan.is_excluded(start, end):
            continue
        found = finder.lookalike(m.group())
        assert found is not None
        label_start, label_end = platform_before(text, start), platform_after(text, end)
        if label_start is not None or label_end is not None:
            span = (
                label_start if label_start is not None else start,
                label_end if label_start is None and label_end is not None else end,
            )
        else:
            place = _credit_place(scan, text, start, end)
            if place is None:
                continue
            span = place
        scan.add(Hit(span[0], span[1], (start, end), found.outlet, f"{found.trick}-handle"))


# ---- credits that name no outlet: (via Chinese state media), Fonte: mídia chinesa, （来源：推特） ----

# The rule name of a generic credit: its hits credit no outlet (`Hit.outlet` is empty), and the
# scanner keeps them apart from the credits of outlets (`Scanner.read`).
GENERIC = "generic-credit"


def generic_credits(scan: Scan) -> None:
    """generic-credit: a credit naming only the kind of source (Chinese or state media, agencies,
    networks, a platform), in brackets that end a line ("(via Chinese state media)", "(китайские
    СМИ)", "（来源：推特）") or after a label on a line of its own ("Fonte: mídia chinesa"); see
    `cues.GENERIC_BRACKETED`. The topical benchmark's two blind label writers (tune/t98, test) marked them evasive. Runs last, on what
    is still free: a name in the same place ("Fuente: medios chinos (Xinhua)") is a credit of
    that outlet, and the scanner lets a named outlet decide before a generic credit.
    """
    text, post = scan.text, scan.post
    for m in bounded(GENERIC_BRACKETED.finditer(text)):
        start, end = m.span()
        if not scan.free(start, end) or scan.is_excluded(start, end):
            continue
        if ends_line(post, scan.norm.span(start, end)[1]):
            core = m.span("obj") if m.group("obj") is not None else m.span("bare")
            if m.group("obj") is not None and GENERIC_BROADCAST_ONLY.fullmatch(text, *core):
                continue  # "(via TV)" says what a clip is, as "(TV)" does (trial 105)
            scan.add(Hit(start, end, core, "", GENERIC))
    for m in bounded(GENERIC_LABELLED.finditer(text)):
        start, end = m.span()
        if not scan.free(start, end) or scan.is_excluded(start, end):
            continue
        if GENERIC_BROADCAST_ONLY.fullmatch(text, *m.span("obj")):
            continue  # "Fonte: TV": no whose or what kind (trial 105)
        if own_line(post, *scan.norm.span(start, end)):
            scan.add(Hit(start, end, m.span("obj"), "", GENERIC))


# The order the scanner runs the rules in (see the module docstring).
ORDER: tuple[Callable[[Scan], None], ...] = (
    links,
    defanged,
    at_handles,
    missions,
    names,
    bare_handles,
    spaced,
    altered,
    handle_variants,
    generic_credits,
)
