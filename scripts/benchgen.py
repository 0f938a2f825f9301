"""Synthetic multilingual articles and posts for scripts/bench.py (deterministic, seeded).

Articles are written in six languages and four scripts (en, es, fr, ru, zh, ar) from per-language
pseudo-word vocabularies drawn with Zipfian frequencies, with news-like lengths: 6-30 sentences of
8-30 words (15-60 characters in Chinese), so about 16 passages per article. Posts mix verbatim
copies of one article sentence (with a credit, an evasive credit or none), cut-down copies,
edited copies (a few words changed) and unrelated filler in the same languages (~60%).
Translations cannot be synthesised; the quality of matching is not what this measures.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np

ALPHABETS = {
    "en": "etaoinshrdlucmfwypvbgkjqxz",
    "es": "eaosrnidlctumpbgvyqhfzjñéáíóú",
    "fr": "esaitnrulodcmpévqfbghjàxèyêzç",
    "ru": "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё",
    "ar": "اليمونرتبةعدسفكقهحجشطصىخضزثذغظئءأإآ",
}
LANGS = ["en", "es", "fr", "ru", "zh", "ar"]
OUTLETS = ["xinhua", "cgtn", "chinanews", "rt", "sputnik", "globaltimes"]
CREDITS = ["vía @XHNews", "(Xinhua)", "Twitter •mundo_china", "fuente: CGTN", "— RT"]


def _vocab(rng: np.random.Generator, lang: str, size: int) -> list[str]:
    if lang == "zh":  # CJK Unified Ideographs: a 3,000-character "vocabulary"
        return [chr(c) for c in rng.choice(np.arange(0x4E00, 0x9FA5), size=3000, replace=False)]
    letters = list(ALPHABETS[lang])
    weights = np.linspace(2.0, 0.3, len(letters))
    weights /= weights.sum()
    words: set[str] = set()
    while len(words) < size:
        lengths = rng.integers(2, 11, size=size)
        chars = rng.choice(len(letters), size=int(lengths.sum()), p=weights)
        pos = 0
        for n in lengths:
            words.add("".join(letters[c] for c in chars[pos : pos + n]))
            pos += n
    return [str(w) for w in rng.permutation(sorted(words))[:size]]


class Corpus:
    """Generates articles and posts; the same seed gives the same texts."""

    def __init__(self, seed: int = 7, vocab: int = 20000) -> None:
        self.rng = np.random.default_rng(seed)
        self.vocab = {lang: _vocab(self.rng, lang, vocab) for lang in LANGS}
        self.zipf = {}
        for lang, words in self.vocab.items():
            p = 1.0 / np.arange(1, len(words) + 1) ** 1.07
            self.zipf[lang] = np.cumsum(p / p.sum())

    def _words(self, lang: str, n: int) -> list[str]:
        idx = np.searchsorted(self.zipf[lang], self.rng.random(n))
        idx = np.minimum(idx, len(self.vocab[lang]) - 1)
        words = self.vocab[lang]
        return [words[i] for i in idx]

    def sentence(self, lang: str) -> str:
        if lang == "zh":
            return "".join(self._words(lang, int(self.rng.integers(15, 61)))) + "。"
        words = self._words(lang, int(self.rng.integers(8, 31)))
        words[0] = words[0].capitalize()
        if len(words) > 12 and self.rng.random() < 0.5:
            words[len(words) // 2] += ","
        return " ".join(words) + "."

    def article(self, i: int) -> dict:
        lang = LANGS[i % len(LANGS)]
        n = int(self.rng.integers(6, 31))
        sents = [self.sentence(lang) for _ in range(n)]
        paras, j = [], 0
        while j < n:
            k = int(self.rng.integers(2, 5))
            paras.append(("" if lang == "zh" else " ").join(sents[j : j + k]))
            j += k
        day = 1 + i % 28
        return {
            "id": f"syn-{i}", "outlet": OUTLETS[i % len(OUTLETS)], "lang": lang,
            "url": f"https://example.org/{lang}/{i}", "title": sents[0][:80],
            "published_at": f"2024-{1 + i % 12:02d}-{day:02d}T08:00:00Z",
            "text": "\n\n".join(paras), "_sentences": sents,
        }

    def articles(self, passages: int) -> Iterator[dict]:
        """Articles until about `passages` sentences (≈ passages) have been written."""
        total, i = 0, 0
        while total < passages:
            art = self.article(i)
            total += len(art["_sentences"])
            i += 1
            yield art

    def post(self, i: int, source: dict | None) -> dict:
        """A copy of a sentence of `source` (verbatim, cut, edited, credited or not), or filler."""
        base = {"id": f"post-{i}", "author": f"acct{i % 997}", "platform": "x",
                "created_at": "2024-12-01T10:00:00Z"}
        if source is None:
            lang = LANGS[i % len(LANGS)]
            text = " ".join(self.sentence(lang) for _ in range(int(self.rng.integers(1, 3))))
            return {**base, "text": text, "_gold": None}
        sent = source["_sentences"][int(self.rng.integers(0, len(source["_sentences"])))]
        kind = self.rng.choice(["verbatim", "cut", "edited"], p=[0.5, 0.25, 0.25])
        text = sent
        if kind == "cut":
            text = sent[: max(20, int(len(sent) * 0.6))]
        elif kind == "edited" and source["lang"] != "zh":
            words = sent.split()
            for _ in range(max(1, len(words) // 8)):
                words[int(self.rng.integers(0, len(words)))] = self._words(source["lang"], 1)[0]
            text = " ".join(words)
        if self.rng.random() < 0.5:
            text = f"{text} {CREDITS[i % len(CREDITS)]}"
        return {**base, "text": text, "_gold": source["id"]}


def write(out: Path, passages: int, posts: int, seed: int = 7, copy_share: float = 0.4) -> dict:
    """Write articles.jsonl and posts.jsonl under `out`; returns counts."""
    out.mkdir(parents=True, exist_ok=True)
    corpus = Corpus(seed)
    sample: list[dict] = []
    n_articles = n_sentences = 0
    with open(out / "articles.jsonl", "w", encoding="utf-8") as fh:
        for art in corpus.articles(passages):
            n_articles += 1
            n_sentences += len(art["_sentences"])
            if len(sample) < 2000:
                sample.append(art)
            elif corpus.rng.random() < 0.02:
                sample[int(corpus.rng.integers(0, len(sample)))] = art
            fh.write(json.dumps({k: v for k, v in art.items() if not k.startswith("_")},
                                ensure_ascii=False) + "\n")
    with open(out / "posts.jsonl", "w", encoding="utf-8") as fh:
        for i in range(posts):
            src = sample[int(corpus.rng.integers(0, len(sample)))] if corpus.rng.random() < copy_share else None
            post = corpus.post(i, src)
            fh.write(json.dumps({k: v for k, v in post.items() if not k.startswith("_")},
                                ensure_ascii=False) + "\n")
    return {"articles": n_articles, "sentences": n_sentences, "posts": posts}
