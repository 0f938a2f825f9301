"""What a feed entry becomes: its date read as a file's dates are (trial 106: a CNS item's "CST"
was read by feedparser as US Central, 14 hours late)."""

from __future__ import annotations

from sourcetrace.readers import Problem
from sourcetrace.sources import parse_feed


def rss_items(*items: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>CNS</title>\n'
            + "\n".join(items) + "\n</channel></rss>\n").encode()


def item(number: int, date: str | None) -> str:
    when = f"<pubDate>{date}</pubDate>" if date is not None else ""
    return (f"<item><title>Item {number}</title><link>https://www.chinanews.com.cn/gn/{number}.shtml</link>"
            f"{when}<description>The State Council met on Friday to discuss item {number}.</description></item>")


def parsed(data: bytes) -> tuple[list, list[Problem]]:
    problems: list[Problem] = []
    return list(parse_feed(data, "feed.xml", problems.append)), problems


def test_feed_dates_are_read_as_file_dates_are_cst_is_china_standard_time() -> None:
    articles, problems = parsed(rss_items(
        item(1, "Fri, 17 Nov 2023 08:25:00 CST"),
        item(2, "Fri, 17 Nov 2023 08:25:00 +0800"),
        item(3, None),
        item(4, "Fri, 17 Nov 2023 08:25:00 GMT"),
    ))
    assert not problems
    dates = [a.published_at for a in articles]
    # CST is UTC+8 here (as README says of file dates): 08:25 CST is 00:25 UTC, not 14:25
    assert dates == ["2023-11-17T08:25:00+08:00", "2023-11-17T08:25:00+08:00", None,
                     "2023-11-17T08:25:00+00:00"]


def test_a_date_the_package_reader_refuses_is_feedparsers_and_atom_takes_updated() -> None:
    # feedparser reads Greek RFC 822 dates, which dateutil does not
    articles, problems = parsed(rss_items(item(1, "Κυρ, 11 Ιούλ 2004 12:00:00 EST")))
    assert not problems and articles[0].published_at == "2004-07-11T17:00:00+00:00"
    atom = (b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>X</title>'
            b'<entry><title>A</title><link href="https://www.news.cn/a.htm"/><id>a</id>'
            b"<updated>2023-11-18T12:00:00+08:00</updated><summary>The State Council met on Friday.</summary>"
            b"</entry></feed>")
    articles, problems = parsed(atom)
    assert not problems and articles[0].published_at == "2023-11-18T12:00:00+08:00"


def atom_entry(number: int, content: str, summary: str | None = None) -> str:
    own = f"<summary>{summary}</summary>" if summary is not None else ""
    return (f'<entry><title>Entry {number}</title><link href="https://www.news.cn/{number}.htm"/>'
            f"<id>tag:news.cn,2023:{number}</id>{own}"
            f'<content type="html">&lt;p&gt;{content}&lt;/p&gt;</content></entry>')


def test_an_atom_entry_with_full_content_asks_for_no_page() -> None:
    """feedparser copies Atom content into `summary`, which made every entry look summary-only
    (trial 106: 60 pages requested for 60 full entries)."""
    full = "The State Council met on Friday and approved the plan for the new port. " * 4
    document = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                "<title>X</title>" + atom_entry(1, full) + atom_entry(2, full, "The State Council met.")
                + atom_entry(3, "Short teaser.", "Short teaser.") + "</feed>").encode()
    asked: list[str] = []

    def page(link: str) -> str | None:
        asked.append(link)
        return None

    problems: list[Problem] = []
    articles = list(parse_feed(document, "x.atom", problems.append, page_text=page))
    assert not problems and len(articles) == 3
    assert articles[0].text == "Entry 1\n\n" + full.strip()
    assert "approved the plan" in articles[1].text
    # an entry whose content is no longer than its own summary is a teaser: its page is asked for
    assert asked == ["https://www.news.cn/3.htm"]
    # an RSS item with a description only is summary-only too
    asked.clear()
    list(parse_feed(rss_items(item(7, None)), "f.xml", problems.append, page_text=page))
    assert asked == ["https://www.chinanews.com.cn/gn/7.shtml"]


def test_a_feed_entry_over_the_text_limit_is_indexed_in_part_with_a_warning() -> None:
    """README: "a longer article is indexed up to there, with a warning", as a file's article is
    (trial 106: a 3.15M-character feed item was skipped)."""
    from sourcetrace.readers import WARNING
    from sourcetrace.records import MAX_TEXT_CHARS

    long_text = "The State Council met on Friday. " * 8_000  # 264,000 characters, 263,999 once stripped
    articles, problems = parsed(rss_items(
        f"<item><title>Long</title><link>https://www.news.cn/long.htm</link>"
        f"<description>{long_text}</description><pubDate>Fri, 17 Nov 2099 08:25:00 +0800</pubDate></item>"))
    [article] = articles
    assert article.text.startswith("Long\n\nThe State Council met") and len(article.text) <= MAX_TEXT_CHARS
    assert [p.kind for p in problems] == [WARNING, WARNING]
    assert "entry 1: 'text' is 264,005 characters (limit 200,000): its first" in problems[0].reason
    # an implausible date is left blank with a warning, as in a file, rather than the entry lost
    assert article.published_at is None and "implausible date" in problems[1].reason


def test_a_page_over_the_text_limit_is_indexed_in_part() -> None:
    from sourcetrace.records import MAX_TEXT_CHARS
    from sourcetrace.sources import page_article

    paragraphs = "".join(f"<p>Paragraph {n} says the State Council met on Friday in Beijing.</p>"
                         for n in range(4_000))
    page = (f"<html><head><title>Long</title></head><body><article><h1>Long</h1>{paragraphs}</article>"
            "</body></html>").encode()
    article = page_article(page, url="https://www.news.cn/long.htm")
    assert article.text.startswith("Long") and 150_000 < len(article.text) <= MAX_TEXT_CHARS
