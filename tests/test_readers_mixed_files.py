"""Several post files of different formats in one run (trial 72): column options for one file
must not lose another, and a table's text column is told alike in CSV and tab-separated files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sourcetrace.errors import InputError
from sourcetrace.readers import Problem, read_posts
from sourcetrace.records import Post

COLUMNS = {"text": "body", "id": "post_id", "author": "user", "created_at": "date"}
APPLIES = "(a column option applies to the files that have its column)"


def read(*paths: Path, **options: object) -> tuple[list[Post], list[Problem]]:
    problems: list[Problem] = []
    posts = list(read_posts(list(paths), problems.append, **options))  # type: ignore[arg-type]
    return posts, problems


def _jsonl(path: Path) -> Path:
    rows = [{"id": "a25", "author": "noticias_hoy", "created_at": "2023-11-19T08:00:00Z",
             "text": "Novak Djokovic garantiu pela oitava vez o troféu de número 1 do mundo."},
            {"id": "c35", "author": "globalwatcher", "created_at": "2023-11-20T09:01:00Z",
             "text": "Quel match de snooker hier soir, je suis resté scotché jusqu'à minuit !"}]
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), "utf-8")
    return path


def _csv(path: Path) -> Path:
    path.write_text("post_id;user;date;body\n"
                    "c56;acct_pt_07;2023-11-19T14:06:00Z;Il vertice APEC non cambierà nulla per noi.\n", "utf-8")
    return path


# --- bug 1: column options apply to the files that have the column -------------------------------


def test_column_options_for_a_csv_do_not_lose_the_jsonl_beside_it(tmp_path: Path) -> None:
    """Trial 72: `check dump.jsonl dump.csv --text-col body ...` skipped all the JSONL's records
    ("missing 'body' (--text-col)") and exited 0."""
    posts, problems = read(_jsonl(tmp_path / "dump.jsonl"), _csv(tmp_path / "dump.csv"), columns=COLUMNS)
    assert [(p.id, p.author, (p.created_at or "")[:10]) for p in posts] == [
        ("a25", "noticias_hoy", "2023-11-19"), ("c35", "globalwatcher", "2023-11-20"),
        ("c56", "acct_pt_07", "2023-11-19")]
    assert posts[0].text.startswith("Novak") and posts[2].text.startswith("Il vertice")
    said = ("no 'body' (--text-col), 'post_id' (--id-col), 'user' (--author-col) or 'date' (--time-col)"
            f" in its first record: its own 'text', 'id', 'author' and 'created_at' are read {APPLIES}")
    assert [(Path(p.path).name, p.line, p.kind, p.reason) for p in problems] == [("dump.jsonl", 0, "note", said)]


def test_a_csv_without_the_named_column_reads_its_own(tmp_path: Path) -> None:
    """A CSV whose header names 'text' but not the --text-col column was an error that stopped
    the run; a header with neither still is one (a typo is not read as another column)."""
    own = tmp_path / "own.csv"
    own.write_text("id,text\n1,hola mundo\n", "utf-8")
    posts, problems = read(_csv(tmp_path / "dump.csv"), own, columns={"text": "body"})
    assert [p.text for p in posts] == ["Il vertice APEC non cambierà nulla per noi.", "hola mundo"]
    assert [(Path(p.path).name, p.reason) for p in problems if p.path == str(own)] == [
        ("own.csv", f"no 'body' (--text-col) in its header: its own 'text' is read {APPLIES}")]
    neither = tmp_path / "neither.csv"
    neither.write_text("id,message\n1,hola mundo\n", "utf-8")
    with pytest.raises(InputError, match=r"no column 'body' for 'text' \(columns: id, message\)"):
        read(neither, columns={"text": "body"})


def test_a_platform_record_without_the_named_key_is_read_as_its_platform_writes_it(tmp_path: Path) -> None:
    path = tmp_path / "tweets.jsonl"
    tweet = {"id_str": "17", "full_text": "Xi met Biden in San Francisco on Wednesday.",
             "user": {"screen_name": "someone"}, "created_at": "Wed Nov 15 10:00:00 +0000 2023"}
    path.write_text(json.dumps(tweet) + "\n", "utf-8")
    posts, problems = read(path, columns={"text": "body"})
    assert [(p.text, p.author) for p in posts] == [("Xi met Biden in San Francisco on Wednesday.", "@someone")]
    assert [p.reason for p in problems] == [
        f"no 'body' (--text-col) in its first record: read as its platform writes it {APPLIES}"]


def test_a_record_with_neither_key_is_still_said_by_the_named_one(tmp_path: Path) -> None:
    """Trial 20's wording is kept where the file has neither the named key nor its own."""
    path = tmp_path / "posts.jsonl"
    path.write_text(json.dumps({"id": "a", "message": "hello there friend"}) + "\n", "utf-8")
    posts, problems = read(path, columns={"text": "body"})
    assert posts == [] and [p.reason for p in problems] == ["missing 'body' (--text-col)"]
