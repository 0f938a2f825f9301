"""Generic credits (rule `generic-credit`).

benchmarks/topical/tune/t98: two blind label writers each marked `evasive` the posts that end on a credit naming
no outlet ("(via Chinese state media)", "Fonte: mídia chinesa", "(китайские СМИ)", "(الصحافة
الصينية)", "(via agências)", "(via redes chinesas)", "（来源：推特）"); the product said
`unattributed`.
"""

from __future__ import annotations

import io
from typing import Any

import pytest

from sourcetrace import report
from sourcetrace.accounts import AccountTally
from sourcetrace.attribution import RULES, analyze, find_credits
from sourcetrace.outlets import Registry


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load()


def test_the_rule_is_evasive_and_documented() -> None:
    status, doc = RULES["generic-credit"]
    assert status == "evasive" and "via Chinese state media" in doc


# (post, the evidence it must show): one or more per language, the trial's own first
GENERIC = [
    # en
    (("Russian Defense Ministry: about 700 Ukrainian soldiers killed and wounded in Russian"
      " operations over the past 24 hours. (via Chinese state media)"), "(via Chinese state media)"),
    ("China's exports rose 8.5% in October.\nSource: Chinese state media", "Source: Chinese state media"),
    ("China's exports rose 8.5% in October (via agencies)", "(via agencies)"),
    ("China's exports rose 8.5% in October. Source: Twitter", "Source: Twitter"),
    ("China's exports rose 8.5% in October (according to state media)", "(according to state media)"),
    # es
    ("Las exportaciones de China crecieron un 8,5 %. Fuente: medios chinos", "Fuente: medios chinos"),
    ("Las exportaciones de China crecieron un 8,5 % (vía prensa oficial china)", "(vía prensa oficial china)"),
    ("Las exportaciones de China crecieron un 8,5 % (según medios estatales chinos)",
     "(según medios estatales chinos)"),
    ("Las exportaciones de China crecieron un 8,5 %.\nCon información de agencias", "Con información de agencias"),
    # pt
    (("O governo chinês decidiu doar mais 15 milhões de yuans em ajuda humanitária ao Nepal. Fonte:"
      " mídia chinesa"), "Fonte: mídia chinesa"),
    ("Ministério da Defesa da Rússia: dois mísseis antinavio foram interceptados. (via agências)",
     "(via agências)"),
    (("China e Brasil, os maiores países em desenvolvimento dos dois hemisférios 🇨🇳🇧🇷 (via redes"
      " chinesas)"), "(via redes chinesas)"),
    # fr
    ("Les exportations chinoises ont progressé de 8,5 %. Source : médias chinois", "Source : médias chinois"),
    ("Les exportations chinoises ont progressé de 8,5 % (selon les médias d'État chinois)",
     "(selon les médias d'État chinois)"),
    # ru
    ("15-го из Сианя ушёл первый поезд «Морского Шёлкового пути» (китайские СМИ)", "(китайские СМИ)"),
    ("Экспорт Китая вырос на 8,5%. Источник: СМИ КНР", "Источник: СМИ КНР"),
    # ar
    ("افتتاح أول مشروع متكامل بري-بحري ضخم لتخزين ونقل النفط في بنغلاديش (الصحافة الصينية)",
     "(الصحافة الصينية)"),
    ("ارتفعت صادرات الصين بنسبة 8.5%. المصدر: وسائل الإعلام الصينية", "المصدر: وسائل الإعلام الصينية"),
    ("ارتفعت صادرات الصين بنسبة 8.5% (وكالات)", "(وكالات)"),
    # zh
    ("谢小用大使在白俄罗斯外交部会见白外长阿列伊尼克，双方就中白双多边合作问题交换了意见。（来源：推特）",
     "（来源：推特）"),
    ("中国10月出口增长8.5%。来源：中国官媒", "来源：中国官媒"),
    ("中国10月出口增长8.5%（据中国媒体）", "（据中国媒体）"),
    # state television and radio (trial 104: "Fonte: TV estatal chinesa" was unattributed while
    # "Fonte: mídia chinesa" was evasive), and official media
    ("Washington aprova venda de 400 mísseis de cruzeiro Tomahawk ao Japão\nFonte: TV estatal chinesa",
     "Fonte: TV estatal chinesa"),
    ("Washington aprova a venda de 400 mísseis ao Japão (via rádio estatal chinesa)", "(via rádio estatal chinesa)"),
    ("Washington aprueba la venta de 400 misiles a Japón. Fuente: televisión estatal china",
     "Fuente: televisión estatal china"),
    ("Washington aprueba la venta de 400 misiles a Japón (según la televisión estatal china)",
     "(según la televisión estatal china)"),
    ("Washington approuve la vente de 400 missiles au Japon. Source : télévision d'État chinoise",
     "Source : télévision d'État chinoise"),
    ("Washington approves the sale of 400 missiles to Japan (via Chinese state TV)", "(via Chinese state TV)"),
    ("Washington approves the sale of 400 missiles to Japan. Source: Chinese state broadcaster",
     "Source: Chinese state broadcaster"),
    ("Вашингтон одобрил продажу Японии 400 ракет. Источник: китайское государственное ТВ",
     "Источник: китайское государственное ТВ"),
    ("Вашингтон одобрил продажу Японии 400 ракет (китайское государственное телевидение)",
     "(китайское государственное телевидение)"),
    ("واشنطن توافق على بيع 400 صاروخ لليابان\nالمصدر: التلفزيون الرسمي الصيني", "المصدر: التلفزيون الرسمي الصيني"),
    ("واشنطن توافق على بيع 400 صاروخ لليابان (التلفزيون الرسمي الصيني)", "(التلفزيون الرسمي الصيني)"),
    ("美国批准向日本出售400枚导弹。来源：中国官方媒体", "来源：中国官方媒体"),
    ("美国批准向日本出售400枚导弹（来源：中国官方电视台）", "（来源：中国官方电视台）"),
    # de, it (left alone by trial 105's session: German and Italian credits read as none)
    ("Chinas Exporte stiegen im Oktober um 8,5 %. Quelle: chinesische Staatsmedien",
     "Quelle: chinesische Staatsmedien"),
    ("Chinas Exporte stiegen im Oktober um 8,5 % (laut chinesischen Staatsmedien)",
     "(laut chinesischen Staatsmedien)"),
    ("Chinas Exporte stiegen im Oktober um 8,5 %.\nQuelle: chinesisches Staatsfernsehen",
     "Quelle: chinesisches Staatsfernsehen"),
    ("Chinas Exporte stiegen im Oktober um 8,5 % (via Agenturen)", "(via Agenturen)"),
    ("Le esportazioni cinesi sono cresciute dell'8,5%. Fonte: media statali cinesi",
     "Fonte: media statali cinesi"),
    ("Le esportazioni cinesi sono cresciute dell'8,5% (secondo la stampa cinese)", "(secondo la stampa cinese)"),
    # nl, pl, tr, da, sv, fi, ja (left alone by trial 109's session: all read as no credit)
    ("China's export steeg in oktober met 8,5%. Bron: Chinese staatsmedia", "Bron: Chinese staatsmedia"),
    ("China's export steeg in oktober met 8,5% (volgens Chinese staatsmedia)",
     "(volgens Chinese staatsmedia)"),
    ("Eksport Chin wzrósł w październiku o 8,5%.\nŹródło: chińskie media państwowe",
     "Źródło: chińskie media państwowe"),
    ("Eksport Chin wzrósł w październiku o 8,5% (według chińskich mediów państwowych)",
     "(według chińskich mediów państwowych)"),
    ("Çin'in ihracatı ekimde %8,5 arttı. Kaynak: Çin devlet medyası", "Kaynak: Çin devlet medyası"),
    ("Kinas eksport steg 8,5 % i oktober. Kilde: kinesiske statsmedier", "Kilde: kinesiske statsmedier"),
    ("Kinas export ökade med 8,5 % i oktober (enligt kinesiska statliga medier)",
     "(enligt kinesiska statliga medier)"),
    ("Kiinan vienti kasvoi lokakuussa 8,5 %. Lähde: Kiinan valtion media", "Lähde: Kiinan valtion media"),
    ("中国の10月の輸出は8.5%増加した。出典：中国国営メディア", "出典：中国国営メディア"),
    ("中国の10月の輸出は8.5%増加した（情報源：中国メディア）", "（情報源：中国メディア）"),
    # after a label, television or radio with whose or what kind credits (trial 105)
    ("Washington aprova a venda de 400 mísseis ao Japão\nFonte: TV estatal", "Fonte: TV estatal"),
    ("Washington aprova a venda de 400 mísseis ao Japão\nFonte: TV e rádio estatais",
     "Fonte: TV e rádio estatais"),
    ("Washington aprova a venda de 400 mísseis ao Japão (via TV chinesa)", "(via TV chinesa)"),
]


