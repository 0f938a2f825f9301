"""SQLite store for articles and their passages (offsets into the article text, never copies).

Every SQL statement of the package is in this module and in `storecheck`: the `Store` class
for a generation's database, and functions for the whole-file jobs of the index writer (copy,
prune here, check there).

A store may come from someone else's index folder, so it is opened as SQLite's guide to
untrusted database files advises (https://www.sqlite.org/security.html): readers open it
read-only and immutable (no journal, WAL or lock file is looked for beside it), every
connection runs with `trusted_schema=OFF` and a bound on string length, and before use its
schema must be exactly the one this module creates (the two tables and their indexes; an
`origin` TEXT column may be there or not, and the `article_forms` and `article_anchors`
tables of stores written since 2026-12 may be missing): no trigger, view, virtual table, CHECK, DEFAULT
or generated column can be present to run when the store is read or copied and written to.
A value of the wrong type in a row (a BLOB where text belongs) is an IndexFolderError when
it is read, and `storecheck.check_store` (used by `verify`) counts such rows.
"""

from __future__ import annotations

import functools
import re
import sqlite3
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from .. import anchorcompare, storedkeys
from ..dates import to_datetime
from ..errors import IndexFolderError
from ..lexical import FORMS_VERSION, ArticleForms
from ..records import Article, content_hash
from ..results import NO_OUTLET, counted
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
CREATE TABLE IF NOT EXISTS article_anchors (
    aid INTEGER PRIMARY KEY REFERENCES articles(aid),
    version INTEGER NOT NULL,
    keys TEXT NOT NULL
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


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    """Whether the store has the table `name` (`article_forms` and `article_anchors` are
    missing from stores written before them)."""
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
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
    kind = "binary data (a BLOB)" if isinstance(value, bytes) else "a number" if isinstance(value, (int, float)) \
        else "nothing (NULL)" if value is None else f"a {type(value).__name__}"
    raise _damaged(path, f"{what} holds {kind}, not text")


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
        self._keys_cache: dict[int, anchorcompare.KeyTable] = {}
        self._tables: dict[str, bool] = {}  # name -> whether the store has that optional table
        self._origin_sql: str | None = None  # "origin", or "NULL" for a store without the column

    def _has_table(self, name: str) -> bool:
        """`has_table`, asked once per store (article_forms, article_anchors)."""
        if name not in self._tables:
            self._tables[name] = has_table(self.conn, name)
        return self._tables[name]

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
    def duplicate_of(self, article: Article) -> tuple[str, str] | None:
        """Why `article` is already stored, and the id it is stored under, or None: "text" (a
        stored article has its text, whitespace aside), else "other text" (its id or URL is
        stored with another text: an edited or corrected version, which a write skips all the
        same). A URL is stored when the page is, whatever tracking parameters or fragment either
        mention of it carries (`same_page_urls`; trial 122: RT's feed links with `?utm_source=`
        stored a second copy of an article indexed at its plain URL); a URL that is the same only
        without its fragment is the page's only where its text is the same story (`same_story`;
        trial 124: "index2.html#cinema", a listing's second item, was skipped as the first item at
        "index2.html", and never indexed: `placement` names that first item). The stored id is
        `article.id` itself where that is stored, else the first stored article's whose text
        (or URL) it has."""
        return self._duplicate(article, self._page_urls(article)[0])

    @_reads
    def placement(self, article: Article) -> tuple[tuple[str, str] | None, str | None]:
        """`duplicate_of(article)`, and where it is None, the id of a stored article whose URL is
        `article`'s but for the fragment and whose text is another story ("index2.html" beside
        "index2.html#cinema", trial 124), else None: the page's URLs read once for both."""
        urls, apart = self._page_urls(article)
        known = self._duplicate(article, urls)
        return known, None if known is not None else next(iter(apart), None)

    def _duplicate(self, article: Article, urls: list[str]) -> tuple[str, str] | None:
        """`duplicate_of`, the page's URLs (`_page_urls`) given."""
        digest = content_hash(article.text)
        at_url = f" OR url IN ({', '.join('?' * len(urls))})" if urls else ""
        row = self.conn.execute(
            f"SELECT MAX(content_hash = ?), MAX(id = ?) FROM articles WHERE id = ? OR content_hash = ?{at_url}",
            (digest, article.id, article.id, digest, *urls),
        ).fetchone()
        if row is None or row[0] is None:
            return None
        kind = "text" if row[0] else "other text"
        if row[1]:
            return kind, article.id
        first = self.conn.execute(
            f"SELECT id FROM articles WHERE content_hash = ?{at_url} ORDER BY aid LIMIT 1",
            (digest, *urls)).fetchone()
        return kind, _text(first[0], self.path, "id") if first else article.id

    def _page_urls(self, article: Article) -> tuple[list[str], list[str]]:
        """The URLs of `article`'s page (`same_page_urls`) that `duplicate_of` compares, and the
        ids of the stored articles whose URL is the page's only without the fragment and whose
        text is another story (kept apart, trial 124)."""
        urls = self.same_page_urls(article.url)
        if not urls or not article.url:
            return urls, []
        from ..sources.urls import comparable_url

        page = comparable_url(article.url, keep_fragment=True)
        sections = [u for u in urls if comparable_url(u, keep_fragment=True) != page]
        if not sections:
            return urls, []
        rows = self.conn.execute(
            f"SELECT url, id, text FROM articles WHERE url IN ({', '.join('?' * len(sections))}) ORDER BY aid",
            sections).fetchall()
        other = [(url, stored) for url, stored, text in rows
                 if not same_story(_text(text, self.path, f"the text at {url}", optional=False), article.text)]
        apart = {url for url, _ in other}
        same = {url for url, _, _ in rows} - apart
        kept = [u for u in urls if u not in sections or u in same]
        return kept, [_text(stored, self.path, "id") for _, stored in other]

    @_reads
    def same_page_urls(self, url: str | None) -> list[str]:
        """`url` and the stored URLs of the same page, tracking parameters, fragment and the case
        of scheme and host aside (`sources.urls.comparable_url`): the stored ones are looked for
        among those that begin as `url` (or its comparable form) does up to "?" or "#"."""
        if not url:
            return []
        from ..sources.urls import comparable_url

        key = comparable_url(url)
        found = {url, key}
        for written in {url, key}:
            base = re.split(r"[?#]", written, maxsplit=1)[0]
            if comparable_url(base) == key:
                found.add(base)
            for mark in "?#":
                rows = self.conn.execute(
                    "SELECT url FROM articles WHERE url IS NOT NULL AND url >= ? AND url < ? LIMIT 100",
                    (base + mark, base + mark + "\U0010ffff"))
                found.update(u for (u,) in rows if isinstance(u, str) and comparable_url(u) == key)
        return sorted(found)

    @_reads
    def has_url(self, url: str) -> bool:
        """Whether an article with this URL is stored."""
        row = self.conn.execute("SELECT 1 FROM articles WHERE url = ?", (url,)).fetchone()
        return row is not None

    @_reads
    def text_at_url(self, url: str) -> str | None:
        """The text of the first stored article with this URL, or None when none has it."""
        row = self.conn.execute("SELECT text FROM articles WHERE url = ? ORDER BY aid LIMIT 1", (url,)).fetchone()
        return _text(row[0], self.path, f"the text at {url}", optional=False) if row else None

    def published_dates(self) -> Iterator[tuple[int, str | None]]:
        """(aid, published_at) of every article; published_at is ISO 8601 or None (undated)."""
        try:
            for aid, published in self.conn.execute("SELECT aid, published_at FROM articles"):
                yield int(aid), _text(published, self.path, "published_at")
        except SQL_ERRORS as exc:
            raise _damaged(self.path, f"unreadable store ({exc})") from None

    def add_article(self, article: Article, spans: Sequence[tuple[int, int]], first_pid: int,
                    forms: ArticleForms | None = None, anchor_keys: str | None = None) -> int:
        """Insert an article, its passages and, when given, its `lexical.ArticleForms` and
        `storedkeys.stored_keys` (what verification would otherwise derive from its text for every
        post); returns its aid."""
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
        if anchor_keys is not None:
            self.conn.execute("INSERT INTO article_anchors (aid, version, keys) VALUES (?, ?, ?)",
                              (aid, storedkeys.KEYS_VERSION, anchor_keys))
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
        """Articles per outlet (`results.NO_OUTLET` for none), most first."""
        rows = self.conn.execute(
            "SELECT COALESCE(NULLIF(outlet, ''), ?), COUNT(*) FROM articles GROUP BY 1 ORDER BY 2 DESC",
            (NO_OUTLET,),
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
        """The earliest and latest `published_at` stored, as written (None when none is dated),
        compared as moments: SQL's MIN and MAX compare the text, so 10:00+08:00 (02:00 UTC) came
        after 05:00Z (trial 107). A value that is no date (`dates.to_datetime`) is left out."""
        first: tuple[datetime, str] | None = None
        last: tuple[datetime, str] | None = None
        for (value,) in self.conn.execute("SELECT DISTINCT published_at FROM articles WHERE published_at IS NOT NULL"):
            written = _text(value, self.path, "published_at")
            moment = to_datetime(written)
            if moment is None:
                continue
            if first is None or moment < first[0]:
                first = (moment, written)
            if last is None or moment > last[0]:
                last = (moment, written)
        return (first[1] if first else None, last[1] if last else None)

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
        row = self.conn.execute(
            "SELECT version, shingle_text, shingle_k, skeleton FROM article_forms WHERE aid = ?", (aid,)
        ).fetchone() if self._has_table("article_forms") else None
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
    def anchor_keys(self, aid: int) -> anchorcompare.KeyTable:
        """The article's `anchorcompare.KeyTable` (cached): from its stored keys where the store has
        them in this code's `storedkeys.KEYS_VERSION`, else derived from its text.

        Stored keys come from a shared folder: `storedkeys.stored_table` checks their shape, and
        each anchor they list is extracted again from its span of the text before a post's
        anchor is said to be shared with it, so keys that lie can hide shared anchors but not
        add any (`index verify` derives them all again and says which differ). Raises
        IndexFolderError for a row of the wrong shape.
        """
        if aid in self._keys_cache:
            return self._keys_cache[aid]
        text = self.article(aid).text
        row = self.conn.execute("SELECT version, keys FROM article_anchors WHERE aid = ?",
                                (aid,)).fetchone() if self._has_table("article_anchors") else None
        if row is not None and row[0] == storedkeys.KEYS_VERSION:
            try:
                table = storedkeys.stored_table(text, _text(row[1], self.path, f"article {aid}'s anchor keys", False))
            except ValueError as exc:
                raise _damaged(self.path, f"article {aid}'s stored anchor keys are damaged ({exc})") from None
        else:
            table = anchorcompare.article_keys(text)
        _remember(self._keys_cache, aid, table)
        return table

    @_reads
    def derived_count(self, table: str) -> int:
        """How many articles have rows this code uses in `table` ("article_forms": `forms`,
        "article_anchors": `anchor_keys`), for `index stats`."""
        version = {"article_forms": FORMS_VERSION, "article_anchors": storedkeys.KEYS_VERSION}[table]
        if not has_table(self.conn, table):
            return 0
        # rows of articles that exist (verify counts the others)
        return int(self.conn.execute(f"SELECT COUNT(*) FROM {table} d JOIN articles a USING (aid)"
                                     " WHERE d.version = ?", (version,)).fetchone()[0])

    @_reads
    def aid_of(self, article_id: str) -> int | None:
        """The internal id of the article with this id, or None if none is stored."""
        row = self.conn.execute("SELECT aid FROM articles WHERE id = ?", (article_id,)).fetchone()
        return int(row[0]) if row else None

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

# How much of the shorter text's shingles the longer must hold for two texts to be one story
SAME_STORY_SHARE = 0.5
# words a shared first line (a headline) needs to say two texts are one story
SAME_HEADLINE_WORDS = 3


def same_story(one: str, other: str) -> bool:
    """Are two texts at one page URL (up to its fragment) one story: the same text (whitespace
    aside), the same headline (first line, of three words or more: an edited version keeps it),
    or near the same text (half the shorter one's shingles in the longer)? Trial 124: two items
    of one listing page, "index2.html" and "index2.html#cinema", are two stories; trial 122's
    feed copy of a story is one."""
    if content_hash(one) == content_hash(other):
        return True
    heads = [" ".join(t.strip().split("\n", 1)[0].casefold().split()) for t in (one, other)]
    if heads[0] == heads[1] and len(heads[0].split()) >= SAME_HEADLINE_WORDS:
        return True
    from ..lexical import shingles

    a, b = shingles(one), shingles(other)
    return bool(a and b) and len(a & b) >= SAME_STORY_SHARE * min(len(a), len(b))


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
        conn.executescript(SCHEMA)  # a store written before article_forms gets the (empty) tables
        with conn:
            conn.execute("CREATE TEMP TABLE doomed (aid INTEGER PRIMARY KEY)")
            conn.executemany("INSERT INTO doomed VALUES (?)", ((aid,) for aid in doomed))
            conn.execute("DELETE FROM passages WHERE aid IN (SELECT aid FROM doomed)")
            conn.execute("DELETE FROM article_forms WHERE aid IN (SELECT aid FROM doomed)")
            conn.execute("DELETE FROM article_anchors WHERE aid IN (SELECT aid FROM doomed)")
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
