"""The foreign ministry's names (outlet `mfa`).

benchmarks/topical/tune/t98: "(Portavoz de la Cancillería china)" on a Foreign Ministry tweet, labelled
`attributed`, read `unattributed`: the registry gave the ministry no name, for fear that a copy
quoting the ministry as news would read as a credit. It now has its usual names (es, en, fr, pt,
zh), and a ministry the copied article names too is its news (`scanner._government`).
"""

from __future__ import annotations

import pytest

from sourcetrace.attribution import analyze
from sourcetrace.outlets import Registry


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load()


@pytest.mark.parametrize(
    "post",
    [
        ("Xi Jinping conversó con Gustavo Petro: en 43 años de relaciones diplomáticas, los lazos"
         " entre China y Colombia siempre han mantenido un excelente impulso. (Portavoz de la"
         " Cancillería china)"),
        "Xi conversó con Petro. Fuente: Cancillería de China",
        "Xi conversó con Petro (Ministerio de Relaciones Exteriores de China)",
        "Xi held talks with Petro. Source: Chinese Foreign Ministry",
        "Xi held talks with Petro (Chinese Foreign Ministry Spokesperson)",
        "Xi held talks with Petro. (Foreign Ministry Spokesperson)",
        "Xi s'est entretenu avec Petro (ministère chinois des Affaires étrangères)",
        "Xi conversou com Petro. Fonte: Ministério das Relações Exteriores da China",
        "Xi conversou com Petro (Chancelaria chinesa)",
        "习近平同佩特罗通电话。来源：外交部发言人",
        "习近平同佩特罗通电话。（来源：中国外交部）",
    ],
)
def test_the_ministrys_names_credit_it(reg: Registry, post: str) -> None:
    result = analyze(post, "mfa", reg)
    assert (result.status, result.credited) == ("attributed", "mfa"), result.to_dict()
    assert [e.rule for e in result.evidence] == ["name-alias"]


def test_the_ministry_in_a_sentence_is_no_credit(reg: Registry) -> None:
    for post in ("La Cancillería china convocó al embajador.", "El portavoz de la cancillería argentina habló.",
                 "foreign ministry spokesperson training", "(Portavoz de la Cancillería)"):
        assert analyze(post, "mfa", reg).status == "unattributed", post


def test_the_ministry_quoted_in_the_copied_article_is_its_news(reg: Registry) -> None:
    """The foreign ministry is a sibling of every Chinese state outlet; named in the copied article
    too (a CNS or Xinhua story quoting its spokesperson), it is the news, not a sibling credit."""
    article = "中新社北京12月10日电（记者 刘亮）中国外交部发言人汪文斌10日表示，中方愿同各方一道，推动政治解决进程取得新进展。"
    post = "外交部发言人：中方愿同各方一道推动政治解决进程取得新进展。"
    assert analyze(post, "cns", reg, article_text=article).to_dict() == {
        "status": "unattributed", "credited": None, "sibling": False, "evidence": []}
    xinhua = "新华网北京1月7日电 中国外交部发言人姜瑜7日说，中日之间保持密切的高层往来十分必要。"
    assert analyze("Cancillería china: los contactos de alto nivel con Japón son necesarios", "xinhua", reg,
                   article_text=xinhua).status == "unattributed"
    # not named in the article: a credit to a sibling, as before for any sibling
    sibling = analyze("(Portavoz de la Cancillería china)", "xinhua", reg, article_text="Otro texto.")
    assert (sibling.status, sibling.credited, sibling.sibling) == ("evasive", "mfa", True)
    # another sibling named in the article still counts: only a government body is its news
    cgtn = analyze("Xi met Kishida. Source: CGTN", "xinhua", reg, article_text="CGTN said Xi met Kishida.")
    assert (cgtn.status, cgtn.credited, cgtn.sibling) == ("evasive", "cgtn", True)
