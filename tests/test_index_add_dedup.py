"""One article met twice, once at its plain URL and once through a feed that adds tracking
parameters to its links and a "read more" tail to its summaries, is indexed once (trial 122: RT's
Atom feed, `?utm_source=rss&utm_medium=rss&utm_campaign=RSS` and "Read Full Article at RT.com",
stored a second copy of a story indexed from JSONL, and every copy of it was reported twice);
an entry given its feed's outlet because the registry knows no outlet at its link's domain is
said in a note (a radiosputnik.ru item in ria.ru's feed became "ria" unsaid)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcetrace import index as ix
from sourcetrace.readers import NOTE, Problem
from sourcetrace.records import Article
from sourcetrace.sources import parse_feed
from sourcetrace.sources.feeds import without_read_more
from sourcetrace.sources.urls import comparable_url, without_tracking

TITLE = "China criticizes US for being 'world's number one secret stealer' after reports of NSA spying on allied leaders"
LEAD = ("The Chinese Foreign Ministry has issued a stern rebuke of US intelligence practices after Emmanuel"
        " Macron and Angela Merkel demanded answers about reports that Washington used Danish intelligence"
        " to monitor its allied leaders.")
URL = "https://www.rt.com/news/525559-china-us-france-germany-spies/"
SINOVAC_TITLE = "Singapore uses special access route to fast-track use of China's Sinovac Covid vaccine"
SINOVAC = ("Singapore's health ministry has announced China's Sinovac Covid-19 vaccine has been cleared for use"
           " under the city-state's special access route, after the WHO added the jab to its emergency use listing.")

RT_ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>RT World News</title>
  <link href="https://www.rt.com/" rel="alternate"/>
  <id>https://www.rt.com/rss/news/</id>
  <updated>2021-06-04T11:02:52Z</updated>
  <entry>
    <title>{TITLE}</title>
    <link href="{URL}?utm_source=rss&amp;utm_medium=rss&amp;utm_campaign=RSS"/>
    <id>{URL}</id>
    <updated>2021-06-04T11:02:52Z</updated>
    <summary type="html">&lt;img src="https://cdni.rt.com/files/x.JPG" /&gt; {LEAD} &lt;a href="{URL}"&gt;Read Full Article at RT.com&lt;/a&gt;</summary>
  </entry>
  <entry>
    <title>{SINOVAC_TITLE}</title>
    <id>tag:rt.com,2021:525484</id>
    <updated>2021-06-02T14:32:59Z</updated>
    <summary>{SINOVAC} Read Full Article at RT.com</summary>
  </entry>
</feed>
""".encode()


def feed_articles(data: bytes) -> tuple[list[Article], list[Problem]]:
    problems: list[Problem] = []
    return list(parse_feed(data, "feed.xml", problems.append)), problems


def jsonl_article(id_: str, url: str | None, text: str, title: str | None = None) -> Article:
    return Article.from_dict({"id": id_, "outlet": "rt", "lang": "en", "url": url, "title": title, "text": text})


@pytest.mark.parametrize(("url", "expected"), [
    (URL + "?utm_source=rss&utm_medium=rss&utm_campaign=RSS", URL),
    ("https://ex.com/a?id=1&fbclid=IwAR0abc", "https://ex.com/a?id=1"),
    ("https://ex.com/a?gclid=x&id=2&UTM_Term=y", "https://ex.com/a?id=2"),
    ("https://ex.com/a?yclid=7#comments", "https://ex.com/a"),
    ("HTTPS://WWW.Ex.com:443/News/A.html", "https://www.ex.com/News/A.html"),  # the path keeps its case
    ("https://ex.com/#!/news/12", "https://ex.com/#!/news/12"),  # a script route names the page
    ("https://ex.com/a?id=1&cid=4&ref=home", "https://ex.com/a?id=1&cid=4&ref=home"),  # not known trackers
])
def test_comparable_url_drops_tracking_parameters_and_fragment_only(url: str, expected: str) -> None:
    assert comparable_url(url) == expected


def test_dedup_keeps_pages_that_differ_in_a_parameter_that_is_no_tracker() -> None:
    assert comparable_url("https://ex.com/a?id=1") != comparable_url("https://ex.com/a?id=2")
    assert without_tracking("https://ex.com/a?id=1") == "https://ex.com/a?id=1"
    assert without_tracking("https://ex.com/a?utm_source=x&id=1") == "https://ex.com/a?id=1"


