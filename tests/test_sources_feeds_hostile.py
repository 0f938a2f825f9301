"""Hostile feeds (issue 15 kind 6): entity declarations wherever they hide (after a comment or a
processing instruction, in UTF-16, with or without a BOM), the XML parser's own refusals caught
as one line for that feed, and the good feeds of a build or an `index update` still landing."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sourcetrace import index as ix
from sourcetrace.cli.main import app
from sourcetrace.readers import Problem
from sourcetrace.sources import SourceError, check_xml, load_feeds, parse_feed, read_sources, xmldoc

from .hostile_http import HostileServer, respond

runner = CliRunner()

LOL = "".join(
    f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">\n' for i in range(1, 10)
)
DTD = f'<!DOCTYPE rss [\n<!ENTITY lol0 "lol">\n{LOL}]>\n'
BODY = ('<rss version="2.0"><channel><title>t</title><item><title>a</title><link>http://x/a</link>'
        "<description>&lol9; article text long enough</description></item></channel></rss>")
GOOD = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>Good one'
        b"</title><link>https://example.org/good</link><description>A valid article from a good feed."
        b"</description></item></channel></rss>")

# Every way seen (or thought of) to put a declaration where a scan of the prolog misses it.
HIDDEN = {
    "comment-with-a-tag": '<?xml version="1.0"?>\n<!-- <a -->\n' + DTD + BODY,
    "pi-before-doctype": '<?xml version="1.0"?>\n<?a <b?>\n' + DTD + BODY,
    "comment-holding-the-declaration": '<!--\n<!ENTITY a "' + "x" * 1000 + '">\n-->\n' + BODY,
    "cdata-before-the-root": '<![CDATA[\n<!ENTITY a "' + "x" * 1000 + '">]]>' + BODY,
    "unterminated-comment": '<!-- <a\n<!ENTITY a "x">\n' + BODY,
    "lower-case": '<!doctype rss [<!entity a "x">]>' + BODY,
    "parameter-entity": '<!DOCTYPE rss [<!ENTITY % p "x">]>' + BODY,
    "external": '<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + BODY,
}


class Problems(list):
    def __call__(self, problem: Problem) -> None:
        self.append(problem)


@pytest.mark.parametrize("name", sorted(HIDDEN))
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "gb18030"])
def test_entity_declarations_are_refused_wherever_they_hide(name: str, encoding: str) -> None:
    data = HIDDEN[name].encode(encoding)
    started = time.perf_counter()
    with pytest.raises(SourceError, match="declares XML entities"):
        check_xml(data)
    with pytest.raises(SourceError, match="declares XML entities"):
        list(parse_feed(data, "f.xml", Problems()))
    assert time.perf_counter() - started < 2


def test_a_cdata_section_inside_an_item_may_quote_a_declaration() -> None:
    data = (b'<rss version="2.0"><channel><item><title>XML security</title><link>https://e.org/x</link>'
            b'<description><![CDATA[An attacker writes <!ENTITY lol "lol"> in the DTD.]]></description>'
            b"</item></channel></rss>")
    check_xml(data)
    [article] = parse_feed(data, "f.xml", Problems())
    assert "An attacker writes" in article.text  # (the HTML of a description: a declaration is no text)


def test_the_case_files_are_one_line_each(tmp_path: Path) -> None:
    for name in ("comment-with-a-tag", "pi-before-doctype"):
        for encoding in ("utf-8", "utf-16"):
            (tmp_path / f"{name}-{encoding}.xml").write_bytes(HIDDEN[name].encode(encoding))
    ok = tmp_path / "ok.jsonl"
    ok.write_text(json.dumps({"id": "ok1", "text": "A valid article in the same build."}) + "\n")
    result = runner.invoke(app, ["index", "build", str(ok), str(tmp_path), "--index",
                                 str(tmp_path / "idx"), "--encoder", "hash"])
    assert result.exit_code == 0, result.output
    assert result.stderr.count("declares XML entities") == 4
    assert "Traceback" not in result.output
    assert "indexed 1 article " in result.stderr and "0 bad records skipped, 4 sources not read" in result.stderr


def test_the_parsers_refusal_is_caught_per_feed(monkeypatch: pytest.MonkeyPatch) -> None:
    # with the first guard out of the way, defusedxml's EntitiesForbidden is the second: one line
    monkeypatch.setattr(xmldoc, "check_xml", lambda data: None)
    with pytest.raises(SourceError, match=r"refused by the XML parser \(EntitiesForbidden\)"):
        list(parse_feed(HIDDEN["comment-with-a-tag"].encode(), "f.xml", Problems()))


@pytest.mark.parametrize("document", [
    b"\x00\x00\x00", b"<", b"<?xml version='1.0' encoding='unicode_escape'?><rss/>",
    b"<?xml version='1.0' encoding='base64'?><rss/>", b"<?xml version='9.9'?><rss/>",
    b"<rss" + b"<" * 10_000, b"\xff\xfe" + b"\x00\xd8" * 50, b"<rss>" + b"\x00" * 1000 + b"</rss>",
    b'<?xml version="1.0" encoding="utf-16"?><rss/>',
    b"/etc/passwd", b"http://127.0.0.1:9/feed.xml",
])
def test_garbage_is_one_line_never_a_traceback(document: bytes) -> None:
    problems = Problems()
    try:
        articles = list(parse_feed(document, "f.xml", problems))
    except SourceError as exc:
        assert "\n" not in str(exc)
    else:
        assert all(a.text for a in articles)


@pytest.fixture
def hostile(monkeypatch: pytest.MonkeyPatch) -> Iterator[HostileServer]:
    for var in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    with HostileServer() as server:
        yield server


def test_update_lands_the_good_feeds_when_one_is_hostile(
    hostile: HostileServer, tmp_path: Path, small_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sourcetrace import sources

    monkeypatch.setattr(sources.fetch, "MIN_INTERVAL_S", 0.0)
    hostile.routes["/good.xml"] = respond(GOOD)
    hostile.routes["/bad.xml"] = respond(HIDDEN["comment-with-a-tag"].encode())
    hostile.routes["/utf16.xml"] = respond(HIDDEN["pi-before-doctype"].encode("utf-16"))
    hostile.routes["/garbage.xml"] = respond(b"\x00\x01<<<?xml")
    feeds = tmp_path / "feeds.toml"
    feeds.write_text("".join(
        f'[[feed]]\noutlet = "cgtn"\nlang = "en"\nurl = "{hostile.url(p)}"\n\n'
        for p in ("/bad.xml", "/utf16.xml", "/good.xml", "/garbage.xml")
    ))
    result = runner.invoke(app, ["index", "update", "--feeds", str(feeds), "--index", str(small_index)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert result.stderr.count("declares XML entities") == 2
    assert "4 feeds: 1 fetched (1 entry, 0 pages), 0 not modified, 3 failed" in result.stderr
    assert "0 bad records skipped" in result.stderr
    loaded = ix.Index.open(small_index)
    assert "A valid article from a good feed." in loaded.store.text_of("https://example.org/good")
    loaded.close()
    assert len(load_feeds(feeds)) == 4


def test_rdf_rss1_and_atom_are_feeds_too() -> None:
    rdf = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://e.org/"><title>T</title><link>https://e.org/</link></channel>
<item rdf:about="https://e.org/1"><title>RDF item</title><link>https://e.org/1</link>
<description>An RSS 1.0 item with its text.</description><dc:date>2024-01-02T10:00:00Z</dc:date></item>
</rdf:RDF>"""
    [article] = parse_feed(rdf, "f.rdf", Problems())
    assert article.title == "RDF item" and article.published_at == "2024-01-02T10:00:00+00:00"


