#!/usr/bin/env python3
"""Build the bundled sample corpus in ``corpora/sample/`` from NTREX-128.

What it builds
--------------
* ``articles.jsonl`` -- the *indexed* corpus: the English text of a fixed subset of
  the 123 NTREX-128 news documents (all five RT documents, RT being a state-owned
  broadcaster, plus about forty documents from other outlets), one JSON object per
  document in the record format of ``sourcetrace.records.Article``.
* ``posts.jsonl`` -- about 180 synthetic social-media posts in the gold format read by
  ``sourcetrace eval``: post fields plus ``gold`` = ``{article_id, copy_type,
  attribution}``.  Positives copy one indexed article: real human translations (the
  NTREX reference lines) of one sentence or of two consecutive sentences in 11
  languages, English verbatim copies, truncated copies and lightly edited copies.
  Negatives (about 30%) are sentences, in English and in the other languages, of
  documents that are *not* indexed -- same news cycle, often the same story told by
  another outlet -- so they are hard.
* ``SOURCE.md`` (provenance, the list of indexed documents, what is synthetic,
  citation) and ``LICENSE.md`` (CC BY-SA 4.0, copied from the data folder).

Why
---
The sample lets anyone run ``sourcetrace`` end to end in seconds (about 700
sentences to index) and measure it against gold labels whose cross-lingual part is
real: every non-English positive is a professional human translation of the article
sentence it is labelled with, not machine output.

What is synthetic (and documented in SOURCE.md): the publication dates of the
articles, the post dates, the account handles and platforms, the social-media noise
(hashtags, emoji, ``https://t.co/...`` links, line breaks), the edits and cuts, and
the credit lines ("via @RT_com", "Twitter •RT_com", ...).  No URLs are invented for
articles.

Everything is deterministic: a fixed seed drives one ``random.Random``; per-document
dates come from a SHA-256 of the document id; nothing iterates over a ``set``.  Two
runs write byte-identical files.

Usage::

    python scripts/make_sample.py [--data DIR] [--out DIR]

Pure standard library.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import shutil
import string
import sys
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO_ROOT / ".." / "shared" / "data" / "ntrex128"
DEFAULT_OUT = REPO_ROOT / "corpora" / "sample"

SEED = 20190128

# NTREX file suffix -> language code used in the sample.
LANGS = {
    "spa": "es",
    "zho-CN": "zh",
    "fra": "fr",
    "rus": "ru",
    "arb": "ar",
    "deu": "de",
    "por": "pt",
    "jpn": "ja",
    "hin": "hi",
    "vie": "vi",
    "swa": "sw",
}
CODES = list(LANGS.values())
NO_SPACE_LANGS = ("zh", "ja")  # sentences are joined without a space

# Size of the indexed subset.
TARGET_DOCS = 45
MIN_LINES, MAX_LINES = 600, 800

# Post mix.
TRANSLATIONS_PER_LANG = 7
MULTI_TRANSLATIONS = 12
N_VERBATIM = 14
N_VERBATIM_HEADLINE = 2  # of the verbatim posts, how many copy a headline
N_TRUNCATED = 10
N_EDITED = 12
NEG_EN = 10
NEG_PER_LANG = 4
N_BEFORE_SOURCE = 8  # positives dated before their article (source_first = false)
P_RT = 0.3  # chance that an unconstrained positive copies an RT document

# Headlines that NTREX splits over the first two lines of a document (checked by hand
# over all 123 documents; every other document's first line is its whole headline).
TWO_LINE_TITLES = (
    "guardian.221679",  # "Labour is no longer a broad church." / "It is intolerant of ..."
    "newsweek.51329",  # "Kanye West Embarked on ... After his SNL Appearance." / "It Didn't Go Well"
    "nytimes.184860",  # "Indonesia Tsunami Toll Soars Above 800." / "It Is Very Bad."
    "rt.com.91356",  # "Another black person?!" / "NY nanny sues couple over firing after ..."
)
# Headlines that end with a full stop (the loose headline check would flag them):
# NTREX keeps only the second half, "And Women Need to Wield It.", of this one.
FULL_STOP_TITLES = ("nytimes.184822",)

# Documents about the same story from different outlets (grouped by hand from the
# headlines).  Part of each group is indexed and part held out, so that held-out
# sentences make hard negatives: same story, another outlet's words.  A group with
# an RT document holds out all its other members.
STORY_GROUPS = (
    ("rt.com.91337", "reuters.218932"),  # Macedonia name referendum
    (
        "nytimes.184837",
        "euronews-en.153835",
        "reuters.218863",
        "nytimes.184860",
        "telegraph.405422",
        "reuters.218865",
        "newsweek.51340",
        "euronews-en.153797",
    ),  # Sulawesi earthquake and tsunami
    ("cnbc.com.6769", "reuters.218861"),  # North Korea will not disarm without trust
    ("bbc.381746", "scotsman.133791"),  # Livingston 1-0 Rangers
    ("cbsnews.248387", "reuters.218909"),  # arrest over the death of Wayde Sims
    ("abcnews.306755", "newsweek.51300"),  # Warren's 'hard look' at running
    ("cnn.304478", "newsweek.51339"),  # Track Palin
    ("thelocal.65969", "euronews-en.153799"),  # Syria at the UN, refugees
    ("abcnews.306815", "newsweek.51338"),  # remnants of Hurricane Rosa
    (
        "independent.226301",
        "reuters.218923",
        "reuters.218914",
        "scotsman.133758",
        "euronews-en.153826",
    ),  # Ryder Cup 2018
    (
        "cnn.304489",
        "cnn.304447",
        "newsweek.51310",
        "newsweek.51330",
        "cnbc.com.6790",
        "cbsnews.248384",
        "cbsnews.248471",
        "newsweek.51328",
        "telegraph.405413",
        "cbsnews.248394",
        "guardian.221756",
    ),  # Kavanaugh nomination, Trump's West Virginia rally
    ("bbc.381647", "newsweek.51329"),  # Kanye West
    ("reuters.218933", "telegraph.405408", "nytimes.184804"),  # US and China
)

# Credit lines.  (outlet of the copied article, copy type, language, text, label)
CREDIT_SPECS = (
    ("rt", "verbatim", "en", "via @RT_com", "attributed"),
    ("rt", "edited", "en", "Source: RT", "attributed"),
    ("rt", "truncated", "en", "(RT)", "attributed"),
    ("rt", "translation", "es", "Fuente: @ActualidadRT", "attributed"),
    ("rt", "translation", "ru", "Источник: RT", "attributed"),
    ("rt", "translation", "de", "Quelle: RT", "attributed"),
    ("reuters", "verbatim", "en", "(Reuters)", "attributed"),
    ("bbc", "translation", "fr", "via @BBCNews", "attributed"),
    ("rt", "verbatim", "en", "Twitter •RT_com", "evasive"),
    ("rt", "edited", "en", "Source: R T", "evasive"),
    ("rt", "truncated", "en", "h/t RT_com", "evasive"),
    ("rt", "translation", "es", "Twitter •ActualidadRT", "evasive"),
    ("rt", "translation", "fr", "Source : R T", "evasive"),
    ("rt", "translation", "pt", "Fonte: RT_com", "evasive"),
    ("rt", "translation", "ar", "المصدر: R T", "evasive"),
    ("rt", "multi_sentence_translation", "zh", "来源：推特 •RT_com", "evasive"),
)
# Held-out documents whose sentences are posted with a credit to their (non-indexed)
# outlet: the credit must not turn a negative into a match.
NEGATIVE_CREDITS = (("reuters", "(Reuters)"), ("bbc", "via @BBCNews"))

HASHTAGS = {
    "en": ["#BreakingNews", "#news", "#world", "#WakeUp"],
    "es": ["#Noticias", "#ÚltimaHora", "#Internacional"],
    "zh": ["#新闻", "#国际新闻", "#突发"],
    "fr": ["#Actualités", "#Info", "#International"],
    "ru": ["#Новости", "#Срочно", "#Мир"],
    "ar": ["#عاجل", "#أخبار"],
    "de": ["#Nachrichten", "#Eilmeldung", "#Welt"],
    "pt": ["#Notícias", "#Urgente", "#Mundo"],
    "ja": ["#ニュース", "#速報", "#国際"],
    "hi": ["#समाचार", "#ब्रेकिंग", "#दुनिया"],
    "vi": ["#TinTức", "#ThếGiới", "#NóngNhất"],
    "sw": ["#Habari", "#HabariZaDunia"],
}
EMOJI = ["🔴", "⚡️", "‼️", "👇", "🚨", "📢", "😡", "🤔", "👀", "🌍", "🔥", "😱"]
BREAKING = {
    "en": "BREAKING:",
    "es": "ÚLTIMA HORA:",
    "fr": "URGENT :",
    "de": "EILMELDUNG:",
    "pt": "URGENTE:",
    "ru": "СРОЧНО:",
    "zh": "突发：",
    "ja": "速報：",
    "ar": "عاجل:",
    "hi": "ब्रेकिंग:",
    "vi": "NÓNG:",
    "sw": "HABARI MPYA:",
}

# Word replacements for "edited" copies (lower-case key -> replacement).
SYNONYMS = {
    "said": "stated",
    "says": "claims",
    "told": "informed",
    "killed": "left dead",
    "large": "huge",
    "big": "huge",
    "very": "really",
    "announced": "revealed",
    "reported": "said",
    "however": "but",
    "people": "persons",
    "children": "kids",
    "percent": "%",
    "president": "Pres.",
    "government": "govt",
    "saturday": "Sat.",
    "sunday": "Sun.",
    "friday": "Fri.",
    "approximately": "about",
    "attacked": "assaulted",
    "arrested": "detained",
    "because": "as",
    "officials": "authorities",
    "man": "guy",
    "suspect": "alleged perpetrator",
    "warships": "ships",
}
DROPPABLE = ("the", "a", "very", "also", "just", "now", "still", "really", "new", "local")

DANGLING = (
    "the",
    "a",
    "an",
    "of",
    "to",
    "and",
    "or",
    "in",
    "on",
    "at",
    "for",
    "with",
    "by",
    "from",
    "that",
    "his",
    "her",
    "its",
    "their",
    "as",
    "was",
    "is",
    "be",
    "has",
    "have",
    "had",
)

PLATFORMS = ("x", "mastodon", "telegram")
PLATFORM_WEIGHTS = (6, 2, 2)


# ----------------------------------------------------------------------------- data


def read_lines(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [line.rstrip("\r\n") for line in fh]


def load(data: Path) -> tuple[list[str], list[str], dict[str, list[str]]]:
    ids = [line.strip() for line in read_lines(data / "DOCUMENT_IDS.tsv")]
    en = read_lines(data / "newstest2019-src.eng.txt")
    refs = {
        code: read_lines(data / f"newstest2019-ref.{suffix}.txt") for suffix, code in LANGS.items()
    }
    for name, lines in [("DOCUMENT_IDS.tsv", ids), *((f"ref.{c}", r) for c, r in refs.items())]:
        if len(lines) != len(en):
            raise SystemExit(f"{name}: {len(lines)} lines, English source has {len(en)}")
    return ids, en, refs


def documents(ids: list[str]) -> dict[str, list[int]]:
    """Document id -> its line numbers (0-based), in file order; documents are contiguous."""
    docs: dict[str, list[int]] = {}
    previous = None
    for i, doc in enumerate(ids):
        if doc != previous and doc in docs:
            raise SystemExit(f"document {doc} is not contiguous (line {i + 1})")
        docs.setdefault(doc, []).append(i)
        previous = doc
    return docs


def outlet_of(doc_id: str) -> str:
    return doc_id.split(".", 1)[0].lower()


def title_lines(doc_id: str) -> int:
    return 2 if doc_id in TWO_LINE_TITLES else 1


def looks_like_headline(line: str) -> bool:
    """A loose check that a document's first line is a headline: short, no full stop
    (two-line headlines are listed in TWO_LINE_TITLES)."""
    return 0 < len(line.split()) <= 25 and not line.rstrip().endswith((".", ",", ";"))


def published_at(doc_id: str) -> datetime:
    """Synthetic, deterministic date in September-October 2019 derived from the doc id."""
    h = int.from_bytes(hashlib.sha256(doc_id.encode("utf-8")).digest()[:8], "big")
    base = datetime(2019, 9, 2, tzinfo=timezone.utc)
    return base + timedelta(days=h % 56, hours=6 + (h >> 8) % 15, minutes=(h >> 16) % 60)


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


# ------------------------------------------------------------------------- selection


def choose_indexed(docs: dict[str, list[int]], rng: random.Random) -> list[str]:
    order = list(docs)
    chosen = [d for d in order if outlet_of(d) == "rt"]
    held: list[str] = []
    for group in STORY_GROUPS:
        missing = [d for d in group if d not in docs]
        if missing:
            raise SystemExit(f"STORY_GROUPS names unknown documents: {missing}")
        if any(outlet_of(d) == "rt" for d in group):
            held += [d for d in group if outlet_of(d) != "rt"]
            continue
        members = sorted(group)
        rng.shuffle(members)
        k = max(1, len(members) // 2)
        chosen += members[:k]
        held += members[k:]
    grouped = {d for g in STORY_GROUPS for d in g}
    rest = [d for d in order if d not in grouped and outlet_of(d) != "rt"]
    rng.shuffle(rest)
    total = sum(len(docs[d]) for d in chosen)
    for d in rest:
        if len(chosen) >= TARGET_DOCS:
            break
        if total + len(docs[d]) <= MAX_LINES:
            chosen.append(d)
            total += len(docs[d])
    if not MIN_LINES <= total <= MAX_LINES:
        raise SystemExit(f"indexed subset has {total} lines, wanted {MIN_LINES}-{MAX_LINES}")
    chosen_set = set(chosen)
    return [d for d in order if d in chosen_set]  # file order


# ------------------------------------------------------------------ text utilities


def shingles(text: str, n: int = 5) -> frozenset[str]:
    t = " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())
    if len(t) <= n:
        return frozenset([t])
    return frozenset(t[i : i + n] for i in range(len(t) - n + 1))


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / max(1, min(len(a), len(b)))


def ref_ok(en: str, ref: str, code: str) -> bool:
    """Reject empty, untranslated and visibly misaligned reference lines."""
    ref = ref.strip()
    if len(ref) < 4 or ref == en.strip():
        return False
    ratio = len(ref) / max(1, len(en))
    lo, hi = {"zh": (0.15, 0.9), "ja": (0.2, 1.1)}.get(code, (0.5, 2.0))
    return lo <= ratio <= hi


def join_sentences(parts: list[str], code: str) -> str:
    return ("" if code in NO_SPACE_LANGS else " ").join(p.strip() for p in parts)


def tco(rng: random.Random) -> str:
    return "https://t.co/" + "".join(
        rng.choice(string.ascii_letters + string.digits) for _ in range(10)
    )


def proper_noun_tag(sentence: str, rng: random.Random) -> str | None:
    words = [w.strip(string.punctuation + "“”‘’") for w in sentence.split()[1:]]
    words = [w for w in words if len(w) >= 4 and w.isalpha() and w[0].isupper() and w.isascii()]
    return "#" + rng.choice(words) if words else None


def add_noise(
    text: str, code: str, rng: random.Random, strength: float, source_en: str = ""
) -> str:
    """Wrap a copied text in social-media noise; never alters the copied text itself."""
    before: list[str] = []
    after: list[str] = []
    if rng.random() < 0.15 * strength:
        before.append(BREAKING[code])
    if rng.random() < 0.45 * strength:
        (before if rng.random() < 0.5 else after).append(rng.choice(EMOJI))
    tags: list[str] = []
    if rng.random() < 0.5 * strength:
        tag = proper_noun_tag(source_en, rng) if code == "en" and rng.random() < 0.6 else None
        tags.append(tag or rng.choice(HASHTAGS[code]))
    if rng.random() < 0.5 * strength:
        after.append(tco(rng))
    out = " ".join(before + [text]) if before else text
    tail = " ".join(tags + after)
    if tail:
        out += ("\n\n" if rng.random() < 0.4 else " ") + tail
    return out


def truncate(sentence: str, rng: random.Random) -> str:
    target = int(len(sentence) * rng.uniform(0.5, 0.7))
    cut = sentence.rfind(" ", 0, target + 1)
    words = sentence[: cut if cut > 0 else target].split(" ")
    while len(words) > 3 and words[-1].lower().strip(",;:") in DANGLING:
        words.pop()  # do not end the cut on "the", "and", "of"...
    piece = " ".join(words).rstrip(" ,;:-–—\"“'")
    r = rng.random()
    return piece + ("…" if r < 0.5 else "..." if r < 0.7 else "")


def edit(sentence: str, rng: random.Random) -> str:
    """One or two word changes (replace/drop) plus a punctuation change."""
    words = sentence.split(" ")
    n_ops = 1 if rng.random() < 0.5 else 2
    done = 0
    for _ in range(n_ops):
        syn = [i for i, w in enumerate(words) if w.lower().strip(string.punctuation) in SYNONYMS]
        drop = [i for i, w in enumerate(words) if i > 0 and w.lower() in DROPPABLE]
        if syn and (not drop or rng.random() < 0.6):
            i = rng.choice(syn)
            core = words[i].strip(string.punctuation)
            repl = SYNONYMS[core.lower()]
            if core[0].isupper() and not repl[0].isupper():
                repl = repl[0].upper() + repl[1:]
            words[i] = words[i].replace(core, repl, 1)
            done += 1
        elif drop:
            del words[rng.choice(drop)]
            done += 1
    if not done:  # neither table matched: drop a middle word
        i = rng.randrange(1, len(words) - 1)
        del words[i]
    text = " ".join(words)
    r = rng.random()
    if text.endswith(".") and r < 0.4:
        text = text[:-1] + rng.choice(["!", "!!", "!!!", ""])
    elif ", " in text and r < 0.7:
        text = text.replace(", ", " - ", 1)
    else:
        text = text.replace("\u201c", '"').replace("\u201d", '"').rstrip(".")
    if ", " in text and rng.random() < 0.3:  # a line break where a comma was
        text = text.replace(", ", ",\n", 1)
    return text


# ------------------------------------------------------------------------------ posts


class Builder:
    def __init__(self, rng, ids, en, refs, docs, indexed):
        self.rng, self.ids, self.en, self.refs, self.docs = rng, ids, en, refs, docs
        self.indexed = indexed
        indexed_set = set(indexed)
        self.held = [d for d in docs if d not in indexed_set]
        self.used: set[int] = set()
        self.sh = {i: shingles(en[i]) for i in range(len(en))}
        self.indexed_lines = [i for d in indexed for i in docs[d]]

    # candidate lines --------------------------------------------------------------
    def body(self, doc: str) -> list[int]:
        return self.docs[doc][title_lines(doc) :]

    def good_en(self, i: int, min_words: int = 6) -> bool:
        s = self.en[i]
        # line 681 of the English source is French; skip anything left untranslated
        return len(s.split()) >= min_words and s.strip() != self.refs["es"][i].strip()

    def unambiguous(self, i: int) -> bool:
        """No near-duplicate of the line in another indexed document."""
        doc = self.ids[i]
        return all(
            overlap(self.sh[i], self.sh[j]) < 0.5 for j in self.indexed_lines if self.ids[j] != doc
        )

    def far_from_index(self, i: int) -> bool:
        """A negative must not be a near-copy of any indexed sentence."""
        return all(overlap(self.sh[i], self.sh[j]) < 0.35 for j in self.indexed_lines)

    def pick_doc(self, outlet: str | None) -> list[str]:
        if outlet is None:
            outlet_pool = "rt" if self.rng.random() < P_RT else None
        else:
            outlet_pool = outlet
        if outlet_pool is None:
            pool = [d for d in self.indexed if outlet_of(d) != "rt"]
        else:
            pool = [d for d in self.indexed if outlet_of(d) == outlet_pool]
        if not pool:
            raise SystemExit(f"no indexed document from outlet {outlet_pool!r}")
        pool = pool[:]
        self.rng.shuffle(pool)
        return pool

    def pick_line(self, outlet, ok, lines_of=None) -> int:
        for doc in self.pick_doc(outlet):
            cands = [i for i in (lines_of or self.body)(doc) if i not in self.used and ok(i)]
            if cands:
                i = self.rng.choice(cands)
                self.used.add(i)
                return i
        raise SystemExit(f"ran out of candidate lines (outlet {outlet!r})")

    def pick_pair(self, outlet, code) -> int:
        def ok(i):
            j = i + 1
            return (
                j < len(self.ids)
                and self.ids[j] == self.ids[i]
                and j not in self.used
                and self.good_en(i, 5)
                and self.good_en(j, 5)
                and ref_ok(self.en[i], self.refs[code][i], code)
                and ref_ok(self.en[j], self.refs[code][j], code)
                and self.unambiguous(i)
                and self.unambiguous(j)
            )

        i = self.pick_line(outlet, ok)
        self.used.add(i + 1)
        return i

    # post construction ------------------------------------------------------------
    def positive(self, copy_type: str, code: str, outlet: str | None, credit: str | None) -> dict:
        rng = self.rng
        if copy_type == "translation":
            i = self.pick_line(
                outlet,
                lambda i: (
                    self.good_en(i)
                    and ref_ok(self.en[i], self.refs[code][i], code)
                    and self.unambiguous(i)
                ),
            )
            text, source = self.refs[code][i].strip(), self.en[i]
            text = add_noise(text, code, rng, 0.6)
        elif copy_type == "multi_sentence_translation":
            i = self.pick_pair(outlet, code)
            text = join_sentences([self.refs[code][i], self.refs[code][i + 1]], code)
            source = self.en[i] + " " + self.en[i + 1]
            text = add_noise(text, code, rng, 0.5)
        elif copy_type == "verbatim_headline":
            i = self.pick_line(
                outlet,
                lambda i: self.good_en(i) and self.unambiguous(i),
                lines_of=lambda d: self.docs[d][: title_lines(d)],
            )
            copy_type, text, source = "verbatim", self.en[i].strip(), self.en[i]
            text = add_noise(text, "en", rng, 1.0, source)
        elif copy_type == "verbatim":
            i = self.pick_line(outlet, lambda i: self.good_en(i, 8) and self.unambiguous(i))
            text, source = self.en[i].strip(), self.en[i]
            text = add_noise(text, "en", rng, 1.0, source)
        elif copy_type == "truncated":
            i = self.pick_line(outlet, lambda i: self.good_en(i, 18) and self.unambiguous(i))
            text, source = truncate(self.en[i].strip(), rng), self.en[i]
            text = add_noise(text, "en", rng, 0.8, source)
        elif copy_type == "edited":
            i = self.pick_line(outlet, lambda i: self.good_en(i, 10) and self.unambiguous(i))
            source = self.en[i]
            text = edit(source.strip(), rng)
            text = add_noise(text, "en", rng, 1.0, source)
        else:
            raise ValueError(copy_type)
        if credit:
            text = text + rng.choice([" ", "\n", "\n\n", " — "]) + credit
        doc = self.ids[i]
        return {
            "lang": code,
            "text": text,
            "doc": doc,
            "gold": {
                "article_id": doc,
                "copy_type": copy_type,
                "attribution": None,  # filled by the caller
            },
        }

    def negative(self, code: str, outlet: str | None = None, credit: str | None = None) -> dict:
        rng = self.rng
        pool = [d for d in self.held if outlet is None or outlet_of(d) == outlet]
        pool = pool[:]
        rng.shuffle(pool)
        for doc in pool:
            cands = [
                i
                for i in self.docs[doc]
                if i not in self.used
                and self.good_en(i, 7)
                and (code == "en" or ref_ok(self.en[i], self.refs[code][i], code))
            ]
            rng.shuffle(cands)
            for i in cands[:6]:
                if self.far_from_index(i):
                    self.used.add(i)
                    text = self.en[i].strip() if code == "en" else self.refs[code][i].strip()
                    text = add_noise(text, code, rng, 0.8 if code == "en" else 0.6, self.en[i])
                    if credit:
                        text += " " + credit
                    return {
                        "lang": code,
                        "text": text,
                        "doc": None,
                        "gold": {"article_id": None, "copy_type": "negative", "attribution": None},
                    }
        raise SystemExit(f"no negative candidate for {code} (outlet {outlet!r})")


def build_posts(b: Builder, pub: dict[str, datetime]) -> list[dict]:
    rng = b.rng
    # slots: [copy_type, lang, outlet, credit, label]
    slots: list[list] = []
    for code in CODES:
        slots += [["translation", code, None, None, None] for _ in range(TRANSLATIONS_PER_LANG)]
    for k in range(MULTI_TRANSLATIONS):
        slots.append(["multi_sentence_translation", CODES[k % len(CODES)], None, None, None])
    slots += [["verbatim_headline", "en", None, None, None] for _ in range(N_VERBATIM_HEADLINE)]
    slots += [["verbatim", "en", None, None, None] for _ in range(N_VERBATIM - N_VERBATIM_HEADLINE)]
    slots += [["truncated", "en", None, None, None] for _ in range(N_TRUNCATED)]
    slots += [["edited", "en", None, None, None] for _ in range(N_EDITED)]
    for outlet, ctype, code, credit, label in CREDIT_SPECS:
        for slot in slots:
            if slot[0] == ctype and slot[1] == code and slot[3] is None:
                slot[2:] = [outlet, credit, label]
                break
        else:
            raise SystemExit(f"no free slot for credit spec {ctype}/{code}")

    posts = []
    # constrained slots first so that their outlets still have free lines
    for slot in sorted(slots, key=lambda s: s[2] is None):
        ctype, code, outlet, credit, label = slot
        post = b.positive(ctype, code, outlet, credit)
        post["gold"]["attribution"] = label or "unattributed"
        posts.append(post)

    negatives = []
    for outlet, credit in NEGATIVE_CREDITS:
        negatives.append(b.negative("en", outlet, credit))
    for _ in range(NEG_EN - len(NEGATIVE_CREDITS)):
        negatives.append(b.negative("en"))
    for code in CODES:
        for _ in range(NEG_PER_LANG):
            negatives.append(b.negative(code))

    # dates: positives mostly after their article, a few before; negatives anywhere
    before = set(rng.sample(range(len(posts)), N_BEFORE_SOURCE))
    for k, post in enumerate(posts):
        base = pub[post["doc"]]
        if k in before:
            post["created"] = base - timedelta(minutes=rng.randint(60, 30 * 60))
        else:
            post["created"] = base + timedelta(
                minutes=rng.choice([rng.randint(3, 180), rng.randint(180, 72 * 60)])
            )
    start = datetime(2019, 9, 1, tzinfo=timezone.utc)
    for post in negatives:
        post["created"] = start + timedelta(minutes=rng.randint(0, 75 * 24 * 60))

    everything = posts + negatives
    rng.shuffle(everything)
    out = []
    for n, post in enumerate(everything, 1):
        code = post["lang"]
        handles = [f"acct_{code}_{k:02d}" for k in (1, 2, 3)]
        out.append(
            {
                "id": f"p{n:04d}",
                "author": rng.choices(handles, weights=(5, 3, 2))[0],
                "platform": rng.choices(PLATFORMS, weights=PLATFORM_WEIGHTS)[0],
                "created_at": iso(post["created"] + timedelta(seconds=rng.randint(0, 59))),
                "lang": code,
                "text": post["text"],
                "gold": post["gold"],
            }
        )
    return out


# ---------------------------------------------------------------------------- output


def write_jsonl(path: Path, records: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def source_md(data: Path, docs, en, indexed, held, posts) -> str:
    readme = (data / "README.md").read_text(encoding="utf-8")
    m = re.search(
        r"For the original NTREX-128 dataset, please cite:\n```\n(.*?)```.*?"
        r"English source data NTREX-128 is based on:\n```\n(.*?)```",
        readme,
        re.DOTALL,
    )
    if not m:
        raise SystemExit("could not find the citations in the NTREX README.md")
    ntrex_bib, wmt_bib = m.group(1).rstrip(), m.group(2).rstrip()
    n_lines = sum(len(docs[d]) for d in indexed)
    types = Counter(p["gold"]["copy_type"] for p in posts)
    langs = Counter(p["lang"] for p in posts)
    attrib = Counter(p["gold"]["attribution"] or "null" for p in posts)
    cells = Counter((p["gold"]["copy_type"], p["lang"]) for p in posts)
    codes = ["en", *CODES]
    count_table = "\n".join(
        [
            "| copy type | " + " | ".join(codes) + " | total |",
            "|---|" + "---:|" * (len(codes) + 1),
            *(
                f"| {t} | "
                + " | ".join(str(cells[(t, c)] or "") for c in codes)
                + f" | {types[t]} |"
                for t in sorted(types)
            ),
            "| total | " + " | ".join(str(langs[c]) for c in codes) + f" | {len(posts)} |",
        ]
    )
    rows = "\n".join(
        f"| `{d}` | {outlet_of(d)} | {len(docs[d])} | {' '.join(en[i] for i in docs[d][: title_lines(d)]).replace('|', '/')} |"
        for d in indexed
    )
    return f"""# Sample corpus (built from NTREX-128)

