"""Readers: every format, every way a record or a file can be bad, and streaming."""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from sourcetrace import readers
from sourcetrace.errors import InputError
from sourcetrace.readers import FORMATS, Problem, lines, read_articles, read_posts
from sourcetrace.records import MAX_TEXT_CHARS, Article, Post


class Problems(list):
    """An on_problem handler that keeps what it is given."""

    def __call__(self, problem: Problem) -> None:
        self.append(problem)

    def where(self) -> list[tuple[str, int]]:
        return [(p.path, p.line) for p in self]


@pytest.fixture
def problems() -> Problems:
    return Problems()


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, str):
        content = content.encode("utf-8")
    if path.suffix == ".gz":
        content = gzip.compress(content)
    path.write_bytes(content)
    return path


def jsonl(*records: object) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def set_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> io.BytesIO:
    stream = io.BytesIO(data)
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=stream))
    return stream


# --- Problem -------------------------------------------------------------------------------------


def test_problem_str_is_file_line_reason_skipped() -> None:
    problem = Problem("posts.jsonl", 7, "missing 'text'")
    assert str(problem) == "posts.jsonl:7: missing 'text' — skipped"


def test_formats_constant() -> None:
    assert FORMATS == ("jsonl", "csv", "txt")


# --- valid input ---------------------------------------------------------------------------------


def test_articles_jsonl(tmp_path: Path, problems: Problems) -> None:
    path = write(
        tmp_path / "a.jsonl",
        jsonl(
            {
                "id": "a1",
                "outlet": " CNS ",
                "url": "https://x/1",
                "title": "T",
                "text": "你好世界",
                "lang": "zh",
                "published_at": "2024-03-01T10:00:00Z",
                "unknown": 1,
            },
            {"text": "second article"},
        ),
    )
    articles = list(read_articles([path], problems))
    assert problems == []
    assert articles[0] == Article(
        text="你好世界",
        id="a1",
        outlet="cns",
        url="https://x/1",
        title="T",
        lang="zh",
        published_at="2024-03-01T10:00:00+00:00",
    )
    assert articles[1].text == "second article"
    assert articles[1].id  # content hash when no id is given


def test_articles_csv_with_bom_quoted_newlines_and_case_insensitive_header(
    tmp_path: Path, problems: Problems
) -> None:
    content = (
        "\ufeffID, Text ,outlet,published_at,extra\r\n"
        'a1,"line one\nline two, with comma",cns,2024-01-02,x\r\n'
        "a2,plain,,,\r\n"
    )
    path = write(tmp_path / "a.csv", content)
    articles = list(read_articles([str(path)], problems))
    assert problems == []
    assert [a.id for a in articles] == ["a1", "a2"]
    assert articles[0].text == "line one\nline two, with comma"
    assert articles[0].outlet == "cns"
    assert articles[0].published_at == "2024-01-02T00:00:00+00:00"
    assert articles[1].outlet is None and articles[1].published_at is None


def test_posts_jsonl_default_ids_use_stem_and_line(tmp_path: Path, problems: Problems) -> None:
    content = (
        jsonl({"text": "first"})
        + "\n   \n"
        + jsonl(
            {
                "id": "p9",
                "text": "third",
                "author": "@a",
                "platform": "x",
                "lang": "es",
                "created_at": "2024-05-05T00:00:00+02:00",
            }
        )
    )
    path = write(tmp_path / "dump.jsonl", content)
    posts = list(read_posts([path], problems))
    assert problems == []
    assert [p.id for p in posts] == ["dump:1", "p9"]
    assert posts[1] == Post(
        text="third",
        id="p9",
        author="@a",
        platform="x",
        lang="es",
        created_at="2024-05-05T00:00:00+02:00",
    )


def test_posts_csv_default_ids_use_csv_line_number(tmp_path: Path, problems: Problems) -> None:
    content = 'text,author,id\nhola,@a,\n"two\nlines",@b,\nthird,@c,p3\n'
    path = write(tmp_path / "posts.csv", content)
    posts = list(read_posts([path], problems))
    assert problems == []
    # reader.line_num: the last physical line of each row.
    assert [(p.id, p.author) for p in posts] == [
        ("posts:2", "@a"),
        ("posts:4", "@b"),
        ("p3", "@c"),
    ]
    assert posts[1].text == "two\nlines"