@pytest.mark.parametrize(("post", "credit"), GENERIC)
def test_a_generic_credit_is_evasive(reg: Registry, post: str, credit: str) -> None:
    result = analyze(post, "cgtn", reg)
    assert (result.status, result.credited, result.sibling) == ("evasive", None, False), result.to_dict()
    [evidence] = result.evidence
    assert (evidence.rule, evidence.text, evidence.outlet) == ("generic-credit", credit, None)
    assert evidence.span is not None and post[evidence.span[0] : evidence.span[1]] == credit
    assert find_credits(post, reg) == []  # no outlet is credited


def test_an_article_of_no_known_outlet_reads_it_too(reg: Registry) -> None:
    result = analyze("Xi met Kishida in San Francisco. (via Chinese state media)", None, reg)
    assert (result.status, result.credited) == ("evasive", None)


# Reporting speech, or a credit of someone else's media, or the words where no credit stands
NOT_GENERIC = [
    "Iran seized the tanker in the Gulf of Oman, Omani state media said.",
    "China's defence ministry warned Hanoi, state media said.",
    "China's defence ministry warned Hanoi, state media said. More to come.",
    "Xi met Kishida in San Francisco (via Russian state media)",
    "Xi met Kishida in San Francisco. Fuente: medios rusos",
    "Xi met Kishida in San Francisco. Source: Iranian state media",
    "Xi met Kishida, the talks were aired via Chinese state media channels in Beijing",
    "Xi met Kishida, as reported via state media",
    "Xi met Kishida (via Chinese state media) and they spoke for an hour about trade and Taiwan",
    "Follow our correspondent @someone (Twitter)",
    "Chinese state media is a topic I study.",
    "Source: Chinese state media is not always reliable, he said.",
    "中国10月出口增长8.5%。来源：网络图片",
    # another country's television, a channel's name, the story's own words, a clip's kind
    "Xi met Kishida in San Francisco (via Russian state TV)",
    "Xi conversou com Kishida. Fonte: televisão estatal russa",
    "Xi conversou com Kishida. Fonte: TV Globo",
    "A TV estatal chinesa exibiu o encontro de Xi e Kishida ontem.",
    "Xi met Kishida, Chinese state TV said.",
    "Los datos, según la televisión estatal china, muestran un alza del 8%.",
    "Xi habló con Biden en San Francisco (TV)",
    "Entrevista completa con el ministro (radio)",
    # ... and so does a label before it (trial 105: "Fonte: TV" read evasive)
    "Xi conversou com Kishida.\nFonte: TV",
    "Xi conversou com Kishida.\nFonte: televisão",
    "Xi conversou com Kishida.\nFonte: a rádio",
    "Xi conversou com Kishida.\nFonte: TV e rádio",
    "Xi met Kishida in San Francisco.\nSource: TV",
    "Xi habló con Biden en San Francisco.\nFuente: radio",
    "Си встретился с Кисидой.\nИсточник: ТВ",
    "التقى شي مع كيشيدا\nالمصدر: التلفزيون",
    "习近平会见岸田文雄。来源：电视台",
    "Xi habló con Biden en San Francisco (via TV)",
    # German and Italian: another country's media, reporting speech, a clip's kind
    "Xi traf Kishida in San Francisco (laut russischen Staatsmedien)",
    "Xi traf Kishida in San Francisco. Quelle: russisches Staatsfernsehen",
    "Xi traf Kishida, berichteten chinesische Staatsmedien am Freitag.",
    "Laut chinesischen Staatsmedien traf Xi Kishida in San Francisco zu einem langen Gespräch.",
    "Xi ha incontrato Kishida (secondo media russi)",
    "Xi traf Kishida.\nQuelle: Fernsehen",
    # ... and in nl, pl, tr, da, fi, ja: another country's media, reporting speech
    "Xi ontmoette Kishida (volgens Russische staatsmedia)",
    "Volgens Chinese staatsmedia heeft Xi gisteren Kishida ontmoet in San Francisco.",
    "Xi spotkał się z Kishidą. Źródło: rosyjskie media państwowe",
    "Xi, Kishida ile görüştü. Kaynak: Rus devlet medyası",
    "Xi mødte Kishida, skriver kinesiske statsmedier i dag.",
    "Kiinan valtion media kertoi tapaamisesta eilen.",
    "習近平氏は岸田首相と会談した。出典：ロシア国営メディア",
    "Xi mødte Kishida.\nKilde: TV",
]


