"""SQLite store for articles and their passages (offsets into the article text, never copies).

Every SQL statement of the package is in this module: the `Store` class for a generation's
database, and functions for the whole-file jobs of the index writer (copy, prune, check).

A store may come from someone else's index folder, so it is opened as SQLite's guide to
untrusted database files advises (https://www.sqlite.org/security.html): readers open it
read-only and immutable (no journal, WAL or lock file is looked for beside it), every
connection runs with `trusted_schema=OFF` and a bound on string length, and before use its
schema must be exactly the one this module creates (the two tables and their indexes; an
`origin` TEXT column may be there or not, and the `article_forms` table of stores written
since 2026-12 may be missing): no trigger, view, virtual table, CHECK, DEFAULT
or generated column can be present to run when the store is read or copied and written to.
A value of the wrong type in a row (a BLOB where text belongs) is an IndexFolderError when
it is read, and `check_store` (used by `verify`) counts such rows.
"""

from __future__ import annotations

import functools
import re
import sqlite3
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from ..errors import IndexFolderError
from ..lexical import FORMS_VERSION, ArticleForms, article_forms
from ..records import Article, content_hash
from ..results import counted
from .files import open_file

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    aid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    outlet TEXT,
    url TEXT,
    title TEXT,
    text TEXT NOT NULL,
    lang TEXT,
    published_at TEXT,
    content_hash TEXT NOT NULL UNIQUE,
    origin TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS articles_url ON articles(url) WHERE url IS NOT NULL;
