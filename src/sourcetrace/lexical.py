"""Lexical channel: character shingles, MinHash signatures, LSH candidates, containment.

Character n-grams work without word segmentation, so Chinese and Japanese need no tokenizer.
Candidates come from LSH on the Jaccard estimate; verification uses exact containment
(|post ∩ article| / |post|), because a 280-character post inside an 800-word article has a low
Jaccard similarity but a containment near 1.

Signatures are datasketch's MinHash ("affine32" scheme, SHA-1 of each shingle) computed for a
whole batch of shingle sets at once with numpy (`signatures`, identical values). The LSH is a
set of per-band sorted key arrays (`LshArrays`): written once beside the signatures when an index
is written, memory-mapped on load and queried with binary search, so a process answers its first
query without rebuilding anything in memory.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import regex

from .normalize import CLUSTERING, _fold_cluster, normalize

# Han, Hiragana, Katakana, Hangul: scripts written without spaces, where a 3-gram is already
# about a word; Latin/Cyrillic/Arabic/... use 5-grams (about a syllable pair across words).
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
_NON_WORD = regex.compile(r"[^\w]+")
# Terminal escape sequences a post may carry (ECMA-48): CSI ("\x1b[31m", and its one-byte form
# U+009B), OSC up to its terminator ("\x1b]8;;https://x\x1b\\", a hyperlink), any other escape.
# Their digits are no figures of the post: trial 72's copy with "\x1b[31m" and "\x1b[0m" showed
# "figures not in the article: 31, 0, 8".
_ESCAPES = r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[ -~]?"
_NOISE = regex.compile(r"https?://\S+|www\.\S+|@[\w.]+|" + _ESCAPES)
CJK_K = 3
DEFAULT_K = 5


@dataclass(frozen=True)
class MinHashParams:
    """Parameters recorded in the manifest; signatures made with other values do not compare."""

    num_perm: int = 128
    seed: int = 1
    threshold: float = 0.3
    scheme: str = "affine32"

    def __post_init__(self) -> None:
        if not 16 <= self.num_perm <= 1024:
            raise ValueError(f"num_perm must be between 16 and 1024, got {self.num_perm}")
        if not 0.05 <= self.threshold <= 1.0:
            raise ValueError(f"LSH threshold must be in [0.05, 1], got {self.threshold}")

    def to_dict(self) -> dict[str, object]:
        return {
            "num_perm": self.num_perm,
            "seed": self.seed,
            "threshold": self.threshold,
            "scheme": self.scheme,
        }


def strip_noise(text: str) -> str:
    """Blank out URLs, @mentions and terminal escape sequences (never part of a copied article
    sentence, and their digits are no figures).

    Each is replaced by as many spaces as it had characters, so offsets stay valid.
    """
    return _NOISE.sub(lambda m: " " * len(m.group()), text)


# A text without normalize's clustering or removed characters (nor NUL) has one cluster per code
# point, so folding it code point by code point (cached, with str.translate) gives exactly
# `normalize(text).text` up to whitespace runs, which `shingle_source` collapses anyway.
_CLUSTERING = regex.compile(r"\x00|" + CLUSTERING.pattern)
_WHITESPACE = regex.compile(r"[\s\p{Zs}]")


class _FoldTable(dict):  # type: ignore[type-arg]
    """code point -> its skeleton (as `normalize` folds a one-character cluster), filled lazily."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        value = " " if _WHITESPACE.fullmatch(char) else _fold_cluster(char)
        if len(self) < 1 << 16:
            self[code] = value
        return value


_FOLD = _FoldTable()


_SPACE_RUN = regex.compile(r"[\s\p{Zs}]+")


def fast_skeleton(text: str) -> str:
    """`normalize(text).text` with whitespace runs collapsed, without the offset map (fast path)."""
    if _CLUSTERING.search(text):
        return _SPACE_RUN.sub(" ", normalize(text).text).strip()
    return _SPACE_RUN.sub(" ", text.translate(_FOLD)).strip()


def shingle_source(text: str) -> str:
    """Normalised text reduced to word characters and single spaces (punctuation changes vanish)."""
    if _CLUSTERING.search(text):
        skeleton = normalize(text).text  # clusters of several code points: the full path
    else:
        skeleton = text.translate(_FOLD)
    return _NON_WORD.sub(" ", skeleton).strip()


