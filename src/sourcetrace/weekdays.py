"""Days of the week as news text names them, in the languages the project's posts come in: what
`sharedfacts.weekday_conflict` compares ("on Monday" against an article's "on Wednesday": another
day of the same kind of event).

Each form is read only where it is surely a weekday, so a text is more often read as naming
none than misread:

- written as the language writes it in running text, case and all: Spanish, Portuguese,
  French, Italian, Dutch, Polish and Russian weekdays in lower case ("domingo", never "Santo
  Domingo" or "Plácido Domingo"; "mardi", not "Mardi Gras"), English and German ones
  capitalised;
- an English weekday after a feast's or a sale's word ("Black Friday", "Good Friday", "Cyber
  Monday", "Super Tuesday") or before a capitalised word ("Sunday Times") is not read;
- Portuguese needs its "-feira" ("segunda" is also "second"); Russian Wednesday only as
  "в среду" ("среда" is also "environment"); Arabic Monday and Sunday only after يوم
  ("الاثنين" is also "the two", "الأحد" "the One");
- Chinese 周 only where no numeral, "every", "this", "next", "last" or "all around" comes before
  it ("一周一次", "四周一片" are no Monday; "上周一", last Monday, is not read either); Japanese
  "月曜", Korean "월요일".

Vietnamese ("thứ hai" is also "second"), Turkish ("Pazar" is also "market") and Indonesian
("Minggu" is also "week") are not read.
"""

from __future__ import annotations

import regex

__all__ = ["weekdays"]

# an English weekday not after a feast's or a sale's word, nor before a capitalised word ("Sunday
# Times", "Monday Night Football")
_EN = (r"(?<!(?:Black|Good|Cyber|Super|Ash|Easter|Palm|Holy|Maundy|Bloody|Giving|Fat|Shrove|Blue|Low|Whit|Great"
       r"|Clean|Green|Travel|Manic|Casual|Throwback|Mothering)\s){}(?!\s\p{{Lu}})")
# weekday (0 Monday ... 6 Sunday) -> the forms that name it
_FORMS: dict[int, tuple[str, ...]] = {
    0: (_EN.format("Monday"), "lunes", "lundi", r"segunda-feira", "Montag", "lunedì", "maandag",
        "poniedziałek", r"понедельник", r"يوم (?:ال)?[اإ]ثنين", r"星期一", r"礼拜一", r"禮拜一", r"{zhou}一",
        "月曜", "월요일"),
    1: (_EN.format("Tuesday"), "martes", "mardi", r"terça-feira", "Dienstag", "martedì", "dinsdag",
        "wtorek", "wtorku", r"вторник", r"الثلاثاء", r"星期二", r"礼拜二", r"禮拜二", r"{zhou}二", "火曜", "화요일"),
    2: (_EN.format("Wednesday"), "miércoles", "mercredi", r"quarta-feira", "Mittwoch", "mercoledì",
        "woensdag", "środa", "środę", r"в среду", r"الأربعاء", r"星期三", r"礼拜三", r"禮拜三", r"{zhou}三", "水曜",
        "수요일"),
    3: (_EN.format("Thursday"), "jueves", "jeudi", r"quinta-feira", "Donnerstag", "giovedì",
        "donderdag", "czwartek", "czwartku", r"четверг", r"الخميس", r"星期四", r"礼拜四", r"禮拜四", r"{zhou}四",
        "木曜", "목요일"),
    4: (_EN.format("Friday"), "viernes", "vendredi", r"sexta-feira", "Freitag", "venerdì", "vrijdag",
        "piątek", "piątku", r"пятниц[аеуы]", r"الجمعة", r"星期五", r"礼拜五", r"禮拜五", r"{zhou}五", "金曜", "금요일"),
    5: (_EN.format("Saturday"), "sábado", "samedi", "Samstag", "Sonnabend", "sabato", "zaterdag",
        "sobota", "sobotę", r"суббот[аеуы]", r"السبت", r"星期六", r"礼拜六", r"禮拜六", r"{zhou}六", "土曜",
        "토요일"),
    6: (_EN.format("Sunday"), "domingo", "dimanche", "Sonntag", "domenica", "zondag", "niedziela",
        "niedzielę", r"воскресень[еяю]", r"يوم الأحد", r"星期[日天]", r"礼拜[日天]", r"禮拜[日天]", r"{zhou}日",
        "日曜", "일요일"),
}
# 周/週 as a weekday's prefix: not after a numeral, "every", "this", "next", "last", "whole",
# "same", "several" or "all around" (四周): "一周一次", "上周一共", "四周一片" name no Monday
_ZHOU = r"(?<![一二三四五六七八九十两兩每上下本这這那该該前后後同数數几幾首全整四])[周週]"


def _pattern(form: str) -> str:
    if "{zhou}" in form:
        return form.replace("{zhou}", _ZHOU)
    if regex.match(r"[\p{Han}\p{Hangul}]", form[-1]):
        return form
    return rf"(?<![\p{{L}}\p{{N}}]){form}(?![\p{{L}}\p{{N}}])"


_WEEKDAY = regex.compile("|".join(f"(?P<d{day}>{'|'.join(_pattern(f) for f in forms)})"
                                  for day, forms in _FORMS.items()))


