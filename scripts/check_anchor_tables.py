"""Check that an article's key tables agree, over every article of an index.

    PYTHONPATH=src python scripts/check_anchor_tables.py INDEX [--every N]

For each article (or every N-th), three tables of its anchors by key: the full one
(`key_table(extract(text))`, every Han-run window made), the one `article_keys` builds (Han-run
windows looked up on demand) and the one read back from `stored_keys` (what `index build` stores;
each listed span confirmed by extracting it again). Every key of the full table, each key
reversed (mostly absent) and three absent keys are looked up in all three; any difference is
printed. Prints the lookups made, the differences and the milliseconds per article of each way
(docs/BENCHMARKS.md, "Anchor keys looked up, and stored at index time").
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sourcetrace import anchorcompare, anchors, storedkeys
from sourcetrace import index as ix


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("--every", type=int, default=1, help="check every N-th article")
    args = parser.parse_args(argv)
    loaded = ix.Index.open(args.index)
    texts = [text for aid, text in enumerate(_texts(loaded)) if aid % args.every == 0]
    loaded.close()
    lookups = differences = 0
    spent = {"full": 0.0, "looked up": 0.0, "stored": 0.0}
    for text in texts:
        raw = storedkeys.stored_keys(text)  # what `index build` stores
        t0 = time.perf_counter()
        full = anchorcompare.key_table(anchors.extract(text))
        t1 = time.perf_counter()
        lazy = anchorcompare.article_keys.__wrapped__(text)
        t2 = time.perf_counter()
        stored = storedkeys.stored_table(text, raw)  # read back
        t3 = time.perf_counter()
        spent["full"] += t1 - t0
        spent["looked up"] += t2 - t1
        spent["stored"] += t3 - t2
        keys = list(full.by_key)
        probes = keys + [(group, key[::-1]) for group, key in keys] + [
            ("name", "beijing"), ("number", "7"), ("date", "1-1")]
        for group, key in probes:
            want = full.by_key.get((group, key))
            for name, table in (("looked up", lazy), ("stored", stored)):
                lookups += 1
                if table.find(group, key) != want:
                    differences += 1
                    if differences <= 10:
                        print(f"differs ({name}): {group} {key!r} in {text[:60]!r}", file=sys.stderr)
        if not full.has_numbers == lazy.has_numbers == stored.has_numbers:
            differences += 1
    n = max(len(texts), 1)
    print(f"{len(texts):,} articles, {lookups:,} lookups, {differences} differences; ms per article: "
          + ", ".join(f"{k} {v / n * 1000:.3f}" for k, v in spent.items()))
    return 1 if differences else 0


def _texts(loaded: ix.Index) -> list[str]:
    rows = loaded.store.conn.execute("SELECT text FROM articles ORDER BY aid").fetchall()
    return [str(text) for (text,) in rows]


if __name__ == "__main__":
    sys.exit(main())
