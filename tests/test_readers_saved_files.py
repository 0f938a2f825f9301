"""Post files as users save them (a fresh-user trial): Windows-1252 text without a declaration,
Excel's "Unicode Text" export saved as *.txt, X's pseudo language codes, valid UTF-8 text holding
terminal escape sequences."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from sourcetrace.errors import InputError
from sourcetrace.readers import Problem, read_posts
from sourcetrace.records import Post

FRENCH = [
    "Le président chinois a ordonné de tout faire pour secourir les blessés après l'incendie.",
    "Année après année, les pandas géants sont arrivés à la base de Wolong, où ils seront gardés.",
    "Déjà vu: l'été à Québec était très chaud — ça a été incroyable, n'est-ce pas?",
]
CP1252_NOTE = "not UTF-8: read as cp1252 (detected; pass --encoding if this is wrong)"


def read(path: Path, **options: object) -> tuple[list[Post], list[Problem]]:
    problems: list[Problem] = []
    posts = list(read_posts([path], problems.append, **options))  # type: ignore[arg-type]
    return posts, problems


# --- Windows-1252 is read as such, not as cp1257 ("aprčs") -------------------------------------


@pytest.mark.parametrize("name", ["p.jsonl", "p.csv"])
def test_windows_1252_posts_are_read_as_windows_1252(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    if name.endswith(".jsonl"):
        content = "".join(json.dumps({"id": f"c{n}", "text": t}, ensure_ascii=False) + "\n"
                          for n, t in enumerate(FRENCH * 5))
    else:
        content = "id,text\n" + "".join(f'c{n},"{t}"\n' for n, t in enumerate(FRENCH * 5))
    path.write_bytes(content.encode("cp1252"))
    posts, problems = read(path)
    assert [p.text for p in posts] == FRENCH * 5
    assert [(p.kind, p.reason) for p in problems] == [("note", CP1252_NOTE)]


def test_a_one_line_latin1_post_is_read(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    text = "Año nuevo: el presidente chino ordenó hacer todo lo posible para rescatar a los heridos"
    path.write_bytes((json.dumps({"id": "l1", "text": text}, ensure_ascii=False) + "\n").encode("latin-1"))
    posts, problems = read(path)
    assert [(p.id, p.text) for p in posts] == [("l1", text)]
    assert [p.reason for p in problems] == [CP1252_NOTE]


def test_a_few_latin1_letters_in_an_ascii_file_are_windows_1252(tmp_path: Path) -> None:
    # no valid UTF-8 character, and each bad byte a letter within a word: a short legacy file,
    # read whole (it was "not valid UTF-8 — skipped", and then "no post could be checked")
    data = b'{"text": "one"}\n{"text": "caf\xe9 con leche"}\n{"text": "A\xf1o nuevo"}\n'
    path = tmp_path / "p.jsonl"
    path.write_bytes(data)
    posts, problems = read(path)
    assert [p.text for p in posts] == ["one", "café con leche", "Año nuevo"]
    assert [p.reason for p in problems] == [CP1252_NOTE]



# --- Excel's "Unicode Text" saved as *.txt is a table --------------------------------------------


EXCEL = "id\tauthor\ttext\r\nes1\tacct1\tEl presidente ordenó rescatar a los heridos\r\n" \
        'zh1\tacct5\t"以上是津克透露的信息。\t(tab in a quoted field)"\r\n'


def _excel_txt(tmp_path: Path) -> Path:
    path = tmp_path / "export.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + EXCEL.encode("utf-16-le"))
    return path


def test_excel_unicode_text_saved_as_txt_is_read_as_its_table(tmp_path: Path) -> None:
    posts, problems = read(_excel_txt(tmp_path))
    assert [(p.id, p.author, p.text) for p in posts] == [
        ("es1", "acct1", "El presidente ordenó rescatar a los heridos"),
        ("zh1", "acct5", "以上是津克透露的信息。\t(tab in a quoted field)"),
    ]
    assert [(p.line, p.kind) for p in problems] == [(0, "note"), (0, "note")]
    assert problems[0].reason == "not UTF-8: read as utf-16 (its byte-order mark says so)"
    assert "tab-separated table" in problems[1].reason and "--format txt" in problems[1].reason


def test_a_txt_table_with_its_own_column_names_is_read_with_text_col(tmp_path: Path) -> None:
    """Column names the reader does not know ("Cuerpo", "Tweet Id") make no header it recognises;
    --text-col naming one of them says the file is a table (a trial's UTF-16 export: every line
    was 'missing text' with --text-col, and the header a post without it)."""
    path = tmp_path / "export.txt"
    path.write_bytes("Cuerpo\tUsuario\tTweet Id\r\nHola a todos desde Madrid\tu1\t991\r\n"
                     "Segundo mensaje del día\tu2\t992\r\n".encode("utf-16"))
    posts, _ = read(path, columns={"text": "Cuerpo", "id": "Tweet Id"})
    assert [(p.id, p.text) for p in posts] == [("991", "Hola a todos desde Madrid"), ("992", "Segundo mensaje del día")]
    plain, _ = read(path)  # without it: lines of plain text, as before
    assert plain[0].text == "Cuerpo\tUsuario\tTweet Id"
    # "Texto" is "text" in Spanish (trial 106): a table read by it, as a CSV file is
    path.write_bytes("Texto\tUsuario\tTweet Id\r\nHola a todos desde Madrid\tu1\t991\r\n".encode("utf-16"))
    assert [p.text for p in read(path)[0]] == ["Hola a todos desde Madrid"]


def test_a_txt_file_forced_to_txt_stays_one_post_a_line(tmp_path: Path) -> None:
    posts, _ = read(_excel_txt(tmp_path), fmt="txt")
    assert posts[0].text == "id\tauthor\ttext"
    assert len(posts) == 3


@pytest.mark.parametrize("content", [
    # posts with tabs, the first naming no column
    "Xi met Biden\tin San Francisco\nThe talks\tlasted four hours\n",
    # a first line that reads as a header, then rows of other widths: posts
    "id\ttext\nfirst post\nsecond post\twith\ttabs\n",
    # a header alone: nothing shows it is a table
    "id\tauthor\ttext\n",
    # comma-separated: not Excel's Unicode Text, and a post may well hold commas
    "id,text\n1,hello\n",
])
def test_plain_text_posts_with_tabs_stay_plain_text(tmp_path: Path, content: str) -> None:
    path = tmp_path / "posts.txt"
    path.write_text(content, encoding="utf-8")
    posts, problems = read(path)
    assert [p.text for p in posts] == [line.strip() for line in content.splitlines()]
    assert problems == []


# --- a UTF-8 tab-separated table is a table (seventh trial) ---------------------------------------

TRIAL_TSV = Path(__file__).parent / "fixtures" / "trial7" / "posts_tab_text.tsv"


@pytest.mark.parametrize("name", ["posts.tsv", "posts.txt", "posts.dat"])
def test_a_utf8_tab_table_with_a_header_is_read_as_a_table(tmp_path: Path, name: str) -> None:
    """The trial's export (header 'Tweet Id, Username, Date, text', a quoted cell over two lines)
    was read as 6 lines of plain text, header included, whatever its name; it holds 4 posts."""
    path = tmp_path / name
    path.write_bytes(TRIAL_TSV.read_bytes())
    posts, problems = read(path)
    assert [p.text[:8] for p in posts] == ["La cifra", "Qué día ", "L'équipa", "China's "]
    assert posts[2].text.endswith("\n(CGTN)")  # the quoted cell over two lines is one text
    assert all(p.kind == "note" for p in problems)


@pytest.mark.parametrize("options", [{"delimiter": "\t"}, {"columns": {"text": "Tweet Text"}}])
def test_delimiter_or_a_column_option_reads_plain_text_as_a_table(tmp_path: Path, options: dict) -> None:
    """--delimiter alone changed nothing, and --text-col read every line as a post without text."""
    path = tmp_path / "posts.txt"
    path.write_text("Tweet Id\tTweet Text\n7\tHola a todos desde Madrid\n8\tSegundo mensaje\n", "utf-8")
    if "columns" not in options:  # a table without a 'text' column: said in one line, with the fix
        with pytest.raises(InputError, match='use --text-col "Tweet Text"'):
            read(path, **options)
        return
    posts, problems = read(path, **options)
    assert [p.text for p in posts] == ["Hola a todos desde Madrid", "Segundo mensaje"]
    note = ("read as a table with a header, as a column option (--text-col, ...) says (pass --format txt"
            " to read one post a line)")
    assert [p.reason for p in problems] == [
        note, "column 'Tweet Id' is read as the posts' id (no column is named 'id'; pass --id-col to read another)"]


def test_a_header_without_text_suggests_the_column_that_likely_holds_it(tmp_path: Path) -> None:
    path = tmp_path / "posts.tsv"
    path.write_text("Tweet Id\tUsername\tTweet Text\n1\tu\tHola\n", "utf-8")
    with pytest.raises(InputError, match='no \'text\' column .*; use --text-col "Tweet Text" if'):
        read(path)
    # an id, url or date column is never advised, whatever word it holds (a trial's `post_id`)
    for header, advised in (("post_id\tauthor\tcorps", "corps"), ("message_id,date,cuerpo", "cuerpo"),
                            ("post_url,tweet_count,Full Text", '"Full Text"')):
        sep = "\t" if "\t" in header else ","
        other = tmp_path / ("x.tsv" if sep == "\t" else "x.csv")
        other.write_text(header + "\n" + sep.join(["1", "2", "hola"]) + "\n", "utf-8")  # numbers are no text
        with pytest.raises(InputError, match=f"use --text-col {advised} if"):
            read(other)


def test_a_date_or_author_column_of_another_name_is_read_and_said(tmp_path: Path) -> None:
    """Only `created_at` and `author` were read by name: a trial's `date` and `username` columns
    were dropped without a word (the post undated, so no `source_first`), then only hinted, and
    trial 106's user did not rerun with the options. One column whose name and cells say it holds
    the field is read, said in one line; one whose cells are no dates is only hinted."""
    path = tmp_path / "posts.csv"
    path.write_text("id,username,text,date\n1,bob,Hola a todos,2019-01-05\n", "utf-8")
    posts, problems = read(path)
    assert posts[0].created_at == "2019-01-05T00:00:00+00:00" and posts[0].author == "bob"
    assert [p.reason for p in problems] == [
        "column 'date' is read as the posts' created_at (no column is named 'created_at'; pass --time-col to read another)",
        "column 'username' is read as the posts' author (no column is named 'author'; pass --author-col to read another)"]
    path.write_text("id,text,date\n1,Hola a todos,yesterday-ish\n2,Otro,2019-01-05\n", "utf-8")
    posts, problems = read(path)
    assert [p.created_at for p in posts] == [None, None]
    assert [p.reason for p in problems] == [
        "column 'date' is not read as the posts' created_at: pass --time-col date if it holds it"]


# --- X's pseudo language codes are no tag, silently ------------------------------------------


def test_x_pseudo_language_codes_are_blank_without_a_warning(tmp_path: Path) -> None:
    codes = ["qme", "qht", "qam", "qct", "qst", "art", "zxx", "und"]
    path = tmp_path / "tweets.jsonl"
    path.write_text("".join(json.dumps({"text": f"post {code}", "lang": code}) + "\n"
                            for code in [*codes, "klingon", "es"]))
    posts, problems = read(path)
    assert [p.lang for p in posts] == [None] * (len(codes) + 1) + ["es"]
    # a tag that is neither a language nor one of these is still said
    assert [(p.line, p.reason) for p in problems] == [
        (len(codes) + 1, "'lang' 'klingon' is no language tag: left blank")]


# --- control characters in valid UTF-8 are no mojibake -------------------------------------------


def test_escape_sequences_in_valid_utf8_are_not_called_mojibake(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    path.write_text(json.dumps({"id": "\x9b2Jp1\x1b[31m", "text": "Xi met Biden \x1b[5mblink\x1b[0m \u2066iso\u2069"},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    posts, problems = read(path)
    assert len(posts) == 1
    assert not [p for p in problems if "mojibake" in p.reason]


def test_utf8_read_as_latin1_is_still_called_mojibake(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    text = "c’est l’été à Paris, où la fête bat son plein".encode().decode("latin-1")
    path.write_text(json.dumps({"text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    _, problems = read(path)
    assert [p.kind for p in problems] == ["note"] and "mojibake" in problems[0].reason


DOUBLE = ["Объем торговли Китая и России вырос на 32 процента, сообщила таможня.",
          "Las lluvias en Beijing dejaron 11 muertos según las autoridades — “oficial”.",
          "中俄贸易额同比增长32%，海关总署公布。"]


@pytest.mark.parametrize("wrong", ["latin-1", "cp1252"])
def test_double_encoded_utf8_is_said_so_with_advice_that_helps(tmp_path: Path, wrong: str) -> None:
    """Trial 73: a valid UTF-8 file of double-encoded text (UTF-8 read as Latin-1 or cp1252 and
    saved again) was told "pass --encoding", and every --encoding gave the same text. It is said
    to be double-encoded, with the repair README.md gives (ftfy's fix_encoding line by line), and
    the posts are checked as they are, not repaired unasked."""
    # as Windows reads them: a byte cp1252 leaves undefined (0x81, 0x9d...) as the Latin-1 character
    rows = [{"id": f"m{n}", "text": "".join(_as_read(byte, wrong) for byte in text.encode())}
            for n, text in enumerate(DOUBLE)]
    path = tmp_path / "mojibake.jsonl"
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    for given in (None, "latin-1", "cp1252", "utf-8"):
        posts, problems = read(path, encoding=given)
        notes = [p.reason for p in problems if "mojibake" in p.reason or "double-encoded" in p.reason]
        assert len(notes) == 1, (given, problems)
        assert "double-encoded" in notes[0] and "no --encoding undoes it" in notes[0], given
        assert "pass --encoding" not in notes[0] and "fix_encoding" in notes[0]
    posts, _ = read(path)
    assert [p.text for p in posts] == [row["text"] for row in rows]  # not altered
    # the README's command (ftfy's fix_encoding, line by line) gives the posts back, valid JSON
    import ftfy

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert "sys.stdout.writelines(map(ftfy.fix_encoding, open(sys.argv[1], encoding='utf-8', newline='')))" in readme
    with open(path, encoding="utf-8", newline="") as fh:
        fixed = [json.loads(line)["text"] for line in map(ftfy.fix_encoding, fh)]
    assert fixed == DOUBLE


def _as_read(byte: int, codec: str) -> str:
    try:
        return bytes([byte]).decode(codec)
    except UnicodeDecodeError:
        return chr(byte)


def test_a_legacy_file_read_with_a_wrong_encoding_is_told_to_pass_one(tmp_path: Path) -> None:
    text = "Объем торговли Китая и России вырос на 32 процента, сообщила таможня сегодня утром."
    path = tmp_path / "ru.csv"
    path.write_bytes(("id,text\n" + "".join(f"{n},{text}\n" for n in range(5))).encode("cp1251"))
    _, problems = read(path, encoding="cp1252")
    assert [p.reason for p in problems if "mojibake" in p.reason] == [
        "the text looks like mojibake (decoded with the wrong encoding?): pass --encoding"]


def test_utf8_text_beyond_repair_is_told_to_be_exported_again(tmp_path: Path) -> None:
    text = "中俄贸易额同比增长32%，海关总署公布。国务院新闻办公室今天举行发布会。"
    path = tmp_path / "gbk.jsonl"
    line = json.dumps({"text": text.encode("gbk").decode("latin-1")}, ensure_ascii=False)
    path.write_text((line + "\n") * 5, encoding="utf-8")
    _, problems = read(path)
    notes = [p.reason for p in problems if "mojibake" in p.reason]
    assert len(notes) == 1 and "bytes are valid UTF-8" in notes[0] and "export it again" in notes[0]
    assert "pass --encoding" not in notes[0]


def test_a_few_bad_lines_do_not_make_a_utf8_file_mojibake(tmp_path: Path) -> None:
    """Trial 72: one line of Latin-1 bytes in a UTF-8 JSONL file was skipped on its own line (right)
    and also made the whole file "look like mojibake ...: pass --encoding" (wrong). So does one
    double-encoded post among good ones: the file's encoding is right, that record is not."""
    good = [{"id": f"p{n}", "text": text} for n, text in enumerate(
        ["Djokovic número 1 do mundo outra vez, incrível.", "Quel match hier soir, je suis resté scotché !",
         "Stasera cena cinese con gli amici, più tardi.", "Argentina venció 3-0 a Paraguay en las eliminatorias."])]
    lines = [json.dumps(row, ensure_ascii=False).encode() for row in good]
    path = tmp_path / "dump_bad2.jsonl"
    path.write_bytes(b"\n".join([*lines[:2], b'{"id": "bytes", "text": "caf\xe9 con leche \xff\xfe"}', *lines[2:]]) + b"\n")
    posts, problems = read(path)
    assert len(posts) == 5  # the bad line's post kept, its bytes replaced (trial 73)
    assert [(p.line, p.reason.split(" (")[0]) for p in problems] == [(3, "not valid UTF-8 in 'text'")]
    twice = json.dumps({"id": "twice", "text": "c’est l’été à Paris, où la fête bat son plein".encode().decode("latin-1")},
                       ensure_ascii=False).encode()
    path.write_bytes(b"\n".join([*lines[:2], twice, *lines[2:]]) + b"\n")
    posts, problems = read(path)
    assert len(posts) == 5 and not [p for p in problems if "mojibake" in p.reason]
    # a file whose lines are mojibake, a bad line among them, is still said to be
    wrong = [json.dumps({"text": row["text"].encode().decode("latin-1")}, ensure_ascii=False).encode() for row in good]
    path.write_bytes(b"\n".join([*wrong[:2], b'{"text": "caf\xe9"}', *wrong[2:]]) + b"\n")
    _, problems = read(path)
    assert [p.kind for p in problems if "mojibake" in p.reason] == ["note"]


def test_a_tab_table_whose_text_column_has_another_name_is_pointed_out(tmp_path: Path) -> None:
    """Trial 8: a .txt tab table with `post_body` for its text was read line by line, its header
    checked as a post, without a word. It is still read so (no column says which is the text),
    but a note names the columns and the option; a file of posts with a stray tab gets none."""
    path = tmp_path / "export.txt"
    path.write_text("id\tauthor\tpost_body\tdate\n1\tbob\tHola a todos\t2023-01-02\n"
                    "2\tann\tOtro texto\t2023-01-03\n", "utf-8")
    posts, problems = read(path)
    assert len(posts) == 3
    assert any("looks like a tab-separated table (columns: id, author, post_body, date)" in p.reason
               and "--text-col" in p.reason for p in problems)
    plain = tmp_path / "plain.txt"
    plain.write_text("hello\tworld\nplain post two\nand a third\n", "utf-8")
    _, problems = read(plain)
    assert not any("tab-separated" in p.reason for p in problems)
