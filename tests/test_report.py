"""HTML evidence report and CSV: escaping, links, highlights, summaries, size, and `check --html/--csv`."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sourcetrace import index as ix
from sourcetrace import pipeline, report
from sourcetrace.cli.main import app
from sourcetrace.readers import read_articles, read_posts
from sourcetrace.results import Match

from .conftest import ARTICLES, REPO, write_jsonl

SAMPLE = REPO / "corpora" / "sample"
EXPO = ARTICLES[0]["text"].split("\n")[1].split(". ")[0] + "."
ARTICLE_TEXTS = {a["id"]: a["text"] for a in ARTICLES}

# A post that tries everything: markup, event handlers, a javascript: link, an RTL override and
# zero-width characters; each payload would change document.title or set window.__pwned.
MALICIOUS = (
    "<script>document.title='pwned';window.__pwned=1</script>"
    "<img src=x onerror=\"window.__pwned=2;document.title='pwned'\">"
    "<a href=\"javascript:window.__pwned=3\">click</a> "
    "\u202egnp.exe \u202c<svg onload=\"window.__pwned=4\"></svg></textarea>\"'><b>bold</b> "
    "Xin\u200bhua " + EXPO
)


def result(post_id: str, author: str | None, article: dict[str, Any], post_span: list[int],
           article_span: list[int], *, match_type: str = "verbatim", status: str | None = "unattributed",
           evidence: list[dict[str, Any]] | None = None, created_at: str | None = "2024-03-02T10:00:00+00:00",
           url: str | None = None, extra_matches: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A post object of the JSON contract with one match (attribution omitted when status is None)."""
    match: dict[str, Any] = {
        "article": {k: article.get(k) for k in ("id", "outlet", "url", "title", "published_at", "lang")},
        "match_type": match_type,
        "confidence": 0.97,
        "signals": {"lexical_containment": 0.98, "semantic": 0.91},
        "spans": [{"post": post_span, "article": article_span}],
        "source_first": True,
    }
    if status is not None:
        match["attribution"] = {"status": status, "credited": None, "evidence": evidence or []}
    return {
        "post": {"id": post_id, "author": author, "platform": "x", "url": url, "created_at": created_at, "lang": "en"},
        "status": "copy",
        "matches": [match, *(extra_matches or [])],
    }


def expo_span() -> list[int]:
    start = ARTICLES[0]["text"].index(EXPO)
    return [start, start + len(EXPO)]


def no_state(_: str | None) -> bool:
    return True


# ---- escaping and links ------------------------------------------------------------------

def test_esc_escapes_markup_and_shows_controls_as_marks():
    out = report.esc("<b>&\"'</b>\u202eabc\u200bdef\x07")
    assert "<b>" not in out and "&lt;b&gt;&amp;&quot;&#x27;&lt;/b&gt;" in out
    assert "\u202e" not in out and ">RLO</span>" in out and "U+202E RIGHT-TO-LEFT OVERRIDE" in out
    assert "\u200b" not in out and ">ZWSP</span>" in out and "\x07" not in out and "U+0007" in out


def test_esc_keeps_joiners_where_scripts_need_them():
    persian = "می\u200cخواهم"  # ZWNJ is part of ordinary Persian spelling
    family = "👨\u200d👩\u200d👧"
    assert report.esc(persian) == persian
    assert report.esc(family) == family
    assert "ZWJ" in report.esc("Xin\u200dhua")  # inside a Latin word it only dodges search


@pytest.mark.parametrize("text", [
    "\u202b\u200fالخارجية\u200f القطرية:\u200f ندين\u202c",  # trial 104's post O06: RLE, RLM, PDF
    "שלום\u200e עולם", "\u061cعدد 12", "Xinhua\u200f news", "\u200e\u200f"])
def test_every_bidi_control_is_a_mark_and_the_letters_stay(text: str) -> None:
    """Trial 104: an Arabic post's RLE and PDF showed as marks, its RLMs were left raw, as
    direction marks next to Arabic letters were taken for ordinary writing. README promises
    bidi controls as marks: each of U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069 is one
    wherever it is, as in the terminal and CSV output; the letters around it are kept."""
    import unicodedata

    out = report.esc(text)
    assert not [c for c in out if unicodedata.bidirectional(c) in ("LRE", "RLE", "PDF", "LRO", "RLO", "LRI",
                                                                   "RLI", "FSI", "PDI")
                or c in "\u061c\u200e\u200f"]
    for char in text:
        if char in "\u061c\u200e\u200f\u202b\u202c":
            assert f"U+{ord(char):04X} " in out
    shown = unescape(re.sub(r'<span class="cc"[^>]*>[^<]*</span>', "", out))
    assert shown == "".join(c for c in text if c not in "\u061c\u200e\u200f\u202b\u202c")  # the letters stay


