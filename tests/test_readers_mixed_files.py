"""Several post files of different formats in one run (trial 72): column options for one file
must not lose another, and a table's text column is told alike in CSV and tab-separated files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from sourcetrace.errors import InputError
from sourcetrace.readers import Problem, read_posts
from sourcetrace.records import Post

COLUMNS = {"text": "body", "id": "post_id", "author": "user", "created_at": "date"}
APPLIES = "(a column option applies to the files that have its column)"


def read(*paths: Path, **options: object) -> tuple[list[Post], list[Problem]]:
    problems: list[Problem] = []
    posts = list(read_posts(list(paths), problems.append, **options))  # type: ignore[arg-type]
    return posts, problems


def _jsonl(path: Path) -> Path:
    rows = [{"id": "a25", "author": "noticias_hoy", "created_at": "2023-11-19T08:00:00Z",
             "text": "Novak Djokovic garantiu pela oitava vez o troféu de número 1 do mundo."},
            {"id": "c35", "author": "globalwatcher", "created_at": "2023-11-20T09:01:00Z",
             "text": "Quel match de snooker hier soir, je suis resté scotché jusqu'à minuit !"}]
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), "utf-8")
    return path


def _csv(path: Path) -> Path:
    path.write_text("post_id;user;date;body\n"
                    "c56;acct_pt_07;2023-11-19T14:06:00Z;Il vertice APEC non cambierà nulla per noi.\n", "utf-8")
    return path


# --- bug 1: column options apply to the files that have the column -------------------------------


def test_column_options_for_a_csv_do_not_lose_the_jsonl_beside_it(tmp_path: Path) -> None:
    """Trial 72: `check dump.jsonl dump.csv --text-col body ...` skipped all the JSONL's records
    ("missing 'body' (--text-col)") and exited 0."""
    posts, problems = read(_jsonl(tmp_path / "dump.jsonl"), _csv(tmp_path / "dump.csv"), columns=COLUMNS)
    assert [(p.id, p.author, (p.created_at or "")[:10]) for p in posts] == [
        ("a25", "noticias_hoy", "2023-11-19"), ("c35", "globalwatcher", "2023-11-20"),
        ("c56", "acct_pt_07", "2023-11-19")]
    assert posts[0].text.startswith("Novak") and posts[2].text.startswith("Il vertice")
    said = ("no 'body' (--text-col), 'post_id' (--id-col), 'user' (--author-col) or 'date' (--time-col)"
            f" in its first record: its own 'text', 'id', 'author' and 'created_at' are read {APPLIES}")
    assert [(Path(p.path).name, p.line, p.kind, p.reason) for p in problems] == [("dump.jsonl", 0, "note", said)]


def test_a_csv_without_the_named_column_reads_its_own(tmp_path: Path) -> None:
    """A CSV whose header names 'text' but not the --text-col column was an error that stopped
    the run; a header with neither still is one (a typo is not read as another column)."""
    own = tmp_path / "own.csv"
    own.write_text("id,text\n1,hola mundo\n", "utf-8")
    posts, problems = read(_csv(tmp_path / "dump.csv"), own, columns={"text": "body"})
    assert [p.text for p in posts] == ["Il vertice APEC non cambierà nulla per noi.", "hola mundo"]
    assert [(Path(p.path).name, p.reason) for p in problems if p.path == str(own)] == [
        ("own.csv", f"no 'body' (--text-col) in its header: its own 'text' is read {APPLIES}")]
    neither = tmp_path / "neither.csv"
    neither.write_text("id,message\n1,hola mundo\n", "utf-8")
    with pytest.raises(InputError, match=r"no column 'body' for 'text' \(columns: id, message\)"):
        read(neither, columns={"text": "body"})


def test_a_platform_record_without_the_named_key_is_read_as_its_platform_writes_it(tmp_path: Path) -> None:
    path = tmp_path / "tweets.jsonl"
    tweet = {"id_str": "17", "full_text": "Xi met Biden in San Francisco on Wednesday.",
             "user": {"screen_name": "someone"}, "created_at": "Wed Nov 15 10:00:00 +0000 2023"}
    path.write_text(json.dumps(tweet) + "\n", "utf-8")
    posts, problems = read(path, columns={"text": "body"})
    assert [(p.text, p.author) for p in posts] == [("Xi met Biden in San Francisco on Wednesday.", "@someone")]
    assert [p.reason for p in problems] == [
        f"no 'body' (--text-col) in its first record: read as its platform writes it {APPLIES}"]


def test_a_record_with_neither_key_is_still_said_by_the_named_one(tmp_path: Path) -> None:
    """Trial 20's wording is kept where the file has neither the named key nor its own."""
    path = tmp_path / "posts.jsonl"
    path.write_text(json.dumps({"id": "a", "message": "hello there friend"}) + "\n", "utf-8")
    posts, problems = read(path, columns={"text": "body"})
    assert posts == [] and [p.reason for p in problems] == ["missing 'body' (--text-col)"]


