#!/usr/bin/env python3
"""Build ``benchmarks/directions/``: copy-detection data where the ARTICLE is not English.

NTREX-128 documents are parallel (12 languages, line-aligned), so any of its languages can be
the article side.  The mission's articles are mostly Chinese (and Spanish, Russian, Arabic)
while ``benchmarks/ntrex`` only indexes English; this benchmark covers the other directions.

Split
-----
Exactly the document split of ``benchmarks/ntrex/split.json`` (written by
``scripts/make_benchmark.py``): per half, the documents listed as ``indexed`` are the
articles, those listed as ``held_out`` give the negatives.  So tuning and test documents never
mix across the two benchmarks.

Layout
------
One folder per half and ARTICLE language, because a post set is evaluated against one index
per article language::

    benchmarks/directions/{tune,test}/{zh,es,ru,en,ar}/{articles.jsonl,posts.jsonl}

``articles.jsonl``: the indexed documents in that language (id ``<ntrex id>.<lang>``, the
document's lines joined by newlines, its first line(s) as title).  ``posts.jsonl``: gold posts
(``sourcetrace eval`` format) in the post languages of ``PAIRS``.

Posts per (article language, post language) pair and half
----------------------------------------------------------
* ``translation`` (``N_SINGLE``): the professional NTREX translation of one article sentence.
* ``multi_sentence_translation`` (``N_MULTI``): 2 or 3 consecutive sentences.
* ``truncated`` (``N_TRUNC``): the first 50-70% of the translation of a long sentence.
* ``condensed_drop`` (``N_DROP``): a run of 4 consecutive sentences with one or two middle
  sentences dropped (condensed by sentence dropping).
* ``negative`` (``N_NEG``, a quarter of them two-sentence): sentences of held-out documents in
  the post language; none shares 35% of its character 5-grams (English side) with an indexed
  sentence.

Lines are used only when both the article-language and the post-language NTREX lines look
like real translations of the English line (``ref_ok`` of make_sample.py), and copies only from
lines with no near-duplicate (50% of 5-grams) in another indexed document.  Noise (hashtags,
emoji, t.co links, "BREAKING:") comes from make_sample.py; about a third of the posts carry no
``lang`` field (users' dumps often lack it); ``gold.lang`` always holds the post language and
``gold.article_lang`` the article language.  ``gold.article_span`` is the character range of
the copied sentence(s) in the article text (from the first to the last copied line).

Deterministic (string seeds, no set iteration): two runs write byte-identical files.

Usage::

    python scripts/make_directions.py [--data DIR] [--split FILE] [--out DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO_ROOT / ".." / "shared" / "data" / "ntrex128"
DEFAULT_SPLIT = REPO_ROOT / "benchmarks" / "ntrex" / "split.json"
DEFAULT_OUT = REPO_ROOT / "benchmarks" / "directions"
SEED = "sourcetrace-directions-v1"
HALVES = ("tune", "test")

# article language -> post languages
PAIRS: dict[str, tuple[str, ...]] = {
    "zh": ("es", "en", "pt", "fr", "ru"),
    "es": ("zh", "en", "pt"),
    "ru": ("es", "en", "zh"),
    "en": ("es", "zh", "ar"),
    "ar": ("en", "es", "fr"),
}
N_SINGLE, N_MULTI, N_TRUNC, N_DROP, N_NEG = 24, 10, 8, 8, 20
P_NO_LANG = 1 / 3
NO_SPACE = ("zh", "ja")
CUT_MARKS = "，、；：,;:"


# the text helpers (noise, cuts, edits, NTREX loading, checks) are shared with make_sample.py
sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_sample as ms


def _h(text: str) -> int:
    return int.from_bytes(hashlib.sha256((SEED + ":" + text).encode("utf-8")).digest()[:8], "big")


def truncate(sentence: str, lang: str, rng: random.Random) -> str:
    """First 50-70% of a sentence; by characters (preferring a comma) for Chinese/Japanese."""
    if lang not in NO_SPACE:
        return ms.truncate(sentence, rng)
    target = int(len(sentence) * rng.uniform(0.5, 0.7))
    cut = max(sentence.rfind(m, 0, target + 1) for m in CUT_MARKS)
    piece = sentence[: cut if cut >= len(sentence) // 3 else target].rstrip(CUT_MARKS + " “\"")
    return piece + ("…" if rng.random() < 0.6 else "")


class Half:
    """The lines, checks and article texts of one half."""

    def __init__(self, ids, en, refs, docs, indexed: list[str], held: list[str]) -> None:
        self.ids, self.en, self.docs = ids, en, docs
        self.text = {"en": en, **refs}
        self.indexed, self.held = indexed, held
        self.sh = {i: ms.shingles(en[i]) for d in indexed + held for i in docs[d]}
        self.indexed_lines = [i for d in indexed for i in docs[d]]
        self._unamb: dict[int, bool] = {}
        self._far: dict[int, bool] = {}

    def line(self, i: int, lang: str) -> str:
        return self.text[lang][i].strip()

    def ok(self, i: int, lang: str, min_words: int = 4) -> bool:
        src = self.en[i]
        if len(src.split()) < min_words or src.strip() == self.text["es"][i].strip():
            return False
        return lang == "en" or ms.ref_ok(src, self.text[lang][i], lang)

    def unambiguous(self, i: int) -> bool:
        if i not in self._unamb:
            doc = self.ids[i]
            self._unamb[i] = all(ms.overlap(self.sh[i], self.sh[j]) < 0.5
                                 for j in self.indexed_lines if self.ids[j] != doc)
        return self._unamb[i]

    def far(self, i: int) -> bool:
        if i not in self._far:
            self._far[i] = all(ms.overlap(self.sh[i], self.sh[j]) < 0.35 for j in self.indexed_lines)
        return self._far[i]

    def runs(self, docs: list[str], k: int, ok) -> list[int]:  # type: ignore[no-untyped-def]
        out = []
        for d in docs:
            body = self.docs[d][ms.title_lines(d):]
            out += [body[s] for s in range(len(body) - k + 1) if all(ok(body[s + t]) for t in range(k))]
        return out

    def article(self, d: str, lang: str) -> tuple[dict, dict[int, tuple[int, int]]]:
        lines = [self.line(i, lang) for i in self.docs[d]]
        offsets, pos = {}, 0
        for i, text in zip(self.docs[d], lines):
            offsets[i] = (pos, pos + len(text))
            pos += len(text) + 1
        sep = "" if lang in NO_SPACE else " "
        rec = {"id": f"{d}.{lang}", "outlet": ms.outlet_of(d),
               "title": sep.join(lines[: ms.title_lines(d)]), "text": "\n".join(lines),
               "lang": lang, "published_at": ms.iso(ms.published_at(d))}
        return rec, offsets


def sample(rng: random.Random, pool: list[int], n: int, what: str) -> list[int]:
    if len(pool) < n:
        raise SystemExit(f"only {len(pool)} candidate lines for {what}, need {n}")
    return sorted(rng.sample(pool, n))


def pair_posts(h: Half, alang: str, plang: str, offsets: dict[int, tuple[int, int]],
               rng: random.Random) -> list[dict]:
    """The posts of one (article language, post language) pair."""
    both = lambda w: (lambda i: h.ok(i, alang, w) and h.ok(i, plang, w) and h.unambiguous(i))
    what = f"{alang}->{plang}"

    def copy(lines: list[int], ctype: str, text: str) -> dict:
        doc = h.ids[lines[0]]
        return {"doc": doc, "text": text, "gold": {
            "article_id": f"{doc}.{alang}", "copy_type": ctype, "attribution": None,
            "lang": plang, "article_lang": alang,
            "article_span": [offsets[lines[0]][0], offsets[lines[-1]][1]],
            "lines": [i + 1 for i in lines]}}

    def noisy(text: str, lines: list[int], strength: float) -> str:
        return ms.add_noise(text, plang, rng, strength, h.en[lines[0]])

    def joined(lines: list[int]) -> str:
        return ms.join_sentences([h.line(i, plang) for i in lines], plang)

    posts = []
    for i in sample(rng, h.runs(h.indexed, 1, both(6)), N_SINGLE, f"{what} translations"):
        posts.append(copy([i], "translation", noisy(h.line(i, plang), [i], 0.6)))
    for k, n in ((2, N_MULTI // 2), (3, N_MULTI - N_MULTI // 2)):
        for s in sample(rng, h.runs(h.indexed, k, both(4)), n, f"{what} {k}-sentence"):
            lines = list(range(s, s + k))
            posts.append(copy(lines, "multi_sentence_translation", noisy(joined(lines), lines, 0.5)))
    for i in sample(rng, h.runs(h.indexed, 1, both(18)), N_TRUNC, f"{what} truncated"):
        posts.append(copy([i], "truncated", noisy(truncate(h.line(i, plang), plang, rng), [i], 0.8)))
    for s in sample(rng, h.runs(h.indexed, 4, both(4)), N_DROP, f"{what} dropped"):
        keep = rng.choice(([0, 2, 3], [0, 1, 3], [0, 3]))
        lines = [s + k for k in keep]
        posts.append(copy(lines, "condensed_drop", noisy(joined(lines), lines, 0.5)))
    held = [i for d in h.held for i in h.docs[d]]
    n_pair = N_NEG // 4
    neg_ok = lambda w: (lambda i: h.ok(i, plang, w) and h.far(i))
    negs = [[i] for i in sample(rng, [i for i in held if neg_ok(6)(i)], N_NEG - n_pair, f"{what} negatives")]
    negs += [[s, s + 1] for s in sample(rng, h.runs(h.held, 2, neg_ok(4)), n_pair, f"{what} negative pairs")]
    for lines in negs:
        posts.append({"doc": None, "text": noisy(joined(lines), lines, 0.6), "gold": {
            "article_id": None, "copy_type": "negative", "attribution": None, "lang": plang,
            "article_lang": alang, "lines": [i + 1 for i in lines]}})
    return posts


def build(half: str, h: Half, alang: str) -> tuple[list[dict], list[dict]]:
    articles, offsets = [], {}
    for d in h.indexed:
        rec, offs = h.article(d, alang)
        articles.append(rec)
        offsets.update(offs)
    posts = []
    for plang in PAIRS[alang]:
        rng = random.Random(f"{SEED}:{half}:{alang}:{plang}")
        posts += pair_posts(h, alang, plang, offsets, rng)
    rng = random.Random(f"{SEED}:{half}:{alang}:order")
    rng.shuffle(posts)
    pub = {d: ms.published_at(d) for d in h.indexed + h.held}
    start = min(pub.values())
    out = []
    for n, post in enumerate(posts, 1):
        plang = post["gold"]["lang"]
        pid = f"dir-{half}-{alang}-{n:04d}"
        if post["doc"] is not None:
            created = pub[post["doc"]] + timedelta(minutes=rng.randint(3, 72 * 60))
        else:
            created = start + timedelta(minutes=rng.randint(0, 60 * 24 * 60))
        rec = {"id": pid, "author": f"acct_{plang}_{rng.randint(1, 4):02d}",
               "platform": rng.choices(ms.PLATFORMS, weights=ms.PLATFORM_WEIGHTS)[0],
               "created_at": ms.iso(created), "lang": plang, "text": post["text"], "gold": post["gold"]}
        if _h(pid) % 3 == 0 and P_NO_LANG:
            del rec["lang"]
        out.append(rec)
    return articles, out


def readme(counts: dict[str, dict[str, Counter]], n_articles: dict[str, dict[str, int]]) -> str:
    parts = []
    for half in HALVES:
        total = sum(sum(c.values()) for c in counts[half].values())
        parts.append(f"### {half} ({total} posts)\n")
        for alang, post_langs in PAIRS.items():
            c = counts[half][alang]
            types = sorted({t for t, _ in c})
            langs = list(post_langs)
            rows = [f"**{alang}** articles: {n_articles[half][alang]}; {sum(c.values())} posts\n",
                    "| copy type | " + " | ".join(f"{alang}→{p}" for p in langs) + " |",
                    "|---|" + "---:|" * len(langs)]
            rows += [f"| {t} | " + " | ".join(str(c[(t, p)] or "") for p in langs) + " |" for t in types]
            parts.append("\n".join(rows) + "\n")
    tables = "\n".join(parts)
    return f"""# Every direction: NTREX-128 with a non-English article side

