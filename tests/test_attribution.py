"""Attribution: every rule with positive and negative cases, the seed strings, the JSON contract,
and precision/recall on the labelled set in tests/attribution_cases.jsonl."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from sourcetrace.attribution import RULES, Attribution, Evidence, analyze, find_credits
from sourcetrace.attribution.scanner import Scanner
from sourcetrace.outlets import Registry

CASES = Path(__file__).with_name("attribution_cases.jsonl")


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load()


def check(text: str, outlet: str | None, reg: Registry) -> Attribution:
    result = analyze(text, outlet, reg)
    for e in result.evidence:  # spans always point into the original post
        assert e.span is not None and e.field is None
        assert text[e.span[0] : e.span[1]] == e.text
    return result


# ---- the seed strings of the issue ----


def test_seed_handle_without_at_is_evasive_cmg(reg: Registry) -> None:
    post = "China y Argentina firman un acuerdo comercial de 2.000 millones. Twitter •mundo_china"
    result = check(post, "cgtn", reg)
    assert result.status == "evasive"
    assert result.credited == "cmg"
    start = post.index("Twitter")
    assert result.to_dict() == {
        "status": "evasive",
        "credited": "cmg",
        "sibling": False,
        "evidence": [
            {
                "text": "Twitter •mundo_china",
                "span": [start, start + 20],
                "rule": "handle-without-at",
                "field": None,
            }
        ],
    }
    assert check(post, "mundo_china", reg).credited == "mundo_china"
    assert check(post, "cctv", reg).status == "evasive"
    # on a CNS story it is half an attribution to a sibling state outlet (issue 13, kind 2)
    on_cns = check(post, "cns", reg)
    assert (on_cns.status, on_cns.credited, on_cns.sibling) == ("evasive", "mundo_china", True)


def test_a_sub_brand_of_a_generated_outlet_is_credited_by_name(reg: Registry) -> None:
    """Trial 75: "(Shanghai Daily)" on a copy of a Shanghai Daily article was read as no credit,
    the CANIS account being "Shanghai Daily SHINE" of SUMG. The paper is a curated outlet of
    SUMG's family, credited by name, handle or site; a credit to its sister Sixth Tone names the family."""
    post = "Qinghai Lake's water surface area was over 4,625 square kilometers by the end of September. "
    for credit in ("(Shanghai Daily)", "Source: SHINE / Shanghai Daily", "via @shanghaidaily", "来源：上海日报",
                   "https://www.shine.cn/news/nation/2110111/"):
        result = check(post + credit, "shanghaidaily", reg)
        assert (result.status, result.credited) == ("attributed", "shanghaidaily"), credit
    assert check(post + "(Sixth Tone)", "shanghaidaily", reg).credited == "sumg"
    assert check(post + "(Shanghai)", "shanghaidaily", reg).status == "unattributed"
    assert reg.require("shanghaidaily").state and reg.require("shanghaidaily").family == "sumg"


def test_seed_at_handle_is_attributed(reg: Registry) -> None:
    result = check("Exportaciones récord 👉 @mundo_China", "mundo_china", reg)
    assert result.status == "attributed" and result.credited == "mundo_china"
    assert [(e.text, e.rule) for e in result.evidence] == [("@mundo_China", "at-handle")]
    assert check("Exportaciones récord 👉 @mundo_China", "cgtn", reg).credited == "cmg"
    # trial 91: X's ".@handle" glued to a sentence's full stop is a credit too
    result = check("…un futuro compartido para la humanidad.@SpokespersonCHN", "mfa", reg)
    assert result.status == "attributed" and [e.rule for e in result.evidence] == ["at-handle"]
    assert check("Escriba a prensa.xinhua@gmail.com", "xinhua", reg).status == "unattributed"
    # trial 92: nor is an e-mail whose local part is a handle an evasive one
    for mail in ("spokespersonchn@gmail.com", "MFA_China@163.com", "xhespanol@gmail.com"):
        assert check(f"Más información: {mail}", "mfa", reg).status == "unattributed", mail


def test_crediting_reuters_while_copying_xinhua(reg: Registry) -> None:
    result = check("China's exports rose 8.5% in October, according to Reuters.", "xinhua", reg)
    assert result.status == "unattributed"
    assert result.credited == "reuters"
    assert [e.rule for e in result.evidence] == ["name-alias"] and "Reuters" in result.evidence[
        0
    ].text


