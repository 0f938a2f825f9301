"""A copy that rounds its article's figures states no other facts (trial 76): "más de 2.200
millones" for 2.240 millones, "逾5000人" for 5178, "1,2 millones" for 1,21 millones."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sourcetrace import verdict
from sourcetrace.anchorcompare import article_keys, compare
from sourcetrace.anchors import extract
from sourcetrace.rounding import ABOUT, ABOVE, BELOW, approximate, estimate, last_place, rounds_to
from sourcetrace.sharedfacts import figure_conflict
from sourcetrace.storedkeys import stored_keys, stored_table


@pytest.mark.parametrize(("value", "written", "other", "side", "rounds"), [
    (2.2e9, "2.200 millones", 2.24e9, None, True),    # to the hundred million
    (1.2e6, "1,2 millones", 1.21e6, None, True),
    (7, "7", 6.7, BELOW, True),                       # "casi un 7 %"
    (5100, "5.100", 5178, ABOVE, True),               # "más de 5.100": the whole last place, above
    (5100, "5.100", 5178, None, False),               # written flat, 5178 is 5.200
    (5000, "5000", 5178, ABOVE, True),                # "逾5000"
    (5200, "5 200", 5178, BELOW, True),               # "près de 5 200"
    (290_000, "290,000", 289_730, ABOUT, True),
    (4600, "cuatro mil seiscientos", 4625, None, True),  # in words: the value's own digits
    (40, "40", 50, ABOUT, False), (40, "40", 50, BELOW, False), (6000, "6.000", 5178, ABOVE, False),
    (600_000, "600,000", 550_000, ABOUT, False),      # trial 77: "around 600,000" for 550,000
    (7, "7", 6, None, False),                         # another count
    (100, "100", 149, ABOVE, False),                  # more than a fifth away
    (5e8, "5亿", 6e8, ABOVE, False),                   # "超过5亿": 600 million is the next figure (trial 90)
    (7, "7", 6, BELOW, False),
    (8, "8", 13, None, False), (500_000, "500.000", 2e6, None, False), (30, "30", 50, None, False),
])
def test_a_figure_rounds_to_the_article_s_within_its_last_place(value: float, written: str, other: float,
                                                                 side: str | None, rounds: bool) -> None:
    assert rounds_to(value, written, other, side) is rounds


def test_the_last_place_and_estimates_are_read_from_the_text() -> None:
    assert last_place(4200, "4.200") == 100 and last_place(2.2e9, "2.200 millones") == 1e8
    assert last_place(0.4, "0,4") == pytest.approx(0.1) and last_place(278, "278") == 1
    for text in ("más de 2.200 millones", "casi un 7 %", "逾5000人", "8000多人", "about $290,000", "около 300"):
        start = next(i for i, c in enumerate(text) if c.isdigit())
        end = start + len(text[start:].split()[0].rstrip("多人%"))
        assert approximate(text, start, end), text
    assert not approximate("de 5.100 muertos", 3, 8)
    assert [estimate(t, t.index("5"), t.index("5") + 4) for t in ("más de 5000", "casi 5000", "unos 5000", "5000多人")] == \
        [ABOVE, BELOW, ABOUT, ABOVE]


ARTICLE = ("日本警察厅17日说，日本大地震已造成5178人死亡、8608人失踪。三峡船闸累计过闸货运量2.240 millones de toneladas。"
           "El Festival recibió 1,21 millones de visitantes.")


@pytest.mark.parametrize("table", [article_keys(ARTICLE), stored_table(ARTICLE, stored_keys(ARTICLE))])
def test_a_rounded_figure_is_shared_not_missing(table) -> None:  # type: ignore[no-untyped-def]
    for post, shared in (("日本大地震死亡人数逾5000人，另有8000多人失踪", [("5000", "5178"), ("8000", "8608")]),
                         ("más de 5.100 muertos y más de 8.600 desaparecidos", [("5.100", "5178"), ("8.600", "8608")]),
                         ("más de 2.200 millones de toneladas", [("2.200 millones", "2.240 millones")]),
                         ("Más de 1,2 millones de visitantes", [("1,2 millones", "1,21 millones")])):
        missed: list = []
        found, missing = compare(extract(post), table, missed, post)
        assert [(s.post.text, s.article.text) for s in found if s.post.kind != "name"] == shared, post
        assert missing == 0.0 and missed == [], post
    # a figure written flat that the article's does not round to, or another count, is missing
    for post, figure in (("5.100 muertos", "5.100"), ("6000 muertos", "6000"), ("3.000 millones de t", "3.000 millones")):
        missed = []
        compare(extract(post), table, missed, post)
        assert [a.text for a in missed] == [figure], post


def test_a_rounded_figure_beside_a_shared_stretch_is_no_other_event() -> None:
    """Trial 76: "Las esclusas de las Tres Gargantas han manejado más de 2.200 millones de
    toneladas" was held back as "another event … 2.200 ≠ 2.240"."""
    article = "Las esclusas de las Tres Gargantas han manejado 2.240 millones de toneladas de carga."
    for post, conflict in (("Las esclusas de las Tres Gargantas han manejado más de 2.200 millones de toneladas.", None),
                           ("Las esclusas de las Tres Gargantas han manejado 3.100 millones de toneladas.", "3.100 millones ≠ 2.240 millones")):
        words = "Las esclusas de las Tres Gargantas han manejado"
        span = {"post": [0, len(words)], "article": [0, len(words)]}
        assert figure_conflict(post, article, [span]) == conflict, post


