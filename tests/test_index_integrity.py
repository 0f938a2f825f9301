"""What an index holds is what it says (fourth trial): vectors that are not their passages' are
found by `index verify`, a manifest without checksums or with a byte order mark is answered in
one line, and a NUL character never reaches the store, nor bricks an index an earlier version
wrote with one."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from sourcetrace import encoders, records
from sourcetrace import index as ix
from sourcetrace.cli.main import app
from sourcetrace.errors import EncoderError, IndexFolderError, InputError
from sourcetrace.index.vectorcheck import MIN_COSINE, sample_pids
from sourcetrace.records import Article, Post

from .conftest import ARTICLES, HashEncoder, write_jsonl

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


def reorder_vectors(path: Path, how: str = "roll", encoder: int = 0) -> Path:
    """Reorder the rows of an encoder's vector file ("roll": each row moves down one; "reverse")."""
    file = path / manifest(path)["encoders"][encoder]["file"]
    rows = np.load(file)
    np.save(file, np.roll(rows, 1, axis=0) if how == "roll" else rows[::-1].copy())
    forge(path)
    return file


# ---- vectors against their passages' text ----------------------------------------------------


def test_sample_is_spread_over_the_whole_index() -> None:
    assert sample_pids(0).tolist() == []
    assert sample_pids(5).tolist() == [0, 1, 2, 3, 4]
    pids = sample_pids(10_000)
    assert len(pids) == 64 and pids[0] == 0 and pids[-1] == 9_999
    assert np.diff(pids).max() - np.diff(pids).min() <= 1  # evenly spaced


def test_an_intact_index_passes_the_vector_check(small_index: Path) -> None:
    report = ix.verify(small_index)
    passages = manifest(small_index)["counts"]["passages"]
    assert report.ok, report.errors
    assert f"hash vectors against {passages} passages' text" in report.checked


@pytest.mark.parametrize("how", ["roll", "reverse"])
def test_vectors_reordered_with_checksums_recomputed_are_found(small_index: Path, how: str) -> None:
    reorder_vectors(small_index, how)
    passages = manifest(small_index)["counts"]["passages"]
    moved = passages if how == "roll" else passages - passages % 2  # reversed: the middle row stays
    report = ix.verify(small_index)
    assert not report.ok
    assert [e.split(" (")[0] for e in report.errors] == [
        f"hash vectors: {moved} of {passages} sampled passages do not match their text"]
    assert "reordered or replaced" in report.errors[0] and "rebuild the index" in report.errors[0]
    result = runner.invoke(app, ["index", "verify", "--index", str(small_index)])
    assert result.exit_code == 1 and "error: hash vectors: " in result.stderr


def test_one_encoders_rows_of_two_are_checked_on_their_own(tmp_path: Path) -> None:
    path = tmp_path / "two"
    ix.build(path, [Article.from_dict(a) for a in ARTICLES], encoder="hash+hash2")
    reorder_vectors(path, encoder=1)
    report = ix.verify(path)
    assert len(report.errors) == 1 and report.errors[0].startswith("hash2 vectors: ")
    assert any(c.startswith("hash vectors against ") for c in report.checked)


def test_a_lexical_index_loads_no_encoder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "lexical"
    ix.build(path, [Article.from_dict(a) for a in ARTICLES], encoder="none")

    def no_load(name: str) -> Any:
        raise AssertionError(f"loaded {name}")

    monkeypatch.setattr(encoders, "load", no_load)
    report = ix.verify(path)
    assert report.ok and report.warnings == [] and not any("against" in c for c in report.checked)