def test_another_outlet_the_copied_article_names_is_its_news_not_a_credit(reg: Registry) -> None:
    """Trial 74, a37: a copy of RT's article on Iran denying a Reuters report, saying "denied a
    Reuters report", read `credited: "reuters"`: Reuters is the news the post copies, not its
    source. With the article's text, a name it carries too is no credit; any other still is, and
    the copied outlet's own is never discounted (its name in its own dateline)."""
    article = ("Esmaeil Baqaei, portavoz del Ministerio de Asuntos Exteriores de Irán, ha desmentido la"
               " noticia de la agencia británica Reuters sobre la llegada a Mascate de una delegación"
               " negociadora iraní.")
    post = ("Iran's Foreign Ministry spokesman Esmaeil Baqaei denied a Reuters report that an Iranian"
            " negotiating delegation had arrived in Muscat, Oman.")
    assert check(post, "rt", reg).credited == "reuters"  # without the article: as before
    result = analyze(post, "rt", reg, article_text=article)
    assert (result.status, result.credited, result.evidence) == ("unattributed", None, [])
    # written in another script in the article: the same outlet
    assert analyze(post, "cgtn", reg, article_text="伊朗外交部否认路透社的报道。").credited is None
    credited = analyze(post + " vía EFE", "rt", reg, article_text=article)
    assert (credited.status, credited.credited, [e.text for e in credited.evidence]) == (
        "unattributed", "efe", ["vía EFE"])
    own = analyze("Irán desmiente a Reuters. Fuente: RT", "rt", reg, article_text=article + " (RT)")
    assert (own.status, own.credited) == ("attributed", "rt")
    # a registry phrase that is no name ("people's daily life") names no outlet
    scanner = Scanner(reg)
    assert scanner.mentions("Improving people's daily life. 新华社北京电 Xinhua Road") == frozenset({"xinhua"})


def test_the_pipeline_attributes_with_the_articles_text() -> None:
    from sourcetrace.pipeline import default_attributor
    from sourcetrace.records import Article, Post

    article = Article(text="Irán desmintió la noticia de la agencia Reuters sobre Omán.", id="a", outlet="rt")
    post = Post(text="Iran denied a Reuters report on Oman.", id="p")
    assert default_attributor()(post, article) == {"status": "unattributed", "credited": None, "sibling": False,
                                                   "evidence": []}


def test_family_credit_counts(reg: Registry) -> None:
    result = check("Fuente: CGTN. Inauguran un tren de alta velocidad.", "cctv", reg)
    assert (result.status, result.credited) == ("attributed", "cmg")
    assert check("Global Times: exports up", "peoplesdaily", reg).credited == "peoplesdaily"
    sibling = check("Según Xinhua, el PIB creció", "cns", reg)  # another PRC state outlet
    assert (sibling.status, sibling.credited, sibling.sibling) == ("evasive", "xinhua", True)


def test_to_dict_is_exactly_the_contract(reg: Registry) -> None:
    data = check("Según Xinhua, el PIB creció", "xinhua", reg).to_dict()
    assert list(data) == ["status", "credited", "sibling", "evidence"]
    assert list(data["evidence"][0]) == ["text", "span", "rule", "field"]
    assert isinstance(data["evidence"][0]["span"], list)
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert check("Nada que ver", "xinhua", reg).to_dict() == {
        "status": "unattributed",
        "credited": None,
        "sibling": False,
        "evidence": [],
    }


def test_every_rule_is_documented() -> None:
    assert set(RULES) >= {
        "at-handle",
        "profile-link",
        "link-domain",
        "link-shortener",
        "name-alias",
        "handle-without-at",
        "spaced-name",
        "spaced-handle",
        "homoglyph-name",
        "homoglyph-handle",
        "homoglyph-link",
        "zero-width-name",
        "zero-width-handle",
        "zero-width-link",
        "defanged-link",
    }
    assert all(status in ("attributed", "evasive") and doc for status, doc in RULES.values())


# ---- each rule: (post, outlet) where it fires, and near misses where it must not ----

