"""Credits outside the visible text of a post (issue 13, kind 5): forwards, links behind words,
reposts and quotes, read from `Post.credits`; the evidence names the field that held the credit."""

from __future__ import annotations

import pytest

from sourcetrace.attribution import analyze
from sourcetrace.outlets import Registry
from sourcetrace.records import Credit


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load()


@pytest.mark.parametrize(
    ("credit", "outlet", "rule", "credited"),
    [
        (Credit("forward", "РИА Новости", "forwarded_from"), "ria", "forwarded-from", "ria"),
        (Credit("forward", "RT на русском", "forwarded_from"), "rt", "forwarded-from", "rt"),
        (
            Credit("forward", "Xinhua Español | Noticias", "forwarded_from"),
            "xinhua",
            "forwarded-from",
            "xinhua",
        ),
        (Credit("forward", "@rian_ru", "forwarded_from"), "ria", "forwarded-from", "ria"),
        (
            Credit(
                "link",
                "https://ria.ru/20231210/sputnik-1915123456.html",
                "text_link.href",
                "Источник",
            ),
            "ria",
            "link-domain",
            "ria",
        ),
        (
            Credit("link", "https://spanish.news.cn/2024/c.html", "a.href", "aquí"),
            "xinhua",
            "link-domain",
            "xinhua",
        ),
        (
            Credit("link", "http://xhne.ws/aBc1X", "entities.urls.expanded_url"),
            "xinhua",
            "link-shortener",
            "xinhua",
        ),
        (
            Credit(
                "repost",
                "https://twitter.com/XHNews/status/1733970000000000001",
                "quoted_status_permalink",
            ),
            "xinhua",
            "repost-of",
            "xinhua",
        ),
        (
            Credit("repost", "XHspanish", "retweeted_status.user", "Xinhua Español"),
            "xinhua",
            "repost-of",
            "xinhua",
        ),
        (Credit("repost", "mundo_China", "retweeted_status.user"), "cgtn", "repost-of", "cmg"),
    ],
)
def test_outside_credit_is_found_with_its_field(
    reg: Registry, credit: Credit, outlet: str, rule: str, credited: str
) -> None:
    result = analyze(
        "Путин провел совещание. Fuertes lluvias en Guangdong.", outlet, reg, credits=[credit]
    )
    assert (result.status, result.credited) == ("attributed", credited), result.to_dict()
    [evidence] = result.evidence
    assert (evidence.rule, evidence.field, evidence.span) == (rule, credit.field, None)
    # an account the registry knows by its display name only is shown with it (trial 109)
    shown = f"{credit.value} ({credit.label})" if credit.value == "XHspanish" else credit.value
    assert evidence.to_dict() == {
        "text": shown,
        "span": None,
        "rule": rule,
        "field": credit.field,
    }


@pytest.mark.parametrize(
    "credit",
    [
        Credit("link", "https://t.me/mir_novostey_24", "text_link.href", "Подписаться"),
        Credit("forward", "Readovka", "forwarded_from"),
        Credit("forward", "China News Today", "forwarded_from"),  # not China News Service
        Credit("forward", "Новости Москвы 24/7", "forwarded_from"),
        Credit("link", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "entities.urls.expanded_url"),
        Credit("link", "https://blog.example.org/xinhua-review", "a.href", "my blog"),
        Credit("repost", "someone_else", "retweeted_status.user", "Some One"),
    ],
)
def test_no_credit_from_unrelated_fields(reg: Registry, credit: Credit) -> None:
    result = analyze("Москва ответила на новые санкции.", "ria", reg, credits=[credit])
    assert (result.status, result.credited, result.evidence) == ("unattributed", None, [])


def test_outside_credit_to_a_sibling_or_another_outlet(reg: Registry) -> None:
    to_cgtn = Credit(
        "link",
        "https://espanol.cgtn.com/news/2023-12-10/abc/index.html",
        "text_link.href",
        "Fuente",
    )
    result = analyze(
        "China y Brasil firman 15 acuerdos agrícolas.\n\nFuente", "cns", reg, credits=[to_cgtn]
    )
    assert (result.status, result.credited, result.sibling) == ("evasive", "cgtn", True)
    to_reuters = Credit(
        "link", "https://www.reuters.com/markets/asia/x/", "text_link.href", "Source"
    )
    result = analyze(
        "China's foreign trade grew.\n\nSource", "globaltimes", reg, credits=[to_reuters]
    )
    assert (result.status, result.credited, result.sibling) == ("unattributed", "reuters", False)


def test_visible_link_is_not_counted_twice(reg: Registry) -> None:
    url = "https://www.globaltimes.cn/page/202312/1303456.shtml"
    result = analyze(
        f"China's trade grew 1.2% {url}",
        "globaltimes",
        reg,
        credits=[Credit("link", url, "entities.urls.expanded_url")],
    )
    assert [(e.rule, e.field) for e in result.evidence] == [("link-domain", None)]


def test_text_credit_and_outside_credit_together(reg: Registry) -> None:
    result = analyze(
        "Según Xinhua, el PIB creció.",
        "xinhua",
        reg,
        credits=[Credit("forward", "Xinhua Español", "forwarded_from")],
    )
    assert result.status == "attributed"
    assert [e.rule for e in result.evidence] == ["name-alias", "forwarded-from"]


def test_a_credit_by_an_accounts_display_name_shows_the_name(reg: Registry) -> None:
    """Trial 109: a retweet of "@noticias_cn", named "Agencia Xinhua", was attributed to Xinhua
    with the evidence "@noticias_cn" alone, which could not explain it to a reader."""
    credit = Credit("repost", "@noticias_cn", "retweeted_status.user.screen_name", "Agencia Xinhua")
    result = analyze("RT @noticias_cn: Lluvias en Guangdong", "xinhua", reg, credits=(credit,))
    assert (result.status, result.credited) == ("attributed", "xinhua")
    assert [e.text for e in result.evidence] == ["@noticias_cn (Agencia Xinhua)"]
    # by its handle, the handle is the evidence
    credit = Credit("repost", "@XHNews", "retweeted_status.user.screen_name", "China Xinhua News")
    result = analyze("Rain in Guangdong", "xinhua", reg, credits=(credit,))
    assert [e.text for e in result.evidence] == ["@XHNews"]


@pytest.mark.parametrize("name", [
    "People's Daily fan club", "CGTN Parody", "Xinhua no oficial", "Global Times Fans", "RT Memes",
    "People's Daily Tribute", "CGTN Watchers",  # trial 111
])
def test_an_account_about_an_outlet_credits_none(reg: Registry, name: str) -> None:
    """Trial 109: a retweet of an account named "People's Daily fan club" credited People's Daily:
    a fan club's, a parody's or an unofficial account's name starts with the outlet's."""
    credit = Credit("repost", "@fan_account_1", "retweeted_status.user.screen_name", name)
    result = analyze("RT @fan_account_1: Rain in Guangdong", None, reg, credits=(credit,))
    assert result.status == "unattributed" and result.evidence == [], result.to_dict()


def test_an_outlets_channel_named_with_more_words_still_credits(reg: Registry) -> None:
    credit = Credit("repost", "@fan_account_1", "retweeted_status.user.screen_name", "People's Daily | English news")
    result = analyze("RT @fan_account_1: Rain in Guangdong", "peoplesdaily", reg, credits=(credit,))
    assert (result.status, result.credited) == ("attributed", "peoplesdaily"), result.to_dict()
