"""Every command through typer's CliRunner: exit codes, output, one-line errors."""

from __future__ import annotations

import gzip
import inspect
import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sourcetrace.cli.main import app
from sourcetrace.records import MAX_TEXT_CHARS

from .conftest import ARTICLES, REPO, write_jsonl

runner = CliRunner()
EXPO = ARTICLES[0]["text"].split("\n")[1].split(". ")[0] + "."


def invoke(*args: str, input: str | None = None):
    return runner.invoke(app, [str(a) for a in args], input=input)


@pytest.fixture
def built(tmp_path: Path, articles_file: Path) -> Path:
    path = tmp_path / "idx"
    result = invoke("index", "build", articles_file, "--index", path, "--encoder", "hash")
    assert result.exit_code == 0, result.output
    return path


def _commands(group, prefix=()):
    import typer.main

    click_group = typer.main.get_command(group)
    stack = [(click_group, prefix)]
    while stack:
        cmd, path = stack.pop()
        yield path, cmd
        for name, sub in getattr(cmd, "commands", {}).items():
            stack.append((sub, (*path, name)))


def test_every_command_has_help_text_and_is_in_the_readme():
    readme = (REPO / "README.md").read_text("utf-8")
    for path, cmd in _commands(app):
        assert cmd.help, f"{' '.join(path)} has no help text"
        result = invoke(*path, "--help")
        assert result.exit_code == 0, path
        if path:
            assert f"sourcetrace {' '.join(path)}" in readme, f"README does not document {' '.join(path)}"


def test_every_command_is_listed_on_one_line_of_its_group_help():
    """`sourcetrace index --help` listed stats over three lines cut mid-sentence ("Vector files
    changed since / they were written..."): a group lists the first paragraph of each command's
    help as it is written, line breaks kept, so that paragraph is one summary line. The command's
    own help keeps the line breaks of the paragraphs after it too ("the share copying state
    media, the / unattributed..."), so their lines fit 80 columns, as `check`'s do."""
    for path, cmd in _commands(app):
        first, *rest = inspect.cleandoc(cmd.help or "").split("\n\n")
        assert "\n" not in first, f"{' '.join(path)}: help's first paragraph spans lines: {first!r}"
        too_long = [line for line in "\n".join(rest).splitlines() if len(line) > 76]
        assert too_long == [], f"{' '.join(path)}: help lines wider than 80 columns"
    listing = runner.invoke(app, ["index", "--help"], env={"COLUMNS": "200"}).output
    (row,) = [line for line in listing.splitlines() if line.startswith("│ stats ")]
    assert " ".join(row.strip("│ ").split()) == "stats Show what an index holds: counts, encoder, outlets, dates, size."
    stats = runner.invoke(app, ["index", "stats", "--help"], env={"COLUMNS": "200"}).output
    assert "Vector files changed since they were written are a one-line error" in stats


def test_help_at_80_columns_cuts_no_word_and_names_no_python_type():
    """A tester read `./.sourcetrace/inde…`, `'sourcetrace[cluste…` in `index build --help` at 80
    columns (a `--replace --no-replace` pair had widened the option columns), and `<list[Path]>`
    as the type of every multi-file argument."""
    for path, _cmd in _commands(app):
        output = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "80"}).output
        assert "\u2026" not in output, f"{' '.join(path)} --help cuts a word at 80 columns"
        assert "list[" not in output, f"{' '.join(path)} --help names a Python list type"
    build = runner.invoke(app, ["index", "build", "--help"], env={"COLUMNS": "80"}).output
    assert "--no-replace" not in build and "sources...      <str>" in build


