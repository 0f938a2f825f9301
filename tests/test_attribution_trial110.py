"""Trial 110: verbatim copies of RT and Sputnik articles with one credit line each read
`unattributed` (/work/trial110/attr_probe.sh).

The registry lacked Sputnik Mundo's domain since 2022 (noticiaslatam.lat), RT in Arabic letters
("آر تي") and "Russia Today" transliterated into Cyrillic ("Раша Тудей"); Arabic tatweel (kashida)
stretched inside a name hid it; "#روسيا_اليوم" was no credit while "#RT_Arabic" was; an address
with spaces around its dots after a credit label ("المصدر: arabic . rt . com") counted only for
hosts of six letters or more. Each form has its prose controls beside it.
"""

from __future__ import annotations

import pytest

from sourcetrace.attribution import analyze
from sourcetrace.outlets import Registry
from sourcetrace.records import Credit


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load()


AR = (
    "السعودية تعلن اكتشاف حقل غاز جديد في الربع الخالي. أعلنت وزارة الطاقة السعودية أن شركة أرامكو"
    " اكتشفت حقلا جديدا للغاز الطبيعي في منطقة الربع الخالي."
)
RU = (
    "Министр иностранных дел России Сергей Лавров 24 ноября провёл в Москве переговоры с египетским"
    " коллегой Бадром Абдельатти."
)
ES = (
    "El índice de precios al consumidor de Argentina subió un 2,4% en octubre respecto al mes"
    " anterior, informó el Instituto Nacional de Estadística y Censos (INDEC)."
)
SOURCE = "https://noticiaslatam.lat/20261126/argentina-inflacion-octubre-1150004.html"


def _verdict(reg: Registry, post: str, outlet: str, **kwargs: object) -> tuple[str, str | None, list[str]]:
    result = analyze(post, outlet, reg, **kwargs)  # type: ignore[arg-type]
    return result.status, result.credited, [e.rule for e in result.evidence]


# ---- the registry: Sputnik Mundo's domain, RT in Arabic letters and in Cyrillic ----


@pytest.mark.parametrize(
    "credit", [f"Más info: {SOURCE}", SOURCE, "noticiaslatam.lat/20261126/argentina-inflacion-octubre-1150004.html"]
)
def test_sputnik_mundos_domain_credits_sputnik(reg: Registry, credit: str) -> None:
    assert _verdict(reg, f"{ES}\n{credit}", "sputnik") == ("attributed", "sputnik", ["link-domain"])


def test_a_telegram_text_link_to_sputnik_mundo(reg: Registry) -> None:
    link = Credit("link", SOURCE, "text_link.href", "Fuente")
    assert _verdict(reg, f"{ES}\nFuente", "sputnik", credits=[link]) == (
        "attributed",
        "sputnik",
        ["link-domain"],
    )


def test_sputnik_mundos_domain_credits_the_family_on_a_ria_story(reg: Registry) -> None:
    # Sputnik and RIA Novosti are both Rossiya Segodnya's: the family is credited
    assert _verdict(reg, f"{RU}\n{SOURCE}", "ria")[:2] == ("attributed", "rossiya_segodnya")


@pytest.mark.parametrize(
    ("credit", "outlet"),
    [
        ("المصدر: آر تي", "rt"),
        ("المصدر: آر تي عربي", "rt"),
        ("(آر تي)", "rt"),
        ("Источник: Раша Тудей", "rt"),
        ("По информации Раша Тудей", "rt"),
    ],
)
def test_rt_in_arabic_letters_and_in_cyrillic(reg: Registry, credit: str, outlet: str) -> None:
    text = RU if "Раша" in credit else AR
    assert _verdict(reg, f"{text}\n{credit}", outlet) == ("attributed", outlet, ["name-alias"])


@pytest.mark.parametrize(
    "post",
    [
        f"{AR}\nقال آر تي إن الحقل كبير",  # no cue: "آر تي" is short as "RT" is
        f"{AR}\nالمصدر: آر تي إل",  # RTL, not RT
        f"{RU}\nраша тудей опять врёт",  # a name in a sentence, no credit
    ],
)
def test_rt_in_prose_is_no_credit(reg: Registry, post: str) -> None:
    assert _verdict(reg, post, "rt") == ("unattributed", None, [])