@pytest.mark.parametrize("url, ok", [
    ("https://english.news.cn/1", True),
    ("http://example.org/a?b=c&d=<e>", True),
    ("javascript:alert(1)", False),
    ("JaVaScRiPt:alert(1)", False),
    (" javascript:alert(1)", False),
    ("java\tscript:alert(1)", False),
    ("data:text/html,<script>alert(1)</script>", False),
    ("vbscript:msgbox", False),
    ("//evil.example/x", False),
    ("https://", False),
    ("https://a.example/\u202egpj.exe", False),
    (None, False),
    (42, False),
])
def test_safe_url_allows_only_http_and_https(url, ok):
    assert (report.safe_url(url) is not None) is ok


def test_links_are_escaped_and_only_http():
    html = report._link("https://a.example/?q=\"><script>", "t<i>")
    assert 'href="https://a.example/?q=&quot;&gt;&lt;script&gt;"' in html and "t&lt;i&gt;" in html
    assert report._link("javascript:alert(1)", "title") == "title"


# ---- highlights and excerpts --------------------------------------------------------------

def test_highlighted_marks_exact_offsets_and_overlaps():
    text = "abcdefghij"
    marks = [report.Mark(2, 6, "a0"), report.Mark(4, 8, "ev"), report.Mark(20, 30, "a1")]
    out = report.highlighted(text, marks)
    assert out == 'ab<mark class="a0">cd</mark><mark class="a0 ev">ef</mark><mark class="ev">gh</mark>ij'


def test_highlighted_long_text_shows_context_around_spans_only():
    text = " ".join(f"word{i}" for i in range(2000))  # ~14,000 characters
    start = text.index("word1000")
    out = report.highlighted(text, [report.Mark(start, start + 8, "a0")], context=100)
    assert '<mark class="a0">word1000</mark>' in out
    assert out.startswith('<span class="gap">… </span>') and out.endswith('<span class="gap"> …</span>')
    assert len(out) < 600 and "word0 " not in out


def test_highlighted_escapes_inside_marks():
    out = report.highlighted("x<script>y", [report.Mark(1, 9, "a0")])
    assert out == 'x<mark class="a0">&lt;script&gt;</mark>y'


# ---- the HTML report ----------------------------------------------------------------------

def make_report(results: list[tuple[dict[str, Any], str]], **kw: Any) -> str:
    rep = report.HtmlReport(ARTICLE_TEXTS.get, state_of=no_state, **kw)
    for data, text in results:
        rep.add(data, text)
    return rep.render()


def test_report_cards_highlights_and_summary():
    evidence = [{"text": "Xinhua", "span": [len(EXPO) + 7, len(EXPO) + 13], "rule": "name-alias"}]
    page = make_report([
        (result("p1", "alice", ARTICLES[0], [0, len(EXPO)], expo_span()), EXPO),
        (result("p2", "bob", ARTICLES[0], [0, len(EXPO)], expo_span(), status="attributed",
                evidence=evidence), EXPO + " (via Xinhua)"),
        ({"post": {"id": "p3", "author": "carol"}, "status": "no_match", "matches": []}, "unrelated"),
    ])
    assert page.count('<article class="card"') == 2
    assert f'<mark class="a0">{EXPO}</mark>' in page  # post and article side
    assert page.count(f'<mark class="a0">{EXPO}</mark>') == 4
    assert '<mark class="ev">Xinhua</mark>' in page and "name-alias" in page
    assert "3 posts checked: 2 copy, 1 no match" in page
    assert "Copies per day" in page and "<svg" in page and "2024-03-02: 2 copies" in page
    assert 'data-account="alice"' in page and 'data-outlet="xinhua"' in page
    assert 'data-attribution="attributed"' in page and 'data-type="verbatim"' in page
    # accounts ranking: alice (1 unattributed) before bob (attributed)
    assert page.index('data-account="alice">alice</button>') < page.index('data-account="bob">bob</button>')


def test_report_is_self_contained_with_a_strict_policy():
    page = make_report([(result("p1", "alice", ARTICLES[0], [0, len(EXPO)], expo_span()), EXPO)])
    assert not re.search(r"<(?:link|img|iframe|object|embed)\b", page)
    assert not re.search(r"\bsrc=", page) and "@import" not in page and "url(" not in page
    scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    assert len(scripts) == 1 and "innerHTML" not in scripts[0]
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    csp = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1))
    assert f"script-src 'sha256-{digest}'" in csp and "default-src 'none'" in csp
    assert "style-src 'sha256-" in csp and "unsafe" not in csp
    assert '<meta name="viewport"' in page


ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "main", "h1", "h2", "h4", "dl", "dt",
    "dd", "section", "table", "caption", "tr", "th", "td", "b", "small", "div", "svg", "g", "rect",
    "span", "button", "form", "label", "select", "option", "input", "output", "p", "article",
    "time", "a", "mark", "details", "summary", "ul", "li", "code", "i", "script",
}


