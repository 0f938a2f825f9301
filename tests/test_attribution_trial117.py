"""Trial 117: an Arabic fact-checking desk's credits of Xinhua Arabic, Sputnik Arabic, RT Arabic,
China Today and People's Daily Online read `unattributed`.

Five kinds: Xinhua's own dateline ("بكين 15 يناير 2024 (شينخوا) ...", with no dash after the
bracket) was no credit in any language; Sputnik Arabic and RT Arabic's Arabic names, site and
channel were not in the registry; Arabic harakat on a name or cue ("نقلا عن شِينْخُوا") hid it; a
directional mark (U+200F, U+200E, U+061C) before a trailing name ("...".\u200f سبوتنيك") hid it;
China Today and People's Daily Online had no Arabic name, and "وكالة الأنباء الصينية" ("the Chinese
news agency") was no generic credit. Each form has its prose controls beside it.
"""

from __future__ import annotations

import pytest

from sourcetrace.attribution import analyze
from sourcetrace.outlets import Registry
from sourcetrace.records import Credit


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load()


# the trial's copy of Xinhua Arabic's trade story, and of Sputnik Arabic's launch story
TRADE = "أعلنت الإدارة العامة للجمارك الصينية أن حجم التجارة بين الصين والدول العربية بلغ 398.1 مليار دولار في عام 2023."
LAUNCH = (
    'أطلقت روسيا من قاعدة بايكونور الفضائية صاروخا من طراز "بروتون-إم" يحمل القمر الصناعي المصري '
    '"مصر سات-3"، وفقا لما أعلنته مؤسسة "روس كوسموس".'
)


def _verdict(reg: Registry, post: str, outlet: str, **kwargs: object) -> tuple[str, str | None, list[str]]:
    result = analyze(post, outlet, reg, **kwargs)  # type: ignore[arg-type]
    return result.status, result.credited, [e.rule for e in result.evidence]


# ---- Arabic harakat on a name or a cue: the word written with its vowels ----


@pytest.mark.parametrize(
    ("credit", "shown"),
    [
        ("نقلا عن شِينْخُوا", "نقلا عن شِينْخُوا"),
        ("المصدر: شِينْخُوا", "المصدر: شِينْخُوا"),
        ("المَصْدَر: شينخوا", "المَصْدَر: شينخوا"),
        ("نقلاً عن شِينْخُوا", "نقلاً عن شِينْخُوا"),
        ("(شِينْخُوا)", "(شِينْخُوا)"),
        ("المصدر: وَكَالَةُ أَنْبَاءِ شِينْخُوا", "المصدر: وَكَالَةُ أَنْبَاءِ شِينْخُوا"),
    ],
)
def test_harakat_hide_no_credit(reg: Registry, credit: str, shown: str) -> None:
    post = f"{TRADE}\n{credit}"
    result = analyze(post, "xinhua", reg)
    assert (result.status, result.credited) == ("attributed", "xinhua"), result.to_dict()
    assert [e.rule for e in result.evidence] == ["name-alias"]
    (evidence,) = result.evidence
    assert evidence.text == shown and evidence.span is not None
    assert post[evidence.span[0] : evidence.span[1]] == shown  # offsets of the post as written


def test_harakat_and_tatweel_on_a_name_stay_a_stretched_name(reg: Registry) -> None:
    # tatweel stretches the name (trial 110: evasive); the vowels beside it change nothing
    assert _verdict(reg, f"{TRADE}\nالمصدر: شِيـنْـخُـوا", "xinhua") == ("evasive", "xinhua", ["zero-width-name"])


@pytest.mark.parametrize(
    "post",
    [
        "قالَتْ لِشِينْخُوا إنَّ الوضعَ صعبٌ في المدينة",  # "she told Xinhua": an interview
        "أَعْلَنَتْ رُوسِيَا الْيَوْمَ عن خطة جديدة",  # "Russia announced today", vocalised
        f"{TRADE}\nالحَمْدُ لِلَّهِ",
    ],
)
def test_harakat_in_prose_are_no_credit(reg: Registry, post: str) -> None:
    for outlet in ("xinhua", "rt"):
        assert _verdict(reg, post, outlet) == ("unattributed", None, [])


# ---- a directional mark before (or after) a name that ends a post ----


