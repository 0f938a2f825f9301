"""RSS, Atom and RDF feeds: the feeds.toml list, and a feed document's entries as articles.

Feeds are parsed with feedparser, behind two guards: the document is decoded, checked and
re-encoded first (`xmldoc`: a document that declares XML entities is refused before any parser
sees it, since the entity-expansion "billion laughs" and quadratic blow-up attacks need them and
no real feed does), and the strict parser feedparser uses is defusedxml's, whose refusals are
caught. feedparser is given the bytes in a stream, never as a string it might take for a file
name or URL. An entry that carries only a summary takes its page's main text when the caller can
give it. Nothing here raises for one bad entry: it gets one `Problem` line and the others go on;
a document no parser accepts raises SourceError, one line for the whole feed.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from html.entities import html5
from pathlib import Path
from typing import Any

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10 (tomli is what became tomllib)
    import tomli as tomllib

from .. import textenc
from ..dates import UnknownZone, parse_datetime
from ..errors import InputError
from ..readers import NOTE, WARNING, Problem, ProblemHandler, html_to_text
from ..records import Article
from .clean import TextCheck, warn
from .fetch import SourceError, http_url
from .fill import lang_code, outlet_for
from .urls import without_tracking
from .xmldoc import safe_xml

# Other encodings tried when a multi-byte one broke a document's XML (each costs one parse).
_REREAD_TRIES = 3
_ENTRY_TAG = re.compile(rb"<(?:[\w-]+:)?(?:item|entry)[\s>/]")
# The tags of HTML's text and block elements, and its named and numeric references: what
# `feed_text` takes for markup escaped twice.
_HTML_TAG = re.compile(
    r"</?(?:a|abbr|b|big|blockquote|br|cite|code|del|div|em|figcaption|figure|font|h[1-6]|hr|i|img"
    r"|ins|li|mark|ol|p|pre|q|s|small|span|strong|sub|sup|table|tbody|td|th|thead|tr|u|ul)"
    r"(?:\s[^<>]{0,500})?/?>", re.IGNORECASE)
_HTML_REF = re.compile(r"&(?:([A-Za-z][A-Za-z0-9]{1,31})|(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}));")
_ENTRY_END = re.compile(rb"</(?:[\w-]+:)?(?:item|entry)\s*>")
_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]{0,99})[\s>/]")  # the first element's name


@dataclass(frozen=True)
class Feed:
    """One public feed of an outlet in the registry."""

    outlet: str
    lang: str | None
    url: str
    name: str | None = None


def load_feeds(path: str | Path, outlets: Iterable[str] | None = None) -> list[Feed]:
    """The feeds listed in a feeds.toml (`[[feed]]` tables), optionally only some outlets'."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: invalid TOML ({exc})") from None
    raw = data.get("feed")
    if not isinstance(raw, list) or not raw:
        raise InputError(f"{path}: no [[feed]] tables (each with outlet, lang and url)")
    feeds = []
    for number, item in enumerate(raw, 1):
        where = f"{path}: feed {number}"
        if not isinstance(item, dict):
            raise InputError(f"{where}: not a table")
        outlet, url, lang = item.get("outlet"), item.get("url"), item.get("lang")
        if not isinstance(outlet, str) or not outlet.strip():
            raise InputError(f"{where}: missing 'outlet' (an outlet id from the registry)")
        if not isinstance(url, str) or not http_url(url):
            raise InputError(f"{where}: 'url' must be an http(s) URL")
        if lang is not None and not isinstance(lang, str):
            raise InputError(f"{where}: 'lang' must be a language code")
        name = item.get("name")
        feeds.append(
            Feed(outlet.strip().lower(), lang, url, name if isinstance(name, str) else None)
        )
    if outlets is not None:
        wanted = {o.strip().lower() for o in outlets}
        unknown = wanted - {f.outlet for f in feeds}
        if unknown:
            raise InputError(f"{path}: no feeds for outlet {', '.join(sorted(unknown))}")
        feeds = [f for f in feeds if f.outlet in wanted]
    return feeds