def test_posts_txt_one_per_non_blank_line(tmp_path: Path, problems: Problems) -> None:
    path = write(tmp_path / "notes.txt", "\ufefffirst post\r\n\n  \n  second post  \nthird")
    posts = list(read_posts([path], problems))
    assert problems == []
    assert [(p.id, p.text) for p in posts] == [
        ("notes:1", "first post"),
        ("notes:4", "second post"),
        ("notes:5", "third"),
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("p.jsonl.gz", jsonl({"text": "uno"}, {"text": "dos"})),
        ("p.csv.gz", "text\nuno\ndos\n"),
        ("p.txt.gz", "uno\ndos\n"),
        ("p.GZ", "uno\ndos\n"),  # no inner extension: sniffed as text
    ],
)
def test_posts_gzip_by_inner_extension(
    tmp_path: Path, problems: Problems, name: str, content: str
) -> None:
    path = tmp_path / name
    path.write_bytes(gzip.compress(content.encode()))
    posts = list(read_posts([path], problems))
    assert problems == []
    assert [p.text for p in posts] == ["uno", "dos"]
    assert posts[0].id.startswith("p:")


def test_articles_gzip(tmp_path: Path, problems: Problems) -> None:
    a = write(tmp_path / "a.jsonl.gz", jsonl({"id": "j", "text": "json"}))
    b = write(tmp_path / "b.csv.gz", "id,text\nc,csv\n")
    assert [x.id for x in read_articles([a, b], problems)] == ["j", "c"]
    assert problems == []


def test_several_files_in_order(tmp_path: Path, problems: Problems) -> None:
    a = write(tmp_path / "a.txt", "one\n")
    b = write(tmp_path / "b.jsonl", jsonl({"text": "two"}))
    c = write(tmp_path / "c.csv", "text\nthree\n")
    assert [p.id for p in read_posts([a, b, c], problems)] == ["a:1", "b:1", "c:2"]


# --- stdin ---------------------------------------------------------------------------------------


def test_stdin_posts_default_to_txt(monkeypatch: pytest.MonkeyPatch, problems: Problems) -> None:
    set_stdin(monkeypatch, b"hola\n\nmundo {x}\n")
    posts = list(read_posts(["-"], problems))
    assert [(p.id, p.text) for p in posts] == [("stdin:1", "hola"), ("stdin:3", "mundo {x}")]


def test_stdin_posts_sniffed_as_jsonl(monkeypatch: pytest.MonkeyPatch, problems: Problems) -> None:
    set_stdin(monkeypatch, ("\n  " + jsonl({"text": "a"}, {"text": "b", "id": "x"})).encode())
    posts = list(read_posts(["-"], problems))
    assert [(p.id, p.text) for p in posts] == [("stdin:2", "a"), ("x", "b")]
    assert problems == []


def test_stdin_posts_forced_csv(monkeypatch: pytest.MonkeyPatch, problems: Problems) -> None:
    set_stdin(monkeypatch, b"text,author\nhola,@a\n")
    posts = list(read_posts(["-"], problems, fmt="csv"))
    assert [(p.id, p.author) for p in posts] == [("stdin:2", "@a")]


@pytest.mark.parametrize("header", [b"id;author;text", b"text,author", b"id\ttext\tcreated_at",
                                    b'"thread_id","body","author"'])
def test_stdin_posts_sniffed_as_csv_from_their_header(
    monkeypatch: pytest.MonkeyPatch, problems: Problems, header: bytes
) -> None:
    sep = next(c for c in (b";", b"\t", b",") if c in header)
    names = [c.strip(b'"') for c in header.split(sep)]
    row = sep.join(b"hola" if n in (b"text", b"body") else b"r1" if n in (b"id", b"thread_id")
                   else b"2024-01-02" if n == b"created_at" else b"@a" for n in names)
    set_stdin(monkeypatch, header + b"\n" + row + b"\n")
    posts = list(read_posts(["-"], problems))
    assert [p.text for p in posts] == ["hola"] and problems == []


def test_a_post_that_only_mentions_a_column_stays_text(monkeypatch: pytest.MonkeyPatch,
                                                        problems: Problems) -> None:
    set_stdin(monkeypatch, b"text, please\nid like that\n")
    assert [p.text for p in read_posts(["-"], problems)] == ["text, please", "id like that"]


def test_stdin_problems_are_named_stdin(
    monkeypatch: pytest.MonkeyPatch, problems: Problems
) -> None:
    set_stdin(monkeypatch, b'{"text": "ok"}\n{"nope": 1}\n')
    assert len(list(read_posts(["-"], problems))) == 1
    assert [str(p) for p in problems] == ["<stdin>:2: missing 'text' — skipped"]