def test_warnings_name_the_source(caplog: pytest.LogCaptureFixture) -> None:
    data = GOOD.replace(b"A valid article", b"A valid\x01 article &#xD800;")
    with caplog.at_level(logging.WARNING, logger="sourcetrace.sources"):
        [article] = parse_feed(data, "f.xml", Problems())
    assert "\x01" not in article.text and "\ufffd" in article.text
    lines = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("f.xml: 1 control characters") for m in lines), lines
    assert any(m.startswith("f.xml: 1 character references") for m in lines), lines


def test_feed_bytes_are_never_taken_for_a_file_name(tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_bytes(GOOD.replace(b"A valid article", b"SECRET"))
    with pytest.raises(SourceError, match="not an RSS or Atom feed"):
        list(parse_feed(str(secret).encode(), "f.xml", Problems()))
    [article] = read_sources([secret], Problems())  # the file itself, given by name, is read
    assert "SECRET" in article.text


@pytest.mark.parametrize("reference", ["&#99999999999999999999;", "&#99999999999999999999 ",
                                       "&#x" + "f" * 5000 + ";", "&#" + "9" * 5000, "&#xD800", "&#0"])
def test_character_references_beyond_unicode_are_one_replacement(reference: str) -> None:
    # "<broken>" sends the document to feedparser's tolerant parser, which fails on such numbers
    feed = (f'<rss version="2.0"><channel><item><title>A {reference} b</title>'
            "<link>https://e.org/1</link><description>Text.</description></item><broken>"
            "</channel></rss>")
    [article] = parse_feed(feed.encode(), "f.xml", Problems())
    assert article.title.startswith("A \ufffd") and article.title.endswith("b")


@pytest.mark.parametrize(("declaration", "junk", "charset"), [
    ('<?xml version="1.0" encoding="gb2312"?>', b"K\x89\xc5\xef", None),  # "\xef]": one GBK character
    ("", b"\xaa\xc2l\xd1)\xe0", "shift_jis"),  # an HTTP header's Shift-JIS: "\xe0]" is one character
])
def test_a_multibyte_reading_that_breaks_the_xml_is_retried(
    declaration: str, junk: bytes, charset: str | None, caplog: pytest.LogCaptureFixture
) -> None:
    # a Latin-1 document: read as GBK or Shift-JIS, the CDATA's "]]>" loses its "]" and the
    # section swallows every item after it
    items = b"".join(
        b"<item><title><![CDATA[" + junk + b"]]></title><link>https://e.org/x</link>"
        b"<description><![CDATA[" + junk + b"]]></description></item>" for _ in range(2)
    )
    data = (declaration.encode() + b'<rss version="2.0"><channel><title>T</title>' + items
            + GOOD[GOOD.index(b"<item>"):GOOD.index(b"</channel>")] + b"</channel></rss>")
    with caplog.at_level(logging.WARNING):
        articles = list(parse_feed(data, "f.xml", Problems(), charset=charset))
    assert any("A valid article from a good feed." in a.text for a in articles)
    assert any("is not well-formed XML read as" in r.getMessage() for r in caplog.records)
