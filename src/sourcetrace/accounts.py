"""Per-account view of a check: who copies state media, how often without credit, and with whom.

Input is the results of `check` (`results.Result`, or their JSON objects as a report file holds
them). Each post counts once, by its top match, as in the closing summary of `check`. Accounts
that post near-identical copies of the same article are likely one operation, so every copy is
also compared with the other accounts' copies of the same article (see `near_identical`).
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .dates import to_datetime
from .errors import InputError, SourcetraceError
from .readers import Problem, ProblemHandler, read_jsonl
from .readers.problems import NOTE
from .results import NOT_ANALYSED, Result, as_result, counted, merged_spans, outlet_label

log = logging.getLogger(__name__)

NO_AUTHOR = "(no author)"

# Two copies of one article by different accounts are "near-identical" when their texts (URLs and
# @mentions blanked) share this share of character shingles (Jaccard): a repost with its own
# emoji, hashtag or link differs by a few shingles out of a few hundred; two independent
# translations of one sentence share well under half.
TEXT_JACCARD = 0.8
# Without post texts (a plain report file), copies are compared by what they took: the same
# article, the same passage (character ranges overlapping this much), the same match type and
# post language.
SPAN_OVERLAP = 0.8
# Pairwise comparison is quadratic in the copies of one article; past this many, only exact
# duplicates (same normalised text, or same passage when texts are missing) are grouped.
MAX_PAIRWISE = 1500


# ---- which outlets are state media --------------------------------------------------------

StateOf = Callable[[str | None], bool]


@functools.lru_cache(maxsize=1)
def _registry() -> Any:
    try:
        from .outlets import Registry

        return Registry.load()
    except (ImportError, SourcetraceError) as exc:  # registry absent or unreadable
        log.warning("outlet registry unavailable (%s): every outlet counts as state media", exc)
        return None


def is_state_media(outlet: str | None) -> bool:
    """True unless the outlet registry knows the outlet and says it is not state media.

    An index is meant to hold state-media articles, so an outlet the registry does not know (or
    a missing registry) counts as state media; wires and newspapers listed as `state = false`
    (Reuters, BBC, ...) do not. An id that is no registry id is read as attribution reads it
    (`Registry.resolve`: "euronews-en" is Euronews, not state media), and `index build` says so.
    """
    registry = _registry()
    if registry is None or not outlet:
        return True
    known = registry.get(outlet) or registry.resolve(outlet)
    return True if known is None else bool(known.state)


# ---- reading a report ----------------------------------------------------------------------

def read_report(paths: Iterable[str | Path], on_problem: ProblemHandler) -> Iterator[dict[str, Any]]:
    """Stream the post objects of report files (JSONL from `check`, `.gz` ok); bad lines go to
    `on_problem` and are skipped (over `readers.MAX_LINE_BYTES`, not JSON, not a post object).
    Raises InputError for a missing file. "-" is stdin; stdin and a pipe (`<(zcat r.jsonl.gz)`)
    can be read once (`accounts --posts` reads its reports twice: `spooled` copies them first)."""
    from .readers.inputs import check_inputs

    files = [Path(p) for p in paths]
    check_inputs(files)
    for path in files:
        yield from _read_one_report(path, on_problem)


def spooled(paths: Iterable[str | Path], folder: Path) -> list[Path]:
    """`paths` with each one that can be read only once (stdin "-", a pipe: `readers.streamed`)
    copied into a file under `folder` first, so that it can be read twice."""
    import shutil
    from contextlib import ExitStack

    from .readers.inputs import Input, open_stored, starts_as_gzip, streamed

    out = []
    for n, path in enumerate(paths):
        if not streamed(str(path)):
            out.append(Path(path))
            continue
        source = Input.parse(path)
        with ExitStack() as stack:
            stream = open_stored(source, stack)
            # copied as it came, named *.gz when gzip: its reading decompresses it, and says where
            # a stream cut short breaks, as for stdin itself
            gzipped = source.gzipped or starts_as_gzip(stream)
            copy = folder / f"report-{n}.jsonl{'.gz' if gzipped else ''}"
            with copy.open("wb") as target:
                shutil.copyfileobj(stream, target)
        out.append(copy)
    return out


NOT_A_REPORT = 5  # leading lines without a post object that make a file no report
NOT_A_POST = "missing 'post' object"


def _read_one_report(path: Path, on_problem: ProblemHandler) -> Iterator[dict[str, Any]]:
    """One report file's post objects. A file whose first NOT_A_REPORT lines (or all of them,
    if fewer) hold no post object, being JSON without one, or no JSON object at all, is no
    report: InputError, one line instead of one skipped line per record (a trial's file of
    mixed bad lines gave an empty table and exit 0). Problems are held only until that is
    decided."""
    strays: list[Problem] = []
    holding = True

    def decide(report: bool = False) -> None:
        nonlocal holding
        if not report and strays and all(NOT_A_POST in p.reason for p in strays):
            raise InputError(f"{path}: not the output of `sourcetrace check` (its lines have no"
                             " 'post' object)")
        if not report and strays:
            first = strays[0]
            raise InputError(f"{path}: not the output of `sourcetrace check` (none of its first"
                             f" {counted(len(strays), 'line')} is a result; line {first.line}:"
                             f" {first.reason.split(' (')[0]})")
        holding = False
        for problem in strays:
            on_problem(problem)

    def held(problem: Problem) -> None:
        if not holding:
            on_problem(problem)
            return
        strays.append(problem)
        if len(strays) >= NOT_A_REPORT:
            decide()

    results = 0
    for record in read_jsonl([path], held, _parse_line, terse=True):
        if holding:
            decide(report=True)  # a post object: a report whose bad lines are skipped lines
        results += 1
        yield record
    if holding:
        decide()
    if not results and not strays:  # a check of no posts writes this too: said, not refused
        on_problem(Problem(str(path), 0, "holds no results (an empty report: did `check` read any post?)", NOTE))


def _parse_line(data: dict[str, Any], lineno: int) -> dict[str, Any]:
    """The record of one report line; InputError when it is not a post object of `check`."""
    if not isinstance(data.get("post"), dict):
        raise InputError(f"{NOT_A_POST} (is this the output of `sourcetrace check`?)")
    if not isinstance(data.get("matches", []), list):
        raise InputError("'matches' must be an array")
    return data


def read_results(paths: Iterable[str | Path], on_problem: ProblemHandler) -> Iterator[Result]:
    """The results held by report files (see `read_report`), as typed objects."""
    for record in read_report(paths, on_problem):
        yield Result.from_dict(record)


# ---- one copy and its comparison ----------------------------------------------------------

@dataclass
class Copy:
    """A post's top match, reduced to what the account view needs; `account` is its author's
    `account_key` (what accounts are told apart by), not the name shown."""

    post_id: str
    account: str
    article_id: str
    outlet: str
    match_type: str
    attribution: str  # one of results.ATTRIBUTION_STATUSES or NOT_ANALYSED
    state: bool
    created_at: datetime | None
    lang: str | None
    article_spans: list[tuple[int, int]]
    text: str | None = None


def account_of(result: Result) -> str:
    """The post's author as written (NO_AUTHOR where it has none): the name an account is shown by."""
    return result.post.author if result.post.author and result.post.author.strip() else NO_AUTHOR


