#!/usr/bin/env python3
"""Score the attribution rules on the labelled sets: attributed/evasive precision and recall.

Runs the installed rules (``from sourcetrace.attribution import analyze``) over
``tests/attribution_cases.jsonl`` (the development set the rules were written with) and
``tests/attribution_cases_real.jsonl`` (the second set of issue 13, written before the rules
were changed), and prints, per set, per kind and per language:

* precision and recall of ``attributed`` and of ``evasive``, as ``tests/test_attribution.py``
  computes them (correct / predicted, correct / gold);
* status accuracy, and strict accuracy (status and ``credited`` both right; a case without a
  ``credited`` key is judged on its status alone; crediting the labelled outlet's family, or
  the ``credited_family`` of the case, counts as the same credit);
* the false-credit rate on "mentions without credit" (``mention_only`` cases): the share that
  came back with any status other than ``unattributed``.

Cases that carry a platform record (``platform`` + ``raw``: a Telegram message, a Mastodon
activity, an X archive tweet) are written to a one-item export file and read back through
``sourcetrace.readers.read_posts``, so the rules see exactly what ``sourcetrace check`` would
give them. The record format is described in ``tests/ATTRIBUTION_CASES.md``.

Keyword parameters that ``analyze`` does not have yet are not guessed at, with three exceptions
taken from issue 13: when ``analyze`` accepts ``origin`` it gets the article's agency (the
case's ``article_origin`` label, or what ``--origin-from MODULE:FUNCTION`` detects from the
case's ``article_text``); when it accepts ``credits`` it gets the post's credits outside its
text (``Post.credits`` as the reader fills it, else the case's ``credits`` list, else what
``credits_from_raw`` reads from the platform record: Telegram ``forwarded_from`` and
``text_link`` hrefs, Mastodon ``<a href>`` and boosts, X expanded URLs, quote permalinks and
retweets); and when it accepts ``extra`` it gets the post's platform fields (``Post.extra``).
When the verdict's ``to_dict()`` has a ``sibling`` key it is compared with the case's
``sibling`` label.

Usage::

    python scripts/attribution_eval.py [FILE.jsonl ...] [--json] [--failures]
        [--origin-from sourcetrace.bylines:detect_origin]
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

from sourcetrace.attribution import analyze
from sourcetrace.outlets import Registry
from sourcetrace.readers import read_posts
from sourcetrace.records import Credit, Post

DEFAULT_SETS = (
    REPO / "tests" / "attribution_cases.jsonl",
    REPO / "tests" / "attribution_cases_real.jsonl",
)
SCORED = ("attributed", "evasive")
FAILURE_KEYS = (
    "id",
    "where",
    "kind",
    "lang",
    "outlet_id",
    "gold",
    "gold_credited",
    "status",
    "credited",
    "text",
)


class CaseError(Exception):
    """A labelled case that cannot be run (bad record, unreadable platform record)."""


# ---- running one case -----------------------------------------------------------------------


def load(path: Path) -> list[dict[str, Any]]:
    """The cases of one JSONL file, each tagged with its set name (the file's stem)."""
    cases = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            case = json.loads(line)
            if "text" not in case or "status" not in case or "outlet_id" not in case:
                raise CaseError(f"{path}:{lineno}: a case needs 'text', 'outlet_id' and 'status'")
            case["_set"] = path.stem
            case["_where"] = f"{path.name}:{lineno}"
            cases.append(case)
    return cases


def _export(platform: str, raw: dict[str, Any], folder: Path) -> Path:
    """Write one platform record as the one-item export file its reader expects."""
    if platform == "telegram":
        path = folder / "result.json"
        chat = raw.get("chat") or {"name": "chat", "type": "public_channel", "id": 1}
        doc: Any = {**chat, "messages": [raw["message"]]}
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    elif platform == "mastodon":
        path = folder / "outbox.json"
        doc = {
            "@context": "https://www.w3.org/ns/activitystreams",
            "type": "OrderedCollection",
            "totalItems": 1,
            "orderedItems": [raw],
        }
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    elif platform == "x":
        path = folder / "tweets.js"
        path.write_text(
            "window.YTD.tweets.part0 = " + json.dumps([raw], ensure_ascii=False), encoding="utf-8"
        )
    else:
        raise CaseError(f"unknown platform {platform!r} (known: telegram, mastodon, x)")
    return path


def post_of(case: dict[str, Any]) -> Post:
    """The post as the pipeline sees it: read from the platform record when the case has one."""
    if "raw" not in case:
        return Post(text=case["text"], id=case.get("id", ""), lang=case.get("lang"))
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = _export(case["platform"], case["raw"], Path(tmp))
        posts = list(read_posts([path], lambda p: problems.append(str(p)), fmt=case["platform"]))
    if len(posts) != 1:
        raise CaseError(
            f"{case['_where']}: the {case['platform']} reader gave {len(posts)} posts {problems}"
        )
    return posts[0]


def _origin_detector(spec: str | None) -> Callable[[str], str | None] | None:
    if not spec:
        return None
    module, _, name = spec.partition(":")
    if not name:
        raise SystemExit(f"--origin-from wants MODULE:FUNCTION, got {spec!r}")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


class _Links(HTMLParser):
    """The <a href> of a Mastodon note's HTML, with the words they sit behind."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href, self._words = dict(attrs).get("href"), []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._words.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href:
            self.links.append((self._href, "".join(self._words).strip()))
        if tag == "a":
            self._href = None


def credits_from_raw(case: dict[str, Any]) -> tuple[Credit, ...]:
    """The credits outside the text of a case's platform record, as a reader would keep them
    (used while the readers do not fill ``Post.credits`` themselves)."""
    raw, platform = case.get("raw"), case.get("platform")
    if not isinstance(raw, dict):
        return ()
    out: list[Credit] = []
    if platform == "telegram":
        message = raw.get("message", {})
        if message.get("forwarded_from"):
            out.append(Credit("forward", message["forwarded_from"], "forwarded_from"))
        for entity in message.get("text_entities") or []:
            if isinstance(entity, dict) and entity.get("type") == "text_link" and entity.get("href"):
                out.append(Credit("link", entity["href"], "text_link.href", entity.get("text")))
    elif platform == "mastodon":
        note = raw.get("object") if isinstance(raw.get("object"), dict) else {}
        if raw.get("type") == "Announce" and note.get("attributedTo"):
            out.append(Credit("repost", note["attributedTo"], "object.attributedTo"))
        parser = _Links()
        parser.feed(str(note.get("content") or ""))
        out.extend(Credit("link", href, "a.href", words or None) for href, words in parser.links)
    elif platform == "x":
        tweet = raw.get("tweet", raw)
        entities = tweet.get("entities") or {}
        for url in entities.get("urls") or []:
            if url.get("expanded_url"):
                out.append(Credit("link", url["expanded_url"], "entities.urls.expanded_url", url.get("url")))
        quoted = tweet.get("quoted_status_permalink") or {}
        if quoted.get("expanded"):
            out.append(Credit("repost", quoted["expanded"], "quoted_status_permalink"))
        mentions = entities.get("user_mentions") or []
        if str(tweet.get("full_text", "")).startswith("RT @") and mentions:
            first = mentions[0]
            out.append(Credit("repost", first.get("screen_name", ""), "retweeted_status.user", first.get("name")))
    return tuple(c for c in out if c.value)


def run_case(
    case: dict[str, Any], registry: Registry, detect: Callable[[str], str | None] | None
) -> dict[str, Any]:
    """Run the rules on one case; the prediction and what was right about it."""
    post = post_of(case)
    params = inspect.signature(analyze).parameters
    kwargs: dict[str, Any] = {}
    origin = case.get("article_origin")
    detected = None
    if detect is not None and "article_text" in case:
        detected = detect(case["article_text"])
        origin = detected
    if "origin" in params and "article_text" in case:
        kwargs["origin"] = origin
    if "credits" in params:
        if post.credits:
            kwargs["credits"] = post.credits
        elif "credits" in case:
            kwargs["credits"] = tuple(Credit.from_dict(c) for c in case["credits"])
        else:
            kwargs["credits"] = credits_from_raw(case)
    if "extra" in params:
        kwargs["extra"] = post.extra
    if "article_text" in params and "article_text" in case:
        kwargs["article_text"] = case["article_text"]  # what the article itself says is copied text, no credit
    result = analyze(post.text, case["outlet_id"], registry, **kwargs)
    verdict = result.to_dict()
    status, credited = verdict["status"], verdict["credited"]
    status_ok = status == case["status"]
    if "credited" in case:
        gold = case["credited"]
        accepted = {gold}
        if gold is not None:
            accepted |= {registry.family_of(gold), case.get("credited_family")} - {None}
        credit_ok = credited in accepted
    else:
        credit_ok = True
    sibling_ok = None
    if "sibling" in verdict and "sibling" in case:
        sibling_ok = bool(verdict["sibling"]) == bool(case["sibling"])
    return {
        "id": case.get("id", case["_where"]),
        "where": case["_where"],
        "set": case["_set"],
        "kind": case.get("kind", "dev"),
        "lang": case.get("lang", "-"),
        "mention_only": bool(case.get("mention_only")),
        "gold": case["status"],
        "gold_credited": case.get("credited"),
        "status": status,
        "credited": credited,
        "evidence": verdict.get("evidence", []),
        "status_ok": status_ok,
        "strict_ok": status_ok and credit_ok and sibling_ok is not False,
        "sibling_ok": sibling_ok,
        "has_article": "article_text" in case,
        "origin_gold": case.get("article_origin"),
        "origin_detected": detected,
        "text": post.text,
        "outlet_id": case["outlet_id"],
    }


# ---- scoring --------------------------------------------------------------------------------


def score(rows: Iterable[dict[str, Any]], detect_used: bool = False) -> dict[str, Any]:
    """Precision and recall per scored status, accuracies and the false-credit rate of a group."""
    rows = list(rows)
    out: dict[str, Any] = {"cases": len(rows)}
    for status in SCORED:
        gold = sum(r["gold"] == status for r in rows)
        predicted = sum(r["status"] == status for r in rows)
        correct = sum(r["gold"] == status and r["status_ok"] for r in rows)
        out[status] = {
            "precision": round(correct / predicted, 3) if predicted else None,
            "recall": round(correct / gold, 3) if gold else None,
            "correct": correct,
            "predicted": predicted,
            "gold": gold,
        }
    out["unattributed_gold"] = sum(r["gold"] == "unattributed" for r in rows)
    out["status_accuracy"] = (
        round(sum(r["status_ok"] for r in rows) / len(rows), 3) if rows else None
    )
    out["strict_accuracy"] = (
        round(sum(r["strict_ok"] for r in rows) / len(rows), 3) if rows else None
    )
    mentions = [r for r in rows if r["mention_only"]]
    out["mention_only"] = len(mentions)
    out["false_credit_on_mentions"] = (
        round(sum(r["status"] != "unattributed" for r in mentions) / len(mentions), 3)
        if mentions
        else None
    )
    siblings = [r for r in rows if r["sibling_ok"] is not None]
    out["sibling_flag_accuracy"] = (
        round(sum(r["sibling_ok"] for r in siblings) / len(siblings), 3) if siblings else None
    )
    bylines = [r for r in rows if r["has_article"]]
    if detect_used and bylines:
        out["origin_accuracy"] = round(
            sum(r["origin_detected"] == r["origin_gold"] for r in bylines) / len(bylines), 3
        )
    return out


def evaluate(
    paths: Iterable[Path], detect: Callable[[str], str | None] | None = None
) -> dict[str, Any]:
    """Every set's scores, overall, per kind and per language, with the wrong cases."""
    registry = Registry.load()
    used = detect is not None
    report: dict[str, Any] = {"sets": {}}
    for path in paths:
        rows = [run_case(case, registry, detect) for case in load(path)]
        groups: dict[str, dict[str, list[dict[str, Any]]]] = {
            "kind": defaultdict(list),
            "lang": defaultdict(list),
        }
        for row in rows:
            groups["kind"][row["kind"]].append(row)
            groups["lang"][row["lang"]].append(row)
        cells: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for row in rows:
            cells[row["kind"]][row["lang"]] += 1
        report["sets"][path.stem] = {
            "file": str(path),
            "overall": score(rows, used),
            "by_kind": {k: score(v, used) for k, v in sorted(groups["kind"].items())},
            "by_lang": {k: score(v, used) for k, v in sorted(groups["lang"].items())},
            "counts": {k: dict(sorted(v.items())) for k, v in sorted(cells.items())},
            "failures": [{k: r[k] for k in FAILURE_KEYS} for r in rows if not r["strict_ok"]],
        }
    return report


# ---- output ---------------------------------------------------------------------------------


def _pr(cell: dict[str, Any]) -> str:
    """'P/R (gold)' of one status: "0.54/0.53 (119)"; "-" where nothing was predicted or labelled."""
    p, r = cell["precision"], cell["recall"]
    p_s = f"{p:.2f}" if p is not None else "-"
    r_s = f"{r:.2f}" if r is not None else "-"
    return f"{p_s}/{r_s} ({cell['gold']})"


def _line(name: str, s: dict[str, Any]) -> str:
    fc = s["false_credit_on_mentions"]
    mentions = f"{fc:.2f} ({s['mention_only']})" if fc is not None else "-"
    return (
        f"  {name:<16}{s['cases']:>6}  {_pr(s['attributed']):>18}  {_pr(s['evasive']):>18}"
        f"  {s['status_accuracy']:>6.2f}  {s['strict_accuracy']:>6.2f}  {mentions:>12}"
    )


def render(report: dict[str, Any], failures: bool) -> str:
    """The report as a table per set (overall, per kind, per language), then the wrong cases."""
    header = (
        f"  {'':<16}{'cases':>6}  {'attributed P/R (n)':>18}  {'evasive P/R (n)':>18}"
        f"  {'status':>6}  {'strict':>6}  {'mentions FC':>12}"
    )
    out = []
    for name, data in report["sets"].items():
        out.append(f"{name} ({data['file']})")
        out.append(header)
        out.append(_line("all", data["overall"]))
        if len(data["by_kind"]) > 1:
            out.append("  by kind")
            out.extend(_line(k, s) for k, s in data["by_kind"].items())
        if len(data["by_lang"]) > 1:
            out.append("  by language")
            out.extend(_line(k, s) for k, s in data["by_lang"].items())
        if failures and data["failures"]:
            out.append(f"  wrong ({len(data['failures'])}):")
            for f in data["failures"]:
                out.append(
                    f"    {f['id']} [{f['kind']}/{f['lang']}] outlet={f['outlet_id']}: gold {f['gold']}/{f['gold_credited']}"
                    f" got {f['status']}/{f['credited']}: {f['text'][:90]!r}"
                )
        out.append("")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "files", nargs="*", type=Path, help="labelled JSONL sets (default: both sets in tests/)"
    )
    parser.add_argument("--json", action="store_true", help="print the whole report as JSON")
    parser.add_argument(
        "--failures", action="store_true", help="list the cases the rules get wrong"
    )
    parser.add_argument(
        "--origin-from",
        metavar="MODULE:FUNCTION",
        help="a byline detector (article text -> agency id or None) to use instead of the gold article_origin",
    )
    args = parser.parse_args()
    try:
        report = evaluate(args.files or DEFAULT_SETS, _origin_detector(args.origin_from))
    except (CaseError, OSError, json.JSONDecodeError) as exc:
        raise SystemExit(f"attribution_eval: {exc}") from None
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print(render(report, args.failures))


if __name__ == "__main__":
    main()