def test_stdin_articles(monkeypatch: pytest.MonkeyPatch, problems: Problems) -> None:
    set_stdin(monkeypatch, jsonl({"id": "a", "text": "t"}).encode())
    assert [a.id for a in read_articles(["-"], problems)] == ["a"]


def test_stdin_articles_plain_text_rejected(
    monkeypatch: pytest.MonkeyPatch, problems: Problems
) -> None:
    set_stdin(monkeypatch, b"just text\n")
    with pytest.raises(InputError, match="articles must be JSONL or CSV"):
        list(read_articles(["-"], problems))


# --- format detection ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["p.jsonl", "p.ndjson", "p.json-lines", "p.JSONL", "p.ndjson.gz"])
def test_jsonl_extensions(tmp_path: Path, problems: Problems, name: str) -> None:
    # As text this would be one post whose text is the JSON line itself.
    path = write(tmp_path / name, jsonl({"text": "t", "id": "i"}))
    assert [(p.id, p.text) for p in read_posts([path], problems)] == [("i", "t")]


@pytest.mark.parametrize("name", ["p.csv", "p.CSV"])
def test_csv_extension(tmp_path: Path, problems: Problems, name: str) -> None:
    path = write(tmp_path / name, "text,author\nt,@a\n")
    assert [(p.text, p.author) for p in read_posts([path], problems)] == [("t", "@a")]


def test_txt_extension_and_json_lines_content_disagree_and_the_user_chooses(tmp_path: Path, problems: Problems) -> None:
    """The name said text and the lines were read as text, while stdin read the same bytes as
    records (trial 46): refused, with --format to choose; --format txt reads the lines as text."""
    path = write(tmp_path / "p.txt", '{"text": "t"}\n')
    with pytest.raises(InputError, match="pass --format jsonl to read its records, or --format txt"):
        list(read_posts([path], problems))
    assert [p.text for p in read_posts([path], problems, fmt="txt")] == ['{"text": "t"}']


def test_unknown_extension_sniffs_brace_as_jsonl(tmp_path: Path, problems: Problems) -> None:
    path = write(tmp_path / "dump.data", "\n\n  " + jsonl({"text": "t"}))
    assert [(p.id, p.text) for p in read_posts([path], problems)] == [("dump:3", "t")]


def test_unknown_extension_sniffs_other_as_txt(tmp_path: Path, problems: Problems) -> None:
    path = write(tmp_path / "dump.json", '["not an object"]\n{"text": "t"}\n')
    texts = [p.text for p in read_posts([path], problems)]
    assert texts == ['["not an object"]', '{"text": "t"}']


def test_fmt_overrides_extension(tmp_path: Path, problems: Problems) -> None:
    path = write(tmp_path / "p.txt", jsonl({"text": "t", "id": "i"}))
    assert [p.id for p in read_posts([path], problems, fmt="jsonl")] == ["i"]


def test_unknown_fmt_rejected(tmp_path: Path, problems: Problems) -> None:
    path = write(tmp_path / "p.txt", "t\n")
    with pytest.raises(InputError, match=r"unknown format 'xml' \(known: jsonl, csv, txt\)"):
        read_posts([path], problems, fmt="xml")


def test_articles_txt_rejected_before_reading(tmp_path: Path, problems: Problems) -> None:
    good = write(tmp_path / "a.jsonl", jsonl({"text": "t"}))
    txt = write(tmp_path / "a.txt", "t\n")
    with pytest.raises(InputError, match="articles must be JSONL or CSV: .*a.txt"):
        read_articles([good, txt], problems)


def test_articles_unknown_extension_sniffed(tmp_path: Path, problems: Problems) -> None:
    good = write(tmp_path / "a.dat", jsonl({"id": "x", "text": "t"}))
    assert [a.id for a in read_articles([good], problems)] == ["x"]
    bad = write(tmp_path / "b.dat", "plain\n")
    with pytest.raises(InputError, match="articles must be JSONL or CSV"):
        list(read_articles([bad], problems))


# --- bad records ---------------------------------------------------------------------------------


