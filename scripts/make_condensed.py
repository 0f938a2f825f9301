#!/usr/bin/env python3
"""Build ``benchmarks/condensed/``: condensed, headline and lead copies of real state-media articles.

Issue 12, deliverable 4(b).  The commonest real copy is not a sentence-by-sentence translation:
an account takes a Chinese CNS or Xinhua story (or a Spanish or English state-media one) and
posts a tweet in another language that keeps its names, numbers, places and dates but
condenses, reorders and drops clauses, or only translates the headline.

Sources (hand-made, in ``benchmarks/condensed/source/``)
--------------------------------------------------------
``articles_{zh,es,en}.txt``: real article texts of Chinese, Spanish and English state media,
found in public repositories and stored web pages (``origin`` of each record; SOURCE.md),
trimmed to their first paragraphs.  One record per article::

    === zh01                      the article key (article id = "cond-" + key)
    outlet: xinhua
    url: http://...               optional: only the article's own page (a listing or
                                  digest page is the origin, not the url: the index
                                  stores one article per url)
    published_at: 2024-11-14
    group: freedom-edge-2         optional: articles of one group go to the same half
    origin: repo|path|commit  or  page|URL
    note: ...                     optional, free text for SOURCE.md
    title: ...                    optional
    ---
    body paragraphs, one per line, up to the next "===" line

``posts_*.txt``: posts written by hand, as accounts that copy state media write them, BEFORE
any look at how the matcher scores them.  Under ``### <article key>``, each post starts with
``@<kind> <lang> [platform]`` and runs to the next ``@kind`` or ``###`` line (so a post may
span lines).  Kinds: ``condensed`` (names/numbers/places/dates kept, clauses condensed,
reordered, dropped), ``headline`` (title only, translated or reworded), ``lead`` (title and
first paragraph, translated faithfully), ``sentence`` (one body sentence, translated
faithfully), ``negative_same_event`` (the same event with other facts: numbers, dates,
outcomes) and ``negative_same_topic`` (the same topic, written independently).  Negatives have
no gold article.  Lines before the first record of a file that start with ``#`` are comments.

Output
------
``{tune,test}/articles.jsonl`` (article records; ``title`` is kept apart from ``text``, as
feeds and crawlers deliver it) and ``{tune,test}/posts.jsonl`` (``sourcetrace eval`` gold
format, in order of ``created_at``).  Split by article: units (a group, else one article) ordered by SHA-256 of
``SALT + unit``, each to the half with fewer articles of its language so far; posts follow
their article, negatives the article whose event they share.  Post ids, authors, platforms
(unless tagged; posts over 280 characters go to Telegram or Mastodon), dates and the absence of ``lang`` on about a third of the posts are derived
from SHA-256 hashes, so two runs write byte-identical files.

Usage::

    python scripts/make_condensed.py [--source DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO_ROOT / "benchmarks" / "condensed" / "source"
DEFAULT_OUT = REPO_ROOT / "benchmarks" / "condensed"
SALT = "sourcetrace-condensed-v1:"
HALVES = ("tune", "test")
COPY_KINDS = ("condensed", "headline", "lead", "sentence")
NEG_KINDS = ("negative_same_event", "negative_same_topic")
KINDS = COPY_KINDS + NEG_KINDS
POST_LANGS = ("es", "pt", "fr", "en", "zh", "ru", "ar")
ARTICLE_LANGS = ("zh", "es", "en")
PLATFORMS = ("x", "telegram", "mastodon")
HEADER = re.compile(r"^@(" + "|".join(KINDS) + r")\s+([a-z]{2})(?:\s+(" + "|".join(PLATFORMS) + r"))?\s*$")
META_KEYS = ("outlet", "url", "published_at", "group", "origin", "note", "title")


@dataclass
class Article:
    key: str
    lang: str
    meta: dict[str, str]
    body: list[str] = field(default_factory=list)

    @property
    def unit(self) -> str:
        return self.meta.get("group") or self.key


@dataclass
class Post:
    article: str
    kind: str
    lang: str
    platform: str | None
    lines: list[str]
    where: str

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()


def _h(text: str) -> int:
    return int.from_bytes(hashlib.sha256((SALT + text).encode("utf-8")).digest()[:8], "big")


def parse_articles(path: Path, lang: str) -> list[Article]:
    """Records of one articles_<lang>.txt file; SystemExit with FILE:LINE on a malformed one."""
    out: list[Article] = []
    cur: Article | None = None
    in_body = False
    for n, raw in enumerate(path.read_text("utf-8").splitlines(), 1):
        line = raw.rstrip()
        if line.startswith("=== "):
            cur, in_body = Article(line[4:].strip(), lang, {}), False
            out.append(cur)
        elif cur is None:
            if line and not line.startswith("#"):
                raise SystemExit(f"{path}:{n}: text before the first record")
        elif in_body:
            if line:
                cur.body.append(line)
        elif line == "---":
            in_body = True
        elif line:
            key, sep, value = line.partition(": ")
            if not sep or key not in META_KEYS:
                raise SystemExit(f"{path}:{n}: expected 'key: value' with key in {META_KEYS}")
            cur.meta[key] = value.strip()
    for a in out:
        for need in ("outlet", "published_at", "origin"):
            if need not in a.meta:
                raise SystemExit(f"{path}: article {a.key} lacks {need}")
        if not a.body:
            raise SystemExit(f"{path}: article {a.key} has no body")
    return out


def parse_posts(path: Path) -> list[Post]:
    out: list[Post] = []
    article: str | None = None
    cur: Post | None = None
    for n, raw in enumerate(path.read_text("utf-8").splitlines(), 1):
        line = raw.rstrip("\n")
        if line.startswith("### "):
            article, cur = line[4:].strip(), None
            continue
        m = HEADER.match(line)
        if m:
            if article is None:
                raise SystemExit(f"{path}:{n}: post before the first '### <article>' line")
            cur = Post(article, m.group(1), m.group(2), m.group(3), [], f"{path.name}:{n}")
            out.append(cur)
        elif cur is not None:
            cur.lines.append(line)
        elif line.strip() and not line.startswith("#"):
            raise SystemExit(f"{path}:{n}: text outside a post")
    for p in out:
        if not p.text:
            raise SystemExit(f"{p.where}: empty post")
        if p.lang not in POST_LANGS:
            raise SystemExit(f"{p.where}: post language {p.lang!r} not in {POST_LANGS}")
    return out


def split(articles: list[Article]) -> dict[str, str]:
    """Article key -> half."""
    units: dict[str, list[Article]] = {}
    for a in articles:
        units.setdefault(a.unit, []).append(a)
    counts = {(h, lang): 0 for h in HALVES for lang in ARTICLE_LANGS}
    half_of: dict[str, str] = {}
    for unit in sorted(units, key=lambda u: (_h(u), u)):
        members = units[unit]
        lang = members[0].lang
        half = min(HALVES, key=lambda h: (counts[(h, lang)], HALVES.index(h)))
        counts[(half, lang)] += len(members)
        for a in members:
            half_of[a.key] = half
    return half_of


def article_record(a: Article) -> dict:
    date = datetime.fromisoformat(a.meta["published_at"]).replace(tzinfo=timezone.utc)
    rec = {"id": f"cond-{a.key}", "outlet": a.meta["outlet"]}
    if a.meta.get("url"):
        rec["url"] = a.meta["url"]
    if a.meta.get("title"):
        rec["title"] = a.meta["title"]
    rec.update({"text": "\n".join(a.body), "lang": a.lang,
                "published_at": date.strftime("%Y-%m-%dT%H:%M:%SZ")})
    return rec


def post_record(n: int, p: Post, a: Article) -> dict:
    pid = f"cond-{n:04d}"
    h = _h(pid)
    if p.platform:
        platform = p.platform
    elif len(p.text) > 280:  # too long for X: a Telegram or Mastodon post
        platform = "telegram" if h % 4 else "mastodon"
    else:
        platform = "x" if h % 10 < 7 else "telegram" if h % 10 < 8 else "mastodon"
    base = datetime.fromisoformat(a.meta["published_at"]).replace(tzinfo=timezone.utc)
    if p.kind in NEG_KINDS:
        created = base + timedelta(minutes=(h >> 8) % (6 * 24 * 60)) - timedelta(days=1)
    else:
        created = base + timedelta(hours=8, minutes=20 + (h >> 8) % (72 * 60))
    rec: dict = {"id": pid, "author": f"acct_{p.lang}_{(h >> 20) % 6 + 1:02d}", "platform": platform,
                 "created_at": created.strftime("%Y-%m-%dT%H:%M:%SZ"), "lang": p.lang, "text": p.text}
    if h % 3 == 0:
        del rec["lang"]  # users' dumps often lack it
    gold: dict = {"article_id": None if p.kind in NEG_KINDS else f"cond-{a.key}", "copy_type": p.kind,
                  "attribution": None, "lang": p.lang, "article_lang": a.lang}
    if p.kind in NEG_KINDS:
        gold["same_event_as"] = f"cond-{a.key}"
    rec["gold"] = gold
    return rec


def write_jsonl(path: Path, records: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def count_table(posts: list[dict]) -> str:
    c = Counter((p["gold"]["copy_type"], p["gold"]["lang"], p["gold"]["article_lang"]) for p in posts)
    cols = [(pl, al) for al in ARTICLE_LANGS for pl in POST_LANGS if any(k[1:] == (pl, al) for k in c)]
    rows = ["| kind | " + " | ".join(f"{al}→{pl}" for pl, al in cols) + " | all |",
            "|---|" + "---:|" * (len(cols) + 1)]
    for kind in KINDS:
        vals = [c[(kind, pl, al)] for pl, al in cols]
        rows.append(f"| {kind} | " + " | ".join(str(v or "") for v in vals) + f" | {sum(vals)} |")
    totals = [sum(c[(k, pl, al)] for k in KINDS) for pl, al in cols]
    rows.append("| **all** | " + " | ".join(str(v) for v in totals) + f" | {sum(totals)} |")
    return "\n".join(rows)


def readme(halves: dict[str, tuple[list[dict], list[dict]]]) -> str:
    parts = []
    for half, (arts, posts) in halves.items():
        by_lang = Counter(a["lang"] for a in arts)
        no_lang = sum("lang" not in p for p in posts)
        parts.append(f"### {half}\n\n{len(arts)} articles ("
                     + ", ".join(f"{by_lang[l]} {l}" for l in ARTICLE_LANGS)
                     + f"), {len(posts)} posts ({no_lang} without a `lang` field). "
                     "Columns: article language → post language.\n\n" + count_table(posts))
    tables = "\n\n".join(parts)
    return f"""# Condensed, headline and lead copies of real state-media articles

