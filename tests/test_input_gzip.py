"""gzip input wherever it comes from: a file named *.gz, stdin, a pipe. A stream has no name to say
it is gzip, so its first bytes say it, and it is read as the file is, with the same bounds."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from sourcetrace.cli.main import app
from sourcetrace.errors import InputError
from sourcetrace.readers import Problem, read_articles, read_posts

from .conftest import ARTICLES, fifo

GOOD_LINE = json.dumps({"text": ARTICLES[1]["text"]})


def _long_line() -> bytes:
    from sourcetrace.readers.lines import MAX_LINE_BYTES

    return json.dumps({"text": "x" * (MAX_LINE_BYTES + 10)}).encode()


OUTBOX = Path(__file__).parent / "fixtures" / "mastodon" / "outbox.json"
# What gzip on stdin must be read as, the same bytes named *.gz are: lines, a line over the limit,
# a document, one cut short
GZIPPED_INPUTS = {
    "lines": gzip.compress((GOOD_LINE + "\n").encode() * 3),
    "line over the limit": gzip.compress(GOOD_LINE.encode() + b"\n" + _long_line() + b"\n" + GOOD_LINE.encode()),
    "outbox": gzip.compress(OUTBOX.read_bytes()),
    "cut short": gzip.compress(b"".join(json.dumps({"text": f"post {i} " + "y" * 80}).encode() + b"\n"
                                        for i in range(4000)))[:6000],
}


@pytest.mark.parametrize("kind", list(GZIPPED_INPUTS))
@pytest.mark.parametrize("buffered", [True, False])
def test_gzip_on_stdin_is_read_as_a_gz_file_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str,
                                               buffered: bool) -> None:
    """`gzip -c posts.jsonl | sourcetrace check -` was refused as binary data while posts.jsonl.gz
    was read: stdin has no name to say it is gzip, so its first bytes say it. It is then read as the
    file is, with the same bounds (a line over MAX_LINE_BYTES skipped, a stream cut short said once,
    after its complete lines). `buffered`: a pipe's stream shows its first bytes (peek); another
    (CliRunner's) is read and sought back."""
    data = GZIPPED_INPUTS[kind]
    path = tmp_path / "posts.gz"
    path.write_bytes(data)
    from_file: list[Problem] = []
    expected = [(p.id.replace("posts:", ""), p.text) for p in read_posts([path], from_file.append)]
    stdin = io.BufferedReader(io.BytesIO(data)) if buffered else io.BytesIO(data)  # type: ignore[arg-type]
    monkeypatch.setattr("sys.stdin", SimpleNamespace(buffer=stdin))
    from_stdin: list[Problem] = []
    assert [(p.id.replace("stdin:", ""), p.text) for p in read_posts(["-"], from_stdin.append)] == expected
    assert expected or kind == "cut short"
    assert [(p.line, p.reason, p.kind) for p in from_stdin] == [(p.line, p.reason, p.kind) for p in from_file]
    if kind == "line over the limit":
        assert [p.reason for p in from_stdin if p.kind == "skipped"] == ["line longer than 1,000,000 bytes"]


def test_gzip_on_stdin_as_articles_reports_and_through_check(small_index: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    articles = gzip.compress(b"".join(json.dumps(a).encode() + b"\n" for a in ARTICLES[:2]))
    monkeypatch.setattr("sys.stdin", SimpleNamespace(buffer=io.BufferedReader(io.BytesIO(articles))))
    assert [a.id for a in read_articles(["-"], lambda problem: None)] == [a["id"] for a in ARTICLES[:2]]
    monkeypatch.undo()
    runner = CliRunner()
    posts = gzip.compress((json.dumps({"id": "p1", "text": ARTICLES[1]["text"]}) + "\n").encode())
    result = runner.invoke(app, ["check", "-", "--index", str(small_index), "-q"], input=posts)
    assert result.exit_code == 0, result.output
    (row,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert row["post"]["id"] == "p1" and row["status"] == "copy" and result.stderr == ""
    report = gzip.compress(result.stdout.encode())
    result = runner.invoke(app, ["index", "build", "-", "--index", str(tmp_path / "idx"), "--encoder", "none"],
                           input=articles)
    assert result.exit_code == 0 and "indexed 2 articles" in result.stderr, result.output
    # `accounts` reads its report twice with --posts: stdin is copied first, gzip as it came
    plain = tmp_path / "posts.jsonl"
    plain.write_bytes(gzip.decompress(posts))
    result = runner.invoke(app, ["accounts", "-", "--posts", str(plain), "--json"], input=report)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["accounts"][0]["copies"] == 1

@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="named pipes need POSIX")
def test_a_named_pipe_of_gzip_is_read_as_stdin_is(tmp_path: Path) -> None:
    """`check <(cat posts.jsonl.gz)`: the pipe's name (/dev/fd/63) says nothing, its bytes do."""
    path, writer = fifo(tmp_path, "63", gzip.compress((GOOD_LINE + "\n").encode() * 2))
    problems: list[Problem] = []
    assert [p.text for p in read_posts([path], problems.append)] == [ARTICLES[1]["text"]] * 2
    assert problems == []
    writer.join(5)


def test_gzip_inside_a_gz_file_is_not_told_to_be_named_gz(tmp_path: Path) -> None:
    """A file already named *.gz whose gzip holds gzip again was told "name the file *.gz" (trial
    24); in a folder, a .gz file of no inner extension was a "no-extension file"."""
    path = tmp_path / "double.gz"
    path.write_bytes(gzip.compress(gzip.compress((GOOD_LINE + "\n").encode())))
    with pytest.raises(InputError) as info:
        list(read_posts([path], lambda _: None))
    assert "gzip data inside the gzip" in str(info.value) and "*.gz" not in str(info.value)
    (tmp_path / "posts.jsonl").write_text(GOOD_LINE + "\n")
    problems: list[Problem] = []
    assert len(list(read_posts([tmp_path], problems.append))) == 1
    (folder,) = [p.reason for p in problems if p.kind == "note"]
    assert folder.endswith("not read: 1 .gz file (double.gz)"), folder
