"""`sourcetrace serve` loads the generation `index add` (or update, prune, build --replace) writes
while it runs (trial 110: /v1/query kept answering no_match for an added article the CLI found,
and /healthz said generation 2 with 3 on disk). Requests already running finish on the old
generation; a reload that fails keeps the old one served and says why (log, /healthz, /v1/index,
a header on every response); a reload passes the checks of a first load."""

from __future__ import annotations

import asyncio
import http.client
import json
import logging
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from sourcetrace import index as ix
from sourcetrace.records import Article, Post

from .conftest import ARTICLES, REPO

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from sourcetrace.serve import ServeConfig
from sourcetrace.serve.app import create_app
from sourcetrace.serve.service import Service

from .test_serve import free_port

BASE = "http://127.0.0.1:8000"
ADDED = ARTICLES[2]  # rt-3: not in the index the server starts with
ADDED_POST = {"text": ADDED["text"]}


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    path = tmp_path / "index"
    ix.build(path, [Article.from_dict(a) for a in ARTICLES[:2]], encoder="none")
    return path


@pytest.fixture
def service(index_dir: Path) -> Iterator[Service]:
    # reload_seconds=0: no watch thread; the tests call poll() when they mean to
    yield Service(ServeConfig(index=index_dir, reload_seconds=0))


def client_for(service: Service) -> TestClient:
    return TestClient(create_app(service), base_url=BASE)


