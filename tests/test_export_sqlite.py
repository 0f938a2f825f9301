"""`check --sqlite` and `sourcetrace export --sqlite`: tables, keys, full-text search, safe appends,
and the file read through Datasette's JSON API (issue 18 point 3)."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sourcetrace.cli.main import app
from sourcetrace.export import TABLES

from .conftest import ARTICLES, write_jsonl

runner = CliRunner()
EXPO = ARTICLES[0]["text"].split("\n")[1].split(". ")[0] + "."
RAIN = ARTICLES[1]["text"].split(". ")[0] + "."
POSTS = [
    {"id": "p1", "author": "acct_a", "text": EXPO + " Xinhua"},
    {"id": "p2", "author": "acct_b", "text": "Completely unrelated words about a football match."},
    {"id": "p3", "author": "acct_a", "text": RAIN},
]


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in TABLES}


@pytest.fixture
def checked(tmp_path: Path, small_index: Path) -> tuple[Path, Path, Path]:
    posts = write_jsonl(tmp_path / "posts.jsonl", POSTS)
    db = tmp_path / "results.db"
    result = invoke("check", posts, "--index", small_index, "-o", tmp_path / "r.jsonl", "--sqlite", db)
    assert result.exit_code == 0, result.output
    assert "SQLite: run " in result.output and "3 posts (2 copy) added" in result.output
    return db, posts, tmp_path / "r.jsonl"


def test_check_writes_every_table_with_keys_and_full_text_search(checked: tuple[Path, Path, Path]):
    db, _, report = checked
    n = counts(db)
    assert n["runs"] == 1 and n["posts"] == 3 and n["matches"] >= 2 and n["spans"] >= 2
    assert n["articles"] >= 2 and n["accounts"] == 2
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    fks = {(r[2], r[3]) for t in ("posts", "matches", "spans", "evidence", "accounts")
           for r in conn.execute(f"PRAGMA foreign_key_list([{t}])")}
    assert {("runs", "run_id"), ("posts", "post"), ("articles", "article_id"), ("matches", "match_id")} <= fks
    indexed = {r[1] for r in conn.execute("SELECT * FROM sqlite_master WHERE type = 'index'")}
    assert any("post_id" in name for name in indexed)
    hits = conn.execute("SELECT p.post_id FROM posts p JOIN posts_fts f ON f.rowid = p.rowid"
                        " WHERE posts_fts MATCH 'exhibitors'").fetchall()
    assert hits == [("p1",)]
    row = conn.execute("SELECT m.match_type, a.outlet, s.post_excerpt FROM matches m"
                       " JOIN articles a ON a.id = m.article_id JOIN spans s ON s.match_id = m.id"
                       " JOIN posts p ON p.id = m.post WHERE p.post_id = 'p1'").fetchone()
    assert row[1] == "xinhua" and row[2] and row[2] in EXPO + " Xinhua"
    lines = [json.loads(line) for line in report.read_text("utf-8").splitlines()]
    assert [r["status"] for r in lines] == [r[0] for r in conn.execute(
        "SELECT status FROM posts ORDER BY seq")]
    account = dict(conn.execute("SELECT account, posts FROM accounts").fetchall())
    assert account == {"acct_a": 2, "acct_b": 1}


def test_appending_runs_is_safe(checked: tuple[Path, Path, Path], small_index: Path):
    db, posts, report = checked
    before = counts(db)
    again = invoke("check", posts, "--index", small_index, "-q", "-o", db.parent / "r2.jsonl", "--sqlite", db)
    assert again.exit_code == 0 and counts(db) == before  # the same results: nothing added
    # the check's own report exported into its --sqlite file is the same run (a fresh-user
    # trial saw every post twice: the report's missing texts made another run id)
    exported = invoke("export", report, "--sqlite", db)
    assert exported.exit_code == 0 and exported.output.endswith("nothing added\n"), exported.output
    assert counts(db) == before
    other = write_jsonl(db.parent / "other.jsonl", POSTS[:1])
    assert invoke("check", other, "--index", small_index, "-q", "-o", db.parent / "r3.jsonl",
                  "--sqlite", db).exit_code == 0
    after = counts(db)
    assert after["runs"] == 2 and after["posts"] == 3 + 1
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM (SELECT run_id, seq FROM posts GROUP BY 1, 2"
                        " HAVING count(*) > 1)").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == before["articles"]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_export_with_post_texts_and_a_failed_check_changes_nothing(tmp_path: Path, checked: tuple[Path, Path, Path],
                                                                   small_index: Path):
    _, posts, report = checked
    db = tmp_path / "export.db"
    result = invoke("export", report, "--sqlite", db, "--posts", posts)
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT text FROM posts WHERE post_id = 'p3'").fetchone() == (RAIN,)
    conn.close()
    before = counts(db)
    failed = invoke("check", posts, "--index", tmp_path / "no-index", "--sqlite", db)
    assert failed.exit_code == 1 and counts(db) == before
    assert not list(tmp_path.glob(".sourcetrace-run-*"))
    (tmp_path / "junk.db").write_bytes(b"not a database" * 100)
    junk = invoke("export", report, "--sqlite", tmp_path / "junk.db")
    assert junk.exit_code == 1 and "not a SQLite database" in junk.output
    # refused before a post is checked: the -o results are not lost to a late failure
    early = invoke("check", posts, "--index", small_index, "-o", tmp_path / "kept.jsonl", "--sqlite", tmp_path / "junk.db")
    assert early.exit_code == 1 and "not a SQLite database" in early.output and "checked" not in early.output
    assert (tmp_path / "junk.db").read_bytes() == b"not a database" * 100
    (tmp_path / "header.db").write_bytes(b"SQLite format 3\x00" + b"junk" * 100)  # the header, then junk
    early = invoke("check", posts, "--index", small_index, "--sqlite", tmp_path / "header.db")
    assert early.exit_code == 1 and "not a SQLite database" in early.output and "checked" not in early.output
    assert not list(tmp_path.glob(".sourcetrace-run-*"))
    # someone else's SQLite database is refused in one line and left byte for byte as it was
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO articles (body) VALUES ('mine')")
    before = foreign.read_bytes()
    for args in (("check", posts, "--index", small_index, "--sqlite", foreign),
                 ("export", report, "--sqlite", foreign)):
        refused = invoke(*args)
        assert refused.exit_code == 1 and "not a sourcetrace results file" in refused.output, refused.output
        assert "Traceback" not in refused.output and foreign.read_bytes() == before
    assert not list(tmp_path.glob(".sourcetrace-run-*"))


def test_a_report_exported_without_texts_gets_them_from_a_later_export(tmp_path: Path,
                                                                       checked: tuple[Path, Path, Path]):
    """A report holds no post text: exported again with --posts, the run it already is gets
    the texts it lacks (searchable), and no second run."""
    _, posts, report = checked
    db = tmp_path / "later.db"
    assert invoke("export", report, "--sqlite", db).exit_code == 0
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM posts WHERE text IS NULL").fetchone() == (3,)
    conn.close()
    result = invoke("export", report, "--sqlite", db, "--posts", posts)
    assert result.exit_code == 0 and "is already in" in result.output and result.output.endswith("3 post texts added\n")
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM runs").fetchone() == (1,)
    assert conn.execute("SELECT text FROM posts WHERE post_id = 'p3'").fetchone() == (RAIN,)
    assert conn.execute("SELECT p.post_id FROM posts p JOIN posts_fts f ON f.rowid = p.rowid"
                        " WHERE posts_fts MATCH 'exhibitors'").fetchall() == [("p1",)]
    conn.close()
    assert invoke("export", report, "--sqlite", db, "--posts", posts).output.endswith("nothing added\n")


def test_export_posts_that_do_not_fit_the_report_are_said_and_not_stored(tmp_path: Path,
                                                                        checked: tuple[Path, Path, Path]):
    """A trial exported a report with a --posts file of other posts: five texts for 179
    results, and a text that a span of its result runs past, stored without a word."""
    _, _, report = checked
    swapped = "y" * len(POSTS[2]["text"])  # the same length: the report's anchors say it is not p3's
    other = write_jsonl(tmp_path / "other.jsonl", [{"id": "p1", "author": "acct_a", "text": "short"},
                                                    {"id": "p2", "author": "acct_b", "text": POSTS[1]["text"]},
                                                    {"id": "p3", "author": "acct_a", "text": swapped}])
    db = tmp_path / "fit.db"
    result = invoke("export", report, "--sqlite", db, "--posts", other)
    assert result.exit_code == 0, result.output
    assert "not in the --posts files" not in result.output
    assert "2 texts of the --posts files do not fit the report" in result.output
    conn = sqlite3.connect(db)
    assert dict(conn.execute("SELECT post_id, text FROM posts").fetchall()) == {
        "p1": None, "p2": POSTS[1]["text"], "p3": None}
    conn.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url: str) -> object:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def test_datasette_reads_the_tables(checked: tuple[Path, Path, Path]):
    pytest.importorskip("datasette")
    db = checked[0]
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "datasette", "serve", str(db), "--host", "127.0.0.1",
                               "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/results"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get_json(f"http://127.0.0.1:{port}/-/versions.json")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("datasette did not start: " + (server.stdout.read().decode() if server.poll() is not None else ""))  # type: ignore[union-attr]
                time.sleep(0.3)
        posts = get_json(f"{base}/posts.json?_shape=array&_sort=seq")
        assert [p["post_id"] for p in posts] == ["p1", "p2", "p3"]  # type: ignore[index, union-attr]
        found = get_json(f"{base}/posts.json?_shape=array&_search=exhibitors")
        assert [p["post_id"] for p in found] == ["p1"]  # type: ignore[index, union-attr]
        matches = get_json(f"{base}/matches.json?_shape=array&_labels=on")
        assert matches and all(m["article_id"] for m in matches)  # type: ignore[union-attr, index]
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if server.stdout is not None:
            server.stdout.close()


def test_export_keeps_a_post_whose_anchors_sit_among_hashtags(tmp_path: Path) -> None:
    """Seventh trial: a post with "#China-#Africa #Cooperation" shares a name whose words the
    report gives as anchors read them ("Africa  Cooperation": a hashtag's # is a space there),
    and export --posts refused the very file that was checked as "does not fit the report"."""
    from sourcetrace import index as ix
    from sourcetrace.records import Article

    article = {"id": "pd-1", "outlet": "peoples_daily", "lang": "en", "published_at": "2023-11-16T00:00:00Z",
               "text": "The 2nd Forum on China-Africa Cooperation in Agriculture was held in Sanya, south China's"
                       " Hainan Province, from Nov. 13 to Nov. 15, 2023. Ministers from 40 countries attended."}
    index = tmp_path / "idx"
    ix.build(index, [Article.from_dict(article)], encoder="hash")
    post = {"id": "1725023390556103017", "author": "PDOAUS", "created_at": "2023-11-16T05:30:00Z", "lang": "en",
            "text": "The 2nd Forum on #China-#Africa #Cooperation in #Agriculture was held in Sanya, south"
                    " China's Hainan Province, from Nov. 13 to Nov. 15, 2023.\nhttps://t.co/yOeXlojd4B"}
    posts = write_jsonl(tmp_path / "posts.jsonl", [post])
    report = tmp_path / "r.jsonl"
    assert invoke("check", posts, "--index", index, "-o", report, "-q").exit_code == 0
    anchors = json.loads(report.read_text())["matches"][0]["evidence"]["anchors"]
    assert any(post["text"][a["post_span"][0]:a["post_span"][1]] != a["post"] for a in anchors)  # a # among them
    db = tmp_path / "r.db"
    result = invoke("export", report, "--sqlite", db, "--posts", posts)
    assert result.exit_code == 0 and "do not fit" not in result.output and "does not fit" not in result.output
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT text FROM posts").fetchone()[0] == post["text"]
