"""Imperial units read as the metric figures translations write (units.py, through anchors)."""

from __future__ import annotations

from sourcetrace.anchorcompare import article_keys, compare
from sourcetrace.anchors import extract
from sourcetrace.units import conversions, unit_after

# NTREX-128's English source and its professional German and Portuguese translations (newsweek.51338)
EN = ("Rosa, still at hurricane strength Sunday morning with maximum winds of 85 miles per hour, is 385"
      " miles south of Punta Eugenia, Mexico and moving north at 12 miles per hour.")
DE = ("Am Sonntagmorgen wird Rosa noch Hurrikanstärke mit maximalen Winden von 136 Kilometern pro Stunde"
      " haben und sich 620 Kilometer südlich von Punta Eugenia, Mexiko, befinden. Anschließend wird der"
      " Hurrikan mit 19 Kilometern pro Stunde nach Norden ziehen.")
PT = ("O Rosa, ainda com força de furacão no domingo de manhã, com ventos a velocidades máximas de 137"
      " km/h, encontra-se 619 km a sul de Punta Eugenia, no México, deslocando-se para norte a uma"
      " velocidade de 19 quilómetros por hora.")


def _pairs(post: str, article: str) -> tuple[set[tuple[str, str]], float]:
    shared, missing = compare(extract(post), article_keys(article))
    return {(s.post.text, s.article.text) for s in shared}, missing


def test_a_translation_that_converts_miles_to_kilometres_shares_its_figures() -> None:
    for post, speeds in [(DE, ("136", "620", "19")), (PT, ("137", "619", "19"))]:
        pairs, missing = _pairs(post, EN)
        assert {(speeds[0], "85 miles per hour"), (speeds[1], "385 miles"), (speeds[2], "12 miles per hour")} <= pairs
        assert missing == 0.0  # no figure of the post is missing from the article


def test_the_evidence_shows_the_unit_it_converted() -> None:
    pairs, _ = _pairs(PT, EN)
    assert ("137", "85 miles per hour") in pairs and ("619", "385 miles") in pairs
    # a range's first number keeps its own span: the unit belongs to the range's end
    texts = {a.text for a in extract("2 to 4 inches of rainfall") if a.kind == "number"}
    assert texts == {"2", "4 inches"}


def test_either_side_may_write_the_imperial_unit() -> None:
    pairs, missing = _pairs("The storm moved at 85 mph, 385 miles off the coast.", "风速每小时137公里，距海岸619公里。")
    assert {("85 mph", "137"), ("385 miles", "619")} <= pairs and missing == 0.0


def test_ranges_inches_fahrenheit_and_chinese_units() -> None:
    assert unit_after("2 to 4 inches of rain", 1, 21) == "inches"
    assert unit_after("de 3 a 6 pulgadas", 4, 17) == "pulgadas"
    assert unit_after("每小时85英里的速度", 5, 10) == "英里"
    assert conversions(2, "inches") == {5.1, 50.8, 51.0}  # cm or mm; "5" alone is too common
    assert conversions(100, "°f") == {37.0, 37.8, 38.0}
    assert conversions(12, "nautical miles") == {22.0, 22.2}
    pairs, _ = _pairs("Se esperan de 5,1 a 10 cm de lluvia, hasta 15 cm.", "2 to 4 inches of rainfall, up to 6 inches")
    assert {("5,1", "2"), ("15", "6 inches")} <= pairs  # "10" (10.2 cm): one significant digit


def test_trial_17s_conversions_and_coincidences() -> None:
    article = ("The fire burned 12,000 acres in 105 °F heat. The 35-foot bridge and 8 inches of rain; it was"
               " 48 °F at dawn.")
    for post, pair in [("40,6 °C", ("40,6", "105 °F")), ("4.850 hectáreas", ("4.850", "12,000 acres")),
                       ("un puente de 10,7 metros", ("10,7", "35-foot")), ("ponte de 11 metros", ("11", "35-foot")),
                       ("203 milímetros de chuva", ("203", "8 inches"))]:
        pairs, missing = _pairs(post, article)
        assert pair in pairs and missing == 0.0, post
    # "12,000 acres" is not also 12 acres (4.9 ha, "5"), and a single significant digit ("9" of
    # 48 °F, 8.9 °C) is no converted figure: both matched unrelated numbers of trial 17's posts
    pairs, _ = _pairs("5 camiones y 9 minutos", article)
    assert not {p for p in pairs if p[0] in ("5", "9")}


def test_a_rounding_no_translator_writes_and_words_that_are_no_units_are_not_read() -> None:
    assert 60.0 not in conversions(40, "miles")  # 64.4 km: "64" or "65", 7% from 60
    assert conversions(3, "furlongs") == set()
    # "in" (a preposition), "mi" (Spanish "my"), "pie" ("a pie"), "pounds" (sterling) are no units
    for text in ("5 in the morning", "5 mi casa", "3 pie de página", "5 pounds sterling", "5 milestones"):
        assert unit_after(text, 1, len(text)) is None, text
    # a number without an imperial unit keeps its one key
    (only,) = [a for a in extract("129 kilómetros") if a.kind == "number"]
    assert only.keys == frozenset({"129"})


