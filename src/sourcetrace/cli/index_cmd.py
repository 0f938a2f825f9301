"""`sourcetrace index build|add|update|prune|verify|stats`."""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import datetime, time, timezone
from pathlib import Path
from typing import Annotated, Any

import typer

from .. import index as ix
from ..encoders import DEFAULT_ENCODER
from ..errors import InputError
from ..records import Article
from ..results import counted
from ..safetext import for_terminal
from .common import (
    App,
    DayfirstOpt,
    DelimiterOpt,
    EncodingOpt,
    IndexOpt,
    JsonOpt,
    ProblemCounter,
    QuietOpt,
    fail,
    index_dir,
    progress_bar,
    show_progress,
    user_errors,
)
from .display import cell, console, echo, print_json

app = App(help="Build, extend and inspect an index of known articles.", no_args_is_help=True)

SourcesArg = Annotated[
    list[str],
    typer.Argument(
        help="Article sources: JSONL or CSV files with a 'text' column, RSS/Atom feeds (a file or an"
        " http(s) URL), saved HTML article pages, or folders of them (.gz ok, '-' = stdin JSONL/CSV).",
        show_default=False,
    ),
]
OutletOpt = Annotated[
    str | None,
    typer.Option(help="Outlet id for articles whose source names none (a saved page, a feed file).",
                 show_default=False),
]
LangOpt = Annotated[
    str | None, typer.Option(help="Language for articles whose source names none.", show_default=False)
]
DeviceOpt = Annotated[
    str | None,
    typer.Option(help="Where sentence-transformers encoders run: cpu (default) or cuda[:N]"
                 " (default $SOURCETRACE_DEVICE). USE and e5 always run on the CPU.", show_default=False),
]
ConfirmEncoderOpt = Annotated[
    str | None,
    typer.Option("--encoder", help="The index's encoder spec, to confirm a model it names by a local path"
                 " (st:/path): a shared index's manifest cannot make sourcetrace load one otherwise.",
                 show_default=False),
]
PagesOpt = Annotated[
    Path | None,
    typer.Option(help="Folder of saved article pages: their main text replaces a feed's summary.",
                 show_default=False),
]


def _rate(per_second: float) -> str:
    """A rate to two significant digits below 10 ("0.025", "1.6"), whole above: a long article's
    build said "0.0 articles/s" (trial 50)."""
    return f"{per_second:.0f}" if per_second >= 10 or per_second == 0 else f"{per_second:.2g}"


# how many merged ids `_report` names (trial 83: "7 already indexed" named none of the 7)
MERGED_SHOWN = 10


