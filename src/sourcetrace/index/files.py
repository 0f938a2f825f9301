"""Reading the files an index folder names, as untrusted input.

Index folders are shared between researchers, so their contents are read as an attacker's:
every file is opened by a bare name inside the folder (the manifest schema admits only the names
the writer gives), never through a symbolic link (O_NOFOLLOW) and only if it is a regular file
(a FIFO would block a reader, a device would never end). Sizes are bounded before anything is
read, JSON nesting is bounded before it is parsed, and an array's header (dtype, shape, byte
order, length) is checked against what the manifest says before numpy maps it.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np

from ..errors import IndexFolderError

_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


def _bare(folder: Path, name: str) -> Path:
    if not isinstance(name, str) or not name or name in (".", "..") or any(c in name for c in "/\\\0"):
        raise IndexFolderError(f"{folder}: {name!r} is not a file name inside the index folder")
    return folder / name


def open_file(folder: Path, name: str) -> IO[bytes]:
    """The regular file `name` directly inside `folder`, opened for reading (binary).

    Raises FileNotFoundError if it is not there (a writer may just have swapped generations),
    IndexFolderError if `name` is not a bare file name, or the entry is a symbolic link, a
    folder, a FIFO, a device or otherwise not a regular file.
    """
    file = _bare(folder, name)
    try:
        fd = os.open(file, _OPEN_FLAGS)
    except FileNotFoundError:
        raise
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise IndexFolderError(
                f"{file}: is a symbolic link; an index folder's files must be inside it"
            ) from None
        raise IndexFolderError(f"{file}: cannot be opened ({exc.strerror or exc})") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise IndexFolderError(f"{file}: not a regular file")
    return os.fdopen(fd, "rb")


def regular_file(folder: Path, name: str) -> Path:
    """`folder / name` after checking, without opening it, that it is a regular file (no link).

    For files a library opens by path itself (SQLite). Raises like `open_file`.
    """
    file = _bare(folder, name)
    mode = os.lstat(file).st_mode  # FileNotFoundError passes through
    if stat.S_ISLNK(mode):
        raise IndexFolderError(f"{file}: is a symbolic link; an index folder's files must be inside it")
    if not stat.S_ISREG(mode):
        raise IndexFolderError(f"{file}: not a regular file")
    return file


def read_bounded(folder: Path, name: str, limit: int) -> bytes:
    """The bytes of a small file (a manifest, a feed state); IndexFolderError above `limit` bytes."""
    with open_file(folder, name) as fh:
        size = os.fstat(fh.fileno()).st_size
        data = fh.read(limit + 1) if size <= limit else b""
    if size > limit or len(data) > limit:
        raise IndexFolderError(f"{folder / name}: {size:,} bytes, more than the {limit:,} allowed")
    return data


def sha256(folder: Path, name: str) -> str:
    """The hex SHA-256 of a file's bytes (the manifest's checksums); raises like `open_file`."""
    digest = hashlib.sha256()
    with open_file(folder, name) as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# ---- JSON --------------------------------------------------------------------------------------

_JSON_TOKENS = re.compile(r'[\\"\[\]{}]')


def json_depth_exceeds(text: str, limit: int) -> bool:
    """Whether the JSON text nests arrays/objects deeper than `limit` (one linear pass, no parse)."""
    depth = 0
    in_string = False
    skip = -1  # position of a character escaped by a backslash inside a string
    for match in _JSON_TOKENS.finditer(text):
        pos, char = match.start(), match.group()
        if pos == skip:
            continue
        if in_string:
            if char == "\\":
                skip = pos + 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) != len(pairs):
        raise ValueError("a key is repeated in an object")
    return data


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse_json(raw: bytes, where: str, max_depth: int, what: str = "JSON") -> Any:
    """Parse UTF-8 JSON (a `what`) whose nesting is at most `max_depth` (checked before parsing).

    A leading byte order mark is skipped, as RFC 8259 (8.1) lets a parser do: sourcetrace never
    writes one, but an editor saving the file may add it, and it changes no value. Refuses
    NaN/Infinity and repeated keys. Raises IndexFolderError naming `where`.
    """
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise IndexFolderError(f"{where}: unreadable {what}, not UTF-8 ({exc.reason} at byte {exc.start})") from None
    if json_depth_exceeds(text, max_depth):
        raise IndexFolderError(f"{where}: unreadable {what}, JSON nested deeper than {max_depth} levels")
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except ValueError as exc:  # JSONDecodeError, a repeated key, a number of over 4,300 digits
        raise IndexFolderError(f"{where}: unreadable {what} ({exc})") from None


# ---- arrays ------------------------------------------------------------------------------------

_NPY_MAGIC = b"\x93NUMPY"
# The header np.save writes: a dict literal in this exact form, padded with spaces to a newline.
# Parsed here rather than by numpy, whose parser (ast + tokenize) raises a different exception
# for every kind of malformed header.
_NPY_HEADER = re.compile(
    rb"\{'descr': '([<>|][a-zA-Z][0-9]{0,2})', 'fortran_order': (False|True),"
    rb" 'shape': \(((?:[0-9]{1,19}, )*[0-9]{1,19},?|)\), \} *\n"
)


def _npy_header(fh: IO[bytes]) -> tuple[str, bool, tuple[int, ...], int]:
    """(dtype string, Fortran order, shape, data offset) of a `.npy` file; ValueError if malformed."""
    start = fh.read(12)
    if len(start) < 10 or not start.startswith(_NPY_MAGIC) or start[6] not in (1, 2, 3):
        raise ValueError("no .npy magic string")
    if start[6] == 1:
        length, offset = int.from_bytes(start[8:10], "little"), 10
    else:
        length, offset = int.from_bytes(start[8:12], "little"), 12
    if length > 65535:
        raise ValueError(f"a {length}-byte header")
    fh.seek(offset)
    header = fh.read(length)
    match = _NPY_HEADER.fullmatch(header)
    if match is None:
        raise ValueError("a header that is not what numpy writes")
    dims = match.group(3).decode().rstrip(",")
    shape = tuple(int(d) for d in dims.split(", ")) if dims else ()
    return match.group(1).decode(), match.group(2) == b"True", shape, offset + length


def load_rows(
    folder: Path, name: str, dtypes: Sequence[str], shape: Sequence[int | None], what: str
) -> np.ndarray:
    """Memory-map a `.npy` file after checking its header against what the manifest says.

    `dtypes` are the accepted dtypes (exact, byte order included: "<u8", "<f4"); `shape` the
    expected shape, None where any length is accepted. The file must be C-ordered and exactly
    as long as its header says. Nothing is unpickled: only the listed dtypes are ever built.
    Returns a read-only array (a memmap, or an empty array when it holds no element).
    Raises FileNotFoundError if the file is missing, IndexFolderError for anything else.
    """
    where = f"{folder / name} ({what})"
    with open_file(folder, name) as fh:
        size = os.fstat(fh.fileno()).st_size
        try:
            descr, fortran, found_shape, offset = _npy_header(fh)
        except ValueError as exc:
            raise IndexFolderError(f"{where}: not a .npy array ({exc})") from None
        if descr not in dtypes:
            raise IndexFolderError(f"{where}: dtype {descr}, expected {' or '.join(dtypes)}")
        if fortran:
            raise IndexFolderError(f"{where}: Fortran-ordered; the index writer stores C order")
        if len(found_shape) != len(shape) or any(
            want is not None and d != want for d, want in zip(found_shape, shape)
        ):
            expected = "(" + ", ".join("*" if d is None else str(d) for d in shape) + ")"
            raise IndexFolderError(f"{where}: shape {found_shape}, expected {expected}")
        dtype = np.dtype(descr)
        count = int(np.prod(found_shape, dtype=object))
        if size != offset + count * dtype.itemsize:
            raise IndexFolderError(
                f"{where}: {size:,} bytes, but its header describes {offset + count * dtype.itemsize:,}"
                " (truncated or padded)"
            )
        if count == 0:
            rows = np.zeros(found_shape, dtype=dtype)
            rows.flags.writeable = False
            return rows
        return np.memmap(fh, dtype=dtype, mode="r", offset=offset, shape=found_shape)