# --- bug 2: a table's text column is told alike in CSV and tab-separated files -------------------


@pytest.mark.parametrize(("name", "sep"), [("dump.csv", ";"), ("dump.csv", ","), ("dump.tsv", "\t"),
                                           ("dump.txt", "\t")])
def test_a_lone_body_column_is_the_text_in_csv_as_in_tsv(tmp_path: Path, name: str, sep: str) -> None:
    """Trial 72: without --text-col a .csv whose header named 'body' stopped the run ("no 'text'
    column"), while the README says a tab-separated file with such a header is read as a table."""
    path = tmp_path / name
    path.write_text(sep.join(["post_id", "user", "date", "body"]) + "\n"
                    + sep.join(["c56", "acct_pt_07", "2023-11-19T14:06:00Z", "Il vertice APEC non cambierà nulla."])
                    + "\n" + sep.join(["c57", "acct_pt_08", "2023-11-20T14:06:00Z", "Secondo messaggio."]) + "\n",
                    "utf-8")
    posts, problems = read(path)
    assert [p.text for p in posts] == ["Il vertice APEC non cambierà nulla.", "Secondo messaggio."]
    assert ("column 'body' is read as the posts' text (no column is named 'text'; pass --text-col to read"
            " another)") in [p.reason for p in problems]


def test_a_header_with_two_text_columns_is_still_refused(tmp_path: Path) -> None:
    """Which of 'body' and 'message' (or 'body' and 'content') holds the post is not guessed: the
    CSV is refused in one line, and a tab-separated *.txt is read one post a line, as before."""
    for header in ("id,body,message", "id,body,content"):
        path = tmp_path / "two.csv"
        path.write_text(f"{header}\n1,a,b\n", "utf-8")
        with pytest.raises(InputError, match=r"no 'text' column \(columns: id, body, "):
            read(path)
    text = tmp_path / "two.txt"
    text.write_text("id\tbody\tmessage\n1\ta\tb\n2\tc\td\n", "utf-8")
    posts, problems = read(text)
    assert len(posts) == 3 and "looks like a tab-separated table" in problems[0].reason


def test_a_csv_without_a_text_column_is_refused_before_any_file_is_read(tmp_path: Path) -> None:
    """Trial 72: the refusal came after the models had loaded (9 s), and the other files were not
    checked either. read_posts now raises when called, before a record is read; `check` calls it
    before it opens the index."""
    from typer.testing import CliRunner

    from sourcetrace.cli.main import app

    bad = tmp_path / "bad.csv"
    bad.write_text("post_id,user,cuerpo\n1,a,hola\n", "utf-8")
    with pytest.raises(InputError, match="no 'text' column"):
        read_posts([_jsonl(tmp_path / "dump.jsonl"), bad], lambda _: None)  # not iterated
    result = CliRunner().invoke(app, ["check", str(tmp_path / "dump.jsonl"), str(bad),
                                      "--index", str(tmp_path / "no-index")])
    assert result.exit_code == 1
    assert "no 'text' column (columns: post_id, user, cuerpo); use --text-col cuerpo" in result.output


