"""Library entry points: what `open_matcher` and `warm_up` load, and when."""

from __future__ import annotations

from pathlib import Path

from sourcetrace import index as ix
from sourcetrace import pipeline
from sourcetrace.records import Article, Post

from .conftest import ARTICLES


def two_encoder_index(tmp_path: Path) -> Path:
    path = tmp_path / "index"
    ix.build(path, [Article.from_dict(a) for a in ARTICLES], encoder="hash+hash2")
    return path


def test_warm_up_of_the_first_stage_leaves_the_second_encoder_unloaded(tmp_path: Path) -> None:
    # a cold one-off query loads the other encoders only for a post that passes the screens
    matcher = pipeline.open_matcher(two_encoder_index(tmp_path))
    try:
        pipeline.warm_up(matcher, everything=False)
        assert set(matcher.index._encoders) == {"hash"}
        assert "hash" in matcher.index._faiss and matcher.index._lexical is not None
        pipeline.warm_up(matcher)  # a server loads everything up front
        assert set(matcher.index._encoders) == {"hash", "hash2"}
    finally:
        matcher.index.close()


def test_matches_are_the_same_after_either_warm_up(tmp_path: Path) -> None:
    path = two_encoder_index(tmp_path)
    post = Post(ARTICLES[0]["text"].split("\n")[1][:160] + " (via Xinhua)", id="p")
    results = []
    for everything in (False, True):
        matcher = pipeline.open_matcher(path)
        try:
            pipeline.warm_up(matcher, everything=everything)
            results.append(matcher.check(post).to_dict())
        finally:
            matcher.index.close()
    assert results[0] == results[1] and results[0]["status"] == "copy"
    assert results[0]["matches"][0]["attribution"]["status"] == "attributed"


def test_default_attributor_credits_the_outlet() -> None:
    attribute = pipeline.default_attributor()
    got = attribute(Post("Trade fair opens in Shanghai, says @XHNews"), Article("x", outlet="xinhua"))
    assert got["status"] == "attributed"
