"""The agency behind an article, read from its byline or dateline (issue 13, kind 1).

China News Service, Hunan Daily, People's Daily and most diaspora papers run Xinhua dispatches,
and say so where a wire story always does: in the dateline ("新华社北京12月10日电", "BEIJING,
Dec. 10 (Xinhua) --", "Пекин, 10 декабря /Синьхуа/ --", "بكين 10 ديسمبر 2023 (شينخوا)"), a
byline ("By Xinhua | Updated", "Fuente: Xinhua", "Por CNS |") or a closing credit ("(来源：新华社)",
"/ТАСС/", "— Agencia Xinhua", "(Agência Xinhua)"). `detect_origin` finds the registry outlet a
byline names; the index stores it as `Article.origin`, and attribution counts a credit to the
origin like a credit to the outlet.

The forms below are the table of byline shapes, in every script the registry's agencies use;
the agency names themselves are the registry's names and aliases in every script. Only the
start and the end of an article are read (`HEAD`, `TAIL` characters): a name in the body is a
mention, not a byline, and the time spent is bounded whatever the article's length.
"""

from __future__ import annotations

import re

from ..outlets import Registry
from ..records import Article
from .context import defines_acronym
from .scanner import Scanner
from .tables import Tables
from .text import skel, trie, words_pattern

HEAD = 240  # characters read at the start: a dateline or byline stands within the first line
TAIL = 200  # characters read at the end, after editor notes: a closing credit

# fmt: off
# Words that introduce the agency in a byline: "Fuente: Xinhua", "By Xinhua |", "来源：新华社".
_SOURCE_WORDS = [
    "source", "sources", "source(s)", "by", "fuente", "por", "fonte", "par", "selon", "quelle", "von",
    "di", "источник", "المصدر", "مصدر", "来源", "來源", "稿源", "出处", "据", "據",
]
# Words that may stand before the agency's name: "Agencia Xinhua", "وكالة أنباء شينخوا".
_AGENCY_WORDS = [
    "agencia", "agência", "agence", "agency", "agenzia", "agentur", "агентство", "агентства",
    "информагентство", "وكالة أنباء", "وكالة", "la agencia", "l'agence", "a agência",
]
# Notes after the closing credit, removed before it is read: "（责编：王某某）", "(完)", "(End)".
_EDITOR_WORDS = [
    "责编", "責編", "编辑", "編輯", "责任编辑", "責任編輯", "editor", "edited by", "editado por",
    "édité par", "редактор", "تحرير",
]
_END_WORDS = ["完", "end", "fin", "fim", "конец", "انتهى"]
# fmt: on

_SOURCE = words_pattern(_SOURCE_WORDS)
_AGENCY = words_pattern(_AGENCY_WORDS)
_OPEN, _CLOSE = r"[(\[/【〔]", r"[)\]/】〕]"
_TRAILER = re.compile(
    rf"\s*(?:{_OPEN}\s*(?:(?:{words_pattern(_EDITOR_WORDS)})\s*[:：][^)\]】\n]{{0,40}}"
    rf"|(?:{words_pattern(_END_WORDS)}))\s*{_CLOSE}?|(?:{words_pattern(_EDITOR_WORDS)})\s*[:：][^:：()\[\]【】\n]{{0,30}})\s*$"
)


