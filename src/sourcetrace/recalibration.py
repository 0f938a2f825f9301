"""The last step of a match's confidence: a monotone map from the verdict's combined confidence to
the share of such matches that is right (DESIGN.md: "of matches reported at confidence c, a share
c is right").

The verdict's confidence (`verdict.PairEvidence.lexical_confidence` / `semantic_confidence`) is
assembled from per-channel logistic curves that put 0.5 at each channel's threshold, plus the
anchors' lift and caps; it decides *whether* a match is reported (at `REPORT_CONFIDENCE`), but its
value is not a probability: on the tuning halves, matches at 0.5-0.6 were right about 9 times in
10. This module maps it with one Platt curve on the logit:

    shown = sigmoid(a + b * logit(clip(raw)))      for raw >= REPORT_CONFIDENCE

`b > 0` and a curve that gives at least REPORT_CONFIDENCE at REPORT_CONFIDENCE (a >= 0, since
logit(0.5) = 0), checked on load, make the map strictly increasing and keep every reported match
reported; a confidence below the threshold is returned unchanged, so no match is reported or
dropped because of this step, and the matches of a post keep their order (the top match, the
one a report's verdict is about, stays the top match).

Why one curve for lexical (verbatim, near_verbatim) and semantic (translation, paraphrase)
verdicts alike: fitted apart on the tuning halves, the two differ only where lexical verdicts do
not occur (0 of 471 lexical top matches wrong, all but one at a combined confidence >= 0.99), and
two curves reorder a post's candidates when it has a lexical match on one article and a semantic
one on another (one tuning post: its right lexical match would have lost to a wrong semantic
one), which would change the article reported. `scripts/calibrate_confidence.py` prints both
per-kind fits and that count. A two-parameter curve, not isotonic regression: the tuning halves
hold 17 wrong top matches among about 1,600, too few for the steps of a pool-adjacent-violators
fit to be more than noise, and a step function would tie matches the verdict had ranked.

The curve is fitted by ``scripts/calibrate_confidence.py --write`` on the tuning halves only
and stored in ``confidence.json`` beside the channel calibrations (same search path, see
`calibration.search_path`), which records the population it was fitted on (`info`). The figure
is calibrated for that mix: the tuning halves' top matches of 2,131 copies, 913 benchmark
negatives (held-out NTREX sentences, 73 posts on the same event or topic as an indexed article)
and 3,368 real posts that copy nothing checked against 1k passages of real news: about one post
in three a copy. On a dump where copies are rarer, a larger share of the reported matches are
false copies than the confidence says: expect about (false copies per 10,000 real posts, in
docs/QUALITY.md) x posts / 10,000 wrong matches whatever their confidence.
"""

from __future__ import annotations

import functools
import logging
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .calibration import CONFIDENCE_FILE, CalibrationError, read_json, search_path, write_json
from .results import REPORT_CONFIDENCE, doubting

log = logging.getLogger(__name__)

FORMAT = 1
# The raw confidence is clipped to [REPORT_CONFIDENCE, RAW_MAX] before its logit: lexical
# verdicts reach exactly 1.0, whose logit is infinite.
RAW_MAX = 1.0 - 1e-4


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


@dataclass(frozen=True)
class Curve:
    """shown = sigmoid(a + b * logit(raw)); `n` and `wrong` are the tuning matches it was
    fitted on and the wrong ones among them."""

    a: float
    b: float
    n: int = 0
    wrong: int = 0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.a) and math.isfinite(self.b)) or self.b <= 0 \
                or self(REPORT_CONFIDENCE) < REPORT_CONFIDENCE:
            raise CalibrationError(
                f"confidence curve needs b > 0 (monotone) and to keep the report threshold"
                f" {REPORT_CONFIDENCE} at or above it (a >= 0), got a={self.a}, b={self.b}"
            )

    def __call__(self, raw: float) -> float:
        x = _logit(min(max(raw, REPORT_CONFIDENCE), RAW_MAX))
        return 1.0 / (1.0 + math.exp(-(self.a + self.b * x)))


# The evidence classes a ceiling is set for (`evidence_class`): what decided the match (shared
# characters or the encoders) and how many of the trusted encoders doubt it.
EVIDENCE_CLASSES = tuple(f"{kind}-{doubt}" for kind in ("lexical", "semantic") for doubt in ("none", "some", "all"))


def evidence_class(lexical: bool, encoder_confidences: dict[str, float], screened: bool = False) -> str:
    """"lexical-none" ... "semantic-all": `lexical` (the verdict rests on shared characters: a
    verbatim or near_verbatim match) and how many of the trusted encoders (their calibrated
    confidences, `verdict.PairEvidence.by_encoder`) stay below 0.5, counted as the JSON's
    `in_doubt` counts them (`results.doubting`: only where two or more are trusted): none, some
    or all. `screened`: the index's first encoder ruled the post out and the others were not
    asked (screen.py, `lexical_only`): all are in doubt, as they are where every one is asked."""
    low = len(doubting(encoder_confidences))
    doubt = "all" if screened else "none" if low == 0 else "all" if low == len(encoder_confidences) else "some"
    return f"{'lexical' if lexical else 'semantic'}-{doubt}"


