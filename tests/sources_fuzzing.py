"""Fuzzing the article sources: hypothesis strategies for hostile feeds (RSS 2.0, Atom, RDF; broken
XML; entity tricks; every encoding, declared or not, right or wrong), hostile saved pages (HTML
through trafilatura) and hostile HTTP servers, and the checks every generated input must pass.

Shared by tests/test_fuzz_sources.py (a short fixed budget in the suite) and
scripts/fuzz_sources.py (the long run). A check returns an `Outcome`; it raises only for what
the harness counts as a traceback (any exception but the documented SourceError).

Valid records: every generated feed holds 1-3 valid items (a marker sentence in ASCII, so that
any decoding keeps it) among hostile ones whose markup is closed, and every page a valid article
of marker paragraphs among hostile elements. A valid item or page whose marker does not come out
is "lost". Documents made invalid on purpose (mutated bytes, entity declarations) are checked
only for tracebacks, hangs and unsafe text.
"""

from __future__ import annotations

import functools
import random
import time
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from hypothesis import strategies as st

from sourcetrace.readers import Problem
from sourcetrace.sources import Fetcher, SourceError, page_article, parse_feed
from sourcetrace.textenc import scrub

from .hostile_http import Behaviour, HostileServer

CODECS = ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "gbk", "big5", "shift_jis", "cp1251",
          "latin-1", "euc_kr"]
NATIVE = {
    "gbk": "经济学者在座谈会上表示，国有企业改革为今天的市场化打下了基础。",
    "big5": "經濟學者在座談會上表示，國有企業改革為今天的市場化打下了基礎。",
    "shift_jis": "東京都は新しい経済政策を発表し、来年から実施すると述べました。",
    "cp1251": "Правительство объявило о новых мерах поддержки экономики в этом году.",
    "latin-1": "Le gouvernement a annoncé de nouvelles mesures économiques à Paris.",
    "euc_kr": "정부는 오늘 새로운 경제 정책을 발표하고 내년부터 시행한다고 밝혔다.",
}

# Fragments that have broken parsers before, or could: quadratic-time triggers, half-open
# markup, references to what XML forbids, bidi and zero-width controls, huge entities' names.
NASTY = [
    "<!--", "<a", "&lt;a", "<![CDATA[", "]]>", "&", "<", ">", "<x>", "&#xD800;", "&#0;", "&#x1;",
    "&#99999999;", "&nbsp;", "&undefined;", "\x00", "\x01", "\x1b[31m", "\x85", "\u202e", "\u200b",
    "\ufeff", "\ufffe", "\ud800", "\udfff", "<?", "<!", "<!DOCTYPE", "<!ENTITY", "%", "&#", "&#x",
    "<script>", "</script", "<style>", "<p", "</p>", "<br/>", "<div>", "javascript:", "file:///etc/passwd",
    "\r", "\r\n", "\t", "é", "经济", "🙂",
]
# Each of these before the root hides an entity declaration from a naive prolog scan.
ENTITY_TRICKS = [
    '<!DOCTYPE rss [<!ENTITY e "x">]>',
    '<!-- <a -->\n<!DOCTYPE rss [<!ENTITY e "x">]>',
    '<?a <b?>\n<!DOCTYPE rss [<!ENTITY e "x">]>',
    '<!--\n<!ENTITY e "xxxxxxxxxxxxxxxx">\n-->',
    '<![CDATA[\n<!ENTITY e "x">]]>',
    '<!-- <a\n<!ENTITY e "x">\n',
    '<!DOCTYPE rss [<!ENTITY % p "x"> %p;]>',
    '<!DOCTYPE rss [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    '<!DOCTYPE rss [\n<!-- ]> -->\n<!ENTITY e "x">]>',
]


@dataclass
class Limits:
    """How large the hostile parts get. The suite uses these; the long run mostly smaller ones
    (many more inputs per second) and a share at these sizes (super-linear work shows there)."""

    repeat: int = 3000  # times one nasty fragment is repeated
    text: int = 300  # characters of generated text per field
    depth: int = 400  # nesting of elements in a feed item
    page_depth: int = 600  # nesting of elements in a page
    long: int = 5000  # characters of a long attribute or URL


