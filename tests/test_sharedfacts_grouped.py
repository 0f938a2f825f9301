"""The "another event" rules read a number written in groups of digits and Han or Korean scales
("7亿7000万", "36万7000", "3兆2000億", "36만 7천") whole, as the anchors do
(`anchors.grouped_numbers`): a user saw the true copy "…7.7亿件…" of "…7亿7000万件…" blocked as
"7.7 ≠ 7", Korean copies writing "367,000명" and "36.7만 명" of "36만 7천 명" blocked as "367,000 ≠
36" and "36.7 ≠ 36", and the reason of a right block read "2.3 trillion ≠ 2000億"."""

from __future__ import annotations

from pathlib import Path

from sourcetrace.anchors import grouped_numbers
from sourcetrace.index import Index
from sourcetrace.match import Matcher
from sourcetrace.ordinals import figures
from sourcetrace.quantities import quantities, quantity_conflict
from sourcetrace.records import Post
from sourcetrace.sharedfacts import figure_conflict, year_conflict

PARCELS = "国家邮政局监测数据显示，11月11日当天全国邮政快递企业共揽收快递包裹7亿7000万件，同比增长两成。"
VISITORS = "중국 문화관광부에 따르면 국경절 연휴 기간 베이징 고궁박물원을 찾은 관람객은 모두 36만 7천 명으로 역대 최다를 기록했다."
MUSEUM_JA = "国慶節の連休中に北京の故宮博物院を訪れた観光客は延べ36万7000人に達し、過去最多を記録した。"
INVEST = "日本の大手自動車メーカー3社は、中国の電気自動車事業に今後5年間で総額3兆2000億円を投資する計画を発表した。"


def _span(post: str, article: str, words: str) -> dict[str, list[int]]:
    return {"post": [post.index(words), post.index(words) + len(words)],
            "article": [article.index(words), article.index(words) + len(words)]}


def _whole(text: str) -> list[tuple[str, list[float]]]:
    return [(text[f.start:f.end], sorted(f.values)) for f in figures(text) if f.kind == "number"]


def test_a_number_in_groups_is_one_figure_in_every_script() -> None:
    """`ordinals.figures` reads the whole number and its value in its first scale (7亿7000万 is
    770 million and 7.7亿), in simplified and traditional characters, Japanese, Korean and
    full-width digits; a scale of two characters is one scale ("5千億" is 500 billion)."""
    assert _whole("共揽收快递包裹7亿7000万件") == [("7亿7000万", [7.7, 7.7e8])]
    assert _whole("共攬收快遞包裹7億7000萬件") == [("7億7000萬", [7.7, 7.7e8])]
    assert _whole("共揽收快递包裹７亿７０００万件") == [("７亿７０００万", [7.7, 7.7e8])]
    assert _whole("延べ36万7000人") == [("36万7000", [36.7, 367000.0])]
    assert _whole("모두 36만 7천 명으로") == [("36만 7천", [36.7, 367000.0])]
    assert _whole("総額3兆2000億円") == [("3兆2000億", [3.2, 3.2e12])]
    assert _whole("総額２兆３千億円") == [("２兆３千億", [2.3, 2.3e12])]
    assert _whole("1億2千萬人") == [("1億2千萬", [1.2, 1.2e8])]
    assert _whole("総額5千億円") == [("5", [5.0, 5e11])]
    assert _whole("3千萬人") == [("3", [3.0, 3e7])]
    # the pieces stay apart where they are no groups of one number
    assert _whole("3万2024年") == [("3", [3.0, 30000.0])]
    assert [(g.start, g.end, g.value) for g in grouped_numbers("人口36万7000人，增长2万5千")] == \
        [(2, 9, 367000.0), (13, 17, 25000.0)]
    assert grouped_numbers("人口36万人") == []


def test_a_number_in_groups_is_one_quantity() -> None:
    """`quantity_conflict` compares the whole count: "3.2 trillion yen" is 3兆2000億円, "2.3 trillion"
    is not (and the reason names the whole number), "707 million" is no 7亿7000万."""
    assert [(q.values, q.written) for q in quantities("総額3兆2000億円")] == [(frozenset({3.2, 3.2e12}), "3兆2000億")]
    assert quantity_conflict("Three automakers will invest a total of 3.2 trillion yen in China.", INVEST) is None
    assert quantity_conflict("Three automakers will invest a total of 2.3 trillion yen in China.", INVEST) \
        == "2.3 trillion ≠ 3兆2000億"
    assert quantity_conflict("Three automakers will invest a total of 2.3 trillion yen in China.",
                             INVEST.replace("3兆2000億", "３兆２０００億")) == "2.3 trillion ≠ ３兆２０００億"
    assert quantity_conflict("全国快递企业共揽收快递包裹7.7亿件。", PARCELS) is None
    assert quantity_conflict("全國快遞企業共攬收快遞包裹7.7億件。", PARCELS) is None
    assert quantity_conflict("Postal companies handled 770 million parcels on November 11.", PARCELS) is None
    assert quantity_conflict("Postal companies handled 707 million parcels on November 11.", PARCELS) \
        == "707 million ≠ 7亿7000万"


