"""The web page of `sourcetrace serve` in headless Chromium (issue 18 point 2): paste a post or give
a file, see the HTML report's evidence cards, filter them, download JSONL and CSV; a hostile index
and hostile posts (<script>, onerror, javascript: links, RTL overrides) execute nothing.

The server runs in this process on a free 127.0.0.1 port (uvicorn in a thread) over an index
whose article, outlet, title and URL are hostile too. Skipped where Chromium is absent outside CI,
as tests/test_report_browser.py.
"""

from __future__ import annotations

import csv
import html
import io
import json
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sourcetrace import index as ix
from sourcetrace.records import Article

from .conftest import ARTICLES, hostile_article, write_jsonl
from .test_report import EXPO, MALICIOUS
from .test_report_browser import browser, by_css, choose, visible_cards  # noqa: F401 (fixture)
from .test_serve import free_port

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")

TITLE = "sourcetrace"
EVIL_AUTHOR = "\"><img src=x onerror=\"window.__pwned='author'\">"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from sourcetrace.serve import ServeConfig
    from sourcetrace.serve.app import create_app
    from sourcetrace.serve.service import Service

    tmp = tmp_path_factory.mktemp("page")
    bad = hostile_article()
    index = tmp / "index"
    ix.build(index, [Article.from_dict(a) for a in [bad, *ARTICLES[1:]]], encoder="hash")
    port = free_port()
    app = create_app(Service(ServeConfig(index=index, port=port)))
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not srv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=30)


def assert_nothing_ran(driver: Any) -> None:
    assert driver.title == TITLE
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    assert not by_css(driver, "img, iframe, object, embed, svg:not([role=img]), #cards script, #cards b:not(.pid)")
    assert len(by_css(driver, "script")) <= 1  # the report's own, allowed by hash
    for link in by_css(driver, "a"):
        assert link.get_attribute("href").startswith(("http://", "https://"))
    assert "\u202e" not in driver.execute_script("return document.body.textContent")


def submit(driver: Any) -> None:
    by_css(driver, "#go")[0].click()
    deadline = time.monotonic() + 60
    while not by_css(driver, "#cards, p.error"):
        assert time.monotonic() < deadline, "no results page"
        time.sleep(0.1)