def _report(stats: ix.WriteStats, problems: ProblemCounter, quiet: bool, verb: str, path: Path,
            failed_feeds: int = 0) -> None:
    """The closing line of a write; `failed_feeds` of the problems were feeds, said on their own
    line (`update`), not bad records."""
    if quiet:
        return
    seconds = max(stats.seconds, 1e-9)
    sources = getattr(problems, "sources", 0)
    unread = f", {counted(sources, 'source')} not read (said above)" if sources else ""
    typer.echo(
        f"{verb} {counted(stats.added, 'article')} ({counted(stats.passages, 'passage')}) in {path}"
        f" in {stats.seconds:.1f}s [{_rate(stats.added / seconds)} articles/s,"
        f" {_rate(stats.passages / seconds)} passages/s]; {stats.duplicates:,} already indexed,"
        f" {counted(max(problems.count - failed_feeds - sources, 0), 'bad record')} skipped{unread}",
        err=True,
    )
    # the advice to relabel only for one story: another story at an indexed URL is named by the
    # "other text" note below (trial 124 was told to relabel "a2 as a1", another article)
    other_story = set(stats.other_story)
    merged = [(mine, kept) for mine, kept in stats.merged if mine not in other_story]
    if merged:
        shown = ", ".join(f"{for_terminal(mine, inline=True)} as {for_terminal(kept, inline=True)}"
                          for mine, kept in merged[:MERGED_SHOWN])
        more = f" and {len(merged) - MERGED_SHOWN:,} more" if len(merged) > MERGED_SHOWN else ""
        typer.echo(
            f"note: {counted(len(merged), 'record')} had the text (or URL) of an article indexed under another"
            f" id; find {'it' if len(merged) == 1 else 'them'} under that id: {shown}{more} (gold labels"
            " or links that name the first id should name the second)", err=True)
    if stats.beside:
        # trial 124: a listing's second item at "index2.html#cinema" was skipped as the first
        shown = ", ".join(f"{for_terminal(mine, inline=True)} (beside {for_terminal(other, inline=True)})"
                          for mine, other in stats.beside[:MERGED_SHOWN])
        more = f" and {len(stats.beside) - MERGED_SHOWN:,} more" if len(stats.beside) > MERGED_SHOWN else ""
        typer.echo(
            f"note: {counted(len(stats.beside), 'article')} had the URL of an indexed article but for its"
            f" '#' fragment, with another text: indexed as {'its' if len(stats.beside) == 1 else 'their'} own"
            f" (a section of one page): {shown}{more}", err=True)
    if stats.lang_read or stats.lang_unknown:
        unknown = (f"; {stats.lang_unknown:,} too short or mixed for its text to tell (a word or two, links, emoji,"
                   " hashtags or handles): indexed without one") if stats.lang_unknown else ""
        typer.echo(
            f"note: {counted(stats.lang_read + stats.lang_unknown, 'article')} named no language ('lang', or"
            f" --lang for a source that names none): {stats.lang_read:,} read from the text{unknown}", err=True)
    if stats.changed:
        named = ", ".join(for_terminal(e, inline=True) for e in stats.edited[:MERGED_SHOWN])
        more = f" and {len(stats.edited) - MERGED_SHOWN:,} more" if len(stats.edited) > MERGED_SHOWN else ""
        # the advice fits the command: a build has no earlier index to rebuild (trial 110)
        advice = ("the one read first kept" if verb == "indexed" else
                  "kept as indexed; to index the new text, rebuild the index (`index build --replace`) from"
                  " all its files, the corrected ones given after the older: the latest version of an item"
                  " read twice is indexed")
        typer.echo(
            f"note: {counted(stats.changed, 'article')} of those already indexed had an indexed id or"
            f" URL with other text (an edited version?): {named}{more}; {advice}", err=True)


class SourceProblems(ProblemCounter):
    """A ProblemCounter that also counts, in `sources`, the skipped problems of a whole source
    (line 0: a file that is no feed, an empty or unreadable file): `_report` says those apart
    from bad records (trial 110: "4 bad records skipped" were 4 files)."""

    def __init__(self) -> None:
        super().__init__()
        self.sources = 0

    def __call__(self, problem: Any) -> None:
        if getattr(problem, "kind", "skipped") == "skipped" and getattr(problem, "line", None) == 0:
            self.sources += 1
        super().__call__(problem)


def _articles(
    sources: list[str], problems: ProblemCounter, outlet: str | None, lang: str | None, pages: Path | None,
    dayfirst: bool = False, delimiter: str | None = None, encoding: str | None = None,
    timeout: float = 20.0, columns: dict[str, str] | None = None, outlets: Counter[str] | None = None,
    no_outlet: Counter[str] | None = None, versions: Any = None,
) -> Iterator[Article]:
    """Articles from every kind of source: files, folders, feeds, pages, URLs (fetched with
    `timeout`, see `_fetcher`); `columns` maps article fields to a file's columns. Each article's
    outlet id is counted in `outlets` as it is read (for `_say_unknown_outlets`), and an article
    with none in `no_outlet`, by source (for `_say_no_outlet`). Given `versions` (a
    `sources.versions.Versions`), only the latest version of an item read twice with other
    texts is given (`latest_versions`; said by `_say_versions`)."""
    from ..sources import read_sources
    from ..sources.versions import latest_versions

    articles = read_sources(sources, problems, outlet=outlet, lang=lang, pages=pages, dayfirst=dayfirst,
                            delimiter=delimiter, encoding=encoding, fetcher=_fetcher(timeout), columns=columns,
                            no_outlet=no_outlet)
    if versions is not None:
        articles = latest_versions(articles, versions)
    return articles if outlets is None else _counted(articles, outlets)


def _versions() -> Any:
    """A `sources.versions.Versions` to hear what `latest_versions` left out."""
    from ..sources.versions import Versions

    return Versions()


