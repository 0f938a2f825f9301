"""Plain text of an HTML fragment (a toot, a feed summary), with the links it holds.

Parsed with lxml (libxml2's HTML parser): linear in the input and tolerant of any markup, where
the standard library's html.parser takes quadratic time on a toot of repeated "<a" and raises
AssertionError on "<![" (S_masto_assert). The tree is walked without recursion, so deep nesting
costs no stack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BLANK_LINES = re.compile(r"\n{3,}")
_BREAKS = frozenset({"br"})
_BLOCKS = frozenset({
    "p", "div", "li", "blockquote", "pre", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
    "table", "section", "article", "header", "footer", "figcaption",
})
_HIDDEN = frozenset({"script", "style", "template", "head", "title", "noscript"})
# Mentions and hashtags are links too, but to profiles and tag pages.
_NOT_CREDITS = frozenset({"mention", "hashtag", "u-url"})
# Links beyond this many in one fragment are not kept (a toot holds a handful).
MAX_LINKS = 100


@dataclass(frozen=True)
class Link:
    """A link of a fragment: its target, the words it showed, and its CSS classes."""

    href: str
    label: str
    classes: frozenset[str]

    @property
    def is_site(self) -> bool:
        """A link to a page, not to a profile or a hashtag."""
        return not (self.classes & _NOT_CREDITS) and not self.label.lstrip().startswith(("#", "@"))


@dataclass(frozen=True)
class HtmlText:
    """The visible text of a fragment (paragraphs and line breaks kept) and its links."""

    text: str
    links: tuple[Link, ...]


def parse_html(fragment: str) -> HtmlText:
    """The visible text and links of an HTML fragment; never raises on bad markup.

    Mastodon shortens long links on screen with `invisible` spans; their text is kept, so the
    whole URL (and the domain it credits) is in the text.
    """
    from lxml import etree

    if not fragment.strip():
        return HtmlText("", ())
    parser = etree.HTMLParser(recover=True, no_network=True, encoding="utf-8")
    try:
        root = etree.fromstring(fragment.encode("utf-8", "replace"), parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        # lxml's documented failures: an empty document, unrecoverable markup
        return HtmlText(_tidy(fragment), ())
    if root is None:
        return HtmlText("", ())
    parts: list[str] = []
    links: list[Link] = []
    opened: list[tuple[str, frozenset[str], int]] = []  # open <a>: href, classes, text start
    hidden = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.lower()
        if event == "start":
            if tag in _HIDDEN:
                hidden += 1
            elif tag in _BREAKS:
                parts.append("\n")
            elif tag in _BLOCKS:
                parts.append("\n\n")
            elif tag == "a":
                classes = frozenset((element.get("class") or "").split())
                opened.append((element.get("href") or "", classes, len(parts)))
            if tag and element.text and not hidden:
                parts.append(element.text)
            continue
        if tag in _HIDDEN:
            hidden = max(0, hidden - 1)
        elif tag in _BLOCKS:
            parts.append("\n\n")
        elif tag == "a" and opened:
            href, classes, start = opened.pop()
            if href and len(links) < MAX_LINKS:
                label = " ".join("".join(parts[start:]).split())
                links.append(Link(href, label, classes))
        if element.tail and not hidden:
            parts.append(element.tail)
    return HtmlText(_tidy("".join(parts)), tuple(links))


def _tidy(text: str) -> str:
    text = text.replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def html_to_text(fragment: str) -> tuple[str, list[str]]:
    """Plain text of an HTML fragment (a toot, a feed summary) and the targets of the links it
    holds to pages (not mentions or hashtags), each once, in order."""
    parsed = parse_html(fragment)
    hrefs: list[str] = []
    for link in parsed.links:
        if link.is_site and link.href not in hrefs:
            hrefs.append(link.href)
    return parsed.text, hrefs