# Authors are compared here, where posts are grouped by account, not rewritten when read: a post's
# author stays the evidence of what its export said (the results, CSV and SQLite keep it as
# written), and a report written before, or by another tool, is grouped right too (trial 108).
# A handle: X, Telegram, Instagram, YouTube, Bluesky (a domain) and a Mastodon user@host, each
# compared case-insensitively by its platform, as DNS compares a host
_HANDLE = re.compile(r"[A-Za-z0-9_.\-]+(?:@[A-Za-z0-9.\-]+)?")


def account_key(author: str | None) -> str:
    """What two posts' authors are compared by to tell whether they are one account: a handle
    without a leading "@" and in lower case, so that "@Economia_Oriente" (a CSV tool's way) and
    "economia_oriente" (the platform's export) are one account (trial 108 counted them as two).

    A handle is one word of ASCII letters, digits, "_", "." and "-", with a Mastodon host after
    "@" ("@user@host" is "user@host", another host another account). Another word without spaces
    ("@人民日报") loses its leading "@" but keeps its case. A name with spaces is a display name,
    which no platform keeps unique or compares without case: compared as written, its spaces
    (a CSV tool's padding, a line break) read as one. All in Unicode NFC. A handle typed in
    full-width forms ("＠ＸＨＮｅｗｓ", an East Asian keyboard's; trial 109 counted "＠handle" as
    another account) is the handle: its NFKC form. No author: NO_AUTHOR."""
    name = " ".join(unicodedata.normalize("NFC", author or "").split())
    if not name:
        return NO_AUTHOR
    if " " in name:
        return name
    bare = name[1:] if name[0] in _AT_SIGNS and len(name) > 1 else name
    folded = unicodedata.normalize("NFKC", bare)
    return folded.lower() if _HANDLE.fullmatch(folded) else bare


# "@" and its full-width and small forms, which NFKC folds to it
_AT_SIGNS = "@\uff20\ufe6b"


