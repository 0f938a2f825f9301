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
import json
import logging
import os
import re
import signal
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import __version__, storedkeys
from ..errors import IndexFolderError
from ..fileio import atomic_write, fsync_file
from ..lexical import FORMS_VERSION
from ..normalize import NORMALIZER_VERSION
from ..results import counted
from .files import parse_json, read_bounded, sha256
from .manifest import (
    MANIFEST,
    MANIFEST_MAX_BYTES,
    MANIFEST_MAX_DEPTH,
    SCHEMA_VERSION,
    file_names,
    manifest_problems,
)

if TYPE_CHECKING:  # pragma: no cover
    from ..lexical import MinHashParams

log = logging.getLogger(__name__)
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

def load_manifest(path: Path) -> Any:
    """The parsed `manifest.json` of an index folder, not yet checked against the schema.

    Raises IndexFolderError when the folder holds no index, or the manifest is a symbolic link,
    larger than MANIFEST_MAX_BYTES, nested deeper than MANIFEST_MAX_DEPTH, or not JSON.
    """
    refuse_non_folder(path)
    try:
        raw = read_bounded(path, MANIFEST, MANIFEST_MAX_BYTES)
    except FileNotFoundError:
        raise IndexFolderError(
            f"no index at {path} (build one with `sourcetrace index build ARTICLES --index {path}`)"
        ) from None
    except OSError as exc:  # a read error (opening it is checked by read_bounded)
        raise IndexFolderError(f"{path / MANIFEST}: unreadable manifest ({exc.strerror or exc})") from None
    return parse_json(raw, f"{path / MANIFEST}", MANIFEST_MAX_DEPTH, "manifest")


