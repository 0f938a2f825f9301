"""SQLite store for articles and their passages (offsets into the article text, never copies).

Every SQL statement of the package is in this module: the `Store` class for a generation's
database, and functions for the whole-file jobs of the index writer (copy, prune, check).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..records import Article, content_hash

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
"""


@dataclass(frozen=True)
class Passage:
    pid: int
    aid: int
    start: int
    end: int


class Store:
    """One SQLite file. Passage ids are dense (0..n-1): row i of every vector file is passage i."""

    def __init__(self, path: Path, readonly: bool = False) -> None:
        self.path = path
        if readonly:
            self.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        else:
            self.conn = sqlite3.connect(path)
            self.conn.executescript(SCHEMA)
            if not self._has_origin():  # a store written before Article.origin: add the column
                self.conn.execute("ALTER TABLE articles ADD COLUMN origin TEXT")
        self._article_cache: dict[int, Article] = {}
        self._origin_sql: str | None = None  # "origin", or "NULL" for a store without the column

    def _has_origin(self) -> bool:
        """Does the articles table have the `origin` column (stores before it read origin None)?"""
        columns = {row[1] for row in self.conn.execute("PRAGMA table_info(articles)")}
        return "origin" in columns

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def ensure_open(self) -> None:
        """Read from the file now (SQLite opens it lazily), so that its later removal no longer matters.

        Raises sqlite3.OperationalError if the file is gone or is not a store.
        """
        self.conn.execute("SELECT 1 FROM articles LIMIT 1").fetchall()

    def is_duplicate(self, article: Article) -> bool:
        """Same id, same URL or same text (whitespace-insensitive) as a stored article."""
        row = self.conn.execute(
            "SELECT 1 FROM articles WHERE id = ? OR content_hash = ? OR (url IS NOT NULL AND url = ?)",
            (article.id, content_hash(article.text), article.url),
        ).fetchone()
        return row is not None

    def has_url(self, url: str) -> bool:
        """Whether an article with this URL is stored."""
        row = self.conn.execute("SELECT 1 FROM articles WHERE url = ?", (url,)).fetchone()
        return row is not None

    def published_dates(self) -> Iterator[tuple[int, str | None]]:
        """(aid, published_at) of every article; published_at is ISO 8601 or None (undated)."""
        for aid, published in self.conn.execute("SELECT aid, published_at FROM articles"):
            yield int(aid), published

    def add_article(self, article: Article, spans: Sequence[tuple[int, int]], first_pid: int) -> int:
        """Insert an article and its passages; returns its aid."""
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
        return aid

    def commit(self) -> None:
        """Commit the articles added since the last commit."""
        self.conn.commit()

    def counts(self) -> dict[str, int]:
        """{"articles": n, "passages": n} stored."""
        articles = self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        passages = self.conn.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
        return {"articles": int(articles), "passages": int(passages)}

    def outlets(self) -> dict[str, int]:
        """Articles per outlet ("?" for none), most first."""
        rows = self.conn.execute(
            "SELECT COALESCE(outlet, '?'), COUNT(*) FROM articles GROUP BY 1 ORDER BY 2 DESC"
        )
        return {str(o): int(n) for o, n in rows}

    def date_range(self) -> tuple[str | None, str | None]:
        """The smallest and largest `published_at` stored, as strings (None when none is dated)."""
        row = self.conn.execute("SELECT MIN(published_at), MAX(published_at) FROM articles").fetchone()
        return (row[0], row[1])

    def passages(self, pids: Sequence[int]) -> list[Passage]:
        """The passages with these ids (unknown ids are left out; order is not kept)."""
        if not pids:
            return []
        marks = ",".join("?" * len(pids))
        rows = self.conn.execute(
            f"SELECT pid, aid, start, end FROM passages WHERE pid IN ({marks})", list(pids)
        )
        return [Passage(*row) for row in rows]

    def passages_of(self, aid: int) -> list[Passage]:
        """An article's passages in text order."""
        rows = self.conn.execute(
            "SELECT pid, aid, start, end FROM passages WHERE aid = ? ORDER BY pid", (aid,)
        )
        return [Passage(*row) for row in rows]

    def article(self, aid: int) -> Article:
        """The article with this aid (cached); KeyError if there is none."""
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
            raise KeyError(aid)
        article = Article(*row)
        if len(self._article_cache) > 4096:
            self._article_cache.clear()
        self._article_cache[aid] = article
        return article

    def text_of(self, article_id: str) -> str:
        """The full text of an article by its id ("" if unknown)."""
        row = self.conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        return str(row[0]) if row else ""

    def iter_passage_texts(self) -> Iterator[tuple[int, str]]:
        """(pid, text) for every passage in pid order (used to re-embed an index)."""
        rows = self.conn.execute(
            "SELECT p.pid, substr(a.text, p.start + 1, p.end - p.start)"
            " FROM passages p JOIN articles a USING (aid) ORDER BY p.pid"
        )
        for pid, text in rows:
            yield int(pid), str(text)


# ---- whole-file jobs of the index writer ---------------------------------------------------------

def copy_store(source: Path, target: Path) -> None:
    """Copy a store file to `target` (SQLite online backup: consistent even while it is read)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        with dst:
            src.backup(dst)
    finally:
        src.close()
        dst.close()


def prune_articles(path: Path, doomed: Iterable[int]) -> tuple[np.ndarray, dict[str, int]]:
    """Delete articles (by aid) and their passages; renumber the remaining passages 0..n-1.

    Returns the old pids of the kept passages, in order (row i of the new vector files is row
    keep[i] of the old ones), and the new counts. The file is vacuumed, to give the space back.
    """
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.execute("CREATE TEMP TABLE doomed (aid INTEGER PRIMARY KEY)")
            conn.executemany("INSERT INTO doomed VALUES (?)", ((aid,) for aid in doomed))
            conn.execute("DELETE FROM passages WHERE aid IN (SELECT aid FROM doomed)")
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


def check_store(path: Path, counts: dict[str, int]) -> tuple[list[str], bool]:
    """Check a store file against the manifest's counts, read-only.

    Returns the problems found, and whether the file could be checked through (False when it
    cannot be opened, fails SQLite's integrity check or is unreadable). Checks: the counts,
    passage ids dense from 0, no passage without its article, every span inside its text.
    """
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [f"{path.name}: cannot open ({exc})"], False
    errors: list[str] = []
    try:
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            return [f"{path.name}: SQLite integrity check failed ({result})"], False
        articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        found = conn.execute("SELECT COUNT(*), MIN(pid), MAX(pid) FROM passages").fetchone()
        if articles != counts.get("articles"):
            errors.append(f"store holds {articles} articles, the manifest says {counts.get('articles')}")
        if found[0] != counts.get("passages"):
            errors.append(f"store holds {found[0]} passages, the manifest says {counts.get('passages')}")
        if found[0] and (found[1] != 0 or found[2] != found[0] - 1):
            errors.append(f"passage ids are not 0..{found[0] - 1} (found {found[1]}..{found[2]})")
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
    except sqlite3.DatabaseError as exc:
        return [*errors, f"{path.name}: unreadable ({exc})"], False
    finally:
        conn.close()
    return errors, True
