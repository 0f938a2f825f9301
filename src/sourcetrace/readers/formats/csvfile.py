"""CSV with a header row (*.csv): columns named after the record's fields, or mapped to them, or
the columns of a research tool (`profiles`: twarc-csv, 4CAT, Meta Content Library, CrowdTangle).

The separator is the one given (`Options.delimiter`), else the one the header line shows: of
comma, semicolon, tab and bar, the most frequent outside quotes (spreadsheets in European
locales write semicolons, "Unicode text" exports write tabs).
"""

from __future__ import annotations

import csv
import itertools
import logging
from collections import deque
from collections.abc import Iterator
from functools import partial

import regex

from ...errors import InputError
from ..columns import (
    ARTICLE_COLUMNS,
    POST_COLUMNS,
    TEXT_NAMES_ABROAD,
    header_index,
    numeric_columns,
    text_column,
)
from ..inputs import Job
from ..lines import MAX_LINE_BYTES, Line, decode, decode_problem, too_long
from ..problems import NOTE, WARNING, R
from ..profiles import PROFILES, Profile, profile_for
from ..registry import Format, register
from ..undecodable import decode_line, has_bad_bytes, kept, problem_reason, repair_cells

log = logging.getLogger(__name__)


def parse(lines: Iterator[Line], job: Job[R]) -> Iterator[R]:
    """The records of the rows after the header; a bad row is one problem.

    Raises InputError when the header is unreadable, lacks a mapped column or a 'text' column.
    """
    # A field is bounded here by CSV_FIELD_CHARS, well above records.MAX_TEXT_CHARS: a field over
    # MAX_TEXT_CHARS is read whole and refused by Post/Article with its exact length, and the
    # parser stays in step. At the csv module's own limit it stops inside the field, and in a
    # quoted field spanning lines it would take the next rows for the rest of it (found by the
    # fuzzer: a valid row lost). Never lowered if already higher.
    if csv.field_size_limit() < CSV_FIELD_CHARS:
        csv.field_size_limit(CSV_FIELD_CHARS)
    display = job.display
    # csv needs text, and a quoted field may span lines, so a bad line cannot simply be dropped:
    # it is replaced (so the parser keeps its place) and the row holding it is reported instead.
    # A line with bytes that are not valid UTF-8 is read with them kept as lone surrogates: its
    # row is kept with them replaced with U+FFFD, said in one line naming the columns (trial 73).
    bad: deque[tuple[int, str]] = deque()
    text = _csv_text(lines, bad, lenient=True)
    delimiter = job.options.delimiter
    if delimiter is None:
        delimiter, text = _sniff_delimiter(text)
    first, text = _first_rows(text, delimiter)
    numeric = _numeric(first)
    source = _Held(text)
    reader = csv.reader(source, delimiter=delimiter)

    def row_problem(error: str | None) -> tuple[int, str] | None:
        """The first bad line inside the row just read, else the csv error, else None."""
        found = None
        while bad and bad[0][0] <= source.line_num:
            item = bad.popleft()
            found = found or item
        if found is None and error is not None:
            found = (source.line_num, error)
        return found

    index: dict[str, int] = {}
    header: list[str] = []
    width = 0
    profile: Profile | None = None
    names: list[str] = []
    while True:
        source.held = []
        try:
            row, error = next(reader), None
        except StopIteration:
            return
        except csv.Error as exc:
            row, error = None, f"malformed CSV ({exc})"
        clean = not (bad and bad[0][0] <= source.line_num)  # no undecodable line inside
        problem = row_problem(error)
        if not width:  # still looking for the header row
            if problem is not None:
                raise InputError(f"{display}:{problem[0]}: unreadable CSV header: {problem[1]}")
            if row is None or _blank(row):
                continue
            broken = next((cell for cell in row if has_bad_bytes(cell)), None)
            if broken is not None:
                raise InputError(f"{display}:{source.line_num}: unreadable CSV header: {problem_reason(broken)}")
            header = row
            width = len(row)
            if job.posts:
                profile = profile_for(row)
                if profile is not None and job.mapping:
                    profile = profile.overridden(job.mapping)
            if profile is not None:
                names = [name.strip().lower() for name in row]
                log.debug("%s: columns of %s", display, profile.name)
            else:
                index = header_index(row, job.columns, job.mapping, display,
                                     partial(_note, job, source.line_num), _text_names(job), numeric,
                                     [cells for _, cells in first[1:]])
            continue
        held = source.held
        start, lineno = held[0][0], source.line_num
        swallowed = 0
        if clean and len(held) > 1:
            # A quoted field over several lines is an unbalanced quote when lines inside it read
            # as rows of their own, and surely one when it runs to the end of the file, into the
            # csv module's limit or leaves the row with other than the header's fields. The lines
            # that read as rows are then read again as rows, and the field ends before them.
            # a record RFC 4180 reads as it is (each quote closing a field is followed by a
            # separator or the line's end) is that record unless lines inside it start as the
            # record itself does (an id of the same shape): a trial's articles, quoted paragraphs
            # with commas, became made-up records (id "Churches", outlet "he added")
            valid = row is not None and len(row) == width and not source.exhausted and \
                _rfc4180_row(held, delimiter, width)
            like = _shape(row[0]) if valid and row is not None else None
            swallowed = _swallowed_rows(held, delimiter, width, like) if row is not None else 0
            if swallowed or row is None or source.exhausted or len(row) != width:
                split = _first_row_line(held, delimiter, width)
                if split is not None:
                    row, problem, lineno = _recover(job, source, held, split, delimiter, width)
                    swallowed = 0
        if problem is not None:
            job.problem(*problem)
            continue
        assert row is not None
        if _blank(row):
            continue
        if len(row) != width:
            why = _width_problem(row, width)
            if why is not None and len(row) > width and profile is None and index.get("text") == width - 1:
                # the text is the last column: a separator inside it, unquoted ("Hola, qué tal"),
                # split it; the fields past the header's are its rest (a trial lost such a post)
                job.problem(lineno, f"{len(row)} fields where the header has {width}: the text, its last"
                            " column, holds the separator unquoted and is read whole", WARNING)
                row, why = row[: width - 1] + [delimiter.join(row[width - 1:])], None
            if why is not None:
                job.problem(lineno, why)
                continue
            row = row[:width]  # empty fields after the last column (a spreadsheet's padding)
        if swallowed:  # lines that read as rows, though none of the raw lines does: left as read
            held_rows = "1 line that reads as a row" if swallowed == 1 else f"{swallowed} lines that read as rows"
            job.problem(start, f"a quoted field runs to line {lineno} and holds {held_rows} of"
                        " its own (an unbalanced quote?): read as part of this record, not as records",
                        WARNING)
        row, repair = repair_cells(row, header)
        if profile is not None:
            post = job.run(lineno, partial(profile.post, dict(zip(names, row))))
            if post is not None:
                yield from kept([post], repair, display, lineno, job.on_problem)  # type: ignore[misc]
            continue
        data = {name: row[position] for name, position in index.items()}
        record = job.make(data, lineno, row=True)
        if record is not None:
            yield from kept([record], repair, display, lineno, job.on_problem)


