"""Trial 119: a Spanish-language newsroom's two faults.

1. "The Chinese news agency" as a credit: "Fonte: agência chinesa de notícias" and "(Agencia China
   de Noticias)" ending a post read `unattributed`, while "según la agencia oficial china" was a
   generic credit and trial 117 had made the Arabic "المصدر: وكالة الأنباء الصينية" one. What the
   agency deals in may now follow the country's word ("agencia china de noticias", "agence
   chinoise de presse"), and the country may be a complement ("agencia de noticias de China").
   The registry names China News Service "China News Service", 中国新闻社, "Servicio de Noticias
   de China" (and Wikipedia does: "the second largest state news agency ... after Xinhua"), never
   "China News Agency" or "Agencia China de Noticias", which describe Xinhua as often ("la agencia
   china de noticias Xinhua"): such a credit names no outlet, `evasive` with `credited` None, and
   "Source: China News Agency" no longer credits CNS through its context name "China News".
2. A sibling's credit: "Fuente: Xinhua" on People's Daily's story was shown as "credits xinhua, a
   sibling state outlet", read as "of its family", which the registry says Xinhua is not. The
   status stays `evasive` (the docs' rule: another state outlet of the same state); the text says
   what holds.
"""

from __future__ import annotations

import pytest

from sourcetrace.attribution import analyze
from sourcetrace.outlets import Registry
from sourcetrace.results import Attribution, credit_note

STORY = "El PIB de China creció un 5,2 % en 2023, según datos oficiales."


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load()


def _verdict(reg: Registry, post: str, outlet: str = "xinhua") -> tuple[str, str | None, list[str]]:
    result = analyze(post, outlet, reg)
    return result.status, result.credited, [e.rule for e in result.evidence]


@pytest.mark.parametrize(
    "credit",
    [
        "\nFonte: agência chinesa de notícias",  # the trial's two
        " (Agencia China de Noticias)",
        "\nFuente: agencia china de noticias",
        " (agencia de noticias china)",
        "\nFuente: Agencia de Noticias de China",
        "\nFuente: la agencia estatal china de noticias",
        "\nsegún la agencia china de noticias",
        "\nFonte: agência de notícias chinesa",
        " (agência chinesa de notícias)",
        "\nFonte: Agência de Notícias da China",
        "\nSource : agence de presse chinoise",
        "\nSource : agence chinoise de presse",
        " (agence chinoise d'information)",
        "\nSource: Chinese news agency",
        "\nSource: the Chinese state news agency",
        "\nSource: China News Agency",
        " (China News Agency)",
        "\nSource: CHINA NEWS AGENCY",
    ],
)
def test_the_chinese_news_agency_is_a_generic_credit(reg: Registry, credit: str) -> None:
    assert _verdict(reg, STORY + credit) == ("evasive", None, ["generic-credit"])


@pytest.mark.parametrize("outlet", ["xinhua", "cns"])
def test_china_news_agency_is_no_name_of_china_news_service(reg: Registry, outlet: str) -> None:
    # the registry lists no such name of CNS: on either agency's story it names no outlet
    for credit in ("\nSource: China News Agency", "\nFuente: Agencia China de Noticias"):
        assert _verdict(reg, STORY + credit, outlet) == ("evasive", None, ["generic-credit"])
    # CNS's own names still credit it
    assert _verdict(reg, STORY + "\nFuente: Servicio de Noticias de China", "cns")[:2] == ("attributed", "cns")
    assert _verdict(reg, STORY + "\nSource: China News Service", "cns")[:2] == ("attributed", "cns")
    assert _verdict(reg, STORY + "\nSource: China News", "cns")[:2] == ("attributed", "cns")


def test_a_longer_name_after_china_news_is_not_cns(reg: Registry) -> None:
    # "China News Network reported" was already no CNS; after a cue neither
    assert _verdict(reg, STORY + "\nSource: China News Network", "cns") == ("unattributed", None, [])


def test_the_agency_named_after_the_words_is_credited(reg: Registry) -> None:
    assert _verdict(reg, STORY + " (agencia china de noticias Xinhua)")[:2] == ("attributed", "xinhua")
    assert _verdict(reg, STORY + "\nFonte: agência chinesa de notícias Xinhua")[:2] == ("attributed", "xinhua")


