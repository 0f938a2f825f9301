"""`sourcetrace serve`: the API answers as the CLI does, and every limit and guard holds (issue 18
point 1). In process with FastAPI's TestClient over the tiny hash-encoder index; one test starts
the real command on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sourcetrace import index as ix
from sourcetrace.cli.main import app as cli
from sourcetrace.errors import IndexFolderError, InputError
from sourcetrace.records import Article, Post
from sourcetrace.results import Result

from .conftest import ARTICLES, REPO, write_jsonl

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from sourcetrace.serve import ServeConfig, check_bind
from sourcetrace.serve.app import create_app
from sourcetrace.serve.scheduler import CHECK_CHUNK, Busy, Scheduler, TimeLimit
from sourcetrace.serve.service import Service

runner = CliRunner()
BASE = "http://127.0.0.1:8000"
EXPO = ARTICLES[0]["text"].split("\n")[1].split(". ")[0] + "."
POSTS = [{"id": f"p{i}", "author": f"a{i % 3}", "text": EXPO if i % 2 else f"Nothing copied here {i}."}
         for i in range(12)]
TOKEN = "s3cret-token-for-tests-0123456789"


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "index"
    ix.build(path, [Article.from_dict(a) for a in ARTICLES], encoder="hash")
    return path


@pytest.fixture(scope="module")
def matcher(index_dir: Path) -> Iterator[Any]:
    from sourcetrace import pipeline

    opened = pipeline.open_matcher(index_dir)
    pipeline.warm_up(opened)
    yield opened
    opened.index.close()


@pytest.fixture(scope="module")
def client(index_dir: Path, matcher: Any) -> Iterator[TestClient]:
    with client_for(ServeConfig(index=index_dir, max_bytes=100_000), matcher) as c:
        yield c


def client_for(config: ServeConfig, matcher: Any) -> TestClient:
    return TestClient(create_app(Service(config, matcher)), base_url=BASE)


def cli_out(*args: Any) -> str:
    result = runner.invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.stdout


# ---- the same answers as the CLI -----------------------------------------------------------

def test_query_index_and_health_answer_as_the_cli(client: TestClient, index_dir: Path):
    response = client.post("/v1/query", json={"text": EXPO})
    assert response.status_code == 200
    assert response.text == cli_out("query", EXPO, "--index", index_dir, "--json").rstrip("\n")
    assert response.json()["matches"][0]["article"]["id"] == "xinhua-1"
    stats = client.get("/v1/index").json()
    assert stats == json.loads(cli_out("index", "stats", "--index", index_dir, "--json"))
    assert client.get("/healthz").json() == {"status": "ok", "encoder": "hash", "generation": stats["generation"],
                                             "generation_on_disk": stats["generation"], "reload_error": None}


def test_check_streams_the_cli_output_in_input_order(client: TestClient, index_dir: Path, tmp_path: Path):
    posts = write_jsonl(tmp_path / "posts.jsonl", POSTS)
    body = posts.read_bytes() + b"not json\n"
    response = client.post("/v1/check", content=body, headers={"Content-Type": "application/x-ndjson"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/x-ndjson"
    assert response.text == cli_out("check", posts, "--index", index_dir, "-q")
    assert [json.loads(line)["post"]["id"] for line in response.text.splitlines()] == [p["id"] for p in POSTS]
    assert response.headers["x-sourcetrace-posts"] == "12" and response.headers["x-sourcetrace-skipped"] == "1"
    assert json.loads(response.headers["x-sourcetrace-problems"]) == [
        "body:13: invalid JSON (Expecting value at column 1) — skipped"]


def test_check_counts_problems_by_kind_as_the_cli(client: TestClient, index_dir: Path, tmp_path: Path):
    # a trial saw every problem counted and worded as a skip: 9 "skipped" where the CLI said 5
    # skipped and 4 kept (a field of the wrong type, or a 'lang' that is no tag, is left blank)
    posts = write_jsonl(tmp_path / "posts.jsonl", [
        {"id": "a", "text": EXPO, "author": {"username": "bob"}},
        {"id": "b", "text": 12345},
        {"id": "c", "text": EXPO, "lang": "zz"},
        {"id": "d", "text": "Nothing copied here.", "created_at": True},
    ])
    posts.write_text(posts.read_text("utf-8") + "[1, 2]\n", "utf-8")
    response = client.post("/v1/check", content=posts.read_bytes(),
                           headers={"Content-Type": "application/x-ndjson"})
    assert response.status_code == 200
    assert {k: response.headers[f"x-sourcetrace-{k}"] for k in ("posts", "skipped", "warnings", "no-text")} == {
        "posts": "3", "skipped": "2", "warnings": "3", "no-text": "0"}
    problems = json.loads(response.headers["x-sourcetrace-problems"])
    assert problems == [
        "body:1: 'author' must be a string, got dict: left blank — kept",
        "body:2: 'text' must be a string, got int — skipped",
        "body:3: 'lang' 'zz' is no language tag: left blank — kept",
        "body:4: 'created_at': a date must be a string or a number, got bool: left blank — kept",
        "body:5: not a JSON object (got array) — skipped",
    ]
    rows = [json.loads(line) for line in response.text.splitlines()]
    assert [r["post"]["id"] for r in rows] == ["a", "c", "d"] and rows[1]["post"]["lang"] == "en"  # detected
    result = runner.invoke(cli, ["check", str(posts), "--index", str(index_dir)])
    assert result.exit_code == 0 and result.stdout == response.text
    said = result.stderr.replace(str(posts), "body").splitlines()
    assert said[:5] == problems
    assert "2 bad records skipped (see lines above)" in said
    assert "3 records checked with a field blanked or repaired (see lines above)" in said


def test_a_body_of_bad_records_is_refused_as_the_cli_refuses_it(client: TestClient, index_dir: Path,
                                                                tmp_path: Path):
    bad = tmp_path / "posts.jsonl"
    bad.write_bytes(b'{"text": 5}\n[1]\n')
    result = runner.invoke(cli, ["check", str(bad), "--index", str(index_dir)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == ("Error: no post could be checked: 2 bad records skipped (see the"
                                              " lines above); no output written")
    response = client.post("/v1/check", content=bad.read_bytes(), headers={"Content-Type": "application/x-ndjson"})
    assert response.status_code == 400
    assert response.json() == {"error": "no post could be checked: 2 bad records skipped (see X-Sourcetrace-Problems)"}
    assert response.headers["x-sourcetrace-skipped"] == "2" and len(json.loads(response.headers["x-sourcetrace-problems"])) == 2
    # records kept with a warning are checked: not refused
    kept = client.post("/v1/check", content=b'{"text": 5}\n{"text": "Nothing here.", "lang": "zz"}\n')
    assert kept.status_code == 200 and len(kept.text.splitlines()) == 1


def test_the_page_counts_problems_by_kind(client: TestClient):
    body = b'{"text": "Nothing copied here.", "lang": "zz"}\n{"text": 5}\n'
    page = client.post("/", files={"file": ("posts.jsonl", body, "application/x-ndjson")}).text
    assert "<summary>1 bad record skipped; 1 record checked with a field blanked or repaired</summary>" in page
    assert "posts.jsonl:1: &#x27;lang&#x27; &#x27;zz&#x27; is no language tag: left blank — kept" in page


def test_check_takes_a_file_in_any_format(client: TestClient):
    csv_body = "body,who\n" + "".join(f'"{p["text"]}",{p["author"]}\n' for p in POSTS[:4])
    response = client.post("/v1/check?text_col=body&author_col=who",
                           files={"file": ("dump.csv", csv_body.encode(), "text/csv")})
    rows = [json.loads(line) for line in response.text.splitlines()]
    assert response.status_code == 200 and len(rows) == 4
    assert rows[1]["post"]["author"] == "a1" and rows[1]["matches"]
    assert rows[0]["post"]["id"] == "dump:2"  # as `check dump.csv` names posts without an id
    telegram = {"name": "chan", "type": "public_channel", "messages": [
        {"id": 7, "type": "message", "date": "2024-03-02T10:00:00", "text": EXPO}]}
    response = client.post("/v1/check", files={"file": ("result.json", json.dumps(telegram).encode())})
    assert response.status_code == 200 and json.loads(response.text)["matches"]


def test_check_reads_day_first_dates_when_asked(client: TestClient):
    """Trial 12: /v1/check took no dayfirst, and its problems told API users to "pass --dayfirst"."""
    body = "body,date\n" + "".join(f'"{p["text"]}",0{i + 1}/11/2021\n' for i, p in enumerate(POSTS[:3]))
    month = client.post("/v1/check?text_col=body&time_col=date", files={"file": ("d.csv", body.encode(), "text/csv")})
    assert [json.loads(line)["post"]["created_at"][:10] for line in month.text.splitlines()] == [
        "2021-01-11", "2021-02-11", "2021-03-11"]
    problems = json.loads(month.headers["X-Sourcetrace-Problems"])
    assert any("?dayfirst=true" in p for p in problems) and not any("--dayfirst" in p for p in problems)
    day = client.post("/v1/check?text_col=body&time_col=date&dayfirst=true",
                      files={"file": ("d.csv", body.encode(), "text/csv")})
    assert [json.loads(line)["post"]["created_at"][:10] for line in day.text.splitlines()] == [
        "2021-11-01", "2021-11-02", "2021-11-03"]


def test_query_reads_day_first_dates_when_asked_and_says_how_it_read_one(client: TestClient):
    """Trial 13: /v1/query refused ?dayfirst=true and read "01/11/2021" as 11 January in silence,
    where `query --date` says how it read it. The reading taken is said in X-Sourcetrace-Note."""
    month = client.post("/v1/query", json={"text": EXPO, "created_at": "01/11/2021"})
    assert month.status_code == 200 and month.json()["post"]["created_at"][:10] == "2021-01-11"
    assert month.headers["X-Sourcetrace-Note"] == (
        "created_at '01/11/2021' reads both ways: read month first (?dayfirst=true reads it day first)")
    day = client.post("/v1/query?dayfirst=true", json={"text": EXPO, "created_at": "01/11/2021"})
    assert day.json()["post"]["created_at"][:10] == "2021-11-01"
    assert day.headers["X-Sourcetrace-Note"] == "created_at '01/11/2021' reads both ways: read day first"
    plain = client.post("/v1/query", json={"text": EXPO, "created_at": "2021-11-01"})
    assert "X-Sourcetrace-Note" not in plain.headers


# ---- one-line errors -----------------------------------------------------------------------

@pytest.mark.parametrize(("path", "kwargs", "status", "message"), [
    ("/v1/query", {"json": {"txt": "x"}}, 400, "missing 'text'"),
    ("/v1/query", {"json": {"text": "   "}}, 400, "empty 'text'"),
    # trial 11: a field the API does not know was ignored without a word
    ("/v1/query", {"json": {"text": "x", "top": "a"}}, 400, "unknown field 'top': a post object has text, id, author, platform, url, created_at, lang"),
    ("/v1/query", {"json": {"text": 5}}, 400, "'text' must be a string, got int"),
    ("/v1/query", {"content": b"{not json"}, 400, 'the body is not JSON: send {"text": "..."}'),
    # trial 110: a Latin-1 body was told "not JSON"
    ("/v1/query", {"content": '{"text": "Sismo en Perú"}'.encode("latin-1")}, 400,
     "the body is not UTF-8 (at byte offset 22): send the JSON in UTF-8"),
    ("/v1/query", {"json": {"text": "x", "lang": "zz"}}, 400,
     "'lang': 'zz' is no language tag (BCP 47, e.g. es, zh-Hans, pt-BR; leave it out to detect the language)"),
    ("/v1/query", {"json": {"text": "x", "lang": ["en"]}}, 400, "'lang' must be a string, got list"),
    ("/v1/check", {"content": b""}, 400, "empty body: send posts as JSONL (one object a line) or a file"),
    ("/v1/check?format=xyz", {"content": b'{"text": "a"}\n'}, 400,
     "unknown format 'xyz' (known: jsonl, csv, txt) (exports: json, x, mastodon, telegram, threads, bluesky, bluesky-api)"),
    ("/v1/check", {"files": {"nofile": ("a.jsonl", b"x")}}, 400,
     "no file in the form: send the posts as the field 'file'"),
    # trial 12: query parameters a route does not take were dropped without a word
    ("/v1/query?keep_later=1", {"json": {"text": "x"}}, 400, "unknown query parameter 'keep_later': it takes dayfirst"),
    # trial 13: a parameter of the wrong type was a 422, where every other mistake is a 400
    ("/v1/check?dayfirst=maybe", {"content": b'{"text": "a"}\n'}, 400, "dayfirst: Input should be a valid boolean, unable to interpret input"),
    ("/v1/check?keep_later=1", {"content": b'{"text": "a"}\n'}, 400,
     ("unknown query parameter 'keep_later': it takes format, filename, text_col, id_col, author_col, time_col,"
      " url_col, lang_col, platform_col, dayfirst")),
])
def test_mistakes_get_one_line_4xx(client: TestClient, path: str, kwargs: dict, status: int, message: str):
    response = client.post(path, **kwargs)
    assert response.status_code == status
    assert response.json() == {"error": message}


def test_the_same_message_as_the_cli(client: TestClient, index_dir: Path, tmp_path: Path):
    bad = tmp_path / "posts.csv"
    bad.write_text("cuerpo\nhello\n", "utf-8")  # a lone "body" column is read as the text
    result = runner.invoke(cli, ["check", str(bad), "--index", str(index_dir)])
    response = client.post("/v1/check", files={"file": ("posts.csv", bad.read_bytes())})
    assert response.status_code == 400
    assert result.exit_code == 1 and result.output.strip() == "Error: " + response.json()["error"].replace(
        "posts.csv", str(bad))


def test_query_lang_is_read_as_the_cli_reads_it(client: TestClient, index_dir: Path):
    # a tag that names no language is refused both ways (a trial saw the API drop it silently)
    refused = runner.invoke(cli, ["query", "x", "--lang", "zz", "--index", str(index_dir)])
    response = client.post("/v1/query", json={"text": "x", "lang": "zz"})
    assert refused.exit_code == 1 and response.status_code == 400
    assert refused.stderr.strip().removeprefix("Error: --lang: ") == response.json()["error"].removeprefix("'lang': ")
    # a tag is normalised the same way both ways; an empty one is not given (the text's is
    # detected); a tag the text agrees with is shown as given (an English text tagged pt-BR would
    # be shown as the detected "en": match.prepare)
    portuguese = "O presidente chinês ordenou que se fizesse todo o possível para resgatar os feridos."
    for text, lang, want in ((portuguese, "pt_BR", "pt-BR"), (EXPO, "", "en")):
        response = client.post("/v1/query", json={"text": text, "lang": lang})
        assert response.status_code == 200 and response.json()["post"]["lang"] == want
    assert response.text == cli_out("query", EXPO, "--index", index_dir, "--json").rstrip("\n")
    tagged = json.loads(cli_out("query", portuguese, "--lang", "pt_BR", "--index", index_dir, "--json"))
    assert tagged["post"]["lang"] == "pt-BR"


def test_request_size_is_bounded(client: TestClient):
    big = b'{"text": "' + b"x" * 120_000 + b'"}\n'
    response = client.post("/v1/check", content=big)
    assert response.status_code == 413 and "request body over 0.1 MB" in response.json()["error"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(30):
            yield b"y" * 10_000

    response = client.post("/v1/query", content=chunks())
    assert response.status_code == 413


# ---- guards --------------------------------------------------------------------------------

def test_headers_host_and_origin_guards(client: TestClient):
    response = client.get("/v1/index")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert "access-control-allow-origin" not in client.get("/v1/index", headers={"Origin": "https://x.example"}).headers
    rebound = client.get("/v1/index", headers={"Host": "evil.example"})
    assert rebound.status_code == 421
    cross = client.post("/v1/query", json={"text": EXPO}, headers={"Origin": "https://evil.example"})
    assert cross.status_code == 403 and "--cors" in cross.json()["error"]
    form = client.post("/", data={"text": EXPO}, headers={"Sec-Fetch-Site": "cross-site"})
    assert form.status_code == 403
    same = client.post("/v1/query", json={"text": EXPO}, headers={"Origin": BASE})
    assert same.status_code == 200


def test_token_is_required_beyond_loopback(index_dir: Path, matcher: Any):
    with pytest.raises(InputError, match="refusing to listen on 0.0.0.0 without a token"):
        check_bind("0.0.0.0", None)
    with pytest.raises(InputError, match="too short"):
        check_bind("0.0.0.0", "short")
    check_bind("127.0.0.1", None)
    check_bind("::1", None)
    check_bind("0.0.0.0", TOKEN)
    config = ServeConfig(index=index_dir, host="0.0.0.0", token=TOKEN, cors=("https://tool.example",))
    with client_for(config, matcher) as c:
        assert c.get("/healthz").status_code == 200  # open: for load balancers
        refused = c.post("/v1/query", json={"text": EXPO})
        assert refused.status_code == 401 and refused.headers["www-authenticate"].startswith("Bearer")
        wrong = c.post("/v1/query", json={"text": EXPO}, headers={"Authorization": "Bearer " + TOKEN[:-1] + "X"})
        assert wrong.status_code == 401
        ok = c.post("/v1/query", json={"text": EXPO}, headers={
            "Authorization": f"Bearer {TOKEN}", "Origin": "https://tool.example", "Host": "sourcetrace.lan"})
        assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == "https://tool.example"
        assert c.get("/", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_openapi_and_self_contained_docs(client: TestClient):
    schema = client.get("/openapi.json").json()
    assert {"/v1/query", "/v1/check", "/v1/index", "/healthz"} <= set(schema["paths"])
    docs = client.get("/docs")
    assert docs.status_code == 200 and "<script" not in docs.text and "/v1/check" in docs.text
    assert "script-src 'none'" in docs.headers["content-security-policy"]
    assert "http" not in docs.text.split("<body>")[0].replace('http-equiv', '')  # nothing fetched


# ---- the scheduler: fairness, limits -------------------------------------------------------

class SlowMatcher:
    """Takes `delay` seconds per batch and records which posts it checked together."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.calls: list[list[str]] = []

    def check_many(self, posts: list[Post], batch_size: int = 64) -> Iterator[Result]:
        posts = list(posts)
        self.calls.append([p.id for p in posts])
        time.sleep(self.delay)
        return iter([Result(p, []) for p in posts])


