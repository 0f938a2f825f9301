"""A JSON array of objects, each one record (a file starting with "[{")."""

from __future__ import annotations

import re

from ..documents import walk_array
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
    # an array of objects; anything else keeps the old reading as text lines
    return ("json" if text[1:].lstrip().startswith(b"{") else None), ""


register(
    Format(
        name="json",
        description="a JSON array",
        sniffers=((20, _array_of_objects),),
        walk=walk_array,
        opening=b"[",
    )
)