def shingle_text(text: str, k: int | None = None) -> tuple[str, int]:
    """The string `shingles` cuts its k-grams from, and k (chosen by script when not given)."""
    src = shingle_source(text)
    if not src:
        return "", k or DEFAULT_K
    if k is None:
        k = CJK_K if len(_CJK.findall(src)) * 3 >= len(src) else DEFAULT_K
    if _CJK.search(src):
        # spaces between CJK characters are layout, not word boundaries
        src = regex.sub(r"(?<=[\p{Han}\p{Hiragana}\p{Katakana}]) (?=[\p{Han}\p{Hiragana}\p{Katakana}])", "", src)
    return src, k


def shingles(text: str, k: int | None = None) -> set[str]:
    """Character k-grams of the normalised text; k chosen by script when not given."""
    return kgrams(*shingle_text(text, k))


def kgrams(src: str, k: int) -> set[str]:
    """The k-grams of a `shingle_text` string: the text itself when not longer than k."""
    if not src:
        return set()
    if len(src) <= k:
        return {src}
    return {src[i : i + k] for i in range(len(src) - k + 1)}


class RepeatCache:
    """Values worth caching only for the texts that come back (candidate articles).

    A dump against a small index meets the same few candidate articles again and again: an
    article's k-gram set, built once, answers each later post in microseconds. Against a large
    one most candidates come up once, and building their sets costs more than one substring
    search per post k-gram (`shared_shingles`), while the sets (~100 bytes per k-gram) would
    fill memory. So `value` builds and keeps a text's value from its second request on, and
    answers None the first time. Emptied when full (`size` values), as the store's caches are.
    Measured in docs/BENCHMARKS.md ("Verification at 100k passages").
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._seen: set[str] = set()
        self._values: dict[str, Any] = {}

    def value(self, text: str, build: Callable[[str], Any]) -> Any | None:
        """`build(text)`, cached, for a text asked for before; None the first time."""
        found = self._values.get(text)
        if found is not None:
            return found
        if text not in self._seen:
            if len(self._seen) >= 16 * self.size:
                self._seen.clear()
            self._seen.add(text)
            return None
        if len(self._values) >= self.size:
            self._values.clear()
        found = self._values[text] = build(text)
        return found


def shared_shingles(part: set[str], text: str, k: int) -> int:
    """How many of `part` are among `shingles` of a text whose `shingle_text` is (`text`, k),
    found by substring search instead of building that text's shingle set: the same count
    (a k-gram is one of a text's shingles exactly when it occurs in it), without the set's
    memory (~100 bytes per shingle of every article a dump keeps in cache) or its cost."""
    if not text:
        return 0
    if len(text) <= k:
        return int(text in part)
    return sum(1 for s in part if len(s) == k and s in text)


@functools.lru_cache(maxsize=8192)
def _article_shingle_text(text: str) -> tuple[str, int]:
    return shingle_text(text)


# Bump whenever `shingle_text` or `fast_skeleton` would return something else for some text: an
# index's stored forms of another version are then not used (computed again from the text).
FORMS_VERSION = 1


@dataclass(frozen=True)
class ArticleForms:
    """An article's text as verification compares posts with it, derived once when the article
    is indexed (kept in the index's store, index/store.py) instead of for every post it is a
    candidate for: `shingle_text`'s string and k (containment) and `fast_skeleton`'s string
    (align.longest_exact_bound). At 100k passages a third of a real stream's posts share a
    phrase with some passage, and deriving these for each first-seen candidate cost ~15% of
    `check` (docs/BENCHMARKS.md)."""

    shingle_text: str
    k: int
    skeleton: str


def article_forms(text: str) -> ArticleForms:
    """The `ArticleForms` of an article's text (linear in its length)."""
    src, k = shingle_text(text)
    return ArticleForms(src, k, fast_skeleton(text))


_ARTICLE_SHINGLES = RepeatCache(2048)  # shingle sets of candidate articles that come back


def article_containment(post_shingles: set[str], article_text: str,
                        forms: ArticleForms | None = None, k: int | None = None) -> float:
    """Share of the post's character shingles found in the article (`containment` against the
    article's `shingles`, without building them for an article seen once: `RepeatCache`).
    `forms`: the article's stored `ArticleForms` (derived from `article_text` when None). `k`:
    the post's shingle length (`shingle_text`'s), where it may differ from the article's: the
    article is cut at the post's k. A Chinese tweet whose links outweigh its Han characters is
    shingled as Latin text (k 5), and a verbatim copy of its 18-character headline (k 3) shared
    none of its shingles: "戴兵大使在安理会审议苏丹问题时的发言" was a paraphrase, containment 0."""
    if not post_shingles:
        return 0.0
    shingled = (forms.shingle_text, forms.k) if forms is not None else _article_shingle_text(article_text)
    if k is not None and k != shingled[1]:
        return shared_shingles(post_shingles, shingled[0], k) / len(post_shingles)
    cached = _ARTICLE_SHINGLES.value(article_text, lambda _: frozenset(kgrams(*shingled)))
    if cached is not None:
        return len(post_shingles & cached) / len(post_shingles)
    return shared_shingles(post_shingles, *shingled) / len(post_shingles)


def containment(part: set[str], whole: set[str]) -> float:
    """Share of `part`'s shingles found in `whole`."""
    if not part:
        return 0.0
    return len(part & whole) / len(part)


_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))
_EMPTY32 = np.uint64(np.iinfo(np.uint32).max)
_CHUNK = 1 << 14  # shingle hashes per permutation block (bounded temporary memory)


