"""Trial 115: a francophone fact-checking desk's credits of Sputnik Afrique, RT en français,
Xinhua and People's Daily read `unattributed`.

The registry lacked Sputnik Afrique (its name, site, account and channel), "RT en français" and
People's Daily Online's French name; "Spoutnik", the French spelling, read as a misspelling; the
French press wording "(Avec Xinhua)", "Avec agences", "Lu sur", "Vu sur" was no cue; and one
agency named only by whose it is ("Source : agence chinoise") was no generic credit. Each form has
its prose controls beside it.
"""

from __future__ import annotations

import pytest

from sourcetrace.attribution import analyze
from sourcetrace.outlets import Registry
from sourcetrace.records import Credit


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load()


FR = "Le Mali et la Russie ont signé mardi à Bamako un accord de coopération dans le domaine de l'énergie."


def _verdict(reg: Registry, post: str, outlet: str, **kwargs: object) -> tuple[str, str | None, list[str]]:
    result = analyze(post, outlet, reg, **kwargs)  # type: ignore[arg-type]
    return result.status, result.credited, [e.rule for e in result.evidence]


# ---- the registry: Sputnik Afrique, RT en français, Le Quotidien du Peuple en ligne ----


@pytest.mark.parametrize(
    ("post", "outlet", "rule"),
    [
        (f"{FR}\nSputnik Afrique", "sputnik", "name-alias"),
        (f"{FR} @sputnik_afrique", "sputnik", "at-handle"),
        (f"{FR} t.me/sputnik_afrique", "sputnik", "profile-link"),
        (f"{FR} https://fr.sputniknews.africa/20240312/mali-energie-1065.html", "sputnik", "link-domain"),
        (f"{FR}\nRT en français", "rt", "name-alias"),
        (f"{FR}\nRT en francais", "rt", "name-alias"),
        (f"{FR}\nVu sur RT en français", "rt", "name-alias"),
        (f"{FR}\nSource : Le Quotidien du peuple en ligne", "peoplesdaily", "name-alias"),
    ],
)
def test_francophone_services_credit(reg: Registry, post: str, outlet: str, rule: str) -> None:
    assert _verdict(reg, post, outlet) == ("attributed", outlet, [rule])


def test_sputnik_afrique_forward(reg: Registry) -> None:
    forward = Credit(kind="forward", value="Sputnik Afrique", field="forwarded_from")
    assert _verdict(reg, FR, "sputnik", credits=(forward,)) == ("attributed", "sputnik", ["forwarded-from"])


# ---- "Spoutnik", the French spelling: a name needing a cue, as "Sputnik" is ----


@pytest.mark.parametrize(
    "post",
    [f"{FR[:-1]}, d'après Spoutnik.", f"{FR} (Spoutnik)", f"{FR}\nSource : Spoutnik", f"{FR}\nVu sur Spoutnik"],
)
def test_spoutnik_is_the_name(reg: Registry, post: str) -> None:
    assert _verdict(reg, post, "sputnik") == ("attributed", "sputnik", ["name-alias"])


@pytest.mark.parametrize(
    "post",
    [
        "Le lancement de Spoutnik 1 en 1957 a ouvert l'ère spatiale.",
        "Le vaccin Spoutnik V est arrivé au Mali.",
        f"{FR}\nSource : Spoutnik V",
        "Spoutnik a été le premier satellite artificiel.",
    ],
)
def test_spoutnik_the_satellite_and_the_vaccine(reg: Registry, post: str) -> None:
    assert _verdict(reg, post, "sputnik") == ("unattributed", None, [])


# ---- French press wording ----


@pytest.mark.parametrize(
    ("credit", "outlet"),
    [("(Avec Xinhua)", "xinhua"), ("(avec Xinhua)", "xinhua"), ("(Avec RT)", "rt"), ("\nLu sur Xinhua", "xinhua")],
)
def test_with_and_read_on_credit(reg: Registry, credit: str, outlet: str) -> None:
    assert _verdict(reg, f"{FR} {credit}", outlet) == ("attributed", outlet, ["name-alias"])


@pytest.mark.parametrize("credit", ["\n(avec agences)", "\nAvec agences", " Avec agences", "\n(Avec agences de presse)"])
def test_with_agencies_is_generic(reg: Registry, credit: str) -> None:
    assert _verdict(reg, f"{FR}{credit}", "xinhua") == ("evasive", None, ["generic-credit"])


@pytest.mark.parametrize(
    ("post", "outlet"),
    [
        ("Le Mali signe un accord avec Xinhua.", "xinhua"),
        ("Le Mali signe un accord avec Xinhua pour former des journalistes", "xinhua"),
        ("Le Mali signe un accord (avec Xinhua) pour former des journalistes.", "xinhua"),
        ("J'ai lu sur Xinhua que le Mali signe un accord.", "xinhua"),
        ("Le Mali signe un accord avec les agences de presse", "xinhua"),
        ("Avec agences, le Mali signe un accord.", "xinhua"),
    ],
)
def test_with_and_read_on_in_prose(reg: Registry, post: str, outlet: str) -> None:
    assert _verdict(reg, post, outlet) == ("unattributed", None, [])


# ---- one agency or newspaper named only by whose it is: a generic credit ----


@pytest.mark.parametrize(
    ("credit", "outlet"),
    [
        ("Source : agence chinoise", "xinhua"),
        ("(agence chinoise)", "xinhua"),
        ("Source : agence de presse chinoise", "xinhua"),
        ("Source : l'agence officielle chinoise", "xinhua"),
        ("Source : journal chinois", "peoplesdaily"),
        ("Fuente: agencia china", "xinhua"),
        ("Fonte: agência oficial chinesa", "xinhua"),
        ("Source: a Chinese news agency", "xinhua"),
        ("Source: China's state news agency", "xinhua"),
        ("Источник: китайское агентство", "xinhua"),
        ("المصدر: وكالة صينية", "xinhua"),
        ("来源：中国通讯社", "xinhua"),
        ("Source : agence russe", "tass"),
    ],
)
def test_one_agency_by_its_country_is_generic(reg: Registry, credit: str, outlet: str) -> None:
    assert _verdict(reg, f"{FR}\n{credit}", outlet) == ("evasive", None, ["generic-credit"])


@pytest.mark.parametrize(
    "credit",
    [
        "Fuente: agencia",
        "Source : agence officielle",
        "Source : agence russe",  # another country's agency on a copy of Xinhua
        "Source : agence chinoise de coopération internationale (CIDCA)",
        "(agence chinoise de coopération internationale (CIDCA))",
        "Source : l'agence chinoise de l'espace",
        "Fuente: agencia china de noticias Xinhua hoy",
        "Source : Journal officiel",
        "Source: The China Journal",
        "Source: China's space agency",
        "Segundo a agência estatal chinesa, o PIB cresceu 5%.",
    ],
)
def test_one_agency_that_is_no_generic_credit(reg: Registry, credit: str) -> None:
    status, _, rules = _verdict(reg, f"{FR}\n{credit}", "xinhua")
    assert "generic-credit" not in rules
    if "Xinhua" not in credit:
        assert status == "unattributed"
