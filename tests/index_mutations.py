"""Fuzzing the index loader: hypothesis strategies that mutate a valid index folder, an audit of
the files a process opens, and one fuzz try. Shared by tests/test_fuzz_index.py (a short fixed
budget in the suite) and scripts/fuzz_index.py (at length).

A try copies a valid folder, applies 1-3 mutations (manifest fields, file bytes, truncation,
dtype/shape swaps, symbolic links and special files, SQLite schema and row changes, links planted
where the next generation's files go, a feed state), optionally "forges" the checksums as an
attacker would, then runs verify, open + query + stats, and sometimes `add`, and reports:
a traceback (any exception but a SourcetraceError), a hang (a stage over 10 s), a file opened
inside the canary folder (the "outside" every hostile name and link points to), a canary file
changed, or damage laundered (`add` succeeding on a folder that did not verify, or writing one
that does not).
"""

from __future__ import annotations

import builtins
import contextlib
import hashlib
import io
import json
import os
import shutil
import signal
import sqlite3
import time
import traceback
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import strategies as st

from sourcetrace import index as ix
from sourcetrace.errors import SourcetraceError
from sourcetrace.index import ann as ix_ann
from sourcetrace.match import MatchConfig, Matcher
from sourcetrace.records import Article, Post

STAGE_SECONDS = 10  # a stage slower than this is a hang

FILE_KEYS = ("manifest", "store", "minhash", "lsh_keys", "lsh_ids", "vectors", "ann", "lock")
ARRAY_KEYS = ("minhash", "lsh_keys", "lsh_ids", "vectors")
MANIFEST_PATHS: tuple[tuple[Any, ...], ...] = (
    ("generation",), ("schema",), ("normalizer_version",), ("encoder",), ("created_at",),
    ("files",), ("files", "store"), ("files", "minhash"), ("files", "lsh_keys"), ("files", "lsh_ids"),
    ("files", "ann-0"), ("files", "feeds"), ("files", "extra"),
    ("encoders",), ("encoders", 0), ("encoders", 0, "name"), ("encoders", 0, "dim"), ("encoders", 0, "file"),
    ("encoders", 0, "ann"), ("encoders", 1),
    ("minhash",), ("minhash", "num_perm"), ("minhash", "seed"), ("minhash", "threshold"), ("minhash", "scheme"),
    ("minhash", "extra"), ("lsh",), ("lsh", "bands"), ("lsh", "rows"),
    ("counts",), ("counts", "articles"), ("counts", "passages"), ("checksums",), ("pruned_before",), ("extra",),
)
HOSTILE_NAMES = (
    "{canary}/secret.txt", "../canary/secret.txt", "{victim}/store-g000001.sqlite",
    "../canary/victim/minhash-g000001.npy", "{victim}/vectors-0-g000001.npy", "/dev/zero", "/proc/self/environ",
    "minhash-g000002.npy", "store-g000000.sqlite", "./store-g000001.sqlite", "store-g000001.sqlite/",
    "..", ".", "", "manifest.json", ".lock", "st:{victim}", "st:../canary", "vectors-1-g000001.npy",
)
ARRAY_CHANGES = ("f8", "f4", "i8", "i4", "u4", ">u8", ">f4", "O", "fortran", "drop_row", "add_row",
                 "transpose", "empty", "scalar", "3d", "zeros", "nan", "huge_values", "negative")
LINK_TARGETS = ("canary_copy", "victim", "secret", "dev_zero", "dangling", "loop", "folder")
SPECIALS = ("fifo", "dir", "empty")
PLANTS = ("minhash-{next}.npy", "store-{next}.sqlite", "store-{next}.sqlite-journal",
          "manifest.json.{next}.tmp", "vectors-0-{next}.npy", "minhash-{next}.lsh-keys.npy", "feeds-{next}.json")
