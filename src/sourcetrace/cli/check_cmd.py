"""`sourcetrace query` and `sourcetrace check`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import regex
import typer
import typer._click.core
import typer._click.exceptions

from .. import encoders, pipeline
from ..dates import lag_days
from ..errors import InputError
from ..readers import POST_FORMATS
from ..results import (
    LATER_MAX_DAYS,
    LATER_SURE_MAX_DAYS,
    OLDER_MAX_DAYS,
    credit_note,
    doubt_note,
    later_note,
    missing_note,
    outlet_label,
)
from ..safetext import for_terminal
from .common import (
    Command,
    DayfirstOpt,
    DelimiterOpt,
    EncodingOpt,
    IndexOpt,
    JsonOpt,
    ProblemCounter,
    QuietOpt,
    StdinEncodingOpt,
    empty_index_warning,
    estimate_records,
    index_dir,
    lexical_only_warning,
    progress_bar,
    show_progress,
    stop_if_terminating,
    user_errors,
)
from .display import console, echo, line_width, print_json

if TYPE_CHECKING:
    from ..records import Post
    from ..report import ArticleText
    from ..results import Result

EncoderOpt = Annotated[
    str | None,
    typer.Option(help="Encoder the index must have been built with (checked, not switched).",
                 show_default=False),
]
TopOpt = Annotated[int, typer.Option("--top", min=1, max=50, help="Matches reported per post.")]
KeepLaterOpt = Annotated[bool, typer.Option(
    "--keep-later", help="Also report matches that an encoder doubts whose article is dated more than 30"
                         " days after the post or more than 100 days before it (held back by default: a"
                         " post cannot copy what came after it, and a months-old article's kind of event"
                         " comes round again; a sure match is reported, flagged as dated after the post);"
                         " for articles or posts whose dates may be wrong, and archives of old articles.")]


def _post_text_token(arg: str) -> bool:
    """Whether a command-line word that starts with "-" is a post's text rather than an option: it
    holds a space ("-China dice que…") or its second character is no letter ("-5% del PIB",
    "-¿Quién…?"). "-" (stdin), "-x" and anything after "--" ("--index", "--date=2024-01-01 08:00")
    are options or their markers."""
    if not arg.startswith("-") or arg == "-" or arg.startswith("--"):
        return False
    return any(c.isspace() for c in arg) or not (arg[1].isascii() and (arg[1].isalpha() or arg[1] == "-"))


class TextLastCommand(Command):
    """`query`'s command: a post text that starts with "-" (`_post_text_token`) is moved after the
    options and "--", so that click reads it as the text and not as an unknown option (a user's
    "-5% del PIB…" was "No such option: -5"). A mistyped option ("--idnex") is still refused."""

    def parse_args(self, ctx: typer._click.core.Context, args: list[str]) -> list[str]:
        if "--" not in args:
            texts = [arg for arg in args if _post_text_token(arg)]
            if texts:
                args = [arg for arg in args if not _post_text_token(arg)] + ["--", *texts]
        try:
            return super().parse_args(ctx, args)
        except typer._click.exceptions.NoSuchOption as exc:
            # trial 79: "query '-Hola'" said "No such option: -H" and no more
            if not exc.option_name.startswith("--"):
                exc.message += " (a post text that starts with '-' goes after '--': query --index DIR -- '-Hola')"
            raise


def query(
    text: Annotated[str, typer.Argument(help="Post text to check, or '-' to read it from stdin. A text that"
                                             " starts with '-' and holds a space or no letter after"
                                             " it is read as the text ('-5% en mayo'); any other may"
                                             " go last, after '--': query --index DIR -- '-Hola'.")],
    index: IndexOpt = None,
    top: TopOpt = 3,
    keep_later: KeepLaterOpt = False,
    as_json: JsonOpt = False,
    encoder: EncoderOpt = None,
    lang: Annotated[str | None, typer.Option(help="Language of the post, a BCP 47 tag such as es, zh-Hans or pt-BR"
                                             " (detected if omitted; a text that surely reads as another"
                                             " language, or in another script, overrides it).")] = None,
    encoding: StdinEncodingOpt = None,
    closest: Annotated[bool, typer.Option(
        "--closest", help="Also show the closest article not reported and why not (the rule and its"
                          " figures): what stood in the way of a copy you expected.")] = False,
    date: Annotated[str | None, typer.Option(
        "--date", help="When the post was published (ISO 8601, e.g. 2023-10-01T08:00:00Z, or any"
                       " form check reads): a match to an article dated after it says so"
                       " (source_first false).")] = None,
    dayfirst: DayfirstOpt = False,
    why: Annotated[str | None, typer.Option(
        "--why", metavar="ARTICLE_ID", help="Say why this article (its id in the index) is not reported"
                                            " for the post: the rules and figures, as --closest says"
                                            " them for the closest one.", show_default=False)] = None,
) -> None:
    """Check one post and show which article passages it copies."""
    with user_errors():
        if text == "-":
            text = stdin_post(encoding)
        if date is not None:
            date = _query_date(date, dayfirst)
        if not text.strip():
            raise InputError("empty post text")
        # as /v1/query reads its body: a --lang that names no language is refused
        post = pipeline.query_post({"text": text, "id": "query", "lang": lang, "created_at": date},
                                   lang_name="--lang")
        with encoders.one_post_at_a_time():
            matcher = pipeline.open_matcher(index_dir(index), encoder=encoder, top=top, keep_later=keep_later)
            empty_index_warning(index_dir(index), matcher.index.articles)
            lexical_only_warning(index_dir(index), matcher.index.encoder_names, matcher.index.articles)
            pipeline.warm_up(matcher, everything=False, check_vectors=True)
            result = matcher.check(post)
            near = _closest(matcher, post, result) if closest else None
            asked = _why(matcher, post, result, why) if why is not None else None
    if post.lang is not None and result.post.lang != post.lang:  # README: a sure detection wins
        read_as = f"reads as {result.post.lang}" if result.post.lang else "is in a script the tag does not use"
        typer.echo(f"note: --lang {for_terminal(post.lang, inline=True)} not used: the text {read_as}", err=True)
    if as_json:
        data = result.to_dict()
        if closest:
            data["closest"] = near.to_dict() if near is not None else None
        if why is not None:
            data["why"] = {"note": asked} if isinstance(asked, str) else asked.to_dict() if asked is not None \
                else {"note": "too little text to compare"}
        print_json(data)
        return
    if not result.matches and _too_short(post, matcher):
        echo("no_match: the post has too little text to compare with any article (emoji, a link, a"
             " few words)")
        if closest:
            echo("closest: none looked for: too little text")
        if why is not None:
            echo(f"why not {for_terminal(why, inline=True)}: too little text to compare")
        return
    echo(format_result(result, post.text, matcher.index.store.text_of, width=line_width(console())))
    if result.truncated:
        echo(f"note: only the first {result.truncated[0]:,} of the post's {result.truncated[1]:,} characters"
             " were matched: a copy further on is not found (split the text to check the rest)")
    if closest:
        echo(format_closest(near, width=line_width(console())))
    if why is not None:
        echo(for_terminal(asked, inline=True) if isinstance(asked, str)
             else format_closest(asked, width=line_width(console()), label="why not"))


def _query_date(date: str, dayfirst: bool) -> str:
    """`query --date` as check reads a file's dates (`dates.parse_datetime`, `dayfirst` for
    "01/11/2021" as 1 November); a date that reads both ways is said on stderr with the reading
    taken (a trial's "01/11/2021" was read as 11 January in silence and held a copy back)."""
    from ..dates import numeric_order, parse_datetime

    parsed = parse_datetime(date, dayfirst=dayfirst)
    if parsed is None:
        raise InputError(f"--date: {date[:40]!r} is no date (ISO 8601, e.g. 2023-10-01T08:00:00Z)")
    if numeric_order(date) == "either":  # as check's notes and /v1/query's read it
        order = "day first" if dayfirst else "month first (--dayfirst reads it day first)"
        echo(f"note: --date {for_terminal(date, inline=True)} reads both ways: read {order}, as {parsed[:10]}",
             err=True)
    return parsed


def _closest(matcher: Any, post: Post, result: Result) -> Any:
    """nearmiss.closest for the query's post, the articles already reported left out; where no
    article is reported but the post examined in full (the cascade off) reports one, that article,
    with the screen as its reason (trial 91: `--closest` named an unrelated article at 0.00 while
    `--why` on a retweet's own article said the screen had ruled the post out)."""
    from ..nearmiss import closest

    reported = {m.article.id for m in [*result.matches, *result.held_later, *result.held_older]}
    if not result.matches and matcher.config.screen:
        full = _full_check(matcher, post)
        missed = next((m for m in full.matches if m.article.id not in reported), None)
        if missed is not None:
            near = closest(matcher.index, post, matcher.config, set(), article=missed.article.id)
            if near is not None:
                near.reasons = [_screen_miss(missed)]
                return near
    return closest(matcher.index, post, matcher.config, reported)


# The most matches `--why` asks of a post examined in full (query's --top bound): enough for a
# digest of many items.
WHY_TOP = 50


def _full_check(matcher: Any, post: Post, top: int | None = None) -> Result:
    """`post` checked with the cascade (screen.py) off: every candidate examined by the rules;
    `top` matches kept (the matcher's own --top where None)."""
    import dataclasses

    config = dataclasses.replace(matcher.config, screen=False, top=top or matcher.config.top)
    return type(matcher)(matcher.index, config).check(post)


SCREEN_MISS = ("the rules report it once the post is examined in full, but the cascade (screen.py) ruled"
               " the post out first, on its cheap channels' scores: a miss of the screen, not of the rules")


def _screen_miss(match: Any) -> str:
    """SCREEN_MISS with what the post examined in full reports (`match`, a results.Match): its
    type and confidence (trial 92 could not tell how sure the rules were of the copy it named)."""
    return f"{SCREEN_MISS}; examined in full: {match.match_type}, confidence {match.confidence:.2f}"


def _why(matcher: Any, post: Post, result: Result, article: str) -> Any:
    """`query --why`: a line where the article is reported (or held back) for the post, else
    nearmiss.closest's account of that article (None for too little text). InputError where the
    index holds no such article."""

    from .. import nearmiss
    from ..nearmiss import closest

    for rank, m in enumerate(result.matches, 1):
        if m.article.id == article:
            return f"why not {article}: it is reported (match {rank}, above)"
    if any(m.article.id == article for m in result.held_later):
        return (f"why not {article}: held back, its article dated more than {LATER_MAX_DAYS:.0f} days after the post"
                f" (more than {LATER_SURE_MAX_DAYS:.0f} where every encoder is sure) (--keep-later)")
    if any(m.article.id == article for m in result.held_older):
        return (f"why not {article}: held back, an encoder doubting a translation of an article dated more than"
                f" {OLDER_MAX_DAYS:.0f} days before the post (--keep-later)")
    near = closest(matcher.index, post, matcher.config, set(), article=article)
    if near is not None and near.reasons == [nearmiss.REPORTED_IN_FULL]:
        # the rules report the pair once every candidate is examined: what kept it out was the
        # cascade (screen.py), or another article of the post standing in its place (trial 15 was
        # told to raise --top while no match was shown at all)
        full = _full_check(matcher, post, WHY_TOP)
        at = next((k for k, m in enumerate(full.matches, 1) if m.article.id == article), None)
        if at is not None and at > matcher.config.top:
            # trial 118: a press review of four items, each copied, with --top 4, lost one item to
            # another outlet's version of the first; "a better-aligned article takes its place" sent
            # the user looking for a rival where the bound on matches was the cause
            near.reasons = [(f"reported as match {at} of the post, beyond --top {matcher.config.top}"
                             f" (query --top {at} shows it)")]
        elif at is not None:
            near.reasons = [_screen_miss(full.matches[at - 1])]
        elif full.matches:
            near.reasons = [("the rules report the pair alone, but not beside the post's other candidates"
                            " (a republished or better-aligned article takes its place)")]
        else:
            # trial 82: "another article takes its place" while none was reported; the article
            # was not among the candidates the post's nearest passages brought
            near.reasons = [("the rules report the pair alone, but the post's check reports no article:"
                            " this one is not among the candidates its nearest passages and shared"
                            " characters bring (other articles, often other versions of the story, are"
                            " nearer), or those candidates lower its margin over the next one")]
    return near


def format_closest(near: Any, width: int = 80, label: str = "closest") -> str:
    """`query --closest`'s block (`label` "why not" for `--why`): the closest unreported article
    and the reasons it was not reported (nearmiss.NearMiss), made safe for the terminal; a line
    saying there is none."""
    if near is None:
        return f"{label}: no other candidate article" if label == "closest" else f"{label}: too little text to compare"
    art = near.article
    when = f", {art.published_at[:10]}" if art.published_at else ""
    head = "closest, not reported" if label == "closest" else "why not"
    lines = _fill([for_terminal(f"{head}: {art.id} [{outlet_label(art.outlet)}{when}]", inline=True)]
                  # a title over several lines is one line here (trial 120 read "\x0a\x0a" in it)
                  + ([for_terminal(f'"{" ".join(art.title.split())}"', inline=True)] if art.title else []), width)
    # under --why's own "why not:" head each reason is a "because:" (a trial read "why not:" twice)
    lead = "why not" if label == "closest" else "because"
    for reason in near.reasons:
        lines.extend(_fill([for_terminal(f"   {lead}: {reason}", inline=True)], width, indent="      "))
    shared = _shared_anchors({"anchors": near.anchors})
    if shared:
        lines.extend(_fill([for_terminal("   shares: " + shared, inline=True)], width, indent="      "))
    missing = missing_note({"chance": near.chance})
    if missing:
        lines.extend(_fill([for_terminal(f"   {missing}", inline=True)], width, indent="      "))
    cosines = ", ".join(f"{name} {value:.2f}" for name, value in near.semantic.items())
    if cosines:
        lines.extend(_fill([for_terminal(f"   cosines (before calibration): {cosines}", inline=True)],
                           width, indent="      "))
    return "\n".join(lines)


def _rate(posts: int, seconds: float) -> str:
    """"12.3 posts/s", or "4.2 s per post" where that would read 0.0 (long posts, trial 20)."""
    rate = posts / seconds if seconds else 0.0
    return f"{seconds / posts:.1f} s per post" if posts and rate < 0.1 else f"{rate:.1f} posts/s"


def _too_short(post: Post, matcher: Any) -> bool:
    """Whether `post` has too few letters to match anything (`prepared.prepare`'s too_short)."""
    from ..prepared import prepare

    return prepare(post, matcher.config).too_short


def stdin_post(encoding: str | None = None) -> str:
    """The post text on stdin, read as input files are (`readers.inputs.text_stream`): its
    encoding detected or `encoding` (a UTF-16 post from a Windows tool is text, not noise),
    binary data refused in one line, without the line end that ends it (`echo` adds one). At most
    `records.MAX_TEXT_CHARS` characters: reading stops past them (four bytes per character at
    most), so a longer post is refused as over the limit, without a length it never counted.
    Raises InputError for binary data, an unknown encoding or a post over the limit."""
    from ..readers.inputs import STDIN_DISPLAY, text_stream
    from ..records import MAX_TEXT_CHARS

    def report(line: str) -> None:
        typer.echo(f"warning: {for_terminal(line, inline=True)}", err=True)

    stream = text_stream(sys.stdin.buffer, encoding=encoding, report=report, name=STDIN_DISPLAY)
    limit = 4 * (MAX_TEXT_CHARS + 2)  # the bytes of the longest post and its "\r\n"
    data = stream.read(limit)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        # said as `check` says it of a record's field (trial 96: query replaced the byte silently)
        report(f"{STDIN_DISPLAY}: not valid UTF-8 (byte 0x{data[err.start]:02x}; another encoding? --encoding):"
               " replaced with U+FFFD — kept")
        text = data.decode("utf-8", errors="replace")
    text = text[:-2] if text.endswith("\r\n") else text.removesuffix("\n")
    if len(text) > MAX_TEXT_CHARS or (len(data) == limit and stream.read(1)):
        raise InputError(f"the post on stdin is over {MAX_TEXT_CHARS:,} characters, the limit")
    return text


def format_result(result: Result, post_text: str, article_text: ArticleText, width: int = 80) -> str:
    """A readable block per match: article, type, confidence, credit, and both aligned passages,
    each passage clipped to one line of `width` terminal cells. Text from the index or the post
    is made safe for the terminal (`safetext.for_terminal`)."""
    matches = result.matches
    if not matches:
        return "\n".join(["no_match: no indexed article passes the threshold", *_held(result, width)])
    lines = [f"copy: {len(matches)} match{'es' if len(matches) > 1 else ''}"]
    for i, m in enumerate(matches, 1):
        art = m.article
        credit = m.attribution.status if m.attribution else "-"
        if m.attribution and m.attribution.credited:
            credit += f" ({credit_note(m.attribution, art.outlet, art.origin)})"
        when = f", {art.published_at[:10]}" if art.published_at else ""
        fields = [f"{i}. {art.id} [{outlet_label(art.outlet)}{when}]", m.match_type,
                  f"confidence {m.reported_confidence:.2f}", *_doubts(m.evidence, m.article.lang), *_missing(m.evidence),
                  *_later(art.published_at, result.post.created_at), f"attribution: {credit}"]
        lines.extend(_fill([for_terminal(f, inline=True) for f in fields], width))
        shared = _shared_anchors(m.evidence)
        if shared:  # what a reader checks first, above all where no encoder is sure
            lines.extend(_fill([for_terminal("   shares: " + shared, inline=True)], width, indent="      "))
        text = article_text(art.id)
        for span in m.spans[:3]:
            ps, pe = span["post"]
            as_, ae = span["article"]
            for label, (s, e), source in (("post   ", (ps, pe), post_text), ("article", (as_, ae), text)):
                head = f"   {label} [{s}:{e}]  "
                lines.append(head + _clip(source[s:e], max(20, width - len(head) - 1)))
    return "\n".join(lines)


def _shared_anchors(evidence: dict[str, Any] | None) -> str:
    """The numbers, dates and names a match shares with its article ("Blinken, 18 = 18日"), read
    leniently from `evidence.anchors`; "" when there are none."""
    anchors = evidence.get("anchors") if isinstance(evidence, dict) else None
    if not isinstance(anchors, list):
        return ""
    shown = [f"{a.get('post', '')}" + (f" = {a.get('article')}" if a.get("article") != a.get("post") else "")
             for a in anchors[:12] if isinstance(a, dict)]
    return ", ".join(shown)


def _held(result: Result, width: int) -> list[str]:
    """The lines for matches held back because their article is dated over LATER_MAX_DAYS after
    the post (`Result.held_later`) or over OLDER_MAX_DAYS before it (`Result.held_older`): said,
    never silently dropped."""
    lines = []
    for m in [*result.held_later, *result.held_older]:
        art = m.article
        when = f", {art.published_at[:10]}" if art.published_at else ""
        lag = lag_days(art.published_at, result.post.created_at) or 0.0
        if lag > 0:
            days = f"{lag:.0f}" if lag >= LATER_MAX_DAYS + 1 else f"{lag:.1f}"  # not "30 days" for 30.4
            why = f"article dated {days} days after the post, so not its source (--keep-later reports it)"
        else:
            why = (f"article dated {-lag:.0f} days before the post: likelier another time the same kind of event"
                   " came round (--keep-later reports it)")
        fields = [f"held back: {art.id} [{outlet_label(art.outlet)}{when}]", m.match_type,
                  f"confidence {m.reported_confidence:.2f}", *_doubts(m.evidence, m.article.lang), why]
        lines.extend(_fill([for_terminal(f, inline=True) for f in fields], width))
    return lines


def _later(published_at: str | None, created_at: str | None) -> list[str]:
    """"article dated 12 days after the post" where it is (`source_first` false): the post
    cannot have copied it unless a date is wrong."""
    note = later_note(published_at, created_at)
    return [note] if note else []


def _doubts(evidence: dict[str, Any] | None, article_lang: str | None = None) -> list[str]:
    """"in doubt: e5 0.21" where an encoder the verdict trusts stays below its own threshold
    (`results.in_doubt`): the match rests on the other encoder alone (`results.doubt_note`)."""
    note = doubt_note(evidence, article_lang)
    return [note] if note else []


def _missing(evidence: dict[str, Any] | None) -> list[str]:
    """"figures not in the article: 12" where the post holds numbers the article does not."""
    note = missing_note(evidence)
    return [note] if note else []


def _fill(fields: list[str], width: int, indent: str = "   ") -> list[str]:
    """The fields joined by two spaces into lines of at most `width` cells (a field longer than a
    line is cut into pieces; continuation lines are indented)."""
    from rich.cells import cell_len

    lines: list[str] = []
    line = ""
    for field in fields:
        joined = f"{line}  {field}" if line else field
        if cell_len(joined) <= width:
            line = joined
            continue
        first = not line and not lines  # the output's first line keeps the field's own indent
        if line:
            lines.append(line)
        pieces = _wrap_cells(field, width - len(indent)) if cell_len(indent + field) > width else [field]
        prefixes = ["" if first else indent] + [indent] * (len(pieces) - 1)
        lines.extend(prefix + p for prefix, p in zip(prefixes[:-1], pieces[:-1]))
        line = prefixes[-1] + pieces[-1]
    lines.append(line)
    return lines


def _wrap_cells(text: str, width: int) -> list[str]:
    """`text` in pieces of at most `width` terminal cells (width >= 1), cut after a space where
    one falls within the piece, so "shares: Blinken, Wang Yi" breaks between names, not inside
    one; a word longer than a piece (or Chinese, written without spaces) is cut by cells. The
    text's leading spaces stay on the first piece; spaces at a cut are dropped."""
    from rich.cells import cell_len, chop_cells

    pieces: list[str] = []
    line = text[: len(text) - len(text.lstrip())]  # a field's own indent ("   shares: ...")
    for word in regex.findall(r"\S+\s*", text):
        if cell_len(line + word.rstrip()) <= width:
            line += word
            continue
        bare, tail = word.rstrip(), word[len(word.rstrip()):]
        if cell_len(bare) > width:  # cut by cells, starting on the current line
            room = width - cell_len(line)
            head = chop_cells(bare, room)[0] if room >= 2 else ""
            if line.strip() or head:
                pieces.append(line + head)
            chopped = chop_cells(bare[len(head):], width)
            pieces.extend(chopped[:-1])
            line = chopped[-1] + tail
            continue
        if line.strip():
            pieces.append(line.rstrip())
        line = word
    if line.strip() or not pieces:
        pieces.append(line.rstrip())
    return pieces


def _clip(text: str, width: int) -> str:
    """One line of at most `width` terminal cells, controls escaped, "…" where it was cut."""
    from rich.cells import cell_len

    text = for_terminal(" ".join(text.split()), inline=True)
    if cell_len(text) <= width:
        return text
    out, used = [], 0
    for char in text:
        used += cell_len(char)
        if used > width - 1:
            break
        out.append(char)
    return "".join(out) + "…"


def _known_format(value: str | None) -> str | None:
    """--format's value; an unknown one is a usage error (exit status 2, as README says), not a
    user error found once reading starts (trial 50: it exited 1)."""
    if value is not None and value not in POST_FORMATS:
        raise typer.BadParameter(f"unknown format {value!r} (known: {', '.join(POST_FORMATS)})")
    return value


def check(
    posts: Annotated[
        list[Path],
        typer.Argument(help="Post files or folders: JSONL, CSV, text with one post per line, a JSON"
                       " array, X archives, twarc2, Mastodon, Telegram, Bluesky, Threads and research"
                       " tools' exports (see README; .gz ok, '-' = stdin).", show_default=False),
    ],
    index: IndexOpt = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write JSONL here instead of stdout ('-': stdout).")
    ] = None,
    csv_file: Annotated[
        Path | None, typer.Option("--csv", help="Also write a CSV file: one row per (post, match).")
    ] = None,
    html_file: Annotated[
        Path | None,
        typer.Option("--html", help="Also write a self-contained HTML evidence report (works offline)."),
    ] = None,
    sqlite: Annotated[
        Path | None,
        typer.Option("--sqlite", help="Also add the results to this SQLite file (posts, matches, spans,"
                     " evidence, articles, accounts; open it with Datasette). Appending is safe.",
                     show_default=False),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", help=f"Input format for every file: {', '.join(POST_FORMATS)}"
                     " (default: from each file's name, else its first bytes).", callback=_known_format),
    ] = None,
    text_col: Annotated[str | None, typer.Option(
        "--text-col", help="CSV column (or JSON key/dotted path) of the post text. Each column option applies to"
        " the files that have its column: a file without it but with the field's own ('text', 'id', ...) is"
        " read by that, said in one line.", show_default=False)] = None,
    id_col: Annotated[str | None, typer.Option("--id-col", help="... of the post id.", show_default=False)] = None,
    author_col: Annotated[str | None, typer.Option("--author-col", help="... of the author.", show_default=False)] = None,
    time_col: Annotated[str | None, typer.Option("--time-col", help="... of the creation time (ISO 8601, RFC 2822, epoch, or a spreadsheet's date).", show_default=False)] = None,
    url_col: Annotated[str | None, typer.Option("--url-col", help="... of the post URL.", show_default=False)] = None,
    lang_col: Annotated[str | None, typer.Option("--lang-col", help="... of the language code.", show_default=False)] = None,
    platform_col: Annotated[str | None, typer.Option("--platform-col", help="... of the platform.", show_default=False)] = None,
    delimiter: DelimiterOpt = None,
    encoding: EncodingOpt = None,
    dayfirst: DayfirstOpt = False,
    top: TopOpt = 3,
    keep_later: KeepLaterOpt = False,
    encoder: EncoderOpt = None,
    quiet: QuietOpt = False,
    cluster: ClusterOpt = None,
    workers: Annotated[
        int, typer.Option("--workers", min=1, max=256,
                          help="Check in N processes on this machine, each on its share of the cores with its"
                          " own encoders (same output, in input order).")
    ] = 1,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue an interrupted check of the same command: the results"
                           " it kept (beside -o FILE, as .FILE.partial-*) are taken as they are if they are"
                           " of the inputs' first posts (same texts, index, --top, --keep-later and --encoder),"
                           " and the check goes on from the next post. Needs -o FILE. Without partial"
                           " results, every post is checked.")
    ] = False,
) -> None:
    """Check files or folders of posts; one JSON line per post, a summary on stderr.

    Exit status 0: at least one post was checked (bad records are skipped,
    each said on stderr), or the input holds no post with text (an empty
    file, media-only posts, empty texts): then an output file that exists
    already is kept as it was.

    Exit status 1: no post could be checked because every record was bad,
    or an error said in one line (a missing file, one that is not text, a
    bad option, an index that cannot be used, partial results that --resume
    cannot continue).

    Interrupted (Ctrl-C, SIGTERM: exit status 130, 143) or failed once
    results were written, check keeps the JSONL results written so far
    beside -o FILE and says so: the same command with --resume continues.
    """
    from .. import checking

    problems = ProblemCounter()
    if output is not None and str(output) == "-":  # the convention for stdout, not a file named "-"
        output = None
    columns = {field: column for field, column in (
        ("text", text_col), ("id", id_col), ("author", author_col), ("created_at", time_col),
        ("url", url_col), ("lang", lang_col), ("platform", platform_col)) if column}
    with user_errors():
        total = estimate_records(posts) if show_progress(quiet) else None
        with progress_bar("checking posts", total, show_progress(quiet)) as advance:
            def on_result(_: Result) -> None:
                stop_if_terminating()
                advance(1)

            run = checking.check_files(
                posts, index_dir(index), output or sys.stdout, on_problem=problems, fmt=fmt,
                columns=columns, csv=csv_file, html=html_file, encoder=encoder, top=top,
                keep_later=keep_later, cluster=cluster, on_result=on_result, dayfirst=dayfirst,
                delimiter=delimiter, encoding=encoding, sqlite=sqlite, workers=workers,
                resume=resume, notify=lambda line: typer.echo(for_terminal(line, inline=True), err=True),
            )
    empty_index_warning(index_dir(index), run.index_articles)  # said even with -q: nothing could match
    if not quiet:
        lexical_only_warning(index_dir(index), run.index_encoders, run.index_articles)
        for line in run.summary.lines():
            echo(line, err=True)
        echo(f"{run.seconds:.1f}s, {_rate(run.summary.posts - run.resumed, run.seconds)}" + (f"; results in {output}" if output and not run.kept else ""),
             err=True)
        for line in run.written:
            echo(line, err=True)


ClusterOpt = Annotated[
    str | None,
    typer.Option("--cluster", help="Check on a Dask cluster: a scheduler address (tcp://HOST:8786), or"
                 " local[:N] for N local worker processes (default 2). The index path must be"
                 " readable by every worker. Needs: pip install 'sourcetrace\\[cluster]'.",
                 show_default=False),
]
