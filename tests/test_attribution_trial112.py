"""Trial 112: a Portuguese-language desk's credits of Xinhua, CRI, People's Daily and Sputnik
Brasil read `unattributed` (/work/trial112/variants*.jsonl).

The registry lacked the Portuguese services' accounts (@XHportugues, @DiarioPovo, sputnik_brasil),
Sputnik Brasil's domains and the services' names ("Xinhua Português", "CRI Português"). Each form
has its prose controls beside it.
"""

from __future__ import annotations

import pytest

from sourcetrace.attribution import analyze
from sourcetrace.outlets import Registry


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load()


PT = (
    "O presidente chinês, Xi Jinping, realizou conversações nesta terça-feira no Grande Salão do"
    " Povo com o presidente brasileiro, Luiz Inácio Lula da Silva."
)


def _verdict(reg: Registry, post: str, outlet: str, **kwargs: object) -> tuple[str, str | None, list[str]]:
    result = analyze(post, outlet, reg, **kwargs)  # type: ignore[arg-type]
    return result.status, result.credited, [e.rule for e in result.evidence]


# ---- the registry: the Portuguese services' accounts, domains and names ----


@pytest.mark.parametrize(
    ("credit", "outlet"),
    [
        ("Via @XHportugues", "xinhua"),
        ("Fonte: @DiarioPovo", "peoplesdaily"),
        ("RT @DiarioPovo: leia", "peoplesdaily"),
        ("RT @french_renmin: lire", "peoplesdaily"),
        ("RT @RenminDeutsch: lesen", "peoplesdaily"),
        ("RT @peopledailyJP: 読む", "peoplesdaily"),
        ("RT @Echinanews: read", "cns"),
    ],
)
def test_portuguese_accounts_at_mentioned(reg: Registry, credit: str, outlet: str) -> None:
    assert _verdict(reg, f"{PT}\n{credit}", outlet) == ("attributed", outlet, ["at-handle"])


@pytest.mark.parametrize(
    ("credit", "outlet"),
    [("(XHportugues)", "xinhua"), ("Twitter •sputnik_brasil", "sputnik")],
)
def test_portuguese_accounts_without_at_are_evasive(reg: Registry, credit: str, outlet: str) -> None:
    assert _verdict(reg, f"{PT}\n{credit}", outlet) == ("evasive", outlet, ["handle-without-at"])


@pytest.mark.parametrize(
    "link",
    ["https://noticiabrasil.net.br/20250513/lula-xi-1.html", "sputniknewsbr.com.br/20250513/lula-xi-1.html"],
)
def test_sputnik_brasils_domains(reg: Registry, link: str) -> None:
    assert _verdict(reg, f"{PT}\n{link}", "sputnik") == ("attributed", "sputnik", ["link-domain"])


@pytest.mark.parametrize(
    ("name", "outlet"),
    [
        ("Xinhua Português", "xinhua"),
        ("CGTN Português", "cgtn"),
        ("CRI Português", "cri"),
        ("CRI Portuguese", "cri"),
        ("Diário do Povo", "peoplesdaily"),
        ("XHportugues", "xinhua"),
        ("DiarioPovo", "peoplesdaily"),
        ("sputnik_brasil", "sputnik"),
        ("noticiabrasil.net.br", "sputnik"),
    ],
)
def test_article_side_names_resolve(reg: Registry, name: str, outlet: str) -> None:
    found = reg.resolve(name)
    assert found is not None and found.id == outlet


@pytest.mark.parametrize("credit", ["(CRI Português)", "CRI Português", "(CRI Portuguese)", "Fonte: CRI Português"])
def test_cri_portuguese_credits_cri(reg: Registry, credit: str) -> None:
    assert _verdict(reg, f"{PT}\n{credit}", "cri") == ("attributed", "cri", ["name-alias"])


@pytest.mark.parametrize(
    ("post", "outlet"),
    [
        (f"{PT} O Diário do Povo comentou o encontro em editorial.", "peoplesdaily"),
        (f"{PT} A rádio CRI Português transmitiu a cerimônia ao vivo para os ouvintes.", "cri"),
        (f"{PT} Moradores de Xinhua Road falaram sobre o encontro.", "xinhua"),
    ],
)
def test_prose_mentions_stay_unattributed(reg: Registry, post: str, outlet: str) -> None:
    assert _verdict(reg, post, outlet) == ("unattributed", None, [])