SQL_CHANGES: dict[str, tuple[str, ...]] = {
    "trigger_insert": ("CREATE TRIGGER t AFTER INSERT ON articles BEGIN DELETE FROM passages; END",),
    "trigger_update": ("CREATE TRIGGER t2 BEFORE UPDATE ON passages BEGIN SELECT RAISE(ABORT, 'x'); END",),
    "view": ("CREATE VIEW v AS SELECT * FROM articles",),
    "table": ("CREATE TABLE evil (x)",),
    "index_expr": ("CREATE INDEX ie ON articles(length(text))",),
    "drop_column": ("ALTER TABLE articles DROP COLUMN lang",),
    "add_origin": ("ALTER TABLE articles ADD COLUMN origin TEXT", "UPDATE articles SET origin = outlet"),
    "add_default": ("ALTER TABLE articles ADD COLUMN origin TEXT DEFAULT 'x'",),
    "add_other": ("ALTER TABLE articles ADD COLUMN extra BLOB",),
    "blob_text": ("UPDATE articles SET text = X'FFFE00'",),
    "blob_outlet": ("UPDATE articles SET outlet = X'C3'",),
    "int_title": ("UPDATE articles SET title = 7, lang = 1.5",),
    "text_start": ("UPDATE passages SET start = 'x' WHERE pid = 0",),
    "dangling_aid": ("UPDATE passages SET aid = 999999",),
    "negative_span": ("UPDATE passages SET start = -50, end = -1",),
    "huge_span": ("UPDATE passages SET end = 1000000000",),
    "pid_gap": ("UPDATE passages SET pid = pid + 1000 WHERE pid = (SELECT MAX(pid) FROM passages)",),
    "pid_negative": ("UPDATE passages SET pid = -5 WHERE pid = 0",),
    "delete_article": ("DELETE FROM articles WHERE aid = (SELECT MIN(aid) FROM articles)",),
    "delete_passages": ("DELETE FROM passages WHERE pid > 2",),
    "invalid_utf8": ("UPDATE articles SET text = CAST(X'48C328' || CAST(text AS BLOB) AS TEXT)",),
    "huge_text": ("UPDATE articles SET text = text || zeroblob(1000)",),
    "wal": ("PRAGMA journal_mode=WAL",),
    "rename_table": ("ALTER TABLE passages RENAME TO p2",),
}


@dataclass(frozen=True)
class Mutation:
    """One change to an index folder: `kind` says how, `target` what, `arg` with what."""

    kind: str
    target: Any
    arg: Any = None


_json_leaf = (st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False)
              | st.text(max_size=12) | st.sampled_from(HOSTILE_NAMES))
json_values = st.recursive(
    _json_leaf,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)
_DELETE = "<delete>"

mutations = st.one_of(
    st.builds(Mutation, st.just("manifest"), st.sampled_from(MANIFEST_PATHS),
              st.one_of(st.just(_DELETE), json_values, st.integers(-3, 2000), st.sampled_from(HOSTILE_NAMES))),
    st.builds(Mutation, st.just("bytes"), st.sampled_from(FILE_KEYS[:-1]),
              st.tuples(st.booleans(), st.lists(st.tuples(st.integers(0, 65535), st.integers(0, 255)),
                                                min_size=1, max_size=8))),
    st.builds(Mutation, st.just("truncate"), st.sampled_from(FILE_KEYS[:-1]),
              st.one_of(st.integers(0, 300), st.floats(0, 1))),
    st.builds(Mutation, st.just("append"), st.sampled_from(FILE_KEYS[:-1]), st.binary(min_size=1, max_size=64)),
    st.builds(Mutation, st.just("array"), st.sampled_from(ARRAY_KEYS), st.sampled_from(ARRAY_CHANGES)),
    st.builds(Mutation, st.just("link"), st.sampled_from(FILE_KEYS), st.sampled_from(LINK_TARGETS)),
    st.builds(Mutation, st.just("special"), st.sampled_from(FILE_KEYS[1:-1]), st.sampled_from(SPECIALS)),
    st.builds(Mutation, st.just("sql"), st.just("store"), st.sampled_from(sorted(SQL_CHANGES))),
    st.builds(Mutation, st.just("plant"), st.sampled_from(PLANTS), st.sampled_from(("secret", "victim", "dir"))),
    st.builds(Mutation, st.just("feeds"), st.just("feeds"), json_values),
)
hostile_folders = st.tuples(st.lists(mutations, min_size=1, max_size=3), st.booleans())

