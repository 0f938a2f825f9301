"""Vector files already hashed, remembered in the user's own cache so `query` need not hash them again.

`check` and `query` hash every vector file of an index against its manifest's checksum
(`vectorcheck.stored_vectors_problem`). At 100k passages (use+e5: 348 MB of vectors) that cost a
cold `query` ~0.5 s on two busy cores, a third of its time (docs/BENCHMARKS.md). So a file
larger than QUICK_BYTES, once it hashed right and held only finite values, is recorded here:
an empty file under `cache_root()/verified`, named by the SHA-256 of what identifies the file's
bytes (its real path, device, inode, size, modification and status-change times in
nanoseconds) and the checksum it matched. A later open that finds the same identity skips the
hashing. A file at or under QUICK_BYTES (~40 ms of hashing) is hashed every time.

Why this is no weaker than the checksum: the record is in the user's private cache folder (not
another user's, not group or world writable: `modelcache.private`), never in the index folder,
which is shared and untrusted. Whoever changes the vector file's bytes changes its
status-change time (ctime), which no unprivileged process can set back, so the record no
longer matches and the file is hashed again. A changed manifest checksum changes the name too.
Whoever can write the user's own cache can already replace what runs as the user.

Anything that fails here (no home, a read-only or foreign cache folder) means hashing every
time, logged at debug level. `SOURCETRACE_MODEL_CACHE=off` turns the records off too.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from .. import modelcache

log = logging.getLogger(__name__)

QUICK_BYTES = 64 << 20  # at or under this, a vector file is hashed at every open (~40 ms)
LAYOUT = 1  # part of every record's name: a change to what is checked makes old records unused


def identity(real_path: Path, st: os.stat_result, checksum: str) -> str:
    """What names a record: the file's place, inode, size and times, and the checksum it matched."""
    return (f"{LAYOUT}|{real_path}|{st.st_dev}|{st.st_ino}|{st.st_size}|{st.st_mtime_ns}"
            f"|{st.st_ctime_ns}|{checksum}")


def same_file_state(before: os.stat_result, after: os.stat_result) -> bool:
    """Whether nothing changed a file between two stats (a write during hashing changes a time)."""
    fields = ("st_dev", "st_ino", "st_size", "st_mtime_ns", "st_ctime_ns")
    return all(getattr(before, f) == getattr(after, f) for f in fields)


def _folder() -> Path | None:
    if os.environ.get(modelcache.ENV, "").strip().lower() == modelcache.OFF:
        return None
    return modelcache.cache_root() / "verified"


def _record(key: str) -> Path | None:
    folder = _folder()
    return None if folder is None else folder / hashlib.sha256(key.encode()).hexdigest()


def seen(key: str) -> bool:
    """Whether a file of this identity hashed right before (a record, in a private folder)."""
    record = _record(key)
    try:
        return record is not None and record.is_file() and modelcache.private(record.parent) \
            and modelcache.private(record)
    except OSError:
        return False


def remember(key: str) -> None:
    """Record that a file of this identity hashed right; failures are logged at debug level."""
    record = _record(key)
    if record is None:
        return
    try:
        record.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not modelcache.private(record.parent):
            log.debug("%s is not private: vector checks are not recorded there", record.parent)
            return
        fd = os.open(record, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o600)
        os.close(fd)
    except OSError as exc:
        log.debug("vector check not recorded (%s)", exc)
