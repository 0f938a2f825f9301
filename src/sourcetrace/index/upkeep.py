"""Index upkeep: `update` from the outlets' feeds, `prune` old articles, `verify` a folder.

Each write is one new generation, committed like `build`/`add` (see folder.py); `verify` only
reads, and is safe while a writer runs.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..dates import parse_datetime, to_datetime
from ..errors import IndexFolderError, InputError
from ..fileio import fsync_file
from ..lexical import MinHashParams
from .ann import read_ivf
from .folder import (
    Generation,
    collect_garbage,
    commit,
    crash_point,
    current_generation,
    new_generation,
    read_feed_state,
    read_manifest,
    sha256,
    stray_files,
    writer_lock,
)
from .store import Store, check_store, prune_articles
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
) -> tuple[WriteStats, FeedReport]:
    """Fetch feeds (conditionally) and add their new articles, in one new generation.

    The validators (ETag, Last-Modified) are stored with that generation: if the write does not
    complete, the next update fetches the same feeds in full again and nothing is missed.
    """
    from ..sources import FeedReport, fetch_feeds

    with writer_lock(path):
        manifest = read_manifest(path)
        models = models_of(manifest)
        state = read_feed_state(path, manifest) or {}
        report = FeedReport()
        current = Store(path / manifest["files"]["store"], readonly=True)
        try:
            articles = fetch_feeds(
                feeds, state, on_problem, fetcher=fetcher, known=current.has_url, pages=pages, report=report
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




def _cutoff(before: str | datetime) -> datetime:
    if isinstance(before, datetime):
        return before if before.tzinfo else before.replace(tzinfo=timezone.utc)
    try:
        iso = parse_datetime(before)
    except InputError:
        raise InputError(f"--before: not a date: {before!r} (use YYYY-MM-DD or ISO 8601)") from None
    cutoff = to_datetime(iso)
    if cutoff is None:
        raise InputError("--before: a date is required")
    return cutoff


def prune(
    path: Path, before: str | datetime, progress: Progress | None = None, dry_run: bool = False
) -> PruneStats:
    """Remove articles published before `before` (undated ones stay), in one new generation.

    Passage ids stay dense: the survivors are renumbered in order and the MinHash and vector rows
    are compacted to match, so row i of every file is still passage i. `before` is a datetime
    (naive means UTC) or an ISO 8601 string; InputError if it is not a date.
    """
    started = time.perf_counter()
    cutoff = _cutoff(before)
    stats = PruneStats(before=cutoff.isoformat())
    with writer_lock(path):
        old = read_manifest(path)
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
            lsh = _keep_signatures(gen, old["files"]["minhash"], keep, params)
            crash_point("minhash-saved")
            entries = [_keep_vectors(gen, i, enc, keep) for i, enc in enumerate(old["encoders"])]
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
    gen: Generation, old_file: str, keep: np.ndarray, params: MinHashParams
) -> dict[str, int]:
    """Write the kept passages' MinHash rows and their LSH arrays; returns the LSH shape."""
    old_sigs = np.load(gen.path / old_file, allow_pickle=False, mmap_mode="r")
    kept_sigs = np.ascontiguousarray(old_sigs[keep])
    del old_sigs
    gen.save_array(gen.files["minhash"], kept_sigs)
    return save_lsh(gen, kept_sigs, params)


def _keep_vectors(gen: Generation, i: int, enc: dict[str, Any], keep: np.ndarray) -> dict[str, Any]:
    """Write encoder i's kept vector rows and a fresh IVF index; returns its manifest entry."""
    name = f"vectors-{i}-{gen.tag}.npy"
    rows = np.load(gen.path / enc["file"], allow_pickle=False, mmap_mode="r")
    gen.save_array(name, np.ascontiguousarray(rows[keep]))
    del rows
    ann = save_ann(gen, i, name, None, 0)  # ids renumbered: a fresh index
    entry = {k: v for k, v in enc.items() if k != "ann"}
    return {**entry, "file": name, **({"ann": ann} if ann else {})}


# ---- verify ------------------------------------------------------------------------------------

