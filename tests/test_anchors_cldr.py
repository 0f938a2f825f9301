"""Scale words and month names from CLDR (data/cldr_anchors.json, scripts/make_cldr_tables.py):
numbers and dates of the languages the hand-written tables did not cover."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sourcetrace.anchorcompare import compare
from sourcetrace.anchors import extract
from sourcetrace.lexicon import places

REPO = Path(__file__).resolve().parents[1]
EN = ("Since 2014, prime-time ratings have doubled to 1.05 million at CNN and nearly tripled to "
      "1.6 million at MSNBC, while Fox News averages 2.4 million viewers, up from 1.7 million.")
# NTREX-128's Swahili rendering of that passage puts the scale word before the number
SW = ("Tangu mwaka 2014, ukadiriaji umeongezeka mara mbili hadi milioni 1.05 katika CNN na karibu "
      "mara tatu hadi milioni 1.6 kwenye MSNBC. Fox News ina wastani wa watazamaji milioni 2.4, "
      "ongezeko kutoka milioni 1.7.")
VI = ("Từ năm 2014, tỷ suất người xem đã tăng gấp đôi lên 1,05 triệu tại CNN và gần gấp ba lên "
      "1,6 triệu tại MSNBC; Fox News có trung bình 2,4 triệu người xem, tăng từ 1,7 triệu.")


def _numbers(text: str) -> dict[str, set[str]]:
    return {a.text: set(a.keys) for a in extract(text) if a.kind == "number"}


@pytest.mark.parametrize("text", [SW, VI])
def test_a_translation_shares_its_scaled_numbers_and_misses_none(text: str) -> None:
    """Read as bare 1.05, 1.6, 2.4 and 1.7, these were numbers the English article lacks: 11.5
    nats of 'other facts' that kept a faithful Swahili translation (e5 at confidence 1.0)
    from being reported."""
    shared, missing = compare(extract(text), extract(EN))
    assert missing == 0.0
    assert {"1.05e+06", "1.6e+06", "2.4e+06", "1.7e+06"} <= {s.key for s in shared}


def test_scale_words_before_and_after_the_number() -> None:
    assert _numbers("shilingi bilioni 2.5 na elfu 10") == {"bilioni 2.5": {"2.5e+09"}, "elfu 10": {"10000"}}
    assert _numbers("5 लाख लोग, 2 करोड़") == {"5 लाख": {"500000"}, "2 करोड़": {"2e+07"}}
    assert _numbers("3 juta orang, 4 miliar") == {"3 juta": {"3e+06"}, "4 miliar": {"4e+09"}}
    # Italian writes "milioni" after the number, Swahili before it: both read
    assert _numbers("3 milioni di euro") == {"3 milioni": {"3e+06"}}
    # the hand-written table wins where it has the word: English "billion" is 10^9 here,
    # though CLDR's French "billion" is 10^12
    assert _numbers("3 billion") == {"3 billion": {"3e+09"}}
    # a prefix word not right before a number scales nothing
    assert _numbers("milioni ya watu 12") == {"12": {"12"}}


def test_month_names_of_other_languages_make_dates() -> None:
    def dates(text: str) -> set[str]:
        return {k for a in extract(text) if a.kind == "date" for k in a.keys}

    assert dates("Tarehe 12 Machi 2019") == {"3-12"}
    assert dates("ngày 5 tháng 3 năm 2019") == {"3-5"}
    assert dates("12 मार्च को") == {"3-12"}
    assert dates("15 Ağustos'ta") == {"8-15"}
    assert dates("3월 5일") == {"3-5"}


def test_a_place_is_shared_across_languages_and_scripts_once() -> None:
    """"Japón" and "Estados Unidos" in a Spanish condensed copy, 日本 and 美国 in the Chinese
    article: no romanisation bridges them, CLDR's names of countries and cities do."""
    shared, _ = compare(extract("Japón y Estados Unidos firmaron un acuerdo en Tokio"),
                        extract("美国和日本在东京签署了协议"))
    assert sorted(s.key for s in shared) == ["@Asia/Tokyo", "@JP", "@US"]
    assert all(s.weight <= 1.0 for s in shared)  # places are common in news: PLACE_WEIGHT at most
    # the same script shares the name once, as the place: two Han texts share the window 日本 only
    # where Chinese news rarely holds it (anchorcompare.han_window_weight), and it holds 日本 often
    zh, _ = compare(extract("日本首相说"), extract("美国和日本签署了协议"))
    assert [s.key for s in zh] == ["@JP"]
    # a place needs its capital where the script has capitals: "lima", a lime, is no city
    assert not [a for a in extract("jugo de lima") if any(k.startswith("@") for k in a.keys)]
    assert {k for a in extract("Llegó a Lima") for k in a.keys} >= {"@America/Lima"}


