"""Feed dates trial 110 saw misread or blanked in silence: a malformed ISO date
("2026-11-110T10:00:00+08:00", read by feedparser as 11 November) and an impossible one ("Tue, 31
Nov 2026") are left blank with a warning; Russian feeds' RFC 822 dates ("Вт, 24 ноя 2026
12:40:00 +0300") are read."""

from __future__ import annotations

import pytest

from sourcetrace.dates import parse_datetime
from sourcetrace.errors import InputError
from sourcetrace.readers import Problem
from sourcetrace.sources import parse_feed


def rss(*dates: str) -> bytes:
    items = "".join(
        f"<item><title>Новость {n}</title><link>https://russian.rt.com/news/{n}</link><pubDate>{d}</pubDate>"
        f"<description>Текст новости номер {n} о погоде в Москве.</description></item>"
        for n, d in enumerate(dates))
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>RT</title>'
            f"<link>https://russian.rt.com</link>{items}</channel></rss>").encode()


def parsed(data: bytes) -> tuple[list, list[Problem]]:
    problems: list[Problem] = []
    return list(parse_feed(data, "feed.xml", problems.append)), problems


@pytest.mark.parametrize(("written", "read"), [
    ("Вт, 24 ноя 2026 12:40:00 +0300", "2026-11-24T12:40:00+03:00"),
    ("вт, 24 НОЯ 2026 12:40 MSK", "2026-11-24T12:40:00+03:00"),
    ("Пн, 07 сен 2026 08:00:00 +0300", "2026-09-07T08:00:00+03:00"),
    ("Сб, 02 мая 2026 10:00:00 +0300", "2026-05-02T10:00:00+03:00"),
    ("15 янв. 2026 10:00", "2026-01-15T10:00:00+00:00"),
])
def test_russian_rfc822_dates_are_read(written: str, read: str) -> None:
    assert parse_datetime(written) == read


def test_an_impossible_date_is_refused_naming_it_as_written() -> None:
    with pytest.raises(InputError, match="Tue, 31 Nov 2026"):
        parse_datetime("Tue, 31 Nov 2026 12:40:00 +0300")
    with pytest.raises(InputError):
        parse_datetime("Вт, 31 ноя 2026 12:40:00 +0300")


def test_bad_feed_dates_are_blanked_with_a_warning_each() -> None:
    articles, problems = parsed(rss("2026-11-110T10:00:00+08:00", "Tue, 31 Nov 2026 12:40:00 +0300",
                                    "Вт, 31 ноя 2026 12:40:00 +0300", "Вт, 24 ноя 2026 12:40:00 +0300"))
    assert [a.published_at for a in articles] == [None, None, None, "2026-11-24T12:40:00+03:00"]
    assert len(problems) == 3 and all(p.kind == "warning" for p in problems)
    assert "2026-11-110T10:00:00+08:00" in problems[0].reason
    assert "Tue, 31 Nov 2026" in problems[1].reason
    assert "entry 3" in problems[2].reason


def test_atom_malformed_date_is_not_read_as_another_day() -> None:
    atom = (b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>CGTN</title>'
            b'<entry><title>Una noticia</title><link href="https://espanol.cgtn.com/n/1.html"/><id>urn:1</id>'
            b"<published>2026-11-110T10:00:00+08:00</published><updated>2026-11-110T10:00:00+08:00</updated>"
            b"<summary>El Consejo de Estado se reuni\xc3\xb3 el viernes.</summary></entry></feed>")
    [article], problems = parsed(atom)
    assert article.published_at is None and len(problems) == 1