# --- trial 73: an id column, two text columns, an export beside a column option -------------------


def test_a_post_id_column_is_read_and_an_article_id_only_hinted(tmp_path: Path) -> None:
    """Trial 73: `post_id,user,body` — the ids fell back to FILE:LINE without a word, then were
    only hinted. A post table's one id column named after its posts is read, said in one line;
    an "article_id" (what a post links to, perhaps) is not a post's id: only hinted."""
    path = tmp_path / "b.csv"
    path.write_text("post_id,user,body\nc4,cu,Daniel Sturridge saved Liverpool from a loss.\n", "utf-8")
    posts, problems = read(path)
    assert [(p.id, p.author) for p in posts] == [("c4", "cu")]
    assert "column 'post_id' is read as the posts' id (no column is named 'id'; pass --id-col to read another)" in [
        p.reason for p in problems]
    posts, problems = read(path, columns={"id": "post_id"})
    assert [p.id for p in posts] == ["c4"] and not [p for p in problems if "--id-col" in p.reason]
    path.write_text("article_id,body\nc4,Daniel Sturridge saved Liverpool from a loss.\n", "utf-8")
    posts, problems = read(path)
    assert [p.id for p in posts] == ["b:2"]
    assert "column 'article_id' is not read as the posts' id: pass --id-col article_id if it holds it" in [
        p.reason for p in problems]


def test_the_columns_of_an_export_in_other_languages_are_read(tmp_path: Path) -> None:
    """Trial 104: a Portuguese export's `post_id` and `username` got hints, its date
    `data_publicacao` (and `idioma`, `link`) none, and a user following the hints lost every
    date; then every column was hinted, and trial 106's Spanish user, not rerunning with five
    options, lost them all. Each column whose name and cells say what it holds is read."""
    path = tmp_path / "export.csv"
    path.write_text("post_id;username;data_publicacao;conteudo;idioma;link;curtidas\n"
                    "C01;acct;14/11/2023 00:20;Gaza: mais de 11.000 mortos;pt;https://x.com/a/status/1;0\n", "utf-8")
    posts, problems = read(path, columns={"text": "conteudo"})
    assert [p.reason for p in problems] == [
        f"column {name!r} is read as the posts' {field} (no column is named '{field}'; pass {option} to read another)"
        for name, field, option in (("post_id", "id", "--id-col"), ("data_publicacao", "created_at", "--time-col"),
                                    ("username", "author", "--author-col"), ("link", "url", "--url-col"),
                                    ("idioma", "lang", "--lang-col"))]
    read_as = (posts[0].id, posts[0].author, posts[0].created_at, posts[0].lang, posts[0].url)
    assert read_as == ("C01", "acct", "2023-11-14T00:20:00+00:00", "pt", "https://x.com/a/status/1")
    posts, problems = read(path, columns={"text": "conteudo", "id": "post_id", "author": "username",
                                          "created_at": "data_publicacao", "lang": "idioma", "url": "link"})
    assert not problems and (posts[0].id, posts[0].author, posts[0].created_at, posts[0].lang, posts[0].url) == read_as
    # cells of another shape: the name alone does not settle it, the column is only hinted (a
    # language named in words, "português", is one's shape: read, trial 112)
    path.write_text("conteudo;idioma;link\nGaza: mais de 11.000 mortos;ver abaixo;ver foto\n", "utf-8")
    posts, problems = read(path)
    assert (posts[0].lang, posts[0].url) == (None, None)
    assert [p.reason for p in problems][1:] == [
        "column 'link' is not read as the posts' url: pass --url-col link if it holds it",
        "column 'idioma' is not read as the posts' lang: pass --lang-col idioma if it holds it"]