LIMITS = Limits()


def set_limits(**sizes: int) -> None:
    """Change the sizes the strategies draw from (the long run's small and large phases)."""
    for name, value in sizes.items():
        setattr(LIMITS, name, value)


@dataclass
class Outcome:
    """What one input did: records out, valid records lost, seconds, refused (one line)."""

    records: int = 0
    lost: list[str] = field(default_factory=list)
    seconds: float = 0.0
    refused: str | None = None
    unsafe: list[str] = field(default_factory=list)  # records whose text is unsafe to store


class Problems(list):
    def __call__(self, problem: Problem) -> None:
        self.append(problem)


def unsafe_text(value: str | None) -> bool:
    """Whether a stored string would fail SQLite or an output writer, or carries controls."""
    if value is None:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return scrub(value)[1] > 0


# ---- strategies: text --------------------------------------------------------------------------

# Strategies are built once per size and reused: hypothesis validates each new strategy object,
# which costs far more than drawing from it.

@functools.cache
def _repeated(repeat: int) -> st.SearchStrategy[str]:
    return st.builds(lambda s, n: s * n, st.sampled_from(NASTY), st.integers(1, repeat))


def repeated() -> st.SearchStrategy[str]:
    """One nasty fragment repeated up to a few thousand times (super-linear work shows here)."""
    return _repeated(LIMITS.repeat)


@functools.cache
def _hostile_text(max_size: int, repeat: int) -> st.SearchStrategy[str]:
    any_char = st.characters(codec=None)
    return st.one_of(
        st.text(any_char, max_size=max_size),
        st.text(st.one_of(any_char, st.characters(categories=["Cs", "Cc", "Cf"])), max_size=max_size),
        st.lists(st.sampled_from(NASTY), max_size=40).map("".join),
        _repeated(repeat),
    )


def hostile_text(max_size: int | None = None) -> st.SearchStrategy[str]:
    """Any text, lone surrogates and controls included, nasty fragments, or one repeated."""
    max_size = LIMITS.text if max_size is None else min(max_size, LIMITS.text)
    return _hostile_text(max_size, LIMITS.repeat)


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def contained(text: str, how: str) -> str:
    """`text` placed in an element so that it cannot close or open markup around it."""
    return _cdata(text) if how == "cdata" else escape(text)


def attr(text: str) -> str:
    """`text` as a double-quoted attribute value."""
    return escape(text, {'"': "&quot;"})


def marker(n: int, salt: int) -> str:
    return f"Valid item {n}-{salt} reports that the harbour reopened on Monday after the storm."


# ---- strategies: feeds -------------------------------------------------------------------------

@dataclass
class FeedCase:
    data: bytes
    markers: list[str]
    kind: str  # "structured", "entities" or "broken"
    codec: str
    declared: str | None
    native: str | None = None


def _render_item(fmt: str, title: str, link: str, body: str, date: str, extra: str) -> str:
    if fmt == "atom":
        return (f"<entry><title type=\"html\">{title}</title><link href=\"{attr(link)}\"/>"
                f"<id>{escape(link)}</id><updated>{date}</updated><summary type=\"html\">{body}</summary>"
                f"{extra}</entry>")
    tag = "item" if fmt == "rss" else f'item rdf:about="{attr(link)}"'
    when = "pubDate" if fmt == "rss" else "dc:date"
    return (f"<{tag}><title>{title}</title><link>{escape(link)}</link><description>{body}</description>"
            f"<{when}>{date}</{when}>{extra}</item>")


def _render_feed(fmt: str, items: list[str]) -> str:
    body = "".join(items)
    if fmt == "atom":
        return (f'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:x</id>'
                f"<updated>2024-01-02T10:00:00Z</updated>{body}</feed>")
    if fmt == "rdf":
        return ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
                f'<channel rdf:about="https://valid.example/"><title>T</title><link>https://valid.example/</link>'
                f"</channel>{body}</rdf:RDF>")
    return ('<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title>'
            f"<link>https://valid.example/</link>{body}</channel></rss>")


