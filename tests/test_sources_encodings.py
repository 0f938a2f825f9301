"""Feeds and pages in legacy encodings without a declaration, or with a wrong one (issue 14 kind
5): decoded by the declared encoding when it fits, else by the detector, with a warning line
that names the encoding used; text that still reads like mojibake is repaired or warned about."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sourcetrace import index as ix
from sourcetrace.cli.main import app
from sourcetrace.readers import Problem
from sourcetrace.sources import Fetcher, page_article, parse_feed, read_sources
from sourcetrace.textenc import looks_like_mojibake

from .hostile_http import HostileServer, respond

runner = CliRunner()
CASES = Path(__file__).resolve().parents[2] / "shared" / "cases" / "C04_gb2312_feed"

TEXTS = {
    "gbk": ("经济观察：国有企业改革经验再受关注",
            ("经济学者王堃在座谈会上表示，二十多年前推动的国有企业改革为今天的市场化打下了基础。"
            "专家还提醒，当前应进一步扩大内需，稳定就业，并且提高居民收入。")),
    "big5": ("經濟學者呼籲擴大內需 穩定就業",
             ("經濟學者在座談會上表示，二十多年前推動的國有企業改革為今天的市場化打下了基礎。"
             "專家還提醒，當前應進一步擴大內需，穩定就業。")),
    "shift_jis": ("東京都が新しい経済政策を発表",
                  ("東京都は新しい経済政策を発表し、来年から実施すると述べました。"
                  "専門家は、中小企業への支援が重要だと指摘しています。")),
    "cp1251": ("Правительство объявило о новых мерах",
               ("Правительство объявило о новых мерах поддержки экономики в этом году. "
               "Эксперты считают, что эти меры помогут малому бизнесу и сохранят рабочие места.")),
    "euc_kr": ("정부, 새로운 경제 정책 발표",
               ("정부는 오늘 새로운 경제 정책을 발표하고 내년부터 시행한다고 밝혔다. "
               "전문가들은 중소기업 지원이 중요하다고 지적했다.")),
    "cp1253": ("Η κυβέρνηση ανακοίνωσε νέα μέτρα",
               ("Η κυβέρνηση ανακοίνωσε σήμερα νέα μέτρα στήριξης της οικονομίας για φέτος. "
               "Οι ειδικοί λένε ότι τα μέτρα θα βοηθήσουν τις μικρές επιχειρήσεις.")),
}


class Problems(list):
    def __call__(self, problem: Problem) -> None:
        self.append(problem)


def feed(title: str, text: str, declaration: str = '<?xml version="1.0"?>') -> str:
    return (f'{declaration}\n<rss version="2.0"><channel><title>{title}</title>'
            f"<link>https://example.org/</link><item><title>{title}</title>"
            f"<link>https://example.org/1</link><description>{text}</description>"
            "<pubDate>Tue, 02 Jan 2024 10:00:00 +0800</pubDate></item></channel></rss>")


def page(title: str, text: str, meta: str = "") -> str:
    paragraphs = "".join(f"<p>{s}</p>" for s in text.replace("。", "。\n").split("\n") if s)
    return (f"<html><head>{meta}<title>{title}</title></head><body><nav>Home</nav><article>"
            f"<h1>{title}</h1>{paragraphs}<p>{text}</p></article><footer>c</footer></body></html>")


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.parametrize("codec", sorted(TEXTS))
def test_undeclared_legacy_feed_is_decoded_and_the_guess_is_said(
    codec: str, caplog: pytest.LogCaptureFixture
) -> None:
    title, text = TEXTS[codec]
    with caplog.at_level(logging.WARNING):
        [article] = parse_feed(feed(title, text).encode(codec), "f.xml", Problems())
    assert article.title == title and text in article.text
    said = warnings(caplog)
    assert len(said) == 1 and said[0].startswith("f.xml: the document declares no encoding; read as ")
    assert said[0].endswith("(detected)")


@pytest.mark.parametrize("codec", sorted(TEXTS))
def test_wrong_declaration_is_not_trusted(codec: str, caplog: pytest.LogCaptureFixture) -> None:
    title, text = TEXTS[codec]
    data = feed(title, text, '<?xml version="1.0" encoding="utf-8"?>').encode(codec)
    with caplog.at_level(logging.WARNING):
        [article] = parse_feed(data, "f.xml", Problems())
    assert text in article.text
    assert "declares utf-8, which does not fit; read as" in warnings(caplog)[0]


@pytest.mark.parametrize("codec", ["cp1251", "cp1253"])
def test_a_single_byte_label_that_makes_mojibake_is_overruled(
    codec: str, caplog: pytest.LogCaptureFixture
) -> None:
    title, text = TEXTS[codec]
    data = feed(title, text, '<?xml version="1.0" encoding="iso-8859-1"?>').encode(codec)
    with caplog.at_level(logging.WARNING):
        [article] = parse_feed(data, "f.xml", Problems())
    assert text in article.text
    assert "declares iso-8859-1, which does not fit" in warnings(caplog)[0]


def test_a_right_declaration_or_http_charset_says_nothing(caplog: pytest.LogCaptureFixture) -> None:
    title, text = TEXTS["gbk"]
    with caplog.at_level(logging.WARNING):
        [a] = parse_feed(feed(title, text, '<?xml version="1.0" encoding="gb2312"?>').encode("gbk"),
                         "f.xml", Problems())
        [b] = parse_feed(feed(title, text).encode("gbk"), "f.xml", Problems(), charset="GBK")
        [c] = parse_feed(feed(title, text).encode("utf-16"), "f.xml", Problems())
    assert text in a.text and text in b.text and text in c.text
    assert warnings(caplog) == []


def test_utf16_without_a_bom(caplog: pytest.LogCaptureFixture) -> None:
    title, text = TEXTS["shift_jis"]
    for codec in ("utf-16-le", "utf-16-be"):
        [article] = parse_feed(feed(title, text).encode(codec), "f.xml", Problems())
        assert text in article.text


def test_mojibake_is_repaired_or_warned_about(caplog: pytest.LogCaptureFixture) -> None:
    # UTF-8 read as Windows-1252 upstream, then stored as UTF-8: ftfy undoes it
    double = "Le président a été reçu à l'Élysée".encode().decode("cp1252")
    # GBK read as Latin-1 upstream: the bytes are gone, only a warning can be given
    lost = TEXTS["gbk"][1].encode("gbk").decode("latin-1")
    data = (feed("Élysée", double)[:-len("</channel></rss>")]
            + f"<item><title>x</title><link>https://example.org/2</link><description>{lost}"
            "</description></item></channel></rss>").encode()
    with caplog.at_level(logging.WARNING):
        repaired, kept = parse_feed(data, "f.xml", Problems())
    assert "Le président a été reçu à l'Élysée" in repaired.text
    assert kept.text.startswith("x\n\n¾\xad¼ÃÑ§ÕßÍõ") and looks_like_mojibake(kept.text)
    said = warnings(caplog)
    assert any("was mojibake (UTF-8 read as another encoding); repaired" in m for m in said), said
    assert any(m.startswith("f.xml:2: entry 2 text reads like mojibake") for m in said), said


@pytest.mark.parametrize("codec", sorted(TEXTS))
def test_undeclared_legacy_page(codec: str, caplog: pytest.LogCaptureFixture) -> None:
    title, text = TEXTS[codec]
    with caplog.at_level(logging.WARNING):
        article = page_article(page(title, text).encode(codec), url="https://example.org/p")
    assert article.title == title and text[:20] in article.text
    assert warnings(caplog)[0].startswith("https://example.org/p: the page declares no encoding")


@pytest.mark.parametrize("meta", ['<meta charset="gb2312">',
                                  '<meta http-equiv="Content-Type" content="text/html; charset=GBK">'])
def test_declared_page_charset_is_used(meta: str, caplog: pytest.LogCaptureFixture) -> None:
    title, text = TEXTS["gbk"]
    with caplog.at_level(logging.WARNING):
        article = page_article(page(title, text, meta).encode("gbk"), url="https://example.org/p")
    assert text[:20] in article.text and warnings(caplog) == []


def test_page_with_a_wrong_meta_and_an_xml_declaration(caplog: pytest.LogCaptureFixture) -> None:
    title, text = TEXTS["big5"]
    data = page(title, text, '<meta charset="utf-8">').encode("big5")
    assert text[:20] in page_article(data, url="https://example.org/p").text
    xhtml = ('<?xml version="1.0" encoding="gbk"?>\n' + page(*TEXTS["gbk"])).encode("gbk")
    assert TEXTS["gbk"][1][:20] in page_article(xhtml, url="https://example.org/x").text


@pytest.fixture
def hostile(monkeypatch: pytest.MonkeyPatch) -> Iterator[HostileServer]:
    for var in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    with HostileServer() as server:
        yield server


def test_http_charset_reaches_feeds_and_pages(hostile: HostileServer, caplog: pytest.LogCaptureFixture) -> None:
    title, text = TEXTS["big5"]
    # Big5 bytes decode as Shift-JIS or GBK too: only the header can say which is right
    hostile.routes["/f.xml"] = respond(feed(title, text).encode("big5"),
                                       ctype="application/rss+xml; charset=big5")
    hostile.routes["/p.html"] = respond(page(title, text).encode("big5"), ctype="text/html; charset=big5")
    with caplog.at_level(logging.WARNING):
        articles = list(read_sources([hostile.url("/f.xml"), hostile.url("/p.html")], Problems(),
                                     fetcher=Fetcher(min_interval=0)))
    assert [text[:20] in a.text for a in articles] == [True, True]
    assert warnings(caplog) == []


@pytest.mark.skipif(not CASES.is_dir(), reason="the shared case folder is not here")
def test_case_c04_gbk_feed_without_a_prolog(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "idx"
    with caplog.at_level(logging.WARNING):
        result = runner.invoke(app, ["index", "build", str(CASES / "feed_gbk_noprolog.xml"),
                                     str(CASES / "feed_big5.xml"), "--outlet", "chinanews", "--lang",
                                     "zh", "--encoder", "hash", "--index", str(path)])
    assert result.exit_code == 0, result.output
    assert warnings(caplog) == [
        f"{CASES / 'feed_gbk_noprolog.xml'}: the document declares no encoding; read as gb18030 (detected)"
    ]
    loaded = ix.Index.open(path)
    text = loaded.store.text_of("https://www.chinanews.com.cn/cj/2024/01-02/10001.shtml")
    assert "经济学者王堃在座谈会上表示" in text
    assert "經濟學者" in loaded.store.text_of("https://www.example.tw/news/1.aspx")
    loaded.close()
