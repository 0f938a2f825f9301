"""Bad input as a fresh user gives it: a binary file in place of a text file is one line, not a
screen of "not valid UTF-8" lines; an index built from nothing is an error; a check that could
check nothing exits non-zero (issue s23)."""

from __future__ import annotations

import gzip
import io
import json
import random
import re
import zipfile
import zlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from sourcetrace import index as ix
from sourcetrace.cli.main import app
from sourcetrace.errors import InputError
from sourcetrace.readers import Problem, read_articles, read_jsonl, read_posts
from sourcetrace.readers.binary import not_text
from sourcetrace.readers.encoding import choose
from sourcetrace.records import Article

from .conftest import ARTICLES, fifo

GOOD_LINE = json.dumps({"text": ARTICLES[1]["text"]})


def _random(size: int, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(size)


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:  # as exports are zipped
        archive.writestr("posts.jsonl", GOOD_LINE + "\n")
    return out.getvalue()


BINARIES = {
    "random": (_random(20_000), "(binary data)"),
    "random-without-nul": (_random(20_000).replace(b"\x00", b""), "(binary data)"),
    "gzip": (gzip.compress((GOOD_LINE + "\n").encode() * 50), "(gzip data): unpack it with gunzip"),
    "zip": (_zip(), "(a zip archive): extract it"),
    "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + _random(500), "(a PNG image)"),
    "sqlite": (b"SQLite format 3\x00" + _random(500), "(an SQLite database)"),
}


# --- kind 1: a binary file is one line ---------------------------------------------------------


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".txt", ".json", ".dat"])
@pytest.mark.parametrize("kind", list(BINARIES))
def test_a_binary_file_is_one_line_whatever_its_name(tmp_path: Path, kind: str, suffix: str) -> None:
    data, said = BINARIES[kind]
    path = tmp_path / f"x{suffix}"
    path.write_bytes(data)
    problems: list[Problem] = []
    with pytest.raises(InputError) as info:
        list(read_posts([path], problems.append))
    assert str(info.value).startswith(f"{path}: not a text file {said}")
    assert "\n" not in str(info.value) and problems == []


def test_a_forced_format_does_not_read_binary_data(tmp_path: Path) -> None:
    path = tmp_path / "x.bin"
    path.write_bytes(BINARIES["random"][0])
    with pytest.raises(InputError, match="not a text file"):
        list(read_posts([path], lambda _: None, fmt="txt"))