def _recover(job: Job[R], source: _Held, held: list[tuple[int, str]], split: int, delimiter: str,
             width: int) -> tuple[list[str] | None, tuple[int, str] | None, int]:
    """Read the lines of `held` from `split` on again as rows, and the ones before as one row by
    themselves, saying so in one warning; that row, its problem and its line number."""
    rows = sum(_reads_as_row(line, delimiter, width) for _, line in held[split:])
    source.again(held[split:])
    row, problem = _read_alone(held[:split], delimiter, width)
    lineno = held[split - 1][0]
    said = ("1 line that reads as a row of its own: it is read as a row" if rows == 1 else
            f"{rows} lines that read as rows of their own: they are read as rows")
    ends = "with its line" if split == 1 else f"at line {lineno}"
    job.problem(held[0][0], f"a quoted field ran on to line {held[-1][0]} (an unbalanced quote?) over"
                f" {said}, and the field ends {ends}", WARNING)
    return row, problem, lineno


class _Held:
    """The decoded lines csv.reader reads, numbered from 1, holding those of the record being
    read (`held`, emptied by the caller before each): lines handed back with `again` are read
    once more, before the rest, under their own numbers."""

    def __init__(self, text: Iterator[str]) -> None:
        self._text = text
        self._again: deque[tuple[int, str]] = deque()
        self._count = 0
        self.exhausted = False  # every line handed out: a record read last ran to the end
        self.line_num = 0  # the number of the last line handed out
        self.held: list[tuple[int, str]] = []

    def __iter__(self) -> _Held:
        return self

    def __next__(self) -> str:
        if self._again:
            self.line_num, line = self._again.popleft()
        else:
            try:
                line = next(self._text)
            except StopIteration:
                self.exhausted = True
                raise
            self._count += 1
            self.line_num = self._count
        self.held.append((self.line_num, line))
        return line

    def again(self, lines: list[tuple[int, str]]) -> None:
        """Read `lines` again, first."""
        self._again.extendleft(reversed(lines))