@functools.lru_cache(maxsize=8)
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutations (a odd, b) for this seed: the same random draws."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _sha1_32(values: Iterable[str]) -> np.ndarray:
    """datasketch.hashfunc.sha1_hash32 of each UTF-8 string, as uint32."""
    sha1 = hashlib.sha1
    digest = b"".join([sha1(v.encode("utf-8")).digest()[:4] for v in values])
    return np.frombuffer(digest, dtype="<u4").astype(np.uint32)


def signatures(shingle_sets: Iterable[set[str]], params: MinHashParams) -> np.ndarray:
    """MinHash signatures, one row per shingle set (an empty set gives an all-max row).

    The values are exactly datasketch's `MinHash(num_perm, seed, scheme="affine32")` after
    `update_batch` (SHA-1 32-bit hash, MurmurHash3 finalizer, affine permutations mod 2^32), but
    computed for all sets of a batch at once.
    """
    sets = list(shingle_sets)
    if params.scheme != "affine32":  # other schemes: datasketch itself, one set at a time
        return _signatures_datasketch(sets, params)
    out = np.full((len(sets), params.num_perm), _EMPTY32, dtype=np.uint64)
    if not sets:
        return out
    lengths = np.fromiter((len(s) for s in sets), dtype=np.int64, count=len(sets))
    hv = _sha1_32(v for s in sets for v in s)
    s1, m1, s2, m2, s3 = _FMIX32
    with np.errstate(over="ignore"):
        hv = hv ^ (hv >> s1)
        hv = hv * m1
        hv = hv ^ (hv >> s2)
        hv = hv * m2
        hv = hv ^ (hv >> s3)
    a, b = _permutations(params.num_perm, params.seed)
    ends = np.cumsum(lengths)
    starts = ends - lengths
    rows = np.nonzero(lengths)[0]
    # process whole sets in blocks of about _CHUNK hashes
    i = 0
    while i < len(rows):
        j = i + 1
        while j < len(rows) and ends[rows[j]] - starts[rows[i]] <= _CHUNK:
            j += 1
        block = rows[i:j]
        lo, hi = starts[block[0]], ends[block[-1]]
        with np.errstate(over="ignore"):
            phv = hv[lo:hi, None] * a[None, :] + b[None, :]
        out[block] = np.minimum.reduceat(phv, starts[block] - lo, axis=0)
        i = j
    return out


def _signatures_datasketch(sets: list[set[str]], params: MinHashParams) -> np.ndarray:
    from datasketch import MinHash

    rows = []
    for shingle_set in sets:
        mh = MinHash(num_perm=params.num_perm, seed=params.seed, scheme=params.scheme)
        if shingle_set:
            mh.update_batch([s.encode("utf-8") for s in shingle_set])
        rows.append(mh.hashvalues)
    if not rows:
        return np.zeros((0, params.num_perm), dtype=np.uint64)
    return np.vstack(rows).astype(np.uint64)


# ---- LSH ---------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=16)
def lsh_shape(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) that datasketch's MinHashLSH picks for this threshold."""
    from datasketch.lsh import _optimal_param

    b, r = _optimal_param(threshold, num_perm, 0.5, 0.5)
    return int(b), int(r)


_KEY_MUL = np.uint64(0x9E3779B97F4A7C15)
_MIX64 = (np.uint64(33), np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53))