# Forms read surely in both texts with `weekdays(compound=True)`: a German weekday compounded with
# a time of day ("Sonntagmorgen", "Montagabend"), a Russian weekday's adjective in any case,
# capitalised at a sentence's start too ("Воскресным вечером", Sunday evening; "в субботнее утро"),
# and an English abbreviation after "on". Trial 84: a post's Saturday against an article's
# "Воскресным вечером в Харбине завершилась 8-я..." was no conflict, while against "В воскресенье
# вечером" it was; trial 86: a post's "am Samstagabend" against an article's Sunday was a
# translation at 0.96.
_DE_TIMES = r"(?:morgen|vormittag|mittag|nachmittag|abend|nacht)"
_RU_ADJECTIVE = r"(?:ый|ий|ое|ее|ого|его|ому|ему|ым|им|ом|ем|ая|яя|ой|ей|ую|юю|ые|ие|ых|их|ыми|ими)"
# English news abbreviations after "on" ("rolled off the assembly line in Fuqing on Fri.", Xinhua's
# style; trial 86) are read in both texts.
_EN_SHORT = r"(?<=\bon\s){}\."
_COMPOUND_FORMS: dict[int, tuple[str, ...]] = {
    0: (f"Montag{_DE_TIMES}", f"[Пп]онедельничн{_RU_ADJECTIVE}", _EN_SHORT.format("Mon")),
    1: (f"Dienstag{_DE_TIMES}", f"[Вв]торничн{_RU_ADJECTIVE}", _EN_SHORT.format("Tues?")),
    2: (f"Mittwoch{_DE_TIMES}", _EN_SHORT.format("Wed")),
    3: (f"Donnerstag{_DE_TIMES}", f"[Чч]етвергов{_RU_ADJECTIVE}", _EN_SHORT.format("Thu(?:rs?)?")),
    4: (f"Freitag{_DE_TIMES}", f"[Пп]ятничн{_RU_ADJECTIVE}", _EN_SHORT.format("Fri")),
    5: (f"Samstag{_DE_TIMES}", f"Sonnabend{_DE_TIMES}", f"[Сс]убботн{_RU_ADJECTIVE}", _EN_SHORT.format("Sat")),
    6: (f"Sonntag{_DE_TIMES}", f"[Вв]оскресн{_RU_ADJECTIVE}", _EN_SHORT.format("Sun")),
}
_COMPOUND = regex.compile("|".join(f"(?P<d{day}>{'|'.join(_pattern(f) for f in forms)})"
                                   for day, forms in _COMPOUND_FORMS.items()))


# The loose reading (`weekdays(loose=True)`): any word beginning with a weekday's stem, in any
# case, and any Han or Hangul form, whatever comes before it: "воскресное утро" (Sunday
# morning), "Sonntagmorgen", "sonntags", "Santo Domingo" too. What an article may name, so
# that a post's weekday is said to be missing from it only where no form of it is there.
_STEMS: dict[int, tuple[str, ...]] = {
    0: ("monday", "lunes", "lundi", "segunda", "montag", "luned", "maandag", "poniedzia", "понедельн", "اثنين",
        "星期一", "礼拜一", "禮拜一", "周一", "週一", "月曜", "월요일"),
    1: ("tuesday", "martes", "mardi", "terça", "terca", "dienstag", "marted", "dinsdag", "wtor", "вторн", "ثلاثاء",
        "星期二", "礼拜二", "禮拜二", "周二", "週二", "火曜", "화요일"),
    2: ("wednesday", "miércoles", "miercoles", "mercredi", "quarta", "mittwoch", "mercoled", "woensdag", "środ",
        "sroda", "сред", "أربعاء", "اربعاء", "星期三", "礼拜三", "禮拜三", "周三", "週三", "水曜", "수요일"),
    3: ("thursday", "jueves", "jeudi", "quinta", "donnerstag", "gioved", "donderdag", "czwart", "четверг", "خميس",
        "星期四", "礼拜四", "禮拜四", "周四", "週四", "木曜", "목요일"),
    4: ("friday", "viernes", "vendredi", "sexta", "freitag", "venerd", "vrijdag", "piąt", "piat", "пятниц",
        "пятничн", "جمعة", "星期五", "礼拜五", "禮拜五", "周五", "週五", "金曜", "금요일"),
    5: ("saturday", "sábado", "sabado", "samedi", "samstag", "sonnabend", "sabato", "zaterdag", "sobot", "суббот",
        "سبت", "星期六", "礼拜六", "禮拜六", "周六", "週六", "土曜", "토요일"),
    6: ("sunday", "domingo", "dimanche", "sonntag", "domenica", "zondag", "niedziel", "воскрес", "أحد", "احد",
        "星期日", "星期天", "礼拜日", "礼拜天", "禮拜日", "禮拜天", "周日", "週日", "日曜", "일요일"),
}


def _loose(stem: str) -> str:
    if regex.match(r"[\p{Han}\p{Hangul}\p{Arabic}]", stem[0]):
        return regex.escape(stem)
    return rf"(?<![\p{{L}}\p{{N}}]){regex.escape(stem)}"


_LOOSE = regex.compile("|".join(f"(?P<d{day}>{'|'.join(_loose(f) for f in stems)})" for day, stems in _STEMS.items()),
                       regex.IGNORECASE)


def weekdays(text: str, loose: bool = False, compound: bool = False) -> dict[int, str]:
    """The days of the week `text` names: weekday (0 Monday ... 6 Sunday) -> the first form it
    writes for it ("lunes", "周一"). Empty where it names none the table reads surely. `loose`:
    every word that may name one (`_STEMS`), for the side a missing weekday is said of.
    `compound`: also German compounds with a time of day and Russian adjectives
    (`_COMPOUND_FORMS`: "Sonntagmorgen", "Воскресным"), for an article's side."""
    out: dict[int, str] = {}
    patterns = [_LOOSE] if loose else [_WEEKDAY, _COMPOUND] if compound else [_WEEKDAY]
    for pattern in patterns:
        for m in pattern.finditer(text):
            day = int(next(name for name, value in m.groupdict().items() if value is not None)[1:])
            out.setdefault(day, m.group())
    return out
