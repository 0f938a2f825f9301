"""Partial JSONL results of an interrupted `check`, and resuming from them (`check --resume`).

While `check -o FILE` runs, its JSON lines go to the temporary file `.FILE.partial-PID` beside
FILE (`fileio.partial_name`), flushed after every result. An interrupted or failed check keeps
that file when it holds results; `check --resume` reads its complete lines back (a last line cut
mid-write is dropped), checks that they are the results of the first posts its inputs give, and
goes on from the next post. A partial file is untrusted input: it is read one bounded line at a
time, and a line that is no result is a reason to refuse, never to crash. The file being written
is locked (`lock`): one that a running check holds is never taken, nor said to be left over.

Beside each partial file a sidecar `.FILE.partial-PID.meta` (`Sidecar`) records what makes its
results comparable with another run's (trial 109: a resume with another index and --top mixed
the two runs, and a post whose text had changed kept its stale result): a first JSON line with
the index's identity (a hash of its manifest, which holds every file's checksum) and the options
that change results, then one hash of each checked post's text per kept line, in order, written
before the line. `check --resume` refuses a partial whose sidecar differs from the run, or that
has none (it cannot be verified). The sidecar is as untrusted as the partial: read bounded.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from .errors import InputError
from .readers.lines import MAX_LINE_BYTES, raw_lines
from .records import Post
from .results import Result, counted
from .safetext import json_dumps

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows: running checks' partials are not told apart
    fcntl = None  # type: ignore[assignment]

_CHUNK = 1 << 20
META_SUFFIX = ".meta"
META_VERSION = 1
_HEADER_MAX = 1 << 16  # a real header is ~300 bytes
_HASH_HEX = 32  # 128 bits of SHA-256


class ResumeRefused(InputError):
    """The partial results do not continue this command's inputs (or are no results): nothing
    was changed."""


@dataclass(frozen=True)
class Partial:
    """A partial results file and its complete lines (a last line cut mid-write not counted)."""

    path: Path
    lines: int


def lock(stream: IO[Any]) -> None:
    """Hold an exclusive lock on the partial file being written, until it is closed (or the
    process dies, even by SIGKILL), so that no other check takes it for a left-over one."""
    if fcntl is None:  # pragma: no cover
        return
    with contextlib.suppress(OSError):
        fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _in_use(fd: int) -> bool:
    """Whether a running check holds the lock of the open partial file `fd`."""
    if fcntl is None:  # pragma: no cover
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    fcntl.flock(fd, fcntl.LOCK_UN)
    return False


def _partial_files(target: Path) -> Iterator[tuple[Path, int, bool]]:
    """Each regular partial results file beside `target` (`.NAME.partial-*`, not a sidecar), in
    name order: its path, an open descriptor (closed once the caller moves on) and whether a
    running check holds it (`lock`). Links, folders and files that cannot be opened are left out."""
    prefix = f".{target.name}.partial-"
    try:
        names = sorted(n for n in os.listdir(target.parent)
                       if n.startswith(prefix) and not n.endswith(META_SUFFIX))
    except OSError:
        return
    for name in names:
        path = target.parent / name
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            continue
        try:
            if stat.S_ISREG(os.fstat(fd).st_mode):
                yield path, fd, _in_use(fd)
        except OSError:
            continue
        finally:
            os.close(fd)


def being_written(target: Path) -> list[Path]:
    """The partial results files beside `target` that a running check holds (`lock`)."""
    return [path for path, _, held in _partial_files(target) if held]


def partials(target: Path) -> list[Partial]:
    """The partial results files of interrupted checks beside `target` (the file `-o` is renamed
    to: a link's target, resolved), holding at least one complete line, fullest first. Files a
    running check is writing, and anything that is no regular file (a link, a folder), are left
    out."""
    found = []
    for path, fd, held in _partial_files(target):
        if held:
            continue
        try:
            lines = _count_lines(fd)
        except OSError:
            continue
        if lines:
            found.append(Partial(path, lines))
    found.sort(key=lambda p: -p.lines)  # stable: equal counts stay in name order
    return found


def _count_lines(fd: int) -> int:
    lines = 0
    while chunk := os.read(fd, _CHUNK):
        lines += chunk.count(b"\n")
    return lines


def complete_lines(path: Path) -> int:
    """The complete lines of a file (a last line cut mid-write not counted); 0 if unreadable."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return 0
    try:
        return _count_lines(fd)
    except OSError:
        return 0
    finally:
        os.close(fd)


def left_over_line(output: Path, found: list[Partial]) -> str:
    """What a check without --resume says of the partial results left beside its output."""
    first = found[0]
    others = f" (and {counted(len(found) - 1, 'other partial file')})" if len(found) > 1 else ""
    return (f"{output}: {counted(first.lines, 'result')} of an interrupted check are in {first.path}{others};"
            " left as they are (add --resume to continue from them instead of starting again)")


def kept_results(partial: Partial) -> Iterator[dict[str, Any]]:
    """The JSON objects of `partial`'s complete lines, in order (a last line without its newline
    is dropped: cut mid-write). Raises ResumeRefused for a line that is too long, not UTF-8, not
    a JSON object, or no result of `check` (no 'post' object with an id)."""
    try:
        stream = open(partial.path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise ResumeRefused(f"cannot read {partial.path}: {exc.strerror or exc}") from None
    with stream:
        for lineno, raw in raw_lines(stream, False):
            if raw is None:
                raise _bad(partial, lineno, f"a line longer than {MAX_LINE_BYTES:,} bytes")
            if not raw.endswith(b"\n"):
                return  # the last line, cut mid-write
            try:
                data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
            except UnicodeDecodeError:
                raise _bad(partial, lineno, "not UTF-8") from None
            except (ValueError, RecursionError):
                raise _bad(partial, lineno, "not JSON") from None
            if not isinstance(data, dict):
                raise _bad(partial, lineno, "not a JSON object")
            post = data.get("post")
            if not isinstance(post, dict) or not isinstance(post.get("id"), str):
                raise _bad(partial, lineno, "no 'post' object with an id")
            if not isinstance(data.get("matches", []), list):
                raise _bad(partial, lineno, "'matches' is no array")
            yield data


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is no JSON number")


def _bad(partial: Partial, lineno: int, reason: str) -> ResumeRefused:
    return ResumeRefused(f"cannot resume from {partial.path}: line {lineno} is no result of `sourcetrace"
                         f" check` ({reason}); nothing was changed (remove the file to start again)")


# The post fields a result repeats that must be the input's own; `lang` is left out: the matcher
# gives a post without one the language it detects (as `workers.check_results` reads it back).
_SAME = ("id", "author", "platform", "url", "created_at")


def replayed(data: dict[str, Any], post: Post | None, number: int, partial: Partial,
             kept_hash: str) -> tuple[Result, str]:
    """The result of the `number`th post (1-based) rebuilt from its kept JSON object with the
    input's `post` (its text and extras are not in the JSON; `kept_hash` is the hash of the text
    the result was of, from the sidecar), as the worker processes read theirs
    back, and its JSON line (without the newline). ResumeRefused when the inputs ran out, the post
    is not the one the result is of (or its text changed), or the object does not read back as it is (then the other
    outputs would not show what the line says)."""
    kept = data["post"]
    if post is None:
        raise ResumeRefused(f"cannot resume from {partial.path}: it holds {counted(partial.lines, 'result')}"
                            f" but the inputs give only {counted(number - 1, 'post')} (other inputs?);"
                            " nothing was changed")
    head = post.header()
    if kept.get("id") != head["id"]:
        raise ResumeRefused(f"cannot resume from {partial.path}: its result {number:,} is of post"
                            f" {kept.get('id')!r} but the inputs' post {number:,} is {head['id']!r} (other"
                            " inputs, or in another order?); nothing was changed")
    for name in _SAME[1:]:
        if kept.get(name) != head[name]:
            raise ResumeRefused(f"cannot resume from {partial.path}: its result {number:,} (post"
                                f" {head['id']!r}) has {name} {kept.get(name)!r} where the input has"
                                f" {head[name]!r} (other inputs or options?); nothing was changed")
    if text_hash(post.text) != kept_hash:
        raise ResumeRefused(f"cannot resume from {partial.path}: its result {number:,} (post {head['id']!r})"
                            " is of another text than the input's post (the inputs were edited or exported"
                            " again?); nothing was changed (remove the file to start again)")
    try:
        result = Result.from_dict(data)
    except (TypeError, ValueError, AttributeError):
        raise _bad(partial, number, "its fields are not a result's") from None
    rebuilt = Result(replace(post, lang=result.post.lang), result.matches, result.held_later, result.held_older)
    line = json_dumps(rebuilt.to_dict())
    if line != json_dumps(data):  # what is replayed into the other outputs is what the line says
        raise ResumeRefused(f"cannot resume from {partial.path}: its result {number:,} (post {head['id']!r})"
                            " is not as this version of sourcetrace writes it (written by another version,"
                            " or edited?); nothing was changed (remove the file to start again)")
    return rebuilt, line



def meta_path(partial: Path) -> Path:
    """The sidecar of a partial results file."""
    return partial.with_name(partial.name + META_SUFFIX)


def remove_partial(partial: Path) -> None:
    """Remove a partial results file and its sidecar, where they are there."""
    for path in (partial, meta_path(partial)):
        with contextlib.suppress(OSError):
            path.unlink()


def text_hash(text: str) -> str:
    """The hash of a post's text kept in a sidecar (hex, truncated SHA-256)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_HEX]


def run_header(manifest: dict[str, Any], index_dir: Path, *, top: int, keep_later: bool,
               encoder: str | None) -> dict[str, Any]:
    """What makes two runs' results comparable: the index (its manifest's hash: a rebuilt or
    updated index has other checksums or another generation) and the matching options."""
    manifest_hash = hashlib.sha256(json.dumps(manifest, sort_keys=True, ensure_ascii=True,
                                              default=str).encode()).hexdigest()[:_HASH_HEX]
    return {"sourcetrace_partial": META_VERSION,
            "index": {"id": manifest_hash, "generation": manifest.get("generation"), "path": str(index_dir)},
            "options": {"top": top, "keep_later": keep_later, "encoder": encoder}}


class Sidecar:
    """The sidecar being written beside a partial file: its header, then a text hash a result."""

    def __init__(self, path: Path, header: dict[str, Any]) -> None:
        self.path = path
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o644)
        self._out = os.fdopen(fd, "w", encoding="ascii")
        self._out.write(json.dumps(header, sort_keys=True, ensure_ascii=True) + "\n")
        self._out.flush()

    def add(self, text: str) -> None:
        """Note the text of the post whose result is written next (flushed before it is)."""
        self._out.write(text_hash(text) + "\n")
        self._out.flush()

    def close(self) -> None:
        self._out.close()


def _unverifiable(partial: Partial, reason: str) -> ResumeRefused:
    return ResumeRefused(f"cannot resume from {partial.path}: {reason}, so its results cannot be verified"
                         " against these inputs, index and options; nothing was changed (remove the file"
                         " to start again)")


def kept_hashes(partial: Partial, header: dict[str, Any]) -> Iterator[str]:
    """Check the sidecar of `partial` against this run's `header` (ResumeRefused, naming what
    differs, when the index or an option does) and give an iterator of its text hashes, one per
    kept line; ResumeRefused (when the iterator is read) if there are fewer than the lines."""
    meta = meta_path(partial.path)
    try:
        fd = os.open(meta, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise _unverifiable(partial, f"it has no {meta.name} beside it (written by an earlier version"
                                     " of sourcetrace?)") from None
    except OSError as exc:
        raise _unverifiable(partial, f"{meta.name} is unreadable ({exc.strerror or exc})") from None
    stream = os.fdopen(fd, "rb")
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _unverifiable(partial, f"{meta.name} is no regular file")
        raw = stream.readline(_HEADER_MAX + 1)
        try:
            kept = json.loads(raw.decode("ascii"), parse_constant=_no_constant) if raw.endswith(b"\n") else None
        except (ValueError, RecursionError):
            kept = None
        if not isinstance(kept, dict) or kept.get("sourcetrace_partial") != META_VERSION \
                or not isinstance(kept.get("index"), dict) or not isinstance(kept.get("options"), dict):
            raise _unverifiable(partial, f"{meta.name} is not as this version of sourcetrace writes it")
    except BaseException:
        stream.close()
        raise
    differs = []
    if kept["index"].get("id") != header["index"]["id"]:
        differs.append(f"index (it was {_shown(kept['index'].get('path'))}, generation"
                       f" {_shown(kept['index'].get('generation'))}; now {header['index']['path']},"
                       f" generation {header['index']['generation']})")
    for name, value in header["options"].items():
        if kept["options"].get(name, ...) != value:
            option = f"--{name.replace('_', '-')}"
            differs.append(f"{option} (it was {_shown(kept['options'].get(name))}; now {_shown(value)})")
    if differs:
        stream.close()
        raise ResumeRefused(f"cannot resume from {partial.path}: it was checked with another "
                            + "; another ".join(differs) + "; nothing was changed (run the same command"
                            " as the interrupted one, or remove the file to start again)")
    return _hashes(stream, partial, meta)


def _hashes(stream: IO[bytes], partial: Partial, meta: Path) -> Iterator[str]:
    with stream:
        for _ in range(partial.lines):
            raw = stream.readline(_HASH_HEX + 2)
            text = raw[:-1].decode("ascii", "replace")
            if len(raw) != _HASH_HEX + 1 or not raw.endswith(b"\n") \
                    or any(c not in "0123456789abcdef" for c in text):
                raise _unverifiable(partial, f"{meta.name} holds no text hash for each kept result")
            yield text


def _shown(value: object) -> str:
    """A value from an untrusted sidecar, shown short."""
    text = "none" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
    return text if len(text) <= 200 else text[:200] + "…"


def _pid_of(partial: Path, target: Path) -> str | None:
    """The PID tag of a partial file's name (`.FILE.partial-PID` or `-PID-N`), None if other."""
    tag = partial.name[len(f".{target.name}.partial-"):]
    pid = tag.split("-", 1)[0]
    return pid if pid.isdigit() else None