def _rfc4180_row(held: list[tuple[int, str]], delimiter: str, width: int) -> bool:
    """Whether the lines of `held` are one record of `width` fields under RFC 4180's quoting
    (csv's strict mode: no character between a field's closing quote and the separator)."""
    try:
        rows = list(csv.reader([line for _, line in held], delimiter=delimiter, strict=True))
    except csv.Error:
        return False
    return len(rows) == 1 and len(rows[0]) == width


def _first_row_line(held: list[tuple[int, str]], delimiter: str, width: int) -> int | None:
    """The position in `held` (after the first) of the first line that reads as a row, or None."""
    return next((at for at, (_, line) in enumerate(held) if at and _reads_as_row(line, delimiter, width)),
                None)


def _read_alone(group: list[tuple[int, str]], delimiter: str,
                width: int) -> tuple[list[str] | None, tuple[int, str] | None]:
    """The row the lines of `group` make by themselves (a quote left open ends with them), and
    the problem when they make none. A single line whose quote, so read, leaves it short of the
    header's fields is read with quotes as characters: `1,"stray,alice` is 3 fields."""
    lines = [line for _, line in group]
    try:
        row = next(csv.reader(lines, delimiter=delimiter), [])
    except csv.Error as exc:
        return None, (group[-1][0], f"malformed CSV ({exc})")
    if row:
        row[-1] = row[-1].rstrip("\r\n")
    if len(row) != width and len(lines) == 1:
        literal = next(csv.reader(lines, delimiter=delimiter, quoting=csv.QUOTE_NONE), [])
        if len(literal) == width:
            return literal, None
    return row, None


# Four lines of the longest kind (MAX_LINE_BYTES): the memory one quoted field may take.
CSV_FIELD_CHARS = 4 * MAX_LINE_BYTES
_DELIMITERS = ",;\t|"
# The header is looked for in the first lines; a header line longer than this is not a header.
_SNIFF_LINES = 20
_SNIFF_CHARS = 100_000


def _sniff_delimiter(text: Iterator[str]) -> tuple[str, Iterator[str]]:
    """The separator the first non-blank line shows (comma if none), and the lines, none lost."""
    held: list[str] = []
    for line in text:
        held.append(line)
        if line.strip() or len(held) >= _SNIFF_LINES:
            break
    header = held[-1][:_SNIFF_CHARS] if held else ""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(_DELIMITERS, key=lambda d: (counts[d], d == ","))
    return (best if counts[best] else ","), itertools.chain(held, text)