@pytest.mark.parametrize("mark", ["\u200f", "\u200e", "\u061c", "\u200f\u200f", "\u2067"])
def test_a_directional_mark_before_a_trailing_name_hides_nothing(reg: Registry, mark: str) -> None:
    for post in (f"{LAUNCH}{mark} سبوتنيك", f"{LAUNCH} {mark}سبوتنيك", f"{LAUNCH}{mark}\nسبوتنيك{mark}"):
        assert _verdict(reg, post, "sputnik") == ("attributed", "sputnik", ["name-alias"]), ascii(post)
    assert _verdict(reg, f"{TRADE}{mark} (شينخوا){mark}", "xinhua") == ("attributed", "xinhua", ["name-alias"])


def test_the_trials_post_p19(reg: Registry) -> None:
    post = LAUNCH.replace("روسيا", "روسيا\u200f", 1)[:-1] + ".\u200f سبوتنيك"
    assert _verdict(reg, post, "sputnik") == ("attributed", "sputnik", ["name-alias"])


@pytest.mark.parametrize(
    "post",
    [
        "أطلق الاتحاد السوفيتي\u200f سبوتنيك عام 1957",  # "launched Sputnik": the satellite
        "كان\u200f سبوتنيك أول قمر صناعي",
        f"{LAUNCH}\u200f لقاح سبوتنيك",  # "the Sputnik vaccine"
    ],
)
def test_a_directional_mark_in_prose_makes_no_credit(reg: Registry, post: str) -> None:
    assert _verdict(reg, post, "sputnik") == ("unattributed", None, [])


# ---- the agency's own dateline: place, date, and its name in brackets, with no dash after ----

WANG_AR = "قال وزير الخارجية الصيني وانغ يي إن أكثر ما يحتاج إليه قطاع غزة هو جهود صنع السلام."


@pytest.mark.parametrize(
    "post",
    [
        f"بكين 15 يناير 2024 (شينخوا) {WANG_AR}",
        f"بكين ١٥ يناير ٢٠٢٤ (شينخوا) {WANG_AR}",
        f"بكين، 15 يناير (شينخوا) {WANG_AR}",
        f"بكين، ١٥ يناير (شينخوا) {WANG_AR}",
        f"القاهرة 23 تموز/يوليو 2024 (شينخوا) {WANG_AR}",
        f"الجزائر 5 جانفي 2024 (شينخوا) {WANG_AR}",
        f"\u200fبكين 15 يناير 2024\u200f (شينخوا) {WANG_AR}",
        f"(شينخوا) -- {WANG_AR}",
        # the canis tweet 1717145613605728553: a title, a blank line, the dateline
        f"وزير الخارجية الصيني: غزة بحاجة إلى جهود صنع السلام\n\nبكين 24 أكتوبر 2023 (شينخوا) {WANG_AR}",
        "BEIJING, Jan. 15 (Xinhua) -- Chinese Foreign Minister Wang Yi said on Monday that Gaza needs peace.",
        "BEIJING, Jan. 15 (Xinhua) Chinese Foreign Minister Wang Yi said on Monday that Gaza needs peace.",
        "BEIJING, January 15, 2024 (Xinhua) Chinese Foreign Minister Wang Yi said that Gaza needs peace.",
        "PEKÍN, 15 ene (Xinhua) El canciller chino, Wang Yi, dijo este lunes que Gaza necesita paz.",
        "PEKÍN, 15 ene (Xinhua) -- El canciller chino, Wang Yi, dijo este lunes que Gaza necesita paz.",
        "PEKIN, 15 janvier (Xinhua) Le ministre chinois des AE, Wang Yi, a déclaré que Gaza a besoin de paix.",
        "PEQUIM, 15 jan (Xinhua) O chanceler chinês, Wang Yi, disse que Gaza precisa de paz.",
        "Пекин, 15 января /Синьхуа/ Министр иностранных дел Китая Ван И заявил, что Газе нужен мир.",
    ],
)
def test_the_agencys_dateline_credits_it(reg: Registry, post: str) -> None:
    assert _verdict(reg, post, "xinhua") == ("attributed", "xinhua", ["name-alias"])


def test_a_misspelt_name_after_the_dateline_is_evasive(reg: Registry) -> None:
    assert _verdict(reg, f"بكين 15 يناير 2024 (شنخوا) {WANG_AR}", "xinhua") == ("evasive", "xinhua", ["misspelled-name"])