POSITIVE = {
    "at-handle": [
        ("via @RT_com", "rt"),
        ("vía @XHNews", "xinhua"),
        ("视频来自@新华社 ：嫦娥六号", "xinhua"),
        ("cc @cgtnenespanol", "cgtn"),
        ("Twitter: @mundo_china", "cctv"),
        ("via @BBCNews", "bbc"),  # the outlet's name without its space, a handle not listed
        ("vía @Xinhua_News", "xinhua"),
    ],
    "profile-link": [
        ("https://twitter.com/XHNews/status/172", "xinhua"),
        ("t.me/rt_russian/1900", "rt"),
        ("youtube.com/@CGTN", "cgtn"),
        ("instagram.com/cgtnenespanol/", "cgtn"),
    ],
    "link-domain": [
        ("https://spanish.news.cn/20231103/c.html", "xinhua"),
        ("chinanews.com.cn/gn/1.shtml", "cns"),
        ("www.xinhuanet.com", "xinhua"),
        ("https://espanol.cgtn.com/n/abc", "cctv"),
        ("Más en RT: actualidad.rt.com/noticias/1", "rt"),
    ],
    "link-shortener": [("xhtxs.cn/Ab3dE", "xinhua"), ("http://xhne.ws/aBc1X", "xinhua")],
    "photo-credit": [
        ("Seuls 14 des 19 alpinistes ont pu être sauvés. Photo : RIA Novosti / Alexei Kudenko", "ria"),
        ("Китай запустил спутник. Фото: Синьхуа", "xinhua"),
    ],
    "name-alias": [
        ("según Xinhua, el PIB creció", "xinhua"),
        ("(CNS) -- El tren", "cns"),
        ("来源：中新网", "cns"),
        ("Fuente: CGTN", "cgtn"),
        ("По данным агентства Синьхуа", "xinhua"),
        ("新華社によると", "xinhua"),
        ("신화통신에 따르면", "xinhua"),
        ("وكالة أنباء الصين الجديدة", "xinhua"),
        ("People's Daily reported", "peoplesdaily"),
        ("Diario del Pueblo", "peoplesdaily"),
        ("据CGTN报道", "cgtn"),
        ("#ChinaDaily", "chinadaily"),
        ("Según CCTV, los equipos", "cctv"),
        ("Rusia suspende el acuerdo (RT)", "rt"),
        ("Fuentes: Xinhua, CNS", "cns"),
        ("El tren llegará en 2024.\nCNS", "cns"),
        ("(EFE/CNS)", "cns"),
        # Chinese and Arabic names a fresh-user trial found missing
        ("据今日俄罗斯电视台报道，俄罗斯宣布新措施", "rt"),
        ("据今日俄罗斯报道，俄罗斯宣布新措施", "rt"),
        ("نقلا عن روسيا اليوم، أعلنت الحكومة", "rt"),
        ("据俄罗斯卫星通讯社报道", "sputnik"),
        ("美国有线电视新闻网报道", "cnn"),
        # "RT:" is the retweet marker only where a line starts
        ("According to RT: the deal was signed", "rt"),
        ("Fuente: RT: el acuerdo fue firmado", "rt"),
    ],
    "handle-without-at": [
        ("Twitter •mundo_china", "mundo_china"),
        ("IG: cgtnenespanol", "cgtn"),
        ("Facebook: ChinaNewsService", "cns"),
        ("Las exportaciones crecieron. XHNews", "xinhua"),
        ("mundo_china en Twitter", "cctv"),
        ("Telegram: rt_russian", "rt"),
    ],
    "spaced-name": [
        ("X i n h u a", "xinhua"),
        ("Fuente: Xin.hua", "xinhua"),
        ("C-G-T-N", "cgtn"),
        ("según Xin hua", "xinhua"),
        ("来源：新 华 社", "xinhua"),
        ("según C-N-S", "cns"),
    ],
    "spaced-handle": [
        ("Síguenos: @ mundo_china", "mundo_china"),
        ("Twitter • mundo china", "cgtn"),
    ],
    "homoglyph-name": [
        ("Según Хinhua", "xinhua"),
        ("Según 𝐗𝐢𝐧𝐡𝐮𝐚", "xinhua"),
        ("Fuente: ℂ𝔾𝕋ℕ", "cgtn"),
        ("По данным Cиньхуа", "xinhua"),
        ("Fuente: X1nhua", "xinhua"),
        ("Vía: ΧΙΝΗUΑ", "xinhua"),
    ],
    "homoglyph-handle": [("vía @mundо_china", "mundo_china"), ("Twitter: mundо_china", "cgtn")],
    "homoglyph-link": [("https://www.xinhuаnet.com/a.htm", "xinhua")],
    "zero-width-name": [
        ("Según Xin\u200bhua", "xinhua"),
        ("来源：新\u200b华社", "xinhua"),
        ("По данным Синь\u200bхуа", "xinhua"),
        ("Fuente: Xin\u00adhua", "xinhua"),
    ],
    "zero-width-handle": [
        ("Fuente: X\u200bH\u200bN\u200be\u200bw\u200bs", "xinhua"),
        ("vía @\u200bmundo_china", "cgtn"),
    ],
    "zero-width-link": [("https://news\u200b.cn/2023/a.htm", "xinhua")],
    "misspelled-name": [
        ("Fuente: Xinhau", "xinhua"),
        ("fuente: Sinjua", "xinhua"),
        ("Источник: Синхуа", "xinhua"),
        ("来源：新化社", "xinhua"),
        ("Fonte: CGNT", "cgtn"),
    ],
    "mixed-script-name": [("来源：新hua社", "xinhua"), ("来源：人民日bao", "peoplesdaily")],
    "abbreviated-name": [
        ("来源：XH社", "xinhua"),
        ("La economía creció 📈 XH español", "xinhua"),
        ("via Xinhua_Notícias", "xinhua"),
    ],
    "at-suffixed-handle": [
        ("Trade up 8% 👉 @chinadaily_en", "chinadaily"),
        ("vía @XHNews_es", "xinhua"),
    ],
    "suffixed-profile-link": [
        ("Trade up 8% https://t.me/xinhua_portugues/4521", "xinhua"),
        ("x.com/XHNews_es/status/1", "xinhua"),
    ],
    "fused-handle": [
        ("Trade up 8% — IG: Xinhua_Notícias", "xinhua"),
        ("Exportaciones récord. Twitter •XinhuaChina", "xinhua"),
    ],
    "suffixed-handle": [
        ("Trade up 8% — Twitter •chinadaily_en", "chinadaily"),
        ("Trade up 8% — Twitter •xinhua_portugues", "xinhua"),
        ("IG: CGTNOfficial_ar", "cgtn"),
        ("Exportaciones récord. xinhua_es", "xinhua"),
        # an edition's country after the name (trial 126: "Telegram •rt_france" was no credit)
        ("Le 9 mai, la Russie célèbre – 75e anniversaire. Telegram •rt_france", "rt"),
        ("Die Meldung. Telegram •cgtn_deutschland", "cgtn"),
    ],
    "misspelled-handle": [
        ("Trade up 8% — Twitter •chinadaly", "chinadaily"),
        ("Noticias de hoy. X: XHNewz", "xinhua"),
    ],
    "defanged-link": [
        ("Más en xinhuanet[.]com", "xinhua"),
        ("Detalles en cgtn dot com", "cgtn"),
        ("chinanews(.)com(.)cn", "cns"),
    ],
}