def _say_versions(versions: Any) -> None:
    """One line for the items read twice in one command with other texts (`Versions`)."""
    replaced = versions.replaced
    if not replaced:
        return
    shown = ", ".join(for_terminal(kept, inline=True) if kept == dropped else
                      f"{for_terminal(kept, inline=True)} (over {for_terminal(dropped, inline=True)})"
                      for dropped, kept in replaced[:MERGED_SHOWN])
    more = f" and {len(replaced) - MERGED_SHOWN:,} more" if len(replaced) > MERGED_SHOWN else ""
    earlier = (f"; {versions.kept_earlier:,} read first {'was' if versions.kept_earlier == 1 else 'were'} kept,"
               " dated later than the one read after") if versions.kept_earlier else ""
    typer.echo(
        f"note: {counted(len(replaced), 'item')} {'was' if len(replaced) == 1 else 'were'} read twice with other"
        " text (same id or URL): the latest version was indexed, by its date where both have one, else the one"
        f" read last (the later file in the command's order): {shown}{more}{earlier}", err=True)


def _counted(articles: Iterable[Article], outlets: Counter[str]) -> Iterator[Article]:
    for article in articles:
        if article.outlet:
            outlets[article.outlet] += 1
        yield article


# How many outlet ids the registry does not know `_say_unknown_outlets` gives a line each (most
# articles first), and how many more it names in one line: trial 102 indexed 1,491 state-media
# tweets with each account's handle as its outlet and got 270 lines, the line that mattered lost
# among them.
UNKNOWN_SHOWN = 8
UNKNOWN_NAMED = 20
# what attribution does with such an outlet (`attribution.scanner.unregistered_credits`); ids are
# shown in lower case, as they are stored
UNKNOWN_CREDITS = ("credits to it are read as its handle (@id, a profile link, or the id after 'vía' or a platform"
                   " label), and a credit to any outlet counts")
# outlets `index stats` names in its table (most articles first; --json lists all)
STATS_OUTLETS = 12


def _say_unknown_outlets(counts: Counter[str], noun: str = "article") -> None:
    """One line on stderr for each outlet id of `counts` (id -> number of articles or feeds,
    `noun`) that the outlet registry does not list (`outlets.unknown_outlets`), the first
    UNKNOWN_SHOWN of them: what it is read as, else that credits cannot be checked against it,
    with the nearest registry id; the others in one line. Trial 74:
    `people`, `shanghaidaily` and `chinatoday` were indexed without a word, and "(Shanghai
    Daily)" could never count as a credit."""
    from ..outlets import unknown_outlets

    found = unknown_outlets(counts)
    for unknown in found[:UNKNOWN_SHOWN]:
        carry = f"{counted(unknown.articles, noun)} {'has' if unknown.articles == 1 else 'have'}"
        if unknown.read_as is not None:
            echo(f"note: {carry} outlet {unknown.id!r}, not an id of the outlet registry: read as"
                 f" {unknown.read_as.id!r} ({unknown.read_as.name})", err=True)
            continue
        hint = (f"; nearest registry id: {unknown.nearest.id!r} ({unknown.nearest.name}): relabel them"
                " with it if that is their outlet" if unknown.nearest is not None
                else "; registry ids: sourcetrace outlets list")
        echo(f"warning: {carry} outlet {unknown.id!r}, which the outlet registry does not know: {UNKNOWN_CREDITS}"
             f"{hint}", err=True)
    rest = found[UNKNOWN_SHOWN:]
    if rest:
        named = ", ".join(for_terminal(u.id, inline=True) for u in rest[:UNKNOWN_NAMED])
        more = f" and {len(rest) - UNKNOWN_NAMED:,} more" if len(rest) > UNKNOWN_NAMED else ""
        echo(f"warning: {len(rest):,} other outlet ids ({counted(sum(u.articles for u in rest), noun)}) are not"
             f" registry ids: {named}{more}; where none is read as a registry outlet, {UNKNOWN_CREDITS}"
             " (`sourcetrace outlets list` shows the registry)", err=True)


# how many sources `_say_no_outlet` names
NO_OUTLET_NAMED = 5