@pytest.mark.parametrize(("text", "expected"), [
    ("Leaders. Read Full Article at RT.com", "Leaders."),
    ("A story… Read more »", "A story…"),
    ("Lead.\nThe post Wushu championship opens appeared first on CGTN.", "Lead."),
    ("Новость. Читать далее", "Новость."),
    ("Noticia. Leer más", "Noticia."),
    ("新闻内容。阅读全文", "新闻内容。"),
    # controls: the words inside a sentence, or the article's own last words, stay
    ("Он рассказал подробнее.", "Он рассказал подробнее."),
    ("Officials say people read more books in winter.", "Officials say people read more books in winter."),
    ("Read more about it later, he said.", "Read more about it later, he said."),
])
def test_feed_read_more_tails_are_no_article_text(text: str, expected: str) -> None:
    assert without_read_more(text) == expected


def test_rt_atom_entries_lose_their_tracking_parameters_and_read_more_tail() -> None:
    (china, sinovac), problems = feed_articles(RT_ATOM)
    assert not problems
    assert china.url == URL
    assert china.text == f"{TITLE}\n\n{LEAD}"
    assert sinovac.text == f"{SINOVAC_TITLE}\n\n{SINOVAC}"
    assert "Read Full Article" not in china.text + sinovac.text


def test_index_add_dedup_of_a_feed_story_indexed_from_jsonl(tmp_path: Path) -> None:
    """Trial 122's reproducer: both RT entries are already indexed (one by its URL and text, the
    one without a link by its text), so none is added again and both are counted as such."""
    path = tmp_path / "index"
    ix.build(path, [jsonl_article("rt.china_nsa", URL, LEAD, TITLE),
                    jsonl_article("rt.sinovac", "https://www.rt.com/news/525484-singapore-sinovac/", SINOVAC,
                                  SINOVAC_TITLE)], encoder="hash")
    articles, _ = feed_articles(RT_ATOM)
    stats = ix.add(path, articles)
    assert (stats.added, stats.duplicates, stats.changed) == (0, 2, 0)
    assert [kept for _, kept in stats.merged] == ["rt.china_nsa", "rt.sinovac"]


@pytest.mark.parametrize(("stored", "added"), [
    (URL, URL + "?utm_source=rss&utm_medium=rss#top"),  # a link with trackers, its page stored
    (URL + "?utm_source=rss&fbclid=1", URL),  # a page stored with trackers, its plain link
    (URL + "?gclid=1", URL + "?utm_medium=rss"),  # trackers on both
])
def test_index_add_dedup_by_url_with_tracking_parameters(tmp_path: Path, stored: str, added: str) -> None:
    path = tmp_path / "index"
    ix.build(path, [jsonl_article("first", stored, LEAD, TITLE)], encoder="hash")
    stats = ix.add(path, [jsonl_article("second", added, "Another text of the story, edited since.", TITLE)])
    assert (stats.added, stats.duplicates, stats.changed) == (0, 1, 1)
    assert stats.merged == [("second", "first")]


def test_index_add_dedup_control_other_query_parameter_is_another_article(tmp_path: Path) -> None:
    path = tmp_path / "index"
    ix.build(path, [jsonl_article("one", "https://news.ex.com/article?id=1&utm_source=rss", LEAD, TITLE)],
             encoder="hash")
    stats = ix.add(path, [jsonl_article("two", "https://news.ex.com/article?id=2", SINOVAC, SINOVAC_TITLE),
                          jsonl_article("three", "https://news.ex.com/article", "A third story about a bridge"
                                        " opening in Wuhan, with its own text.")])
    assert (stats.added, stats.duplicates) == (2, 0)


def ria_rss(*links: str) -> bytes:
    items = "".join(
        f"<item><title>Новость {n} о пенсии актрисы</title><link>{link}</link><description>Актриса получает"
        f" пенсию в восемнадцать тысяч рублей, сообщает источник номер {n}.</description></item>"
        for n, link in enumerate(links, 1))
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>РИА Новости</title>'
            f"<link>https://ria.ru/</link><language>ru</language>{items}</channel></rss>").encode()


def test_feed_entry_on_a_domain_the_registry_does_not_know_is_noted() -> None:
    articles, problems = feed_articles(ria_rss(
        "https://radiosputnik.ru/20210926/proklova-1751800001.html",
        "https://radiosputnik.ru/20210927/other-1751800002.html",  # one note per domain
        "https://ria.ru/20210926/news-1.html",
        "https://www.xinhuanet.com/a.htm",  # the registry knows it: its outlet, unsaid
    ))
    assert [a.outlet for a in articles] == ["ria", "ria", "ria", "xinhua"]
    notes = [p for p in problems if p.kind == NOTE]
    assert len(notes) == len(problems) == 1
    assert "radiosputnik.ru" in notes[0].reason and "ria" in notes[0].reason
    assert "entry 1" in notes[0].reason


def test_feed_entry_outlet_given_by_the_caller_is_not_noted() -> None:
    problems: list[Problem] = []
    data = ria_rss("https://radiosputnik.ru/20210926/proklova-1751800001.html")
    [article] = parse_feed(data, "feed.xml", problems.append, outlet="ria")
    assert article.outlet == "ria" and not problems
