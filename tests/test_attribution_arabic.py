"""PRC state outlets named in Arabic letters, and the Arabic proclitics glued to a name.

Trial 104: "المصدر: سي جي تي إن" and "المصدر: سي جي تي إن العربية" (CGTN, as CGTN Arabic writes its
brand) read `unattributed`: the registry had Cyrillic names for CGTN and no Arabic one. A name
with "و" (and), "ب" or "ل" glued to it after a cue ("المصدر: لشينخوا") read as a misspelling of it.
"""

from __future__ import annotations

import pytest

from sourcetrace.attribution import analyze
from sourcetrace.outlets import Registry


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load()


TOMAHAWK = "واشنطن توافق على بيع 400 صاروخ كروز من طراز توماهوك لليابان"



def _credited_by_name(reg: Registry, credit: str, outlet: str) -> None:
    """A copy of the Tomahawk story ending in `credit` credits `outlet` by one of its names."""
    result = analyze(f"{TOMAHAWK}\n{credit}", outlet, reg)
    assert (result.status, result.credited) == ("attributed", outlet), result.to_dict()
    assert [e.rule for e in result.evidence] == ["name-alias"]

@pytest.mark.parametrize(
    ("credit", "outlet"),
    [
        ("المصدر: سي جي تي إن", "cgtn"),
        ("المصدر: سي جي تي إن العربية", "cgtn"),
        ("(CGTN العربية)", "cgtn"),
        ("نقلا عن شبكة تلفزيون الصين الدولية", "cgtn"),
        ("المصدر: سي سي تي في", "cctv"),
        ("المصدر: التلفزيون المركزي الصيني", "cctv"),
        ("المصدر: وكالة أنباء شينخوا", "xinhua"),
        ("المصدر: تشاينا ديلي", "chinadaily"),
        ("المصدر: غلوبال تايمز", "globaltimes"),
        ("(جلوبال تايمز)", "globaltimes"),
        ("المصدر: راديو الصين الدولي", "cri"),
        ("المصدر: مجموعة الصين للإعلام", "cmg"),
        ("出典：チャイナ・デイリー", "chinadaily"),
        ("Fonte: Grupo de Mídia da China", "cmg"),
    ],
)
def test_an_arabic_name_credits_its_outlet(reg: Registry, credit: str, outlet: str) -> None:
    _credited_by_name(reg, credit, outlet)


def test_the_trials_posts(reg: Registry) -> None:
    """B03 and A02 of trial 104, copies of a CGTNFrancais tweet (outlet id: its handle)."""
    for post in (f"{TOMAHAWK}\nالمصدر: سي جي تي إن",
                 "Washington aprova venda de 400 mísseis de cruzeiro Tomahawk ao Japão\nالمصدر: سي جي تي إن العربية"):
        result = analyze(post, "cgtnfrancais", reg)
        assert (result.status, result.credited) == ("attributed", "cgtn"), result.to_dict()


@pytest.mark.parametrize(
    ("credit", "outlet", "shown"),
    [
        ("المصدر: لشينخوا", "xinhua", "المصدر: لشينخوا"),
        ("المصدر: بشينخوا", "xinhua", "المصدر: بشينخوا"),
        ("نقلا عن وسي جي تي إن", "cgtn", "نقلا عن وسي جي تي إن"),
        ("المصدر: شينخوا وسي جي تي إن", "cgtn", "سي جي تي إن"),  # a list: "Xinhua and CGTN"
    ],
)
def test_a_proclitic_glued_to_a_name_after_a_cue(reg: Registry, credit: str, outlet: str, shown: str) -> None:
    result = analyze(f"{TOMAHAWK}\n{credit}", outlet, reg)
    assert (result.status, result.credited) == ("attributed", outlet), result.to_dict()
    assert result.evidence[0].rule == "name-alias" and result.evidence[0].text == shown


@pytest.mark.parametrize(
    ("post", "outlet"),
    [
        ("قالت لشينخوا إن الوضع صعب في المدينة", "xinhua"),  # "she told Xinhua": an interview
        ("قال مراسل سي جي تي إن إن الوضع صعب", "cgtn"),  # "CGTN's correspondent said"
        ("شاهد سي جي تي إن العربية غدا في الثامنة مساء", "cgtn"),  # "watch CGTN Arabic tomorrow"
        ("ظهر تقرير غلوبال تايمز في الصحف الصينية أمس مرة أخرى", "globaltimes"),
    ],
)
def test_an_arabic_name_in_a_sentence_is_no_credit(reg: Registry, post: str, outlet: str) -> None:
    assert analyze(post, outlet, reg).status == "unattributed", analyze(post, outlet, reg).to_dict()


# Trial 105: "المصدر: شبكة سي جي تي إن العربية" read unattributed: "شبكة" (network) before the name
# was no descriptor while "قناة" and "وكالة" were; nor were "موقع" (website), French "réseau",
# "chaîne" or Russian "информационное агентство".
@pytest.mark.parametrize(
    ("credit", "outlet"),
    [
        ("المصدر: شبكة سي جي تي إن العربية", "cgtn"),
        ("المصدر: شبكة سي جي تي إن", "cgtn"),
        ("(شبكة سي جي تي إن)", "cgtn"),
        ("المصدر: قناة سي جي تي إن", "cgtn"),
        ("المصدر: وكالة شينخوا", "xinhua"),
        ("المصدر: صحيفة غلوبال تايمز", "globaltimes"),
        ("المصدر: موقع تشاينا ديلي", "chinadaily"),
        ("المصدر: جريدة تشاينا ديلي", "chinadaily"),
        ("Fuente: la cadena CGTN", "cgtn"),
        ("Fonte: a agência Xinhua", "xinhua"),
        ("Fonte: a rede CGTN", "cgtn"),
        ("Source : le réseau CGTN", "cgtn"),
        ("Source : la chaîne CGTN", "cgtn"),
        ("(le réseau CGTN)", "cgtn"),
        ("Источник: телеканал CGTN", "cgtn"),
        ("Источник: агентство Синьхуа", "xinhua"),
        ("Источник: информационное агентство Синьхуа", "xinhua"),
    ],
)
def test_a_word_for_the_outlet_before_its_name(reg: Registry, credit: str, outlet: str) -> None:
    _credited_by_name(reg, credit, outlet)


@pytest.mark.parametrize(
    ("post", "outlet"),
    [
        ("شبكة سي جي تي إن تبث تقريرا عن المعرض اليوم", "cgtn"),  # "CGTN network airs a report"
        ("زار موقع تشاينا ديلي ملايين القراء هذا العام", "chinadaily"),
        ("Le réseau CGTN a diffusé un reportage sur la foire.", "cgtn"),
        ("A rede CGTN transmitiu a cerimônia ao vivo.", "cgtn"),
    ],
)
def test_a_word_for_the_outlet_in_a_sentence_is_no_credit(reg: Registry, post: str, outlet: str) -> None:
    assert analyze(post, outlet, reg).status == "unattributed", analyze(post, outlet, reg).to_dict()
