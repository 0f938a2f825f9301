"""What an index holds is what it says (fourth trial): a manifest without checksums or with a
byte order mark is answered in one line, and a NUL character never reaches the store, nor bricks
an index an earlier version wrote with one."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sourcetrace import index as ix
from sourcetrace import records
from sourcetrace.cli.main import app
from sourcetrace.errors import IndexFolderError, InputError
from sourcetrace.records import Article, Post

from .conftest import ARTICLES, write_jsonl

runner = CliRunner()
NUL_TEXT = ("Chinese President has ordered all-out efforts to rescue the injured after a fire accident."
            " Rescue work\x00 continues at the site in Shanxi.")
CLEAN_TEXT = NUL_TEXT.replace("\x00", "")
NEW = {"id": "a2", "text": "Another article about something else entirely for the add test, long enough."}


def manifest(path: Path) -> dict[str, Any]:
    return json.loads((path / "manifest.json").read_text("utf-8"))


def forge(path: Path) -> None:
    """Recompute the manifest's checksums, as a third party editing the folder would."""
    data = manifest(path)
    data["checksums"] = {name: hashlib.sha256((path / name).read_bytes()).hexdigest() for name in data["checksums"]}
    (path / "manifest.json").write_text(json.dumps(data), "utf-8")


# ---- the manifest ----------------------------------------------------------------------------


def test_a_manifest_without_checksums_is_refused_in_one_line(small_index: Path, articles_file: Path) -> None:
    data = manifest(small_index)
    del data["checksums"]
    (small_index / "manifest.json").write_text(json.dumps(data), "utf-8")
    report = ix.verify(small_index)
    assert not report.ok and report.errors[0].startswith("manifest.json: no checksums (")
    with pytest.raises(IndexFolderError, match="no checksums"):
        ix.add(small_index, [Article.from_dict(NEW)])
    with pytest.raises(IndexFolderError, match="no checksums"):
        ix.Index.open(small_index)
    result = runner.invoke(app, ["index", "verify", "--index", str(small_index)])
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_a_manifest_with_a_byte_order_mark_is_read(small_index: Path) -> None:
    """RFC 8259 lets a reader skip the BOM an editor may add; the writer never writes one."""
    text = (small_index / "manifest.json").read_text("utf-8")
    (small_index / "manifest.json").write_text("\ufeff" + text, "utf-8")
    assert ix.verify(small_index).ok
    ix.Index.open(small_index).close()
    ix.add(small_index, [Article.from_dict(NEW)])
    assert not (small_index / "manifest.json").read_bytes().startswith(b"\xef\xbb\xbf")
    assert ix.verify(small_index).ok


# ---- NUL characters --------------------------------------------------------------------------


def test_records_lose_their_nul_characters_and_say_so() -> None:
    said: list[str] = []
    article = Article.from_dict({"text": NUL_TEXT, "title": "Fire\x00", "id": "\x00"}, warn=said.append)
    assert (article.text, article.title) == (CLEAN_TEXT, "Fire")
    assert article.id == records.content_hash(CLEAN_TEXT)[:16]  # an id of NULs only is none
    assert said[0] == "'text' held characters that cannot be stored: 1 NUL character removed"
    post = Post.from_dict({"text": "x\x00y\ud800", "author": "a\x00"})
    assert (post.text, post.author) == ("xy\ufffd", "a")
    with pytest.raises(InputError, match="empty 'text' once its NUL characters are removed"):
        Article.from_dict({"text": "\x00\x00"})


def test_an_article_with_a_nul_builds_an_index_that_verifies_and_grows(tmp_path: Path) -> None:
    arts = write_jsonl(tmp_path / "a.jsonl", [{"id": "a1", "text": NUL_TEXT}])
    path = tmp_path / "idx"
    result = runner.invoke(app, ["index", "build", str(arts), "--encoder", "none", "--index", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 NUL character removed — kept" in result.stderr
    assert ix.verify(path).ok
    result = runner.invoke(app, ["index", "add", str(write_jsonl(tmp_path / "b.jsonl", [NEW])), "--index", str(path)])
    assert result.exit_code == 0, result.output
    loaded = ix.Index.open(path)
    assert loaded.store.text_of("a1") == CLEAN_TEXT
    loaded.close()


def test_an_index_an_earlier_version_wrote_with_a_nul_is_not_bricked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old"
    with monkeypatch.context() as m:  # as sourcetrace before this fix: NUL kept
        m.setattr(records, "scrub", lambda value: (value, 0))
        ix.build(path, [Article.from_dict({"id": "a1", "text": NUL_TEXT})], encoder="hash")
    report = ix.verify(path)
    assert report.ok, report.errors  # SQLite's length() stops at the NUL: the spans are right
    assert report.warnings[0].startswith("NUL characters in 1 article (stored by an earlier sourcetrace")
    ix.add(path, [Article.from_dict(NEW)])
    assert manifest(path)["counts"]["articles"] == 2 and ix.verify(path).ok
    # a span past the end of such a text is still found
    store = path / manifest(path)["files"]["store"]
    with sqlite3.connect(store) as conn:
        conn.execute("UPDATE passages SET end = 500 WHERE pid = 1")
    conn.close()
    forge(path)
    assert "1 passages point outside their article's text" in ix.verify(path).errors


def test_a_post_with_a_nul_goes_whole_into_the_sqlite_file(tmp_path: Path, small_index: Path) -> None:
    text = ARTICLES[1]["text"].replace("villages", "vil\x00lages")
    posts = write_jsonl(tmp_path / "p.jsonl", [{"id": "p1", "text": text}])
    db = tmp_path / "r.db"
    result = runner.invoke(app, ["check", str(posts), "--index", str(small_index), "-o", str(tmp_path / "r.jsonl"),
                                 "--sqlite", str(db)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        stored, length = conn.execute("SELECT text, length(text) FROM posts").fetchone()
    conn.close()
    assert stored == ARTICLES[1]["text"] and length == len(stored)
