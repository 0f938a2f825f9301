"""The issue-12 benchmark folders are what their scripts build, and their gold labels hang together."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import pytest

from sourcetrace.records import Article, Post

from .conftest import REPO, SHARED

CONDENSED = REPO / "benchmarks" / "condensed"
DIRECTIONS = REPO / "benchmarks" / "directions"
HALVES = ("tune", "test")


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def _same_files(built: Path, committed: Path, names: list[str]) -> list[str]:
    return [n for n in names if (built / n).read_bytes() != (committed / n).read_bytes()]


def test_condensed_folder_is_what_the_script_builds(tmp_path: Path) -> None:
    script = runpy.run_path(str(REPO / "scripts" / "make_condensed.py"))
    assert script["main"](["--out", str(tmp_path)]) == 0
    names = ["README.md", "SOURCE.md"] + [f"{h}/{f}" for h in HALVES for f in ("articles.jsonl", "posts.jsonl")]
    assert not _same_files(tmp_path, CONDENSED, names), "run scripts/make_condensed.py"


def test_condensed_gold_labels_point_into_their_own_half() -> None:
    seen: dict[str, str] = {}
    for half in HALVES:
        articles = [Article.from_dict(a) for a in _jsonl(CONDENSED / half / "articles.jsonl")]
        ids = {a.id for a in articles}
        assert not ids & set(seen), "an article is in both halves"
        seen.update(dict.fromkeys(ids, half))
        for rec in _jsonl(CONDENSED / half / "posts.jsonl"):
            Post.from_dict(rec)
            gold = rec["gold"]
            if gold["copy_type"].startswith("negative"):
                assert gold["article_id"] is None and gold["same_event_as"] in ids
            else:
                assert gold["article_id"] in ids, rec["id"]
            assert rec.get("lang", gold["lang"]) == gold["lang"]


@pytest.mark.skipif(not (SHARED / "ntrex128").exists(), reason="needs ../shared/data/ntrex128")
def test_directions_folder_is_what_the_script_builds(tmp_path: Path) -> None:
    script = runpy.run_path(str(REPO / "scripts" / "make_directions.py"))
    assert script["main"](["--data", str(SHARED / "ntrex128"), "--out", str(tmp_path)]) == 0
    names = ["README.md"] + [f"{h}/{lang}/{f}" for h in HALVES for lang in script["PAIRS"]
                             for f in ("articles.jsonl", "posts.jsonl")]
    assert not _same_files(tmp_path, DIRECTIONS, names), "run scripts/make_directions.py"


def test_directions_keep_the_ntrex_document_split() -> None:
    split = json.loads((REPO / "benchmarks" / "ntrex" / "split.json").read_text("utf-8"))
    folders = sorted(p for p in (DIRECTIONS / "test").iterdir() if p.is_dir())
    assert folders
    for half in HALVES:
        indexed = set(split[half]["indexed"])
        for folder in sorted(p for p in (DIRECTIONS / half).iterdir() if p.is_dir()):
            lang = folder.name
            docs = {a["id"].rsplit(".", 1)[0] for a in _jsonl(folder / "articles.jsonl")}
            assert docs == indexed, f"{half}/{lang}"
            for rec in _jsonl(folder / "posts.jsonl"):
                gold = rec["gold"]
                assert gold["article_lang"] == lang
                if gold["article_id"] is not None:
                    assert gold["article_id"].rsplit(".", 1)[0] in indexed


TOPICAL = REPO / "benchmarks" / "topical"
TOPICAL_NEGATIVES = {"negative_personal", "negative_same_event", "negative_template"}


def test_topical_gold_labels_point_into_their_own_set_and_the_halves_share_no_tweet() -> None:
    """benchmarks/topical: every copy's articles are in its set's index, every negative has none,
    and no tweet of the test half's index is in a tuning set's."""
    tweets: dict[str, set[str]] = {}
    tuning = sorted(p for p in (TOPICAL / "tune").iterdir() if p.is_dir())
    assert len(tuning) >= 2
    for folder in (*tuning, TOPICAL / "test"):
        ids = {Article.from_dict(a).id for a in _jsonl(folder / "articles.jsonl")}
        tweets[folder.name] = {i.rsplit(".", 1)[-1].removeprefix("tw") for i in ids}
        posts = _jsonl(folder / "posts.jsonl")
        assert len({p["id"] for p in posts}) == len(posts)
        for record in posts:
            Post.from_dict(record)
            gold = record["gold"]
            wanted = gold["article_id"] if isinstance(gold["article_id"], list) else [gold["article_id"]]
            if gold["copy_type"] in TOPICAL_NEGATIVES:
                assert gold["article_id"] is None, record["id"]
            else:
                assert wanted and set(wanted) <= ids, record["id"]
    assert not tweets["test"] & set().union(*(tweets[folder.name] for folder in tuning))