_HOW = st.sampled_from(["escaped", "cdata"])
_LINKS = ["", "javascript:alert(1)", "file:///etc/passwd", "/relative", "data:,x", "http://[::1",
          "https://ok.example/{long}", "\x00"]
_DATES = st.sampled_from(["", "Mon, 99 Foo 2024", "2024-13-45T99:99:99Z", "9" * 400,
                          "Tue, 02 Jan 2024 10:00:00 +0800"])
_EXTRAS = ["", "<x:y xmlns:x=\"urn:x\">u</x:y>", "<enclosure url=\"javascript:alert(1)\"/>",
           "<category term=\"{long}\"/>", "{deep}",
           "<content:encoded>" + _cdata("<p>" * 50 + "x") + "</content:encoded>",
           "<!-- a comment with <tags> in it -->", "<?pi data?>"]


@st.composite
def hostile_item(draw: st.DrawFn, fmt: str) -> str:
    title = contained(draw(hostile_text(120)), draw(_HOW))
    body = contained(draw(hostile_text()), draw(_HOW))
    if draw(st.booleans()):
        link = draw(st.sampled_from(_LINKS)).replace("{long}", "a" * LIMITS.long)
    else:
        link = draw(hostile_text(80))
    date = escape(draw(st.one_of(_DATES, hostile_text(60))))
    extra = draw(st.sampled_from(_EXTRAS))
    if extra == "{deep}":
        depth = draw(st.integers(0, LIMITS.depth))
        extra = "<n>" * depth + "deep" + "</n>" * depth
    extra = extra.replace("{long}", "c" * LIMITS.long)
    return _render_item(fmt, title, link, body, date, extra)


@st.composite
def feed_cases(draw: st.DrawFn, kind: str = "structured") -> FeedCase:
    fmt = draw(st.sampled_from(["rss", "atom", "rdf"]))
    salt = draw(st.integers(0, 10**6))
    codec = draw(st.sampled_from(CODECS))
    native = NATIVE.get(codec) if draw(st.booleans()) else None
    valid_count = draw(st.integers(1, 3))
    markers = [marker(n, salt) for n in range(valid_count)]
    items = [
        _render_item(fmt, f"Valid {n}", f"https://valid.example/{salt}/{n}",
                     escape(m + (" " + native if native else "")), "2024-01-02T10:00:00Z", "")
        for n, m in enumerate(markers)
    ]
    items += draw(st.lists(hostile_item(fmt), max_size=4))
    order = draw(st.permutations(range(len(items))))
    text = _render_feed(fmt, [items[i] for i in order])
    declared: str | None = draw(st.sampled_from([None, codec, "utf-8", "iso-8859-1", "gb2312", "utf-16"]))
    prolog = f'<?xml version="1.0" encoding="{declared}"?>\n' if declared else draw(
        st.sampled_from(['<?xml version="1.0"?>\n', ""]))
    if kind == "entities":
        prolog += draw(st.sampled_from(ENTITY_TRICKS)) + "\n"
        if draw(st.booleans()):  # a reference too, as an attack would
            text = text.replace("Valid 0", "Valid 0 &e;", 1)
    data = (prolog + text).encode(codec, errors="xmlcharrefreplace")
    if codec.startswith("utf-16") and codec != "utf-16" and draw(st.booleans()):
        data = ("\ufeff" + prolog + text).encode(codec, errors="xmlcharrefreplace")
    if kind == "broken":
        data = draw(mutated(data))
    return FeedCase(data, markers, kind, codec, declared, native)


def mutate(data: bytes, rng: random.Random) -> bytes:
    """`data` damaged 1-4 times: cut, a byte flipped, bytes inserted, deleted or duplicated, a
    nasty fragment inserted. Plain `random`, so that the long run can make many cheaply."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.choice(["cut", "flip", "insert", "delete", "dup", "nasty"])
        at = rng.randint(0, max(0, len(out) - 1))
        if op == "cut":
            del out[at:]
        elif op == "flip" and out:
            out[at] = rng.randint(0, 255)
        elif op == "insert":
            out[at:at] = rng.randbytes(rng.randint(0, 64))
        elif op == "delete":
            del out[at:at + rng.randint(1, 200)]
        elif op == "dup":
            out[at:at] = out[at:at + rng.randint(1, 2000)] * rng.randint(1, 20)
        else:
            out[at:at] = rng.choice(NASTY).encode("utf-8", "surrogatepass")
    return bytes(out)


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """`mutate` with hypothesis's random source (reproducible and shrinkable)."""
    return mutate(data, draw(st.randoms(use_true_random=False)))