CREATE TABLE IF NOT EXISTS passages (
    pid INTEGER PRIMARY KEY,
    aid INTEGER NOT NULL REFERENCES articles(aid),
    start INTEGER NOT NULL,
    end INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS passages_aid ON passages(aid);
CREATE TABLE IF NOT EXISTS article_forms (
    aid INTEGER PRIMARY KEY REFERENCES articles(aid),
    version INTEGER NOT NULL,
    shingle_text TEXT NOT NULL,
    shingle_k INTEGER NOT NULL,
    skeleton TEXT NOT NULL
);
"""


# What reading a damaged or forged store can raise: SQLite's errors, and a text SQLite returns
# outside a row (a PRAGMA's message quoting a damaged name) that is not UTF-8.
SQL_ERRORS = (sqlite3.Error, UnicodeDecodeError)
MAX_VALUE_BYTES = 256 << 20  # SQLITE_LIMIT_LENGTH: no text or blob read is larger
_HEADER = b"SQLite format 3\x00"
_T = TypeVar("_T")


def _unfound(n: int) -> str:
    """What a store that cannot give n passages the search found says."""
    verb, belong = ("is", "belongs") if n == 1 else ("are", "belong")
    return f"{counted(n, 'passage')} the search found {verb} not stored or {belong} to no article"


def _damaged(path: Path, detail: str) -> IndexFolderError:
    return IndexFolderError(
        f"{path}: {detail}; run `sourcetrace index verify --index {path.parent}` and rebuild the index"
    )


def _harden(conn: sqlite3.Connection) -> sqlite3.Connection:
    """Settings for a connection to a store that may come from someone else."""
    conn.execute("PRAGMA trusted_schema=OFF")
    setlimit = getattr(conn, "setlimit", None)  # Python 3.11+
    if setlimit is not None:
        setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)  # type: ignore[attr-defined]
    return conn


def check_header(path: Path) -> None:
    """Check a store file's SQLite header before SQLite opens it.

    It must be a regular file inside its folder (no symbolic link), start with SQLite's magic
    string and use the rollback journal (a WAL store would need side files). Raises
    FileNotFoundError if it is missing, IndexFolderError otherwise.
    """
    with open_file(path.parent, path.name) as fh:
        header = fh.read(100)
    if len(header) < 100 or not header.startswith(_HEADER):
        raise _damaged(path, "not an SQLite database")
    if header[18] != 1 or header[19] != 1:
        raise _damaged(path, "an SQLite database in WAL mode, which the index writer never makes")


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection to a committed store (immutable: its files never change).

    Raises FileNotFoundError if the file is missing (also when a writer's garbage collection
    removes it between the header check and the connection: Index.open then reads the new
    manifest), IndexFolderError if it is no store.
    """
    check_header(path)
    uri = f"file:{urllib.parse.quote(str(path.absolute()))}?mode=ro&immutable=1"
    try:
        return _harden(sqlite3.connect(uri, uri=True, check_same_thread=False))
    except SQL_ERRORS as exc:
        _raise_if_gone(path)
        raise _damaged(path, f"cannot be opened ({exc})") from None


_CACHED_ROWS = 4096  # articles (and passage lists) a store keeps in memory; emptied when full
_IN_CHUNK = 900  # ids per "IN (...)" list: under SQLite's old bound of 999 host parameters


def _remember(cache: dict[int, Any], key: int, value: Any) -> None:
    """Keep `value` in a store's per-article cache, emptying the cache when it is full."""
    if len(cache) > _CACHED_ROWS:
        cache.clear()
    cache[key] = value


def _has_forms_table(conn: sqlite3.Connection) -> bool:
    """Whether the store has the `article_forms` table (stores written before it do not)."""
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'article_forms'")
    return found.fetchone() is not None


def _raise_if_gone(path: Path) -> None:
    """FileNotFoundError if `path` no longer exists (a writer removed an old generation)."""
    if not path.exists():
        raise FileNotFoundError(str(path))


@functools.lru_cache(maxsize=1)
def _expected_schema() -> dict[tuple[str, str], tuple[str, ...] | None]:
    """(type, name) -> canonical SQL of every object `SCHEMA` creates."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.executescript(SCHEMA)
        rows = conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    finally:
        conn.close()
    return {(kind, name): _canonical(sql) for kind, name, sql in rows}


_KINDS = ("table", "index", "view", "trigger")
_TOKEN = re.compile(r"\w+|[^\w\s]")
_ORIGIN = (",", "origin", "text")


def _canonical(sql: str | None) -> tuple[str, ...] | None:
    """SQL as lower-case tokens, without an `origin TEXT` column (stores may have it or not)."""
    if sql is None:
        return None
    tokens = _TOKEN.findall(sql.lower())
    for i in range(len(tokens) - 2):
        if tuple(tokens[i : i + 3]) == _ORIGIN:
            return (*tokens[:i], *tokens[i + 3 :])
    return tuple(tokens)


def schema_problems(conn: sqlite3.Connection) -> list[str]:
    """How a store's schema differs from the one `SCHEMA` creates ([] when it is that one).

    Every object in it must be one of SCHEMA's (same type, name and SQL; an `origin TEXT`
    column may be added to articles), and both tables must be there. Raises sqlite3.Error if
    the schema cannot be read.
    """
    expected = _expected_schema()
    problems = []
    found = set()
    for kind, name, sql in conn.execute("SELECT type, name, sql FROM sqlite_master"):
        key = (str(kind), str(name))
        found.add(key)
        if key not in expected:
            problems.append(f"unexpected {str(kind)[:20]} {str(name)[:60]!r}" if key[0] in _KINDS
                            else f"an object of type {str(kind)[:20]!r}")
        elif _canonical(sql if isinstance(sql, str) else None) != expected[key]:
            problems.append(f"{kind} {name} is not defined as this sourcetrace defines it")
    for key in (("table", "articles"), ("table", "passages")):
        if key not in found:
            problems.append(f"no {key[1]} table")
    return problems


def _reads(method: Callable[..., _T]) -> Callable[..., _T]:
    """Turn an SQLite error while reading a store into a one-line IndexFolderError."""

    @functools.wraps(method)
    def wrapper(self: Store, *args: Any, **kwargs: Any) -> _T:
        try:
            return method(self, *args, **kwargs)
        except SQL_ERRORS as exc:
            raise _damaged(self.path, f"unreadable store ({exc})") from None

    return wrapper


def _text(value: Any, path: Path, what: str, optional: bool = True) -> Any:
    if isinstance(value, str) or (optional and value is None):
        return value
    raise _damaged(path, f"{what} holds a {type(value).__name__}, not text")


def _ints(row: Sequence[Any], path: Path, what: str) -> tuple[int, ...]:
    if not all(isinstance(v, int) for v in row):
        raise _damaged(path, f"{what} holds a value that is not an integer")
    return tuple(row)


@dataclass(frozen=True)
class Passage:
    pid: int
    aid: int
    start: int
    end: int


class Store:
    """One SQLite file. Passage ids are dense (0..n-1): row i of every vector file is passage i."""

    def __init__(self, path: Path, readonly: bool = False) -> None:
        """Open a store: read-only (a committed generation's) or to write (the new generation's).

        A read-only store's schema is checked first. Raises FileNotFoundError if a read-only
        store is missing, IndexFolderError if it is not a store of this schema.
        """
        self.path = path
        if readonly:
            self.conn = connect_readonly(path)
            try:
                problems = schema_problems(self.conn)
            except SQL_ERRORS as exc:
                self.conn.close()
                _raise_if_gone(path)
                raise _damaged(path, f"unreadable store ({exc})") from None
            if problems:
                self.conn.close()
                raise _damaged(path, f"store schema: {problems[0]}")
        else:
            self.conn = _harden(sqlite3.connect(path))
            self.conn.executescript(SCHEMA)
            if not self._has_origin():  # a store written before Article.origin: add the column
                self.conn.execute("ALTER TABLE articles ADD COLUMN origin TEXT")
        self._article_cache: dict[int, Article] = {}
        self._passages_cache: dict[int, tuple[Passage, ...]] = {}
        self._language_cache: dict[int, str | None] = {}  # pid -> its article's language tag
        self._forms_cache: dict[int, ArticleForms | None] = {}
        self._has_forms: bool | None = None  # does the store have the article_forms table?
        self._origin_sql: str | None = None  # "origin", or "NULL" for a store without the column

    def _has_origin(self) -> bool:
        """Does the articles table have the `origin` column (stores before it read origin None)?"""
        columns = {row[1] for row in self.conn.execute("PRAGMA table_info(articles)")}
        return "origin" in columns

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    @_reads
    def check_passage_ids(self, passages: int) -> None:
        """Check that every passage id is a row of the vector files (0..passages-1): O(log n).

        Raises IndexFolderError if one is outside (a damaged or forged store).
        """
        # two queries: SQLite answers a lone MIN or MAX of the key from the b-tree's edge
        low = self.conn.execute("SELECT MIN(pid) FROM passages").fetchone()[0]
        high = self.conn.execute("SELECT MAX(pid) FROM passages").fetchone()[0]
        if low is not None and (low < 0 or high >= passages):
            raise _damaged(self.path, f"passage ids {low}..{high} do not fit {passages} passages")

    @_reads
    def is_duplicate(self, article: Article) -> bool:
        """Same id, same URL or same text (whitespace-insensitive) as a stored article."""
        row = self.conn.execute(
            "SELECT 1 FROM articles WHERE id = ? OR content_hash = ? OR (url IS NOT NULL AND url = ?)",
            (article.id, content_hash(article.text), article.url),
        ).fetchone()
        return row is not None

    @_reads
    def has_url(self, url: str) -> bool:
        """Whether an article with this URL is stored."""
        row = self.conn.execute("SELECT 1 FROM articles WHERE url = ?", (url,)).fetchone()
        return row is not None

    def published_dates(self) -> Iterator[tuple[int, str | None]]:
        """(aid, published_at) of every article; published_at is ISO 8601 or None (undated)."""
        try:
            for aid, published in self.conn.execute("SELECT aid, published_at FROM articles"):
                yield int(aid), _text(published, self.path, "published_at")
        except SQL_ERRORS as exc:
            raise _damaged(self.path, f"unreadable store ({exc})") from None

    def add_article(self, article: Article, spans: Sequence[tuple[int, int]], first_pid: int,
                    forms: ArticleForms | None = None) -> int:
        """Insert an article, its passages and, when given, its `lexical.ArticleForms` (what
        verification would otherwise derive from its text for every post); returns its aid."""
        cur = self.conn.execute(
            "INSERT INTO articles (id, outlet, url, title, text, lang, published_at, content_hash,"
            " origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.id, article.outlet, article.url, article.title, article.text,
                article.lang, article.published_at, content_hash(article.text), article.origin,
            ),
        )
        aid = int(cur.lastrowid or 0)
        self.conn.executemany(
            "INSERT INTO passages (pid, aid, start, end) VALUES (?, ?, ?, ?)",
            [(first_pid + i, aid, s, e) for i, (s, e) in enumerate(spans)],
        )
        if forms is not None:
            self.conn.execute(
                "INSERT INTO article_forms (aid, version, shingle_text, shingle_k, skeleton)"
                " VALUES (?, ?, ?, ?, ?)", (aid, FORMS_VERSION, forms.shingle_text, forms.k, forms.skeleton))
        return aid

    def commit(self) -> None:
        """Commit the articles added since the last commit."""
        self.conn.commit()

    @_reads
    def counts(self) -> dict[str, int]:
        """{"articles": n, "passages": n} stored."""
        articles = self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        passages = self.conn.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
        return {"articles": int(articles), "passages": int(passages)}

    @_reads
    def outlets(self) -> dict[str, int]:
        """Articles per outlet ("?" for none), most first."""
        rows = self.conn.execute(
            "SELECT COALESCE(outlet, '?'), COUNT(*) FROM articles GROUP BY 1 ORDER BY 2 DESC"
        )
        return {_text(o, self.path, "outlet", optional=False): int(n) for o, n in rows}

    @_reads
    def check_passages_have_articles(self) -> None:
        """Raise IndexFolderError (one line naming `index verify`) when a passage belongs to no
        article: a damaged or forged store whose search results could not be shown."""
        orphans = self.conn.execute(
            "SELECT COUNT(*) FROM passages p LEFT JOIN articles a USING (aid) WHERE a.aid IS NULL"
        ).fetchone()[0]
        if orphans:
            raise _damaged(self.path, f"{orphans} passages belong to no article")

    @_reads
    def date_range(self) -> tuple[str | None, str | None]:
        """The smallest and largest `published_at` stored, as strings (None when none is dated)."""
        row = self.conn.execute("SELECT MIN(published_at), MAX(published_at) FROM articles").fetchone()
        return (_text(row[0], self.path, "published_at"), _text(row[1], self.path, "published_at"))

    @_reads
    def passages(self, pids: Sequence[int]) -> list[Passage]:
        """The passages with these ids; order is not kept.

        Raises IndexFolderError when an id is unknown or its passage belongs to no stored
        article: the search files and the store of one generation hold the same passages, so
        such an id means a damaged index, and answering without it could turn a copy into a
        false `no_match`.
        """
        if not pids:
            return []
        wanted = {int(pid) for pid in pids}
        marks = ",".join("?" * len(wanted))
        rows = self.conn.execute(
            "SELECT p.pid, p.aid, p.start, p.end FROM passages p JOIN articles a USING (aid)"
            f" WHERE p.pid IN ({marks})", sorted(wanted),
        )
        found = [Passage(*_ints(row, self.path, "a passage row")) for row in rows]
        if len(found) < len(wanted):
            raise _damaged(self.path, _unfound(len(wanted) - len(found)))
        return found

    @_reads
    def languages(self, pids: Iterable[int]) -> dict[int, str | None]:
        """Each passage's article language tag as stored (None when the article has none),
        by passage id; cached, as the same passages come back for many posts of a dump.

        Raises IndexFolderError when an id is unknown or its passage belongs to no stored
        article (as `passages`), or a tag is not text.
        """
        out: dict[int, str | None] = {}
        wanted = []
        for pid in {int(p) for p in pids}:
            if pid in self._language_cache:
                out[pid] = self._language_cache[pid]
            else:
                wanted.append(pid)
        wanted.sort()
        for start in range(0, len(wanted), _IN_CHUNK):
            chunk = wanted[start : start + _IN_CHUNK]
            rows = self.conn.execute(
                "SELECT p.pid, a.lang FROM passages p JOIN articles a USING (aid)"
                f" WHERE p.pid IN ({','.join('?' * len(chunk))})", chunk,
            ).fetchall()
            if len(rows) < len(chunk):
                raise _damaged(self.path, _unfound(len(chunk) - len(rows)))
            for pid, tag in rows:
                out[pid] = _text(tag, self.path, f"passage {pid}'s article language")
                if len(self._language_cache) > 16 * _CACHED_ROWS:
                    self._language_cache.clear()
                self._language_cache[pid] = out[pid]
        return out

    @_reads
    def passages_of(self, aid: int) -> list[Passage]:
        """An article's passages in text order (cached, as `article`: the same candidate
        articles come back for many posts of a dump; a store's rows never change once read)."""
        cached = self._passages_cache.get(aid)
        if cached is not None:
            return list(cached)
        rows = self.conn.execute(
            "SELECT pid, aid, start, end FROM passages WHERE aid = ? ORDER BY pid", (aid,)
        )
        found = tuple(Passage(*_ints(row, self.path, "a passage row")) for row in rows)
        _remember(self._passages_cache, aid, found)
        return list(found)

    @_reads
    def article(self, aid: int) -> Article:
        """The article with this aid (cached).

        Raises IndexFolderError if there is none, or a field holds a value that is not text.
        """
        cached = self._article_cache.get(aid)
        if cached is not None:
            return cached
        if self._origin_sql is None:
            self._origin_sql = "origin" if self._has_origin() else "NULL"
        row = self.conn.execute(
            "SELECT text, id, outlet, url, title, lang, published_at,"
            f" {self._origin_sql} FROM articles WHERE aid = ?",
            (aid,),
        ).fetchone()
        if row is None:
            raise _damaged(self.path, f"a passage refers to article {aid}, which is not stored")
        fields = ("text", "id", "outlet", "url", "title", "lang", "published_at", "origin")
        article = Article(*(_text(v, self.path, f"article {aid}'s {f}", f not in ("text", "id"))
                            for f, v in zip(fields, row)))
        _remember(self._article_cache, aid, article)
        return article

    @_reads
    def forms(self, aid: int) -> ArticleForms | None:
        """The article's stored `lexical.ArticleForms` (cached), or None where the store has none
        of this code's `FORMS_VERSION` (a store written before them, or by another version:
        verification then derives them from the article's text).

        The forms come from a shared folder, so they are checked as far as it costs nothing:
        text, and a k of 1-16. Forms that lie but have this shape are used as they are (as are
        vectors that lie): they can hide or downgrade a copy of that article, as a changed text
        could, but not make one, since a reported lexical match needs exact stretches aligned
        on the texts themselves (verdict.py); `index verify` derives every stored form again and
        says which differ. Raises IndexFolderError for a row that fails the check.
        """
        if aid in self._forms_cache:
            return self._forms_cache[aid]
        if self._has_forms is None:
            self._has_forms = _has_forms_table(self.conn)
        row = self.conn.execute(
            "SELECT version, shingle_text, shingle_k, skeleton FROM article_forms WHERE aid = ?", (aid,)
        ).fetchone() if self._has_forms else None
        found = None
        if row is not None and row[0] == FORMS_VERSION:
            src, k, skeleton = row[1:]
            # no bound on their length: folding may lengthen a text 18-fold (U+FDFA), and SQLite
            # already bounds every value (MAX_VALUE_BYTES), as it bounds the text itself
            if not (isinstance(src, str) and isinstance(skeleton, str) and type(k) is int and 1 <= k <= 16):
                raise _damaged(self.path, f"article {aid}'s stored forms are not of its text")
            found = ArticleForms(src, k, skeleton)
        _remember(self._forms_cache, aid, found)
        return found

    @_reads
    def forms_count(self) -> int:
        """How many articles have stored forms this code uses (`forms`), for `index stats`."""
        if not _has_forms_table(self.conn):
            return 0
        return int(self.conn.execute("SELECT COUNT(*) FROM article_forms WHERE version = ?",
                                     (FORMS_VERSION,)).fetchone()[0])

    @_reads
    def text_of(self, article_id: str) -> str:
        """The full text of an article by its id ("" if unknown)."""
        row = self.conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _text(row[0], self.path, f"article {article_id}'s text", optional=False) if row else ""

    def iter_passage_texts(self) -> Iterator[tuple[int, str]]:
        """(pid, text) for every passage in pid order (used to re-embed an index)."""
        try:
            rows = self.conn.execute(
                "SELECT p.pid, substr(a.text, p.start + 1, p.end - p.start)"
                " FROM passages p JOIN articles a USING (aid) ORDER BY p.pid"
            )
            for pid, text in rows:
                yield int(pid), _text(text, self.path, f"passage {pid}", optional=False)
        except SQL_ERRORS as exc:
            raise _damaged(self.path, f"unreadable store ({exc})") from None


