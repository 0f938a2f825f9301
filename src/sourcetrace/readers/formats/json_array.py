"""A JSON array of objects, each one record (a file starting with "[{")."""

from __future__ import annotations

import json
import re

from ..documents import walk_array
from ..inputs import HEAD_BYTES
from ..registry import Format, Unreadable, Verdict, register

# A file opening with more arrays than this, one inside the other, is refused: no export nests
# so, Python's parser stops near 1,000 levels, and read as text lines a trial's 100,000 "["
# became one post checked against the index.
MAX_OPENING_DEPTH = 100
_OPENING = re.compile(rb"(?:\[\s*)+")


def _array_of_objects(text: bytes) -> Verdict | None:
    if not text.startswith(b"["):
        return None
    opening = _OPENING.match(text, 0, MAX_OPENING_DEPTH * 8)
    depth = opening.group().count(b"[") if opening else 0
    if depth > MAX_OPENING_DEPTH:
        return None, Unreadable(f"not JSON any reader takes: it opens more than {MAX_OPENING_DEPTH} arrays"
                                " one inside the other; nothing read")
    rest = text[1:].lstrip()
    if rest.startswith(b"{") or _empty(rest):
        return "json", ""  # an empty array holds no records, and is said so
    items = _items_kind(text)
    if items is not None:
        # a trial's `[1,2,3]` was checked as one plain-text post "[1,2,3]"
        return None, Unreadable(f"a JSON array of {items}, not of records: each post or article is a JSON"
                                ' object with a "text" field ([{"text": "..."}, ...]), or a line of a JSONL'
                                " or text file")
    return None, ""  # "[BREAKING] ..." and the like: read as text lines


def _empty(rest: bytes) -> bool:
    """`rest` (after the opening "[") closes the array with nothing after it on its line."""
    return rest.startswith(b"]") and not rest[1:].split(b"\n", 1)[0].strip()


_KINDS = {str: "strings", int: "numbers", float: "numbers", bool: "true/false values", list: "arrays",
          type(None): "nulls"}


def _items_kind(text: bytes) -> str | None:
    """What a JSON array's items are ("strings", "numbers", "nulls and true/false values", ...)
    when `text`, the start of a file opening with "[" and not with an object, is such an array
    and nothing else: the whole array followed by white space only, or an array longer than
    `text` whose first item is followed by a comma. None for anything else: a text line ("[1]
    note", "[BREAKING] ..."), or an array on the first of several lines (read as text lines,
    none lost)."""
    head = text.decode("utf-8", "replace")
    decoder = json.JSONDecoder()
    try:
        value, end = decoder.raw_decode(head)
    except (ValueError, RecursionError):
        if len(text) < HEAD_BYTES - 4096:  # the whole file (the head less white space and a BOM): not JSON
            return None
        try:  # a long array: its first item, after the "[" and any white space
            rest = head[head.index("[") + 1 :]
            item, end = decoder.raw_decode(head, len(head) - len(rest.lstrip()))
        except (ValueError, RecursionError):
            return None
        return _KINDS.get(type(item)) if head[end:].lstrip().startswith(",") else None
    if head[end:].strip() or not isinstance(value, list) or not value:
        return None
    kinds = list(dict.fromkeys(_KINDS.get(type(item), "objects") for item in value))  # in order, once
    return kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]


register(
    Format(
        name="json",
        description="a JSON array",
        sniffers=((20, _array_of_objects),),
        walk=walk_array,
        opening=b"[",
    )
)
