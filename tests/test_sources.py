"""Article sources: RSS/Atom feeds, saved pages, http(s) fetching with limits and conditional
requests, feeds.toml, and `index build/add/update` with them. Servers run on 127.0.0.1 only."""

from __future__ import annotations

import gzip
import json
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from typer.testing import CliRunner

from sourcetrace import index as ix
from sourcetrace import sources
from sourcetrace.cli.main import app
from sourcetrace.errors import InputError
from sourcetrace.readers import Problem
from sourcetrace.sources import Fetcher, SourceError, load_feeds, parse_feed, read_sources

from .conftest import REPO

FIXTURES = Path(__file__).parent / "fixtures"
RSS = FIXTURES / "feeds" / "xinhua_rss.xml"
ATOM = FIXTURES / "feeds" / "cgtn_atom.xml"
PAGES = FIXTURES / "pages"
runner = CliRunner()

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss version="2.0"><channel><title>t</title>
<item><title>&lol9;</title><description>&lol9;</description></item>
</channel></rss>
"""
# One plain entity, 1 MB, used thousands of times: the quadratic blow-up needs no nesting.
QUADRATIC = (
    b'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "' + b"x" * 1_000_000 + b'">]>\n'
    b"<rss version=\"2.0\"><channel><item><description>" + b"&a;" * 5000 + b"</description></item></channel></rss>"
)


class Problems(list):
    def __call__(self, problem: Problem) -> None:
        self.append(problem)


def rss(items: list[tuple[str, str, str]], *, full: bool = True) -> bytes:
    """A small RSS 2.0 feed: (guid/link, title, text) per item; summaries only if not `full`."""
    body = "".join(
        f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>Wed, 06 Mar 2024 10:00:00 +0000</pubDate>"
        + (f"<description>{text[:40]}...</description><content:encoded><![CDATA[<p>{text}</p>]]></content:encoded>"
           if full else f"<description>{text[:40]}...</description>")
        + "</item>"
        for link, title, text in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title>'
        f"<language>en</language>{body}</channel></rss>"
    ).encode()


# ---- a feed server on 127.0.0.1 ------------------------------------------------------------

Route = Callable[[BaseHTTPRequestHandler], None]


def static(body: bytes, ctype: str = "application/rss+xml", etag: str | None = None,
           modified: str | None = None, gzipped: bool = False) -> Route:
    def handle(h: BaseHTTPRequestHandler) -> None:
        if etag and h.headers.get("If-None-Match") == etag:
            h.send_response(304)
            h.end_headers()
            return
        if modified and not etag and h.headers.get("If-Modified-Since") == modified:
            h.send_response(304)
            h.end_headers()
            return
        payload = gzip.compress(body) if gzipped else body
        h.send_response(200)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(payload)))
        if gzipped:
            h.send_header("Content-Encoding", "gzip")
        if etag:
            h.send_header("ETag", etag)
        if modified:
            h.send_header("Last-Modified", modified)
        h.end_headers()
        h.wfile.write(payload)

    return handle


def endless(h: BaseHTTPRequestHandler) -> None:
    """A feed that never ends: items keep coming, slowly."""
    h.send_response(200)
    h.send_header("Content-Type", "application/rss+xml")
    h.end_headers()
    h.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
    stop = time.monotonic() + 10
    try:
        while time.monotonic() < stop:
            h.wfile.write(b"<item><title>again</title></item>\n" * 50)
            h.wfile.flush()
            time.sleep(0.01)
    except OSError:
        pass


def silent(h: BaseHTTPRequestHandler) -> None:
    time.sleep(1.5)
    static(b"<rss/>")(h)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[SimpleNamespace]:
    for var in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    routes: dict[str, Route] = {}
    log: list[tuple[str, dict[str, str]]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            log.append((self.path, dict(self.headers)))
            route = routes.get(self.path)
            if route is None:
                self.send_error(404, "Not Found")
                return
            route(self)

        def log_message(self, *args: object) -> None:
            pass

    class Server(ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            # a fetcher that stops reading (a 404's body, a feed past its limit) resets the
            # connection; socketserver would print that traceback into the stderr a test reads
            if not isinstance(sys.exc_info()[1], ConnectionError):
                super().handle_error(request, client_address)  # type: ignore[arg-type]

    httpd = Server(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    port = httpd.server_address[1]
    yield SimpleNamespace(url=lambda path: f"http://127.0.0.1:{port}{path}", routes=routes, log=log)
    httpd.shutdown()
    httpd.server_close()


def fast_fetcher(**kwargs: float) -> Fetcher:
    return Fetcher(min_interval=0, **kwargs)  # type: ignore[arg-type]


# ---- feeds.toml -------------------------------------------------------------------------------


def test_repository_feeds_toml_is_valid_and_names_registry_outlets() -> None:
    feeds = load_feeds(REPO / "corpora" / "feeds.toml")
    outlets = {f.outlet for f in feeds}
    assert {"xinhua", "cgtn", "cns", "chinadaily", "globaltimes", "peoplesdaily", "cri", "rt",
            "sputnik", "tass"} <= outlets
    assert all(f.url.startswith(("http://", "https://")) and f.lang for f in feeds)
    assert len({f.url for f in feeds}) == len(feeds)
    registry = REPO / "corpora" / "outlets.toml"
    if registry.is_file():
        from sourcetrace.outlets import Registry

        known = Registry.load(registry)
        assert all(known.get(o) is not None for o in outlets), outlets
    assert [f.outlet for f in load_feeds(REPO / "corpora" / "feeds.toml", ["TASS"])] == ["tass", "tass"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[[feed]]\noutlet = 'x'\n", "feed 1: 'url' must be an http(s) URL"),
        ("[[feed]]\nurl = 'https://a/'\n", "feed 1: missing 'outlet'"),
        ("[[feed]]\noutlet = 'x'\nurl = 'file:///etc/passwd'\n", "'url' must be an http(s) URL"),
        ("version = 1\n", "no [[feed]] tables"),
        ("[[feed]\n", "invalid TOML"),
    ],
)
def test_bad_feeds_toml(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "feeds.toml"
    path.write_text(content)
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("(", r"\(").replace(")", r"\)")):
        load_feeds(path)


# ---- feeds and pages ----------------------------------------------------------------------------


def test_rss_and_atom_fixtures() -> None:
    problems = Problems()
    articles = list(read_sources([RSS, ATOM], problems))
    assert [a.id for a in articles] == [
        "https://english.news.cn/20240306/expo/c.html",
        "xinhua:xinhua-20240307-floods",  # a guid that is not a URL is scoped by the outlet
        "cgtn:tag:cgtn.com,2024-04-10:rate",
    ]
    expo, floods, rate = articles
    # the outlet comes from the registry's domains when the source names none
    assert (expo.outlet, floods.outlet, rate.outlet) == ("xinhua", "xinhua", "cgtn")
    # the feed's own offset kept, as a file's dates keep theirs (dates.parse_datetime)
    assert expo.lang == "en" and expo.published_at == "2024-03-06T10:00:00+08:00"
    assert expo.title == "Trade fair opens in Shanghai"
    # content:encoded (the full text), not the one-line description; the title leads the text
    assert expo.text.startswith("Trade fair opens in Shanghai\n\nThe China International Import Expo")
    assert "farm products & medical equipment" in expo.text
    assert floods.text.endswith("on Sunday night...")  # summary only, and no saved page given
    assert rate.title == "Central bank holds rate at 16%" and rate.published_at == "2024-04-10T12:00:00+00:00"
    assert [str(p) for p in problems] == [f"{RSS}:27: entry 3: empty 'text' — skipped"]


def test_summary_only_entry_takes_the_saved_pages_main_text() -> None:
    problems = Problems()
    articles = list(read_sources([RSS], problems, pages=PAGES, outlet="xinhua"))
    floods = articles[1]
    assert floods.url == "https://english.news.cn/20240307/floods/c.html"
    assert "Rescue teams evacuated nearly two thousand residents" in floods.text
    assert "Copyright" not in floods.text and "About us" not in floods.text  # boilerplate gone


def test_saved_page_as_a_source() -> None:
    problems = Problems()
    [page] = list(read_sources([PAGES / "floods.html"], problems, lang="en"))
    assert page.url == page.id == "https://english.news.cn/20240307/floods/c.html"
    assert page.outlet == "xinhua" and page.lang == "en" and page.title == "Floods hit southern villages"
    assert page.published_at == "2024-03-07T00:00:00+00:00"
    assert page.text.startswith("Floods hit southern villages")
    assert "Home | " not in page.text


def test_folder_of_sources_and_gzipped_feed(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.xml.gz").write_bytes(gzip.compress(ATOM.read_bytes()))
    (folder / "b.jsonl").write_text(json.dumps({"id": "j1", "text": "A JSONL article."}) + "\n")
    (folder / "notes.md").write_text("ignored: not a source")
    problems = Problems()
    articles = list(read_sources([folder], problems, outlet="cgtn"))
    assert [a.id for a in articles] == ["cgtn:tag:cgtn.com,2024-04-10:rate", "j1"]
    assert articles[1].outlet == "cgtn"  # filled in: the record named none
    assert problems == []


@pytest.mark.parametrize("bomb", [BILLION_LAUGHS, QUADRATIC], ids=["billion-laughs", "quadratic"])
def test_xml_bombs_are_refused_quickly(tmp_path: Path, bomb: bytes) -> None:
    path = tmp_path / "bomb.xml"
    path.write_bytes(bomb)
    problems = Problems()
    started = time.perf_counter()
    assert list(read_sources([path], problems)) == []
    assert time.perf_counter() - started < 2
    assert len(problems) == 1 and problems[0].line == 0
    assert "declares XML entities" in problems[0].reason and "entity-expansion bomb" in problems[0].reason


def test_truncated_feed_keeps_the_entries_before_the_damage(tmp_path: Path) -> None:
    items = [(f"https://www.rt.com/news/{i}/", f"Title {i}", f"Full text of article number {i}. " * 5) for i in range(6)]
    data = rss(items)
    path = tmp_path / "cut.xml"
    path.write_bytes(data[: int(len(data) * 0.7)])
    problems = Problems()
    articles = list(read_sources([path], problems, outlet="rt"))
    assert 2 <= len(articles) < 6
    assert [a.title for a in articles] == [f"Title {i}" for i in range(len(articles))]
    assert len(problems) >= 1 and problems[0].reason.startswith("malformed XML")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"<html><head><title></title></head><body><nav></nav></body></html>", "no article text found"),
        (b"<?xml version='1.0'?><config><a>1</a></config>", "not an RSS or Atom feed"),
    ],
)
def test_not_a_feed(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "thing.xml" if b"config" in content else tmp_path / "thing.html"
    path.write_bytes(content)
    problems = Problems()
    assert list(read_sources([path], problems)) == []
    assert len(problems) == 1 and reason in problems[0].reason


def test_oversized_and_gzip_bomb_feed_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources.read, "MAX_FEED_BYTES", 10_000)
    big = tmp_path / "big.xml"
    big.write_bytes(rss([("https://a.example/1", "t", "x" * 20_000)]))
    bomb = tmp_path / "bomb.xml.gz"
    bomb.write_bytes(gzip.compress(b"<rss>" + b" " * 50_000_000))
    problems = Problems()
    assert list(read_sources([big, bomb], problems)) == []
    assert [p.reason for p in problems] == ["larger than 10,000 bytes"] * 2


def test_missing_source_raises_before_reading(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_sources([RSS, tmp_path / "missing.xml"], Problems())


def test_parse_feed_rejects_doctype_entities_even_without_bomb() -> None:
    data = b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss/>'
    with pytest.raises(SourceError, match="declares XML entities"):
        list(parse_feed(data, "f", Problems()))


# ---- http(s) --------------------------------------------------------------------------------


def test_fetch_is_polite_and_conditional(server: SimpleNamespace) -> None:
    server.routes["/feed.xml"] = static(RSS.read_bytes(), etag='"v1"', modified="Wed, 06 Mar 2024 10:00:00 GMT")
    fetcher = fast_fetcher()
    first = fetcher.get(server.url("/feed.xml"))
    assert first.status == 200 and first.etag == '"v1"' and first.body == RSS.read_bytes()
    again = fetcher.get(server.url("/feed.xml"), etag=first.etag, last_modified=first.last_modified)
    assert again.status == 304 and again.body == b""
    headers = server.log[-1][1]
    assert headers["If-None-Match"] == '"v1"' and headers["If-Modified-Since"] == "Wed, 06 Mar 2024 10:00:00 GMT"
    assert headers["User-Agent"].startswith("sourcetrace/") and "gzip" in headers["Accept-Encoding"]


def test_gzip_content_encoding_is_decoded(server: SimpleNamespace) -> None:
    server.routes["/gz"] = static(ATOM.read_bytes(), gzipped=True)
    assert fast_fetcher().get(server.url("/gz")).body == ATOM.read_bytes()


@pytest.mark.parametrize(
    ("route", "kwargs", "message"),
    [
        (endless, {"deadline": 1.0}, "not complete after 1 s (a response that never ends?)"),
        (silent, {"timeout": 0.3}, "s"),  # "no answer within 0.3 s" or "no data for 0.3 s"
        (static(b"x" * 50_000), {"max_bytes": 10_000}, "larger than 10,000 bytes"),
        (static(b"<rss>" + b" " * 5_000_000, gzipped=True), {"max_bytes": 10_000},
         "larger than 10,000 bytes once decompressed"),
    ],
    ids=["never-ends", "no-answer", "too-large", "gzip-bomb"],
)
def test_fetch_limits(server: SimpleNamespace, route: Route, kwargs: dict, message: str) -> None:
    server.routes["/r"] = route
    started = time.monotonic()
    with pytest.raises(SourceError) as info:
        fast_fetcher(**kwargs).get(server.url("/r"))
    assert message in str(info.value)
    assert time.monotonic() - started < 5
    if route is silent:
        assert "0.3 s" in str(info.value)


def test_fetch_errors_are_one_line(server: SimpleNamespace) -> None:
    with pytest.raises(SourceError, match="^HTTP 404 Not Found$"):
        fast_fetcher().get(server.url("/missing"))
    with pytest.raises(SourceError, match="only http"):
        fast_fetcher().get("file:///etc/passwd")
    with pytest.raises(SourceError, match="cannot connect"):
        fast_fetcher(timeout=1).get("http://127.0.0.1:9/feed.xml")


def test_fetcher_waits_between_requests_to_one_host(server: SimpleNamespace) -> None:
    server.routes["/a"] = static(b"a")
    fetcher = Fetcher(min_interval=0.3)
    started = time.monotonic()
    for _ in range(3):
        fetcher.get(server.url("/a"))
    assert time.monotonic() - started >= 0.6


# ---- the index commands --------------------------------------------------------------------


def feeds_toml(tmp_path: Path, server: SimpleNamespace, *paths: str) -> Path:
    path = tmp_path / "feeds.toml"
    path.write_text("".join(
        f'[[feed]]\noutlet = "rt"\nlang = "en"\nurl = "{server.url(p)}"\n\n' for p in paths
    ))
    return path


ITEMS = [
    ("https://www.rt.com/news/1/", "Bank holds rate",
     "The central bank kept its key interest rate unchanged at sixteen percent on Friday."),
    ("https://www.rt.com/news/2/", "Floods",
     "Heavy rain flooded several villages in the southern province on Sunday night."),
]


def test_update_adds_new_articles_then_only_asks_if_modified(
    server: SimpleNamespace, tmp_path: Path, small_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources.fetch, "MIN_INTERVAL_S", 0.0)
    page = server.url("/news/3/")
    summary_only = rss([(page, "Bridge opens", "A new bridge opened in Wuhan city on Monday morning " * 3)],
                       full=False)
    server.routes["/full.xml"] = static(rss(ITEMS), etag='"e1"')
    server.routes["/summary.xml"] = static(summary_only, modified="Wed, 06 Mar 2024 10:00:00 GMT")
    server.routes["/news/3/"] = static(
        b"<html><head><title>Bridge opens</title></head><body><nav>Home | World</nav><article><h1>Bridge opens"
        b"</h1><p>A new bridge opened in Wuhan city on Monday morning, linking the two river banks.</p>"
        b"<p>Thousands of residents walked across it before the first cars were allowed on.</p>"
        b"</article><footer>All rights reserved</footer></body></html>", ctype="text/html")
    feeds = feeds_toml(tmp_path, server, "/full.xml", "/summary.xml", "/gone.xml")

    result = runner.invoke(app, ["index", "update", "--feeds", str(feeds), "--index", str(small_index)])
    assert result.exit_code == 0, result.output
    assert f"{server.url('/gone.xml')}: HTTP 404 Not Found — skipped" in result.stderr
    assert "3 feeds: 2 fetched (3 entries, 1 page), 0 not modified, 1 failed" in result.stderr
    assert "added 3 articles" in result.stderr
    assert "0 bad records skipped" in result.stderr  # the failed feed is said once, as a feed
    loaded = ix.Index.open(small_index)
    bridge = loaded.store.text_of(page)
    assert "Thousands of residents walked across it" in bridge  # the page, not the feed's summary
    state = json.loads((small_index / loaded.manifest["files"]["feeds"]).read_text())["feeds"]
    assert state[server.url("/full.xml")]["etag"] == '"e1"'
    assert state[server.url("/summary.xml")]["last_modified"] == "Wed, 06 Mar 2024 10:00:00 GMT"
    assert "error" in state[server.url("/gone.xml")]
    loaded.close()

    requests_before = len(server.log)
    result = runner.invoke(app, ["index", "update", "--feeds", str(feeds), "--index", str(small_index)])
    assert result.exit_code == 0, result.output
    assert "2 not modified" in result.stderr and "added 0 articles" in result.stderr
    # one request per feed (feeds are fetched side by side: their order at the server may vary)
    assert sorted(p for p, _ in server.log[requests_before:]) == ["/full.xml", "/gone.xml", "/summary.xml"]
    assert ix.verify(small_index).ok


def test_update_fetches_no_page_for_full_atom_entries_and_says_pages_it_could_not_have(
    server: SimpleNamespace, tmp_path: Path, small_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial 106: 60 Atom entries carrying their full <content> had their pages requested (all
    404), and nothing said so."""
    monkeypatch.setattr(sources.fetch, "MIN_INTERVAL_S", 0.0)
    entries = "".join(
        f'<entry><title>{title}</title><link href="{server.url(f"/news/{n}/")}"/><id>{link}</id>'
        f'<content type="html">&lt;p&gt;{text}&lt;/p&gt;</content></entry>' for n, (link, title, text) in enumerate(ITEMS))
    server.routes["/atom.xml"] = static(
        f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>RT</title>'
        f"{entries}</feed>".encode(), ctype="application/atom+xml")
    gone = [server.url(f"/news/{n}/") for n in (8, 9)]
    said = "happened in the city on Monday morning, officials said."
    server.routes["/summary.xml"] = static(rss([(link, f"Story {n}", f"Story {n} {said}") for n, link in enumerate(gone)],
                                               full=False))
    feeds = feeds_toml(tmp_path, server, "/atom.xml", "/summary.xml")
    result = runner.invoke(app, ["index", "update", "--feeds", str(feeds), "--index", str(small_index)])
    assert result.exit_code == 0, result.output
    assert "2 feeds: 2 fetched (4 entries, 0 pages)" in result.stderr
    asked = sorted(p for p, _ in server.log if p.startswith("/news/"))
    assert asked == ["/news/8/", "/news/9/"]  # the summary-only feed's pages only
    assert (f"warning: 2 article pages of summary-only entries could not be had (the first, {gone[0]}:"
            " HTTP 404 Not Found): their feeds' summaries were indexed instead") in result.stderr
    assert "added 4 articles" in result.stderr


