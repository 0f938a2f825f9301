"""Trial 124: a Brazilian desk following Mundo China and Xinhua's Portuguese accounts.

1. "... o maior pedido de DMU da história do país. mundo china" (post a15) read unattributed,
   while the same post ending "... do país. xinhua" was credited: a registry name made of
   ordinary words ("Mundo China", "Global Times": `cased_aliases`) needed its capitals except in
   brackets or after a label. Signing the whole post off, alone after its last sentence, the words
   can only be the outlet's name: `name-alias`, attributed, as "xinhua" and "(mundo china)" are.
   Inside prose, or signing off a line that more text follows, they stay words; beside a platform
   label they are the handle spaced out (`spaced-handle`). The handle in lower case
   ("mundo_china", which is how the registry lists it) stays `handle-without-at`, evasive: case
   changes nothing for either form.
2. "... do país. 📸 Xinhua" (post a02, a copy of Mundo China) read the camera emoji as an emoji
   setting a sign-off apart, a credit of the text. A camera emoji (📸, 📷) is a photo word:
   `photo-credit`, as "Foto: Xinhua" is. Its status is the same as "Foto: Xinhua"'s on the same
   copy: Xinhua is a sibling of Mundo China (CMG), so evasive with `sibling` (the trial's gold
   said attributed; the project counts a sibling's credit as half an attribution, and a photo
   credit as a credit of its outlet: both as before).
"""

from __future__ import annotations

import pytest

from sourcetrace.attribution import analyze

STORY = (
    "A cooperação China-Argentina em ferrovias avançou: a fabricante chinesa CRRC venceu a licitação "
    "para exportar 50 unidades múltiplas a diesel (DMUs) para a Argentina, o maior pedido de DMU da "
    "história do país."
)


def _verdict(text: str, outlet: str) -> tuple[str, str | None, list[str]]:
    result = analyze(text, outlet)
    return result.status, result.credited, [e.rule for e in result.evidence]


@pytest.mark.parametrize(
    "text",
    [
        f"{STORY} mundo china",
        f"{STORY}\nmundo china",
        f"{STORY} mundo china.",
        f"{STORY} 🚄 mundo china",
        f"{STORY} mundo china https://t.co/abc #china",
        f"{STORY} Mundo China",
    ],
)
def test_a_lower_case_name_signing_the_post_off_credits_it(text: str) -> None:
    assert _verdict(text, "mundo_china") == ("attributed", "mundo_china", ["name-alias"]), text


def test_lower_case_xinhua_and_mundo_china_read_alike() -> None:
    assert _verdict(f"{STORY} xinhua", "xinhua") == ("attributed", "xinhua", ["name-alias"])
    assert _verdict(f"{STORY} global times", "globaltimes") == ("attributed", "globaltimes", ["name-alias"])


@pytest.mark.parametrize(
    "text",
    [
        f"o mundo china de hoje é outro. {STORY}",
        f"{STORY} Isto é o mundo china",
        f"{STORY} E no mundo china",
        f"{STORY}\nmundo china\nMais notícias amanhã.",
        f"{STORY} Vamos ver o mundo. china",
        f"{STORY} china",
        f"{STORY} We live in global times",
    ],
)
def test_a_lower_case_name_in_prose_credits_nobody(text: str) -> None:
    assert analyze(text, "mundo_china").status == "unattributed", text
    assert analyze(text, "globaltimes").status == "unattributed", text


@pytest.mark.parametrize(
    ("tail", "rule"),
    [
        ("mundo_china", "handle-without-at"),
        ("Twitter •mundo_china", "handle-without-at"),
        ("Twitter • mundo china", "spaced-handle"),
    ],
)
def test_the_handle_forms_stay_evasive(tail: str, rule: str) -> None:
    assert _verdict(f"{STORY} {tail}", "mundo_china") == ("evasive", "mundo_china", [rule]), tail


@pytest.mark.parametrize("tail", ["📸 Xinhua", "📷 Xinhua", "📷\ufe0f Xinhua", "📸: Xinhua", "📸 xinhua"])
def test_a_camera_emoji_is_a_photo_credit(tail: str) -> None:
    assert _verdict(f"{STORY} {tail}", "xinhua") == ("attributed", "xinhua", ["photo-credit"]), tail


def test_a_camera_credit_of_a_sibling_reads_as_foto_does() -> None:
    """Post a02: "📸 Xinhua" ending a copy of Mundo China, as "Foto: Xinhua" there."""
    emoji = analyze(f"{STORY} 📸 Xinhua", "mundo_china")
    word = analyze(f"{STORY} Foto: Xinhua", "mundo_china")
    assert (emoji.status, emoji.credited, emoji.sibling) == (word.status, word.credited, word.sibling)
    assert (emoji.status, emoji.credited, emoji.sibling) == ("evasive", "xinhua", True)
    assert [e.rule for e in emoji.evidence] == ["photo-credit"]


@pytest.mark.parametrize(
    "text",
    [
        f"{STORY} 🚄 Xinhua",
        f"{STORY} Fonte: Xinhua",
        f"{STORY} 📸 Reuters. Fonte: Xinhua",
    ],
)
def test_other_emoji_and_text_credits_stay_names(text: str) -> None:
    assert _verdict(text, "xinhua") == ("attributed", "xinhua", ["name-alias"]), text


@pytest.mark.parametrize(
    ("tail", "status", "rule"),
    [
        # a link is cited as a link (trial 124: `at-suffixed-handle`, an @-mention's rule)
        ("https://t.me/xinhua_portugues/4521", "attributed", "suffixed-profile-link"),
        ("t.me/xinhua_pt", "attributed", "suffixed-profile-link"),
        # the handle after a platform label is cited as a handle (trial 124: `abbreviated-name`)
        ("Twitter •xinhua_portugues", "evasive", "suffixed-handle"),
        ("xinhua_portugues", "evasive", "suffixed-handle"),
        ("IG: Xinhua_Notícias", "evasive", "fused-handle"),
        # unchanged
        ("@xinhua_portugues", "attributed", "at-handle"),
        ("@XHNews_es", "attributed", "at-suffixed-handle"),
        ("Fonte: Xinhua_Notícias", "evasive", "abbreviated-name"),
        ("XH español", "evasive", "abbreviated-name"),
    ],
)
def test_rule_names_say_what_the_credit_is(tail: str, status: str, rule: str) -> None:
    assert _verdict(f"{STORY} {tail}", "xinhua") == (status, "xinhua", [rule]), tail
