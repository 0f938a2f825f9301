"""Trial 124: a second article at a page's URL plus a fragment ("index2.html#cinema", the second
item of a listing page whose first item is indexed at "index2.html") was counted "already
indexed" and never indexed, and the note advised relabelling gold "a2 as a1", another article.
Trial 122 made URLs compare without tracking parameters and fragments, so that a feed's
"?utm_source=rss" copy of an indexed story is not stored twice; that still holds. A URL that is
the same only without its fragment is the page's only where the texts are one story
(`store.same_story`); else the article is indexed, and one note names it."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcetrace import index as ix
from sourcetrace.index.store import same_story
from sourcetrace.records import Article

PAGE = "http://portuguese.people.com.cn/309811/518113/518115/index2.html"
INVEST = "Os investimentos chineses no Brasil cresceram 33% em 2023 e atingiram US$ 1,73 bilhão."
CINEMA = "O 3o Festival de Cinema China-Brasil foi realizado no Rio de Janeiro com 14 filmes."
HEADLINE = "Investimentos chineses no Brasil crescem 33% em 2023"


def art(id_: str, url: str | None, text: str, title: str | None = None) -> Article:
    return Article.from_dict({"id": id_, "outlet": "peoplesdaily", "lang": "pt", "url": url, "title": title,
                              "text": text})


def test_another_story_at_the_page_url_plus_a_fragment_is_indexed(tmp_path: Path) -> None:
    """The trial's reproducer (frag.jsonl): both items are indexed, the second named in a note."""
    stats = ix.build(tmp_path / "i", [art("a1", PAGE, INVEST), art("a2", PAGE + "#cinema", CINEMA)], encoder="hash")
    assert (stats.added, stats.duplicates, stats.changed) == (2, 0, 0)
    assert stats.merged == []  # no advice to relabel a2 as a1
    assert stats.beside == [("a2", "a1")]


def test_the_page_without_the_fragment_after_a_section_is_indexed(tmp_path: Path) -> None:
    path = tmp_path / "i"
    ix.build(path, [art("a2", PAGE + "#cinema", CINEMA)], encoder="hash")
    stats = ix.add(path, [art("a1", PAGE, INVEST)])
    assert (stats.added, stats.duplicates, stats.merged, stats.beside) == (1, 0, [], [("a1", "a2")])


@pytest.mark.parametrize(("text", "title", "kind"), [
    (INVEST, None, 0),  # the same text
    ("Os investimentos da China no Brasil subiram 33% em 2023.", HEADLINE, 1),  # same headline, edited
    (INVEST + " Os dados são do Conselho Empresarial Brasil-China.", None, 1),  # near the same text
])
def test_one_story_at_the_page_url_plus_a_fragment_is_the_page_s(
        tmp_path: Path, text: str, title: str | None, kind: int) -> None:
    path = tmp_path / "i"
    ix.build(path, [art("a1", PAGE, INVEST, HEADLINE if title else None)], encoder="hash")
    stats = ix.add(path, [art("copy", PAGE + "#top", text, title)])
    assert (stats.added, stats.duplicates, stats.changed) == (0, 1, kind)
    assert stats.merged == [("copy", "a1")]
    assert (stats.beside, stats.other_story) == ([], [])


@pytest.mark.parametrize("url", [PAGE + "?utm_source=rss&utm_medium=rss", PAGE + "?fbclid=IwAR0"])
def test_a_tracking_parameter_copy_still_dedupes(tmp_path: Path, url: str) -> None:
    path = tmp_path / "i"
    ix.build(path, [art("a1", PAGE, INVEST)], encoder="hash")
    stats = ix.add(path, [art("feed", url, INVEST)])
    assert (stats.added, stats.duplicates, stats.merged, stats.beside) == (0, 1, [("feed", "a1")], [])


def test_no_relabelling_advice_for_another_story_at_the_same_url(tmp_path: Path) -> None:
    """One URL holds one article (an edited version is kept as indexed), but a text that is
    another story is no reason to relabel gold: the "edited" note names it, not the merge note."""
    path = tmp_path / "i"
    ix.build(path, [art("a1", PAGE, INVEST)], encoder="hash")
    stats = ix.add(path, [art("a2", PAGE, CINEMA)])
    assert (stats.added, stats.duplicates, stats.changed) == (0, 1, 1)
    assert stats.merged == [("a2", "a1")] and stats.other_story == ["a2"]
    assert stats.edited == ["a2 (indexed as a1)"]


def test_same_story() -> None:
    assert same_story(INVEST, f"  {INVEST}\n")
    assert same_story(f"{HEADLINE}\n\n{INVEST}", f"{HEADLINE}\n\nOutro texto, editado.")
    assert same_story(INVEST, INVEST + " Os dados são do Conselho Empresarial Brasil-China.")
    assert not same_story(INVEST, CINEMA)
    assert not same_story("Brasil\n\n" + INVEST, "Brasil\n\n" + CINEMA)  # a one-word first line is no headline


def test_the_notes_say_what_happened(capsys: pytest.CaptureFixture[str]) -> None:
    from sourcetrace.cli.common import ProblemCounter
    from sourcetrace.cli.index_cmd import _report

    stats = ix.WriteStats(added=2, beside=[("a2", "a1")])
    _report(stats, ProblemCounter(), False, "indexed", Path("idx"))
    err = capsys.readouterr().err
    assert "a2 (beside a1)" in err and "relabel" not in err and "should name" not in err
    stats = ix.WriteStats(duplicates=2, changed=1, merged=[("b2", "b1"), ("c2", "c1")], other_story=["c2"],
                          edited=["c2 (indexed as c1)"])
    _report(stats, ProblemCounter(), False, "indexed", Path("idx"))
    err = capsys.readouterr().err
    assert "b2 as b1" in err and "c2 as c1" not in err and "c2 (indexed as c1)" in err