def band_keys(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """(n, bands) uint64: a 64-bit hash of each band of each signature (its r 32-bit values)."""
    sigs = np.asarray(sigs, dtype=np.uint64)
    keys = np.zeros((sigs.shape[0], bands), dtype=np.uint64)
    s, m1, m2 = _MIX64
    with np.errstate(over="ignore"):
        for j in range(rows):
            keys = (keys ^ sigs[:, j : bands * rows : rows]) * _KEY_MUL + np.uint64(j + 1)
        keys ^= keys >> s
        keys *= m1
        keys ^= keys >> s
        keys *= m2
        keys ^= keys >> s
    return keys


def build_lsh(
    sigs: np.ndarray, params: MinHashParams, shape: tuple[int, int] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Per band, the sorted keys of all non-empty signatures and their passage ids.

    Returns (keys, ids), both (bands, m): keys[j] ascending, ids[j][i] the passage of keys[j][i].
    """
    bands, rows = shape or lsh_shape(params.threshold, params.num_perm)
    sigs = np.asarray(sigs)
    empty = (sigs == _EMPTY32).all(axis=1) if len(sigs) else np.zeros(0, dtype=bool)
    pids = np.nonzero(~empty)[0].astype(np.int64)
    keys = np.empty((bands, len(pids)), dtype=np.uint64)
    ids = np.empty((bands, len(pids)), dtype=np.int32 if len(sigs) < 2**31 else np.int64)
    for start in range(0, len(pids), 1 << 18):  # bounded temporary memory
        part = pids[start : start + (1 << 18)]
        keys[:, start : start + len(part)] = band_keys(sigs[part], bands, rows).T
    for j in range(bands):
        order = np.argsort(keys[j], kind="stable")
        keys[j] = keys[j][order]
        ids[j] = pids[order]
    return keys, ids


class LexicalIndex:
    """MinHash LSH over passage signatures: per-band sorted key arrays, binary-searched.

    Gives the candidates datasketch's MinHashLSH gives (same bands and rows; band keys hashed to
    64 bits instead of compared as bytes, so a key collision, about one in 2^64, can only add a
    candidate that verification then rejects). Built in memory from the signatures of an index
    written before the LSH was stored, or memory-mapped from its files (`LexicalIndex.load`).
    """

    def __init__(self, params: MinHashParams, sigs: np.ndarray | None = None, *,
                 keys: np.ndarray | None = None, ids: np.ndarray | None = None,
                 shape: tuple[int, int] | None = None) -> None:
        self.params = params
        self.bands, self.rows = shape or lsh_shape(params.threshold, params.num_perm)
        if keys is None or ids is None:
            empty = np.zeros((0, params.num_perm), np.uint64)
            keys, ids = build_lsh(empty if sigs is None else sigs, params, (self.bands, self.rows))
        if keys.shape[0] != self.bands or ids.shape != keys.shape:
            raise ValueError(f"LSH arrays {keys.shape}/{ids.shape} do not fit {self.bands} bands")
        self.keys = keys
        self.ids = ids

    @classmethod
    def load(cls, params: MinHashParams, keys_file: Path, ids_file: Path,
             shape: tuple[int, int] | None = None) -> LexicalIndex:
        """Memory-map the arrays `build_lsh` wrote (nothing is read until a query needs it)."""
        keys = np.load(keys_file, allow_pickle=False, mmap_mode="r")
        ids = np.load(ids_file, allow_pickle=False, mmap_mode="r")
        return cls(params, keys=keys, ids=ids, shape=shape)

    def query(self, sigs: Sequence[np.ndarray]) -> set[int]:
        """Passage ids whose estimated Jaccard with any of the signatures passes the threshold."""
        return self.query_many([sigs])[0]

    def query_many(self, groups: Sequence[Sequence[np.ndarray]]) -> list[set[int]]:
        """`query` for each group of signatures (a post's queries), all groups searched at once:
        two binary searches per band for the whole batch instead of per post."""
        found: list[set[int]] = [set() for _ in groups]
        owners = [g for g, sigs in enumerate(groups) for _ in range(len(sigs))]
        if not owners or not self.keys.shape[1]:
            return found
        rows = np.asarray([s for sigs in groups for s in sigs], dtype=np.uint64)
        rows = rows.reshape(-1, self.params.num_perm)
        kept = ~(rows == _EMPTY32).all(axis=1)
        rows, owner_of = rows[kept], np.asarray(owners)[kept]
        if not len(rows):
            return found
        qkeys = band_keys(rows, self.bands, self.rows)
        for j in range(self.bands):
            band = self.keys[j]
            lo = np.searchsorted(band, qkeys[:, j], side="left")
            hi = np.searchsorted(band, qkeys[:, j], side="right")
            for r in np.nonzero(hi > lo)[0].tolist():
                found[int(owner_of[r])].update(self.ids[j][lo[r] : hi[r]].tolist())
        return found
