"""The fetcher against hostile servers on 127.0.0.1 (issue 15 kind 6): a wall-clock deadline for
the whole request (a server dripping its headers), redirects only to http(s) and only a few, no
local file ever read because a URL or a redirect said so, lies about length, gzip bombs."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sourcetrace.sources import MAX_REDIRECTS, Fetcher, SourceError, read_sources

from .hostile_http import (
    HostileServer,
    drip_body,
    drip_headers,
    endless,
    endless_headers,
    gzip_bomb,
    hang,
    raw,
    redirect,
    respond,
)

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>Ok</title>
<link>https://example.org/a</link><description>A valid article that must land.</description></item>
</channel></rss>"""


@pytest.fixture
def hostile(monkeypatch: pytest.MonkeyPatch) -> Iterator[HostileServer]:
    for var in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    with HostileServer() as server:
        yield server


def fetcher(**kwargs: float) -> Fetcher:
    return Fetcher(min_interval=0, **kwargs)  # type: ignore[arg-type]


def fails_within(server: HostileServer, path: str, seconds: float, **kwargs: float) -> str:
    started = time.monotonic()
    with pytest.raises(SourceError) as info:
        fetcher(**kwargs).get(server.url(path))
    assert time.monotonic() - started < seconds, str(info.value)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_header_drip_is_cut_off_by_the_wall_clock_deadline(hostile: HostileServer) -> None:
    # one byte every 0.2 s never trips the 5 s read timeout; only a whole-request deadline helps
    hostile.routes["/drip"] = drip_headers(0.2)
    message = fails_within(hostile, "/drip", 3, timeout=5, deadline=1.0)
    assert message == "not complete after 1 s (a response that never ends?)"


@pytest.mark.parametrize(
    ("behaviour", "message"),
    [
        (drip_body(0.2), "not complete after 1 s"),
        (drip_body(0.2, length=100), "not complete after 1 s"),
        (endless, "larger than 100,000 bytes"),
        (endless_headers, "connection failed (LineTooLong"),
        (hang, "0.5 s"),  # "no answer within 0.5 s" or "no data for 0.5 s"
    ],
    ids=["body-drip", "body-drip-with-length", "endless-body", "endless-headers", "silent"],
)
def test_slow_and_endless_responses(hostile: HostileServer, behaviour: object, message: str) -> None:
    hostile.routes["/x"] = behaviour  # type: ignore[assignment]
    got = fails_within(hostile, "/x", 4, timeout=0.5, deadline=1.0, max_bytes=100_000)
    assert message in got or (message.startswith("connection failed") and "headers" in got), got


def test_the_deadline_covers_every_redirect(hostile: HostileServer) -> None:
    hostile.routes["/a"] = redirect(hostile.url("/b"))
    hostile.routes["/b"] = drip_headers(0.2)
    assert "not complete after 1 s" in fails_within(hostile, "/a", 3, timeout=5, deadline=1.0)


@pytest.mark.parametrize("target", [
    "file:///etc/passwd", "ftp://127.0.0.1/feed.xml", "data:text/xml,<rss/>", "gopher://127.0.0.1/",
    "javascript:alert(1)", "FILE:///etc/hostname", "http://[::1", "mailto:a@b",
])
@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_redirects_to_other_schemes_are_refused(hostile: HostileServer, target: str, code: int) -> None:
    hostile.routes["/r"] = redirect(target, code)
    message = fails_within(hostile, "/r", 3)
    assert "URL refused (http(s) only)" in message


def test_a_redirect_never_reads_a_local_file(hostile: HostileServer, tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_bytes(RSS.replace(b"A valid article", b"SECRET local file"))
    hostile.routes["/feed.xml"] = redirect(secret.as_uri())
    problems: list[object] = []
    articles = list(read_sources([hostile.url("/feed.xml")], problems.append,
                                 fetcher=fetcher()))
    assert articles == [] and len(problems) == 1
    assert "file: URL refused" in str(problems[0])


def test_a_feed_whose_body_names_a_local_file_is_not_that_file(tmp_path: Path) -> None:
    # feedparser, given bytes, first tries them as a file name: the body b"/path/x.xml" must not
    # make it read that file
    secret = tmp_path / "secret.xml"
    secret.write_bytes(RSS.replace(b"A valid article", b"SECRET local file"))
    pointer = tmp_path / "pointer.xml"
    pointer.write_bytes(str(secret).encode())
    problems: list[object] = []
    assert list(read_sources([pointer], problems.append)) == []
    assert len(problems) == 1 and "SECRET" not in str(problems[0])


def test_redirects_are_bounded(hostile: HostileServer) -> None:
    for hop in range(MAX_REDIRECTS + 2):
        hostile.routes[f"/{hop}"] = redirect(hostile.url(f"/{hop + 1}"))
    hostile.routes[f"/{MAX_REDIRECTS + 2}"] = respond(RSS)
    assert f"more than {MAX_REDIRECTS} redirects" in fails_within(hostile, "/0", 5)
    assert fetcher().get(hostile.url("/2")).body == RSS  # within the bound: followed
    hostile.routes["/loop"] = redirect(hostile.url("/loop"))
    # one clear line, not urllib's "...would lead to an infinite loop. The last 30x error
    # message was: Found" (trial 106)
    assert fails_within(hostile, "/loop", 5) == "HTTP 302 redirect loop (back to a URL already visited 2 times)"
    hostile.routes["/ping"], hostile.routes["/pong"] = redirect(hostile.url("/pong")), redirect(hostile.url("/ping"))
    assert "redirect loop" in fails_within(hostile, "/ping", 5)


def test_lies_about_length_and_bombs(hostile: HostileServer) -> None:
    hostile.routes["/short"] = respond(RSS, length=len(RSS) + 500)  # promises more, then closes
    hostile.routes["/long"] = respond(RSS + b"trailing junk", length=len(RSS))
    hostile.routes["/huge"] = respond(b"x", length=10**12)
    hostile.routes["/bomb"] = gzip_bomb(64 << 20)
    hostile.routes["/bad-gzip"] = respond(b"\x1f\x8b\x08garbage", headers={"Content-Encoding": "gzip"})
    hostile.routes["/http09"] = raw(b"<rss>no status line at all</rss>")
    hostile.routes["/bad-status"] = raw(b"HTTP/1.1 2OO OK\r\n\r\n")
    hostile.routes["/bad-chunk"] = raw(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nx\r\n")
    assert "bytes before the end announced" in fails_within(hostile, "/short", 3)
    assert fetcher().get(hostile.url("/long")).body == RSS  # read what was announced
    assert "larger than" in fails_within(hostile, "/huge", 3)
    assert "once decompressed" in fails_within(hostile, "/bomb", 5, max_bytes=1_000_000)
    assert "corrupt gzip" in fails_within(hostile, "/bad-gzip", 3)
    for path in ("/http09", "/bad-status", "/bad-chunk"):
        assert fails_within(hostile, path, 3)


def test_unknown_schemes_are_refused_before_anything_is_opened() -> None:
    for url in ("file:///etc/passwd", "ftp://127.0.0.1/x", "data:,x", "gopher://h/", "http://"):
        with pytest.raises(SourceError, match="only http"):
            fetcher().get(url)


def test_charset_of_the_response_is_kept(hostile: HostileServer) -> None:
    hostile.routes["/gb"] = respond(b"<rss/>", ctype="application/rss+xml; charset=GB2312")
    assert fetcher().get(hostile.url("/gb")).charset == "gb2312"