def test_a_text_column_named_in_another_language_is_read_and_so_are_its_other_columns(tmp_path: Path) -> None:
    """Trial 106: a Spanish export's `texto` was refused ("use --text-col texto") and its
    `id_publicacion` got no hint, then a hint only (as its date, author and link did)."""
    path = tmp_path / "publicaciones.csv"
    path.write_text("\ufeffid_publicacion;usuario;fecha;texto;idioma;enlace;retuits\n"
                    "c01;acct;17/11/2023 06:31;China presenta su primera locomotora eléctrica.;es;"
                    "https://x.com/a/status/1;7\n", "utf-8")
    posts, problems = read(path)
    assert [(p.text, p.id, p.author, p.created_at, p.url) for p in posts] == [(
        "China presenta su primera locomotora eléctrica.", "c01", "acct", "2023-11-17T06:31:00+00:00",
        "https://x.com/a/status/1")]
    reasons = [p.reason for p in problems]
    assert reasons[:2] == [
        "column 'texto' is read as the posts' text (no column is named 'text'; pass --text-col to read another)",
        "column 'id_publicacion' is read as the posts' id (no column is named 'id'; pass --id-col to read another)"]
    from sourcetrace.readers.columns import hinted

    assert hinted(["id_publicación", "ID Publicação", "id_публикации", "publication"], "id") == [
        "id_publicación", "ID Publicação", "id_публикации"]
    for name in ("текст", "内容", "نص", "conteúdo", "Mensaje"):
        path.write_text(f"id,{name}\n1,Hola a todos desde Madrid\n", "utf-8")
        assert [p.text for p in read(path)[0]] == ["Hola a todos desde Madrid"], name
    # two names that may each hold the text: none is chosen, both advised
    path.write_text("id,texto,contenido\n1,Hola,Adiós\n", "utf-8")
    with pytest.raises(InputError, match="use --text-col texto or --text-col contenido"):
        read(path)


@pytest.mark.parametrize("name", [
    "data", "data_publicacao", "Data de publicação", "fecha", "fecha_publicacion", "Fecha de publicación",
    "date_publication", "publié_le", "datum", "Veröffentlicht", "veroeffentlicht_am", "data_pubblicazione",
    "дата", "дата_публикации", "日期", "发布时间", "created", "timestamp", "published", "posted_at",
    "createdAt", "datePublished", "Post Created", "data e hora"])
def test_date_columns_of_research_exports_are_hinted(name: str) -> None:
    from sourcetrace.readers.columns import hinted

    assert hinted([name], "created_at") == [name]


@pytest.mark.parametrize(("field", "names"), [
    ("created_at", ["time_zone", "hora", "post", "tweet", "date_modified", "updated_at", "message_id"]),
    ("url", ["links", "expanded_url", "image_url", "profile_url"]),
    ("lang", ["languages", "language_model"]),
    ("author", ["user_id", "display_name", "account_id"]),
])
def test_names_that_hold_something_else_are_not_hinted(field: str, names: list[str]) -> None:
    from sourcetrace.readers.columns import hinted

    assert hinted(names, field) == []


def test_several_columns_that_may_hold_a_field_are_named_together(tmp_path: Path) -> None:
    """A "Date" and a "Time" column: no name says which holds the post's date, so neither is
    chosen for the user."""
    path = tmp_path / "two.csv"
    path.write_text("text,Date,Time\nhello there,14/11/2023,10:00\n", "utf-8")
    _, problems = read(path)
    assert [p.reason for p in problems] == [
        "columns 'Date' and 'Time' are not read as the posts' created_at: pass --time-col with the one that holds it"]


def test_two_text_columns_are_both_named_in_the_refusal(tmp_path: Path) -> None:
    """Trial 73: `id,body,message` was advised "--text-col message" only."""
    for header, advice in (("id,body,message", "use --text-col body or --text-col message"),
                           ("id,content,body", "use --text-col content or --text-col body")):
        path = tmp_path / "two.csv"
        path.write_text(f"{header}\nd0,one,two\n", "utf-8")
        with pytest.raises(InputError) as info:
            read(path)
        assert str(info.value) == (f"{path}: no 'text' column (columns: {header.replace(',', ', ')});"
                                   f" {advice}, for the column that holds the text")