def test_exonyms_of_chinese_places_share_the_pinyin_key() -> None:
    """EFE writes "Pekín", Lusa "Pequim", Le Monde "Pékin": pinyin gives "beijing" (北京)."""
    for post in ("El presidente llegó a Pekín y luego a Nankín", "Chegou a Pequim", "Arrivé à Pékin"):
        shared, _ = compare(extract(post), extract("主席抵达北京，随后前往南京"))
        assert "beijing" in {s.key for s in shared}, post
    # trial 95: "la Feria de Cantón" (the Canton Fair, 广交会, in Guangzhou) shared nothing with 广州
    for post in ("La Feria de Cantón abre sus puertas", "The Canton Fair opens", "A Feira de Cantão abre"):
        shared, _ = compare(extract(post), extract("第134届广交会在广州开幕"))
        assert "guangzhou" in {s.key for s in shared}, post


def test_abbreviated_places_and_other_scale_spellings() -> None:
    """A trial: "EEUU" and "Pionyang" shared nothing with 美国 and 平壤; "3 mil milhões"
    (European Portuguese) and "8.7m" were read as 3 and 8.7, numbers the article lacks."""
    shared, _ = compare(extract("Japón, EEUU y Corea del Sur en Pionyang"), extract("日本、美国和韩国在平壤"))
    assert sorted(s.key for s in shared) == ["@Asia/Pyongyang", "@JP", "@KR", "@US"]
    assert {k for a in extract("EE.UU. y la UE") for k in a.keys} == {"@US", "@EU"}
    assert not extract("Eu acho que sim")  # Portuguese "I", not the EU: aliases keep their case
    # trial 89: "EUA" and "ONU" were "not in the article" of "the US" and "#UNGA"
    shared, _ = compare(extract("Cuba, em nome de 62 países, defendeu na ONU ... nos EUA"),
                        extract("Today at #UNGA, Cuba on behalf of 62 countries ... in the US"))
    assert {"@UN", "@US"} <= {s.key for s in shared}
    assert not any("@US" in a.keys for a in extract("Tell us more"))
    # trial 90: "JOIN US" named the United States; a headline in capitals still does
    assert not any("@US" in a.keys for a in extract("JOIN US for the launch of the report!"))
    assert any("@US" in a.keys for a in extract("CHINA URGES US TO STOP"))
    assert _numbers("investir 3 mil milhões") == {"3 mil milhões": {"3e+09"}}
    shared, missing = compare(extract("nearly 8.7m people"), extract("近870万人"))
    assert [s.key for s in shared] == ["8.7e+06"] and missing == 0.0
    assert _numbers("3m tall, F-35B") == {"3": {"3"}, "F-35B": {"f35b"}}  # no decimals: no scale; a designation


def test_a_country_named_as_its_capital_is_a_place() -> None:
    """Trial 91: a French post's "Bahreïn" shared no place with the article's "Bahrain": CLDR
    names the country and its capital's time zone alike, and the table had left such names out,
    so no Gulf state, nor Singapore, Guatemala, Algeria (Алжир) or Tunisia (تونس), was an anchor. A
    given name among them ("Mauricio Macri", "Granada") stays none."""
    shared, _ = compare(extract("La Chine remporte 3 médailles d'or à l'Open du Bahreïn"),
                        extract("China won 3 gold medals at the Bahrain Para Badminton International"))
    assert {"@CN", "@BH"} <= {s.key for s in shared}
    for name, code in (("Kuwait", "@KW"), ("科威特", "@KW"), ("Catar", "@QA"), ("Singapur", "@SG"),
                       ("Алжир", "@DZ"), ("Guatemala", "@GT")):
        assert [key for *_, key in places(name)] == [code], name
    assert not places("Mauricio Macri") and not places("Granada")


