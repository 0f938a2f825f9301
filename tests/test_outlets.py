"""The outlet registry: bundled data, lookups, validation of a hand-edited file, and the CLI."""

from __future__ import annotations

import csv
import json
import re
import runpy
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sourcetrace.cli.outlets_cmd import app
from sourcetrace.errors import InputError
from sourcetrace.outlets import PLATFORMS, Registry, bundled_path

REPO = Path(__file__).resolve().parents[1]
CANIS = REPO.parent / "shared" / "data" / "canis" / "prc_state_media_accounts_2023-11-03.csv"


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load()


# ---- the bundled registry ----


def test_bundled_registry_is_the_corpora_file() -> None:
    packaged = REPO / "src" / "sourcetrace" / "data" / "outlets.toml"
    corpora = REPO / "corpora" / "outlets.toml"
    assert packaged.read_bytes() == corpora.read_bytes(), "run scripts/make_outlets.py"
    assert bundled_path().read_bytes() == corpora.read_bytes()


def test_load_default_is_cached(reg: Registry) -> None:
    assert Registry.load() is reg
    assert len(reg) > 100


@pytest.mark.parametrize(
    ("outlet", "family", "parent"),
    [
        ("cmg", "cmg", "Central Publicity Department"),
        ("cctv", "cmg", "Central Publicity Department"),
        ("cgtn", "cmg", "Central Publicity Department"),
        ("cri", "cmg", "Central Publicity Department"),
        ("mundo_china", "cmg", "Central Publicity Department"),
        ("xinhua", "xinhua", "State Council"),
        ("cns", "cns", "United Front Work Department"),
        ("peoplesdaily", "peoplesdaily", "Central Committee of the Chinese Communist Party"),
        ("globaltimes", "peoplesdaily", "Central Committee of the Chinese Communist Party"),
        ("chinadaily", "chinadaily", "Central Publicity Department"),
        ("rt", "rt", "Government of the Russian Federation"),
        ("sputnik", "rossiya_segodnya", "Government of the Russian Federation"),
    ],
)
def test_state_outlets_families_and_parents(
    reg: Registry, outlet: str, family: str, parent: str
) -> None:
    o = reg.require(outlet)
    assert o.state is True
    assert reg.family_of(outlet) == family
    assert o.parent == parent


@pytest.mark.parametrize(
    "outlet", ["reuters", "ap", "afp", "efe", "bbc", "cnn", "nytimes", "euronews"]
)
def test_non_state_outlets(reg: Registry, outlet: str) -> None:
    assert reg.require(outlet).state is False


def test_names_in_every_script(reg: Registry) -> None:
    xinhua = reg.require("xinhua")
    for name in ("Xinhua", "新华社", "新華社", "Agencia Xinhua", "Синьхуа", "신화통신", "شينخوا"):
        assert name in xinhua.names
    cns = reg.require("cns")
    for name in ("China News Service", "中新社", "中国新闻社", "中新网", "CNS"):
        assert name in cns.names
    assert {"news.cn", "xinhuanet.com"} <= set(xinhua.domains)
    assert "xhtxs.cn" in xinhua.shorteners
    assert "chinanews.com.cn" in cns.domains
    assert "rt.com" in reg.require("rt").domains
    assert "cgtn.com" in reg.require("cgtn").domains


def test_canis_accounts_are_grouped_under_outlets(reg: Registry) -> None:
    assert len(reg.accounts()) == 758
    assert "mundo_china" in reg.require("mundo_china").handles["x"]
    assert "cgtnenespanol" in reg.require("cgtn").handles["instagram"]
    assert "CNS1952" in reg.require("cns").handles["x"]
    assert "XHNews" in reg.require("xinhua").handles["x"]
    assert all(platform in PLATFORMS for o in reg for platform in o.handles)
    names = {a.name for a in reg.accounts("cgtn")}
    assert {"CGTN", "CGTN Africa", "CGTN Español"} <= names


@pytest.mark.skipif(not CANIS.exists(), reason="needs ../shared/data/canis (the CANIS list)")
def test_every_canis_row_is_an_account_and_no_follower_counts(reg: Registry) -> None:
    with CANIS.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(reg.accounts())
    text = (REPO / "corpora" / "outlets.toml").read_text(encoding="utf-8")
    assert not re.search(r"(?im)^\s*[\w.]*(follower|subscriber)[\w.]*\s*=", text)
    big_counts = {
        r["X (Twitter) Follower #"] for r in rows if len(r["X (Twitter) Follower #"]) >= 6
    }
    assert not any(f"= {n}" in text or f'"{n}"' in text for n in big_counts)
    assert "CANIS" in text


@pytest.mark.skipif(not CANIS.exists(), reason="needs ../shared/data/canis (the CANIS list)")
def test_generated_part_is_up_to_date() -> None:
    script = runpy.run_path(str(REPO / "scripts" / "make_outlets.py"))
    assert script["main"](["--check"]) == 0, (
        "corpora/outlets.toml is stale: run scripts/make_outlets.py"
    )


