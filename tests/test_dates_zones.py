"""Zone suffixes on dates (trial 107): "GMT+8" and its kind are the offset they say, zone
abbreviations are read whatever their case, IANA names through zoneinfo, and a zone not
understood is refused rather than read as UTC."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from sourcetrace.dates import DateOrder, UnknownZone, parse_datetime
from sourcetrace.errors import InputError
from sourcetrace.records import Article
from sourcetrace.sources.feeds import entry_date

CHINA = datetime.fromisoformat("2023-11-17T08:25:00+08:00")


@pytest.mark.parametrize(
    "value",
    [
        "Fri, 17 Nov 2023 08:25:00 GMT+8",  # stored as -08:00 (16 hours off)
        "2023-11-17 08:25:00 GMT+08:00",
        "2023-11-17 08:25:00 UTC+8",
        "2023-11-17 08:25:00 GMT+0800",
        "Fri Nov 17 2023 08:25:00 GMT+0800 (China Standard Time)",  # JavaScript's Date
        "Fri, 17 Nov 2023 08:25:00 cst",  # stored as +00:00
        "Fri, 17 Nov 2023 08:25:00 CST",
        "Fri, 17 Nov 2023 08:25:00 Asia/Shanghai",  # stored as +00:00
        "17 novembre 2023 à 08h25 GMT+8",
        "2023年11月17日 08:25 GMT+8",  # the zone was dropped
    ],
)
def test_china_time_in_any_spelling_is_the_same_moment(value: str) -> None:
    assert datetime.fromisoformat(parse_datetime(value) or "") == CHINA


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-11-17 08:25 GMT-5", "2023-11-17T08:25:00-05:00"),
        ("2023-11-17 08:25 UTC+05:30", "2023-11-17T08:25:00+05:30"),
        ("2023-11-17 08:25 GMT", "2023-11-17T08:25:00+00:00"),
        ("2023-11-17T08:25:00Z", "2023-11-17T08:25:00+00:00"),
        ("2023-11-17 08:25 est", "2023-11-17T08:25:00-05:00"),
        ("2023-11-17 08:25", "2023-11-17T08:25:00+00:00"),  # no zone: UTC, as before
        ("2023-01-17 08:25 Europe/Madrid", "2023-01-17T08:25:00+01:00"),
        ("2023-07-17 08:25 Europe/Madrid", "2023-07-17T08:25:00+02:00"),  # summer time
        ("2023-07-17 08:25 America/Bogota", "2023-07-17T08:25:00-05:00"),
        ("2023-07-17 08:25 Etc/GMT+8", "2023-07-17T08:25:00-08:00"),  # IANA's POSIX sign stays
    ],
)
def test_offsets_and_zone_names(value: str, expected: str) -> None:
    assert parse_datetime(value) == expected


@pytest.mark.parametrize("value", ["2023-11-17 08:25 XYZ", "2023-11-17 08:25 Mars/Olympus"])
def test_a_zone_not_understood_is_refused_not_read_as_utc(value: str) -> None:
    with pytest.raises(UnknownZone, match="unknown time zone"):
        parse_datetime(value)
    warnings: list[str] = []
    article = Article.from_dict({"id": "a", "text": "some text", "published_at": value}, warn=warnings.append)
    assert article.published_at is None and "unknown time zone" in warnings[0]


def test_a_feed_date_with_an_unknown_zone_is_not_read_as_utc_by_feedparser() -> None:
    entry = {"published": "Fri, 17 Nov 2023 08:25:00 XYZ",
             "published_parsed": datetime(2023, 11, 17, 8, 25).timetuple()}
    with pytest.raises(InputError):
        Article.from_dict({"id": "a", "text": "some text", "published_at": entry_date(entry)})
    assert entry_date({"published": "Fri, 17 Nov 2023 08:25:00 GMT+8"}) == "2023-11-17T08:25:00+08:00"


def test_lower_case_cst_is_said_as_china_time() -> None:
    said: list[str] = []
    DateOrder(False, said.append).seen("Fri, 17 Nov 2023 08:25:00 cst", 3)
    assert len(said) == 1 and "China Standard Time" in said[0]


def test_index_date_range_compares_moments_not_text(tmp_path: Path) -> None:
    """Trial 107's `index stats` gave first 05:00Z and last 12:30+08:00 (text order); the
    earliest is 10:00+08:00 (02:00 UTC), the latest 05:00Z."""
    from sourcetrace.index.store import Store

    store = Store(tmp_path / "store.sqlite")
    dates = ["2023-11-18T10:00:00+08:00", "2023-11-18T05:00:00+00:00", "2023-11-18T12:30:00+08:00", None]
    for n, published in enumerate(dates):
        text = f"story number {n} about a bridge"
        store.add_article(Article.from_dict({"id": f"a{n}", "text": text, "published_at": published}),
                          [(0, len(text))], n)
    store.conn.commit()
    assert store.date_range() == ("2023-11-18T10:00:00+08:00", "2023-11-18T05:00:00+00:00")
    store.close()
