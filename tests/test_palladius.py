"""Chinese names in Russian letters (Palladius) read as pinyin, and shared across scripts."""

from __future__ import annotations

import time

import pytest

from sourcetrace import anchorcompare, anchors
from sourcetrace.palladius import MAX_READINGS, palladius_keys, palladius_readings


@pytest.mark.parametrize(("word", "pinyin"), [
    ("Цзиньпин", "jinping"), ("Си", "xi"), ("Цян", "qiang"), ("Цяном", "qiang"), ("Цзиньпина", "jinping"),
    ("Шэньчжэнь", "shenzhen"), ("Шэньчжэне", "shenzhen"), ("Шанхае", "shanghai"), ("Синьцзян", "xinjiang"),
    ("Гуандун", "guangdong"), ("Цзэдун", "zedong"), ("Сиань", "xian"), ("Ханчжоу", "hangzhou"),
    ("Цзы", "zi"), ("Цы", "ci"), ("Сы", "si"), ("Цзюэ", "jue"), ("Люй", "lu"), ("Ло", "luo"), ("До", "duo"),
])
def test_a_palladius_word_reads_as_its_pinyin(word: str, pinyin: str) -> None:
    assert pinyin in palladius_readings(word)


@pytest.mark.parametrize("word", ["Москва", "Лавров", "Китай", "Россия", "Пекин", "Xi", "习近平", "", "Цзиньпин-2"])
def test_a_word_that_is_no_run_of_syllables_has_no_reading(word: str) -> None:
    assert palladius_readings(word) == frozenset()


def test_names_are_keyed_as_latin_names_are() -> None:
    assert {"jinping", "xijinping"} <= palladius_keys("Си Цзиньпин")
    assert {"liqiang", "qiang"} <= palladius_keys("Ли Цяном")
    assert "maoning" in palladius_keys("Мао Нин")
    assert palladius_keys("Xi Jinping") == frozenset()  # Latin names keep their own keys


def test_a_hostile_word_stays_bounded() -> None:
    start = time.perf_counter()
    word = "ли" * 5000
    assert palladius_readings(word) == frozenset()  # longer than a name
    readings = palladius_readings("ло" * 12)  # every "ло" reads lo or luo
    assert 0 < len(readings) <= MAX_READINGS
    assert time.perf_counter() - start < 5


def _shared(post: str, article: str) -> set[str]:
    found, _ = anchorcompare.compare(anchors.extract(post), anchorcompare.article_keys(article), post_text=post)
    return {post[s.post.start:s.post.end] for s in found}


def test_a_russian_post_shares_chinese_names_with_an_english_or_chinese_article() -> None:
    post = "Си Цзиньпин встретился с Ли Цяном в Шэньчжэне."
    assert {"Си Цзиньпин", "Ли Цяном", "Шэньчжэне"} <= _shared(post, "Xi Jinping met Li Qiang in Shenzhen on Monday.")
    assert {"Си Цзиньпин", "Ли Цяном"} <= _shared(post, "习近平在深圳会见李强。")


def test_other_chinese_names_are_not_shared() -> None:
    post = "Си Цзиньпин встретился с Ли Цяном."
    assert _shared(post, "Wang Yi met Zhao Leji in Tianjin.") == set()


def test_a_one_syllable_given_name_is_part_of_the_name() -> None:
    """"Ван И" is Wang Yi: its "И" is part of the name after a Cyrillic name word (trial 107: a
    Russian post shared only "Wang" with the foreign minister), not a capital "И" opening a
    sentence, which is the conjunction."""
    post = "Министр иностранных дел Китая Ван И встретился с Лавровым. И Си Цзиньпин тоже."
    assert "Ван И" in "".join(_shared(post, "王毅会见拉夫罗夫"))
    assert any(s.endswith("Ван И") for s in _shared(post, "Chinese Foreign Minister Wang Yi met Lavrov."))
    names = [post[a.start:a.end] for a in anchors.extract(post) if a.kind == "name"]
    assert "Си Цзиньпин" in names and not any(n.startswith("И ") for n in names)
