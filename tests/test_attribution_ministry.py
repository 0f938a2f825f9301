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


def _credits_the_ministry(reg: Registry, post: str) -> None:
    """`post` credits the ministry (`mfa`) by one of its names."""
    result = analyze(post, "mfa", reg)
    assert (result.status, result.credited) == ("attributed", "mfa"), result.to_dict()
    assert [e.rule for e in result.evidence] == ["name-alias"]


def _no_credit(reg: Registry, post: str) -> None:
    """`post`, copying the ministry, credits nothing."""
    result = analyze(post, "mfa", reg)
    assert result.status == "unattributed", result.to_dict()


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
    _credits_the_ministry(reg, post)


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


# Trial 104: "Fuente: Embajada de China en Angola" (A15) and "(Ambassade de Chine au Maroc)"
# (A16), copies of the embassies' own tweets (CANIS accounts, outlet `mfa`), read unattributed.
SALES = "Las ventas minoristas de bienes de consumo en China crecieron un 7,6 % en octubre."


@pytest.mark.parametrize(
    "post",
    [
        f"{SALES} Fuente: Embajada de China en Angola",
        ("Les importations chinoises devraient atteindre 17.000 milliards de dollars, selon le Premier"
         " ministre Li Qiang. (Ambassade de Chine au Maroc)"),
        f"{SALES} (Embajada de China en Angola)",
        f"{SALES}\nEmbajada de China en la República Argentina",
        f"{SALES} Fuente: Consulado General de China en São Paulo",
        "As vendas no varejo cresceram 7,6 %. (Embaixada da China em Portugal)",
        "Retail sales rose 7.6% (Chinese Embassy in the United Kingdom)",
        "Retail sales rose 7.6%. Source: Embassy of China in Kenya",
        "Розничные продажи выросли на 7,6 %. Источник: Посольство КНР в Анголе",
        "Розничные продажи выросли на 7,6 % (Посольство Китая в России)",
        "Розничные продажи выросли на 7,6 %. Источник: МИД КНР",
        "ارتفعت مبيعات التجزئة بنسبة 7.6%\nالمصدر: سفارة الصين في أنغولا",
        "ارتفعت مبيعات التجزئة بنسبة 7.6% (سفارة الصين لدى المغرب)",
        "ارتفعت مبيعات التجزئة بنسبة 7.6% (وزارة الخارجية الصينية)",
        "社会消费品零售总额增长7.6%。来源：中国驻安哥拉大使馆",
        "社会消费品零售总额增长7.6%（中华人民共和国驻摩洛哥王国大使馆）",
    ],
)
def test_an_embassy_named_where_a_credit_stands_credits_the_ministry(reg: Registry, post: str) -> None:
    _credits_the_ministry(reg, post)


@pytest.mark.parametrize(
    "post",
    [
        "La Embajada de China en Angola donó 500 toneladas de arroz a las familias afectadas.",
        "Visitamos la Embajada de China en Angola",
        "L'Ambassade de Chine au Maroc a organisé une réception hier soir.",
        "The Chinese Embassy in Kenya hosted a gala on Friday.",
        "Посольство КНР в Анголе провело прием в честь праздника.",
        "قامت سفارة الصين في أنغولا بتوزيع مساعدات على الأسر",
        "中国驻安哥拉大使馆向灾民捐赠了大米。",
        "美国驻华大使馆发表声明。来源：美国驻华大使馆",  # the United States' embassy in China
        "Fuente: Embajada de Estados Unidos en Angola",
    ],
)
def test_an_embassy_in_the_story_is_no_credit(reg: Registry, post: str) -> None:
    _no_credit(reg, post)