A small, self-contained corpus for trying and evaluating `sourcetrace`:

- `articles.jsonl` — {len(indexed)} English news articles ({n_lines} sentences) to index.
- `posts.jsonl` — {len(posts)} synthetic social-media posts with gold labels
  (the `sourcetrace eval` format: post fields plus
  `gold: {{article_id, copy_type, attribution}}`).
- `LICENSE.md` — the CC BY-SA 4.0 licence of the underlying data.

```
sourcetrace index build corpora/sample/articles.jsonl
sourcetrace eval corpora/sample/posts.jsonl
```

## How it was built

```
python scripts/make_sample.py
```

(defaults: `--data ../shared/data/ntrex128` relative to the repository root,
`--out corpora/sample`). The script uses only the standard library and a fixed
random seed ({SEED}); running it twice writes byte-identical files.

Source: NTREX-128 (Federmann, Kocmi and Xin, 2022), the English WMT 2019 news
test set (`newstest2019-src.eng.txt`, 1,997 sentence lines, 123 articles from
news outlets, September 2018) with line-aligned professional human
translations. The sample uses the English source and the translations into
Spanish (es), Chinese (zh, `zho-CN`), French (fr), Russian (ru), Arabic (ar,
`arb`), German (de), Portuguese (pt), Japanese (ja), Hindi (hi), Vietnamese (vi)
and Swahili (sw).