@functools.lru_cache(maxsize=1)
def _feedparser() -> Any:
    import feedparser
    import feedparser.api

    # feedparser's strict parser is the SAX parser named first here: defusedxml's refuses
    # entity declarations and external references even if check_xml were bypassed.
    feedparser.api.PREFERRED_XML_PARSERS = ["defusedxml.expatreader"]
    return feedparser


def parse_feed(
    data: bytes,
    where: str,
    on_problem: ProblemHandler,
    *,
    outlet: str | None = None,
    lang: str | None = None,
    base_url: str | None = None,
    page_text: Callable[[str], str | None] | None = None,
    charset: str | None = None,
    known_text: Callable[[str], str | None] | None = None,
) -> Iterator[Article]:
    """Articles of an RSS, Atom or RDF document; raises SourceError when it is not a usable feed.

    `charset` is the one an HTTP header named, if any. `page_text(link)` may return the main text
    of an entry's page; it is asked only for entries that carry a summary and no full content.
    `known_text(link)` may return the indexed text of an article at that link: a summary-only
    entry is then compared like with like (`_summary_entry`).
    """
    if not data.strip():
        raise SourceError("an empty file: no feed")
    document, found = safe_xml(data, where, charset)
    parsed = _parse(document, base_url)
    if _malformed(parsed) and textenc.legacy_multibyte(found.encoding):
        document, parsed = _reread(data, where, charset, base_url, found.encoding, document, parsed)
    error = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not parsed.entries:
        if error is not None or not parsed.get("version"):
            raise SourceError(f"not an RSS or Atom feed{_why(error)}")
        # said, not counted: trial 110's empty.rss was silent among other feeds
        on_problem(Problem(where, 0, "a feed with no entries (no <item> or <entry>): nothing to index", NOTE))
        return
    lines = _entry_lines(document)
    entries = parsed.entries
    if error is not None and _is_syntax_error(error):
        # feedparser's tolerant parser read what it could: records are lost only when the
        # document stops before its end (the entry it stops in is cut short: left out too) or
        # holds entries that parser did not find
        whole = _ends_whole(document)
        if whole and len(entries) >= len(lines):
            on_problem(Problem(where, _error_line(error), f"malformed XML{_why(error)}; all"
                               f" {len(entries)} entries read by the tolerant parser", NOTE))
        else:
            # what was kept is said (a NOTE), and each entry left out is one record skipped:
            # trial 110's truncated feed said "entries read up to here, entry 3 cut short —
            # skipped", read as the whole feed skipped, where its 2 complete entries were indexed
            closed = len(entries) if whole else min(len(entries), len(_ENTRY_END.findall(document)))
            entries = entries[:closed]
            stop = _error_line(error)
            ends = "" if whole else "; the document stops short of its end"
            on_problem(Problem(where, stop, f"malformed XML{_why(error)}{ends}: {_entries(closed)} before"
                               " this line read and kept", NOTE))
            for number in range(closed + 1, max(len(lines), closed) + 1):
                on_problem(Problem(where, lines[number - 1], f"entry {number}: cut short or unreadable (the"
                                   f" malformed XML at line {stop})"))
    feed_lang = lang_code(parsed.feed.get("language")) or lang
    check = TextCheck(where)
    full_text = full_text_keys(parsed.get("namespaces") or {})
    feed_outlet = None if outlet else feed_outlet_for(parsed.feed)
    unknown_hosts: set[str] = set()
    for number, entry in enumerate(entries, 1):
        line = lines[number - 1] if number <= len(lines) else 0
        try:
            fields = _entry_fields(entry, outlet, feed_lang, page_text, known_text, full_text, feed_outlet)
            host = _unknown_host(fields, feed_outlet)
            if host is not None and host not in unknown_hosts:
                # trial 122: a radiosputnik.ru item in ria.ru's feed became "ria" unsaid
                unknown_hosts.add(host)
                on_problem(Problem(where, line, f"entry {number}: its link's domain {host} is not in the"
                                   f" outlet registry; indexed as the feed's outlet, {feed_outlet}"
                                   " (--outlet names another)", NOTE))
            # as a file's records are read: a text over MAX_TEXT_CHARS is cut there and an
            # unusable date left blank, each with a warning line, the entry kept (trial 106's
            # 3.15M-character item was skipped, where README says it is indexed in part)
            article = Article.from_dict(check.fields(fields, line, f"entry {number}"),
                                        warn=_entry_warning(on_problem, where, line, number))
        except InputError as exc:
            on_problem(Problem(where, line, f"entry {number}: {exc}"))
            continue
        yield article
    check.close()


