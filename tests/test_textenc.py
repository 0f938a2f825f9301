"""Encoding detection for files that do not declare theirs."""

from __future__ import annotations

import pytest

from sourcetrace.textenc import decode, detect, looks_like_mojibake

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