# Trial 105: "来源：中国常驻联合国代表团" (China's permanent mission to the UN), copying its tweet,
# read unattributed, as did "Quelle: Chinesische Botschaft in Berlin": no permanent mission was
# named, and nothing in German. The UN stands where a mission's place does (`cues.MISSION_UN`).
@pytest.mark.parametrize(
    "post",
    [
        f"{SALES}\n来源：中国常驻联合国代表团",
        f"{SALES}（中国常驻日内瓦联合国代表团）",
        f"{SALES} Fuente: Misión Permanente de China ante la ONU",
        f"{SALES} (Misión Permanente de China ante las Naciones Unidas en Ginebra)",
        f"{SALES} Fonte: Missão Permanente da China junto às Nações Unidas",
        f"{SALES} Source : Mission permanente de la Chine auprès de l'ONU",
        f"{SALES} (Mission permanente de la Chine auprès des Nations unies)",
        "Retail sales rose 7.6%. Source: Permanent Mission of China to the UN",
        "Retail sales rose 7.6% (Permanent Mission of the People's Republic of China to the United Nations)",
        "Розничные продажи выросли на 7,6 %. Источник: Постоянное представительство КНР при ООН",
        "ارتفعت مبيعات التجزئة بنسبة 7.6%\nالمصدر: البعثة الدائمة للصين لدى الأمم المتحدة",
        "ارتفعت مبيعات التجزئة بنسبة 7.6% (البعثة الدائمة للصين لدى الأمم المتحدة)",
        "Die Einzelhandelsumsätze stiegen um 7,6 %. Quelle: Chinesische Botschaft in Berlin",
        "Die Einzelhandelsumsätze stiegen um 7,6 %. Quelle: Botschaft der Volksrepublik China",
        "Die Einzelhandelsumsätze stiegen um 7,6 % (Botschaft der Volksrepublik China in Deutschland)",
        "Die Einzelhandelsumsätze stiegen um 7,6 %, laut der chinesischen Botschaft in Berlin",
        "Die Einzelhandelsumsätze stiegen um 7,6 % (via Chinesische Botschaft in Berlin)",
        "Die Einzelhandelsumsätze stiegen um 7,6 %. Quelle: Generalkonsulat der Volksrepublik China in Hamburg",
        "Die Einzelhandelsumsätze stiegen um 7,6 %. Quelle: Chinesisches Außenministerium",
        "Die Einzelhandelsumsätze stiegen um 7,6 %. Nach Angaben der chinesischen Botschaft in Berlin",
        "Die Einzelhandelsumsätze stiegen um 7,6 %. Quelle: Ständige Vertretung Chinas bei den Vereinten Nationen",
    ],
)
def test_a_permanent_mission_or_a_german_name_credits_the_ministry(reg: Registry, post: str) -> None:
    _credits_the_ministry(reg, post)


@pytest.mark.parametrize(
    "post",
    [
        "中国常驻联合国代表团团长在会上发言。",
        "美国常驻联合国代表团发表声明。来源：美国常驻联合国代表团",  # the United States' mission
        "La Misión Permanente de China ante la ONU pidió un alto el fuego en la reunión.",
        "Постоянное представительство КНР при ООН распространило заявление.",
        "Fuente: Misión Permanente de México ante la ONU",
        "Die Chinesische Botschaft in Berlin hat einen Empfang gegeben.",
        "Die Umsätze stiegen, sagte ein Sprecher der chinesischen Botschaft in Berlin am Montag.",
        "Quelle: Amerikanische Botschaft in Berlin",
    ],
)
def test_a_permanent_mission_or_a_german_name_in_the_story_is_no_credit(reg: Registry, post: str) -> None:
    _no_credit(reg, post)


# German credit words besides "Quelle" and "laut", as other languages have (trial 105)
@pytest.mark.parametrize(
    "post",
    [
        "Die Umsätze stiegen. Quelle: Xinhua",
        "Die Umsätze stiegen, laut Xinhua",
        "Die Umsätze stiegen (via Xinhua)",
        "Die Umsätze stiegen, Xinhua zufolge",
        "Die Umsätze stiegen. Nach Angaben von Xinhua",
        "Die Umsätze stiegen, gemäß Xinhua",
        "Die Umsätze stiegen, wie Xinhua berichtete",
    ],
)
def test_german_credit_words(reg: Registry, post: str) -> None:
    result = analyze(post, "xinhua", reg)
    assert (result.status, result.credited) == ("attributed", "xinhua"), result.to_dict()
