"""Platform exports as post sources: X archive, Mastodon outbox, Telegram export, JSON arrays,
CSV/JSON column mapping, format detection, and every way such a file can be bad."""

from __future__ import annotations

import gzip
import io
import json
import shutil
import sys
import tracemalloc
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from sourcetrace.cli.main import app
from sourcetrace.errors import InputError
from sourcetrace.readers import POST_FORMATS, Problem, documents, read_articles, read_posts

FIXTURES = Path(__file__).parent / "fixtures"
TWEETS = FIXTURES / "x_archive" / "data" / "tweets.js"
OUTBOX = FIXTURES / "mastodon" / "outbox.json"
TELEGRAM = FIXTURES / "telegram" / "result.json"
TELEGRAM_FULL = FIXTURES / "telegram" / "full_export" / "result.json"
BOOST_REASON = "a boost names the boosted post by its URL only, so there is no text to check"


class Problems(list):
    def __call__(self, problem: Problem) -> None:
        self.append(problem)


@pytest.fixture
def problems() -> Problems:
    return Problems()


def tweet(i: int, text: str, **extra: object) -> dict:
    body = {
        "retweeted": False,
        "entities": {"hashtags": [], "symbols": [], "user_mentions": [], "urls": []},
        "id_str": str(1000 + i),
        "id": str(1000 + i),
        "created_at": "Wed Mar 06 12:00:00 +0000 2024",
        "full_text": text,
        "lang": "es",
    }
    body.update(extra)
    return {"tweet": body}


def x_file(path: Path, items: list, part: str = "tweets.part0") -> Path:
    path.write_text(f"window.YTD.{part} = " + json.dumps(items, indent=2, ensure_ascii=False), "utf-8")
    return path


# --- X archive -------------------------------------------------------------------------------


def test_x_archive_fixture(problems: Problems) -> None:
    posts = list(read_posts([TWEETS], problems))
    assert [p for p in problems if p.kind != "no_text"] == []  # media-only items are counted as no_text
    # the photo-only tweet has no words to check and is left out
    assert [p.id for p in posts] == ["1765400000000000001", "1765400000000000002", "1765400000000000003"]
    first, retweet, reply = posts
    assert first.author == "@noticias_hoy"  # from account.js beside tweets.js
    assert first.platform == "x" and first.lang == "es"
    assert first.url == "https://x.com/noticias_hoy/status/1765400000000000001"
    assert first.created_at == "2024-03-06T12:00:00+00:00"
    # HTML escapes undone, t.co links replaced by their targets
    assert "expositores & visitantes" in first.text
    assert first.text.endswith("https://spanish.news.cn/20240306/abc/c.html")
    assert first.extra == {"hashtags": ["China"], "urls": ["https://spanish.news.cn/20240306/abc/c.html"]}
    assert retweet.extra["retweet_of"] == "XHspanish" and retweet.extra["mentions"] == ["XHspanish"]
    assert reply.extra == {"mentions": ["mundo_China"], "in_reply_to": "mundo_China"}
    assert "Twitter •mundo_china" in reply.text


def test_x_archive_without_account_js_and_old_layout(tmp_path: Path, problems: Problems) -> None:
    # archives before 2019 hold the tweet objects directly, without the "tweet" wrapper
    path = x_file(tmp_path / "tweet.js", [tweet(1, "uno")["tweet"], tweet(2, "dos")], part="tweet.part0")
    posts = list(read_posts([path], problems))
    assert [(p.id, p.author, p.url) for p in posts] == [
        ("1001", None, "https://x.com/i/status/1001"),
        ("1002", None, "https://x.com/i/status/1002"),
    ]


def test_x_archive_bad_items_are_skipped_one_by_one(tmp_path: Path, problems: Problems) -> None:
    items = [
        tweet(1, "good one"),
        {"like": {"tweetId": "1"}},  # not a tweet
        tweet(3, "bad date", created_at="yesterday"),
        tweet(4, 42),
        tweet(5, "good two"),
    ]
    path = x_file(tmp_path / "tweets.js", items)
    posts = list(read_posts([path], problems))
    # an unreadable date blanks the date and keeps the tweet, with a warning (issue 14 kind 2)
    assert [(p.text, p.created_at) for p in posts] == [
        ("good one", "2024-03-06T12:00:00+00:00"), ("bad date", None), ("good two", "2024-03-06T12:00:00+00:00")]
    reasons = [(p.reason, p.kind) for p in problems]
    assert reasons == [
        ("item 2: missing 'full_text'", "skipped"),
        ("item 3: 'created_at': not a date: 'yesterday': left blank", "warning"),
        ("item 4: 'full_text' must be a string, got int", "skipped"),
    ]
    lines = path.read_text().splitlines()
    # each problem points at the line where its item starts
    for problem in problems:
        assert lines[problem.line - 1].strip() == "{"