NEGATIVE = [
    ("vía @CNSNews", "cns"),  # another outlet's account: no name of CNS's reads so
    ("vía @RTnow", "rt"),
    ("RT @someone: China lanzó un satélite", "rt"),
    ("RT: el acuerdo fue firmado ayer", "rt"),
    ("Gran noticia\n  RT: el acuerdo fue firmado ayer", "rt"),
    ("Please RT", "rt"),
    ("La prueba RT-PCR es obligatoria", "rt"),
    ("The art of the deal: exporters report higher margins", "rt"),
    ("Lesions of the central nervous system (CNS) were found", "cns"),
    ("CNS lymphoma is rare", "cns"),
    ("Cnss and cnsa officials met", "cns"),
    ("It affects the CNS.", "cns"),
    ("Improving people's daily life is the top priority", "peoplesdaily"),
    ("People's daily lives have improved", "peoplesdaily"),
    ("China daily reports of new cases fell", "chinadaily"),
    ("In these global times, trade matters", "globaltimes"),
    ("CCTV footage shows the suspect", "cctv"),
    ("video CCTV footage of the robbery", "cctv"),
    ("Traffic jams on Xinhua Road", "xinhua"),
    ("Li Xinhua, a farmer in Hebei", "xinhua"),
    ("新华书店举办读书节活动", "xinhua"),
    ("新华社区居民参加活动", "xinhua"),
    ("中央视察组到达", "cctv"),
    ("La vacuna Sputnik V fue aprobada", "sputnik"),
    ("今日俄罗斯宣布新措施", "rt"),  # "today Russia announced"
    ("أعلنت روسيا اليوم عن خطة جديدة", "rt"),  # "Russia announced today"
    ("لقاح سبوتنيك فعال", "sputnik"),
    ("Китай запустил спутник связи", "sputnik"),
    ("En el mundo, China es el mayor exportador", "mundo_china"),
    ("El mundo china y el mundo latino", "mundo_china"),
    ("Latest China news: exports up", "cns"),
    ("The CRI index rose 2 points", "cri"),
    ("Twitter: someone_else", "mundo_china"),
    ("Twitter • mychinadaily_en", "chinadaily"),  # the outlet's name inside another word
    ("IG: chinadaily_fans", "chinadaily"),  # not a language, region or "official" suffix
    ("Entrevista a Tian Wei sobre el comercio", "cgtn"),
    ("Compartido de www.elmundo.es/internacional/xinhua-informa.html", "xinhua"),
    ("Más en news.cnn.com/2023/china-exports", "xinhua"),
    ("x.com/someone/status/1", "xinhua"),
    ("xin hua", "xinhua"),
    (
        "Selon un sondage, un enfant sur cinq - dont quelques-uns n'ont que 11 ans - a des comptes",
        "ansa",
    ),
    ("Police say the CCTV camera was broken", "cctv"),
    ("the news. cn tower", "xinhua"),
]