# Changes that keep a folder the same index: it must open, verify and answer exactly as before.
harmless_changes = st.lists(st.sampled_from(
    ("reindent", "sort_keys", "ascii_escapes", "unknown_key", "strays", "unrelated_files", "touch", "bom")
), min_size=1, max_size=4, unique=True)


# ---- applying mutations -------------------------------------------------------------------------

def _file(folder: Path, key: str, manifest: dict[str, Any]) -> Path | None:
    files = manifest.get("files") if isinstance(manifest.get("files"), dict) else {}
    entries = manifest.get("encoders") if isinstance(manifest.get("encoders"), list) else []
    entry = entries[0] if entries and isinstance(entries[0], dict) else {}
    name = {"manifest": ix.MANIFEST, "lock": ".lock", "vectors": entry.get("file"),
            "ann": entry.get("ann")}.get(key, files.get(key))
    return folder / name if isinstance(name, str) and name and "/" not in name else None


def _names(text: Any, canary: Path) -> Any:
    if isinstance(text, str):
        return text.replace("{canary}", str(canary)).replace("{victim}", str(canary / "victim"))
    return text


def _plain(file: Path) -> bool:
    """Whether `file` is a regular file and no link: the only kind the harness reads or writes
    (a mutation may have made the manifest a link to /dev/zero, or into the canary folder)."""
    return file.is_file() and not file.is_symlink()


def _read_manifest(folder: Path) -> dict[str, Any]:
    file = folder / ix.MANIFEST
    try:
        manifest = json.loads(file.read_text()) if _plain(file) and file.stat().st_size < 1 << 21 else {}
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def _write_manifest(folder: Path, manifest: Any) -> None:
    file = folder / ix.MANIFEST
    if not file.is_symlink() and not (file.exists() and not file.is_file()):
        file.write_text(json.dumps(manifest))


def apply(folder: Path, canary: Path, changes: list[Mutation], forge_checksums: bool) -> None:
    """Apply `changes` to the folder in order (a change that does not apply is skipped)."""
    for change in changes:
        # a change that an earlier one made impossible (an array already truncated to nothing,
        # a store no longer SQLite) is skipped: the harness's own errors are not findings
        with contextlib.suppress(Exception):
            _apply(folder, canary, change, _read_manifest(folder))
    if forge_checksums:
        forge(folder)


def forge(folder: Path) -> None:
    """Recompute the checksums of the files the manifest lists, as an attacker would."""
    manifest = _read_manifest(folder)
    if not isinstance(manifest.get("checksums"), dict):
        return
    sums = {}
    for name in manifest["checksums"]:
        file = folder / name
        if "/" not in name and _plain(file):
            sums[name] = hashlib.sha256(file.read_bytes()).hexdigest()
    manifest["checksums"] = sums
    _write_manifest(folder, manifest)