# ---- whole-file jobs of the index writer ---------------------------------------------------------

def copy_store(source: Path, target: Path) -> None:
    """Copy a store file to `target` (SQLite online backup: consistent even while it is read).

    The source's schema is checked first: nothing but this module's tables and indexes is
    carried into a store that will then be written to. Raises IndexFolderError if it differs.
    """
    src = connect_readonly(source)
    try:
        problems = schema_problems(src)
        if problems:
            raise _damaged(source, f"store schema: {problems[0]}")
        dst = _harden(sqlite3.connect(target))
        try:
            with dst:
                src.backup(dst)
        finally:
            dst.close()
    except SQL_ERRORS as exc:
        raise _damaged(source, f"cannot be copied ({exc})") from None
    finally:
        src.close()


def prune_articles(path: Path, doomed: Iterable[int]) -> tuple[np.ndarray, dict[str, int]]:
    """Delete articles (by aid) and their passages; renumber the remaining passages 0..n-1.

    Returns the old pids of the kept passages, in order (row i of the new vector files is row
    keep[i] of the old ones), and the new counts. The file is vacuumed, to give the space back.
    """
    conn = _harden(sqlite3.connect(path))
    try:
        conn.executescript(SCHEMA)  # a store written before article_forms gets the (empty) table
        with conn:
            conn.execute("CREATE TEMP TABLE doomed (aid INTEGER PRIMARY KEY)")
            conn.executemany("INSERT INTO doomed VALUES (?)", ((aid,) for aid in doomed))
            conn.execute("DELETE FROM passages WHERE aid IN (SELECT aid FROM doomed)")
            conn.execute("DELETE FROM article_forms WHERE aid IN (SELECT aid FROM doomed)")
            conn.execute("DELETE FROM articles WHERE aid IN (SELECT aid FROM doomed)")
            keep = np.fromiter(
                (pid for (pid,) in conn.execute("SELECT pid FROM passages ORDER BY pid")), dtype=np.int64
            )
            # Ascending order never collides: the k-th survivor's old pid is >= k, and every
            # smaller pid has already moved below k or was deleted.
            conn.executemany(
                "UPDATE passages SET pid = ? WHERE pid = ?",
                ((new, int(old)) for new, old in enumerate(keep) if new != old),
            )
        conn.execute("VACUUM")  # give the deleted texts' pages back
        articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        passages_n = conn.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
    finally:
        conn.close()
    return keep, {"articles": int(articles), "passages": int(passages_n)}


