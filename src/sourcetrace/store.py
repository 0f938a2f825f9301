"""SQLite store for articles and their passages (offsets into the article text, never copies)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .records import Article, content_hash

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
    content_hash TEXT NOT NULL UNIQUE
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
class StoredArticle:
    aid: int
    article: Article


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
        self._article_cache: dict[int, Article] = {}

    def close(self) -> None:
        self.conn.close()

    def is_duplicate(self, article: Article) -> bool:
        """Same id, same URL or same text (whitespace-insensitive) as a stored article."""
        row = self.conn.execute(
            "SELECT 1 FROM articles WHERE id = ? OR content_hash = ? OR (url IS NOT NULL AND url = ?)",
            (article.id, content_hash(article.text), article.url),
        ).fetchone()
        return row is not None

    def add_article(self, article: Article, spans: Sequence[tuple[int, int]], first_pid: int) -> int:
        """Insert an article and its passages; returns its aid."""
        cur = self.conn.execute(
            "INSERT INTO articles (id, outlet, url, title, text, lang, published_at, content_hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.id, article.outlet, article.url, article.title, article.text,
                article.lang, article.published_at, content_hash(article.text),
            ),
        )
        aid = int(cur.lastrowid or 0)
        self.conn.executemany(
            "INSERT INTO passages (pid, aid, start, end) VALUES (?, ?, ?, ?)",
            [(first_pid + i, aid, s, e) for i, (s, e) in enumerate(spans)],
        )
        return aid

    def commit(self) -> None:
        self.conn.commit()

    def counts(self) -> dict[str, int]:
        articles = self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        passages = self.conn.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
        return {"articles": int(articles), "passages": int(passages)}

    def outlets(self) -> dict[str, int]:
        rows = self.conn.execute(
            "SELECT COALESCE(outlet, '?'), COUNT(*) FROM articles GROUP BY 1 ORDER BY 2 DESC"
        )
        return {str(o): int(n) for o, n in rows}

    def date_range(self) -> tuple[str | None, str | None]:
        row = self.conn.execute("SELECT MIN(published_at), MAX(published_at) FROM articles").fetchone()
        return (row[0], row[1])

    def passages(self, pids: Sequence[int]) -> list[Passage]:
        if not pids:
            return []
        marks = ",".join("?" * len(pids))
        rows = self.conn.execute(
            f"SELECT pid, aid, start, end FROM passages WHERE pid IN ({marks})", list(pids)
        )
        return [Passage(*row) for row in rows]

    def passages_of(self, aid: int) -> list[Passage]:
        rows = self.conn.execute(
            "SELECT pid, aid, start, end FROM passages WHERE aid = ? ORDER BY pid", (aid,)
        )
        return [Passage(*row) for row in rows]

    def article(self, aid: int) -> Article:
        cached = self._article_cache.get(aid)
        if cached is not None:
            return cached
        row = self.conn.execute(
            "SELECT text, id, outlet, url, title, lang, published_at FROM articles WHERE aid = ?",
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
