"""Readers, issue 14 kinds 1, 7, 8, 9 and the credits exports keep outside the text: twarc2,
twarc-csv, Bluesky (API and repository), Telethon, 4CAT, Meta Content Library, Instagram and
Threads downloads, folders, posts without text."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sourcetrace.cli.main import app
from sourcetrace.errors import InputError
from sourcetrace.readers import Problem, read_posts
from sourcetrace.records import Post

CASES = Path(__file__).resolve().parents[2] / "shared" / "cases"
if not CASES.is_dir():
    CASES = Path("/work/shared/cases")
EXPORTS = Path(__file__).parent / "fixtures" / "exports"
FIXTURES = Path(__file__).parent / "fixtures"


def read(*paths: Path | str, **options: object) -> tuple[list[Post], list[Problem]]:
    problems: list[Problem] = []
    posts = list(read_posts(list(paths), problems.append, **options))  # type: ignore[arg-type]
    return posts, problems


def credits(post: Post) -> list[tuple[str, str, str, str | None]]:
    return [(c.kind, c.value, c.field, c.label) for c in post.credits]


def kinds(problems: list[Problem]) -> list[str]:
    return [p.kind for p in problems]


def note(problems: list[Problem]) -> str:
    (found,) = [p.reason for p in problems if p.kind == "note"]
    return found


needs_cases = pytest.mark.skipif(not CASES.is_dir(), reason="shared cases folder not present")


# --- kind 1: twarc2 and twarc-csv ---------------------------------------------------------------


@needs_cases
def test_c07_twarc2_search_pages_and_flatten_lines_are_detected() -> None:
    posts, problems = read(CASES / "C07_twarc2_jsonl" / "twarc2_search.jsonl",
                           CASES / "C07_twarc2_jsonl" / "twarc2_flat.jsonl")
    assert problems == []
    assert [(p.id, p.author) for p in posts] == [
        ("1380000000000000001", "@demo_user_a"), ("1380000000000000002", "@demo_user_b")] * 2
    assert posts[0].url == "https://x.com/demo_user_a/status/1380000000000000001"
    assert posts[0].created_at == "2021-04-08T19:34:16+00:00" and posts[0].platform == "x"


@pytest.mark.parametrize("name", ["twarc2_search.jsonl", "twarc2_flat.jsonl"])
def test_twarc2_retweets_quotes_links_and_media(name: str) -> None:
    posts, problems = read(EXPORTS / name)
    by_id = {p.id[-1]: p for p in posts}
    assert sorted(by_id) == ["1", "2", "4"]
    # the t.co link is replaced by its target and kept as a credit labelled as X showed it
    assert by_id["1"].text.endswith("https://actualidad.rt.com/actualidad/491234-rusia-responde-sanciones")
    assert credits(by_id["1"]) == [("link", "https://actualidad.rt.com/actualidad/491234-rusia-responde-sanciones",
                                    "entities.urls.expanded_url", "actualidad.rt.com/actualidad/491…")]
    # a retweet is read whole from the referenced tweet, and credits the retweeted account
    assert by_id["2"].text.startswith("China's foreign trade") and "…" not in by_id["2"].text
    assert ("repost", "@demo_outlet") in [(k, v) for k, v, _, _ in credits(by_id["2"])]
    # a quote credits the quoted account
    assert ("repost", "@demo_outlet") in [(k, v) for k, v, _, _ in credits(by_id["4"])]
    # the photo-only tweet is counted as a post without text
    assert [(p.kind, p.reason.split(": ")[-1]) for p in problems] == [("no_text", "no text (media or markup only)")]


def test_twarc2_page_with_bad_tweets_keeps_the_good_ones(tmp_path: Path) -> None:
    page = {"data": [{"id": "1", "text": "good one here"}, 7, {"id": "3"}, {"id": "4", "text": "good two"}],
            "includes": {"users": 5}, "meta": {}}
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps(page) + "\n")
    posts, problems = read(path)
    assert [p.text for p in posts] == ["good one here", "good two"]
    assert [p.reason for p in problems] == ["tweet 2: not an object", "tweet 3: missing 'text'"]


def test_v1_tweets_in_jsonl_read_like_the_archive(tmp_path: Path) -> None:
    tweet = {"id_str": "9", "full_text": "RT @demo_outlet: Heavy rain flooded villages &amp; towns",
             "user": {"screen_name": "demo_user"}, "created_at": "Wed Mar 06 12:00:00 +0000 2024",
             "retweeted_status": {"full_text": "Heavy rain flooded villages &amp; towns on Sunday night.",
                                  "user": {"screen_name": "demo_outlet"}}}
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps(tweet) + "\n")
    (post,), _ = read(path)
    assert post.text == "Heavy rain flooded villages & towns on Sunday night."
    assert post.author == "@demo_user" and post.created_at == "2024-03-06T12:00:00+00:00"
    assert credits(post) == [("repost", "@demo_outlet", "retweeted_status.user.screen_name", None)]


@needs_cases
def test_c06_twarc_csv_json_encoded_text_is_decoded() -> None:
    posts, problems = read(CASES / "C06_twarc_csv_json_encoded_text" / "twarc_sample.csv")
    assert problems == []
    assert posts[1].text == posts[2].text  # \uXXXX escapes decoded like the plain row
    assert posts[0].text.endswith("https://www.rt.com/usa/439798-zinke-navy-blockade-russia/")
    assert posts[0].author == "@demo_user_a"
    assert credits(posts[0])[0][:3] == ("link", "https://www.rt.com/usa/439798-zinke-navy-blockade-russia/",
                                        "entities.urls.expanded_url")


def test_twarc_csv_with_other_columns_and_a_mapping_still_maps(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text('id,text,author.username,public_metrics.retweet_count\n5,"""a \\u00e9t\\u00e9 text""",u,0\n')
    (post,), _ = read(path)
    assert post.text == "a été text" and post.author == "@u"
    (mapped,), _ = read(path, columns={"author": "id"})
    assert mapped.author == "5"  # a mapping given: the columns are read as the user says


# --- kind 8: more platforms ---------------------------------------------------------------------


def test_bluesky_api_pages_json_and_jsonl() -> None:
    posts, problems = read(EXPORTS / "bluesky_author_feed.json", EXPORTS / "bluesky_search.jsonl")
    first, repost, again = posts
    assert first.platform == "bluesky" and first.author == "@demo-user.bsky.social"
    assert first.url == "https://bsky.app/profile/demo-user.bsky.social/post/3kdemo00001"
    assert credits(first) == [("link", "https://www.rt.com/news/589123-moscow-eu-sanctions/",
                               "facets.features.uri", "Source")]
    assert repost.author == "@demo-user.bsky.social"  # who reposted it into this feed
    assert credits(repost) == [
        ("repost", "@demo-outlet.bsky.social", "post.author.handle", None),
        ("link", "https://english.news.cn/20240625/abc/c.html", "embed.external.uri", "Chang'e-6 returns")]
    assert again.id == first.id
    assert kinds(problems) == ["no_text"]


def test_bluesky_posts_without_text_say_what_they_hold(tmp_path: Path) -> None:
    """A post with no text that only quotes another (embed app.bsky.embed.record) was "no text
    (images or a link card only)": the reason says what the record's embed holds, in API views
    and repository records alike."""
    ref = {"uri": "at://did:plc:other0000000000000000000/app.bsky.feed.post/3kother0001", "cid": "bafyo"}
    quote = {"$type": "app.bsky.embed.record", "record": ref}
    images = {"$type": "app.bsky.embed.images", "images": [{"alt": "", "image": {"$type": "blob"}}] * 2}
    embeds = [
        quote,
        {"$type": "app.bsky.embed.recordWithMedia", "record": quote, "media": images},
        {"$type": "app.bsky.embed.external", "external": {"uri": "https://www.rt.com/news/1/", "title": "RT"}},
        dict(images, images=images["images"][:1]),
        {"$type": "app.bsky.embed.record", "record": dict(ref, uri=ref["uri"].replace("feed.post", "graph.list"))},
    ]
    lines = [{"uri": f"at://did:plc:demo000000000000000000aa/app.bsky.feed.post/3kdemo0000{n}",
              "author": {"handle": "demo-user.bsky.social"},
              "record": {"$type": "app.bsky.feed.post", "text": "", "createdAt": "2023-12-10T12:00:00.000Z",
                         "embed": embed}} for n, embed in enumerate(embeds)]
    path = tmp_path / "posts.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    posts, problems = read(path)
    assert posts == [] and kinds(problems) == ["no_text"] * 5
    assert [p.reason for p in problems] == [
        "no text (a quote of another post only)",
        "no text (a quote of another post and images only)",
        "no text (a link card only)",
        "no text (an image only)",
        "no text (an embedded list only)",
    ]
    record = {"$type": "app.bsky.feed.post", "text": " ", "createdAt": "2023-12-10T12:00:00.000Z", "embed": quote}
    posts, problems = read(car_file(tmp_path / "repo.car", {"3kdemo00001": record}))
    assert posts == [] and [p.reason for p in problems] == ["no text (a quote of another post only)"]


def _cbor_head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    if n < 256:
        return bytes([major << 5 | 24, n])
    return bytes([major << 5 | 25]) + n.to_bytes(2, "big")


def _link(cid: bytes) -> bytes:
    return b"\xd8\x2a" + _cbor_head(2, len(cid) + 1) + b"\x00" + cid


def _text(s: str) -> bytes:
    data = s.encode()
    return _cbor_head(3, len(data)) + data


def _cid(block: bytes) -> bytes:
    return bytes([1, 0x71, 0x12, 0x20]) + hashlib.sha256(block).digest()


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def car_file(path: Path, records: dict[str, dict[str, object]], did: str = "did:plc:demo000000000000000000aa",
             junk: bytes = b"") -> Path:
    """A Bluesky repository export: CAR v1 header, commit, one MST node, the records (named by
    their rkey, a post's, or by "collection/rkey")."""
    from libipld import encode_dag_cbor

    blocks = {name if "/" in name else f"app.bsky.feed.post/{name}": encode_dag_cbor(record)
              for name, record in records.items()}
    entries = b""
    previous = b""
    for name in sorted(blocks):
        key = name.encode()
        prefix = len(next(iter([i for i in range(min(len(key), len(previous)) + 1)
                                if key[:i] == previous[:i]][-1:]), 0)) if False else 0
        while prefix < min(len(key), len(previous)) and key[prefix] == previous[prefix]:
            prefix += 1
        suffix = key[prefix:]
        entries += (b"\xa4" + _text("k") + _cbor_head(2, len(suffix)) + suffix + _text("p") + _cbor_head(0, prefix)
                    + _text("t") + b"\xf6" + _text("v") + _link(_cid(blocks[name])))
        previous = key
    node = b"\xa2" + _text("e") + _cbor_head(4, len(blocks)) + entries + _text("l") + b"\xf6"
    commit = (b"\xa5" + _text("did") + _text(did) + _text("rev") + _text("3kdemo") + _text("sig")
              + _cbor_head(2, 1) + b"\x00" + _text("data") + _link(_cid(node)) + _text("version") + b"\x03")
    header = b"\xa2" + _text("roots") + b"\x81" + _link(_cid(commit)) + _text("version") + b"\x01"
    out = _varint(len(header)) + header
    for block in [commit, *blocks.values(), node]:  # records before the tree: order is free
        section = _cid(block) + block
        out += _varint(len(section)) + section
    path.write_bytes(out + junk)
    return path


def test_bluesky_repository_car(tmp_path: Path) -> None:
    text = "Moscow responds to new EU sanctions. Source"
    start = text.encode().index(b"Source")
    records = {
        "3kdemo00001": {"$type": "app.bsky.feed.post", "text": text, "createdAt": "2023-12-10T10:00:00.000Z",
                        "langs": ["en"], "facets": [{"index": {"byteStart": start, "byteEnd": start + 6},
                        "features": [{"$type": "app.bsky.richtext.facet#link", "uri": "https://www.rt.com/news/1/"}]}]},
        "3kdemo00002": {"$type": "app.bsky.feed.post", "text": "", "createdAt": "2023-12-10T11:00:00.000Z"},
        "3kdemo00003": {"$type": "app.bsky.feed.like", "subject": {"uri": "at://x", "cid": "y"}},
    }
    path = car_file(tmp_path / "repo.car", records)
    posts, problems = read(path)
    (post,) = posts
    assert post.id == "at://did:plc:demo000000000000000000aa/app.bsky.feed.post/3kdemo00001"
    assert post.url == "https://bsky.app/profile/did:plc:demo000000000000000000aa/post/3kdemo00001"
    assert post.lang == "en" and credits(post) == [("link", "https://www.rt.com/news/1/", "facets.features.uri", "Source")]
    assert kinds(problems) == ["no_text"]
    # found by its first bytes too, and a broken tail loses only what follows
    renamed = tmp_path / "export.bin"
    car_file(renamed, records, junk=b"\x05\x01\x02")
    posts, problems = read(renamed)
    assert [p.id for p in posts] == [post.id]
    assert problems[-1].reason.endswith("the rest of the file is unreadable")


REPOST_REASON = "a repost names the reposted post by its AT URI only, so there is no text to check"


def test_bluesky_reposts_are_counted_in_one_note_per_repository(tmp_path: Path) -> None:
    """A repository's reposts were dropped without a word, as Mastodon boosts once were: a repost
    record holds the reposted post's at:// URI and CID, no text. Said once, with the count; likes,
    follows and the profile are no posts, and stay unsaid."""
    did = "did:plc:demo000000000000000000aa"
    subject = {"uri": "at://did:plc:other0000000000000000000/app.bsky.feed.post/3kother0001", "cid": "bafy"}
    repost = {"$type": "app.bsky.feed.repost", "subject": subject, "createdAt": "2023-12-10T12:00:00.000Z"}
    records = {
        "3kdemo00001": {"$type": "app.bsky.feed.post", "text": "Own words", "createdAt": "2023-12-10T10:00:00.000Z"},
        "app.bsky.feed.repost/3kdemo00002": repost,
        "app.bsky.feed.repost/3kdemo00003": dict(repost, createdAt="2023-12-10T13:00:00.000Z"),
        "app.bsky.feed.like/3kdemo00004": {"$type": "app.bsky.feed.like", "subject": subject},
        "app.bsky.graph.follow/3kdemo00005": {"$type": "app.bsky.graph.follow", "subject": "did:plc:x"},
        "app.bsky.actor.profile/self": {"$type": "app.bsky.actor.profile", "displayName": "Demo"},
    }
    path = car_file(tmp_path / "repo.car", records, did=did)
    posts, problems = read(path)
    assert [p.text for p in posts] == ["Own words"]
    assert [(p.kind, p.line, p.reason) for p in problems] == [("note", 0, f"2 reposts skipped: {REPOST_REASON}")]
    # a broken tail still says those read before it
    car_file(path, {"app.bsky.feed.repost/3kdemo00002": repost}, did=did, junk=b"\x05\x01\x02")
    posts, problems = read(path)
    assert posts == [] and kinds(problems) == ["skipped", "note"]
    assert problems[1].reason == f"1 repost skipped: {REPOST_REASON}"


def test_a_repository_of_reposts_only_is_not_called_empty(small_index: Path, tmp_path: Path) -> None:
    """The check said "5 reposts skipped" and then "the input holds no posts (an empty file?)"
    (trial 24): the file is not empty, it holds nothing to check but reposts."""
    subject = {"uri": "at://did:plc:other0000000000000000000/app.bsky.feed.post/3kother0001", "cid": "bafy"}
    repost = {"$type": "app.bsky.feed.repost", "subject": subject, "createdAt": "2023-12-10T12:00:00.000Z"}
    path = car_file(tmp_path / "repo.car", {f"app.bsky.feed.repost/3kdemo0000{n}": repost for n in range(3)})
    result = CliRunner().invoke(app, ["check", str(path), "--index", str(small_index)])
    assert result.exit_code == 0, result.output
    assert "the input holds no posts to check, only 3 reposts (see above)" in result.stderr
    assert "empty file" not in result.stderr


def test_telethon_messages() -> None:
    posts, problems = read(EXPORTS / "telethon_messages.jsonl")
    forwarded, linked = posts
    assert credits(forwarded) == [("forward", "channel 1101170442", "fwd_from", None)]
    assert credits(linked) == [("link", "https://ria.ru/20231210/sputnik-1915123456.html",
                                "entities.MessageEntityTextUrl.url", "Источник")]
    assert linked.id == "1500000001/2002" and linked.created_at == "2023-12-10T10:02:00+00:00"
    assert kinds(problems) == ["no_text"]


def test_telethon_service_messages_are_no_posts_even_as_the_first_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A MessageService line (Telethon's to_dict: `action` says a pin, a title change...; no
    `message`) fell to the plain JSONL reader: "missing 'text'" each, and as the first line a note
    asking for --time-col date, which once given read the whole file as plain JSONL. Counted as
    Telegram Desktop's service messages are: no problem, one info line."""
    peer = {"_": "PeerChannel", "channel_id": 1500000001}
    service = {"_": "MessageService", "id": 2000, "peer_id": peer, "date": "2023-12-10 09:59:00+00:00",
               "action": {"_": "MessageActionPinMessage"}, "out": False, "mentioned": False,
               "media_unread": False, "reactions_are_possible": False, "silent": False, "post": True,
               "legacy": False, "from_id": None, "saved_peer_id": None,
               "reply_to": {"_": "MessageReplyHeader", "reply_to_msg_id": 2001}, "reactions": None,
               "ttl_period": None}
    title = dict(service, id=2004, action={"_": "MessageActionChatEditTitle", "title": "Demo"}, reply_to=None)
    empty = {"_": "MessageEmpty", "id": 2005, "peer_id": peer}
    fourcat = dict(service, id=2006, _type="MessageService")  # 4CAT's NDJSON names the type so
    del fourcat["_"]
    path = tmp_path / "messages.jsonl"
    path.write_text(json.dumps(service) + "\n" + (EXPORTS / "telethon_messages.jsonl").read_text(encoding="utf-8")
                    + "".join(json.dumps(line) + "\n" for line in (title, empty, fourcat)), encoding="utf-8")
    with caplog.at_level("INFO", logger="sourcetrace.readers.reading"):
        posts, problems = read(path)
    assert [p.id for p in posts] == ["1500000001/2001", "1500000001/2002"]
    assert kinds(problems) == ["no_text"]  # the photo without a caption, as before
    assert f"{path}: 4 items that are no posts (likes, service messages) or bad" in caplog.messages
    # a Telegram Desktop export's service message is said the same way
    desktop = tmp_path / "result.json"
    desktop.write_text(json.dumps({"name": "c", "type": "public_channel", "id": 1, "messages": [
        {"id": 1, "type": "service", "action": "pin_message", "text": ""}]}))
    caplog.clear()
    with caplog.at_level("INFO", logger="sourcetrace.readers.reading"):
        assert read(desktop) == ([], [])
    assert f"{desktop}: 1 items that are no posts (likes, service messages) or bad" in caplog.messages


def test_an_older_telegram_export_says_once_its_dates_are_local_time(tmp_path: Path) -> None:
    """Trial 108: a Telegram Desktop export without `date_unixtime` (older versions write none)
    has only "date", the exporting computer's local time without a zone; it was read as UTC in
    silence. It still is (the zone is nowhere in the file), said in one note per file with how to
    get exact dates; an export with `date_unixtime` (UTC, exact) says nothing."""
    old = tmp_path / "old" / "result.json"
    old.parent.mkdir()
    old.write_text(json.dumps({"chats": {"list": [
        {"name": "a", "type": "public_channel", "id": 1, "messages": [
            {"id": 1, "type": "message", "date": "2023-11-15T10:20:00", "text": "first post"},
            {"id": 2, "type": "message", "date": "2023-11-16T08:00:00", "text": "second post"}]},
        {"name": "b", "type": "public_channel", "id": 2, "messages": [
            {"id": 3, "type": "message", "date": "2023-11-17T09:30:00", "text": "third post"}]}]}},
        indent=1))
    posts, problems = read(old)
    assert [p.created_at for p in posts] == [
        "2023-11-15T10:20:00+00:00", "2023-11-16T08:00:00+00:00", "2023-11-17T09:30:00+00:00"]
    said = note(problems)  # one note for the file, not one per message or chat
    assert said.startswith("dates such as '2023-11-15T10:20:00' (line ")
    assert "the exporting computer's local time, with no zone: read as UTC" in said
    assert "no 'date_unixtime'" in said and "export the chat again" in said
    assert kinds(problems) == ["note"]
    new = tmp_path / "new" / "result.json"
    new.parent.mkdir()
    new.write_text(json.dumps({"name": "a", "type": "public_channel", "id": 1, "messages": [
        {"id": 1, "type": "message", "date": "2023-11-15T10:20:00", "date_unixtime": "1700040000",
         "text": "first post"}]}))
    posts, problems = read(new)
    assert problems == [] and posts[0].created_at == "2023-11-15T09:20:00+00:00"
    undated = tmp_path / "undated" / "result.json"  # no date at all: nothing to say of its zone
    undated.parent.mkdir()
    undated.write_text(json.dumps({"name": "a", "type": "public_channel", "id": 1, "messages": [
        {"id": 1, "type": "message", "text": "first post"}]}))
    assert read(undated)[1] == []


def test_4cat_and_meta_content_library_csv() -> None:
    (fourcat,), problems = read(EXPORTS / "4cat_telegram.csv")
    assert fourcat.author == "demo_channel" and fourcat.created_at == "2023-12-10T10:07:00+00:00"
    assert credits(fourcat) == [("forward", "tass_agency", "author_forwarded_from_username", None)]
    assert kinds(problems) == ["no_text"]
    (mcl,), problems = read(EXPORTS / "meta_content_library.csv")
    assert problems == [] and mcl.author == "demopage" and mcl.lang == "es"
    assert mcl.created_at == "2023-12-10T10:00:00+00:00"
    assert credits(mcl) == [("link", "https://spanish.news.cn/20240117/abc/c.html", "link_attachment.link",
                             "El PIB de China creció 5,2 %")]


def test_instagram_and_threads_downloads_fix_meta_text() -> None:
    posts, problems = read(EXPORTS / "instagram_posts_1.json", EXPORTS / "threads_and_replies.json")
    assert [p.text for p in posts] == [
        "La Chine étend l'exemption de visa à six pays européens.",
        "Moscou répond aux nouvelles sanctions de l'UE.",
        "Китай запустил новый спутник дистанционного зондирования Земли.",
        "café day 👍",
    ]
    assert [p.platform for p in posts] == ["instagram", "instagram", "threads", "threads"]
    assert kinds(problems) == ["no_text"]


# --- credits in the existing exports (C03) ------------------------------------------------------


@needs_cases
def test_c03_telegram_forward_and_text_link_mastodon_link() -> None:
    posts, problems = read(CASES / "C03_telegram_forward_textlink" / "result.json",
                           CASES / "C03_telegram_forward_textlink" / "outbox.json")
    assert [credits(p) for p in posts] == [
        [("forward", "RT на русском", "forwarded_from", None)],
        [("link", "https://www.rt.com/usa/439798-zinke-navy-blockade-russia/", "text_entities.text_link.href", "Source")],
        [],  # the URL is in the text: nothing hidden
        [("link", "https://www.rt.com/usa/439798-zinke-navy-blockade-russia/", "a.href", "Source")],
    ]
    assert kinds(problems) == []  # the service message is no post


def test_attribution_cases_real_raw_objects_give_their_credit_field(tmp_path: Path) -> None:
    """Every real-layout case with a credit outside the text gets a credit from the reader."""
    cases = [json.loads(line) for line in (Path(__file__).parent / "attribution_cases_real.jsonl").open()]
    checked = 0
    for case in cases:
        raw, field = case.get("raw"), case.get("credit_field")
        if raw is None or field is None:
            continue
        if case["platform"] == "telegram":
            chat = dict(raw["chat"], messages=[raw["message"]])
            path = tmp_path / "result.json"
            path.write_text(json.dumps(chat, ensure_ascii=False))
        elif case["platform"] == "x":
            path = tmp_path / "tweets.js"
            path.write_text("window.YTD.tweets.part0 = " + json.dumps([raw], ensure_ascii=False))
        else:
            path = tmp_path / "outbox.json"
            path.write_text(json.dumps({"@context": "https://www.w3.org/ns/activitystreams",
                                        "orderedItems": [raw]}, ensure_ascii=False))
        posts, problems = read(path)
        assert len(posts) == 1, (case["id"], problems)
        post = posts[0]
        kind = {"forwarded_from": "forward", "quoted_status_permalink": "repost", "retweet": "repost",
                "entities.user_mentions[].name": "repost"}.get(field, "link")
        assert kind in [c.kind for c in post.credits], case["id"]
        if case["platform"] == "x":
            assert post.text == case["text"], case["id"]  # entities decoded, t.co expanded
        checked += 1
    assert checked >= 20


def test_mastodon_boost_with_object_is_a_repost_and_hashtags_are_no_credit(tmp_path: Path) -> None:
    outbox = {"@context": "https://www.w3.org/ns/activitystreams", "orderedItems": [
        {"type": "Announce", "actor": "https://m.example/users/me", "object": {
            "id": "https://o.example/1", "attributedTo": "https://o.example/users/outlet",
            "content": '<p>News text <a href="https://o.example/tags/x" class="mention hashtag">#<span>x</span></a>'
                       ' <a href="https://o.example/@outlet" class="u-url mention">@outlet</a></p>'}}]}
    path = tmp_path / "outbox.json"
    path.write_text(json.dumps(outbox))
    (post,), _ = read(path)
    assert credits(post) == [("repost", "@outlet@o.example", "object.attributedTo", None)]


# --- kind 7: folders ----------------------------------------------------------------------------


@needs_cases
def test_c10_x_archive_folder_and_its_data_folder(tmp_path: Path) -> None:
    for folder in (CASES / "C10_check_folder_no_such_file" / "archive",
                   CASES / "C10_check_folder_no_such_file" / "archive" / "data"):
        posts, problems = read(folder)
        assert len(posts) == 1
        assert "tweets.js" in note(problems)


def test_export_folders_read_what_they_recognise_and_say_what_they_skip(tmp_path: Path) -> None:
    x = tmp_path / "x"
    shutil.copytree(FIXTURES / "x_archive", x)
    (x / "data" / "like.js").write_text("window.YTD.like.part0 = []")
    (x / "data" / "tweets_media").mkdir()
    (x / "data" / "tweets_media" / "1-a.jpg").write_bytes(b"\xff\xd8")
    (x / "Your archive.html").write_text("<html></html>")
    posts, problems = read(x)
    assert len(posts) == 3
    said = note(problems)
    assert "data/tweets.js" in said
    assert "2 other X archive files (.js) (data/account.js, ...)" in said and "1 .jpg file (data/tweets_media/1-a.jpg)" in said

    mastodon = tmp_path / "mastodon"
    mastodon.mkdir()
    shutil.copy(FIXTURES / "mastodon" / "outbox.json", mastodon / "outbox.json")
    (mastodon / "likes.json").write_text('{"@context": "https://www.w3.org/ns/activitystreams", "orderedItems": ["https://a/1"]}')
    (mastodon / "actor.json").write_text('{\n "type": "Person"\n}')
    (mastodon / "media_attachments" / "files").mkdir(parents=True)
    (mastodon / "media_attachments" / "files" / "a.png").write_bytes(b"\x89PNG")
    posts, problems = read(mastodon)
    assert posts and all(p.platform == "mastodon" for p in posts)
    folder = note([p for p in problems if "boost" not in p.reason])  # the outbox's boost has its own
    assert "2 Mastodon account files without posts (" in folder and "1 .png file (media_attachments/files/a.png)" in folder

    telegram = tmp_path / "telegram"
    (telegram / "photos").mkdir(parents=True)
    shutil.copy(FIXTURES / "telegram" / "result.json", telegram / "result.json")
    (telegram / "photos" / "p.jpg").write_bytes(b"\xff")
    (telegram / "messages.html").write_text("<html/>")
    (telegram / "files").mkdir()
    (telegram / "files" / "notes.txt").write_text("an attachment, not a post\n")
    posts, problems = read(telegram)
    assert posts and all(p.platform == "telegram" for p in posts)
    assert "1 text file in subfolders, read only at the top (attachments) (files/notes.txt)" in note(problems)

    mixed = tmp_path / "mixed"
    mixed.mkdir()
    (mixed / "a.jsonl").write_text('{"text": "first post here"}\n')
    (mixed / "b.csv").write_text("text\nsecond post here\n")
    (mixed / "c.txt").write_text("third post here\n")
    (mixed / "unknown.json").write_text('{\n "hello": 1\n}')
    posts, problems = read(mixed)
    assert [p.text for p in posts] == ["first post here", "second post here", "third post here"]
    assert "1 JSON file of no post format (unknown.json)" in note(problems)


def test_folder_without_post_files_is_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "a.jpg").write_bytes(b"\xff")
    with pytest.raises(InputError, match=r"a folder with no post files \(1 \.jpg file \(a\.jpg\)\)"):
        read(tmp_path)


