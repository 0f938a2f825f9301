"""Foreign names in Chinese matched to their Latin spelling by sound (translit.py, through anchors)."""

from __future__ import annotations

import pytest

from sourcetrace.anchorcompare import article_keys, compare
from sourcetrace.anchors import extract
from sourcetrace.storedkeys import stored_keys, stored_table
from sourcetrace.translit import SOUND_MIN, han_sound_key, latin_sound_keys, translit_runs

# (Latin spelling, how Chinese news writes it): Xinhua's usual forms
WRITTEN_BY_SOUND = [
    ("Trump", "特朗普"), ("Malpass", "马尔帕斯"), ("Brighton", "布莱顿"), ("Macron", "马克龙"),
    ("Blinken", "布林肯"), ("Zelensky", "泽连斯基"), ("Washington", "华盛顿"), ("Gorbachev", "戈尔巴乔夫"),
    ("Mickelson", "米克尔森"), ("Guterres", "古特雷斯"), ("Bolsonaro", "博索纳罗"), ("London", "伦敦"),
    ("Lavrov", "拉夫罗夫"), ("Manchester", "曼彻斯特"),
    ("Трамп", "特朗普"),  # a Russian post's Cyrillic spelling
]


@pytest.mark.parametrize(("latin", "han"), WRITTEN_BY_SOUND)
def test_a_name_and_its_chinese_transliteration_share_a_sound_key(latin: str, han: str) -> None:
    assert han_sound_key(han) in latin_sound_keys(latin)


def test_names_too_short_to_tell_from_chance_have_no_key() -> None:
    assert latin_sound_keys("Modi") == frozenset()  # 莫迪: two classes
    assert latin_sound_keys("Lula") == frozenset()
    # three classes (默克尔 MKL, 约翰逊 NSN, 格雷厄姆 KLM) are read, and too few as well
    for latin, han in (("Merkel", "默克尔"), ("Johnson", "约翰逊"), ("Graham", "格雷厄姆")):
        assert len(han_sound_key(han)) < SOUND_MIN
        assert han_sound_key(han) not in latin_sound_keys(latin)


def test_other_names_do_not_share_a_key() -> None:
    assert han_sound_key("特朗普") not in latin_sound_keys("Biden")
    assert han_sound_key("马克龙") not in latin_sound_keys("Merkel")
    assert han_sound_key("布林肯") not in latin_sound_keys("Pompeo")


def test_only_runs_of_transliteration_characters_are_read() -> None:
    runs = translit_runs("国务院总理李克强会见世界银行行长马尔帕斯。")
    assert "MLPS" in runs
    assert runs["MLPS"] == (16, 20)
    assert translit_runs("中国经济稳中向好，政策效果持续显现。") == {}


# Xinhua's Spanish and Chinese stories on one meeting (benchmarks/condensed: cond-es03, cond-zh
# style), cut to what the test needs
ZH = "国务院总理李克强20日在北京会见世界银行行长马尔帕斯。李克强表示，中方愿同世行深化合作。"
ES = "Li Keqiang a Malpass: China cumplirá sus obligaciones como gran país en desarrollo."


def _sound_shared(post: str, table) -> list[dict[str, object]]:
    shared, _ = compare(extract(post), table, post_text=post)
    return [s.to_dict() for s in shared if s.key.startswith("~")]


def test_a_latin_post_shares_the_name_a_chinese_article_writes_by_sound() -> None:
    found = _sound_shared(ES, article_keys(ZH))
    assert [(d["post"], d["article"], d["weight"]) for d in found] == [("Malpass", "马尔帕斯", 2.0)]


def test_the_same_through_an_index_s_stored_keys() -> None:
    found = _sound_shared(ES, stored_table(ZH, stored_keys(ZH)))
    assert [(d["post"], d["article"]) for d in found] == [("Malpass", "马尔帕斯")]


def test_a_chinese_post_shares_the_name_a_latin_article_spells() -> None:
    article = "French President Emmanuel Macron met U.S. Secretary of State Antony Blinken in Paris on Monday."
    post = "法国总统马克龙周一在巴黎会见美国国务卿布林肯。"
    found = _sound_shared(post, article_keys(article))
    assert [(d["post"], d["article"]) for d in found] == [("马克龙", "Macron"), ("布林肯", "Blinken")]
    # each side's span points at the name
    first = found[0]
    assert post[first["post_span"][0]:first["post_span"][1]] == "马克龙"
    assert article[first["article_span"][0]:first["article_span"][1]] == "Macron"


def test_a_post_on_other_people_shares_no_name_by_sound() -> None:
    post = "Pedro Sánchez y Olaf Scholz se reunieron en Madrid."
    assert _sound_shared(post, article_keys(ZH)) == []
    assert _sound_shared("李克强会见马克龙", article_keys("Pedro Sanchez met Olaf Scholz in Madrid.")) == []