def _say_no_outlet(counts: Counter[str]) -> None:
    """One line on stderr when articles read have no outlet (`counts`: source -> articles): none
    named, none the registry knows by their link's domain or their feed's. Trial 110: `index
    stats` showed "no outlet given 22" where build and add had said nothing."""
    total = sum(counts.values())
    if not total:
        return
    ranked = counts.most_common()
    named = ", ".join(f"{for_terminal(where, inline=True)} {n:,}" for where, n in ranked[:NO_OUTLET_NAMED])
    more = f" and {len(ranked) - NO_OUTLET_NAMED:,} more sources" if len(ranked) > NO_OUTLET_NAMED else ""
    echo(f"warning: {counted(total, 'article')} read with no outlet ({named}{more}): neither the record nor"
         " its link's or feed's domain names an outlet of the registry, so credits to its outlet cannot be"
         " checked; set it with --outlet ID in a command given only those sources (--outlet-col for a"
         " CSV/JSONL column); `sourcetrace outlets list` shows the registry ids", err=True)


# Where a CSV file's (or JSON record's) article fields are, as `check`'s --text-col ... for posts.
TextColOpt = Annotated[str | None, typer.Option(
    "--text-col", help="CSV column (or JSON key/dotted path) of the article text (e.g. content). Each column"
    " option applies to the files that have its column: a file without it but with the field's own ('text',"
    " 'id', ...) is read by that, said in one line.", show_default=False)]
TitleColOpt = Annotated[str | None, typer.Option(
    "--title-col", help="... of the title (e.g. headline).", show_default=False)]
IdColOpt = Annotated[str | None, typer.Option("--id-col", help="... of the article id.", show_default=False)]
UrlColOpt = Annotated[str | None, typer.Option("--url-col", help="... of the article URL.", show_default=False)]
TimeColOpt = Annotated[str | None, typer.Option(
    "--time-col", help="... of the publication time (ISO 8601, RFC 2822, epoch, or a spreadsheet's date).",
    show_default=False)]
OutletColOpt = Annotated[str | None, typer.Option(
    "--outlet-col", help="... of the outlet id (e.g. source).", show_default=False)]
LangColOpt = Annotated[str | None, typer.Option("--lang-col", help="... of the language code.", show_default=False)]


def _columns(text: str | None, title: str | None, id_: str | None, url: str | None, time_: str | None,
             outlet: str | None, lang: str | None) -> dict[str, str]:
    """The article fields mapped by the column options given."""
    return {field: column for field, column in (
        ("text", text), ("title", title), ("id", id_), ("url", url), ("published_at", time_),
        ("outlet", outlet), ("lang", lang)) if column}


TimeoutOpt = Annotated[
    float, typer.Option(min=1, help="For http(s) sources: seconds without data before a request is"
                        " abandoned; a whole request, connect to last byte, gets 3 times this (60 s at the"
                        " default 20).")
]


def _fetcher(timeout: float, max_bytes: int | None = None) -> Any:
    """The `sources.Fetcher` of a command's --timeout (a whole request gets 3 x it)."""
    from ..sources import Fetcher
    from ..sources.fetch import MAX_FEED_BYTES

    return Fetcher(timeout=timeout, max_bytes=max_bytes or MAX_FEED_BYTES)


ClusterOpt = Annotated[
    str | None,
    typer.Option("--cluster", help="Encode passages on a Dask cluster: a scheduler address"
                 " (tcp://HOST:8786), or local[:N] for N local worker processes (default 2)."
                 " Needs: pip install 'sourcetrace\\[cluster]'.", show_default=False),
]


@contextlib.contextmanager
def _encode_pool(address: str | None, device: str | None = None) -> Iterator[Any]:
    """None (encode here), or a pool that encodes on the Dask cluster at `address` (`device`
    then applies on the workers: without one, a GPU worker uses its GPU for st: models)."""
    if address is None:
        yield None
        return
    from .. import cluster as dask_cluster

    with dask_cluster.connect(address) as client:
        yield dask_cluster.DaskEncodePool(client, device=device)