# --- kind 9: posts without text -----------------------------------------------------------------


def test_media_only_posts_are_counted_in_every_export(tmp_path: Path) -> None:
    x = tmp_path / "tweets.js"
    x.write_text('window.YTD.tweets.part0 = [{"tweet": {"id_str": "1", "full_text": "https://t.co/p",'
                 ' "extended_entities": {"media": [{"url": "https://t.co/p", "expanded_url": "https://x.com/p"}]}}},'
                 ' {"tweet": {"id_str": "2", "full_text": ""}}]')
    telegram = tmp_path / "result.json"
    telegram.write_text(json.dumps({"name": "c", "type": "public_channel", "id": 1, "messages": [
        {"id": 1, "type": "message", "text": "", "photo": "photos/1.jpg"},
        {"id": 2, "type": "service", "action": "pin_message", "text": ""}]}))
    mastodon = tmp_path / "outbox.json"
    mastodon.write_text(json.dumps({"@context": "https://www.w3.org/ns/activitystreams", "orderedItems": [
        {"type": "Create", "object": {"type": "Note", "content": "", "attachment": [{"url": "a.png"}]}},
        {"type": "Like", "object": "https://a/1"}]}))
    posts, problems = read(x, telegram, mastodon)
    assert posts == []
    assert kinds(problems) == ["no_text"] * 4  # likes and service messages are no posts at all