@pytest.mark.parametrize("post", NOT_GENERIC)
def test_prose_is_no_generic_credit(reg: Registry, post: str) -> None:
    result = analyze(post, "xinhua", reg)
    assert result.status == "unattributed" and result.evidence == [], result.to_dict()


@pytest.mark.parametrize(
    ("post", "status", "credited"),
    [
        ("Xi met Kishida. (via Chinese state media) Source: Xinhua", "attributed", "xinhua"),
        ("Xi met Kishida (via Chinese state media, @XHNews)", "attributed", "xinhua"),
        ("Xi met Kishida. (via Chinese state media) Twitter •XHNews", "evasive", "xinhua"),
        ("Xi met Kishida. Fuente: medios chinos (CGTN)", "evasive", "cgtn"),  # a sibling of Xinhua
        ("Xi met Kishida. Fuente: agencias y Reuters", "unattributed", "reuters"),
    ],
)
def test_a_named_outlet_wins(reg: Registry, post: str, status: str, credited: str) -> None:
    result = analyze(post, "xinhua", reg)
    assert (result.status, result.credited) == (status, credited), result.to_dict()
    assert "generic-credit" not in [e.rule for e in result.evidence]


def test_a_generic_credit_the_article_carries_is_copied_text(reg: Registry) -> None:
    article = "Las exportaciones de China crecieron un 8,5 % en octubre. (Agencias)"
    post = "Las exportaciones de China crecieron un 8,5 % en octubre. (Agencias)"
    assert analyze(post, "cgtn", reg).status == "evasive"
    assert analyze(post, "cgtn", reg, article_text=article).status == "unattributed"
    assert analyze(post, "cgtn", reg, article_text="Otro texto.").status == "evasive"


