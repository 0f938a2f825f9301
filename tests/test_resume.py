"""`check -o FILE` keeps the results of an interrupted check, and `check --resume` continues them
(trial 108: a killed check of 20,000 posts left nothing to continue from)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sourcetrace import checking, resume
from sourcetrace.cli.main import app
from sourcetrace.errors import InputError
from sourcetrace.index import read_manifest
from sourcetrace.records import Post
from sourcetrace.results import Result

from .conftest import ARTICLES, write_jsonl

runner = CliRunner()

_SENTENCES = [sentence for a in ARTICLES for sentence in a["text"].replace("\n", " ").split(". ") if len(sentence) > 40]
POSTS = [{"id": f"p{i}", "author": f"acct{i % 4}", "created_at": f"2024-04-{1 + i % 28:02d}T08:00:00Z",
          "text": _SENTENCES[i % len(_SENTENCES)] + "." if i % 3 else f"Nothing indexed here, post number {i} of many."}
         for i in range(30)]


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def index(tmp_path: Path, articles_file: Path) -> Path:
    path = tmp_path / "idx"
    assert invoke("index", "build", articles_file, "--index", path, "--encoder", "hash").exit_code == 0
    return path


@pytest.fixture
def posts(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "posts.jsonl", POSTS)


def interrupt_after(monkeypatch: pytest.MonkeyPatch, n: int, error: BaseException | None = None) -> None:
    """Raise KeyboardInterrupt (or `error`) in place of result n + 1 of the local matcher."""
    real = checking._local

    def local(*args):  # type: ignore[no-untyped-def]
        index, results = real(*args)

        def stopping() -> Iterator[Result]:
            for i, result in enumerate(results):
                if i == n:
                    raise error or KeyboardInterrupt
                yield result
        return index, stopping()
    monkeypatch.setattr(checking, "_local", local)


def matched_ids(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the posts the matcher is given (filled as the check runs)."""
    seen: list[str] = []
    real = checking._local

    def local(stack, path, encoder, top, keep_later, posts: Iterable[Post]):  # type: ignore[no-untyped-def]
        def recorded() -> Iterator[Post]:
            for post in posts:
                seen.append(post.id)
                yield post
        return real(stack, path, encoder, top, keep_later, recorded())
    monkeypatch.setattr(checking, "_local", local)
    return seen


def partials(folder: Path) -> list[Path]:
    """The partial results files in `folder` (not their sidecars)."""
    return sorted(p for p in folder.glob(".*.partial-*") if p.suffix != ".meta")