def test_an_export_beside_a_column_option_says_it_is_read_as_its_platform_writes_it(tmp_path: Path) -> None:
    """Trial 73: with --text-col body, the JSONL and twarc2 files each said they fell back to
    their own fields; a Mastodon outbox beside them was silent."""
    outbox = {"@context": "https://www.w3.org/ns/activitystreams", "orderedItems": [
        {"type": "Create", "published": "2023-11-19T08:00:00Z", "object": {
            "id": "https://m.example/1", "content": "<p>Xi met Biden in San Francisco.</p>"}}]}
    path = tmp_path / "outbox.json"
    path.write_text(json.dumps(outbox), "utf-8")
    posts, problems = read(path, _csv(tmp_path / "dump.csv"), columns={"text": "body"})
    assert len(posts) == 2
    assert [p.reason for p in problems if p.path == str(path)] == [
        f"no 'body' (--text-col) in a Mastodon outbox: read as its platform writes it {APPLIES}"]


def test_index_build_reads_each_article_file_by_the_column_it_has(tmp_path: Path) -> None:
    """The column options of `index build` apply per file as `check`'s do: a JSONL of articles
    beside a CSV whose text column is 'content' is read by its own 'text', said in one line, and
    `--help` says so."""
    from typer.testing import CliRunner

    from sourcetrace.cli.main import app

    csv_file = tmp_path / "a.csv"
    csv_file.write_text('id,content,outlet\na1,"Trade between China and Russia grew fast this year.",xinhua\n', "utf-8")
    jsonl_file = tmp_path / "b.jsonl"
    jsonl_file.write_text(json.dumps({"id": "b1", "text": "A railway line opened in Kenya this week.",
                                      "outlet": "cgtn"}) + "\n", "utf-8")
    result = CliRunner().invoke(app, ["index", "build", str(csv_file), str(jsonl_file), "--text-col", "content",
                                      "--encoder", "none", "--index", str(tmp_path / "idx")])
    assert result.exit_code == 0, result.output
    assert "no 'content' (--text-col) in its first record: its own 'text' is read" in result.output
    assert "indexed 2 articles" in result.output
    shown = CliRunner().invoke(app, ["index", "build", "--help"], env={"COLUMNS": "300"}).output
    assert "applies to the files that have its column" in " ".join(shown.split())


# --- trial 74: a column of numbers is no text column ---------------------------------------------

_TOOL_HEADER = ["post_id", "screen_name", "created", "body", "retweets"]
_TOOL_ROWS = [["1", "@noticias_x", "2024-10-22 08:00", "Fuerte sismo de magnitud 8,0 en Hokkaido:\nun muerto.", "3"],
              ["2", "@noticias_x", "22/10/2024 09:00", 'RT "dice verdades que otros esconden".', "1 204"],
              ["3", "@persona", "", "hoy llueve en Madrid, ni modo", ""]]


