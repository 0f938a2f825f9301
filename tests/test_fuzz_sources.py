"""Fuzzing the article sources with hypothesis, on a short fixed budget (derandomized, so the
suite is repeatable; scripts/fuzz_sources.py runs the same checks at length): hostile feeds,
broken XML, entity tricks, every encoding; hostile pages through trafilatura; hostile HTTP
servers on 127.0.0.1. No traceback, no record over 10 s, no valid record lost, no unsafe text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sourcetrace.sources import read_sources

from . import sources_fuzzing as fz
from .hostile_http import HostileServer

PER_RECORD_S = 10.0


def budget(examples: int) -> settings:
    return settings(max_examples=examples, derandomize=True, database=None, deadline=None,
                    suppress_health_check=list(HealthCheck))


def clean(outcome: fz.Outcome) -> None:
    assert outcome.unsafe == []
    assert outcome.lost == []
    assert outcome.seconds < PER_RECORD_S


@budget(80)
@given(fz.feed_cases("structured"))
def test_fuzz_feeds_keep_every_valid_item(case: fz.FeedCase) -> None:
    clean(fz.check_feed(case))


@budget(30)
@given(fz.feed_cases("entities"))
def test_fuzz_feeds_with_entity_declarations_are_refused(case: fz.FeedCase) -> None:
    clean(fz.check_feed(case))


@budget(80)
@given(fz.feed_cases("broken"))
def test_fuzz_broken_feeds_never_crash(case: fz.FeedCase) -> None:
    clean(fz.check_feed(case))


@budget(30)
@given(fz.page_cases("structured"))
def test_fuzz_pages_keep_the_article(case: fz.PageCase) -> None:
    clean(fz.check_page(case))


@budget(30)
@given(fz.page_cases("broken"))
def test_fuzz_broken_pages_never_crash(case: fz.PageCase) -> None:
    clean(fz.check_page(case))


@pytest.fixture(scope="module")
def hostile() -> Iterator[HostileServer]:
    with pytest.MonkeyPatch.context() as patch:
        for var in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
            patch.delenv(var, raising=False)
        patch.setenv("no_proxy", "127.0.0.1,localhost")
        with HostileServer() as server:
            yield server


@pytest.fixture(scope="module")
def secret_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("secret") / "secret.xml"
    path.write_bytes(b"<rss><channel><item><title>" + fz.SECRET + b"</title></item></channel></rss>")
    return path.as_uri()


def test_fuzz_the_fetcher_against_hostile_servers(hostile: HostileServer, secret_url: str) -> None:
    @budget(30)
    @given(st.data())
    def run(data: st.DataObject) -> None:
        case = data.draw(fz.http_cases(hostile, secret_url))
        outcome = fz.check_http(case, hostile)
        assert outcome.lost == [], case.description

    run()


def test_fuzz_valid_sources_land_beside_hostile_ones(tmp_path: Path) -> None:
    @budget(8)
    @given(fz.feed_cases("broken"), fz.page_cases("broken"), fz.feed_cases("structured"),
           fz.page_cases("structured"))
    def run(bad_feed: fz.FeedCase, bad_page: fz.PageCase, feed: fz.FeedCase, page: fz.PageCase) -> None:
        folder = tmp_path / "in"
        folder.mkdir(exist_ok=True)
        for name, data in (("a_bad.xml", bad_feed.data), ("b_bad.html", bad_page.data),
                           ("c.xml", feed.data), ("d.html", page.data)):
            (folder / name).write_bytes(data)
        problems: list[object] = []
        texts = "\n".join(a.text for a in read_sources([folder], problems.append))
        lost = [m for m in feed.markers if m not in texts]
        if page.charset is None:  # (a page file has no HTTP header to name its charset)
            lost += [m for m in page.markers if m not in texts]
        assert lost == []

    run()
