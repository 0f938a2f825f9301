"""Plain text of an HTML fragment (a toot, a feed summary), with the links it holds."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import ClassVar

_BLANK_LINES = re.compile(r"\n{3,}")


class _TextExtractor(HTMLParser):
    """Visible text of an HTML fragment, paragraphs and line breaks kept; links collected."""

    _BREAKS: ClassVar[frozenset[str]] = frozenset({"br"})
    _BLOCKS: ClassVar[frozenset[str]] = frozenset({"p", "div", "li", "blockquote", "pre", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
               "ul", "ol", "table", "section", "article", "header", "footer", "figcaption"})
    _HIDDEN: ClassVar[frozenset[str]] = frozenset({"script", "style", "template", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden += 1
        elif tag in self._BREAKS:
            self.parts.append("\n")
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a":
            values = dict(attrs)
            classes = (values.get("class") or "").split()
            href = values.get("href")
            # mentions and hashtags are links too, but to profiles and tag pages
            if href and not {"mention", "hashtag", "u-url"} & set(classes) and href not in self.links:
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_to_text(fragment: str) -> tuple[str, list[str]]:
    """Plain text of an HTML fragment (a toot, a feed summary) and the links it holds.

    Mastodon shortens long links on screen with `invisible` spans; their text is kept, so the
    whole URL (and the domain it credits) is in the result.
    """
    parser = _TextExtractor()
    parser.feed(fragment)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    text = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    return text, parser.links