@pytest.mark.parametrize(
    ("post", "outlet"),
    [
        # a bracket after a date inside a sentence glosses a word, as ever
        ("Patients seen 15 January (CNS) had lesions in the spinal cord.", "cns"),
        ("The minister said on Jan. 15 (Xinhua) that peace is needed.", "xinhua"),
        ("Jan. 15 (CCTV) cameras show the suspect leaving the bank.", "cctv"),
        ("قال الوزير في 15 يناير (شينخوا) إن الوضع صعب", "xinhua"),
        # a date at a line's start with no agency in the bracket
        (f"بكين 15 يناير 2024 (الاثنين) {WANG_AR}", "xinhua"),
        ("BEIJING, Jan. 15 (Monday) Chinese Foreign Minister Wang Yi said that Gaza needs peace.", "xinhua"),
    ],
)
def test_a_date_before_a_bracket_in_prose_is_no_credit(reg: Registry, post: str, outlet: str) -> None:
    assert _verdict(reg, post, outlet) == ("unattributed", None, [])


# ---- Sputnik Arabic and RT Arabic: their Arabic names, site and channels ----


@pytest.mark.parametrize(
    ("credit", "outlet", "rule"),
    [
        ("\nSputnik Arabic", "sputnik", "name-alias"),
        ("\nسبوتنيك عربي", "sputnik", "name-alias"),
        ("\nالمصدر: سبوتنيك عربي", "sputnik", "name-alias"),
        (" (سبوتنيك عربي)", "sputnik", "name-alias"),
        ("\nالمصدر: سبوتنيك", "sputnik", "name-alias"),
        (" (سبوتنيك)", "sputnik", "name-alias"),
        (" https://sarabic.ae/20250205/1095432110.html", "sputnik", "link-domain"),
        ("\nالمصدر: sarabic.ae", "sputnik", "link-domain"),
        (" (آر تي عربي)", "rt", "name-alias"),
        ("\nآر تي عربي", "rt", "name-alias"),
        ("\nالمصدر: آر تي عربي", "rt", "name-alias"),
        ("\nالمصدر: روسيا اليوم", "rt", "name-alias"),
        ("\nRT Arabic", "rt", "name-alias"),
    ],
)
def test_the_arabic_services_credit(reg: Registry, credit: str, outlet: str, rule: str) -> None:
    assert _verdict(reg, f"{LAUNCH}{credit}", outlet) == ("attributed", outlet, [rule])


@pytest.mark.parametrize(("channel", "outlet"), [("Sputnik Arabic", "sputnik"), ("سبوتنيك عربي", "sputnik"),
                                                 ("RT Arabic - آر تي عربي", "rt"), ("آر تي عربي", "rt")])
def test_a_forward_from_the_arabic_services(reg: Registry, channel: str, outlet: str) -> None:
    """The trial's tg2 export, messages 201-203: forwards from the Arabic channels."""
    forward = Credit(kind="forward", value=channel, field="forwarded_from")
    assert _verdict(reg, LAUNCH, outlet, credits=(forward,)) == ("attributed", outlet, ["forwarded-from"])
    other = "rt" if outlet == "sputnik" else "sputnik"  # the other Russian family: a sibling
    result = analyze(LAUNCH, other, reg, credits=(forward,))
    assert (result.status, result.credited, result.sibling) == ("evasive", outlet, True)


@pytest.mark.parametrize(
    ("post", "outlet"),
    [
        ("أطلق الاتحاد السوفيتي القمر الصناعي سبوتنيك عام 1957", "sputnik"),
        ("وصلت شحنة من لقاح سبوتنيك إلى الجزائر", "sputnik"),
        ("شاهد آر تي عربي غدا في الثامنة مساء", "rt"),
        ("أعلنت روسيا اليوم عن خطة جديدة للطاقة", "rt"),
        ("قال مراسل آر تي عربي إن الوضع صعب", "rt"),
    ],
)
def test_the_arabic_services_in_prose_are_no_credit(reg: Registry, post: str, outlet: str) -> None:
    assert _verdict(reg, post, outlet) == ("unattributed", None, [])


# ---- China Today, People's Daily Online, and "the Chinese news agency" in Arabic ----

YIWU = "يقيم في ييوو حاليا أكثر من 3 آلاف تاجر عربي. وبلغت صادرات ييوو إلى الدول العربية 52 مليار يوان في 2023."