@dataclass
class VerifyReport:
    """What `verify` checked and found: errors make an index unusable, warnings do not."""

    path: str
    generation: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    checked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no error was found."""
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        """The report as `sourcetrace index verify --json` prints it."""
        return {
            "path": self.path, "ok": self.ok, "generation": self.generation, "counts": self.counts,
            "checked": self.checked, "errors": self.errors, "warnings": self.warnings,
        }


def verify(path: Path) -> VerifyReport:
    """Check the current generation: manifest, files, checksums, counts and internal links.

    Read-only and safe while a writer runs (it checks the generation the manifest named when it
    started). An unreadable manifest raises IndexFolderError like every other command.
    """
    manifest = read_manifest(path)
    report = VerifyReport(str(path), manifest.get("generation"))
    try:
        files = dict(manifest["files"])
        entries = list(manifest["encoders"])
        counts = {k: int(v) for k, v in manifest["counts"].items()}
        params = MinHashParams(**manifest["minhash"])
        names = [files["store"], files["minhash"], *(e["file"] for e in entries)]
        names += [name for key, name in files.items() if key not in ("store", "minhash") and name]
    except (KeyError, TypeError, ValueError) as exc:
        report.errors.append(f"manifest is incomplete ({exc.__class__.__name__}: {exc})")
        return report
    report.counts = counts
    report.checked.append("manifest")
    missing = [name for name in names if not (path / name).is_file()]
    for name in missing:
        report.errors.append(f"{name}: missing")
    if missing:
        return report
    checksums = manifest.get("checksums")
    if not isinstance(checksums, dict):
        report.warnings.append(
            "no checksums recorded (written by an older sourcetrace; the next write records them)"
        )
    else:
        for name in names:
            if name not in checksums:
                report.errors.append(f"{name}: no checksum in the manifest")
            elif sha256(path / name) != checksums[name]:
                report.errors.append(f"{name}: checksum mismatch (changed or damaged since written)")
        report.checked.append("checksums")
    store_errors, store_sound = check_store(path / files["store"], counts)
    report.errors.extend(store_errors)
    if store_sound:
        report.checked.append("store")
    n = counts.get("passages", 0)
    _verify_rows(path / files["minhash"], (n, params.num_perm), np.uint64, "MinHash signatures", report)
    for enc in entries:
        _verify_rows(path / enc["file"], (n, int(enc["dim"])), np.float32, f"{enc['name']} vectors", report)
    if files.get("lsh_keys") and files.get("lsh_ids"):
        _verify_lsh(path, files, manifest.get("lsh"), n, report)
    for enc in entries:
        if enc.get("ann"):
            _verify_ann(path / enc["ann"], n, int(enc["dim"]), f"{enc['name']} ANN index", report)
    if files.get("feeds"):
        try:
            read_feed_state(path, manifest)
            report.checked.append("feed state")
        except IndexFolderError as exc:
            report.errors.append(str(exc))
    strays = [p.name for p in stray_files(path, manifest)]
    if strays and current_generation(path) == report.generation:
        report.warnings.append(
            f"{len(strays)} file(s) left by an interrupted write ({', '.join(strays[:4])}"
            f"{', ...' if len(strays) > 4 else ''}); the next write removes them"
        )
    return report


def _verify_lsh(
    path: Path, files: dict[str, str], shape: Any, n: int, report: VerifyReport
) -> None:
    try:
        keys = np.load(path / files["lsh_keys"], allow_pickle=False, mmap_mode="r")
        ids = np.load(path / files["lsh_ids"], allow_pickle=False, mmap_mode="r")
    except (OSError, ValueError) as exc:
        report.errors.append(f"LSH arrays unreadable ({exc})")
        return
    bands = shape.get("bands") if isinstance(shape, dict) else None
    if keys.ndim != 2 or keys.shape != ids.shape or keys.shape[0] != bands or keys.shape[1] > n:
        report.errors.append(f"LSH arrays {keys.shape}/{ids.shape} do not fit {bands} bands, {n} passages")
        return
    for j in range(keys.shape[0]):
        band_keys, band_ids = np.asarray(keys[j]), np.asarray(ids[j])
        if len(band_keys) and (np.any(band_keys[1:] < band_keys[:-1])
                               or band_ids.min() < 0 or band_ids.max() >= n):
            report.errors.append(f"LSH band {j} is not sorted or names passages outside 0..{n - 1}")
            return
    report.checked.append("LSH")


def _verify_ann(file: Path, n: int, dim: int, what: str, report: VerifyReport) -> None:
    try:
        index = read_ivf(file)
    except RuntimeError as exc:
        report.errors.append(f"{file.name}: unreadable ({str(exc).splitlines()[0]})")
        return
    if index.ntotal != n or index.d != dim:
        report.errors.append(f"{what}: {index.ntotal} x {index.d}, expected {n} x {dim}")
        return
    report.checked.append(what)


def _verify_rows(
    file: Path, shape: tuple[int, int], dtype: type, what: str, report: VerifyReport
) -> None:
    try:
        rows = np.load(file, allow_pickle=False, mmap_mode="r")
    except (OSError, ValueError) as exc:
        report.errors.append(f"{file.name}: unreadable ({exc})")
        return
    if rows.shape != shape or rows.dtype != np.dtype(dtype):
        report.errors.append(f"{what}: {rows.shape} {rows.dtype}, expected {shape} {np.dtype(dtype)}")
        return
    if np.dtype(dtype).kind == "f":
        for start in range(0, shape[0], 65536):  # bounded memory on millions of rows
            block = np.asarray(rows[start : start + 65536], dtype=np.float32)
            if not np.isfinite(block).all():
                report.errors.append(f"{what}: rows from {start} hold NaN or infinite values")
                return
    report.checked.append(what)
