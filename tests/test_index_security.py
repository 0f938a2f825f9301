"""Untrusted index folders (issue 15, kind 1): confined paths, a manifest schema, checked files,
SQLite opened so that nothing stored in it runs, no write on top of damage, one-line errors."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from sourcetrace import index as ix
from sourcetrace.cli.main import app
from sourcetrace.errors import EncoderError, IndexFolderError
from sourcetrace.index import ann as ix_ann
from sourcetrace.index.files import json_depth_exceeds
from sourcetrace.index.store import Store
from sourcetrace.records import Article

from .conftest import ARTICLES, set_nested, write_jsonl

runner = CliRunner()
QUERY = ARTICLES[1]["text"].split(". ")[0] + "."
NEW = [Article(id="n1", text="One more article about a new bridge over the river, long enough to index.")]


# ---- fixtures and helpers ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Built once: a small index with hash vectors, and one with an IVF index (ANN lowered)."""
    root = tmp_path_factory.mktemp("templates")
    ix.build(root / "small", [Article.from_dict(a) for a in ARTICLES], encoder="hash")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ix_ann, "ANN_MIN_ROWS", 40)
        rows = [Article(id=f"s{i}", text=f"Synthetic article {i} reports that the port of city {i} reopened"
                        f" after repairs to berth {i * 7}. Officials said trade volume rose by {i} percent.")
                for i in range(60)]
        ix.build(root / "ivf", rows, encoder="hash")
    return {"small": root / "small", "ivf": root / "ivf"}


@pytest.fixture
def idx(templates: dict[str, Path], tmp_path: Path) -> Path:
    path = tmp_path / "idx"
    shutil.copytree(templates["small"], path)
    return path


@pytest.fixture
def ivf(templates: dict[str, Path], tmp_path: Path) -> Path:
    path = tmp_path / "ivf"
    shutil.copytree(templates["ivf"], path)
    return path


def manifest(path: Path) -> dict[str, Any]:
    return json.loads((path / "manifest.json").read_text())


def write_manifest(path: Path, data: Any) -> None:
    (path / "manifest.json").write_text(json.dumps(data))


def forge(path: Path) -> None:
    """Recompute the manifest's checksums, as someone forging a folder would: only the
    structural checks can then tell."""
    data = manifest(path)
    data["checksums"] = {
        name: hashlib.sha256((path / name).read_bytes()).hexdigest() for name in data["checksums"]
    }
    write_manifest(path, data)


def file_of(path: Path, key: str) -> Path:
    data = manifest(path)
    return path / (data["encoders"][0]["file"] if key == "vectors" else data["files"][key])


def snapshot(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.is_file() and not p.is_symlink()}


