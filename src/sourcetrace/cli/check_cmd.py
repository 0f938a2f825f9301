"""`sourcetrace query` and `sourcetrace check`."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from .. import pipeline
from ..errors import InputError
from ..readers import FORMATS, read_posts
from ..records import Post
from .common import IndexOpt, JsonOpt, ProblemCounter, QuietOpt, index_dir, progress_bar, show_progress, user_errors

EncoderOpt = Annotated[
    str | None,
    typer.Option(help="Encoder the index must have been built with (checked, not switched).",
                 show_default=False),
]
TopOpt = Annotated[int, typer.Option("--top", min=1, max=50, help="Matches reported per post.")]


def query(
    text: Annotated[str, typer.Argument(help="Post text to check, or '-' to read it from stdin.")],
    index: IndexOpt = None,
    top: TopOpt = 3,
    as_json: JsonOpt = False,
    encoder: EncoderOpt = None,
    lang: Annotated[str | None, typer.Option(help="Language of the post (detected if omitted).")] = None,
) -> None:
    """Check one post and show which article passages it copies."""
    if text == "-":
        text = sys.stdin.read()
    with user_errors():
        if not text.strip():
            raise InputError("empty post text")
        post = Post.from_dict({"text": text, "id": "query", "lang": lang})
        matcher = pipeline.open_matcher(index_dir(index), encoder=encoder, top=top)
        result = matcher.check(post)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    _print_result(result.to_dict(), matcher, post.text)


def _print_result(result: dict[str, Any], matcher: Any, post_text: str) -> None:
    typer.echo(format_result(result, post_text, matcher.index.store.text_of))


def format_result(result: dict[str, Any], post_text: str, article_text: Any) -> str:
    """A readable block per match: article, type, confidence, credit, and both aligned passages."""
    matches = result["matches"]
    if not matches:
        return "no_match: no indexed article passes the threshold"
    lines = [f"copy: {len(matches)} match{'es' if len(matches) > 1 else ''}"]
    for i, m in enumerate(matches, 1):
        art = m["article"]
        attribution = m.get("attribution") or {}
        credit = attribution.get("status", "-")
        if attribution.get("credited"):
            credit += f" (credits {attribution['credited']})"
        when = f", {art['published_at'][:10]}" if art.get("published_at") else ""
        lines.append(
            f"{i}. {art['id']} [{art['outlet'] or '?'}{when}]  {m['match_type']}"
            f"  confidence {m['confidence']:.2f}  attribution: {credit}"
        )
        text = article_text(art["id"])
        for span in m["spans"][:3]:
            ps, pe = span["post"]
            as_, ae = span["article"]
            lines.append(f"   post    [{ps}:{pe}]  {_clip(post_text[ps:pe])}")
            lines.append(f"   article [{as_}:{ae}]  {_clip(text[as_:ae])}")
    return "\n".join(lines)


def _clip(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def check(
    posts: Annotated[
        list[Path],
        typer.Argument(help="Post files: JSONL, CSV, or text with one post per line ('-' = stdin).",
                       show_default=False),
    ],
    index: IndexOpt = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write JSONL here instead of stdout.")
    ] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", help=f"Input format for every file: {', '.join(FORMATS)}.")
    ] = None,
    top: TopOpt = 3,
    encoder: EncoderOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Check files of posts; one JSON line per post, a summary on stderr."""
    problems = ProblemCounter()
    summary = pipeline.Summary()
    started = time.perf_counter()
    with user_errors():
        stream = read_posts(posts, problems, fmt=fmt)
        matcher = pipeline.open_matcher(index_dir(index), encoder=encoder, top=top)
        with _output(output) as out, progress_bar("checking posts", None, show_progress(quiet)) as advance:
            for result in pipeline.check(matcher, stream, summary):
                out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
                advance(1)
    summary.skipped = problems.count
    if not quiet:
        elapsed = time.perf_counter() - started
        for line in summary.lines():
            typer.echo(line, err=True)
        rate = summary.posts / elapsed if elapsed else 0.0
        typer.echo(f"{elapsed:.1f}s, {rate:.1f} posts/s" + (f"; results in {output}" if output else ""),
                   err=True)


@contextlib.contextmanager
def _output(path: Path | None):  # type: ignore[no-untyped-def]
    """stdout, or a file written under a temporary name and renamed when complete."""
    if path is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    tmp = path.with_name(f".{path.name}.partial-{os.getpid()}")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            yield fh
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise InputError(f"cannot write {path}: {exc.strerror}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