def _unknown_host(fields: Mapping[str, Any], feed_outlet: str | None) -> str | None:
    """The host of an entry's link when the entry was given the feed's outlet because the
    registry knows no outlet at that host (a feed's own domain is known: its host is another)."""
    url = fields.get("url")
    if feed_outlet is None or fields.get("outlet") != feed_outlet or not isinstance(url, str):
        return None
    if outlet_for(url) is not None:
        return None
    return urllib.parse.urlsplit(url).hostname or None


def feed_outlet_for(feed: Mapping[str, Any]) -> str | None:
    """The registry's outlet for a feed's own domain (RSS channel `<link>`, Atom feed links, the
    "self" link included): the outlet of an entry whose link names none, or that has no link
    (trial 110: an item with no link, one with only a guid, were indexed with no outlet)."""
    hrefs = [feed.get("link")] + [link.get("href") for link in feed.get("links") or []
                                  if isinstance(link, Mapping)]
    for href in hrefs:
        if isinstance(href, str) and http_url(href):
            found = outlet_for(href)
            if found is not None:
                return found
    return None


def _entry_warning(on_problem: ProblemHandler, where: str, line: int, number: int) -> Callable[[str], None]:
    """What `Article.from_dict` says of an entry kept with a field cut or blanked, as a WARNING."""
    return lambda reason: on_problem(Problem(where, line, f"entry {number}: {reason}", WARNING))


def _entries(n: int) -> str:
    return f"{n:,} {'entry' if n == 1 else 'entries'}"


def _reread(
    data: bytes, where: str, charset: str | None, base_url: str | None, tried: str,
    document: bytes, parsed: Any,
) -> tuple[bytes, Any]:
    """The document read in another encoding when the multi-byte one it was read in broke its
    XML (a second byte that is "]" or "<"), and that one makes it well-formed; else as it was."""
    for other in textenc.alternatives(data, tried)[:_REREAD_TRIES]:
        try:
            again, _ = safe_xml(data, where, charset, encoding=other)
            retry = _parse(again, base_url)
        except (SourceError, UnicodeError, LookupError):
            continue
        if not _malformed(retry):
            warn(where, 0, f"the document is not well-formed XML read as {tried}; read as {other},"
                 " in which it is")
            return again, retry
    return document, parsed


def _malformed(parsed: Any) -> bool:
    return bool(parsed.get("bozo")) and _is_syntax_error(parsed.get("bozo_exception"))


def _parse(document: bytes, base_url: str | None) -> Any:
    """feedparser's result for a document `safe_xml` made; SourceError when the parser refuses."""
    from defusedxml import DefusedXmlException

    feedparser = _feedparser()
    headers = {"content-type": "application/xml; charset=utf-8"}
    if base_url:
        headers["content-location"] = base_url
    try:
        # A stream: given bytes, feedparser would first try them as a file name (b"/etc/passwd").
        # Its HTML sanitizer and relative-link rewriting are off: only the text is kept here, and
        # both are extra passes of a parser that takes quadratic time on "<!--" repeated.
        return feedparser.parse(
            io.BytesIO(document), response_headers=headers, sanitize_html=False,
            resolve_relative_uris=False,
        )
    except DefusedXmlException as exc:
        # xmldoc refuses every entity declaration first; defusedxml is the second guard
        raise SourceError(f"refused by the XML parser ({exc.__class__.__name__})") from None
    except (ValueError, LookupError, RecursionError, OverflowError) as exc:
        raise SourceError(f"not a usable feed ({exc.__class__.__name__}: {_why(exc)[2:-1]})") from None