class Structure(HTMLParser):
    """Every tag and attribute of a page, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def structure(page: str) -> Structure:
    parser = Structure()
    parser.feed(page)
    parser.close()
    return parser


def assert_inert(page: str) -> Structure:
    """Only the report's own tags, one script, no event handler, no source, only http(s) links."""
    parsed = structure(page)
    assert {t for t, _ in parsed.tags} <= ALLOWED_TAGS
    assert [t for t, _ in parsed.tags].count("script") == 1
    for tag, attrs in parsed.tags:
        assert not [a for a in attrs if a.startswith("on") or a in ("src", "srcdoc", "style", "formaction")], (tag, attrs)
        if "href" in attrs:
            assert tag == "a" and re.match(r"https?://", attrs["href"] or ""), attrs
    return parsed


def test_report_renders_malicious_post_and_article_inert():
    bad_article = dict(ARTICLES[0], url="javascript:window.__pwned=5", title="<img src=x onerror=alert(1)>",
                       outlet="x\"><script>alert(1)</script>")
    start = MALICIOUS.index(EXPO)
    data = result("<b>id</b>", "\"><img src=x onerror=alert(1)>", bad_article, [start, len(MALICIOUS)],
                  expo_span(), url="javascript:window.__pwned=6",
                  evidence=[{"text": "<script>", "span": [0, 8], "rule": "<script>x</script>"}])
    page = make_report([(data, MALICIOUS)])
    parsed = assert_inert(page)
    text = "".join(parsed.text)
    assert "<script>document.title='pwned';window.__pwned=1</script>" in text  # shown, as text
    assert "<img src=x onerror=" in text and '<a href="javascript:window.__pwned=3">' in text
    assert not [a for t, a in parsed.tags if t == "a"]  # neither URL was http(s)
    assert "\u202e" not in page and ">RLO</span>" in page and ">ZWSP</span>" in page


def test_sample_report_is_inert(sample_results):
    rep = report.HtmlReport(sample_article_texts())
    for data, text in sample_results:
        rep.add(data, text)
    assert_inert(rep.render())


def test_report_without_attribution_says_not_analysed():
    page = make_report([(result("p1", "alice", ARTICLES[0], [0, len(EXPO)], expo_span(), status=None), EXPO)])
    assert "not analysed" in page and 'data-attribution="none"' in page


def test_report_shows_more_matches_and_bad_spans_do_not_break_it():
    second = result("x", None, ARTICLES[1], [0, 5], [0, 10])["matches"][0]
    data = result("p1", None, ARTICLES[0], [0, len(EXPO)], [10_000, 9], extra_matches=[second])
    data["matches"][0]["spans"].append({"post": "bad", "article": [1, 2, 3]})
    page = make_report([(data, EXPO)])
    assert "1 more match" in page and 'data-outlet="cgtn"' in page
    assert 'data-account="(no author)"' in page


def test_report_without_article_text_and_card_limit():
    rep = report.HtmlReport(None, max_cards=1, state_of=no_state)
    for i in range(3):
        rep.add(result(f"p{i}", "a", ARTICLES[0], [0, 5], [0, 5]), EXPO)
    page = rep.render()
    assert page.count('<article class="card"') == 1
    assert "2 more matched posts are counted above but have no card" in page
    assert "article text not available" in page


def test_timeline_switches_to_weeks_for_long_ranges():
    rep = report.HtmlReport(ARTICLE_TEXTS.get, state_of=no_state)
    for i, day in enumerate(["2024-01-01T00:00:00Z", "2024-03-05T00:00:00Z", "2024-09-30T00:00:00Z"]):
        rep.add(result(f"p{i}", "a", ARTICLES[0], [0, 5], [0, 5], created_at=day), EXPO)
    rep.add(result("p9", "a", ARTICLES[0], [0, 5], [0, 5], created_at=None), EXPO)
    page = rep.render()
    assert "Copies per week" in page and "1 undated" in page
    assert ": 1 copy (" in page and "1 copies" not in page  # trial 11 read "2023-06-19: 1 copies"


def test_report_of_1000_matched_posts_is_under_5_mb(sample_results):
    matched = [(d, t) for d, t in sample_results if d["matches"]]
    rep = report.HtmlReport(sample_article_texts(), state_of=no_state)
    n = 0
    while n < 1000:
        for data, text in matched:
            if n == 1000:
                break
            copy = json.loads(json.dumps(data))
            copy["post"]["id"] = f"{data['post']['id']}-{n}"
            copy["post"]["author"] = f"acct_{n % 97}"
            rep.add(copy, f"🔁 {text} #{n}")
            n += 1
    page = rep.render()
    size = len(page.encode("utf-8"))
    assert page.count('<article class="card"') == 1000
    assert size < 5_000_000, size