### Articles (`articles.jsonl`)

One object per indexed document: `id` (the NTREX document id, e.g.
`rt.com.91337`), `outlet` (the id's prefix before the first dot, lower-case:
`rt`, `bbc`, `dailymail`, `euronews-en`...), `title`, `text`, `lang` (`en`),
`published_at`. There is no `url`: none is invented.

- `text` is the document's lines joined with `\\n`, **including the headline**
  as its first line (posts copy headlines too).
- `title` is the document's first line: in NTREX every document starts with its
  headline. Four headlines are split over two lines and their `title` joins
  both: {", ".join(f"`{d}`" for d in TWO_LINE_TITLES)}.
- `published_at` is **synthetic**: a date and time in September–October 2019
  derived from a SHA-256 of the document id (the real articles are from late
  September 2018; NTREX carries no dates).

Indexed: all five RT documents (RT is a state-owned broadcaster; it is the
"state media" of this sample) and other outlets' documents chosen with the
seed. Documents that tell the same story as another outlet (the Macedonia
referendum, the Sulawesi tsunami, the Ryder Cup, Kavanaugh...) were grouped by
hand; part of each group is indexed and part held out, so held-out sentences
make hard negatives. The other {len(held)} documents are not indexed.

| id | outlet | lines | title |
|---|---|---|---|
{rows}

