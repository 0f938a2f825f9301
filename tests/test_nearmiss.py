"""`query --closest`: the closest article not reported, and why not (verdict.why_not)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sourcetrace import verdict
from sourcetrace.anchorcompare import Shared
from sourcetrace.anchors import Anchor
from sourcetrace.cli.main import app
from sourcetrace.verdict import PairEvidence, judge, why_not

from .conftest import write_jsonl

runner = CliRunner()


def _ev(**fields) -> PairEvidence:
    base = {"letters": 120, "differs": True, "containment": 0.0, "lexical": 0.0, "semantic": 0.0}
    return PairEvidence(**{**base, **fields})


def _shared(kind: str, weight: float) -> Shared:
    a = Anchor(kind=kind, keys=frozenset({"k"}), start=0, end=1, weight=weight, text="x")
    return Shared(a, a)


def test_a_reported_pair_has_no_reason() -> None:
    ev = _ev(semantic=0.9, by_encoder={"use": 0.9, "e5": 0.8})
    assert judge(ev) is not None and why_not(ev) == []


@pytest.mark.parametrize(("fields", "words"), [
    ({"semantic": 0.3, "by_encoder": {"use": 0.3, "e5": 0.2}},
     ["encoders do not find it close enough", "use 0.30, e5 0.20", "0.5 needed"]),
    ({"semantic": 0.95, "by_encoder": {"use": 0.95, "e5": 0.01}},
     ["one encoder alone", "use 0.95, e5 0.01", f"with e5 at {verdict.AGREE_MIN} or more", "it shares 0.0"]),
    # a long post: the margin way, with the figure it measures and the pair's own (trial 13 could
    # not tell what "0.2 above the post's other candidates" measured)
    ({"letters": 120, "semantic": 0.95, "by_encoder": {"use": 0.95, "e5": 0.01}, "runner_up": {"use": 0.12}},
     ["one encoder alone", f"use at {verdict.AGREE_MARGIN_SURE} or more (it gives 0.95)",
      f"{verdict.AGREE_MARGIN} or more above the post's next best candidate article", "(here +0.120)"]),
    ({"letters": 20, "semantic": 0.95, "by_encoder": {"use": 0.95}},
     ["too short", "20 letters", f"{verdict.MIN_LETTERS} needed"]),
    ({"semantic": 0.9, "by_encoder": {"use": 0.9, "e5": 0.9}, "missing_weight": 6.0},
     ["numbers the article does not", "6.0 nats"]),
    ({"semantic": 0.9, "by_encoder": {"use": 0.9, "e5": 0.9}, "conflict": "Shenzhou-17 ≠ Shenzhou-16"},
     ["another number on a shared name", "Shenzhou-17"]),
    ({"semantic": 0.99, "by_encoder": {"use": 0.99, "e5": 0.99}, "conflict": "496th ≠ 第494次"},
     ["another ordinal", "496th ≠ 第494次"]),
    ({"containment": 0.8, "lexical": 0.99, "aligned": True, "post_chars": 100, "exact_chars": 20},
     ["containment 0.80", "too few aligned exact stretches", "20 characters"]),
])
def test_each_rule_that_holds_a_pair_back_is_named_with_its_figures(fields, words) -> None:
    ev = _ev(**fields)
    assert judge(ev) is None
    said = " | ".join(why_not(ev))
    for word in words:
        assert word in said, said


def test_anchors_below_the_encoders_floor_are_said_not_to_lift() -> None:
    """A trial was told "the encoders do not find it close enough" for a post sharing 9.5 nats,
    while others were told "7 would lift it": anchors lift only from ANCHOR_FLOOR."""
    shared = [_shared("number", 3.5), _shared("date", 2.5), _shared("name", 3.0), _shared("number", 2.0)]
    ev = _ev(semantic=0.01, by_encoder={"use": 0.01, "e5": 0.01}, shared=shared)
    said = " ".join(why_not(ev))
    assert judge(ev) is None and "lift only a pair the encoders give at least 0.05" in said


def test_anchors_that_lift_a_pair_leave_no_encoder_reason() -> None:
    """Shared anchors of ANCHOR_MIN nats report a pair the encoders barely see (a condensed
    copy): not reported only because of the post's other numbers, and said so alone."""
    shared = [_shared("number", 3.5), _shared("date", 2.5), _shared("name", 3.0)]
    lifted = _ev(semantic=0.1, by_encoder={"use": 0.1, "e5": 0.1}, shared=shared)
    assert judge(lifted) is not None
    held = _ev(semantic=0.1, by_encoder={"use": 0.1, "e5": 0.1}, shared=shared, missing_weight=12.0)
    reasons = why_not(held)
    assert judge(held) is None and len(reasons) == 1 and "numbers the article does not" in reasons[0]


