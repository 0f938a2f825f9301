#!/usr/bin/env python3
"""Build the labelled quality benchmark in ``benchmarks/ntrex/`` from NTREX-128.

Split
-----
The 123 NTREX documents are split into a **tuning half** and a **test half** by document
id, fixed by this rule (and written to ``split.json``): documents about the same story
(``STORY_GROUPS`` of ``make_sample.py``, grouped by hand) form one unit, every other
document is a unit of its own; units are ordered by SHA-256 of
``"sourcetrace-benchmark-v1:" + first id`` and each goes to the half with fewer lines so
far.  Thresholds and confidence curves are fitted on ``tune/`` only; ``test/`` is for the
numbers reported in docs/QUALITY.md.

Per half, about two thirds of the lines (documents) are **indexed** (their English text
is ``articles.jsonl``) and the rest are held out: of every story group half the members
are held out (so held-out sentences tell the same story as an indexed article: hard
negatives), then single documents in hash order until a third of the lines is held out.

Posts (``posts.jsonl``, the ``sourcetrace eval`` gold format)
-------------------------------------------------------------
* ``translation``: the professional NTREX translation of one indexed sentence, in each of
  the 11 languages of the folder (es zh fr ru ar de pt ja hi vi sw).
* ``multi_sentence_translation``: translations of 2 or 3 consecutive indexed sentences.
* ``verbatim`` (some of them headlines or two consecutive sentences), ``truncated`` (the
  first 50-70% of a long sentence) and ``edited`` (a word or two replaced or dropped,
  punctuation changed) English copies.
* ``negative``: sentences (and sentence pairs) of held-out documents, in English and
  all 11 languages; none shares 35% of its character 5-grams with an indexed sentence.

Every post is wrapped in social-media noise (hashtags, emoji, t.co links, line breaks,
"BREAKING:", "vía @handle" of an unrelated account).  ``gold`` holds ``article_id``,
``copy_type``, ``attribution`` (``unattributed``: no post credits the copied outlet),
``lang``, and for copies ``article_span``, the character range of the copied sentence(s)
in the article text (for the "right passage" measure), and ``lines`` (1-based NTREX
line numbers).

Deterministic (fixed seed, no set iteration): two runs write byte-identical files.

Usage::

    python scripts/make_benchmark.py [--data DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO_ROOT / ".." / "shared" / "data" / "ntrex128"
DEFAULT_OUT = REPO_ROOT / "benchmarks" / "ntrex"
SPLIT_SALT = "sourcetrace-benchmark-v1:"
SEED = 20240611
HALVES = ("tune", "test")

# posts per half
SINGLE_PER_LANG = 60  # one translated sentence
MULTI_PER_LANG = 20  # 2-3 consecutive translated sentences
NEG_PER_LANG = 40  # of which a quarter are two-sentence negatives
N_VERBATIM, N_HEADLINE, N_VERBATIM_PAIR = 50, 6, 8
N_TRUNCATED = 50
N_EDITED = 50
NEG_EN = 60
P_VIA = 0.12  # share of posts with "via @someone" (an account that is not the outlet)
VIA_HANDLES = ("NoticiasAlMinuto", "worldnews_live", "infos_direct", "AsiaWatch24",
               "mundo_hoy", "dailybrief", "GlobalUpdates", "newsroom_now")
VIA = {"es": "vía", "pt": "via", "fr": "via", "de": "via", "en": "via", "ru": "через"}


# the text helpers (noise, cuts, edits, NTREX loading, checks) are shared with make_sample.py
sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_sample as ms

CODES: list[str] = list(ms.CODES)


def _h(text: str) -> str:
    return hashlib.sha256((SPLIT_SALT + text).encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------- split


def split_halves(docs: dict[str, list[int]]) -> dict[str, list[str]]:
    grouped = {d for g in ms.STORY_GROUPS for d in g}
    units = [list(g) for g in ms.STORY_GROUPS] + [[d] for d in docs if d not in grouped]
    units.sort(key=lambda u: _h(min(u)))
    halves: dict[str, list[str]] = {h: [] for h in HALVES}
    lines = {h: 0 for h in HALVES}
    for unit in units:
        half = min(HALVES, key=lambda h: (lines[h], HALVES.index(h)))
        halves[half] += unit
        lines[half] += sum(len(docs[d]) for d in unit)
    order = list(docs)
    return {h: sorted(ds, key=order.index) for h, ds in halves.items()}


def choose_held(half_docs: list[str], docs: dict[str, list[int]]) -> list[str]:
    members = set(half_docs)
    held: list[str] = []
    for group in ms.STORY_GROUPS:
        if group[0] not in members:
            continue
        ranked = sorted(group, key=_h)
        held += ranked[: len(ranked) // 2]
    total = sum(len(docs[d]) for d in half_docs)
    held_lines = sum(len(docs[d]) for d in held)
    grouped = {d for g in ms.STORY_GROUPS for d in g}
    for d in sorted((d for d in half_docs if d not in grouped), key=_h):
        if held_lines >= total / 3:
            break
        held.append(d)
        held_lines += len(docs[d])
    return [d for d in half_docs if d in set(held)]


# ---------------------------------------------------------------------------- posts


class HalfBuilder:
    def __init__(self, rng, ids, en, refs, docs, indexed, held):  # type: ignore[no-untyped-def]
        self.rng, self.ids, self.en, self.refs, self.docs = rng, ids, en, refs, docs
        self.indexed, self.held = indexed, held
        self.sh = {i: ms.shingles(en[i]) for d in indexed + held for i in docs[d]}
        self.indexed_lines = [i for d in indexed for i in docs[d]]
        self.offsets: dict[int, tuple[int, int]] = {}
        for d in indexed:
            pos = 0
            for i in docs[d]:
                line = en[i].strip()
                self.offsets[i] = (pos, pos + len(line))
                pos += len(line) + 1
        self._unamb: dict[int, bool] = {}
        self._far: dict[int, bool] = {}

    # line predicates ---------------------------------------------------------------
    def good_en(self, i: int, min_words: int) -> bool:
        s = self.en[i]
        return len(s.split()) >= min_words and s.strip() != self.refs["es"][i].strip()

    def unambiguous(self, i: int) -> bool:
        if i not in self._unamb:
            doc = self.ids[i]
            self._unamb[i] = all(
                ms.overlap(self.sh[i], self.sh[j]) < 0.5
                for j in self.indexed_lines if self.ids[j] != doc
            )
        return self._unamb[i]

    def far_from_index(self, i: int) -> bool:
        if i not in self._far:
            self._far[i] = all(ms.overlap(self.sh[i], self.sh[j]) < 0.35 for j in self.indexed_lines)
        return self._far[i]

    def translatable(self, i: int, code: str, min_words: int) -> bool:
        return self.good_en(i, min_words) and (
            code == "en" or ms.ref_ok(self.en[i], self.refs[code][i], code)
        )

    def runs(self, doc_list: list[str], k: int, ok) -> list[int]:  # type: ignore[no-untyped-def]
        """First lines of every run of k consecutive body lines of one document that all pass ok."""
        out = []
        for d in doc_list:
            body = self.docs[d][ms.title_lines(d):]
            for s in range(len(body) - k + 1):
                if all(ok(body[s + t]) for t in range(k)):
                    out.append(body[s])
        return out

    def sample(self, pool: list[int], n: int, what: str) -> list[int]:
        if len(pool) < n:
            raise SystemExit(f"only {len(pool)} candidate lines for {what}, need {n}")
        return sorted(self.rng.sample(pool, n))

    # posts -------------------------------------------------------------------------
    def text_of(self, lines: list[int], code: str) -> str:
        src = self.en if code == "en" else self.refs[code]
        return ms.join_sentences([src[i].strip() for i in lines], code)

    def noisy(self, text: str, code: str, strength: float, lines: list[int]) -> str:
        text = ms.add_noise(text, code, self.rng, strength, self.en[lines[0]])
        if self.rng.random() < P_VIA:
            handle = "@" + self.rng.choice(VIA_HANDLES)
            via = f"{VIA[code]} {handle}" if code in VIA else handle
            text = f"RT {handle}: {text}" if self.rng.random() < 0.3 else f"{text} {via}"
        return text

    def copy(self, lines: list[int], code: str, copy_type: str, text: str) -> dict:
        doc = self.ids[lines[0]]
        start, end = self.offsets[lines[0]][0], self.offsets[lines[-1]][1]
        return {"lang": code, "text": text, "doc": doc, "gold": {
            "article_id": doc, "copy_type": copy_type, "attribution": "unattributed", "lang": code,
            "article_span": [start, end], "lines": [i + 1 for i in lines]}}

    def negative(self, lines: list[int], code: str) -> dict:
        text = self.noisy(self.text_of(lines, code), code, 0.8 if code == "en" else 0.6, lines)
        return {"lang": code, "text": text, "doc": None, "gold": {
            "article_id": None, "copy_type": "negative", "attribution": None, "lang": code,
            "lines": [i + 1 for i in lines]}}

    def translations(self, code: str) -> list[dict]:
        posts = []
        single = self.runs(self.indexed, 1, lambda i: self.translatable(i, code, 6) and self.unambiguous(i))
        for i in self.sample(single, SINGLE_PER_LANG, f"{code} translations"):
            posts.append(self.copy([i], code, "translation", self.noisy(self.text_of([i], code), code, 0.6, [i])))
        ok = lambda i: self.translatable(i, code, 4) and self.unambiguous(i)
        for n, k in ((MULTI_PER_LANG // 2, 2), (MULTI_PER_LANG - MULTI_PER_LANG // 2, 3)):
            for s in self.sample(self.runs(self.indexed, k, ok), n, f"{code} {k}-sentence translations"):
                lines = list(range(s, s + k))
                posts.append(self.copy(lines, code, "multi_sentence_translation",
                                       self.noisy(self.text_of(lines, code), code, 0.5, lines)))
        return posts

    def english(self) -> list[dict]:
        posts = []
        ok = lambda w: (lambda i: self.good_en(i, w) and self.unambiguous(i))
        heads = [self.docs[d][0] for d in self.indexed if ms.title_lines(d) == 1 and ok(5)(self.docs[d][0])]
        for i in self.sample(heads, N_HEADLINE, "headlines"):
            posts.append(self.copy([i], "en", "verbatim", self.noisy(self.en[i].strip(), "en", 1.0, [i])))
        for s in self.sample(self.runs(self.indexed, 2, ok(5)), N_VERBATIM_PAIR, "verbatim pairs"):
            lines = [s, s + 1]
            posts.append(self.copy(lines, "en", "verbatim", self.noisy(self.text_of(lines, "en"), "en", 1.0, lines)))
        n_single = N_VERBATIM - N_HEADLINE - N_VERBATIM_PAIR
        for i in self.sample(self.runs(self.indexed, 1, ok(8)), n_single, "verbatim"):
            posts.append(self.copy([i], "en", "verbatim", self.noisy(self.en[i].strip(), "en", 1.0, [i])))
        for i in self.sample(self.runs(self.indexed, 1, ok(18)), N_TRUNCATED, "truncated"):
            text = ms.truncate(self.en[i].strip(), self.rng)
            posts.append(self.copy([i], "en", "truncated", self.noisy(text, "en", 0.8, [i])))
        for i in self.sample(self.runs(self.indexed, 1, ok(10)), N_EDITED, "edited"):
            text = ms.edit(self.en[i].strip(), self.rng)
            posts.append(self.copy([i], "en", "edited", self.noisy(text, "en", 1.0, [i])))
        return posts

    def negatives(self, code: str, n: int) -> list[dict]:
        all_lines = [i for d in self.held for i in self.docs[d]]
        ok = lambda i: self.translatable(i, code, 6) and self.far_from_index(i)
        n_pair = n // 4
        singles = self.sample([i for i in all_lines if ok(i)], n - n_pair, f"{code} negatives")
        posts = [self.negative([i], code) for i in singles]
        ok4 = lambda i: self.translatable(i, code, 4) and self.far_from_index(i)
        for s in self.sample(self.runs(self.held, 2, ok4), n_pair, f"{code} negative pairs"):
            posts.append(self.negative([s, s + 1], code))
        return posts


def build_half(name: str, rng: random.Random, ids, en, refs, docs, half_docs) -> tuple[list, list, dict]:  # type: ignore[no-untyped-def]
    held = choose_held(half_docs, docs)
    indexed = [d for d in half_docs if d not in set(held)]
    pub = {d: ms.published_at(d) for d in half_docs}
    articles = []
    for d in indexed:
        lines = [en[i].strip() for i in docs[d]]
        articles.append({"id": d, "outlet": ms.outlet_of(d), "title": " ".join(lines[: ms.title_lines(d)]),
                         "text": "\n".join(lines), "lang": "en", "published_at": ms.iso(pub[d])})
    b = HalfBuilder(rng, ids, en, refs, docs, indexed, held)
    posts = b.english() + b.negatives("en", NEG_EN)
    for code in CODES:
        posts += b.translations(code) + b.negatives(code, NEG_PER_LANG)
    rng.shuffle(posts)
    start = min(pub.values())
    out = []
    for n, post in enumerate(posts, 1):
        if post["doc"] is not None:
            created = pub[post["doc"]] + timedelta(minutes=rng.randint(3, 72 * 60))
        else:
            created = start + timedelta(minutes=rng.randint(0, 60 * 24 * 60))
        out.append({"id": f"{name}-{n:04d}", "author": f"acct_{post['lang']}_{rng.randint(1, 3):02d}",
                    "platform": rng.choices(ms.PLATFORMS, weights=ms.PLATFORM_WEIGHTS)[0],
                    "created_at": ms.iso(created), "lang": post["lang"], "text": post["text"],
                    "gold": post["gold"]})
    info = {"documents": len(half_docs), "indexed": indexed, "held_out": held,
            "indexed_lines": sum(len(docs[d]) for d in indexed),
            "held_out_lines": sum(len(docs[d]) for d in held)}
    return articles, out, info


def readme(split: dict, counts: dict[str, Counter]) -> str:
    codes = ["en", *CODES]
    parts = []
    for half in HALVES:
        c = counts[half]
        types = sorted({t for t, _ in c})
        rows = ["| copy type | " + " | ".join(codes) + " |", "|---|" + "---:|" * len(codes)]
        rows += [f"| {t} | " + " | ".join(str(c[(t, k)] or "") for k in codes) + " |" for t in types]
        info = split[half]
        parts.append(
            f"### {half}\n\n{info['documents']} documents: {len(info['indexed'])} indexed "
            f"({info['indexed_lines']} lines), {len(info['held_out'])} held out "
            f"({info['held_out_lines']} lines); {sum(c.values())} posts.\n\n" + "\n".join(rows))
    tables = "\n\n".join(parts)
    return f"""# NTREX-128 copy-detection benchmark