### Posts (`posts.jsonl`)

Fields: `id` (`p0001`...), `author`, `platform` (`x`, `mastodon`, `telegram`),
`created_at`, `lang`, `text`, `gold`.

Copy types (`gold.copy_type`):

- `translation` — the human NTREX translation of one indexed sentence (6+ words,
  not the headline).
- `multi_sentence_translation` — the translations of two consecutive sentences
  of one indexed article, joined (without a space in zh and ja).
- `verbatim` — an English sentence (two of them headlines) copied unchanged.
- `truncated` — the first 50–70% of a long English sentence, cut at a word
  boundary, sometimes followed by "…".
- `edited` — one or two words replaced (from a small synonym table) or dropped,
  plus a punctuation change, sometimes a line break.
- `negative` — a sentence (English, or its human translation) from a
  **non-indexed** document; `gold.article_id` and `gold.attribution` are null.
  Candidates whose character 5-grams overlap any indexed sentence by 35% or more
  were skipped, so no negative is a near-copy of an indexed sentence; several
  still tell the same story as an indexed article. Two of them carry a credit to
  their own (non-indexed) outlet, "(Reuters)" and "via @BBCNews".

Positive sentences were chosen so that no near-duplicate (50%+ 5-gram overlap)
exists in another indexed document: `gold.article_id` is unambiguous.