def check_header(lines: Iterator[Line], job: Job[R]) -> None:
    """Raise the InputError `parse` raises for the header of these lines (no column gives the
    text, a mapped column is missing) without reading a record: a file given by name is so
    refused before the models load and before the files before it are checked (trial 72 waited
    for the models, and no file was checked). A header `parse` cannot read is left to it. The
    rows are looked at only as far as `_first_rows` reads, for the columns that hold numbers."""
    if csv.field_size_limit() < CSV_FIELD_CHARS:
        csv.field_size_limit(CSV_FIELD_CHARS)
    bad: deque[tuple[int, str]] = deque()
    text = _csv_text(lines, bad)
    delimiter = job.options.delimiter
    if delimiter is None:
        delimiter, text = _sniff_delimiter(text)
    first, _ = _first_rows(text, delimiter)
    if not first:
        return
    line, row = first[0]
    if any(at <= line for at, _ in bad) or (job.posts and profile_for(row) is not None):
        return
    header_index(row, job.columns, job.mapping, job.display, text_names=_text_names(job),
                 numeric=_numeric(first), sample=[cells for _, cells in first[1:]])


# The rows after a header looked at for the columns that hold only numbers (`_numeric`), and
# the most lines and characters read ahead for them: a cheap look, before the models load.
SAMPLE_ROWS = 20
_SAMPLE_LINES = 200
_SAMPLE_CHARS = 1_000_000


def _first_rows(text: Iterator[str], delimiter: str) -> tuple[list[tuple[int, list[str]]], Iterator[str]]:
    """The first non-blank rows of the lines (the header and up to SAMPLE_ROWS after it), each
    with the number of the line it ends on, and the lines, none lost. At most _SAMPLE_LINES lines
    and about _SAMPLE_CHARS characters are read ahead; a row they may cut short (the lines stop
    before the file's end) is left out, and so is every row from one csv cannot read on."""
    held: list[str] = []
    size = 0
    ended = True
    for line in text:
        held.append(line)
        size += len(line)
        if len(held) >= _SAMPLE_LINES or size >= _SAMPLE_CHARS:
            ended = False
            break
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(held, delimiter=delimiter)
    try:
        for row in reader:
            if not _blank(row):
                rows.append((reader.line_num, row))
                if len(rows) > SAMPLE_ROWS + 1:
                    break
    except csv.Error:
        ended = True  # the rows before the bad one are whole
    if not ended and 1 < len(rows) <= SAMPLE_ROWS + 1:
        rows = rows[:-1]  # the lines read ahead may stop inside the last one
    return rows[: SAMPLE_ROWS + 1], itertools.chain(held, text)


def _numeric(first: list[tuple[int, list[str]]]) -> frozenset[str]:
    """The columns of the header (`first[0]`, from `_first_rows`) that its rows after it fill
    with numbers only (`columns.numeric_columns`): no text column, whatever their names."""
    if not first:
        return frozenset()
    return numeric_columns(first[0][1], [row for _, row in first[1:]])


def _text_names(job: Job[R]) -> frozenset[str]:
    """The names of a table's text column where none is named 'text' (`columns.text_column`): a
    post table's, an article table's "text" in another language (trial 109's Spanish articles'
    `texto` was refused, though read in a post table)."""
    return _TEXT_COLUMNS if job.posts else TEXT_NAMES_ABROAD


def _note(job: Job[R], line: int, reason: str) -> None:
    job.problem(line, reason, NOTE)


def _width_problem(row: list[str], width: int) -> str | None:
    """Why a row of other than `width` fields (the header's) is skipped, or None when the only
    fields past the header's are empty: nothing is lost in reading it. A row of fewer fields, or
    of more that hold something, has fields out of place: which cell is the text is unknown."""
    fields = "1 field" if len(row) == 1 else f"{len(row)} fields"
    if len(row) < width:
        return f"{fields} where the header has {width} (a row cut short?)"
    extra = [cell for cell in row[width:] if cell.strip()]
    if not extra:
        return None
    held = "1 holds" if len(extra) == 1 else f"{len(extra)} hold"
    return (f"{fields} where the header has {width}, and {held} text past its last column:"
            " fields may be out of place (a separator inside an unquoted field?)")


