"""Lexical channel: character shingles, MinHash signatures (datasketch), LSH candidates, containment.

Character n-grams work without word segmentation, so Chinese and Japanese need no tokenizer.
Candidates come from LSH on the Jaccard estimate; verification uses exact containment
(|post ∩ article| / |post|), because a 280-character post inside an 800-word article has a low
Jaccard similarity but a containment near 1.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import regex

from .normalize import normalize

# Han, Hiragana, Katakana, Hangul: scripts written without spaces, where a 3-gram is already
# about a word; Latin/Cyrillic/Arabic/... use 5-grams (about a syllable pair across words).
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
_NON_WORD = regex.compile(r"[^\w]+")
_NOISE = regex.compile(r"https?://\S+|www\.\S+|@[\w.]+")
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
    """Blank out URLs and @mentions (never part of a copied article sentence).

    Each is replaced by as many spaces as it had characters, so offsets stay valid.
    """
    return _NOISE.sub(lambda m: " " * len(m.group()), text)


def shingle_source(text: str) -> str:
    """Normalised text reduced to word characters and single spaces (punctuation changes vanish)."""
    return _NON_WORD.sub(" ", normalize(text).text).strip()


def shingles(text: str, k: int | None = None) -> set[str]:
    """Character k-grams of the normalised text; k chosen by script when not given."""
    src = shingle_source(text)
    if not src:
        return set()
    if k is None:
        k = CJK_K if len(_CJK.findall(src)) * 3 >= len(src) else DEFAULT_K
    if _CJK.search(src):
        # spaces between CJK characters are layout, not word boundaries
        src = regex.sub(r"(?<=[\p{Han}\p{Hiragana}\p{Katakana}]) (?=[\p{Han}\p{Hiragana}\p{Katakana}])", "", src)
    if len(src) <= k:
        return {src}
    return {src[i : i + k] for i in range(len(src) - k + 1)}


def containment(part: set[str], whole: set[str]) -> float:
    """Share of `part`'s shingles found in `whole`."""
    if not part:
        return 0.0
    return len(part & whole) / len(part)


def signatures(shingle_sets: Iterable[set[str]], params: MinHashParams) -> np.ndarray:
    """MinHash signatures, one row per shingle set (an empty set gives an all-max row)."""
    from datasketch import MinHash

    rows = []
    for shingle_set in shingle_sets:
        mh = MinHash(num_perm=params.num_perm, seed=params.seed, scheme=params.scheme)
        if shingle_set:
            mh.update_batch([s.encode("utf-8") for s in shingle_set])
        rows.append(mh.hashvalues)
    if not rows:
        return np.zeros((0, params.num_perm), dtype=np.uint64)
    return np.vstack(rows).astype(np.uint64)


class LexicalIndex:
    """In-memory MinHash LSH over passage signatures (rebuilt from the stored signature file)."""

    def __init__(self, params: MinHashParams, sigs: np.ndarray) -> None:
        from datasketch import MinHash, MinHashLSH

        self.params = params
        self._lsh = MinHashLSH(threshold=params.threshold, num_perm=params.num_perm)
        self._minhash = MinHash
        empty = np.iinfo(np.uint32).max if params.scheme == "affine32" else np.iinfo(np.uint64).max
        with self._lsh.insertion_session() as session:
            for pid, row in enumerate(sigs):
                if np.all(row == empty):
                    continue
                session.insert(pid, self._wrap(row), check_duplication=False)

    def _wrap(self, row: np.ndarray):  # type: ignore[no-untyped-def]
        return self._minhash(
            seed=self.params.seed, hashvalues=row, scheme=self.params.scheme
        )

    def query(self, sigs: Sequence[np.ndarray]) -> set[int]:
        """Passage ids whose estimated Jaccard with any of the signatures passes the threshold."""
        found: set[int] = set()
        for row in sigs:
            found.update(int(k) for k in self._lsh.query(self._wrap(row)))
        return found
