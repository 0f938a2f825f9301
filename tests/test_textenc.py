"""Encoding detection for files that do not declare theirs."""

from __future__ import annotations

import pytest

from sourcetrace.textenc import Detected, decode, detect, looks_like_mojibake

ZH = "经济学者王堃在座谈会上表示，二十多年前推动的国有企业改革为今天的市场化打下了基础。"
CASES = [
    ("gbk", ZH),
    ("big5", "中華民國總統府今天發布新聞稿，總統出席經濟論壇並發表談話。"),
    ("shift_jis", "東京都は新しい経済政策を発表し、来年から実施すると述べました。"),
    ("cp1251", "Правительство объявило о новых мерах поддержки экономики в этом году."),
]


@pytest.mark.parametrize(("codec", "text"), CASES)
def test_undeclared_legacy_encodings_decode_to_the_original_text(codec: str, text: str) -> None:
    decoded, found = decode(text.encode(codec))
    assert decoded == text
    assert found.how == "detected" and found.guessed


def test_declared_encoding_wins_when_the_bytes_fit_it() -> None:
    assert detect(ZH.encode("gbk"), "GB2312").how == "declared"
    # a wrong declaration (UTF-8 bytes said to be ASCII) is not trusted
    assert detect(ZH.encode("utf-8"), "ascii") .how == "utf-8"


def test_bom_and_utf8() -> None:
    assert detect(ZH.encode("utf-16")).how == "bom"
    assert decode(ZH.encode("utf-8-sig"))[0] == ZH
    assert detect(ZH.encode("utf-8")[:-1], final=False).encoding == "utf-8"  # cut mid-character


def test_mojibake_is_recognised() -> None:
    assert looks_like_mojibake(ZH.encode("gbk").decode("latin-1"))
    assert looks_like_mojibake("Ã©tÃ© Ã  Paris pour la confÃ©rence")
    for clean in (ZH, "été à Paris", "Новости дня", "ok 😀 #news"):
        assert not looks_like_mojibake(clean)


# Western European text in Windows-1252, and texts of the code pages charset-normalizer ties it
# with (it took French for cp1257, "aprčs", and Spanish for cp1250, "Ańo"): each must come back
# in its own code page.
SINGLE_BYTE = [
    ("cp1252", "Le président a ordonné de secourir les blessés après l'incendie d'un bâtiment, où ça — déjà."),
    ("cp1252", "Año nuevo: el presidente ordenó rescatar a los heridos en la ciudad de León y Logroño."),
    ("cp1252", "O presidente disse que a situação econômica não é crítica e as ações serão tomadas já."),
    ("cp1252", "Il presidente ha detto che la città è più forte e perché la verità sarà chiara già domani."),
    ("cp1252", "Der Präsident hat über die Änderungen gesprochen, während die Größe der Straße genügt."),
    ("cp1250", "Vláda dnes oznámila nová opatření na podporu ekonomiky. Přečtěte si, co řekl předseda vlády."),
    ("cp1250", "Rząd ogłosił dziś nowe środki wsparcia gospodarki. Przewodniczący powiedział, że będą skuteczne."),
    ("cp1250", "A kormány ma új gazdaságélénkítő intézkedéseket jelentett be, amelyek a kisvállalkozásokat segítik."),
    ("cp1254", "Hükümet bugün ekonomiyi desteklemek için yeni önlemler açıkladı. Uzmanlar küçük işletmelere yardımcı olacağını söylüyor."),
    ("cp1257", "Vyriausybė šiandien paskelbė naujas ekonomikos rėmimo priemones. Ekspertai sako, kad jos padės smulkiam verslui."),
    ("koi8-r", "Правительство объявило о новых мерах поддержки экономики в этом году. Эксперты считают, что эти меры помогут."),
]


@pytest.mark.parametrize(("codec", "text"), SINGLE_BYTE)
def test_single_byte_text_comes_back_in_its_own_code_page(codec: str, text: str) -> None:
    for data in (text.encode(codec), f'{{"id": "p1", "text": "{text}"}}\n'.encode(codec)):
        decoded, found = decode(data)
        assert decoded == data.decode(codec), found
        assert found.how == "detected"
    if codec == "cp1252":
        assert detect(text.encode(codec)).encoding == "cp1252"  # named so, not as cp1250 or cp1257


@pytest.mark.parametrize("text", ["café", "Año nuevo", "Grüße aus Köln", "l’été “chaud”"])
def test_a_few_western_words_are_windows_1252(text: str) -> None:
    # too short for statistics: charset-normalizer alone said cp866, Big5, cp1250
    assert detect(text.encode("cp1252")) == Detected("cp1252", "detected")


def test_c1_controls_in_valid_text_are_no_mojibake() -> None:
    # an escape sequence's CSI (U+009B) in a valid UTF-8 post is hostile, not a wrong encoding
    assert not looks_like_mojibake("President Xi met the delegation \x9b2J\x1b[31m on Monday.")
    assert not looks_like_mojibake("\x85 next line \x9d and \x90 alone")
    # C1 characters after a UTF-8 lead byte read as Latin-1 are mojibake: "’" and "é" so read
    assert looks_like_mojibake("c\xe2\x80\x99est la f\xc3\xaate \xc3\xa0 Paris")


def test_a_few_mojibake_lines_do_not_make_a_file_mis_decoded() -> None:
    """Trial 72: one bad record called a whole UTF-8 file mojibake ("pass --encoding")."""
    from sourcetrace.textenc import looks_mis_decoded

    good = ["Djokovic número 1 do mundo", "je suis resté scotché", "più tardi", "venció 3-0 a Paraguay"]
    wrong = [line.encode().decode("latin-1") for line in good]
    assert looks_like_mojibake("\n".join([*good, wrong[0]]))  # any occurrence, as before
    assert not looks_mis_decoded("\n".join([*good, wrong[0]]))
    assert looks_mis_decoded("\n".join([*wrong, good[0]]))
    assert looks_mis_decoded("\n".join(wrong)) and not looks_mis_decoded("\n".join(good))