Generated by `python scripts/make_benchmark.py` (deterministic; see its docstring for every
rule). Source: NTREX-128 (Federmann, Kocmi and Xin, 2022; English WMT 2019 news test set with
professional human translations), CC BY-SA 4.0 (`LICENSE.md`). Posts, noise, dates and
handles are synthetic; every translated text is a real human translation.

- `split.json`: which documents are in the tuning and the test half, and which are indexed.
- `tune/` — **only** data thresholds and confidence curves are fitted on
  (`scripts/calibrate.py`).
- `test/` — the numbers of docs/QUALITY.md (`scripts/quality_report.py`).
- `*/articles.jsonl`: the English articles to index; `*/posts.jsonl`: gold posts
  (`sourcetrace eval` format; `gold.lang`, `gold.article_span` and `gold.lines` added).

```
sourcetrace index build benchmarks/ntrex/test/articles.jsonl --index /tmp/bench-test --encoder use+e5
sourcetrace eval benchmarks/ntrex/test/posts.jsonl --index /tmp/bench-test
```

Split rule: documents of one story (hand-made groups in `scripts/make_sample.py`) stay together;
units ordered by SHA-256 of `"{SPLIT_SALT}" + first id`, each to the half with fewer lines so far.
Within a half, half of each story group and then single documents (hash order) are held out
until a third of the lines is; held-out sentences are the negatives (same news cycle, often
the same story told by another outlet).