def matched(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    return [m["article"]["id"] for m in response.json()["matches"]]


def add_article(index_dir: Path) -> None:
    ix.add(index_dir, [Article.from_dict(ADDED)])


def replace_manifest(index_dir: Path, text: str) -> None:
    """Swap in a manifest as a writer does (write beside it, rename over it)."""
    tmp = index_dir / "manifest.json.test.tmp"
    tmp.write_text(text, "utf-8")
    os.replace(tmp, index_dir / "manifest.json")


def test_an_added_article_is_served_after_the_reload(service: Service, index_dir: Path):
    with client_for(service) as c:
        assert matched(c.post("/v1/query", json=ADDED_POST)) == []
        assert c.get("/healthz").json()["generation"] == 1
        assert service.poll() is False  # nothing changed: nothing loaded
        add_article(index_dir)
        assert service.poll() is True
        response = c.post("/v1/query", json=ADDED_POST)
        assert matched(response) == ["rt-3"]
        assert response.headers["X-Sourcetrace-Generation"] == "2"
        assert "X-Sourcetrace-Index-Stale" not in response.headers
        health = c.get("/healthz").json()
        assert health == {"status": "ok", "encoder": "none", "generation": 2, "generation_on_disk": 2,
                          "reload_error": None}
        stats = c.get("/v1/index").json()
        assert stats["generation"] == 2 and stats["counts"]["articles"] == 3
        check = c.post("/v1/check", content=json.dumps({"id": "p", **ADDED_POST}) + "\n",
                       headers={"Content-Type": "application/x-ndjson"})
        assert check.headers["X-Sourcetrace-Generation"] == "2"
        assert json.loads(check.text.splitlines()[0])["matches"][0]["article"]["id"] == "rt-3"
        page = c.post("/", data={"text": ADDED["text"]})
        assert page.status_code == 200 and "rt-3" in page.text


def test_requests_running_finish_on_the_generation_they_began_on(service: Service, index_dir: Path):
    with client_for(service):
        old = service.acquire()  # a request that began before the write
        add_article(index_dir)
        assert service.poll() is True
        new = service.acquire()
        try:
            assert (old.generation, new.generation) == (1, 2)
            post = Post(text=ADDED["text"], id="p")
            # the old generation still answers (its store open, its matcher thread running)
            assert asyncio.run(old.scheduler.query(post, 30)).matches == []
            assert [m.article.id for m in asyncio.run(new.scheduler.query(post, 30)).matches] == ["rt-3"]
        finally:
            new.release()
            old.release()  # its last request ended: it is closed
        deadline = time.monotonic() + 30
        # closed, its matcher thread ended, and nothing holds its models any more
        while not old.closed or old.scheduler._thread.is_alive() or service._retiring:
            assert time.monotonic() < deadline, "the retired generation was not closed"
            time.sleep(0.02)
        assert not new.closed and new.scheduler._thread.is_alive()


def test_a_failed_reload_keeps_the_old_generation_and_says_why(service: Service, index_dir: Path,
                                                               caplog: pytest.LogCaptureFixture):
    good = (index_dir / "manifest.json").read_text("utf-8")
    with client_for(service) as c:
        replace_manifest(index_dir, "{not json")  # damaged (or not what a writer writes)
        with caplog.at_level(logging.WARNING, logger="sourcetrace.serve"):
            assert service.poll() is False
        assert "could not be loaded, serving generation 1" in caplog.text
        health = c.get("/healthz").json()
        assert health["status"] == "stale" and health["generation"] == 1
        assert "manifest" in health["reload_error"] and "serving generation 1" in health["reload_error"]
        response = c.post("/v1/query", json={"text": ARTICLES[0]["text"]})
        assert matched(response) == ["xinhua-1"]  # the old generation still answers
        assert "serving generation 1" in response.headers["X-Sourcetrace-Index-Stale"]
        assert "serving generation 1" in c.get("/healthz").headers["X-Sourcetrace-Index-Stale"]
        stats = c.get("/v1/index").json()
        assert stats["generation"] == 1 and "serving generation 1" in stats["reload_error"]
        # the same damage is not loaded again at every check (only after RETRY_SECONDS)
        caplog.clear()
        assert service.poll() is False and caplog.text == ""
        replace_manifest(index_dir, good)  # repaired: loaded, and the note is gone
        assert service.poll() is True
        assert c.get("/healthz").json()["reload_error"] is None
        response = c.post("/v1/query", json={"text": ARTICLES[0]["text"]})
        assert "X-Sourcetrace-Index-Stale" not in response.headers
        assert "reload_error" not in c.get("/v1/index").json()


def test_a_reload_passes_the_checks_of_a_first_load(service: Service, index_dir: Path):
    """The folder is untrusted: a generation it now holds is checked as the first one was."""
    manifest = json.loads((index_dir / "manifest.json").read_text("utf-8"))
    with client_for(service) as c:
        # a file named outside the folder
        forged = {**manifest, "files": {**manifest["files"], "store": "../elsewhere.sqlite"}}
        replace_manifest(index_dir, json.dumps(forged))
        assert service.poll() is False
        assert c.get("/healthz").json()["generation"] == 1
        assert service.reload_error
        # a generation built with another encoder: the server runs one set of models
        ix.build(index_dir, [Article.from_dict(a) for a in ARTICLES], encoder="hash", replace=True)
        assert service.poll() is False
        health = c.get("/healthz").json()
        assert health["generation"] == 1 and "restart the server" in health["reload_error"]
        assert matched(c.post("/v1/query", json=ADDED_POST)) == []


def test_the_server_watches_the_folder_on_its_own(index_dir: Path):
    service = Service(ServeConfig(index=index_dir, reload_seconds=0.1))
    with client_for(service) as c:
        assert c.get("/healthz").json()["generation"] == 1
        add_article(index_dir)
        deadline = time.monotonic() + 60
        while c.get("/healthz").json()["generation"] != 2:
            assert time.monotonic() < deadline, "the new generation was not loaded"
            time.sleep(0.05)
        assert matched(c.post("/v1/query", json=ADDED_POST)) == ["rt-3"]
    assert service.current.closed  # the server's end closes what it serves


def test_healthz_needs_no_token_so_it_gives_no_reason(index_dir: Path):
    token = "s3cret-token-for-tests-0123456789"
    service = Service(ServeConfig(index=index_dir, token=token, reload_seconds=0))
    with client_for(service) as c:
        replace_manifest(index_dir, "{not json")
        assert service.poll() is False
        health = c.get("/healthz")
        assert health.json()["reload_error"] == ("the index on disk could not be loaded, serving generation 1"
                                                 " (the server's log says why)")
        assert "manifest" not in health.headers["X-Sourcetrace-Index-Stale"]
        stats = c.get("/v1/index", headers={"Authorization": f"Bearer {token}"})
        assert "manifest" in stats.json()["reload_error"] and "manifest" in stats.headers["X-Sourcetrace-Index-Stale"]


def test_the_serve_command_reloads_while_a_check_streams(tmp_path: Path):
    """The real command: a check begun before `index add` streams to its end from the old
    generation (its posts copy the added article: none matches), a query after it finds it."""
    index = tmp_path / "idx"
    ix.build(index, [Article.from_dict(a) for a in ARTICLES[:2]], encoder="none")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    env.pop("SOURCETRACE_TOKEN", None)
    port = free_port()
    command = [sys.executable, "-c", "from sourcetrace.cli.main import run; run()", "serve", "--index",
               str(index), "--port", str(port), "--reload-check", "0.2"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"

    def health() -> dict:
        with urllib.request.urlopen(f"{base}/healthz", timeout=10) as r:
            return json.loads(r.read())

    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                assert health()["generation"] == 1
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, server.stderr.read().decode()  # type: ignore[union-attr]
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.3)
        # enough posts that their results outgrow the socket's buffers: the check waits for us
        body = "".join(json.dumps({"id": f"p{i}", "text": ADDED["text"]}) + "\n" for i in range(4000))
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("POST", "/v1/check", body=body.encode(),
                           headers={"Content-Type": "application/x-ndjson"})
        check = connection.getresponse()
        assert check.status == 200 and check.getheader("X-Sourcetrace-Generation") == "1"
        first = json.loads(check.readline())
        add_article(index)
        deadline = time.monotonic() + 60
        while health()["generation"] != 2:
            assert time.monotonic() < deadline, "the new generation was not loaded"
            time.sleep(0.1)
        request = urllib.request.Request(f"{base}/v1/query", method="POST", data=json.dumps(ADDED_POST).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as r:
            assert r.headers["X-Sourcetrace-Generation"] == "2"
            assert json.loads(r.read())["matches"][0]["article"]["id"] == "rt-3"
        rest = [json.loads(line) for line in check.read().splitlines()]
        connection.close()
        assert [r["post"]["id"] for r in [first, *rest]] == [f"p{i}" for i in range(4000)]
        assert all(r["matches"] == [] for r in [first, *rest])  # generation 1 to the end
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        stderr = server.stderr.read().decode() if server.stderr is not None else ""
        if server.stderr is not None:
            server.stderr.close()
    assert "serving generation 2" in stderr
