"""The HTML report in a real browser (headless Chromium through chromedriver and selenium).

Cards and highlights render, the filters and search hide cards, the page fits a phone, and a
malicious post or article executes nothing, with and without the page's Content-Security-Policy
(escaping alone must hold). Skipped only where Chromium is absent outside CI; in CI (env CI set)
a missing browser fails the run, since `.ci/run` installs it.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sourcetrace import index as ix
from sourcetrace.cli.main import app
from sourcetrace.records import Article

from .conftest import ARTICLES, hostile_article, write_jsonl
from .test_report import EXPO, MALICIOUS, SAMPLE, make_report, outlet_filter_rows, sample_index  # noqa: F401

CHROMIUM = next((p for p in (os.environ.get("CHROMIUM"), shutil.which("chromium"),
                             shutil.which("chromium-browser")) if p), None)
CHROMEDRIVER = os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver")
IN_CI = bool(os.environ.get("CI"))
TITLE = "sourcetrace evidence report"

runner = CliRunner()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not (CHROMIUM and CHROMEDRIVER):
        missing = "chromium" if not CHROMIUM else "chromedriver"
        if IN_CI:
            pytest.fail(f"{missing} not found in CI: .ci/run must apt-get install chromium chromium-driver")
        pytest.skip(f"{missing} not installed (apt-get install chromium chromium-driver)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail("selenium is not installed: pip install -e '.[test]'")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tmp_path_factory.mktemp("chromium-profile")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1280,1000"):
        options.add_argument(arg)
    # an explicit driver path: Selenium Manager (which could download a browser) never runs
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def by_css(driver: Any, selector: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def visible_cards(driver: Any) -> list[Any]:
    return [c for c in by_css(driver, "#cards > .card") if c.is_displayed()]


def choose(driver: Any, name: str, value: str) -> None:
    """Pick an option by value as a user would (Select.select_by_value cannot quote every value)."""
    select = by_css(driver, f'select[data-filter="{name}"]')[0]
    found = driver.execute_script(
        "var s = arguments[0], v = arguments[1];"
        "for (var i = 0; i < s.options.length; i++) {"
        "  if (s.options[i].value === v) { s.selectedIndex = i;"
        "    s.dispatchEvent(new Event('change')); return true; } }"
        "return false;", select, value)
    assert found, f"no option {value!r} in the {name} filter"


def assert_nothing_ran(driver: Any) -> None:
    """No payload changed the title or set window.__pwned; no element from the data became live."""
    assert driver.title == TITLE
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    assert not by_css(driver, "img, iframe, object, embed, svg:not([role=img]), #cards script, #cards b:not(.pid)")
    assert len(by_css(driver, "script")) == 1
    for link in by_css(driver, "a"):
        assert link.get_attribute("href").startswith(("http://", "https://"))


# ---- the sample report --------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_report(sample_index: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:  # noqa: F811
    out = tmp_path_factory.mktemp("sample-report")
    res = runner.invoke(app, ["check", str(SAMPLE / "posts.jsonl"), "--index", str(sample_index),
                              "-o", str(out / "r.jsonl"), "--html", str(out / "r.html"), "--quiet"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in (out / "r.jsonl").read_text("utf-8").splitlines()]
    return out / "r.html", rows


def test_sample_cards_highlights_and_filters(browser: Any, sample_report: tuple[Path, list[dict]]):
    path, rows = sample_report
    matched = [r for r in rows if r["matches"]]
    browser.set_window_size(1280, 1000)
    browser.get(path.as_uri())
    assert browser.title == TITLE
    cards = visible_cards(browser)
    assert len(cards) == len(matched) > 5
    # the style sheet applied (its CSP hash is right) ...
    assert cards[0].value_of_css_property("border-top-left-radius") == "8px"
    # ... and highlights exist on both sides, matching the spans of the JSON output
    assert by_css(browser, ".pair > div:first-child mark.a0") and by_css(browser, ".pair > div:last-child mark.a0")
    posts = {json.loads(line)["id"]: json.loads(line)["text"]
             for line in (SAMPLE / "posts.jsonl").read_text("utf-8").splitlines()}
    first = matched[0]
    s, e = first["matches"][0]["spans"][0]["post"]
    marked = "".join(m.text for m in by_css(cards[0], ".match .pair > div:first-child mark.a0"))
    assert " ".join(marked.split()) == " ".join(posts[first["post"]["id"]][s:e].split())

    # account filter: only that account's cards stay, and the counter says so
    account = first["post"]["author"]
    choose(browser, "account", account)
    shown = visible_cards(browser)
    expected = sum(1 for r in matched if r["post"]["author"] == account)
    assert len(shown) == expected < len(matched)
    assert all(c.get_attribute("data-account") == account for c in shown)
    assert by_css(browser, "#shown")[0].text == str(expected)

    # match type filter on top of it, then reset
    by_css(browser, "#reset")[0].click()
    browser.implicitly_wait(0)
    choose(browser, "type", "near_verbatim")
    shown = visible_cards(browser)
    assert 0 < len(shown) < len(matched)
    for card in shown:
        assert any(m.get_attribute("data-type") == "near_verbatim" for m in by_css(card, ".match"))

    # attribution filter
    choose(browser, "type", "")
    statuses = {m["attribution"]["status"] for r in matched for m in r["matches"][:1] if m.get("attribution")}
    if "unattributed" in statuses:
        choose(browser, "attribution", "unattributed")
        shown = visible_cards(browser)
        assert 0 < len(shown) <= len(matched)
        for card in shown:
            assert any(m.get_attribute("data-attribution") == "unattributed" for m in by_css(card, ".match"))
        choose(browser, "attribution", "")

    # search in the page
    search = by_css(browser, "#q")[0]
    search.send_keys(first["post"]["id"])
    browser.execute_script("document.getElementById('q').dispatchEvent(new Event('input'))")
    import time

    deadline = time.time() + 5
    while time.time() < deadline and len(visible_cards(browser)) != 1:
        time.sleep(0.1)
    assert len(visible_cards(browser)) == 1
    search.clear()

    # an account in the ranking filters the cards when clicked
    button = by_css(browser, "button.acct")[0]
    name = button.get_attribute("data-account")
    browser.execute_script("arguments[0].click()", button)
    assert all(c.get_attribute("data-account") == name for c in visible_cards(browser))
    assert_nothing_ran(browser)


def test_the_filters_show_the_cards_whose_top_match_fits(browser: Any, tmp_path: Path):
    """Trial 108: picking an outlet showed every card with any match of it, also those whose copy
    (top match) was of another outlet. Only cards whose top match fits stay now."""
    path = tmp_path / "r.html"
    path.write_text(make_report(outlet_filter_rows()), "utf-8")  # p1: xinhua, then cgtn; p2: cgtn
    browser.get(path.as_uri())
    assert len(visible_cards(browser)) == 2
    for name, value, account in (("outlet", "cgtn", "bob"), ("outlet", "xinhua", "alice"),
                                 ("type", "translation", "bob"), ("attribution", "unattributed", "alice")):
        choose(browser, name, value)
        assert [c.get_attribute("data-account") for c in visible_cards(browser)] == [account], (name, value)
        assert by_css(browser, "#shown")[0].text == "1"
        choose(browser, name, "")
    assert_nothing_ran(browser)


def test_sample_report_fits_a_phone(browser: Any, sample_report: tuple[Path, list[dict]]):
    path, _ = sample_report
    browser.set_window_size(390, 844)
    try:
        browser.get(path.as_uri())
        inner = browser.execute_script("return window.innerWidth")
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert width <= inner + 1, (width, inner)
        pair = by_css(browser, ".pair")[0]
        sides = by_css(pair, ":scope > div")
        assert sides[1].location["y"] > sides[0].location["y"]  # stacked, not side by side
    finally:
        browser.set_window_size(1280, 1000)


# ---- a malicious post and article ---------------------------------------------------------

@pytest.fixture(scope="module")
def malicious_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("malicious")
    bad = hostile_article()
    index = tmp / "index"
    ix.build(index, [Article.from_dict(a) for a in [bad, *ARTICLES[1:]]], encoder="hash")
    posts = write_jsonl(tmp / "posts.jsonl", [
        {"id": "<b>evil-id</b>", "author": "\"><img src=x onerror=\"window.__pwned='author'\">",
         "url": "javascript:window.__pwned='post-url'", "created_at": "2024-03-02T10:00:00Z", "text": MALICIOUS},
        {"id": "ok", "author": "plain", "text": EXPO},
    ])
    res = runner.invoke(app, ["check", str(posts), "--index", str(index), "-o", str(tmp / "r.jsonl"),
                              "--html", str(tmp / "r.html"), "--quiet"])
    assert res.exit_code == 0, res.output
    page = (tmp / "r.html").read_text("utf-8")
    # the same page without its Content-Security-Policy: escaping alone must keep it inert
    start = page.index('<meta http-equiv="Content-Security-Policy"')
    (tmp / "no-csp.html").write_text(page[:start] + page[page.index(">", start) + 1:], "utf-8")
    return tmp


@pytest.mark.parametrize("name", ["r.html", "no-csp.html"])
def test_malicious_post_executes_nothing(browser: Any, malicious_report: Path, name: str):
    browser.get((malicious_report / name).as_uri())
    assert_nothing_ran(browser)
    cards = visible_cards(browser)
    assert len(cards) == 2
    evil = next(c for c in cards if "evil-id" in c.text)
    text = evil.get_attribute("textContent")
    assert "<script>document.title='pwned';window.__pwned=1</script>" in text  # shown as text
    assert "<img src=x onerror=" in text and 'href="javascript:' in text
    assert "<script>window.__pwned='article'</script>" in text
    assert "\u202e" not in browser.execute_script("return document.body.textContent")
    assert [m.text for m in by_css(evil, ".cc")].count("RLO") >= 2  # post and article
    assert not by_css(evil, "a")  # neither the post nor the article URL is http(s)
    # clicking through the card and using the filters still runs nothing
    for el in by_css(evil, "mark, .txt, summary"):
        browser.execute_script("arguments[0].click()", el)
    choose(browser, "outlet", "evil\"><script>window.__pwned='outlet'</script>")
    assert len(visible_cards(browser)) == 2  # both posts copy the hostile article
    evil_author = "\"><img src=x onerror=\"window.__pwned='author'\">"
    choose(browser, "account", evil_author)
    assert [c.get_attribute("data-account") for c in visible_cards(browser)] == [evil_author]
    assert_nothing_ran(browser)