def _why(error: Any) -> str:
    if error is None:
        return ""
    message = getattr(error, "getMessage", None)
    text = message() if callable(message) else str(error)
    return f" ({' '.join(str(text).split())[:200]})"


def _is_syntax_error(error: Any) -> bool:
    import xml.sax

    return isinstance(error, xml.sax.SAXException)


def _error_line(error: Any) -> int:
    getter = getattr(error, "getLineNumber", None)
    try:
        return int(getter()) if callable(getter) else 0
    except (TypeError, ValueError):
        return 0


def _ends_whole(document: bytes) -> bool:
    """Whether the document ends with the end tag of its root element (`</rss>`, `</feed>`,
    `</rdf:RDF>`): a feed cut short in transfer does not."""
    root = _ROOT.search(document)
    tail = document[-1024:].rstrip()
    return root is not None and re.search(rb"</" + re.escape(root.group(1)) + rb"\s*>\Z", tail) is not None


def _entry_lines(data: bytes) -> list[int]:
    """Line of each <item>/<entry> start tag, in order (for problem lines)."""
    lines, line, last = [], 1, 0
    for match in _ENTRY_TAG.finditer(data):
        line += data.count(b"\n", last, match.start())
        last = match.start()
        lines.append(line)
    return lines


def _struct_time_iso(value: Any) -> str | None:
    if not value:
        return None
    try:
        return datetime(*value[:6]).replace(tzinfo=timezone.utc).isoformat()
    except (TypeError, ValueError):
        return None


def _field(entry: Mapping[str, Any], key: str) -> Any:
    # dict.get: feedparser's own get warns, mapping "updated" to "published" (its issue 310)
    return dict.get(entry, key) if isinstance(entry, dict) else entry.get(key)


def entry_date(entry: Mapping[str, Any]) -> str | None:
    """An entry's publication date as ISO 8601 (its offset kept), or None when it names none.

    The date as the feed writes it (`published`, else `updated`) is read by the package's own
    reader, `dates.parse_datetime`, as a file's dates are: feedparser's parse reads RFC 822's
    "CST" as US Central (UTC-6), while Chinese outlets mean China Standard Time (UTC+8), so a
    CNS item was stored 14 hours late (trial 106). feedparser's parse (UTC) is used only for a
    date that reader refuses, except one naming a zone it does not know ("08:25 XYZ"), which
    feedparser reads as UTC: that one is returned as written, for `Article.from_dict` to leave
    blank with a warning. Plausibility is `Article.from_dict`'s to check.

    feedparser's parse is taken only for a date written with other than ASCII (Greek, Korean
    month names): an ASCII date that reader refuses is malformed, and feedparser's reading of it
    is a guess (trial 110: "2026-11-110T10:00:00+08:00" was stored as 2026-11-11T00:00).
    A date nothing reads ("Tue, 31 Nov 2026") is returned as written too, to be blanked with a
    warning, not blanked in silence.
    """
    for raw_key, parsed_key in (("published", "published_parsed"), ("updated", "updated_parsed")):
        raw = _field(entry, raw_key)
        if isinstance(raw, str) and raw.strip():
            try:
                found = parse_datetime(raw)
            except UnknownZone:
                return raw.strip()
            except InputError:
                found = None if not raw.isascii() else raw.strip()
            if found is None:
                found = _struct_time_iso(_field(entry, parsed_key)) or raw.strip()
            return found
        found = _struct_time_iso(_field(entry, parsed_key))
        if found is not None:
            return found
    return None