@dataclass(frozen=True)
class Recalibration:
    """The curve and what it was fitted on (`info`: method, population, dumps, date), and the
    ceilings of the evidence classes (`ceilings`, `evidence_class` -> the share of that class's
    matches that was right on real reviewed streams: scripts/bench_streams.py --fit)."""

    curve: Curve
    info: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    ceilings: dict[str, float] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        for name, value in self.ceilings.items():
            if name not in EVIDENCE_CLASSES or not (isinstance(value, float) and REPORT_CONFIDENCE <= value <= 1.0):
                raise CalibrationError(
                    f"confidence ceiling {str(name)[:40]!r}: needs one of {', '.join(EVIDENCE_CLASSES)} and a"
                    f" value in [{REPORT_CONFIDENCE}, 1], got {str(value)[:40]}"
                )

    def apply(self, raw: float, evidence: str | None = None) -> float:
        """The confidence to show for a verdict of combined confidence `raw` (in [0, 1]): mapped
        when it is reported (>= REPORT_CONFIDENCE), else unchanged; held at the ceiling of its
        `evidence` class (`evidence_class`) where one is set. A ceiling is never under
        REPORT_CONFIDENCE, so it changes the number, never whether a match is reported."""
        if raw < REPORT_CONFIDENCE:
            return raw
        shown = self.curve(raw)
        ceiling = self.ceilings.get(evidence) if evidence is not None else None
        return shown if ceiling is None else min(shown, ceiling)

    @classmethod
    def from_dict(cls, data: Any, source: str = "?") -> Recalibration:
        """Read and check a confidence file's object; CalibrationError says what is wrong."""
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("kind") != "confidence":
            raise CalibrationError(
                f"{source}: not a confidence file (needs format {FORMAT} and kind \"confidence\");"
                " regenerate it with scripts/calibrate_confidence.py --write"
            )
        if data.get("report_confidence") != REPORT_CONFIDENCE:
            raise CalibrationError(
                f"{source}: fitted for report confidence {data.get('report_confidence')!r}, not"
                f" {REPORT_CONFIDENCE}; refit with scripts/calibrate_confidence.py --write"
            )
        try:
            c = data["curve"]
            curve = Curve(float(c["a"]), float(c["b"]), int(c.get("n", 0)), int(c.get("wrong", 0)))
        except CalibrationError as exc:
            raise CalibrationError(f"{source}: {exc}") from None
        except (KeyError, TypeError, ValueError) as exc:
            raise CalibrationError(f"{source}: bad confidence curve ({exc!r})") from None
        raw_ceilings = data.get("ceilings", {})
        if not isinstance(raw_ceilings, dict):
            raise CalibrationError(f"{source}: \"ceilings\" is not an object")
        try:
            ceilings = {str(k): float(v) for k, v in raw_ceilings.items()
                        if isinstance(v, int | float) and not isinstance(v, bool)}
            if len(ceilings) != len(raw_ceilings):
                raise CalibrationError("every ceiling needs a number")
            info = {k: v for k, v in data.items()
                    if k not in ("format", "kind", "report_confidence", "curve", "ceilings")}
            return cls(curve, info, ceilings)
        except CalibrationError as exc:
            raise CalibrationError(f"{source}: {exc}") from None

    def to_dict(self) -> dict[str, Any]:
        c = self.curve
        return {
            "format": FORMAT,
            "kind": "confidence",
            "report_confidence": REPORT_CONFIDENCE,
            "curve": {"a": round(c.a, 4), "b": round(c.b, 4), "n": c.n, "wrong": c.wrong},
            **({"ceilings": {k: round(v, 4) for k, v in sorted(self.ceilings.items())}} if self.ceilings else {}),
            **self.info,
        }


def load() -> Recalibration | None:
    """The recalibration in the first folder of the search path that has ``confidence.json``, or
    None when none has (the verdict's confidence is then shown as it is). Raises
    CalibrationError for a file that is unreadable or fails its checks."""
    return _load_cached(tuple(search_path()))


@functools.lru_cache(maxsize=8)
def _load_cached(folders: tuple[Path, ...]) -> Recalibration | None:
    for folder in folders:
        path = folder / CONFIDENCE_FILE
        if path.is_file():
            return read(path)
    log.debug("no %s on the search path: confidences shown unmapped", CONFIDENCE_FILE)
    return None


def read(path: Path) -> Recalibration:
    """One confidence file, checked (see `Recalibration.from_dict`)."""
    return Recalibration.from_dict(read_json(path, "confidence file"), str(path))


def write(recal: Recalibration, folders: list[Path]) -> list[Path]:
    """Write ``confidence.json`` into every folder; returns the paths."""
    written = write_json(recal.to_dict(), CONFIDENCE_FILE, folders)
    clear_cache()
    return written


def clear_cache() -> None:
    """Forget the loaded file (tests that point $SOURCETRACE_MODELS elsewhere)."""
    _load_cached.cache_clear()