def copy_of(result: Result, text: str | None = None, state_of: StateOf = is_state_media) -> Copy | None:
    """The top match of a result as a Copy (None for a post without a match); `text` is the post's
    text when the caller has it, else the result's own (a report file may carry it)."""
    top = result.top
    if top is None:
        return None
    return Copy(
        post_id=result.post.id,
        account=account_key(result.post.author),
        article_id=top.article.id,
        outlet=outlet_label(top.article.outlet),
        match_type=top.match_type or "?",
        attribution=top.attribution_status,
        state=state_of(top.article.outlet),
        created_at=to_datetime(result.post.created_at),
        lang=result.post.lang,
        article_spans=[(span["article"][0], span["article"][1]) for span in top.spans],
        text=text if text is not None else (result.post.text or None),
    )


def _fingerprint(text: str) -> frozenset[str]:
    from .lexical import shingles, strip_noise

    return frozenset(shingles(strip_noise(text)))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _span_overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> float:
    """Intersection over union of the article characters two copies took."""
    ma, mb = merged_spans(a), merged_spans(b)
    size_a = sum(e - s for s, e in ma)
    size_b = sum(e - s for s, e in mb)
    if not size_a or not size_b:
        return 0.0
    inter, i, j = 0, 0, 0
    while i < len(ma) and j < len(mb):
        lo, hi = max(ma[i][0], mb[j][0]), min(ma[i][1], mb[j][1])
        inter += max(0, hi - lo)
        if ma[i][1] < mb[j][1]:
            i += 1
        else:
            j += 1
    return inter / (size_a + size_b - inter)