def test_a_number_in_groups_is_one_figure_beside_a_shared_stretch() -> None:
    """`figure_conflict`: the copy's "7.7亿" is the article's 7亿7000万 and "7亿" is not (shown
    whole, with its scale); Korean "367,000명" and "36.7만 명" are "36만 7천 명", "37만 6천 명" is
    not."""
    words = "日当天全国邮政快递企业共揽收快递包裹"
    copy = PARCELS.replace("7亿7000万", "7.7亿")
    assert figure_conflict(copy, PARCELS, [_span(copy, PARCELS, words)]) is None
    article = "11月11日當天全國郵政快遞企業共攬收快遞包裹７億７０００萬件，同比增長兩成。"
    traditional = "11月11日當天全國郵政快遞企業共攬收快遞包裹７．７億件。"
    words = "日當天全國郵政快遞企業共攬收快遞包裹"
    assert figure_conflict(traditional, article, [_span(traditional, article, words)]) is None
    other = article.replace("７億７０００萬", "７億")
    assert figure_conflict(other, article, [_span(other, article, words)]) == "７億 ≠ ７億７０００萬"
    words = "日当天全国邮政快递企业共揽收快递包裹"
    other = PARCELS.replace("7亿7000万", "7亿")
    assert figure_conflict(other, PARCELS, [_span(other, PARCELS, words)]) == "7亿 ≠ 7亿7000万"
    words = "베이징 고궁박물원을 찾은 관람객은 모두"
    for written in ("367,000명", "36.7만 명", "36만7천 명"):
        copy = VISITORS.replace("36만 7천 명", written)
        assert figure_conflict(copy, VISITORS, [_span(copy, VISITORS, words)]) is None, written
    moved = VISITORS.replace("36만 7천", "37만 6천")
    assert figure_conflict(moved, VISITORS, [_span(moved, VISITORS, words)]) == "37만 6천 ≠ 36만 7천"
    ja = MUSEUM_JA.replace("36万7000", "37万6000")
    assert figure_conflict(ja, MUSEUM_JA, [_span(ja, MUSEUM_JA, "人に達し、過去最多を記録した")]) is not None


def test_a_group_of_a_number_is_no_year() -> None:
    """"1만 2000명" and "1万2000件" hold no year 2000 (`year_conflict`)."""
    assert year_conflict("관람객은 1만 2000명으로 집계됐다.", "2001년 관람객이 크게 늘었다.") is None
    assert year_conflict("共收到1万2000件。", "2001年共收到大量邮件。") is None
    assert year_conflict("2000年共收到1万件。", "2001年共收到1万件。") == "2000 ≠ 2001"


def test_a_copy_writing_a_number_in_groups_otherwise_is_found(tmp_path: Path) -> None:
    """End to end (`Matcher.check`): the copy writing "7.7亿" and the Korean copies writing
    "367,000명" and "36.7만 명" are found; the post on 7亿 parcels is another event."""
    from sourcetrace import index as ix
    from sourcetrace.records import Article

    rows = [{"id": "parcels", "text": PARCELS, "lang": "zh", "outlet": "chinanews"},
            {"id": "visitors", "text": VISITORS, "lang": "ko", "outlet": "yonhap"}]
    ix.build(tmp_path / "index", [Article.from_dict(r) for r in rows], encoder="hash")
    matcher = Matcher(Index.open(tmp_path / "index"))
    for text, lang, expected in ((PARCELS.replace("7亿7000万", "7.7亿"), "zh", "parcels"),
                                 (PARCELS.replace("7亿7000万", "7亿"), "zh", None),
                                 (VISITORS.replace("36만 7천 명", "367,000명"), "ko", "visitors"),
                                 (VISITORS.replace("36만 7천 명", "36.7만 명"), "ko", "visitors"),
                                 (VISITORS.replace("36만 7천", "37만 6천"), "ko", None)):
        result = matcher.check(Post(text, lang=lang))
        assert (result.matches[0].article.id if result.matches else None) == expected, text