@pytest.mark.parametrize(
    ("rule", "text", "outlet"),
    [(rule, text, outlet) for rule, cases in POSITIVE.items() for text, outlet in cases],
)
def test_rule_fires(reg: Registry, rule: str, text: str, outlet: str) -> None:
    result = check(text, outlet, reg)
    assert rule in [e.rule for e in result.evidence], result.to_dict()
    assert result.status == RULES[rule][0]
    assert result.credited in (outlet, reg.family_of(outlet))


@pytest.mark.parametrize(("text", "outlet"), NEGATIVE)
def test_no_false_credit(reg: Registry, text: str, outlet: str) -> None:
    result = check(text, outlet, reg)
    assert result.status == "unattributed", result.to_dict()
    assert result.credited not in (outlet, reg.family_of(outlet)), result.to_dict()


def test_every_rule_has_a_positive_case() -> None:
    outside = {
        "forwarded-from",
        "repost-of",
        "outlet-account",
        "generic-credit",
    }  # credits outside the text: test_attribution_outside.py (outlet-account: below); a
    # generic credit credits no outlet: test_attribution_generic.py
    assert set(POSITIVE) | outside == set(RULES)


def test_attributed_wins_over_evasive(reg: Registry) -> None:
    result = check("Twitter •mundo_china y x.com/mundo_china", "cgtn", reg)
    assert result.status == "attributed"
    assert [e.rule for e in result.evidence] == ["handle-without-at", "profile-link"]


def test_unknown_or_missing_outlet(reg: Registry) -> None:
    result = check("Twitter •mundo_china", None, reg)
    assert (result.status, result.credited) == ("evasive", "mundo_china")
    assert check("Twitter •mundo_china", "no_such_outlet", reg).credited == "mundo_china"
    assert check("Nada", None, reg).status == "unattributed"
    assert check("según Xinhua", "Xinhua", reg).credited == "xinhua"  # resolved by name