# ---- CSV ----------------------------------------------------------------------------------

def test_csv_one_row_per_match_and_formulas_neutralised():
    second = result("x", None, ARTICLES[1], [0, 5], [0, 10], status=None)["matches"][0]
    data = result("p1", "=cmd|'/c calc'!A1", ARTICLES[0], [0, len(EXPO)], expo_span(),
                  evidence=[{"text": "@XHNews", "span": [0, 7], "rule": "at-handle"}], extra_matches=[second])
    buf = io.StringIO()
    writer = report.CsvReport(buf, ARTICLE_TEXTS.get)
    writer.add(data, "@XHNews " + EXPO)
    writer.add({"post": {"id": "n"}, "status": "no_match", "matches": []}, "nothing")
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert writer.rows == 2 and [r["rank"] for r in rows] == ["1", "2"]
    assert rows[0]["author"] == "'=cmd|'/c calc'!A1" and rows[0]["post_text"].startswith("'@XHNews")
    assert rows[0]["article_passage"] == EXPO and rows[0]["evidence"] == "at-handle: @XHNews"
    assert rows[0]["attribution"] == "unattributed" and rows[1]["attribution"] == ""
    assert rows[1]["outlet"] == "cgtn" and rows[0]["source_first"] == "true"


def test_csv_cells_hold_no_raw_terminal_escapes_and_formulas_stay_neutralised():
    """Seventh trial: `--csv` kept ESC sequences (clear screen, window title) raw in its cells;
    printed with `cat`, they acted. They are shown as escapes, as on the terminal."""
    data = result("e\x1b[2Jx", "\x1b]0;title\x07bob", ARTICLES[0], [0, len(EXPO)], expo_span())
    buf = io.StringIO()
    report.CsvReport(buf, ARTICLE_TEXTS.get).add(data, "line one\r\nline\x1b[8m two\u202e")
    out = buf.getvalue()
    assert not any(c in out for c in "\x1b\x07\u202e")
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["post_id"] == "e\\x1b[2Jx" and row["author"] == "\\x1b]0;title\\x07bob"
    assert row["post_text"] == "line one\nline\\x1b[8m two\\u202e"
    buf = io.StringIO()
    report.CsvReport(buf, ARTICLE_TEXTS.get).add(result("p", "\x1b=cmd()", ARTICLES[0], [0, 5], [0, 5]), "x")
    assert next(csv.DictReader(io.StringIO(buf.getvalue())))["author"] == "'\\x1b=cmd()"


def test_csv_lists_every_aligned_span_and_its_passage():
    """A near-verbatim copy aligns in several stretches: the CSV shows them all, not only the
    first (a fresh-user trial saw "Chinese President" as the whole passage of a 1.0 match)."""
    text = ARTICLES[0]["text"]
    data = result("p2", "u", ARTICLES[0], [0, 10], [0, 10], match_type="near_verbatim")
    data["matches"][0]["spans"] = [{"post": [0, 10], "article": [0, 10]},
                                   {"post": [11, 30], "article": [40, 59]},
                                   {"post": [31, 40], "article": [40, 59]}]  # one passage, twice
    buf = io.StringIO()
    report.CsvReport(buf, ARTICLE_TEXTS.get).add(data, "x" * 40)
    row = next(csv.DictReader(io.StringIO(buf.getvalue())))
    assert row["post_span"] == "0-10; 11-30; 31-40" and row["article_span"] == "0-10; 40-59"
    assert row["article_passage"] == " ".join(text[0:10].split()) + " … " + " ".join(text[40:59].split())
    assert row["shared_anchors"] == row["in_doubt"] == row["anchor_nats"] == ""  # no evidence given


def test_csv_shows_the_match_evidence_for_triage():
    """A spreadsheet reviewer sees what a match rests on: the shared anchors, their weight, the
    post's numbers the article lacks, each encoder's confidence and which one is in doubt."""
    data = result("p3", "u", ARTICLES[0], [0, 10], [0, 10], match_type="translation")
    data["matches"][0]["evidence"] = {
        "pairs": [], "anchors": [{"kind": "name", "post": "Shenzhou", "article": "神舟"},
                                 {"kind": "number", "post": "17", "article": "十七"}],
        "chance": {"encoder_confidence": {"use": 0.9908, "e5": 0.2055}, "anchor_nats": 5.0, "missing_nats": 2.0,
                   "missing_numbers": ["5亿", "=1+2", {"x": 1}], "missing_places": ["San Francisco"]}}
    buf = io.StringIO()
    report.CsvReport(buf, ARTICLE_TEXTS.get).add(data, "x" * 40)
    row = next(csv.DictReader(io.StringIO(buf.getvalue())))
    assert row["shared_anchors"] == "Shenzhou = 神舟; 17 = 十七"
    assert (row["anchor_nats"], row["missing_nats"]) == ("5.0", "2.0")
    # the figures and places themselves (trial 88 saw a clean row where query listed "5亿"),
    # a formula-like cell neutralised
    assert (row["missing_numbers"], row["missing_places"]) == ("5亿; =1+2", "San Francisco")
    assert row["encoder_confidence"] == "use 0.99, e5 0.21" and row["in_doubt"] == "e5"
    # the JSON result says so too (trial 81: JSONL readers had to work it out of the evidence)
    match = Match.from_dict(data["matches"][0]).to_dict()
    assert match["in_doubt"] == {"e5": 0.2055}
    data["matches"][0]["evidence"]["chance"]["encoder_confidence"]["e5"] = 0.7
    assert Match.from_dict(data["matches"][0]).to_dict()["in_doubt"] == {}

