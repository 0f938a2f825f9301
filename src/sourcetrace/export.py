"""Check results in a SQLite file for Datasette: posts, matches, spans, evidence, articles, accounts.

One file holds any number of runs (a `check --sqlite`, or an `export` of a report). Every row
belongs to a run: `runs` says what was checked against which index; `posts` (full-text search on
the post text), `matches`, `spans` and `evidence` hang from it by foreign keys; `articles` is
shared by every run (one row per article id); `accounts` is the per-account view of each run
(`accounts.AccountTally`).

Appending is safe: a run's id is the start of the SHA-256 of its results (the JSON lines, which
carry no post text), so writing the same results again adds no run (`Run.added` is False; the
post texts the file's copy of the run lacks are filled in: a check's report exported after
its `--sqlite`, or exported again with `--posts`), and rows of
different runs never collide (their keys start with the run id). A run is written to a
temporary database first and copied into the file in one transaction when complete, so a failed
or interrupted check leaves the file as it was. Tables are created and filled with sqlite-utils.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from . import __version__
from .accounts import AccountTally
from .errors import InputError
from .results import Result, as_result

if TYPE_CHECKING:
    import sqlite_utils
    from typing_extensions import Self

# Tables in the order they are filled (parents before children, for the foreign keys).
SQLITE_TMP_PREFIX = ".sourcetrace-run-"  # + PID-random.db: a run being written, beside the file
TABLES = ("runs", "articles", "posts", "matches", "spans", "evidence", "accounts")
_BATCH = 500
_PASSAGE_CHARS = 1000  # post excerpts kept per span


@dataclass
class RunInfo:
    """What a run checked, against what (the `runs` row, less its counts)."""

    command: str = "check"
    inputs: list[str] | None = None
    index: Mapping[str, Any] | None = None  # Index.stats(), or None when unknown (an export)


@dataclass
class Run:
    """The outcome of writing one run: its id, counts, and whether it was new to the file."""

    id: str
    posts: int
    copies: int
    added: bool
    texts_added: int = 0  # post texts filled into the file's copy of a run it already held


# table -> (columns, primary key, foreign keys) of a results file
_CREATE: list[tuple[str, dict[str, Any], str, list[tuple[str, str, str]]]] = [
    ("runs", {"id": str, "digest": str, "created_at": str, "command": str, "inputs": str,
              "index_path": str, "index_generation": int, "encoder": str,
              "sourcetrace_version": str, "posts": int, "copies": int, "skipped": int},
     "id", []),
    ("articles", {"id": str, "outlet": str, "url": str, "title": str, "published_at": str,
                  "lang": str}, "id", []),
    ("posts", {"id": str, "run_id": str, "seq": int, "post_id": str, "author": str,
               "platform": str, "url": str, "created_at": str, "lang": str, "status": str,
               "match_type": str, "confidence": float, "outlet": str, "attribution": str,
               "text": str}, "id", [("run_id", "runs", "id")]),
    ("matches", {"id": str, "post": str, "run_id": str, "rank": int, "article_id": str,
                 "outlet": str, "match_type": str, "confidence": float,
                 "lexical_containment": float, "semantic": float, "signals": str,
                 "source_first": int, "attribution": str, "credited": str},
     "id", [("post", "posts", "id"), ("run_id", "runs", "id"), ("article_id", "articles", "id")]),
    ("spans", {"id": str, "match_id": str, "k": int, "post_start": int, "post_end": int,
               "article_start": int, "article_end": int, "post_excerpt": str},
     "id", [("match_id", "matches", "id")]),
    ("evidence", {"id": str, "match_id": str, "k": int, "rule": str, "text": str,
                  "span_start": int, "span_end": int}, "id", [("match_id", "matches", "id")]),
    ("accounts", {"id": str, "run_id": str, "account": str, "posts": int, "copies": int,
                  "state_copies": int, "state_copy_share": float, "unattributed": int,
                  "evasive": int, "attributed": int, "not_analysed": int,
                  "unattributed_share": float, "evasive_share": float, "top_outlets": str,
                  "platforms": str, "first_copy": str, "last_copy": str,
                  "shared_copies": int, "shared_with": str}, "id", [("run_id", "runs", "id")]),
]
_COLUMNS = {name: list(columns) for name, columns, _, _ in _CREATE}


def _schema(db: sqlite_utils.Database) -> None:
    """Create the tables, keys and indexes that are missing (nothing is changed otherwise)."""
    for name, columns, pk, fks in _CREATE:
        db.table(name).create(columns, pk=pk, foreign_keys=fks, if_not_exists=True)
    for table, indexed in (("posts", ["run_id"]), ("posts", ["post_id"]), ("posts", ["author"]),
                           ("posts", ["status"]), ("matches", ["post"]), ("matches", ["run_id"]),
                           ("matches", ["article_id"]), ("matches", ["attribution"]),
                           ("spans", ["match_id"]), ("evidence", ["match_id"]),
                           ("accounts", ["run_id"]), ("accounts", ["account"]),
                           ("articles", ["outlet"])):
        db.table(table).create_index(indexed, if_not_exists=True)


def refuse_foreign(path: Path) -> None:
    """Raise InputError when `path` is a SQLite file with tables but not a results database of
    ours (no `runs` table, or one of our tables without a column we write): adding to it would
    change someone else's database and then fail. A missing or empty file passes; a file that is
    not SQLite at all is refused too (a trial's check ran to its end before the merge said so,
    and its -o results went with it)."""
    if not path.is_file() or path.stat().st_size == 0:
        return
    with open(path, "rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise InputError(f"{path}: not a SQLite database; give another file (it was left as it was)")
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables:
                return
            ours = "runs" in tables and all(
                set(_COLUMNS[t]) <= {row[1] for row in conn.execute(f"PRAGMA table_info([{t}])")}
                for t in _COLUMNS if t in tables)
    except sqlite3.DatabaseError as exc:  # SQLite's header, then something else
        raise InputError(f"{path}: not a SQLite database ({exc}); give another file (it was left as it was)") from None
    if not ours:
        shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
        raise InputError(f"{path}: a SQLite database, but not a sourcetrace results file (tables:"
                         f" {shown}); give another file, it was left as it was")


class SqliteExport:
    """Writes check results, one at a time, as one run of a SQLite results file.

    Use as a context manager: the run lands in `path` (created if missing) when the block ends
    without an error, in one transaction; `run` then says what was written. Raises InputError
    when the folder is missing or the file is not a SQLite database.
    """

    def __init__(self, path: Path, info: RunInfo | None = None) -> None:
        if not path.parent.is_dir():
            raise InputError(f"cannot write {path}: no folder {path.parent}")
        refuse_foreign(path)
        self.path = path
        self.info = info or RunInfo()
        self.run: Run | None = None
        self.skipped = 0
        self._digest = hashlib.sha256()
        self._tally = AccountTally()
        self._posts = 0
        self._copies = 0
        self._rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
        self._articles: set[str] = set()
        # the PID in the name: a resumed check removes the one a killed check left (`resume.leftovers`)
        fd, name = tempfile.mkstemp(prefix=f"{SQLITE_TMP_PREFIX}{os.getpid()}-", suffix=".db", dir=path.parent)
        os.close(fd)
        self._tmp = Path(name)
        import sqlite_utils

        self._db = sqlite_utils.Database(self._tmp)
        _schema(self._db)

    def add(self, result: Result | Mapping[str, Any], post_text: str | None = None) -> None:
        """Add one result (a JSON object is read with Result.from_dict); `post_text` defaults to
        the result's post text (empty in a report file: stored as NULL)."""
        result = as_result(result)
        text = post_text if post_text is not None else (result.post.text or None)
        # the results alone, as a report file holds them: a check's --sqlite run and an export
        # of its JSONL (no post text) are one run
        self._digest.update(json.dumps(result.to_dict(), sort_keys=True).encode("utf-8") + b"\n")
        seq = self._posts
        self._posts += 1
        self._tally.add(result, text)
        key = f"{seq}"  # prefixed by the run id when copied into the file
        post = result.post
        top = result.top
        if top is not None:
            self._copies += 1
        self._rows["posts"].append({
            "id": key, "seq": seq, "post_id": post.id, "author": post.author,
            "platform": post.platform, "url": post.url, "created_at": post.created_at,
            "lang": post.lang, "status": result.status,
            "match_type": top.match_type if top else None,
            "confidence": _confidence(top.confidence) if top else None,
            "outlet": top.article.outlet if top else None,
            "attribution": top.attribution_status if top else None, "text": text,
        })
        for rank, m in enumerate(result.matches, 1):
            art = m.article
            if art.id not in self._articles:
                self._articles.add(art.id)
                self._rows["articles"].append({
                    "id": art.id, "outlet": art.outlet, "url": art.url, "title": art.title,
                    "published_at": art.published_at, "lang": art.lang})
            mkey = f"{key}:{rank}"
            self._rows["matches"].append({
                "id": mkey, "post": key, "rank": rank, "article_id": art.id, "outlet": art.outlet,
                "match_type": m.match_type, "confidence": _confidence(m.confidence),
                "lexical_containment": m.signals.get("lexical_containment"),
                "semantic": m.signals.get("semantic"), "signals": json.dumps(m.signals),
                "source_first": None if m.source_first is None else int(m.source_first),
                "attribution": m.attribution_status if m.attribution else None,
                "credited": m.attribution.credited if m.attribution else None,
            })
            for k, span in enumerate(m.spans):
                (ps, pe), (as_, ae) = span["post"], span["article"]
                self._rows["spans"].append({
                    "id": f"{mkey}:{k}", "match_id": mkey, "k": k, "post_start": ps, "post_end": pe,
                    "article_start": as_, "article_end": ae,
                    "post_excerpt": text[ps:pe][:_PASSAGE_CHARS] if text else None})
            for k, ev in enumerate(m.attribution.evidence if m.attribution else []):
                self._rows["evidence"].append({
                    "id": f"{mkey}:{k}", "match_id": mkey, "k": k, "rule": ev.rule, "text": ev.text,
                    "span_start": ev.span[0] if ev.span else None,
                    "span_end": ev.span[1] if ev.span else None})
        if len(self._rows["posts"]) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        for table in TABLES:
            rows = self._rows[table]
            if rows:
                self._db.table(table).insert_all(rows, batch_size=_BATCH)
                rows.clear()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            if exc_type is None:
                self._finish()
        finally:
            self._db.close()
            self._tmp.unlink(missing_ok=True)

    def _finish(self) -> None:
        run_id = self._digest.hexdigest()[:16]
        index = self.info.index or {}
        self._rows["runs"].append({
            "id": "", "digest": self._digest.hexdigest(),
            "created_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
            "command": self.info.command, "inputs": json.dumps(self.info.inputs or [], ensure_ascii=False),
            "index_path": index.get("path"), "index_generation": index.get("generation"),
            "encoder": index.get("encoder"), "sourcetrace_version": __version__,
            "posts": self._posts, "copies": self._copies, "skipped": self.skipped,
        })
        for stats in self._tally.accounts():
            row = stats.to_dict()
            for name in ("top_outlets", "platforms", "shared_with"):
                row[name] = json.dumps(row[name], ensure_ascii=False)
            row["id"] = stats.account
            self._rows["accounts"].append(row)
        self._flush()
        self._db.conn.commit()
        added, texts = _merge(self.path, self._tmp, run_id)
        self.run = Run(run_id, self._posts, self._copies, added, texts)