def test_a_country_another_locale_spells_as_a_foreign_city_is_a_place() -> None:
    """Trial 102: "presidente de Cuba" shared nothing with 古巴: Turkish writes Juba (South Sudan)
    "Cuba", and a name two places shared was left out of the table, so Cuba was no place."""
    shared, _ = compare(extract("Xi Jinping felicitó a Miguel Díaz-Canel por su reelección como presidente de Cuba"),
                        extract("习近平致电古巴国家主席迪亚斯-卡内尔，祝贺他当选连任古巴国家主席。"))
    assert "@CU" in {s.key for s in shared}
    for name in ("Cuba", "古巴", "Куба", "كوبا"):
        assert [key for *_, key in places(name)] == ["@CU"], name


def test_serbian_figures_months_and_places() -> None:
    """Trial 91: an English copy of a Serbian (Cyrillic) article was "other facts (12.7 million)"
    and named "China", a place "not in the article": "12,7 милиона" was read as 12.7 and "Кина"
    as no place. CLDR's Serbian scale words, months and places are read."""
    shared, missing = compare(extract("China's population fell by 12.7 million in May"),
                              extract("Становништво Кине... Кина је у мају изгубила 12,7 милиона људи"))
    assert {"1.27e+07", "@CN"} <= {s.key for s in shared} and missing == 0.0
    assert _numbers("3 милијарде долара") == {"3 милијарде": {"3e+09"}}


def test_serbian_dates_in_the_genitive_and_months_in_the_locative() -> None:
    """Trial 92 (s1-s3): the Serbian article's "почеће 25. маја … до 1. јуна 2025" was not read (the
    month in the genitive), so the article dated nothing and a hard negative "on November 25" was
    its translation at 0.846; "у мају" (in May) named no month."""
    article = extract("Кинеска компанија Зиђин почеће 25. маја изградњу нове фабрике у Бору вредне 350 милиона "
                      "долара, која ће запослити 1.200 радника. Радови ће бити завршени до 1. јуна 2025. године, "
                      "саопштила је Влада Србије.")
    shared, missing = compare(extract("The Chinese company Zijin will begin construction of a new factory in Bor "
                                      "worth 350 million dollars on May 25, which will employ 1,200 workers. The works "
                                      "will be completed by June 1, 2025, the Government of Serbia said."), article)
    assert {"5-25", "6-1", "@RS"} <= {s.key for s in shared} and missing == 0.0
    shared, missing = compare(extract("The works will begin on November 20 and be completed by June 1, 2025, "
                                      "the Government of Serbia said."), article)
    assert "6-1" in {s.key for s in shared} and missing > 0  # a date in a month the article never dates
    dates = {a.text: set(a.keys) for a in extract("у мају, у октобру, u maju, 3. oktobra, у Мају") if a.kind == "date"}
    assert dates == {"мају": {"month:5"}, "октобру": {"month:10"}, "maju": {"month:5"}, "3. oktobra": {"10-3"},
                     "Мају": {"month:5"}}
    assert not [a for a in extract("мају и јуну без предлога, 25 мају") if a.kind == "date"]  # the locative after у only