def test_html_card_lists_the_figures_not_in_the_article():
    """Trial 50: every card with figures the article lacks said "missing_numbers ?"; they are
    listed as written, escaped."""
    from sourcetrace.report.page import _match_evidence

    html = _match_evidence({"pairs": [], "anchors": [], "chance": {
        "anchor_nats": 6.0, "missing_nats": 2.0, "missing_numbers": ["tres millones", "<b>35</b>", {"x": 1}]}})
    assert "missing_numbers tres millones, &lt;b&gt;35&lt;/b&gt;, ?" in html and "<b>" not in html


# ---- check --html / --csv -----------------------------------------------------------------

runner = CliRunner()


def test_check_writes_csv_and_html_and_keeps_jsonl(small_index: Path, tmp_path: Path):
    posts = write_jsonl(tmp_path / "posts.jsonl", [
        {"id": "a", "author": "u1", "created_at": "2024-03-02T09:00:00Z", "text": EXPO},
        {"id": "b", "author": "u2", "text": "A sentence about nothing that was indexed at all, really."},
        {"id": "c", "author": "u3", "text": MALICIOUS},
    ])
    out, csv_out, html_out = tmp_path / "o.jsonl", tmp_path / "o.csv", tmp_path / "o.html"
    res = runner.invoke(app, ["check", str(posts), "--index", str(small_index), "-o", str(out),
                              "--csv", str(csv_out), "--html", str(html_out)])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["status"] for r in rows] == ["copy", "no_match", "copy"]
    table = list(csv.DictReader(io.StringIO(csv_out.read_text("utf-8-sig"))))
    assert {r["post_id"] for r in table} == {"a", "c"} and table[0]["article_id"] == "xinhua-1"
    page = html_out.read_text("utf-8")
    assert page.count('<article class="card"') == 2 and "3 posts checked: 2 copy, 1 no match" in page
    assert "encoder hash" in page and "<mark" in page and "<img" not in page
    assert "HTML report: 2 cards" in res.stderr and "CSV: 2 rows" in res.stderr
    assert not list(tmp_path.glob(".*partial*"))


def test_check_html_into_missing_folder_is_a_one_line_error(small_index: Path, tmp_path: Path):
    posts = write_jsonl(tmp_path / "posts.jsonl", [{"text": EXPO}])
    res = runner.invoke(app, ["check", str(posts), "--index", str(small_index),
                              "--html", str(tmp_path / "nope" / "r.html")])
    assert res.exit_code == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: --html ") and "no folder" in lines[0]
    assert "Traceback" not in res.output


# ---- the sample, checked with the test encoder --------------------------------------------

@pytest.fixture(scope="session")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "index"
    ix.build(path, read_articles([SAMPLE / "articles.jsonl"], print), encoder="hash")
    return path


@pytest.fixture(scope="session")
def sample_results(sample_index: Path) -> list[tuple[dict[str, Any], str]]:
    matcher = pipeline.open_matcher(sample_index)
    posts = read_posts([SAMPLE / "posts.jsonl"], print)
    return [(r.to_dict(), r.post.text) for r in matcher.check_many(posts)]


def sample_article_texts() -> Any:
    texts = {a.id: a.text for a in read_articles([SAMPLE / "articles.jsonl"], print)}
    return texts.get


def test_sample_report_highlights_match_the_spans(sample_results):
    rep = report.HtmlReport(sample_article_texts())
    for data, text in sample_results:
        rep.add(data, text)
    page = rep.render()
    matched = [(d, t) for d, t in sample_results if d["matches"]]
    assert matched and page.count('<article class="card"') == len(matched)
    checked = 0
    for data, text in matched:
        top = data["matches"][0]
        if not top["spans"]:
            continue
        s, e = top["spans"][0]["post"]
        evidence = (top.get("attribution") or {}).get("evidence") or []
        if any(ev["span"][0] < e and ev["span"][1] > s for ev in evidence):
            continue  # the evidence outline splits the mark
        assert f'<mark class="a0">{report.esc(text[s:e])}</mark>' in page
        checked += 1
    assert checked >= 10


