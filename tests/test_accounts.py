"""Per-account view of a check: counts, shares, ranking, near-identical copies across accounts, CLI."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sourcetrace import accounts as acc
from sourcetrace.cli.main import app
from sourcetrace.errors import InputError

from .conftest import write_jsonl

runner = CliRunner()
STATE = {"xinhua", "cgtn", "rt"}


def state_of(outlet: str | None) -> bool:
    return outlet in STATE


def post(pid: str, author: str | None, article: str | None = None, outlet: str | None = "xinhua", *,
         status: str | None = "unattributed", span: tuple[int, int] = (0, 100), match_type: str = "verbatim",
         created_at: str | None = "2024-03-02T10:00:00Z", lang: str = "es", text: str | None = None) -> dict[str, Any]:
    record: dict[str, Any] = {
        "post": {"id": pid, "author": author, "platform": "x", "url": None, "created_at": created_at, "lang": lang},
        "status": "no_match", "matches": [],
    }
    if text is not None:
        record["post"]["text"] = text
    if article is not None:
        match: dict[str, Any] = {
            "article": {"id": article, "outlet": outlet}, "match_type": match_type, "confidence": 0.9,
            "signals": {}, "spans": [{"post": [0, 10], "article": list(span)}], "source_first": True,
        }
        if status is not None:
            match["attribution"] = {"status": status, "credited": None, "evidence": []}
        record["status"] = "copy"
        record["matches"] = [match]
    return record


def tally(records: list[dict[str, Any]], texts: dict[str, str] | None = None) -> acc.AccountTally:
    t = acc.AccountTally(state_of)
    for r in records:
        t.add(r, (texts or {}).get(r["post"]["id"]))
    return t


def by_name(t: acc.AccountTally) -> dict[str, dict[str, Any]]:
    return {a["account"]: a for a in t.to_dict()["accounts"]}


def test_counts_shares_outlets_and_dates():
    t = tally([
        post("1", "ana", "x1", created_at="2024-03-05T10:00:00+08:00"),
        post("2", "ana", "x2", status="evasive", created_at="2024-03-01T23:00:00-05:00"),
        post("3", "ana", "r1", outlet="reuters", status="unattributed"),  # not state media
        post("4", "ana", "c1", outlet="cgtn", status="attributed"),
        post("5", "ana"),  # no match
    ])
    a = by_name(t)["ana"]
    assert (a["posts"], a["copies"], a["state_copies"]) == (5, 4, 3)
    assert a["state_copy_share"] == 0.6
    assert (a["unattributed"], a["evasive"], a["attributed"]) == (1, 1, 1)
    assert a["unattributed_share"] == round(1 / 3, 4) and a["evasive_share"] == round(1 / 3, 4)
    assert a["top_outlets"][0] == {"outlet": "xinhua", "copies": 2}
    assert a["first_copy"] == "2024-03-01T23:00:00-05:00"  # compared as instants, not strings
    assert a["last_copy"] == "2024-03-05T10:00:00+08:00"
    assert a["platforms"] == {"x": 5}


def test_an_article_without_outlet_is_named_as_in_checks_summary(tmp_path: Path):
    """Trial 92: `accounts` listed top outlets as "xinhua 2, ? 1" for a copy of an article indexed
    without an outlet; it says what check's summary says."""
    from sourcetrace.results import NO_OUTLET

    rows = [post("1", "ana", "x1"), post("2", "ana", "x2"), post("3", "ana", "n1", outlet=None)]
    assert by_name(tally(rows))["ana"]["top_outlets"] == [
        {"outlet": "xinhua", "copies": 2}, {"outlet": NO_OUTLET, "copies": 1}]
    res = runner.invoke(app, ["accounts", str(write_jsonl(tmp_path / "r.jsonl", rows))], terminal_width=200)
    assert res.exit_code == 0, res.output
    assert f"xinhua 2, {NO_OUTLET} 1" in res.stdout and "? 1" not in res.stdout
    # counted as state media (the index is taken to hold it), and said so (trial 93)
    assert f"1 copy of articles with {NO_OUTLET} counted as state media" in res.stdout
    res = runner.invoke(app, ["accounts", str(write_jsonl(tmp_path / "r.jsonl", rows)), "--json"])
    assert json.loads(res.stdout)["no_outlet_state_copies"] == 1
    named = runner.invoke(app, ["accounts", str(write_jsonl(tmp_path / "n.jsonl", rows[:2]))], terminal_width=200)
    assert "counted as state media" not in named.stdout