def test_converted_figures_are_confirmed_from_an_index_s_stored_keys() -> None:
    # trial 16: an index stores each key with its span, and a key is used only once extracting
    # the text there gives it again; the unit after the span ("85 miles per hour") was out of view,
    # so no converted figure was ever shared through an index
    from sourcetrace.storedkeys import stored_keys, stored_table

    table = stored_table(EN, stored_keys(EN))
    shared, missing = compare(extract(DE), table)
    assert {("136", "85 miles per hour"), ("620", "385 miles"), ("19", "12 miles per hour")} <= \
        {(s.post.text, s.article.text) for s in shared}
    assert missing == 0.0
    # a range's scale written after its second number, the same way
    article = "Investment is projected to grow from 11 to 50.2 trillion yuan by 2030."
    shared, _ = compare(extract("de 11 000 à 50 200 milliards de yuans"), stored_table(article, stored_keys(article)))
    assert ("11 000", "11") in {(s.post.text, s.article.text) for s in shared}


def test_power_and_energy_under_another_metric_prefix_are_one_figure() -> None:
    # trial 92: a Chinese copy's "110万千瓦" and an edited copy's "1.1 gigawatts" of an article's
    # "1,100 megawatts" were figures the article lacked ("another event: 1.1 ≠ 1,100")
    article = "Kuwait and China signed an agreement to build a solar power plant with a capacity of 1,100 megawatts."
    for post, written in [("装机容量为110万千瓦的新太阳能电站", "110万千瓦"), ("a capacity of 1.1 GW", "1.1 GW"),
                          ("una capacidad de 1,1 gigavatios", "1,1 gigavatios"), ("мощностью 1100 МВт", "1100 МВт"),
                          ("1.1 million kilowatts", "1.1 million kilowatts")]:
        pairs, missing = _pairs(post, article)
        assert (written, "1,100 megawatts") in pairs and missing == 0.0, post
    pairs, missing = _pairs("发电量达48.6亿千瓦时", "generated 4.86 billion kilowatt-hours, or 4.86 TWh")
    assert ("48.6亿千瓦时", "4.86 billion kilowatt-hours") in pairs and missing == 0.0
    # another capacity is still another figure, and a symbol in another case is another unit
    # ("mW" a milliwatt, "Mw" a magnitude)
    assert _pairs("a capacity of 1.2 GW", article)[1] > 0.0
    # the same number under another prefix is another figure (trial 93: "16 MW = 16 GW" was shared),
    # and a power of 2000 is no year (trial 93: "2000 kW" against "2 GW" was neither)
    # ("1,100" is also read 1.1, a decimal comma: "1,100 kilowatts" still meets "1,100 megawatts")
    for post in ("a capacity of 1100 kilowatts", "a capacity of 1100 gigawatts"):
        pairs, missing = _pairs(post, "a solar power plant with a capacity of 1100 megawatts")
        assert not [p for p in pairs if "1100" in p[0]] and missing > 0.0, post
    pairs, _ = _pairs("a total capacity of 16 MW", "a total capacity of 16 GW")
    assert not pairs
    missed: list = []
    shared, _ = compare(extract("装机容量2000千瓦"), article_keys("a capacity of 2 GW"), missed)
    assert not shared and [a.text for a in missed] == ["2000千瓦"]
    pairs, _ = _pairs("2000 MW", "a capacity of 2 GW")
    assert ("2000 MW", "2 GW") in pairs
    # units trial 93 found unread: Russian and Serbian hours and prefixes, Spanish "millones de ..."
    for post, theirs in [("около 8,8 тераватт-часа в год", "8.8 TWh"), ("350 мегавата", "0.35 GW"),
                         ("8,8 millones de megavatios hora", "8.8 TWh"), ("500 гигават-сати", "0.5 TWh")]:
        pairs, missing = _pairs(post, f"It will generate {theirs}.")
        assert [p for p in pairs if p[1] == theirs] and missing == 0.0, post
    (only,) = [a for a in extract("an earthquake of 6.1 Mw") if a.kind == "number"]
    assert only.keys == frozenset({"6.1"})


def test_a_figure_in_another_power_prefix_is_no_other_figure_beside_a_shared_stretch() -> None:
    from sourcetrace.results import Span
    from sourcetrace.sharedfacts import figure_conflict

    article = "a new solar power plant with a capacity of 1,100 megawatts, the ministry said."
    for post in ("a new solar power plant with a capacity of 1.1 gigawatts, the ministry said.",
                 "a new solar power plant with a capacity of 1.1 GW, the ministry said."):
        assert figure_conflict(post, article, [Span(post=[0, 43], article=[0, 43])]) is None, post
    post = "a new solar power plant with a capacity of 1.5 gigawatts, the ministry said."
    assert figure_conflict(post, article, [Span(post=[0, 43], article=[0, 43])]) == "1.5 gigawatts ≠ 1,100 megawatts"
    post = "a new solar power plant with a capacity of 1100 kilowatts, the ministry said."
    assert figure_conflict(post, article.replace("1,100", "1100"), [Span(post=[0, 43], article=[0, 43])]) == \
        "1100 kilowatts ≠ 1100 megawatts"
