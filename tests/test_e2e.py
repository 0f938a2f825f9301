"""End to end on the bundled sample with the default encoder (real model; marked slow)."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sourcetrace import index as ix
from sourcetrace.cli.main import app
from sourcetrace.match import Matcher
from sourcetrace.readers import read_articles, read_gold
from sourcetrace.records import Post

from .conftest import REPO

SAMPLE = REPO / "corpora" / "sample"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "index"
    problems = []
    stats = ix.build(path, read_articles([SAMPLE / "articles.jsonl"], problems.append))
    assert not problems and stats.added == 45
    return path


@pytest.fixture(scope="module")
def gold():
    return list(read_gold([SAMPLE / "posts.jsonl"], lambda p: pytest.fail(str(p))))


def _passage_of(article_text: str, span) -> str:
    return article_text[span[0] : span[1]]


def test_spanish_translation_returns_right_article_and_passage(sample_index: Path, gold):
    matcher = Matcher(ix.Index.open(sample_index))
    spanish = [(p, g) for p, g in gold if p.lang == "es" and g["copy_type"] == "translation"]
    assert spanish
    for post, label in spanish:
        result = matcher.check(post)
        assert result.status == "copy", post.text
        top = result.matches[0]
        assert top.article.id == label["article_id"]
        assert top.match_type == "translation"
        passage = _passage_of(top.article.text, top.spans[0]["article"])
        assert passage and passage in top.article.text


def test_english_verbatim_copy_is_verbatim_and_negative_is_no_match(sample_index: Path, gold):
    matcher = Matcher(ix.Index.open(sample_index))
    verbatim = next(p for p, g in gold if g["copy_type"] == "verbatim")
    assert matcher.check(verbatim).matches[0].match_type == "verbatim"
    negatives = [p for p, g in gold if g["copy_type"] == "negative" and p.lang in ("en", "es", "fr")]
    wrong = [p.id for p in negatives if matcher.check(p).status != "no_match"]
    assert len(wrong) <= 1, wrong
    unrelated = Post(text="The local bakery won a prize for its sourdough bread this weekend.", id="x")
    assert matcher.check(unrelated).status == "no_match"


def test_check_and_eval_commands_on_the_sample(sample_index: Path, tmp_path: Path):
    runner = CliRunner()
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["check", str(SAMPLE / "posts.jsonl"), "--index", str(sample_index), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 179
    assert sum(r["status"] == "copy" for r in rows) > 80
    result = runner.invoke(app, ["eval", str(SAMPLE / "posts.jsonl"), "--index", str(sample_index), "--json"])
    report = json.loads(result.stdout)
    assert report["overall"]["precision"] >= 0.95
    assert report["by_copy_type"]["verbatim"]["recall"] == 1.0


def test_demo_runs(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    result = CliRunner().invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    assert "checked 179 posts" in result.stdout and "precision" in result.stdout
    # the suggested command is one line a user can paste into a shell, however long
    hint = [line for line in result.stdout.splitlines() if line.startswith("try: sourcetrace query ")]
    assert len(hint) == 1
    words = shlex.split(hint[0][len("try: "):])
    assert words[:2] == ["sourcetrace", "query"] and words[3] == "--index"
    assert Path(words[4]).parent == tmp_path / "sourcetrace"