def test_an_encoder_that_cannot_be_loaded_here_is_a_warning(small_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> Any:
        raise EncoderError(f"unknown encoder {name!r}")

    monkeypatch.setattr(encoders, "load", missing)
    report = ix.verify(small_index)
    assert report.ok
    assert report.warnings == ["hash vectors not compared with their passages' text (unknown encoder 'hash')"]


def test_an_encoder_that_changed_is_an_error(small_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Drifted(HashEncoder):
        """The same name, other vectors: as a new version of a model would give."""

        def encode(self, texts: Sequence[str], kind: str = "passage") -> np.ndarray:
            rows = super().encode(texts, kind)
            return np.roll(rows, 7, axis=1)

    class Wider(HashEncoder):
        dim = 300

    monkeypatch.setitem(encoders.REGISTRY, "hash", Drifted)
    report = ix.verify(small_index)
    assert not report.ok and "or the hash model changed" in report.errors[0]
    monkeypatch.setitem(encoders.REGISTRY, "hash", Wider)
    assert ix.verify(small_index).errors == [
        "encoder 'hash' now gives 300-d vectors, the index holds 256-d; rebuild the index"]


@pytest.mark.slow
def test_a_real_model_separates_a_passage_from_the_others(tmp_path: Path) -> None:
    """minilm (the small English test model): its own passages agree to float noise, well above
    MIN_COSINE, and shifted rows fall below it."""
    path = tmp_path / "minilm"
    ix.build(path, [Article.from_dict(a) for a in ARTICLES], encoder="minilm")
    assert ix.verify(path).ok
    reorder_vectors(path)
    report = ix.verify(path)
    assert not report.ok and report.errors[0].startswith("minilm vectors: ")
    highest = float(report.errors[0].split("(cosine ")[1].split(" with")[0].split(" to ")[1])
    assert highest < MIN_COSINE


# ---- damaged vectors at query and check time (seventh trial) -------------------------------

EXPO = ARTICLES[0]["text"].split("\n")[1]


def damage_vectors(path: Path, how: str) -> Path:
    """Damage the first encoder's vector file without touching the manifest (its checksum stays)."""
    file = path / manifest(path)["encoders"][0]["file"]
    rows = np.load(file)
    if how == "shuffle":
        rows = rows[np.random.default_rng(1).permutation(len(rows))]
    elif how == "zero":
        rows[:] = 0
    else:
        rows[0, 0] = np.nan
    np.save(file, rows)
    return file


@pytest.mark.parametrize("how", ["shuffle", "zero", "nan"])
def test_query_and_check_refuse_vectors_changed_since_written(small_index: Path, tmp_path: Path, how: str) -> None:
    """Shuffled rows reported false copies at 1.00, zeroed or NaN rows turned copies into
    no_match, all without a word; now the commands refuse in one line naming the file."""
    file = damage_vectors(small_index, how)
    posts = write_jsonl(tmp_path / "posts.jsonl", [{"id": "p1", "text": EXPO}])
    out = tmp_path / "out.jsonl"
    # trial 9: `index stats` described such an index and exited 0
    for args in (["query", EXPO], ["check", str(posts), "-o", str(out)], ["index", "stats"]):
        result = runner.invoke(app, [*args, "--index", str(small_index)])
        assert result.exit_code == 1, result.output
        line = result.output.strip()
        assert "\n" not in line and "Traceback" not in line
        assert str(file) in line and "checksum mismatch" in line and "sourcetrace index verify" in line
    assert not out.exists()


def test_nan_rows_under_a_matching_checksum_are_refused(small_index: Path) -> None:
    """A NaN row the manifest vouches for (a forged checksum, or a writer without the check) is
    still refused: its passage could never be found."""
    file = damage_vectors(small_index, "nan")
    forge(small_index)
    with pytest.raises(IndexFolderError, match=r"row 0 holds NaN or infinite values.*index verify"):
        ix.Index.open(small_index).check_vectors()
    assert any("row 0 holds NaN" in e for e in ix.verify(small_index, embed=False).errors), file


def test_an_intact_index_passes_the_query_time_check(small_index: Path) -> None:
    index = ix.Index.open(small_index)
    index.check_vectors()  # raises nothing
    index.close()
    result = runner.invoke(app, ["query", EXPO, "--index", str(small_index), "--json"])
    assert result.exit_code == 0 and json.loads(result.output)["matches"], result.output


def _count_hashes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every vector file hashed from now on, whatever its size, with the verified-record cache
    under `tmp_path`: a list that grows by one per hash."""
    from sourcetrace.index import checked, vectorcheck

    monkeypatch.setattr(checked, "QUICK_BYTES", 0)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("SOURCETRACE_MODEL_CACHE", raising=False)
    hashed: list[int] = []
    real = vectorcheck._hash_and_first_nonfinite
    monkeypatch.setattr(vectorcheck, "_hash_and_first_nonfinite",
                        lambda *args: hashed.append(1) or real(*args))
    return hashed


def test_a_large_vector_file_is_hashed_once_then_again_when_its_bytes_change(
        small_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above QUICK_BYTES a file that hashed right is recorded in the user's own cache (never in
    the shared index folder) and not hashed again; changing its bytes, even with its size and
    modification time put back, changes its ctime and it is hashed (and refused) again."""
    hashed = _count_hashes(tmp_path, monkeypatch)
    files_before = sorted(p.name for p in small_index.iterdir())
    for _ in range(2):
        index = ix.Index.open(small_index)
        index.check_vectors()
        index.close()
    assert len(hashed) == 1
    assert len(list((tmp_path / "cache" / "sourcetrace" / "verified").iterdir())) == 1
    assert sorted(p.name for p in small_index.iterdir()) == files_before
    file = small_index / manifest(small_index)["encoders"][0]["file"]
    st = file.stat()
    rows = np.load(file)
    rows[[0, 1]] = rows[[1, 0]]
    np.save(file, rows)
    os.utime(file, ns=(st.st_atime_ns, st.st_mtime_ns))
    index = ix.Index.open(small_index)
    with pytest.raises(IndexFolderError, match="checksum mismatch"):
        index.check_vectors()
    index.close()
    assert len(hashed) == 2


def test_a_record_folder_others_may_write_is_not_trusted(
        small_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A record another user could have planted proves nothing: the file is hashed again."""
    hashed = _count_hashes(tmp_path, monkeypatch)
    index = ix.Index.open(small_index)
    index.check_vectors()
    (tmp_path / "cache" / "sourcetrace" / "verified").chmod(0o777)
    index.check_vectors()
    index.close()
    assert len(hashed) == 2


def test_an_encoder_giving_nan_writes_no_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class NanEncoder(HashEncoder):
        def encode(self, texts: Sequence[str], kind: str = "passage") -> np.ndarray:
            out = super().encode(texts, kind)
            out[-1, 3] = np.inf
            return out

    monkeypatch.setitem(encoders.REGISTRY, "hash", NanEncoder)
    with pytest.raises(EncoderError, match="NaN or infinite values for passage"):
        ix.build(tmp_path / "idx", [Article.from_dict(a) for a in ARTICLES], encoder="hash")
    assert not (tmp_path / "idx" / "manifest.json").exists()


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


@pytest.mark.parametrize("how", ["roll", "reverse"])
def test_a_semantic_match_is_not_reported_on_rows_forged_with_their_checksum(small_index: Path, how: str,
                                                                              tmp_path: Path) -> None:
    """Rows reordered and the manifest's checksum recomputed pass the query-time checksum check
    (the checksum lives in the same shared folder); a trial left it to `index verify`. The rows
    behind a semantic match are now embedded again before it is reported: query and check
    refuse the index in one line instead of reporting a copy on another passage's vector."""
    reorder_vectors(small_index, how)
    posts = write_jsonl(tmp_path / "posts.jsonl", [{"id": "p1", "text": EXPO}])
    out = tmp_path / "out.jsonl"
    for args in (["query", EXPO], ["check", str(posts), "-o", str(out)]):
        result = runner.invoke(app, [*args, "--index", str(small_index)])
        assert result.exit_code == 1, result.output
        line = result.output.strip()
        assert "\n" not in line and "Traceback" not in line
        assert "vectors of passage" in line and "are not that passage's" in line and "index verify" in line


def test_rows_behind_a_match_are_embedded_again_once(small_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An intact index reports as before, and a passage's rows are confirmed once per open index."""
    index = ix.Index.open(small_index)
    calls: list[int] = []
    model = index.encoder("hash")
    original = model.encode

    def counted(texts: Sequence[str], kind: str = "passage") -> np.ndarray:
        calls.append(len(texts))
        return original(texts, kind)

    monkeypatch.setattr(model, "encode", counted)
    index.confirm_rows("hash", [0, 1, 1])
    index.confirm_rows("hash", [1, 0])
    assert calls == [2]
    index.close()
