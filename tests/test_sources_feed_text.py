"""The text of feed entries: HTML named references and bare "&" that XML does not define, markup
escaped twice, and what a malformed or truncated feed costs (fourth trial: a feed using "&oacute;"
was said to have lost a record although every entry was read, and an Atom title kept "<b>")."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from sourcetrace.cli.main import app
from sourcetrace.readers import NOTE, SKIPPED, Problem
from sourcetrace.records import Article
from sourcetrace.sources import parse_feed
from sourcetrace.sources.feeds import feed_text
from sourcetrace.sources.xmldoc import html_references

runner = CliRunner()

TEXTS = [
    "El presidente chino orden&oacute; rescatar a los heridos del incendio en una mina de carb&oacute;n.",
    "Los pandas gigantes&nbsp;llegaron a la base de Wolong en Sichuan, donde ser&aacute;n mantenidos.",
    "El presidente Xi Jinping intervino en la trig&eacute;sima reuni&oacute;n de l&iacute;deres del APEC.",
]
DECODED = [
    "El presidente chino ordenó rescatar a los heridos del incendio en una mina de carbón.",
    "Los pandas gigantes llegaron a la base de Wolong en Sichuan, donde serán mantenidos.",
    "El presidente Xi Jinping intervino en la trigésima reunión de líderes del APEC.",
]


def rss(items: list[tuple[str, str]]) -> bytes:
    """An RSS 2.0 feed of (title, description) items, written as given (no escaping)."""
    body = "".join(
        f"<item><title>{title}</title><link>https://spanish.news.cn/{i}</link>"
        f"<description>{text}</description></item>\n"
        for i, (title, text) in enumerate(items)
    )
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Xinhua</title>\n'
            f"{body}</channel></rss>\n").encode()


def read(data: bytes) -> tuple[list[Article], list[Problem]]:
    problems: list[Problem] = []
    return list(parse_feed(data, "feed.xml", problems.append, outlet="xinhua")), problems


def test_html_named_references_are_read_as_html_does_and_cost_no_record() -> None:
    articles, problems = read(rss([(f"Noticia {i} sobre Espa&ntilde;a", t) for i, t in enumerate(TEXTS)]))
    assert problems == []  # the strict parser read it whole: no "malformed XML", no record lost
    assert [a.title for a in articles] == [f"Noticia {i} sobre España" for i in range(3)]
    assert [a.text.split("\n\n", 1)[1] for a in articles] == DECODED


def test_a_bare_ampersand_is_text_and_costs_no_record() -> None:
    articles, problems = read(rss([("AT&T and Verizon", "AT&T said on Monday that Q&A sessions & more would follow.")]))
    assert problems == []
    assert articles[0].title == "AT&T and Verizon"  # the tolerant parser made it "AT&T;"
    assert articles[0].text.endswith("AT&T said on Monday that Q&A sessions & more would follow.")


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("<t>carb&oacute;n&nbsp;&amp; co</t>", "<t>carb&#243;n&#160;&amp; co</t>"),
        ("<t>AT&T, &#233;, &#xE9;, &lt;, &foo; &#abc; &</t>",
         "<t>AT&amp;T, &#233;, &#xE9;, &lt;, &amp;foo; &amp;#abc; &amp;</t>"),
        ("<t><![CDATA[carb&oacute;n & AT&T]]>&eacute;</t>", "<t><![CDATA[carb&oacute;n & AT&T]]>&#233;</t>"),
        ("<t><![CDATA[never closed &eacute;</t>", "<t><![CDATA[never closed &eacute;</t>"),
    ],
)
def test_html_references_become_xml(document: str, expected: str) -> None:
    assert html_references(document) == expected


ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>CGTN</title>
<id>urn:x</id><updated>2023-11-17T10:00:00Z</updated>
<entry><title type="html">Wushu &amp;lt;b&amp;gt;championships&amp;lt;/b&amp;gt;</title><id>urn:1</id>
<link href="https://news.cgtn.com/1"/><updated>2023-11-17T10:00:00Z</updated>
<content type="html">&amp;lt;p&amp;gt;Martial arts participants from around the world are preparing for the
16th World Wushu Championships in Fort Worth, Texas&amp;lt;/p&amp;gt;</content></entry>
<entry><title type="html">Kung &lt;b&gt;fu&lt;/b&gt; &amp;amp; tea</title><id>urn:2</id>
<link href="https://news.cgtn.com/2"/><updated>2023-11-17T10:00:00Z</updated>
<content type="text">Inflation &lt; 2% and x &gt; y, said the report on kung fu and tea in Beijing.</content></entry>
</feed>"""


def test_markup_escaped_twice_is_decoded_and_text_once_escaped_is_kept() -> None:
    articles, problems = read(ATOM)
    assert problems == []
    assert articles[0].title == "Wushu championships"
    assert articles[0].text == ("Wushu championships\n\nMartial arts participants from around the world are"
                                " preparing for the\n16th World Wushu Championships in Fort Worth, Texas")
    assert articles[1].title == "Kung fu & tea"
    assert articles[1].text.endswith("Inflation < 2% and x > y, said the report on kung fu and tea in Beijing.")
    # an RSS title whose reference was escaped twice
    rss_articles, _ = read(rss([("Carb&amp;oacute;n y acero", TEXTS[0])]))
    assert rss_articles[0].title == "Carbón y acero"


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("Wushu &lt;b&gt;championships&lt;/b&gt;", "Wushu championships"),
        ("carb&amp;oacute;n", "carbón"),
        ("3 &lt; 5 and 7 &gt; 6", "3 < 5 and 7 > 6"),  # no markup once decoded: decoded once
        ("AT&amp;amp;T", "AT&T"),
        ("a &lt;bold&gt; claim", "a <bold> claim"),  # no HTML element
    ],
)
def test_feed_text(fragment: str, text: str) -> None:
    assert feed_text(fragment) == text


def test_a_malformed_feed_read_whole_is_a_note_not_a_lost_record() -> None:
    data = rss([("Bold <b>title", TEXTS[0]), ("Second", TEXTS[1])])  # <b> never closed: not XML
    articles, problems = read(data)
    assert [a.title for a in articles] == ["Bold title", "Second"]
    assert [(p.kind, p.reason) for p in problems] == [
        (NOTE, "malformed XML (mismatched tag); all 2 entries read by the tolerant parser")]


def test_a_truncated_feed_leaves_out_the_entry_it_cuts() -> None:
    data = rss([(f"Title {i}", t) for i, t in enumerate(TEXTS)])
    cut = data[: data.index(b"de l&iacute;deres")]  # inside the third entry's description
    articles, problems = read(cut)
    assert [a.title for a in articles] == ["Title 0", "Title 1"]
    # trial 110: what was kept is a note, the entry cut short the one record skipped
    assert [p.kind for p in problems] == [NOTE, SKIPPED]
    assert problems[0].reason.endswith("2 entries before this line read and kept")
    assert problems[1].reason.startswith("entry 3: cut short")


def test_index_build_counts_no_bad_record_for_html_references(tmp_path: Path) -> None:
    feed = tmp_path / "es.xml"
    feed.write_bytes(rss([(f"Noticia {i}", t) for i, t in enumerate(TEXTS)]))
    result = runner.invoke(app, ["index", "build", str(feed), "--outlet", "xinhua", "--lang", "es",
                                 "--encoder", "none", "--index", str(tmp_path / "idx")])
    assert result.exit_code == 0, result.output
    assert "indexed 3 articles" in result.stderr and "0 bad records skipped" in result.stderr
    assert "malformed" not in result.stderr
