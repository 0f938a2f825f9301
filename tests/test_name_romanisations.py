"""Names across scripts and romanisations: Korean names (korean.py) and Taiwan's Wade-Giles (wadegiles.py)."""

import pytest

from sourcetrace.anchors import han_syllable
from sourcetrace.korean import KOREAN_PREFIX, han_korean_key, latin_korean_keys
from sourcetrace.wadegiles import wade_giles_keys, wade_giles_to_pinyin

SAME_PERSON = [
    ("金正恩", "Kim Jong Un"),  # the DPRK's own spelling
    ("金正恩", "Kim Jong-un"),
    ("金正恩", "Kim Jongun"),  # the given name glued
    ("金正恩", "Gim Jeong-eun"),  # Revised Romanization
    ("李勇浩", "Ri Yong Ho"),  # trial 20's miss: 李 is 리 in the North
    ("李勇浩", "Lee Yong-ho"),  # ... and 이 in the South
    ("崔善姬", "Choe Son Hui"),
    ("崔善姬", "Ch'oe Sŏn-hŭi"),  # McCune-Reischauer
    ("崔龙海", "Choe Ryong Hae"),  # 龍 simplified, ㄹ kept in the North
    ("朴奉珠", "Pak Pong Ju"),
    ("文在寅", "Moon Jae-in"),
    ("尹錫悅", "Yoon Suk-yeol"),  # traditional characters
    ("尹锡悦", "Yoon Suk Yeol"),
    ("朴槿惠", "Park Geun-hye"),  # the silent r of "Park"
    ("卢武铉", "Roh Moo-hyun"),  # the h of "Roh"
    ("郑义溶", "Chung Eui-yong"),
    ("潘基文", "Ban Ki-moon"),
    ("金日成", "Kim Il Sung"),
    ("金钟云", "Kim Jong-woon"),  # customary spellings trial 23 found without a key: "woo" for 우,
    ("康京和", "Kang Kyung-wha"),  # "wh" for hw,
    ("尹锡悦", "Yoon Seok-youl"),  # "you" for 여
]


@pytest.mark.parametrize(("han", "latin"), SAME_PERSON)
def test_a_korean_name_has_one_key_in_both_scripts(han: str, latin: str) -> None:
    key = han_korean_key(han)
    assert key is not None and key.startswith(KOREAN_PREFIX)
    assert key in latin_korean_keys(latin)


def test_other_people_do_not_share_the_key() -> None:
    # trial 24: 은 and 운, 정 and 종 were one class, and "Seok" of "Seok-youl" read as 세옥
    assert han_korean_key("金正恩") not in latin_korean_keys("Kim Jong-woon")
    assert han_korean_key("尹世玉") not in latin_korean_keys("Yoon Seok-youl")
    assert han_korean_key("金正恩") not in latin_korean_keys("Kim Yo Jong")
    assert han_korean_key("李勇浩") not in latin_korean_keys("Ri Son Gwon")
    assert han_korean_key("金与正") in latin_korean_keys("Kim Yo Jong")


@pytest.mark.parametrize("name", ["Li Keqiang", "Xi Jinping", "Nguyen Xuan Phuc", "Wang Yi", "Kim", "Jong Un"])
def test_names_that_are_no_korean_full_name_have_no_key(name: str) -> None:
    assert latin_korean_keys(name) == frozenset()


@pytest.mark.parametrize("chars", ["习近平", "外交部", "金正", "金正恩会", "x正恩"])
def test_windows_that_are_no_korean_name_have_no_key(chars: str) -> None:
    # no Korean surname first, or not three characters
    assert han_korean_key(chars) is None


def test_a_hostile_name_gives_few_keys() -> None:
    assert len(latin_korean_keys(" ".join(["Ko Ko"] * 2000))) <= 16


# ---- Wade-Giles (wadegiles.py): Taiwan's names as its passports write them --------------------



def _pinyin(han: str) -> str:
    return "".join(han_syllable(c) for c in han)


@pytest.mark.parametrize(("han", "latin"), [
    ("赖清德", "Lai Ching-te"), ("蔡英文", "Tsai Ing-wen"), ("韩国瑜", "Han Kuo-yu"),
    ("蒋经国", "Chiang Ching-kuo"), ("卓荣泰", "Cho Jung-tai"), ("毛泽东", "Mao Tse-tung"),
    ("李登辉", "Lee Teng-hui"), ("马英九", "Ma Ying-jeou"), ("谢长廷", "Hsieh Chang-ting"),
])
def test_a_wade_giles_name_reads_as_the_pinyin_of_its_characters(han: str, latin: str) -> None:
    assert _pinyin(han) in wade_giles_keys(latin)


@pytest.mark.parametrize("name", ["Xi Jinping", "Donald Trump", "Lien Chan", "Lo Chi", "Hsiao Bi-khim", "Jean-Luc"])
def test_no_key_for_what_is_no_hyphenated_wade_giles_name(name: str) -> None:
    assert wade_giles_keys(name) == frozenset()


def test_wade_giles_syllables() -> None:
    assert wade_giles_to_pinyin("ching") == {"jing", "qing"}
    assert wade_giles_to_pinyin("hsiao") == {"xiao"}
    assert wade_giles_to_pinyin("tzu") == {"zi", "ci"}
    assert wade_giles_to_pinyin("khim") == frozenset()