def fetch(url: str) -> tuple[str, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8-sig"), response.headers.get("Content-Type", "")


def test_pasted_hostile_post_shows_cards_and_runs_nothing(browser: Any, server: str):  # noqa: F811
    browser.get(server + "/")
    assert browser.title == TITLE and not by_css(browser, "script")
    by_css(browser, "#text")[0].send_keys(MALICIOUS + " " + EXPO)
    submit(browser)
    assert_nothing_ran(browser)
    cards = visible_cards(browser)
    assert len(cards) == 1
    text = cards[0].get_attribute("textContent")
    assert "<script>document.title='pwned';window.__pwned=1</script>" in text  # shown as text
    assert "<img src=x onerror=" in text and "<script>window.__pwned='article'</script>" in text
    assert [m.text for m in by_css(cards[0], ".cc")].count("RLO") >= 2  # post and article
    assert by_css(cards[0], ".pair > div:first-child mark.a0")  # the copied passage is highlighted
    # the style sheet applied: the page's CSP allows it by hash
    assert cards[0].value_of_css_property("border-top-left-radius") == "8px"
    # the filters of the report work in the page
    choose(browser, "attribution", "attributed")
    assert not visible_cards(browser)
    choose(browser, "attribution", "")
    assert len(visible_cards(browser)) == 1
    # downloads
    links = {a.text: a.get_attribute("href") for a in by_css(browser, ".downloads a")}
    jsonl, kind = fetch(links["results.jsonl"])
    assert kind == "application/x-ndjson" and json.loads(jsonl)["post"]["id"] == "pasted"
    rows = list(csv.DictReader(io.StringIO(fetch(links["results.csv"])[0])))
    assert rows[0]["post_id"] == "pasted" and rows[0]["post_text"].startswith("'") is False
    assert_nothing_ran(browser)


def test_a_file_of_posts_filters_and_problems(browser: Any, server: str, tmp_path: Path):  # noqa: F811
    posts = write_jsonl(tmp_path / "dump.jsonl", [
        {"id": "<b>evil-id</b>", "author": EVIL_AUTHOR, "url": "javascript:window.__pwned='post-url'",
         "created_at": "2024-03-02T10:00:00Z", "text": MALICIOUS},
        {"id": "ok", "author": "plain", "text": EXPO},
        {"id": "none", "author": "plain", "text": "A post about nothing in the index at all, really."},
    ])
    with open(posts, "a", encoding="utf-8") as fh:
        fh.write("{broken\n")
    browser.get(server + "/")
    by_css(browser, "#file")[0].send_keys(str(posts))  # what dropping a file on the field does
    submit(browser)
    assert_nothing_ran(browser)
    assert len(visible_cards(browser)) == 2
    assert "1 bad record skipped" in browser.find_element("css selector", "details summary").text
    choose(browser, "account", EVIL_AUTHOR)
    assert [c.get_attribute("data-account") for c in visible_cards(browser)] == [EVIL_AUTHOR]
    for el in by_css(browser, "mark, .txt, summary"):
        browser.execute_script("arguments[0].click()", el)
    assert_nothing_ran(browser)
    overview = by_css(browser, "dl.ov")[0].text
    assert "3 posts checked: 2 copy, 1 no match; 1 bad record skipped" in overview


def test_page_headers_and_errors(server: str):
    with urllib.request.urlopen(server + "/", timeout=30) as response:
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'none'" in policy and "form-action 'self'" in policy
        assert "frame-ancestors 'none'" in policy and response.headers["X-Frame-Options"] == "DENY"
    request = urllib.request.Request(server + "/", data=b"text=+++", method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        urllib.request.urlopen(request, timeout=30)
        pytest.fail("an empty form was accepted")
    except urllib.error.HTTPError as exc:
        assert exc.code == 400 and "paste a post or choose a file of posts" in exc.read().decode()


def _post_form(server: str, fields: dict[str, str]) -> tuple[int, str]:
    body = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(server + "/", data=body, method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_a_pasted_post_takes_its_date_and_language(server: str):
    """Trial 13: the page had no date field, so a pasted post could not be checked as
    `query --date` checks it (a match to an article dated after it said so, or held back). The
    date and language are read as /v1/query reads them, kept in the form, a date that reads both
    ways said how it was read, and a bad one refused in one line with nothing lost."""
    text = ARTICLES[0]["text"][:300]
    status, page = _post_form(server, {"text": text, "created_at": "01/11/2021", "lang": "en"})
    assert status == 200, page
    assert "reads both ways: read month first" in page and 'value="01/11/2021"' in page
    run = page.split("/runs/", 1)[1].split("/", 1)[0]
    rows = [json.loads(line) for line in fetch(f"{server}/runs/{run}/results.jsonl")[0].splitlines()]
    assert rows[0]["post"]["created_at"].startswith("2021-01-11")
    status, page = _post_form(server, {"text": text, "created_at": "01/11/2021", "dayfirst": "1"})
    run = page.split("/runs/", 1)[1].split("/", 1)[0]
    rows = [json.loads(line) for line in fetch(f"{server}/runs/{run}/results.jsonl")[0].splitlines()]
    assert rows[0]["post"]["created_at"].startswith("2021-11-01") and " checked>" in page
    status, page = _post_form(server, {"text": text, "created_at": "yesterday-ish"})
    assert status == 400 and html.escape("'created_at': not a date") in page and 'value="yesterday-ish"' in page
    assert html.escape(text[:40], quote=False) in page
    status, page = _post_form(server, {"text": text, "lang": "xx-!!"})
    assert status == 400 and "language: " in page and "no language tag" in page


def test_a_date_that_reads_only_the_other_way_is_said(server: str):
    """Trial 14: "11/13/2023" with "dates day first" ticked was read month first in silence."""
    status, page = _post_form(server, {"text": ARTICLES[0]["text"][:200], "created_at": "11/13/2023", "dayfirst": "1"})
    assert status == 200 and "reads only month first: read so" in page
    status, page = _post_form(server, {"text": ARTICLES[0]["text"][:200], "created_at": "11/13/2023"})
    assert status == 200 and "reads only" not in page
