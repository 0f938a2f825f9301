"""benchmarks/streams (real streams reviewed by hand) and scripts/bench_streams.py's ceilings."""

from __future__ import annotations

import csv
import importlib
import json
import sys

import pytest

from sourcetrace import recalibration

from .conftest import REPO

STREAMS = REPO / "benchmarks" / "streams"


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        yield importlib.import_module("bench_streams")
    finally:
        sys.path.remove(str(REPO / "scripts"))


def test_every_review_names_a_post_of_its_stream_and_a_verdict():
    """The reviews are joined to the results by post and article id: a review whose post is not in
    its stream, or whose article is not in its index, would never count."""
    sets = json.loads((STREAMS / "sets.json").read_text("utf-8"))
    for name, spec in sets["streams"].items():
        prefix = spec["id_prefix"]
        posts = {prefix + line.strip() for line in (STREAMS / spec["ids"]).read_text("utf-8").splitlines() if line.strip()}
        index = sets["indexes"][spec["index"]]
        articles = {index["id_prefix"] + line.split("\t")[0]
                    for line in (STREAMS / index["articles"]).read_text("utf-8").splitlines()[1:] if line.strip()}
        with open(STREAMS / spec["review"], encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t"))
        assert rows and spec["half"] in ("tune", "test"), name
        for row in rows:
            assert row["post_id"] in posts and row["article_id"] in articles, (name, row["post_id"], row["article_id"])
            assert row["verdict"] in ("true", "false", "borderline"), (name, row)
    assert {s["half"] for s in sets["streams"].values()} == {"tune", "test"}


def test_ceilings_are_the_share_right_and_never_rise_with_doubt(bench):
    classes = {"lexical-none": {"n": 10, "right": 8.0}, "lexical-some": {"n": 10, "right": 10.0},
               "lexical-all": {"n": 8, "right": 4.0}, "semantic-none": {"n": 2, "right": 0.0}}
    ceilings = bench.fit_ceilings(classes)
    # (right + 1) / (n + 2); "some" above "none" is pooled with it: (18 + 1) / (20 + 2)
    assert ceilings["lexical-none"] == ceilings["lexical-some"] == round(19 / 22, 3)
    assert ceilings["lexical-all"] == 0.5
    assert ceilings["semantic-none"] == recalibration.REPORT_CONFIDENCE  # never under the threshold
    assert set(ceilings) == set(classes)
    assert bench.match_class({"match_type": "near_verbatim", "evidence": {
        "chance": {"encoder_confidence": {"use": 0.1, "e5": 0.2}}}}) == "lexical-all"