Generated by `python scripts/make_directions.py` (deterministic; its docstring gives every
rule). Source: NTREX-128 (Federmann, Kocmi and Xin, 2022), CC BY-SA 4.0 (`LICENSE.md`): the
English WMT 2019 news test set with professional human translations into 128 languages, line
aligned, so any language can be the article and any other the post. Posts, noise, dates and
handles are synthetic; every article text and every translated post text is a real human
translation (truncations and sentence drops are cuts of it).

Same document split as `benchmarks/ntrex/split.json`: per half, its `indexed` documents are the
articles and its `held_out` documents give the negatives. Calibrate on `tune/` only.

One folder per half and article language; index the articles of one folder, evaluate its posts:

```
sourcetrace index build benchmarks/directions/test/zh/articles.jsonl --index /tmp/dir-zh --encoder use+e5
sourcetrace eval benchmarks/directions/test/zh/posts.jsonl --index /tmp/dir-zh
```

Copy types: `translation` (one sentence), `multi_sentence_translation` (2-3 consecutive),
`truncated` (first 50-70% of a long sentence), `condensed_drop` (4 consecutive sentences with
one or two middle ones dropped), `negative` (held-out documents, post language). About a third
of the posts carry no `lang` field; `gold.lang` / `gold.article_lang` give the direction.

