"""Obfuscated names beyond look-alike letters (issue 13, kind 4): misspellings one edit away,
spellings by ear, two scripts, homophones, abbreviations, separators, handles after a platform
label without "@" -- and no credit for words that merely look like a name."""

from __future__ import annotations

import pytest

from sourcetrace.attribution import analyze
from sourcetrace.attribution.altered import pinyin_syllables, romanize
from sourcetrace.outlets import Registry


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load()


DODGES = [
    ("China inaugura el tren más rápido del mundo 🚄 Fuente: xinjua", "xinhua", "misspelled-name"),
    ("Pekín anuncia nuevas medidas 🛍️ vía Xinhau", "xinhua", "misspelled-name"),
    (
        "China's Chang'e-6 lands on the far side of the Moon 🌕 (Xinhau)",
        "xinhua",
        "misspelled-name",
    ),
    ("China's exports beat forecasts 📈 src: Xinhuaa", "xinhua", "misspelled-name"),
    ("Shenzhou-17 revient sur Terre 🚀 selon Sinhua", "xinhua", "misspelled-name"),
    ("China inaugura a ponte mais alta do mundo 🌉 Fonte: Xinhwa", "xinhua", "misspelled-name"),
    ("China to extend visa-free entry ✈️ Source: China Nws", "cns", "misspelled-name"),
    ("الصين تفتتح أعلى جسر في العالم 🌉 المصدر: شنخوا", "xinhua", "misspelled-name"),
    ("神舟十七号航天员安全返回🚀 来源：xin华社", "xinhua", "mixed-script-name"),
    ("中国与巴西签署农业合作协议🇧🇷 来源：中新she", "cns", "mixed-script-name"),
    ("云南世界最高桥通车🌉 据新化社报道", "xinhua", "misspelled-name"),
    ("China's new carrier begins sea trials ⚓ Source: XH News", "xinhua", "spaced-handle"),
    ("Los precios cayeron 0,5 % 📉 XH Noticias", "xinhua", "abbreviated-name"),
    ("海南全年接待游客9000万人次🏝️ 来源：新♥华♥社", "xinhua", "spaced-name"),
    ("El comercio China-ALC supera los 480.000 millones. Fuente: CNS 1952", "cns", "spaced-handle"),
    ("🇨🇳 Récord de exportaciones en noviembre\n\nX: XHespanol", "xinhua", "handle-without-at"),
    ("Moscú responde a las sanciones. ТГ: rt_russian", "rt", "handle-without-at"),
    ("Moscú responde a las sanciones. Телеграм – rian_ru", "ria", "handle-without-at"),
    ("الصين تطلق قمرا صناعيا. انستغرام: cgtnarabic", "cgtn", "handle-without-at"),
    # trial 7: a name with a space of its own dropped, or an invisible character in its place
    (
        "Se completó el martes en Putian, en la provincia de Fujian.\nFuente: China News\u200bService",
        "cns",
        "zero-width-name",
    ),
    (
        "Se completó el martes en Putian, en la provincia de Fujian.\nFuente: China NewsService",
        "cns",
        "misspelled-name",
    ),
    ("El parque eólico ya produce energía (China NewsService)", "cns", "misspelled-name"),
    ("Fuente: China GlobalTelevision Network", "cgtn", "misspelled-name"),
    ("Fuente: MundoChina", "mundo_china", "misspelled-name"),
]