def check_feed(case: FeedCase) -> Outcome:
    """Parse one generated feed; see the module docstring for what counts as lost."""
    problems = Problems()
    outcome = Outcome()
    started = time.perf_counter()
    try:
        articles = list(parse_feed(case.data, "fuzz.xml", problems))
    except SourceError as exc:
        articles = []
        outcome.refused = str(exc)
        assert "\n" not in outcome.refused
    outcome.seconds = time.perf_counter() - started
    outcome.records = len(articles)
    outcome.unsafe = [a.id for a in articles
                      if any(unsafe_text(v) for v in (a.text, a.title, a.url, a.id, a.outlet, a.lang))]
    if case.kind == "structured":
        texts = "\n".join(a.text for a in articles)
        outcome.lost = [m for m in case.markers if m not in texts]
    elif case.kind == "entities" and outcome.refused is None:
        outcome.lost = ["an entity declaration was not refused"]
    return outcome


# ---- strategies: pages -------------------------------------------------------------------------

@dataclass
class PageCase:
    data: bytes
    markers: list[str]
    kind: str  # "structured" or "broken"
    codec: str
    charset: str | None  # as an HTTP header would give it


HOSTILE_ELEMENTS = [
    "<script>var s = '</p><p>' + \"<!--\";</script>", "<style>p{}</style>", "<!-- comment <p> -->",
    "<iframe src=\"file:///etc/passwd\"></iframe>", "<img src=x onerror=alert(1)>",
    "<form><input value=\"x\"></form>", "<base href=\"file:///\">", "<svg><script>1</script></svg>",
    "<math><mi>x</mi></math>", "<template><p>hidden</p></template>", "<noscript>js off</noscript>",
    "<table><tr><td>cell</td></tr></table>", "<object data=\"file:///etc/passwd\"></object>",
]


@st.composite
def hostile_element(draw: st.DrawFn) -> str:
    choice = draw(st.integers(0, 4))
    if choice == 0:
        return draw(st.sampled_from(HOSTILE_ELEMENTS))
    if choice == 1:
        return f"<div>{escape(draw(hostile_text()))}</div>"
    if choice == 2:
        depth = draw(st.integers(1, LIMITS.page_depth))
        return "<div>" * depth + escape(draw(hostile_text(40))) + "</div>" * depth
    if choice == 3:
        return f"<span title=\"{attr(draw(hostile_text()))}\">x</span>"
    # JSON-LD metadata, where a "\\ud800" escape becomes a lone surrogate for a JSON parser
    # ("<" escaped as sites do: a "</script>" in it would end the element, and what follows could
    # open a <style> that swallows the article: hostile structure, not contained content)
    junk = (draw(hostile_text()).encode("unicode_escape").decode("ascii", "replace")
            .replace('"', "").replace("<", "\\u003c"))
    return ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "' + junk
            + '", "author": {"name": "\\ud800"}}</script>')


