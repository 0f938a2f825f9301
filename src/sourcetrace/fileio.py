"""Writing files so that a reader never sees half of one: temporary name, then an atomic rename."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from .errors import InputError


def fsync_file(path: Path) -> None:
    """Flush a written file's data to disk (so a rename after it cannot expose an empty file)."""
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def fsync_dir(path: Path) -> None:
    """Flush a folder's entries (a rename inside it) to disk; a no-op where folders cannot be opened."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def partial_name(path: Path, tag: str | None = None) -> Path:
    """The temporary name a file is written under before it is renamed to `path`."""
    return path.with_name(f".{path.name}.partial-{tag or os.getpid()}")


@contextlib.contextmanager
def atomic_write(
    path: Path,
    mode: str = "w",
    *,
    encoding: str | None = "utf-8",
    newline: str | None = None,
    durable: bool = False,
    tmp: Path | None = None,
    before_replace: Callable[[], None] | None = None,
    through: bool = False,
    keep: Callable[[], bool] | None = None,
) -> Iterator[IO[Any]]:
    """Open a temporary file beside `path`; rename it to `path` only if the block completes.

    `mode` is "w" (text) or "wb" (bytes). With `durable`, the file is fsynced before the rename
    and the folder after it (the index's commit point); `before_replace` runs between the two
    (crash-test hooks). On any exception the temporary file is removed and nothing is renamed.
    With `through` (a file the user named: `check`'s outputs), a symbolic link is written
    through to its target, and a FIFO or character device (/dev/null) is written to as it is:
    a rename would replace them with a regular file (as root, /dev/null itself). Raises
    InputError (naming `path` and the OS's reason) when the file cannot be written, and, with
    `through`, when it is something else that is no regular file (a socket, a block device).
    `keep`, asked on an exception, says to leave the temporary file in place instead (`check`'s
    partial results, which `check --resume` continues); `path` is not touched either way.
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_write: mode must be 'w' or 'wb', not {mode!r}")
    if through:
        path, renamed = _user_target(path)
        if not renamed:
            with _direct(path, mode, encoding, newline) as stream:
                yield stream
            return
    tmp = tmp or partial_name(path)
    try:
        if mode == "wb":
            fh: IO[Any] = open(tmp, "wb")  # noqa: SIM115
        else:
            fh = open(tmp, "w", encoding=encoding, newline=newline)  # noqa: SIM115
        with fh:
            yield fh
        if durable:
            fsync_file(tmp)
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)
    except OSError as exc:
        if keep is None or not keep():
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        if keep is None or not keep():
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise
    if durable:
        with contextlib.suppress(OSError):  # the rename is done; a failed folder sync must not undo it
            fsync_dir(path.parent)


def renamed_target(path: Path) -> Path | None:
    """The file `atomic_write(path, through=True)` renames its temporary file to (a symbolic
    link's target, resolved), or None where it writes straight through (a FIFO, /dev/null)."""
    target, renamed = _user_target(path)
    return target if renamed else None


def _user_target(path: Path) -> tuple[Path, bool]:
    """Where a file the user named is written, and whether under a temporary name then renamed:
    a symbolic link's target (resolved; it may not exist yet), a FIFO or character device as it
    is. Raises InputError for any other kind of file that is not a regular one."""
    try:
        found = os.stat(path)  # follows links
    except FileNotFoundError:
        return Path(os.path.realpath(path)), True  # new, or a link to a file still to be made
    except OSError as exc:  # a loop of symbolic links, a path through a file...
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    if stat.S_ISREG(found.st_mode):
        return Path(os.path.realpath(path)), True
    if stat.S_ISFIFO(found.st_mode) or stat.S_ISCHR(found.st_mode):
        return path, False
    raise InputError(f"cannot write {path}: it is not a regular file (nor a FIFO or a device such as /dev/null)")


@contextlib.contextmanager
def _direct(path: Path, mode: str, encoding: str | None, newline: str | None) -> Iterator[IO[Any]]:
    """Write straight to a FIFO or character device (nothing there to replace or to keep)."""
    try:
        with (open(path, "wb") if mode == "wb" else open(path, "w", encoding=encoding, newline=newline)) as fh:
            yield fh
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