def test_lookups(reg: Registry) -> None:
    assert reg.by_handle("mundo_China").id == "mundo_china"  # type: ignore[union-attr]
    assert reg.by_handle("@XHNews").id == "xinhua"  # type: ignore[union-attr]
    assert reg.by_handle("XHNews", platform="x").id == "xinhua"  # type: ignore[union-attr]
    assert reg.by_handle("XHNews", platform="tiktok") is None
    assert reg.by_handle("nobody_at_all") is None
    assert reg.by_domain("https://english.news.cn/20231103/x.html").id == "xinhua"  # type: ignore[union-attr]
    assert reg.by_domain("xhtxs.cn").id == "xinhua"  # type: ignore[union-attr]
    assert reg.by_domain("news.cnn.com").id == "cnn"  # type: ignore[union-attr]
    assert reg.by_domain("example.com") is None
    assert [o.id for o in reg.by_name("新华社")] == ["xinhua"]
    assert reg.resolve("Xinhua").id == "xinhua"  # type: ignore[union-attr]
    assert reg.resolve("euronews-en").id == "euronews"  # type: ignore[union-attr]
    assert reg.resolve("rt.4523").id == "rt"  # type: ignore[union-attr]
    assert reg.resolve("no such outlet") is None
    assert reg.members("cmg")[0].id == "cmg"
    assert {"cctv", "cgtn", "cri", "mundo_china"} <= {o.id for o in reg.members("cmg")}
    assert reg.get("nope") is None and reg.family_of("nope") is None
    with pytest.raises(
        InputError, match=r"^Unknown outlet: nope \(try `sourcetrace outlets list`\)$"
    ):
        reg.require("nope")


def test_outlet_to_dict_is_json(reg: Registry) -> None:
    data = json.loads(json.dumps(reg.require("cgtn").to_dict(), ensure_ascii=False))
    assert data["family"] == "cmg" and "cgtn.com" in data["domains"] and "x" in data["handles"]


# ---- validation of a registry file ----

GOOD = """
version = 1
[[outlet]]
id = "a"
name = "Outlet A"
state = true
family = "a"
aliases = ["Alpha News"]
domains = ["alpha.example"]
handles.x = ["alpha_news"]
"""


def test_minimal_registry(tmp_path: Path) -> None:
    path = tmp_path / "outlets.toml"
    path.write_text(GOOD, encoding="utf-8")
    reg = Registry.load(path)
    assert [o.id for o in reg] == ["a"] and reg.by_handle("ALPHA_NEWS").id == "a"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace('id = "a"', 'id = "a'), "not valid TOML"),
        (lambda t: t.replace('id = "a"\n', ""), "'id' must be lowercase"),
        (lambda t: t.replace('id = "a"', 'id = "Bad Id"'), "'id' must be lowercase"),
        (lambda t: t + t.replace("version = 1", ""), "outlet id 'a' is used twice"),
        (lambda t: t + 'colour = "red"\n', "outlet 1 ('a'): unknown key 'colour'"),
        (lambda t: t.replace("state = true", 'state = "yes"'), "'state' must be true or false"),
        (lambda t: t.replace('family = "a"', 'family = "zzz"'), "family 'zzz' is not an outlet id"),
        (
            lambda t: t.replace('"alpha.example"', '"https://alpha.example/"'),
            "is not a lowercase host name",
        ),
        (
            lambda t: t.replace('"alpha_news"', '"@alpha_news"'),
            "x handle '@alpha_news' is not a handle",
        ),
        (lambda t: t.replace("handles.x", "handles.myspace"), "unknown platform 'handles.myspace'"),
        (
            lambda t: t.replace('["Alpha News"]', '["Alpha News", "ALPHA NEWS"]'),
            "repeats 'Alpha News'",
        ),
        (
            lambda t: t.replace('["Alpha News"]', '"Alpha News"'),
            "'aliases' must be a list of non-empty strings",
        ),
        (lambda t: t.replace("version = 1", "version = 2"), "registry version 2 is not supported"),
        (lambda t: t.replace("version = 1", "versoin = 1"), "unknown top-level key 'versoin'"),
        (
            lambda t: t + '[[account]]\nname = "Someone"\noutlet = "b"\n',
            "outlet 'b' is not defined",
        ),
        (
            lambda t: t + '[[account]]\nname = "Someone"\noutlet = "a"\nmyspace = "x"\n',
            "unknown key 'myspace'",
        ),
        (
            lambda t: (
                t
                + '[[outlet]]\nid = "b"\nname = "B"\nstate = false\nfamily = "b"\naliases = ["alpha news"]\n'
            ),
            "alias 'alpha news' of 'b' is also an alias of 'a'",
        ),
        (
            lambda t: (
                t
                + '[[outlet]]\nid = "b"\nname = "B"\nstate = false\nfamily = "b"\nhandles.x = ["Alpha_News"]\n'
            ),
            "handle 'Alpha_News' belongs to both 'a' and 'b'",
        ),
        (
            lambda t: (
                t
                + '[[outlet]]\nid = "b"\nname = "B"\nstate = false\nfamily = "b"\ndomains = ["alpha.example"]\n'
            ),
            "domain 'alpha.example' of 'b' is already listed for 'a'",
        ),
    ],
)
def test_invalid_registry_one_line_errors(tmp_path: Path, edit, message: str) -> None:
    path = tmp_path / "outlets.toml"
    path.write_text(edit(GOOD), encoding="utf-8")
    with pytest.raises(InputError) as info:
        Registry.load(path)
    text = str(info.value)
    assert message in text
    assert "\n" not in text and text.startswith(str(path))