def feed_text(fragment: str) -> str:
    """The plain text of an entry's title, summary or content (`readers.html_to_text`, as
    feedparser gives them: HTML, or plain text with its "<" and "&" escaped), decoded once more
    when it still holds HTML markup or references ("Wushu <b>championships</b>", "carb&oacute;n"):
    the feed escaped its HTML twice (`&amp;lt;b&amp;gt;`), a common publisher's mistake; no
    headline or article means those tags or references as words."""
    text = html_to_text(fragment)[0]
    if _HTML_TAG.search(text) or any(
        numeric or f"{name};" in html5 for name, numeric in _HTML_REF.findall(text)
    ):
        text = html_to_text(text)[0]
    return text


# Full-text elements outside RSS and Atom, by namespace: Yandex's news feeds' `yandex:full-text`
# (RT, RIA, TASS and most Russian outlets write the article there and only a lead in
# `<description>`: trial 110 indexed title and lead) and Yandex Turbo's `turbo:content`.
# feedparser keeps an element of a namespace it does not know under "<prefix>_<name>", the
# prefix as the document binds it. (`content:encoded` and Atom `<content>` are its `content`.)
_FULL_TEXT_ELEMENTS = {
    "http://news.yandex.ru": "full-text",
    "http://turbo.yandex.ru": "content",
}


def full_text_keys(namespaces: Mapping[str, str]) -> tuple[str, ...]:
    """The keys under which feedparser keeps a document's full-text elements (`namespaces` is
    feedparser's prefix -> URI of the document), the usual prefixes included."""
    keys = {"yandex_full-text", "turbo_content"}
    for prefix, uri in namespaces.items():
        name = _FULL_TEXT_ELEMENTS.get(str(uri).strip().rstrip("/"))
        if name and prefix:
            keys.add(f"{prefix.lower()}_{name}")
    return tuple(sorted(keys))


# The "read more" link a feed appends to each entry's summary or content, as its last words:
# RT's "Read Full Article at RT.com" (trial 122: stored as the article's last sentence, so the
# same story indexed from its text was not recognised), WordPress's "The post TITLE appeared
# first on SITE.", and the usual tails in the languages of the outlets indexed. Taken off only
# as a text's own last unit (after a sentence's end, a line break, "…" or nothing), so that
# "рассказал подробнее." keeps its last word.
_READ_MORE = re.compile(
    r"(?:\A|(?<=[.!?…»\"'”)\]:。！？」])|(?<=\n))[\s\[(]*(?:"
    r"read (?:the )?(?:full|whole|entire) (?:article|story|text)(?: (?:at|on) [\w.-]{1,60})?"
    r"|read more(?: (?:at|on) [\w.-]{1,60})?|continue reading(?: (?:at|on) [\w.-]{1,60})?"
    r"|the post .{1,300}? appeared first on .{1,100}?"
    r"|читать (?:далее|полностью|дальше)|подробнее(?: на [\w.-]{1,60})?"
    r"|leer más|seguir leyendo|lire la suite|weiterlesen|leia mais|continua a leggere"
    r"|阅读全文|查看全文|閱讀全文|اقرأ المزيد"
    r")[\s.…»>→\])]*\Z",
    re.IGNORECASE,
)


def without_read_more(text: str) -> str:
    """`text` without a feed's "read more" tail (`_READ_MORE`), the space before it too."""
    found = _READ_MORE.search(text)
    return text[: found.start()].rstrip() if found else text


def entry_texts(entry: Mapping[str, Any], full_text: Iterable[str] = ()) -> tuple[str, str]:
    """(content, summary) of an entry as plain text (`feed_text`), "" where it has none.

    The content is the longest of the entry's `content` values (`content:encoded`, Atom
    `<content>`) and the full-text elements kept under the keys `full_text` names.

    Each is taken without the feed's "read more" tail (`without_read_more`).

    The summary is the entry's own (RSS `description`, Atom `summary`): feedparser also copies an
    entry's content into `summary` when the entry has none, so a summary equal to a content value
    is that copy, and counts as no summary (trial 106: 60 Atom entries carrying their full
    `<content>` each had their page fetched, since the "summary" was as long as the content).
    """
    contents = [c.get("value") or "" for c in entry.get("content") or [] if isinstance(c, Mapping)]
    contents += [value for key in full_text if isinstance(value := _field(entry, key), str)]
    raw = entry.get("summary") or ""
    bodies = [without_read_more(feed_text(value)) for value in contents if value.strip()]
    body = max(bodies, key=len) if bodies else ""
    return body, "" if raw in contents else without_read_more(feed_text(raw))


