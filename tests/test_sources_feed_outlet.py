"""The outlet of a feed entry whose own link names none: the feed's own domain (channel <link>,
Atom feed link); articles left with no outlet said in one line by `index build`/`add`
(trial 110: "no outlet given 22" in `index stats`, nothing said when indexing)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from sourcetrace.cli.main import app
from sourcetrace.readers import Problem
from sourcetrace.sources import parse_feed

runner = CliRunner()


def rss(channel_link: str, *items: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>RT</title>'
            f"<link>{channel_link}</link><language>ru</language>\n" + "\n".join(items)
            + "\n</channel></rss>\n").encode()


def item(body: str, number: int) -> str:
    return (f"<item><title>Новость номер {number} о снегопаде</title>{body}<description>В Санкт-Петербурге"
            f" выпало рекордное количество снега, сообщили синоптики в сообщении {number}.</description></item>")


def parsed(data: bytes, outlet: str | None = None) -> tuple[list, list[Problem]]:
    problems: list[Problem] = []
    return list(parse_feed(data, "feed.xml", problems.append, outlet=outlet)), problems


def test_an_entry_without_a_link_takes_the_feeds_outlet() -> None:
    articles, problems = parsed(rss(
        "https://russian.rt.com",
        item("", 1),  # no link, no guid
        item('<guid isPermaLink="false">rt-ru-1700106</guid>', 2),  # a guid, no link
        item("<link>https://russian.rt.com/russia/news/3.html</link>", 3),
    ))
    assert not problems
    assert [a.outlet for a in articles] == ["rt", "rt", "rt"]
    assert articles[1].id == "rt:rt-ru-1700106"


def test_the_entrys_own_link_and_the_callers_outlet_come_first() -> None:
    data = rss("https://russian.rt.com", item("<link>https://www.xinhuanet.com/a.htm</link>", 1), item("", 2))
    articles, _ = parsed(data)
    assert [a.outlet for a in articles] == ["xinhua", "rt"]
    articles, _ = parsed(data, outlet="sputnik")
    assert [a.outlet for a in articles] == ["sputnik", "sputnik"]


def test_atom_feed_link_is_the_fallback() -> None:
    atom = (b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>CGTN</title>'
            b'<link rel="alternate" href="https://espanol.cgtn.com/"/><id>urn:cgtn</id>'
            b"<entry><title>Una noticia</title><id>urn:1</id><updated>2026-11-18T12:00:00+08:00</updated>"
            b"<summary>El Consejo de Estado se reuni\xc3\xb3 el viernes.</summary></entry></feed>")
    [article], _ = parsed(atom)
    assert article.outlet == "cgtn"


def test_a_feed_of_an_unknown_domain_leaves_no_outlet_and_build_says_so(tmp_path: Path) -> None:
    feed = tmp_path / "unknown.rss"
    feed.write_bytes(rss("https://noticias.example.org", item("<link>https://noticias.example.org/1.html</link>", 1),
                         item("<link>https://noticias.example.org/2.html</link>", 2)))
    known = tmp_path / "rt.rss"
    known.write_bytes(rss("https://russian.rt.com", item("", 3)))
    result = runner.invoke(app, ["index", "build", str(feed), str(known), "--index", str(tmp_path / "idx"),
                                 "--encoder", "none"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if "no outlet" in line]
    assert len(lines) == 1
    assert lines[0].startswith("warning: 2 articles read with no outlet")
    assert f"{feed} 2" in lines[0] and str(known) not in lines[0]
    assert "--outlet ID" in lines[0]
    # given --outlet, nothing is said
    result = runner.invoke(app, ["index", "build", str(feed), "--index", str(tmp_path / "idx2"),
                                 "--encoder", "none", "--outlet", "sputnik"])
    assert result.exit_code == 0 and "no outlet" not in result.stderr


def test_an_atom_entry_without_a_link_has_no_url() -> None:
    """Trial 111: an Atom entry with no <link> was stored with its id, 'urn:rt:1', as its URL."""
    atom = (b'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>RT</title>'
            b'<link href="https://www.rt.com/" rel="alternate"/><id>urn:rt:feed</id>'
            b"<updated>2026-11-20T10:00:00Z</updated><entry><title>Russia and Belarus sign a rail deal</title>"
            b"<id>urn:rt:1</id><updated>2026-11-20T10:00:00Z</updated><content type=\"text\">Russia and Belarus"
            b" signed an agreement on Wednesday to build a 162-kilometre railway line.</content></entry></feed>\n")
    (article,), _ = parsed(atom)
    assert (article.id, article.outlet, article.url) == ("rt:urn:rt:1", "rt", None)
