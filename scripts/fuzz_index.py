"""Fuzz the index loader at length: hostile index folders, as tests/test_fuzz_index.py does briefly.

    python scripts/fuzz_index.py --minutes 60 [--max-tries 100000] [--batch 400] [--json report.json]
                                 [--results tries.jsonl] [--work DIR]

Each batch runs in a child process (a crash of faiss or SQLite would end it; the parent counts
it with the try it was on, then goes on with the next batch). Every try copies a valid folder,
applies hypothesis-generated mutations (tests/index_mutations.py), then runs verify, open +
query + stats and sometimes add, under an audit of the files opened. Prints the tries, the
tracebacks, the hangs (a stage over 10 s, twice: a try that stalls once is run again, and counted
apart if it then passes, as a loaded machine can stall any process), the reads outside the
folder, the launderings and the crashes, with the first few of each.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "src"), str(REPO)]  # this checkout's sourcetrace, and tests/


def worker(root: Path, seed: int, examples: int, results: Path, status: Path) -> None:
    """Run `examples` hypothesis tries with `seed`; one JSON line per try to `results`."""
    import tests.conftest  # noqa: F401 - registers the "hash" test encoder
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as seeded
    from hypothesis import strategies as st
    from tests.index_mutations import apply, digest_tree, hostile_folders, run_try

    templates = {name: root / "templates" / name for name in ("lexical", "hash", "ivf")}
    canary = root / "canary"
    canary_digest = digest_tree(canary)
    work = root / "work"

    @seeded(seed)
    @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(template=st.sampled_from(sorted(templates)), folder=hostile_folders, do_add=st.booleans())
    def one(template: str, folder: Any, do_add: bool) -> None:
        changes, forge = folder
        described = {"template": template, "changes": repr(changes), "forge": forge, "add": do_add}
        status.write_text(json.dumps(described))
        def attempt() -> Any:
            shutil.rmtree(work, ignore_errors=True)
            shutil.copytree(templates[template], work)
            apply(work, canary, changes, forge)
            return run_try(work, canary, do_add)

        outcome = attempt()
        failures = list(outcome.failures)
        slow = []
        if any(f.startswith("hang") for f in failures):
            # on a loaded machine a stage can stall without hanging: a hang must happen again
            again = attempt()
            if not any(f.startswith("hang") for f in again.failures):
                slow = [f for f in failures if f.startswith("hang")]
                failures = [f for f in failures if not f.startswith("hang")]
        if digest_tree(canary) != canary_digest:
            failures.append("changed a file outside the folder (the canary)")
        with results.open("a") as fh:
            fh.write(json.dumps({**described, "opened": outcome.opened, "verified": outcome.verified,
                                 "added": outcome.added, "seconds": round(outcome.seconds, 3),
                                 "failures": failures, "slow_once": slow}) + "\n")

    one()


def campaign(minutes: float, max_tries: int, batch: int, report: Path | None, every: Path, work: Path) -> int:
    """Run batches until `minutes` or `max_tries` are spent; print the summary; 1 if anything failed.

    The folders are built and mutated under `work` (in memory by default: writers fsync every
    file, which on a disk dominates a try), and built again if something removes them; every
    try's outcome is appended to `every`, on disk.
    """
    import tests.conftest  # noqa: F401
    from tests.index_mutations import build_templates

    work.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="fuzz-index-", dir=work))
    every.unlink(missing_ok=True)
    try:
        results = root / "results.jsonl"
        status = root / "status.json"
        ends = time.monotonic() + minutes * 60
        seed = 0
        crashes: list[dict[str, Any]] = []
        tries = failed = 0
        while time.monotonic() < ends and tries < max_tries:
            if not (root / "canary" / "secret.txt").exists():
                shutil.rmtree(root, ignore_errors=True)
                build_templates(root)
            results.unlink(missing_ok=True)
            status.unlink(missing_ok=True)
            size = min(batch, max_tries - tries)
            try:
                done = subprocess.run(
                    [sys.executable, __file__, "--worker", str(root), "--seed", str(seed), "--batch", str(size),
                     "--results", str(results), "--status", str(status)],
                    timeout=max(60.0, ends - time.monotonic() + 120), capture_output=True, text=True, check=False,
                )
                if done.returncode != 0:
                    last = json.loads(status.read_text()) if status.exists() else {}
                    crashes.append({"returncode": done.returncode, "last_try": last, "stderr": done.stderr[-2000:]})
            except subprocess.TimeoutExpired:
                crashes.append({"returncode": "timeout", "last_try": status.read_text() if status.exists() else ""})
            lines = results.read_text().splitlines() if results.exists() else []
            tries += len(lines)
            failed += sum(bool(json.loads(line)["failures"]) for line in lines)
            _merge(every, lines)
            seed += 1
            print(f"{tries} tries, {failed} failed, {len(crashes)} crashed batches,"
                  f" {time.monotonic() - ends + minutes * 60:.0f} s", file=sys.stderr, flush=True)
        summary = _summarise(every, crashes)
        print(json.dumps(summary, indent=2))
        if report is not None:
            report.write_text(json.dumps(summary, indent=2) + "\n")
        return 1 if summary["failures"] or crashes else 0
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _merge(file: Path, lines: list[str]) -> None:
    with file.open("a") as fh:
        fh.writelines(line + "\n" for line in lines)


def _summarise(file: Path, crashes: list[dict[str, Any]]) -> dict[str, Any]:
    kinds: Counter[str] = Counter()
    examples: dict[str, list[Any]] = {}
    outcomes: Counter[str] = Counter()
    slowest = 0.0
    tries = slow_once = 0
    for line in file.read_text().splitlines() if file.exists() else []:
        row = json.loads(line)
        tries += 1
        slowest = max(slowest, row["seconds"])
        slow_once += len(row.get("slow_once", []))
        outcomes["opened" if row["opened"] else "refused"] += 1
        outcomes["verified" if row["verified"] else "did not verify"] += 1
        outcomes["added" if row["added"] else "not added"] += int(row["add"])
        for failure in row["failures"]:
            kind = failure.split(":")[0].split(" in ")[0]
            kinds[kind] += 1
            examples.setdefault(kind, [])
            if len(examples[kind]) < 3:
                examples[kind].append({"failure": failure[-1500:], "try": {k: row[k] for k in ("template", "changes", "forge", "add")}})
    return {
        "tries": tries, "tracebacks": kinds["traceback"], "hangs": kinds["hang"],
        "opened_outside": kinds["opened outside the folder"], "laundered": kinds["laundered"],
        "changed_outside": kinds["changed a file outside the folder (the canary)"],
        "crashed_batches": len(crashes), "slowest_try_seconds": round(slowest, 2),
        "stalled_once_then_passed": slow_once,
        "outcomes": dict(outcomes), "failures": examples, "crashes": crashes[:5],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--max-tries", type=int, default=10**6)
    parser.add_argument("--batch", type=int, default=400, help="tries per child process")
    parser.add_argument("--json", type=Path, help="also write the summary here")
    parser.add_argument("--results", type=Path, default=Path("fuzz-index-tries.jsonl"),
                        help="every try's outcome, one JSON line each")
    shm = Path("/dev/shm")
    parser.add_argument("--work", type=Path, default=shm if shm.is_dir() else Path(tempfile.gettempdir()),
                        help="where the folders are built and mutated")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--status", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.seed, args.batch, args.results, args.status)
        return
    sys.exit(campaign(args.minutes, args.max_tries, args.batch, args.json, args.results.absolute(), args.work))


if __name__ == "__main__":
    main()
