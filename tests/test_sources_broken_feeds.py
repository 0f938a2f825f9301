"""What `index build` says of broken feed files (trial 110): a gzip file saved as .rss is read
(as post files are), a truncated feed says what it kept, an empty feed is named, and the closing
line tells files not read from bad records."""

from __future__ import annotations

import gzip
from pathlib import Path

from typer.testing import CliRunner

from sourcetrace.cli.main import app
from sourcetrace.readers import Problem
from sourcetrace.sources import parse_feed

runner = CliRunner()


def item(n: int) -> str:
    return (f"<item><title>Новость {n} о погоде</title><link>https://russian.rt.com/news/{n}</link>"
            f"<description>Текст новости номер {n}: в Москве выпал снег, сообщили синоптики.</description></item>")


def rss(*items: str) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>RT</title>'
            "<link>https://russian.rt.com</link>\n" + "\n".join(items) + "\n</channel></rss>\n")


def build(tmp_path: Path, *files: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["index", "build", *map(str, files), "--index", str(tmp_path / "idx"),
                                 "--encoder", "none"])
    return result.exit_code, result.stderr


def test_gzip_saved_as_rss_is_read(tmp_path: Path) -> None:
    feed = tmp_path / "feed.rss"
    feed.write_bytes(gzip.compress(rss(item(1), item(2)).encode()))
    code, said = build(tmp_path, feed)
    assert code == 0, said
    assert "indexed 2 articles" in said
    assert "encoding" not in said and "control characters" not in said and "well-formed" not in said


def test_a_plain_feed_named_gz_is_said_to_be_no_gzip(tmp_path: Path) -> None:
    feed = tmp_path / "feed.rss.gz"
    feed.write_text(rss(item(1)), "utf-8")
    code, said = build(tmp_path, feed)
    assert code == 1 and "not a gzip file, though its name ends in .gz" in said


def test_a_truncated_feed_says_what_it_kept_and_counts_the_entry_lost() -> None:
    text = rss(item(1), item(2), item(3))
    data = text[: text.index("<item><title>Новость 3") + 40].encode()
    problems: list[Problem] = []
    articles = list(parse_feed(data, "cut.rss", problems.append))
    assert len(articles) == 2
    note, lost = problems
    assert note.kind == "note" and "2 entries before this line read and kept" in note.reason
    assert lost.kind == "skipped" and lost.reason.startswith("entry 3: cut short")


def test_empty_feeds_are_named_and_files_not_read_are_not_bad_records(tmp_path: Path) -> None:
    good = tmp_path / "good.rss"
    good.write_text(rss(item(1)), "utf-8")
    empty = tmp_path / "empty.rss"
    empty.write_text(rss(), "utf-8")
    zero = tmp_path / "zero.rss"
    zero.write_bytes(b"")
    page = tmp_path / "page.rss"
    page.write_text("<html><body><p>Just a moment...</p><br></body></html>", "utf-8")
    code, said = build(tmp_path, good, empty, zero, page)
    assert code == 0, said
    assert f"{empty}: a feed with no entries" in said
    assert f"{zero}: an empty file" in said
    assert "0 bad records skipped, 2 sources not read (said above)" in said
    # alone, the empty feed is named before the error
    code, said = build(tmp_path / "other", empty)
    assert code == 1 and f"{empty}: a feed with no entries" in said and "no articles to index" in said
