"""Index upkeep: `update` from the outlets' feeds, `prune` old articles.

Each write is one new generation, committed like `build`/`add` (see folder.py), and only on top
of a generation that verifies (verify.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..dates import to_datetime
from ..errors import InputError
from ..fileio import fsync_file
from ..lexical import MinHashParams
from .files import load_rows
from .folder import (
    Generation,
    collect_garbage,
    commit,
    crash_point,
    new_generation,
    read_feed_state,
    writer_lock,
)
from .store import Store, prune_articles
from .verify import verified_manifest
from .writer import (
    Progress,
    WriteStats,
    models_of,
    save_ann,
    save_lsh,
    start_store,
    write_generation,
)

if TYPE_CHECKING:  # pragma: no cover
    from ..readers import ProblemHandler
    from ..sources import Feed, FeedReport, Fetcher


# ---- update from feeds -------------------------------------------------------------------------

def update(
    path: Path,
    feeds: Iterable[Feed],
    on_problem: ProblemHandler,
    *,
    fetcher: Fetcher | None = None,
    pages: bool = True,
    progress: Progress | None = None,
    confirmed: Iterable[str] = (),
) -> tuple[WriteStats, FeedReport]:
    """Fetch feeds (conditionally) and add their new articles, in one new generation.

    The validators (ETag, Last-Modified) are stored with that generation: if the write does not
    complete, the next update fetches the same feeds in full again and nothing is missed.
    `confirmed` names the local models (`st:/path`) the user trusts (see `writer.models_of`).
    Raises IndexFolderError if the current generation does not verify.
    """
    from ..sources import FeedReport, fetch_feeds

    with writer_lock(path):
        manifest = verified_manifest(path)
        models = models_of(manifest, confirmed=confirmed, path=path)
        state = read_feed_state(path, manifest) or {}
        report = FeedReport()
        current = Store(path / manifest["files"]["store"], readonly=True)
        try:
            articles = fetch_feeds(
                feeds, state, on_problem, fetcher=fetcher, indexed=current.text_at_url, pages=pages, report=report
            )
            stats = write_generation(
                path, manifest, articles, models, MinHashParams(**manifest["minhash"]), progress,
                feed_state=lambda: state,
            )
        finally:
            current.close()
    return stats, report


# ---- prune -------------------------------------------------------------------------------------

@dataclass
class PruneStats:
    """What one prune did."""

    removed: int = 0
    removed_passages: int = 0
    kept: int = 0
    undated: int = 0
    before: str = ""
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """The counts, the cutoff (ISO 8601) and the time taken (seconds, rounded to ms)."""
        return {
            "removed": self.removed, "removed_passages": self.removed_passages, "kept": self.kept,
            "undated": self.undated, "before": self.before, "seconds": round(self.seconds, 3),
        }


def prune_cutoff(before: str | datetime) -> datetime:
    """The prune cutoff: a datetime (naive means UTC), or an ISO 8601 date or time read strictly
    (datetime.fromisoformat): "10/01/2019" is January or October depending on who wrote it, and
    a guess here deletes articles. Raises InputError."""
    if isinstance(before, datetime):
        return (before if before.tzinfo else before.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)
    if not before.strip():
        raise InputError("--before: a date is required")
    text = before.strip()
    if text[-1:] == "z":  # RFC 3339 allows a lower-case "z" for UTC; fromisoformat does not
        text = text[:-1] + "Z"
    try:
        cutoff = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(f"--before: not an ISO 8601 date: {before!r} (use YYYY-MM-DD, e.g. 2024-03-31)") from None
    return (cutoff if cutoff.tzinfo else cutoff.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


def prune(
    path: Path, before: str | datetime, progress: Progress | None = None, dry_run: bool = False
) -> PruneStats:
    """Remove articles published before `before` (undated ones stay), in one new generation.

    Passage ids stay dense: the survivors are renumbered in order and the MinHash and vector rows
    are compacted to match, so row i of every file is still passage i. `before` is a datetime
    (naive means UTC) or an ISO 8601 string; InputError if it is not a date, IndexFolderError
    if the current generation does not verify.
    """
    started = time.perf_counter()
    cutoff = prune_cutoff(before)
    stats = PruneStats(before=cutoff.isoformat())
    with writer_lock(path):
        old = verified_manifest(path)
        doomed = _published_before(path / old["files"]["store"], cutoff, stats)
        stats.removed = len(doomed)
        stats.kept = old["counts"]["articles"] - stats.removed
        if dry_run or not doomed:
            stats.seconds = time.perf_counter() - started
            return stats
        with new_generation(path, old["generation"] + 1) as gen:
            store_path = path / gen.files["store"]
            start_store(store_path, path / old["files"]["store"])
            crash_point("store-copied")
            keep, counts = prune_articles(store_path, doomed)
            stats.removed_passages = old["counts"]["passages"] - len(keep)
            fsync_file(store_path)
            crash_point("store-closed")
            params = MinHashParams(**old["minhash"])
            lsh = _keep_signatures(gen, old["files"]["minhash"], old["counts"]["passages"], keep, params)
            crash_point("minhash-saved")
            entries = [_keep_vectors(gen, i, enc, old["counts"]["passages"], keep)
                       for i, enc in enumerate(old["encoders"])]
            crash_point("vectors-saved")
            previous = old.get("pruned_before")
            manifest = commit(
                gen, old, entries, encoder=old["encoder"], params=params, counts=counts,
                feed_state=read_feed_state(path, old),
                extra={"pruned_before": max(previous, stats.before) if previous else stats.before,
                       "lsh": lsh},
            )
        collect_garbage(path, manifest)
        if progress:
            progress(stats.removed)
    stats.seconds = time.perf_counter() - started
    return stats


def _published_before(store_path: Path, cutoff: datetime, stats: PruneStats) -> list[int]:
    """The aids of articles published before `cutoff`; counts the undated ones in `stats`."""
    store = Store(store_path, readonly=True)
    try:
        doomed = []
        for aid, published in store.published_dates():
            when = to_datetime(published)
            if when is None:
                stats.undated += 1
            elif when < cutoff:
                doomed.append(aid)
    finally:
        store.close()
    return doomed


def _keep_signatures(
    gen: Generation, old_file: str, n: int, keep: np.ndarray, params: MinHashParams
) -> dict[str, int]:
    """Write the kept passages' MinHash rows and their LSH arrays; returns the LSH shape."""
    old_sigs = load_rows(gen.path, old_file, ("<u8",), (n, params.num_perm), "MinHash signatures")
    kept_sigs = np.ascontiguousarray(old_sigs[keep])
    del old_sigs
    gen.save_array(gen.files["minhash"], kept_sigs)
    return save_lsh(gen, kept_sigs, params)


def _keep_vectors(
    gen: Generation, i: int, enc: dict[str, Any], n: int, keep: np.ndarray
) -> dict[str, Any]:
    """Write encoder i's kept vector rows and a fresh IVF index; returns its manifest entry."""
    name = f"vectors-{i}-{gen.tag}.npy"
    rows = load_rows(gen.path, enc["file"], ("<f4",), (n, enc["dim"]), f"{enc['name']} vectors")
    gen.save_array(name, np.ascontiguousarray(rows[keep]))
    del rows
    ann = save_ann(gen, i, name, None, 0)  # ids renumbered: a fresh index
    entry = {k: v for k, v in enc.items() if k != "ann"}
    return {**entry, "file": name, **({"ann": ann} if ann else {})}