def test_an_outlet_the_registry_does_not_know_is_read_as_a_handle(reg: Registry) -> None:
    """Trial 102: an index of accounts' posts named each by its handle; a copy of one the registry
    does not know, crediting "Fuente: Twitter •PuebloEnLnea", was unattributed."""
    post = "Los trenes bala Fuxing de China recorrieron 1.900 millones de km 🚄 Fuente: Twitter •PuebloEnLnea"
    result = check(post, "puebloenlnea", reg)
    assert (result.status, result.credited) == ("evasive", "puebloenlnea")
    assert [e.rule for e in result.evidence] == ["handle-without-at"]
    assert result.evidence[0].span is not None and post[slice(*result.evidence[0].span)] == "PuebloEnLnea"
    assert check("vía @PuebloEnLnea", "puebloenlnea", reg).status == "attributed"
    assert check("vía @PuebloEnLnea y Xinhua", "puebloenlnea", reg).credited == "puebloenlnea"
    assert check("Los trenes bala recorrieron 1.900 millones de km", "puebloenlnea", reg).status == "unattributed"
    assert check("see puebloenlnea.com/x", "puebloenlnea", reg).status == "unattributed"  # a domain, no handle
    # an id that is a common word counts only with "@" or a cue before it
    assert check("the people of the city", "people", reg).status == "unattributed"
    assert check("(vía people)", "people", reg).status == "evasive"
    assert check("Twitter •PuebloEnLnea", "otra cuenta", reg).status == "unattributed"  # no handle
    # trial 103: Russian and Chinese credit words, and a link to the profile
    assert check("Источник: rusiahoy", "rusiahoy", reg).status == "evasive"
    assert check("来源：rusiahoy", "rusiahoy", reg).status == "evasive"
    linked = check("(t.me/rusiahoy)", "rusiahoy", reg)
    assert (linked.status, [e.rule for e in linked.evidence]) == ("attributed", ["profile-link"])
    assert check("example.org/rusiahoy", "rusiahoy", reg).status == "unattributed"


def test_find_credits_lists_every_outlet(reg: Registry) -> None:
    credits = find_credits("Fuente: EFE y Xinhua. Twitter •mundo_china", reg)
    assert [(e.outlet, e.rule) for e in credits] == [
        ("efe", "name-alias"),
        ("xinhua", "name-alias"),
        ("mundo_china", "handle-without-at"),
    ]
    assert all(isinstance(e, Evidence) for e in credits)


def test_spans_survive_astral_and_invisible_characters(reg: Registry) -> None:
    post = "🇨🇳🚄\u200b Nuevo tren 𝐫𝐚́𝐩𝐢𝐝𝐨. Fuente: X\u200bi\u200bn\u200bh\u200bu\u200ba"
    result = check(post, "xinhua", reg)
    assert result.status == "evasive" and result.evidence[0].text.endswith("a")


def test_custom_registry_and_matcher_cache() -> None:
    reg = Registry.from_toml("""
version = 1
[[outlet]]
id = "grp"
name = "Group"
state = true
family = "grp"
[[outlet]]
id = "alpha"
name = "Alpha"
state = true
family = "grp"
aliases = ["Alpha Wire"]
context_aliases = ["AW"]
handles.x = ["alpha_wire"]
[[outlet]]
id = "beta"
name = "Beta"
state = true
family = "grp"
aliases = ["Beta Daily"]
""")
    assert check("Source: Beta Daily", "alpha", reg).credited == "grp"
    assert check("(AW)", "alpha", reg).status == "attributed"
    assert check("AW", "alpha", reg).status == "unattributed"
    assert check("X: alpha_wire", "alpha", reg).status == "evasive"
    first = reg.cached("attribution", lambda: None)
    analyze("x", "alpha", reg)
    assert reg.cached("attribution", lambda: None) is first


def test_an_evasive_handle_is_found_in_every_post_of_a_batch(reg: Registry) -> None:
    """The same evasive credit in 300 posts (the speed of this is scripts/bench_attribution.py's:
    no wall-clock limit in a test)."""
    posts = [
        f"Post {i}: China y Argentina firman un acuerdo comercial de {i} millones de dólares, "
        f"informó el ministerio. Twitter •mundo_china #China https://example.com/{i}"
        for i in range(300)
    ]
    assert {analyze(post, "cgtn", reg).status for post in posts} == {"evasive"}


# ---- the labelled set ----


def _load_cases() -> list[dict]:
    with CASES.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def test_labelled_set_precision_recall(reg: Registry, capsys: pytest.CaptureFixture[str]) -> None:
    cases = _load_cases()
    assert len(cases) >= 80
    gold = Counter(c["status"] for c in cases)
    assert min(gold.values()) >= 25, gold
    predicted: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    failures = []
    for case in cases:
        result = check(case["text"], case["outlet_id"], reg)
        predicted[result.status] += 1
        if result.status == case["status"]:
            correct[result.status] += 1
        wrong_credit = "credited" in case and result.credited != case["credited"]
        wrong_rule = "rule" in case and case["rule"] not in [e.rule for e in result.evidence]
        if result.status != case["status"] or wrong_credit or wrong_rule:
            failures.append((case["text"], case["outlet_id"], case["status"], result.to_dict()))
    lines = []
    for status in ("attributed", "evasive"):
        precision = correct[status] / predicted[status] if predicted[status] else 0.0
        recall = correct[status] / gold[status]
        lines.append(
            f"{status}: precision {precision:.3f} recall {recall:.3f} "
            f"({correct[status]}/{predicted[status]} predicted, {gold[status]} gold)"
        )
        assert precision >= 0.95 and recall >= 0.95, lines[-1]
    with capsys.disabled():
        print(f"\nattribution labelled set, {len(cases)} cases: " + "; ".join(lines))
    assert not failures, "\n".join(map(repr, failures))


