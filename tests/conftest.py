"""Shared fixtures: a tiny deterministic encoder, small article/post files, built indexes."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from sourcetrace import encoders
from sourcetrace import index as ix
from sourcetrace.records import Article

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"


def grows_linearly(run: Callable[[int], object], small: int, large: int) -> tuple[bool, str]:
    """Whether `run(large)` takes no more than LINEAR_SLACK times what linear growth from
    `run(small)` (best of three) predicts, plus a second of CPU time; and the two timings, for
    the message. CPU time (`time.process_time`: other processes do not count) and a ratio
    measured in one run, not a wall-clock limit (shared, loaded machines): what it
    catches is work that grows faster than the input (the S_attrib_slow post took 196 s, not the
    half second 200,000 characters of ordinary text take). Speed itself is measured by the
    scripts/bench_*.py scripts."""
    timings = []
    for _ in range(3):
        start = time.process_time()
        run(small)
        timings.append(time.process_time() - start)
    start = time.process_time()
    run(large)
    big = time.process_time() - start
    expected = min(timings) * large / small
    return big <= LINEAR_SLACK * expected + 1.0, f"{big:.2f} s at {large:,} against {min(timings):.3f} s at {small:,}"


LINEAR_SLACK = 4.0  # a quadratic cost grows 10x faster than linear from one size to ten times it


class HashEncoder:
    """Bag of hashed character trigrams: similar strings get similar vectors; no model, instant."""

    name = "hash"
    dim = 256

    def encode(self, texts: Sequence[str], kind: str = "passage") -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            t = " ".join(text.lower().split())
            for i in range(max(1, len(t) - 2)):
                h = int.from_bytes(hashlib.blake2b(t[i : i + 3].encode(), digest_size=4).digest(), "little")
                out[row, h % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1
        return out / norms


class OtherHashEncoder(HashEncoder):
    name = "hash2"
    dim = 128


encoders.register("hash", HashEncoder)
encoders.register("hash2", OtherHashEncoder)

ARTICLES = [
    {
        "id": "xinhua-1", "outlet": "xinhua", "lang": "en", "published_at": "2024-03-01T08:00:00Z",
        "url": "https://english.news.cn/1", "title": "Trade fair opens",
        "text": "Trade fair opens in Shanghai.\nThe China International Import Expo opened on Tuesday "
        "with more than three thousand exhibitors from one hundred and fifty countries. Officials said "
        "the fair would boost imports of farm products and medical equipment. Visitors queued for hours "
        "at the gates of the exhibition centre.",
    },
    {
        "id": "cgtn-7", "outlet": "cgtn", "lang": "en", "published_at": "2024-03-05T10:00:00Z",
        "text": "Heavy rain flooded several villages in the southern province on Sunday night. "
        "Rescue teams evacuated nearly two thousand residents to temporary shelters. "
        "The weather service warned of more storms later this week.",
    },
    {
        "id": "rt-3", "outlet": "rt", "lang": "en", "published_at": "2024-04-10T12:00:00Z",
        "text": "The central bank kept its key interest rate unchanged at sixteen percent on Friday. "
        "Analysts had expected a cut after inflation slowed for a third consecutive month.",
    },
]


def set_nested(data: dict[str, Any], keys: Sequence[str], value: Any) -> dict[str, Any]:
    """`data` with the value at `keys` (a path of nested keys) replaced, or deleted when `value`
    is KeyError: how the tamper tests forge a JSON file."""
    node = data
    for key in keys[:-1]:
        node = node[key]
    if value is KeyError:
        del node[keys[-1]]
    else:
        node[keys[-1]] = value
    return data


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def fifo(tmp_path: Path, name: str, data: bytes):  # type: ignore[no-untyped-def]
    """A named pipe (what `<(cat a b)` gives a command) that a thread fills once with `data`."""
    import os
    import threading

    path = tmp_path / name
    os.mkfifo(path)

    def write() -> None:
        with open(path, "wb") as fh:
            fh.write(data)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    return path, writer


@pytest.fixture(autouse=True, scope="session")
def _own_model_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The suite's model cache is its own: a trial found the test encoders' embeddings of the
    background reference passages (`background.py`) kept in the user's real cache folder. Set
    for the whole session, so the CLI processes tests start use it too."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCETRACE_MODEL_CACHE", str(tmp_path_factory.mktemp("model-cache")))
        yield


@pytest.fixture
def articles_file(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "articles.jsonl", ARTICLES)


@pytest.fixture
def small_index(tmp_path: Path) -> Path:
    path = tmp_path / "index"
    ix.build(path, [Article.from_dict(a) for a in ARTICLES], encoder="hash")
    return path


def hostile_article() -> dict[str, Any]:
    """ARTICLES[0] with script, markup, a javascript: URL and a bidi override in every field a
    page shows (the browser tests check none of it runs or reaches the page raw)."""
    bad = dict(ARTICLES[0])
    bad.update(
        url="javascript:window.__pwned='article-url'",
        title="<img src=x onerror=\"window.__pwned='title'\">",
        outlet="evil\"><script>window.__pwned='outlet'</script>",
        text=bad["text"].replace("Trade fair opens in Shanghai.",
                                 "<script>window.__pwned='article'</script>\u202eTrade fair opens in Shanghai."),
    )
    return bad
