"""Invalid Unicode from feeds and pages (issue 15 kind 4 on the sources' path): lone surrogates
and control characters, as raw bytes or as character references, are replaced with a warning
line and never reach SQLite or an output writer as they are."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sourcetrace.cli.main import app
from sourcetrace.readers import Problem
from sourcetrace.sources import parse_feed
from sourcetrace.sources.clean import TextCheck

runner = CliRunner()

REFS = "&#xD800; &#xDFFF; &#55296; &#0; &#x1; &#x1F; &#xFFFE; &#x110000; &#99999999;"
FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
    f"<item><title>Bad {REFS}</title><link>https://example.org/bad</link>"
    f"<description>Surrogates and controls {REFS} in an article about the harbour.</description></item>"
    "<item><title>Good</title><link>https://example.org/good</link>"
    "<description>Raw \x01 \x08 \x1b[31m controls in an article about the river.</description></item>"
    "</channel></rss>"
)


class Problems(list):
    def __call__(self, problem: Problem) -> None:
        self.append(problem)


def safe(text: str | None) -> bool:
    return text is None or (text.encode("utf-8") is not None and not any(
        ord(c) < 32 and c not in "\t\n\r" or 0x7F <= ord(c) <= 0x9F for c in text))


def test_references_to_surrogates_and_controls_become_replacement_characters(
    caplog: pytest.LogCaptureFixture,
) -> None:
    problems = Problems()
    with caplog.at_level(logging.WARNING):
        bad, good = parse_feed(FEED.encode(), "f.xml", problems)
    assert problems == []  # both entries kept
    for article in (bad, good):
        assert all(safe(v) for v in (article.text, article.title, article.url, article.id))
    assert "\ufffd" in bad.title and "harbour" in bad.text
    assert good.text.endswith("Raw [31m controls in an article about the river.")
    said = " | ".join(r.getMessage() for r in caplog.records)
    assert "character references to what XML does not allow" in said
    assert "control characters that XML does not allow were removed" in said


def test_text_check_replaces_surrogates_in_every_field(caplog: pytest.LogCaptureFixture) -> None:
    fields = {"text": "a\ud800b\x00c\x7f", "title": "\udfff", "url": "https://e.org/\ud800",
              "id": "x\x1b", "published_at": None}
    with caplog.at_level(logging.WARNING):
        out = TextCheck("p.html").fields(fields, 7, "page")
    assert out == {"text": "a\ufffdbc", "title": "\ufffd", "url": "https://e.org/\ufffd", "id": "x",
                   "published_at": None}
    assert [r.getMessage() for r in caplog.records] == [
        "p.html:7: 6 invalid characters in the page (lone surrogates or control characters) replaced"
    ]


def test_build_and_query_with_hostile_characters(tmp_path: Path) -> None:
    feed = tmp_path / "f.xml"
    feed.write_bytes(FEED.encode())
    page = tmp_path / "p.html"
    page.write_bytes(
        b"<html><head><title>P</title></head><body><article><h1>Harbour \xed\xa0\x80 news</h1>"
        b"<p>The harbour reopened on Monday after the storm \x01\x02 passed, officials said today.</p>"
        b"<p>Ships queued outside the port for two days while the cranes were checked.</p>"
        b"</article></body></html>"
    )
    path = tmp_path / "idx"
    result = runner.invoke(app, ["index", "build", str(feed), str(page), "--index", str(path),
                                 "--encoder", "hash"])
    assert result.exit_code == 0, result.output
    assert "indexed 3 articles" in result.stderr
    result = runner.invoke(app, ["query", "The harbour reopened on Monday after the storm passed",
                                 "--index", str(path), "--json"])
    assert result.exit_code == 0, result.output
    json.loads(result.stdout.splitlines()[0])