def test_binary_articles_and_check_reports_are_one_line(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(BINARIES["random"][0])
    with pytest.raises(InputError, match=r"a.jsonl: not a text file \(binary data\)$"):
        list(read_articles([path], lambda _: None))
    with pytest.raises(InputError, match=r"a.jsonl: not a text file \(binary data\)$"):
        list(read_jsonl([path], lambda _: None, lambda data, line: data))


def test_binary_data_on_stdin_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    # gzip inside gzip: stdin's own gzip is decompressed (test_input_gzip.py), what it holds is no text
    for data, said in ((BINARIES["zip"][0], "a zip archive"), (gzip.compress(BINARIES["gzip"][0]), "gzip data")):
        stdin = io.BufferedReader(io.BytesIO(data))  # type: ignore[arg-type]
        monkeypatch.setattr("sys.stdin", SimpleNamespace(buffer=stdin))
        with pytest.raises(InputError, match=f"^<stdin>: not a text file \\({said}\\)"):
            list(read_posts(["-"], lambda _: None))


def test_check_of_a_binary_file_says_one_line(small_index: Path, tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(BINARIES["random"][0])
    result = CliRunner().invoke(app, ["check", str(path), "--index", str(small_index)])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {path}: not a text file (binary data)"


def test_a_binary_file_in_a_folder_is_skipped_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "posts"
    folder.mkdir()
    (folder / "a.jsonl").write_text(GOOD_LINE + "\n")
    (folder / "b.jsonl").write_bytes(BINARIES["random"][0])
    problems: list[Problem] = []
    posts = list(read_posts([folder], problems.append))
    assert [p.text for p in posts] == [ARTICLES[1]["text"]]
    skipped = [p for p in problems if p.kind == "skipped"]
    assert [(Path(p.path).name, p.line) for p in skipped] == [("b.jsonl", 0)]
    assert skipped[0].reason.startswith("not a text file (binary data); the folder's other files")


def test_a_binary_file_in_a_folder_of_articles_is_skipped_as_for_posts(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.jsonl").write_text(json.dumps(ARTICLES[1]) + "\n")
    (folder / "b.jsonl").write_bytes(gzip.compress(b"{}\n" * 100))
    idx = tmp_path / "idx"
    result = CliRunner().invoke(app, ["index", "build", str(folder), "--index", str(idx), "--encoder", "none"])
    assert result.exit_code == 0, result.output
    assert "b.jsonl: not a text file (gzip data)" in result.stderr
    assert "the folder's other files are read" in result.stderr
    assert ix.Index.open(idx).articles == 1
    # named on its own, the same file is the user's whole input: an error
    result = CliRunner().invoke(app, ["index", "build", str(folder / "b.jsonl"), "--index",
                                      str(tmp_path / "idx2"), "--encoder", "none"])
    assert result.exit_code == 1 and "not a text file (gzip data)" in result.stderr


def test_a_zip_of_stored_text_files_is_refused_not_read_as_text(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for i in range(3):
            archive.writestr(f"m{i}.jsonl", (GOOD_LINE + "\n") * 3)  # lines of clean text inside
    path = tmp_path / "posts.jsonl"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(InputError, match=r"posts.jsonl: not a text file \(a zip archive\): extract it"):
        list(read_posts([path], lambda problem: None))
    with pytest.raises(InputError, match="a zip archive"):
        list(read_articles([path], lambda problem: None))
    # a text file whose first line merely starts like one is text
    path.write_bytes(b"PK\x03\x04 not a zip\n" + GOOD_LINE.encode() + b"\n")
    assert len(list(read_posts([path], lambda problem: None))) == 1


def test_a_small_gzip_file_cut_short_keeps_its_complete_lines(tmp_path: Path) -> None:
    rng = random.Random(1)
    rows = [json.dumps({"id": str(i), "text": f"post {i} " + "".join(rng.choice("abcdefghij ") for _ in range(60))})
            for i in range(600)]
    whole = gzip.compress(("\n".join(rows) + "\n").encode())
    path = tmp_path / "posts.jsonl.gz"
    cut = whole[: len(whole) * 3 // 4]  # well under the head the reader looks at
    path.write_bytes(cut)
    complete = zlib.decompressobj(31).decompress(cut).count(b"\n")  # what gunzip recovers
    problems: list[Problem] = []
    posts = list(read_posts([path], problems.append))
    assert complete > 300 and [p.id for p in posts] == [str(i) for i in range(complete)]
    (broken,) = problems
    assert broken.line == len(posts) + 1 and "truncated or corrupt gzip stream" in broken.reason


def test_the_rows_a_stray_quote_swallows_are_read_as_rows(tmp_path: Path) -> None:
    """A trial's CSV: a stray quote at the start of a field made the rows after it one text (they
    were lost). Each line that reads as a row is read as one, said in one warning."""
    never_closes = tmp_path / "broken.csv"
    never_closes.write_text('id,text\nb1,"ok text one"\nb2,"stray quote starts here and never closes\n'
                            "b3,a real third row\nb4,fourth row\n")
    problems: list[Problem] = []
    posts = list(read_posts([never_closes], problems.append))
    assert [(p.id, p.text) for p in posts] == [
        ("b1", "ok text one"), ("b2", "stray quote starts here and never closes"),
        ("b3", "a real third row"), ("b4", "fourth row")]
    assert [str(p) for p in problems] == [
        (f"{never_closes}:3: a quoted field ran on to line 5 (an unbalanced quote?) over 2 lines that"
         " read as rows of their own: they are read as rows, and the field ends with its line — kept")]
    # a later quote closes the field: the rows inside it are rows all the same
    closes = tmp_path / "bad.csv"
    closes.write_text('id,text\na,"He said ""hi"" then left\nb,A row of its own\nc,another row"\nd,last\n')
    problems = []
    posts = list(read_posts([closes], problems.append))
    assert [(p.id, p.text) for p in posts] == [
        ("a", 'He said "hi" then left'), ("b", "A row of its own"), ("c", 'another row"'), ("d", "last")]
    (warning,) = problems
    assert warning.kind == "warning" and warning.line == 2 and "2 lines that read as rows" in warning.reason
    # a text with line breaks and commas in a quoted field is no such case
    good = tmp_path / "good.csv"
    good.write_text('id,text\na,"Line one, with a comma\nLine two, also one\nend"\nb,fine\n')
    problems = []
    assert [p.text for p in read_posts([good], problems.append)] == [
        "Line one, with a comma\nLine two, also one\nend", "fine"]
    assert not problems


@pytest.mark.parametrize(("content", "expected"), [
    # the stray quote in a middle column: read as a character, the row keeps its author
    ('id,text,author\nb1,ok,al\nb2,"stray,alice\nb3,row,bob\nb4,x,y\n',
     [("b1", "ok", "al"), ("b2", '"stray', "alice"), ("b3", "row", "bob"), ("b4", "x", "y")]),
    # lines of the field that read as no row stay in it; semicolons and CRLF
    ('id;text\r\na;"first line\r\nsecond line of a\r\nb;row b\r\nc;row c\r\n',
     [("a", "first line\r\nsecond line of a", None), ("b", "row b", None), ("c", "row c", None)]),
    # a swallowed row with a stray quote of its own, and one with a quoted comma
    ('id\ttext\nb2\t"stray\nb3\t"another stray\nb4\t"text, with a comma"\nb5\tfine\n',
     [("b2", "stray", None), ("b3", "another stray", None), ("b4", "text, with a comma", None),
      ("b5", "fine", None)]),
    # a table of one column: a quote that never closes holds posts, one a line
    ('text\n"stray one column\nsecond post\nthird post\n',
     [("t:2", "stray one column", None), ("t:3", "second post", None), ("t:4", "third post", None)]),
])
def test_a_stray_quote_loses_no_row_whatever_the_table(tmp_path: Path, content: str,
                                                       expected: list[tuple[str, str, str | None]]) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(content.encode())
    problems: list[Problem] = []
    posts = list(read_posts([path], problems.append))
    assert [(p.id, p.text, p.author) for p in posts] == expected
    assert [p.kind for p in problems].count("warning") >= 1 and all(p.kind == "warning" for p in problems)
    assert all("unbalanced quote" in p.reason for p in problems)


def test_a_stray_quote_in_a_large_file_loses_none_of_the_rows_after_it(tmp_path: Path) -> None:
    """A quote that never closes over more than the csv module's field limit (4 million
    characters): the rows it ran over were one 'malformed CSV' line, tens of thousands lost."""
    path = tmp_path / "big.csv"
    rows = [f"r{i},row number {i} {'x' * 60}" for i in range(62_000)]
    path.write_text("id,text\nb1,ok\nb2,\"stray quote here\n" + "\n".join(rows) + "\n")
    problems: list[Problem] = []
    posts = list(read_posts([path], problems.append))
    assert len(posts) == 62_002 and posts[1].text == "stray quote here" and posts[-1].id == "r61999"
    (warning,) = problems
    assert warning.kind == "warning" and "unbalanced quote" in warning.reason


def test_a_text_file_with_a_few_bad_lines_keeps_its_line_by_line_report(tmp_path: Path) -> None:
    lines = [GOOD_LINE.encode()] * 20
    lines[3] = _random(200, seed=1).replace(b"\n", b" ")
    lines[11] = b"\x00\x00\x01 damaged \xff\xfe line"
    path = tmp_path / "p.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    problems: list[Problem] = []
    posts = list(read_posts([path], problems.append))
    assert len(posts) == 18
    assert [p.line for p in problems if p.kind == "skipped"] == [4, 12]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "cp1251", "gb18030", "utf-32"])
def test_text_in_other_encodings_is_text(encoding: str) -> None:
    text = "Новости: выставка открылась во вторник 经济学者王堃在座谈会上表示\n" * 40
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.split(" 经")[0].encode(encoding) + b"\n"
    assert not_text(data, choose(data, None)) is None


@pytest.mark.parametrize("start", [b"", b"PK\x03\x04", b"\x1f\x8b\x08", b"\xff\xd8\xff", b"%PDF-"])
def test_one_valid_record_among_garbage_is_no_binary_file(start: bytes) -> None:
    """The reader fuzzer's property: a damaged text file keeps its valid lines, even when its
    garbage starts like a binary format."""
    head = start + _random(1500, seed=3).replace(b"\n", b" ") + b"\n" + GOOD_LINE.encode() + b"\n"
    assert not_text(head, choose(head, None)) is None


# --- kind 2: an index of nothing ---------------------------------------------------------------

NO_ARTICLES = {
    "empty": b"",
    "blank-lines": b"\n   \n\n",
    "records-without-text": b'{"id": "a"}\n{"id": "b", "text": "  "}\n',
    "bad-json": b"not json\n{\n",
}


@pytest.mark.parametrize("kind", list(NO_ARTICLES))
def test_a_build_of_no_articles_fails_and_leaves_no_index(tmp_path: Path, kind: str) -> None:
    source = tmp_path / "articles.jsonl"
    source.write_bytes(NO_ARTICLES[kind])
    idx = tmp_path / "idx"
    result = CliRunner().invoke(app, ["index", "build", str(source), "--index", str(idx), "--encoder", "none"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: no articles to index (the input is empty, or every record was skipped): nothing written to {idx}")
    assert not idx.exists()


def test_a_replacing_build_of_no_articles_keeps_the_index(small_index: Path, tmp_path: Path) -> None:
    source = tmp_path / "articles.jsonl"
    source.write_bytes(NO_ARTICLES["records-without-text"])
    before = sorted(p.name for p in small_index.iterdir())
    result = CliRunner().invoke(app, ["index", "build", str(source), "--index", str(small_index),
                                      "--encoder", "none", "--replace"])
    assert result.exit_code == 1 and result.stderr.splitlines()[-1].endswith(f"{small_index} is unchanged")
    assert sorted(p.name for p in small_index.iterdir()) == before
    assert ix.Index.open(small_index).articles == len(ARTICLES)


def test_the_library_refuses_an_index_of_nothing(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no articles to index"):
        ix.build(tmp_path / "idx", [], encoder="none")
    assert not (tmp_path / "idx").exists()


def test_an_add_of_no_articles_fails_and_keeps_the_index(small_index: Path, tmp_path: Path) -> None:
    generation = json.loads((small_index / "manifest.json").read_text())["generation"]
    source = tmp_path / "articles.jsonl"
    source.write_bytes(NO_ARTICLES["records-without-text"])
    result = CliRunner().invoke(app, ["index", "add", str(source), "--index", str(small_index)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: no articles to add (the input is empty, or every record was skipped): {small_index} is unchanged")
    assert json.loads((small_index / "manifest.json").read_text())["generation"] == generation
    # articles that are all indexed already are no error
    source.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES))
    result = CliRunner().invoke(app, ["index", "add", str(source), "--index", str(small_index)])
    assert result.exit_code == 0, result.output
    assert f"{len(ARTICLES)} already indexed" in result.stderr


def test_query_and_check_warn_when_the_index_holds_no_articles(small_index: Path, tmp_path: Path) -> None:
    ix.prune(small_index, "2030-01-01")
    warning = (f"warning: the index at {small_index} holds no articles: nothing can match"
               " (add some with `sourcetrace index add`)")
    runner = CliRunner()
    result = runner.invoke(app, ["query", ARTICLES[1]["text"], "--index", str(small_index)])
    assert result.exit_code == 0 and result.stderr.splitlines() == [warning]
    posts = tmp_path / "posts.jsonl"
    posts.write_text(GOOD_LINE + "\n")
    result = runner.invoke(app, ["check", str(posts), "--index", str(small_index), "-q"])
    assert result.exit_code == 0 and result.stderr.splitlines() == [warning]


def test_query_and_check_say_nothing_of_an_index_with_articles(small_index: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["query", ARTICLES[1]["text"], "--index", str(small_index)])
    assert result.exit_code == 0 and "holds no articles" not in result.stderr
    assert "lexical only" not in result.stderr


def test_query_and_check_warn_that_a_lexical_only_index_cannot_find_translations(tmp_path: Path) -> None:
    """An index built with --encoder none answers no_match for a translation: said once, on
    stderr, so a user does not read it as "copies nothing"."""
    index = tmp_path / "lexical"
    ix.build(index, [Article.from_dict(a) for a in ARTICLES], encoder="none")
    warning = (f"warning: the index at {index} is lexical only (--encoder none): translations and"
               " paraphrases cannot be found; rebuild it with --encoder use+e5")
    runner = CliRunner()
    result = runner.invoke(app, ["query", "El presidente dijo que la economía creció", "--index", str(index)])
    assert result.exit_code == 0 and result.stderr.splitlines() == [warning]
    assert result.stdout.startswith("no_match")
    posts = tmp_path / "posts.jsonl"
    posts.write_text(GOOD_LINE + "\n")
    result = runner.invoke(app, ["check", str(posts), "--index", str(index)])
    assert result.exit_code == 0 and result.stderr.splitlines()[0] == warning
    # -q silences advice that is no error (seventh trial); an index that holds nothing is still said
    result = runner.invoke(app, ["check", str(posts), "--index", str(index), "-q"])
    assert result.exit_code == 0 and result.stderr == ""


# --- kind 3: a check that could check nothing --------------------------------------------------


@pytest.mark.parametrize("quiet", [[], ["-q"]])
def test_a_check_of_only_bad_records_exits_1(small_index: Path, tmp_path: Path, quiet: list[str]) -> None:
    posts = tmp_path / "posts.jsonl"
    posts.write_text('{"id": "a"}\nnot json\n{"text": 5}\n')
    result = CliRunner().invoke(app, ["check", str(posts), "--index", str(small_index), *quiet])
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert [line.endswith("— skipped") for line in lines[:3]] == [True] * 3
    assert lines[-1] == "Error: no post could be checked: 3 bad records skipped (see the lines above); no output written"



def test_a_check_of_only_bad_records_leaves_earlier_outputs_as_they_were(small_index: Path, tmp_path: Path) -> None:
    posts = tmp_path / "posts.jsonl"
    posts.write_text('{"id": "a"}\nnot json\n')
    out, csv = tmp_path / "results.jsonl", tmp_path / "results.csv"
    out.write_text("earlier results\n")
    csv.write_text("earlier,csv\n")
    result = CliRunner().invoke(app, ["check", str(posts), "--index", str(small_index), "-o", str(out),
                                      "--csv", str(csv), "--html", str(tmp_path / "r.html")])
    assert result.exit_code == 1 and "no output written" in result.stderr
    assert out.read_text() == "earlier results\n" and csv.read_text() == "earlier,csv\n"
    assert not (tmp_path / "r.html").exists() and not list(tmp_path.glob(".*.partial-*"))


@pytest.mark.parametrize("content", ["", '{"text": ""}\n{"text": "  "}\n'])
def test_a_check_with_no_post_with_text_leaves_earlier_outputs_as_they_were(
    small_index: Path, tmp_path: Path, content: str
) -> None:
    """Trial 65: `check empty.jsonl -o results.jsonl` replaced 82 lines of results with an empty
    file. An input with no post with text still exits 0 (check's help), but no earlier output
    is replaced; where there is none, the empty outputs are written as before."""
    posts = tmp_path / "posts.jsonl"
    posts.write_text(content)
    out, csv = tmp_path / "results.jsonl", tmp_path / "results.csv"
    out.write_text("earlier results\n")
    csv.write_text("earlier,csv\n")
    result = CliRunner().invoke(app, ["check", str(posts), "--index", str(small_index), "-o", str(out),
                                      "--csv", str(csv)])
    assert result.exit_code == 0, result.output
    assert "no post with text: no output written (the earlier files are kept)" in result.stderr
    assert "results in" not in result.stderr  # trial 66: the summary had said the results were written
    assert out.read_text() == "earlier results\n" and csv.read_text() == "earlier,csv\n"
    assert not list(tmp_path.glob(".*.partial-*"))
    fresh = tmp_path / "fresh.jsonl"
    result = CliRunner().invoke(app, ["check", str(posts), "--index", str(small_index), "-o", str(fresh)])
    assert result.exit_code == 0 and fresh.read_text() == ""


def test_a_check_with_one_good_record_among_bad_ones_exits_0(small_index: Path, tmp_path: Path) -> None:
    posts = tmp_path / "posts.jsonl"
    posts.write_text('{"id": "a"}\nnot json\n' + GOOD_LINE + "\n")
    result = CliRunner().invoke(app, ["check", str(posts), "--index", str(small_index)])
    assert result.exit_code == 0, result.output
    assert "checked 1 post:" in result.stderr and "2 bad records skipped" in result.stderr


@pytest.mark.parametrize("fmt", ["mastodon", "telegram", "threads", "bluesky-api"])
def test_a_forced_export_format_that_finds_none_of_its_kind_is_one_line(
    small_index: Path, tmp_path: Path, fmt: str
) -> None:
    """A JSONL file opens with '{' as these exports do: its first object, of none of the export's
    keys, was walked for nothing and the check said "the input holds no posts" and exited 0
    (trial 24), while --format x or json said why in one line."""
    posts = tmp_path / "posts.jsonl"
    posts.write_text(GOOD_LINE + "\n" + GOOD_LINE + "\n")
    out = tmp_path / "results.jsonl"
    result = CliRunner().invoke(app, ["check", str(posts), "--index", str(small_index), "--format", fmt,
                                      "-o", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert result.stderr.startswith(f"Error: {posts}: not ") and result.stderr.count("\n") == 1
    assert f"--format {fmt} expects" in result.stderr


def test_an_export_of_its_kind_without_posts_is_no_error(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox.json"
    outbox.write_text('{"@context": "https://www.w3.org/ns/activitystreams", "orderedItems": []}')
    assert list(read_posts([outbox], lambda _: None, fmt="mastodon")) == []


def test_check_help_documents_the_exit_status() -> None:
    result = CliRunner().invoke(app, ["check", "--help"], env={"COLUMNS": "200"})
    assert "Exit status 0: at least one post was checked" in result.stdout
    assert "Exit status 1: no post could be checked because every record was bad" in " ".join(
        result.stdout.split())
    for command in ("build", "add"):
        text = " ".join(CliRunner().invoke(app, ["index", command, "--help"], env={"COLUMNS": "200"}).stdout.split())
        assert "Exits 1" in text and "no article could be read" in text


def test_an_encoder_given_for_an_existing_index_is_checked_before_anything(small_index: Path, tmp_path: Path) -> None:
    """--encoder on query, check and index add confirms the index's encoder: a name that is no
    encoder is said to be one (not "rebuild with --encoder foo"), and a mismatch changes
    nothing (index add used to ignore it and add the articles; a fresh-user trial)."""
    runner = CliRunner()
    result = runner.invoke(app, ["query", "some text here", "--index", str(small_index), "--encoder", "foo"])
    assert result.exit_code == 1 and "Unknown encoder: foo" in result.stderr
    assert "rebuild" not in result.stderr
    generation = json.loads((small_index / "manifest.json").read_text())["generation"]
    new = tmp_path / "new.jsonl"
    new.write_text(json.dumps({"id": "n1", "text": "A brand new article about a bridge opening in Wuhan city."}) + "\n")
    for spec, message in (("foo", "Unknown encoder: foo"), ("use", "was built with encoder 'hash', not 'use'")):
        result = runner.invoke(app, ["index", "add", str(new), "--index", str(small_index), "--encoder", spec])
        assert result.exit_code == 1 and message in result.stderr, result.output
    assert json.loads((small_index / "manifest.json").read_text())["generation"] == generation
    result = runner.invoke(app, ["index", "add", str(new), "--index", str(small_index), "--encoder", "hash"])
    assert result.exit_code == 0, result.output


# --- ambiguous numeric dates: the file's own dates tell their order ------------------------------


@pytest.mark.parametrize(("value", "order"), [
    ("25/03/2025", "day"), ("3/25/2025 10:00", "month"), ("12/03/2025 14:00", "either"),
    ("12-03-25", "either"), ("05/05/2025", None), ("2025-03-12", None), ("12.03.2025", None),
    ("12/03-2025", None), ("March 12, 2025", None), (1741780800, None),
])
def test_the_order_a_numeric_date_shows(value: object, order: str | None) -> None:
    from sourcetrace.dates import numeric_order

    assert numeric_order(value) == order


def test_ambiguous_dates_are_read_in_the_order_the_file_shows(tmp_path: Path) -> None:
    """A trial's posts: '25/03/2025' can only be day first, yet '12/03/2025 14:00' in the same
    file became 3 December, silently; trial 104's was then told "pass --dayfirst" and read its
    12/11/2023 as 11 December all the same (two copies held back as dated after their posts).
    The file's own dates decide, for the ambiguous ones before them too, said in one line."""
    path = tmp_path / "posts.csv"
    path.write_text("id,text,created_at\nd1,first post,12/03/2025 14:00\nd2,second post,04/03/2025\n"
                    "d3,third post,25/03/2025\nd4,fourth post,26/03/2025\nd5,fifth post,05/04/2025\n")
    problems: list[Problem] = []
    posts = list(read_posts([path], problems.append))
    assert [p.id for p in posts] == ["d1", "d2", "d3", "d4", "d5"]  # in order, none lost
    assert [p.created_at[:16] for p in posts if p.created_at] == [
        "2025-03-12T14:00", "2025-03-04T00:00", "2025-03-25T00:00", "2025-03-26T00:00", "2025-04-05T00:00"]
    assert [str(p) for p in problems] == [
        (f"{path}: dates are written day first ('25/03/2025', line 4): ambiguous ones such as"
         " '12/03/2025 14:00' (line 2) were read day first too")]
    assert problems[0].kind == "note"
    # with --dayfirst the same, and nothing is said
    problems = []
    assert list(read_posts([path], problems.append, dayfirst=True)) == posts and not problems
    # the reverse: --dayfirst given to a file written month first (the user's choice wins)
    us = tmp_path / "us.jsonl"
    us.write_text('{"text": "a", "created_at": "3/25/2025"}\n{"text": "b", "created_at": "12/03/2025"}\n')
    problems = []
    list(read_posts([us], problems.append, dayfirst=True))
    assert [p.reason for p in problems] == [
        ("dates are written month first ('3/25/2025', line 1), but ambiguous ones such as '12/03/2025'"
         " (line 2) were read day first: leave out --dayfirst")]
    # a file written month first stays month first, in silence
    problems = []
    assert [p.created_at[:10] for p in read_posts([us], problems.append) if p.created_at] == [
        "2025-03-25", "2025-12-03"] and not problems
    # only unambiguous ones, or ISO: nothing to say (only ambiguous ones: one note at the end,
    # tests/test_readers_robust.py)
    for rows in (["25/03/2025", "26/03/2025"], ["2025-03-12", "25/03/2025"]):
        plain = tmp_path / "plain.csv"
        plain.write_text("id,text,created_at\n" + "".join(f"p{i},post {i},{d}\n" for i, d in enumerate(rows)))
        problems = []
        list(read_posts([plain], problems.append))
        assert not problems, rows


def test_a_file_written_both_ways_keeps_the_order_of_its_first_dates_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_text("id,text,created_at\nm1,first post,25/03/2025\nm2,second post,3/26/2025\n"
                    "m3,third post,12/03/2025\n")
    problems: list[Problem] = []
    posts = list(read_posts([path], problems.append))
    assert posts[2].created_at == "2025-03-12T00:00:00+00:00"
    assert [p.reason for p in problems] == [
        ("dates are written day first ('25/03/2025', line 2): ambiguous ones such as '12/03/2025' (line 4) were"
        " read day first too"),
        ("dates are written both day first ('25/03/2025', line 2) and month first ('3/26/2025', line 3):"
        " ambiguous ones such as '12/03/2025' (line 4) were read day first, as the file's first such dates are"
        " written: check them")]


def test_records_held_for_their_dates_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond MAX_HELD records of ambiguous dates with none to settle their order, they are
    read month first, as before, and a day-first date after them says --dayfirst."""
    from sourcetrace.readers import inputs

    monkeypatch.setattr(inputs, "MAX_HELD", 2)
    path = tmp_path / "long.csv"
    path.write_text("id,text,created_at\nh1,first post,01/02/2025\nh2,second post,03/02/2025\n"
                    "h3,third post,25/02/2025\nh4,fourth post,04/02/2025\n")
    problems: list[Problem] = []
    posts = list(read_posts([path], problems.append))
    assert [p.created_at[:10] for p in posts if p.created_at] == ["2025-01-02", "2025-03-02", "2025-02-25",
                                                                  "2025-04-02"]
    assert [p.reason for p in problems] == [
        ("dates are written day first ('25/02/2025', line 4), but ambiguous ones such as '01/02/2025' (line 2)"
        " were read month first: pass --dayfirst")]


def test_article_dates_of_index_build_are_watched_per_file(tmp_path: Path) -> None:
    articles = [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    for path in articles:
        path.write_text(json.dumps({"id": path.stem + "1", "text": ARTICLES[0]["text"], "published_at": "12/03/2025"})
                        + "\n" + json.dumps({"id": path.stem + "2", "text": ARTICLES[1]["text"],
                                             "published_at": "25/03/2025 10:00"}) + "\n")
    problems: list[Problem] = []
    read = list(read_articles(articles, problems.append))
    assert [a.published_at[:10] for a in read if a.published_at] == ["2025-03-12", "2025-03-25"] * 2
    assert [(p.path, p.kind) for p in problems] == [(str(articles[0]), "note"), (str(articles[1]), "note")]
    assert all("were read day first too" in p.reason for p in problems)
    res = CliRunner().invoke(app, ["index", "build", str(articles[0]), "--index", str(tmp_path / "idx"),
                                   "--encoder", "none", "--quiet"])
    assert res.exit_code == 0 and "were read day first too" in res.stderr


def test_a_raw_control_character_inside_a_json_string_keeps_the_record(tmp_path: Path) -> None:
    """A trial's JSONL line with a raw ESC in its text was skipped as invalid JSON ("Invalid
    control character at at column 19"): JSON wants it escaped, but the record is readable."""
    from sourcetrace.readers import read_posts

    path = tmp_path / "ctl.jsonl"
    path.write_bytes(b'{"id":"a","text":"hola \x1b[31m rojo\ttab"}\n{"id":"b","text":"fine"}\n')
    problems: list[str] = []
    posts = list(read_posts([path], problems.append))
    assert [p.id for p in posts] == ["a", "b"] and "\x1b[31m" in posts[0].text and not problems


def test_csv_text_in_the_last_column_keeps_an_unquoted_separator(tmp_path: Path) -> None:
    """A trial's "k1,ana,Hola, qué tal" was skipped (4 fields for 3): where the text is the last
    column, the fields past the header's are the rest of it, read whole with a warning. Elsewhere
    which field is the text is unknown, and the row is still skipped (test_csv_ragged_row)."""
    from sourcetrace.readers import read_posts
    from sourcetrace.readers.problems import Problem

    path = tmp_path / "p.csv"
    path.write_text("id,author,text\nk1,ana,Hola, qué tal, todo bien\nk2,bob,sin comas\n", encoding="utf-8")
    problems: list = []
    posts = list(read_posts([path], problems.append))
    assert [(p.id, p.author, p.text) for p in posts] == [("k1", "ana", "Hola, qué tal, todo bien"),
                                                         ("k2", "bob", "sin comas")]
    assert problems == [Problem(str(path), 2, "5 fields where the header has 3: the text, its last column,"
                                              " holds the separator unquoted and is read whole", "warning")]


# ---- seventh trial: a name that lies, JSON no reader takes ----------------------------------


def test_a_plain_file_named_gz_is_said_to_be_no_gzip(tmp_path: Path) -> None:
    """`posts.jsonl.gz` holding plain JSONL read as "truncated or corrupt gzip stream"."""
    path = tmp_path / "posts.jsonl.gz"
    path.write_text(GOOD_LINE + "\n")
    said: list[Problem] = []
    assert list(read_posts([path], said.append)) == []
    assert [(p.line, p.reason) for p in said] == [
        (1, "not a gzip file, though its name ends in .gz: rename it without .gz to read it as it is")]
    cut = tmp_path / "cut.jsonl.gz"  # a real gzip stream cut short is still said as such
    cut.write_bytes(gzip.compress((GOOD_LINE + "\n").encode() * 50)[:60])
    problems: list[Problem] = []
    list(read_posts([cut], problems.append))
    assert problems and "truncated or corrupt gzip stream" in problems[-1].reason


def test_json_nested_beyond_any_reader_is_refused_in_one_line(tmp_path: Path, small_index: Path) -> None:
    """100,000 "[" were read as one plain-text post and checked."""
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    result = CliRunner().invoke(app, ["check", str(path), "--index", str(small_index), "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"Error: {path}: not JSON any reader takes: it opens more than 100 arrays"
                                     " one inside the other; nothing read")
    assert not (tmp_path / "o.jsonl").exists()
    shallow = tmp_path / "shallow.json"  # an array of objects is still read
    shallow.write_text('[{"text": "first post"}, {"text": "second post"}]')
    assert [p.text for p in read_posts([shallow], lambda p: None)] == ["first post", "second post"]


@pytest.mark.parametrize(("content", "items"), [
    ("[1,2,3]", "numbers"), ('["a post", "another post"]', "strings"), ('[\n  "a",\n  "b"\n]\n', "strings"),
    ("[[1, 2], [3]]", "arrays"), ("[true, false]", "true/false values"), ("[null]", "nulls"),
    # every kind it holds, in order (trial 33: `[null, true]` was "an array of nulls")
    ("[null, true]", "nulls and true/false values"), ('[1, "a", 2, {"text": "x"}]', "numbers, strings and objects"),
])
def test_a_json_array_of_no_records_is_refused_in_one_line(tmp_path: Path, small_index: Path, content: str,
                                                          items: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Trial 29: `[1,2,3]` was checked as one plain-text post "[1,2,3]" (from a file and from stdin)."""
    path = tmp_path / "array.json"
    path.write_text(content)
    said = (f"a JSON array of {items}, not of records: each post or article is a JSON object with a"
            ' "text" field ([{"text": "..."}, ...]), or a line of a JSONL or text file')
    out = tmp_path / "o.jsonl"
    result = CliRunner().invoke(app, ["check", str(path), "--index", str(small_index), "-o", str(out)])
    assert (result.exit_code, result.stderr.strip()) == (1, f"Error: {path}: {said}")
    assert not out.exists()
    # stdin, buffered as a real one is (its start is peeked at, not consumed)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(content.encode()))))
    with pytest.raises(InputError, match=re.escape(f"<stdin>: {said}")):
        list(read_posts(["-"], lambda p: pytest.fail(str(p))))
    built = CliRunner().invoke(app, ["index", "build", str(path), "--index", str(tmp_path / "idx")])
    assert built.exit_code == 1 and said in built.stderr


@pytest.mark.parametrize("line", ["[1] a footnote, then the post", "[BREAKING] Xinhua says so", '["x"] and more'])
def test_a_text_line_that_opens_with_a_bracket_is_still_a_post(tmp_path: Path, line: str) -> None:
    path = tmp_path / "posts.txt"
    path.write_text(line + "\n")
    assert [p.text for p in read_posts([path], lambda p: pytest.fail(str(p)))] == [line]
    path = tmp_path / "posts.json"  # a name that does not settle the format: its first bytes do
    path.write_text(line + "\n")
    assert [p.text for p in read_posts([path], lambda p: pytest.fail(str(p)))] == [line]


def test_a_long_json_array_of_strings_is_refused_too(tmp_path: Path) -> None:
    path = tmp_path / "long.json"  # longer than the start a format is told from
    path.write_text(json.dumps([f"post number {i} about the harbour" for i in range(5000)], indent=1))
    with pytest.raises(InputError, match="a JSON array of strings, not of records"):
        list(read_posts([path], lambda p: pytest.fail(str(p))))


def test_a_txt_file_holding_a_json_array_of_no_records_is_refused_as_stdin_is(tmp_path: Path) -> None:
    """Trial 33: the bytes `["x"]` on stdin were refused, but in a file named *.txt read as the post
    '["x"]'. Refused alike, with the way to read it as text anyway."""
    path = tmp_path / "posts.txt"
    path.write_text('["first post", "second post"]\n')
    with pytest.raises(InputError, match=re.escape("a JSON array of strings, not of records") + ".*"
                       + re.escape("(pass --format txt to read it one post a line)")):
        list(read_posts([path], lambda p: pytest.fail(str(p))))
    assert [p.text for p in read_posts([path], lambda p: pytest.fail(str(p)), fmt="txt")] == [
        '["first post", "second post"]']
    # trial 44: `[]` became the post "[]" and an array of records one text post (its records lost)
    for content in ("[]\n", '[{"text": "a post about pandas"}, "x", 5]\n'):
        path.write_text(content)
        with pytest.raises(InputError, match=re.escape(f"{path}: a JSON array, not lines of text: pass --format json")):
            list(read_posts([path], lambda p: pytest.fail(str(p))))
    assert [p.text for p in read_posts([path], lambda p: None, fmt="json")] == ["a post about pandas"]
    # trial 46: JSON Lines in a *.txt were read as text (ids lost), on stdin as records
    path.write_text('{"id": "p1", "text": "a post"}\n{"id": "p2", "text": "another"}\n')
    with pytest.raises(InputError, match=re.escape(f"{path}: JSON Lines (a JSON object on its first line)")):
        list(read_posts([path], lambda p: pytest.fail(str(p))))
    assert [p.id for p in read_posts([path], lambda p: None, fmt="jsonl")] == ["p1", "p2"]
    path.write_text("{thread} my notes on the harbour\n")  # a brace that opens no JSON object: text
    assert [p.text for p in read_posts([path], lambda p: pytest.fail(str(p)))] == ["{thread} my notes on the harbour"]


def test_an_empty_json_array_holds_no_posts_and_is_said_to_be_one(tmp_path: Path, small_index: Path) -> None:
    """Trial 33: `[]` was summed up as "the input holds no posts (an empty file?)"."""
    path = tmp_path / "empty.json"
    path.write_text("[]\n")
    problems: list[str] = []
    assert list(read_posts([path], lambda p: problems.append(str(p)))) == []
    assert problems == [f"{path}: an empty JSON array: no records"]
    result = CliRunner().invoke(app, ["check", str(path), "--index", str(small_index), "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 0, result.stderr
    assert "the input holds no posts\n" in result.stderr and "empty file?" not in result.stderr
    (tmp_path / "nothing.txt").write_text("")
    result = CliRunner().invoke(app, ["check", str(tmp_path / "nothing.txt"), "--index", str(small_index)])
    assert "the input holds no posts (an empty file?)" in result.stderr


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="named pipes need POSIX")
def test_a_named_pipe_is_read_once_as_posts_and_as_articles(tmp_path: Path) -> None:
    """`check <(cat a b)` found no posts, `eval` and `index build` said "/dev/fd/63: no such
    file": a pipe is no regular file, and its first bytes were consumed by a look at its format.
    A pipe is read once, its format found as it is read, like stdin; a folder is no pipe."""
    from sourcetrace.readers.inputs import streamed

    assert not streamed(str(tmp_path)) and not streamed(str(tmp_path / "none"))
    posts = b"".join(json.dumps({"id": f"p{i}", "text": f"post number {i} about trade"}).encode() + b"\n"
                     for i in range(3))
    path, writer = fifo(tmp_path, "posts", posts)
    assert [p.id for p in read_posts([path], lambda problem: None)] == ["p0", "p1", "p2"]
    writer.join(5)
    path, writer = fifo(tmp_path, "articles", b"".join(json.dumps(a).encode() + b"\n" for a in ARTICLES[:2]))
    assert [a.id for a in read_articles([path], lambda problem: None)] == [a["id"] for a in ARTICLES[:2]]
    writer.join(5)
    from sourcetrace.sources import read_sources  # what `index build` reads

    path, writer = fifo(tmp_path, "build", b"".join(json.dumps(a).encode() + b"\n" for a in ARTICLES[:2]))
    assert [a.id for a in read_sources([path], lambda problem: None)] == [a["id"] for a in ARTICLES[:2]]
    writer.join(5)


def test_a_date_under_a_key_the_reader_does_not_take_is_read_and_said_once(tmp_path: Path) -> None:
    """Trial 18: articles with "published" (the field is published_at) lost their dates without
    a word, then were only hinted (and trial 106's user did not rerun). The first record's one
    key whose name and value say it holds the date is read, said once per file; a value that
    is no date is only hinted; --time-col reads another."""
    rows = [{"id": f"a{i}", "text": f"The delegation visited port number {i} and met officials.",
             "published": f"2024-05-0{i + 1}"} for i in range(3)]
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    problems: list[Problem] = []
    articles = list(read_articles([path], problems.append))
    assert [a.published_at for a in articles] == [f"2024-05-0{i + 1}T00:00:00+00:00" for i in range(3)]
    assert [p.reason for p in problems] == [
        ("key 'published' is read as the articles' published_at (no key is named 'published_at';"
        " pass --time-col to read another)")]
    problems.clear()
    articles = list(read_articles([path], problems.append, columns={"published_at": "published"}))
    assert [a.published_at is not None for a in articles] == [True] * 3 and not problems
    posts = tmp_path / "posts.jsonl"
    posts.write_text(json.dumps({"id": "p", "text": "hello there", "fecha": "2024-05-01", "usuario": "u1"}) + "\n",
                     encoding="utf-8")
    assert [(p.created_at, p.author) for p in read_posts([posts], problems.append)] == [
        ("2024-05-01T00:00:00+00:00", "u1")]
    assert [p.reason for p in problems] == [
        "key 'fecha' is read as the posts' created_at (no key is named 'created_at'; pass --time-col to read another)",
        "key 'usuario' is read as the posts' author (no key is named 'author'; pass --author-col to read another)"]
    problems.clear()
    posts.write_text(json.dumps({"id": "p", "text": "hello there", "fecha": "el martes"}) + "\n", encoding="utf-8")
    assert [p.created_at for p in read_posts([posts], problems.append)] == [None]
    assert [p.reason for p in problems] == [
        "key 'fecha' is not read as the posts' created_at: pass --time-col fecha if it holds it"]
    # a key of the field's own name is read as the field even where the first record has it
    # null: no line telling to pass --time-col with that very name (a news dump's first article
    # without a date)
    problems.clear()
    articles_null = tmp_path / "undated.jsonl"
    articles_null.write_text("".join(json.dumps({"id": f"u{i}", "text": "The port opened with 300 workers.",
                                                 "published_at": [None, "2024-05-02"][i]}) + "\n"
                                     for i in range(2)), encoding="utf-8")
    assert [a.published_at for a in read_articles([articles_null], problems.append)] == [
        None, "2024-05-02T00:00:00+00:00"]
    posts.write_text("".join(json.dumps({"id": f"p{i}", "text": "hello there", "created_at": [None, "2024-05-01"][i]})
                             + "\n" for i in range(2)), encoding="utf-8")
    assert [p.created_at for p in read_posts([posts], problems.append)] == [None, "2024-05-01T00:00:00+00:00"]
    assert not problems


@pytest.mark.parametrize("ids", [["x1", "x2", "x3"], ["1455962001123", "1455962001124", "1455962001125"],
                                 ["rt.com.91337", "nytimes.184853", "bbc.381646"]])
def test_a_csv_written_to_the_standard_reads_back_as_written(tmp_path: Path, ids: list[str]) -> None:
    """Trial 20: articles written by Python's csv module, quoted paragraphs with commas ("Churches,
    he added, could be replaced...", after a line ending in an escaped quote), became made-up
    records: id "Churches", outlet "he added". A record RFC 4180 reads as it is stays that record
    unless lines inside it start as its own first field does."""
    import csv as csvmod

    texts = [
        ('As for churches, he worries, ""and sooner or later they\'ll be back.""\nChurches, he added, could be'
        ' replaced by apartments.\n2019, a year of change, ended.'),
        '"Historically, there was a bar and a church on every corner," Mr. Adams said.\n"Today, there\'s neither."',
        "Kavanaugh, in impassioned testimony, said it, again.\nMeanwhile, the standoff, as before, continued.",
    ]
    path = tmp_path / "articles.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csvmod.writer(fh)
        writer.writerow(["id", "outlet", "text"])
        for i, text in zip(ids, texts):
            writer.writerow([i, "nytimes", text])
    problems: list[Problem] = []
    got = [(a.id, a.outlet, a.text) for a in read_articles([path], problems.append)]
    assert got == [(i, "nytimes", t) for i, t in zip(ids, texts)]
    assert not problems


def test_a_column_or_key_the_user_named_is_said_by_its_name(tmp_path: Path) -> None:
    """Trial 20: `--text-col body` on records without 'body' said "missing 'text'"; JSONL read
    with --format csv showed its first record as a list of columns; an articles CSV's 'fecha'
    column was dropped without a word; /dev/null as articles was "not JSONL or CSV"."""
    posts = tmp_path / "posts.jsonl"
    # a record with its own 'text' is read by it, said once (trial 72: test_readers_mixed_files)
    posts.write_text(json.dumps({"id": "a", "message": "hello there friend"}) + "\n", encoding="utf-8")
    problems: list[Problem] = []
    assert list(read_posts([posts], problems.append, columns={"text": "body"})) == []
    assert [p.reason for p in problems] == ["missing 'body' (--text-col)"]
    with pytest.raises(InputError, match="its first line is JSON, not a CSV header"):
        list(read_posts([posts], problems.append, fmt="csv"))
    articles = tmp_path / "articles.csv"
    articles.write_text("id,fecha,text\na1,2018-09-30,The delegation visited the port on Friday.\n", encoding="utf-8")
    problems = []
    assert [a.published_at for a in read_articles([articles], problems.append)] == ["2018-09-30T00:00:00+00:00"]
    assert [p.reason for p in problems] == [
        ("column 'fecha' is read as the articles' published_at (no column is named 'published_at';"
        " pass --time-col to read another)")]
    assert list(read_articles([Path("/dev/null")], problems.append)) == []
