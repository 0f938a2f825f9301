"""Hostile saved pages: deep nesting that hid the rest of an article from libxml2's default
parser, control characters lxml refuses, unparseable URLs in feeds that link to pages."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from sourcetrace.errors import InputError
from sourcetrace.readers import Problem
from sourcetrace.sources import Fetcher, page_article, parse_feed, read_sources
from sourcetrace.sources.pages import MAX_DEPTH

P1 = ("<p>The harbour reopened on Monday after the storm, officials said, and ships queued outside"
      " the port for two days.</p>")
P2 = ("<p>Engineers checked the cranes and the quay walls before the first container ship was let"
      " in on Tuesday morning.</p>")


def deep(depth: int) -> bytes:
    return (f"<html><head><title>Harbour</title></head><body><article><h1>Harbour</h1>{P1}"
            + "<div>" * depth + "x" + "</div>" * depth + f"{P2}</article></body></html>").encode()


@pytest.mark.parametrize("depth", [300, 1000])
def test_deep_nesting_does_not_hide_the_rest_of_the_article(depth: int) -> None:
    text = page_article(deep(depth), url="https://example.org/p").text
    assert "harbour reopened" in text and "first container ship" in text


def test_nesting_past_the_parsers_limit_is_said(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        text = page_article(deep(MAX_DEPTH + 500), url="https://example.org/p").text
    assert "harbour reopened" in text
    assert any("nested 2,048 deep" in r.getMessage() for r in caplog.records)


def test_control_characters_do_not_lose_the_page(caplog: pytest.LogCaptureFixture) -> None:
    data = deep(1).replace(b"officials said", b"officials\x00\x01\x1b said")
    with caplog.at_level(logging.WARNING):
        text = page_article(data, url="https://example.org/p").text
    assert "officials said" in text
    assert any("3 control characters" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("link", ["http://[::1", "http://[::1]:99999/x", "https://", "\x00", " "])
def test_unparseable_links_are_no_traceback(link: str, tmp_path: Path) -> None:
    feed = (f'<rss version="2.0"><channel><item><title>A</title><link>{link}</link><guid>{link}</guid>'
            "<description>Text of an article with an odd link.</description></item></channel></rss>")
    problems: list[Problem] = []
    [article] = parse_feed(feed.encode(), "f.xml", problems.append, page_text=lambda url: None)
    assert article.text.endswith("odd link.")
    path = tmp_path / "f.xml"
    path.write_text(feed)
    (tmp_path / "pages").mkdir()
    [again] = read_sources([path], problems.append, pages=tmp_path / "pages")  # looks the link up
    assert again.text == article.text and problems == []
    if link == "http://[::1":
        with pytest.raises(InputError, match="no such file"):  # on the command line: not a URL
            read_sources([link], problems.append)
    elif link.startswith("http://[::1]"):  # parseable, but nothing answers there: one line
        assert list(read_sources([link], problems.append, fetcher=Fetcher(min_interval=0))) == []
        assert len(problems) == 1 and "\n" not in problems[0].reason


def test_dates_come_from_metadata_not_from_a_search_of_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    # htmldate's extensive search hands odd strings to dateparser, whose first call compiles
    # every locale's patterns (10-30 s): a page of 200 bytes took 16 s
    from htmldate import extractors

    def external(text: str) -> None:
        raise AssertionError(f"dateparser asked about {text!r}")

    monkeypatch.setattr(extractors, "_external_date", external)
    page = deep(1).replace(b"officials said", b"officials said on 3 mars 2021, le lundi 12")
    assert page_article(page, url="https://example.org/p").published_at is None