def test_a_twarc2_page_over_the_limit_says_what_it_leaves_out(tmp_path: Path) -> None:
    """A page with more tweets than MAX_PAGE_TWEETS keeps the first ones and says so in a line
    (real pages hold at most 500; nothing valid is dropped in silence)."""
    from sourcetrace.readers.tweets import MAX_PAGE_TWEETS

    tweets = [{"id": str(i), "text": f"tweet number {i} with some words", "author_id": "1"}
              for i in range(MAX_PAGE_TWEETS + 5)]
    page = {"data": tweets, "includes": {"users": [{"id": "1", "username": "someone"}]},
            "meta": {"result_count": len(tweets)}}
    path = tmp_path / "page.jsonl"
    path.write_text(json.dumps(page) + "\n", encoding="utf-8")
    problems: list[Problem] = []
    posts = list(read_posts([path], problems.append))
    assert len(posts) == MAX_PAGE_TWEETS
    assert any("the rest" in str(p) for p in problems), problems


def test_a_file_in_a_folder_that_cannot_be_read_is_skipped_not_fatal(tmp_path: Path) -> None:
    """One file of a folder without a text column is said and skipped; the others are read."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a.jsonl").write_text(json.dumps({"id": "p1", "text": "a post that is read"}) + "\n",
                                    encoding="utf-8")
    (folder / "b.csv").write_text("id,комментарий\np2,пост без колонки text\n", encoding="utf-8")
    (folder / "c.csv").write_text("id,text\np3,another post that is read\n", encoding="utf-8")
    problems: list[Problem] = []
    posts = list(read_posts([folder], problems.append))
    assert sorted(p.id for p in posts) == ["p1", "p3"]
    said = [str(p) for p in problems]
    assert any("b.csv" in s and "text" in s and "skipped" in s for s in said), said
    with pytest.raises(InputError):  # named on its own, the same file is an error
        list(read_posts([folder / "b.csv"], problems.append))


def test_naming_a_column_keeps_the_research_tool_reading(tmp_path: Path) -> None:
    """C06 with --author-col: a CrowdTangle/twarc-csv file keeps its tool's columns for the fields
    not named (credits from the link column, the platform)."""
    path = tmp_path / "ct.csv"
    path.write_text(
        "Page Name,User Name,Facebook Id,Post Created,Type,Link,Message,Post URL\n"
        "Demo Page,demo_page,100,2019-09-30 10:00:00 EDT,Link,https://www.rt.com/news/1/,"
        "Some text of a post that is long enough to be read,https://facebook.com/100/posts/1\n",
        encoding="utf-8")
    plain = list(read_posts([path], lambda p: None))
    named = list(read_posts([path], lambda p: None, columns={"author": "Page Name"}))
    assert plain[0].platform == named[0].platform == "facebook"
    assert named[0].author == "Demo Page" and plain[0].credits == named[0].credits
    assert named[0].credits


def test_x_archive_long_tweets_get_their_note_text_and_parts_come_in_order() -> None:
    """Seventh trial: tweets.js keeps a long tweet's first 280 characters ("… https://t.co/nnn");
    its whole text is in note-tweet.js, joined by the tweet id. And tweets-part1.js was read
    before tweets.js."""
    posts, problems = read(FIXTURES / "trial7" / "x_archive")
    ids = [p.id for p in posts]
    assert ids == sorted(ids)  # tweets.js (…01-…05) before tweets-part1.js (…06)
    long = next(p for p in posts if p.id == "1725300000000000005")
    assert long.text.endswith("A strong earthquake with a magnitude of 7.0 has struck central Morocco, and we"
                              " stand with our friends there.")
    assert "…" not in long.text and "t.co" not in long.text
    said = note(problems)
    assert "reading 2 files (data/tweets.js, data/tweets-part1.js)" in said
    assert "1 note-tweet file (long tweets' full text, read with the tweets) (data/note-tweet.js)" in said


def test_a_retweet_credits_the_account_by_its_display_name_too(tmp_path: Path) -> None:
    """tests/attribution_cases_real.jsonl r13-outside_text-es-09: a retweet of "@XHspanish", an
    account the outlet registry lacks, whose display name "Xinhua Español" names the outlet, was
    read unattributed: the readers kept the handle of a retweeted or quoted account and not its
    name. The name is the repost credit's label, in X archives (retweeted_status, "RT @x:" with
    its user_mentions, quoted_status) and twarc2 pages (includes.users)."""
    from sourcetrace.attribution import analyze
    from sourcetrace.outlets import Registry

    text = "RT @XHspanish: Fuertes lluvias inundaron varias aldeas de la provincia de Guangdong el domingo"
    mention = {"name": "Xinhua Español", "screen_name": "XHspanish", "indices": ["3", "13"]}
    archive = [
        {"tweet": {"id_str": "1", "full_text": text, "entities": {"user_mentions": [mention]}}},
        {"tweet": {"id_str": "2", "full_text": text, "retweeted_status": {
            "full_text": text[len("RT @XHspanish: "):], "user": {"screen_name": "XHspanish", "name": "Xinhua Español"}}}},
        {"tweet": {"id_str": "3", "full_text": "Lluvias en Guangdong https://t.co/q", "quoted_status": {
            "full_text": "Fuertes lluvias", "user": {"screen_name": "XHspanish", "name": "Xinhua Español"}}}},
    ]
    path = tmp_path / "tweets.js"
    path.write_text("window.YTD.tweets.part0 = " + json.dumps(archive, ensure_ascii=False), "utf-8")
    page = {"data": [{"id": "4", "text": text, "author_id": "10",
                      "referenced_tweets": [{"type": "retweeted", "id": "5"}]}],
            "includes": {"users": [{"id": "10", "username": "someone"},
                                   {"id": "11", "username": "XHspanish", "name": "Xinhua Español"}],
                         "tweets": [{"id": "5", "text": "Fuertes lluvias inundaron varias aldeas", "author_id": "11"}]}}
    twarc = tmp_path / "page.jsonl"
    twarc.write_text(json.dumps(page, ensure_ascii=False) + "\n", "utf-8")
    posts = read(path)[0] + read(twarc)[0]
    assert [[(c.kind, c.value, c.label) for c in p.credits] for p in posts] == [
        [("repost", "@XHspanish", "Xinhua Español")]] * 4
    registry = Registry.load()
    for post in posts:
        result = analyze(post.text, "xinhua", registry, credits=post.credits, platform="x")
        assert (result.status, result.credited) == ("attributed", "xinhua"), post.id


def test_a_language_column_naming_none_is_blank_without_a_warning(tmp_path: Path) -> None:
    """Trial 111: Meltwater's "Other" and "Unknown" were a warning each ("no language tag")."""
    src = tmp_path / "posts.csv"
    src.write_text("text,lang\nLluvias en Guangdong,Other\nRain in Guangdong,Unknown\nLluvias,klingon\n", "utf-8")
    posts, problems = read(src)
    assert [p.lang for p in posts] == [None, None, None]
    assert [p.reason for p in problems if "language tag" in p.reason] == ["'lang' 'klingon' is no language tag: left blank"]