def test_a_name_shared_by_spelling_is_not_counted_again_by_sound() -> None:
    post = "Xi Jinping met Trump"
    shared, _ = compare(extract(post), article_keys("习近平会见特朗普"), post_text=post)
    assert sorted(s.to_dict()["post"] for s in shared) == ["Trump", "Xi Jinping"]


# ---- trial 18 -------------------------------------------------------------------------------


def test_a_possessive_or_a_hyphenated_name_is_the_name() -> None:
    article = "国家主席习近平会见美国总统特朗普和国务卿布林肯。"
    for post, name in (("Trump's phase one deal was signed", "Trump"), ("Macron’s visit", None),
                       ("a Blinken-led delegation", "Blinken")):
        found = _sound_shared(post, article_keys(article))
        assert [d["post"] for d in found] == ([name] if name else [])
    # an English article's "Trump's" is "Trump" to a Chinese post
    found = _sound_shared("特朗普的贸易协议", article_keys("Trump's phase one deal was signed on Jan 15."))
    assert [(d["post"], d["article"]) for d in found] == [("特朗普", "Trump")]


def test_pinyin_is_matched_by_spelling_never_by_sound() -> None:
    """Trial 18: 根本 ("fundamental", KNPN) was shared as "Jinping" of "Xi Jinping", 盛顿 (of 华盛顿)
    as "Shandong"; pinyin names are matched by their spelling, and that once."""
    from sourcetrace.translit import is_pinyin

    assert is_pinyin("Jinping") and is_pinyin("Shandong") and is_pinyin("Xi")
    assert not is_pinyin("Trump") and not is_pinyin("Malpass") and not is_pinyin("Lincoln")
    post = "习近平出席中央经济工作会议，强调维护人民群众根本利益。"
    shared, _ = compare(extract(post), article_keys("President Xi Jinping attended the Central Economic Work Conference."),
                        post_text=post)
    assert ("习近平", "Xi Jinping") in [(s.to_dict()["post"], s.to_dict()["article"]) for s in shared]
    assert not [s for s in shared if s.key.startswith("~")]  # 根本 is not "Jinping"
    assert _sound_shared("Shandong and Santana", article_keys("美国华盛顿州")) == []


def test_a_part_of_a_run_is_no_name() -> None:
    """Trial 18's coincidences, all windows inside a longer run of transliteration characters."""
    article = "乌克兰总统泽连斯基会见美国国务卿布林肯，美方表示将向乌克兰提供援助。"
    for post in ("Luhansk region", "Lincoln Memorial", "Grant program", "Santana"):
        assert _sound_shared(post, article_keys(article)) == [], post
    assert [d["post"] for d in _sound_shared("Zelensky met Blinken", article_keys(article))] == ["Zelensky", "Blinken"]


def test_a_russian_name_in_any_case_is_the_name() -> None:
    """Russian writes a name in six cases ("Путина", "Трампом", "Зеленского"); the other side
    writes it once ("Putin", 特朗普). The case ending is dropped for the spelled key and for the
    sound key, a surname's own -ов/-ин kept, and a stem under 4 letters not made."""
    from sourcetrace.anchorcompare import compare, key_table
    from sourcetrace.anchors import extract
    from sourcetrace.translit import russian_stem

    assert [russian_stem(w) for w in ("Путина", "Трампом", "Зеленского", "Лавровым", "Лавров", "Путин", "Мира", "Trump")] \
        == ["Путин", "Трамп", "Зеленск", "Лавров", "Лавров", "Путин", "Мира", "Trump"]

    def shared(post: str, article: str) -> list[str]:
        found, _ = compare(extract(post), key_table(extract(article), article), post_text=post)
        return sorted(s.post.text for s in found if s.post.kind == "name")

    assert shared("Песков заявил, что встреча Путина и Лаврова с делегацией прошла успешно.",
                  "Peskov said the meeting of Putin and Lavrov with the delegation went well.") \
        == ["Лаврова", "Песков", "Путина"]
    assert shared("Переговоры с Трампом и Макроном продолжатся в пятницу.",
                  "特朗普和马克龙周五将继续会谈。") == ["Макрон", "Трамп"]  # the name part, as shared
    assert shared("Мира и Рима хватит всем.", "Mir and Rim are enough for everyone.") == []


def test_a_compound_surname_is_matched_whole() -> None:
    """Trial 102: "Díaz-Canel" shared nothing with 迪亚斯-卡内尔, each half of the compound (TS, KNL)
    too short to be matched alone; the two halves joined by their hyphen are one name."""
    article = "习近平致电古巴国家主席迪亚斯-卡内尔，祝贺他当选连任古巴国家主席。"
    post = "Xi Jinping felicitó a Miguel Díaz-Canel por su reelección como presidente de Cuba"
    for table in (article_keys(article), stored_table(article, stored_keys(article))):
        found = _sound_shared(post, table)
        assert [(d["post"], d["article"]) for d in found] == [("Díaz-Canel", "迪亚斯-卡内尔")]
    # a hyphened word that is no compound name is still its name part
    assert [d["post"] for d in _sound_shared("una delegación Díaz-led", article_keys(article))] == []
