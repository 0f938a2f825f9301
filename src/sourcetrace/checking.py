"""The check pipeline: posts from files -> results (here or on a Dask cluster) -> JSONL, CSV, HTML.

`check_files` is what `sourcetrace check` runs. Posts stream through (never the whole dump in
memory); results come back in input order from either backend, are counted into a `Summary`,
and go to every output as they arrive. Each output file is written under a temporary name and
renamed into place only when the whole check completes (`fileio.atomic_write`), so a failed or
interrupted check leaves no half-written file. The JSONL results are flushed to theirs after
every result, and an interrupted or failed check keeps it when it holds any: `resume=True`
(`check --resume`) continues from it (`resume`).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .errors import InputError
from .export import RunInfo, SqliteExport
from .fileio import atomic_write, partial_name, renamed_target
from .index import Index
from .pipeline import open_matcher
from .readers import NO_TEXT, NOTE, SKIPPED, WARNING, Problem, ProblemHandler, read_posts
from .records import Post
from .report import ReportFiles, ReportMeta
from .results import Result, Summary, counted
from .resume import (
    Partial,
    ResumeRefused,
    Sidecar,
    being_written,
    complete_lines,
    kept_hashes,
    kept_results,
    left_over_line,
    leftovers,
    lock,
    meta_path,
    partials,
    remove_partial,
    replayed,
    run_header,
)
from .safetext import json_dumps


@dataclass
class CheckRun:
    """What a check did: its counts, how long it took, and what the CSV/HTML outputs hold."""

    summary: Summary
    seconds: float
    written: list[str] = field(default_factory=list)  # one line per CSV/HTML output
    index_articles: int = 0  # the articles the index held (0: nothing could match)
    index_encoders: tuple[str, ...] = ()  # the index's encoders (none: lexical only)
    kept: bool = False  # nothing was written: the input held no post with text, earlier files stay
    resumed: int = 0  # results taken from an interrupted check's partial file (--resume), not matched again


def check_files(
    inputs: Sequence[Path],
    index_dir: Path,
    output: Path | IO[str],
    *,
    on_problem: ProblemHandler,
    fmt: str | None = None,
    columns: Mapping[str, str] | None = None,
    csv: Path | None = None,
    html: Path | None = None,
    encoder: str | None = None,
    top: int = 3,
    keep_later: bool = False,
    cluster: str | None = None,
    on_result: Callable[[Result], None] | None = None,
    dayfirst: bool = False,
    delimiter: str | None = None,
    encoding: str | None = None,
    sqlite: Path | None = None,
    workers: int = 1,
    resume: bool = False,
    notify: Callable[[str], None] | None = None,
) -> CheckRun:
    """Check every post of `inputs` against the index at `index_dir`.

    One JSON line per post goes to `output` (a file path, or an open text stream such as
    stdout); `csv` and `html` name optional report files, `sqlite` a results database the run is
    added to (`export.SqliteExport`). `fmt` and `columns` are passed to
    `read_posts`; bad records go to `on_problem` and are counted as skipped. `encoder` is checked
    against the index, not switched; `keep_later` reports matches whose article is dated over
    results.LATER_MAX_DAYS after the post (held back otherwise). With `cluster` (a Dask scheduler address, or "local[:N]")
    the posts are matched on the cluster's workers, with byte-identical output; with `workers`
    above 1, in that many processes on this machine (`workers.check_results`), with the same
    output. `on_result` is
    called after each post (a progress bar). An input with no post with text (an empty file,
    media-only posts) replaces no output file that exists already. `dayfirst`, `delimiter` and `encoding` are the readers'
    options (see `read_posts`). Problems are counted by kind into the summary.

    With `output` a file, the JSON lines are flushed to its temporary file after each result; a
    check that is interrupted or fails once results were written keeps that file (the other
    outputs are removed as before). With `resume`, the fullest such file of `output` is taken:
    its complete lines must be the results of the first posts of `inputs` (ResumeRefused
    otherwise, with nothing changed); they are written first, and counted and added to every
    other output as if just computed, those posts read but not matched; the check goes on from
    the next post, and on success the partial files are removed. `notify` is told, in one line
    each, which partial file was taken (or that there was none), that one is left over (without
    `resume`), and what an interrupted check kept. Raises SourcetraceError subclasses for user errors
    (missing files, a folder that cannot be written, an unreachable cluster, `resume` without
    an output file).
    """
    refuse_bad_outputs(inputs, {"-o": output if isinstance(output, Path) else None, "--csv": csv,
                                "--html": html, "--sqlite": sqlite}, index_dir)
    say = notify or (lambda _: None)
    target = renamed_target(output) if isinstance(output, Path) else None
    if resume and target is None:
        raise InputError("--resume needs -o FILE: only results written to a file can be continued"
                         f" ({'stdout' if not isinstance(output, Path) else output} is none)")
    found = partials(target) if target is not None else []
    taken: Partial | None = found[0] if resume and found else None
    if resume and taken is None and target is not None:
        busy = being_written(target)
        if busy:  # a running check's own file, locked: not said to be missing, nor taken
            say(f"--resume: no partial results of {output} to continue ({busy[0]} is being written by a"
                " running check); checking every post")
        else:
            say(f"--resume: no partial results of {output} (no {partial_name(target, '*').name} beside it);"
                " checking every post")
    elif found and taken is None and isinstance(output, Path):
        say(left_over_line(output, found))
    started = time.perf_counter()
    summary = Summary()

    def problem(item: Problem) -> None:
        if item.kind == SKIPPED:
            summary.skipped += 1
        elif item.kind == WARNING:
            summary.warnings += 1
        elif item.kind == NO_TEXT:
            summary.no_text += 1
        elif item.kind == NOTE:
            summary.notes += 1
        if item.left_out is not None:
            count, noun, plural = item.left_out
            summary.left_out[noun, plural] += count
        on_problem(item)

    with contextlib.ExitStack() as stack:
        # one iterator: a resumed check takes its first posts before the backend sees the rest
        posts = iter(read_posts(inputs, problem, fmt=fmt, columns=columns, dayfirst=dayfirst,
                                delimiter=delimiter, encoding=encoding))
        if cluster is not None and workers > 1:
            raise InputError("use either --cluster or --workers, not both")
        if cluster is None and workers > 1:
            index, results = _in_processes(stack, index_dir, encoder, top, keep_later, workers, posts)
        elif cluster is None:
            index, results = _local(stack, index_dir, encoder, top, keep_later, posts)
        else:
            index, results = _on_cluster(stack, cluster, index_dir, encoder, top, keep_later, posts)
        index.check_vectors()  # before any output: damaged vectors give confident wrong answers
        header = run_header(index.manifest, index_dir, top=top, keep_later=keep_later, encoder=encoder)
        hashes = kept_hashes(taken, header) if taken is not None else None  # refused if other index, options
        meta = ReportMeta(inputs=[str(p) for p in inputs],
                          index=index.stats() if html or sqlite else None)
        lines = _Lines()
        try:
            with _jsonl(output, lines, header) as out, ReportFiles(csv, html, index.store.text_of, meta) as files, \
                    _sqlite(sqlite, meta) as export:

                def add(result: Result, line: str, replay: bool = False) -> None:
                    # counted first: a stop during a replay keeps no copy of the partial taken, and
                    # one while a new line is written keeps it (a part written is dropped on --resume)
                    lines.resumed += replay
                    lines.written += 1
                    summary.add(result)
                    if lines.meta is not None:
                        lines.meta.add(result.post.text)  # before the line: a kept line has its hash
                    out.write(line + "\n")
                    if lines.flush:
                        out.flush()  # what was written survives a kill (--resume continues it)
                    files.add(result)
                    if export is not None:
                        export.add(result)
                    if on_result is not None:
                        on_result(result)

                if taken is not None and hashes is not None:
                    for number, data in enumerate(kept_results(taken), 1):
                        add(*replayed(data, next(posts, None), number, taken, next(hashes)), replay=True)
                    # said once every kept line was checked against its input post
                    others = f" (the fullest of {len(found)})" if len(found) > 1 else ""
                    say(f"resuming from {taken.path}{others}: {counted(lines.resumed, 'result')} kept and"
                        f" checked against the inputs, checking from post {lines.resumed + 1:,} on")
                for result in results:
                    add(result, json_dumps(result.to_dict()))
                # raised inside the outputs' block: none of them replaces an earlier file
                if not summary.posts and summary.skipped:
                    media = f", {counted(summary.no_text, 'post')} without text" if summary.no_text else ""
                    raise NothingChecked(f"no post could be checked: {counted(summary.skipped, 'bad record')}"
                                         f" skipped{media} (see the lines above); no output written")
                if not summary.posts and _replaces(output, csv, html, sqlite):
                    raise _NothingToWrite
                files.skipped, files.seconds = summary.skipped, time.perf_counter() - started
                if export is not None:
                    export.skipped = summary.skipped
        except _NothingToWrite:
            # an empty export, or one of media-only posts, is no reason to empty an earlier run's
            # results (trial 65: `check empty.jsonl -o results.jsonl` did, with exit status 0)
            return CheckRun(summary, time.perf_counter() - started,
                            ["no post with text: no output written (the earlier files are kept)"],
                            index.articles, tuple(index.encoder_names), kept=True)
        except ResumeRefused:
            raise  # said in its own line; nothing was changed
        except BaseException:
            if lines.kept is not None:
                # counted in the file: a signal can land between a line's write and its count
                kept = complete_lines(lines.kept)
                if kept:
                    say(f"{counted(kept, 'result')} (posts 1-{kept:,}) kept in {lines.kept}: run"
                        " the same command with --resume to continue from there")
                else:  # stopped while its first line was written: nothing to continue
                    remove_partial(lines.kept)
            elif taken is not None:
                say(f"the {counted(taken.lines, 'result')} in {taken.path} are kept as they were: run the"
                    " same command with --resume to continue from there")
            raise
    written = files.lines() + ([export_line(export)] if export is not None else [])
    if taken is not None:
        left = leftovers(target, found, [csv, html], sqlite) if target is not None else []
        for path in left:  # the other outputs' temporary files of the checks killed outright
            with contextlib.suppress(OSError):
                path.unlink()
        for partial in found:  # superseded by the complete file (none a running check writes)
            remove_partial(partial.path)
        gone = f" and {counted(len(found) - 1, 'other partial file')}" if len(found) > 1 else ""
        written.insert(0, f"resumed: {counted(lines.resumed, 'result')} taken from {taken.path} (not matched"
                          f" again); it{gone} {'were' if gone else 'was'} removed"
                          + (f", with {counted(len(left), 'temporary file')} of the other outputs it left"
                             if left else ""))
    return CheckRun(summary, time.perf_counter() - started, written, index.articles,
                    tuple(index.encoder_names), resumed=lines.resumed)


class NothingChecked(InputError):
    """Every record of the input was bad: no output is written (an earlier file stays)."""


class _NothingToWrite(Exception):
    """No post had text, and an output file of an earlier run exists: it is kept."""


def _replaces(output: Path | IO[str], *others: Path | None) -> bool:
    """Whether any of the output files (`output` when a path, the report files) exists already."""
    return any(path is not None and path.exists() for path in (output if isinstance(output, Path) else None, *others))


def _local(stack: contextlib.ExitStack, path: Path, encoder: str | None, top: int, keep_later: bool,
           posts: Iterable[Post]) -> tuple[Index, Iterator[Result]]:
    """The index and the results of matching in this process."""
    matcher = open_matcher(path, encoder=encoder, top=top, keep_later=keep_later)
    stack.callback(matcher.index.close)
    return matcher.index, matcher.check_many(posts)


def _in_processes(stack: contextlib.ExitStack, path: Path, encoder: str | None, top: int, keep_later: bool,
                  workers: int, posts: Iterable[Post]) -> tuple[Index, Iterator[Result]]:
    """The index (opened here for its article texts and stats) and the results computed by
    `workers` local processes, in input order."""
    from . import workers as pool

    index = Index.open(path, encoder=encoder)  # checks --encoder; no model is loaded here
    stack.callback(index.close)
    return index, pool.check_results(path, index.manifest["generation"], posts, workers=workers,
                                     encoder=encoder, encoder_names=index.encoder_names, top=top,
                                     keep_later=keep_later)


def _on_cluster(stack: contextlib.ExitStack, address: str, path: Path, encoder: str | None, top: int,
                keep_later: bool, posts: Iterable[Post]) -> tuple[Index, Iterator[Result]]:
    """The index (opened here for its article texts and stats) and the results computed on a Dask
    cluster, in input order; the cluster connection closes with `stack`."""
    from . import cluster

    index = Index.open(path, encoder=encoder)  # checks --encoder; no model is loaded here
    stack.callback(index.close)
    client = stack.enter_context(cluster.connect(address))
    return index, cluster.check_results(client, path, index.manifest["generation"], posts,
                                        encoder=encoder, encoder_names=index.encoder_names, top=top,
                                        keep_later=keep_later)


@contextlib.contextmanager
def _sqlite(path: Path | None, meta: ReportMeta) -> Iterator[SqliteExport | None]:
    """The SQLite run being written (None without `path`); it lands in the file on success."""
    if path is None:
        yield None
        return
    with SqliteExport(path, RunInfo("check", meta.inputs, meta.index)) as export:
        yield export


def _identity(path: Path) -> tuple[object, ...]:
    """What tells two names of one file apart from two files: the device and inode of an existing
    file (hard and symbolic links included), else the resolved path."""
    try:
        found = os.stat(path)
        return ("inode", found.st_dev, found.st_ino)
    except OSError:
        return ("path", os.path.realpath(path))


# Names that say "compressed" (the readers open them so): an uncompressed file under one is
# unreadable later (`accounts results.jsonl.gz` said "truncated gzip stream").
_COMPRESSED = frozenset({".gz", ".bz2", ".xz", ".zst", ".zip"})


def _inside(path: Path, folder: Path) -> bool:
    """Whether `path` (resolved, symbolic links followed) lies in `folder` or below it."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder))