def sidecars(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.partial-*.meta"))


def write_partial(path: Path, text: str, index: Path, rows: list[dict[str, str]] = POSTS,
                  **options: object) -> Path:
    """A partial results file as a check of `rows` against `index` keeps it, with its sidecar."""
    path.write_text(text, "utf-8")
    header = resume.run_header(read_manifest(index), index, **{"top": 3, "keep_later": False,
                                                             "encoder": None, **options})  # type: ignore[arg-type]
    sidecar = resume.Sidecar(resume.meta_path(path), header)
    for row in rows:
        sidecar.add(row["text"])
    sidecar.close()
    return path


def outputs(index: Path, posts: Path, out: Path, *more: object) -> list[object]:
    return ["check", posts, "--index", index, "-o", out, "--csv", out.with_suffix(".csv"),
            "--html", out.with_suffix(".html"), *more]


def page(path: Path) -> str:
    """An HTML report without what differs between two runs of one check: when, and how long."""
    text = path.read_text("utf-8")
    return re.sub(r"\(\d+\.\d+s\)", "", re.sub(r"<dt>generated</dt><dd>[^<]*</dd>", "", text))


def summary(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(("checked ", "attribution:", "outlets copied:"))]


def test_interrupted_check_keeps_its_results_and_resume_gives_the_uninterrupted_outputs(
        index: Path, posts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    full = tmp_path / "full" / "r.jsonl"
    full.parent.mkdir()
    whole = invoke(*outputs(index, posts, full))
    assert whole.exit_code == 0, whole.output
    assert "copy" in whole.stderr and " 0 copy" not in whole.stderr  # the posts hold copies and others

    out = tmp_path / "r.jsonl"
    with monkeypatch.context() as patch:
        interrupt_after(patch, 7)
        stopped = invoke(*outputs(index, posts, out))
    assert stopped.exit_code == 130, stopped.output
    [partial] = partials(tmp_path)  # the JSONL's; the CSV and HTML are removed as before
    assert partial.name.startswith(".r.jsonl.partial-")
    assert sidecars(tmp_path) == [resume.meta_path(partial)]  # what --resume verifies the lines with
    assert not out.exists() and not out.with_suffix(".csv").exists() and not out.with_suffix(".html").exists()
    assert partial.read_text("utf-8").splitlines() == full.read_text("utf-8").splitlines()[:7]
    [said] = [line for line in stopped.stderr.splitlines() if "kept in" in line]
    assert said == (f"7 results (posts 1-7) kept in {partial}: run the same command with --resume to"
                    " continue from there")
    assert stopped.stderr.rstrip().endswith("interrupted")

    seen = matched_ids(monkeypatch)
    resumed = invoke(*outputs(index, posts, out, "--resume"))
    assert resumed.exit_code == 0, resumed.output
    assert seen == [p["id"] for p in POSTS[7:]], resumed.stderr  # the kept posts are read, not matched again
    assert (f"resuming from {partial}: 7 results kept and checked against the inputs, checking from post 8"
            " on") in resumed.stderr
    assert f"resumed: 7 results taken from {partial} (not matched again); it was removed" in resumed.stderr
    assert out.read_bytes() == full.read_bytes()
    assert out.with_suffix(".csv").read_bytes() == full.with_suffix(".csv").read_bytes()
    assert page(out.with_suffix(".html")) == page(full.with_suffix(".html"))
    assert summary(resumed.stderr) == summary(whole.stderr) and summary(whole.stderr)
    assert partials(tmp_path) == [] and sidecars(tmp_path) == []


def test_a_failed_check_keeps_its_results_and_a_fresh_check_leaves_them(
        index: Path, posts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "r.jsonl"
    lines: list[str] = []
    with monkeypatch.context() as patch:
        interrupt_after(patch, 4, InputError("the disk went away"))
        with pytest.raises(InputError, match="the disk went away"):
            checking.check_files([posts], index, out, on_problem=lambda _: None, notify=lines.append)
    [partial] = partials(tmp_path)
    assert len(partial.read_text("utf-8").splitlines()) == 4
    assert lines == [(f"4 results (posts 1-4) kept in {partial}: run the same command with --resume to"
                      " continue from there")]

    # without --resume the check starts again, says what is left over, and leaves it as it is
    before = partial.read_bytes()
    again = invoke("check", posts, "--index", index, "-o", out)
    assert again.exit_code == 0, again.output
    assert (f"{out}: 4 results of an interrupted check are in {partial}; left as they are (add --resume"
            " to continue from them instead of starting again)") in again.stderr
    assert partial.read_bytes() == before and len(out.read_text("utf-8").splitlines()) == len(POSTS)


def test_nothing_is_kept_before_the_first_result(index: Path, posts: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    interrupt_after(monkeypatch, 0)
    stopped = invoke("check", posts, "--index", index, "-o", tmp_path / "r.jsonl")
    assert stopped.exit_code == 130 and "kept" not in stopped.stderr
    assert partials(tmp_path) == [] and not (tmp_path / "r.jsonl").exists()


def test_a_last_line_cut_mid_write_is_dropped(index: Path, posts: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    full = tmp_path / "full.jsonl"
    assert invoke("check", posts, "--index", index, "-o", full).exit_code == 0
    out = tmp_path / "r.jsonl"
    lines = full.read_text("utf-8").splitlines(keepends=True)
    write_partial(tmp_path / ".r.jsonl.partial-99999", "".join(lines[:5]) + lines[5][:40], index)
    seen = matched_ids(monkeypatch)
    resumed = invoke("check", posts, "--index", index, "-o", out, "--resume")
    assert resumed.exit_code == 0, resumed.output
    assert "5 results kept and checked against the inputs, checking from post 6 on" in resumed.stderr
    assert seen == [p["id"] for p in POSTS[5:]]
    assert out.read_bytes() == full.read_bytes() and partials(tmp_path) == []


def test_the_fullest_partial_is_taken_and_all_are_removed(index: Path, posts: Path, tmp_path: Path) -> None:
    full = tmp_path / "full.jsonl"
    assert invoke("check", posts, "--index", index, "-o", full).exit_code == 0
    lines = full.read_text("utf-8").splitlines(keepends=True)
    write_partial(tmp_path / ".r.jsonl.partial-11", "".join(lines[:3]), index)
    write_partial(tmp_path / ".r.jsonl.partial-12", "".join(lines[:9]), index)
    out = tmp_path / "r.jsonl"
    resumed = invoke("check", posts, "--index", index, "-o", out, "--resume")
    assert resumed.exit_code == 0, resumed.output
    assert (f"resuming from {tmp_path / '.r.jsonl.partial-12'} (the fullest of 2): 9 results kept and"
            " checked against the inputs, checking from post 10 on") in resumed.stderr
    assert "it and 1 other partial file were removed" in resumed.stderr
    assert out.read_bytes() == full.read_bytes() and partials(tmp_path) == []


@pytest.mark.parametrize("case", ["other posts", "other order", "fewer posts", "other author"])
def test_a_partial_of_other_inputs_is_refused_and_left_alone(index: Path, posts: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    out = tmp_path / "r.jsonl"
    with monkeypatch.context() as patch:
        interrupt_after(patch, 6)
        assert invoke("check", posts, "--index", index, "-o", out).exit_code == 130
    [partial] = partials(tmp_path)
    kept = partial.read_bytes()
    rows = {"other posts": [dict(p, id=f"q{i}") for i, p in enumerate(POSTS)],
            "other order": POSTS[:3] + [POSTS[4], POSTS[3]] + POSTS[5:],
            "fewer posts": POSTS[:4],
            "other author": POSTS[:2] + [dict(POSTS[2], author="someone")] + POSTS[3:]}[case]
    other = write_jsonl(tmp_path / "other.jsonl", rows)
    refused = invoke("check", other, "--index", index, "-o", out, "--csv", tmp_path / "r.csv", "--resume")
    assert refused.exit_code == 1, refused.output
    error = refused.stderr.splitlines()[-1]
    expected = {
        "other posts": "its result 1 is of post 'p0' but the inputs' post 1 is 'q0' (other inputs, or in another order?)",
        "other order": "its result 4 is of post 'p3' but the inputs' post 4 is 'p4'",
        "fewer posts": "it holds 6 results but the inputs give only 4 posts",
        "other author": "its result 3 (post 'p2') has author 'acct2' where the input has 'someone'",
    }[case]
    assert error.startswith(f"Error: cannot resume from {partial}: {expected}"), error
    assert error.endswith("nothing was changed")
    assert partials(tmp_path) == [partial] and partial.read_bytes() == kept
    assert not out.exists() and not (tmp_path / "r.csv").exists()


@pytest.mark.parametrize(("line", "reason"), [
    ("not json at all\n", "not JSON"),
    ('{"status": "copy"}\n', "no 'post' object with an id"),
    ('[1, 2]\n', "not a JSON object"),
    ('{"post": {"id": "p0"}, "matches": [], "status": NaN}\n', "not JSON"),
    ("x" * 1_000_001 + "\n", "a line longer than 1,000,000 bytes"),
    ("\n", "not JSON"),
])
def test_a_partial_line_that_is_no_result_is_refused(index: Path, posts: Path, tmp_path: Path,
                                                     line: str, reason: str) -> None:
    full = tmp_path / "full.jsonl"
    assert invoke("check", posts, "--index", index, "-o", full).exit_code == 0
    good = full.read_text("utf-8").splitlines(keepends=True)
    partial = tmp_path / ".r.jsonl.partial-7"
    write_partial(partial, "".join(good[:2]) + line + good[2], index)
    refused = invoke("check", posts, "--index", index, "-o", tmp_path / "r.jsonl", "--resume")
    assert refused.exit_code == 1, refused.output
    assert refused.stderr.splitlines()[-1] == (
        f"Error: cannot resume from {partial}: line 3 is no result of `sourcetrace check` ({reason});"
        " nothing was changed (remove the file to start again)")
    assert partials(tmp_path) == [partial] and not (tmp_path / "r.jsonl").exists()


def test_an_edited_result_is_refused(index: Path, posts: Path, tmp_path: Path) -> None:
    """What is replayed into the CSV, HTML and SQLite outputs is what the kept line says."""
    full = tmp_path / "full.jsonl"
    assert invoke("check", posts, "--index", index, "-o", full).exit_code == 0
    rows = [json.loads(line) for line in full.read_text("utf-8").splitlines()[:3]]
    rows[1]["extra"] = "<script>"
    write_partial(tmp_path / ".r.jsonl.partial-7", "".join(json.dumps(r) + "\n" for r in rows), index)
    refused = invoke("check", posts, "--index", index, "-o", tmp_path / "r.jsonl", "--resume")
    assert refused.exit_code == 1
    assert "its result 2 (post 'p1') is not as this version of sourcetrace writes it" in refused.stderr


@pytest.mark.parametrize("output", [None, "-"])
def test_resume_needs_an_output_file(index: Path, posts: Path, output: str | None) -> None:
    result = invoke("check", posts, "--index", index, *(["-o", output] if output else []), "--resume")
    assert result.exit_code == 1
    assert result.stderr == ("Error: --resume needs -o FILE: only results written to a file can be continued"
                             " (stdout is none)\n")
    assert result.stdout == ""


def test_resume_without_a_partial_checks_every_post(index: Path, posts: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    result = invoke("check", posts, "--index", index, "-o", out, "--resume")
    assert result.exit_code == 0, result.output
    assert f"--resume: no partial results of {out} (no .r.jsonl.partial-* beside it); checking every post" \
        in result.stderr
    assert len(out.read_text("utf-8").splitlines()) == len(POSTS)


def test_a_partial_a_running_check_writes_is_not_taken(index: Path, posts: Path, tmp_path: Path) -> None:
    fcntl = pytest.importorskip("fcntl")
    full = tmp_path / "full.jsonl"
    assert invoke("check", posts, "--index", index, "-o", full).exit_code == 0
    partial = tmp_path / ".r.jsonl.partial-5"
    partial.write_bytes(full.read_bytes()[:2000])
    with partial.open("rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # as `check` holds the file it writes
        result = invoke("check", posts, "--index", index, "-o", tmp_path / "r.jsonl", "--resume")
        assert result.exit_code == 0, result.output
        # trial 109: it was said to be missing ("no .r.jsonl.partial-* beside it")
        assert (f"--resume: no partial results of {tmp_path / 'r.jsonl'} to continue ({partial} is being"
                " written by a running check); checking every post") in result.stderr
    assert partial.exists()


def test_resume_with_worker_processes(index: Path, posts: Path, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """--workers N gets only the posts after the kept ones, and the output is still in input order."""
    full = tmp_path / "full.jsonl"
    assert invoke("check", posts, "--index", index, "-o", full).exit_code == 0
    write_partial(tmp_path / ".r.jsonl.partial-3", "".join(full.read_text("utf-8").splitlines(keepends=True)[:9]), index)
    seen: list[str] = []
    real = checking._in_processes

    def in_processes(stack, path, encoder, top, keep_later, workers, posts: Iterable[Post]):  # type: ignore[no-untyped-def]
        def recorded() -> Iterator[Post]:
            for post in posts:
                seen.append(post.id)
                yield post
        return real(stack, path, encoder, top, keep_later, workers, recorded())
    monkeypatch.setattr(checking, "_in_processes", in_processes)
    out = tmp_path / "r.jsonl"
    resumed = invoke("check", posts, "--index", index, "-o", out, "--resume", "--workers", "2")
    assert resumed.exit_code == 0, resumed.output
    assert seen == [p["id"] for p in POSTS[9:]]
    assert out.read_bytes() == full.read_bytes() and partials(tmp_path) == []


def interrupted(index: Path, posts: Path, out: Path, monkeypatch: pytest.MonkeyPatch, n: int = 7,
                *more: object) -> tuple[Path, bytes, bytes]:
    """Interrupt a check after `n` results: its partial file, and its and its sidecar's bytes."""
    with monkeypatch.context() as patch:
        interrupt_after(patch, n)
        assert invoke("check", posts, "--index", index, "-o", out, *more).exit_code == 130
    [partial] = partials(out.parent)
    return partial, partial.read_bytes(), resume.meta_path(partial).read_bytes()


def test_a_kept_post_whose_text_changed_is_refused(index: Path, posts: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Trial 109: a re-exported file whose post 5 became a verbatim copy kept the stale result."""
    out = tmp_path / "r.jsonl"
    partial, kept, meta = interrupted(index, posts, out, monkeypatch)
    rows = POSTS[:4] + [dict(POSTS[4], text=ARTICLES[0]["text"])] + POSTS[5:]
    other = write_jsonl(tmp_path / "other.jsonl", rows)
    refused = invoke("check", other, "--index", index, "-o", out, "--csv", tmp_path / "r.csv", "--resume")
    assert refused.exit_code == 1, refused.output
    assert refused.stderr.splitlines()[-1] == (
        f"Error: cannot resume from {partial}: its result 5 (post 'p4') is of another text than the input's"
        " post (the inputs were edited or exported again?); nothing was changed (remove the file to start again)")
    assert "resuming from" not in refused.stderr  # said only once the kept lines are verified
    assert partial.read_bytes() == kept and resume.meta_path(partial).read_bytes() == meta
    assert not out.exists() and not (tmp_path / "r.csv").exists()


@pytest.mark.parametrize("case", ["other index", "--top", "--keep-later", "--encoder", "index and --top"])
def test_a_partial_of_another_index_or_options_is_refused(index: Path, posts: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    """Trial 109: resuming with another --index and --top 1 mixed the two runs."""
    out = tmp_path / "r.jsonl"
    partial, kept, meta = interrupted(index, posts, out, monkeypatch)
    second = tmp_path / "idx2"  # other articles (the same ones, built in the same second, are the same index)
    fewer = write_jsonl(tmp_path / "fewer.jsonl", ARTICLES[:-1])
    assert invoke("index", "build", fewer, "--index", second, "--encoder", "hash").exit_code == 0
    more = {"other index": ["--index", second], "--top": ["--index", index, "--top", 1],
            "--keep-later": ["--index", index, "--keep-later"],
            "--encoder": ["--index", index, "--encoder", "hash"],
            "index and --top": ["--index", second, "--top", 1]}[case]  # as trial 109 did
    refused = invoke("check", posts, *more, "-o", out, "--resume")
    assert refused.exit_code == 1, refused.output
    error = refused.stderr.splitlines()[-1]
    expected = {"other index": f"index (it was {index}, generation 1; now {second}, generation 1)",
                "--top": "--top (it was 3; now 1)", "--keep-later": "--keep-later (it was false; now true)",
                "--encoder": "--encoder (it was none; now hash)",
                "index and --top": f"index (it was {index}, generation 1; now {second}, generation 1);"
                                   " another --top (it was 3; now 1)"}[case]
    assert error == (f"Error: cannot resume from {partial}: it was checked with another {expected}; nothing was"
                     " changed (run the same command as the interrupted one, or remove the file to start again)")
    assert "resuming from" not in refused.stderr
    assert partial.read_bytes() == kept and resume.meta_path(partial).read_bytes() == meta
    assert not out.exists()


@pytest.mark.parametrize("sidecar", [None, "not json\n", "header only"])
def test_a_partial_that_cannot_be_verified_is_refused(index: Path, posts: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch, sidecar: str | None) -> None:
    """A partial without its sidecar (an earlier version's), or with one cut short, is refused: its
    results could be of another index, options or text, and nothing would say so."""
    out = tmp_path / "r.jsonl"
    partial, kept, meta = interrupted(index, posts, out, monkeypatch)
    if sidecar is None:
        resume.meta_path(partial).unlink()
        reason = f"it has no {partial.name}.meta beside it (written by an earlier version of sourcetrace?)"
    elif sidecar == "header only":  # fewer text hashes than kept lines
        resume.meta_path(partial).write_bytes(meta.splitlines(keepends=True)[0])
        reason = f"{partial.name}.meta holds no text hash for each kept result"
    else:
        resume.meta_path(partial).write_text(sidecar)
        reason = f"{partial.name}.meta is not as this version of sourcetrace writes it"
    refused = invoke("check", posts, "--index", index, "-o", out, "--resume")
    assert refused.exit_code == 1, refused.output
    error = refused.stderr.splitlines()[-1]
    assert error == (f"Error: cannot resume from {partial}: {reason}, so its results cannot be verified against"
                     " these inputs, index and options; nothing was changed (remove the file to start again)")
    assert partial.read_bytes() == kept and not out.exists()


def test_resume_with_the_same_options_given_again(index: Path, posts: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The options of the interrupted check given again: taken, and the sidecar removed with it."""
    full = tmp_path / "full.jsonl"
    assert invoke("check", posts, "--index", index, "-o", full, "--top", 1, "--keep-later").exit_code == 0
    out = tmp_path / "r.jsonl"
    interrupted(index, posts, out, monkeypatch, 5, "--top", 1, "--keep-later")
    resumed = invoke("check", posts, "--index", index, "-o", out, "--top", 1, "--keep-later", "--resume")
    assert resumed.exit_code == 0, resumed.output
    assert out.read_bytes() == full.read_bytes()
    assert partials(tmp_path) == [] and sidecars(tmp_path) == []


def test_resume_removes_the_temporary_files_a_killed_check_left(index: Path, posts: Path, tmp_path: Path) -> None:
    """Trial 109: after `kill -9` and a successful --resume, `.out.csv.partial-PID` and
    `.sourcetrace-run-*.db` were left behind. Those of the killed check's PID go; nothing else."""
    full = tmp_path / "full.jsonl"
    assert invoke("check", posts, "--index", index, "-o", full).exit_code == 0
    out, pid = tmp_path / "r.jsonl", "424242"  # the killed check's (not this process's: it would reuse the names)
    write_partial(tmp_path / f".r.jsonl.partial-{pid}-1", "".join(full.read_text("utf-8").splitlines(True)[:7]), index)
    left = [tmp_path / f".r.csv.partial-{pid}", tmp_path / f".r.html.partial-{pid}",
            tmp_path / f".sourcetrace-run-{pid}-ab_c1234.db"]  # as kill -9 leaves them
    others = [tmp_path / ".r.csv.partial-1", tmp_path / f".r.csv.partial-{pid}x",  # another check's, not one
              tmp_path / f".sourcetrace-run-{pid}-ab_c1234.db.bak", tmp_path / ".sourcetrace-run-1-ab_c1234.db",
              tmp_path / f".other.csv.partial-{pid}"]
    for path in left + others:
        path.write_text("x")
    resumed = invoke("check", posts, "--index", index, "-o", out, "--csv", tmp_path / "r.csv",
                     "--html", tmp_path / "r.html", "--sqlite", tmp_path / "r.db", "--resume")
    assert resumed.exit_code == 0, resumed.output
    assert "(not matched again); it was removed, with 3 temporary files of the other outputs it left" \
        in resumed.stderr
    assert not any(p.exists() for p in left)
    assert all(p.read_text() == "x" for p in others)