def _shape(field: str) -> str:
    """A field's shape: each run of digits "9" ("#" from 5 digits on: a post id is no year), of
    lower-case letters "a", of capitals "A", other characters as they are ("b2" and "b3": "a9";
    "rt.com.91337": "a.a.#"; "Churches": "Aa"; "1455962001": "#")."""
    runs = regex.findall(r"\d+|\p{Lu}+|\p{L}+|.", field.strip())
    return "".join("#" if r.isdigit() and len(r) >= 5 else "9" if r.isdigit() else "A" if r[0].isupper()
                   else "a" if r[0].isalpha() else r for r in runs)


def _swallowed_rows(held: list[tuple[int, str]], delimiter: str, width: int, like: str | None = None) -> int:
    """How many of the lines a record spans (`held`, as written), after its first, read as rows of
    their own: the rows a stray quote made one field of. A line counts when it splits into
    exactly `width` fields and, in a table of fewer than 4 columns (where a line of prose with a
    comma would split so too), its first field is a short token without spaces, as ids are.
    With `like` (the `_shape` of the record's first field, for a record RFC 4180 reads as it is),
    only a line whose first field has that shape counts. 0 for a table of one column."""
    if width < 2:
        return 0
    return sum(_reads_as_row(line, delimiter, width, like) for _, line in held[1:])


def _reads_as_row(line: str, delimiter: str, width: int, like: str | None = None) -> bool:
    """Whether one line reads as a row of a table `width` fields wide (see `_swallowed_rows`;
    with `like`, only one whose first field has that `_shape`); in a table of one column, any
    line that is not blank."""
    if width < 2:
        return bool(line.strip())
    try:
        fields = next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter), [])
    except csv.Error:
        return False
    if len(fields) != width or (like is not None and _shape(fields[0]) != like):
        return False
    first = fields[0].strip()
    return width >= 4 or (bool(first) and len(first) <= 64 and not any(c.isspace() for c in first))


def _blank(row: list[str]) -> bool:
    return not row or (len(row) == 1 and not row[0].strip())


def _csv_text(lines: Iterator[Line], bad: deque[tuple[int, str]], *, lenient: bool = False) -> Iterator[str]:
    """Decoded lines for csv.reader; bad lines are noted in `bad` and replaced by stand-ins. With
    `lenient`, a line with bytes that are not valid UTF-8 is no bad line: they are kept as lone
    surrogates (`undecodable.decode_line`), for the row to be repaired."""
    for lineno, raw in lines:
        if raw is None:
            bad.append((lineno, too_long()))
            yield "\n"
            continue
        if lenient:
            yield decode_line(lineno, raw)
            continue
        try:
            yield decode(lineno, raw)
        except UnicodeDecodeError as exc:
            bad.append((lineno, decode_problem(exc)))
            yield raw.decode("utf-8", errors="replace")


def _column_names() -> tuple[frozenset[str], frozenset[str]]:
    """(names of a text column, every column name this reader knows), in lower case."""
    texts = {"text"} | {name for p in PROFILES for name in p.fields["text"]} | TEXT_NAMES_ABROAD
    known = set(POST_COLUMNS) | set(ARTICLE_COLUMNS) | texts
    for p in PROFILES:
        known |= {name for names in p.fields.values() for name in names} | set(p.any_of) | set(p.all_of)
    return frozenset(texts), frozenset(known)


_TEXT_NAMES, _KNOWN_NAMES = _column_names()
# The column each research tool writes its text in ('body', 'message'), besides 'text': a table
# whose header names one of them and no other text-like column is read by it (`text_column`);
# not 'description', CrowdTangle's second choice (a link preview's text). Nor 'text' in other
# languages ('texto', 'текст': `columns.TEXT_NAMES_ABROAD`).
_TEXT_COLUMNS = frozenset({"text"} | {p.fields["text"][0] for p in PROFILES} | TEXT_NAMES_ABROAD)


