"""Handles the registry does not list but that name an outlet's account (attribution.variants):
a language, region or "official" suffix, or one edit, on the outlet's handle or name."""

from __future__ import annotations

import pytest

from sourcetrace.attribution import analyze
from sourcetrace.attribution.variants import lookalike_key
from sourcetrace.outlets import Registry


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load()


def verdict(text: str, outlet: str, reg: Registry) -> tuple[str, str | None, list[str]]:
    result = analyze(text, outlet, reg)
    return result.status, result.credited, [e.rule for e in result.evidence]


def test_the_trial_post_is_evasive_like_the_listed_handle(reg: Registry) -> None:
    post = "China's exports rose 8.5% in October. — Twitter •chinadaily_en"
    result = analyze(post, "chinadaily", reg)
    assert (result.status, result.credited) == ("evasive", "chinadaily")
    assert [(e.text, e.rule) for e in result.evidence] == [
        ("Twitter •chinadaily_en", "suffixed-handle")
    ]
    listed = analyze(post.replace("chinadaily_en", "ChinaDaily"), "chinadaily", reg)
    assert listed.status == "evasive"


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("IG: XHNews_es", "xinhua"),
        ("X: XHNews_esp", "xinhua"),
        ("X: XHNewsES", "xinhua"),  # a glued code after a change of case
        ("Twitter • ChinaDaily_ar", "chinadaily"),
        ("Telegram: cgtnenespanol2", "cgtn"),
        ("X: GlobalTimes_official", "globaltimes"),
        ("TG: rt_es", "rt"),  # a two-letter name, only with "_" and a label
        ("Sigue a xinhua_es para más", "xinhua"),  # "_" makes it a handle without a label
        ("Mira XHNews_fr", "xinhua"),  # a distinctive handle needs no label
    ],
)
def test_suffixed_handles_are_evasive(reg: Registry, text: str, outlet: str) -> None:
    status, credited, rules = verdict(text, outlet, reg)
    assert (status, credited, rules) == ("evasive", outlet, ["suffixed-handle"])


def test_with_at_a_suffixed_handle_is_an_open_credit(reg: Registry) -> None:
    assert verdict("vía @XHNews_es", "xinhua", reg) == (
        "attributed",
        "xinhua",
        ["at-suffixed-handle"],
    )
    # "@ handle" with a space links nowhere
    assert verdict("vía @ XHNews_es", "xinhua", reg)[0] == "evasive"


def test_misspelled_handles_are_evasive(reg: Registry) -> None:
    assert verdict("IG: chinadaly", "chinadaily", reg)[0:2] == ("evasive", "chinadaily")
    assert verdict("chinadaly_en", "chinadaily", reg)[0:2] == ("evasive", "chinadaily")
    # an @-mention one edit from the outlet's handle points at somebody else's account
    assert verdict("cc @XHNewz", "xinhua", reg) == ("evasive", "xinhua", ["misspelled-handle"])


def test_a_variant_of_a_sibling_is_half_an_attribution(reg: Registry) -> None:
    result = analyze("IG: XHNews_es", "cns", reg)
    assert (result.status, result.credited, result.sibling) == ("evasive", "xinhua", True)


# trial 7: a state outlet's handle with a separator swapped or look-alike letters
LOOKALIKES = [
    ("Incendio en una mina de Shanxi.\nFuente: mundo-china", "mundo_china", "spaced-handle"),
    ("Incendio en una mina de Shanxi.\nfuente: rnundo_china", "mundo_china", "homoglyph-handle"),
    ("Fuente: mundo.china", "mundo_china", "spaced-handle"),
    ("IG: rnundo_china", "mundo_china", "homoglyph-handle"),  # a platform label
    ("IG •mundo-china", "mundo_china", "spaced-handle"),
    ("vía @rnundo_china", "mundo_china", "homoglyph-handle"),  # someone else's account
    ("vía @mundo-china", "mundo_china", "spaced-handle"),  # links to "@mundo"
    ("X: XHNevvs", "xinhua", "homoglyph-handle"),  # "vv" for "w"
    ("Source: Chlna_Daily", "chinadaily", "homoglyph-handle"),  # "l" for "i"
    ("Via: G1obalTimes", "globaltimes", "homoglyph-handle"),  # "1" for "l"
    ("Source: cgtn_lnheritors", "cgtn", "homoglyph-handle"),  # "l" for "i"
    ("El incendio dejó 26 muertos (rnundo_china)", "mundo_china", "homoglyph-handle"),
]


@pytest.mark.parametrize(("text", "outlet", "rule"), LOOKALIKES)
def test_lookalike_handles_are_evasive(reg: Registry, text: str, outlet: str, rule: str) -> None:
    result = analyze(text, outlet, reg)
    assert (result.status, result.credited) == ("evasive", outlet), result.to_dict()
    assert [e.rule for e in result.evidence] == [rule]
    for e in result.evidence:
        assert e.span is not None and text[e.span[0] : e.span[1]] == e.text


def test_lookalike_key_folds_separators_and_letter_pairs() -> None:
    assert lookalike_key("rnundo-china") == lookalike_key("mundo_china")
    assert lookalike_key("XHNevvs".casefold()) == lookalike_key("xhnews")
    assert lookalike_key("c1osertochina") == lookalike_key("closertochina")
    assert lookalike_key("xinhua") != lookalike_key("xinghua")


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("rnundo_china dice que sí", "mundo_china"),  # no label, no cue: a word
        ("Las relaciones mundo-china mejoran", "mundo_china"),
        ("Source: China-Daily", "chinadaily"),  # the name's space as a hyphen: the names' rules
        # another valid handle, often the same body's own (CANIS tweets): no dodge with "@"
        ("Gracias @Amb__ChenXu por la visita", "mfa"),
        ("Visit @VisitJiangsu", "jiangsu_cultural_tourism"),
    ],
)
def test_lookalike_needs_a_credit_place(reg: Registry, text: str, outlet: str) -> None:
    result = analyze(text, outlet, reg)
    assert result.status == "unattributed", result.to_dict()


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("Twitter • mychinadaily_en", "chinadaily"),  # the name inside another word
        ("IG: notxhnews_es", "xinhua"),
        ("Twitter • chinadailyfan", "chinadaily"),  # not a suffix of an outlet's account
        ("chinadaily_sucks is trending", "chinadaily"),
        ("#chinadaily_en", "chinadaily"),  # a hashtag, not an account
        ("visit xinhua_es.com now", "xinhua"),  # part of another address
        ("xhnewses", "xinhua"),  # a glued two-letter ending in a lower-case word
        ("chinadaly", "chinadaily"),  # a misspelling alone: no label, no "_"
        ("Look at cctv13 now", "cctv"),
        ("rt_es", "rt"),  # a two-letter name needs a label or "@"
        ("IG: chenweihua_en", "chinadaily"),  # a staff member's handle names no outlet
    ],
)
def test_no_false_credit(reg: Registry, text: str, outlet: str) -> None:
    status, credited, rules = verdict(text, outlet, reg)
    assert status == "unattributed" and credited is None, (status, credited, rules)
