"""A small index's background is read among the reference passages of background.py too."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sourcetrace import background, candidates
from sourcetrace import index as ix
from sourcetrace.match import Matcher
from sourcetrace.records import Article, Post

from .conftest import ARTICLES, HashEncoder


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "models"
    monkeypatch.setenv("SOURCETRACE_MODEL_CACHE", str(folder))
    monkeypatch.setattr(background, "_memo", {})
    return folder


@pytest.mark.parametrize("read, least", [(background.passages, 200), (background.everyday, 1000)],
                         ids=["reference news passages", "everyday texts"])
def test_the_packaged_texts_are_in_many_languages(read, least):  # type: ignore[no-untyped-def]
    texts = read()
    assert len(texts) >= least
    assert all(0 < len(t) <= background.MAX_CHARS for t in texts)
    assert any("\u4e00" <= ch <= "\u9fff" for t in texts for ch in t)  # Chinese among them
    assert any("\u0600" <= ch <= "\u06ff" for t in texts for ch in t)  # and Arabic


def test_reference_vectors_are_kept_and_a_copy_not_this_encoders_is_not_used(own_cache: Path,
                                                                             monkeypatch: pytest.MonkeyPatch):
    first = background.reference_vectors("hash", HashEncoder())
    assert first is not None and first.shape == (len(background.passages()), HashEncoder.dim)
    np.testing.assert_allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    (copy,) = own_cache.glob("background_passages-*-hash-*.npy")
    # a kept copy of another model (or planted): right shape, other vectors
    planted = np.roll(first, 1, axis=0)
    with copy.open("wb") as out:
        np.save(out, planted, allow_pickle=False)
    monkeypatch.setattr(background, "_memo", {})
    again = background.reference_vectors("hash", HashEncoder())
    np.testing.assert_allclose(again, first, atol=1e-6)
    assert not copy.exists()  # discarded; the next start writes it again
    # a copy of another shape, or not an array at all
    for junk in (b"not numpy", None):
        monkeypatch.setattr(background, "_memo", {})
        background.reference_vectors("hash", HashEncoder())
        (copy,) = own_cache.glob("background_passages-*-hash-*.npy")
        with copy.open("wb") as out:
            if junk is None:
                np.save(out, first[:5], allow_pickle=False)
            else:
                out.write(junk)
        monkeypatch.setattr(background, "_memo", {})
        np.testing.assert_allclose(background.reference_vectors("hash", HashEncoder()), first, atol=1e-6)


def test_an_encoder_that_cannot_embed_leaves_the_index_background(own_cache: Path):
    class Broken(HashEncoder):
        def encode(self, texts, kind="passage"):  # type: ignore[no-untyped-def]
            raise RuntimeError("no model")

    assert background.reference_vectors("broken", Broken()) is None


def _backgrounds(path: Path, text: str) -> list[float]:
    index = ix.Index.open(path)
    matcher = Matcher(index)
    from sourcetrace.prepared import prepare

    found, _ = candidates.candidates(index, [prepare(Post(id="p", text=text), matcher.config)], matcher.config)
    return found[0].background["hash"]


def test_only_an_index_under_the_minimum_is_padded(tmp_path: Path, own_cache: Path,
                                                   monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "index"
    ix.build(path, [Article.from_dict(a) for a in ARTICLES], encoder="hash")
    text = "Officials said the fair would boost imports of farm products and medical equipment."
    padded = _backgrounds(path, text)
    # the same index counted as large enough: its own 10 nearest passages (of 8) only
    monkeypatch.setattr(candidates, "BACKGROUND_MIN_PASSAGES", 1)
    own = _backgrounds(path, text)
    index = ix.Index.open(path)
    query = HashEncoder().encode([text], kind="query")[0]
    cosines = np.sort(np.asarray(index.vectors["hash"]) @ query)[::-1]
    assert own[0] == pytest.approx(float(cosines[:10].mean()), abs=1e-5)
    reference = background.reference_vectors("hash", HashEncoder())
    assert reference is not None
    joined = np.sort(np.concatenate([cosines[:10], reference @ query]))[::-1][:10]
    assert padded[0] == pytest.approx(float(joined.mean()), abs=1e-5)
    assert padded[0] > own[0]  # 8 passages' mean is diluted by far ones; the reference's near ones replace them


# ---- the real default on a small index ---------------------------------------------------------

ZH_ARTICLES = [
    {"id": "xh.mfa", "outlet": "xinhua", "lang": "zh", "published": "2024-03-12",
     "text": "新华社北京3月12日电 外交部发言人毛宁12日在例行记者会上表示，中方坚决反对美方向中国台湾地区出售武器。"
             "毛宁说，美方此举严重违反一个中国原则和中美三个联合公报规定，严重损害中国主权和安全利益。"
             "中方将采取坚决有力措施，捍卫国家主权和领土完整。"},
    {"id": "xh.tao", "outlet": "xinhua", "lang": "zh", "published": "2024-05-20",
     "text": "新华社北京5月20日电 国务院台办发言人20日表示，两岸同属一个中国，台湾是中国领土不可分割的一部分，这是铁的事实。"
             "无论岛内政局如何变化，都改变不了两岸同属一中的事实，阻挡不了祖国终将统一的历史大势。"},
    {"id": "xh.flood", "outlet": "xinhua", "lang": "zh", "published": "2024-06-18",
     "text": "新华社广州6月18日电 广东梅州连日暴雨引发洪涝灾害，当地已紧急转移群众两万余人。"
             "气象部门预计未来三天仍有强降雨，提醒公众注意防范山洪和地质灾害。"},
    {"id": "xh.trade", "outlet": "xinhua", "lang": "zh", "published": "2024-07-12",
     "text": "新华社北京7月12日电 海关总署12日发布数据，今年上半年我国货物贸易进出口总值21.17万亿元，同比增长6.1%。"
             "其中出口12.13万亿元，增长6.9%；进口9.04万亿元，增长5.2%。"},
]


@pytest.mark.slow
def test_an_unrelated_headline_is_no_translation_of_a_small_indexs_article(tmp_path: Path):
    """A trial's 9-article index (28 passages) reported "Macedonians go to polls in referendum on
    changing country's name" as a translation of the Taiwan Affairs Office's "whatever changes on
    the island…" sentence at 0.93 (USE calibrated 0.61 from a cosine of 0.33; e5 0.05): the
    background of a few dozen passages was too low. Copies in the same index are still found."""
    path = tmp_path / "index"
    ix.build(path, [Article.from_dict(a) for a in ZH_ARTICLES])
    assert ix.Index.open(path).manifest["counts"]["passages"] < candidates.BACKGROUND_MIN_PASSAGES
    matcher = Matcher(ix.Index.open(path))
    posts = [
        Post(id="unrelated", text="Macedonians go to polls in referendum on changing country's name"),
        Post(id="copy", text="China firmly opposes US arms sales to China's Taiwan region, Foreign Ministry "
                             "spokesperson Mao Ning said on March 12. The move seriously violates the one-China "
                             "principle and the three China-US joint communiqués."),
        Post(id="copy2", text="En el primer semestre, el comercio exterior de mercancías de China alcanzó 21,17 "
                              "billones de yuanes, un 6,1 % más; las exportaciones crecieron un 6,9 %."),
    ]
    results = {r.post.id: r for r in matcher.check_many(posts)}
    assert results["unrelated"].status == "no_match", results["unrelated"].matches
    assert [m.article.id for m in results["copy"].matches] == ["xh.mfa"]
    assert [m.article.id for m in results["copy2"].matches] == ["xh.trade"]


def test_index_build_embeds_a_small_indexs_reference_passages_beforehand(tmp_path: Path, own_cache: Path):
    """A trial's first query on a small index waited 28 s in silence for the reference passages:
    `index build` (and `add`) embeds them, once, for an index under BACKGROUND_MIN_PASSAGES."""
    from typer.testing import CliRunner

    from sourcetrace.cli.main import app

    from .conftest import write_jsonl

    articles = write_jsonl(tmp_path / "a.jsonl", ARTICLES)
    result = CliRunner().invoke(app, ["index", "build", str(articles), "--index", str(tmp_path / "idx"),
                                      "--encoder", "hash"])
    assert result.exit_code == 0, result.output
    assert list(own_cache.glob("background_passages-*-hash-*.npy"))


def test_hubness_is_the_mean_of_a_passages_nearest_everyday_texts(own_cache: Path):
    vectors = background.everyday_vectors("hash", HashEncoder())
    assert vectors is not None and vectors.shape == (len(background.everyday()), HashEncoder.dim)
    passage = vectors[7]  # a passage worded as an everyday text: its own cosine, 1.0, is among them
    expected = float(np.sort(vectors @ passage)[-background.HUB_K:].mean())
    assert background.hubness("hash", HashEncoder(), passage) == pytest.approx(expected, abs=1e-6)
    assert background.hubness("hash", HashEncoder(), np.ones(3, np.float32)) is None  # another dimension


def test_no_everyday_texts_no_hubness(own_cache: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(background, "EVERYDAY_FILE", "no-such-file.jsonl")
    assert background.everyday() == []
    assert background.hubness("hash", HashEncoder(), np.ones(HashEncoder.dim, np.float32)) is None


@pytest.mark.slow
def test_a_generic_passage_is_as_close_to_everyday_texts_as_to_a_personal_post(own_cache: Path):
    # the tuning dumps' real posts against 1k news passages (verdict.HUB_MIN): a post about flying
    # home to see a mother was a translation (0.99) of a state-media account's Mother's Day tweet;
    # a translated news sentence stands far above the everyday texts nearest its passage
    from sourcetrace import encoders, verdict

    use = encoders.load("use")
    tweet = "🍀Happy Mother’s Day to all mothers !!"  # the tweet's first passage (sentence)
    news = "The earthquake destroyed more than 1,500 homes and forced 16,000 people to leave the city of Palu."
    # as the matcher embeds it: the mention and the hash sign blanked (prepared.py)
    personal = "I don't think so, sadly. Have to fly home Sat morning. Just in town for the  sljsummit and a day with my mom!"
    copy = "El terremoto destruyó más de 1.500 viviendas y obligó a 16.000 personas a abandonar la ciudad de Palu."
    passages = use.encode([tweet, news])
    posts = use.encode([personal, copy], kind="query")

    def margin(post: np.ndarray, passage: np.ndarray) -> float:
        hub = background.hubness("use", use, passage)
        assert hub is not None
        return float(post @ passage) - hub

    assert margin(posts[0], passages[0]) < verdict.HUB_MIN
    assert margin(posts[1], passages[1]) > verdict.HUB_MIN + 0.2


class _StubStore:
    def __init__(self, aids: dict[int, int], texts: dict[int, str]) -> None:
        self.aids, self.texts = aids, texts

    def passages(self, pids):  # type: ignore[no-untyped-def]
        from sourcetrace.index.store import Passage
        return [Passage(p, self.aids[p], 0, 1) for p in pids]

    def article(self, aid: int) -> Article:
        return Article(id=str(aid), text=self.texts[aid])


class _StubIndex:
    def __init__(self, aids: dict[int, int], texts: dict[int, str]) -> None:
        self.store = _StubStore(aids, texts)


def test_versions_of_one_story_are_no_background():
    """Trial 81: a story several outlets carried sat several times in a copy's background (four
    more versions of Xinhua's launch: 0.501 instead of 0.442), and the copy was missed. Every
    article after the first of its story (two specific figures shared) is left out of the
    background, and the next neighbour read instead; an article on another event sharing only a
    day, and greetings alike to the encoders but sharing no figure, are kept."""
    launch = "11月16日11时55分，中国在酒泉卫星发射中心成功发射海洋水色观测卫星01星。这是第497次飞行。"
    texts = {
        0: launch,  # the article copied
        1: "China launched an ocean color satellite from Jiuquan at 11:55 on Nov 16, the 497th flight.",
        2: "On Nov 16 the Shenzhou crew gave a lecture from the space station.",  # another story, one date
        3: "Happy Mother's Day to all mothers!",
        4: "Happy Father's Day to all the dads out there!",
    }
    aids = {10: 0, 11: 0, 12: 1, 13: 2, 14: 3, 15: 4, 16: 4}
    stories = candidates._Stories(_StubIndex(aids, texts))
    stories.read(np.arange(10, 17))
    scores = np.array([0.70, 0.60, 0.58, 0.55, 0.40, 0.30, 0.20], dtype=np.float32)
    pids = np.array([10, 11, 12, 13, 14, 15, 16])
    assert stories.distinct(scores, pids, 4).tolist() == pytest.approx([0.70, 0.60, 0.55, 0.40])
    greetings = candidates._Stories(_StubIndex({14: 3, 15: 4}, texts))
    greetings.read(np.array([14, 15, -1]))
    assert greetings.distinct(np.array([0.8, 0.7]), np.array([14, 15]), 10).tolist() == pytest.approx([0.8, 0.7])
    assert stories.distinct(np.array([0.9, 0.1]), np.array([13, -1]), 10).tolist() == pytest.approx([0.9])


def test_versions_sharing_one_number_of_three_significant_digits_are_one_story():
    """Trial 83: seven tweets of "826 million domestic trips" over the National Day holiday (en,
    fr, ar), sharing that one figure, made a faithful French translation of one of them a miss
    (0.12 and 0.09). One shared number of three significant digits or more joins two of a post's
    nearest articles; a shared date with a number of two significant digits ("110 countries") does not."""
    texts = {
        0: "During the eight-day holiday, Chinese people made 826 million domestic tourist trips.",
        1: "Pendant les 8 jours fériés, les Chinois ont effectué 826 millions de voyages touristiques.",
        2: "Tourism revenue reached 753.43 billion yuan, with 826 million trips during the holiday.",
        3: "More than 110 countries confirmed attendance on Oct 17 at 10:30.",
        4: "Leaders of 110 countries met on Oct 17 in Beijing.",
    }
    aids = {20: 0, 21: 1, 22: 2, 23: 3, 24: 4}
    stories = candidates._Stories(_StubIndex(aids, texts))
    stories.read(np.arange(20, 25))
    scores = np.array([0.72, 0.69, 0.64, 0.45, 0.44], dtype=np.float32)
    assert stories.distinct(scores, np.arange(20, 25), 3).tolist() == pytest.approx([0.72, 0.45, 0.44])