# ---- an acronym joined to "RT" by a hyphen is another term ----


@pytest.mark.parametrize(
    "post",
    [
        "Source: RT-PCR test, Ministry of Health",
        "Fuente: RT-qPCR",
        "La prueba RT-PCR es obligatoria para viajar",
        "the RT-PCR test",
        # trial 111: any dash, a slash, and the term going on
        "Source: RT–PCR test",
        "Source: RT\u2011PCR test",
        "Source: RT/PCR test",
        "Quelle: RT-PCR-Test",
        # a space between them too ("Source: RT PCR test" credited RT), for an assay's name only
        "Source: RT PCR test",
        "Fuente: prueba RT PCR",
        "Источник: RT PCR",
        "Source: RT\u00a0qPCR",
        "Source: RT LAMP assay",
        "Fuente: RT PCRs negativos",
    ],
)
def test_rt_pcr_is_no_credit(reg: Registry, post: str) -> None:
    assert _verdict(reg, post, "rt") == ("unattributed", None, [])


@pytest.mark.parametrize("post", ["vía RT/EFE", "Fuente: RT/AFP", "Fuente: RT TV", "Source: RT PC World"])
def test_rt_beside_another_outlet_after_a_slash_still_credits(reg: Registry, post: str) -> None:
    assert _verdict(reg, post, "rt")[:2] == ("attributed", "rt")


def test_an_outlets_own_account_typed_full_width_is_the_outlet(reg: Registry) -> None:
    """Trial 111: People's Daily's own posts by "＠PDChina" read as unattributed copies of it."""
    for author in ("＠PDChina", "＠ＰＤＣｈｉｎａ", "﹫pdchina"):
        result = analyze("Heavy rain hit Guangdong on Monday.", "peoplesdaily", reg, author=author, platform="x")
        assert (result.status, [e.rule for e in result.evidence]) == ("attributed", ["outlet-account"]), author


@pytest.mark.parametrize(("post", "expected"), [
    ("Source: china news sites I follow", ("unattributed", None, [])),  # trial 111: the words
    ("Lluvias en Guangdong.\nSource: china news", ("attributed", "cns", ["name-alias"])),
    ("Lluvias en Guangdong.\nFuente: cns", ("attributed", "cns", ["name-alias"])),
])
def test_a_two_word_context_name_in_lower_case_needs_a_credits_place(reg: Registry, post: str, expected: tuple) -> None:
    assert _verdict(reg, post, "cns") == expected


def test_a_hyphenated_brand_of_rt_still_credits_it(reg: Registry) -> None:
    # "RT-DE" writes the registered "RT DE"; "CCTV-4" is CCTV's channel; "(RT)" after the test
    assert _verdict(reg, "Fuente: RT-DE", "rt")[:2] == ("attributed", "rt")
    assert _verdict(reg, "Fuente: CCTV-4", "cctv")[:2] == ("attributed", "cctv")
    assert _verdict(reg, "the RT-PCR test (RT)", "rt") == ("attributed", "rt", ["name-alias"])


# ---- tatweel (kashida) stretched inside a name ----


@pytest.mark.parametrize(
    ("credit", "outlet"),
    [
        ("المصدر: روسـيـا الـيـوم", "rt"),
        ("المصدر: روســــيا اليوم", "rt"),
        ("المصدر: شيـنـخـوا", "xinhua"),
        ("المصدر: سبوتـنـيـك", "sputnik"),
    ],
)
def test_a_name_stretched_with_tatweel_is_evasive(reg: Registry, credit: str, outlet: str) -> None:
    status, credited, rules = _verdict(reg, f"{AR}\n{credit}", outlet)
    assert (status, credited, rules) == ("evasive", outlet, ["zero-width-name"])


def test_the_evidence_keeps_the_stretched_name(reg: Registry) -> None:
    result = analyze(f"{AR}\nالمصدر: روسـيـا الـيـوم", "rt", reg)
    (evidence,) = result.evidence
    assert evidence.text == "المصدر: روسـيـا الـيـوم"
    assert evidence.span is not None and result.to_dict()  # the span maps back to the post


def test_a_stretched_cue_before_a_plain_name_hides_nothing(reg: Registry) -> None:
    assert _verdict(reg, f"{AR}\nالمـصـدر: روسيا اليوم", "rt") == ("attributed", "rt", ["name-alias"])


