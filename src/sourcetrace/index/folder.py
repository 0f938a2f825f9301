"""The index folder: its manifest, its generations, the writer lock and the commit point.

Every write builds a new *generation* of files beside the current ones (names tagged
`gNNNNNN`) and then replaces `manifest.json` atomically (write, fsync, rename). The manifest
names the files of its generation, so a crash at any instant leaves the previous index loadable,
and a reader sees either the old or the new generation. Files of older generations, and those
of a write that was interrupted, are garbage: the next successful write removes them.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import signal
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import __version__
from ..errors import IndexFolderError
from ..fileio import atomic_write, fsync_file
from ..normalize import NORMALIZER_VERSION

if TYPE_CHECKING:  # pragma: no cover
    from ..lexical import MinHashParams

SCHEMA_VERSION = 1
MANIFEST = "manifest.json"
FEEDS_VERSION = 1  # the format of a generation's feeds-gNNNNNN.json

# Test hook for the crash-safety tests: with SOURCETRACE_CRASH_AT=NAME (or NAME:N for its N-th
# occurrence) a writer kills itself with SIGKILL when it reaches that point, as a power cut or
# `kill -9` would. Unset (always, outside tests) it costs one dictionary lookup per point.
CRASH_ENV = "SOURCETRACE_CRASH_AT"
CRASH_POINTS = (
    "store-copied", "batch-committed", "store-closed", "minhash-saved", "vectors-saved",
    "feeds-saved", "manifest-written", "manifest-replaced", "old-files-removed",
)
_crash_counts: dict[str, int] = {}


def crash_point(name: str) -> None:
    """Kill this process (SIGKILL) here if `$SOURCETRACE_CRASH_AT` names this point (tests only)."""
    target = os.environ.get(CRASH_ENV)
    if not target:
        return
    point, _, nth = target.partition(":")
    if point != name:
        return
    _crash_counts[name] = _crash_counts.get(name, 0) + 1
    if _crash_counts[name] >= int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)


def default_index_dir() -> Path:
    """`$SOURCETRACE_INDEX`, else ./.sourcetrace/index."""
    return Path(os.environ.get("SOURCETRACE_INDEX") or ".sourcetrace/index")


# ---- reading ---------------------------------------------------------------------------------

def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of an index folder; a clear error if there is none or it is unreadable.

    Raises IndexFolderError when the folder holds no index, the manifest is not JSON, or the
    index was written with another schema or text normaliser version (it must be rebuilt).
    """
    manifest_path = path / MANIFEST
    if not manifest_path.is_file():
        raise IndexFolderError(
            f"no index at {path} (build one with `sourcetrace index build ARTICLES --index {path}`)"
        )
    try:
        manifest = json.loads(manifest_path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexFolderError(f"{manifest_path}: unreadable manifest ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("schema") != SCHEMA_VERSION:
        raise IndexFolderError(
            f"{manifest_path}: index schema {manifest.get('schema') if isinstance(manifest, dict) else '?'}"
            f" is not {SCHEMA_VERSION}; rebuild it with this version of sourcetrace"
        )
    if manifest.get("normalizer_version") != NORMALIZER_VERSION:
        raise IndexFolderError(
            f"{path}: built with text normaliser v{manifest.get('normalizer_version')},"
            f" this sourcetrace uses v{NORMALIZER_VERSION}; rebuild the index"
        )
    return manifest


def current_generation(path: Path) -> int | None:
    """The generation the manifest names now; None if there is no readable manifest."""
    with contextlib.suppress(IndexFolderError, KeyError, TypeError, ValueError):
        return int(read_manifest(path)["generation"])
    return None


def read_feed_state(path: Path, manifest: dict[str, Any] | None) -> dict[str, Any] | None:
    """The feeds' validators recorded with a generation (None if it has none).

    Raises IndexFolderError if the generation names a feed-state file that cannot be read.
    """
    name = (manifest or {}).get("files", {}).get("feeds")
    if not name:
        return None
    try:
        data = json.loads((path / name).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexFolderError(f"{path / name}: unreadable feed state ({exc})") from None
    feeds = data.get("feeds") if isinstance(data, dict) else None
    return dict(feeds) if isinstance(feeds, dict) else {}


def sha256(path: Path) -> str:
    """The hex SHA-256 of a file's bytes (the manifest's checksums)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# ---- writing a generation --------------------------------------------------------------------

@contextlib.contextmanager
def writer_lock(path: Path) -> Iterator[None]:
    """Hold the folder's exclusive writer lock (creating the folder); IndexFolderError if taken."""
    path.mkdir(parents=True, exist_ok=True)
    with open(path / ".lock", "a+") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexFolderError(f"{path}: another process is writing this index") from None
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def next_free_generation(path: Path) -> int:
    """A fresh build (or --replace) continues numbering so no file name is ever reused."""
    with contextlib.suppress(IndexFolderError, KeyError, TypeError):
        return int(read_manifest(path)["generation"]) + 1
    return 1


@dataclass
class Generation:
    """A generation being written: its number, and the files written so far by manifest key."""

    path: Path
    number: int
    files: dict[str, str] = field(default_factory=dict)
    committed: bool = False

    @property
    def tag(self) -> str:
        return f"g{self.number:06d}"

    def save_array(self, name: str, rows: np.ndarray, key: str | None = None) -> Path:
        """Write `rows` as `.npy` (no pickle) under `name`, fsynced; listed as `key` if given."""
        file = self.path / name
        np.save(file, rows, allow_pickle=False)
        fsync_file(file)
        if key is not None:
            self.files[key] = name
        return file


@contextlib.contextmanager
def new_generation(path: Path, number: int) -> Iterator[Generation]:
    """A generation to write; if the block fails before `commit`, its files are removed.

    It starts with the names of its store and MinHash files (`store`, `minhash`), which every
    generation has. Call inside `writer_lock`.
    """
    gen = Generation(path, number)
    gen.files = {"store": f"store-{gen.tag}.sqlite", "minhash": f"minhash-{gen.tag}.npy"}
    try:
        yield gen
    except BaseException:
        if not gen.committed:
            for leftover in path.glob(f"*-{gen.tag}.*"):
                remove_quietly(leftover)
        raise


def commit(
    gen: Generation,
    old: dict[str, Any] | None,
    encoder_entries: list[dict[str, Any]],
    *,
    encoder: str,
    params: MinHashParams,
    counts: dict[str, int],
    feed_state: dict[str, Any] | None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Write the feed state and the manifest of a finished generation, then swap it in.

    The rename of the manifest is the commit point; returns the manifest now current.
    Raises InputError if a file cannot be written (then nothing was committed).
    """
    path = gen.path
    files = dict(gen.files)
    if feed_state is not None:
        files["feeds"] = f"feeds-{gen.tag}.json"
        feeds_path = path / files["feeds"]
        # the temporary name starts like the generation's files, so an interrupted write's is collected
        with atomic_write(feeds_path, durable=True, tmp=path / f"{files['feeds']}.tmp") as fh:
            state = {"version": FEEDS_VERSION, "feeds": feed_state}
            fh.write(json.dumps(state, indent=1, sort_keys=True) + "\n")
        crash_point("feeds-saved")
    names = [*files.values(), *(e["file"] for e in encoder_entries)]
    manifest = {
        "schema": SCHEMA_VERSION,
        "sourcetrace_version": __version__,
        "generation": gen.number,
        "encoder": encoder,
        "encoders": encoder_entries,
        "minhash": params.to_dict(),
        "normalizer_version": NORMALIZER_VERSION,
        "counts": counts,
        "files": files,
        "checksums": {name: sha256(path / name) for name in names},
        "created_at": old["created_at"] if old else _now(),
        "updated_at": _now(),
    }
    if old is not None and old.get("pruned_before"):
        manifest["pruned_before"] = old["pruned_before"]
    manifest.update(extra or {})
    with atomic_write(
        path / MANIFEST, durable=True, tmp=path / f"{MANIFEST}.{gen.tag}.tmp",
        before_replace=lambda: crash_point("manifest-written"),
    ) as fh:
        fh.write(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    gen.committed = True  # the rename above is the commit point
    crash_point("manifest-replaced")
    return manifest


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


# ---- garbage -----------------------------------------------------------------------------------

_GENERATION_PREFIXES = ("store-g", "minhash-g", "vectors-", "feeds-g", f"{MANIFEST}.")


def stray_files(path: Path, manifest: dict[str, Any]) -> list[Path]:
    """Files of other generations: older ones, or those of a write that was interrupted."""
    keep = {MANIFEST, ".lock", *manifest["files"].values(), *(e["file"] for e in manifest["encoders"])}
    return sorted(
        entry for entry in path.iterdir()
        if entry.name not in keep and entry.is_file() and entry.name.startswith(_GENERATION_PREFIXES)
    )


def collect_garbage(path: Path, manifest: dict[str, Any]) -> None:
    """Remove files of other generations than `manifest`'s (readers that opened them keep their handles)."""
    for entry in stray_files(path, manifest):
        remove_quietly(entry)
        crash_point("old-files-removed")


def remove_quietly(path: Path) -> None:
    """Delete a file if it is there."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
