"""`read_sources`: articles from any mix of JSONL/CSV files, feeds, saved pages, folders of them
and http(s) URLs, each source read the way its kind needs.

Nothing here raises for one bad feed, page or entry: each gets one `Problem` line and the others
go on. Only an unusable argument (a missing file) raises `InputError`, before anything is read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..readers import Problem, ProblemHandler, read_articles, skipped_in_folder
from ..readers.folders import is_index
from ..readers.inputs import streamed
from ..records import Article
from .feeds import parse_feed
from .fetch import MAX_FEED_BYTES, MAX_PAGE_BYTES, Fetcher, SourceError, http_url
from .files import (
    FEED_SUFFIXES,
    HEAD_BYTES,
    HTML_SUFFIXES,
    RECORD_SUFFIXES,
    file_kind,
    read_bytes,
    source_kind,
    suffix,
)
from .fill import fill
from .pages import page_article, page_index, page_text, url_key


def is_url(source: str) -> bool:
    """Is this source an http(s) URL (rather than a file, a folder or "-")?"""
    return http_url(source)


def read_sources(
    sources: Iterable[str | Path],
    on_problem: ProblemHandler,
    *,
    outlet: str | None = None,
    lang: str | None = None,
    pages: str | Path | None = None,
    fetcher: Fetcher | None = None,
    dayfirst: bool = False,
    delimiter: str | None = None,
    encoding: str | None = None,
    columns: Mapping[str, str] | None = None,
    no_outlet: Counter[str] | None = None,
) -> Iterator[Article]:
    """Stream articles from JSONL/CSV files, feeds, saved pages, folders of them and URLs.

    `outlet` and `lang` fill in records that do not name theirs. `pages` is a folder of saved
    article pages, used for feed entries that carry only a summary. `dayfirst`, `delimiter`,
    `encoding` and `columns` apply to the JSONL/CSV files, as in `readers.read_articles` (feeds and pages
    declare or reveal their own encoding). Missing files raise InputError now; everything else
    is read lazily. `no_outlet` counts, by source (file or URL), the articles read that end up
    with no outlet (none named, none found by their link's or their feed's domain, no `outlet`).
    """

    def records(files: list[str | Path]) -> Iterator[Article]:
        return read_articles(files, on_problem, columns, dayfirst=dayfirst, delimiter=delimiter,
                             encoding=encoding)

    plan: list[tuple[str, Any, str]] = []
    for source in sources:
        given = str(source)
        if given != "-" and is_url(given):
            plan.append(("url", given, given))
            continue
        path = Path(given)
        if given != "-" and path.is_dir():
            # a sourcetrace index in the folder (or the folder itself) holds no articles: its
            # manifest is no record file (a trial's `index add FOLDER --index FOLDER/idx`)
            indexes = {m.parent for m in path.rglob("manifest.json") if is_index(m.parent)}
            files = [
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and suffix(p) in FEED_SUFFIXES + HTML_SUFFIXES + RECORD_SUFFIXES
                and not indexes.intersection(p.parents)
            ]
            if path in indexes:
                raise InputError(f"{path}: a sourcetrace index, not articles; give the files of the articles")
            if not files:
                raise InputError(f"{path}: no feeds, pages or JSONL/CSV files in this folder")
        else:
            files = [path]
        for file in files:
            if streamed(str(file)):  # stdin or a pipe (`<(cat a b)`): read once, as JSONL or CSV
                plan.append(("records", records([file]), str(file)))
                continue
            if not file.is_file():
                raise InputError(f"{file}: no such file")
            kind = file_kind(file)
            if kind != "records":
                plan.append((kind, file, str(file)))
                continue
            try:
                plan.append((kind, records([file]), str(file)))
            except InputError as exc:
                if file == path:
                    raise  # a file given by name: the user's argument is unusable
                # one file of a folder (a binary file among JSONL ones): said and skipped, as
                # `check` does for a folder of posts
                on_problem(skipped_in_folder(str(file), str(exc)))
    index = page_index(pages) if pages is not None else {}

    def saved_page(link: str) -> str | None:
        path = index.get(url_key(link))
        if path is None:
            return None
        try:
            return page_text(read_bytes(path, MAX_PAGE_BYTES), link, where=str(path))
        except SourceError as exc:
            on_problem(Problem(str(path), 0, f"saved page unusable ({exc})"))
            return None

    def generate() -> Iterator[Article]:
        for kind, item, where in plan:
            if kind == "records":
                articles: Iterable[Article] = item
            else:
                articles = _read_one(kind, item, on_problem, outlet, lang, saved_page, fetcher)
            for article in articles:
                article = fill(article, outlet, lang)
                if no_outlet is not None and not article.outlet:
                    no_outlet[where] += 1
                yield article

    return generate()


def _read_one(
    kind: str,
    item: Any,
    on_problem: ProblemHandler,
    outlet: str | None,
    lang: str | None,
    saved_page: Callable[[str], str | None],
    fetcher: Fetcher | None,
) -> Iterator[Article]:
    where = str(item)
    try:
        charset = None
        if kind == "url":
            response = (fetcher or Fetcher()).get(item)
            data, base, charset = response.body, response.url, response.charset
            kind = source_kind(data[:HEAD_BYTES])
            if kind == "records":
                raise SourceError("neither a feed nor an HTML page (give JSONL/CSV as a file)")
        else:
            data = read_bytes(item, MAX_PAGE_BYTES if kind == "html" else MAX_FEED_BYTES)
            base = None
        if kind == "html":
            yield page_article(data, url=base, outlet=outlet, lang=lang, charset=charset, where=where)
        else:
            yield from parse_feed(
                data,
                where,
                on_problem,
                outlet=outlet,
                lang=lang,
                base_url=base,
                page_text=saved_page,
                charset=charset,
            )
    except SourceError as exc:
        on_problem(Problem(where, 0, str(exc)))
