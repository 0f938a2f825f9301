"""A Bluesky repository export (*.car: `com.atproto.sync.getRepo`, or "Export my data" in the
app): a CAR v1 file of DAG-CBOR blocks — the signed commit, the Merkle search tree (MST) that
names each record "collection/rkey", and the records. Every app.bsky.feed.post record is a post.
A repost record (app.bsky.feed.repost) holds no text, only the reposted post's at:// URI and CID:
the reposts are counted in one note per file. Likes, follows, blocks, lists, the profile and the
other records of a repository are no posts and are passed over without a word.

The file is read block by block (a varint length, the block's CID, its bytes), each block at most
MAX_RECORD_BYTES and decoded on its own with libipld (Rust; its documented failures are
ValueError and RecursionError), so a bad block loses only itself. A file is read twice: first
the commit and the tree (for each post's rkey, hence its URL), then the records; from stdin, in
one pass, posts are named by their CID.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from functools import partial
from typing import IO, Any

from ..bluesky import POST_TYPE, REPOST_TYPE, record_post
from ..documents import MAX_RECORD_BYTES
from ..inputs import Job
from ..problems import NotChecked
from ..registry import Format, Verdict, register
from ..values import as_dict, as_list

log = logging.getLogger(__name__)

_POSTS = b"app.bsky.feed.post/"
# A repository holds one tree node per few dozen records; a file with more entries than this
# in its tree is not a personal repository (the names past it are not kept).
MAX_TREE_ENTRIES = 5_000_000
# Said once per repository, with the count, as Mastodon boosts named by URL are: the reposted
# post is in its author's repository, not this one, so a user would otherwise not hear of them.
_REPOST = NotChecked(
    "repost", "a repost names the reposted post by its AT URI only, so there is no text to check")


class CarError(Exception):
    """The CAR framing is broken at byte `offset`: nothing after it can be read."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset


def _sniff(head: bytes) -> Verdict | None:
    start = head[:64]
    if b"eroots" in start and b"gversion" in start and head[:1] != b"{":
        return "bluesky", ""
    return None


def _varint(stream: IO[bytes], offset: int) -> tuple[int | None, int]:
    """An unsigned LEB128 varint from the stream: (value or None at the end, bytes read)."""
    value = shift = 0
    for count in range(1, 10):
        byte = stream.read(1)
        if not byte:
            if count == 1:
                return None, 0
            raise CarError(offset, "the file ends inside a block length (truncated?)")
        value |= (byte[0] & 0x7F) << shift
        if byte[0] < 0x80:
            return value, count
        shift += 7
    raise CarError(offset, "a block length longer than 9 bytes")


def _cid_length(data: bytes) -> int:
    """The length of the CID at the start of a section (CIDv0: 34 bytes; CIDv1: varints)."""
    if data[:2] == b"\x12\x20":
        return 34
    position = 0
    for _ in range(3):  # version, codec, hash code
        while position < len(data) and data[position] >= 0x80:
            position += 1
        position += 1
    size = 0
    shift = 0
    while position < len(data):
        byte = data[position]
        position += 1
        size |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            break
    if position + size > len(data):
        raise ValueError("CID longer than its section")
    return position + size


def _blocks(stream: IO[bytes], report: Callable[[int, str], None]) -> Iterator[tuple[int, bytes, Any]]:
    """(offset, CID bytes, decoded block) for each block; bad blocks are problems."""
    from libipld import decode_dag_cbor

    offset = 0
    length, size = _varint(stream, offset)
    if length is None or length > MAX_RECORD_BYTES:
        raise CarError(0, "not a CAR file (no header)")
    header = stream.read(length)
    offset += size + length
    try:
        decoded = decode_dag_cbor(header)
    except (ValueError, RecursionError) as exc:
        raise CarError(0, f"unreadable CAR header ({exc})") from None
    if not isinstance(decoded, dict) or decoded.get("version") != 1:
        raise CarError(0, "not a CAR v1 file (header version is not 1)")
    while True:
        start = offset
        length, size = _varint(stream, offset)
        if length is None:
            return
        offset += size
        if length > MAX_RECORD_BYTES:
            _skip(stream, length, start)
            offset += length
            report(0, f"block at byte {start:,} is larger than {MAX_RECORD_BYTES:,} bytes")
            continue
        data = stream.read(length)
        offset += length
        if len(data) < length:
            raise CarError(start, "the file ends inside a block (truncated?)")
        try:
            cid_size = _cid_length(data)
            block = decode_dag_cbor(data[cid_size:])
        except (ValueError, RecursionError) as exc:
            report(0, f"block at byte {start:,}: unreadable ({exc})")
            continue
        yield start, data[:cid_size], block