def test_x_archive_truncated_keeps_every_complete_tweet(tmp_path: Path, problems: Problems) -> None:
    items = [tweet(i, f"tweet number {i}") for i in range(50)]
    whole = x_file(tmp_path / "whole.js", items).read_bytes()
    cut = tmp_path / "tweets.js"
    cut.write_bytes(whole[: int(len(whole) * 0.6)])
    posts = list(read_posts([cut], problems))
    assert 20 < len(posts) < 50
    assert [p.text for p in posts] == [f"tweet number {i}" for i in range(len(posts))]
    assert len(problems) == 1
    assert problems[0].reason.startswith("the file ends inside this item (truncated?)")
    assert str(problems[0]).startswith(f"{cut}:{problems[0].line}: ")


def test_x_archive_malformed_item_and_broken_structure(tmp_path: Path, problems: Problems) -> None:
    text = (
        "window.YTD.tweets.part0 = [\n"
        + json.dumps(tweet(1, "first")) + ",\n"
        + '{"tweet": {"full_text": "broken" "id_str": "2"}},\n'
        + json.dumps(tweet(3, "third")) + "\n"
        + "} garbage\n"
    )
    path = tmp_path / "tweets.js"
    path.write_text(text)
    posts = list(read_posts([path], problems))
    assert [p.text for p in posts] == ["first", "third"]
    assert [p.line for p in problems] == [3, 5]
    assert problems[0].reason.startswith("item 2: invalid JSON (Expecting ',' delimiter")
    assert problems[1].reason == (
        "malformed JSON: expected ',' or ']' after an item, found '}'; the rest of the file is unreadable"
    )


def test_x_archive_huge_single_tweet(tmp_path: Path, problems: Problems, monkeypatch) -> None:
    monkeypatch.setattr(documents, "MAX_RECORD_BYTES", 5_000)
    items = [tweet(1, "small"), tweet(2, "x" * 20_000), tweet(3, "after")]
    path = x_file(tmp_path / "tweets.js", items)
    posts = list(read_posts([path], problems))
    assert [p.text for p in posts] == ["small", "after"]
    assert [p.reason for p in problems] == ["item 2 is larger than 5,000 bytes"]


def test_x_archive_wrong_encoding_in_one_tweet(tmp_path: Path, problems: Problems) -> None:
    good = json.dumps([tweet(1, "caf\u00e9"), tweet(2, "PLACEHOLDER"), tweet(3, "ok")])
    # 0x81: no letter in Windows-1252 ("caf\xe9" in a file of only ASCII is read as Latin-1, whole)
    raw = ("window.YTD.tweets.part0 = " + good).encode().replace(b"PLACEHOLDER", b"caf\x81")
    path = tmp_path / "tweets.js"
    path.write_bytes(raw)
    posts = list(read_posts([path], problems))
    assert [p.text for p in posts] == ["café", "caf\ufffd", "ok"]  # kept, the byte replaced (trial 73)
    assert problems[0].reason.startswith("item 2: not valid UTF-8 in 'tweet.full_text' (byte 0x81")
    assert problems[0].kind == "warning"


def test_x_archive_gzipped_and_from_stdin(tmp_path: Path, problems: Problems, monkeypatch) -> None:
    data = TWEETS.read_bytes()
    gz = tmp_path / "tweets.js.gz"
    gz.write_bytes(gzip.compress(data))
    assert len(list(read_posts([gz], problems))) == 3
    # stdin is detected from its buffered first bytes
    stream = io.BufferedReader(io.BytesIO(data))
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=stream))
    assert [p.platform for p in read_posts(["-"], problems)] == ["x", "x", "x"]
    assert [p for p in problems if p.kind != "no_text"] == []  # media-only items are counted as no_text


def test_x_archive_streams_with_bounded_memory(tmp_path: Path, problems: Problems) -> None:
    path = tmp_path / "tweets.js"
    with open(path, "w") as fh:
        fh.write("window.YTD.tweets.part0 = [\n")
        fh.writelines(("," if i else "") + json.dumps(tweet(i, f"post {i} " + "palabra " * 160)) + "\n" for i in range(6_000))
        fh.write("]\n")
    assert path.stat().st_size > 8_000_000
    tracemalloc.start()
    count = sum(1 for _ in read_posts([path], problems))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 6_000 and problems == []
    assert peak < 3_000_000, f"peak {peak:,} bytes while reading a {path.stat().st_size:,}-byte file"