def test_an_outlet_id_the_registry_reads_as_another_is_counted_as_that_one():
    """Trial 94: articles indexed as 'cns' and 'chinanews' (which `index build` says it reads as
    'cns') were counted as two outlets, "cns 3, chinanews 1", in check's summary."""
    from sourcetrace.results import outlet_label

    assert outlet_label("chinanews") == "cns" and outlet_label("cns") == "cns"
    assert outlet_label("euronews-en") == "euronews"
    assert outlet_label("my-own-blog") == "my-own-blog"  # the registry knows none: as given
    rows = [post("1", "ana", "c1", outlet="cns"), post("2", "ana", "c2", outlet="chinanews")]
    assert by_name(tally(rows))["ana"]["top_outlets"] == [{"outlet": "cns", "copies": 2}]


def test_ranking_most_unattributed_state_copies_first():
    t = tally([
        post("1", "quiet", "x1", status="attributed"),
        post("2", "loud", "x1"), post("3", "loud", "x2"),
        post("4", "sly", "x3", status="evasive"), post("5", "sly", "x4", status="evasive"),
        post("6", "wire", "r1", outlet="reuters"), post("7", "wire", "r2", outlet="reuters"),
        post("8", None, "x5"),
    ])
    order = [a.account for a in t.accounts()]
    assert order[:3] == ["loud", acc.NO_AUTHOR, "sly"]
    assert order.index("wire") > order.index("quiet")  # non-state copies do not rank


def test_a_handle_with_or_without_at_and_in_any_case_is_one_account():
    """Trial 108: a CSV tool's "@economia_oriente" and the JSON export's "economia_oriente" were
    two accounts. A handle is compared without its "@" and case; a Mastodon handle keeps its
    host; a display name (with spaces) is compared as written, its spaces read as one."""
    t = tally([
        post("1", "@economia_oriente", "x1"), post("2", "economia_oriente", "x2"),
        post("3", "@Economia_Oriente", "x3", status="evasive"),
        post("4", "@ana@mastodon.social", "x4"), post("5", "ana@Mastodon.social", "x5"),
        post("6", "@ana@other.example", "x6"),
        post("7", "Economía  Oriente", "x7"), post("8", " Economía Oriente", "x8"), post("9", "economía oriente", "x9"),
    ])
    accounts = by_name(t)
    assert set(accounts) == {"@economia_oriente", "@ana@mastodon.social", "@ana@other.example",
                             "Economía  Oriente", "economía oriente"}  # each named as first seen
    assert (accounts["@economia_oriente"]["posts"], accounts["@economia_oriente"]["evasive"]) == (3, 1)
    assert accounts["@ana@mastodon.social"]["posts"] == 2 and accounts["@ana@other.example"]["posts"] == 1
    assert accounts["Economía  Oriente"]["posts"] == 2 and accounts["economía oriente"]["posts"] == 1
    assert [acc.account_key(a) for a in ("@PDChina", "pdchina", "@人民日报", "人民日报", "  ", None)] \
        == ["pdchina", "pdchina", "人民日报", "人民日报", acc.NO_AUTHOR, acc.NO_AUTHOR]
    # a handle typed in full-width forms is the handle (trial 109 counted "＠handle" as another)
    assert [acc.account_key(a) for a in ("＠Economia_Oriente", "＠ｅｃｏｎｏｍｉａ＿ｏｒｉｅｎｔｅ", "﹫economia_oriente",
                                         "＠人民日报")] == ["economia_oriente"] * 3 + ["人民日报"]


def test_copies_shared_within_one_account_written_two_ways_are_not_shared():
    """The near-identical copies of "@economia_oriente" and "economia_oriente" (trial 108) are one
    account's, not copies shared with another account."""
    text = "A China iniciou a construção da maior usina de energia solar offshore do mundo em Shandong."
    t = tally([post("1", "@economia_oriente", "x1", text=text), post("2", "economia_oriente", "x1", text=text),
               post("3", "outro", "x1", text=text)])
    accounts = by_name(t)
    assert accounts["@economia_oriente"]["shared_with"] == [{"account": "outro", "copies": 2}]
    assert t.pairs() == [{"accounts": ["@economia_oriente", "outro"], "shared_copies": 1}]


def test_missing_attribution_counts_as_not_analysed():
    a = by_name(tally([post("1", "ana", "x1", status=None)]))["ana"]
    assert a["not_analysed"] == 1 and a["unattributed"] == 0