def test_a_countrys_case_forms_are_its_place() -> None:
    """Trial 92: "Влада Србије" (Serbian genitive) shared nothing with "the Government of Serbia", nor
    Russian "Президент Алжира … Алжиром" with the Arabic article's "الجزائر": the tables' case forms
    (Russian's from pymorphy3, Serbian's of its regular declensions) were read by the place-swap
    rule only, no anchors."""
    def keys(text: str) -> list[str]:
        return [key for *_, key in places(text)]

    assert keys("Президент Алжира, между Алжиром и Китаем, в России") == ["@DZ", "@DZ", "@CN", "@RU"]
    assert keys("Влада Србије, у Кини, са Кином, Јужне Кореје, Немачкој, Египта") == [
        "@RS", "@CN", "@CN", "@KR", "@DE", "@EG"]
    shared, _ = compare(extract("Президент Алжира прибыл в Пекин"), extract("وصل الرئيس الجزائري إلى بكين"))
    assert "@DZ" in {s.key for s in shared}
    # a form in lower case is a word, and Christmas (Божић, CLDR's Christmas Island) no place
    assert keys("кине и кину") == [] and keys("честитке поводом Божића") == []


def test_russian_and_serbian_names_of_countries_cldr_lacks() -> None:
    """Trial 93: a Russian post naming "Южная Корея, США, Египет" was read as naming Egypt alone, and
    "Южной Кореи и Соединённых Штатов", "Сједињених Америчких Држава" as naming no place: CLDR's
    Russian is "Республика Корея" and "Соединенные Штаты" (with е), its participle was left
    undeclined ("соединенные штатов"), and "США" is no CLDR name."""
    def keys(text: str) -> list[str]:
        return sorted(key for *_, key in places(text))

    assert keys("Среди участников Южная Корея, США, Египет.") == ["@EG", "@KR", "@US"]
    assert keys("Южной Кореи и Соединённых Штатов") == ["@KR", "@US"]
    assert keys("в Южной Корее, в Южную Корею, из Северной Кореи, Северная Корея") == ["@KP", "@KP", "@KR", "@KR"]
    assert keys("Соединённые Штаты, Объединённых Арабских Эмиратов, КНДР, ОАЭ") == ["@AE", "@AE", "@KP", "@US"]
    assert keys("Сједињених Америчких Држава и САД") == ["@US", "@US"]
    # in lower case "сша" is none, and Serbian "Сад" (now) and Russian "в саду" (in the garden) no place
    assert keys("сша. Сад је време. В саду цветут розы.") == []


def test_spanish_thousands_of_millions_and_a_translators_billones() -> None:
    """Trial 90: "1.400 millones de chinos" was "another event: 1.400 ≠ 400" of an embassy's "los mil
    400 millones de chinos", and "401,6 billones de yuanes" (a translator's "billones" for
    "billion") was a figure "401.6 billion yuan" lacks. "mil 400 millones" is 1.4 billion, and
    "billones" both 10^12 and 10^9."""
    from sourcetrace.ordinals import figures

    assert _numbers("los mil 400 millones de chinos") == {"mil 400 millones": {"1.4e+09"}}
    assert _numbers("unos 2 mil 500 millones de dólares") == {"2 mil 500 millones": {"2.5e+09"}}
    assert _numbers("murieron 5 mil 178 personas") == {"5 mil 178": {"5178"}}
    assert [set(f.values) for f in figures("los mil 400 millones de chinos")] == [{1.4e9}]
    shared, missing = compare(extract("1.400 millones de chinos"), extract("los mil 400 millones de chinos"))
    # ... and "chinos", China's adjective, its place (lexicon.demonyms)
    assert [s.key for s in shared] == ["1.4e+09", "@CN"] and missing == 0.0
    shared, missing = compare(extract("invirtieron 401,6 billones de yuanes"), extract("invested 401.6 billion yuan"))
    assert [s.key for s in shared] == ["4.016e+11"] and missing == 0.0


