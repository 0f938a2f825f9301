#!/usr/bin/env python3
"""Decision experiments on the tuning halves' verdict dumps (issue 12), kept so they can be rerun.

    python scripts/tune_experiments.py dumps DIR [--news /work/data/fpnews_nontrex] [--vectors V.sqlite]
    python scripts/tune_experiments.py grid DIR ANCHOR_MIN=7,6 AGREE_MARGIN=0.2,0.15 ...
    python scripts/tune_experiments.py anchor-idf DIR [--scale 1.0] [--anchor-min 7,6,5]
    python scripts/tune_experiments.py combiner DIR
    python scripts/tune_experiments.py missing-names DIR [--news /work/data/fpnews_nontrex]
    python scripts/tune_experiments.py article-offset DIR [--encoder e5] [--lang zh] [--offsets 0.01,0.02]

`dumps` builds (once, under DIR/idx) the default-encoder indexes of the tuning halves (ntrex,
condensed, the five directions, and real posts against 1k news passages from
scripts/make_fpnews.py) and writes one `scripts/tune_verdict.py dump` per set as DIR/NAME.jsonl.
The other commands replay `verdict.judge` on those dumps, post by post (a post's best reported
candidate decides; a wrong article or any match on a negative is a false copy):

- `grid`: verdict.py's module constants over a grid; prints true and false copies per set, as
  differences from the first combination.
- `anchor-idf`: each shared anchor weighed by the index's document frequency of its key as well
  as by its prior (`min(prior, scale * ln((N + 1) / (df + 1)))`, N articles), the issue's "weigh
  by how common they are" applied to anchors.
- `combiner`: a learned decision in place of the hand rules (logistic regression and gradient
  boosting on 17 features of the semantic evidence, scikit-learn, 5-fold cross-validation
  grouped by article), its frontier of true against false copies beside the rules' point.
- `missing-names`: names of the post the article lacks as evidence of another event (trial 16),
  held against a doubted match; measured 2026-12-02 and not adopted: the mildest setting (6
  nats lacking, under 1 shared, doubted only) cost 82 copies for 2 false copies fewer, as names
  in other scripts are often not matched ("米克尔森" is not found as "Mickelson").

- `article-offset`: an encoder's threshold lowered for pairs whose article is in one language;
  measured 2026-12-06 for e5 and Chinese articles and not adopted: 0.01 below, 7 copies more for
  5 false copies more; 0.02, 13 for 18; 0.03, 27 for 51.

Tuning halves only: docs/QUALITY.md's numbers come from the test halves.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "scripts"))

import tune_verdict as tv  # scripts/

from sourcetrace import anchorcompare, anchors, verdict
from sourcetrace.anchorcompare import Shared
from sourcetrace.anchors import Anchor

B = REPO / "benchmarks"
Row = dict[str, Any]


def sets(news: Path) -> dict[str, tuple[Path, Path]]:
    """Set name -> (articles, posts) of the tuning halves."""
    out = {"ntrex": (B / "ntrex/tune/articles.jsonl", B / "ntrex/tune/posts.jsonl"),
           "condensed": (B / "condensed/tune/articles.jsonl", B / "condensed/tune/posts.jsonl"),
           "neg-1k": (news / "1k/articles.jsonl", B / "negatives/tune/posts.jsonl")}
    # personal posts, other events and template series on the topics of an index of state-media
    # tweets (benchmarks/topical's tuning half: one folder per trial or written set)
    for folder in sorted(p for p in (B / "topical/tune").iterdir() if p.is_dir()):
        out[f"topical-{folder.name}"] = (folder / "articles.jsonl", folder / "posts.jsonl")
    for lang in ("ar", "en", "es", "ru", "zh"):
        out[f"dir-{lang}"] = (B / f"directions/tune/{lang}/articles.jsonl", B / f"directions/tune/{lang}/posts.jsonl")
    # state-media posts on other events (scripts/bench_state_fp.py's tuning half), where the
    # CANIS posts are at hand: written once as a gold file of negatives beside the dumps
    import bench_state_fp  # scripts/

    tweets = REPO.parent / "shared" / "data" / "canis-tweets" / "tweets.jsonl.gz"
    if tweets.is_file():
        gold = news.parent / "state-tune-posts.jsonl"
        if not gold.is_file():
            gold.write_text("".join(json.dumps({**p.header(), "text": p.text, "gold": {"article_id": None, "copy_type": "negative"}},
                                               ensure_ascii=False) + "\n"
                                    for p in bench_state_fp.canis_posts(tweets, "tune")), encoding="utf-8")
        out["state"] = (B / "condensed/tune/articles.jsonl", gold)
    return out


def make_dumps(out: Path, news: Path, vectors: Path | None, only: list[str] | None = None,
               screen: bool = True) -> None:
    from sourcetrace import index as ix
    from sourcetrace.readers import read_articles

    if vectors:
        import vector_cache  # scripts/

        vector_cache.install(vectors)
    for name, (articles, posts) in sets(news).items():
        if only and name not in only:
            continue
        path = out / "idx" / f"{name}-tune"
        if not (path / "manifest.json").exists():
            print(f"building {path}", file=sys.stderr)
            ix.build(path, read_articles([articles], lambda p: print(p, file=sys.stderr)), replace=True)
        print(f"dumping {name}", file=sys.stderr)
        tv.dump(posts, path, out / f"{name}.jsonl", None, None, screen=screen)


def load(folder: Path) -> dict[str, dict[str, list[Row]]]:
    found = {f.stem: tv.read_dump(f) for f in sorted(folder.glob("*.jsonl"))}
    if not found:
        raise SystemExit(f"{folder}: no dumps (run the `dumps` command first)")
    return found


def tally(dumps: dict[str, dict[str, list[Row]]],
          evidence: Callable[[str, Row], verdict.PairEvidence] | None = None) -> collections.Counter[str]:
    """'set:tp|fp|fn' counts (condensed by copy type, as 'c-TYPE') with verdict.judge."""
    out: collections.Counter[str] = collections.Counter()
    for name, posts in dumps.items():
        for rows in posts.values():
            best: tuple[verdict.Verdict, Row] | None = None
            for row in rows:
                if row.get("aid") is None:
                    continue
                judged = verdict.judge(evidence(name, row) if evidence else tv._evidence(row))
                if judged is None or (judged.lexical and not row["spans"]):
                    continue
                if best is None or judged.confidence > best[0].confidence:
                    best = (judged, row)
            positive = rows[0]["gold"] is not None
            key = f"c-{rows[0]['type']}" if name == "condensed" else name
            if best is None:
                if positive:
                    out[f"{key}:fn"] += 1
            elif positive and best[1]["right"]:
                out[f"{key}:tp"] += 1
            else:
                out[f"{key}:fp"] += 1
    return out


def show(label: str, counts: collections.Counter[str], base: collections.Counter[str] | None) -> None:
    tp = sum(v for k, v in counts.items() if k.endswith(":tp"))
    fp = sum(v for k, v in counts.items() if k.endswith(":fp"))
    if base is None:
        print(f"{label}: tp {tp} fp {fp} (real posts' false copies {counts['neg-1k:fp']})")
        print("  " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        return
    delta = {k: counts[k] - base[k] for k in sorted(set(counts) | set(base)) if counts[k] != base[k]}
    print(f"{label}: tp {tp} fp {fp}; change {delta}")


def grid(folder: Path, specs: list[str]) -> None:
    dumps = load(folder)
    names = [s.split("=", 1)[0] for s in specs]
    values = [[float(v) for v in s.split("=", 1)[1].split(",")] for s in specs]
    for name in names:
        if not hasattr(verdict, name):
            raise SystemExit(f"verdict.py has no constant {name}")
    base = None
    for combo in itertools.product(*values):
        for name, value in zip(names, combo):
            setattr(verdict, name, value)
        counts = tally(dumps)
        show(", ".join(f"{n}={v}" for n, v in zip(names, combo)), counts, base)
        base = base or counts


def anchor_idf(folder: Path, news: Path, scale: float, anchor_mins: list[float]) -> None:
    dumps = load(folder)
    keyed: dict[tuple[str, str, int], list[tuple[str, float, tuple[str, str]]]] = {}
    docs: dict[str, tuple[int, collections.Counter[tuple[str, str]]]] = {}
    for name, (articles_file, posts_file) in sets(news).items():
        if name not in dumps:
            continue
        articles = {a["id"]: a for a in map(json.loads, articles_file.open(encoding="utf-8"))}
        texts = {p["id"]: p["text"] for p in map(json.loads, posts_file.open(encoding="utf-8"))}
        tables = {aid: anchorcompare.key_table(anchors.extract(a["text"])) for aid, a in articles.items()}
        df: collections.Counter[tuple[str, str]] = collections.Counter()
        for table in tables.values():
            df.update(table.by_key.keys())
        docs[name] = (len(articles), df)
        for post, rows in dumps[name].items():
            post_anchors = anchors.extract(texts[post])
            for i, row in enumerate(rows):
                if row.get("aid") is None or row["article"] not in tables:
                    continue
                shared, _ = anchorcompare.compare(post_anchors, tables[row["article"]])
                keyed[(name, post, i)] = [(s.post.kind, s.weight, ("number" if s.post.kind == "year" else s.post.kind, s.key))
                                          for s in shared]
    index_of = {id(row): (name, post, i) for name, posts in dumps.items() for post, rows in posts.items()
                for i, row in enumerate(rows)}

    def weighed(name: str, row: Row) -> verdict.PairEvidence:
        ev = tv._evidence(row)
        shared = keyed.get(index_of[id(row)])
        if shared is None or scale <= 0:
            return ev
        n, df = docs[name]
        out = []
        for kind, weight, key in shared:
            w = min(weight, scale * math.log((n + 1) / (df[key] + 1)))
            anchor = Anchor(kind=kind, keys=frozenset(), start=0, end=0, text="", weight=w)
            out.append(Shared(anchor, anchor))
        ev.shared = out
        return ev

    base = None
    for anchor_min in anchor_mins:
        verdict.ANCHOR_MIN = anchor_min
        prior = tally(dumps)
        show(f"prior weights, ANCHOR_MIN={anchor_min}", prior, base)
        base = base or prior
        show(f"document-frequency weights x{scale}, ANCHOR_MIN={anchor_min}", tally(dumps, weighed), base)


FEATURES = ("use", "e5", "use scaled", "e5 scaled", "use cosine", "e5 cosine", "use runner-up",
            "e5 runner-up", "log letters", "anchor nats", "fact nats", "missing nats", "differs",
            "use trusted", "e5 trusted", "short", "semantic")


def combiner(folder: Path) -> None:
    try:
        import numpy as np
        from sklearn.ensemble import HistGradientBoostingClassifier
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import GroupKFold
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler
    except ImportError:
        raise SystemExit("combiner needs scikit-learn (pip install -e '.[st]')") from None
    x, y, groups, owners, rules = [], [], [], [], []
    info: dict[str, tuple[bool, str, str]] = {}
    for name, posts in load(folder).items():
        for post, rows in posts.items():
            if any(j.lexical for j, _ in tv.reported(rows, verdict.judge)):
                continue  # decided on shared characters: not the combiner's business
            gold = rows[0]["gold"]
            key = f"{name}:{post}"
            info[key] = (gold is not None, name, rows[0]["type"])
            for row in rows:
                if row.get("aid") is None:
                    continue
                ev = tv._evidence(row)
                judged = verdict.judge(ev)
                by, sc, raw, ru = row["by_encoder"], row["scaled"], row["raw"], row["runner_up"]
                x.append([by.get("use", 0), by.get("e5", 0), sc.get("use", 0), sc.get("e5", 0),
                          raw.get("use", 0), raw.get("e5", 0), ru.get("use", 0), ru.get("e5", 0),
                          math.log(max(row["letters"], 1)), ev.anchor_weight, ev.fact_weight,
                          row["missing_weight"], float(row["differs"]), float("use" in by),
                          float("e5" in by), float(row["letters"] < verdict.MIN_LETTERS), ev.semantic])
                y.append(int(gold is not None and row["right"]))
                groups.append(f"{name}:{tv.doc(gold) if gold else post}")
                owners.append(key)
                rules.append(judged.confidence if judged is not None and not judged.lexical else 0.0)
    xa, ya = np.asarray(x), np.asarray(y)

    def point(scores: Any, threshold: float) -> str:
        best: dict[str, int] = {}
        for i, owner in enumerate(owners):
            if owner not in best or scores[i] > scores[best[owner]]:
                best[owner] = i
        tp = fp = real = condensed = 0
        for owner, i in best.items():
            if scores[i] < threshold:
                continue
            positive, name, kind = info[owner]
            if positive and ya[i]:
                tp += 1
                condensed += kind in ("condensed", "headline")
            else:
                fp += 1
                real += name == "neg-1k"
        return f"tp {tp}, fp {fp} (real posts {real}), condensed+headline tp {condensed}"

    print(f"{len(ya)} candidate pairs of {len(info)} posts not decided on characters; features: {', '.join(FEATURES)}")
    print(f"hand rules at 0.5: {point(np.asarray(rules), 0.5)}")
    models = {"logistic regression": lambda: make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)),
              "gradient boosting": lambda: HistGradientBoostingClassifier(max_depth=3, learning_rate=0.05,
                                                                          max_iter=300, l2_regularization=1.0)}
    for label, make in models.items():
        held_out = np.zeros(len(ya))
        for train, test in GroupKFold(n_splits=5).split(xa, ya, groups):
            model = make()
            model.fit(xa[train], ya[train])
            held_out[test] = model.predict_proba(xa[test])[:, 1]
        for threshold in (0.5, 0.7, 0.8, 0.9, 0.95):
            print(f"{label} at {threshold}: {point(held_out, threshold)}")


def missing_names(folder: Path, news: Path) -> None:
    """Hold back a semantic match one encoder doubts (`PairEvidence.in_doubt`; or any, with
    doubt_only False) whose post names people or places the article lacks (T nats or more,
    capped as shared names are) while sharing fewer than S nats: trial 16's posts on another
    storm ("Hurricane Orlena ... Veracruz") were translations of a Texas hurricane story."""
    dumps = load(folder)
    lacking: dict[tuple[str, str, str], float] = {}
    for name, (articles_file, posts_file) in sets(news).items():
        if name not in dumps:
            continue
        texts = {a["id"]: a["text"] for a in map(json.loads, articles_file.open(encoding="utf-8"))}
        posts = {p["id"]: p["text"] for p in map(json.loads, posts_file.open(encoding="utf-8"))}
        for post, rows in dumps[name].items():
            names = [a for a in anchors.extract(anchors.readable(posts[post])) if a.kind == "name"]
            for row in rows:
                if row.get("aid") is None or row["article"] not in texts:
                    continue
                table = anchorcompare.article_keys(texts[row["article"]])
                lacks = [a for a in names if all(table.find("name", k) is None for k in sorted(a.keys))]
                lacking[(name, post, row["article"])] = anchorcompare.capped_weight([("name", a.weight) for a in lacks])

    def held(name: str, post: str, row: Row, judged: verdict.Verdict, t: float, s: float, doubt_only: bool) -> bool:
        ev = tv._evidence(row)
        return not judged.lexical and (ev.in_doubt() or not doubt_only) and ev.anchor_weight < s \
            and lacking.get((name, post, row["article"]), 0.0) >= t

    def counts(t: float, s: float, doubt_only: bool) -> collections.Counter[str]:
        out: collections.Counter[str] = collections.Counter()
        for name, posts in dumps.items():
            for post, rows in posts.items():
                kept = [(j, row) for j, row in tv.reported(rows, verdict.judge)
                        if not held(name, post, row, j, t, s, doubt_only)]
                best = max(kept, key=lambda jr: jr[0].confidence, default=None)
                gold = rows[0]["gold"]
                out[f"{name}:{'fn' if gold else 'tn'}" if best is None else
                    f"{name}:{'tp' if gold and best[1]['right'] else 'fp'}"] += 1
        return out

    base = counts(math.inf, 0.0, True)
    show("no names rule", base, None)
    for doubt_only in (True, False):
        for t in (2.0, 4.0, 6.0):
            for s in (1.0, 3.0, math.inf):
                show(f"doubt_only={doubt_only} T={t:g} S={s:g}", counts(t, s, doubt_only), base)


def article_offset(folder: Path, encoder: str, lang: str, offsets: list[float]) -> None:
    """`encoder`'s cross-lingual threshold lowered by each of `offsets` for pairs whose article is in
    `lang` (as models/use.json's `by_article_language` does for USE and Chinese articles): each
    such pair's confidence recomputed from its scaled cosine (`scaled`, cosine minus background)
    through the shipped calibration's slope, the verdicts replayed. Article languages are read
    from the benchmarks' article files."""
    from sourcetrace import calibration

    channel = calibration.load(encoder)
    if channel is None:
        raise SystemExit(f"no calibration file for {encoder}")
    dumps = load(folder)
    article_lang = {}
    for path in B.glob("**/articles.jsonl"):
        for line in path.open(encoding="utf-8"):
            record = json.loads(line)
            article_lang[record["id"]] = (record.get("lang") or "").split("-")[0]

    def evidence_at(offset: float) -> Callable[[str, Row], verdict.PairEvidence]:
        def evidence(_: str, row: Row) -> verdict.PairEvidence:
            scaled = (row.get("scaled") or {}).get(encoder)
            if not offset or scaled is None or not row.get("differs") or encoder not in row.get("by_encoder", {}) \
                    or article_lang.get(row.get("article") or "") != lang:
                return tv._evidence(row)
            by_encoder = dict(row["by_encoder"])
            by_encoder[encoder] = 1 / (1 + math.exp(-channel.slope * (scaled - (channel.threshold - offset))))
            return tv._evidence({**row, "by_encoder": by_encoder, "semantic": max(by_encoder.values())})
        return evidence

    base = tally(dumps, evidence_at(0.0))
    show(f"{encoder} as shipped", base, None)
    for offset in offsets:
        show(f"{encoder} {offset:g} below for {lang} articles", tally(dumps, evidence_at(offset)), base)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dumps")
    d.add_argument("dir", type=Path)
    d.add_argument("--news", type=Path, default=Path("/work/data/fpnews_nontrex"),
                   help="scripts/make_fpnews.py output (its 1k articles)")
    d.add_argument("--vectors", type=Path, help="scripts/vector_cache.py's SQLite file")
    d.add_argument("--sets", help="comma-separated set names (default: all)")
    d.add_argument("--no-screen", action="store_true", help="no post stops at the cascade (screen.py)")
    g = sub.add_parser("grid")
    g.add_argument("dir", type=Path)
    g.add_argument("spec", nargs="+", metavar="NAME=V1,V2")
    a = sub.add_parser("anchor-idf")
    a.add_argument("dir", type=Path)
    a.add_argument("--news", type=Path, default=Path("/work/data/fpnews_nontrex"))
    a.add_argument("--scale", type=float, default=1.0)
    a.add_argument("--anchor-min", default="7,6,5")
    c = sub.add_parser("combiner")
    c.add_argument("dir", type=Path)
    m = sub.add_parser("missing-names")
    m.add_argument("dir", type=Path)
    m.add_argument("--news", type=Path, default=Path("/work/data/fpnews_nontrex"))
    o = sub.add_parser("article-offset")
    o.add_argument("dir", type=Path)
    o.add_argument("--encoder", default="e5")
    o.add_argument("--lang", default="zh", help="the articles' language (base tag)")
    o.add_argument("--offsets", default="0.01,0.02,0.03")
    args = ap.parse_args()
    if args.cmd == "dumps":
        args.dir.mkdir(parents=True, exist_ok=True)
        make_dumps(args.dir, args.news, args.vectors, args.sets.split(",") if args.sets else None,
                   screen=not args.no_screen)
    elif args.cmd == "grid":
        grid(args.dir, args.spec)
    elif args.cmd == "anchor-idf":
        anchor_idf(args.dir, args.news, args.scale, [float(v) for v in args.anchor_min.split(",")])
    elif args.cmd == "article-offset":
        article_offset(args.dir, args.encoder, args.lang, [float(v) for v in args.offsets.split(",")])
    elif args.cmd == "missing-names":
        missing_names(args.dir, args.news)
    else:
        combiner(args.dir)


if __name__ == "__main__":
    main()