def refuse_bad_outputs(inputs: Sequence[Path], outputs: Mapping[str, Path | None],
                       index_dir: Path | None = None) -> None:
    """Refuse, before any post is read, output files (option -> path, None where not asked for)
    that cannot be files or would overwrite an input, the index or one another.

    Raises InputError naming the option: "-" (stdout carries only -o's JSONL); a folder (".", "/", an existing folder) instead of a
    file name; a compressed file's name (.gz...: written uncompressed it would not read back);
    a path that is one of `inputs` or lies in an input folder (the results would
    replace posts, or be read as posts next time); a path in `index_dir` (it would replace or
    damage the index's files); two options naming one file (the second would replace the
    first); for --sqlite, a FIFO or device (the others write through them: `fileio.atomic_write`)."""
    given = {_identity(p): p for p in inputs if str(p) != "-" and Path(p).is_file()}
    folders = [Path(p) for p in inputs if str(p) != "-" and Path(p).is_dir()]
    seen: dict[tuple[object, ...], str] = {}
    for option, path in outputs.items():
        if path is None:
            continue
        if str(path) == "-":
            raise InputError(f"{option} needs a file name: '-' (stdout) is for the JSONL results only (-o -)")
        if not path.name or path.name == ".." or path.is_dir():
            raise InputError(f"{option} {path}: that is a folder; give a file name")
        try:
            os.stat(path)
            missing = False
        except FileNotFoundError:
            missing = True
        except OSError as exc:  # a loop of symbolic links
            raise InputError(f"{option} {path}: {exc.strerror or exc}") from None
        if option == "--sqlite" and path.exists() and not path.is_file():
            raise InputError(f"{option} {path}: that is not a regular file (a SQLite database is one); give a file name")
        if path.suffix.lower() in _COMPRESSED:
            raise InputError(f"{option} {path}: results are written uncompressed; give a name without"
                             f" {path.suffix} (compress the file afterwards if you like)")
        if index_dir is not None and _inside(path, index_dir):
            raise InputError(f"{option} {path}: that is inside the index folder {index_dir}; give a"
                             " file outside it")
        folder = next((f for f in folders if _inside(path, f)), None)
        if folder is not None:
            raise InputError(f"{option} {path}: that is inside the input folder {folder}, whose files"
                             " are read as posts; give a file outside it")
        identity = _identity(path)
        if identity in given:
            raise InputError(f"{option} {path}: that is an input file; the results would overwrite"
                             " the posts (give another name)")
        if identity in seen:
            raise InputError(f"{seen[identity]} and {option} both name {path}; give each its own file")
        seen[identity] = option
        if missing and not Path(os.path.realpath(path)).parent.is_dir():
            folder = Path(os.path.realpath(path)).parent if path.is_symlink() else path.parent
            raise InputError(f"{option} {path}: no folder {folder}; create it first")