@pytest.mark.parametrize("reader", [read_posts, read_articles])
def test_bad_json_line_between_two_good_ones(
    tmp_path: Path, problems: Problems, reader: object
) -> None:
    content = '{"text": "one"}\n{"text": "two" "x": 1}\n{"text": "three"}\n'
    path = write(tmp_path / "in.jsonl", content)
    records = list(reader([path], problems))  # type: ignore[operator]
    assert [r.text for r in records] == ["one", "three"]
    assert problems.where() == [(str(path), 2)]
    assert problems[0].reason == "invalid JSON (Expecting ',' delimiter at column 16)"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"id": "x"}', "missing 'text'"),
        ('{"text": 123}', "'text' must be a string, got int"),
        ('["text"]', "not a JSON object (got array)"),
        ('"text"', "not a JSON object (got string)"),
        ("null", "not a JSON object (got null)"),
        ("{", "invalid JSON (Expecting property name enclosed in double quotes at column 2)"),
    ],
)
def test_bad_post_records(tmp_path: Path, problems: Problems, line: str, reason: str) -> None:
    path = write(tmp_path / "p.jsonl", f'{{"text": "ok1"}}\n{line}\n{{"text": "ok2"}}\n')
    assert [p.text for p in read_posts([path], problems)] == ["ok1", "ok2"]
    assert problems == [Problem(str(path), 2, reason)]


def test_a_post_with_empty_text_is_a_post_without_text(tmp_path: Path, problems: Problems) -> None:
    """Trial 65: `"text": ""` was a bad record, so an input of such posts exited 1, where check's
    help says an input with no post with text exits 0; it is a post without text, as a
    media-only one is."""
    path = write(tmp_path / "p.jsonl", '{"text": "ok1"}\n{"text": "  "}\n{"text": ""}\n')
    assert [p.text for p in read_posts([path], problems)] == ["ok1"]
    assert problems == [Problem(str(path), 2, "empty 'text'", "no_text"), Problem(str(path), 3, "empty 'text'", "no_text")]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"text": "t", "author": ["a"]}', "'author' must be a string, got list: left blank"),
        ('{"text": "t", "created_at": "yesterday"}', "'created_at': not a date: 'yesterday': left blank"),
    ],
)
def test_bad_optional_post_fields_keep_the_post(tmp_path: Path, problems: Problems, line: str, reason: str) -> None:
    path = write(tmp_path / "p.jsonl", f'{{"text": "ok1"}}\n{line}\n{{"text": "ok2"}}\n')
    assert [p.text for p in read_posts([path], problems)] == ["ok1", "t", "ok2"]
    assert problems == [Problem(str(path), 2, reason, "warning")]


def test_bad_article_date(tmp_path: Path, problems: Problems) -> None:
    path = write(
        tmp_path / "a.jsonl",
        jsonl({"id": "1", "text": "t", "published_at": "2024-13-45"}, {"id": "2", "text": "t"}),
    )
    assert [(a.id, a.published_at) for a in read_articles([path], problems)] == [("1", None), ("2", None)]
    assert problems == [
        Problem(str(path), 1, "'published_at': not a date: '2024-13-45': left blank", "warning")]


def test_unrepresentable_timestamp_is_a_warning_not_a_crash(
    tmp_path: Path, problems: Problems
) -> None:
    path = write(tmp_path / "a.jsonl", jsonl({"text": "t", "published_at": 1e20}, {"text": "u"}))
    assert [a.text for a in read_articles([path], problems)] == ["t", "u"]
    assert problems.where() == [(str(path), 1)]
    assert problems[0].reason == "'published_at': timestamp out of range: 1e+20: left blank"


def test_pathological_json_is_a_problem(tmp_path: Path, problems: Problems) -> None:
    deep = "[" * 100_000
    digits = '{"text": "t", "id": ' + "9" * 5000 + "}"
    path = write(tmp_path / "p.jsonl", f"{deep}\n{digits}\n" + jsonl({"text": "ok"}))
    assert [p.text for p in read_posts([path], problems)] == ["ok"]
    assert problems.where() == [(str(path), 1), (str(path), 2)]
    assert all(p.reason.startswith("invalid JSON (") for p in problems)


def test_csv_without_text_column(tmp_path: Path, problems: Problems) -> None:
    # a lone 'body' column is read (test_readers_mixed_files); 'cuerpo' is only advised
    path = write(tmp_path / "p.csv", "id,cuerpo,author\n1,hola,@a\n")
    with pytest.raises(InputError) as info:
        list(read_posts([path], problems))
    assert str(info.value) == (f"{path}: no 'text' column (columns: id, cuerpo, author);"
                               " use --text-col cuerpo if that column holds the text")


