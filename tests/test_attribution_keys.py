"""The Aho–Corasick key sets and the lazily compiled defanged addresses of the attribution tables
give exactly what a straightforward reference gives: a scan position by position (keys), one
alternation of every host's pattern (addresses)."""

from __future__ import annotations

import random
import re

import pytest

from sourcetrace.attribution.keys import WORD_CHAR, Found, Keys
from sourcetrace.attribution.scanner import Scanner
from sourcetrace.attribution.tables import Defanged
from sourcetrace.attribution.text import premap, skel
from sourcetrace.normalize import normalize
from sourcetrace.outlets import Registry

_WORD = re.compile(WORD_CHAR)


def reference_find(keys: dict[str, tuple[bool, bool]], text: str) -> list[Found]:
    """Per boundary group, left to right: at each position the longest key whose boundaries
    hold, then on from its end; all groups merged by start, longest first."""
    found = []
    for left, right in set(keys.values()):
        group = sorted((k for k, s in keys.items() if s == (left, right)), key=len, reverse=True)
        pos = 0
        while pos < len(text):
            hit = None
            if not (left and pos and _WORD.match(text, pos - 1)):
                for key in group:
                    end = pos + len(key)
                    if text.startswith(key, pos) and not (
                        right and end < len(text) and _WORD.match(text, end)
                    ):
                        hit = Found(pos, end, key)
                        break
            if hit is None:
                pos += 1
            else:
                found.append(hit)
                pos = hit.end
    return sorted(found, key=lambda f: (f.start, -f.end))


def reference_defanged(hosts: list[str], text: str) -> list[tuple[int, int, str]]:
    """The one alternation the tables compiled before: every host's pattern, longest first."""
    from sourcetrace.attribution.cues import DEFANG, DEFANG_LOOSE

    patterns = []
    for host in hosts:
        # every host with a loose dot too: a short one counts only after a credit label
        # (`rules.defanged`, trial 110), which the scan asks of `Defanged.distinctive`
        labels = [re.escape(label) for label in host.split(".")]
        patterns.append(f"(?:\\.|{DEFANG}{DEFANG_LOOSE})".join(labels))
    pattern = re.compile(
        r"(?<![a-z0-9\-])(?:"
        + "|".join(sorted(patterns, key=len, reverse=True))
        + r")(?![a-z0-9\-])"
    )
    return [(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]


@pytest.fixture(scope="module")
def tables():
    return Scanner(Registry.load()).tables


def _fold(text: str) -> str:
    from sourcetrace.attribution.text import FOLD

    return normalize(premap(text)).text.translate(FOLD)


def _inputs(tables) -> list[str]:
    """Credits as posts write them, evasive ones, Chinese names, and long adversarial runs."""
    rng = random.Random(16)
    names = sorted(e.text for e in tables.names.values())
    handles = sorted(h.text for h in tables.handles.values())
    hosts = sorted(tables.hosts)
    posts = [
        "El comercio creció un 12 % en 2023, según Xinhua.",
        "Nota completa vía Twitter •mundo_china",
        "vía @mundo_China y IG: cgtnenespanol",
        "来源：新华社 据中新网报道 人民日报评论：",
        "新华社北京12月10日电 新华社区 xinhuanet[.]com cgtn dot com xinhuanet . com",
        # one host's address inside another's: the longer pattern is tried first
        "chinanews[.]com[.]cn chinanews dot com dot cn people[.]com[.]cn chinanews . com . cn",
        "X i n h u a, Xin.hua, C-G-T-N, 新 华 社, #ChinaDaily #CGTNenEspañol",
        "BEIJING, Dec. 10 (Xinhua) -- reporters from Xinhua and the BBC in Xinhua county",
        "据CGTN报道, CGTN's correspondent, cctv+ footage, cctvnews, news.cn/2023 rt.com/news",
        "",
        "a",
    ]
    separators = [" ", ".", " . ", "[.]", "(dot)", " dot ", "。", "-", "•", "_", "", "\u200b"]
    for _ in range(300):
        parts = []
        for _ in range(rng.randint(1, 8)):
            kind = rng.random()
            if kind < 0.3:
                parts.append(rng.choice(hosts).replace(".", rng.choice(separators)))
            elif kind < 0.6:
                name = rng.choice(names)
                parts.append(rng.choice(separators).join(name) if rng.random() < 0.3 else name)
            elif kind < 0.8:
                prefix = rng.choice(["vía Twitter •", "IG: ", "@", "#", "Fuente: ", "来源：", "据"])
                parts.append(prefix + rng.choice(handles))
            else:
                parts.append(rng.choice(["según", "y", "(", ")", "—", "\n", "xin", "新", "华社"]))
        posts.append(rng.choice(["", " ", "\n", "ab"]).join(parts))
    posts += [
        "xinhua " * 400 + "cgtn[.]com " * 100,
        "新华社" * 500,
        "x i n h u a " * 300,
        "a" * 3000 + "rt.com",
        "news.cn." * 300,
    ]
    return posts


def test_keys_find_the_reference_matches_on_registry_names(tables):
    names = {key: (e.left, e.right) for key, e in tables.names.items()}
    compact = {key: (False, False) for key in tables.compact}
    checked = 0
    for post in _inputs(tables):
        text = _fold(post)
        assert tables.name_keys.find(text) == reference_find(names, text), post[:80]
        squeezed = "".join(text.split())
        assert tables.compact_keys.find(squeezed) == reference_find(compact, squeezed), post[:80]
        checked += bool(tables.name_keys.find(text))
    assert checked > 150  # most inputs have names: the comparison is not vacuous


def test_keys_boundaries_and_groups():
    keys = Keys(["cns", "cnsnews", "新华社", "新华"], lambda k: (k.isascii(), k.isascii()))
    assert [f.key for f in keys.find("cnsx cns, cnsnews 据新华社报道")] == [
        "cns",
        "cnsnews",
        "新华社",
    ]
    assert keys.find("xcns") == []  # a Latin name needs its boundaries
    # groups are scanned apart, as separate alternations were: their matches may overlap
    both = Keys(["ab", "bc"], lambda k: (k == "ab", False))
    assert both.find("abc") == [Found(0, 2, "ab"), Found(1, 3, "bc")]
    assert Keys([]).find("anything") == [] and Keys([]).prefix("anything") is None


def test_keys_prefix_is_the_longest_key_at_a_position(tables):
    for post in _inputs(tables)[:120] + ["xinhua español | noticias", "china news today"]:
        text = _fold(post)
        for pos in range(0, len(text), 7):
            want = max((k for k in tables.names if text.startswith(k, pos)), key=len, default=None)
            assert tables.name_keys.prefix(text, pos) == want


def test_defanged_matches_the_single_alternation(tables):
    hosts = list(tables.hosts)
    defanged = Defanged(hosts)
    seen = 0
    for post in _inputs(tables):
        text = _fold(post)
        got = [(m.start(), m.end(), m.group()) for m in defanged.finditer(text)]
        assert got == reference_defanged(hosts, text), post[:80]
        seen += len(got)
    assert seen > 100


def test_defanged_compiles_only_the_hosts_a_text_names(tables):
    defanged = Defanged(list(tables.hosts))
    assert defanged.finditer(skel("Nota completa en el enlace de abajo")) == []
    assert not defanged._compiled  # no host's first label: nothing compiled
    found = defanged.finditer(skel("más en xinhuanet[.]com"))
    assert [m.group() for m in found] == ["xinhuanet[.]com"]
    assert 0 < len(defanged._compiled) < 5