def test_near_identical_texts_are_shared_across_accounts():
    base = "El comercio bilateral entre China y España creció un 12 por ciento en el primer trimestre del año."
    texts = {
        "1": base + " https://t.co/aaa",
        "2": "🔥 " + base + " via @someone",
        "3": base,
        "4": "Las exportaciones chinas a España subieron en los primeros meses, según datos oficiales publicados hoy.",
        "5": base,  # same account as 3: not "shared" by itself
    }
    t = tally([post("1", "a", "x1"), post("2", "b", "x1"), post("3", "c", "x1"),
               post("4", "d", "x1"), post("5", "c", "x1"), post("6", "e", "x2")], texts)
    stats = by_name(t)
    assert stats["a"]["shared_copies"] == 1 and {s["account"] for s in stats["a"]["shared_with"]} == {"b", "c"}
    assert stats["c"]["shared_copies"] == 2
    assert stats["d"]["shared_copies"] == 0 and stats["e"]["shared_copies"] == 0
    pairs = {tuple(p["accounts"]): p["shared_copies"] for p in t.pairs()}
    assert pairs[("a", "b")] == 1 and ("a", "d") not in pairs


def test_without_texts_the_same_passage_counts():
    t = tally([
        post("1", "a", "x1", span=(100, 300)),
        post("2", "b", "x1", span=(110, 300)),  # nearly the same passage
        post("3", "c", "x1", span=(500, 700)),  # another passage of the same article
        post("4", "d", "x1", span=(100, 300), lang="fr"),  # same passage, another language
        post("5", "e", "x9", span=(100, 300)),  # same offsets, another article
    ])
    stats = by_name(t)
    assert stats["a"]["shared_with"] == [{"account": "b", "copies": 1}]
    assert [stats[n]["shared_copies"] for n in "cde"] == [0, 0, 0]


def test_text_from_the_report_itself_is_used():
    same = "Una frase copiada palabra por palabra de la agencia estatal que nadie cita nunca."
    t = tally([post("1", "a", "x1", span=(0, 10), text=same), post("2", "b", "x1", span=(500, 900), text=same)])
    assert by_name(t)["a"]["shared_copies"] == 1


def test_large_groups_fall_back_to_exact_duplicates(monkeypatch):
    monkeypatch.setattr(acc, "MAX_PAIRWISE", 2)
    t = tally([post(str(i), f"u{i}", "x1", span=(i * 1000, i * 1000 + 200)) for i in range(5)]
              + [post("dup", "z", "x1", span=(0, 200))])
    stats = by_name(t)
    assert stats["z"]["shared_with"] == [{"account": "u0", "copies": 1}]
    assert stats["u1"]["shared_copies"] == 0


def test_span_overlap():
    assert acc._span_overlap([(0, 100)], [(0, 100)]) == 1.0
    assert acc._span_overlap([(0, 100)], [(50, 150)]) == pytest.approx(50 / 150)
    assert acc._span_overlap([(0, 50), (40, 100)], [(0, 100)]) == 1.0
    assert acc._span_overlap([], [(0, 10)]) == 0.0


def test_state_media_from_the_registry():
    assert acc.is_state_media("xinhua") is True
    assert acc.is_state_media("reuters") is False  # listed, state = false
    assert acc.is_state_media("some-outlet-nobody-listed") is True
    # an id read as a registry outlet, as attribution and `index build` read it (trial 74)
    assert acc.is_state_media("euronews-en") is False and acc.is_state_media("shanghaidaily") is True
    assert acc.is_state_media(None) is True


def test_read_report_skips_bad_lines_and_reads_gzip(tmp_path: Path):
    path = tmp_path / "r.jsonl.gz"
    lines = [json.dumps(post("1", "a", "x1")), "{broken", "[1]", json.dumps({"status": "copy"}), "",
             json.dumps(post("2", "b"))]
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    problems: list[Any] = []
    records = list(acc.read_report([path], problems.append))
    assert [r["post"]["id"] for r in records] == ["1", "2"]
    assert [(p.line, p.reason.split(" (")[0]) for p in problems] == [
        (2, "invalid JSON"), (3, "not a JSON object"), (4, "missing 'post' object")]
    with pytest.raises(InputError, match="no such file"):
        list(acc.read_report([tmp_path / "missing.jsonl"], problems.append))


@pytest.mark.parametrize("n", [1, 3, 179])
def test_a_file_of_posts_is_not_a_report_in_one_line(tmp_path: Path, n: int):
    # `accounts posts.jsonl` instead of the check's output: one error, not a skipped line each
    path = tmp_path / "posts.jsonl"
    path.write_text("".join(json.dumps({"id": str(i), "text": "hola"}) + "\n" for i in range(n)))
    problems: list[Any] = []
    with pytest.raises(InputError, match="not the output of `sourcetrace check`"):
        list(acc.read_report([path], problems.append))
    assert problems == []