def test_a_header_read_as_one_column_points_at_the_delimiter(tmp_path: Path, problems: Problems) -> None:
    # trial 9: a '^'-separated file was told to name its text column, which it had named
    path = write(tmp_path / "p.csv", "id^author^text\n1^a^hola mundo\n")
    for mapping in ({}, {"text": "text"}):
        with pytest.raises(InputError, match=r"reads as one column: pass --delimiter '\^'"):
            list(read_posts([path], problems, columns=mapping))


def test_csv_articles_without_text_column(tmp_path: Path, problems: Problems) -> None:
    path = write(tmp_path / "a.csv", "title\nx\n")
    with pytest.raises(InputError, match=r"no 'text' column \(columns: title\)"):
        list(read_articles([path], problems))


def test_empty_csv_yields_nothing(tmp_path: Path, problems: Problems) -> None:
    path = write(tmp_path / "p.csv", "\n\n")
    assert list(read_posts([path], problems)) == []
    assert problems == []


def test_csv_ragged_row(tmp_path: Path, problems: Problems) -> None:
    content = "text,author\nuno,@a\ndos,@b,extra\ntres\ncuatro,@d\ncinco,@e,, \n"
    path = write(tmp_path / "p.csv", content)
    posts = list(read_posts([path], problems))
    # empty fields past the last column (a spreadsheet's padding) lose nothing: the row is read
    assert [(p.text, p.author) for p in posts] == [("uno", "@a"), ("cuatro", "@d"), ("cinco", "@e")]
    assert problems == [
        Problem(str(path), 3, "3 fields where the header has 2, and 1 holds text past its last column:"
                " fields may be out of place (a separator inside an unquoted field?)"),
        Problem(str(path), 4, "1 field where the header has 2 (a row cut short?)"),
    ]


def test_csv_duplicate_column_is_said_once(tmp_path: Path, problems: Problems) -> None:
    path = write(tmp_path / "p.csv", "id,text,Text,author\n1,first,second,@a\n2,uno,dos,@b\n")
    assert [p.text for p in read_posts([path], problems)] == ["first", "uno"]
    assert problems == [Problem(str(path), 1, "2 columns named 'text' (2 and 3): column 2 is read,"
                                              " column 3 left out", "note")]


def test_csv_bad_record_values(tmp_path: Path, problems: Problems) -> None:
    content = "text,created_at\n,2024-01-01\nok,never\nfine,\n"
    path = write(tmp_path / "p.csv", content)
    assert [p.text for p in read_posts([path], problems)] == ["ok", "fine"]
    assert problems == [
        Problem(str(path), 2, "empty 'text'", "no_text"),
        Problem(str(path), 3, "'created_at': not a date: 'never': left blank", "warning"),
    ]


def test_csv_field_size_bounded_by_max_text(tmp_path: Path, problems: Problems) -> None:
    just_over = "x" * (MAX_TEXT_CHARS + 1)
    far_over = "y" * (MAX_TEXT_CHARS + 10)
    path = write(tmp_path / "p.csv", f"text\nok1\n{just_over}\n{far_over}\nok2\n")
    assert [p.text for p in read_posts([path], problems)] == ["ok1", "ok2"]
    assert problems.where() == [(str(path), 3), (str(path), 4)]
    assert problems[0].reason == f"'text' is {MAX_TEXT_CHARS + 1:,} characters (limit 200,000)"
    assert problems[1].reason == f"'text' is {MAX_TEXT_CHARS + 10:,} characters (limit 200,000)"


def test_an_article_over_the_text_limit_is_indexed_in_part(tmp_path: Path, problems: Problems) -> None:
    """Trial 50: an article of 259,991 characters was dropped whole; a long report is cut at the
    limit (at a space) and said so, while a post over it is still refused whole."""
    words = "palabra " * 40_000  # 320,000 characters
    path = write(tmp_path / "a.jsonl", json.dumps({"id": "long", "text": words}) + "\n")
    (article,) = read_articles([path], problems)
    assert article.id == "long" and len(article.text) <= MAX_TEXT_CHARS and article.text.endswith("palabra")
    assert [p.reason for p in problems] == [
        f"'text' is 320,000 characters (limit 200,000): its first {len(article.text):,} are indexed"]
    with pytest.raises(InputError):
        Article.from_dict({"text": words})  # no one to warn: refused, as before


# A stray byte that is no letter in any legacy Western encoding (0x81: undefined in Windows-1252):
# a broken line of a UTF-8 file. ("caf\xe9" alone is a Latin-1 file: test_readers_saved_files.)
NON_UTF8 = b"caf\x81 con leche"


