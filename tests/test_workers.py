"""`check --workers N`: local worker processes give the output of one process, in input order.

The workers learn the tests' `hash` encoder by importing tests.conftest (sourcetrace.workers
sends the module of every non-built-in encoder the index uses).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sourcetrace import encoders, workers
from sourcetrace import index as ix
from sourcetrace.cli.main import app
from sourcetrace.errors import IndexFolderError
from sourcetrace.records import Article, Post
from tests.conftest import ARTICLES, HashEncoder

KILL_MARK = "KILL-THIS-WORKER"


class DyingHashEncoder(HashEncoder):
    """`hash` that kills its own process on a marked post (a worker that dies)."""

    name = "dyinghash"

    def encode(self, texts, kind="passage"):  # type: ignore[no-untyped-def]
        if any(KILL_MARK in t for t in texts):
            os._exit(1)
        return super().encode(texts, kind)


encoders.register("dyinghash", DyingHashEncoder)
runner = CliRunner()


def _posts(n: int) -> list[dict]:
    """Copies, cut-down copies, credited copies and non-copies of the fixture articles."""
    sentences = [s.strip() + "." for a in ARTICLES for s in a["text"].replace("\n", " ").split(".") if s.strip()]
    rows = []
    for i in range(n):
        s = sentences[i % len(sentences)]
        kind = i % 4
        text = (s if kind == 0 else s[: max(30, len(s) // 2)] if kind == 1
                else f"via @xinhua {s}" if kind == 2 else f"Lunch today was great, number {i}.")
        rows.append({"id": f"p{i:05d}", "author": f"acct{i % 7}", "platform": "x",
                     "created_at": "2024-05-01T00:00:00Z", "text": text})
    return rows


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("workers")
    ix.build(root / "index", [Article.from_dict(a) for a in ARTICLES], encoder="hash")
    rows = _posts(600)
    lines = [json.dumps(r) + "\n" for r in rows]
    lines.insert(300, '{"id": "bad"}\n')  # skipped and counted the same way on both paths
    (root / "posts.jsonl").write_text("".join(lines))
    return root


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stderr if hasattr(result, "stderr") else result.output


def test_workers_give_the_output_of_one_process(work: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "CHUNK_POSTS", 128)  # several chunks, several in flight
    posts, index = str(work / "posts.jsonl"), str(work / "index")
    summaries = {}
    for mode, extra in (("one", []), ("two", ["--workers", "2"])):
        code, err = _run("check", posts, "--index", index, "-o", str(tmp_path / f"{mode}.jsonl"),
                         "--csv", str(tmp_path / f"{mode}.csv"), *extra)
        assert code == 0, err
        summaries[mode] = [line.replace(f"{mode}.", "OUT.") for line in err.splitlines()
                           if "posts/s" not in line and "per post" not in line]
    one = (tmp_path / "one.jsonl").read_bytes()
    assert one == (tmp_path / "two.jsonl").read_bytes()
    ids = [json.loads(line)["post"]["id"] for line in one.splitlines()]
    assert ids == [f"p{i:05d}" for i in range(600)]
    assert sum(json.loads(line)["status"] == "copy" for line in one.splitlines()) > 300
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()
    assert summaries["one"] == summaries["two"]
    assert any("1 bad record skipped" in line for line in summaries["two"])


def test_results_come_back_in_input_order_with_the_drivers_posts(work: Path) -> None:
    generation = ix.read_manifest(work / "index")["generation"]
    posts = [Post.from_dict(r) for r in _posts(300)]
    results = list(workers.check_results(work / "index", generation, iter(posts), workers=2,
                                         encoder=None, encoder_names=["hash"], chunk=64))
    assert [r.post.id for r in results] == [p.id for p in posts]
    assert all(r.post.text == p.text for r, p in zip(results, posts))


def test_a_worker_error_is_one_line(work: Path, tmp_path: Path) -> None:
    posts = tmp_path / "p.jsonl"
    posts.write_text(json.dumps({"text": "a post about nothing in particular at all"}) + "\n")
    generation = ix.read_manifest(work / "index")["generation"]
    stale = workers.check_results(work / "index", generation + 1, [Post("some text to check here")],
                                  workers=2, encoder=None, encoder_names=["hash"])
    with pytest.raises(IndexFolderError, match="changed during the check"):
        list(stale)
    code, err = _run("check", str(posts), "--index", str(work / "index"), "--workers", "2",
                     "--cluster", "local")
    assert code == 1 and err.strip() == "Error: use either --cluster or --workers, not both", err


def test_a_dead_worker_stops_the_check_in_one_line(tmp_path: Path) -> None:
    ix.build(tmp_path / "index", [Article.from_dict(a) for a in ARTICLES], encoder="dyinghash")
    posts = tmp_path / "p.jsonl"
    posts.write_text("".join(json.dumps({"text": f"post {i} {KILL_MARK if i == 70 else ''} here"}) + "\n"
                             for i in range(100)))
    out = tmp_path / "out.jsonl"
    code, err = _run("check", str(posts), "--index", str(tmp_path / "index"), "--workers", "2",
                     "-o", str(out))
    assert code == 1, err
    assert err.strip().startswith("Error: a worker process died checking posts") and "\n" not in err.strip()
    assert not out.exists()