# ---- progress bars (rate and ETA) ---------------------------------------------------------

def test_progress_bar_counts_rate_and_grows_a_short_estimate(capsys):
    from sourcetrace.cli.common import progress_bar

    with progress_bar("checking posts", 2, enabled=True) as advance:
        for _ in range(5):
            advance(1)  # past the estimate of 2: the total follows instead of overflowing
    with progress_bar("checking posts", None, enabled=False) as advance:
        advance(3)  # disabled: a no-op
    assert capsys.readouterr().out == ""


def test_the_rate_and_eta_leave_out_the_wait_before_the_first_results():
    """Trial 108: 20,000 posts were given 1 h 29 min in the first minute, the wait for the models
    counted in the rate, against 37 min at the rate the run kept. Trial 109: timed from the first
    result, the rate read 719 posts/s after the first batch, its 63 other results arriving within
    milliseconds."""
    from sourcetrace.cli.common import SteadyRate

    now = [0.0]
    steady = SteadyRate(clock=lambda: now[0])
    assert steady.rate(0, 0.0) is None
    now[0] = 60.0  # a minute of loading and a first batch, its 64 results within 0.1 s
    for n in range(1, 65):
        now[0] = 60.0 + n * 0.001
        steady.seen(n)
    assert steady.rate(64, now[0]) == pytest.approx(64 / now[0])  # one burst: since the start
    for n in range(65, 129):  # seven seconds on, the second batch
        now[0] = 67.064 + (n - 65) * 0.001
        steady.seen(n)
    assert steady.rate(128, now[0]) == pytest.approx(64 / (now[0] - 60.064))  # about 9 posts/s, not 1.9
    # a resumed check's 1,024 kept results replayed at once are one burst, not 1,000 posts/s
    steady = SteadyRate(clock=lambda: now[0])
    for n in range(1, 1025):
        now[0] = 100.0 + n * 0.0001
        steady.seen(n)
    now[0] = 107.0
    steady.seen(1088)
    assert steady.rate(1088, 7.0) == pytest.approx(64 / (107.0 - 100.1024))


def test_estimate_records_counts_lines_of_plain_files(tmp_path: Path):
    from sourcetrace.cli.common import estimate_records

    a = tmp_path / "a.jsonl"
    a.write_text("{}\n{}\n{}\n")
    b = tmp_path / "b.txt"
    b.write_text("x\ny\n")
    assert estimate_records([a, b]) == 5
    assert estimate_records([a, Path("-")]) is None
    assert estimate_records([tmp_path / "c.jsonl.gz"]) is None
    assert estimate_records([tmp_path / "tweets.js"]) is None


def test_the_summary_says_which_evasive_credits_go_to_a_sibling_outlet() -> None:
    """A Mundo China story credited to spanish.xinhuanet.com is evasive by design (a sibling's
    credit), but it is a credit: the summary says so apart, so that no one reads it as hidden."""
    from sourcetrace.results import Result, Summary

    def result(pid: str, status: str, sibling: bool) -> Result:
        return Result.from_dict({"post": {"id": pid}, "status": "copy", "matches": [{
            "article": {"id": "a1", "outlet": "mundo_china"}, "match_type": "translation",
            "confidence": 0.95, "spans": [], "source_first": None,
            "attribution": {"status": status, "credited": "xinhua" if sibling else None,
                            "sibling": sibling, "evidence": []}}]})

    summary = Summary()
    for r in (result("1", "evasive", True), result("2", "evasive", False), result("3", "unattributed", False)):
        summary.add(r)
    line = next(x for x in summary.lines() if x.startswith("attribution:"))
    assert ("evasive 2 (1 of them crediting another state outlet of the same state or owner, not the one"
            " whose article matched)") in line
    assert "unattributed 1" in line and line.count("another state outlet") == 1


def test_the_summary_counts_as_sibling_credits_only_the_evasive_ones() -> None:
    """Trial 108: "evasive 11 (13 of them crediting a sibling state outlet)": a sibling's credit on
    an article dated after the post is attributed (match.credit_before_later) with `sibling` kept,
    and was counted in the evasive parenthesis. Now only evasive ones are; the others are said
    under attributed."""
    from sourcetrace.results import Result, Summary

    def result(pid: str, status: str, sibling: bool) -> Result:
        return Result.from_dict({"post": {"id": pid}, "status": "copy", "matches": [{
            "article": {"id": "a1", "outlet": "people"}, "match_type": "translation",
            "confidence": 0.95, "spans": [], "source_first": status == "evasive",
            "attribution": {"status": status, "credited": "cns" if sibling else None,
                            "sibling": sibling, "evidence": []}}]})

    summary = Summary()
    for r in (result("1", "evasive", True), result("2", "evasive", False), result("3", "attributed", True),
              result("4", "attributed", True), result("5", "attributed", False)):
        summary.add(r)
    line = next(x for x in summary.lines() if x.startswith("attribution:"))
    assert ("evasive 2 (1 of them crediting another state outlet of the same state or owner, not the one"
            " whose article matched)") in line
    assert ("attributed 3 (2 of them crediting another state outlet of the same state or owner that may"
            " have run the story first:"
            " the article matched is dated after the post)") in line