def test_non_utf8_line_jsonl(tmp_path: Path, problems: Problems) -> None:
    """Trial 73: a record with a bad byte is kept, the byte replaced and the field named."""
    data = b'{"text": "one"}\n{"text": "' + NON_UTF8 + b'"}\n{"text": "three"}\n'
    path = write(tmp_path / "p.jsonl", data)
    assert [p.text for p in read_posts([path], problems)] == ["one", "caf\ufffd con leche", "three"]
    assert problems == [Problem(str(path), 2, "not valid UTF-8 in 'text' (byte 0x81; another encoding?"
                                " --encoding): replaced with U+FFFD", "warning")]


def test_non_utf8_line_txt(tmp_path: Path, problems: Problems) -> None:
    path = write(tmp_path / "p.txt", b"one\n" + NON_UTF8 + b"\nthree\n\x81\x81\n")
    assert [p.id for p in read_posts([path], problems)] == ["p:1", "p:2", "p:3"]
    assert [(p.line, p.kind, p.reason.split(" (")[0]) for p in problems] == [
        (2, "warning", "not valid UTF-8 in 'text'"), (4, "skipped", "not valid UTF-8")]
    assert problems[1].reason.endswith("no readable text left")


def test_non_utf8_line_csv_keeps_parser_in_step(tmp_path: Path, problems: Problems) -> None:
    data = b'text,author\none,@a\n"two\n' + NON_UTF8 + b'",@b\x81\nthree,@c\n'
    path = write(tmp_path / "p.csv", data)
    posts = list(read_posts([path], problems))
    assert [p.text for p in posts] == ["one", "two\ncaf\ufffd con leche", "three"]
    assert posts[1].author == "@b\ufffd"
    assert [(p.line, p.kind) for p in problems] == [(4, "warning")]
    assert problems[0].reason.startswith("not valid UTF-8 in 'text', 'author' (byte 0x81")


def test_a_bad_byte_in_an_optional_field_keeps_the_record(tmp_path: Path, problems: Problems) -> None:
    """Trial 73: a verbatim copy whose only bad byte was in its author was skipped whole; so was
    one with a Latin-1 "é" in its text. Both are kept, each said in one line naming the field;
    a line whose text is all bad bytes is still skipped, and so is one that is no JSON."""
    lines_ = [f'{{"id": "g{n}", "text": "Post {n}, all in UTF-8: café crème à Zürich — naïve."}}'.encode()
              for n in range(6)]
    lines_[2] = b'{"id": "onlyauthor", "author": "b\x80x", "user": {"name": "\xff"}, "text": "The toll climbed."}'
    lines_[4] = b'{"id": "onlytext", "text": "cultural artefacts caf\xe9"}'
    lines_.append(b'{"id": "none", "text": "\xe9\xe9 \xe9"}')
    lines_.append(b'{"id": \xe9}')
    path = write(tmp_path / "bad_field.jsonl", b"\n".join(lines_) + b"\n")
    posts = {p.id: p for p in read_posts([path], problems)}
    assert posts["onlyauthor"].author == "b\ufffdx" and posts["onlyauthor"].text == "The toll climbed."
    assert posts["onlytext"].text == "cultural artefacts caf\ufffd"
    assert "none" not in posts and len(posts) == 6
    assert [(p.line, p.kind, p.reason) for p in problems] == [
        (3, "warning", ("not valid UTF-8 in 'author', 'user.name' (byte 0x80; another encoding? --encoding):"
                        " replaced with U+FFFD")),
        (5, "warning", "not valid UTF-8 in 'text' (byte 0xe9; another encoding? --encoding): replaced with U+FFFD"),
        (7, "skipped", "not valid UTF-8 (byte 0xe9; another encoding? --encoding): no readable text left"),
        (8, "skipped", "not valid UTF-8 (byte 0xe9 at offset 7; another encoding? --encoding)"),
    ]


def test_non_utf8_csv_header_is_a_file_error(tmp_path: Path, problems: Problems) -> None:
    path = write(tmp_path / "p.csv", b"t\x81ext\nx\n")  # 0x81: no letter in any legacy encoding
    with pytest.raises(InputError, match="unreadable CSV header"):
        list(read_posts([path], problems))


HUGE = f"line longer than {readers.MAX_LINE_BYTES:,} bytes"