@pytest.mark.parametrize("module", ["sourcetrace", "sourcetrace.cli.main"])
def test_python_dash_m_runs_the_command(module: str):
    """Trial 106: `python -m sourcetrace` had no __main__, and `python -m sourcetrace.cli.main
    --help` printed nothing."""
    import subprocess
    import sys

    env = {**os.environ, "COLUMNS": "80"}
    done = subprocess.run([sys.executable, "-m", module, "--help"], check=False, capture_output=True, text=True,
                          timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert f"Usage: python -m {module}" in done.stdout and "index" in done.stdout


def test_help_shows_a_flag_as_a_flag_in_every_command():
    """A tester read `--no-screen <bool>`, `--help <bool>`: typer's rich help gave every flag a
    type column, as if it took a true/false argument (`--dayfirst true` is refused). Flags show
    none; options that take a value keep their type."""
    seen = set()
    for path, cmd in _commands(app):
        output = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200"}).output
        assert "<bool>" not in output, path
        for param in cmd.get_params(cmd.context_class(cmd)):
            if not getattr(param, "is_flag", False):
                continue
            (row,) = [line for line in output.splitlines()
                      if re.match(rf"│ +(\* +)?{re.escape(param.opts[0])} ", line)]
            names = [*param.opts, *param.secondary_opts]
            words = row.strip("│ *").split()
            assert words[: len(names)] == names, (path, row)  # then straight to the help text
            assert not words[len(names)].startswith("<"), (path, row)
            seen.add(param.opts[0])
    assert {"--help", "--version", "--dayfirst", "--replace", "--json", "--quiet"} <= seen
    check = runner.invoke(app, ["check", "--help"], env={"COLUMNS": "200"}).output
    assert re.search(r"│ --top +<int range> \[1<=x<=50\] +Matches reported per post", check)
    assert re.search(r"│ --index +<path> +Index folder", check)


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0 and re.match(r"sourcetrace \d+\.\d+", result.output)


def test_index_build_reports_counts_and_bad_records(tmp_path: Path):
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps(ARTICLES[0]) + "\n{broken\n" + json.dumps({"id": "x"}) + "\n" + json.dumps(ARTICLES[1]) + "\n")
    result = invoke("index", "build", src, "--index", tmp_path / "i", "--encoder", "hash")
    assert result.exit_code == 0, result.output
    assert f"{src}:2: invalid JSON" in result.stderr and f"{src}:3: missing 'text' — skipped" in result.stderr
    assert "indexed" in result.stderr and "2 articles" in result.stderr and "2 bad records skipped" in result.stderr
    # trial 83: a record with an indexed article's text under another id is named, with the id kept
    twin = tmp_path / "twin.jsonl"
    twin.write_text(json.dumps(dict(ARTICLES[0], id="twin-1")) + "\n")
    added = invoke("index", "add", twin, "--index", tmp_path / "i")
    assert added.exit_code == 0, added.output
    assert (f"note: 1 record had the text (or URL) of an article indexed under another id; find it under"
            f" that id: twin-1 as {ARTICLES[0]['id']}") in " ".join(added.stderr.split())


def test_an_article_that_names_no_language_has_it_read_from_its_text(tmp_path: Path):
    """Trial 85: an index built from records without "lang" (optional, the README says) stored no
    language, so no pair was one language or two: a French post of an English article was "a
    rewording in the article's own language" and no match was ever a translation. The writer reads
    the language of an article that names none from its text (index.writer.article_language) and
    says how many; a pair with an article stored without one (an older index) reads it too."""
    from sourcetrace import index as ix
    from sourcetrace.candidates import _pair_languages
    from sourcetrace.match import MatchConfig
    from sourcetrace.prepared import prepare
    from sourcetrace.records import Article, Post

    rows = [{"id": "en-1", "text": ARTICLES[0]["text"]}, {"id": "zh-1", "text": "国家主席习近平17日在旧金山出席亚太经合组织第三十次领导人非正式会议并发表讲话。"},
            {"id": "none", "text": "🙂 👍 2023 !!!"}, {"id": "fr-1", "text": "Bonjour à tous.", "lang": "fr"}]
    result = invoke("index", "build", write_jsonl(tmp_path / "a.jsonl", rows), "--index", tmp_path / "i",
                    "--encoder", "hash")
    assert result.exit_code == 0, result.output
    assert ("note: 3 articles named no language ('lang', or --lang for a source that names none): 2 read from"
            " the text; 1 too short or mixed for its text to tell (a word or two, links, emoji, hashtags or handles):"
            " indexed without one") in " ".join(result.stderr.split())
    store = ix.Index.open(tmp_path / "i").store
    assert {aid: store.article(store.aid_of(aid)).lang for aid in ("en-1", "zh-1", "none", "fr-1")} == \
        {"en-1": "en", "zh-1": "zh", "none": None, "fr-1": "fr"}
    post = prepare(Post(text="Le dialogue stratégique de haut niveau a été franc et constructif.", lang="fr"),
                   MatchConfig())
    assert _pair_languages(post, Article(id="old", text=ARTICLES[0]["text"])) == ("en", False, True)
    # an index built before the writer read languages: the match shows the language the pair was
    # judged in, not null (trial 85 saw "lang": null on every match of such an index)
    import sqlite3
    [db] = (tmp_path / "i").glob("store-*.sqlite")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE articles SET lang = NULL")
    copied = invoke("query", ARTICLES[0]["text"], "--index", tmp_path / "i", "--json")
    assert copied.exit_code == 0, copied.output
    found = json.loads(copied.stdout)
    assert found["status"] == "copy" and found["matches"][0]["article"]["lang"] == "en", copied.stdout