def summary_only(body: str, summary: str) -> bool:
    """Whether an entry carries no full text, only a summary or a title: no content, or content no
    longer than its own summary (a teaser repeated in `content:encoded`)."""
    return not body or len(body) <= len(summary)


# What ends a summary cut short: "…", "...", "[…]", "(...)", and the space before them.
_CUT_MARK = re.compile(r"[\s\[(]*(?:…|\.\.\.)[\s\])]*\Z")


def _plain(text: str) -> str:
    """`text` as `_holds` compares it: NFKC, case-folded, without whitespace (a page's text and a
    feed's summary of it break lines and indent differently, the full-width space "　" too)."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def _holds(indexed: str, part: str | None) -> bool:
    """Whether the indexed text holds `part` (a title, a summary with its "…" or "..." mark of a
    cut taken off), whitespace, width and case aside."""
    if not part:
        return True
    return _plain(_CUT_MARK.sub("", part)) in _plain(indexed)


def _summary_entry(
    link: str | None,
    title: str | None,
    summary: str,
    page_text: Callable[[str], str | None] | None,
    known_text: Callable[[str], str | None] | None,
) -> str | None:
    """The text of a summary-only entry, or None when only its summary (or title) is had.

    The text is the page's main text after the title. For an entry whose link is indexed
    (`known_text`), the text is compared like with like: while the indexed text holds the entry's
    title and summary, the feed shows no edit and the indexed text stands for it (its page is
    not asked for again); otherwise its page is asked for and that text is compared with the
    indexed one, a page text. Trial 106: the second fetch's 22 known CNS entries gave their
    short summaries, compared with the page texts indexed, and were all reported as edited.
    Where the page of a known entry is not had, the indexed text stands too: a summary is no
    evidence of an edit to a page.
    """
    indexed = known_text(link) if known_text is not None and link else None
    if indexed is not None and _holds(indexed, title) and _holds(indexed, summary):
        return indexed
    page = page_text(link) if page_text is not None and link else None
    if page is None:
        return indexed
    return page if not title or page.startswith(title) else f"{title}\n\n{page}"


def _entry_fields(
    entry: Mapping[str, Any],
    outlet: str | None,
    lang: str | None,
    page_text: Callable[[str], str | None] | None,
    known_text: Callable[[str], str | None] | None = None,
    full_text: Iterable[str] = (),
    feed_outlet: str | None = None,
) -> dict[str, Any]:
    """An entry's article fields, by name (`Article.from_dict` makes and checks the article).
    A link that is no web address is none: feedparser gives an entry without <link> its id as
    one ("urn:rt:1", trial 111), which is no page to show or to fetch."""
    link = entry.get("link") or None
    if link is not None and not http_url(link):
        link = None
    if link is not None:  # RT's "?utm_source=rss&utm_medium=rss": no part of the article's address
        link = without_tracking(link)
    title = feed_text(entry.get("title") or "") or None
    body, summary = entry_texts(entry, full_text)
    text = None
    if summary_only(body, summary):
        text = _summary_entry(link, title, summary, page_text, known_text)
        if text is None:
            body = summary or body
    if text is None:
        text = body
        if title and not body.startswith(title):
            text = f"{title}\n\n{body}" if body else title
    guid = entry.get("id") or link
    outlet = outlet or outlet_for(link) or (outlet_for(guid) if guid and http_url(guid) else None) or feed_outlet
    ident = None
    if guid:
        ident = guid if http_url(guid) else f"{outlet or 'feed'}:{guid}"
    return {
        "text": text,
        "id": ident,
        "outlet": outlet,
        "url": link,
        "title": title,
        "lang": lang,
        "published_at": entry_date(entry),
    }
