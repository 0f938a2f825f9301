"""The latest version of each article read in one command: the same item (same id or URL) read
twice with another text, as a feed gives it again corrected a week later, is indexed once, in
the version published or updated last (by its date where both have one, else the later read).

Trial 110: `index build feeds/w1 feeds/w2` kept week 1's text of two items week 2 corrected, and
advised a rebuild, which that command was. The index keeps the first text it is given of an id
or URL (`Store.duplicate_of`), so the choice is made before: the articles are spooled to a
temporary file (a build may read millions; only a digest of each key and text is held in
memory) and given back in their order, each superseded version left out.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone

from ..records import Article, content_hash


@dataclass
class Versions:
    """What `latest_versions` did: `replaced` lists (id of the version dropped, id of the one
    indexed) for each item read again with another text, in reading order."""

    replaced: list[tuple[str, str]] = field(default_factory=list)
    # of those, how many kept an earlier read because it is dated later than the one read after
    kept_earlier: int = 0


def _digest(kind: str, value: str) -> int:
    """A key as 64 bits (a collision among a build's ids and URLs is as likely as 1 in 10^7 at a
    million articles): what keeps the memory per article small."""
    digest = hashlib.blake2b(f"{kind}\0{value}".encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def _instant(value: str | None) -> datetime | None:
    """An article's published_at as an aware time (a naive one taken as UTC), None if it has none."""
    if not value:
        return None
    try:
        found = datetime.fromisoformat(value)
    except ValueError:
        return None
    return found if found.tzinfo is not None else found.replace(tzinfo=timezone.utc)


def _later(new: datetime | None, old: datetime | None) -> bool:
    """Whether a version read after another wins: unless both are dated and it is dated earlier."""
    return new is None or old is None or new >= old


def latest_versions(articles: Iterable[Article], report: Versions) -> Iterator[Article]:
    """`articles` in their order, each left out that another of its id or URL, with another text,
    supersedes (`_later`); `report` hears of each. Nothing is yielded before all are read."""
    slots: dict[int, int] = {}  # id or URL digest -> position of the version kept
    kept: dict[int, tuple[int, datetime | None, str, list[int]]] = {}  # position -> text digest, date, id, keys
    dropped: set[int] = set()
    with tempfile.TemporaryFile(prefix="sourcetrace-articles-") as spool:
        count = 0
        for position, article in enumerate(articles):
            # one JSON line an article (no pickle: the project reads back nothing it would run)
            spool.write(json.dumps(article.to_dict()).encode("ascii") + b"\n")
            count += 1
            keys = [_digest("id", article.id)] + ([_digest("url", article.url)] if article.url else [])
            text = int(content_hash(article.text)[:16], 16)
            when = _instant(article.published_at)
            earlier = next((slots[k] for k in keys if k in slots), None)
            if earlier is not None:
                old_text, old_when, old_id, old_keys = kept[earlier]
                if old_text == text:  # the same text again: the index says so itself
                    continue
                if not _later(when, old_when):
                    report.kept_earlier += 1
                    report.replaced.append((article.id, old_id))
                    dropped.add(position)
                    continue
                report.replaced.append((old_id, article.id))
                dropped.add(earlier)
                del kept[earlier]
                keys = list(dict.fromkeys(old_keys + keys))
            kept[position] = (text, when, article.id, keys)
            for key in keys:
                slots[key] = position
        spool.seek(0)
        for position in range(count):
            line = spool.readline()
            if position not in dropped:
                yield Article(**json.loads(line))