{tables}"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="NTREX-128 folder")
    ap.add_argument("--split", type=Path, default=DEFAULT_SPLIT, help="split.json of benchmarks/ntrex")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = ap.parse_args(argv)
    ids, en, refs = ms.load(args.data.resolve())
    docs = ms.documents(ids)
    split = json.loads(args.split.read_text("utf-8"))
    counts: dict[str, dict[str, Counter]] = {}
    n_articles: dict[str, dict[str, int]] = {}
    for half in HALVES:
        h = Half(ids, en, refs, docs, split[half]["indexed"], split[half]["held_out"])
        counts[half], n_articles[half] = {}, {}
        for alang in PAIRS:
            articles, posts = build(half, h, alang)
            folder = args.out / half / alang
            folder.mkdir(parents=True, exist_ok=True)
            ms.write_jsonl(folder / "articles.jsonl", articles)
            ms.write_jsonl(folder / "posts.jsonl", posts)
            counts[half][alang] = Counter((p["gold"]["copy_type"], p["gold"]["lang"]) for p in posts)
            n_articles[half][alang] = len(articles)
            print(f"{half}/{alang}: {len(articles)} articles, {len(posts)} posts")
    (args.out / "README.md").write_text(readme(counts, n_articles), "utf-8")
    (args.out / "LICENSE.md").write_text((args.data / "LICENSE.md").read_text("utf-8"), "utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
