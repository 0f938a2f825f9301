"""Fuzzing the readers (issue 15): every post format and the article JSONL/CSV readers get
hostile inputs from hypothesis — structured (records of the right shape with values of any type
and hostile strings: lone surrogates, markup that is slow for naive parsers, link entities that
would expand, huge and deep values) and byte-level (any bytes) — with one valid record among them.

The property, for every input: reading ends (no exception but a one-line InputError, no record
slower than HANG_SECONDS), and in structured inputs the valid record comes out. CI runs a short
fixed budget (`CI_EXAMPLES` per target); scripts/fuzz_readers.py runs the same targets at length.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sourcetrace.errors import InputError
from sourcetrace.readers import read_articles, read_posts

HANG_SECONDS = 10.0
CI_EXAMPLES = 50
MARK = "VALIDMARK"

# -- values ----------------------------------------------------------------------------------

HOSTILE_STRINGS = [
    "\ud800", "x\udc80y", "<![<![x", "<a" * 2000, "<" * 3000, "&" * 500 + "#", "RT @x:", "RT @" + "a" * 30 + ":",
    "https://t.co/a", "a", "", " ", "\x00", "\u202e\u200b", "９/３０/２０１８", "9/30/2018 10:00", "1e400",
    "2018-09-30 10:00:00 EDT", "-" * 200, "zhCn", "und", "x" * 5000, "at://did:plc:x/app.bsky.feed.post/",
    "<p>" * 300 + "text", "</body></html><p>after", "\\ud800", "漢字" * 50, "\ufeff", "\r\n", '"', "'",
    "http://[::1", "https://x.com/a/status/1", "window.YTD.tweets.part0 = [", "{", "[", "]]",
]
texts = st.one_of(st.text(max_size=40), st.sampled_from(HOSTILE_STRINGS))
scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
                    st.floats(allow_nan=True, allow_infinity=True), texts)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(texts, inner, max_size=4)),
    max_leaves=12,
)


def shaped(keys: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """Objects with the given keys, each present or not, each value of its strategy or anything."""
    return st.fixed_dictionaries({}, optional={k: st.one_of(v, json_values) for k, v in keys.items()})


urls_entities = st.lists(shaped({"url": texts, "expanded_url": texts, "display_url": texts,
                                 "media_key": texts, "type": st.sampled_from(["photo", "video"])}), max_size=50)
entities = shaped({"urls": urls_entities, "media": urls_entities, "user_mentions": json_values,
                   "hashtags": json_values, "mentions": json_values})
tweet_v1 = shaped({"id_str": texts, "id": scalars, "full_text": texts, "text": texts, "created_at": texts,
                   "lang": texts, "entities": entities, "extended_entities": entities,
                   "retweeted_status": shaped({"full_text": texts, "user": shaped({"screen_name": texts})}),
                   "quoted_status_permalink": shaped({"expanded": texts}), "user": shaped({"screen_name": texts})})
tweet_v2 = shaped({"id": texts, "text": texts, "author_id": texts, "created_at": texts, "lang": texts,
                   "entities": entities, "note_tweet": shaped({"text": texts}),
                   "referenced_tweets": st.lists(shaped({"type": st.sampled_from(["retweeted", "quoted"]),
                                                         "id": texts, "text": texts}), max_size=3),
                   "author": shaped({"username": texts}), "attachments": shaped({"media": urls_entities})})
toot = shaped({"type": st.sampled_from(["Create", "Announce", "Like"]),
               "object": shaped({"content": texts, "contentMap": st.dictionaries(texts, texts, max_size=2),
                                 "summary": texts, "published": texts, "attributedTo": texts, "url": texts,
                                 "tag": json_values, "id": texts}), "actor": texts})
message = shaped({"id": scalars, "type": st.sampled_from(["message", "service"]), "date": texts,
                  "date_unixtime": texts, "from": texts, "forwarded_from": texts,
                  "text": st.one_of(texts, st.lists(st.one_of(texts, shaped({"type": texts, "text": texts,
                                                                             "href": texts})), max_size=5)),
                  "text_entities": st.lists(shaped({"type": st.sampled_from(["text_link", "link", "mention"]),
                                                    "text": texts, "href": texts}), max_size=5)})
telethon_msg = shaped({"_": st.just("Message"), "id": scalars, "message": texts, "date": scalars,
                       "fwd_from": shaped({"from_name": texts, "from_id": shaped({"channel_id": scalars})}),
                       "entities": st.lists(shaped({"_": st.sampled_from(["MessageEntityTextUrl", "MessageEntityUrl"]),
                                                    "offset": scalars, "length": scalars, "url": texts}), max_size=5),
                       "peer_id": shaped({"channel_id": scalars}), "_chat": shaped({"username": texts})})
bsky_record = shaped({"$type": st.just("app.bsky.feed.post"), "text": texts, "createdAt": texts,
                      "langs": json_values, "embed": json_values,
                      "facets": st.lists(shaped({"index": shaped({"byteStart": scalars, "byteEnd": scalars}),
                                                 "features": json_values}), max_size=4)})
bsky_item = shaped({"post": shaped({"uri": st.just("at://did:plc:x/app.bsky.feed.post/3k"), "record": bsky_record,
                                    "author": shaped({"handle": texts}), "embed": json_values}),
                    "reason": json_values})
meta_item = shaped({"media": st.lists(shaped({"uri": texts, "title": texts, "creation_timestamp": scalars}),
                                      max_size=3), "title": texts, "creation_timestamp": scalars})
post_record = shaped({"text": texts, "id": scalars, "author": texts, "url": texts, "created_at": scalars,
                      "lang": texts, "platform": texts, "credits": json_values})
article_record = shaped({"text": texts, "id": scalars, "outlet": texts, "url": texts, "title": texts,
                         "lang": texts, "published_at": scalars, "origin": texts})
cells = st.one_of(st.text(max_size=30), st.sampled_from(HOSTILE_STRINGS))
raw_bytes = st.binary(max_size=300)


# -- targets ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """One parser: how to write a file of hostile items with a valid one among them, and which
    reader reads it. `keeps_valid_bytes`: the valid record must survive byte-level garbage too
    (one record a line)."""

    name: str
    suffix: str
    items: st.SearchStrategy[Any]
    write: Callable[[list[Any], bool], bytes]
    articles: bool = False
    keeps_valid_bytes: bool = False
    fmt: str | None = None  # the format, to read the input from stdin (--stdin: no file at all)


# JSON is written with escapes, as exporters write it: a lone surrogate arrives as "\\ud800" (the
# hostile case), not as bytes that are no UTF-8 (which lose their line or item, by design).
def _lines(objects: list[Any]) -> bytes:
    return "".join(json.dumps(o) + "\n" for o in objects).encode()


def _document(prefix: str, objects: list[Any], suffix: str = "") -> bytes:
    return (prefix + json.dumps(objects) + suffix).encode()


def _raw_lines(chunks: list[bytes], valid: bytes) -> bytes:
    middle = len(chunks) // 2
    parts = [c.replace(b"\n", b" ").replace(b"\r", b" ") for c in chunks]
    return b"\n".join(parts[:middle] + [valid] + parts[middle:]) + b"\n"


def _with_valid(items: list[Any], valid: Any) -> list[Any]:
    middle = len(items) // 2
    return items[:middle] + [valid] + items[middle:]


def _csv(header: list[str], rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if c is None else str(c) for c in row])
    # a lone surrogate in a cell is written as the bytes no UTF-8 decoder accepts (the row is lost,
    # by design): what Excel or a careless exporter would write
    return out.getvalue().encode("utf-8", "surrogatepass")


VALID_TEXT = f"A valid post about the harvest festival {MARK}"


def _jsonl_posts(items: list[Any], raw: bool) -> bytes:
    if raw:
        return _raw_lines(items, json.dumps({"text": VALID_TEXT}).encode())
    return _lines(_with_valid(items, {"text": VALID_TEXT}))


def _jsonl_articles(items: list[Any], raw: bool) -> bytes:
    if raw:
        return _raw_lines(items, json.dumps({"text": VALID_TEXT}).encode())
    return _lines(_with_valid(items, {"text": VALID_TEXT}))


def _csv_records(header: list[str]) -> Callable[[list[Any], bool], bytes]:
    def write(items: list[Any], raw: bool) -> bytes:
        valid = [VALID_TEXT if h in ("text", "body", "message") else "" for h in header]
        if raw:
            return _csv(header, []) + _raw_lines(items, _csv(header, [valid]).split(b"\n", 1)[1].rstrip(b"\n"))
        rows = [row if isinstance(row, list) else [row] for row in items]
        return _csv(header, _with_valid([[*row, *([""] * len(header))][: len(header)] for row in rows], valid))
    return write


def _txt(items: list[Any], raw: bool) -> bytes:
    if raw:
        return _raw_lines(items, VALID_TEXT.encode())
    return "\n".join(_with_valid([str(i).replace("\n", " ") for i in items], VALID_TEXT)).encode(
        "utf-8", "surrogatepass")


def _json_array(items: list[Any], raw: bool) -> bytes:
    if raw:
        return b"[" + b"".join(items) + b"]"
    return _document("", _with_valid(items, {"text": VALID_TEXT}))


def _x(items: list[Any], raw: bool) -> bytes:
    if raw:
        return b"window.YTD.tweets.part0 = [" + b"".join(items)
    valid = {"tweet": {"id_str": "1", "full_text": VALID_TEXT}}
    return _document("window.YTD.tweets.part0 = ", _with_valid([{"tweet": t} for t in items], valid))


def _mastodon(items: list[Any], raw: bool) -> bytes:
    head = '{"@context": "https://www.w3.org/ns/activitystreams", "orderedItems": '
    if raw:
        return head.encode() + b"[" + b"".join(items)
    valid = {"type": "Create", "object": {"type": "Note", "content": f"<p>{VALID_TEXT}</p>"}}
    return _document(head, _with_valid(items, valid), "}")


def _telegram(items: list[Any], raw: bool) -> bytes:
    head = '{"name": "c", "type": "public_channel", "id": 1, "messages": '
    if raw:
        return head.encode() + b"[" + b"".join(items)
    return _document(head, _with_valid(items, {"id": 9, "type": "message", "text": VALID_TEXT}), "}")


def _threads(items: list[Any], raw: bool) -> bytes:
    head = '{"text_post_app_text_posts": '
    if raw:
        return head.encode() + b"[" + b"".join(items)
    return _document(head, _with_valid(items, {"media": [{"uri": "", "title": VALID_TEXT}]}), "}")


def _twarc2(items: list[Any], raw: bool) -> bytes:
    if raw:
        return _raw_lines(items, json.dumps({"data": [{"id": "1", "text": VALID_TEXT}], "meta": {}}).encode())
    page = {"data": _with_valid(items, {"id": "1", "text": VALID_TEXT}), "includes": {"users": items[:2]}, "meta": {}}
    return _lines([page, *[dict(t, __twarc={}) for t in items if isinstance(t, dict)]])


def _bluesky_api(items: list[Any], raw: bool) -> bytes:
    valid = {"post": {"uri": "at://did:plc:x/app.bsky.feed.post/3v", "record": {"text": VALID_TEXT}}}
    if raw:
        return _raw_lines(items, json.dumps({"feed": [valid]}).encode())
    return _lines([{"feed": _with_valid(items, valid)}])


def _telethon(items: list[Any], raw: bool) -> bytes:
    valid = {"_": "Message", "id": 1, "message": VALID_TEXT}
    if raw:
        return _raw_lines(items, json.dumps(valid).encode())
    return _lines(_with_valid(items, valid))


def _car(items: list[Any], raw: bool) -> bytes:
    from libipld import encode_dag_cbor

    from tests.test_readers_exports import _cid, _varint  # the fixture's CAR writer

    header = encode_dag_cbor({"roots": [], "version": 1})
    out = _varint(len(header)) + header
    valid = encode_dag_cbor({"$type": "app.bsky.feed.post", "text": VALID_TEXT})
    blocks: list[bytes] = []
    for item in items:
        if raw:
            blocks.append(item)
            continue
        try:
            blocks.append(encode_dag_cbor(item))
        except (ValueError, TypeError, OverflowError):
            continue  # a value DAG-CBOR cannot hold (NaN, surrogates): not a block anyone writes
    for block in _with_valid(blocks, valid):
        section = _cid(block) + block
        out += _varint(len(section)) + section
    return out


TARGETS = [
    Target("jsonl", ".jsonl", post_record, _jsonl_posts, keeps_valid_bytes=True, fmt="jsonl"),
    Target("csv", ".csv", st.lists(cells, max_size=6), _csv_records(["id", "text", "author", "created_at", "lang"]), fmt="csv"),
    Target("txt", ".txt", texts, _txt, keeps_valid_bytes=True, fmt="txt"),
    Target("json", ".json", post_record, _json_array, fmt="json"),
    Target("x", ".js", tweet_v1, _x, fmt="x"),
    Target("mastodon", ".json", toot, _mastodon, fmt="mastodon"),
    Target("telegram", ".json", message, _telegram, fmt="telegram"),
    Target("threads", ".json", meta_item, _threads, fmt="threads"),
    Target("twarc2", ".jsonl", tweet_v2, _twarc2, keeps_valid_bytes=True, fmt="jsonl"),
    Target("bluesky-api", ".jsonl", bsky_item, _bluesky_api, keeps_valid_bytes=True, fmt="jsonl"),
    Target("telethon", ".jsonl", telethon_msg, _telethon, keeps_valid_bytes=True, fmt="jsonl"),
    Target("bluesky-car", ".car", bsky_record, _car, fmt="bluesky"),
    Target("profiles-csv", ".csv", st.lists(cells, max_size=8),
           _csv_records(["id", "thread_id", "body", "author_username", "unix_timestamp",
                         "author_forwarded_from_name", "creation_time", "post_owner.name"]), fmt="csv"),
    Target("twarc-csv", ".csv", st.lists(cells, max_size=4), _csv_records(["id", "text", "author.username",
                                                                           "entities.urls"]), fmt="csv"),
    Target("articles-jsonl", ".jsonl", article_record, _jsonl_articles, articles=True, keeps_valid_bytes=True),
    Target("articles-csv", ".csv", st.lists(cells, max_size=7),
           _csv_records(["id", "text", "outlet", "url", "title", "lang", "published_at"]), articles=True),
]
BY_NAME = {t.name: t for t in TARGETS}


def inputs(target: Target) -> st.SearchStrategy[tuple[bool, list[Any]]]:
    """(byte-level?, items) for a target: its structured items, or raw byte chunks."""
    structured = st.tuples(st.just(False), st.lists(target.items, max_size=6))
    garbage = st.tuples(st.just(True), st.lists(raw_bytes, max_size=6))
    return st.one_of(structured, garbage)


@dataclass
class Outcome:
    """What one input did: an unexpected exception (its traceback), a hang, a lost valid record."""

    seconds: float
    traceback: str | None = None
    lost: bool = False


def run(target: Target, case: tuple[bool, list[Any]], folder: Path, *, stdin: bool = False) -> Outcome:
    """Read one generated input with the target's reader: from a file in `folder`, or with
    `stdin` (posts only) from standard input in the target's format."""
    raw, items = case
    data = target.write(items, raw)
    started = time.perf_counter()
    texts: list[str] = []
    saved = sys.stdin
    try:
        if stdin and target.fmt and not target.articles:
            sys.stdin = SimpleNamespace(buffer=io.BytesIO(data))  # type: ignore[assignment]
            texts = [r.text for r in read_posts(["-"], lambda problem: str(problem), fmt=target.fmt)]
        else:
            path = folder / f"input-{target.name}{target.suffix}"
            path.write_bytes(data)
            reader = read_articles if target.articles else read_posts
            texts = [r.text for r in reader([path], lambda problem: str(problem))]
        for text in texts:
            text.encode("utf-8")  # what the output writer and SQLite do: no lone surrogate left
    except InputError as exc:
        str(exc).encode("utf-8")
    except Exception:  # noqa: BLE001  (any other exception is what the fuzzer looks for)
        return Outcome(time.perf_counter() - started, traceback.format_exc())
    finally:
        sys.stdin = saved
    seconds = time.perf_counter() - started
    must_keep = not raw or target.keeps_valid_bytes and not any(b"\x00" in i for i in items)
    lost = must_keep and not any(MARK in t for t in texts)
    return Outcome(seconds, lost=lost)


@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_fuzz_reader(target: Target, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp(f"fuzz-{target.name}")

    @settings(max_examples=CI_EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(inputs(target))
    def check(case: tuple[bool, list[Any]]) -> None:
        outcome = run(target, case, folder)
        assert outcome.traceback is None, outcome.traceback
        assert outcome.seconds < HANG_SECONDS, f"{outcome.seconds:.1f}s on one input"
        assert not outcome.lost, "the valid record among hostile ones was lost"

    check()