def near_identical(copies: list[Copy]) -> list[int]:
    """A cluster id per copy: copies of one article that are near-identical share a cluster.

    With both texts known, near-identical means Jaccard >= TEXT_JACCARD on shingles with URLs and
    mentions blanked; otherwise the same passage (overlap >= SPAN_OVERLAP), match type and
    language.
    """
    parent = list(range(len(copies)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    by_article: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(copies):
        if c.article_id:
            by_article[c.article_id].append(i)
    prints: dict[int, frozenset[str]] = {}
    for members in by_article.values():
        if len(members) < 2:
            continue
        for i in members:
            if copies[i].text:
                prints[i] = _fingerprint(copies[i].text or "")
        # exact duplicates first (cheap, and all that is done for very large groups)
        exact: dict[object, int] = {}
        for i in members:
            key: object = prints[i] if i in prints else (
                tuple(copies[i].article_spans), copies[i].match_type, copies[i].lang)
            if key in exact:
                union(exact[key], i)
            else:
                exact[key] = i
        reps = list(exact.values())
        if len(reps) > MAX_PAIRWISE:
            continue
        for x, i in enumerate(reps):
            for j in reps[x + 1:]:
                if _similar(copies[i], copies[j], prints.get(i), prints.get(j)):
                    union(i, j)
    return [find(i) for i in range(len(copies))]


def _similar(a: Copy, b: Copy, pa: frozenset[str] | None, pb: frozenset[str] | None) -> bool:
    if pa is not None and pb is not None:
        return _jaccard(pa, pb) >= TEXT_JACCARD
    if a.match_type != b.match_type or (a.lang and b.lang and a.lang != b.lang):
        return False
    return _span_overlap(a.article_spans, b.article_spans) >= SPAN_OVERLAP


# ---- per-account statistics ---------------------------------------------------------------

@dataclass
class AccountStats:
    """What one account posted, counted by each post's top match."""

    account: str
    posts: int = 0
    copies: int = 0  # posts that copy any indexed article
    state_copies: int = 0  # ... an article of a state-media outlet
    attribution: Counter[str] = field(default_factory=Counter)  # state copies by verdict
    outlets: Counter[str] = field(default_factory=Counter)  # all copies by outlet
    platforms: Counter[str] = field(default_factory=Counter)
    first_copy: datetime | None = None
    last_copy: datetime | None = None
    shared_copies: int = 0  # copies near-identical to a copy by another account
    shared_with: Counter[str] = field(default_factory=Counter)

    @property
    def unattributed(self) -> int:
        return self.attribution["unattributed"]

    @property
    def evasive(self) -> int:
        return self.attribution["evasive"]

    def rank_key(self) -> tuple[int, int, int, int, str]:
        """Most unattributed state-media reposts first, then evasive ones, then volume."""
        return (-self.unattributed, -self.evasive, -self.state_copies, -self.copies, self.account)

    def to_dict(self) -> dict[str, Any]:
        def share(n: int, of: int) -> float | None:
            return round(n / of, 4) if of else None

        return {
            "account": self.account,
            "posts": self.posts,
            "copies": self.copies,
            "state_copies": self.state_copies,
            "state_copy_share": share(self.state_copies, self.posts),
            "unattributed": self.unattributed,
            "evasive": self.evasive,
            "attributed": self.attribution["attributed"],
            "not_analysed": self.attribution[NOT_ANALYSED],
            "unattributed_share": share(self.unattributed, self.state_copies),
            "evasive_share": share(self.evasive, self.state_copies),
            "top_outlets": [{"outlet": o, "copies": n} for o, n in self.outlets.most_common(5)],
            "platforms": dict(self.platforms.most_common()),
            "first_copy": self.first_copy.isoformat() if self.first_copy else None,
            "last_copy": self.last_copy.isoformat() if self.last_copy else None,
            "shared_copies": self.shared_copies,
            "shared_with": [{"account": a, "copies": n} for a, n in self.shared_with.most_common(5)],
        }


class AccountTally:
    """Collects post objects one at a time; `accounts()` and `pairs()` give the view. Authors are
    one account where their `account_key` is one, shown by the first name seen."""

    def __init__(self, state_of: StateOf = is_state_media) -> None:
        self.state_of = state_of
        self._stats: dict[str, AccountStats] = {}  # by account_key
        self._copies: list[Copy] = []
        self._clusters: list[int] = []
        self._done = False

    def add(self, result: Result | Mapping[str, Any], text: str | None = None) -> Copy | None:
        """Count one result (any status; its JSON object is read with Result.from_dict); `text` is
        the post text when the caller has it."""
        self._done = False
        result = as_result(result)
        account = account_key(result.post.author)
        stats = self._stats.get(account)
        if stats is None:
            stats = self._stats[account] = AccountStats(account_of(result))
        stats.posts += 1
        if result.post.platform:
            stats.platforms[result.post.platform] += 1
        copy = copy_of(result, text, self.state_of)
        if copy is None:
            return None
        stats.copies += 1
        stats.outlets[copy.outlet] += 1
        if copy.state:
            stats.state_copies += 1
            stats.attribution[copy.attribution] += 1
        if copy.created_at is not None:
            if stats.first_copy is None or copy.created_at < stats.first_copy:
                stats.first_copy = copy.created_at
            if stats.last_copy is None or copy.created_at > stats.last_copy:
                stats.last_copy = copy.created_at
        self._copies.append(copy)
        return copy

    @property
    def copies(self) -> list[Copy]:
        return self._copies

    def shown(self, author: str | None) -> str:
        """The name the account of `author` is shown by: the first of its names added (`author`
        itself, or NO_AUTHOR, when none was)."""
        stats = self._stats.get(account_key(author))
        return stats.account if stats is not None else (author if author and author.strip() else NO_AUTHOR)

    def _share(self) -> None:
        if self._done:
            return
        for stats in self._stats.values():
            stats.shared_copies = 0
            stats.shared_with = Counter()
        clusters = near_identical(self._copies)
        accounts_in: dict[int, set[str]] = defaultdict(set)
        for copy, cluster in zip(self._copies, clusters):
            accounts_in[cluster].add(copy.account)
        for copy, cluster in zip(self._copies, clusters):
            others = accounts_in[cluster] - {copy.account}
            if others:
                stats = self._stats[copy.account]
                stats.shared_copies += 1
                stats.shared_with.update(self._stats[other].account for other in others)
        self._clusters = clusters
        self._done = True

    def accounts(self) -> list[AccountStats]:
        """Every account, ranked by unattributed state-media reposts."""
        self._share()
        return sorted(self._stats.values(), key=AccountStats.rank_key)

    def pairs(self, limit: int = 50) -> list[dict[str, Any]]:
        """Pairs of accounts that posted near-identical copies, most shared copies first."""
        self._share()
        by_cluster: dict[int, set[str]] = defaultdict(set)
        for copy, cluster in zip(self._copies, self._clusters):
            by_cluster[cluster].add(self._stats[copy.account].account)
        counts: Counter[tuple[str, str]] = Counter()
        for accounts in by_cluster.values():
            names = sorted(accounts)
            for x, a in enumerate(names):
                for b in names[x + 1:]:
                    counts[(a, b)] += 1
        return [{"accounts": [a, b], "shared_copies": n}
                for (a, b), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "accounts": [s.to_dict() for s in self.accounts()],
            "pairs": self.pairs(),
            "notes": {
                "counted_by": "each post's top match",
                "state_media": "outlets the registry marks state = true, and outlets it does not know",
                "attribution": "unattributed/evasive/attributed count state-media copies only",
                "near_identical": (f"same article and text Jaccard >= {TEXT_JACCARD} (URLs and mentions "
                                   f"blanked); without texts, same passage (overlap >= {SPAN_OVERLAP}), "
                                   "match type and language"),
            },
        }


def account_report(results: Iterable[Result | Mapping[str, Any]],
                   texts: Mapping[str, str] | None = None) -> AccountTally:
    """Tally results; `texts` maps post id to post text for text-based near-identity."""
    tally = AccountTally()
    for item in results:
        result = as_result(item)
        tally.add(result, texts.get(result.post.id) if texts else None)
    return tally