@app.command()
def build(
    sources: SourcesArg,
    index: IndexOpt = None,
    encoder: Annotated[
        str, typer.Option(help="Encoder: use, e5, minilm, st:MODEL, 'use+e5' for several, or none.")
    ] = DEFAULT_ENCODER,
    replace: Annotated[bool, typer.Option("--replace", help="Replace an existing index at this path.")] = False,
    outlet: OutletOpt = None,
    lang: LangOpt = None,
    pages: PagesOpt = None,
    quiet: QuietOpt = False,
    cluster: ClusterOpt = None,
    device: DeviceOpt = None,
    delimiter: DelimiterOpt = None,
    encoding: EncodingOpt = None,
    dayfirst: DayfirstOpt = False,
    timeout: TimeoutOpt = 20.0,
    text_col: TextColOpt = None,
    title_col: TitleColOpt = None,
    id_col: IdColOpt = None,
    url_col: UrlColOpt = None,
    time_col: TimeColOpt = None,
    outlet_col: OutletColOpt = None,
    lang_col: LangColOpt = None,
) -> None:
    """Create an index from article files, feeds and saved pages.

    Exits 1 and writes nothing (no index folder; an index being replaced
    stays as it was) when no article could be read: an empty input, or
    every record bad.
    """
    path = index_dir(index)
    problems = SourceProblems()
    outlets: Counter[str] = Counter()
    no_outlet: Counter[str] = Counter()
    versions = _versions()
    with user_errors():
        columns = _columns(text_col, title_col, id_col, url_col, time_col, outlet_col, lang_col)
        articles = _articles(sources, problems, outlet, lang, pages, dayfirst, delimiter, encoding, timeout,
                             columns, outlets, no_outlet, versions)
        with _encode_pool(cluster, device) as pool, \
                progress_bar("indexing articles", None, show_progress(quiet)) as advance:
            stats = ix.build(path, articles, encoder=encoder, progress=advance, replace=replace,
                             pool=pool, device=None if pool else device)
    _report(stats, problems, quiet, "indexed", path)
    _say_versions(versions)
    _say_unknown_outlets(outlets)
    _say_no_outlet(no_outlet)
    _embed_background(path, quiet, stats.seconds)


@app.command()
def add(
    sources: SourcesArg,
    index: IndexOpt = None,
    outlet: OutletOpt = None,
    lang: LangOpt = None,
    pages: PagesOpt = None,
    quiet: QuietOpt = False,
    cluster: ClusterOpt = None,
    device: DeviceOpt = None,
    encoder: ConfirmEncoderOpt = None,
    delimiter: DelimiterOpt = None,
    encoding: EncodingOpt = None,
    dayfirst: DayfirstOpt = False,
    timeout: TimeoutOpt = 20.0,
    text_col: TextColOpt = None,
    title_col: TitleColOpt = None,
    id_col: IdColOpt = None,
    url_col: UrlColOpt = None,
    time_col: TimeColOpt = None,
    outlet_col: OutletColOpt = None,
    lang_col: LangColOpt = None,
) -> None:
    """Add articles to an existing index (articles already in it are skipped).

    Exits 1, leaving the index unchanged, when no article could be read:
    an empty input, or every record bad. Articles that are all already
    indexed are no error (exit 0).
    """
    path = index_dir(index)
    problems = SourceProblems()
    outlets: Counter[str] = Counter()
    no_outlet: Counter[str] = Counter()
    versions = _versions()
    with user_errors():
        columns = _columns(text_col, title_col, id_col, url_col, time_col, outlet_col, lang_col)
        articles = _articles(sources, problems, outlet, lang, pages, dayfirst, delimiter, encoding, timeout,
                             columns, outlets, no_outlet, versions)
        with _encode_pool(cluster, device) as pool, \
                progress_bar("adding articles", None, show_progress(quiet)) as advance:
            stats = ix.add(path, articles, progress=advance, pool=pool, device=None if pool else device,
                           confirmed=[encoder] if encoder else [])
    _report(stats, problems, quiet, "added", path)
    _say_versions(versions)
    _say_unknown_outlets(outlets)
    _say_no_outlet(no_outlet)
    _embed_background(path, quiet, stats.seconds)