@pytest.mark.parametrize(
    ("name", "huge_line"),
    [
        ("p.jsonl", b'{"text": "' + b"x" * 1_000_000 + b'"}'),
        ("p.txt", b"x" * 1_000_001),
        ("p.csv", b"x" * 1_500_000),
    ],
)
def test_huge_line_skipped(tmp_path: Path, problems: Problems, name: str, huge_line: bytes) -> None:
    header = b"text\n" if name.endswith(".csv") else b""
    good = b'{"text": "a"}' if name.endswith(".jsonl") else b"a"
    path = write(tmp_path / name, header + good + b"\n" + huge_line + b"\n" + good + b"\n")
    posts = list(read_posts([path], problems))
    assert [p.text for p in posts] == ["a", "a"]
    bad_line = 3 if header else 2
    assert problems == [Problem(str(path), bad_line, HUGE)]


def test_huge_last_line_without_newline(tmp_path: Path, problems: Problems) -> None:
    path = write(tmp_path / "p.txt", b"a\n" + b"y" * 2_500_000)
    assert [p.text for p in read_posts([path], problems)] == ["a"]
    assert problems == [Problem(str(path), 2, HUGE)]


def test_line_length_limit_is_exact(
    tmp_path: Path, problems: Problems, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lines, "MAX_LINE_BYTES", 10)
    path = write(tmp_path / "p.txt", b"x" * 10 + b"\r\n" + b"y" * 11 + b"\n" + b"z" * 10)
    assert [p.text for p in read_posts([path], problems)] == ["x" * 10, "z" * 10]
    assert problems.where() == [(str(path), 2)]


def test_huge_line_is_not_read_in_one_piece(
    monkeypatch: pytest.MonkeyPatch, problems: Problems
) -> None:
    sizes: list[int] = []

    class Recording(io.BytesIO):
        def readline(self, size: int | None = -1) -> bytes:  # type: ignore[override]
            sizes.append(-1 if size is None else size)
            return super().readline(size)

    stream = Recording(b"a\n" + b"x" * 5_000_000 + b"\nb\n")
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=stream))
    assert [p.text for p in read_posts(["-"], problems)] == ["a", "b"]
    assert len(problems) == 1
    assert sizes and all(0 < s <= readers.MAX_LINE_BYTES + 2 for s in sizes)


def test_corrupt_gzip_bad_magic_then_next_file(tmp_path: Path, problems: Problems) -> None:
    bad = tmp_path / "bad.jsonl.gz"
    bad.write_bytes(b'{"text": "not compressed"}\n')
    good = write(tmp_path / "good.jsonl", jsonl({"text": "ok"}))
    assert [p.text for p in read_posts([bad, good], problems)] == ["ok"]
    assert problems == [Problem(str(bad), 1, "not a gzip file, though its name ends in .gz: rename it"
                                             " without .gz to read it as it is")]


def test_truncated_gzip_keeps_earlier_lines(tmp_path: Path, problems: Problems) -> None:
    lines = [{"text": f"post {i} " + "filler " * 20} for i in range(5000)]
    whole = gzip.compress(jsonl(*lines).encode())
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    after = write(tmp_path / "after.txt", "next file\n")
    posts = list(read_posts([cut, after], problems))
    assert posts[-1].text == "next file"
    read = posts[:-1]
    assert 0 < len(read) < 5000
    assert [p.id for p in read] == [f"cut:{i}" for i in range(1, len(read) + 1)]
    assert len(problems) == 1
    assert problems[0].reason == "truncated or corrupt gzip stream"
    assert problems[0].line > len(read)


