"""Fuzz the article sources at length: feeds, saved pages and the fetcher (issue 15).

The strategies and checks are those of tests/test_fuzz_sources.py (tests/sources_fuzzing.py);
here they run for many more inputs, and a failing input is counted and saved instead of
stopping the run. Prints, per parser: inputs tried, tracebacks (distinct ones listed), hangs over
10 s per record, valid records lost, records with unsafe text, refusals, and time per input.

Each parser runs twice: `--large` inputs at the suite's sizes (fragments repeated thousands of
times, deep nesting, long attributes: where super-linear work would show), then `--feeds`/`--pages`
inputs with the hostile parts kept small. Each document hypothesis generates is also tried
`--variants` times damaged at random (cut, bytes flipped, inserted, duplicated: `mutate`), which
costs no generation time; those count as inputs of kind "variant".

    python scripts/fuzz_sources.py                      # 100,000 + 2,000 feeds and pages, 1,000 HTTP
    nice -n 10 python scripts/fuzz_sources.py --minutes 50   # stop generating after 50 minutes
    python scripts/fuzz_sources.py --feeds 2000 --pages 500 --large 100 --http 100

Failing inputs go to --out (default ./fuzz-sources-failures), one file each, to replay with
`parse_feed`/`page_article`. Run it niced on a shared machine. Feeds, pages and the fetcher run in
processes of their own (the fetcher mostly waits on its slow servers); `--split N` gives feeds and
pages N processes each.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import logging
import multiprocessing
import os
import random
import signal
import sys
import time
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "src"), str(REPO)]

# Seconds of CPU per record (ITIMER_PROF): on a shared machine a niced process may get a few per
# cent of a core, and wall-clock time would count its waiting as hangs.
HANG_S = 10.0
CHUNK = 2_000
SMALL = {"repeat": 100, "text": 100, "depth": 40, "page_depth": 60, "long": 300}


class Hang(Exception):
    """A record took longer than HANG_S."""


@dataclass
class Tally:
    """What one parser's run found."""

    parser: str
    inputs: int = 0
    records: int = 0
    tracebacks: int = 0
    hangs: int = 0
    lost: int = 0
    unsafe: int = 0
    refused: int = 0
    seconds: float = 0.0
    generating: float = 0.0
    slowest: float = 0.0
    by_kind: collections.Counter = field(default_factory=collections.Counter)
    distinct: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, other: Tally) -> None:
        """Fold in the tally of the same parser from another process."""
        for name in ("inputs", "records", "tracebacks", "hangs", "lost", "unsafe", "refused",
                     "seconds", "generating"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.slowest = max(self.slowest, other.slowest)
        self.by_kind.update(other.by_kind)
        for key, seen in other.distinct.items():
            mine = self.distinct.setdefault(key, {**seen, "count": 0})
            mine["count"] += seen["count"]

    def row(self) -> str:
        mean = 1000 * self.seconds / max(self.inputs, 1)
        making = 1000 * self.generating / max(self.inputs, 1)
        return (f"{self.parser:13} {self.inputs:>8,} {self.tracebacks:>10,} {self.hangs:>9,} "
                f"{self.lost:>10,} {self.unsafe:>7,} {self.refused:>8,} {self.records:>9,} "
                f"{self.slowest:>8.2f} {mean:>8.1f} {making:>8.1f}")


HEADER = (f"{'parser':13} {'inputs':>8} {'tracebacks':>10} {'hangs>10s':>9} {'valid lost':>10} "
          f"{'unsafe':>7} {'refused':>8} {'records':>9} {'max s':>8} {'mean ms':>8} {'gen ms':>8}")
HEADER_NOTE = ("(feeds and pages: seconds of CPU per record, hangs = over 10 s of CPU; fetcher: wall"
               " clock, hangs = over its 0.5 s deadline + 2 s)")


def _hang(signum: int, frame: Any) -> None:
    raise Hang


def _save(out: Path, parser: str, number: int, what: str, data: bytes, note: str) -> str:
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{parser}-{os.getpid()}-{number:07d}-{what}.bin"
    path.write_bytes(data)
    (out / f"{path.stem}.txt").write_text(note, "utf-8")
    return str(path)


def run_documents(parser: str, examples: int, seed: int, out: Path, progress: int,
                  large: bool = False, until: float = float("inf"), variants: int = 0) -> Tally:
    """Feeds or pages: `examples` generated inputs through `check_feed` or `check_page`, with
    the hostile parts at the suite's sizes if `large`, else small; stops early at `until`
    (time.monotonic). Runs hypothesis in chunks of CHUNK inputs, each with its own seed (its
    engine keeps every input's choices: memory grows with one long run)."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hyp_seed
    from hypothesis import strategies as st
    from tests import sources_fuzzing as fz

    fz.set_limits(**(vars(fz.Limits()) if large else SMALL))

    if parser == "feeds":
        kinds = ["structured"] * 10 + ["broken"] * 7 + ["entities"] * 3
        strategy = st.sampled_from(kinds).flatmap(fz.feed_cases)
        check = fz.check_feed
    else:
        kinds = ["structured"] * 6 + ["broken"] * 4
        strategy = st.sampled_from(kinds).flatmap(fz.page_cases)
        check = fz.check_page  # type: ignore[assignment]
    tally = Tally(parser + ("-large" if large else ""))
    started, last = time.monotonic(), time.process_time()

    rng = random.Random(seed)
    _warm_up(parser)

    def one(case: Any) -> None:
        nonlocal last
        if time.monotonic() > until:
            return
        generated = time.process_time() - last
        tried(case)
        for _ in range(variants):
            tried(dataclasses.replace(case, data=fz.mutate(case.data, rng), kind="variant"))
        tally.generating += generated
        last = time.process_time()

    def tried(case: Any) -> None:
        tally.inputs += 1
        tally.by_kind[case.kind] += 1
        began = time.process_time()
        signal.setitimer(signal.ITIMER_PROF, HANG_S)
        try:
            outcome = check(case)
        except Hang:
            outcome = None
            tally.hangs += 1
            _save(out, parser, tally.inputs, "hang", case.data, f"{case.kind} {case.codec}")
        except Exception as exc:  # noqa: BLE001 - counting every traceback is the point
            outcome = None
            tally.tracebacks += 1
            stack = traceback.extract_tb(exc.__traceback__)
            key = f"{type(exc).__name__} at " + " < ".join(
                f"{Path(f.filename).name}:{f.lineno}" for f in reversed(stack[-4:]))
            seen = tally.distinct.setdefault(key, {"count": 0, "message": str(exc)[:300], "saved": None})
            seen["count"] += 1
            if seen["saved"] is None:
                seen["saved"] = _save(out, parser, tally.inputs, "traceback", case.data,
                                      "".join(traceback.format_exception(exc)))
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
        elapsed = time.process_time() - began
        tally.seconds += elapsed
        tally.slowest = max(tally.slowest, elapsed)
        if outcome is not None:
            if elapsed > HANG_S:
                tally.hangs += 1
                _save(out, parser, tally.inputs, "slow", case.data, f"{elapsed:.1f} s")
            tally.records += outcome.records
            tally.refused += outcome.refused is not None
            if outcome.lost:
                tally.lost += len(outcome.lost)
                _save(out, parser, tally.inputs, "lost", case.data,
                      json.dumps({"lost": outcome.lost, "refused": outcome.refused, "kind": case.kind,
                                  "codec": case.codec}, ensure_ascii=False))
            if outcome.unsafe:
                tally.unsafe += len(outcome.unsafe)
                _save(out, parser, tally.inputs, "unsafe", case.data, repr(outcome.unsafe))
        if progress and tally.inputs % progress == 0:
            rate = tally.inputs / max(time.monotonic() - started, 1e-9)
            print(f"  {tally.parser}: {tally.inputs:,} inputs ({rate:.0f}/s) tracebacks {tally.tracebacks}"
                  f" hangs {tally.hangs} lost {tally.lost} unsafe {tally.unsafe}", flush=True)

    chunk = 0
    while tally.inputs < examples and time.monotonic() < until:
        size = max(1, min(CHUNK, (examples - tally.inputs) // (1 + variants)))
        hyp_seed(seed * 1000 + chunk)(settings(
            max_examples=size, database=None, deadline=None, derandomize=False,
            phases=[Phase.generate], suppress_health_check=list(HealthCheck),
        )(given(strategy)(one)))()
        chunk += 1
    return tally


def _warm_up(parser: str) -> None:
    """Import and load what the first record would (trafilatura, the outlet registry), so that a
    process's start is not counted against one record."""
    from sourcetrace.sources import page_article, parse_feed

    if parser == "feeds":
        list(parse_feed(b'<rss version="2.0"><channel><item><title>t</title><description>warm'
                        b"</description></item></channel></rss>", "warm-up", lambda problem: None))
    else:
        page_article(b"<html><body><article><p>" + b"A paragraph to warm up with. " * 20
                     + b"</p></article></body></html>", url="https://example.org/warm-up")


def run_http(examples: int, seed: int, out: Path, progress: int) -> Tally:
    """The fetcher against `examples` scripted hostile responses on 127.0.0.1."""
    import tempfile

    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hyp_seed
    from hypothesis import strategies as st
    from tests import sources_fuzzing as fz
    from tests.hostile_http import HostileServer

    tally = Tally("fetcher")
    with tempfile.TemporaryDirectory() as tmp, HostileServer() as server:
        secret = Path(tmp) / "secret.xml"
        secret.write_bytes(b"<rss><channel><item><title>" + fz.SECRET + b"</title></item></channel></rss>")

        @hyp_seed(seed)
        @settings(max_examples=examples, database=None, deadline=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(st.data())
        def one(data: st.DataObject) -> None:
            case = data.draw(fz.http_cases(server, secret.as_uri()))
            tally.inputs += 1
            tally.by_kind[case.description.split()[0]] += 1
            began = time.perf_counter()
            try:
                outcome = fz.check_http(case, server)
            except Exception as exc:  # noqa: BLE001
                tally.tracebacks += 1
                key = f"{type(exc).__name__}: {case.description[:60]}"
                seen = tally.distinct.setdefault(key, {"count": 0, "message": str(exc)[:300], "saved": None})
                seen["count"] += 1
                return
            finally:
                elapsed = time.perf_counter() - began
                tally.seconds += elapsed
                tally.slowest = max(tally.slowest, elapsed)
            tally.records += outcome.records
            tally.refused += outcome.refused is not None
            if outcome.lost:  # over the deadline, or a local file read
                tally.lost += 1
                if any("local file" in m for m in outcome.lost):
                    tally.unsafe += 1
                else:
                    tally.hangs += 1
                tally.distinct.setdefault(f"{outcome.lost[0]}: {case.description[:80]}",
                                          {"count": 0, "message": "", "saved": None})["count"] += 1
            if progress and tally.inputs % max(progress // 20, 1) == 0:
                print(f"  fetcher: {tally.inputs:,} requests, tracebacks {tally.tracebacks}, over the"
                      f" deadline {tally.hangs}, local files read {tally.unsafe}", flush=True)

        one()
    return tally


def _worker(args: tuple[str, int, int, str, int, int, float, int]) -> list[Tally]:
    parser, examples, seed, out, progress, large, seconds, variants = args
    _quiet()
    until = time.monotonic() + seconds
    if parser == "fetcher":
        return [run_http(examples, seed, Path(out), progress)]
    tallies = []
    if large:  # first: a few thousand at full size, then as many small ones as time allows
        tallies.append(run_documents(parser, large, seed + 1, Path(out), max(progress // 10, 1),
                                     large=True, until=until, variants=variants))
    tallies.insert(0, run_documents(parser, examples, seed, Path(out), progress, until=until,
                                    variants=variants))
    return tallies


def _quiet() -> None:
    # the sources say what they repair on warning lines: thousands of them here, none wanted
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    signal.signal(signal.SIGPROF, _hang)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=100_000, help="generated feeds (default 100,000)")
    parser.add_argument("--pages", type=int, default=100_000, help="generated pages (default 100,000)")
    parser.add_argument("--large", type=int, default=2_000,
                        help="more feeds and pages at the suite's sizes (default 2,000 each)")
    parser.add_argument("--http", type=int, default=1_000, help="hostile HTTP responses (default 1,000)")
    parser.add_argument("--variants", type=int, default=3,
                        help="damaged copies tried of each generated document (default 3)")
    parser.add_argument("--seed", type=int, default=20240102)
    parser.add_argument("--split", type=int, default=1,
                        help="processes for each of feeds and pages (its inputs shared out, seeds apart)")
    parser.add_argument("--minutes", type=float, default=55.0,
                        help="stop generating after this long, whatever the counts (default 55)")
    parser.add_argument("--out", type=Path, default=Path("fuzz-sources-failures"))
    parser.add_argument("--progress", type=int, default=5_000, help="a progress line every N inputs")
    args = parser.parse_args()
    _quiet()
    started = time.monotonic()
    jobs = []
    for name, count in (("feeds", args.feeds), ("pages", args.pages), ("fetcher", args.http)):
        parts = 1 if name == "fetcher" else max(args.split, 1)
        jobs += [(name, -(-count // parts), args.seed + 7919 * part, str(args.out), args.progress,
                  -(-args.large // parts), 60 * args.minutes, args.variants)
                 for part in range(parts) if count > 0]
    with multiprocessing.get_context("fork").Pool(len(jobs)) as pool:
        done = [t for result in pool.map(_worker, jobs, chunksize=1) for t in result]
    merged: dict[str, Tally] = {}
    for tally in done:
        if tally.parser in merged:
            merged[tally.parser].add(tally)
        else:
            merged[tally.parser] = tally
    tallies = list(merged.values())
    print(f"\nsourcetrace sources fuzz: seed {args.seed}, {time.monotonic() - started:.0f} s wall\n")
    print(HEADER_NOTE)
    print(HEADER)
    for tally in tallies:
        print(tally.row())
    for tally in tallies:
        print(f"\n{tally.parser}: inputs by kind {dict(tally.by_kind)}")
        for key, seen in sorted(tally.distinct.items(), key=lambda kv: -kv[1]["count"]):
            print(f"  {seen['count']:>6} x {key}: {seen['message']}" + (f" [{seen['saved']}]" if seen["saved"] else ""))
    failed = sum(t.tracebacks + t.hangs + t.lost + t.unsafe for t in tallies)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