`gold.attribution` for positives: `attributed` when the post credits the copied
outlet ("via @RT_com", "Source: RT", "(RT)", "Fuente: @ActualidadRT",
"Источник: RT", "Quelle: RT", "(Reuters)", "via @BBCNews"), `evasive` when the
credit is hidden from @-mention tools ("Twitter •RT_com", "Twitter
•ActualidadRT", "h/t RT_com", "Fonte: RT_com", "来源：推特 •RT_com", "Source: R T",
"Source : R T", "المصدر: R T"), otherwise `unattributed`.

Counts (copy type by language):

{count_table}

Attribution: {", ".join(f"{k} {v}" for k, v in sorted(attrib.items()))}.

**Synthetic parts**: account handles (`acct_<lang>_01`..`03`), platforms, post
dates (mostly minutes to three days after the article's synthetic date;
{N_BEFORE_SOURCE} positives are dated *before* it, to exercise
`source_first: false`), the noise around the copied text (hashtags, emoji,
`https://t.co/...` links that do not resolve, "BREAKING:"-style prefixes, line
breaks), the edits and cuts, and the credit lines. The copied sentences
themselves are NTREX text, unchanged except for the listed edits.

Data quirks seen in NTREX and avoided by the script: line 681 of the English
source is French ("Il faut bien le faire."); a few reference lines are empty or
a lone comma (Spanish line 49), or merge a neighbouring sentence (Portuguese
line 1767); lines are sentence segments, so quotations can be split over lines.
Reference lines whose length is far from the English line's were not used.