def leftovers(target: Path, taken: list[Partial], others: list[Path | None], sqlite: Path | None) -> list[Path]:
    """The temporary files of the other outputs (--csv, --html: `.NAME.partial-PID`; --sqlite:
    `.sourcetrace-run-PID-XXXXXXXX.db`) that the checks which wrote the `taken` partial files of
    `target` left when killed outright: only names of exactly those patterns, with the PID of
    one of those checks, regular files, and none of a PID whose check is running (holds a partial
    of `target`). Called once this check's own outputs are in place."""
    from .export import SQLITE_TMP_PREFIX
    from .fileio import renamed_target

    running = {_pid_of(p, target) for p in being_written(target)}
    # this process's PID is not left out: it is called once its own outputs are in place, and a
    # check in a container often has the PID of the one killed before it
    pids = {_pid_of(p.path, target) for p in taken} - running - {None}
    found: list[Path] = []
    for pid in sorted(p for p in pids if p is not None):
        names = []
        for other in others:
            real = renamed_target(other) if other is not None else None
            if real is not None:
                names.append(real.with_name(f".{real.name}.partial-{pid}"))
        if sqlite is not None:
            folder = Path(os.path.realpath(sqlite)).parent
            pattern = re.compile(re.escape(f"{SQLITE_TMP_PREFIX}{pid}-") + r"[A-Za-z0-9_]{8}\.db(-journal)?")
            with contextlib.suppress(OSError):
                names += [folder / n for n in sorted(os.listdir(folder)) if pattern.fullmatch(n)]
        for path in names:
            with contextlib.suppress(OSError):
                if stat.S_ISREG(os.lstat(path).st_mode):
                    found.append(path)
    return found