@pytest.mark.parametrize(
    "post",
    [
        "La agencia china de noticias informó que el PIB creció.",  # a sentence about it
        "Según la agencia china de noticias, el PIB creció un 5,2 %.",  # runs on past the credit
        "A agência chinesa de notícias abriu um escritório em Lisboa.",
        "L'agence chinoise de presse a ouvert un bureau à Dakar.",
        "The Chinese news agency opened a bureau in Madrid last year.",
        "¿Alguien sabe cuál es la agencia china de noticias más leída?",
        STORY + "\nSource : agence chinoise de coopération internationale (CIDCA)",  # a named agency
        STORY + "\nFuente: agencia de noticias",  # no country's word
    ],
)
def test_prose_about_the_chinese_news_agency_credits_nobody(reg: Registry, post: str) -> None:
    assert _verdict(reg, post) == ("unattributed", None, [])


def test_a_russian_news_agency_is_no_credit_of_xinhua(reg: Registry) -> None:
    assert _verdict(reg, STORY + "\nFuente: agencia rusa de noticias")[0] == "unattributed"
    assert _verdict(reg, STORY + "\nFuente: agencia rusa de noticias", "tass") == ("evasive", None, ["generic-credit"])


# ---- a sibling's credit, said as it holds ----


def test_xinhua_on_peoples_daily_stays_evasive_and_a_sibling(reg: Registry) -> None:
    result = analyze(STORY + "\nFuente: Xinhua", "peoplesdaily", reg)
    assert (result.status, result.credited, result.sibling) == ("evasive", "xinhua", True)
    assert reg.family_of("xinhua") != reg.family_of("peoplesdaily")  # no family: another state outlet


def test_the_sibling_relation_says_what_holds(reg: Registry) -> None:
    assert reg.sibling_relation("xinhua", ["peoplesdaily"]) == "another PRC state outlet"
    assert reg.sibling_relation("ria", ["tass"]) == "another Russian state outlet"
    assert reg.sibling_relation("cgtn", ["cctv"]) is None  # one family
    assert reg.sibling_relation("globaltimes", ["peoplesdaily"]) is None


def test_the_credit_note_is_neutral_and_names_the_matched_outlet() -> None:
    note = credit_note(Attribution("evasive", "xinhua", sibling=True), "peoplesdaily")
    assert note == "credits Xinhua News Agency, another PRC state outlet, not People's Daily, whose article matched"
    assert "sibling" not in note
    assert credit_note(Attribution("unattributed", "efe"), "xinhua") == "credits efe"
    assert credit_note(Attribution("unattributed"), "xinhua") == ""
    with_origin = credit_note(Attribution("evasive", "cns", sibling=True), "globaltimes", "xinhua")
    assert with_origin.endswith("not Global Times, whose article matched, nor Xinhua News Agency, the agency behind it")


def test_cli_text_and_html_card_say_the_same(reg: Registry) -> None:
    from sourcetrace.cli.check_cmd import format_result
    from sourcetrace.records import Article, Post
    from sourcetrace.report.page import HtmlReport
    from sourcetrace.results import Match, Result, Signals

    attribution = Attribution("evasive", "xinhua", sibling=True)
    match = Match(article=Article(id="a1", text="x", outlet="peoplesdaily"), match_type="paraphrase",
                  confidence=0.9, signals=Signals(lexical_containment=0.0, semantic=0.8), spans=[],
                  source_first=None, attribution=attribution)
    result = Result(Post(text="p", id="p"), [match])
    expected = "credits Xinhua News Agency, another PRC state outlet, not People's Daily, whose article matched"
    shown = format_result(result, "p", lambda _: "x", width=300)
    assert f"evasive ({expected})" in shown
    assert "sibling" not in shown
    card = HtmlReport(lambda _: "x")._match(match, "p", 1)
    assert expected.replace("'", "&#x27;") in card or expected in card
    # the JSON keeps its contract: `credited` and `sibling`, no new field
    assert match.to_dict()["attribution"] == {"status": "evasive", "credited": "xinhua", "sibling": True,
                                              "evidence": []}
