"""Trial 122: a European fact-checker following RIA Novosti, Sputnik and RT.

1. "Quelle: RIA Nowosti", the German (and Polish) press's spelling, read as a dodged misspelling
   (`misspelled-name`, evasive). A real exonym is a name: the registry now lists "RIA Nowosti",
   "RIA Nóvosti", "РІА Новини", "ريا نوفوستي" and "俄新社".
2. "RIA"/"РИА" alone after a credit cue ("Источник: РИА", "Quelle: RIA", "d'après l'agence RIA")
   credited nobody. It is the short name the wires and the Russian press use for RIA Novosti
   ("Russia's RIA news agency"), so a registry context name, as "CNS" is: a credit where a credit
   stands (`attributed`, `name-alias`), in capitals, never in prose; followed by another capitalised
   word or a quoted name it opens a regional agency's name ("РИА Мелитополь", "RIA FAN"), no
   credit. "RIA Novosti via Telegram" ending a post credited nobody: where the credit was read
   does not undo it.
3. "Photo : RIA Novosti / Alexei Kudenko" was read as a credit of the text (`name-alias`). The
   docs and the labelled sets count a photo credit as a credit (the outlet is named openly, a
   reader and a tool see it: "(Foto: CNS/Zhang Yu)", "Фото: Синьхуа" are `attributed`), so the
   status stays `attributed`; the evidence's rule is now `photo-credit`, which says the name
   credits the picture, not the text, so that a newsroom can tell the two apart.
4. "#Sputnik | ..." opening a post: a hashtag of a context name labelling its line counts as the
   name does there ("Sputnik | ..."); elsewhere a hashtag of a context name stays a topic.
"""

from __future__ import annotations

import pytest

from sourcetrace.attribution import analyze

STORY = (
    "L'organisateur de l'ascension de l'Elbrouz, au cours de laquelle des alpinistes ont péri, a "
    "avoué, selon le Comité d'enquête. Seuls 14 des 19 alpinistes ont pu être sauvés."
)


@pytest.mark.parametrize(
    "tail",
    [
        "Quelle: RIA Nowosti",
        "Źródło: RIA Nowosti",
        "Fuente: RIA Nóvosti",
        "Джерело: РІА Новини",
        "来源：俄新社",
        "RIA Novosti",
        "RIA Novosti via Telegram",
        "Quelle: RIA Nowosti via Telegram",
        "Источник: РИА",
        "Quelle: RIA",
        "d'après l'agence RIA",
        "(RIA)",
    ],
)
def test_ria_names_and_short_name_after_a_cue_credit_ria(tail: str) -> None:
    verdict = analyze(f"{STORY} {tail}", "ria")
    assert (verdict.status, verdict.credited) == ("attributed", "ria"), tail
    assert {e.rule for e in verdict.evidence} == {"name-alias"}


@pytest.mark.parametrize(
    "text",
    [
        f"{STORY} Источник: РИА Мелитополь",
        f"{STORY} Источник: РИА «Новый День»",
        f"{STORY} Source: RIA FAN",
        f"La RIA a publié ce texte. {STORY}",
        f"Die Regierung legte eine RIA vor, {STORY}",
        f"Regulatory Impact Assessment (RIA) rules. {STORY}",
        f"{STORY} Fuente: ría de Vigo, Galicia",
        f"Ich las RIA Novosti via Telegram heute. {STORY}",
    ],
)
def test_prose_and_other_agencies_credit_no_ria(text: str) -> None:
    verdict = analyze(text, "ria")
    assert verdict.status == "unattributed", text
    assert verdict.credited in (None, "ria") and not any(e.outlet == "ria" for e in verdict.evidence)


@pytest.mark.parametrize("label", ["#Sputnik | ", "#Sputnik: ", "Sputnik | ", "#SputnikNews | "])
def test_sputnik_hashtag_labelling_a_post_credits_sputnik(label: str) -> None:
    verdict = analyze(f"{label}{STORY}", "sputnik")
    assert (verdict.status, verdict.credited) == ("attributed", "sputnik"), label


@pytest.mark.parametrize(
    "text",
    [
        f"Le vaccin #Sputnik | efficace. {STORY}",
        f"#Sputnik V | {STORY}",
        f"#Sputnik {STORY}",
        f"{STORY} #sputnik | à suivre",
    ],
)
def test_sputnik_hashtag_as_a_topic_credits_nobody(text: str) -> None:
    verdict = analyze(text, "sputnik")
    assert verdict.status == "unattributed", text


@pytest.mark.parametrize(
    "tail",
    [
        "Photo : RIA Novosti / Alexei Kudenko",
        "Crédit photo : RIA Novosti",
        "Foto: RIA Nowosti/Alexej Kudenko",
        "Фото: РИА Новости",
    ],
)
def test_a_photo_credit_only_says_so(tail: str) -> None:
    verdict = analyze(f"{STORY} {tail}", "ria")
    assert (verdict.status, verdict.credited) == ("attributed", "ria"), tail
    assert [e.rule for e in verdict.evidence] == ["photo-credit"]


@pytest.mark.parametrize(
    "text",
    [
        f"{STORY}\nSource : RIA Novosti\nPhoto : RIA Novosti / Alexei Kudenko",
        f"Des images de l'Elbrouz, selon RIA Novosti. {STORY}",
        f"{STORY} Photo : AFP. Source : RIA Novosti",
    ],
)
def test_a_text_credit_stays_a_name(text: str) -> None:
    verdict = analyze(text, "ria")
    assert verdict.status == "attributed"
    assert "name-alias" in {e.rule for e in verdict.evidence}


def test_the_credit_note_says_a_photo_credit_is_the_photo_s() -> None:
    """Trial 122 read "attributed (credits ria)" for a post whose only credit was "Photo : RIA
    Novosti / ...": the note says the credit is the picture's; a text credit beside it is not."""
    from sourcetrace.results import Attribution, Evidence, credit_note

    photo = Evidence("RIA Novosti", (80, 91), "photo-credit")
    assert credit_note(Attribution("attributed", "ria", [photo]), "ria") == "credits ria, for the photo only"
    text = Evidence("RIA Novosti", (10, 21), "name")
    assert credit_note(Attribution("attributed", "ria", [photo, text]), "ria") == "credits ria"
