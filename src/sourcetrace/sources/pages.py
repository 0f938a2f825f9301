"""Article pages, saved or fetched: the main text, title, date and canonical URL (trafilatura),
and a folder of saved pages found by the URL each declares.

A page is decoded here, not by trafilatura: the charset of the HTTP header or of a `<meta>` tag
in its first bytes when the bytes fit it, else the one `textenc` detects, said on a warning line
(a GBK or Windows-1251 page saved without its header must not be stored as mojibake). It is parsed
here too (libxml2's HTML parser, linear, never fetching anything), allowing the nesting depth of
libxml2's "huge" mode: by default it stops reading at 256 levels, so that a few hundred empty
nested <div>s would hide the rest of an article. Text past the huge mode's 2,048 levels is not
read, with a warning line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .. import textenc
from ..errors import InputError
from ..records import Article
from .clean import TextCheck, warn
from .fetch import MAX_PAGE_BYTES, SourceError
from .files import HTML_SUFFIXES, read_bytes, suffix
from .fill import lang_code, outlet_for
from .xmldoc import guessed_line

_CANONICAL = (
    re.compile(rb"""<link\b[^>]*\brel=["']?canonical["']?[^>]*>""", re.IGNORECASE),
    re.compile(rb"""<meta\b[^>]*\bproperty=["']?og:url["']?[^>]*>""", re.IGNORECASE),
)
_HREF = re.compile(rb"""\b(?:href|content)=["']([^"']+)["']""", re.IGNORECASE)
# The HTML standard's prescan looks for a charset in the first 1024 bytes; pages saved by
# browsers and CMSs put it a little later at times, so a few KB are searched.
_PRESCAN_BYTES = 4096
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]{0,500}?\bcharset\s*=\s*["']?\s*([A-Za-z][A-Za-z0-9._:-]{0,39})""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""\A(?:\xef\xbb\xbf)?\s*<\?xml\b[^>]{0,300}?\bencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._:-]{0,39})""")
_XML_DECLARATION = re.compile(r"\A\ufeff?\s*<\?xml\b[^>]{0,300}?\?>")
# libxml2's nesting limit in its huge mode (XML_PARSE_HUGE: xmlParserMaxDepth 2048); a page that
# reaches it within a few levels was cut there.
MAX_DEPTH = 2048
_DEPTH_MARGIN = 16


def page_article(
    data: bytes,
    *,
    url: str | None = None,
    outlet: str | None = None,
    lang: str | None = None,
    charset: str | None = None,
    where: str | None = None,
) -> Article:
    """The article in a saved or fetched page: main text, title, date, canonical URL.

    `charset` is the one an HTTP header named, if any; `where` names the page in warning lines
    (default: its URL). Raises SourceError when the page holds no usable article.
    """
    if len(data) > MAX_PAGE_BYTES:
        raise SourceError(f"page larger than {MAX_PAGE_BYTES:,} bytes")
    where = where or url or "page"
    doc = _extract(decode_page(data, where, charset), url, where)
    found = TextCheck(where).fields(
        {
            "text": _str(doc.get("text")) or "",
            "title": _str(doc.get("title")) or "",
            "url": url or _str(doc.get("url")) or "",
            "published_at": _str(doc.get("date")) or "",
        },
        what="page",
    )
    body, title = found["text"].strip(), found["title"].strip() or None
    if not body:
        raise SourceError("no article text found in the page")
    text = body if not title or body.startswith(title) else f"{title}\n\n{body}"
    page_url = found["url"] or None
    fields = {
        "text": text,
        "id": page_url,
        "outlet": outlet or outlet_for(page_url),
        "url": page_url,
        "title": title,
        "lang": lang or lang_code(doc.get("language")),
        "published_at": found["published_at"] or None,
    }
    try:
        # as a file's records are read: a text over MAX_TEXT_CHARS is cut there, an unusable
        # date left blank, each said on a warning line
        return Article.from_dict(fields, warn=lambda reason: warn(where, 0, reason))
    except InputError as exc:
        raise SourceError(str(exc)) from None