def test_update_compares_a_summary_only_feed_like_with_like_and_names_what_was_edited(
    server: SimpleNamespace, tmp_path: Path, small_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial 106: the second fetch of a summary-only feed compared each known entry's short
    summary with the page text indexed, and said "22 articles ... with other text" (one was
    edited) without naming any. An entry whose indexed text still holds its summary is as
    indexed (its page not asked for again); one whose summary changed is compared by its page."""
    monkeypatch.setattr(sources.fetch, "MIN_INTERVAL_S", 0.0)
    stories = {
        "a": "The new bridge over the river in Wuhan opened to traffic on Monday after four years of work.",
        "b": "The wind farm off the coast of Fujian began producing power with turbines of 1500kW each.",
        "c": "Thousands of volunteers planted trees along the northern edge of the desert this spring.",
    }

    def page(title: str, text: str) -> Route:
        return static(f"<html><head><title>{title}</title></head><body><nav>Home | World</nav><article>"
                      f"<h1>{title}</h1><p>{text}</p><p>Reporters of the agency saw it happen.</p></article>"
                      "<footer>All rights reserved</footer></body></html>".encode(), ctype="text/html")

    def publish(texts: dict[str, str], summaries: dict[str, str]) -> None:
        for key, text in texts.items():
            server.routes[f"/news/{key}/"] = page(f"Story {key}", text)
        server.routes["/summary.xml"] = static(rss(
            [(server.url(f"/news/{key}/"), f"Story {key}", summaries[key]) for key in texts], full=False))

    publish(stories, stories)
    feeds = feeds_toml(tmp_path, server, "/summary.xml")
    result = runner.invoke(app, ["index", "update", "--feeds", str(feeds), "--index", str(small_index)])
    assert result.exit_code == 0 and "added 3 articles" in result.stderr, result.output
    edited = dict(stories, b=stories["b"].replace("1500kW", "1600kW"))
    # b's summary (its first 40 characters) shows the edit; c's summary is rewritten, its page not
    publish(edited, dict(edited, b="1600kW turbines: " + edited["b"], c="Volunteers plant trees: " + stories["c"]))
    before = len(server.log)
    result = runner.invoke(app, ["index", "update", "--feeds", str(feeds), "--index", str(small_index)])
    assert result.exit_code == 0, result.output
    assert sorted(p for p, _ in server.log[before:]) == ["/news/b/", "/news/c/", "/summary.xml"]
    assert "3 already indexed" in result.stderr
    assert (f"note: 1 article of those already indexed had an indexed id or URL with other text (an edited"
            f" version?): {server.url('/news/b/')}; kept as indexed") in result.stderr


def test_update_exits_1_when_no_feed_could_be_fetched(
    server: SimpleNamespace, tmp_path: Path, small_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scheduler must hear that nothing could be fetched (a trial's every-feed-failed run exited 0)."""
    monkeypatch.setattr(sources.fetch, "MIN_INTERVAL_S", 0.0)
    feeds = feeds_toml(tmp_path, server, "/gone.xml", "/also-gone.xml")
    result = runner.invoke(app, ["index", "update", "--feeds", str(feeds), "--index", str(small_index)])
    assert result.exit_code == 1, result.output
    assert "2 feeds: 0 fetched (0 entries, 0 pages), 0 not modified, 2 failed" in result.stderr
    assert "0 bad records skipped" in result.stderr and "Traceback" not in result.output


def test_update_timeout_bounds_a_feed_that_drips(
    server: SimpleNamespace, tmp_path: Path, small_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A feed that sends a byte now and then never waits --timeout for data, so only the whole
    request's limit stops it: 3 x --timeout (a trial's --timeout 5 still waited the fixed 60 s)."""
    monkeypatch.setattr(sources.fetch, "MIN_INTERVAL_S", 0.0)

    def drip(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.end_headers()
        for _ in range(400):  # 120 s of "<" at 0.3 s each, unless the client hangs up
            h.wfile.write(b"<")
            h.wfile.flush()
            time.sleep(0.3)

    server.routes["/drip.xml"] = drip
    feeds = feeds_toml(tmp_path, server, "/drip.xml")
    started = time.monotonic()
    result = runner.invoke(app, ["index", "update", "--feeds", str(feeds), "--index", str(small_index),
                                 "--timeout", "1"])
    assert result.exit_code == 1 and "1 failed" in result.stderr, result.output
    assert time.monotonic() - started < 30  # the deadline is 3 s; before, 60 s
    # index build and add read URLs with the same bound (they had no --timeout: a fixed 60 s)
    started = time.monotonic()
    result = runner.invoke(app, ["index", "build", server.url("/drip.xml"), "--index", str(tmp_path / "b"),
                                 "--encoder", "none", "--timeout", "1"])
    assert result.exit_code == 1 and "not complete after 3 s" in result.stderr, result.output
    assert time.monotonic() - started < 30


def test_failed_write_keeps_old_validators_so_nothing_is_missed(
    server: SimpleNamespace, tmp_path: Path, small_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.routes["/f.xml"] = static(rss(ITEMS[:1]), etag='"e1"')
    feeds = load_feeds(feeds_toml(tmp_path, server, "/f.xml"))
    fetcher = fast_fetcher()
    ix.update(small_index, feeds, Problems(), fetcher=fetcher)
    server.routes["/f.xml"] = static(rss(ITEMS), etag='"e2"')  # the feed gains an article
    before = (small_index / "manifest.json").read_text()

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(np, "save", boom)
    with pytest.raises(OSError):
        ix.update(small_index, feeds, Problems(), fetcher=fetcher)
    monkeypatch.undo()
    assert (small_index / "manifest.json").read_text() == before
    stats, report = ix.update(small_index, feeds, Problems(), fetcher=fetcher)
    assert server.log[-1][1]["If-None-Match"] == '"e1"'  # not e2: that write never happened
    assert (stats.added, report.fetched) == (1, 1)


def test_build_and_add_from_feeds_pages_and_urls(server: SimpleNamespace, tmp_path: Path) -> None:
    server.routes["/atom.xml"] = static(ATOM.read_bytes(), ctype="application/atom+xml")
    path = tmp_path / "idx"
    result = runner.invoke(app, ["index", "build", str(RSS), server.url("/atom.xml"), "--index", str(path),
                                 "--encoder", "hash", "--pages", str(PAGES)])
    assert result.exit_code == 0, result.output
    assert "indexed 3 articles" in result.stderr and "1 bad record skipped" in result.stderr
    before = json.loads((path / "manifest.json").read_text())["counts"]
    bomb = tmp_path / "bomb.xml"
    bomb.write_bytes(BILLION_LAUGHS)
    result = runner.invoke(app, ["index", "add", str(bomb), str(PAGES / "floods.html"), "--index", str(path)])
    assert result.exit_code == 0, result.output
    assert "declares XML entities" in result.stderr and "added 0 articles" in result.stderr
    assert "1 already indexed" in result.stderr  # the page: same URL as the feed entry
    assert json.loads((path / "manifest.json").read_text())["counts"] == before


def test_update_counts_no_bad_record_for_html_references(
    server: SimpleNamespace, tmp_path: Path, small_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A feed using "&oacute;" (which XML does not define) lost no record, yet update counted one."""
    monkeypatch.setattr(sources.fetch, "MIN_INTERVAL_S", 0.0)
    feed = rss([(f"https://spanish.news.cn/{i}", f"Noticia {i}", (f"El presidente orden&oacute; rescatar a los"
                 f" heridos del incendio n&uacute;mero {i} en la mina de carb&oacute;n.")) for i in range(3)])
    server.routes["/es.xml"] = static(feed)
    result = runner.invoke(app, ["index", "update", "--feeds", str(feeds_toml(tmp_path, server, "/es.xml")),
                                 "--index", str(small_index)])
    assert result.exit_code == 0, result.output
    assert "added 3 articles" in result.stderr and "0 bad records skipped" in result.stderr
    assert "malformed" not in result.stderr
    loaded = ix.Index.open(small_index)
    assert "ordenó rescatar" in loaded.store.text_of("https://spanish.news.cn/1")
    loaded.close()


def test_feeds_are_fetched_side_by_side_and_handed_on_in_order() -> None:
    """`index update` fetches up to FEED_WORKERS feeds at once (a slow feed held up every other:
    a trial's dripping feed cost its full deadline before the next one started), and hands their
    articles on in the list's order."""
    from sourcetrace.sources.feeds import Feed
    from sourcetrace.sources.fetch import Response
    from sourcetrace.sources.update import fetch_feeds

    second_started = threading.Event()
    rss = "<rss version='2.0'><channel><item><title>{0}</title><link>https://{0}.example/1</link>" \
          "<description>{0}: the central bank kept its key rate unchanged on Friday.</description>" \
          "</item></channel></rss>"

    class Slow:  # the first feed answers only once the second has been asked for
        def get(self, url: str, **_: object) -> Response:
            host = url.split("/")[2]
            if host == "b.example":
                second_started.set()
            elif not second_started.wait(10):
                raise SourceError("fetched one after another")
            return Response(url, 200, rss.format(host.split(".")[0]).encode())

    feeds = [Feed("rt", "en", "https://a.example/rss"), Feed("rt", "en", "https://b.example/rss")]
    problems: list[Problem] = []
    got = [a.url for a in fetch_feeds(feeds, {}, problems.append, fetcher=Slow(), pages=False)]  # type: ignore[arg-type]
    assert problems == [] and got == ["https://a.example/1", "https://b.example/1"]


def test_one_host_gets_one_request_at_a_time() -> None:
    """Politeness holds across threads: a host's requests share one lock, other hosts do not."""
    fetcher = Fetcher(min_interval=0)
    assert fetcher._host("a.example") is fetcher._host("a.example")
    assert fetcher._host("a.example") is not fetcher._host("b.example")