class DamagedMatcher(SlowMatcher):
    """Raises what a damaged index raises while reading it."""

    def check_many(self, posts: list[Post], batch_size: int = 64) -> Iterator[Result]:
        raise IndexFolderError("store-g000001.sqlite: article 1's stored forms are not of its text")


def test_a_damaged_index_is_the_server_s_fault_not_the_request_s(index_dir: Path, matcher: Any):
    """A fresh-user trial saw /v1/query answer 400 (a client error) when the index was at fault."""
    service = Service(ServeConfig(index=index_dir), matcher)
    service.scheduler.matcher = DamagedMatcher(0.0)  # type: ignore[assignment]
    with TestClient(create_app(service), base_url=BASE) as c:
        response = c.post("/v1/query", json={"text": EXPO})
    assert response.status_code == 500
    assert "stored forms are not of its text" in response.json()["error"]


def post(i: int | str) -> Post:
    return Post(text=f"post {i}", id=str(i))


def test_a_large_check_does_not_starve_queries():
    matcher = SlowMatcher(0.05)
    scheduler = Scheduler(matcher, max_checks=1)  # type: ignore[arg-type]
    scheduler.start()

    async def scenario() -> tuple[float, float, list[str]]:
        started = time.monotonic()
        stream = await scheduler.check(iter([post(i) for i in range(20 * CHECK_CHUNK)]), timeout=60)
        seen: list[str] = []

        async def read_check() -> float:
            async for result in stream:
                seen.append(result.post.id)
            return time.monotonic() - started

        reader = asyncio.ensure_future(read_check())
        await asyncio.sleep(0.05)
        queries = await asyncio.gather(*(scheduler.query(post(f"q{i}"), timeout=10) for i in range(5)))
        answered = time.monotonic() - started
        assert [r.post.id for r in queries] == [f"q{i}" for i in range(5)]
        with pytest.raises(Busy):
            await scheduler.check(iter([post("x")]), timeout=10)
        return answered, await reader, seen

    try:
        answered, finished, seen = asyncio.run(scenario())
    finally:
        scheduler.close()
    assert seen == [str(i) for i in range(20 * CHECK_CHUNK)]  # input order
    assert answered < finished / 2  # the queries did not wait for the check
    query_batches = [c for c in matcher.calls if c[0].startswith("q")]
    assert len(query_batches) <= 2  # waiting queries are checked together
    assert max(len(c) for c in matcher.calls if not c[0].startswith("q")) <= CHECK_CHUNK