@st.composite
def page_cases(draw: st.DrawFn, kind: str = "structured") -> PageCase:
    salt = draw(st.integers(0, 10**6))
    codec = draw(st.sampled_from(CODECS))
    native = NATIVE.get(codec, "")
    markers = [marker(n, salt) for n in range(draw(st.integers(1, 3)))]
    # Each marker with a second paragraph: an article shorter than trafilatura's minimum
    # (MIN_EXTRACTED_SIZE, 250 characters) sends it to whole-page fallbacks that take the
    # largest block of text, hostile or not; real articles are longer.
    paragraphs = [
        f"<p>{m} Officials said ships queued outside the port for two days while engineers checked "
        f"the cranes and the quay walls. {native}</p><p>Berth {n} of port {salt} will be inspected"
        " again on Friday morning, before more container ships are allowed to come alongside.</p>"
        for n, m in enumerate(markers)
    ]
    inside = paragraphs + draw(st.lists(hostile_element(), max_size=3))
    order = draw(st.permutations(range(len(inside))))
    head = "".join(draw(st.lists(st.sampled_from([
        "<meta charset=\"utf-8\">", f"<meta charset=\"{codec}\">", "<meta charset=\"gb2312\">",
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">",
        "<link rel=\"canonical\" href=\"javascript:alert(1)\">", "<meta property=\"og:url\" content=\"file:///x\">",
    ]), max_size=2)))
    # hostile parts outside the article sit where pages keep boilerplate: a free-standing block
    # larger than the article would be the page's main text to any extractor
    around = "".join(draw(st.lists(hostile_element(), max_size=2)))
    html = (f"<!DOCTYPE html><html><head>{head}<title>Valid page {salt}</title></head><body>"
            f"<nav><a href=\"/\">Home</a></nav><aside>{around}</aside><article><h1>Valid page {salt}</h1>"
            + "".join(inside[i] for i in order) + f"</article><footer>{around}</footer></body></html>")
    data = html.encode(codec, errors="xmlcharrefreplace")
    charset = draw(st.sampled_from([None, None, codec, "utf-8"]))
    if kind == "broken":
        data = draw(mutated(data))
    return PageCase(data, markers, kind, codec, charset)


def check_page(case: PageCase) -> Outcome:
    outcome = Outcome()
    started = time.perf_counter()
    try:
        article = page_article(case.data, url="https://valid.example/page", charset=case.charset,
                               where="fuzz.html")
    except SourceError as exc:
        article = None
        outcome.refused = str(exc)
        assert "\n" not in outcome.refused
    outcome.seconds = time.perf_counter() - started
    if article is not None:
        outcome.records = 1
        if any(unsafe_text(v) for v in (article.text, article.title, article.url, article.id)):
            outcome.unsafe = [article.id]
    if case.kind == "structured":
        text = article.text if article is not None else ""
        outcome.lost = [m for m in case.markers if m not in text]
    return outcome


# ---- strategies: hostile HTTP ------------------------------------------------------------------

SECRET = b"SECRET-LOCAL-FILE-CONTENT"


@dataclass
class HttpCase:
    behaviour: Behaviour
    description: str


def _chunks(parts: list[bytes], sizes: list[str]) -> bytes:
    out = b""
    for part, size in zip(parts, sizes):
        out += size.encode("latin-1", "replace") + b"\r\n" + part + b"\r\n"
    return out + b"0\r\n\r\n"


