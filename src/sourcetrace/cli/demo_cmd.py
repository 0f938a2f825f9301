"""`sourcetrace demo`: index the bundled sample, check its posts, show what was found."""

from __future__ import annotations

import hashlib
import os
import shlex
import time
from pathlib import Path
from typing import Annotated

import typer

from .. import __version__, pipeline
from .. import index as ix
from ..encoders import DEFAULT_ENCODER
from ..errors import InputError
from ..modelcache import cache_root
from ..normalize import NORMALIZER_VERSION
from ..readers import read_articles, read_gold
from ..results import counted
from ..storedkeys import KEYS_VERSION
from ..vectorseed import VectorSeed, pinned
from .check_cmd import format_result
from .common import ProblemCounter, user_errors
from .display import cell, line_width, say
from .display import console as display_console


def sample_dir() -> Path:
    """corpora/sample of the source checkout this package runs from (or $SOURCETRACE_SAMPLE)."""
    env = os.environ.get("SOURCETRACE_SAMPLE")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "corpora" / "sample"


def demo(
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Rebuild the sample index even if it exists.")] = False,
    show: Annotated[int, typer.Option(help="How many matched posts to print.", min=0)] = 12,
) -> None:
    """Index the bundled sample (NTREX-128 news), check its posts and print what was found."""
    from rich.table import Table

    console = display_console()
    sample = sample_dir()
    articles_file, posts_file = sample / "articles.jsonl", sample / "posts.jsonl"
    with user_errors():
        if not articles_file.is_file() or not posts_file.is_file():
            raise InputError(
                f"sample not found at {sample}: run from a source checkout (pip install -e .)"
                " or set SOURCETRACE_SAMPLE"
            )
        # a cached index is reused only by the sourcetrace that built it (normaliser, encoders
        # and calibration all change with the version; the stored anchor keys with KEYS_VERSION:
        # a trial's demo read an older index's keys again at every post, 3x slower)
        key = articles_file.read_bytes() + \
            f"|{__version__}|{NORMALIZER_VERSION}|{KEYS_VERSION}|{DEFAULT_ENCODER}".encode()
        digest = hashlib.sha256(key).hexdigest()[:12]
        index_path = cache_root() / f"demo-{digest}"
        problems = ProblemCounter()
        started = time.perf_counter()
        if rebuild or not (index_path / ix.MANIFEST).exists():
            say(console, f"building the sample index at {index_path} ...")
            # the sample's passages were embedded before (corpora/sample/vectors, used only as
            # released and where the encoders here agree): embedding them was most of a first demo's time
            seed = VectorSeed(sample / "vectors", digests=pinned())
            stats = ix.build(index_path, read_articles([articles_file], problems), replace=True, pool=seed)
            if seed.reused or seed.problem:
                seeded = (f"{seed.reused:,} of the encoders' {seed.reused + seed.embedded:,} inputs read from"
                          " the sample's vector seed" + (f": {seed.problem}" if seed.problem else ""))
            else:
                seeded = f"{stats.added / stats.seconds:.1f} articles/s, {stats.passages / stats.seconds:.0f} passages/s"
            say(
                console,
                f"indexed {counted(stats.added, 'article')}, {counted(stats.passages, 'passage')}"
                f" in {stats.seconds:.1f}s ({seeded})"
            )
        else:
            say(console, f"using the sample index at {index_path} (--rebuild to rebuild)")
        items = list(read_gold([posts_file], problems))
        matcher = pipeline.open_matcher(index_path)
        summary = pipeline.Summary()
        t0 = time.perf_counter()
        results = list(pipeline.check(matcher, (p for p, _ in items), summary))
        check_seconds = time.perf_counter() - t0
        report = pipeline.evaluate(matcher, items, results)

    table = Table(title="matched posts (first few)")
    for col in ("post", "lang", "type", "conf.", "article", "attribution"):
        table.add_column(col)
    matched = [r for r in results if r.matches]
    for result in matched[:show]:
        m = result.matches[0]
        table.add_row(
            cell(result.post.id), cell(result.post.lang or "?"), m.match_type, f"{m.confidence:.2f}",
            cell(m.article.id), m.attribution.status if m.attribution else "-",
        )
    console.print(table)
    shown_types: set[str] = set()
    for result in matched:
        m = result.matches[0]
        if m.match_type in shown_types:
            continue
        shown_types.add(m.match_type)
        console.print(cell(result.post.id, "bold"), cell(f"({result.post.lang}):"))
        # format_result fits its lines to the width itself: the console must not wrap them again
        console.print(format_result(result, result.post.text, matcher.index.store.text_of, line_width(console)),
                      markup=False, highlight=False, soft_wrap=True)
    for line in summary.lines():
        say(console, line)
    o = report["overall"]
    say(
        console,
        f"against the sample's gold labels: precision {o['precision']}, recall {o['recall']}, "
        f"F1 {o['f1']} ({o['tp']} right, {o['fp']} wrong, {o['fn']} missed)"
    )
    say(
        console,
        f"checked {counted(summary.posts, 'post')} in {check_seconds:.1f}s;"
        f" demo total {time.perf_counter() - started:.1f}s"
    )
    # one line a user can paste into a shell, however wide the terminal
    say(console, f"try: sourcetrace query {shlex.quote(_example(items))} --index {shlex.quote(str(index_path))}",
        unwrapped=True)


def _example(items: list) -> str:  # type: ignore[type-arg]
    for post, gold in items:
        if gold.get("copy_type") == "translation" and post.lang == "es":
            return post.text.replace('"', "'")[:200]
    return items[0][0].text.replace('"', "'")[:200] if items else "..."