# ---- the outputs: evasive with no outlet credited ----


def _record(attribution: dict[str, Any], text: str) -> dict[str, Any]:
    return {
        "post": {"id": "p1", "author": "acct_pt_2", "platform": "x", "url": None,
                 "created_at": "2023-11-07T22:46:54+00:00", "lang": "pt", "text": text},
        "status": "copy",
        "matches": [{
            "article": {"id": "a1", "outlet": "mfa", "url": None, "title": None, "published_at": None,
                        "lang": "en"},
            "match_type": "translation", "confidence": 0.85, "signals": {},
            "spans": [{"post": [0, 20], "article": [0, 20]}], "source_first": True,
            "attribution": attribution,
        }],
    }


def test_the_outputs_show_an_evasive_credit_of_no_outlet(reg: Registry) -> None:
    text = "O governo chinês decidiu doar mais 15 milhões de yuans ao Nepal. Fonte: mídia chinesa"
    attribution = analyze(text, "mfa", reg).to_dict()
    assert attribution == {"status": "evasive", "credited": None, "sibling": False, "evidence": [
        {"text": "Fonte: mídia chinesa", "span": [65, 85], "rule": "generic-credit", "field": None}]}
    record = _record(attribution, text)
    rows = list(report.csv_rows(record))
    assert [(r["attribution"], r["credited"], r["evidence"]) for r in rows] == [
        ("evasive", "", "generic-credit: Fonte: mídia chinesa")]  # an empty cell, as for no credit
    buf = io.StringIO()
    report.CsvReport(buf, None).add(record, text)
    assert "generic-credit: Fonte: mídia chinesa" in buf.getvalue()
    page = report.HtmlReport(None, state_of=lambda _: True)
    page.add(record, text)
    html = page.render()
    assert "generic-credit" in html and "Fonte: mídia chinesa" in html and "credits None" not in html
    tally = AccountTally(lambda _: True)
    tally.add(record, text)
    [account] = tally.to_dict()["accounts"]
    assert (account["evasive"], account["unattributed"], account["attributed"]) == (1, 0, 0)