def test_other_ytd_files_are_an_unknown_format(tmp_path: Path, problems: Problems) -> None:
    path = x_file(tmp_path / "like.js", [{"like": {"tweetId": "1"}}], part="like.part0")
    with pytest.raises(InputError, match=r"like.js: unknown format \(window.YTD.like is not a tweets file"):
        read_posts([path], problems)
    js = tmp_path / "app.js"
    js.write_text("console.log('hi')\n")
    with pytest.raises(InputError, match=r"app.js: unknown format \(expected an X archive file"):
        read_posts([js], problems)


# --- Mastodon --------------------------------------------------------------------------------


def test_mastodon_outbox_fixture(problems: Problems) -> None:
    posts = list(read_posts([OUTBOX], problems))
    # the fixture repeats "orderedItems" (first empty), as Mastodon 4.2-4.3 exports do; the boost
    # names its post by URL only (said in one note) and the last toot is an image without text
    # (media-only items are counted as no_text)
    assert [str(p) for p in problems if p.kind != "no_text"] == [
        f"{OUTBOX}: 1 boost skipped: {BOOST_REASON}"]
    assert len(posts) == 2
    toot, warned = posts
    assert toot.author == "@noticias@mastodon.example" and toot.platform == "mastodon"
    assert toot.id == "https://mastodon.example/users/noticias/statuses/111000000000000001"
    assert toot.url == "https://mastodon.example/@noticias/111000000000000001"
    assert toot.lang == "es" and toot.created_at == "2024-03-06T12:00:00+00:00"
    # HTML to text: paragraphs kept, the shortened link's invisible parts kept
    assert toot.text.startswith("La Exposición Internacional de Importaciones de China abrió el martes")
    assert "\n\nvía @xinhua #China https://spanish.news.cn/20240306/abc/c.html" in toot.text
    assert toot.extra == {
        "mentions": ["@xinhua"], "hashtags": ["#china"],
        "urls": ["https://spanish.news.cn/20240306/abc/c.html"],
    }
    # the content warning is part of what readers saw
    assert warned.text.startswith("Economía\n\nEl banco central mantuvo")
    assert warned.text.endswith("por ciento.\nTwitter •mundo_china")


def test_mastodon_announce_with_embedded_object_and_bad_items(tmp_path: Path, problems: Problems) -> None:
    outbox = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "type": "OrderedCollection",
        "orderedItems": [
            {"type": "Announce", "actor": "https://m.example/users/a", "object": {
                "type": "Note", "id": "https://o.example/users/rt/statuses/9",
                "attributedTo": "https://o.example/users/rt", "content": "<p>Boosted &amp; shown</p>"}},
            {"type": "Create", "object": "https://m.example/users/a/statuses/1"},
            {"type": "Create", "object": {"type": "Note", "content": ["not", "html"]}},
            {"type": "Like", "object": "https://x.example/1"},
            "a string",
        ],
    }
    path = tmp_path / "outbox.json"
    path.write_text(json.dumps(outbox, indent=1))
    posts = list(read_posts([path], problems))
    assert [(p.text, p.extra.get("boost_of")) for p in posts] == [("Boosted & shown", "@rt@o.example")]
    assert [p.reason for p in problems] == [
        "item 2: the Create activity's 'object' is not an object",
        "item 3: 'content' must be a string, got list",
        "item 5: not an activity object",
    ]


def test_boosts_named_by_url_are_counted_in_one_note_per_outbox(tmp_path: Path, problems: Problems) -> None:
    """A tester's outbox of boosts lost them in silence (a line under -v only): they are no bad
    records, but a user must hear, once and with the count, that they were not checked."""
    boost = {"type": "Announce", "actor": "https://m.example/users/a", "object": "https://o.example/users/b/statuses/1"}
    toot = {"type": "Create", "object": {"type": "Note", "content": "<p>Own words</p>"}}
    path = tmp_path / "outbox.json"
    path.write_text(json.dumps({"@context": "https://www.w3.org/ns/activitystreams",
                                "orderedItems": [boost, toot, boost, {"type": "Like", "object": "x"}, boost]}))
    posts = list(read_posts([path], problems))
    assert [p.text for p in posts] == ["Own words"]
    assert [(p.kind, p.line, p.reason) for p in problems] == [("note", 0, f"3 boosts skipped: {BOOST_REASON}")]
    # a structure broken after them still says the boosts read before it
    path.write_text(json.dumps({"@context": "https://www.w3.org/ns/activitystreams", "orderedItems": [boost]})[:-2])
    problems.clear()
    assert list(read_posts([path], problems)) == []
    assert [p.kind for p in problems] == ["skipped", "note"] and problems[1].reason.startswith("1 boost skipped: ")