def test_the_summary_says_which_credits_are_the_outlet_posting_its_own_text() -> None:
    """Trial 83: "attributed 25" of 26 copies read as 25 posts crediting their source, while 25
    were embassy accounts posting the MFA's text: attributed by their author alone. Said apart."""
    from sourcetrace.results import Result, Summary

    def result(pid: str, rules: list[str]) -> Result:
        return Result.from_dict({"post": {"id": pid}, "status": "copy", "matches": [{
            "article": {"id": "a1", "outlet": "mfa"}, "match_type": "translation", "confidence": 0.95,
            "spans": [], "source_first": None,
            "attribution": {"status": "attributed", "credited": "mfa", "sibling": False,
                            "evidence": [{"text": "x", "span": None, "rule": rule, "field": None} for rule in rules]}}]})

    summary = Summary()
    for r in (result("1", ["outlet-account"]), result("2", ["outlet-account", "at-handle"]), result("3", ["via"])):
        summary.add(r)
    line = next(x for x in summary.lines() if x.startswith("attribution:"))
    assert "attributed 3 (1 of them only by being posted by an account of the outlet)" in line


def test_an_article_without_outlet_is_named_as_in_checks_summary() -> None:
    """Trial 92: the HTML report showed a bare "?" (`>?</span>`) for an article indexed without an
    outlet, where check's summary says "no outlet given"; the report, its outlet table and filter
    and the summary now say the same, and the outlet filter still finds the card."""
    from sourcetrace.results import NO_OUTLET, Result, Summary

    bare = {**ARTICLES[0], "outlet": None}
    rows = [result("p1", "alice", bare, [0, len(EXPO)], expo_span()),
            result("p2", "bob", ARTICLES[0], [0, len(EXPO)], expo_span())]
    page = make_report([(r, EXPO) for r in rows])
    assert f'<span class="tag">{NO_OUTLET}</span>' in page and ">?</span>" not in page
    assert f"<tr><th>{NO_OUTLET}" in page  # the outlets-copied table
    assert f'data-outlet="{NO_OUTLET}"' in page and f'<option value="{NO_OUTLET}">{NO_OUTLET} (1)</option>' in page
    summary = Summary()
    for r in rows:
        summary.add(Result.from_dict(r))
    assert f"{NO_OUTLET} 1" in next(x for x in summary.lines() if x.startswith("outlets copied:"))


def outlet_filter_rows() -> list[tuple[dict[str, Any], str]]:
    """p1 copies Xinhua with a further match of CGTN; p2 copies CGTN: two copies, one each."""
    second = result("x", None, ARTICLES[1], [0, 5], [0, 10])["matches"][0]
    return [(result("p1", "alice", ARTICLES[0], [0, len(EXPO)], expo_span(), extra_matches=[second]), EXPO),
            (result("p2", "bob", ARTICLES[1], [0, 5], [0, 10], match_type="translation", status="attributed"),
             EXPO)]


def test_the_outlet_filter_counts_and_finds_the_top_match_as_the_table_does() -> None:
    """Trial 108: the outlet filter counted every match ("xinhua (18)", "mfa (1)") beside the
    "Outlets copied" table of top matches (xinhua 15, no mfa), and picking an outlet showed cards
    whose copy was of another one. Both count top matches now, and a card carries its top
    match's outlet, type and attribution for the filters to read."""
    page = make_report(outlet_filter_rows())
    parsed = structure(page)
    assert '<option value="cgtn">cgtn (1)</option>' in page and '<option value="xinhua">xinhua (1)</option>' in page
    assert "<tr><th>cgtn <small>(state)</small></th><td>1</td>" in page
    assert "<tr><th>xinhua <small>(state)</small></th><td>1</td>" in page
    cards = {a["data-account"]: a for t, a in parsed.tags if t == "article"}
    assert (cards["alice"]["data-outlet"], cards["alice"]["data-type"], cards["alice"]["data-attribution"]) \
        == ("xinhua", "verbatim", "unattributed")
    assert (cards["bob"]["data-outlet"], cards["bob"]["data-type"], cards["bob"]["data-attribution"]) \
        == ("cgtn", "translation", "attributed")