def _index(tmp_path: Path, articles: list[dict]) -> Path:
    src = write_jsonl(tmp_path / "a.jsonl", articles)
    out = runner.invoke(app, ["index", "build", str(src), "--index", str(tmp_path / "idx"), "--encoder", "hash"])
    assert out.exit_code == 0, out.output
    return tmp_path / "idx"


ARTS = [
    {"id": "a1", "outlet": "xinhua", "lang": "en", "title": "Fair \x1b[31mopens\x1b[0m",
     "text": "The China International Import Expo opened on Tuesday with more than three thousand "
             "exhibitors from one hundred and fifty countries in Shanghai."},
    {"id": "a2", "outlet": "cgtn", "lang": "en",
     "text": "Heavy rain flooded several villages in the southern province on Sunday night, and rescue "
             "teams evacuated nearly two thousand residents to temporary shelters."},
]


def test_query_closest_names_the_article_and_the_rule(tmp_path: Path) -> None:
    idx = _index(tmp_path, ARTS)
    text = "An import expo in Shanghai drew exhibitors from many countries, organisers said this week."
    out = runner.invoke(app, ["query", text, "--index", str(idx), "--closest", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["status"] == "no_match"
    near = data["closest"]
    assert near["article"]["id"] == "a1" and near["reasons"] and all(isinstance(r, str) for r in near["reasons"])
    assert "encoder_confidence" in near["evidence"]["chance"]
    shown = runner.invoke(app, ["query", text, "--index", str(idx), "--closest"])
    assert shown.exit_code == 0 and "closest, not reported: a1" in shown.stdout and "why not:" in shown.stdout
    assert "\x1b" not in shown.stdout  # the article's title is escaped for the terminal
    # without --closest the contract is unchanged
    plain = json.loads(runner.invoke(app, ["query", text, "--index", str(idx), "--json"]).stdout)
    assert "closest" not in plain


def test_query_closest_leaves_out_what_was_reported(tmp_path: Path) -> None:
    idx = _index(tmp_path, ARTS)
    out = runner.invoke(app, ["query", ARTS[0]["text"], "--index", str(idx), "--closest", "--json"])
    data = json.loads(out.stdout)
    assert data["status"] == "copy" and data["matches"][0]["article"]["id"] == "a1"
    assert data["closest"] is None or data["closest"]["article"]["id"] != "a1"


def test_query_closest_shows_what_the_pair_shares_and_a_short_post_says_so(tmp_path: Path) -> None:
    """A trial saw "shares: , ," (the anchors' words were read from a key they do not have) and
    no closest line at all for a post too short to compare."""
    idx = _index(tmp_path, ARTS)
    text = "On Tuesday 150 countries sent exhibitors to the Shanghai expo, organisers said."
    out = runner.invoke(app, ["query", text, "--index", str(idx), "--closest"])
    assert out.exit_code == 0, out.output
    shares = [line for line in out.stdout.splitlines() if "shares:" in line]
    assert shares and "Shanghai" in shares[0] and ", ," not in shares[0]
    assert "cosines (before calibration): hash" in out.stdout
    short = runner.invoke(app, ["query", "lol", "--index", str(idx), "--closest"])
    assert short.exit_code == 0 and "closest: none looked for: too little text" in short.stdout


def test_an_article_dated_after_the_post_is_reported_and_flagged(tmp_path: Path) -> None:
    """DESIGN's contract: `source_first` is false when the article was published after the post.
    Such a copy is reported, not hidden: a trial's day-first dates ("02/12/2023") read
    month-first put the post ten months before its article, and fixtures date posts freely; the
    terminal and the summary say what the dates say."""
    arts = [dict(ARTS[0], published_at="2026-03-01T08:00:00Z")]
    idx = _index(tmp_path, arts)
    posts = write_jsonl(tmp_path / "p.jsonl", [
        {"id": "old", "created_at": "2023-10-01T08:00:00Z", "text": ARTS[0]["text"]},
        {"id": "hours", "created_at": "2026-02-28T20:00:00Z", "text": ARTS[0]["text"]},
        {"id": "after", "created_at": "2026-03-02T08:00:00Z", "text": ARTS[0]["text"]},
    ])
    out = runner.invoke(app, ["check", str(posts), "--index", str(idx)])
    assert out.exit_code == 0, out.output
    rows = {r["post"]["id"]: r for r in map(json.loads, out.stdout.splitlines())}
    assert {k: r["status"] for k, r in rows.items()} == {"old": "copy", "hours": "copy", "after": "copy"}
    assert {k: r["matches"][0]["source_first"] for k, r in rows.items()} == \
        {"old": False, "hours": False, "after": True}
    # the summary counts what is more than 2 days later: hours are time zones and feed updates
    assert "1 copy of an article dated more than 2 days after the post" in out.stderr
    shown = runner.invoke(app, ["query", ARTS[0]["text"], "--index", str(idx), "--date", "2023-10-01T08:00:00Z"])
    assert shown.exit_code == 0, shown.output
    assert "article dated 882 days after the post" in shown.stdout


def test_query_why_explains_the_article_the_user_names(tmp_path: Path) -> None:
    """Trial 14: --closest showed an unrelated article (the closest by confidences all near 0) and
    the copy the user expected could not be named. `--why ID` explains that article, candidate
    or not; says so where it is reported; refuses an id the index lacks in one line."""
    idx = _index(tmp_path, ARTS)
    text = "An import expo in Shanghai drew exhibitors from many countries, organisers said this week."
    out = runner.invoke(app, ["query", text, "--index", str(idx), "--why", "a2", "--json"])
    assert out.exit_code == 0, out.output
    why = json.loads(out.stdout)["why"]
    assert why["article"]["id"] == "a2" and why["reasons"] and "encoder_confidence" in why["evidence"]["chance"]
    shown = runner.invoke(app, ["query", text, "--index", str(idx), "--why", "a2"])
    assert shown.exit_code == 0 and "why not: a2 [cgtn]" in shown.stdout
    # under that head each reason is a "because:" (trial 29 read "why not:" twice)
    assert shown.stdout.count("why not:") == 1 and "   because: " in shown.stdout
    reported = runner.invoke(app, ["query", ARTS[0]["text"], "--index", str(idx), "--why", "a1"])
    assert reported.exit_code == 0 and "why not a1: it is reported (match 1, above)" in reported.stdout
    missing = runner.invoke(app, ["query", text, "--index", str(idx), "--why", "nope\x1b[31m"])
    assert missing.exit_code != 0 and "the index holds no article" in missing.output
    assert "Traceback" not in missing.output and "\x1b[31m" not in missing.output


def test_query_why_names_the_screen_when_the_rules_alone_would_report(tmp_path: Path, monkeypatch) -> None:
    """Trial 15: --why said "ranked below the matches shown (raise --top)" while no match was shown
    at all: the rules reported the pair examined alone, and the cascade (screen.py) had ruled the
    post out. The reason now says which: the screen, or another article in its place."""
    from dataclasses import replace as dc_replace

    from sourcetrace import nearmiss, pipeline
    from sourcetrace.cli import check_cmd
    from sourcetrace.records import Post

    idx = _index(tmp_path, ARTS)
    matcher = pipeline.open_matcher(idx)
    post = Post(text="An import expo in Shanghai drew exhibitors from many countries, organisers said.", id="q")
    result = matcher.check(post)
    near = nearmiss.closest(matcher.index, post, matcher.config, set(), article="a1")
    assert near is not None
    monkeypatch.setattr(nearmiss, "closest", lambda *a, **k: dc_replace(near, reasons=[nearmiss.REPORTED_IN_FULL]))
    full = matcher.check(Post(text=ARTS[0]["text"], id="q"))  # a check that reports a1
    monkeypatch.setattr(type(matcher), "check", lambda self, p: full)
    said = check_cmd._why(matcher, post, dc_replace(result, matches=[]), "a1")
    assert "cascade (screen.py)" in said.reasons[0]
    first = full.matches[0]  # a check that reports another article
    other = dc_replace(full, matches=[dc_replace(first, article=dc_replace(first.article, id="a2"))])
    monkeypatch.setattr(type(matcher), "check", lambda self, p: other)
    said = check_cmd._why(matcher, post, dc_replace(result, matches=[]), "a1")
    assert "not beside the post's other candidates" in said.reasons[0]
    # trial 118: reported, but beyond --top (a digest of more items than --top): says so
    crowd = [dc_replace(first, article=dc_replace(first.article, id=f"a{k}")) for k in (2, 3, 4)]
    beyond = dc_replace(full, matches=[*crowd, first])
    monkeypatch.setattr(type(matcher), "check", lambda self, p: beyond)
    said = check_cmd._why(matcher, post, dc_replace(result, matches=[]), "a1")
    assert said.reasons == [f"reported as match 4 of the post, beyond --top {matcher.config.top} (query --top 4 shows it)"]
    # trial 82: no article reported at all is no article "taking its place"
    monkeypatch.setattr(type(matcher), "check", lambda self, p: dc_replace(full, matches=[]))
    said = check_cmd._why(matcher, post, dc_replace(result, matches=[]), "a1")
    assert "reports no article" in said.reasons[0] and "takes its place" not in said.reasons[0]


def test_closest_names_the_article_the_screen_kept_out(tmp_path: Path, monkeypatch) -> None:
    """Trial 91: a retweet X cut short was no match; `--closest` named an unrelated article at
    confidence 0.00, while `--why` on the retweet's own article said the post examined in full
    reports it and the screen had ruled the post out. Where the full examination reports an
    article the check did not, `--closest` names it, with that reason; where it reports none,
    the closest is looked for as before."""
    from dataclasses import replace as dc_replace

    from sourcetrace import pipeline
    from sourcetrace.cli import check_cmd
    from sourcetrace.records import Post

    idx = _index(tmp_path, ARTS)
    matcher = pipeline.open_matcher(idx)
    post = Post(text="An import expo in Shanghai drew exhibitors from many countries, organisers said.", id="q")
    result = matcher.check(post)
    full = matcher.check(Post(text=ARTS[0]["text"], id="q"))  # examined in full: a1 reported
    monkeypatch.setattr(type(matcher), "check", lambda self, p: full)
    near = check_cmd._closest(matcher, post, dc_replace(result, matches=[]))
    top = full.matches[0]
    assert near.article.id == "a1" and near.reasons[0].startswith(check_cmd.SCREEN_MISS)
    # trial 92: what the full examination reports, and how sure it is, is said
    assert near.reasons[0].endswith(f"examined in full: {top.match_type}, confidence {top.confidence:.2f}")
    monkeypatch.setattr(type(matcher), "check", lambda self, p: dc_replace(full, matches=[]))
    near = check_cmd._closest(matcher, post, dc_replace(result, matches=[]))
    assert near is None or not near.reasons[0].startswith(check_cmd.SCREEN_MISS)


def test_why_names_an_encoder_the_posts_language_left_out() -> None:
    """Trial 29: an untagged English headline read as Tagalog was told only that e5 found it too far
    ("confidence e5 0.02"), while USE, at cosine 0.50, was left out for the language. The reason
    names the encoders left out, the language and where it came from."""
    from sourcetrace.nearmiss import _untrusted

    said = _untrusted({"use": 0.50, "e5": 0.80}, {"e5": 0.02}, "tl", tagged=False)
    assert said == [("use may not decide for a post in 'tl' (read from the text; --lang sets the language"
                     " where that is wrong), so only e5 counted")]
    assert "(the post's tag;" in _untrusted({"use": 0.5, "e5": 0.8}, {"e5": 0.02}, "sw", tagged=True)[0]
    assert _untrusted({"use": 0.5, "e5": 0.8}, {"use": 0.3, "e5": 0.02}, "en", tagged=False) == []
    assert _untrusted({"use": 0.5}, {}, None, tagged=False) == []


def test_a_title_over_several_lines_is_shown_on_one() -> None:
    """Trial 120: --why printed a title written over lines as 'Floods\\x0a\\x0aSomalia'."""
    from sourcetrace.cli.check_cmd import format_closest
    from sourcetrace.nearmiss import NearMiss
    from sourcetrace.records import Article

    article = Article(id="a1", text="body", title="Floods\n\nin Somalia\x1b[31m", outlet="xinhua")
    shown = format_closest(NearMiss(article, ["a reason"], {}, {}, 0.0, []), label="why not")
    assert '"Floods in Somalia' in shown and "\\x0a" not in shown and "\x1b" not in shown