def looks_like_header(first: bytes) -> bool:
    """Whether the first line of an input its name does not type (stdin, a file without a .csv
    suffix) is a CSV header: cells split by one separator, one naming a text column ('text', or a
    research tool's, see profiles) and another this reader knows ('id', 'author', 'created_at'...).
    A plain-text post is not taken for one ("text, please" names no second column)."""
    try:
        line = first.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError:
        return False
    if len(line) > _SNIFF_CHARS or "\r" in line or "\n" in line or "\x00" in line:
        return False
    delimiter, _ = _sniff_delimiter(iter([line]))  # as `parse` will read it
    try:
        cells = next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return False
    names = {cell.strip().lower() for cell in cells}
    return len(cells) >= 2 and bool(names & _TEXT_NAMES) and len(names & _KNOWN_NAMES) >= 2


# A plain-text file is taken for a table (Excel's "Unicode Text" export, saved as *.txt) on its
# first lines: the header and up to this many rows after it.
TABLE_ROWS = 20


def tab_table(lines: Iterator[Line]) -> tuple[bool | list[str], Iterator[Line]]:
    """Whether the lines of a plain-text file (UTF-8) are a table that Excel's "Unicode Text"
    export or a tab-separated export writes, and the lines, none lost. A table: its first
    non-blank line is a header whose separator is the tab and which names the column the CSV
    reader takes for the text ('text', a research tool's columns, else one 'body' or 'message'
    column: `columns.text_column`; the others may be any: "Tweet Id", "Username"), and at
    least one row follows, each of the first TABLE_ROWS with as many tab-separated fields as the
    header (fields quoted as in CSV). A file of posts, one a line, is none even when some hold
    tabs: its first line names no text column and another known one, or its rows differ.

    Where the lines have a table's shape but its header names no text column ("id, author,
    post_body, date"), the header's cells come back instead of True, for the reader to say which
    option would read it as a table (it is still read one post a line)."""
    held: list[Line] = []
    for line in lines:
        held.append(line)
        if len(held) > TABLE_ROWS + _SNIFF_LINES:
            break
    shaped = _tab_header(held, finished=len(held) <= TABLE_ROWS + _SNIFF_LINES)
    header, rows = shaped if shaped is not None else (None, [])
    table: bool | list[str] = False
    lowered = {cell.lower() for cell in header or ()}
    if header is not None and lowered & _TEXT_NAMES and (
            "text" in lowered or profile_for(header) is not None
            or text_column(header, _TEXT_COLUMNS, numeric_columns(header, rows[1:]))):
        table = True  # a column the CSV reader takes for the text, as for a *.csv file
    elif header is not None and len(header) >= 3:
        table = header
    return table, itertools.chain(held, lines)


def _tab_header(held: list[Line], *, finished: bool) -> tuple[list[str], list[list[str]]] | None:
    """The header cells (stripped) of lines of a tab table's shape, and its rows as read (the
    header's first): a tab-separated first non-blank line and at least one row, each of the
    first TABLE_ROWS as wide; None otherwise."""
    texts: list[str] = []
    for _, raw in held:
        if raw is None:
            return None
        try:
            texts.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            return None
    first = next((text for text in texts if text.strip()), None)
    if first is None or _sniff_delimiter(iter([first]))[0] != "\t":
        return None
    try:
        header = [cell.strip() for cell in next(csv.reader([first.removeprefix("\ufeff")], delimiter="\t"), [])]
        rows = [row for row in csv.reader(texts, delimiter="\t") if not _blank(row)]
    except csv.Error:
        return None
    if not finished:
        rows = rows[:-1]  # the last line held may end inside a quoted field
    shaped = len(rows) >= 2 and all(len(row) == len(rows[0]) for row in rows[: TABLE_ROWS + 1])
    return (header, rows[: TABLE_ROWS + 1]) if shaped else None


# *.tsv and *.tab are tab-separated tables with a header row by convention (IANA
# text/tab-separated-values); the separator is still the one the header shows.
register(Format(name="csv", description="CSV", extensions=(".csv", ".tsv", ".tab"), parse_lines=parse,
                first_line=looks_like_header))
