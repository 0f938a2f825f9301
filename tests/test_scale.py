"""Scale design: batched MinHash, the stored LSH, the IVF index with exact re-scoring, --device."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from sourcetrace import encoders, lexical
from sourcetrace import index as ix
from sourcetrace.cli.main import app
from sourcetrace.errors import EncoderError
from sourcetrace.index import ann as ix_ann
from sourcetrace.lexical import LexicalIndex, MinHashParams, shingle_source, shingles, signatures
from sourcetrace.normalize import normalize
from sourcetrace.records import Article

from .conftest import ARTICLES, write_jsonl

WORDS = [
    "trade", "fair", "opens", "shanghai", "import", "expo", "exhibitors", "countries", "officials",
    "farm", "medical", "visitors", "rain", "flooded", "villages", "rescue", "teams", "shelters",
    "weather", "storms", "bank", "interest", "rate", "inflation", "analysts", "month", "growth",
    "export", "port", "railway", "summit", "minister", "talks", "border",
]


def synthetic_articles(n: int, start: int = 0, seed: int = 1) -> list[Article]:
    rng = random.Random(seed + start)
    out = []
    for i in range(start, start + n):
        sents = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))).capitalize() + "."
                 for _ in range(rng.randint(3, 6))]
        out.append(Article(id=f"a{i}", text=" ".join(sents), outlet="xinhua", lang="en",
                           published_at=f"2024-0{1 + i % 6}-01T00:00:00Z"))
    return out


def test_fast_shingle_source_equals_full_normalisation() -> None:
    rng = np.random.default_rng(0)
    texts = [a["text"] for a in ARTICLES] + [
        "Хinhua sаid 𝐇𝐞𝐥𝐥𝐨 ｆｕｌｌ wіdth", "e\u0301 cafe\u0301 Ｈｅｌｌｏ\u200bworld", "한국어 텍스트 ᄀᄀ",
        "ไทย ภาษา ทำ", "🇫🇷 flag 👨\u200d👩\u200d👧 ok", "a\r\nb\tc\u3000d ¨ x", "الْعَرَبِيَّة", "新华社北京3月1日电",
    ]
    for _ in range(200):
        codes = rng.integers(32, 0x3100, 30)
        texts.append("".join(chr(c) for c in codes if not 0xD800 <= c < 0xE000))
    for text in texts:
        assert shingle_source(text) == lexical._NON_WORD.sub(" ", normalize(text).text).strip(), text


def test_normalize_fast_path_equals_cluster_loop() -> None:
    import regex

    from sourcetrace import normalize as nz

    def by_clusters(text: str) -> nz.Normalized:  # the general path, for every text
        chars: list[str] = []
        source: list[int] = []
        pending = -1
        for m in regex.finditer(r"\X", text):
            cluster = nz.INVISIBLE.sub("", m.group())
            if not cluster:
                continue
            if nz._SPACE.fullmatch(cluster):
                if chars and pending < 0:
                    pending = m.start()
                continue
            if pending >= 0:
                chars.append(" ")
                source.append(pending)
                pending = -1
            for ch in nz._fold_cluster(cluster):
                chars.append(" " if nz._SPACE.fullmatch(ch) else ch)
                source.append(m.start())
        return nz.Normalized("".join(chars), tuple(source), len(text))

    rng = np.random.default_rng(2)
    texts = [a["text"] for a in ARTICLES] + ["\x00 a", "  ﬁ ㎏ ½ Ⅻ ß İ  ", "a\r\nb\tc\u3000d ¨ x "]
    for _ in range(300):
        texts.append("".join(chr(c) for c in rng.integers(0, 0x3100, 30) if not 0xD800 <= c < 0xE000))
        texts.append("".join(chr(c) for c in rng.choice(
            [32, 10, 13, 9, 0x3000, 0xA0, 97, 98, 0x430, 0x435, 0x2000, 0x1D400, 0xFF41], 20)))
    for text in texts:
        assert nz.normalize(text) == by_clusters(text), text


def test_batched_signatures_equal_datasketch() -> None:
    params = MinHashParams()
    sets = [shingles(a["text"]) for a in ARTICLES] + [set(), {"x"}, shingles("新华社北京3月1日电 记者")]
    assert np.array_equal(signatures(sets, params), lexical._signatures_datasketch(sets, params))
    assert signatures([], params).shape == (0, 128)


def test_stored_lsh_finds_what_datasketch_finds() -> None:
    from datasketch import MinHash, MinHashLSH

    params = MinHashParams()
    texts = [" ".join(random.Random(i).choice(WORDS) for _ in range(12)) for i in range(300)]
    sigs = signatures([shingles(t) for t in texts], params)
    lsh = MinHashLSH(threshold=params.threshold, num_perm=params.num_perm)
    for pid, row in enumerate(sigs):
        lsh.insert(pid, MinHash(seed=1, hashvalues=row, scheme="affine32"))
    ours = LexicalIndex(params, sigs)
    queries = [texts[5], texts[7][:40] + " summit", "nothing in common at all here"]
    for q in queries:
        row = signatures([shingles(q)], params)
        want = set(lsh.query(MinHash(seed=1, hashvalues=row[0], scheme="affine32")))
        assert ours.query(list(row)) == want
    assert ours.query([np.full(128, np.iinfo(np.uint32).max, dtype=np.uint64)]) == set()
    # a batch of posts at once: each group gets what querying it alone gets
    groups = [list(signatures([shingles(q), shingles(q[: len(q) // 2])], params)) for q in queries]
    groups.insert(1, [])
    assert ours.query_many(groups) == [ours.query(g) if g else set() for g in groups]


@pytest.fixture
def ivf_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(ix_ann, "ANN_MIN_ROWS", 50)
    path = tmp_path / "index"
    ix.build(path, synthetic_articles(120), encoder="hash+hash2")
    return path


def test_index_writes_lsh_and_ivf_files_in_its_generation(ivf_index: Path) -> None:
    manifest = json.loads((ivf_index / "manifest.json").read_text())
    files = manifest["files"]
    for key in ("lsh_keys", "lsh_ids", "ann-0", "ann-1"):
        assert key in files and files[key] in manifest["checksums"], key
        assert f"g{manifest['generation']:06d}" in files[key]
    assert [e["ann"] for e in manifest["encoders"]] == [files["ann-0"], files["ann-1"]]
    report = ix.verify(ivf_index)
    assert report.ok, report.errors
    assert "LSH" in report.checked and "hash ANN index" in report.checked
    loaded = ix.Index.open(ivf_index)
    assert isinstance(loaded.ann("hash"), ix.RerankedIvf)
    assert isinstance(loaded.lexical.keys, np.memmap)
    loaded.close()


def _exact_top(vectors: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    return np.argsort(-(queries @ vectors.T), axis=1, kind="stable")[:, :k]


def test_ivf_recall_at_10_and_exact_scores(ivf_index: Path) -> None:
    loaded = ix.Index.open(ivf_index)
    for name in loaded.encoder_names:
        vectors = np.asarray(loaded.vectors[name])
        rng = np.random.default_rng(1)
        queries = vectors[rng.choice(len(vectors), 60, replace=False)]
        queries = queries + rng.normal(0, 0.02, queries.shape).astype(np.float32)
        queries /= np.linalg.norm(queries, axis=1, keepdims=True)
        scores, ids = loaded.ann(name).search(queries, 10)
        want = _exact_top(vectors, queries, 10)
        recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(ids.tolist(), want.tolist())])
        assert recall >= 0.95, (name, recall)
        # scores are exact cosines, sorted
        assert np.allclose(scores, np.einsum("qd,qkd->qk", queries, vectors[ids]), atol=1e-5)
        assert np.all(np.diff(scores, axis=1) <= 1e-6)
    loaded.close()


def test_add_and_prune_keep_ann_and_lsh_in_step(ivf_index: Path) -> None:
    before = json.loads((ivf_index / "manifest.json").read_text())
    ix.add(ivf_index, synthetic_articles(30, start=500))
    after = json.loads((ivf_index / "manifest.json").read_text())
    n = after["counts"]["passages"]
    loaded = ix.Index.open(ivf_index)
    assert loaded.ann("hash").ntotal == n
    # a copied sentence of a new article is found by both channels
    target = synthetic_articles(30, start=500)[3].text.split(". ")[1]
    sig = signatures([shingles(target)], loaded.params)
    hits = loaded.lexical.query(list(sig))
    texts = {pid: t for pid, t in loaded.store.iter_passage_texts()}
    assert any(target in texts[pid] for pid in hits)
    vec = encoders.load("hash").encode([target])
    _, ids = loaded.ann("hash").search(vec, 3)
    assert target in texts[int(ids[0][0])]
    loaded.close()
    # old generation's files were collected
    left = {p.name for p in ivf_index.iterdir()}
    assert not set(before["files"].values()) & left
    ix.prune(ivf_index, "2024-03-01")
    pruned = ix.Index.open(ivf_index)
    assert pruned.ann("hash2").ntotal == pruned.manifest["counts"]["passages"] < n
    pruned.close()
    assert ix.verify(ivf_index).ok


def test_verify_catches_a_damaged_lsh_file(ivf_index: Path) -> None:
    manifest = json.loads((ivf_index / "manifest.json").read_text())
    keys = ivf_index / manifest["files"]["lsh_keys"]
    data = bytearray(keys.read_bytes())
    data[-3] ^= 0xFF
    keys.write_bytes(bytes(data))
    report = ix.verify(ivf_index)
    assert not report.ok and any("checksum" in e for e in report.errors)


def test_index_without_stored_lsh_or_ann_still_loads(small_index: Path) -> None:
    """An index written before these files existed: LSH rebuilt in memory, exact search."""
    manifest_path = small_index / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    for key in ("lsh_keys", "lsh_ids"):
        name = manifest["files"].pop(key)
        manifest["checksums"].pop(name)
        (small_index / name).unlink()
    manifest.pop("lsh", None)
    manifest_path.write_text(json.dumps(manifest))
    loaded = ix.Index.open(small_index)
    sig = signatures([shingles(ARTICLES[1]["text"][:120])], loaded.params)
    assert loaded.lexical.query(list(sig))
    assert not isinstance(loaded.ann("hash"), ix.RerankedIvf)
    loaded.close()
    assert ix.verify(small_index).ok
    ix.add(small_index, synthetic_articles(3))  # the next write stores the LSH again
    assert "lsh_keys" in json.loads(manifest_path.read_text())["files"]


class _NoCuda:
    """Stands in for torch on a machine without a GPU (importing real torch takes seconds)."""

    class cuda:
        @staticmethod
        def is_available() -> bool:
            return False

        @staticmethod
        def device_count() -> int:
            return 0


def test_device_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert encoders.check_device(None) == "cpu"
    assert encoders.check_device("CPU") == "cpu"
    with pytest.raises(EncoderError, match="unknown device"):
        encoders.check_device("tpu")
    with pytest.raises(EncoderError, match="unknown device"):
        encoders.check_device("cpu:1")
    monkeypatch.setitem(sys.modules, "torch", _NoCuda)
    with pytest.raises(EncoderError, match="not available"):
        encoders.check_device("cuda")
    monkeypatch.setenv(encoders.DEVICE_ENV, "cuda:0")
    with pytest.raises(EncoderError, match="not available"):
        encoders.load("hash")
    monkeypatch.delenv(encoders.DEVICE_ENV)
    runner = CliRunner()
    articles = write_jsonl(tmp_path / "a.jsonl", ARTICLES)
    ok = runner.invoke(app, ["index", "build", str(articles), "--index", str(tmp_path / "i"),
                             "--encoder", "hash", "--device", "cpu", "--quiet"])
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(app, ["index", "build", str(articles), "--index", str(tmp_path / "j"),
                              "--encoder", "hash", "--device", "tpu"])
    assert bad.exit_code == 1
    assert len(bad.output.strip().splitlines()) == 1 and "device" in bad.output
    assert not (tmp_path / "j" / "manifest.json").exists()
    bad = runner.invoke(app, ["index", "build", str(articles), "--index", str(tmp_path / "k"),
                              "--encoder", "hash", "--device", "cuda"])
    assert bad.exit_code == 1 and len(bad.output.strip().splitlines()) == 1, bad.output


@pytest.mark.slow
def test_minilm_on_cpu_device() -> None:
    model = encoders.load("minilm", device="cpu")
    rows = model.encode(["a sentence", "another one"])
    assert rows.shape == (2, model.dim)


def test_containment_and_the_exact_bound_are_the_same_by_substring_cached_set_and_stored_forms() -> None:
    from sourcetrace import align
    from sourcetrace.lexical import RepeatCache, article_forms, fast_skeleton
    from sourcetrace.match import containment

    def set_bound(post: str, article: str) -> int:  # the k-gram-set reference
        norm, k = fast_skeleton(article), 8
        grams = {norm[i : i + k] for i in range(len(norm) - k + 1)}
        p = fast_skeleton(post)
        if len(p) < k:
            return len(p) + 8
        best = run = 0
        for i in range(len(p) - k + 1):
            run = run + 1 if p[i : i + k] in grams else 0
            best = max(best, run)
        return (best + k - 1 if best else k - 1) + 8

    rng = random.Random(5)
    articles = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 60))) for _ in range(20)]
    articles += ["", "ab", "中国经济稳定增长，北京 上海", "日本語 のテキスト", "Xi"]
    posts = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 15))) for _ in range(20)]
    posts += ["", "a", "中国经济", "北京 上海 广州", articles[0][:30]]
    for post in posts:
        part = shingles(post)
        for article in articles:
            want = len(part & shingles(article)) / len(part) if part else 0.0
            for _ in range(3):  # first seen (substring search), then from the cached set
                assert containment(part, article) == pytest.approx(want)
                assert containment(part, article, article_forms(article)) == pytest.approx(want)
                assert align.longest_exact_bound(post, article) == set_bound(post, article)
    cache = RepeatCache(2)
    assert cache.value("x", len) is None and cache.value("x", len) == 1 and cache.value("x", str) == 1



def test_exact_search_ranks_by_score_then_passage_id_in_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """ExactSearch (numpy) answers as a full sort of the scores would: best first, ties (scores
    within TIE_EPS) by passage id, -inf and -1 past the last passage; blocks of queries change
    nothing (a trial's numpy scored the two copies of passage 3 apart by 6e-08 in a batch)."""
    rng = np.random.default_rng(7)
    rows = rng.standard_normal((500, 32)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    rows[10] = rows[3]  # a tie: passage 3 must come before passage 10
    queries = np.ascontiguousarray(np.vstack([rows[3], rows[:40] + 0.1 * rng.standard_normal((40, 32))]),
                                   dtype=np.float32)
    search = ix_ann.exact_index(rows)
    scores, ids = search.search(queries, 10)
    exact = queries.astype(np.float64) @ rows.T.astype(np.float64)

    def ranked(row: np.ndarray) -> list[int]:
        # a full sort, scores within TIE_EPS of the next higher one chained into a tie by id
        order = sorted(range(len(row)), key=lambda i: -row[i])
        group, groups = 0, {}
        for before, i in zip([None, *order], order):
            if before is not None and row[before] - row[i] > ix_ann.TIE_EPS:
                group += 1
            groups[i] = group
        return sorted(range(len(row)), key=lambda i: (groups[i], i))[:10]

    expected = np.array([ranked(row) for row in exact])
    assert (ids == expected).all() and ids[0, 0] == 3 and ids[0, 1] == 10
    assert np.allclose(scores, np.take_along_axis(exact, expected, axis=1), atol=1e-6)
    # the same hits whatever batch a query comes in, or however the passages are blocked
    alone = [search.search(queries[i : i + 1], 10) for i in range(len(queries))]
    assert np.array_equal(np.vstack([a[1] for a in alone]), ids)
    assert np.allclose(np.vstack([a[0] for a in alone]), scores, atol=1e-6)
    monkeypatch.setattr(ix_ann, "QUERY_BLOCK", 2)
    monkeypatch.setattr(ix_ann, "PASSAGE_BLOCK", 100)
    blocked = search.search(queries, 10)
    assert np.array_equal(blocked[1], ids) and np.allclose(blocked[0], scores, atol=1e-6)
    few, few_ids = ix_ann.exact_index(rows[:4]).search(queries[:2], 6)
    assert (few_ids[:, 4:] == -1).all() and np.isneginf(few[:, 4:]).all() and (few_ids[:, :4] >= 0).all()
    empty_scores, empty_ids = search.search(np.zeros((0, 32), np.float32), 5)
    assert empty_scores.shape == (0, 5) and empty_ids.shape == (0, 5)
    nothing, none_ids = ix_ann.exact_index(np.zeros((0, 32), np.float32)).search(queries[:1], 3)
    assert (none_ids == -1).all() and np.isneginf(nothing).all()


@pytest.mark.parametrize("n, k", [(10825, 10), (700, 10), (640, 10), (300, 10), (64, 10), (5, 10), (1000, 1)])
def test_best_columns_equal_a_full_sort_ties_and_nan_included(n: int, k: int) -> None:
    """ix_ann.best against a full sort of every row (score descending, then column), with
    rounded scores so that ties are common, and a row of NaN, which gets nothing."""
    rng = np.random.default_rng(n + k)
    sims = np.round(rng.standard_normal((7, n)), 1).astype(np.float32)
    sims[3, :] = np.nan
    sims[4, ::3] = np.nan
    scores = np.full((7, k), -np.inf, np.float32)
    ids = np.full((7, k), -1, np.int64)
    ix_ann.best(sims, scores, ids)
    for r in range(7):
        valid = [(-float(sims[r, c]), c) for c in range(n) if not np.isnan(sims[r, c])]
        expected = sorted(valid)[:k]
        got = [(int(i), float(s)) for i, s in zip(ids[r], scores[r]) if i >= 0]
        assert got == [(c, -v) for v, c in expected]
        assert (ids[r, len(expected):] == -1).all() and np.isneginf(scores[r, len(expected):]).all()