class Bylines:
    """The byline forms of `_forms`, compiled with one registry's names."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        names = trie(tables.names)
        # a boundary after a name, but none after one in an unspaced script ("据新华社报道")
        n = rf"(?P<n>{names})(?:(?<=[\u3040-\u9fff\uac00-\ud7af])|(?!\w))"
        n_cjk = rf"(?P<n>{names})"  # glued to the place name: "新华社北京12月10日电"
        agency = rf"(?:(?:{_AGENCY})\s+)?"
        self.head = [
            # 新华社北京12月10日电, 中新网马德里12月5日电, 新华社记者 周勉 长沙…
            re.compile(
                rf"^\W{{0,3}}{n_cjk}(?:记者|特约记者)?[^\n。，,]{{0,16}}?\d{{1,2}}月\d{{1,2}}日(?:电|讯|電|訊)"
            ),
            # BEIJING, Dec. 10 (Xinhua) --; (ECNS) --; Пекин, 10 декабря /Синьхуа/; МОСКВА. /ТАСС/.
            re.compile(
                rf"^(?P<pre>[^\n()/]{{0,60}}?){_OPEN}\s*{agency}{n}\s*{_CLOSE}(?P<dash>\s*(?:--|—|–|-))?"
            ),
            # By Xinhua | Updated; Fuente: Xinhua; Por CNS |; 据新华社…
            re.compile(rf"^\W{{0,3}}(?:{_SOURCE})\s*[:：]?\s*{agency}{n}"),
            # Xinhua -- text; Синьхуа — …
            re.compile(rf"^\W{{0,3}}{agency}{n}\s*(?:--|—|–)"),
        ]
        self.tail = [
            # (Xinhua) (来源：新华社) /Синьхуа/ (Agência Xinhua) (Source: Xinhua)
            re.compile(rf"{_OPEN}\s*(?:(?:{_SOURCE})\s*[:：]\s*)?{agency}{n}\s*{_CLOSE}\W{{0,3}}$"),
            # …参加。 来源：中国新闻网 / Source: Xinhua
            re.compile(rf"(?:^|[\s.。!?)\]】」|])(?:{_SOURCE})\s*[:：]\s*{agency}{n}\W{{0,3}}$"),
            # — Agencia Xinhua
            re.compile(rf"(?:--|—|–)\s*{agency}{n}\W{{0,3}}$"),
        ]

    def origin(self, text: str) -> str | None:
        """The registry id of the outlet the byline of `text` names, or None."""
        head = skel(text[:HEAD].lstrip())
        for k, pattern in enumerate(self.head):
            m = pattern.search(head)
            if m is None:
                continue
            if k == 1 and not _dateline(m.group("pre"), m.group("dash")):
                continue  # "(CNS)" after words that are no dateline: "central nervous system (CNS)"
            found = self._outlet(head, m)
            if found is not None:
                return found
        tail = skel(text[-(TAIL + 200) :].rstrip())
        for _ in range(3):  # "...参加。（完）（责编：王某某）"
            trimmed = _TRAILER.sub("", tail)
            if trimmed == tail:
                break
            tail = trimmed
        tail = tail[-TAIL:]
        for pattern in self.tail:
            m = pattern.search(tail)
            found = self._outlet(tail, m) if m is not None else None
            if found is not None:
                return found
        return None

    def _outlet(self, text: str, m: re.Match[str]) -> str | None:
        """The outlet of the name matched, unless it begins a phrase the registry excludes
        ("新华社区") or is an acronym spelled out beside it ("nervous system (CNS) -")."""
        name = m.group("n")
        entry = self.tables.names.get(name)
        if entry is None or self.tables.excluded_at(text, m.start("n")):
            return None
        if entry.kind == "context" and defines_acronym(text, m.start("n"), m.end("n"), name):
            return None
        return entry.outlet


def _dateline(before: str, dash: str | None) -> bool:
    """Is `before` (the text before a bracketed name at an article's start) a dateline: nothing,
    a place and a date ("BEIJING, Dec. 10 "), or a place followed by a dash ("Hong Kong (CNN) —")?"""
    return (
        not before.strip()
        or bool(re.search(r"\d", before))
        or (dash is not None and len(before.split()) <= 4)
    )


def detect_origin(text: str, registry: Registry | None = None) -> str | None:
    """The registry id of the agency an article's byline or dateline names, or None.

    `text` is the article as stored (its first and last lines are read). Without a registry,
    the bundled one is used; the compiled forms are cached on the registry.
    """
    registry = registry if registry is not None else Registry.load()
    bylines: Bylines = registry.cached("bylines", lambda: Bylines(_tables(registry)))
    return bylines.origin(text)


def origin_of(article: Article, registry: Registry | None = None) -> str | None:
    """The article's origin as its record gives it, else as its byline names it."""
    return article.origin or detect_origin(article.text, registry)


def _tables(registry: Registry) -> Tables:
    scanner: Scanner = registry.cached("attribution", lambda: Scanner(registry))
    return scanner.tables
