"""Calibration files, the calibrated decision, the benchmark and the evaluation measures.

Fast tests use a tiny "concept" encoder (a bilingual word list) so that a translation really is
close in vector space; the real default (use+e5) runs on a few benchmark posts in the slow test.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from sourcetrace import calibration, encoders
from sourcetrace import index as ix
from sourcetrace.calibration import USE_LANGUAGES, Calibration, CalibrationError, ChannelModel
from sourcetrace.match import MatchConfig, Matcher, prepare
from sourcetrace.pipeline import RELIABILITY_LEVELS, _passage_right, evaluate, reliability
from sourcetrace.records import Article, Post

from .conftest import ARTICLES, REPO

BENCH = REPO / "benchmarks" / "ntrex"
MODELS = REPO / "models"
PACKAGED = REPO / "src" / "sourcetrace" / "data" / "models"
CHANNELS = ("lexical", "use", "e5")


# ---- calibration files ------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def _fresh_calibration_cache():
    calibration.clear_cache()
    yield
    calibration.clear_cache()


@pytest.mark.parametrize("channel", CHANNELS)
def test_calibration_file_loads_and_says_what_it_was_fitted_on(channel):
    model = calibration.load(channel)
    assert model is not None and model.channel == channel
    assert np.isfinite(model.threshold) and model.slope > 0
    fitted = model.info["fitted_on"]
    assert "tune" in fitted["benchmark"] and fitted["posts"] > 1000
    assert model.info["date"][:2] == "20"
    raw = json.loads((MODELS / f"{channel}.json").read_text("utf-8"))
    assert raw["format"] == calibration.FORMAT


@pytest.mark.parametrize("channel", CHANNELS)
def test_packaged_copies_match_the_checkout(channel):
    assert (PACKAGED / f"{channel}.json").read_text("utf-8") == (MODELS / f"{channel}.json").read_text("utf-8")


def test_default_config_uses_the_fitted_files():
    config = MatchConfig()
    for name in ("use", "e5"):
        model = calibration.load(name)
        assert config.semantic_for(name) == Calibration(model.threshold, model.slope, model.local_scaling)
        assert config.semantic_for(name).local_scaling
    assert config.lexical.threshold == calibration.load("lexical").threshold


def test_env_var_points_to_another_models_folder(tmp_path, monkeypatch):
    model = ChannelModel("e5", 0.123, 42.0, None, True, (0.2, 40.0), info={"date": "2024-01-01"})
    calibration.write_models([model], [tmp_path])
    monkeypatch.setenv(calibration.ENV, str(tmp_path))
    calibration.clear_cache()
    assert calibration.load("e5") == model
    assert calibration.load("use") is None  # not in that folder: built-in fallback applies
    config = MatchConfig()
    assert config.semantic_for("e5").threshold == 0.123
    assert config.semantic_for("e5", same_language=True).threshold == 0.2
    assert config.languages["use"] == USE_LANGUAGES


def test_a_fitted_file_calibrates_any_encoder(tmp_path, monkeypatch):
    models = [ChannelModel("hash", 0.31, 22.0, frozenset(["en"]), True, (0.4, 25.0)),
              ChannelModel("st:/models/my-model", 0.77, 33.0)]
    written = calibration.write_models(models, [tmp_path])
    assert sorted(p.name for p in written) == ["hash.json", "st__models_my-model.json"]
    monkeypatch.setenv(calibration.ENV, str(tmp_path))
    calibration.clear_cache()
    config = MatchConfig()
    assert config.semantic_for("hash") == Calibration(0.31, 22.0, True)
    assert config.semantic_for("hash", same_language=True) == Calibration(0.4, 25.0, True)
    assert config.trusts("hash", "en") and not config.trusts("hash", "es")
    assert config.semantic_for("st:/models/my-model").threshold == 0.77
    assert config.semantic_for("e5") == calibration.BUILTIN_SEMANTIC["e5"]  # no file: built-in fallback
    assert config.semantic_for("other") == calibration.DEFAULT_SEMANTIC
    (tmp_path / "renamed.json").write_text((tmp_path / "hash.json").read_text("utf-8"), "utf-8")
    calibration.clear_cache()
    with pytest.raises(CalibrationError, match="renamed.json: holds channel 'hash', so it must be named hash.json"):
        MatchConfig()


def test_bad_calibration_file_is_a_clear_error(tmp_path, monkeypatch):
    (tmp_path / "use.json").write_text('{"format": 1, "channel": "use", "threshold": "x"}', "utf-8")
    monkeypatch.setenv(calibration.ENV, str(tmp_path))
    with pytest.raises(CalibrationError, match="use.json: not a calibration file"):
        calibration.load("use")
    (tmp_path / "e5.json").write_text('{"format": 1, "channel": "use", "threshold": 0.1, "slope": 5}', "utf-8")
    with pytest.raises(CalibrationError, match="holds channel 'use', not 'e5'"):
        calibration.load("e5")
    with pytest.raises(CalibrationError, match="slope positive"):
        ChannelModel("x", 0.5, 0.0)


# ---- the calibrated decision ------------------------------------------------------------------

@pytest.mark.parametrize("channel", CHANNELS)
def test_confidence_is_monotone_and_half_at_the_threshold(channel):
    model = calibration.load(channel)
    curve = Calibration(model.threshold, model.slope)
    xs = np.linspace(model.threshold - 0.5, model.threshold + 0.5, 101)
    values = [curve.confidence(x) for x in xs]
    assert all(a <= b for a, b in itertools.pairwise(values))
    assert curve.confidence(model.threshold) == pytest.approx(0.5)


def test_an_article_language_calibration_applies_to_cross_lingual_pairs_only(tmp_path, monkeypatch):
    model = ChannelModel("hash", 0.31, 22.0, None, True, (0.4, 25.0),
                         by_article_language={"zh": (0.2, 60.0)})
    calibration.write_models([model], [tmp_path])
    monkeypatch.setenv(calibration.ENV, str(tmp_path))
    calibration.clear_cache()
    assert calibration.load("hash") == model  # written and read back
    config = MatchConfig()
    assert config.semantic_for("hash", False, "zh") == Calibration(0.2, 60.0, True)
    assert config.semantic_for("hash", False, "es") == Calibration(0.31, 22.0, True)
    assert config.semantic_for("hash", True, "zh") == Calibration(0.4, 25.0, True)  # same language
    assert config.semantic_for("hash") == Calibration(0.31, 22.0, True)  # what the screen asks
    for bad in ('{"zh": {"threshold": 0.2}}', '[1]', '{"zh": {"threshold": 0.2, "slope": -1}}'):
        (tmp_path / "hash.json").write_text(json.dumps(
            {**model.to_dict(), "by_article_language": json.loads(bad)}), "utf-8")
        calibration.clear_cache()
        with pytest.raises(CalibrationError):
            calibration.load("hash")


def test_a_models_folder_that_is_not_there_is_a_clear_error(tmp_path, monkeypatch):
    # trial 9: a mistyped $SOURCETRACE_MODELS gave every encoder its built-in fallback in silence
    for value in (tmp_path / "nowhere", tmp_path):  # missing; empty
        monkeypatch.setenv(calibration.ENV, str(value))
        calibration.clear_cache()
        with pytest.raises(CalibrationError, match=r"\$SOURCETRACE_MODELS=.*(no such folder|holds no calibration file)"):
            MatchConfig()
    calibration.clear_cache()


def test_a_language_pair_calibration_comes_before_its_article_language(tmp_path, monkeypatch):
    model = ChannelModel("hash", 0.31, 22.0, None, True, (0.4, 25.0),
                         by_article_language={"es": (0.2, 60.0), "en>es": (0.37, 22.0)})
    calibration.write_models([model], [tmp_path])
    monkeypatch.setenv(calibration.ENV, str(tmp_path))
    calibration.clear_cache()
    assert calibration.load("hash") == model
    config = MatchConfig()
    assert config.semantic_for("hash", False, "es", "en") == Calibration(0.37, 22.0, True)  # the pair's
    assert config.semantic_for("hash", False, "es", "fr") == Calibration(0.2, 60.0, True)  # the article's
    assert config.semantic_for("hash", False, "es") == Calibration(0.2, 60.0, True)  # post language unknown
    assert config.semantic_for("hash", False, "zh", "en") == Calibration(0.31, 22.0, True)
    assert config.semantic_for("hash", True, "es", "es") == Calibration(0.4, 25.0, True)
    for bad in ("en>", "EN>es", "en>es>fr", "en-US>es", "x" * 100):
        (tmp_path / "hash.json").write_text(json.dumps(
            {**model.to_dict(), "by_article_language": {bad: {"threshold": 0.3, "slope": 20.0}}}), "utf-8")
        calibration.clear_cache()
        with pytest.raises(CalibrationError, match="neither a base language tag nor 'post>article'"):
            calibration.load("hash")


def test_english_posts_against_spanish_articles_need_more_under_use():
    # models/use.json: unrelated English posts score higher against Spanish articles than any
    # other pair (real state-media posts against Xinhua's Spanish service)
    config = MatchConfig()
    pair = config.semantic_for("use", False, "es", "en")
    assert pair.threshold > config.semantic_for("use").threshold
    assert config.semantic_for("use", False, "es", "pt") == config.semantic_for("use")
    assert config.semantic_for("use", False, "en", "es") == config.semantic_for("use")


def test_a_chinese_article_gets_its_own_threshold_where_a_second_encoder_can_veto(tmp_path, monkeypatch):
    # the fixture's article is English text under the tag tested: the pair is cross-lingual by its
    # tags alone, not by the passage the post matched (match._passage_in_post_language)
    monkeypatch.setattr("sourcetrace.match._passage_in_post_language", lambda *_: False)
    # no number or name shared with the article: no anchors to waive the encoders' agreement
    post = Post("rescue teams evacuated the residents to temporary shelters after heavy rain flooded villages")
    # the lexical channels and the screen out of the way: only the encoders decide; hash2 always
    # agrees, hash only under the article language's own threshold
    common = {"lexical": Calibration(5.0, 1.0), "exact": Calibration(1e4, 0.01), "screen": False,
              "semantic": {"hash": Calibration(0.9, 20.0, True), "hash2": Calibration(-0.5, 20.0, True)},
              "monolingual": {"hash": Calibration(0.9, 20.0, True)}}
    own = {"hash": {"zh": Calibration(-0.5, 20.0, True), "en": Calibration(-0.5, 20.0, True)}}
    confidence = {}
    for encoder in ("hash+hash2", "hash"):
        for lang in ("zh", "en"):
            path = tmp_path / f"{encoder}-{lang}"
            ix.build(path, [Article.from_dict({**ARTICLES[1], "lang": lang})], encoder=encoder)
            for name, table in (("base", {}), ("own", own)):
                config = MatchConfig(by_article_language=table, **common)
                (result,) = Matcher(ix.Index.open(path), config).check_many([post])
                confidence[encoder, name, lang] = result.matches[0].confidence if result.matches else 0.0
    two = "hash+hash2"
    assert confidence[two, "base", "zh"] == confidence[two, "base", "en"] == 0.0  # hash doubts: no match
    assert confidence[two, "own", "zh"] > 0.5  # English post, Chinese article: the article's own threshold
    assert confidence[two, "own", "en"] == 0.0  # same language: the monolingual one still applies
    # one encoder alone keeps the cross-lingual threshold: nothing would veto what the other admits
    assert confidence["hash", "own", "zh"] == confidence["hash", "base", "zh"] == 0.0


def test_paraphrase_threshold_is_stricter_than_translation_threshold():
    config = MatchConfig()
    for name in ("use", "e5"):
        assert config.semantic_for(name, same_language=True).threshold >= config.semantic_for(name).threshold


def test_use_decides_only_in_its_languages_e5_everywhere():
    config = MatchConfig()
    assert config.trusts("use", "es") and config.trusts("use", "zh")
    assert not config.trusts("use", "hi") and not config.trusts("use", "sw")
    assert config.trusts("e5", "hi") and config.trusts("e5", "sw") and config.trusts("e5", "zh")
    assert config.trusts("use", None)  # language unknown: every encoder may decide


def test_short_cjk_sentence_is_long_enough_to_match():
    # eight Han characters carry about as much as a six-word English sentence
    prep = prepare(Post(text="他对22项指控拒不认罪。 #新闻"), MatchConfig())
    assert not prep.too_short
    assert prepare(Post(text="好的。"), MatchConfig()).too_short


# A tiny "encoder" that knows a few concepts in English and Spanish: a translation and its source
# get the same vector, as a multilingual sentence encoder would give them.
LEXICON = {
    "bank": 0, "banco": 0, "interest": 1, "interés": 1, "rate": 2, "tipo": 2, "unchanged": 3,
    "sin": 3, "cambios": 3, "friday": 4, "viernes": 4, "rain": 5, "lluvia": 5, "villages": 6,
    "pueblos": 6, "flooded": 7, "inundó": 7, "expo": 8, "exhibitors": 9, "expositores": 9,
    "countries": 10, "países": 10, "analysts": 11, "analistas": 11, "inflation": 12, "inflación": 12,
    "shelters": 13, "refugios": 13, "residents": 14, "residentes": 14, "storms": 15, "tormentas": 15,
}


class ConceptEncoder:
    name = "concept"
    dim = 32

    def encode(self, texts: Sequence[str], kind: str = "passage") -> np.ndarray:
        out = np.full((len(texts), self.dim), 0.05, dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().replace(",", " ").replace(".", " ").split():
                if word in LEXICON:
                    out[row, LEXICON[word]] += 1.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)


encoders.register("concept", ConceptEncoder)

RT = Article(
    id="rt-3", outlet="rt", lang="en", published_at="2024-04-10T12:00:00Z",
    text="The central bank kept its key interest rate unchanged on Friday.\n"
         "Analysts had expected a cut after inflation slowed for a third month.",
)
CGTN = Article(
    id="cgtn-7", outlet="cgtn", lang="en",
    text="Heavy rain flooded several villages in the south on Sunday night.\n"
         "Rescue teams moved residents to temporary shelters before more storms.",
)


@pytest.fixture
def concept_index(tmp_path: Path) -> Path:
    path = tmp_path / "index"
    ix.build(path, [RT, CGTN], encoder="concept")
    return path


def _config(**kw) -> MatchConfig:
    return MatchConfig(semantic={"concept": Calibration(0.8, 30.0)}, monolingual={}, languages={}, **kw)


def test_clear_translation_is_typed_translation_with_the_right_passage(concept_index: Path):
    matcher = Matcher(ix.Index.open(concept_index), _config())
    post = Post(id="p", lang="es", text="El banco central mantuvo sin cambios su tipo de interés el viernes. 🔴")
    result = matcher.check(post)
    assert result.status == "copy"
    top = result.matches[0]
    assert top.article.id == "rt-3" and top.match_type == "translation"
    assert top.signals["lexical_containment"] < 0.3 and top.confidence >= 0.8  # a semantic match shows at most its class ceiling (0.84)
    first_sentence = [0, RT.text.index("\n")]
    assert _passage_right(top.spans, first_sentence)


def test_unrelated_post_in_another_language_is_no_match(concept_index: Path):
    matcher = Matcher(ix.Index.open(concept_index), _config())
    post = Post(id="n", lang="es", text="Mi gato duerme al sol todas las tardes del fin de semana.")
    assert matcher.check(post).status == "no_match"


def test_encoder_not_trusted_for_the_language_cannot_decide(concept_index: Path):
    post = Post(id="p", lang="es", text="El banco central mantuvo sin cambios su tipo de interés el viernes.")
    index = ix.Index.open(concept_index)
    only_en = MatchConfig(semantic={"concept": Calibration(0.8, 30.0)}, monolingual={},
                          languages={"concept": frozenset({"en"})})
    assert Matcher(index, only_en).check(post).status == "no_match"
    with_es = MatchConfig(semantic={"concept": Calibration(0.8, 30.0)}, monolingual={},
                          languages={"concept": frozenset({"en", "es"})})
    assert Matcher(index, with_es).check(post).status == "copy"


def test_evaluate_reports_passage_and_match_types(concept_index: Path):
    matcher = Matcher(ix.Index.open(concept_index), _config())
    start = RT.text.index("Analysts")
    gold = [
        (Post(id="1", lang="es", text="El banco central mantuvo sin cambios su tipo de interés el viernes."),
         {"article_id": "rt-3", "copy_type": "translation", "article_span": [0, RT.text.index("\n")]}),
        (Post(id="2", text="Analysts had expected a cut after inflation slowed for a third month!! #news"),
         {"article_id": "rt-3", "copy_type": "verbatim", "lang": "en", "article_span": [start, len(RT.text)]}),
        (Post(id="3", lang="es", text="Mi gato duerme al sol todas las tardes del fin de semana."),
         {"article_id": None, "copy_type": "negative"}),
    ]
    report = evaluate(matcher, gold)
    assert report["overall"]["tp"] == 2 and report["overall"]["fp"] == 0
    assert report["passage"]["all"] == {"checked": 2, "right": 2, "rate": 1.0}
    assert report["match_types"]["translation"] == {"translation": 1}
    assert set(report["by_lang"]) == {"es", "en"}  # gold.lang used when the post has none
    assert report["thresholds"]["semantic"] == {"concept": 0.8}


def test_reliability_table_counts_levels_and_bins():
    outcomes = [(0.55, True), (0.58, False), (0.75, True), (0.97, True), (0.995, True), (1.0, False), (0.3, True)]
    table = reliability(outcomes)
    assert [row["confidence"] for row in table["at_least"]] == list(RELIABILITY_LEVELS)
    assert [row["n"] for row in table["at_least"]] == [6, 4, 4, 3, 3, 3, 2]  # 0.3 is below every level
    assert table["at_least"][0]["right"] == round(4 / 6, 4) and table["at_least"][-1]["right"] == 0.5
    bins = {(b["low"], b["high"]): b for b in table["bins"]}
    assert bins[(0.5, 0.6)] == {"low": 0.5, "high": 0.6, "n": 2, "right": 1, "mean_confidence": 0.565,
                                "share_right": 0.5, "gap": -0.065}
    assert bins[(0.6, 0.7)]["n"] == 0 and bins[(0.6, 0.7)]["gap"] is None
    assert bins[(0.99, 1.0)]["n"] == 2 and bins[(0.99, 1.0)]["share_right"] == 0.5  # the last bin holds 1.0
    assert table["max_gap"] == round(0.9975 - 0.5, 4)
    assert reliability([]) == {"at_least": [{"confidence": c, "n": 0, "right": None} for c in RELIABILITY_LEVELS],
                               "bins": reliability([])["bins"], "max_gap": None, "weighted_gap": None}


def test_evaluate_gives_the_reliability_of_clear_cases(small_index: Path):
    """Verbatim sentences of two articles (one gold label deliberately wrong) and a post that
    copies nothing: two matches right, one wrong, every one at a confidence >= 0.5."""
    expo = ARTICLES[0]["text"].split("\n")[1].split(". ")[0] + "."
    bank = ARTICLES[2]["text"].split(". ")[0] + "."
    flood = ARTICLES[1]["text"].split(". ")[1] + "."
    gold = [
        (Post(id="1", lang="en", text=expo), {"article_id": "xinhua-1", "copy_type": "verbatim"}),
        (Post(id="2", lang="en", text=bank), {"article_id": "rt-3", "copy_type": "verbatim"}),
        (Post(id="3", lang="en", text=flood), {"article_id": "rt-3", "copy_type": "verbatim"}),  # wrong label
        (Post(id="4", lang="en", text="My neighbour planted tomatoes and beans in the garden."),
         {"article_id": None, "copy_type": "negative"}),
    ]
    report = evaluate(Matcher(ix.Index.open(small_index)), gold)
    assert report["overall"]["tp"] == 2 and report["overall"]["fp"] == 1
    table = report["reliability"]
    assert table["at_least"][0] == {"confidence": 0.5, "n": 3, "right": round(2 / 3, 4)}
    assert sum(b["n"] for b in table["bins"]) == 3 and sum(b["right"] for b in table["bins"]) == 2
    filled = [b for b in table["bins"] if b["n"]]
    assert all(b["low"] <= b["mean_confidence"] <= b["high"] for b in filled)


def test_passage_right_rule():
    assert _passage_right([{"post": [0, 5], "article": [10, 50]}], [10, 60])
    assert _passage_right([{"post": [0, 5], "article": [15, 40]}], [10, 60])  # part of it: cut-down copy
    assert not _passage_right([{"post": [0, 5], "article": [70, 90]}], [10, 60])  # neighbour sentence
    assert not _passage_right([{"post": [0, 5], "article": [0, 400]}], [10, 60])  # whole article
    assert not _passage_right([], [10, 60])
    assert _passage_right([], None) is None


# ---- the benchmark ------------------------------------------------------------------------------

def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_benchmark_halves_are_disjoint_by_document_and_cover_ntrex():
    split = json.loads((BENCH / "split.json").read_text("utf-8"))
    tune = set(split["tune"]["indexed"]) | set(split["tune"]["held_out"])
    test = set(split["test"]["indexed"]) | set(split["test"]["held_out"])
    assert not tune & test and len(tune | test) == 123
    assert not set(split["tune"]["indexed"]) & set(split["tune"]["held_out"])


@pytest.mark.parametrize("half", ["tune", "test"])
def test_benchmark_gold_is_consistent(half):
    split = json.loads((BENCH / "split.json").read_text("utf-8"))[half]
    articles = {a["id"]: a for a in _jsonl(BENCH / half / "articles.jsonl")}
    assert set(articles) == set(split["indexed"])
    posts = _jsonl(BENCH / half / "posts.jsonl")
    langs = {p["lang"] for p in posts}
    assert {"en", "es", "zh", "fr", "ru", "ar", "de", "pt", "ja", "hi", "vi", "sw"} == langs
    for post in posts:
        gold = post["gold"]
        if gold["article_id"] is None:
            assert gold["copy_type"] == "negative"
            continue
        start, end = gold["article_span"]
        assert 0 <= start < end <= len(articles[gold["article_id"]]["text"])
    by_type = {p["gold"]["copy_type"] for p in posts}
    assert {"translation", "multi_sentence_translation", "verbatim", "truncated", "edited", "negative"} == by_type


# ---- the real default, end to end on a few benchmark posts ----------------------------------------

@pytest.mark.slow
def test_default_encoders_find_translations_in_every_script_and_reject_negatives(tmp_path):
    """The default (use+e5, fitted thresholds) on part of the test half: the full numbers are in
    docs/QUALITY.md; here, only that no language falls through (a few short, generic sentences
    such as "Estamos viendo cómo hacerlo." are expected misses)."""
    assert encoders.DEFAULT_ENCODER == "use+e5"
    articles = [Article.from_dict(a) for a in _jsonl(BENCH / "test" / "articles.jsonl")]
    path = tmp_path / "index"
    ix.build(path, articles)
    matcher = Matcher(ix.Index.open(path))
    posts = _jsonl(BENCH / "test" / "posts.jsonl")
    for lang in ("hi", "zh", "es", "sw"):
        chosen = [p for p in posts if p["lang"] == lang and p["gold"]["copy_type"] == "translation"][:10]
        found = 0
        for raw, result in zip(chosen, matcher.check_many(Post.from_dict(p) for p in chosen)):
            if result.matches and result.matches[0].article.id == raw["gold"]["article_id"]:
                found += 1
                assert result.matches[0].match_type == "translation"
        assert found >= 7, (lang, found)
    negatives = [p for p in posts if p["gold"]["copy_type"] == "negative"][:20]
    results = matcher.check_many(Post.from_dict(p) for p in negatives)
    wrong = [p["id"] for p, r in zip(negatives, results) if r.status != "no_match"]
    assert len(wrong) <= 1, wrong