Issue 12, 4(b). Built by `python scripts/make_condensed.py` from the hand-made files in
`source/` (its docstring gives every rule); provenance and licences in `SOURCE.md`.

- `*/articles.jsonl`: real articles of Chinese, Spanish and English state media (Xinhua, China
  News Service, People's Daily, Global Times, China Daily, CGTN Español, RT en Español,
  HispanTV...), trimmed. `title` is a separate field, not repeated in `text` (as feeds and
  crawlers deliver articles), so headline copies are only findable by a matcher that indexes
  titles.
- `*/posts.jsonl`: posts written by hand the way state-media-copying accounts write, in
  es, pt, fr, en, zh, ru: `condensed` (names, numbers, places and dates kept; clauses
  condensed, reordered, dropped; some in the article's own language, reworded), `headline`,
  `lead` (title + first paragraph, faithful), `sentence` (one faithful sentence), with
  hashtags, emoji, links, "ÚLTIMA HORA", credits and half-credits ("vía Xinhua",
  "Twitter •mundo_china") on some. Hard negatives: `negative_same_event` (same event and
  often the same people and places, other numbers, dates or outcomes) and
  `negative_same_topic` (same topic, independent comment). `gold.attribution` is null (not
  labelled here); `gold.article_lang` gives the direction; negatives carry
  `gold.same_event_as`. About a third of the posts have no `lang` field.

Split by article (groups of articles on one event stay together): `tune/` is for calibration
only, `test/` for the reported numbers.

```
sourcetrace index build benchmarks/condensed/test/articles.jsonl --index /tmp/c --encoder use
sourcetrace eval benchmarks/condensed/test/posts.jsonl --index /tmp/c
```

Some articles share an event with another indexed article on purpose (two agencies' accounts
of the Kumamoto earthquake with different tolls; the announcement and the holding of a drill):
a copy must be matched to the article whose facts it carries.

{tables}
"""


def source_md(articles: list[Article], half_of: dict[str, str]) -> str:
    rows = ["| id | half | outlet | published | origin | licence |", "|---|---|---|---|---|---|"]
    for a in articles:
        origin = a.meta["origin"]
        kind, _, rest = origin.partition("|")
        if kind == "page":
            where, licence = f"stored web page {rest}", f"© {a.meta['outlet']}, quoted"
        else:
            path, _, commit = rest.partition("|")
            where, licence = f"`{kind}` `{path}` @ `{commit[:12]}`", f"none stated; © {a.meta['outlet']}, quoted"
        note = f" ({a.meta['note']})" if a.meta.get("note") else ""
        rows.append(f"| cond-{a.key} | {half_of[a.key]} | {a.meta['outlet']} | "
                    f"{a.meta['published_at']} | {where}{note} | {licence} |")
    table = "\n".join(rows)
    return f"""# Source of benchmarks/condensed

## Articles

Real texts of state-media articles, found with the project's search tool (stored copies of
public GitHub repositories and of public web pages) and transcribed, trimmed to their first
paragraphs (at most a few dozen sentences; a few end where the stored copy ended). Nothing
was paraphrased or corrected, except that pinyin annotations inserted by two reposting sites
into traditional-character CNS/Global Times texts ("網(wǎng)") and a repost's doubled commas
were removed. No title is invented: where the stored copy had none the record has no title.
Dates come from the datelines or the page; where inferred, the note says so.