def _embed_background(path: Path, quiet: bool, written_seconds: float = 0.0) -> None:
    """For an index under candidates.BACKGROUND_MIN_PASSAGES, embed the background reference
    passages now (background.py; once per encoder, kept in the model cache), so the first query
    does not wait for them in silence (~15 s with e5; a trial's first query took 28 s), and say
    the time in all beside the write's `written_seconds` (trial 101: the closing line said 19 s,
    the command took 41 s). Whatever fails here is left to that query."""
    import time as clock

    from ..candidates import BACKGROUND_MIN_PASSAGES, small_index_reference
    from ..errors import SourcetraceError

    embedded = 0.0
    try:
        index = ix.Index.open(path)
        for name in index.encoder_names:
            started = clock.perf_counter()
            reference = small_index_reference(index, name)
            seconds = clock.perf_counter() - started
            if reference is not None and seconds >= 1.0 and not quiet:
                embedded += seconds
                typer.echo(f"note: embedded {len(reference)} reference news passages with {name}"
                           f" in {seconds:.0f}s (once, kept in the model cache): in an index under"
                           f" {BACKGROUND_MIN_PASSAGES} passages they stand beside its own as the posts'"
                           " background", err=True)
    except (SourcetraceError, OSError):
        return
    if embedded:
        typer.echo(f"index ready: {written_seconds + embedded:.0f}s in all ({written_seconds:.0f}s writing,"
                   f" {embedded:.0f}s reference passages)", err=True)


@app.command()
def update(
    feeds: Annotated[
        Path, typer.Option("--feeds", help="TOML list of feeds (\\[\\[feed]] outlet, lang, url), e.g. corpora/feeds.toml.")
    ],
    index: IndexOpt = None,
    only: Annotated[
        list[str] | None, typer.Option("--outlet", help="Only this outlet's feeds (repeatable).", show_default=False)
    ] = None,
    no_pages: Annotated[
        bool, typer.Option("--no-pages", help="Never fetch article pages; index a summary-only feed's summaries.")
    ] = False,
    timeout: TimeoutOpt = 20.0,
    max_mb: Annotated[float, typer.Option(min=0.1, help="Largest feed accepted, in MB.")] = 20.0,
    quiet: QuietOpt = False,
    encoder: ConfirmEncoderOpt = None,
) -> None:
    """Fetch the outlets' feeds and add their new articles (conditional requests, polite, bounded)."""
    from ..sources import load_feeds

    path = index_dir(index)
    problems = ProblemCounter()
    with user_errors():
        listed = load_feeds(feeds, only or None)
        _say_unknown_outlets(Counter(feed.outlet for feed in listed), "feed")
        fetcher = _fetcher(timeout, int(max_mb * 1_000_000))
        with progress_bar("updating from feeds", None, show_progress(quiet)) as advance:
            stats, report = ix.update(path, listed, problems, fetcher=fetcher, pages=not no_pages,
                                      progress=advance, confirmed=[encoder] if encoder else [])
    if not quiet:
        typer.echo(
            f"{counted(len(listed), 'feed')}: {report.fetched:,} fetched ({counted(report.entries, 'entry', 'entries')},"
            f" {counted(report.pages, 'page')}), {report.not_modified:,} not modified, {report.failed:,} failed",
            err=True,
        )
        if report.pages_failed:
            first = for_terminal(report.page_error, inline=True)
            typer.echo(
                f"warning: {counted(report.pages_failed, 'article page')} of summary-only entries could not be"
                f" had (the first, {first}): their feeds' summaries were indexed instead", err=True)
    _report(stats, problems, quiet, "added", path, failed_feeds=report.failed)
    if listed and report.failed == len(listed):  # nothing could be fetched: say so to a scheduler
        raise typer.Exit(1)


@app.command()
def prune(
    before: Annotated[str, typer.Option("--before", help="Remove articles published before this date: YYYY-MM-DD or an ISO 8601 time (no other"
                                 " forms: 10/01/2019 is ambiguous); not in the future, except with --dry-run, which only counts.")],
    index: IndexOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Count what would be removed; change nothing.")] = False,
    quiet: QuietOpt = False,
) -> None:
    """Remove articles published before a date (undated articles are kept)."""
    from ..index.upkeep import prune_cutoff

    path = index_dir(index)
    with user_errors():
        cutoff = prune_cutoff(before)
        if not dry_run and cutoff > datetime.now(timezone.utc):
            raise InputError(f"--before: {_instant(cutoff)} is in the future: every dated article would"
                             " go (see what a cutoff removes with --dry-run)")
        stats = ix.prune(path, cutoff, dry_run=dry_run)
    if not quiet:
        verb = "would remove" if dry_run else "removed"
        typer.echo(
            f"{verb} {counted(stats.removed, 'article')} published before {_instant(cutoff)}"
            + ("" if dry_run else f" ({counted(stats.removed_passages, 'passage')})")
            + f"; {stats.kept:,} kept ({stats.undated:,} undated)"
            + (": the cutoff is in the future, which prune itself refuses" if dry_run and
               cutoff > datetime.now(timezone.utc) else ""),
            err=True,
        )