def test_time_limits_and_queue_bound():
    scheduler = Scheduler(SlowMatcher(0.2), max_queued=1)  # type: ignore[arg-type]
    scheduler.start()

    async def scenario() -> None:
        with pytest.raises(TimeLimit):
            await scheduler.query(post("slow"), timeout=0.1)
        first = asyncio.ensure_future(scheduler.query(post("a"), timeout=5))
        await asyncio.sleep(0)
        second = asyncio.ensure_future(scheduler.query(post("b"), timeout=5))
        third = asyncio.ensure_future(scheduler.query(post("c"), timeout=5))
        outcomes = await asyncio.gather(first, second, third, return_exceptions=True)
        assert any(isinstance(o, Busy) for o in outcomes)
        stream = await scheduler.check(iter([post(i) for i in range(4 * CHECK_CHUNK)]), timeout=0.3)
        with pytest.raises(TimeLimit):
            async for _ in stream:
                pass

    try:
        asyncio.run(scenario())
    finally:
        scheduler.close()


def test_a_slow_check_ends_with_an_error_line(index_dir: Path, matcher: Any):
    service = Service(ServeConfig(index=index_dir, check_seconds=0.3), matcher)
    service.scheduler.matcher = SlowMatcher(0.2)  # type: ignore[assignment]
    with TestClient(create_app(service), base_url=BASE) as c:
        lines = c.post("/v1/check", content=write_body(4 * CHECK_CHUNK)).text.splitlines()
    assert 0 < len(lines) < 4 * CHECK_CHUNK
    assert json.loads(lines[-1]) == {"error": "time limit of 0.3 s reached after "
                                     f"{len(lines) - 1} of {4 * CHECK_CHUNK} posts; split the file"}