{tables}
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="NTREX-128 folder")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = ap.parse_args(argv)
    ids, en, refs = ms.load(args.data.resolve())
    docs = ms.documents(ids)
    halves = split_halves(docs)
    split: dict = {"rule": "see scripts/make_benchmark.py", "salt": SPLIT_SALT, "seed": SEED}
    counts: dict[str, Counter] = {}
    args.out.mkdir(parents=True, exist_ok=True)
    for k, half in enumerate(HALVES):
        rng = random.Random(SEED + k)
        articles, posts, info = build_half(half, rng, ids, en, refs, docs, halves[half])
        split[half] = info
        counts[half] = Counter((p["gold"]["copy_type"], p["lang"]) for p in posts)
        folder = args.out / half
        folder.mkdir(exist_ok=True)
        ms.write_jsonl(folder / "articles.jsonl", articles)
        ms.write_jsonl(folder / "posts.jsonl", posts)
        print(f"{half}: {info['documents']} documents ({len(articles)} indexed, "
              f"{info['indexed_lines']} + {info['held_out_lines']} lines), {len(posts)} posts")
    (args.out / "split.json").write_text(json.dumps(split, indent=1) + "\n", "utf-8")
    (args.out / "README.md").write_text(readme(split, counts), "utf-8")
    shutil.copyfile(args.data / "LICENSE.md", args.out / "LICENSE.md")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