def test_index_add_is_idempotent(built: Path, articles_file: Path, tmp_path: Path):
    before = sorted(os.listdir(built))
    result = invoke("index", "add", articles_file, "--index", built)
    assert result.exit_code == 0 and "added 0 articles" in result.stderr and "3 already indexed" in result.stderr
    assert sorted(os.listdir(built)) == before  # no new generation for nothing (a trial saw one)
    more = write_jsonl(tmp_path / "more.jsonl", [{"id": "n1", "outlet": "cns", "text": "A new bridge opened in Wuhan city on Monday morning."}])
    result = invoke("index", "add", more, "--index", built)
    assert result.exit_code == 0 and "added 1 article " in result.stderr


def test_index_stats_table_and_json(built: Path):
    result = invoke("index", "stats", "--index", built, "--json")
    assert result.exit_code == 0
    info = json.loads(result.stdout)
    assert info["counts"]["articles"] == 3 and info["encoder"] == "hash"
    assert info["outlets"] == {"xinhua": 1, "cgtn": 1, "rt": 1} or set(info["outlets"]) == {"xinhua", "cgtn", "rt"}
    table = invoke("index", "stats", "--index", built)
    assert table.exit_code == 0 and "articles" in table.stdout and "hash" in table.stdout


def test_index_defaults_to_environment_variable(built: Path, monkeypatch):
    monkeypatch.setenv("SOURCETRACE_INDEX", str(built))
    result = invoke("index", "stats", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["path"] == str(built)


def test_query_table_and_json(built: Path):
    result = invoke("query", EXPO, "--index", built, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["status"] == "copy" and data["matches"][0]["article"]["id"] == "xinhua-1"
    assert set(data["post"]) == {"id", "author", "platform", "url", "created_at", "lang"}
    table = invoke("query", EXPO, "--index", built)
    assert table.exit_code == 0 and "xinhua-1" in table.stdout and "verbatim" in table.stdout
    miss = invoke("query", "-", "--index", built, input="Nothing in this sentence was ever published by anyone.")
    assert miss.exit_code == 0 and "no_match" in miss.stdout


def test_a_query_text_that_starts_with_a_dash_is_read_as_the_text(built: Path):
    """Trial 76: `query "-5% …" --index idx` was refused as an unknown option -5 (and the help's
    way out, after "--", was still what the README called a fault left alone). A word that starts
    with "-" and holds a space, or no letter after the dash, is the post's text wherever it
    stands; a mistyped option is still refused, and "--" still works."""
    text = "-" + EXPO
    for args in (("query", text, "--index", built, "--json"), ("query", "--index", built, "--json", text),
                 ("query", "--index", built, "--json", "--", text)):
        result = invoke(*args)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["matches"][0]["article"]["id"] == "xinhua-1"
    figure = invoke("query", "-5%", "--index", built)
    assert figure.exit_code == 0 and "no_match" in figure.stdout
    typo = invoke("query", "--idnex", built, EXPO)
    assert typo.exit_code != 0 and "No such option: --idnex" in typo.output
    letter = invoke("query", "-Hola", "--index", built)  # reads as options: said, with the way out
    assert letter.exit_code != 0 and "goes after '--'" in " ".join(letter.output.replace("│", " ").split())
    help_text = " ".join(invoke("query", "--help").stdout.replace("│", " ").split())
    assert "is read as the text" in help_text


def test_query_says_when_the_text_overrides_its_lang(built: Path):
    """--lang is the user's own word: when the text overrides it (README: a sure detection wins),
    query says so instead of answering in silence (a trial's --lang he on Spanish text)."""
    overridden = invoke("query", EXPO, "--lang", "he", "--index", built)
    assert overridden.exit_code == 0 and "note: --lang he not used: the text reads as en" in overridden.stderr
    kept = invoke("query", EXPO, "--lang", "en-GB", "--index", built)
    assert kept.exit_code == 0 and "note:" not in kept.stderr


def test_query_says_when_a_post_has_too_little_text(built: Path):
    """Emoji, a bare link or a few words cannot be compared with anything: query says that, not
    that no article passed the threshold (a trial read the latter as a search that failed)."""
    for text in ("🎉🎉🎉🔥", "https://t.co/abc123", "ok lol"):
        result = invoke("query", text, "--index", built)
        assert result.exit_code == 0 and "no_match: the post has too little text" in result.stdout, text
    longer = invoke("query", "Nothing in this sentence was ever published by anyone.", "--index", built)
    assert "no indexed article passes the threshold" in longer.stdout


def test_query_reads_stdin_as_input_files_are_read(built: Path):
    # a UTF-16 post (a Windows tool's clipboard or export) is text, with or without a BOM
    for data in (EXPO.encode("utf-16"), EXPO.encode("utf-16-le")):
        result = invoke("query", "-", "--index", built, "--json", input=data)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["matches"][0]["article"]["id"] == "xinhua-1"
    # binary data is refused in one line, as `check -` refuses it, not checked as a post
    for data in (gzip.compress(EXPO.encode()), bytes(range(256)) * 20):
        result = invoke("query", "-", "--index", built, input=data)
        assert result.exit_code == 1 and "<stdin>: not a text file" in result.stderr
        assert "Traceback" not in result.output
    # a byte that is no UTF-8 in a UTF-8 post is replaced and said, as `check` says it (trial 96)
    broken = EXPO.encode()[:40] + b"\xe2\x80 " + EXPO.encode()[40:]
    result = invoke("query", "-", "--index", built, "--json", input=broken)
    assert result.exit_code == 0 and "<stdin>: not valid UTF-8 (byte 0xe2" in result.stderr


def test_query_stdin_past_the_limit_is_said_without_a_made_up_length(built: Path):
    # reading stops past the limit: a trial saw "'text' is 200,001 characters" for 300,000
    for data in ("a " * 150_000, "x" * (MAX_TEXT_CHARS + 1), "中" * (MAX_TEXT_CHARS + 3) + "\n"):
        result = invoke("query", "-", "--index", built, input=data)
        assert result.exit_code == 1
        assert result.stderr == "Error: the post on stdin is over 200,000 characters, the limit\n"
    # the line end that ends the text (echo's) is no part of the post: a post at the limit passes
    for end in ("\n", "\r\n"):
        result = invoke("query", "-", "--index", built, "--json", input="x" * MAX_TEXT_CHARS + end)
        assert result.exit_code == 0, result.output


def test_prune_says_the_cutoff_as_it_is_applied(articles_file: Path, tmp_path: Path):
    # dates are compared as instants: a cutoff with an offset is the UTC instant it names, and
    # the message says that instant (a trial saw 2023-11-18T07:00:00+08:00 said as 2023-11-17)
    times = ["2024-03-09T22:00:00Z", "2024-03-09T23:30:00Z", "2024-03-10T06:00:00+08:00"]
    rows = [dict(a, published_at=t) for a, t in zip(ARTICLES, times)]
    path = tmp_path / "idx"
    built = invoke("index", "build", write_jsonl(tmp_path / "a.jsonl", rows), "--index", path, "--encoder", "hash")
    assert built.exit_code == 0, built.output
    dry = invoke("index", "prune", "--before", "2024-03-10T07:00:00+08:00", "--dry-run", "--index", path)
    assert dry.exit_code == 0
    assert dry.stderr == "would remove 2 articles published before 2024-03-09T23:00:00Z; 1 kept (0 undated)\n"
    day = invoke("index", "prune", "--before", "2024-03-10", "--dry-run", "--index", path)
    assert day.stderr == "would remove 3 articles published before 2024-03-10; 0 kept (0 undated)\n"
    future = invoke("index", "prune", "--before", "2999-01-01T05:00:00+01:00", "--index", path)
    assert future.exit_code == 1 and "--before: 2999-01-01T04:00:00Z is in the future" in future.stderr
    done = invoke("index", "prune", "--before", "2024-03-10T07:00:00+08:00", "--index", path)
    assert done.exit_code == 0 and done.stderr.startswith("removed 2 articles published before 2024-03-09T23:00:00Z (")
    stats = json.loads(invoke("index", "stats", "--index", path, "--json").stdout)
    assert stats["counts"]["articles"] == 1 and list(stats["outlets"]) == ["cgtn"]  # the one at 23:30Z


def test_check_writes_jsonl_and_summary(built: Path, tmp_path: Path):
    posts = tmp_path / "posts.jsonl"
    posts.write_text(
        json.dumps({"id": "a", "author": "u1", "text": EXPO}) + "\n"
        + "not json\n"
        + json.dumps({"id": "b", "text": "A sentence about nothing that was indexed at all, really."}) + "\n"
    )
    out = tmp_path / "out.jsonl"
    result = invoke("check", posts, "--index", built, "-o", out)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["post"]["id"] for r in rows] == ["a", "b"]
    assert [r["status"] for r in rows] == ["copy", "no_match"]
    assert f"{posts}:2: invalid JSON" in result.stderr
    assert "checked 2 posts: 1 copy, 1 no_match" in result.stderr
    assert "1 bad record skipped" in result.stderr
    assert not list(tmp_path.glob(".out.jsonl.partial-*"))
    assert f"results in {out}" in result.stderr


def test_check_to_stdout_names_no_results_file_and_counts_in_the_singular(built: Path, tmp_path: Path) -> None:
    posts = tmp_path / "one.jsonl"
    posts.write_text(json.dumps({"id": "a", "author": "u1", "text": EXPO}) + "\n")
    result = invoke("check", posts, "--index", built, "-o", "-")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.splitlines()[0])["post"]["id"] == "a"
    assert "checked 1 post: 1 copy, 0 no_match" in result.stderr
    assert "results in" not in result.stderr
    for flag in ("--csv", "--html", "--sqlite"):
        refused = invoke("check", posts, "--index", built, flag, "-")
        assert refused.exit_code == 1 and f"{flag} needs a file name" in refused.stderr
    assert not (Path.cwd() / "-").exists()