def test_check_says_the_boosts_it_skips_without_verbose(small_index: Path, tmp_path: Path) -> None:
    boosts = [{"type": "Announce", "object": f"https://o.example/users/b/statuses/{i}"} for i in range(4)]
    path = tmp_path / "outbox.json"
    path.write_text(json.dumps({"@context": "https://www.w3.org/ns/activitystreams", "orderedItems": boosts}))
    for quiet in ([], ["-q"]):  # like a skipped record, said with --quiet too
        result = CliRunner().invoke(app, ["check", str(path), "--index", str(small_index), *quiet])
        assert result.exit_code == 0, result.output
        said = [line for line in result.stderr.splitlines() if "boost" in line]
        assert said[0] == f"{path}: 4 boosts skipped: {BOOST_REASON}"
        # the summary says what the outbox held rather than "an empty file?"
        assert said[1:] == ([] if quiet else ["the input holds no posts to check, only 4 boosts (see above)"])


def test_minified_outbox_on_one_line_is_detected(tmp_path: Path, problems: Problems) -> None:
    data = json.loads(OUTBOX.read_text())  # json keeps the last "orderedItems": the full one
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data, separators=(",", ":")))
    assert len(list(read_posts([path], problems))) == 2


# --- Telegram --------------------------------------------------------------------------------


def test_telegram_single_chat_fixture(problems: Problems) -> None:
    posts = list(read_posts([TELEGRAM], problems))
    assert [p for p in problems if p.kind != "no_text"] == []  # media-only items are counted as no_text
    assert [p.id for p in posts] == ["1234567890/2", "1234567890/3"]  # service and photo-only left out
    plain, rich = posts
    assert plain.author == "Noticias de China" and plain.platform == "telegram"
    assert plain.created_at == "2024-03-06T12:00:00+00:00"  # from date_unixtime, UTC
    # text as a list of strings and entity objects
    assert rich.text == "Fuertes lluvias inundaron varias aldeas #China — fuente: @xinhua_es leer más"
    assert rich.extra["forwarded_from"] == "Xinhua Español"
    assert rich.extra["mentions"] == ["@xinhua_es"] and rich.extra["hashtags"] == ["#China"]
    assert rich.extra["urls"] == ["https://spanish.news.cn/20240307/def/c.html"]


def test_telegram_full_export_walks_every_chat(problems: Problems) -> None:
    posts = list(read_posts([TELEGRAM_FULL], problems))
    assert problems == []
    assert [(p.id, p.author) for p in posts] == [
        ("777/10", "Ana"),
        ("888/5", "Canal Noticias"),
        ("999/1", "Grupo antiguo"),
    ]
    assert posts[0].extra["chat"] == "Ana" and posts[0].created_at == "2023-12-31T23:00:00+00:00"


# --- generic JSON arrays and column mapping ---------------------------------------------------


def test_json_array_of_posts_and_articles(tmp_path: Path, problems: Problems) -> None:
    path = tmp_path / "posts.json"
    path.write_text(json.dumps([{"text": "uno", "id": "a"}, {"text": "dos"}, ["x"], {"id": "c"}], indent=2))
    posts = list(read_posts([path], problems))
    assert [p.text for p in posts] == ["uno", "dos"]
    assert posts[1].id == "posts:6"  # stem:line of the item
    assert [p.reason for p in problems] == ["item 3: not a JSON object (got array)", "missing 'text'"]
    articles = tmp_path / "articles.json"
    articles.write_text(json.dumps([{"id": "a1", "text": "t"}]))
    assert [a.id for a in read_articles([articles], problems)] == ["a1"]


def test_csv_column_mapping(tmp_path: Path, problems: Problems) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Tweet Id,Body,Handle,Posted\n1,hola mundo,@a,2024-03-06T10:00:00Z\n2,adiós,@b,\n")
    columns = {"text": "body", "id": "Tweet Id", "author": "HANDLE", "created_at": "Posted"}
    posts = list(read_posts([path], problems, columns=columns))
    assert [(p.id, p.text, p.author, p.created_at) for p in posts] == [
        ("1", "hola mundo", "@a", "2024-03-06T10:00:00+00:00"),
        ("2", "adiós", "@b", None),
    ]
    with pytest.raises(InputError, match=r"no column 'cuerpo' for 'text' \(columns: Tweet Id, Body"):
        list(read_posts([path], problems, columns={"text": "cuerpo"}))
    with pytest.raises(InputError, match="cannot map a column to 'title'"):
        read_posts([path], problems, columns={"title": "Body"})


