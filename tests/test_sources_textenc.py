"""textenc beyond the basics: UTF-16 without a BOM, labels that are no charset, single-byte labels
overruled when they make mojibake, Cyrillic read as Latin-1, scrub and repair."""

from __future__ import annotations

import pytest

from sourcetrace.textenc import canonical, decode, detect, looks_like_mojibake, repair, scrub

RU = "Правительство объявило о новых мерах поддержки экономики в этом году."


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(codec: str) -> None:
    data = "<rss><title>新闻 news</title></rss>".encode(codec)
    assert detect(data) .encoding == codec and decode(data)[0].startswith("<rss>")
    assert detect(data[:-1], final=False).encoding == codec


@pytest.mark.parametrize("label", ["unicode_escape", "raw-unicode-escape", "utf-7", "base64", "rot13",
                                   "zlib", "punycode", "idna", "nonsense", "x" * 100, ""])
def test_labels_that_are_no_charset_are_ignored(label: str) -> None:
    assert canonical(label) is None
    assert decode(b"caf\\u00e9 \\ud800", label)[0] == "caf\\u00e9 \\ud800"


def test_single_byte_label_overruled_when_it_makes_mojibake() -> None:
    found = detect(RU.encode("cp1251"), "iso-8859-1")
    assert found == detect(RU.encode("cp1251"), "windows-1252") and found.encoding == "cp1251"
    assert found.guessed
    french = "Le président a été reçu à l'Élysée où il a parlé."
    assert detect(french.encode("latin-1"), "iso-8859-1").how == "declared"


def test_cyrillic_and_greek_read_as_latin1_is_mojibake() -> None:
    assert looks_like_mojibake(RU.encode("cp1251").decode("latin-1"))
    assert looks_like_mojibake("Η κυβέρνηση ανακοίνωσε νέα μέτρα".encode("cp1253").decode("latin-1"))
    for clean in ("Þýðing og íslenska", "Æble, ø og å", "Über Änderungen", "ÉTÉ À PARIS", RU):
        assert not looks_like_mojibake(clean), clean


def test_repair_and_scrub() -> None:
    assert repair("Ã©tÃ© Ã  Paris") == "été à Paris"
    assert repair("été à Paris") is None
    assert repair("¾\xad¼Ã") is None  # GBK read as Latin-1: the bytes must be decoded again
    assert scrub("ok\ttab\nline\r") == ("ok\ttab\nline\r", 0)
    assert scrub("a\ud800b\udfffc") == ("a\ufffdb\ufffdc", 2)
    assert scrub("x\x00y\x0cz\x85w\x9f\x7f") == ("xy z w", 5)


@pytest.mark.parametrize("data", [b"abc\x00def", b"\x00", b"<\x00r\x00", b"\x00\xd8\x00\xd8"])
@pytest.mark.parametrize("label", ["utf-16", "utf-32", "utf-16-le"])
def test_utf16_and_32_labels_never_raise(data: bytes, label: str) -> None:
    text, found = decode(data, label)  # "UTF-16 stream does not start with BOM" is a UnicodeError
    assert isinstance(text, str) and found.encoding


def test_utf8_wins_over_a_wrong_multibyte_label() -> None:
    # GB18030 decodes these UTF-8 bytes too, as "袩褉邪胁懈褌械谢褜褋褌胁芯" mojibake
    assert RU.encode().decode("gb18030")
    found = detect(RU.encode("utf-8"), "gb2312")
    assert found.encoding == "utf-8" and found.guessed
    assert detect("经济学者在座谈会上表示".encode("gbk"), "gb2312").how == "declared"
    assert detect("Привет".encode(), "gb2312").how == "declared"  # too short to overrule the label
