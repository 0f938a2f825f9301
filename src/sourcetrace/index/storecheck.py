"""`check_store`: a store file checked through, read-only, for `index verify` (the checks that
read every row; what reading a row checks is in `store`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .. import storedkeys
from ..errors import IndexFolderError
from ..lexical import FORMS_VERSION, ArticleForms, article_forms
from ..results import counted
from .store import SQL_ERRORS, connect_readonly, has_table, schema_problems

_TEXT_COLUMNS = ("id", "text", "content_hash")  # NOT NULL
_OPTIONAL_TEXT_COLUMNS = ("outlet", "url", "title", "lang", "published_at", "origin")


def check_store(path: Path, counts: dict[str, int]) -> tuple[list[str], list[str], bool]:
    """Check a store file against the manifest's counts, read-only.

    Returns the problems found, the warnings (what does not make the index unusable: articles
    holding NUL characters, which an earlier sourcetrace stored), and whether the file could be
    checked through (False when it cannot be opened, is not a store of this schema, fails
    SQLite's integrity check or is unreadable). Checks: the header, SQLite's quick_check, the
    schema, the counts, passage ids dense from 0, no passage without its article, every span
    inside its text, every value of its column's type, every text valid UTF-8, every stored
    article form and anchor key table what this code derives from its article's text.
    """
    try:
        conn = connect_readonly(path)
    except FileNotFoundError:
        return [f"{path.name}: missing"], [], False
    except IndexFolderError as exc:
        return [str(exc)], [], False
    errors: list[str] = []
    warnings: list[str] = []
    try:
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            return [f"{path.name}: SQLite integrity check failed ({str(result)[:200]!r})"], [], False
        problems = schema_problems(conn)
        if problems:
            return [f"{path.name}: store schema: {p}" for p in problems], [], False
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
        # SQLite's length() stops at a NUL: the texts holding one are measured here instead
        bad_spans = conn.execute(
            "SELECT COUNT(*) FROM passages p JOIN articles a USING (aid) WHERE p.start < 0"
            " OR p.end <= p.start OR (p.end > length(a.text) AND instr(a.text, char(0)) = 0)"
        ).fetchone()[0]
        nul_articles, nul_bad_spans = _nul_texts(conn)
        if bad_spans + nul_bad_spans:
            errors.append(f"{bad_spans + nul_bad_spans} passages point outside their article's text")
        if nul_articles:
            warnings.append(
                f"NUL characters in {counted(nul_articles, 'article')} (stored by an earlier"
                " sourcetrace: SQLite tools show such a text cut at its first NUL, sourcetrace reads"
                " it whole); rebuild the index (`index build --replace`) to remove them")
        errors.extend(_forms_problems(conn))
        errors.extend(_anchors_problems(conn))
    except SQL_ERRORS as exc:
        return [*errors, f"{path.name}: unreadable ({exc})"], warnings, False
    finally:
        conn.close()
    return errors, warnings, True


def _nul_texts(conn: sqlite3.Connection) -> tuple[int, int]:
    """How many articles hold a NUL in a text column, and how many passages of those whose text
    holds one end past it (measured in Python, which reads the text whole)."""
    columns = {_name(row[1]) for row in conn.execute("PRAGMA table_info(articles)")}
    texts = [c for c in (*_TEXT_COLUMNS, *_OPTIONAL_TEXT_COLUMNS) if c in columns]
    found = conn.execute("SELECT COUNT(*) FROM articles WHERE " + " OR ".join(
        f"(typeof({c}) = 'text' AND instr({c}, char(0)) > 0)" for c in texts)).fetchone()[0]
    if not found:
        return 0, 0
    bad = 0
    rows = conn.execute(
        "SELECT a.text, p.end FROM passages p JOIN articles a USING (aid)"
        " WHERE typeof(a.text) = 'text' AND instr(a.text, char(0)) > 0 AND p.start >= 0 AND p.end > p.start")
    for text, end in rows:
        if not isinstance(end, int) or end > len(text if isinstance(text, str) else text.decode("utf-8", "replace")):
            bad += 1
    return found, bad


def _name(value: str | bytes) -> str:
    """A column name, read while `text_factory` is `bytes` or not."""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


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
    """Stored article forms (`Store.forms`): verification trusts them instead of the text."""
    return _derived_problems(
        conn, "article_forms", FORMS_VERSION, {"shingle_text": "text", "shingle_k": "integer", "skeleton": "text"},
        ("article forms", "forms"),
        lambda text, row: article_forms(text) == ArticleForms(row[0].decode("utf-8"), row[1], row[2].decode("utf-8")))


def _anchors_problems(conn: sqlite3.Connection) -> list[str]:
    """Stored anchor keys (`Store.anchor_keys`)."""
    return _derived_problems(conn, "article_anchors", storedkeys.KEYS_VERSION, {"keys": "text"},
                             ("anchor key tables", "anchor keys"),
                             lambda text, row: storedkeys.stored_keys(text) == row[0].decode("utf-8"))


def _derived_problems(conn: sqlite3.Connection, table: str, version: int, columns: dict[str, str],
                      names: tuple[str, str], same: Callable[[str, Sequence[Any]], bool]) -> list[str]:
    """Rows of a `table` of what indexing derived from each article (`columns`: name -> SQLite
    type) that belong to no article, hold a value of another type, or that this code's
    `version` would derive otherwise from the article's text (`same(text, row values)`, the
    values as bytes where text; verify derives each again). `names`: the rows' and the
    values' names in the messages. No table (a store written before it): no problem."""
    if not has_table(conn, table):
        return []
    rows_name, values_name = names
    problems = []
    orphans = conn.execute(
        f"SELECT COUNT(*) FROM {table} d LEFT JOIN articles a USING (aid) WHERE a.aid IS NULL").fetchone()[0]
    if orphans:
        problems.append(f"{orphans} stored {rows_name} belong to no article")
    typed = conn.execute(f"SELECT COUNT(*) FROM {table} WHERE " + " OR ".join(
        f"typeof({c}) <> '{t}'" for c, t in {"version": "integer", **columns}.items())).fetchone()[0]
    if typed:
        problems.append(f"{typed} stored {rows_name} hold a value of the wrong type (a BLOB or a number)")
    wrong: list[int] = []
    conn.text_factory = bytes  # text that is not UTF-8 is counted by _type_problems, not here
    rows = conn.execute(
        f"SELECT d.aid, a.text, {', '.join('d.' + c for c in columns)} FROM {table} d JOIN articles a USING (aid)"
        " WHERE d.version = ?" + "".join(f" AND typeof(d.{c}) = 'text'" for c, t in columns.items() if t == "text"),
        (version,))
    for aid, text, *values in rows:
        try:
            right = same(text.decode("utf-8"), values)
        except (AttributeError, UnicodeDecodeError):  # not text at all, or not UTF-8
            right = False
        if not right:
            wrong.append(aid)
    if wrong:
        shown = ", ".join(str(aid) for aid in wrong[:5]) + (", ..." if len(wrong) > 5 else "")
        problems.append(f"{len(wrong)} articles' stored {values_name} differ from their text (article rowids"
                        f" {shown}; rebuild the index)")
    return problems