def test_missing_registry_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="Outlet registry not found"):
        Registry.load(tmp_path / "none.toml")


# ---- the `outlets` commands ----

runner = CliRunner()


def test_cli_list() -> None:
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0, result.output
    assert "xinhua" in result.output and "mundo_china" in result.output


def test_cli_list_json_and_filters() -> None:
    result = runner.invoke(app, ["list", "--json"])
    assert result.exit_code == 0
    ids = [o["id"] for o in json.loads(result.output)]
    assert {"xinhua", "cns", "cgtn", "reuters"} <= set(ids)
    result = runner.invoke(app, ["list", "--family", "cmg", "--json"])
    assert {o["family"] for o in json.loads(result.output)} == {"cmg"}
    result = runner.invoke(app, ["list", "--state", "--json"])
    assert all(o["state"] for o in json.loads(result.output))
    result = runner.invoke(app, ["list", "--family", "nope"])
    assert result.exit_code == 1 and "Unknown family: nope" in result.output


def test_cli_show() -> None:
    result = runner.invoke(app, ["show", "cns"])
    assert result.exit_code == 0, result.output
    for text in (
        "China News Service",
        "United Front Work Department",
        "chinanews.com.cn",
        "中新社",
    ):
        assert text in result.output
    result = runner.invoke(app, ["show", "mundo_china", "--json", "--accounts"])
    data = json.loads(result.output)
    assert data["family"] == "cmg" and data["handles"]["x"] == ["mundo_china"]
    assert data["accounts"][0]["name"] == "Mundo China" and "cgtn" in data["family_members"]
    result = runner.invoke(app, ["show", "cgtn", "--accounts"])
    assert result.exit_code == 0 and "CGTN Africa" in result.output


def test_cli_show_unknown_outlet() -> None:
    result = runner.invoke(app, ["show", "nope"])
    assert result.exit_code == 1
    assert "Unknown outlet: nope (try `sourcetrace outlets list`)" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_cli_bad_registry_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("version = 1\n[[outlet]]\nid = 3\n", encoding="utf-8")
    result = runner.invoke(app, ["list", "--registry", str(bad)])
    assert result.exit_code == 1
    assert (
        len(result.output.strip().splitlines()) == 1 and "'id' must be lowercase" in result.output
    )


def test_cli_every_command_has_help() -> None:
    import typer.main

    group = typer.main.get_command(app)
    assert group.help
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help, f"outlets {name} has no help"
        for param in command.params:
            if param.param_type_name == "option" and param.name != "help":
                assert param.help, f"outlets {name} {param.name} has no help"


# ---- outlet ids the registry does not know (trial 74) ----


def test_nearest_offers_the_outlet_an_unknown_id_likely_means(reg: Registry) -> None:
    """`people` (benchmarks/condensed) is People's Daily (people.cn), `chinatoday` CICG's China
    Today, typos their outlet; a word or another outlet's name gets nothing."""
    assert {value: getattr(reg.nearest(value), "id", None) for value in (
        "people", "chinatoday", "xinhau", "chinadialy", "globaltime", "cgtn_es", "People's Daily",
        "globalnews", "daily", "china", "aljazeera", "scmp", "", "_")} == {
        "people": "peoplesdaily", "chinatoday": "cicg", "xinhau": "xinhua", "chinadialy": "chinadaily",
        "globaltime": "globaltimes", "cgtn_es": "cgtn", "People's Daily": "peoplesdaily",
        "globalnews": None, "daily": None, "china": None, "aljazeera": None, "scmp": None, "": None, "_": None}


def test_unknown_outlets_are_the_ids_the_registry_lacks_most_articles_first(reg: Registry) -> None:
    from sourcetrace.outlets import unknown_outlets

    found = unknown_outlets({"xinhua": 40, "thepapercn": 2, "people": 7, "chinatoday": 4, "zzqx": 1,
                             "euronews-en": 1}, reg)
    assert [(u.id, u.articles, getattr(u.read_as, "id", None), getattr(u.nearest, "id", None))
            for u in found] == [
        ("people", 7, None, "peoplesdaily"), ("chinatoday", 4, None, "cicg"),
        ("thepapercn", 2, "sumg", None),  # The Paper's X handle (SUMG): `resolve` reads it so
        ("euronews-en", 1, "euronews", None), ("zzqx", 1, None, None)]
    assert unknown_outlets({"xinhua": 3, "cgtn": 1}, reg) == []