def test_a_server_creates_its_encoders_for_one_post_at_a_time(index_dir: Path, monkeypatch):
    # as `sourcetrace query`: on busy cores a second thread per encoder made warm queries ~10x
    # slower (docs/BENCHMARKS.md, issue 16); the server's warm-up creates every encoder
    from sourcetrace import encoders, pipeline

    seen: list[int] = []
    warm_up = pipeline.warm_up

    def recording(matcher: Any, everything: bool = True, check_vectors: bool = False) -> None:
        seen.append(encoders.encoder_threads())
        warm_up(matcher, everything, check_vectors)

    monkeypatch.setattr(encoders, "cpu_count", lambda: 4)
    monkeypatch.setattr(pipeline, "warm_up", recording)
    service = Service(ServeConfig(index=index_dir))
    service.start()
    service.close()
    assert seen == [1]
    assert encoders.encoder_threads() == 4  # only inside the server's loading


def write_body(n: int) -> bytes:
    return "".join(json.dumps({"id": f"p{i}", "text": f"text {i}"}) + "\n" for i in range(n)).encode()


# ---- the real command ----------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_serve_command_listens_on_loopback(tmp_path: Path):
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    env.pop("SOURCETRACE_TOKEN", None)
    command = [sys.executable, "-c", "from sourcetrace.cli.main import run; run()"]
    index = tmp_path / "idx"
    ix.build(index, [Article.from_dict(a) for a in ARTICLES], encoder="none")
    refused = runner.invoke(cli, ["serve", "--index", str(index), "--host", "0.0.0.0"], env={"SOURCETRACE_TOKEN": ""})
    assert refused.exit_code == 1 and "refusing to listen on 0.0.0.0 without a token" in refused.output
    port = free_port()
    server = subprocess.Popen([*command, "serve", "--index", str(index), "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    assert json.loads(r.read())["status"] == "ok"
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, server.stderr.read().decode()  # type: ignore[union-attr]
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.3)
        request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/query", method="POST",
                                         data=json.dumps({"text": EXPO}).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as r:
            assert json.loads(r.read())["matches"][0]["article"]["id"] == "xinhua-1"
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if server.stderr is not None:
            server.stderr.close()