def refuse_non_folder(path: Path) -> None:
    """Raise IndexFolderError when `path`, or a folder above it, is a file: `--index` given an
    articles file reads as "not an index folder", not as an error about a manifest inside it."""
    for place in (path, *path.parents):
        if place.is_dir():
            return
        if place.exists():
            what = "a file" if place == path else f"{place} is a file"
            raise IndexFolderError(f"{path}: not an index folder ({what}); --index names the folder"
                                   " `sourcetrace index build` writes")


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of an index folder, checked against the schema (see manifest.py).

    Raises IndexFolderError when the folder holds no index, the manifest is unreadable or
    malformed (the first problem is named), or the index was written with another schema or
    text normaliser version (it must be rebuilt).
    """
    manifest = load_manifest(path)
    problems = manifest_problems(manifest)
    if problems:
        more = f" (and {counted(len(problems) - 1, 'more problem')})" if len(problems) > 1 else ""
        raise IndexFolderError(f"{path / MANIFEST}: {problems[0]}{more}")
    return dict(manifest)


def current_generation(path: Path) -> int | None:
    """The generation the manifest names now; None if there is no valid manifest."""
    with contextlib.suppress(IndexFolderError):
        return int(read_manifest(path)["generation"])
    return None


FEED_STATE_MAX_BYTES = 16 << 20
_VALIDATOR = re.compile(r"[\x20-\x7e]{1,1024}")  # an ETag or Last-Modified value as sent back
_FEED_FIELDS: dict[str, Any] = {
    "outlet": str, "checked_at": str, "error": str, "status": int, "entries": int,
    "etag": _VALIDATOR, "last_modified": _VALIDATOR,
}


def load_feed_state(path: Path, manifest: dict[str, Any] | None) -> tuple[dict[str, Any] | None, list[str]]:
    """The feeds' validators recorded with a generation (None if it has none), and its problems.

    Entries and fields that are not what `update` writes (a URL key that is not text, an ETag
    with a line break that would be sent back as a header) are left out and named in the
    problems. Raises IndexFolderError if the file cannot be read or parsed at all.
    """
    name = (manifest or {}).get("files", {}).get("feeds")
    if not name:
        return None, []
    where = f"{path / name}"
    try:
        data = parse_json(read_bounded(path, name, FEED_STATE_MAX_BYTES), where, 8, "feed state")
    except OSError as exc:  # FileNotFoundError included
        raise IndexFolderError(f"{where}: unreadable feed state ({exc.strerror or exc})") from None
    feeds = data.get("feeds") if isinstance(data, dict) else None
    if not isinstance(feeds, dict):
        return {}, [f"{name}: no feeds object"]
    clean: dict[str, Any] = {}
    dropped = 0
    for url, entry in feeds.items():
        if not (isinstance(entry, dict) and 0 < len(url) <= 4096):
            dropped += 1
            continue
        kept = {key: value for key, value in entry.items() if _feed_field_ok(key, value)}
        dropped += len(kept) != len(entry)
        clean[url] = kept
    return clean, ([f"{name}: {dropped} feed entries hold fields of the wrong type (left out)"] if dropped else [])


def _feed_field_ok(key: str, value: Any) -> bool:
    kind = _FEED_FIELDS.get(key)
    if value is None and key in ("etag", "last_modified", "outlet"):
        return True
    if isinstance(kind, re.Pattern):
        return isinstance(value, str) and kind.fullmatch(value) is not None
    return kind is not None and isinstance(value, kind) and not isinstance(value, bool)


def read_feed_state(path: Path, manifest: dict[str, Any] | None) -> dict[str, Any] | None:
    """The feeds' validators recorded with a generation (None if it has none), malformed fields left out.

    Raises IndexFolderError if the generation names a feed-state file that cannot be read.
    """
    state, problems = load_feed_state(path, manifest)
    for problem in problems:
        log.warning("%s", problem)
    return state


# ---- writing a generation --------------------------------------------------------------------

@contextlib.contextmanager
def writer_lock(path: Path) -> Iterator[None]:
    """Hold the folder's exclusive writer lock (creating the folder); IndexFolderError if taken.

    The lock file is never followed through a symbolic link (a shared folder's `.lock` could
    point at a file of the user's, which opening for writing would create or touch).
    """
    refuse_non_folder(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IndexFolderError(f"{path}: cannot be used as an index folder ({exc.strerror or exc})") from None
    try:
        fd = os.open(path / ".lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK, 0o644)
    except OSError as exc:
        raise IndexFolderError(f"{path / '.lock'}: cannot be opened ({exc.strerror or exc});"
                               " it must be a regular file") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise IndexFolderError(f"{path / '.lock'}: not a regular file")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexFolderError(f"{path}: another process is writing this index") from None
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def next_free_generation(path: Path) -> int:
    """A fresh build (or --replace) continues numbering so no file name is ever reused."""
    current = current_generation(path)
    return 1 if current is None else current + 1


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
    # Whatever already has this generation's names (an interrupted write's files, or links a
    # shared folder planted there to have the writer overwrite a file elsewhere) goes first.
    _remove_generation_files(path, gen.tag)
    try:
        yield gen
    except BaseException:
        if not gen.committed:
            _remove_generation_files(path, gen.tag)
        raise


def _remove_generation_files(path: Path, gen_tag: str) -> None:
    for leftover in [*path.glob(f"*-{gen_tag}.*"), path / f"{MANIFEST}.{gen_tag}.tmp"]:
        if leftover.is_dir() and not leftover.is_symlink():
            raise IndexFolderError(f"{leftover}: a folder where a file of the next generation goes;"
                                   " nothing was written (remove it and try again)")
        remove_quietly(leftover)


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
        # the version of the article forms (lexical.ArticleForms) articles added by this code
        # were stored with; informational: Store.forms checks each row's own version
        "article_forms_version": FORMS_VERSION,
        "article_anchors_version": storedkeys.KEYS_VERSION,  # likewise (storedkeys.stored_keys)
        "counts": counts,
        "files": files,
        "checksums": {name: sha256(path, name) for name in names},
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

# the names of a generation's files begin so (and of an interrupted write's manifest)
GENERATION_PREFIXES = ("store-g", "minhash-g", "vectors-", "feeds-g", f"{MANIFEST}.")


def stray_files(path: Path, manifest: dict[str, Any]) -> list[Path]:
    """Files of other generations: older ones, or those of a write that was interrupted."""
    keep = {MANIFEST, ".lock", *file_names(manifest)}
    return sorted(
        entry for entry in path.iterdir()
        if entry.name not in keep and entry.name.startswith(GENERATION_PREFIXES)
        and (entry.is_symlink() or entry.is_file())
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
