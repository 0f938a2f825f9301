"""`--cluster`: checks and index encoding on a local Dask cluster of 2 worker processes.

One cluster serves the whole module. Workers learn the tests' encoders by importing this module
(sourcetrace.cluster sends the module of every non-built-in encoder the index uses).
"""

from __future__ import annotations

import json
import os
import re
import signal
import time
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("distributed")

import dask
from typer.testing import CliRunner

from sourcetrace import cluster as sc
from sourcetrace import encoders
from sourcetrace import index as ix
from sourcetrace.cli.main import app
from sourcetrace.records import Article, Post
from tests.conftest import ARTICLES, HashEncoder, write_jsonl

KILL_MARK = "KILL-THIS-WORKER"


class SlowHashEncoder(HashEncoder):
    """`hash` that takes a little time per call (so a job is still running when a test kills a
    worker) and kills its own process on a marked post (a task that can never succeed)."""

    name = "slowhash"

    def encode(self, texts, kind="passage"):  # type: ignore[no-untyped-def]
        if any(KILL_MARK in t for t in texts):
            os._exit(1)
        time.sleep(0.02)
        return super().encode(texts, kind)


encoders.register("slowhash", SlowHashEncoder)

runner = CliRunner()


def _posts(n: int, every: int = 4) -> list[dict]:
    """Copies, cut-down copies and non-copies of the fixture articles, in a fixed order (3 in
    every `every` posts are copies, the others are not)."""
    sentences = [s.strip() + "." for a in ARTICLES for s in a["text"].replace("\n", " ").split(".") if s.strip()]
    rows = []
    for i in range(n):
        s = sentences[i % len(sentences)]
        kind = min(i % every, 3)
        text = (s if kind == 0 else s[: max(30, len(s) // 2)] if kind == 1
                else f"via @xinhua {s}" if kind == 2 else f"Lunch today was great, number {i}.")
        rows.append({"id": f"p{i:05d}", "author": f"acct{i % 7}", "platform": "x",
                     "created_at": "2024-05-01T00:00:00Z", "text": text})
    return rows


@pytest.fixture(scope="module")
def client():
    # A task may lose its worker once and still finish; twice means it is the culprit.
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}), sc.connect("local:2") as c:
        yield c


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cluster")
    ix.build(root / "index", [Article.from_dict(a) for a in ARTICLES], encoder="hash")
    rows = _posts(1000)
    rows.insert(700, {"id": "bad"})  # a bad record: skipped and counted the same way on both paths
    path = root / "posts.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" if "text" in r else '{"id": "bad"}\n' for r in rows))
    return root


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stderr if hasattr(result, "stderr") else result.output


def _stable_html(path: Path) -> str:
    """The report without what differs between any two runs (time of day, seconds taken)."""
    text = path.read_text("utf-8")
    text = re.sub(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d)?(\+00:00| UTC)?", "TIME", text)
    return re.sub(r"\(\d+\.\d+s\)", "(SECONDS)", text)


def test_check_on_cluster_is_identical_to_one_process(client, work: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sc, "PARTITION_POSTS", 128)  # several partitions, several in flight
    posts, index = str(work / "posts.jsonl"), str(work / "index")
    outs = {}
    for mode, extra in (("one", []), ("cluster", ["--cluster", client.scheduler.address])):
        code, err = _run("check", posts, "--index", index, "-o", str(tmp_path / f"{mode}.jsonl"),
                         "--csv", str(tmp_path / f"{mode}.csv"), "--html", str(tmp_path / f"{mode}.html"),
                         *extra)
        assert code == 0, err
        outs[mode] = [line.replace(f"{mode}.", "OUT.") for line in err.splitlines() if "posts/s" not in line and "per post" not in line]
    one, many = (tmp_path / "one.jsonl").read_bytes(), (tmp_path / "cluster.jsonl").read_bytes()
    assert one == many
    assert len(one.splitlines()) == 1000
    ids = [json.loads(line)["post"]["id"] for line in one.splitlines()]
    assert ids == [f"p{i:05d}" for i in range(1000)]
    assert sum(json.loads(line)["status"] == "copy" for line in one.splitlines()) > 500
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "cluster.csv").read_bytes()
    assert _stable_html(tmp_path / "one.html") == _stable_html(tmp_path / "cluster.html")
    assert outs["one"] == outs["cluster"]  # the same summary, bad record included
    assert any("1 bad record skipped" in line for line in outs["cluster"])
    assert not list(tmp_path.glob(".*partial*"))


def test_each_worker_opens_the_index_once(client, work: Path) -> None:
    path = str((work / "index").resolve())
    generation = ix.read_manifest(work / "index")["generation"]
    posts = [Post.from_dict(r) for r in _posts(800)]
    for _ in range(2):
        got = list(sc.check_posts(client, work / "index", generation, posts, encoder=None,
                                  encoder_names=["hash"], partition=64))
        assert [p.id for p, _ in got] == [p.id for p in posts]
    opened = client.run(lambda dask_worker=None: sc.OPENED.get(path, 0))
    assert len(opened) == 2
    assert all(n <= 1 for n in opened.values()) and sum(opened.values()) >= 1


