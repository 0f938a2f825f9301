"""Trial 112 (a Brazilian newsroom): Portuguese, Spanish and French date-times ("08/11/2025 às
16:30"), the zones of the Portuguese-speaking world ("BRT", "(horário de Brasília)"), a file of
many bad dates told in a few lines and a count, and Portuguese column names."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcetrace.dates import UnknownZone, numeric_order, parse_datetime
from sourcetrace.readers import Problem, read_posts


def read(path: Path, **options: object) -> tuple[list, list[Problem]]:
    problems: list[Problem] = []
    posts = list(read_posts([path], problems.append, **options))  # type: ignore[arg-type]
    return posts, problems


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("08/11/2025 às 16:30", "2025-11-08T16:30:00+00:00"),  # pt: "at"; was "not a date"
        ("08/11/2025 as 16:30", "2025-11-08T16:30:00+00:00"),  # written without its accent
        ("08/11/2025 ás 16:30", "2025-11-08T16:30:00+00:00"),
        ("08/11/2025 16h30", "2025-11-08T16:30:00+00:00"),
        ("08/11/2025 às 16h", "2025-11-08T16:00:00+00:00"),
        ("08/11/2025 16h30min", "2025-11-08T16:30:00+00:00"),
        ("08/11/2025 16:30h", "2025-11-08T16:30:00+00:00"),
        ("8 de novembro de 2025", "2025-11-08T00:00:00+00:00"),
        ("8 de novembro de 2025 às 16h30", "2025-11-08T16:30:00+00:00"),
        ("08/11/2025 a las 16:30", "2025-11-08T16:30:00+00:00"),  # es
        ("08/11/2025 a la 1:05", "2025-11-08T01:05:00+00:00"),
        ("08/11/2025 à 16h30", "2025-11-08T16:30:00+00:00"),  # fr
    ],
)
def test_romance_date_times_read_day_first(value: str, expected: str) -> None:
    assert parse_datetime(value, dayfirst=True) == expected


@pytest.mark.parametrize("value", ["08/11/2025 às 16:30", "08/11/2025 16h30", "08/11/2025 a las 16:30"])
def test_a_time_written_the_romance_way_says_the_date_is_day_first(value: str) -> None:
    # no locale that writes "às", "a las" or "16h30" writes the month first
    assert numeric_order(value) == "day"
    assert parse_datetime(value)[:10] == "2025-11-08"


def test_a_date_that_reads_one_way_only_is_read_that_way_whatever_its_words() -> None:
    assert numeric_order("3/25/2025 às 10:00") == "month"
    assert parse_datetime("3/25/2025 às 10:00") == "2025-03-25T10:00:00+00:00"
    assert numeric_order("08/11/2025 16:30") == "either"


def test_a_file_whose_worded_dates_are_day_first_reads_its_other_dates_day_first(tmp_path: Path) -> None:
    # trial 112's export_pt2.csv: every numeric date could be read either way; read month first,
    # "08/11/2025 às 16:30" was 11 August
    path = tmp_path / "export.csv"
    path.write_text("Usuário;Publicado em;Texto\n"
                    "@a;08/11/2025 às 16:30;um\n"
                    "@b;12/03/2025 10:00 (horário de Brasília);dois\n"
                    "@c;01/12/2025 10:00 BRT;três\n", encoding="utf-8")
    posts, problems = read(path)
    assert [post.created_at for post in posts] == [
        "2025-11-08T16:30:00+00:00", "2025-03-12T10:00:00-03:00", "2025-12-01T10:00:00-03:00"]
    assert any("written day first ('08/11/2025 às 16:30', line 2)" in p.reason for p in problems)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("08/11/2025 16:30 BRT", "2025-11-08T16:30:00-03:00"),
        ("08/11/2025 16:30 brt", "2025-11-08T16:30:00-03:00"),
        ("08/11/2025 16:30 BRST", "2025-11-08T16:30:00-02:00"),
        ("08/11/2025 16:30 WAT", "2025-11-08T16:30:00+01:00"),  # Angola
        ("08/11/2025 16:30 CAT", "2025-11-08T16:30:00+02:00"),  # Mozambique
        ("08/11/2025 16:30 WET", "2025-11-08T16:30:00+00:00"),  # Portugal
        ("08/07/2025 16:30 WEST", "2025-07-08T16:30:00+01:00"),
        ("08/11/2025 16:30 (horário de Brasília)", "2025-11-08T16:30:00-03:00"),
        ("08/11/2025 às 16:30 (horário de Brasília)", "2025-11-08T16:30:00-03:00"),
        # after a month name it was read as UTC, 3 hours off, without a word
        ("8 de novembro de 2025, 16h30 (horário de Brasília)", "2025-11-08T16:30:00-03:00"),
        # Brasília's summer time, until 2019
        ("15/01/2018 10:00 (horário de Brasília)", "2018-01-15T10:00:00-02:00"),
        ("08/11/2025 11h14 (hora de Pequim)", "2025-11-08T11:14:00+08:00"),
    ],
)
def test_zones_of_the_portuguese_speaking_world(value: str, expected: str) -> None:
    assert parse_datetime(value, dayfirst=True) == expected


def test_amt_is_refused_naming_both_of_its_zones() -> None:
    with pytest.raises(UnknownZone, match="Amazon Time .* Armenia Time"):
        parse_datetime("08/11/2025 16:30 AMT", dayfirst=True)


@pytest.mark.parametrize("value", ["2025-11-08 16:30 EST", "2025/11/08 16:30", "2025-11-08 16:30 America/Sao_Paulo"])
def test_a_date_that_starts_with_its_year_is_not_read_day_first(value: str) -> None:
    # dateutil's dayfirst read "2025-11-08" as 11 August where the file was day first
    assert parse_datetime(value, dayfirst=True)[:10] == "2025-11-08"


def test_a_day_first_csv_of_brazilian_date_times_keeps_its_dates(tmp_path: Path) -> None:
    path = tmp_path / "canis.csv"
    path.write_text("id;autor;data;texto\n"
                    "1;a;08/11/2021 às 00:42;Felicidades!\n"
                    "2;b;13/09/2021 às 21:41;No seu artigo publicado no Globo\n", encoding="utf-8")
    posts, problems = read(path)
    assert [post.created_at for post in posts] == ["2021-11-08T00:42:00+00:00", "2021-09-13T21:41:00+00:00"]
    assert not [p for p in problems if p.kind == "warning"]


def test_many_bad_dates_are_a_few_lines_and_a_count(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # trial 112: 502 rows, 489 lines each quoting its own date, where the README promises a few
    # lines then a count
    from sourcetrace.cli.common import ProblemCounter

    path = tmp_path / "flood.csv"
    rows = [f"{i};a;{i % 28 + 1:02d}/11/2021 quinze {i}h;texto {i}" for i in range(502)]
    path.write_text("id;autor;data;texto\n" + "\n".join(rows) + "\n", encoding="utf-8")
    counter = ProblemCounter()
    posts = list(read_posts([path], counter, columns={"created_at": "data"}))
    assert len(posts) == 502 and counter.warnings == 502
    lines = [line for line in capsys.readouterr().err.splitlines() if "created_at" in line]
    assert len(lines) <= ProblemCounter.SHOWN + 2
    assert lines[0].endswith("flood.csv:2: 'created_at': not a date: '01/11/2021 quinze 0h': left blank — kept")
    assert "quinze 1h" in lines[1]  # each line shown names its own value
    assert lines[-1].endswith("more records kept for the same reason ('created_at': not a date: …: left blank):"
                              " counted, not listed one by one")


def test_the_first_warning_of_a_kind_keeps_its_value_in_its_reason(tmp_path: Path) -> None:
    path = tmp_path / "two.csv"
    path.write_text("id;data;texto\n1;ontem;um\n2;anteontem;dois\n", encoding="utf-8")
    _, problems = read(path, columns={"created_at": "data"})
    warnings = [p for p in problems if p.kind == "warning"]
    assert warnings[0].reason == "'created_at': not a date: 'ontem': left blank" and warnings[0].detail is None
    assert warnings[1].reason == "'created_at': not a date: …: left blank"
    assert str(warnings[1]).endswith("two.csv:3: 'created_at': not a date: 'anteontem': left blank — kept")


def test_portuguese_post_columns_are_read_without_options(tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    path.write_text("ID;Perfil;Criado em;mensagem;idioma;link\n"
                    "p1;@agro;21/11/2025 09:00;Comércio China-Brasil atinge US$ 157,3 bilhões;Português;https://x.com/a/1\n"
                    "p2;@ciencia;08/11/2025 às 16:30;China e Brasil lançaram o satélite CBERS-6;português;https://x.com/a/2\n",
                    encoding="utf-8")
    posts, problems = read(path)
    assert [(p.id, p.author, p.created_at, p.lang, p.url) for p in posts] == [
        ("p1", "@agro", "2025-11-21T09:00:00+00:00", "pt", "https://x.com/a/1"),
        ("p2", "@ciencia", "2025-11-08T16:30:00+00:00", "pt", "https://x.com/a/2")]
    assert posts[0].text.startswith("Comércio")
    assert not [p for p in problems if "is not read" in p.reason]


def test_portuguese_article_columns_are_read_without_options(tmp_path: Path) -> None:
    from sourcetrace.readers import read_articles

    path = tmp_path / "artigos.csv"
    path.write_text("veículo;título;conteúdo;Publicado em;link;idioma\n"
                    "Xinhua Português;Xi e Lula;BEIJING, 13 mai (Xinhua) -- O presidente chinês;13/05/2025 20:30;"
                    "https://x.cn/1;português\n"
                    "CGTN;CBERS-6;China and Brazil successfully launched the CBERS-6 satellite;08/11/2025 10:00;"
                    "https://x.cn/2;inglês\n", encoding="utf-8")
    problems: list[Problem] = []
    articles = list(read_articles([path], problems.append))
    assert [(a.outlet, a.published_at, a.lang, a.url) for a in articles] == [
        ("xinhua português", "2025-05-13T20:30:00+00:00", "pt", "https://x.cn/1"),
        ("cgtn", "2025-11-08T10:00:00+00:00", "en", "https://x.cn/2")]
    assert not [p for p in problems if "is not read" in p.reason]


def test_a_language_column_of_other_words_stays_unread(tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    path.write_text("id;texto;idioma\n1;um texto;talvez\n2;outro texto;positivo\n", encoding="utf-8")
    posts, problems = read(path)
    assert [p.lang for p in posts] == [None, None]
    assert any("'idioma' is not read as the posts' lang" in p.reason for p in problems)