def page_text(
    data: bytes, url: str | None = None, charset: str | None = None, where: str | None = None
) -> str | None:
    """Only the main text of a page (None when none is found), made safe like an article's."""
    if len(data) > MAX_PAGE_BYTES:
        return None
    where = where or url or "page"
    text = (_extract(decode_page(data, where, charset), url, where).get("text") or "").strip()
    if not text:
        return None
    return TextCheck(where).fields({"text": text}, what="page")["text"] or None


def page_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes (`<meta charset>`, `<meta http-equiv>`, an
    XML declaration), or None."""
    head = data[:_PRESCAN_BYTES]
    found = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return found.group(1).decode("ascii") if found else None


def decode_page(data: bytes, where: str, charset: str | None = None) -> str:
    """A page's text: `charset` (from HTTP) or the page's own declaration when the bytes fit it,
    else what `textenc` detects (a warning line says so). A meta tag that names UTF-16 is read as
    UTF-8, as browsers do: a page that could say so in ASCII is not UTF-16."""
    declared = charset or page_charset(data)
    if declared and declared.lower().replace("_", "-").startswith("utf-16"):
        declared = "utf-8"
    text, found = textenc.decode(data, declared)
    if found.guessed:
        warn(where, 0, guessed_line("page", declared, found))
    # lxml refuses a str that holds control characters or an XML declaration naming an encoding
    text, removed = textenc.scrub(text)
    if removed:
        warn(where, 0, f"{removed} control characters or lone surrogates in the page removed")
    return _XML_DECLARATION.sub("", text, count=1).lstrip("\ufeff")


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _extract(html: str, url: str | None, where: str) -> dict[str, Any]:
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - a dependency, but say how to fix a broken install
        raise InputError("reading HTML pages needs trafilatura: pip install trafilatura") from None
    tree = _parse_html(html, where)
    if tree is None:
        return {}
    from trafilatura.settings import set_date_params

    # Dates from the page's metadata and markup only: htmldate's extensive search over the text
    # hands odd strings to dateparser, whose first call in a process compiles the patterns of
    # every locale (10-30 s here), and it guesses more often than it finds a publication date.
    doc = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_tables=False,
        date_extraction_params=set_date_params(False),
    )
    if doc is None:
        return {}
    if hasattr(doc, "as_dict"):
        doc = doc.as_dict()
    return dict(doc)


def _parse_html(html: str, where: str) -> Any:
    """The page's lxml tree (trafilatura's own parser settings, plus the huge mode's depth), or
    None for a document libxml2 finds empty."""
    from lxml import etree
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser(
        huge_tree=True, collect_ids=False, default_doctype=False, remove_comments=True,
        remove_pis=True, no_network=True,
    )
    try:
        tree = lxml_html.document_fromstring(html, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    if deepest >= MAX_DEPTH - _DEPTH_MARGIN:
        warn(where, 0, f"elements nested {MAX_DEPTH:,} deep: the page's text after that point is"
             " not read")
    return tree


def url_key(url: str) -> str:
    """What makes two spellings of an article URL the same page: host without www, path, query."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # "http://[::1": no page has it as its URL
        return url.strip()
    host = (parts.hostname or "").lower().removeprefix("www.")
    key = host + parts.path.rstrip("/")
    return key + ("?" + parts.query if parts.query else "")


def page_index(folder: str | Path) -> dict[str, Path]:
    """Saved pages in a folder by the URL they declare (canonical link or og:url)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder")
    found: dict[str, Path] = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or suffix(path) not in HTML_SUFFIXES:
            continue
        try:
            head = read_bytes(path, 1 << 18, truncate=True)
        except SourceError:
            continue
        for pattern in _CANONICAL:
            tag = pattern.search(head)
            href = _HREF.search(tag.group(0)) if tag else None
            if href:
                found.setdefault(url_key(href.group(1).decode("utf-8", "replace")), path)
                break
    return found