def test_a_file_of_mixed_bad_lines_is_not_a_report_and_both_commands_fail(tmp_path: Path):
    """Seventh trial: `accounts bad/malformed.jsonl` (posts, broken JSON, an array, a string)
    printed an empty table and exited 0."""
    path = tmp_path / "malformed.jsonl"
    path.write_text('{"id":"1","text":"ok post"}\n{"id":"2","text":"broken\n{"id":3,"text":["list"]}\n'
                    '[1,2,3]\n"just a string"\n{"id":"4","text":null}\n')
    for args in (["accounts", str(path)], ["export", str(path), "--sqlite", str(tmp_path / "x.db")]):
        res = runner.invoke(app, args)
        assert res.exit_code == 1, res.output
        assert "not the output of `sourcetrace check` (none of its first 5 lines is a result" in res.output
        assert len(res.output.strip().splitlines()) == 1
    assert not (tmp_path / "x.db").exists()


def test_an_empty_report_is_said_to_be_empty(tmp_path: Path):
    """Eighth trial: an empty file gave an empty table (accounts) and a run of 0 posts (export)
    without a word. `check` of no posts writes such a file too, so it is said, not refused."""
    path = tmp_path / "empty.jsonl"
    path.write_text("")
    for args in (["accounts", str(path)], ["export", str(path), "--sqlite", str(tmp_path / "x.db")]):
        res = runner.invoke(app, args)
        assert res.exit_code == 0, res.output
        assert "holds no results (an empty report" in res.output


# ---- CLI ----------------------------------------------------------------------------------

@pytest.fixture
def report_file(tmp_path: Path) -> Path:
    rows = [post("1", "ana", "x1"), post("2", "ana", "x2", status="evasive"), post("3", "ben", "x1"),
            post("4", "ben"), post("5", "[bold]markup[/bold]", "r1", outlet="reuters")]
    path = write_jsonl(tmp_path / "report.jsonl", rows)
    with path.open("a") as fh:
        fh.write("not json\n")
    return path


def test_accounts_command_json(report_file: Path, tmp_path: Path):
    res = runner.invoke(app, ["accounts", str(report_file), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    names = [a["account"] for a in data["accounts"]]
    assert names[:2] == ["ana", "ben"] or names[:2] == ["ben", "ana"]
    assert data["skipped_records"] == 1 and f"{report_file}:6: invalid JSON — skipped" in res.stderr
    assert data["pairs"] and data["pairs"][0]["accounts"] == ["ana", "ben"]
    assert "near_identical" in data["notes"]


def test_accounts_command_table_and_posts_option(report_file: Path, tmp_path: Path):
    posts = write_jsonl(tmp_path / "posts.jsonl", [
        {"id": "1", "text": "Texto uno completamente distinto del otro, con muchas palabras propias aquí."},
        {"id": "3", "text": "Otra cosa: nada que ver con el primero, ni una sola frase en común."},
    ])
    res = runner.invoke(app, ["accounts", str(report_file), "--posts", str(posts)])
    assert res.exit_code == 0, res.output
    assert "ana" in res.stdout and "ben" in res.stdout and "[bold]markup[/bold]" in res.stdout
    assert "accounts posting the same copies" not in res.stdout  # texts differ: not near-identical
    plain = runner.invoke(app, ["accounts", str(report_file)])
    assert "ana + ben: 1 near-identical copy" in plain.stdout


def test_accounts_command_missing_file_is_one_line(tmp_path: Path):
    res = runner.invoke(app, ["accounts", str(tmp_path / "nope.jsonl")])
    assert res.exit_code == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "no such file" in lines[0]


def test_accounts_reads_a_report_on_stdin_even_twice(report_file: Path, tmp_path: Path):
    """Trial 20: `cat res.jsonl | sourcetrace accounts -` and `accounts <(...)` said "no such
    file". A report on stdin or from a pipe is read; with --posts (two passes) it is copied first."""
    posts = write_jsonl(tmp_path / "posts.jsonl", [
        {"id": "1", "text": "Texto uno completamente distinto del otro, con muchas palabras propias aquí."},
        {"id": "3", "text": "Otra cosa: nada que ver con el primero, ni una sola frase en común."},
    ])
    from_file = runner.invoke(app, ["accounts", str(report_file), "--posts", str(posts), "--json"])
    piped = runner.invoke(app, ["accounts", "-", "--posts", str(posts), "--json"], input=report_file.read_text())
    assert piped.exit_code == 0, piped.output
    assert json.loads(piped.stdout)["accounts"] == json.loads(from_file.stdout)["accounts"]
    once = runner.invoke(app, ["accounts", "-", "--json"], input=report_file.read_text())
    assert once.exit_code == 0 and [a["account"] for a in json.loads(once.stdout)["accounts"]]
