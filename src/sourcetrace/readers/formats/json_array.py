"""A JSON array of objects, each one record (a file starting with "[{")."""

from __future__ import annotations

from ..documents import walk_array
from ..registry import Format, Verdict, register


def _array_of_objects(text: bytes) -> Verdict | None:
    if not text.startswith(b"["):
        return None
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
