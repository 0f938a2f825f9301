"""Wire dispatches (issue 13, kind 1): the agency a byline names, found in every script the
registry's agencies use, stored as Article.origin at index time, and counted as a credit."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from sourcetrace import index as ix
from sourcetrace.attribution import analyze
from sourcetrace.attribution.byline import HEAD, detect_origin, origin_of
from sourcetrace.outlets import Registry
from sourcetrace.records import Article


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load()


BYLINES = [
    ("新华社北京12月10日电（记者 魏玉坤）国家统计局10日发布数据显示", "xinhua"),
    ("新華社台北12月10日電 台灣……", "xinhua"),
    ("中新网马德里12月5日电 西班牙国家统计局5日公布数据显示", "cns"),
    ("中新社巴黎12月6日电（记者 李洋）法国巴黎13区中国城6日举行", "cns"),
    ("据新华社报道，十四届全国人大二次会议5日上午开幕。", "xinhua"),
    ("BEIJING, Dec. 10 (Xinhua) -- China's consumer price index fell", "xinhua"),
    (
        "(Xinhua) 09:15, December 08, 2023 WASHINGTON, Dec. 7 (Xinhua) -- U.S. jobless claims",
        "xinhua",
    ),
    ("By Xinhua | Updated: 2023-12-09 10:12 CHANGSHA -- Hunan province's tea", "xinhua"),
    ("(ECNS) -- China's first domestically built large cruise ship", "cns"),
    ("BEIJING, 10 dic (Xinhua) -- El índice de precios al consumidor", "xinhua"),
    ("Fuente: Xinhua La línea ferroviaria de alta velocidad Chongqing-Kunming", "xinhua"),
    ("Por CNS | Actualizado: 2023-12-07 La provincia de Yunnan inauguró", "cns"),
    ("Beijing, 10 dez (Xinhua) -- O índice de preços ao consumidor", "xinhua"),
    ("BEIJING, 10 décembre (Xinhua) -- L'indice des prix", "xinhua"),
    ("Par Xinhua | Mis à jour : 2023-12-08 Le premier train de fret", "xinhua"),
    ("Пекин, 10 декабря /Синьхуа/ -- Индекс потребительских цен", "xinhua"),
    ("МОСКВА, 10 декабря. /ТАСС/. Президент РФ Владимир Путин провел", "tass"),
    ("بكين 10 ديسمبر 2023 (شينخوا) انخفض مؤشر أسعار المستهلكين في الصين", "xinhua"),
    ("Hong Kong (CNN) — China's exports rose", "cnn"),
    ("Caracas, 10 ene (EFE).- El Gobierno venezolano anunció", "efe"),
    # closing credits
    ("国务院常务会议12月8日召开，研究部署政策措施。会议指出…… （来源：新华社）", "xinhua"),
    ("法国巴黎13区中国城6日举行冬至民俗文化活动。 来源：中国新闻网", "cns"),
    ("华侨华人参加活动。（完）（责编：王某某）\n来源：中国新闻网", "cns"),
    ("Китай в воскресенье запустил новый спутник ДЗЗ с космодрома Цзюцюань. /Синьхуа/", "xinhua"),
    (
        "A China registrou 1,3 bilhão de viagens ferroviárias nos primeiros 11 meses. (Agência Xinhua)",
        "xinhua",
    ),
    ("China launched a new satellite on Sunday.\nSource(s): Xinhua News Agency", "xinhua"),
    ("La Chine a lancé dimanche un nouveau satellite. — Agence Xinhua", "xinhua"),
    ("وقالت الوزارة إن الصادرات ارتفعت. (وكالة أنباء شينخوا)", "xinhua"),
]

NO_BYLINE = [
    "By Zhao Lei | China Daily | Updated: 2024-01-08 The crew of the Shenzhou XVIII mission",
    "本报北京3月5日电 记者从国家统计局获悉",
    "Central nervous system (CNS) lymphoma is a rare cancer - and hard to treat",
    "新华社区居民3月5日电话反映",
    "Li Xinhua, the mayor, opened the fair on Monday.",
    "The ministry said on Monday. (Photo: Xinhua)",
    "Traffic was heavy all day on the road. (Xinhua Road)",
    "Reporters from Xinhua and the BBC were denied access, the agency said.",
    "Le président chinois Xi Jinping a rencontré vendredi à Beijing le président du Conseil",
    (
        "China's exports grew, officials said, citing figures first reported by Reuters last week"
        " and confirmed on Monday by the ministry in Beijing after a long delay in publication."
    ),
]


@pytest.mark.parametrize(("text", "origin"), BYLINES)
def test_byline_names_the_agency(reg: Registry, text: str, origin: str) -> None:
    assert detect_origin(text, reg) == origin


@pytest.mark.parametrize("text", NO_BYLINE)
def test_no_byline_no_origin(reg: Registry, text: str) -> None:
    assert detect_origin(text, reg) is None


def test_only_the_start_and_the_end_are_read(reg: Registry) -> None:
    body = "Una frase cualquiera sobre la economía. " * 200
    assert detect_origin(body + "BEIJING, 10 dic (Xinhua) -- El IPC" + body, reg) is None
    assert detect_origin("BEIJING, 10 dic (Xinhua) -- " + body, reg) == "xinhua"
    assert detect_origin(body + "\nFuente: Xinhua", reg) == "xinhua"
    assert detect_origin(" " * (HEAD + 10) + "x", reg) is None


def test_origin_of_prefers_the_record(reg: Registry) -> None:
    given = Article(text="BEIJING, Dec. 10 (Xinhua) -- text", outlet="cns", origin="cns")
    assert origin_of(given, reg) == "cns"
    assert origin_of(Article(text=given.text, outlet="cns"), reg) == "xinhua"


def test_credit_to_the_origin_counts(reg: Registry) -> None:
    post = "China: los precios al consumidor cayeron 0,5 % en noviembre, reporta Xinhua"
    plain = analyze(post, "cns", reg)
    assert (plain.status, plain.sibling) == ("evasive", True)  # Xinhua is CNS's sibling
    result = analyze(post, "cns", reg, origin="xinhua")
    assert (result.status, result.credited, result.sibling) == ("attributed", "xinhua", False)
    # the host still counts, and a third outlet is still someone else
    assert analyze("Fuente: CNS", "cns", reg, origin="xinhua").status == "attributed"
    other = analyze("Source: Bloomberg", "hunandaily", reg, origin="xinhua")
    assert (other.status, other.credited) == ("unattributed", "bloomberg")


def test_host_unknown_to_the_registry_is_judged_by_origin(reg: Registry) -> None:
    result = analyze("Fonte: Agência Xinhua", "some_portal", reg, origin="cns")
    assert (result.status, result.credited, result.sibling) == ("evasive", "xinhua", True)
    assert analyze("Fonte: CNS", "some_portal", reg, origin="cns").status == "attributed"


# ---- stored at index time ----

ARTICLES = [
    {
        "id": "a1",
        "outlet": "cns",
        "text": "新华社北京12月10日电 国家统计局10日发布数据显示，11月份全国居民消费价格同比下降0.5%。",
    },
    {
        "id": "a2",
        "outlet": "chinadaily",
        "text": "By Xinhua | Updated: 2023-12-09 CHANGSHA -- Hunan's tea output tops 110bn yuan.",
    },
    {
        "id": "a3",
        "outlet": "cns",
        "origin": "cns",
        "text": "BEIJING, Dec. 10 (Xinhua) -- the record's own origin wins.",
    },
    {
        "id": "a4",
        "outlet": "globaltimes",
        "text": "An opinion piece about trade without any byline at all, long enough.",
    },
]


def _origins(path: Path) -> dict[str, str | None]:
    loaded = ix.Index.open(path)
    out = {}
    for aid in range(1, loaded.manifest["counts"]["articles"] + 1):
        article = loaded.store.article(aid)
        out[article.id] = article.origin
    return out


def test_index_stores_the_detected_origin(tmp_path: Path) -> None:
    path = tmp_path / "idx"
    ix.build(path, [Article.from_dict(a) for a in ARTICLES], encoder="hash")
    assert _origins(path) == {"a1": "xinhua", "a2": "xinhua", "a3": "cns", "a4": None}


def test_index_without_the_origin_column_still_opens(tmp_path: Path) -> None:
    path = tmp_path / "idx"
    ix.build(path, [Article.from_dict(a) for a in ARTICLES[:2]], encoder="hash")
    manifest = ix.Index.open(path).manifest
    store = path / manifest["files"]["store"]
    with sqlite3.connect(store) as conn:  # as an index built before the column existed
        conn.execute("ALTER TABLE articles DROP COLUMN origin")
    conn.close()
    # an index written before the column existed has a checksum of its own store
    manifest_file = path / "manifest.json"
    data = json.loads(manifest_file.read_text())
    data["checksums"][store.name] = hashlib.sha256(store.read_bytes()).hexdigest()
    manifest_file.write_text(json.dumps(data))
    assert _origins(path) == {"a1": None, "a2": None}
    ix.add(
        path,
        [
            Article.from_dict(ARTICLES[3]),
            Article.from_dict(
                dict(ARTICLES[0], id="a5", text="新华社" + ARTICLES[0]["text"][3:] + "。")
            ),
        ],
    )
    assert _origins(path) == {"a1": None, "a2": None, "a4": None, "a5": "xinhua"}