@pytest.mark.parametrize(
    "post",
    [
        f"{AR}\nأعلنت روسـيـا الـيـوم عن خطة جديدة",  # "Russia announced today", stretched
        f"{AR}\nأعلنت روسيا اليوم عن خطة جديدة",
        f"{AR}\nالحمد لله، خبر جمـيـل",  # typographic stretching of an ordinary word
        f"{AR}\nمـبـروك لـلـجـمـيـع",
    ],
)
def test_tatweel_in_prose_is_no_credit(reg: Registry, post: str) -> None:
    assert _verdict(reg, post, "rt") == ("unattributed", None, [])


# ---- an Arabic name as a hashtag ----


@pytest.mark.parametrize("tag", ["#روسيا_اليوم", "#RT_Arabic"])
def test_a_hashtag_of_rts_arabic_name(reg: Registry, tag: str) -> None:
    assert _verdict(reg, f"{AR}\n{tag}", "rt") == ("attributed", "rt", ["name-alias"])


@pytest.mark.parametrize(
    "tag",
    [
        "#روسيا",  # Russia
        "#روسيا اليوم",  # a hashtag of "Russia", then "today"
        "#مصر_اليوم",  # "Egypt today"
        "#السعودية_اليوم",
        "#RT",  # a short context alias stays a topic
        "#今日俄罗斯",
    ],
)
def test_other_hashtags_are_no_credit(reg: Registry, tag: str) -> None:
    assert _verdict(reg, f"{AR}\n{tag}", "rt") == ("unattributed", None, [])


# ---- an address with spaces around its dots, after a credit label ----


@pytest.mark.parametrize(
    ("credit", "shown"),
    [
        ("المصدر: arabic . rt . com", "arabic . rt . com"),
        ("Fuente: actualidad . rt . com", "actualidad . rt . com"),
        ("Source: rt . com", "rt . com"),
        ("Source: arabic.rt . com", "arabic.rt . com"),
        ("Fuente: arabic . rt . com. Más información abajo", "arabic . rt . com"),
    ],
)
def test_a_spaced_address_after_a_label_is_defanged(reg: Registry, credit: str, shown: str) -> None:
    result = analyze(f"{AR}\n{credit}", "rt", reg)
    assert (result.status, result.credited) == ("evasive", "rt")
    assert [(e.text, e.rule) for e in result.evidence] == [(shown, "defanged-link")]


@pytest.mark.parametrize(
    "post",
    [
        "arabic . rt . com",  # no label
        "I read it on rt . com today",
        "Fuente: rt . com . mx",  # another host
        "Fuente: rt . com.mx",
        "Results of the RT-PCR test. com",
    ],
)
def test_a_spaced_address_without_a_label_is_no_credit(reg: Registry, post: str) -> None:
    assert _verdict(reg, post, "rt") == ("unattributed", None, [])


def test_a_sentence_dot_is_no_address(reg: Registry) -> None:
    # "Fonte: RT." ends a sentence: the name is the credit, not an address "rt.com"
    assert _verdict(reg, "Fonte: RT. Com informações de agências", "rt") == (
        "attributed",
        "rt",
        ["name-alias"],
    )


def test_a_distinctive_spaced_address_counts_anywhere_as_before(reg: Registry) -> None:
    assert _verdict(reg, "xinhuanet . com", "xinhua") == ("evasive", "xinhua", ["defanged-link"])
    assert _verdict(reg, "See news . cn", "xinhua") == ("unattributed", None, [])
    assert _verdict(reg, "Fuente: news . cn", "xinhua") == ("evasive", "xinhua", ["defanged-link"])


@pytest.mark.parametrize("post", ["Лавров провёл переговоры.\nисточник: раша тудей",
                                  "Лавров провёл переговоры.\nИСТОЧНИК: РАША ТУДЕЙ"])
def test_a_cyrillic_name_in_small_letters_or_capitals_is_the_name(reg: Registry, post: str) -> None:
    """Trial 111: "источник: раша тудей" read misspelled (evasive): the skeleton maps capital "Т"
    to Latin "t" and leaves small "т", so the name in small letters was another word."""
    assert _verdict(reg, post, "rt") == ("attributed", "rt", ["name-alias"])