_TEXT_COLUMNS = ("id", "text", "content_hash")  # NOT NULL
_OPTIONAL_TEXT_COLUMNS = ("outlet", "url", "title", "lang", "published_at", "origin")


def check_store(path: Path, counts: dict[str, int]) -> tuple[list[str], bool]:
    """Check a store file against the manifest's counts, read-only.

    Returns the problems found, and whether the file could be checked through (False when it
    cannot be opened, is not a store of this schema, fails SQLite's integrity check or is
    unreadable). Checks: the header, SQLite's quick_check, the schema, the counts, passage ids
    dense from 0, no passage without its article, every span inside its text, every value of
    its column's type, every text valid UTF-8.
    """
    try:
        conn = connect_readonly(path)
    except FileNotFoundError:
        return [f"{path.name}: missing"], False
    except IndexFolderError as exc:
        return [str(exc)], False
    errors: list[str] = []
    try:
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            return [f"{path.name}: SQLite integrity check failed ({str(result)[:200]!r})"], False
        problems = schema_problems(conn)
        if problems:
            return [f"{path.name}: store schema: {p}" for p in problems], False
        articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        found = conn.execute("SELECT COUNT(*), MIN(pid), MAX(pid) FROM passages").fetchone()
        if articles != counts.get("articles"):
            errors.append(f"store holds {articles} articles, the manifest says {counts.get('articles')}")
        if found[0] != counts.get("passages"):
            errors.append(f"store holds {found[0]} passages, the manifest says {counts.get('passages')}")
        if found[0] and (found[1] != 0 or found[2] != found[0] - 1):
            errors.append(f"passage ids are not 0..{found[0] - 1} (found {found[1]}..{found[2]})")
        errors.extend(_type_problems(conn))
        orphans = conn.execute(
            "SELECT COUNT(*) FROM passages p LEFT JOIN articles a USING (aid) WHERE a.aid IS NULL"
        ).fetchone()[0]
        if orphans:
            errors.append(f"{orphans} passages belong to no article")
        bad_spans = conn.execute(
            "SELECT COUNT(*) FROM passages p JOIN articles a USING (aid)"
            " WHERE p.start < 0 OR p.end <= p.start OR p.end > length(a.text)"
        ).fetchone()[0]
        if bad_spans:
            errors.append(f"{bad_spans} passages point outside their article's text")
        errors.extend(_forms_problems(conn))
    except SQL_ERRORS as exc:
        return [*errors, f"{path.name}: unreadable ({exc})"], False
    finally:
        conn.close()
    return errors, True


