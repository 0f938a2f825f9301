"""What a reader tells its caller besides records: a `Problem` for each record skipped, each
record kept with a field blanked or repaired, and each post with no text to check. Reading goes on."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from ..dates import DateOrder
from ..errors import InputError, NoTextError

R = TypeVar("R")


# The kinds of Problem: a record (or a whole input) left out; a record kept with one field blanked,
# converted or repaired; a post with no text to check (a photo or video without words, an empty
# message), kept out of matching but counted so that a summary can reconcile input and output.
# A NOTE is about a whole input, not a record: the encoding a file was read with, the files of a
# folder that were read and those that were not.
SKIPPED = "skipped"
WARNING = "warning"
NO_TEXT = "no_text"
NOTE = "note"
PROBLEM_KINDS = (SKIPPED, WARNING, NO_TEXT, NOTE)
_ENDINGS = {SKIPPED: " — skipped", WARNING: " — kept", NO_TEXT: " — not checked", NOTE: ""}


@dataclass(frozen=True)
class Problem:
    """What a reader says about one record (line 0: the whole source): where it is and why.

    `kind` is SKIPPED (the record is left out), WARNING (the record is kept; `reason` says which
    field was blanked or repaired), NO_TEXT (a post without text: nothing to check) or NOTE
    (about the whole input: an encoding detected, the files of a folder).
    """

    path: str
    line: int
    reason: str
    kind: str = SKIPPED
    # For a NOTE that items were left out (`NotChecked`: "5 reposts skipped: ..."): how many, and
    # their noun and plural, so that a summary of no posts says what the input held instead.
    left_out: tuple[int, str, str | None] | None = None
    # The reason as said on its line where `reason` is that of its kind, without the value
    # (`SameReason`): "'created_at': not a date: '17/01/2020 às 00:42': left blank".
    detail: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:" if self.line <= 0 else f"{self.path}:{self.line}:"
        return f"{where} {self.detail or self.reason}{_ENDINGS.get(self.kind, '')}"


# A value quoted in a reason ("not a date: '17/01/2020 às 00:42'"), a byte ("byte 0x81") and a
# number standing alone ("is 12,345 characters"); a reason's first quoted word, the field it is
# about ("'created_at': ..."), is kept.
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"")
_ITEM = re.compile(r"^item \d+: ")
_FIELD = re.compile(r"^'[^'\n]*'")
_BYTE = re.compile(r"0x[0-9A-Fa-f]+")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMBER = re.compile(r"(?<=[\s(])\d[\d,.]*(?=[\s),:;])")


def same_reason(reason: str) -> str:
    """`reason` without the values it quotes (`_QUOTED`, `_BYTE`, `_DAY`, `_NUMBER`) nor its
    item's number: what a WARNING of its
    kind says of every record ("'created_at': not a date: …: left blank")."""
    item = _ITEM.match(reason)
    rest = reason[item.end():] if item else reason
    field_name = _FIELD.match(rest)
    head = ("item …: " if item else "") + (field_name.group() if field_name else "")
    rest = rest[field_name.end():] if field_name else rest
    return head + _NUMBER.sub("…", _DAY.sub("…", _BYTE.sub("0x…", _QUOTED.sub("…", rest))))


class SameReason:
    """Passes an input's problems on to `on_problem`, a WARNING whose reason quotes a value (a
    date, a language tag, a byte) after the first of its kind with that kind's reason
    (`same_reason`) as `reason` and its own as `detail`: the caller, which lists the repeats of one
    reason a few times and then counts them (`cli.common.ProblemCounter`), then counts them too.
    Trial 112: 489 lines "'created_at': not a date: '17/01/2020 às 00:42': left blank", each
    with another date, for a CSV of 502 rows, where the README promises a few and a count."""

    _TRACKED = 1_000  # kinds of reason kept track of in one input

    def __init__(self, on_problem: ProblemHandler) -> None:
        self.on_problem = on_problem
        self._seen: set[str] = set()

    def __call__(self, problem: Problem) -> None:
        if problem.kind == WARNING and problem.detail is None:
            same = same_reason(problem.reason)
            if same != problem.reason:
                if same in self._seen:
                    problem = replace(problem, reason=same, detail=problem.reason)
                elif len(self._seen) < self._TRACKED:
                    self._seen.add(same)
        self.on_problem(problem)


ProblemHandler = Callable[[Problem], None]


class NotChecked(Exception):
    """Raised by an export's converter (`documents.Converter`) for an item that cannot be
    checked for a reason the user should hear of, yet that is no bad record: a boost that names
    the boosted post by URL only (a reader of its own, as the Bluesky CAR one, counts such items
    by an instance's `key` without raising). The reader says each reason once per input, in
    a NOTE ("2 boosts skipped: ..."), rather than a line each (an outbox may hold thousands) or
    nothing (a user then wonders where the boosts went).

    `noun`: what the item is, counted ("boost"); `plural` when an "s" does not make it; `reason`:
    why it is not checked.
    """

    def __init__(self, noun: str, reason: str, plural: str | None = None) -> None:
        super().__init__(reason)
        self.noun = noun
        self.reason = reason
        self.plural = plural

    @property
    def key(self) -> tuple[str, str | None, str]:
        """What a reader counts the item by, to say once per reason (`inputs.Job.say_not_checked`)."""
        return self.noun, self.plural, self.reason


def skipped_in_folder(path: str, reason: str) -> Problem:
    """The problem for one file of a folder that cannot be read (`reason`, without the path it
    may start with): it is skipped and the folder's other files are read."""
    return Problem(path, 0, f"{reason.removeprefix(f'{path}: ')}; the folder's other files are read")
# Told why an optional field of the record being made was blanked or repaired.
Warn = Callable[[str], None]
_JSON_TYPES = {
    list: "array",
    str: "string",
    int: "number",
    float: "number",
    bool: "boolean",
    type(None): "null",
}


@dataclass(frozen=True)
class Options:
    """How records are read, beyond their format.

    dayfirst: read an ambiguous numeric date "01/02/2018" as 1 February (`dates.parse_datetime`).
    delimiter: the CSV field separator (None: sniffed from the header line).
    encoding: the files' text encoding (None: UTF-8 when the bytes are UTF-8, else detected).
    """

    dayfirst: bool = False
    delimiter: str | None = None
    encoding: str | None = None


@dataclass(frozen=True)
class Origin:
    """Where the record being made comes from: its line, the file's stem (posts without an id
    are named "stem:line"), who hears of a field blanked or repaired, the read options, and the
    watch over the file's numeric dates (`dates.DateOrder`)."""

    line: int
    stem: str
    warn: Warn
    options: Options = field(default_factory=Options)
    dates: DateOrder | None = None

    @property
    def default_id(self) -> str:
        """The id of a post that names none."""
        return f"{self.stem}:{self.line}"

    def date_seen(self, value: Any) -> None:
        """Note a date the record holds (as written), for the file's `DateOrder`."""
        if self.dates is not None:
            self.dates.seen(value, self.line)

    def local_time(self, value: Any, whose: str, fix: str) -> None:
        """Note that the record's date `value` is `whose` local time without a zone, read as UTC:
        said once per file (`dates.DateOrder.local_time`)."""
        if self.dates is not None:
            self.dates.local_time(value, self.line, whose, fix)


# Turns one mapping (a JSON object or a CSV row) and its line number into a record.
Builder = Callable[[dict[str, Any], int], R]
# The same, given where the record comes from.
Factory = Callable[[dict[str, Any], Origin], R]


def build_or_report(
    builder: Callable[[Warn], R],
    lineno: int,
    display: str,
    on_problem: ProblemHandler,
    prefix: str = "",
) -> R | None:
    """Make one record with `builder(warn)`, or hand `on_problem` the reason it cannot be made.

    `InputError` gives its message as the reason (`NoTextError`: a NO_TEXT problem, else a
    SKIPPED one); ValueError, OverflowError and OSError (a numeric timestamp far outside what
    datetime can represent) give "bad value (...)". The warnings `builder` gives are passed on
    as WARNING problems once the record is made (a record skipped says only why). `prefix`
    starts every reason ("item 3: ").
    """
    warnings: list[str] = []
    kind = SKIPPED
    try:
        record = builder(warnings.append)
    except NoTextError as exc:
        reason, kind = str(exc), NO_TEXT
    except InputError as exc:
        reason = str(exc)
    except (ValueError, OverflowError, OSError) as exc:
        reason = f"bad value ({exc})"
    else:
        for warning in warnings:
            on_problem(Problem(display, lineno, prefix + warning, WARNING))
        return record
    on_problem(Problem(display, lineno, prefix + reason, kind))
    return None


def not_an_object(value: Any) -> str:
    """The reason for a JSON value that is not an object: "not a JSON object (got array)"."""
    return f"not a JSON object (got {_JSON_TYPES.get(type(value), 'a value')})"
