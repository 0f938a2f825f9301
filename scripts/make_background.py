#!/usr/bin/env python3
"""Write src/sourcetrace/data/background_passages.jsonl: the reference passages that pad the
background of a query against a small index (candidates.BACKGROUND_MIN_PASSAGES).

    python scripts/make_background.py [--ntrex ../shared/data/ntrex128]

From NTREX-128 (CC BY-SA 4.0; ../shared/data/ntrex128/SOURCE.md): the 78 news documents that
the bundled sample (corpora/sample) does not hold, each in ONE of 12 languages (English and the
11 translations, in turn), its first REFERENCE_LINES lines of 30 characters or more. One
language per document: the same sentence in several languages would stand close to itself in
USE's and e5's cross-lingual spaces and a post near it would find its 10 nearest reference
passages all one sentence. Deterministic: the same input gives the same file.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "sourcetrace" / "data" / "background_passages.jsonl"
SAMPLE = REPO / "corpora" / "sample" / "articles.jsonl"
# file suffix -> BCP 47 tag
LANGS = [("src.eng", "en"), ("ref.spa", "es"), ("ref.zho-CN", "zh"), ("ref.fra", "fr"), ("ref.rus", "ru"),
         ("ref.arb", "ar"), ("ref.deu", "de"), ("ref.por", "pt"), ("ref.jpn", "ja"), ("ref.hin", "hi"),
         ("ref.vie", "vi"), ("ref.swa", "sw")]
REFERENCE_LINES = 3
MIN_CHARS = 30


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ntrex", type=Path, default=REPO.parent / "shared" / "data" / "ntrex128")
    args = parser.parse_args()
    doc_ids = (args.ntrex / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    lines = {tag: (args.ntrex / f"newstest2019-{suffix}.txt").read_text(encoding="utf-8").splitlines()
             for suffix, tag in LANGS}
    in_sample = {json.loads(line)["id"] for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()}
    docs: dict[str, list[int]] = {}
    for number, doc in enumerate(doc_ids):
        docs.setdefault(doc.strip(), []).append(number)
    rows = []
    kept = [doc for doc in docs if doc not in in_sample]
    for i, doc in enumerate(kept):
        tag = LANGS[i % len(LANGS)][1]
        texts = [lines[tag][n].strip() for n in docs[doc] if len(lines[tag][n].strip()) >= MIN_CHARS]
        for j, text in enumerate(texts[:REFERENCE_LINES]):
            rows.append({"id": f"{doc}.{j}", "lang": tag, "text": text})
    with OUT.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} passages from {len(kept)} documents -> {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