@pytest.mark.parametrize(
    ("credit", "outlet"),
    [
        ("\nالمصدر: مجلة الصين اليوم", "cicg"),
        ("\nمجلة الصين اليوم", "cicg"),
        (" (الصين اليوم)", "cicg"),
        ("\nالمصدر: الصين اليوم", "cicg"),
        ("\nنقلا عن الصين اليوم", "cicg"),
        ("\nالمصدر: الشعب اليومية أونلاين", "peoplesdaily"),
        ("\nالشعب اليومية أونلاين", "peoplesdaily"),
        ("\nالمصدر: شبكة الشعب", "peoplesdaily"),
        (" (شبكة الشعب)", "peoplesdaily"),
        ("\nالمصدر: وكالة الأنباء الصينية شينخوا", "xinhua"),
        ("\nالمصدر: وكالة الأنباء الصينية الرسمية شينخوا", "xinhua"),
        ("\nالمصدر: روسيا اليوم", "rt"),
        (" (روسيا اليوم)", "rt"),
    ],
)
def test_an_arabic_name_of_the_outlet_credits_it(reg: Registry, credit: str, outlet: str) -> None:
    assert _verdict(reg, f"{YIWU}{credit}", outlet) == ("attributed", outlet, ["name-alias"])


@pytest.mark.parametrize(
    ("post", "outlet"),
    [
        # "China"/"Russia" and "today": a sentence, a heading, a line's end
        ("قالت الصين اليوم إن صادراتها إلى الدول العربية ارتفعت", "cicg"),
        ("ذكرت الصين اليوم أن صادراتها ارتفعت", "cicg"),
        ("أعلنت الصين اليوم عن خطة جديدة للتجارة", "cicg"),
        ("الصين اليوم أقوى من أي وقت مضى", "cicg"),
        ("الصين اليوم: صادرات ييوو إلى الدول العربية ترتفع", "cicg"),
        (f"{YIWU}\nهذه هي الصين اليوم", "cicg"),
        (f"{YIWU}\nالصين اليوم", "cicg"),
        ("قالت روسيا اليوم إن صادراتها ارتفعت", "rt"),
        ("ذكرت روسيا اليوم أن صادراتها ارتفعت", "rt"),
        # "the people's daily (life)", "the people's network for development"
        ("تحسين حياة الشعب اليومية أولوية للحكومة", "peoplesdaily"),
        (f"{YIWU}\nالمصدر: حياة الشعب اليومية", "peoplesdaily"),
        ("أطلقت الحكومة شبكة الشعب للتنمية في القرى", "peoplesdaily"),
        ("شبكة الشعب للتنمية تعقد مؤتمرها السنوي", "peoplesdaily"),
    ],
)
def test_those_words_in_prose_are_no_credit(reg: Registry, post: str, outlet: str) -> None:
    assert _verdict(reg, post, outlet) == ("unattributed", None, [])


@pytest.mark.parametrize(
    ("credit", "outlet"),
    [
        ("\nالمصدر: وكالة الأنباء الصينية", "xinhua"),
        (" (وكالة الأنباء الصينية)", "xinhua"),
        ("\nالمصدر: وكالة الأنباء الصينية الرسمية", "xinhua"),
        ("\nالمصدر: الوكالة الصينية", "xinhua"),
        ("\nالمصدر: الصحيفة الصينية", "peoplesdaily"),
        (" (وكالة صينية)", "xinhua"),
        ("\nالمصدر: وكالة الأنباء الروسية", "tass"),
    ],
)
def test_the_chinese_news_agency_is_a_generic_credit(reg: Registry, credit: str, outlet: str) -> None:
    assert _verdict(reg, f"{YIWU}{credit}", outlet) == ("evasive", None, ["generic-credit"])


@pytest.mark.parametrize(
    "post",
    [
        f"{YIWU}\nالمصدر: وكالة الأنباء",  # no country's word
        f"{YIWU}\nالمصدر: وكالة الأنباء الروسية",  # another country's agency on a copy of Xinhua
        f"{YIWU}\nالمصدر: وكالة الفضاء الصينية",  # the space agency
        "قالت وكالة الأنباء الصينية إن الوضع صعب",  # in a sentence
    ],
)
def test_an_agency_that_is_no_generic_credit(reg: Registry, post: str) -> None:
    assert _verdict(reg, post, "xinhua") == ("unattributed", None, [])