def test_jsonl_key_mapping_with_dotted_paths(tmp_path: Path, problems: Problems) -> None:
    path = tmp_path / "api.jsonl"
    path.write_text(json.dumps({"id_str": "9", "content": "texto", "user": {"screen_name": "z"}}) + "\n")
    columns = {"text": "content", "id": "id_str", "author": "user.screen_name"}
    posts = list(read_posts([path], problems, columns=columns))
    assert [(p.id, p.text, p.author) for p in posts] == [("9", "texto", "z")]


# --- detection and unknown formats --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [("tweets.js", "x"), ("outbox.json", "mastodon"), ("result.json", "telegram")],
)
def test_detected_by_content_whatever_the_name(tmp_path: Path, name: str, expected: str, problems: Problems) -> None:
    source = {"x": TWEETS, "mastodon": OUTBOX, "telegram": TELEGRAM}[expected]
    renamed = tmp_path / "download.dat"
    shutil.copy(source, renamed)
    posts = list(read_posts([renamed], problems))
    assert posts and {p.platform for p in posts} == {expected}


def test_format_override(tmp_path: Path, problems: Problems) -> None:
    renamed = tmp_path / "tweets.txt"  # .txt would be read as lines
    shutil.copy(TWEETS, renamed)
    assert len(list(read_posts([renamed], problems, fmt="x"))) == 3
    assert set(POST_FORMATS) == {"jsonl", "csv", "txt", "json", "x", "mastodon", "telegram", "threads", "bluesky", "bluesky-api"}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        # UTF-16 is recoded now (issue 14 kind 3): what it holds decides
        ('{\n  "a": 1\n}\n'.encode("utf-16"), "a JSON document that is neither a Mastodon"),
        (b"\x00\x01\x02binary", "binary data, not text"),
        (b'{\n  "data": [1, 2]\n}\n', "a JSON document that is neither a Mastodon outbox.json nor a Telegram"),
    ],
)
def test_unknown_formats_are_one_line_errors(tmp_path: Path, content: bytes, reason: str, problems: Problems) -> None:
    path = tmp_path / "export.json"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_posts([path], problems)
    message = str(info.value)
    assert message.startswith(f"{path}: unknown format (") and reason in message
    assert "pass --format" in message and "\n" not in message


def test_dumps_are_not_articles(problems: Problems) -> None:
    with pytest.raises(InputError, match="articles must be JSONL or CSV: .*tweets.js is an X/Twitter archive"):
        read_articles([TWEETS], problems)


# --- through the CLI ----------------------------------------------------------------------------


def test_check_reads_exports_and_reports_bad_items(small_index: Path, tmp_path: Path) -> None:
    items = [
        tweet(1, "The China International Import Expo opened on Tuesday with more than three "
                 "thousand exhibitors from one hundred and fifty countries."),
        {"tweet": {"id_str": "2"}},
        tweet(3, "Nothing to see here about my cat and the garden this morning."),
    ]
    path = x_file(tmp_path / "tweets.js", items)
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["check", str(path), "--index", str(small_index), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["post"]["id"], r["status"]) for r in rows] == [("1001", "copy"), ("1003", "no_match")]
    assert rows[0]["post"]["platform"] == "x" and rows[0]["post"]["created_at"] == "2024-03-06T12:00:00+00:00"
    assert f"{path}:" in result.stderr and "item 2: missing 'full_text' — skipped" in result.stderr


def test_check_csv_mapping_and_unknown_format_via_cli(small_index: Path, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("msg,who\nHeavy rain flooded several villages in the southern province on Sunday night.,@z\n")
    out = tmp_path / "out.jsonl"
    runner = CliRunner()
    result = runner.invoke(app, ["check", str(path), "--index", str(small_index), "--text-col", "msg",
                                 "--author-col", "who", "-o", str(out)])
    assert result.exit_code == 0, result.output
    row = json.loads(out.read_text())
    assert row["post"]["author"] == "@z" and row["status"] == "copy"
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"PK\x03\x04rest")
    result = runner.invoke(app, ["check", str(binary), "--index", str(small_index)])
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0
    assert "x.bin: not a text file (a zip archive): extract it" in result.stderr