- GitHub: `kking-kkang/ChinaNewsCrawler` (crawler output JSON of xinhuanet.com,
  people.com.cn and huanqiu.com articles; the repository states no licence).
- Stored web pages: wire copies on the outlets' sites and on reposting sites (addresses in
  the table). Licence: the texts are the outlets' copyright (Xinhua, China News Service,
  People's Daily, Global Times/Huanqiu, China Daily, CGTN, RT, HispanTV, Shanghai Daily,
  China Today); they are used here as short quotations for research and evaluation of a
  copy-detection tool, which is their purpose in this folder. Do not redistribute them as
  a news corpus.

## Posts

Every post is written by hand for this benchmark (the helper that built it, writing as a
careful translator and condenser would, before looking at any matcher score): translations
and condensations of the articles above, and negatives about the same events or topics with
other facts. Handles, platforms and dates are synthetic. Released with the project.

## Articles by origin

{table}
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="folder of the hand-made source files")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = ap.parse_args(argv)
    articles: list[Article] = []
    for lang in ARTICLE_LANGS:
        articles += parse_articles(args.source / f"articles_{lang}.txt", lang)
    by_key = {a.key: a for a in articles}
    if len(by_key) != len(articles):
        raise SystemExit("duplicate article keys")
    posts: list[Post] = []
    for path in sorted(args.source.glob("posts_*.txt")):
        posts += parse_posts(path)
    for p in posts:
        if p.article not in by_key:
            raise SystemExit(f"{p.where}: unknown article {p.article!r}")
        if p.kind == "headline" and not by_key[p.article].meta.get("title"):
            raise SystemExit(f"{p.where}: headline post for an article without a title")
    missing = [k for k in by_key if not any(p.article == k for p in posts)]
    if missing:
        raise SystemExit(f"articles without posts: {missing}")
    half_of = split(articles)
    halves: dict[str, tuple[list[dict], list[dict]]] = {}
    for half in HALVES:
        arts = [article_record(a) for a in articles if half_of[a.key] == half]
        recs = sorted((post_record(n, p, by_key[p.article]) for n, p in enumerate(posts, 1)
                       if half_of[p.article] == half), key=lambda r: (r["created_at"], r["id"]))
        halves[half] = (arts, recs)
        folder = args.out / half
        folder.mkdir(parents=True, exist_ok=True)
        write_jsonl(folder / "articles.jsonl", arts)
        write_jsonl(folder / "posts.jsonl", recs)
        print(f"{half}: {len(arts)} articles, {len(recs)} posts")
    (args.out / "README.md").write_text(readme(halves), "utf-8")
    (args.out / "SOURCE.md").write_text(source_md(articles, half_of), "utf-8")
    print(f"{sum(len(p.text) > 280 for p in posts)} posts longer than 280 characters (Telegram/Mastodon)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