def _apply(folder: Path, canary: Path, change: Mutation, manifest: dict[str, Any]) -> None:
    kind, target, arg = change.kind, change.target, change.arg
    if kind == "manifest":
        _set_path(manifest, target, _names(arg, canary))
        _write_manifest(folder, manifest)
        return
    if kind == "sql":
        store = _file(folder, "store", manifest)
        if store is not None and _plain(store):
            conn = sqlite3.connect(store)
            try:
                for statement in SQL_CHANGES[arg]:
                    conn.execute(statement)
                conn.commit()
            finally:
                conn.close()
        return
    if kind == "plant":
        generation = manifest.get("generation")
        if isinstance(generation, int) and not isinstance(generation, bool):
            name = target.format(next=f"g{generation + 1:06d}")
            if arg == "dir":
                (folder / name).mkdir()
            else:
                (folder / name).symlink_to(canary / "secret.txt" if arg == "secret"
                                           else canary / "victim" / "store-g000001.sqlite")
        return
    if kind == "feeds":
        generation = manifest.get("generation")
        name = f"feeds-g{generation:06d}.json" if isinstance(generation, int) else ""
        if name and isinstance(manifest.get("files"), dict) and not (folder / name).is_symlink():
            (folder / name).write_text(json.dumps({"version": 1, "feeds": arg}))
            manifest["files"]["feeds"] = name
            if isinstance(manifest.get("checksums"), dict):
                manifest["checksums"][name] = hashlib.sha256((folder / name).read_bytes()).hexdigest()
            _write_manifest(folder, manifest)
        return
    file = _file(folder, target, manifest)
    if file is None:
        return
    if kind == "link":
        _link(file, canary, arg)
    elif kind == "special":
        file.unlink(missing_ok=True)
        if arg == "fifo":
            os.mkfifo(file)
        elif arg == "dir":
            file.mkdir()
        else:
            file.write_bytes(b"")
    elif kind == "array":
        _change_array(file, arg)
    elif _plain(file):
        data = bytearray(file.read_bytes())
        if kind == "bytes":
            header, edits = arg
            for position, value in edits:
                if data:
                    span = min(len(data), 512) if header else len(data)
                    data[position % span if header else position * len(data) // 65536] = value
        elif kind == "truncate":
            data = data[: arg if isinstance(arg, int) else int(len(data) * arg)]
        elif kind == "append":
            data += arg
        file.write_bytes(bytes(data))


def _set_path(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    if value == _DELETE:
        del data[path[-1]]
    elif isinstance(data, list) and path[-1] >= len(data):
        data.append(value)
    else:
        data[path[-1]] = value


def _link(file: Path, canary: Path, how: str) -> None:
    targets = {
        "canary_copy": canary / "copies" / file.name, "victim": canary / "victim" / file.name,
        "secret": canary / "secret.txt", "dev_zero": Path("/dev/zero"), "dangling": canary / "nothing-here",
        "loop": file, "folder": canary,
    }
    target = targets[how]
    if how == "canary_copy" and _plain(file):
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(file, target)
    if file.is_symlink() or file.is_file():
        file.unlink()
    file.symlink_to(target)


def _change_array(file: Path, how: str) -> None:
    if not _plain(file):
        return
    rows = np.load(file, allow_pickle=False)
    changed: Any
    if how in ("f8", "f4", "i8", "i4", "u4", ">u8", ">f4"):
        changed = rows.astype(how)
    elif how == "O":
        changed = np.array([{"a": 1}] * max(len(rows), 1), dtype=object)
    elif how == "fortran":
        changed = np.asfortranarray(rows)
    elif how == "drop_row":
        changed = rows[:-1]
    elif how == "add_row":
        changed = np.concatenate([rows, rows[:1]])
    elif how == "transpose":
        changed = np.ascontiguousarray(rows.T)
    elif how == "empty":
        changed = rows[:0]
    elif how == "scalar":
        changed = np.array(7, dtype=rows.dtype)
    elif how == "3d":
        changed = rows[None]
    elif how == "zeros":
        changed = np.zeros_like(rows)
    elif how == "nan":
        changed = np.full_like(rows, np.nan) if rows.dtype.kind == "f" else rows
    elif how == "huge_values":
        changed = np.full_like(rows, np.iinfo(rows.dtype).max if rows.dtype.kind in "iu" else 3e38)
    else:  # negative
        changed = -np.abs(rows.astype(np.int64)) if rows.dtype.kind in "iu" else -rows
    np.save(file, changed, allow_pickle=how == "O")


def harmless(folder: Path, changes: list[str]) -> None:
    """Apply changes that leave the folder the same index (see `harmless_changes`)."""
    manifest = json.loads((folder / ix.MANIFEST).read_text())
    indent, sort, ascii_only = None, False, False
    for change in changes:
        if change == "reindent":
            indent = 4
        elif change == "sort_keys":
            sort = True
        elif change == "ascii_escapes":
            ascii_only = True
        elif change == "unknown_key":
            manifest["comment"] = {"added": ["by", "hand"]}
        elif change == "strays":
            (folder / "store-g000099.sqlite").write_bytes(b"left by a killed writer")
            (folder / "vectors-0-g000000.npy").write_bytes(b"\x93NUMPY garbage")
        elif change == "unrelated_files":
            (folder / "README.txt").write_text("notes")
            (folder / "notes").mkdir(exist_ok=True)
        elif change == "touch":
            for file in folder.iterdir():
                os.utime(file, (1, 1))
    bom = "\ufeff" if "bom" in changes else ""  # as an editor may save it (RFC 8259 lets a reader skip it)
    (folder / ix.MANIFEST).write_text(
        bom + json.dumps(manifest, indent=indent, sort_keys=sort, ensure_ascii=ascii_only), "utf-8")


# ---- auditing the files a try opens ---------------------------------------------------------------

class OpenAudit:
    """Records every file opened (successfully) through os.open, open, sqlite3.connect and
    faiss.read_index whose real path lies inside one of `forbidden` (folders or files)."""

    def __init__(self, *forbidden: Path) -> None:
        self.forbidden = [os.path.realpath(p) for p in forbidden]
        self.escapes: list[str] = []
        self._saved: list[tuple[Any, str, Any]] = []

    def _check(self, what: str, path: Any) -> None:
        if isinstance(path, int):
            return
        text = os.fsdecode(path)
        if text.startswith("file:"):
            text = urllib.parse.unquote(text[5:].split("?", 1)[0])
        real = os.path.realpath(text)
        if any(real == f or real.startswith(f + os.sep) for f in self.forbidden):
            self.escapes.append(f"{what}({text!r}) -> {real}")

    def _wrap(self, owner: Any, name: str, what: str) -> None:
        original = getattr(owner, name)

        def audited(path: Any, *args: Any, **kwargs: Any) -> Any:
            result = original(path, *args, **kwargs)
            self._check(what, path)
            return result

        self._saved.append((owner, name, original))
        setattr(owner, name, audited)

    def __enter__(self) -> OpenAudit:  # noqa: PYI034 - typing.Self needs Python 3.11
        import faiss

        self._wrap(os, "open", "os.open")
        self._wrap(builtins, "open", "open")
        self._wrap(io, "open", "io.open")
        self._wrap(sqlite3, "connect", "sqlite3.connect")
        self._wrap(faiss, "read_index", "faiss.read_index")
        return self

    def __exit__(self, *exc: object) -> None:
        for owner, name, original in reversed(self._saved):
            setattr(owner, name, original)
        self._saved.clear()


class Hang(Exception):
    """A stage ran past STAGE_SECONDS."""


@contextlib.contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Raise Hang in the main thread if the block runs longer than `seconds`."""
    def expire(signum: int, frame: Any) -> None:
        raise Hang(f"over {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# ---- one try ---------------------------------------------------------------------------------------

@dataclass
class Outcome:
    """What one try found; `failures` is empty when every property held."""

    opened: bool = False
    verified: bool = False
    added: bool = False
    answer: Any = None
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0


POST = Post(id="q", text="Heavy rain flooded several villages in the southern province on Sunday night.",
            lang="en")
NEW_ARTICLE = Article(id="fuzz-new", text="A new article about a harbour that reopened after repairs, "
                      "long enough to be indexed on its own.", outlet="xinhua", lang="en")


def digest_tree(path: Path) -> str:
    """A digest of every file's name and bytes under `path` (links and special files by name),
    but for the copies that mutations make there as link targets (the audit covers those)."""
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if "copies" not in p.relative_to(path).parts):
        digest.update(str(file.relative_to(path)).encode())
        if file.is_file() and not file.is_symlink():
            digest.update(file.read_bytes())
    return digest.hexdigest()


def answer(folder: Path) -> Any:
    """Open the index, check one post and read its stats: (status, matches) of the result."""
    loaded = ix.Index.open(folder)
    try:
        result = Matcher(loaded, MatchConfig(top=3), None).check(POST).to_dict()
        stats = loaded.stats()
        return (result["status"], [(m["article"]["id"], m["match_type"], m["confidence"]) for m in result["matches"]],
                stats["counts"], stats["outlets"])
    finally:
        loaded.close()


def run_try(folder: Path, canary: Path, do_add: bool) -> Outcome:
    """verify, open + query + stats, and (if `do_add`) add, each under the audit and a deadline."""
    outcome = Outcome()
    started = time.perf_counter()
    # the canary folder, the other templates, and the special files hostile names point at
    with OpenAudit(canary, canary.parent / "templates", Path("/dev/zero"), Path("/proc/self/environ")) as audit:
        outcome.verified = _stage(outcome, "verify", lambda: ix.verify(folder).ok) is True
        outcome.answer = _stage(outcome, "query", lambda: answer(folder))
        outcome.opened = outcome.answer is not None
        if do_add:
            outcome.added = _stage(outcome, "add", lambda: ix.add(folder, [NEW_ARTICLE]) is not None) is True
            if outcome.added:
                if not outcome.verified:
                    outcome.failures.append("laundered: add wrote on top of a generation that did not verify")
                if _stage(outcome, "verify after add", lambda: ix.verify(folder).ok) is not True:
                    outcome.failures.append("laundered: add wrote a generation that does not verify")
    outcome.failures.extend(f"opened outside the folder: {escape}" for escape in audit.escapes)
    outcome.seconds = time.perf_counter() - started
    return outcome


def _stage(outcome: Outcome, name: str, job: Any) -> Any:
    try:
        with deadline(STAGE_SECONDS):
            return job()
    except SourcetraceError:
        return None
    except Hang as exc:
        outcome.failures.append(f"hang: {name} {exc}")
    except Exception:  # noqa: BLE001 - any other exception is what the fuzzer looks for
        outcome.failures.append(f"traceback in {name}: {traceback.format_exc()}")
    return None


# ---- the folders a campaign starts from ------------------------------------------------------------

def build_templates(root: Path) -> dict[str, Path]:
    """Valid folders to mutate (lexical-only, hash vectors, hash vectors with an IVF index) and the
    canary folder: a victim index, a secret file, the targets of every hostile name and link."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.conftest import ARTICLES  # registers the "hash" test encoder

    articles = [Article.from_dict(a) for a in ARTICLES]
    synthetic = [Article(id=f"s{i}", outlet="cgtn", lang="en",
                         text=f"Synthetic article {i} reports that the port of city {i} reopened after repairs"
                         f" to berth {i * 7}. Officials said trade volume rose by {i} percent this year.")
                 for i in range(60)]
    templates = {}
    for name, encoder, rows in (("lexical", "none", articles), ("hash", "hash", articles),
                                ("ivf", "hash", articles + synthetic)):
        templates[name] = root / "templates" / name
        saved = ix_ann.ANN_MIN_ROWS
        ix_ann.ANN_MIN_ROWS = 40 if name == "ivf" else saved
        try:
            ix.build(templates[name], rows, encoder=encoder)
        finally:
            ix_ann.ANN_MIN_ROWS = saved
    canary = root / "canary"
    ix.build(canary / "victim", synthetic[:5], encoder="hash")
    (canary / "secret.txt").write_text("a file of the user's that no index may read\n")
    templates["canary"] = canary
    return templates