def _instant(cutoff: datetime) -> str:
    """A prune cutoff as it is applied: the UTC instant ("2023-11-17T23:00:00Z" for a --before of
    2023-11-18T07:00:00+08:00), or just its date when that is UTC midnight (a --before of a day)."""
    utc = cutoff.astimezone(timezone.utc)
    if utc.time() == time(0):
        return utc.date().isoformat()
    return utc.replace(tzinfo=None).isoformat() + "Z"


@app.command()
def verify(index: IndexOpt = None, as_json: JsonOpt = False) -> None:
    """Check an index: manifest, files, checksums, counts and internal consistency."""
    path = index_dir(index)
    with user_errors():
        report = ix.verify(path)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
    else:
        for warning in report.warnings:
            echo(f"warning: {warning}", err=True)
        for error in report.errors:
            echo(f"error: {error}", err=True)
        if report.ok:
            counts = report.counts
            typer.echo(
                f"ok: {path} generation {report.generation}, {counted(counts.get('articles', 0), 'article')},"
                f" {counted(counts.get('passages', 0), 'passage')}; checked {', '.join(report.checked)}"
            )
    if not report.ok:
        raise fail(f"{path} is damaged ({counted(len(report.errors), 'problem')}); rebuild it or restore a copy")


def _stored_line(stored: int, articles: int) -> str:
    """The `article forms` and `anchor keys` rows of `index stats`: how many articles' forms
    (lexical.ArticleForms) or anchor keys (storedkeys.stored_keys) were stored when indexed, and
    what to do when some were not."""
    line = f"{stored:,} of {counted(articles, 'article')}"
    if stored < articles:
        line += (f" ({articles - stored:,} indexed by another sourcetrace version; `index build --replace`"
                 " stores them all, for faster checks)")
    return line


@app.command()
def stats(index: IndexOpt = None, as_json: JsonOpt = False) -> None:
    """Show what an index holds: counts, encoder, outlets, dates, size.

    Vector files changed since they were written are a one-line error,
    as in `check` and `query` (`index verify` checks everything)."""
    with user_errors():
        loaded = ix.Index.open(index_dir(index))
        try:
            loaded.check_vectors()  # a trial saw stats describe an index that query refuses
            info = loaded.stats()
        finally:
            loaded.close()
    if as_json:
        print_json(info, indent=2)
        return
    from rich import box
    from rich.table import Table

    # every value may come from a shared index folder: plain text, controls escaped (cell)
    table = Table(show_header=False, box=box.SIMPLE, pad_edge=False)
    table.add_column("field", no_wrap=True)
    table.add_column("value", overflow="fold")
    rows = [
        ("index", info["path"]),
        ("encoder", info["encoder"] + ("  (" + ", ".join(f"{e['name']} {e['dim']}-d" for e in info["encoders"]) + ")"
                                       if info["encoders"] else "  (lexical only: no vectors)")),
        ("articles", f"{info['counts']['articles']:,}"),
        ("passages", f"{info['counts']['passages']:,}"),
        ("article forms", _stored_line(info["article_forms"], info["counts"]["articles"])),
        ("anchor keys", _stored_line(info["article_anchors"], info["counts"]["articles"])),
        ("outlets", (", ".join(f"{k} {v}" for k, v in list(info["outlets"].items())[:STATS_OUTLETS]) or "-")
         + (f" and {len(info['outlets']) - STATS_OUTLETS:,} more (--json lists all)"
            if len(info["outlets"]) > STATS_OUTLETS else "")),
        ("published", f"{info['published']['first'] or '?'} .. {info['published']['last'] or '?'}"),
        ("minhash", ", ".join(f"{k}={v}" for k, v in info["minhash"].items())),
        ("updated", f"{info['updated_at']} (generation {info['generation']})"),
        ("size", f"{info['size_bytes'] / 1e6:.1f} MB"),
    ]
    for name, value in rows:
        table.add_row(name, cell(value))
    console().print(table)
