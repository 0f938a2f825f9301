"""Attribution takes time linear in the post, whatever the post (issue 15, kind 3: S_attrib_slow).

A 190 KB post of "x1nhu4 " repeated took 196 s: every candidate was checked against every credit
found before it. Each post below is 200,000 characters (the record limit) of one pattern that
used to make a rule quadratic, or that fills every rule with candidates.
"""

from __future__ import annotations

import pytest

from sourcetrace.attribution import analyze
from sourcetrace.attribution.scan import MAX_HITS
from sourcetrace.outlets import Registry
from sourcetrace.records import MAX_TEXT_CHARS, Credit

from .conftest import grows_linearly

# one unit per rule or cue that used to cost more than linear time, or that fills a rule
UNITS = [
    "x1nhu4 ",  # the S_attrib_slow post: a leetspeak name, found by the spaced rule
    "CNS\n",  # context names as sign-off lines (the sign-off test read the whole post before)
    "Xinhua, CNS, EFE/",  # names listed beside each other (every pair was compared)
    "Fuente: Xinhua ",
    "(CNS) ",
    "新华社",
    "@XHNews ",
    "https://news.cn/a ",
    "X i n h u a ",
    "Twitter •mundo_china ",
    "xinhuanet[.]com ",
    "Xinhua Road ",
    "Fuente: Xinjua ",
    "来源：新hua社 ",
    "Source: XH社 ",
    "a.",
    "(",
    "Fuente: China NewsService ",  # a joined name (trial 7)
    "(c) Xinhua (b) ",  # a copyright cue that looks back for a list's "(b)"
    "Fuente: rnundo-china ",  # look-alike handles (trial 7): every word folded
    "@rnundo_china ",
    "r" * 60 + "n ",  # a long word: never folded past MAX_LOOKALIKE
]


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load()


def _post(unit: str) -> str:
    return (unit * (MAX_TEXT_CHARS // len(unit) + 1))[:MAX_TEXT_CHARS]


@pytest.mark.parametrize("unit", UNITS)
def test_adversarial_post_is_bounded_in_time(reg: Registry, unit: str) -> None:
    post = _post(unit)
    analyze("warm up the tables", "xinhua", reg)
    # linear from a tenth of the post to all of it (about 0.5 s on a loaded 2-core machine; the
    # old rules took minutes on some of these): a ratio, not a wall-clock limit
    linear, timings = grows_linearly(lambda n: analyze(post[:n], "xinhua", reg, origin="cns"),
                                     MAX_TEXT_CHARS // 10, MAX_TEXT_CHARS)
    assert linear, f"{unit!r}: {timings}"
    result = analyze(post, "xinhua", reg, origin="cns")
    assert len(result.evidence) <= MAX_HITS
    for e in result.evidence:
        if e.span is not None:
            assert post[e.span[0] : e.span[1]] == e.text


def test_many_outside_credits_are_bounded(reg: Registry) -> None:
    def credits(n: int) -> tuple[Credit, ...]:
        return tuple(Credit("link", f"https://example{i}.org/{'a' * 1000}", "entities.urls.expanded_url")
                     for i in range(n)) + (Credit("forward", "Xinhua " * 200, "forwarded_from"),)

    many = {n: credits(n) for n in (500, 5000)}
    linear, timings = grows_linearly(lambda n: analyze("Nada", "xinhua", reg, credits=many[n]), 500, 5000)
    assert linear, timings


def test_a_credit_after_the_candidates_is_still_found(reg: Registry) -> None:
    """Past MAX_CANDIDATES the first and the last candidates are examined: a credit at the end
    of a long post (where credits are) is still seen."""
    post = "Xinhua Road " * 5000 + "\nFuente: Xinhua"
    assert analyze(post, "xinhua", reg).status == "attributed"