def test_places_written_without_their_accents_and_chinese_short_forms() -> None:
    """Trial 83: a French article listing "l'Argentine, l'Egypte, l'Ethiopie, l'Iran, l'Arabie
    saoudite et les Emirats arabes unis" (no accents, as French tweets write capitals) and a
    Chinese one writing 沙特 shared none of those with a Spanish copy naming "Egipto, Etiopía,
    Emiratos, Arabia Saudita", which was told they were not in the article."""
    post = extract("Arabia Saudita, Egipto, Emiratos, Argentina, Irán y Etiopía, invitados a los BRICS")
    french = extract("L'Argentine, l'Egypte, l'Ethiopie, l'Iran, l'Arabie saoudite et les Emirats arabes unis")
    codes = {k for a in french for k in a.keys if k.startswith("@")}
    assert {"@EG", "@ET", "@AE", "@SA", "@AR", "@IR"} <= codes
    chinese = {k for a in extract("沙特、埃及、阿联酋、阿根廷、伊朗和埃塞俄比亚") for k in a.keys if k.startswith("@")}
    assert {"@SA", "@AE", "@EG", "@ET"} <= chinese
    shared, _ = compare(post, extract("沙特、埃及、阿联酋、阿根廷、伊朗和埃塞俄比亚"))
    assert len(shared) >= 5
    # short plain forms are words or given names, not places
    assert not any(k.startswith("@") for a in extract("Sam and Ira met Ama") for k in a.keys)


def test_the_shipped_table_is_what_cldr_gives() -> None:
    """scripts/make_cldr_tables.py --check: the packaged table matches Babel's CLDR (with the
    Babel version that wrote it; another version may carry another CLDR release)."""
    babel = pytest.importorskip("babel")
    import json

    written = json.loads((REPO / "src" / "sourcetrace" / "data" / "cldr_anchors.json").read_text("utf-8"))["cldr"]
    if written != babel.__version__:
        pytest.skip(f"table written with Babel {written}, this is {babel.__version__}")
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "make_cldr_tables.py"), "--check"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr


def test_the_windows_of_one_chinese_stretch_are_shown_as_one_anchor() -> None:
    """A trial saw ~120 "name" anchors ("省对", "务省对外"...) for one Chinese copy."""
    from sourcetrace.anchorcompare import article_keys
    from sourcetrace.sharedfacts import shown_anchors as shown

    post = "外务省对外宣布，日本将于明年举办峰会。"
    article = "据报道，外务省对外宣布，日本将于明年举办峰会，各国领导人出席。"
    shared, _ = compare(extract(post), article_keys(article))
    entries = shown(shared)
    assert len(shared) > 20 and [e["post"] for e in entries] == ["外务省对外宣布", "日本将于明年举办峰会"]
    for e in entries:
        assert post[e["post_span"][0]:e["post_span"][1]] == e["post"]
        assert article[e["article_span"][0]:e["article_span"][1]] == e["article"]
        assert e["weight"] <= 3.0
    # Latin names are shown one by one, as before
    latin, _ = compare(extract("Xi Jinping met Blinken"), extract("Blinken met Xi Jinping"))
    assert len(shown(latin)) == len(latin)


def test_a_shown_chinese_stretch_takes_the_characters_both_texts_share_around_it() -> None:
    """Trial 13 read "家主席习近平": the common window "国家" is no anchor, so the stretch began
    inside a word. Given both texts, a stretch grows to the characters they share around it
    (a traditional character matching its simplified one), and its weight stays the windows'."""
    from sourcetrace.anchorcompare import article_keys
    from sourcetrace.sharedfacts import shown_anchors as shown

    post = "国家主席习近平6日在北京会见法国总统马克龙。"
    article = "新华社北京4月6日电 國家主席习近平6日在人民大会堂会见来访的法国总统马克龙。"
    shared, _ = compare(extract(post), article_keys(article), post_text=post)
    narrow = {e["post"] for e in shown(shared)}
    entries = {e["post"]: e for e in shown(shared, post, article)}
    assert "家主席习近平" in narrow and "国家主席习近平" in entries and "法国总统马克龙" in entries
    assert entries["国家主席习近平"]["article"] == "國家主席习近平"
    for e in entries.values():
        assert post[e["post_span"][0]:e["post_span"][1]] == e["post"]
        assert article[e["article_span"][0]:e["article_span"][1]] == e["article"]
    assert [e["weight"] for e in shown(shared)] == [e["weight"] for e in shown(shared, post, article)]


