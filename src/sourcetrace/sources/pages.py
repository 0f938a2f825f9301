"""Article pages, saved or fetched: the main text, title, date and canonical URL (trafilatura),
and a folder of saved pages found by the URL each declares."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import InputError
from ..records import Article
from .fetch import MAX_PAGE_BYTES, SourceError
from .files import HTML_SUFFIXES, read_bytes, suffix
from .fill import lang_code, outlet_for

_CANONICAL = (
    re.compile(rb"""<link\b[^>]*\brel=["']?canonical["']?[^>]*>""", re.IGNORECASE),
    re.compile(rb"""<meta\b[^>]*\bproperty=["']?og:url["']?[^>]*>""", re.IGNORECASE),
)
_HREF = re.compile(rb"""\b(?:href|content)=["']([^"']+)["']""", re.IGNORECASE)


def page_article(
    data: bytes,
    *,
    url: str | None = None,
    outlet: str | None = None,
    lang: str | None = None,
) -> Article:
    """The article in a saved or fetched page: main text, title, date, canonical URL."""
    if len(data) > MAX_PAGE_BYTES:
        raise SourceError(f"page larger than {MAX_PAGE_BYTES:,} bytes")
    doc = _extract(data, url)
    body = (doc.get("text") or "").strip()
    if not body:
        raise SourceError("no article text found in the page")
    title = (doc.get("title") or "").strip() or None
    text = body if not title or body.startswith(title) else f"{title}\n\n{body}"
    page_url = url or doc.get("url") or None
    try:
        return Article.from_dict(
            {
                "text": text,
                "id": page_url,
                "outlet": outlet or outlet_for(page_url),
                "url": page_url,
                "title": title,
                "lang": lang or lang_code(doc.get("language")),
                "published_at": doc.get("date") or None,
            }
        )
    except InputError as exc:
        raise SourceError(str(exc)) from None


def page_text(data: bytes, url: str | None = None) -> str | None:
    """Only the main text of a page (None when none is found)."""
    if len(data) > MAX_PAGE_BYTES:
        return None
    text = (_extract(data, url).get("text") or "").strip()
    return text or None


def _extract(data: bytes, url: str | None) -> dict[str, Any]:
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - a dependency, but say how to fix a broken install
        raise InputError("reading HTML pages needs trafilatura: pip install trafilatura") from None
    doc = trafilatura.bare_extraction(
        data, url=url, with_metadata=True, include_comments=False, include_tables=False
    )
    if doc is None:
        return {}
    if hasattr(doc, "as_dict"):
        doc = doc.as_dict()
    return dict(doc)


def url_key(url: str) -> str:
    """What makes two spellings of an article URL the same page: host without www, path, query."""
    parts = urlsplit(url.strip())
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