## Licence and citation

The NTREX-128 data, and this sample as an adaptation of it, are licensed under
the Creative Commons Attribution-ShareAlike 4.0 International licence (CC BY-SA
4.0, `LICENSE.md` here, https://creativecommons.org/licenses/by-sa/4.0/).
Changes: documents and sentences selected, posts assembled from sentences with
synthetic noise, edits, truncations, credits, handles and dates added.
Original data: https://github.com/MicrosoftTranslator/NTREX (NTREX-128/).

Cite NTREX-128:

```
{ntrex_bib}
```

and the WMT 2019 paper that provided the English source data:

```
{wmt_bib}
```
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="NTREX-128 folder (default: %(default)s)"
    )
    ap.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output folder (default: %(default)s)"
    )
    args = ap.parse_args(argv)
    data, out = args.data.resolve(), args.out

    ids, en, refs = load(data)
    docs = documents(ids)
    for d, lines in docs.items():
        if d not in TWO_LINE_TITLES + FULL_STOP_TITLES and not looks_like_headline(en[lines[0]]):
            print(
                f"warning: first line of {d} may not be a headline: {en[lines[0]]!r}",
                file=sys.stderr,
            )

    rng = random.Random(SEED)
    indexed = choose_indexed(docs, rng)
    pub = {d: published_at(d) for d in docs}

    articles = []
    for d in indexed:
        lines = [en[i].strip() for i in docs[d]]
        articles.append(
            {
                "id": d,
                "outlet": outlet_of(d),
                "title": " ".join(lines[: title_lines(d)]),
                "text": "\n".join(lines),
                "lang": "en",
                "published_at": iso(pub[d]),
            }
        )

    builder = Builder(rng, ids, en, refs, docs, indexed)
    posts = build_posts(builder, pub)

    out.mkdir(parents=True, exist_ok=True)
    write_jsonl(out / "articles.jsonl", articles)
    write_jsonl(out / "posts.jsonl", posts)
    (out / "SOURCE.md").write_text(
        source_md(data, docs, en, indexed, builder.held, posts), encoding="utf-8", newline="\n"
    )
    shutil.copyfile(data / "LICENSE.md", out / "LICENSE.md")

    n_lines = sum(len(docs[d]) for d in indexed)
    print(
        f"articles: {len(articles)} documents, {n_lines} lines "
        f"({sum(outlet_of(d) == 'rt' for d in indexed)} rt)"
    )
    print(f"posts: {len(posts)}")
    for key in ("copy_type", "attribution"):
        print(
            f"  {key}: "
            + ", ".join(
                f"{k}={v}" for k, v in sorted(Counter(str(p["gold"][key]) for p in posts).items())
            )
        )
    print(
        "  lang: "
        + ", ".join(f"{k}={v}" for k, v in sorted(Counter(p["lang"] for p in posts).items()))
    )
    print(f"wrote {out}/articles.jsonl, posts.jsonl, SOURCE.md, LICENSE.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
