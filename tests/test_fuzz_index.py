"""Property-based fuzzing of the index loader (issue 15): a short fixed budget here,
scripts/fuzz_index.py runs the same tries at length. See tests/index_mutations.py."""

from __future__ import annotations

import contextlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from sourcetrace import index as ix
from sourcetrace.index.manifest import manifest_problems

from .index_mutations import (
    MANIFEST_PATHS,
    Mutation,
    answer,
    apply,
    build_templates,
    digest_tree,
    harmless,
    harmless_changes,
    hostile_folders,
    json_values,
    run_try,
)

TEMPLATES = ("lexical", "hash", "ivf")
# A fixed, reproducible budget (derandomized): about 20 s on two busy cores.
BUDGET = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                  phases=[Phase.explicit, Phase.generate, Phase.shrink],
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@dataclass
class Campaign:
    root: Path
    templates: dict[str, Path]
    baselines: dict[str, Any]
    canary_digest: str

    def fresh(self, template: str) -> Path:
        work = self.root / "work"
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(self.templates[template], work)
        return work


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory) -> Campaign:
    root = tmp_path_factory.mktemp("fuzz")
    templates = build_templates(root)
    baselines = {name: answer(templates[name]) for name in TEMPLATES}
    return Campaign(root, templates, baselines, digest_tree(templates["canary"]))


def test_templates_answer_and_verify(campaign: Campaign) -> None:
    for name in TEMPLATES:
        assert ix.verify(campaign.templates[name]).ok
        status, matches, counts, _ = campaign.baselines[name]
        assert status == "copy" and matches[0][0] == "cgtn-7" and counts["articles"] >= 3


@BUDGET
@given(template=st.sampled_from(TEMPLATES), folder=hostile_folders, do_add=st.booleans())
def test_hostile_index_folders(campaign: Campaign, template: str, folder: tuple[list[Mutation], bool],
                               do_add: bool) -> None:
    """No traceback, no hang, nothing opened or changed outside the folder, no damage laundered."""
    changes, forge_checksums = folder
    work = campaign.fresh(template)
    apply(work, campaign.templates["canary"], changes, forge_checksums)
    outcome = run_try(work, campaign.templates["canary"], do_add)
    assert not outcome.failures, outcome.failures
    assert digest_tree(campaign.templates["canary"]) == campaign.canary_digest


@settings(max_examples=25, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(template=st.sampled_from(TEMPLATES), changes=harmless_changes)
def test_valid_folders_still_open_identically(campaign: Campaign, template: str, changes: list[str]) -> None:
    work = campaign.fresh(template)
    harmless(work, changes)
    report = ix.verify(work)
    assert report.ok, report.errors
    assert answer(work) == campaign.baselines[template]


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(paths=st.lists(st.tuples(st.sampled_from(MANIFEST_PATHS), json_values), min_size=1, max_size=4))
def test_the_manifest_schema_takes_any_json(campaign: Campaign, paths: list[tuple[Any, Any]]) -> None:
    """The schema check alone, fast: any JSON in any place is a list of problems, not an exception."""
    manifest = json.loads((campaign.templates["ivf"] / "manifest.json").read_text())
    for path, value in paths:
        with contextlib.suppress(KeyError, IndexError, TypeError):
            target = manifest
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = value
    problems = manifest_problems(manifest)
    assert all(isinstance(p, str) and p for p in problems)


def test_the_audit_sees_an_escape(campaign: Campaign) -> None:
    """The harness itself: a read through a link into the canary folder is reported."""
    from .index_mutations import OpenAudit

    secret = campaign.templates["canary"] / "secret.txt"
    link = campaign.root / "peek"
    link.unlink(missing_ok=True)
    link.symlink_to(secret)
    with OpenAudit(campaign.templates["canary"]) as audit:
        link.read_text()
    assert audit.escapes and "secret.txt" in audit.escapes[0]
