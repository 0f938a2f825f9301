"""`origins.mask`: places, their possessives and demonyms written over, one character for one,
so the cue regexes read them as descriptors ("According to North Korea's KCNA")."""

from __future__ import annotations

import pytest

from sourcetrace.attribution.context import glued_to_word
from sourcetrace.attribution.origins import MASK, mask
from sourcetrace.attribution.text import skel


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("According to North Korea's ", "North Korea's"),
        ("According to North Korea’s ", "North Korea’s"),
        ("According to the Kremlin's ", "the Kremlin's"),
        ("According to the regime's ", "regime's"),
        ("According to Chinese state media ", "Chinese"),
        ("Según la agencia norcoreana ", "norcoreana"),
        ("Selon l'agence officielle nord-coréenne ", "nord-coréenne"),
        ("Laut Nordkoreas staatlicher Agentur ", "Nordkoreas"),
        ("По сообщению северокорейского агентства ", "северокорейского"),
        # any country's adjective the anchors read (data/demonyms.json), not only those listed here
        ("Según la agencia egipcia ", "egipcia"),
        ("According to the Nigerian channel ", "Nigerian"),
    ],
)
def test_mask_writes_over_the_place_alone(text: str, masked: str) -> None:
    window = skel(text)
    out = mask(window)
    assert len(out) == len(window)
    start = window.index(skel(masked))
    assert out[start : start + len(masked)] == MASK * len(masked)
    assert out.replace(MASK, "") == window.replace(skel(masked), "")


@pytest.mark.parametrize(
    "text",
    [
        "According to the shop's ",  # the possessive of no place
        "According to the government ",  # who runs an outlet counts in the possessive only
        "Sources per via segundo ",  # cue words are never written over
        "China, Russia",  # but each alone is
    ],
)
def test_mask_leaves_other_words(text: str) -> None:
    window = skel(text)
    out = mask(window)
    if "," in text:
        assert out == "".join(MASK if c.isalpha() else c for c in window)
    else:
        assert out == window


@pytest.mark.parametrize(
    ("text", "end", "glued"),
    [
        ("조선중앙통신이 보도했다", 6, False),
        ("조선중앙통신에서", 6, False),
        ("조선중앙통신에 따르면", 6, False),
        ("조선중앙통신", 6, False),
        ("신화사전", 3, True),
        ("연합뉴스tv에", 4, True),
        ("조선중앙통신사진첩", 7, True),
    ],
)
def test_glued_to_word(text: str, end: int, glued: bool) -> None:
    assert glued_to_word(text, end) is glued