# posts that merely mention China, news, or a word one edit or one character from a name
NO_CREDIT = [
    ("Las noticias de China más leídas de la semana 📰👇", "cns"),
    ("China news roundup: exports up, stocks down, and a panda birthday 🐼📰", "cns"),
    ("中国新闻早知道☀️ 今天有这些大事👇", "cns"),
    ("Главные новости Китая за неделю 🇨🇳👇", "cns"),
    ("أخبار الصين اليوم 🇨🇳👇", "cns"),
    ("Jinhua ham producers report record exports this winter 🍖", "xinhua"),
    ("Fonte: Prefeitura de Jinhua. A feira de presunto abre sexta", "xinhua"),
    ("Fuente: Ayuntamiento de Xinhui. La cosecha de chenpi creció 12 %", "xinhua"),
    ("The Xinhai Revolution began 112 years ago today in Wuchang 🇨🇳", "xinhua"),
    ("Source: Xinghua municipal government", "xinhua"),
    ("Selon la CGT, 40 % des agents étaient en grève ce matin", "cgtn"),
    ("D'après le CNES, le lanceur a décollé à 14 h depuis Kourou 🚀", "cns"),
    ("周末去哪儿？这家宝藏茶馆安利给你们🍵 来源：xhs", "xinhua"),
    ("苏南地区今冬首场雪即将到来❄️ 来源：新华日报", "xinhua"),
    ("新化县黑茶节开幕。来源：新化县融媒体中心", "xinhua"),
    ("来源：新化社区卫生服务中心", "xinhua"),
    ("По данным Синьцзянского бюро статистики, урожай хлопка вырос на 7%", "xinhua"),
    ("المصدر: بلدية جينهوا. معرض لحم الخنزير المقدد يفتتح الجمعة", "xinhua"),
    ("Big news today 🔥 Great job", "xinhua"),
    ("Source: my own notes", "xinhua"),
    # a joined name outside a credit's place, or a form the registry lists as written
    ("La China NewsService dice que no", "cns"),
]


@pytest.mark.parametrize(("text", "outlet", "rule"), DODGES)
def test_altered_name_is_evasive(reg: Registry, text: str, outlet: str, rule: str) -> None:
    result = analyze(text, outlet, reg)
    assert (result.status, result.credited) == ("evasive", outlet), result.to_dict()
    assert [e.rule for e in result.evidence] == [rule]
    for e in result.evidence:
        assert e.span is not None and text[e.span[0] : e.span[1]] == e.text


@pytest.mark.parametrize(("text", "outlet"), NO_CREDIT)
def test_no_credit_for_a_near_miss(reg: Registry, text: str, outlet: str) -> None:
    result = analyze(text, outlet, reg)
    assert (result.status, result.credited) == ("unattributed", None), result.to_dict()


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        (
            "Xi-Biden meeting due in San Francisco (People's Daily App) https://t.co/C6wchYtYB7",
            "peoplesdaily",
        ),
        ("Follow CGTN Global Watch for the latest news every day!", "cgtn"),
        (
            "A new article by Xi Jinping was published in Qiushi Journal, 21st issue.",
            "qiushi_magazine_press",
        ),
    ],
)
def test_a_handle_written_as_words_is_a_name(reg: Registry, text: str, outlet: str) -> None:
    """Found on the CANIS accounts' own tweets: an account's name in words is no dodge."""
    result = analyze(text, outlet, reg)
    assert (result.status, [e.rule for e in result.evidence]) == ("attributed", ["name-alias"])


def test_inflected_name_is_an_open_credit(reg: Registry) -> None:
    result = analyze(
        "Товарооборот вырос на 1,2%, по сообщению Международного радио Китая", "cri", reg
    )
    assert (result.status, result.credited) == ("attributed", "cri")


def test_pinyin_helpers() -> None:
    assert pinyin_syllables("xinhua") == 2
    assert pinyin_syllables("jinhua") == 2
    assert pinyin_syllables("xinjua") == 3  # xin-ju-a: not a two-syllable name like Xinhua
    assert pinyin_syllables("sinhua") == 0
    assert romanize("新hua社") == romanize("新化社") == "xinhuashe"


@pytest.mark.parametrize("label", ["Инстаграм:", "ТГ •", "انستغرام:", "Insta:", "IG -"])
def test_platform_label_in_any_script_announces_a_plain_handle(reg: Registry, label: str) -> None:
    """"tianwei" (a CGTN presenter) could be any word: only a platform label makes it a handle."""
    result = analyze(f"Интервью о торговле. {label} tianwei", "cgtn", reg)
    assert (result.status, result.credited) == ("evasive", "cmg"), result.to_dict()
    assert [e.rule for e in result.evidence] == ["handle-without-at"]
    assert analyze("Интервью о торговле. tianwei", "cgtn", reg).status == "unattributed"