def test_meltwater_csv() -> None:
    """Trial 109: a Meltwater export's posts were read only with --text-col "Hit Sentence"; its
    `Date` and `Time` columns were two dates in competition, its `Language` names no tag."""
    posts, problems = read(EXPORTS / "meltwater.csv")
    assert problems == []
    first, second = posts
    assert first.text.startswith("China y Francia firmaron 12 acuerdos")
    assert (first.id, first.author, first.platform, first.lang) == (
        "1721900000000000001", "@noticias_demo", "x", "es")
    assert first.url == "https://x.com/noticias_demo/status/1721900000000000001"
    assert first.created_at == "2023-11-07T10:30:00+00:00"
    assert second.created_at == "2023-11-08T21:05:00+00:00"


@pytest.mark.parametrize(("name", "tag"), [
    ("Spanish", "es"), ("español", "es"), ("Chinese (Simplified)", "zh"), ("中文", "zh"), ("العربية", "ar"),
    ("русский", "ru"), ("Other", None), ("Unknown", None), ("N/A", None), ("en", "en"), ("in", "id"),
    ("klingon", None), ("Tagalog", "tl"),
])
def test_a_language_named_in_words_is_its_tag(name: str, tag: str | None) -> None:
    from sourcetrace.lang import normalize_tag

    assert normalize_tag(name) == tag