def test_corrupt_gzip_data(tmp_path: Path, problems: Problems) -> None:
    whole = bytearray(gzip.compress(("x" * 50 + "\n").encode() * 2000))
    whole[len(whole) // 2 :] = b"\xff" * (len(whole) - len(whole) // 2)  # deflate data, then CRC
    path = tmp_path / "c.txt.gz"
    path.write_bytes(bytes(whole))
    after = write(tmp_path / "after.txt", "next\n")
    posts = list(read_posts([path, after], problems))
    assert posts[-1].id == "after:1"
    assert [p.reason for p in problems] == ["truncated or corrupt gzip stream"]


# --- whole-file errors ---------------------------------------------------------------------------


@pytest.mark.parametrize("reader", [read_posts, read_articles])
def test_missing_file_raises_before_anything_is_read(
    tmp_path: Path, problems: Problems, reader: object
) -> None:
    good = write(tmp_path / "good.jsonl", jsonl({"text": "t"}))
    missing = tmp_path / "missing.jsonl"
    with pytest.raises(InputError) as info:
        reader([good, missing], problems)  # type: ignore[operator]
    assert str(info.value) == f"{missing}: no such file"
    assert "\n" not in str(info.value)


def test_empty_directory_says_it_holds_no_post_files(tmp_path: Path, problems: Problems) -> None:
    with pytest.raises(InputError, match=r"a folder with no post files"):
        read_posts([tmp_path], problems)


def test_file_removed_after_call_still_input_error(tmp_path: Path, problems: Problems) -> None:
    path = write(tmp_path / "p.txt", "t\n")
    records = read_posts([path], problems)
    path.unlink()
    with pytest.raises(InputError, match="no such file"):
        next(records)


# --- streaming -----------------------------------------------------------------------------------


def test_reads_lazily(monkeypatch: pytest.MonkeyPatch, problems: Problems) -> None:
    data = jsonl(*({"text": f"post {i}"} for i in range(10_000))).encode()
    stream = set_stdin(monkeypatch, data)
    records = read_posts(["-"], problems)
    assert stream.tell() == 0
    assert next(records).text == "post 0"
    assert stream.tell() < 100


# --- additions for export formats (details in test_dumps.py) -----------------------------------


def test_problem_without_a_line_names_the_source() -> None:
    assert str(Problem("https://x/feed.xml", 0, "HTTP 404 Not Found")) == (
        "https://x/feed.xml: HTTP 404 Not Found — skipped"
    )


def test_post_formats_extend_the_line_formats() -> None:
    assert readers.POST_FORMATS[:3] == FORMATS
    assert set(readers.EXPORT_FORMATS) == {"json", "x", "mastodon", "telegram", "threads", "bluesky", "bluesky-api"}


def test_unknown_fmt_lists_export_formats_too(tmp_path: Path, problems: Problems) -> None:
    path = write(tmp_path / "p.txt", "t\n")
    with pytest.raises(InputError, match=r"\(exports: json, x, mastodon, telegram, threads, bluesky, bluesky-api\)"):
        read_posts([path], problems, fmt="xml")


def test_json_lines_file_named_json_stays_jsonl(tmp_path: Path, problems: Problems) -> None:
    path = write(tmp_path / "posts.json", jsonl({"text": "a", "messages": 1}, {"text": "b"}))
    assert [p.text for p in read_posts([path], problems)] == ["a", "b"]


def test_html_to_text_keeps_paragraphs_breaks_and_links() -> None:
    text, links = readers.html_to_text(
        '<p>Uno &amp; dos<br>tres</p><script>x()</script><p><a href="https://a.example/x">enlace</a>'
        ' <a class="mention" href="https://m/@b">@b</a></p>'
    )
    assert text == "Uno & dos\ntres\n\nenlace @b"
    assert links == ["https://a.example/x"]


# --- read_jsonl: the one bounded JSONL reader for other modules ----------------------------------


def _kept(data: dict, lineno: int) -> tuple[int, object]:
    if "bad" in data:
        raise InputError("refused by the builder")
    return lineno, data.get("v")


def test_read_jsonl_streams_objects_and_reports_each_bad_line(
    tmp_path: Path, problems: Problems, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = b'{"v": 1}\n\n[2]\n{broken\n' + b'{"v": "' + b"x" * 30 + b'"}\n{"bad": 1}\n\xff\n{"v": 3}\n'
    path = write(tmp_path / "r.jsonl.gz", body)
    monkeypatch.setattr(lines, "MAX_LINE_BYTES", 20)
    assert list(readers.read_jsonl([path], problems, _kept)) == [(1, 1), (8, 3)]
    assert [(p.line, p.reason.split(" (")[0]) for p in problems] == [
        (3, "not a JSON object"),
        (4, "invalid JSON"),
        (5, "line longer than 20 bytes"),
        (6, "refused by the builder"),
        (7, "not valid UTF-8"),
    ]
    assert all(p.path == str(path) for p in problems)


def test_read_jsonl_terse_reasons_stdin_and_missing_file(
    tmp_path: Path, problems: Problems, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_stdin(monkeypatch, b'{"v": 1}\n{broken\n"s"\n')
    assert list(readers.read_jsonl(["-"], problems, _kept, terse=True)) == [(1, 1)]
    assert problems == [Problem("<stdin>", 2, "invalid JSON"), Problem("<stdin>", 3, "not a JSON object")]
    with pytest.raises(InputError, match="no such file"):
        list(readers.read_jsonl([tmp_path / "missing.jsonl"], problems, _kept))