@st.composite
def http_cases(draw: st.DrawFn, server: HostileServer, secret_url: str) -> HttpCase:
    from . import hostile_http as h

    kind = draw(st.sampled_from(["raw", "redirect", "drip_headers", "drip_body", "endless",
                                 "endless_headers", "gzip", "length", "chunked", "hang", "close"]))
    if kind == "raw":
        status = draw(st.one_of(st.sampled_from([
            b"HTTP/1.1 200 OK", b"HTTP/1.0 200", b"HTTP/1.1 999 X", b"HTTP/2 200", b"HTTP/1.1 2OO OK",
            b"ICY 200 OK", b"", b"HTTP/1.1 304 Not Modified", b"HTTP/1.1 500 " + b"e" * 70000]),
            st.binary(max_size=40)))
        headers = draw(st.lists(st.one_of(
            st.sampled_from([b"Content-Length: -1", b"Content-Length: 1e9", b"Content-Length: 5",
                             b"Content-Encoding: gzip", b"Content-Encoding: br", b"Transfer-Encoding: chunked",
                             b"Content-Type: text/xml; charset=unicode_escape", b"Location: file:///etc/passwd",
                             b"X: " + b"v" * 70000, b" folded", b":", b"\x00"]),
            st.binary(max_size=60)), max_size=8))
        body = draw(st.binary(max_size=500))
        data = status + b"\r\n" + b"\r\n".join(headers) + b"\r\n\r\n" + body
        return HttpCase(h.raw(data), f"raw {data[:80]!r}")
    if kind == "redirect":
        location = draw(st.one_of(
            st.sampled_from([secret_url, "file:///etc/passwd", "ftp://127.0.0.1/x", "data:text/xml,<rss/>",
                             "gopher://127.0.0.1:70/", "javascript:alert(1)", "//evil", "http://[::1",
                             "http:///x", "\x00", "", " " * 100, "http://127.0.0.1:1/", "mailto:x@y",
                             server.url("/loop"), "FILE:///etc/passwd", "file:" + secret_url[5:]]),
            st.text(max_size=60)))
        code = draw(st.sampled_from([301, 302, 303, 307, 308, 300, 305]))
        return HttpCase(h.redirect(location, code), f"redirect {code} {location!r}")
    if kind == "drip_headers":
        interval = draw(st.floats(0.02, 0.3))
        return HttpCase(h.drip_headers(interval), f"drip headers {interval:.2f}")
    if kind == "drip_body":
        interval = draw(st.floats(0.02, 0.3))
        return HttpCase(h.drip_body(interval, length=draw(st.sampled_from([None, 10, 10**6]))),
                        f"drip body {interval:.2f}")
    if kind == "endless":
        return HttpCase(h.endless, "endless body")
    if kind == "endless_headers":
        return HttpCase(h.endless_headers, "endless headers")
    if kind == "gzip":
        which = draw(st.sampled_from(["bomb", "corrupt", "ok", "double"]))
        if which == "bomb":
            return HttpCase(GZIP_BOMB, "gzip bomb")
        if which == "corrupt":
            return HttpCase(h.respond(b"\x1f\x8b\x08" + draw(st.binary(max_size=200)),
                                      headers={"Content-Encoding": "gzip"}), "corrupt gzip")
        import gzip

        body = b"<rss/>"
        payload = gzip.compress(gzip.compress(body)) if which == "double" else gzip.compress(body)
        return HttpCase(h.respond(payload, headers={"Content-Encoding": "gzip"}), f"gzip {which}")
    if kind == "length":
        body = draw(st.binary(max_size=300))
        length = draw(st.integers(0, 10**7))
        return HttpCase(h.respond(body, length=length), f"length {length} for {len(body)}")
    if kind == "chunked":
        parts = draw(st.lists(st.binary(max_size=50), max_size=5))
        sizes = draw(st.lists(st.one_of(st.sampled_from(["ZZ", "-1", "ffffffffffffffff", "", "1;x=y"]),
                                        st.text(max_size=10)), min_size=len(parts), max_size=len(parts)))
        data = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + _chunks(parts, sizes)
        return HttpCase(h.raw(data), f"chunked {sizes!r}")
    if kind == "hang":
        return HttpCase(h.hang, "hang")
    return HttpCase(h.raw(b""), "close at once")


def _gzip_bomb() -> Behaviour:
    from . import hostile_http as h

    return h.gzip_bomb(256 << 20)  # 256 MB of zeros in about 250 KB


GZIP_BOMB = _gzip_bomb()
DEADLINE_S = 0.5
SLACK_S = 2.0  # thread scheduling on a loaded machine


def check_http(case: HttpCase, server: HostileServer) -> Outcome:
    """One GET against a scripted response: a Response or one SourceError line, within the
    deadline (plus slack), and never a local file's content."""
    path = f"/c{random.getrandbits(64):x}"
    server.routes[path] = case.behaviour
    fetcher = Fetcher(min_interval=0, timeout=DEADLINE_S, deadline=DEADLINE_S, max_bytes=1_000_000)
    outcome = Outcome()
    started = time.perf_counter()
    try:
        response = fetcher.get(server.url(path))
        outcome.records = 1
        if SECRET in response.body:
            outcome.lost = ["a local file was read"]
    except SourceError as exc:
        outcome.refused = str(exc)
        assert "\n" not in outcome.refused and SECRET.decode() not in outcome.refused
    finally:
        server.routes.pop(path, None)
    outcome.seconds = time.perf_counter() - started
    if outcome.seconds > DEADLINE_S + SLACK_S:
        outcome.lost.append(f"took {outcome.seconds:.1f} s with a {DEADLINE_S} s deadline")
    return outcome