@pytest.mark.parametrize(("post", "outlet"), [
    ("Moscou acusa Kiev de sabotagem.\nFonte: mídia estatal russa", "rt"),
    ("Moscú acusa a Kiev de sabotaje.\nFuente: medios rusos", "rt"),
    ("Moscow accuses Kyiv of sabotage (via Russian state media)", "sputnik"),
    ("Москва обвинила Киев в диверсии.\nИсточник: российские СМИ", "tass"),
    ("اتهمت موسكو كييف بالتخريب (المصدر: وسائل الإعلام الروسية)", "rt"),
    ("Moscou acusa Kiev de sabotagem (segundo a mídia russa)", "rt"),
])
def test_russian_state_media_is_a_generic_credit_of_a_russian_outlet(reg: Registry, post: str, outlet: str) -> None:
    """Trial 112: "Fonte: mídia estatal russa" on a copy of RT was unattributed, while "Fonte:
    mídia estatal chinesa" on a copy of Xinhua is evasive; a generic credit's demonym must be the
    copied outlet's country (a copy of Xinhua crediting Russian media stays unattributed:
    NOT_GENERIC above)."""
    result = analyze(post, outlet, reg)
    assert (result.status, result.credited, [e.rule for e in result.evidence]) == ("evasive", None, ["generic-credit"])


@pytest.mark.parametrize("post", [
    "Moscú acusa a Kiev de sabotaje. Fuente: medios chinos",
    "Moscow accuses Kyiv of sabotage (via Chinese state media)",
])
def test_another_countrys_media_is_no_generic_credit_of_rt(reg: Registry, post: str) -> None:
    assert analyze(post, "rt", reg).status == "unattributed"


def test_generic_country_reads_the_demonym() -> None:
    from sourcetrace.attribution.cues import generic_country

    assert generic_country("(via Russian state media)") == "RU"
    assert generic_country("Fonte: mídia estatal chinesa") == "CN"
    assert generic_country("（来源：中国官媒）") == "CN"
    assert generic_country("Источник: российские СМИ") == "RU"
    assert generic_country("(via agências)") is None
    assert generic_country("Source: state media") is None