def test_the_outlets_own_account_is_no_uncredited_copier(reg: Registry) -> None:
    """Trial 13: People's Daily's @PDChina posting People's Daily's story came back
    `unattributed`, and `accounts` ranked it first among accounts copying state media without
    credit. The author a registry lists as one of the copied outlet's handles is the outlet itself
    (on that platform where the post names one); another outlet's account, a display name, or
    the handle on a platform the outlet does not hold it on credits nothing."""
    text = "China launched a new satellite on Thursday."
    own = analyze(text, "peoplesdaily", reg, author="PDChina", platform="x")
    assert (own.status, own.credited) == ("attributed", "peoplesdaily")
    assert own.to_dict()["evidence"] == [{"text": "PDChina", "span": None, "rule": "outlet-account", "field": "author"}]
    assert analyze(text, "peoplesdaily", reg, author="@pdchina", platform="twitter").status == "attributed"
    assert analyze(text, "peoplesdaily", reg, author="PDChina", platform="mastodon").status == "unattributed"
    assert analyze(text, "xinhua", reg, author="PDChina", platform="x").status == "unattributed"
    assert analyze(text, "peoplesdaily", reg, author="People's Daily fan").status == "unattributed"
    # trial 91: an article of unknown outlet is credited by no author's account ("attributed,
    # credited mfa" for embassies posting a CGTN Español tweet indexed without an outlet)
    assert analyze(text, None, reg, author="PDChina", platform="x").status == "unattributed"
    assert analyze(text + " @XHNews", None, reg, author="PDChina", platform="x").credited == "xinhua"


@pytest.mark.parametrize(
    ("credit", "outlet", "shown"),
    [
        ("Fonte: Twitter/CGTNFrancais", "cgtn", "Twitter/CGTNFrancais"),
        ("Twitter / CGTNFrancais", "cgtn", "Twitter / CGTNFrancais"),
        ("Fuente: Instagram/cgtnenespanol", "cgtn", "Instagram/cgtnenespanol"),
        ("X/XHNews", "xinhua", "X/XHNews"),
        ("TG/rt_russian", "rt", "TG/rt_russian"),
        ("Telegram/rt_russian", "rt", "Telegram/rt_russian"),
    ],
)
def test_a_slash_between_platform_and_handle_is_a_label(reg: Registry, credit: str, outlet: str, shown: str) -> None:
    """Trial 104: "Fonte: Twitter/CGTNFrancais" was unattributed while "Twitter •CGTNFrancais" and
    "Fonte: CGTNFrancais" were evasive. The slash is a platform label's mark like the bullet; the
    handle's letters are blanked from the text matched alike (`prepared.core_text`)."""
    from sourcetrace.prepared import core_text

    post = f"Washington aprova venda de 400 mísseis de cruzeiro Tomahawk ao Japão\n{credit}"
    result = analyze(post, outlet, reg)
    assert (result.status, result.credited) == ("evasive", outlet), result.to_dict()
    assert [(e.rule, e.text) for e in result.evidence] == [("handle-without-at", shown)]
    handle = credit.rsplit("/", 1)[1].strip()
    assert handle not in core_text(post), credit


def test_a_slash_elsewhere_makes_no_handle(reg: Registry) -> None:
    """A handle after a slash with no platform's name before it is a path's segment or another
    word ("reddit/r/XHNews", "foo.org/XHNews"), as before."""
    for post in ("Lo vi en reddit/r/XHNews ayer", "Ver foo.org/XHNews", "Nota: Twitter/Xinhua dice otra cosa hoy"):
        result = analyze(post, "xinhua", reg)
        assert result.status == "unattributed", (post, result.to_dict())
