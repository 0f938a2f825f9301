"""Uncompressed copies of packaged model files, kept in the user's cache folder.

USE's weights (a deflated `.npz`, 30 MB → 79 MB) and the language identifier's model (an `.npz`
inside LZMA, 4.6 MB → 68 MB) used to be decompressed at every start: about 0.5 s of CPU each,
most of a cold `sourcetrace query`. The first start now writes the decompressed bytes under
`cache_root()/models`; later starts read those instead (~0.1 s each).

A copy is named after its source file's path, size and modification time, so a reinstalled or
upgraded package gets new copies (the old ones stay until the folder is emptied: removing them
here would make two environments with different installs rewrite each other's). It is written
under a temporary name and renamed into place, so a process never reads half a copy, and it is
read as the original is (`np.load` without pickle). It is the user's own cache, as trusted as
the installed packages beside it: a folder or copy another user owns or may write (group or
world writable, e.g. a shared `SOURCETRACE_MODEL_CACHE`) is not used, with a warning. Whatever fails (a read-only home, a full disk, a damaged copy,
which is then removed) leaves the original file in use, logged at debug level. `SOURCETRACE_MODEL_CACHE=off` turns copies off;
`SOURCETRACE_MODEL_CACHE=DIR` keeps them in DIR.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

log = logging.getLogger(__name__)

ENV = "SOURCETRACE_MODEL_CACHE"
OFF = "off"
# Part of every copy's name: a change to how copies are written makes the old ones unused.
LAYOUT = 1


def cache_root() -> Path:
    """sourcetrace's folder in the user's cache: $XDG_CACHE_HOME/sourcetrace, else ~/.cache/sourcetrace."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sourcetrace"


def model_dir() -> Path | None:
    """Where copies go: $SOURCETRACE_MODEL_CACHE, else cache_root()/models; None when turned off."""
    value = os.environ.get(ENV, "").strip()
    if value.lower() == OFF:
        return None
    return Path(value) if value else cache_root() / "models"


def uncompressed(source: Path, suffix: str, write: Callable[[Path, BinaryIO], None]) -> Path | None:
    """The cached uncompressed copy of `source`, written first by `write(source, out)` if missing.

    Returns None (use `source` itself) when copies are turned off or cannot be written.
    """
    folder = model_dir()
    if folder is None:
        return None
    try:
        st = source.stat()
        key = f"{LAYOUT}|{source.resolve()}|{st.st_size}|{st.st_mtime_ns}"
        target = folder / f"{source.name.split('.')[0]}-{hashlib.sha256(key.encode()).hexdigest()[:16]}{suffix}"
        if folder.is_dir() and not private(folder):
            _refuse(folder)
            return None
        if target.is_file():
            if not private(target):
                _refuse(target)
                return None
            return target
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not private(folder):
            _refuse(folder)
            return None
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=suffix)
        try:
            with os.fdopen(fd, "wb") as out:
                write(source, out)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        log.debug("wrote an uncompressed copy of %s to %s", source, target)
        return target
    except OSError as exc:
        log.debug("no uncompressed copy of %s (%s); reading the original", source, exc)
        return None


def private(path: Path) -> bool:
    """Whether `path` is the user's own and nobody else may write it (a planted copy would
    change every vector and language guess the tool makes)."""
    if not hasattr(os, "getuid"):
        return True
    st = path.stat()
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


_refused: set[Path] = set()


def _refuse(path: Path) -> None:
    if path not in _refused:
        _refused.add(path)
        log.warning("%s is not private (another user owns it or may write it): model copies there are"
                    " not used; the packaged files are read instead", path)


def discard(copy: Path, reason: object) -> None:
    """Remove a copy that could not be read (the next start writes it again); the caller then
    reads the original."""
    log.debug("cannot read %s (%s); reading the original", copy, reason)
    try:
        copy.unlink(missing_ok=True)
    except OSError:
        pass
