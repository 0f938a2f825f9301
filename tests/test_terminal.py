"""Output injection (issue 15 kind 5) and terminal views at 80 and 200 columns (issue 18 point 5).

Every string from an index, a post or a report reaches the terminal with its control, C1 and bidi
characters escaped (`safetext.for_terminal`), JSON output holds none raw, CSV cells a spreadsheet
would read as a formula are guarded however they start, and tables fit the terminal's width.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from sourcetrace import index as ix
from sourcetrace.cli.main import app
from sourcetrace.records import Article
from sourcetrace.report import CsvReport
from sourcetrace.safetext import for_terminal, formula_risk, json_dumps

from .conftest import write_jsonl

runner = CliRunner()

# What a hostile index or post may hold: OSC title and hyperlink, CSI clear screen, an 8-bit CSI,
# a carriage return that overwrites the line, a bell, and bidi overrides and isolates.
OSC_TITLE = "\x1b]0;PWNED\x07"
PAYLOADS = [OSC_TITLE, "\x1b[2J", "\x1b]8;;http://evil.example\x07click\x1b]8;;\x07", "\x9b31m",
            "\rFAKE", "\x07", "\u202e", "\u2066", "\u200f", "\u2028", "\x00", "\x7f"]
RAW = ("\x1b", "\x9b", "\x07", "\r", "\x00", "\x7f", "\u202e", "\u2066", "\u200f", "\u2028")
ARTICLE = ("Macedonians go to polls in referendum on changing country's name. Voters will vote "
           "Sunday on whether to change their country's name to the Republic of North Macedonia.")


def assert_inert(text: str) -> None:
    for char in RAW:
        assert char not in text, f"raw {char!r} reached the terminal"


# ---- the helpers ---------------------------------------------------------------------------

@pytest.mark.parametrize("payload", PAYLOADS)
def test_for_terminal_shows_every_control_visibly(payload: str):
    shown = for_terminal(f"rt{payload}x", inline=True)
    assert_inert(shown)
    assert shown.startswith("rt") and shown.endswith("x") and "\\" in shown
    assert for_terminal(shown, inline=True) == shown  # idempotent: escaping twice changes nothing


def test_for_terminal_keeps_text_and_lines():
    assert for_terminal("北京 — Xinhua\nnext\tcol") == "北京 — Xinhua\nnext\tcol"
    assert for_terminal("a\nb\tc", inline=True) == "a\\x0ab\\x09c"
    assert for_terminal(None) == "" and for_terminal(42) == "42"


def test_json_dumps_is_the_same_data_without_raw_controls():
    data = {"outlet": "rt" + "".join(PAYLOADS), "text": "北京 «ok»"}
    text = json_dumps(data)
    assert_inert(text)
    assert "北京 «ok»" in text and json.loads(text) == data


@pytest.mark.parametrize("cell", [
    "=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", " =1", "\n=1",
    "\u3000=1", "\xa0\xa0+1", "\u200b=1", "\ufeff@x", "＝1+1", "﹦1", "＋1", "－1", "＠SUM(A1)",
    "\u2212" + "1", "\t", "\rx",
])
def test_formula_guard_catches_every_way_to_start_a_formula(cell: str):
    assert formula_risk(cell)


@pytest.mark.parametrize("cell", ["", "plain", "Xinhua = state media", "１=1", "'=1", "a-b", " ", "e=mc2"])
def test_formula_guard_leaves_other_cells(cell: str):
    assert not formula_risk(cell)


def test_csv_cells_are_guarded_after_blanks_and_full_width_signs():
    record = {"post": {"id": " =cmd|'/c calc'!A1", "author": "＝HYPERLINK(\"http://x\")"},
              "status": "copy", "matches": [{
                  "article": {"id": "a1", "outlet": "\n@evil", "title": "\t+1"},
                  "match_type": "verbatim", "confidence": 0.9, "signals": {}, "spans": [],
                  "source_first": None}]}
    out = io.StringIO()
    CsvReport(out).add(record, "\u3000=1+1 post text")
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    for field in ("post_id", "author", "outlet", "article_title", "post_text"):
        assert row[field].startswith("'"), (field, row[field])
    assert row["article_id"] == "a1"


# ---- every command's human output (../shared/cases/S_term_escape) ---------------------------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("hostile")
    index = tmp / "idx"
    ix.build(index, [Article(text="".join(PAYLOADS) + " " + ARTICLE, id="ansi" + OSC_TITLE,
                             outlet="rt" + OSC_TITLE + "\u202e", url="https://rt.com/x",
                             title="\x1b[2Jtitle", published_at="2024-01-01T00:00:00Z")], encoder="none")
    posts = write_jsonl(tmp / "posts.jsonl", [
        {"id": "p\x1b[2J1", "author": "acct\x1b]0;X\x07\u202e", "text": ARTICLE},
        {"id": "p2", "author": "other", "text": ARTICLE + " \x9b31m"},
    ])
    return {"index": index, "posts": posts, "dir": tmp}


def run(*args: Any, columns: int = 80) -> Any:
    result = runner.invoke(app, [str(a) for a in args], env={"COLUMNS": str(columns)})
    return result


def test_no_command_prints_an_escape_from_the_index_or_the_posts(hostile: dict[str, Path]):
    index, posts, tmp = hostile["index"], hostile["posts"], hostile["dir"]
    report = tmp / "r.jsonl"
    checked = run("check", posts, "--index", index, "-o", report)
    assert checked.exit_code == 0, checked.output
    outputs = {
        "check summary": checked.output,
        "query": run("query", ARTICLE, "--index", index),
        "query --json": run("query", ARTICLE, "--index", index, "--json"),
        "index stats": run("index", "stats", "--index", index),
        "index stats --json": run("index", "stats", "--index", index, "--json"),
        "accounts": run("accounts", report),
        "accounts --json": run("accounts", report, "--json"),
        "check to stdout": run("check", posts, "--index", index, "-q"),
    }
    for name, result in outputs.items():
        text = result if isinstance(result, str) else result.output
        if not isinstance(result, str):
            assert result.exit_code == 0, (name, text)
        assert_inert(text)
        assert "\\x1b" in text or "\\u001b" in text, f"{name}: the escape is not shown"
    assert "rt\\x1b]0;" in outputs["index stats"].output  # visible, as evidence
    # the JSON outputs still carry the data exactly
    data = json.loads(outputs["query --json"].stdout)  # stderr holds the lexical-only warning
    assert data["matches"][0]["article"]["outlet"].startswith("rt\x1b]0;")
    assert "\u202e" in json.loads(outputs["accounts --json"].output)["accounts"][0]["account"] + \
        json.loads(outputs["accounts --json"].output)["accounts"][1]["account"]


def test_bad_records_and_errors_are_escaped_too(tmp_path: Path, hostile: dict[str, Path]):
    bad = tmp_path / "bad\x1b[2J.jsonl"
    bad.write_text('{"text": 5}\nnot json \x1b]0;T\x07\n', "utf-8")
    result = run("check", bad, "--index", hostile["index"], "-q")
    assert_inert(result.output)
    missing = run("accounts", tmp_path / "gone\x1b]0;T\x07.jsonl")
    assert missing.exit_code == 1 and "gone\\x1b]0;T\\x07" in missing.output
    assert_inert(missing.output)


# ---- widths --------------------------------------------------------------------------------

def widest(text: str) -> int:
    return max((cell_len(line) for line in text.splitlines()), default=0)


@pytest.fixture(scope="module")
def busy_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows = []
    outlets = ["xinhua", "cgtn", "china_news_service", "global_times", "rt"]
    for i in range(40):
        author = f"account_with_a_rather_long_name_{i % 7}" if i % 3 else f"acct{i % 5}"
        match = {"article": {"id": f"a{i % 4}", "outlet": outlets[i % 5]}, "match_type": "verbatim",
                 "confidence": 0.9, "signals": {}, "spans": [{"post": [0, 50], "article": [0, 50]}],
                 "source_first": True,
                 "attribution": {"status": ["unattributed", "evasive", "attributed"][i % 3],
                                 "credited": None, "evidence": []}}
        rows.append({"post": {"id": f"p{i}", "author": author, "platform": "x",
                              "created_at": f"2024-03-{1 + i % 28:02d}T10:00:00Z", "lang": "es"},
                     "status": "copy", "matches": [match]})
    return write_jsonl(tmp_path_factory.mktemp("busy") / "r.jsonl", rows)


def test_accounts_fits_80_columns_with_a_legend(busy_report: Path):
    result = run("accounts", busy_report, columns=80)
    assert result.exit_code == 0, result.output
    out = result.output
    assert widest(out) <= 80, out
    header = next(line for line in out.splitlines() if "account" in line and "posts" in line)
    assert "…" not in header and "pos…" not in out and "una…" not in out
    assert "unattr = unattributed" in out and "not shown at this width" in out
    assert "account_with_a_rather_long_name_1" in out.replace("\n", "")  or \
        "account_with_a_rather_long_name_" in out


def test_accounts_at_200_columns_and_wide_show_every_column(busy_report: Path):
    out = run("accounts", busy_report, columns=200).output
    for head in ("account", "posts", "state copies", "unattributed", "evasive", "top outlets",
                 "shared", "first – last copy"):
        assert head in out, head
    assert "not shown at this width" not in out and "unattr =" not in out
    wide = run("accounts", busy_report, "--wide", columns=80).output
    assert "first – last copy" in wide and "not shown" not in wide
    data = json.loads(run("accounts", busy_report, "--json", columns=80).output)
    assert {"top_outlets", "shared_with", "first_copy", "evasive_share"} <= set(data["accounts"][0])


def test_other_views_fit_80_columns(hostile: dict[str, Path]):
    for args in (("index", "stats", "--index", hostile["index"]), ("outlets", "list"),
                 ("query", ARTICLE, "--index", hostile["index"])):
        result = run(*args, columns=80)
        assert result.exit_code == 0, result.output
        assert widest(result.stdout) <= 80, (args, result.output)  # the view; warnings are one line
    listed = run("outlets", "list", columns=200).output
    assert "domains" in listed and "handles" in listed
    narrow = run("outlets", "list", columns=80).output
    assert "st = state media" in narrow


def test_log_lines_are_escaped():
    import logging

    from sourcetrace.cli.common import _SafeFormatter

    record = logging.LogRecord("sourcetrace.x", logging.WARNING, __file__, 1, "reading %s", (OSC_TITLE,), None)
    line = _SafeFormatter("%(levelname)s %(name)s: %(message)s").format(record)
    assert_inert(line)
    assert line == "WARNING sourcetrace.x: reading \\x1b]0;PWNED\\x07"
    from sourcetrace.cli.common import _PlainFormatter  # without -v: "warning: ...", still escaped

    plain = _PlainFormatter().format(record)
    assert_inert(plain)
    assert plain == "warning: reading \\x1b]0;PWNED\\x07"


def test_lines_to_a_file_or_pipe_are_not_wrapped(monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    from sourcetrace.cli.display import PIPE_WIDTH, line_width, say

    monkeypatch.delenv("COLUMNS", raising=False)
    line = "against the sample's gold labels: precision 1.0, recall 0.968, " * 3
    out = Console(file=io.StringIO(), width=80)  # a file: not a terminal
    assert line_width(out) == PIPE_WIDTH
    say(out, line)
    assert out.file.getvalue() == line + "\n"  # one line a log can be searched in
    monkeypatch.setenv("COLUMNS", "80")  # the user asked for a width: it is kept
    out = Console(file=io.StringIO(), width=80)
    assert line_width(out) == 80
    say(out, line)
    assert len(out.file.getvalue().splitlines()) > 1


def test_long_lines_break_between_words_not_inside_one():
    """A trial read a "shares:" line cut inside a name ("Organizac" / "ión"): a field longer than
    the terminal breaks after a space, keeps its own indent on its first line and the
    continuation indent after; Chinese, written without spaces, is cut by cells, each piece within
    the width (a CJK character is two cells)."""
    from rich.cells import cell_len

    from sourcetrace.cli.check_cmd import _fill

    field = "   shares: Blinken, Wang Yi, 18 = 18日, Organización Mundial del Comercio, Kuala Lumpur"
    lines = _fill([field], 40, indent="      ")
    assert lines[0].startswith("   shares: ") and all(line.startswith("      ") for line in lines[1:])
    words = field.split()
    assert " ".join(" ".join(lines).split()) == " ".join(words)  # nothing lost, no word split
    assert all(cell_len(line) <= 40 for line in lines)
    chinese = "   why not: " + "中华人民共和国国务院新闻办公室今天举行新闻发布会" * 2
    lines = _fill([chinese], 30, indent="      ")
    assert all(cell_len(line) <= 30 for line in lines) and len(lines) > 2
    assert "".join(line.strip() for line in lines) == chinese.strip()
