"""One command reads an item twice with other text (same id or URL): the latest version is
indexed, by date where both have one, else the later read. Trial 110: `index build feeds/w1
feeds/w2` kept week 1's text of two items week 2 corrected, and advised a rebuild."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from sourcetrace import index as ix
from sourcetrace.cli.main import app
from sourcetrace.records import Article
from sourcetrace.sources.versions import Versions, latest_versions

runner = CliRunner()


def art(ident: str, text: str, date: str | None = None, url: str | None = None) -> Article:
    return Article(text=text, id=ident, url=url, published_at=date)


def latest(*articles: Article) -> tuple[list[Article], Versions]:
    report = Versions()
    return list(latest_versions(articles, report)), report


def test_the_later_read_wins_when_dates_do_not_say_otherwise() -> None:
    kept, report = latest(art("a", "old text"), art("b", "other"), art("a", "new text"))
    assert [(a.id, a.text) for a in kept] == [("b", "other"), ("a", "new text")]
    assert report.replaced == [("a", "a")] and report.kept_earlier == 0


def test_a_version_dated_later_wins_whatever_the_order() -> None:
    newer = art("a", "corrected", "2026-11-24T12:00:00+03:00")
    older = art("a", "first", "2026-11-24T08:00:00+03:00")
    kept, report = latest(newer, older)
    assert [a.text for a in kept] == ["corrected"] and report.kept_earlier == 1
    kept, report = latest(older, newer)
    assert [a.text for a in kept] == ["corrected"] and report.kept_earlier == 0


def test_same_url_under_another_id_is_the_same_item_and_same_text_is_left_to_the_index() -> None:
    kept, report = latest(art("x1", "one", url="https://rt.com/1"), art("x2", "two", url="https://rt.com/1"))
    assert [a.id for a in kept] == ["x2"] and report.replaced == [("x1", "x2")]
    kept, report = latest(art("a", "same"), art("a", "same"))
    assert len(kept) == 2 and not report.replaced  # the index counts it "already indexed"


def feed(title: str, text: str, date: str) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>RT</title>'
            "<link>https://russian.rt.com</link><language>ru</language>"
            f"<item><title>{title}</title><link>https://russian.rt.com/business/news/1234502-zerno</link>"
            f"<pubDate>{date}</pubDate><description>{text}</description></item></channel></rss>")


def test_build_from_two_weeks_indexes_the_corrected_text_and_says_so(tmp_path: Path) -> None:
    w1 = tmp_path / "w1.rss"
    w1.write_text(feed("Собрали 148 млн тонн зерна", "Урожай зерна в России составил 148 млн тонн, заявил министр.",
                       "Tue, 24 Nov 2026 12:40:00 +0300"), "utf-8")
    w2 = tmp_path / "w2.rss"
    w2.write_text(feed("Собрали 150 млн тонн зерна", "Урожай зерна в России составил 150 млн тонн по уточнённым"
                       " данным, заявила министр.", "Tue, 24 Nov 2026 12:40:00 +0300"), "utf-8")
    path = tmp_path / "idx"
    result = runner.invoke(app, ["index", "build", str(w1), str(w2), "--index", str(path), "--encoder", "none"])
    assert result.exit_code == 0, result.output
    assert "1 item was read twice with other text" in result.stderr
    assert "rebuild" not in result.stderr
    index = ix.Index.open(path)
    try:
        assert index.stats()["counts"]["articles"] == 1
    finally:
        index.close()
    texts = [t for t in _texts(path)]
    assert len(texts) == 1 and "150 млн тонн" in texts[0]


def _texts(path: Path) -> list[str]:
    import sqlite3

    [store] = sorted(path.glob("store-*.sqlite"))
    with sqlite3.connect(store) as conn:
        return [row[0] for row in conn.execute("SELECT text FROM articles")]


def test_add_of_a_corrected_item_keeps_the_indexed_one_and_advises_a_rebuild_that_works(tmp_path: Path) -> None:
    w1 = tmp_path / "w1.rss"
    w1.write_text(feed("Собрали 148 млн тонн зерна", "Урожай зерна составил 148 млн тонн.",
                       "Tue, 24 Nov 2026 12:40:00 +0300"), "utf-8")
    w2 = tmp_path / "w2.rss"
    w2.write_text(feed("Собрали 150 млн тонн зерна", "Урожай зерна составил 150 млн тонн.",
                       "Tue, 24 Nov 2026 12:40:00 +0300"), "utf-8")
    path = tmp_path / "idx"
    assert runner.invoke(app, ["index", "build", str(w1), "--index", str(path), "--encoder", "none"]).exit_code == 0
    result = runner.invoke(app, ["index", "add", str(w2), "--index", str(path)])
    assert result.exit_code == 0, result.output
    assert "kept as indexed" in result.stderr
    assert "index build --replace" in result.stderr and "corrected ones given after the older" in result.stderr
    result = runner.invoke(app, ["index", "build", str(w1), str(w2), "--index", str(path), "--encoder", "none",
                                 "--replace"])
    assert result.exit_code == 0 and "150 млн" in _texts(path)[0]