def test_check_refuses_outputs_that_are_folders_inputs_or_each_other_before_reading(
        built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each refused in one line, exit 1, before a post is read (no traceback, no work lost, the
    posts file left as it was)."""
    monkeypatch.chdir(tmp_path)
    posts = tmp_path / "posts.jsonl"
    original = json.dumps({"id": "a", "author": "u1", "text": EXPO}) + "\n"
    posts.write_text(original)
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.jsonl").symlink_to(posts)
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere" / "x.db")
    (tmp_path / "loopA").symlink_to(tmp_path / "loopB")  # a loop: never replaced by a file
    (tmp_path / "loopB").symlink_to(tmp_path / "loopA")
    cases = [
        (["-o", "."], "-o .: that is a folder"),
        (["-o", "/"], "-o /: that is a folder"),
        (["-o", ".."], "-o ..: that is a folder"),
        (["--csv", "."], "--csv .: that is a folder"),
        (["--html", "sub"], "--html sub: that is a folder"),
        (["-o", "posts.jsonl"], "-o posts.jsonl: that is an input file"),
        (["--csv", str(posts)], "that is an input file"),
        (["--sqlite", "link.jsonl"], "--sqlite link.jsonl: that is an input file"),
        (["-o", "dup.out", "--csv", "dup.out"], "-o and --csv both name dup.out"),
        (["--html", "r.html", "--csv", "./r.html"], "--csv and --html both name"),
        (["-o", str(built / "manifest.json")], "that is inside the index folder"),
        (["-o", "results.jsonl.gz"], "results are written uncompressed"),
        (["--csv", "results.csv.GZ"], "results are written uncompressed"),
        (["--sqlite", str(built / "new.db")], "that is inside the index folder"),
        (["-o", "nodir/r.jsonl"], "-o nodir/r.jsonl: no folder nodir; create it first"),
        (["--csv", "nodir/r.csv"], "--csv nodir/r.csv: no folder nodir"),
        (["-o", "loopA"], "-o loopA: Too many levels of symbolic links"),
        (["--sqlite", "dangling"], f"--sqlite dangling: no folder {tmp_path.resolve() / 'nowhere'}"),
        (["--sqlite", "loopA"], "--sqlite loopA: Too many levels of symbolic links"),
    ]
    for extra, message in cases:
        result = invoke("check", posts, "--index", built, *extra)
        assert result.exit_code == 1, (extra, result.output)
        assert message in result.stderr and "Traceback" not in result.output, (extra, result.stderr)
        assert "checked" not in result.stderr  # refused before checking
    assert posts.read_text() == original and (tmp_path / "loopA").is_symlink()
    assert not (tmp_path / "dup.out").exists() and not (tmp_path / "r.html").exists()
    # a folder of exports as input: no output inside it (it would be read as posts next time)
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "p.jsonl").write_text(original)
    for target in (exports / "p.jsonl", exports / "results.jsonl", exports / "deeper" / "r.csv"):
        result = invoke("check", exports, "--index", built, "-o", target)
        assert result.exit_code == 1 and "inside the input folder" in result.stderr, result.stderr
    assert (exports / "p.jsonl").read_text() == original and sorted(os.listdir(exports)) == ["p.jsonl"]
    manifest = (built / "manifest.json").read_text()
    assert invoke("check", posts, "--index", built).exit_code == 0
    assert (built / "manifest.json").read_text() == manifest


def test_outputs_are_written_through_links_and_into_fifos_never_replacing_them(
        built: Path, tmp_path: Path) -> None:
    """A fresh-user trial saw `-o /dev/null` (as root) turn /dev/null into a regular file: outputs
    were renamed over their path. A symbolic link is now written through to its target, a FIFO
    (or a device such as /dev/null) written into as it is; --sqlite refuses a FIFO in one line."""
    import stat
    import threading

    posts = tmp_path / "one.jsonl"
    posts.write_text(json.dumps({"id": "a", "author": "u1", "text": EXPO}) + "\n")
    target = tmp_path / "kept" / "results.csv"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = invoke("check", posts, "--index", built, "-o", fifo, "--csv", link, "--html", tmp_path / "r.html")
    reader.join(timeout=60)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and json.loads(got[0].decode().splitlines()[0])["post"]["id"] == "a"
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert "post_id" in target.read_text("utf-8-sig") and sorted(os.listdir(target.parent)) == ["results.csv"]
    refused = invoke("check", posts, "--index", built, "--sqlite", fifo)
    assert refused.exit_code == 1 and "that is not a regular file" in refused.stderr, refused.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_counted_takes_the_number_of_its_noun() -> None:
    from sourcetrace.results import counted

    assert counted(1, "post") == "1 post"
    assert counted(0, "post") == "0 posts"
    assert counted(2000, "bad record") == "2,000 bad records"
    assert counted(3, "copy", "copies") == "3 copies"


def test_check_plain_text_from_stdin(built: Path):
    result = invoke("check", "-", "--index", built, input=EXPO + "\n\nunrelated words about the weather in my garden today\n")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["post"]["id"] for r in rows] == ["stdin:1", "stdin:3"]
    assert rows[0]["status"] == "copy"


def test_an_empty_input_is_said_to_hold_no_posts(built: Path, tmp_path: Path):
    empty = tmp_path / "posts.jsonl"
    empty.write_text("")
    result = invoke("check", str(empty), "--index", built)
    assert result.exit_code == 0 and result.stdout == ""
    assert "checked 0 posts" in result.stderr and "the input holds no posts" in result.stderr
    # a file with posts does not say so
    assert "holds no posts" not in invoke("check", "-", "--index", built, input=EXPO + "\n").stderr


def test_eval_reports_precision_recall(built: Path, tmp_path: Path):
    gold = write_jsonl(tmp_path / "gold.jsonl", [
        {"id": "g1", "lang": "en", "text": EXPO, "gold": {"article_id": "xinhua-1", "copy_type": "verbatim"}},
        {"id": "g2", "lang": "en", "text": "My neighbour planted tomatoes and beans in the garden.", "gold": {"article_id": None, "copy_type": "negative"}},
    ])
    result = invoke("eval", gold, "--index", built, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["overall"]["tp"] == 1 and report["overall"]["fp"] == 0
    assert report["overall"]["precision"] == 1.0 and report["overall"]["recall"] == 1.0
    assert report["by_copy_type"]["verbatim"]["recall"] == 1.0
    assert report["reliability"]["at_least"][0] == {"confidence": 0.5, "n": 1, "right": 1.0}
    table = invoke("eval", gold, "--index", built)
    assert table.exit_code == 0 and "precision" in table.stdout
    assert "reliability" in table.stdout and ">= 0.99" in table.stdout
    # untagged posts are counted under the language the matcher detected, not "?"
    untagged = write_jsonl(tmp_path / "untagged.jsonl", [
        {"id": "g1", "text": EXPO, "gold": {"article_id": "xinhua-1", "copy_type": "verbatim"}},
    ])
    by_lang = json.loads(invoke("eval", untagged, "--index", built, "--json").stdout)["by_lang"]
    assert list(by_lang) == ["en"]


@pytest.mark.parametrize(
    "args, message",
    [
        (("query", "some text here", "--index", "{missing}"), "no index at"),
        (("check", "{missing}/posts.jsonl", "--index", "{built}"), "no such file"),
        (("query", "some text here", "--index", "{built}", "--encoder", "use"), "built with encoder 'hash'"),
        (("index", "build", "{articles}", "--index", "{missing}", "--encoder", "nope"), "Unknown encoder: nope"),
        (("index", "build", "{articles}", "--index", "{built}", "--encoder", "hash"), "already exists"),
        (("query", "   ", "--index", "{built}"), "empty post text"),
        (("query", "Hola", "--lang", "klingon", "--index", "{built}"), "--lang: 'klingon' is no language tag"),
        (("check", "{articles}", "--index", "{articles}"), "articles.jsonl: not an index folder (a file)"),
        (("index", "add", "{articles}", "--index", "{articles}"), "articles.jsonl: not an index folder (a file)"),
        (("index", "build", "{articles}", "--index", "{articles}", "--encoder", "none"), "not an index folder (a file)"),
        (("query", "some text", "--index", "{articles}/idx"), "articles.jsonl is a file)"),
    ],
)
def test_user_errors_are_one_line_with_exit_1(args, message, built: Path, articles_file: Path, tmp_path: Path):
    values = {"missing": tmp_path / "missing", "built": built, "articles": articles_file}
    result = invoke(*[a.format(**values) for a in args])
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0]
    assert "Traceback" not in result.output


def test_usage_error_exits_2(articles_file: Path):
    assert invoke("check").exit_code == 2
    assert invoke("frobnicate").exit_code == 2
    # an unknown --format is one too, with the formats named (trial 50: it exited 1)
    result = invoke("check", str(articles_file), "--format", "xml")
    assert result.exit_code == 2 and "unknown format 'xml'" in result.output and "mastodon" in result.output


def test_sigterm_ends_check_as_an_interrupt_does(articles_file: Path, tmp_path: Path):
    """A job scheduler's timeout sends SIGTERM: check ends through its clean-up, as on Ctrl-C,
    leaving no half-written output (a trial found one) and no hidden `.partial` file but the
    JSONL results written so far, whole lines, for `check --resume` (trial 108), exit 143."""
    import signal
    import subprocess
    import sys
    import time

    built = tmp_path / "lexical"  # a subprocess cannot load the tests' hash encoder
    assert invoke("index", "build", articles_file, "--index", built, "--encoder", "none").exit_code == 0
    posts = tmp_path / "many.jsonl"
    with posts.open("w", encoding="utf-8") as fh:
        for i in range(200_000):
            fh.write(json.dumps({"id": str(i), "text": f"Una frase cualquiera sobre la cocina, la {i}.ª vez."}) + "\n")
    out = tmp_path / "out" / "r.jsonl"
    out.parent.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-c", "from sourcetrace.cli.main import run; run()", "check", str(posts),
         "--index", str(built), "-o", str(out), "--csv", str(out.with_suffix(".csv")), "--quiet"],
        stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120

    def written() -> bool:
        return any(b"\n" in p.read_bytes() for p in out.parent.glob(".r.jsonl.partial-*") if p.suffix != ".meta")

    while not written() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "check ended before it could be stopped"
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 143 and stderr.strip().endswith("terminated"), stderr
    partial, meta = sorted(os.listdir(out.parent))  # the CSV's is removed; the sidecar --resume verifies with
    assert partial == f".r.jsonl.partial-{proc.pid}" and meta == f"{partial}.meta"
    whole = (out.parent / partial).read_text("utf-8").split("\n")[:-1]  # a line cut mid-write is no result
    ids = [json.loads(line)["post"]["id"] for line in whole]
    assert ids == [str(i) for i in range(len(ids))] and ids
    assert f"{len(ids):,} results (posts 1-{len(ids):,}) kept in {out.parent / partial}: run the same" \
        " command with --resume to continue from there" in stderr


def test_repeated_problems_are_counted_per_file_and_reason(built: Path, tmp_path: Path) -> None:
    """As `check` reads them: each file and reason shown up to 3 times, all of them counted."""
    # "note" is no text's name ("body" is read as the text since trial 109)
    rows = [{"id": f"n{i}", "note": "no text column"} for i in range(6)] + [{"id": "ok", "text": EXPO}]
    rows[2] = {"id": "w", "text": 5}
    first = write_jsonl(tmp_path / "a.jsonl", rows)
    second = write_jsonl(tmp_path / "b.jsonl", rows[:4])
    result = invoke("check", first, second, "--index", built)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith((str(first), str(second)))]
    assert [line.split(": ", 1)[0] for line in lines] == [
        f"{first}:1", f"{first}:2", f"{first}:3", f"{first}:4", f"{first}",
        f"{second}:1", f"{second}:2", f"{second}:3", f"{second}:4"]
    assert lines[4].endswith("more records skipped for the same reason (missing 'text'): counted, not listed one by one")
    assert "10 bad records skipped" in result.stderr


def test_the_readme_json_example_has_the_fields_check_writes(built: Path):
    """Seventh trial: the README's example lacked article.origin and attribution.sibling."""
    readme = (REPO / "README.md").read_text("utf-8")
    example = json.loads(readme.split("## Output (one JSON object per post)\n\n```json\n")[1].split("\n```")[0])
    data = json.loads(invoke("query", EXPO + " (Xinhua)", "--index", built, "--json").stdout)
    shown, written = example["matches"][0], data["matches"][0]
    assert set(example) == set(data) and set(example["post"]) == set(data["post"])
    assert set(shown) == set(written)
    for key in ("article", "attribution"):
        assert set(shown[key]) == set(written[key]), key


def test_query_help_says_encoding_is_for_stdin():
    text = CliRunner().invoke(app, ["query", "--help"], env={"COLUMNS": "300"}).output
    assert "Encoding of the post read from stdin" in text and "input files" not in text


def test_query_says_how_it_read_a_date_that_reads_both_ways(small_index: Path) -> None:
    """Trial 12: `query --date 01/11/2021` was read as 11 January in silence (a copy was then held
    back as 284 days before its article), and query had no --dayfirst as check has."""
    text = ARTICLES[0]["text"].split("\n")[1]
    month = runner.invoke(app, ["query", text, "--index", str(small_index), "--date", "01/11/2021", "--json"])
    assert month.exit_code == 0, month.output
    assert "read month first (--dayfirst reads it day first), as 2021-01-11" in month.stderr
    assert json.loads(month.stdout)["post"]["created_at"].startswith("2021-01-11")
    day = runner.invoke(app, ["query", text, "--index", str(small_index), "--date", "01/11/2021", "--dayfirst",
                              "--json"])
    assert json.loads(day.stdout)["post"]["created_at"].startswith("2021-11-01") and "read day first" in day.stderr
    plain = runner.invoke(app, ["query", text, "--index", str(small_index), "--date", "2021-11-01", "--json"])
    assert plain.exit_code == 0 and "reads both ways" not in plain.stderr


def test_many_unknown_outlet_ids_are_summed_up_in_one_line(tmp_path: Path) -> None:
    """Trial 102: 1,491 tweets with each account's handle as the outlet gave 270 warning lines. The
    first index_cmd.UNKNOWN_SHOWN get a line each (most articles first), the others one line."""
    from sourcetrace.cli import index_cmd

    rows = [{"id": f"a{i}-{j}", "outlet": f"account{i:02d}x", "text": f"Story {j} of account {i} about the harvest."}
            for i in range(12) for j in range(12 - i)]
    result = invoke("index", "build", write_jsonl(tmp_path / "a.jsonl", rows), "--index", tmp_path / "idx",
                    "--encoder", "none")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "outlet" in line and "registry" in line]
    shown = index_cmd.UNKNOWN_SHOWN
    assert len(lines) == shown + 1
    assert lines[0].startswith("warning: 12 articles have outlet 'account00x'")
    assert lines[-1].startswith(f"warning: {12 - shown} other outlet ids (") and "account11x" in lines[-1]