def export_line(export: SqliteExport) -> str:
    """What a finished SQLite export wrote, for the closing summary."""
    run = export.run
    if run is None:
        return f"SQLite: nothing written to {export.path}"
    if not run.added:
        added = f"{counted(run.texts_added, 'post text')} added" if run.texts_added else "nothing added"
        return f"SQLite: run {run.id} ({counted(run.posts, 'post')}) is already in {export.path}; {added}"
    return f"SQLite: run {run.id}, {counted(run.posts, 'post')} ({run.copies:,} copy) added to {export.path}"


def _fresh_partial(target: Path) -> Path:
    """A temporary name for `target` that no partial file holds: a check in a container often
    has the PID of the one interrupted before it, whose results `--resume` is about to read."""
    tmp = partial_name(target)
    number = 0
    while os.path.lexists(tmp):
        number += 1
        tmp = partial_name(target, f"{os.getpid()}-{number}")
    return tmp


@dataclass
class _Lines:
    """The JSON lines a check wrote, and where they were kept if it did not complete."""

    written: int = 0
    resumed: int = 0  # of them, taken from a partial file (--resume)
    flush: bool = False  # after each line: a file being written under its temporary name
    kept: Path | None = None  # the temporary file, kept: the check stopped with new results in it
    meta: Sidecar | None = None  # the temporary file's sidecar (`resume.Sidecar`), while it is written


@contextlib.contextmanager
def _jsonl(output: Path | IO[str], lines: _Lines, header: dict[str, object]) -> Iterator[IO[str]]:
    """The JSONL stream: a file written under a temporary name and renamed when complete, or the
    given stream (flushed at the end). A check that stops once results were written to the
    temporary file (beyond those a resumed check took from a partial file, which is still there)
    keeps it, locked while it is written (`resume.lock`), and notes it in `lines`."""
    if isinstance(output, Path):
        target = renamed_target(output)
        tmp = _fresh_partial(target) if target is not None else None

        def keep() -> bool:
            if tmp is not None and lines.written > lines.resumed and tmp.exists():
                lines.kept = tmp
            return lines.kept is not None

        try:
            with atomic_write(output, through=True, tmp=tmp, keep=keep) as fh:
                if tmp is not None:
                    lock(fh)
                    lines.flush = True
                    lines.meta = Sidecar(meta_path(tmp), header)
                yield fh
        finally:
            if lines.meta is not None:
                lines.meta.close()
                if lines.kept is None:  # the partial file is gone (renamed into place, or removed)
                    with contextlib.suppress(OSError):
                        lines.meta.path.unlink()
        return
    yield output
    output.flush()