def _merge(path: Path, tmp: Path, run_id: str) -> tuple[bool, int]:
    """Copy the run in `tmp` into the file at `path` under `run_id`, in one transaction. Returns
    whether it was added and, when the file already held that run, how many post texts it
    lacked and now has (from `tmp`)."""
    import sqlite_utils

    refuse_foreign(path)
    try:
        db = sqlite_utils.Database(path)
        _schema(db)
        if not db.table("posts_fts").exists():
            db.table("posts").enable_fts(["text"], create_triggers=True)
    except sqlite3.DatabaseError as exc:
        raise InputError(f"{path}: not a results database ({exc})") from None
    conn = db.conn
    try:
        held = conn.execute("SELECT 1 FROM runs WHERE id = ?", [run_id]).fetchone() is not None
        conn.execute("ATTACH DATABASE ? AS run", [str(tmp)])
        try:
            if held:
                return False, _fill_texts(conn, run_id)
            conn.execute("BEGIN IMMEDIATE")
            prefix = run_id + ":"
            keyed = {  # column -> expression in the copy (keys made unique by the run id)
                "runs": {"id": "?"},
                "posts": {"id": "? || id", "run_id": "?"},
                "matches": {"id": "? || id", "post": "? || post", "run_id": "?"},
                "spans": {"id": "? || id", "match_id": "? || match_id"},
                "evidence": {"id": "? || id", "match_id": "? || match_id"},
                "accounts": {"id": "? || id", "run_id": "?"},
            }
            for table in TABLES:
                columns = [r[1] for r in conn.execute(f"PRAGMA run.table_info([{table}])")]
                if table == "articles":
                    names = ", ".join(f"[{c}]" for c in columns)
                    updates = ", ".join(f"[{c}] = coalesce(excluded.[{c}], [{c}])" for c in columns if c != "id")
                    conn.execute(f"INSERT INTO main.articles ({names}) SELECT {names} FROM run.articles"
                                 f" WHERE true ON CONFLICT(id) DO UPDATE SET {updates}")
                    continue
                exprs, params = [], []
                for c in columns:
                    expr = keyed[table].get(c)
                    exprs.append(expr or f"[{c}]")
                    if expr:
                        params.append(run_id if expr == "?" else prefix)
                names = ", ".join(f"[{c}]" for c in columns)
                conn.execute(f"INSERT INTO main.[{table}] ({names}) SELECT {', '.join(exprs)}"
                             f" FROM run.[{table}]", params)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        finally:
            conn.execute("DETACH DATABASE run")
    finally:
        db.close()
    return True, 0


def _fill_texts(conn: sqlite3.Connection, run_id: str) -> int:
    """Fill the post texts a held run lacks from the attached copy `run` (one transaction; the
    full-text index follows through its triggers). Returns how many were filled."""
    with conn:
        cur = conn.execute(
            "UPDATE main.posts SET text = (SELECT r.text FROM run.posts r WHERE ? || r.id = main.posts.id)"
            " WHERE run_id = ? AND text IS NULL AND EXISTS (SELECT 1 FROM run.posts r"
            " WHERE ? || r.id = main.posts.id AND r.text IS NOT NULL)", [run_id + ":", run_id, run_id + ":"])
    return max(cur.rowcount, 0)


def _confidence(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 4)


def export_results(results: Iterable[Result], path: Path, info: RunInfo | None = None,
                   texts: Mapping[str, str] | None = None) -> Run:
    """Write results (e.g. `accounts.read_results` of a report file) as one run of the SQLite
    file at `path`; `texts` maps post ids to post texts (for full-text search)."""
    with SqliteExport(path, info or RunInfo(command="export")) as out:
        for result in results:
            out.add(result, texts.get(result.post.id) if texts else None)
    assert out.run is not None
    return out.run