def _type_problems(conn: sqlite3.Connection) -> list[str]:
    """Rows holding a value of another type than their column's, or text that is not UTF-8."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(articles)")}
    text_columns = [c for c in _OPTIONAL_TEXT_COLUMNS if c in columns]
    wrong = " OR ".join(
        [f"typeof({c}) <> 'text'" for c in _TEXT_COLUMNS]
        + [f"typeof({c}) NOT IN ('text', 'null')" for c in text_columns]
    )
    problems = []
    bad_articles = conn.execute(f"SELECT COUNT(*) FROM articles WHERE {wrong}").fetchone()[0]
    if bad_articles:
        problems.append(f"{bad_articles} articles hold a value that is not text (a BLOB or a number)")
    bad_passages = conn.execute(
        "SELECT COUNT(*) FROM passages WHERE typeof(aid) <> 'integer' OR typeof(start) <> 'integer'"
        " OR typeof(end) <> 'integer'"
    ).fetchone()[0]
    if bad_passages:
        problems.append(f"{bad_passages} passages hold a value that is not an integer")
    conn.text_factory = bytes  # decode here, to count bad rows rather than stop at the first
    undecodable = 0
    texts = ", ".join(f"CASE WHEN typeof({c}) = 'text' THEN {c} END" for c in (*_TEXT_COLUMNS, *text_columns))
    for row in conn.execute(f"SELECT {texts} FROM articles"):
        try:
            for value in row:
                if isinstance(value, bytes):
                    value.decode("utf-8")
        except UnicodeDecodeError:
            undecodable += 1
    if undecodable:
        problems.append(f"{undecodable} articles hold text that is not valid UTF-8")
    return problems


def _forms_problems(conn: sqlite3.Connection) -> list[str]:
    """Stored article forms (`Store.forms`) that belong to no article, or that this code's
    `FORMS_VERSION` would derive otherwise from the article's text (verify derives each again:
    verification trusts them instead of the text)."""
    if not _has_forms_table(conn):
        return []
    problems = []
    orphans = conn.execute(
        "SELECT COUNT(*) FROM article_forms f LEFT JOIN articles a USING (aid) WHERE a.aid IS NULL").fetchone()[0]
    if orphans:
        problems.append(f"{orphans} stored article forms belong to no article")
    typed = conn.execute(
        "SELECT COUNT(*) FROM article_forms WHERE typeof(version) <> 'integer' OR typeof(shingle_text) <> 'text'"
        " OR typeof(shingle_k) <> 'integer' OR typeof(skeleton) <> 'text'").fetchone()[0]
    if typed:
        problems.append(f"{typed} stored article forms hold a value of the wrong type (a BLOB or a number)")
    wrong: list[int] = []
    conn.text_factory = bytes  # text that is not UTF-8 is counted by _type_problems, not here
    rows = conn.execute(
        "SELECT f.aid, a.text, f.shingle_text, f.shingle_k, f.skeleton FROM article_forms f JOIN articles a"
        " USING (aid) WHERE f.version = ? AND typeof(f.shingle_text) = 'text' AND typeof(f.skeleton) = 'text'",
        (FORMS_VERSION,))
    for aid, text, src, k, skeleton in rows:
        try:
            same = article_forms(text.decode("utf-8")) == ArticleForms(src.decode("utf-8"), k, skeleton.decode("utf-8"))
        except (AttributeError, UnicodeDecodeError):  # not text at all, or not UTF-8
            same = False
        if not same:
            wrong.append(aid)
    if wrong:
        shown = ", ".join(str(aid) for aid in wrong[:5]) + (", ..." if len(wrong) > 5 else "")
        problems.append(f"{len(wrong)} articles' stored forms differ from their text (article rowids {shown};"
                        " rebuild the index)")
    return problems
