"""Full text carried outside RSS's <description>: Russian outlets' `yandex:full-text` (trial 110:
RT's feed was indexed as title and lead, and `index update` asked for the pages), Yandex Turbo's
`turbo:content`, `content:encoded`; the longest full text wins."""

from __future__ import annotations

from pathlib import Path

from sourcetrace.readers import Problem
from sourcetrace.sources import parse_feed

FIXTURE = Path(__file__).parent / "fixtures" / "feeds" / "trial110" / "rt_russian_fulltext.rss"


def parsed(data: bytes, page_text=None) -> tuple[list, list[Problem]]:
    problems: list[Problem] = []
    return list(parse_feed(data, "feed.xml", problems.append, page_text=page_text)), problems


def test_yandex_full_text_is_the_article_text_and_no_page_is_asked_for() -> None:
    asked: list[str] = []
    articles, problems = parsed(FIXTURE.read_bytes(), page_text=lambda link: asked.append(link) or None)
    assert not problems and not asked
    first, second = articles
    assert first.text.startswith("В Якутии запустили")
    assert "Станция состоит из 3 тыс. солнечных панелей" in first.text
    assert "Ранее аналогичные объекты были построены" in first.text
    # escaped HTML in the element is read as HTML
    assert "Экспорт зерна в текущем сезоне может достичь 60 млн тонн." in second.text
    assert "<p>" not in second.text


def test_full_text_under_another_prefix_is_read_by_its_namespace() -> None:
    data = FIXTURE.read_bytes().replace(b"xmlns:yandex=", b"xmlns:ya=").replace(b"yandex:full-text", b"ya:full-text")
    articles, _ = parsed(data)
    assert "Станция состоит из 3 тыс." in articles[0].text


def rss(item_body: str, namespaces: str = "") -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:yandex="http://news.yandex.ru" xmlns:turbo="http://turbo.yandex.ru"'
            f' {namespaces}><channel><title>T</title><link>https://ria.ru/</link>'
            f'<item><title>Заголовок</title><link>https://ria.ru/20261123/a.html</link>{item_body}</item>'
            '</channel></rss>').encode()


LEAD = "Первый абзац новости о погоде."
SHORT = f"<p>{LEAD}</p><p>Второй абзац.</p>"
LONG = f"<p>{LEAD}</p><p>Второй абзац.</p><p>Третий абзац с подробностями о снегопаде в Москве.</p>"


def test_the_longest_full_text_wins_whichever_element_holds_it() -> None:
    for short_tag, long_tag in (("content:encoded", "yandex:full-text"), ("yandex:full-text", "content:encoded"),
                                ("content:encoded", "turbo:content")):
        body = (f"<description>{LEAD}</description><{short_tag}><![CDATA[{SHORT}]]></{short_tag}>"
                f"<{long_tag}><![CDATA[{LONG}]]></{long_tag}>")
        [article], problems = parsed(rss(body))
        assert not problems
        assert "Третий абзац с подробностями" in article.text, (short_tag, long_tag)


def test_content_encoded_alone_is_still_read() -> None:
    [article], _ = parsed(rss(f"<description>{LEAD}</description><content:encoded><![CDATA[{LONG}]]></content:encoded>"))
    assert "Третий абзац" in article.text


def test_an_empty_full_text_leaves_the_description() -> None:
    [article], _ = parsed(rss(f"<description>{LEAD}</description><yandex:full-text>  </yandex:full-text>"))
    assert LEAD in article.text