def test_one_account_written_two_ways_is_one_option_and_one_filter_value() -> None:
    """Trial 108: "@economia_oriente" (a CSV tool's) and "economia_oriente" were two accounts in
    the ranking and the filter, and a click on one hid the other's cards. One account now
    (accounts.account_key), named as first seen; each card still shows its author as written."""
    page = make_report([(result("p1", "@economia_oriente", ARTICLES[0], [0, len(EXPO)], expo_span()), EXPO),
                        (result("p2", "economia_oriente", ARTICLES[0], [0, len(EXPO)], expo_span()), EXPO)])
    parsed = structure(page)
    assert [a["data-account"] for t, a in parsed.tags if t == "article"] == ["@economia_oriente"] * 2
    assert [a["value"] for t, a in parsed.tags if t == "option" and "economia" in (a["value"] or "")] \
        == ["@economia_oriente"]
    assert '<option value="@economia_oriente">@economia_oriente (2)</option>' in page
    assert page.count('class="acct"') == 1 and '<span class="who">economia_oriente</span>' in page


def test_the_page_says_how_many_posts_were_held_back():
    """Trial 12: check's summary counted posts held back for their article's date, the HTML did not."""
    rep = report.HtmlReport(ARTICLE_TEXTS.get, state_of=no_state)
    rep.add(result("p1", "a", ARTICLES[0], [0, 5], [0, 5]), EXPO)
    held = {"post": {"id": "p2", "created_at": "2020-01-01T00:00:00Z"}, "status": "no_match", "matches": [],
            "held_later": [{"article": {"id": ARTICLES[0]["id"]}, "match_type": "translation", "confidence": 0.9,
                            "days_after": 400.0}]}
    rep.add(held, "a post")
    page = rep.render()
    assert "2 posts checked: 1 copy, 1 no match; 1 post held back: a translation or paraphrase" in page
    older = {"post": {"id": "p3", "created_at": "2024-01-01T00:00:00Z"}, "status": "no_match", "matches": [],
             "held_older": [{"article": {"id": ARTICLES[0]["id"]}, "match_type": "translation", "confidence": 0.9,
                             "days_after": -400.0}]}
    rep.add(older, "another post")
    page = rep.render()
    assert "1 post held back: a translation or paraphrase, which an encoder doubts, of an article dated more than" \
        " 100 days before the post (held_older" in page


def test_no_control_character_is_written_raw_in_attributes():
    """Trial 72: an author's `\\x1b[2J` was written raw inside `data-account="..."` and `<option
    value="...">` (text content showed it as a mark): `cat report.html` cleared the terminal. Each
    is now a character reference, and the account filter still matches: the card's data-account,
    the option's value and the accounts table's button hold the same value once parsed."""
    author = "<b>evil</b>\x1b[2J\x9b31m\u202eRLO\x00\r"
    article = dict(ARTICLES[0], outlet="xinhua\x1b]8;;\x07")
    page = make_report([(result("h01", author, article, [0, len(EXPO)], expo_span()), EXPO)])
    raw = re.findall(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]", page)
    assert raw == []
    assert 'data-account="&lt;b&gt;evil&lt;/b&gt;&#x1B;[2J&#x9B;31m&#x202E;RLO&#x0;&#xD;"' in page
    parsed = structure(page)
    cards = {a["data-account"] for t, a in parsed.tags if t == "article" and "data-account" in a}
    buttons = {a["data-account"] for t, a in parsed.tags if t == "button" and "data-account" in a}
    options = {a["value"] for t, a in parsed.tags if t == "option"} - {""}
    assert len(cards) == 1 and cards == buttons and cards < options
    outlets = {a["data-outlet"] for t, a in parsed.tags if t == "section" and "data-outlet" in a}
    assert len(outlets) == 1 and outlets < options


def test_the_summary_says_how_many_posts_have_no_date() -> None:
    """Trial 112: real state-media posts checked without their dates came back as translations of
    articles published years after them (a date would have held them back); nothing said that
    the dates were missing."""
    from sourcetrace.results import Result, Summary

    def result(pid: str, created_at: str | None, copy: bool) -> Result:
        matches = [{"article": {"id": "a1", "outlet": "xinhua"}, "match_type": "translation", "confidence": 0.85,
                    "spans": [], "source_first": None}] if copy else []
        return Result.from_dict({"post": {"id": pid, "created_at": created_at},
                                 "status": "copy" if copy else "no_match", "matches": matches})

    summary = Summary()
    for r in (result("1", None, True), result("2", None, False), result("3", "2025-01-02T00:00:00Z", True)):
        summary.add(r)
    assert ("2 posts have no date (1 copy reported among them): an article published after a post is not"
            " ruled out as its source (--time-col names the date column)") in summary.lines()
    dated = Summary()
    dated.add(result("3", "2025-01-02T00:00:00Z", True))
    assert not any("no date" in line for line in dated.lines())
    every = Summary()
    every.add(result("1", None, False))
    assert any(line.startswith("no post has a date: ") for line in every.lines())