def _ev(**fields) -> verdict.PairEvidence:  # type: ignore[no-untyped-def]
    base = {"letters": 120, "differs": False, "containment": 0.0, "lexical": 0.0}
    return verdict.PairEvidence(**{**base, **fields})


def _shared(*kinds: str) -> list:
    from sourcetrace.anchorcompare import Shared
    from sourcetrace.anchors import Anchor
    return [Shared(a, a) for i, kind in enumerate(kinds)
            for a in [Anchor(kind, frozenset(), 10 * i, 10 * i + 2, 2.0, "")]]


def test_a_copy_keeps_its_article_s_figures_a_formula_or_title_its_words() -> None:
    """Trial 76: Chinese clauses copied with three or four of their article's figures ("日本熊本县
    14日晚发生6.5级地震，已致4人死亡", "已造成5178人死亡、8608人失踪") were held back as a formula,
    the same-language calibrations putting raw cosines of 0.72-0.98 under 0.1; and state-media
    posts sharing only long party titles ("…del Buró Político del Comité Central del Partido
    Comunista de China") came back near_verbatim at 1.00 with both encoders at 0.03 or less."""
    formula = _ev(post_chars=87, exact_chars=48, longest_chars=30, aligned=True, containment=0.64,
                  lexical=0.99, exact=0.01, by_encoder={"use": 0.05, "e5": 0.001})
    assert verdict.judge(formula) is None
    copy = replace(formula, shared=_shared("date", "number", "number"))
    assert verdict.judge(copy) is not None and verdict.judge(copy).lexical
    assert verdict.judge(replace(formula, shared=_shared("date", "number", "name"))) is None  # two figures: a formula
    titles = _ev(post_chars=236, exact_chars=137, longest_chars=68, aligned=True, containment=0.65, lexical=0.9,
                 exact=0.99, sentence_share=1.0, by_encoder={"use": 0.028, "e5": 0.0013}, shared=_shared("name", "name"))
    assert verdict.judge(titles) is None
    assert "titles or a name, not a copy" in " ".join(verdict.why_not(titles))
    assert verdict.judge(replace(titles, longest_chars=104, exact_chars=110)) is None  # trial 77: a 104-character title
    assert verdict.judge(replace(titles, shared=_shared("name", "number"))) is not None  # a figure: no title
    assert verdict.judge(replace(titles, by_encoder={"use": 0.3, "e5": 0.0013})) is not None  # an encoder sees it
    assert verdict.judge(replace(titles, by_encoder={"use": 0.13, "e5": 0.10})) is not None  # a condensed copy's 0.1+
    assert verdict.judge(replace(titles, longest_chars=26)) is not None  # condensed in short stretches
    assert verdict.judge(replace(titles, longest_chars=200, exact_chars=200, post_chars=3000)) is not None  # a quote
    assert verdict.judge(replace(titles, exact_chars=200, post_chars=236)) is not None  # most of the post


def test_a_dense_chinese_copy_with_its_article_s_figures_needs_no_encoder_floor() -> None:
    dense = _ev(letters=123, containment=0.62, semantic=0.02, by_encoder={"use": 0.02, "e5": 0.0},
                han_script=True, article_chars=400, shared=_shared("date", "number", "number", "number"))
    assert verdict.judge(dense) is not None and verdict.anchors_matter(dense)
    assert verdict.judge(replace(dense, shared=_shared("date", "number"))) is None
    assert verdict.judge(replace(dense, containment=0.2)) is None
    # trial 77: the article's formulas around figures of its own, sharing none, are another event
    formulas = _ev(letters=120, containment=0.5, semantic=0.06, by_encoder={"use": 0.06, "e5": 0.0},
                   han_script=True, article_chars=400, missing_numbers=["80", "11"])
    assert verdict.judge(formulas) is None
    assert verdict.judge(replace(formulas, missing_numbers=[])) is not None


def test_a_chinese_count_of_tenths_is_an_estimate() -> None:
    """Trial 79: "超九成" and "九成以上" for 92.3 % were figures the article lacks, which cancelled
    the lift of a condensed copy sharing four facts; a month range beside them ("超九成；1-9月")
    also made the 90 a day of its own."""
    from sourcetrace import anchorcompare, anchors

    article = "民营企业占企业总量的92.3%，1-9月新设民营企业706.5万户，同比增长15.3%"
    for post in ("占企业总量超九成；1-9月新设民营企业706.5万户", "占企业总量九成以上", "占企业总量九成"):
        shared, _ = anchorcompare.compare(anchors.extract(post), anchorcompare.article_keys(article), None, post)
        assert any(s.post.text == "九成" and s.key == "92.3" for s in shared), post
    # "near nine tenths" is under 90 %: not 92.3 %
    shared, _ = anchorcompare.compare(anchors.extract("占企业总量近九成"), anchorcompare.article_keys(article), None,
                                      "占企业总量近九成")
    assert not any(s.post.text == "九成" for s in shared)


def test_a_decimal_in_words_is_one_figure_beside_the_stretches() -> None:
    """Trial 79: "seven point seven percent" was read as 7.7 and, beside the copied words, as
    "seven ≠ 7.7": the copy was blocked."""
    from sourcetrace.ordinals import figures

    assert [sorted(f.values) for f in figures("the index went up seven point seven percent year on year")] == [[7.7]]
