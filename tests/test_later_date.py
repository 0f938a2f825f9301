"""A day the post tells as past that came after the article was published (sharedfacts.later_date)."""

from __future__ import annotations

from sourcetrace import anchorcompare, verdict
from sourcetrace.match import MatchConfig, prepare
from sourcetrace.records import Post
from sourcetrace.sharedfacts import later_date

# trial 102: CGTN's tweet of 5 May 2023 and a Spanish post of 12 May on another emergency's end
ARTICLE = "COVID-19 no longer public health emergency of international concern: WHO"
PUBLISHED = "2023-05-05T14:02:00Z"
MPOX = "La OMS declaró el 11 de mayo el fin de la emergencia de salud pública de importancia internacional por la mpox."


def _later(text: str, created_at: str | None, article: str = ARTICLE, published: str | None = PUBLISHED) -> str | None:
    prep = prepare(Post(text, id="p", created_at=created_at), MatchConfig())
    table = anchorcompare.article_keys(article)
    shared, _ = anchorcompare.compare(prep.anchors, table, None, prep.core)
    return later_date(prep, prep.core, shared, table, published)


def test_a_past_day_after_the_article_is_a_later_event() -> None:
    assert _later(MPOX, "2023-05-12T10:00:00Z") == "11 de mayo (2023-05-11)"
    assert _later("5月11日，世卫组织宣布猴痘疫情不再构成国际关注的突发公共卫生事件。", "2023-05-12T10:00:00Z") == "5月11日 (2023-05-11)"


def test_days_the_rule_cannot_read_as_later() -> None:
    assert _later(MPOX, None) is None  # no date on the post: past or to come cannot be told
    assert _later(MPOX, "2023-05-12T10:00:00Z", published=None) is None
    # a day still to come when posted: the article may have given it in other words ("next Thursday")
    assert _later(MPOX, "2023-05-09T10:00:00Z") is None
    # within LATER_DATE_AFTER_DAYS of the publication: a time zone, a dateline of the next day
    assert _later(MPOX.replace("11 de mayo", "6 de mayo"), "2023-05-12T10:00:00Z") is None
    # the article holds the day, as a date or as a day alone
    assert _later(MPOX, "2023-05-12T10:00:00Z", article=ARTICLE + " on May 11") is None
    assert _later(MPOX, "2023-05-12T10:00:00Z", article="世卫组织11日宣布，新冠疫情不再构成国际关注的突发公共卫生事件") is None
    # a header dates the post, not the event
    assert _later("12/05 | La OMS declaró el fin de la emergencia de salud pública por la covid.",
                  "2023-05-13T10:00:00Z") is None
    assert _later("📅 12 de mayo: La OMS declaró el fin de la emergencia de salud pública por la covid.",
                  "2023-05-13T10:00:00Z") is None
    # a lead that starts with its day is no header
    assert _later("11 de mayo, la OMS declaró el fin de la emergencia por la mpox.", "2023-05-12T10:00:00Z") \
        == "11 de mayo (2023-05-11)"
    # a day of another year the post writes: an anniversary or a past event, not this one's sequel
    assert _later(MPOX.replace("11 de mayo", "11 de mayo de 2022"), "2023-05-12T10:00:00Z") is None


def test_its_own_year_is_read() -> None:
    late = MPOX.replace("11 de mayo", "11 de mayo de 2023")
    assert _later(late, "2023-05-12T10:00:00Z") == "11 de mayo (2023-05-11)"


def test_judge_holds_back_an_encoder_match_not_a_copy_on_shared_characters() -> None:
    ev = verdict.PairEvidence(letters=120, differs=True, containment=0.0, lexical=0.0, semantic=0.9, by_encoder={"use": 0.9, "e5": 0.9},
                              raw={"use": 0.6, "e5": 0.9}, scaled={"use": 0.3, "e5": 0.07})
    assert verdict.judge(ev) is not None
    ev.later_date = "11 de mayo (2023-05-11)"
    assert verdict.judge(ev) is None
    assert any("11 de mayo (2023-05-11), a day after the article was published" in r for r in verdict.why_not(ev))