def test_every_table_word_in_any_case_reads_without_error() -> None:
    """A Greek "3 ΔΙΣ" raised KeyError (it lowers to "δις", final sigma; the table holds "δισ")
    and stopped an index build: every scale word and month name, in upper, title and folded
    case, is read (and upper-case Greek still scales)."""
    from sourcetrace import lexicon

    for table, make in ((lexicon.SCALE_VALUES, "3 {}"), (lexicon.PREFIX_VALUES, "{} 3"),
                        (lexicon.MONTH_OF, "12 {} 2020")):
        for word in table:
            for form in (word, word.upper(), word.title(), word.casefold()):
                extract(make.format(form))
    assert _numbers("3 ΔΙΣ ευρώ") == {"3 ΔΙΣ": {"3e+09"}}


def test_a_digit_string_no_reading_fits_is_still_read() -> None:
    """"1,051,05" (groups of 3 then 2, separators alike) has no thousands or decimal reading:
    extract raised ValueError on it (found by fuzzing), stopping a check."""
    assert _numbers("1,051,05 y 2.5") == {"1,051,05": {"105105"}, "2.5": {"2.5"}}


def test_extract_never_raises_on_mixtures_of_table_words_digits_and_any_text() -> None:
    """`extract` never raises (its contract): two faults of this kind were found by mixing table
    words in any case, digit strings and odd characters ("3 ΔΙΣ", "1,051,05")."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from sourcetrace import lexicon
    from sourcetrace.anchorcompare import article_keys
    from sourcetrace.storedkeys import stored_keys, stored_table

    words = sorted(lexicon.SCALE_VALUES)[:60] + sorted(lexicon.MONTH_OF)[:60] + ["EEUU", "8.7m", "milioni"]
    piece = st.one_of(st.sampled_from(words).flatmap(lambda w: st.sampled_from([w, w.upper(), w.title()])),
                      st.from_regex(r"\d{1,3}([.,]\d{1,3}){0,3}", fullmatch=True), st.text(max_size=6))

    @settings(max_examples=300, deadline=None)
    @given(st.lists(piece, max_size=8), st.sampled_from([" ", "", ",", " de "]))
    def run(parts: list[str], sep: str) -> None:
        text = sep.join(parts)
        compare(extract(text), article_keys(text))
        stored_table(text, stored_keys(text))

    run()


def test_digits_of_a_newer_unicode_than_pythons_are_no_numbers() -> None:
    """The test above found "\U00016130" (a Gurung Khema digit, Unicode 16): `regex` reads it as a
    digit, Python's float() and int() cannot, and extract raised ValueError; the conflict rules
    did too on a name carrying such digits ("Shenzhou-" and two of them)."""
    from sourcetrace.anchorcompare import article_keys
    from sourcetrace.sharedfacts import number_conflict, ordinal_conflict

    odd = "".join(chr(0x16130 + i) for i in range(3))
    for text in (odd, f"{odd} mil", f"el {odd}.{odd}.2021", f"March {odd}", f"Shenzhou-{odd} y 神舟{odd}号", f"the {odd}th"):
        shared, _ = compare(extract(text), article_keys("Shenzhou-16 y 神舟十六号, the 494th, 15 May 2021"), post_text=text)
        assert number_conflict(text, "Shenzhou-16 y 神舟十六号", shared) is None
        assert ordinal_conflict(text, "the 494th") is None
    assert [a.text for a in extract("Shenzhou-١٧")] == ["Shenzhou", "17"]  # digits Python reads are read
    # ... decimal digits only: a superscript or a circled number is none ("2³" was 23, "①②③" 123)
    assert [a.keys for a in extract("2³ cubes, ①②③ steps, 500 km²")] == [frozenset({"2"}), frozenset({"500"})]


def test_mexican_thousands_read_as_one_number() -> None:
    """"5 mil 178 muertos" (5,178) was read as 5000 and 178, numbers the article lacks: a trial's
    copy was rejected as "the same event with other figures"."""
    shared, missing = compare(extract("5 mil 178 muertos y 8 mil 608 desaparecidos"), extract("造成5178人死亡、8608人失踪"))
    assert sorted(s.key for s in shared) == ["5178", "8608"] and missing == 0.0
    assert _numbers("5 mil personas, 3 mil millones") == {"5 mil": {"5000"}, "3 mil millones": {"3e+09"}}


def test_a_place_name_of_one_language_that_is_an_english_word_is_no_place_in_english() -> None:
    """Trial 92: "Former Argentine president Mauricio Macri visited Beijing" was told "places not in
    the article: Argentine" (French "l'Argentine") against an article saying "argentino"; CLDR's
    names in other languages that are English words named Iceland in "Hainan Island" (German),
    Israel in "Israeli forces" (Swahili), Rome in "Roma communities". In a sentence of the name's
    own language each is still the place."""
    from sourcetrace.anchorcompare import article_keys
    from sourcetrace.match import MatchConfig, prepare
    from sourcetrace.records import Post
    from sourcetrace.sharedfacts import missing_places

    def keys(text: str) -> list[str]:
        return [key for *_, key in places(text)]

    article = ("El expresidente argentino Mauricio Macri visitó Beijing el miércoles y se reunió con empresarios "
               "chinos para discutir inversiones en litio por valor de 500 millones de dólares.")
    post = ("Former Argentine president Mauricio Macri visited Beijing on Wednesday and met Chinese businessmen "
            "to discuss lithium investments worth 500 million dollars.")
    assert missing_places(prepare(Post(post), MatchConfig()), article, article_keys(article)) == []
    for text in ("The ship reached Hainan Island on Monday.", "Roma communities in the region", "DACA recipients rallied"):
        assert keys(text) == [], text
    # the English adjectives among them are their countries' adjectives, and name them as such
    # (lexicon.demonyms), not as the Swahili or Indonesian name
    for text, key in (("the Argentine president", "@AR"), ("ARGENTINE PRESIDENT VISITS", "@AR"),
                      ("Israeli forces struck the city", "@IL"), ("Swiss banks", "@CH"), ("Somali pirates", "@SO")):
        assert keys(text) == [key], text
    # ... and in the name's own language, or a title with its accents, the place
    assert keys("L'Argentine et la Chine ont signé un accord") == ["@AR", "@CN"]
    assert keys("Argentine : Milei élu président") == ["@AR"]
    assert keys("Die Reise nach Island ist teuer") == ["@IS"]
    assert keys("Il papa è tornato a Roma con il presidente") == ["@Europe/Rome"]
    assert keys("Israeli na Misri zimekubaliana kwamba") == ["@IL", "@EG"]
    # the Spanish and Italian names of Christmas and Easter Islands are Christmas and Easter,
    # Spanish "Belén" Bethlehem, not Belém
    assert keys("La Navidad llegó a Belén") == [] and keys("la Pasqua a Roma") == ["@Europe/Rome"]
    # ... and English's own Christmas and Reunion (trial 93), where Christmas Island and the
    # French Réunion stay places
    assert keys("Officials held a Christmas Reunion.") == [] and keys("a family reunion at Christmas") == []
    assert keys("Christmas Island and La Réunion") == ["@CX", "@RE"] and keys("à la Réunion") == ["@RE"]


@pytest.mark.parametrize("credit", ["\n—\nCGTN Français", " vía Xinhua Español", " Fuente: China Daily"])
def test_an_outlet_credited_by_name_names_no_place_of_the_story(credit: str) -> None:
    """Trial 108: three true copies crediting CGTN's French edition were shown "places not in the
    article: Français" (and a place the article lacks weighs against a copy in doubt). A place in
    the story the article lacks is still one."""
    from sourcetrace.anchorcompare import article_keys
    from sourcetrace.match import MatchConfig, prepare
    from sourcetrace.records import Post
    from sourcetrace.sharedfacts import missing_places

    article = ("La présidente de la Commission européenne s'est opposée au déplacement forcé des Palestiniens "
               "après avoir rencontré le président égyptien au Caire.")
    post = "Von der Leyen se opuso al desplazamiento forzado de los palestinos en El Cairo."
    assert missing_places(prepare(Post(post + credit), MatchConfig()), article, article_keys(article)) == []
    elsewhere = post.replace("El Cairo", "Ammán") + credit
    assert missing_places(prepare(Post(elsewhere), MatchConfig()), article, article_keys(article)) == ["Ammán"]