def _skip(stream: IO[bytes], length: int, start: int) -> None:
    left = length
    while left:
        chunk = stream.read(min(left, 1 << 16))
        if not chunk:
            raise CarError(start, "the file ends inside a block (truncated?)")
        left -= len(chunk)


def _is_node(block: Any) -> bool:
    return isinstance(block, dict) and isinstance(block.get("e"), list) and "l" in block


def _tree(node: dict[str, Any], names: dict[bytes, str]) -> None:
    """Add the post keys of one MST node to `names` (record CID -> rkey)."""
    key = b""
    for entry in as_list(node.get("e")):
        entry = as_dict(entry)
        prefix, suffix, value = entry.get("p"), entry.get("k"), entry.get("v")
        if not isinstance(prefix, int) or not isinstance(suffix, bytes) or prefix < 0:
            return
        key = key[:prefix] + suffix
        if key.startswith(_POSTS) and isinstance(value, bytes) and len(names) < MAX_TREE_ENTRIES:
            names[value] = key[len(_POSTS):].decode("utf-8", "replace")


def _read(stream: IO[bytes], job: Job[Any]) -> Iterator[Any]:
    names: dict[bytes, str] = {}
    did: str | None = None
    seekable = _seekable(stream)
    not_checked: Counter[tuple[str, str | None, str]] = Counter()
    try:
        if seekable:
            try:
                for _, _, block in _blocks(stream, _quiet):
                    if _is_node(block):
                        _tree(block, names)
                    elif isinstance(block, dict) and isinstance(block.get("did"), str) and "data" in block:
                        did = block["did"]
            except CarError:
                pass  # the second pass reaches the same break and says so
            stream.seek(0)
        for offset, cid, block in _blocks(stream, job.problem):
            if not seekable and isinstance(block, dict) and isinstance(block.get("did"), str):
                did = did or block["did"]
            kind = block.get("$type") if isinstance(block, dict) else None
            if kind == REPOST_TYPE:
                not_checked[_REPOST.key] += 1
                continue
            if kind != POST_TYPE:
                continue  # a like, a follow, the profile, a tree node, the commit: no post
            rkey = names.get(cid)
            uri = f"at://{did}/app.bsky.feed.post/{rkey}" if did and rkey else None
            record = block
            post = job.run(offset, partial(_post, record, uri, cid, did))
            if post is not None:
                yield post
    except CarError as exc:
        job.problem(0, f"byte {exc.offset:,}: {exc}; the rest of the file is unreadable")
    job.say_not_checked(not_checked)  # those read before a break too


def _post(record: dict[str, Any], uri: str | None, cid: bytes, did: str | None, origin: Any) -> Any:
    post = record_post(record, origin, uri=uri, author=did)
    if uri is None:
        from libipld import encode_cid

        try:
            return _with_id(post, encode_cid(cid))
        except ValueError:
            return post
    return post


def _with_id(post: Any, ident: str) -> Any:
    import dataclasses

    return dataclasses.replace(post, id=ident)


def _seekable(stream: IO[bytes]) -> bool:
    try:
        return bool(stream.seekable()) and stream.tell() == 0
    except (OSError, ValueError, AttributeError):
        return False


def _quiet(line: int, reason: str) -> None:
    """The first pass says nothing: the second meets the same problems and reports them."""


register(
    Format(
        name="bluesky",
        description="a Bluesky repository (CAR)",
        extensions=(".car",),
        sniffers=((5, _sniff),),
        articles=False,
        read=_read,
        binary=True,
        export_file="a Bluesky repo.car",
    )
)