def one_line_error(*args: Any, input: str | None = None) -> str:
    """Run a command that must fail as a user error: exit 1, one `Error:` line, no traceback."""
    result = runner.invoke(app, [str(a) for a in args], input=input)
    assert result.exit_code == 1, (args, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    return errors[0]


def every_command_fails(path: Path, tmp_path: Path, expected: str) -> None:
    """query, check, index stats, index add and index verify each fail with one line."""
    posts = write_jsonl(tmp_path / "posts.jsonl", [{"id": "p", "text": QUERY}])
    articles = write_jsonl(tmp_path / "new.jsonl", [{"id": "n9", "text": NEW[0].text}])
    for args in (("query", QUERY), ("check", posts), ("index", "stats"), ("index", "add", articles, "-q"),
                 ("index", "verify")):
        line = one_line_error(*args, "--index", path)
        if args[:2] == ("index", "add"):
            assert "does not verify" in line or expected in line, line
        elif args[:2] != ("index", "verify"):
            assert expected in line, (args, line)


# ---- confinement: paths, links, special files --------------------------------------------------

def test_manifest_naming_files_outside_is_refused_and_nothing_is_written(idx: Path, tmp_path: Path) -> None:
    """S_index_path_escape: a folder holding only a manifest that names another index's files."""
    shared = tmp_path / "shared"
    shared.mkdir()
    data = manifest(idx)
    for key in ("store", "minhash", "lsh_keys", "lsh_ids"):
        data["files"][key] = f"../idx/{data['files'][key]}"
    data["checksums"] = {f"../idx/{n}": hashlib.sha256((idx / n).read_bytes()).hexdigest()
                         for n in manifest(idx)["files"].values()}
    write_manifest(shared, data)
    with pytest.raises(IndexFolderError, match=r"files\.\w+ is '\.\./idx/"):
        ix.Index.open(shared)
    report = ix.verify(shared)
    assert not report.ok and all(e.startswith("manifest.json: ") for e in report.errors)
    every_command_fails(shared, tmp_path, "manifest.json: files.")
    assert sorted(p.name for p in shared.iterdir()) == [".lock", "manifest.json"]


@pytest.mark.parametrize("name", ["/etc/passwd", "../victim/minhash-g000001.npy", "minhash-g000002.npy",
                                  "sub/minhash-g000001.npy", "minhash-g000001.npy\x00", 7, None])
def test_only_this_generations_own_file_names_are_accepted(idx: Path, name: Any) -> None:
    data = manifest(idx)
    data["files"]["minhash"] = name
    write_manifest(idx, data)
    with pytest.raises(IndexFolderError, match="files.minhash is"):
        ix.Index.open(idx)


def test_a_symlinked_file_is_refused_even_with_matching_checksums(idx: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    for key in ("store", "minhash", "vectors"):
        target = outside / file_of(idx, key).name
        shutil.copy(file_of(idx, key), target)
        file_of(idx, key).unlink()
        file_of(idx, key).symlink_to(target)
        with pytest.raises(IndexFolderError, match="symbolic link"):
            ix.Index.open(idx)
        assert any("symbolic link" in e for e in ix.verify(idx).errors)
        file_of(idx, key).unlink()
        shutil.move(target, file_of(idx, key))
    (idx / "manifest.json").rename(outside / "manifest.json")
    (idx / "manifest.json").symlink_to(outside / "manifest.json")
    with pytest.raises(IndexFolderError, match="symbolic link"):
        ix.Index.open(idx)


def test_fifo_folder_or_only_a_manifest_fails_at_once(idx: Path, tmp_path: Path) -> None:
    store = file_of(idx, "store")
    store.unlink()
    os.mkfifo(store)  # opening it for reading would block without a writer
    with pytest.raises(IndexFolderError, match="not a regular file"):
        ix.Index.open(idx)
    assert any("not a regular file" in e for e in ix.verify(idx).errors)
    store.unlink()
    store.mkdir()
    with pytest.raises(IndexFolderError, match="not a regular file"):
        ix.Index.open(idx)
    only = tmp_path / "only"
    only.mkdir()
    shutil.copy(idx / "manifest.json", only / "manifest.json")
    every_command_fails(only, tmp_path, "cannot be opened")


def test_writer_never_follows_a_planted_link(idx: Path, tmp_path: Path) -> None:
    """A shared folder can plant links where the next generation's files, or the lock, will be."""
    victim = tmp_path / "victim.txt"
    victim.write_text("the user's own file")
    (idx / "minhash-g000002.npy").symlink_to(victim)
    (idx / "store-g000002.sqlite-journal").symlink_to(victim)
    (idx / "manifest.json.g000002.tmp").symlink_to(victim)
    ix.add(idx, NEW)
    assert victim.read_text() == "the user's own file"
    assert ix.verify(idx).ok and not (idx / "minhash-g000002.npy").is_symlink()
    (idx / ".lock").unlink()
    (idx / ".lock").symlink_to(tmp_path / "created-by-the-lock")
    with pytest.raises(IndexFolderError, match=r"\.lock: cannot be opened"):
        ix.add(idx, NEW)
    assert not (tmp_path / "created-by-the-lock").exists()


def test_a_folder_in_place_of_a_file_or_a_file_in_place_of_the_folder(idx: Path, tmp_path: Path) -> None:
    (idx / "minhash-g000002.npy").mkdir()
    before = snapshot(idx)
    with pytest.raises(IndexFolderError, match="a folder where a file of the next generation goes"):
        ix.add(idx, NEW)
    assert snapshot(idx) == before and ix.verify(idx).ok
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    for call in (lambda: ix.add(not_a_folder, NEW), lambda: ix.Index.open(not_a_folder)):
        with pytest.raises(IndexFolderError, match=rf"^{re.escape(str(not_a_folder))}: not an index folder \(a file\)"):
            call()
    assert not_a_folder.read_text() == "x"


# ---- the manifest's schema ---------------------------------------------------------------------

def _set(*keys: Any, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        set_nested(data, keys, value)
    return change


@pytest.mark.parametrize("change, message", [
    (_set("generation", value="x"), "generation is not an integer"),
    (_set("generation", value=-1), "generation is not an integer"),
    (_set("generation", value=True), "generation is not an integer"),
    (_set("files", value=KeyError), "files is not an object"),
    (_set("minhash", "evil", value=1), "minhash has unknown keys 'evil'"),
    (_set("minhash", "num_perm", value=0), "minhash.num_perm"),
    (_set("minhash", "threshold", value="0.3"), "minhash.threshold"),
    (_set("minhash", "seed", value=2**40), "minhash.seed"),
    (_set("lsh", value={"bands": 0, "rows": 0}), "lsh.bands"),
    (_set("lsh", value={"bands": 200, "rows": 200}), "more than minhash.num_perm"),
    (_set("counts", "passages", value=-1), "counts.passages"),
    (_set("counts", "passages", value=[1]), "counts.passages"),
    (_set("encoders", 0, "dim", value="256"), r"encoders\[0\].dim"),
    (_set("encoders", 0, "name", value="hash\x1b]0;x\x07"), r"encoders\[0\].name"),
    (_set("encoders", 0, "name", value="st:../../model"), r"encoders\[0\].name"),
    (_set("encoders", 0, "extra", value=1), "encoder entry has unknown keys"),
    (_set("encoders", value={"name": "hash"}), "encoders is not a list"),
    (_set("encoder", value="other"), "encoder does not match"),
    (_set("files", "pickle", value="x.pkl"), "unknown key 'pickle'"),
    (_set("checksums", "store-g000001.sqlite", value="not hex"), "not a SHA-256"),
    (_set("checksums", "/etc/passwd", value="0" * 64), "not a file of this generation"),
    (_set("created_at", value={"$date": 1}), "created_at"),
    (_set("schema", value=99), "index schema 99 is not 1; rebuild"),
    (_set("normalizer_version", value=None), "text normaliser"),
])
def test_manifest_schema(idx: Path, change: Callable[[dict[str, Any]], None], message: str) -> None:
    data = manifest(idx)
    change(data)
    write_manifest(idx, data)
    with pytest.raises(IndexFolderError, match=message):
        ix.Index.open(idx)
    report = ix.verify(idx)
    assert not report.ok and any(re.search(message, e) for e in report.errors), report.errors


def test_unknown_top_level_keys_are_ignored_on_purpose(idx: Path) -> None:
    data = manifest(idx)
    data["comment"] = {"made": "by hand"}
    write_manifest(idx, data)
    assert ix.Index.open(idx).manifest["counts"] == data["counts"]
    assert ix.verify(idx).ok
    ix.add(idx, NEW)
    assert "comment" not in manifest(idx)  # the next write drops what nothing reads


@pytest.mark.parametrize("text, message", [
    ("[" * 100_000 + "]" * 100_000, "nested deeper than 8"),
    ('{"a": NaN}', "NaN is not a JSON number"),
    ('{"schema": 1, "schema": 1}', "repeated"),
    ("\xff\xfe{}", "unreadable manifest"),
    ("[]", "not a JSON object"),
    ('{"x": "' + "a" * (1 << 20) + '"}', "more than the 1,048,576 allowed"),
])
def test_manifest_is_bounded_before_it_is_parsed(idx: Path, text: str, message: str) -> None:
    (idx / "manifest.json").write_text(text, "utf-8")
    with pytest.raises(IndexFolderError, match=message):
        ix.Index.open(idx)
    try:  # verify reports what it can parse, and raises when there is nothing to check
        errors = ix.verify(idx).errors
    except IndexFolderError as exc:
        errors = [str(exc)]
    assert len(errors) == 1 and message.split(" ")[0] in errors[0]


def test_json_depth_scan_ignores_brackets_inside_strings() -> None:
    assert not json_depth_exceeds('{"a": "[[[[[[\\"[[[[[", "b": [[1]]}', 3)
    assert json_depth_exceeds('{"a": [[[1]]]}', 3)


# ---- files: arrays and faiss -------------------------------------------------------------------

@pytest.mark.parametrize("key, damage, message", [
    ("minhash", lambda a: np.array([{"a": 1}], dtype=object), r"dtype \|O, expected <u8"),
    ("minhash", lambda a: np.zeros(a.shape, np.float64), "dtype <f8"),
    ("minhash", lambda a: a.astype(">u8"), "dtype >u8"),
    ("minhash", lambda a: a[:-1], "shape"),
    ("minhash", lambda a: np.ascontiguousarray(a.T), "shape"),
    ("minhash", lambda a: np.asfortranarray(a[:, :2].repeat(64, axis=1)), "Fortran"),
    ("vectors", lambda a: a.astype(np.float64), "dtype <f8"),
    ("vectors", lambda a: a[:, :8], "shape"),
    ("lsh_ids", lambda a: a.astype(np.float32), "dtype <f4"),
    ("lsh_keys", lambda a: np.vstack([a, a]), "shape"),
])
def test_arrays_are_checked_before_they_are_mapped(
    idx: Path, tmp_path: Path, key: str, damage: Callable[[np.ndarray], np.ndarray], message: str
) -> None:
    file = file_of(idx, key)
    np.save(file, damage(np.load(file)), allow_pickle=True)
    forge(idx)
    with pytest.raises(IndexFolderError, match=message):
        ix.Index.open(idx)
    assert any(re.search(message, e) for e in ix.verify(idx).errors)
    one_line_error("query", QUERY, "--index", idx)


@pytest.mark.parametrize("cut", [0, 5, 60, -1])
def test_truncated_or_garbage_arrays(idx: Path, cut: int) -> None:
    file = file_of(idx, "minhash")
    data = file.read_bytes()
    file.write_bytes(data[:cut] if cut >= 0 else os.urandom(len(data)))
    forge(idx)
    with pytest.raises(IndexFolderError, match=r"minhash-g000001\.npy"):
        ix.Index.open(idx)
    assert not ix.verify(idx).ok


def test_the_ivf_file_is_parsed_before_faiss_reads_it(ivf: Path) -> None:
    entry = manifest(ivf)["encoders"][0]
    assert "ann" in entry
    file = ivf / entry["ann"]
    good = file.read_bytes()
    damaged = {
        "garbage": os.urandom(len(good)),
        "truncated": good[: len(good) // 2],
        "padded": good + b"\0" * 8,
        "wrong dimension": good[:4] + (7).to_bytes(4, "little") + good[8:],
        "huge list": good.replace(b"ilar", b"ilar", 1)[: good.index(b"ilar") + 4]
        + (1 << 60).to_bytes(8, "little") + good[good.index(b"ilar") + 12 :],
    }
    for what, data in damaged.items():
        file.write_bytes(data)
        forge(ivf)
        with pytest.raises(IndexFolderError, match="IVF|faiss"):
            ix.Index.open(ivf)
        assert not ix.verify(ivf).ok, what
    file.write_bytes(good)
    forge(ivf)
    assert ix.verify(ivf).ok


def test_forged_ivf_ids_are_refused_by_verify_and_harmless_to_queries(ivf: Path, tmp_path: Path) -> None:
    from sourcetrace.index.ann import ivf_layout

    data = manifest(ivf)
    entry, n = data["encoders"][0], data["counts"]["passages"]
    layout = ivf_layout(ivf, entry["ann"], n, entry["dim"])
    raw = bytearray((ivf / entry["ann"]).read_bytes())
    offset, size = layout.lists[0]
    raw[offset : offset + 8 * size] = np.full(size, 10**9, dtype="<i8").tobytes()
    (ivf / entry["ann"]).write_bytes(bytes(raw))
    forge(ivf)
    assert any("passage ids outside" in e for e in ix.verify(ivf).errors)
    loaded = ix.Index.open(ivf)
    vecs = loaded.encoder("hash").encode([QUERY])
    _, ids = loaded.ann("hash").search(vecs, 5)
    assert ids.max() < n
    loaded.close()
    with pytest.raises(IndexFolderError, match="does not verify"):
        ix.add(ivf, NEW)


# ---- the SQLite store ---------------------------------------------------------------------------

def _sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(file_of(path, "store"))
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


@pytest.mark.parametrize("statements, message", [
    (["CREATE TRIGGER t AFTER INSERT ON articles BEGIN DELETE FROM passages; END"], "unexpected trigger 't'"),
    (["CREATE VIEW v AS SELECT * FROM articles"], "unexpected view 'v'"),
    (["CREATE TABLE evil (x)"], "unexpected table 'evil'"),
    (["CREATE INDEX articles_text ON articles(length(text))"], "unexpected index"),
    (["ALTER TABLE articles DROP COLUMN lang"], "table articles is not defined"),
    (["ALTER TABLE articles DROP COLUMN origin", "ALTER TABLE articles ADD COLUMN origin TEXT DEFAULT 'xinhua'"],
     "table articles is not defined"),
    (["ALTER TABLE passages RENAME TO p2", "CREATE TABLE passages (pid INTEGER PRIMARY KEY, aid, start, end)"],
     "unexpected table 'p2'"),
    (["PRAGMA journal_mode=WAL"], "WAL mode"),
])
def test_a_store_schema_other_than_ours_is_refused(idx: Path, statements: list[str], message: str) -> None:
    _sql(idx, *statements)
    forge(idx)
    with pytest.raises(IndexFolderError, match=message):
        ix.Index.open(idx)
    assert any(re.search(message, e) for e in ix.verify(idx).errors)
    before = snapshot(idx)
    with pytest.raises(IndexFolderError, match="does not verify"):
        ix.add(idx, NEW)
    assert snapshot(idx) == before


def test_a_store_without_the_origin_column_is_accepted(idx: Path) -> None:
    """Stores written before Article.origin lack its nullable column; with and without it they
    open alike, and adding to one adds the column."""
    _sql(idx, "ALTER TABLE articles DROP COLUMN origin")
    forge(idx)
    assert ix.verify(idx).ok
    ix.Index.open(idx).close()
    ix.add(idx, NEW)
    assert ix.verify(idx).ok


def _check_all(path: Path) -> list[dict[str, Any]]:
    """Every fixture sentence, a cut-down copy and an unrelated post, checked against `path`."""
    from sourcetrace.pipeline import open_matcher
    from sourcetrace.records import Post

    texts = [s.strip() + "." for a in ARTICLES for s in a["text"].split(".") if len(s.strip()) > 20]
    texts += [t[: len(t) // 2] for t in texts] + ["Lunch today was great, see you all on Monday."]
    matcher = open_matcher(path)
    try:
        return [matcher.check(Post(text, id=f"p{i}")).to_dict() for i, text in enumerate(texts)]
    finally:
        matcher.index.close()


def _derived_table_is_optional(idx: Path, tmp_path: Path, table: str, junk: str, results: list[Any]) -> Path:
    """A copy of `idx` without `table` (a store written before it) and one whose rows are of
    another version (set to `junk`) verify and check as `idx` does (`results`); returns the
    first, to write to."""
    without = tmp_path / "without"
    shutil.copytree(idx, without)
    _sql(without, f"DROP TABLE {table}")
    forge(without)
    assert ix.verify(without).ok
    assert _check_all(without) == results
    other = tmp_path / "other-version"
    shutil.copytree(idx, other)
    _sql(other, f"UPDATE {table} SET version = 999, {junk}")
    forge(other)
    assert ix.verify(other).ok  # another version's rows are not used, so not checked
    assert _check_all(other) == results
    return without


def test_article_forms_are_stored_at_index_time_and_change_no_result(idx: Path, tmp_path: Path) -> None:
    """Issue 16: each article's shingle text and skeleton are derived once, when it is indexed.
    A store without them (written before 2026-12) or with rows of another version opens and
    checks alike, deriving them from the text; adding to it stores forms for the new articles."""
    from sourcetrace.lexical import FORMS_VERSION, article_forms

    index = ix.Index.open(idx)
    assert index.manifest["article_forms_version"] == FORMS_VERSION
    assert index.stats()["article_forms"] == len(ARTICLES)
    for aid in range(1, len(ARTICLES) + 1):
        text = index.store.article(aid).text
        assert index.store.forms(aid) == article_forms(text)
    index.close()
    stored = _check_all(idx)
    assert any(r["matches"] for r in stored)
    without = _derived_table_is_optional(idx, tmp_path, "article_forms", "shingle_text = 'x', skeleton = 'x'", stored)
    index = ix.Index.open(without)
    assert index.stats()["article_forms"] == 0
    index.close()
    assert "0 of 3 articles (3 indexed by another sourcetrace version" in runner.invoke(
        app, ["index", "stats", "--index", str(without)], terminal_width=200).stdout
    ix.add(without, NEW)
    index = ix.Index.open(without)
    assert index.stats()["article_forms"] == 1
    new_aid = index.store.conn.execute("SELECT aid FROM articles WHERE id = 'n1'").fetchone()[0]
    assert index.store.forms(new_aid) == article_forms(NEW[0].text)
    assert index.store.forms(1) is None
    index.close()
    assert ix.verify(without).ok


def test_forged_article_forms_are_found_by_verify_and_cannot_make_a_copy(idx: Path, tmp_path: Path) -> None:
    """Forms are trusted by verification instead of the text: `index verify` derives each again;
    forms of an impossible shape are a one-line error; and forms that hold a post's text do
    not make it a lexical copy of an article that does not (no exact stretch aligns)."""
    post = "Completely unrelated words about a village football match and its muddy pitch."
    forged = tmp_path / "forged"
    shutil.copytree(idx, forged)
    _sql(forged, f"UPDATE article_forms SET shingle_text = '{post.lower()}', skeleton = '{post.lower()}'")
    forge(forged)
    errors = ix.verify(forged).errors
    assert "3 articles' stored forms differ from their text (article rowids 1, 2, 3; rebuild the index)" in errors
    result = runner.invoke(app, ["query", post, "--index", str(forged), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["matches"] == []
    _sql(forged, "INSERT INTO article_forms VALUES (99999, 1, 'a', 5, 'a')")
    forge(forged)
    assert "1 stored article forms belong to no article" in ix.verify(forged).errors
    blobs = tmp_path / "blobs"
    shutil.copytree(idx, blobs)
    _sql(blobs, "UPDATE article_forms SET shingle_text = CAST(shingle_text AS BLOB)")
    forge(blobs)
    assert "3 stored article forms hold a value of the wrong type (a BLOB or a number)" in ix.verify(blobs).errors
    assert "stored forms are not of its text" in one_line_error("query", QUERY, "--index", blobs)
    _sql(idx, "UPDATE article_forms SET shingle_k = 999")
    forge(idx)
    assert "stored forms are not of its text" in one_line_error("query", QUERY, "--index", idx)


def test_forms_of_a_text_that_folding_lengthens_are_used(tmp_path: Path) -> None:
    """U+FDFA folds to 18 characters: an article full of it has forms far longer than its text,
    which a bound on their length once refused, failing every check (found by a fresh-user
    trial). Forms are bounded by SQLite's value limit, as the text is."""
    text = "Macedonians go to polls in referendum on changing country's name. " + "\ufdfa" * 60
    ix.build(tmp_path / "idx", [Article(id="e", text=text, outlet="rt")], encoder="none")
    assert ix.verify(tmp_path / "idx").ok
    result = runner.invoke(app, ["query", "Macedonians go to polls in referendum on changing country's name",
                                 "--index", str(tmp_path / "idx"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["matches"][0]["article"]["id"] == "e"


@pytest.mark.parametrize("size", [0, 50, 4096, -1])
def test_garbage_or_truncated_store(idx: Path, size: int) -> None:
    store = file_of(idx, "store")
    data = store.read_bytes()
    store.write_bytes(os.urandom(8192) if size < 0 else data[:size])
    forge(idx)
    with pytest.raises(IndexFolderError, match="store-g000001.sqlite"):
        ix.Index.open(idx)
    assert not ix.verify(idx).ok


def test_wrong_types_and_dangling_rows(idx: Path, tmp_path: Path) -> None:
    """S_index_tracebacks blob_text, dangling_aid: one line, or the row skipped; verify counts them."""
    work = tmp_path / "blob"
    shutil.copytree(idx, work)
    _sql(work, "UPDATE articles SET text = X'FFFE00', outlet = X'C3'")
    forge(work)
    errors = ix.verify(work).errors
    assert "3 articles hold a value that is not text (a BLOB or a number)" in errors
    every_command_fails(work, tmp_path, "not text")

    _sql(idx, "UPDATE passages SET aid = 999999")
    forge(idx)
    assert any("belong to no article" in e for e in ix.verify(idx).errors)
    # a damaged index is a one-line error, not a false no_match
    # (the background reads the articles of the nearest passages too: each of them is counted)
    assert re.search(r"\d+ passages? the search found (is|are) not stored or belongs? to no article; run `sourcetrace"
                     r" index verify", one_line_error("query", QUERY, "--index", idx))
    # ... and `index stats` says so too instead of printing counts of a store that cannot be used
    assert "9 passages belong to no article; run `sourcetrace index verify" in one_line_error("index", "stats", "--index", idx)


def test_text_that_is_not_utf8_is_a_one_line_error(idx: Path, tmp_path: Path) -> None:
    conn = sqlite3.connect(file_of(idx, "store"))
    conn.text_factory = bytes
    conn.execute("UPDATE articles SET text = CAST(X'48C3' || CAST(text AS BLOB) AS TEXT)")
    conn.commit()
    conn.close()
    forge(idx)
    assert "3 articles hold text that is not valid UTF-8" in ix.verify(idx).errors
    assert "unreadable store" in one_line_error("query", QUERY, "--index", idx)


def test_a_read_only_store_cannot_be_written_and_trusts_no_schema(idx: Path) -> None:
    store = Store(file_of(idx, "store"), readonly=True)
    assert store.conn.execute("PRAGMA trusted_schema").fetchone()[0] == 0
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        store.conn.execute("DELETE FROM passages")
    store.close()


# ---- no write on top of damage ------------------------------------------------------------------

def test_add_update_and_prune_refuse_a_generation_that_does_not_verify(idx: Path, tmp_path: Path) -> None:
    """S_index_add_launders_damage: zeroed float signatures, garbage LSH arrays."""
    data = manifest(idx)
    n, perm = data["counts"]["passages"], data["minhash"]["num_perm"]
    np.save(file_of(idx, "minhash"), np.zeros((n, perm), dtype=np.float64))
    bands = data["lsh"]["bands"]
    np.save(file_of(idx, "lsh_keys"), np.full((bands, n), 2**63, dtype=np.uint64))
    np.save(file_of(idx, "lsh_ids"), np.full((bands, n), 10**9, dtype=np.int64))
    before = snapshot(idx)
    with pytest.raises(IndexFolderError, match="does not verify .*index verify"):
        ix.add(idx, NEW)
    with pytest.raises(IndexFolderError, match="does not verify"):
        ix.prune(idx, "2030-01-01")
    feeds = tmp_path / "feeds.toml"
    feeds.write_text('[[feed]]\noutlet = "rt"\nlang = "en"\nurl = "https://www.rt.com/rss/"\n')
    line = one_line_error("index", "update", "--feeds", feeds, "--index", idx, "-q")
    assert "does not verify" in line
    assert snapshot(idx) == before
    forge(idx)  # even with matching checksums: the dtype and the LSH bands give it away
    errors = ix.verify(idx).errors
    assert any("dtype <f8" in e for e in errors) and any("LSH band 0" in e for e in errors)
    assert "does not verify" in one_line_error("index", "add", write_jsonl(tmp_path / "n.jsonl", [{"text": NEW[0].text}]),
                                               "--index", idx)


def test_feed_state_with_a_header_injection_is_left_out(idx: Path) -> None:
    ix.add(idx, NEW)  # a generation with files in place; now give it a feed state
    data = manifest(idx)
    name = f"feeds-g{data['generation']:06d}.json"
    (idx / name).write_text(json.dumps({"version": 1, "feeds": {
        "https://a/rss": {"etag": "x\r\nX-Evil: 1", "last_modified": "Mon, 01 Jan 2024 00:00:00 GMT"},
        "https://b/rss": ["not", "an", "object"]}}))
    data["files"]["feeds"] = name
    write_manifest(idx, data)
    forge(idx)
    state = ix.folder.read_feed_state(idx, ix.read_manifest(idx))
    assert state == {"https://a/rss": {"last_modified": "Mon, 01 Jan 2024 00:00:00 GMT"}}
    assert any("feed entries hold fields of the wrong type" in e for e in ix.verify(idx).errors)


# ---- a model named by a local path ----------------------------------------------------------------

def test_a_local_model_named_by_the_manifest_needs_the_users_confirmation(idx: Path, tmp_path: Path) -> None:
    model = f"st:{tmp_path}/planted-model"
    data = manifest(idx)
    data["encoders"][0]["name"] = data["encoder"] = model
    write_manifest(idx, data)
    loaded = ix.Index.open(idx)
    with pytest.raises(IndexFolderError, match="local path .*pass --encoder"):
        loaded.encoder(model)
    loaded.close()
    assert "pass --encoder" in one_line_error("query", QUERY, "--index", idx)
    with pytest.raises(IndexFolderError, match="local path"):
        ix.add(idx, NEW)
    confirmed = ix.Index.open(idx, encoder=model)
    with pytest.raises(EncoderError, match="cannot load"):  # the check passed; no model is there
        confirmed.encoder(model)
    confirmed.close()


# ---- valid folders still open identically ---------------------------------------------------------

def test_checks_leave_a_valid_index_as_it_was(idx: Path, ivf: Path) -> None:
    for path in (idx, ivf):
        report = ix.verify(path)
        assert report.ok and not report.warnings, report.errors
        result = runner.invoke(app, ["query", QUERY, "--index", str(path), "--json"])
        assert result.exit_code == 0, result.output
    assert json.loads(runner.invoke(app, ["query", QUERY, "--index", str(idx), "--json"]).stdout)["status"] == "copy"


def test_anchor_keys_are_stored_at_index_time_and_change_no_result(idx: Path, tmp_path: Path) -> None:
    """Issue 16: each article's anchor key table is derived once, when it is indexed. A store
    without the table (written before 2026-12) or with rows of another version opens and checks
    alike, deriving the keys from the text; adding to it stores keys for the new articles."""
    from sourcetrace import storedkeys

    index = ix.Index.open(idx)
    assert index.manifest["article_anchors_version"] == storedkeys.KEYS_VERSION
    assert index.stats()["article_anchors"] == len(ARTICLES)
    for aid in range(1, len(ARTICLES) + 1):
        text = index.store.article(aid).text
        stored = index.store.anchor_keys(aid)
        assert isinstance(stored, storedkeys._StoredTable)
        assert stored.spans == storedkeys.stored_table(text, storedkeys.stored_keys(text)).spans
    index.close()
    results = _check_all(idx)
    without = _derived_table_is_optional(idx, tmp_path, "article_anchors", "keys = 'x'", results)
    assert "0 of 3 articles (3 indexed by another sourcetrace version" in runner.invoke(
        app, ["index", "stats", "--index", str(without)], terminal_width=200).stdout
    ix.add(without, NEW)
    index = ix.Index.open(without)
    assert index.stats()["article_anchors"] == 1
    index.close()
    assert ix.verify(without).ok
    ix.prune(without, before="2100-01-01")
    assert ix.verify(without).ok


def test_forged_anchor_keys_are_found_by_verify_and_fail_in_one_line(idx: Path, tmp_path: Path) -> None:
    """`index verify` derives every stored key table again; one of an impossible shape is a
    one-line error when a post needs it (a table that lies about spans is tested in
    test_anchors: it can hide shared anchors, never add one)."""
    forged = tmp_path / "forged"
    shutil.copytree(idx, forged)
    _sql(forged, """UPDATE article_anchors SET keys = '{"name":{"xijinping":[0,5]}}'""")
    forge(forged)
    errors = ix.verify(forged).errors
    assert "3 articles' stored anchor keys differ from their text (article rowids 1, 2, 3; rebuild the index)" in errors
    _sql(forged, "INSERT INTO article_anchors VALUES (99999, 1, '{}')")
    forge(forged)
    assert "1 stored anchor key tables belong to no article" in ix.verify(forged).errors
    blobs = tmp_path / "blobs"
    shutil.copytree(idx, blobs)
    _sql(blobs, "UPDATE article_anchors SET keys = CAST(keys AS BLOB)")
    forge(blobs)
    assert "3 stored anchor key tables hold a value of the wrong type (a BLOB or a number)" in ix.verify(blobs).errors
    assert "anchor keys holds binary data (a BLOB), not text" in one_line_error("query", QUERY, "--index", blobs)
    _sql(blobs, "INSERT INTO article_anchors VALUES (99999, 1, '{}')")
    forge(blobs)
    index = ix.Index.open(blobs)
    assert index.stats()["article_anchors"] == 3  # the orphan is not counted (verify names it)
    index.close()
    _sql(idx, """UPDATE article_anchors SET keys = '{"name":{"x":[0,99999999]}}'""")
    forge(idx)
    assert "'s stored anchor keys are damaged (a span is not two integers inside the text)" in \
        one_line_error("query", QUERY, "--index", idx)
