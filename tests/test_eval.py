"""`sourcetrace eval`: gold labels the index cannot hold are said, and a bad gold record is said
precisely."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from sourcetrace import index as ix
from sourcetrace import pipeline
from sourcetrace.cli.main import app
from sourcetrace.readers.reading import GOLD_NEEDED
from sourcetrace.records import Article, Post

from .conftest import ARTICLES, write_jsonl

runner = CliRunner()
EXPO = ARTICLES[0]["text"].split("\n")[1].split(". ")[0] + "."
OTHER = "My neighbour planted tomatoes and beans in the garden."


def build(tmp_path: Path) -> Path:
    path = tmp_path / "idx"
    ix.build(path, [Article.from_dict(a) for a in ARTICLES], encoder="hash")
    return path


def test_gold_ids_missing_from_the_index_are_counted_and_said(tmp_path: Path) -> None:
    # a trial's gold file against the wrong index: every label a silent miss
    index = build(tmp_path)
    gold = write_jsonl(tmp_path / "gold.jsonl", [
        {"id": "g1", "lang": "en", "text": EXPO, "gold": {"article_id": "xinhua-1"}},
        {"id": "g2", "lang": "en", "text": EXPO, "gold": {"article_id": "reuters.1"}},
        {"id": "g3", "lang": "en", "text": OTHER, "gold": {"article_id": "reuters.1"}},
        {"id": "g4", "lang": "en", "text": OTHER, "gold": {"article_id": "afp.9"}},
        {"id": "g5", "lang": "en", "text": OTHER, "gold": {"article_id": None}},
    ])
    result = runner.invoke(app, ["eval", str(gold), "--index", str(index), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["gold_not_in_index"] == {"article_ids": 2, "posts": 3, "examples": ["afp.9", "reuters.1"]}
    assert report["overall"]["fn"] == 3
    assert result.stderr == (
        f"warning: 2 gold article ids ('afp.9', 'reuters.1') not in the index at {index}: 3 posts"
        " labelled with them count as misses (is this the index the gold file was made for?)\n")


def test_no_warning_when_every_gold_id_is_indexed(tmp_path: Path) -> None:
    index = build(tmp_path)
    gold = write_jsonl(tmp_path / "gold.jsonl", [
        {"id": "g1", "lang": "en", "text": EXPO, "gold": {"article_id": "xinhua-1"}},
        {"id": "g2", "lang": "en", "text": OTHER, "gold": {"article_id": None}},
    ])
    result = runner.invoke(app, ["eval", str(gold), "--index", str(index), "--json"])
    assert result.exit_code == 0 and result.stderr == ""
    assert json.loads(result.stdout)["gold_not_in_index"] == {"article_ids": 0, "posts": 0, "examples": []}


def test_gold_not_in_index_lists_the_first_five_sorted(tmp_path: Path) -> None:
    matcher = pipeline.open_matcher(build(tmp_path))
    try:
        labels = [{"article_id": f"gone-{i}"} for i in (7, 3, 9, 1, 5, 2, 3)] + [{"article_id": "rt-3"}, {}]
        assert pipeline.gold_not_in_index(matcher, labels) == {
            "article_ids": 6, "posts": 7, "examples": ["gone-1", "gone-2", "gone-3", "gone-5", "gone-7"]}
        items = [(Post(EXPO, id="p", lang="en"), {"article_id": "gone-1"})]
        assert pipeline.evaluate(matcher, items)["gold_not_in_index"]["article_ids"] == 1
    finally:
        matcher.index.close()


def test_a_gold_that_is_no_object_is_said_so(tmp_path: Path) -> None:
    index = build(tmp_path)
    gold = write_jsonl(tmp_path / "gold.jsonl", [
        {"id": "g1", "lang": "en", "text": EXPO, "gold": {"article_id": "xinhua-1"}},
        {"id": "g2", "text": EXPO, "gold": "yes"},
        {"id": "g3", "text": EXPO, "gold": ["xinhua-1"]},
        {"id": "g4", "text": EXPO},
    ])
    result = runner.invoke(app, ["eval", str(gold), "--index", str(index), "--json"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"{gold}:2: 'gold' must be an object, got str — skipped",
        f"{gold}:3: 'gold' must be an object, got list — skipped",
        f"{gold}:4: missing 'gold' object — skipped",
    ]
    assert json.loads(result.stdout)["overall"]["n"] == 1


def test_eval_of_no_labelled_post_fails_in_one_line(tmp_path: Path) -> None:
    """Every record skipped is no measure: eval exits 1, as check does (a trial got an empty
    table and exit 0)."""
    index = build(tmp_path)
    gold = write_jsonl(tmp_path / "gold.jsonl", [{"id": "g1", "text": EXPO, "gold": "yes"},
                                                 {"id": "g2", "text": EXPO, "gold": "no"}])
    result = runner.invoke(app, ["eval", str(gold), "--index", str(index)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == f"Error: {gold}: no labelled post could be read (2 bad records skipped)"


def test_a_file_without_gold_is_one_line_not_one_per_record(tmp_path: Path) -> None:
    """A trial ran eval on a posts file: 55 lines of "missing 'gold' object — skipped" before the
    error. A file whose first record has no gold is refused in one line, saying what eval needs."""
    index = build(tmp_path)
    posts = write_jsonl(tmp_path / "posts.jsonl", [{"id": f"p{i}", "text": OTHER} for i in range(55)])
    result = runner.invoke(app, ["eval", str(posts), "--index", str(index)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {posts}: its first record has no 'gold' object (posts without labels?): {GOLD_NEEDED}"]


def test_eval_of_an_export_or_a_table_says_what_it_read_and_what_it_needs(tmp_path: Path) -> None:
    """Trial 104: eval on a valid Telegram result.json said "invalid JSON" for each of its 1,223
    lines and exited 1, never saying that eval reads JSONL of labelled posts."""
    index = build(tmp_path)
    telegram = tmp_path / "result.json"
    telegram.write_text(json.dumps({"name": "chan", "type": "public_channel", "id": 1, "messages": [
        {"id": 1, "type": "message", "date": "2023-11-14T10:00:00", "text": EXPO}]}, indent=1), "utf-8")
    table = tmp_path / "labels.csv"
    table.write_text("id,text,gold\np1,hello there,xinhua-1\n", "utf-8")
    array = tmp_path / "labels.json"
    array.write_text(json.dumps([{"id": "g1", "text": EXPO, "gold": {"article_id": "xinhua-1"}}]), "utf-8")
    page = tmp_path / "report.html"
    page.write_text("<!doctype html>\n<p>hello</p>\n", "utf-8")
    for path, read_as in ((telegram, "read as a Telegram export, not gold JSONL"), (table, "read as CSV, not gold JSONL"),
                          (array, "read as a JSON array, not gold JSONL"),
                          (page, "its first line is not a JSON object, not gold JSONL")):
        result = runner.invoke(app, ["eval", str(path), "--index", str(index)])
        assert result.exit_code == 1, path
        assert result.stderr.splitlines() == [f"Error: {path}: {read_as}: {GOLD_NEEDED}"]
    assert "README: `sourcetrace eval`" in GOLD_NEEDED
    # trial 105: a folder it could see was "no such file"
    folder = tmp_path / "tg"
    folder.mkdir()
    result = runner.invoke(app, ["eval", str(folder), "--index", str(index)])
    assert result.exit_code == 1 and result.stderr.splitlines() == [
        f"Error: {folder}: a folder, not a file (give the file inside it)"]
    help_text = runner.invoke(app, ["eval", "--help"]).stdout
    assert "Gold JSONL" in help_text and "'gold' object" in help_text


def test_a_gold_file_reads_its_dates_in_the_order_they_show(tmp_path: Path) -> None:
    from sourcetrace.readers import read_gold

    gold = write_jsonl(tmp_path / "g.jsonl", [
        {"id": "a", "text": OTHER, "created_at": "12/11/2023", "gold": {"article_id": None}},
        {"id": "b", "text": OTHER, "created_at": "14/11/2023", "gold": {"article_id": None}}])
    said: list = []
    assert [post.created_at[:10] for post, _ in read_gold([gold], said.append)] == ["2023-11-12", "2023-11-14"]
    assert [p.kind for p in said] == ["note"]


def test_attribution_is_scored_on_posts_matched_to_their_gold_article(tmp_path: Path) -> None:
    # a wrong attribution was invisible to eval (user trial): it is scored and listed now
    index = build(tmp_path)
    gold = write_jsonl(tmp_path / "gold.jsonl", [
        {"id": "a1", "lang": "en", "text": EXPO + " Source: Xinhua",
         "gold": {"article_id": "xinhua-1", "attribution": "attributed"}},
        {"id": "a2", "lang": "en", "text": EXPO + " Twitter •XHNews_es",
         "gold": {"article_id": "xinhua-1", "attribution": "evasive"}},
        {"id": "a3", "lang": "en", "text": EXPO,  # labelled evasive, judged unattributed: wrong
         "gold": {"article_id": "xinhua-1", "attribution": "evasive"}},
        {"id": "a4", "lang": "en", "text": EXPO, "gold": {"article_id": "xinhua-1", "attribution": None}},
        {"id": "a5", "lang": "en", "text": OTHER, "gold": {"article_id": None, "attribution": "unattributed"}},
    ])
    result = runner.invoke(app, ["eval", str(gold), "--index", str(index), "--json", "--errors"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    scores = report["attribution"]
    assert (scores["checked"], scores["right"], scores["share_right"]) == (3, 2, 0.6667)
    assert scores["confusion"]["evasive"] == {"unattributed": 1, "evasive": 1, "attributed": 0, "none": 0}
    assert scores["by_status"]["evasive"] == {"gold": 2, "predicted": 1, "right": 1, "precision": 1.0, "recall": 0.5}
    assert scores["by_status"]["unattributed"]["precision"] == 0.0
    assert scores["by_status"]["attributed"]["recall"] == 1.0
    assert report["attribution_errors"] == [{
        "id": "a3", "article_id": "xinhua-1", "gold": "evasive", "got": "unattributed", "credited": None,
        "copy_type": "copy", "lang": "en"}]
    assert report["errors"] == []  # the matching errors are what they were
    without = json.loads(runner.invoke(app, ["eval", str(gold), "--index", str(index), "--json"]).stdout)
    assert "attribution_errors" not in without and "errors" not in without
    table = runner.invoke(app, ["eval", str(gold), "--index", str(index), "--errors"])
    assert table.exit_code == 0
    assert "attribution right: 2 of 3" in table.stdout
    assert "a3: gold attribution evasive got unattributed (xinhua-1, copy, en)" in table.stdout


def test_attribution_scores_without_labels_are_empty() -> None:
    scores = pipeline.attribution_scores([])
    assert (scores["checked"], scores["share_right"]) == (0, None)
    assert scores["by_status"]["attributed"] == {"gold": 0, "predicted": 0, "right": 0,
                                                 "precision": None, "recall": None}


def test_an_unknown_gold_attribution_is_said_not_silently_unscored(tmp_path: Path) -> None:
    """A trial's gold "attribution": "hidden" was silently never scored."""
    from sourcetrace.readers import read_gold

    gold = write_jsonl(tmp_path / "g.jsonl", [{"id": "a", "text": OTHER, "gold": {"article_id": None, "attribution": "hidden"}}])
    said: list = []
    [(_, label)] = list(read_gold([gold], said.append))
    assert label["attribution"] is None
    expected = "gold.attribution 'hidden' is none of unattributed, evasive, attributed: its attribution is not scored"
    assert [(p.line, p.reason, p.kind) for p in said] == [(1, expected, "warning")]