def test_index_build_and_add_encode_on_workers(client, work: Path, tmp_path: Path) -> None:
    first, rest = [Article.from_dict(a) for a in ARTICLES[:1]], [Article.from_dict(a) for a in ARTICLES[1:]]
    pool = sc.DaskEncodePool(client, texts_per_task=64)
    ix.build(tmp_path / "remote", first, encoder="hash", pool=pool)
    ix.add(tmp_path / "remote", rest, pool=pool)
    remote, local = ix.Index.open(tmp_path / "remote"), ix.Index.open(work / "index")
    assert remote.manifest["counts"] == local.manifest["counts"]
    assert np.array_equal(np.asarray(remote.vectors["hash"]), np.asarray(local.vectors["hash"]))
    assert ix.verify(tmp_path / "remote").ok
    # the CLI path, with an encoder error coming back from a worker as one line
    articles = write_jsonl(tmp_path / "a.jsonl", ARTICLES)
    code, err = _run("index", "build", str(articles), "--index", str(tmp_path / "cli"), "--encoder", "hash",
                     "--cluster", client.scheduler.address, "--quiet")
    assert code == 0, err
    assert ix.Index.open(tmp_path / "cli").manifest["counts"]["passages"] == local.manifest["counts"]["passages"]
    code, err = _run("index", "build", str(articles), "--index", str(tmp_path / "bad"), "--encoder", "nope",
                     "--cluster", client.scheduler.address)
    assert code == 1 and "Unknown encoder: nope" in err and "Traceback" not in err
    assert not (tmp_path / "bad" / "manifest.json").exists()


# How long a test waits for the nannies to bring killed workers back: a restart imports the
# worker's modules again, which took over 30 s on a loaded 2-core machine (trial 23's
# WorkerStartTimeoutError "Only 1/2 workers arrived after 30"); the tests assert what the job
# did, not how fast the cluster heals.
RESTART_TIMEOUT_S = 300


@pytest.fixture(scope="module")
def slow_index(work: Path) -> Path:
    path = work / "slow-index"
    ix.build(path, [Article.from_dict(a) for a in ARTICLES], encoder="slowhash")
    return path


def test_killed_worker_loses_and_duplicates_nothing(client, slow_index: Path) -> None:
    posts = [Post.from_dict(r) for r in _posts(2000, every=16)]
    generation = ix.read_manifest(slow_index)["generation"]
    expected = [json.dumps(r, ensure_ascii=False) for r in _single(slow_index, posts)]
    before = client.run(os.getpid)
    got, killed = [], None
    for post, data in sc.check_posts(client, slow_index, generation, posts, encoder=None,
                                     encoder_names=["slowhash"], partition=128, in_flight=6):
        got.append((post.id, json.dumps(data, ensure_ascii=False)))
        if killed is None:
            busy = [w for w, keys in client.processing().items() if keys and w in before]
            assert busy, "nothing running to kill"
            killed = before[busy[0]]
            os.kill(killed, signal.SIGKILL)  # mid-job: this worker is running a partition
    assert [i for i, _ in got] == [p.id for p in posts]  # none lost, none twice, in order
    assert [line for _, line in got] == expected
    client.wait_for_workers(2, timeout=RESTART_TIMEOUT_S)
    assert killed not in client.run(os.getpid).values()  # the nanny started a new process


def _single(index: Path, posts: list[Post]) -> list[dict]:
    from sourcetrace import pipeline

    matcher = pipeline.open_matcher(index)
    try:
        return [r.to_dict() for r in matcher.check_many(posts)]
    finally:
        matcher.index.close()


def test_job_that_keeps_killing_workers_fails_cleanly(client, slow_index: Path, tmp_path: Path) -> None:
    rows = _posts(300)
    rows[200]["text"] += " " + KILL_MARK
    posts = write_jsonl(tmp_path / "posts.jsonl", rows)
    out, csv, html = tmp_path / "out.jsonl", tmp_path / "out.csv", tmp_path / "out.html"
    code, err = _run("check", str(posts), "--index", str(slow_index), "-o", str(out), "--csv", str(csv),
                     "--html", str(html), "--cluster", client.scheduler.address)
    assert code == 1
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines[-1].startswith("Error: partition 0 (posts 1-300) failed: workers died"), err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["posts.jsonl"]  # no output, no partials
    # the next test needs a worker; whether the nannies bring both killed workers back is dask's
    # business (trial 32, a loaded 2-core machine: "Only 1/2 workers arrived after 300" once the
    # job had failed as it should; the restart itself is asserted by the test above)
    client.wait_for_workers(1, timeout=RESTART_TIMEOUT_S)


def test_bad_addresses_are_one_line(tmp_path: Path, work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sc, "CONNECT_TIMEOUT_S", 2.0)
    posts, index = str(work / "posts.jsonl"), str(work / "index")
    started = time.monotonic()
    code, err = _run("check", posts, "--index", index, "--cluster", "tcp://127.0.0.1:9")
    assert code == 1 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err, err
    assert time.monotonic() - started < 30
    for bad in ("local:0", "local:x", "tcp://nohostport", "http://x:1"):
        code, err = _run("check", posts, "--index", index, "--cluster", bad)
        assert code == 1 and err.strip().startswith("Error: --cluster"), (bad, err)
    assert sc.parse_address("10.0.0.5:8786") == ("tcp://10.0.0.5:8786", None)
    assert sc.parse_address("local") == ("local", 2)


def test_index_folder_a_worker_cannot_see_is_one_line(client, tmp_path: Path) -> None:
    future = client.submit(sc.check_partition, str(tmp_path / "nowhere"), 1, None, 3, [], [],
                           pure=False, retries=0)
    with pytest.raises(sc.ClusterError, match=r"worker on .*: no index at .*same path"):
        sc._take(future, "partition 0")


def test_a_post_reaches_the_workers_whole() -> None:
    from dataclasses import asdict

    from sourcetrace.records import Credit

    post = Post(text="t", id="1", lang="es", credits=(Credit("link", "https://news.cn/1", "a.href", "Source"),),
                extra={"k": 1})
    shipped = sc._post(asdict(post))
    assert shipped == post and shipped.credits == post.credits and shipped.extra == post.extra