def _table(path: Path, width: int) -> Path:
    """The research tool's table of trial 74 (BOM, CRLF, a line break and quotes inside a cell),
    its first `width` columns, comma-separated in *.csv, tab-separated otherwise."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter="," if path.suffix == ".csv" else "\t")
        writer.writerows(row[:width] for row in [_TOOL_HEADER, *_TOOL_ROWS])
    return path


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".txt"])
def test_a_count_column_beside_body_leaves_body_the_text(tmp_path: Path, suffix: str) -> None:
    """Trial 74: a research tool's `post_id,screen_name,created,body,retweets` was refused ("use
    --text-col body or --text-col retweets"), while the same file without 'retweets' was read by
    'body'. A column whose cells are all numbers (or empty) is no text column."""
    for width in (5, 4):
        posts, problems = read(_table(tmp_path / f"export{width}{suffix}", width))
        assert [p.text[:14] for p in posts] == ["Fuerte sismo d", 'RT "dice verda', "hoy llueve en "]
        assert ("column 'body' is read as the posts' text (no column is named 'text'; pass --text-col to read"
                " another)") in [p.reason for p in problems]


def test_a_count_column_is_not_advised_as_the_text(tmp_path: Path) -> None:
    """Where two text-like names are left, the refusal names those two, not the count; a column
    whose name says 'tweet' and whose cells hold words is still one of them."""
    path = tmp_path / "two.csv"
    path.write_text("id,body,message,retweets\nd0,one,two,3\nd1,uno,dos,\n", "utf-8")
    with pytest.raises(InputError) as info:
        read(path)
    assert str(info.value).endswith("; use --text-col body or --text-col message, for the column that holds the text")
    path.write_text("id,body,retweets\nd0,one,3\nd1,uno,RT por favor\n", "utf-8")
    with pytest.raises(InputError, match="use --text-col body or --text-col retweets"):
        read(path)


def test_a_count_column_is_told_from_a_bounded_sample_of_rows(tmp_path: Path) -> None:
    """The cells are looked at in the first rows only (`csvfile.SAMPLE_ROWS`), before the models
    load: a file of many rows is not read whole to settle its header."""
    from sourcetrace.readers.formats.csvfile import SAMPLE_ROWS

    path = tmp_path / "long.csv"
    path.write_text("id,body,retweets\n" + "".join(f"r{i},post number {i},{i}\n" for i in range(SAMPLE_ROWS))
                    + "rN,late,not a number\n", "utf-8")
    posts, _ = read(path)
    assert len(posts) == SAMPLE_ROWS + 1 and posts[-1].text == "late"


def _jsonl_rows(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), "utf-8")
    return path


@pytest.mark.parametrize("key", ["texto", "mensaje", "message", "body", "текст", "本文"])
def test_a_json_text_key_named_otherwise_is_read_as_a_csv_column_is(tmp_path: Path, key: str) -> None:
    """Trial 109: JSONL posts with their text under "texto" or "message" lost every record
    ("missing 'text'", exit 1), while the same names as CSV columns were read."""
    path = _jsonl_rows(tmp_path / "k.jsonl", [
        {"id_publicacion": "k0", "usuario": "@u", "fecha": "16/11/2023 21:40", key: "Hola desde Lima"},
        {"id_publicacion": "k1", "usuario": "@u", "fecha": "16/11/2023 21:41", key: "Adiós desde Quito"}])
    posts, problems = read(path)
    assert [(p.id, p.author, p.text) for p in posts] == [("k0", "@u", "Hola desde Lima"), ("k1", "@u", "Adiós desde Quito")]
    assert problems[0].reason == (f"key {key!r} is read as the posts' text (no key is named 'text';"
                                  " pass --text-col to read another)")


def test_a_json_record_with_two_keys_that_may_hold_the_text_is_advised_not_guessed(tmp_path: Path) -> None:
    path = _jsonl_rows(tmp_path / "two.jsonl", [{"id": "a", "texto": "Hola", "body": "Adiós"}])
    posts, problems = read(path)
    assert posts == []
    assert [p.reason for p in problems] == [("missing 'text': use --text-col texto or --text-col body,"
                                             " for the column that holds the text")]
    # a key named 'text' is read as before; a mapped key too
    path = _jsonl_rows(tmp_path / "one.jsonl", [{"id": "a", "text": "Hola", "texto": "Adiós"}])
    assert [p.text for p in read(path)[0]] == ["Hola"]
    path = _jsonl_rows(tmp_path / "two.jsonl", [{"id": "a", "texto": "Hola", "body": "Adiós"}])
    assert [p.text for p in read(path, columns={"text": "body"})[0]] == ["Adiós"]


def test_a_date_column_is_no_text_candidate(tmp_path: Path) -> None:
    """Trial 109's `post id,Author Name,Posted At,Post URL,Message`: "Posted At" (dates; "post"
    is a text word) was offered as the text, which kept "Message" from being read."""
    path = tmp_path / "mixed.csv"
    path.write_text("post id,Author Name,Posted At,Post URL,Message\n"
                    "1,a,2023-11-17 10:00,https://x.com/a/1,Hola desde Lima\n", "utf-8")
    posts, _ = read(path)
    assert [(p.text, p.id, p.author, p.created_at[:10], p.url) for p in posts] == [
        ("Hola desde Lima", "1", "a", "2023-11-17", "https://x.com/a/1")]


@pytest.mark.parametrize(("field", "name"), [
    ("author", "Author Name"), ("author", "Channel"), ("author", "канал"), ("author", "Kanal"),
    ("author", "ユーザー名"), ("author", "Influencer"), ("created_at", "Date (UTC)"),
    ("created_at", "Zeitstempel"), ("created_at", "日付"), ("created_at", "投稿日時"),
    ("url", "Ссылка на пост"), ("url", "リンク"), ("lang", "言語"), ("id", "identifiant"), ("id", "Kennung"),
    ("id", "идентификатор"), ("id", "编号"), ("outlet", "medio"), ("outlet", "Publisher"),
    ("outlet", "Source Name"), ("title", "titular"), ("title", "Headline"), ("title", "título"),
    ("title", "заголовок"), ("title", "标题")])
def test_more_names_of_research_exports_are_hinted(field: str, name: str) -> None:
    """Trial 109: these names were neither read nor hinted, their field silently empty."""
    from sourcetrace.readers.columns import hinted

    assert hinted([name], field) == [name]


@pytest.mark.parametrize(("field", "names"), [
    ("author", ["channel_id", "channel_url", "author_id"]), ("outlet", ["source_url", "outlet_id"]),
    ("title", ["subtitle", "title_id"]), ("id", ["identifiant_utilisateur"])])
def test_more_names_that_hold_something_else_are_not_hinted(field: str, names: list[str]) -> None:
    from sourcetrace.readers.columns import hinted

    assert hinted(names, field) == []


def test_posts_of_a_japanese_table_are_read(tmp_path: Path) -> None:
    path = tmp_path / "ja.csv"
    path.write_text("ユーザー名,日付,リンク,本文\nyamada,2023-11-17 10:00,https://x.com/y/1,東京から\n", "utf-8")
    posts, _ = read(path)
    assert [(p.text, p.author, p.created_at[:10], p.url) for p in posts] == [
        ("東京から", "yamada", "2023-11-17", "https://x.com/y/1")]


def test_an_article_table_in_spanish_is_read_with_its_outlet_and_title(tmp_path: Path) -> None:
    """Trial 109's `id_articulo;medio;fecha;titular;texto;enlace;idioma`: `texto` was not taken as
    the articles' text (it is a post's), `medio` and `titular` neither read nor hinted."""
    from sourcetrace.readers import read_articles

    path = tmp_path / "arts_es.csv"
    path.write_text("id_articulo;medio;fecha;titular;texto;enlace;idioma\n"
                    "a1;xinhua;17/11/2023 10:00;Xi y Biden;El Presidente Xi se reúne con Biden.;"
                    "https://example.com/a1;es\n", "utf-8")
    problems: list[Problem] = []
    articles = list(read_articles([path], problems.append))
    assert [(a.id, a.outlet, a.title, a.text, a.url, a.lang, a.published_at[:10]) for a in articles] == [
        ("a1", "xinhua", "Xi y Biden", "El Presidente Xi se reúne con Biden.", "https://example.com/a1", "es",
         "2023-11-17")]
    assert "column 'medio' is read as the articles' outlet (no column is named 'outlet';" \
           " pass --outlet-col to read another)" in [p.reason for p in problems]
    # a "source" of URLs is no outlet: named in a hint only
    path.write_text("texto,source\nEl Presidente Xi se reúne con Biden.,https://example.com/a1\n", "utf-8")
    problems.clear()
    assert [a.outlet for a in read_articles([path], problems.append)] == [None]
    assert "column 'source' is not read as the articles' outlet: pass --outlet-col source if it holds it" in [
        p.reason for p in problems]
    # JSON articles alike
    json_path = _jsonl_rows(tmp_path / "arts.jsonl", [{"medio": "xinhua", "titular": "Xi y Biden",
                                                       "texto": "El Presidente Xi se reúne con Biden."}])
    assert [(a.outlet, a.title, a.text) for a in read_articles([json_path], problems.append)] == [
        ("xinhua", "Xi y Biden", "El Presidente Xi se reúne con Biden.")]