def test_index_build_and_add_name_the_outlet_ids_the_registry_does_not_know(tmp_path: Path) -> None:
    """Trial 74: articles of `people`, `shanghaidaily` (now an outlet) and `chinatoday` (benchmarks/condensed)
    were indexed without a word, so no one knew a credit to them could not be checked. One line
    per id, with its count and what it is read as or the nearest registry id; exit 0."""
    rows = [{"id": f"p{i}", "outlet": "people", "text": f"Article {i} on the harvest in Henan province this year."}
            for i in range(3)]
    rows += [{"id": "s1", "outlet": "thepapercn", "text": "Qinghai Lake grew by 381 square kilometres."},
             {"id": "z1", "outlet": "zzqx", "text": "A railway line opened in Kenya this week."},
             {"id": "x1", "outlet": "xinhua", "text": "Trade between China and Russia grew fast."}]
    path = tmp_path / "idx"
    result = invoke("index", "build", write_jsonl(tmp_path / "a.jsonl", rows), "--index", path, "--encoder", "none")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "outlet '" in line]
    checked = ("credits to it are read as its handle (@id, a profile link, or the id after 'vía' or a platform label),"
               " and a credit to any outlet counts")
    people = (f"warning: 3 articles have outlet 'people', which the outlet registry does not know: {checked};"
              " nearest registry id: 'peoplesdaily' (People's Daily): relabel them with it if that is their outlet")
    shanghai = ("note: 1 article has outlet 'thepapercn', not an id of the outlet registry: read as 'sumg'"
                " (Shanghai United Media Group)")
    nothing = (f"warning: 1 article has outlet 'zzqx', which the outlet registry does not know: {checked};"
               " registry ids: sourcetrace outlets list")
    assert lines == [people, shanghai, nothing]
    added = invoke("index", "add", write_jsonl(tmp_path / "b.jsonl", [
        {"id": "c1", "outlet": "chinatoday", "text": "A new bridge opened over the Yangtze river."}]), "--index", path)
    assert added.exit_code == 0, added.output
    assert "warning: 1 article has outlet 'chinatoday', which the outlet registry does not know" in added.output
    assert "nearest registry id: 'cicg'" in added.output
    feeds = tmp_path / "feeds.toml"
    feeds.write_text('[[feed]]\noutlet = "peoples"\nlang = "en"\nurl = "http://127.0.0.1:9/rss"\n', "utf-8")
    updated = invoke("index", "update", "--feeds", feeds, "--index", tmp_path / "none")
    assert "warning: 1 feed has outlet 'peoples', which the outlet registry does not know" in updated.output