def test_a_gold_may_list_the_versions_of_one_story(tmp_path: Path) -> None:
    """Trial 78 labelled each copy with every indexed version of its story (a list): every such
    line was refused and eval scored the negatives alone. Any article of the list is right."""
    index = build(tmp_path)
    gold = write_jsonl(tmp_path / "gold.jsonl", [
        {"id": "g1", "lang": "en", "text": EXPO, "gold": {"article_id": ["gone-1", "xinhua-1"]}},
        {"id": "g2", "lang": "en", "text": EXPO, "gold": {"article_id": ["xinhua-1"]}},
        {"id": "g3", "lang": "en", "text": OTHER, "gold": {"article_id": ["gone-1", "gone-2"]}},
        {"id": "g4", "lang": "en", "text": OTHER, "gold": {"article_id": []}},
        {"id": "g5", "lang": "en", "text": OTHER, "gold": {"article_id": ["x", 3]}},
        {"id": "g6", "lang": "en", "text": OTHER, "gold": {"article_id": ["x", ""]}},
        {"id": "g7", "lang": "en", "text": OTHER, "gold": {"article_id": " xinhua-1"}},
    ])
    result = runner.invoke(app, ["eval", str(gold), "--index", str(index), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["overall"]["n"], report["overall"]["tp"], report["overall"]["fn"]) == (3, 2, 1)
    # g3's gold articles are none of them held: one post that can only be a miss
    assert report["gold_not_in_index"] == {"article_ids": 2, "posts": 1, "examples": ["gone-1", "gone-2"]}
    wrong = "'gold.article_id' must be a string, a list of 1 to 100 strings, or null — skipped"
    assert [line for line in result.stderr.splitlines() if "gold.article_id" in line] == [
        f"{gold}:4: {wrong}", f"{gold}:5: {wrong}", f"{gold}:6: 'gold.article_id' holds an empty id — skipped",
        f"{gold}:7: 'gold.article_id' ' xinhua-1' has spaces around it — skipped"]
    # --errors names every gold article of a miss
    listed = runner.invoke(app, ["eval", str(gold), "--index", str(index), "--errors"])
    assert "g3: gold gone-1 | gone-2 got None" in listed.stdout


def test_a_row_of_negatives_shows_no_precision(tmp_path: Path) -> None:
    """Trial 119 read "negative ... precision 0.000" in the copy-type table as a score: a row of
    posts that copy nothing has no precision to show, each match there being a false copy."""
    index = build(tmp_path)
    gold = write_jsonl(tmp_path / "gold.jsonl", [
        {"id": "g1", "lang": "en", "text": EXPO, "gold": {"article_id": "xinhua-1", "copy_type": "verbatim"}},
        {"id": "g2", "lang": "en", "text": EXPO, "gold": {"article_id": None, "copy_type": "negative"}},
    ])
    report = json.loads(runner.invoke(app, ["eval", str(gold), "--index", str(index), "--json"]).stdout)
    assert report["by_copy_type"]["negative"]["fp"] == 1  # the JSON keeps its figures
    result = runner.invoke(app, ["eval", str(gold), "--index", str(index)])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if "negative" in line)
    assert "0.000" not in row and "-" in row
    assert "no precision for a row of negatives: each fp there is a false copy" in result.stdout
