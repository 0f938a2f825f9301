"""Calibration: how each scoring channel's raw score becomes a confidence, and where that comes from.

A channel is character-shingle containment (``lexical``) or one encoder (``use``, ``e5``, any
other name). Its `Calibration` is a logistic curve that gives confidence 0.5 exactly at the
channel's threshold (see `results.REPORT_CONFIDENCE`). The thresholds are fitted: one readable
JSON file per channel (``lexical.json``, ``use.json``, ``e5.json``, ``<encoder>.json`` for any
encoder; see `file_name`), written by ``scripts/calibrate.py`` from the tuning half of the
benchmark and recording what it was fitted on and when. Files are looked up, in order, in
``$SOURCETRACE_MODELS``, the ``models/`` folder of the source checkout this package runs from,
and the copies shipped inside the package (``sourcetrace/data/models``). Every encoder with a
file there is calibrated by it; built-in fallbacks (below) cover use, e5 and minilm without one,
and `DEFAULT_SEMANTIC` any other encoder.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import SourcetraceError

log = logging.getLogger(__name__)

ENV = "SOURCETRACE_MODELS"
FORMAT = 1
# a `by_article_language` key: an article's base language tag, or "post>article"
_LANGUAGE_KEY = re.compile(r"[a-z]{2,3}(?:>[a-z]{2,3})?")
LEXICAL_CHANNEL = "lexical"  # the channel of character-shingle containment; any other is an encoder
# The final recalibration of a verdict's confidence (recalibration.py) lives beside the channel
# files under this reserved name; it is not a channel's file.
CONFIDENCE_FILE = "confidence.json"
_CHECKOUT = Path(__file__).resolve().parents[2] / "models"
_PACKAGED = Path(__file__).resolve().parent / "data" / "models"


_FIELDS = ("format", "channel", "threshold", "slope", "languages", "local_scaling", "monolingual",
           "by_article_language")


@dataclass(frozen=True)
class Calibration:
    """Maps a raw similarity to a confidence with a logistic curve: 0.5 exactly at `threshold`.

    `threshold` is where a match starts being reported; `slope` how fast confidence rises past it.
    With `local_scaling` the value is not the cosine itself but the cosine minus the post's
    *background*: the mean cosine of the post with its `background_k` nearest passages in the
    index (the post-side term of CSLS, Conneau et al. 2018). That removes the offset by which a
    language pair, a short text or a crowded topic lifts every cosine of a post, and it grows
    with the index like the best unrelated cosine does.
    """

    threshold: float
    slope: float
    local_scaling: bool = False

    def confidence(self, value: float) -> float:
        return 1.0 / (1.0 + math.exp(-self.slope * (value - self.threshold)))


# Built-in fallbacks, used only when no calibration file is found (see docs/QUALITY.md; the
# files under models/ are fitted by scripts/calibrate.py on the tuning half of the benchmark and
# take precedence). Raw cosines measured on NTREX-128 sentence pairs: for USE the 99.9th
# percentile of *unrelated* pairs is 0.42-0.46, true pairs 0.51-0.64 at the 5th percentile in its
# 16 languages; e5 cosines are compressed near 1 (unrelated 0.83-0.85).
BUILTIN_SEMANTIC: dict[str, Calibration] = {
    "use": Calibration(threshold=0.60, slope=18.0),
    "e5": Calibration(threshold=0.875, slope=60.0),
    "minilm": Calibration(threshold=0.70, slope=15.0),
}
DEFAULT_SEMANTIC = Calibration(threshold=0.70, slope=15.0)  # an encoder with neither file nor fallback
# Containment of the post's character shingles in the article: an edited copy keeps most of
# them; two unrelated texts in one language share well under 20%.
LEXICAL_CALIBRATION = Calibration(threshold=0.45, slope=14.0)
# Longest exact common stretch (normalised characters) between post and article: on the tuning
# half the best unrelated English article shares at most 39 with a negative post, so a stretch
# of 60 or more (0.5 confidence; 0.95 at 80) is copied text whatever surrounds it.
EXACT_CALIBRATION = Calibration(threshold=60.0, slope=0.15)
# The languages USE multilingual v3 was trained on; outside them its cosines do not separate
# copies from unrelated text (measured: Hindi, Vietnamese, Swahili recall < 0.35).
USE_LANGUAGES = frozenset(["ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh"])
BUILTIN_LANGUAGES: dict[str, frozenset[str] | None] = {"use": USE_LANGUAGES}


class CalibrationError(SourcetraceError):
    """A calibration file exists but cannot be used."""


@dataclass(frozen=True)
class ChannelModel:
    """What one calibration file says about one channel.

    `threshold` is where the channel alone makes a match (confidence 0.5); `slope` how fast
    confidence rises past it. `languages`, when set, are the post languages in which the
    channel separates copies from unrelated text on the tuning data: outside them its score
    does not count (USE maps Hindi or Swahili sentences close together whatever they say).
    `monolingual`, when set, replaces threshold and slope for a post in the article's language.
    `by_article_language` (base language tag -> (threshold, slope)) replaces them for a post in
    another language than an article in that language: where the tuning data says copies of
    that language's articles score lower (Chinese articles under USE; chosen on
    scripts/tune_verdict.py's dumps, see models/use.json's note). A key "post>article" ("en>es")
    sets one language pair, before its article language's own: where unrelated posts of that
    language score higher against that language's articles (English posts against Spanish
    articles under USE). Raises CalibrationError for a key that is neither.
    """

    channel: str
    threshold: float
    slope: float
    languages: frozenset[str] | None = None
    local_scaling: bool = False  # thresholds apply to cosine minus the post's background
    monolingual: tuple[float, float] | None = None  # (threshold, slope) for same-language pairs
    # article language -> (threshold, slope) for cross-lingual pairs with an article in it
    by_article_language: dict[str, tuple[float, float]] = field(default_factory=dict, hash=False)
    info: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        pairs = [(self.threshold, self.slope), *([self.monolingual] if self.monolingual else []),
                 *self.by_article_language.values()]
        for threshold, slope in pairs:
            if not math.isfinite(threshold) or not math.isfinite(slope) or slope <= 0:
                raise CalibrationError(
                    f"calibration {self.channel!r}: threshold must be finite and slope positive,"
                    f" got {threshold}, {slope}"
                )

    def trusts(self, lang: str | None) -> bool:
        """Whether the channel may decide for a post in `lang` (unknown language: yes)."""
        return self.languages is None or lang is None or lang in self.languages

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "?") -> ChannelModel:
        try:
            if data.get("format") != FORMAT:
                raise CalibrationError(f"{source}: calibration format {data.get('format')!r}, expected {FORMAT}")
            langs = data.get("languages")
            mono = data.get("monolingual")
            by_lang = data.get("by_article_language") or {}
            if not isinstance(by_lang, dict):
                raise TypeError("by_article_language is not an object")
            for key in by_lang:
                if not isinstance(key, str) or _LANGUAGE_KEY.fullmatch(key) is None:
                    raise ValueError(f"by_article_language key {str(key)[:40]!r} is neither a base"
                                     f" language tag nor 'post>article'")
            return cls(
                channel=str(data["channel"]),
                threshold=float(data["threshold"]),
                slope=float(data["slope"]),
                languages=frozenset(map(str, langs)) if langs is not None else None,
                local_scaling=bool(data.get("local_scaling", False)),
                monolingual=(float(mono["threshold"]), float(mono["slope"])) if mono else None,
                by_article_language={str(lang): (float(v["threshold"]), float(v["slope"]))
                                     for lang, v in by_lang.items()},
                info={k: v for k, v in data.items() if k not in _FIELDS},
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise CalibrationError(f"{source}: not a calibration file ({exc!r})") from None

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "channel": self.channel,
            "threshold": round(self.threshold, 4),
            "slope": round(self.slope, 2),
            "languages": sorted(self.languages) if self.languages is not None else None,
            "local_scaling": self.local_scaling,
            "monolingual": (
                {"threshold": round(self.monolingual[0], 4), "slope": round(self.monolingual[1], 2)}
                if self.monolingual else None
            ),
            **({"by_article_language": {
                lang: {"threshold": round(t, 4), "slope": round(k, 2)}
                for lang, (t, k) in sorted(self.by_article_language.items())}}
               if self.by_article_language else {}),
            **self.info,
        }


def search_path() -> list[Path]:
    """Folders searched for calibration files, first match wins: $SOURCETRACE_MODELS alone when
    set, else the checkout's models/ and the packaged copy. Raises CalibrationError when
    $SOURCETRACE_MODELS names no folder or one without a single *.json file: a mistyped path
    silently gave every encoder its built-in fallback (a trial's 370 state-media posts: 41
    copies instead of 4)."""
    env = os.environ.get(ENV)
    return [_env_folder(env)] if env else [_CHECKOUT, _PACKAGED]


@functools.lru_cache(maxsize=8)
def _env_folder(value: str) -> Path:
    folder = Path(value)
    if not folder.is_dir():
        raise CalibrationError(f"${ENV}={value}: no such folder (unset it to use the calibration"
                               f" shipped with sourcetrace)")
    if next(folder.glob("*.json"), None) is None:
        raise CalibrationError(f"${ENV}={value}: holds no calibration file (*.json; unset it to use"
                               f" the calibration shipped with sourcetrace)")
    return folder


def file_name(channel: str) -> str:
    """The file holding a channel's calibration: its name with every character but letters,
    digits, ".", "-" and "_" replaced by "_", plus ".json" ("st:/models/x" -> "st__models_x.json")."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", channel) + ".json"


def load(channel: str) -> ChannelModel | None:
    """The calibration of one channel, or None when no file is found (built-in defaults apply)."""
    return _load_cached(channel, tuple(search_path()))


@functools.lru_cache(maxsize=64)
def _load_cached(channel: str, folders: tuple[Path, ...]) -> ChannelModel | None:
    for folder in folders:
        path = folder / file_name(channel)
        if path.is_file():
            model = _read(path)
            if model.channel != channel:
                raise CalibrationError(f"{path}: holds channel {model.channel!r}, not {channel!r}")
            log.debug("calibration %s from %s", channel, path)
            return model
    return None


def fitted() -> dict[str, ChannelModel]:
    """Every calibration file on the search path, by channel; for a channel in several folders,
    the first folder's. Raises CalibrationError for a file that is not a calibration file or is
    not named after its channel (see `file_name`)."""
    return dict(_fitted_cached(tuple(search_path())))


@functools.lru_cache(maxsize=8)
def _fitted_cached(folders: tuple[Path, ...]) -> tuple[tuple[str, ChannelModel], ...]:
    found: dict[str, ChannelModel] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            if path.name == CONFIDENCE_FILE:
                continue
            model = _read(path)
            if path.name != file_name(model.channel):
                raise CalibrationError(
                    f"{path}: holds channel {model.channel!r}, so it must be named {file_name(model.channel)}"
                )
            found.setdefault(model.channel, model)
    return tuple(found.items())


def read_json(path: Path, what: str = "calibration file") -> Any:
    """The JSON of a model file; CalibrationError (one line, naming `what`) when it cannot be
    read or parsed."""
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise CalibrationError(f"{path}: unreadable {what} ({exc})") from None


def write_json(data: Any, name: str, folders: Iterable[Path]) -> list[Path]:
    """Write `data` as readable JSON to `name` in every folder (created if missing); the paths."""
    written = []
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
        written.append(path)
    return written


def _read(path: Path) -> ChannelModel:
    data = read_json(path)
    if not isinstance(data, dict):
        raise CalibrationError(f"{path}: not a calibration file (not a JSON object)")
    return ChannelModel.from_dict(data, str(path))


def clear_cache() -> None:
    """Forget loaded files (tests that point $SOURCETRACE_MODELS elsewhere)."""
    _load_cached.cache_clear()
    _fitted_cached.cache_clear()
    _env_folder.cache_clear()


def write_models(models: Iterable[ChannelModel], folders: Iterable[Path]) -> list[Path]:
    """Write one readable JSON file per channel into every folder; returns the paths."""
    folders = list(folders)
    written = [path for model in models
               for path in write_json(model.to_dict(), file_name(model.channel), folders)]
    clear_cache()
    return written


# ---- the tables a matcher starts from (see match.MatchConfig) ----------------------------------

def _encoders() -> dict[str, ChannelModel]:
    return {name: model for name, model in fitted().items() if name != LEXICAL_CHANNEL}


def semantic_defaults() -> dict[str, Calibration]:
    """Encoder -> calibration: every fitted encoder file, else the built-in fallback."""
    out = dict(BUILTIN_SEMANTIC)
    for name, model in _encoders().items():
        out[name] = Calibration(model.threshold, model.slope, model.local_scaling)
    return out


def monolingual_defaults() -> dict[str, Calibration]:
    """Encoder -> calibration for a post in its article's language, where one was fitted."""
    return {name: Calibration(*model.monolingual, model.local_scaling)
            for name, model in _encoders().items() if model.monolingual is not None}


def article_language_defaults() -> dict[str, dict[str, Calibration]]:
    """Encoder -> article language -> calibration for a post in another language than an
    article in that one, where the encoder's file sets one (`ChannelModel.by_article_language`)."""
    return {name: {lang: Calibration(t, k, model.local_scaling)
                   for lang, (t, k) in model.by_article_language.items()}
            for name, model in _encoders().items() if model.by_article_language}


def language_defaults() -> dict[str, frozenset[str] | None]:
    """Encoder -> post languages in which its score may decide (None: all)."""
    out = dict(BUILTIN_LANGUAGES)
    for name, model in _encoders().items():
        out[name] = model.languages
    return out


def lexical_default() -> Calibration:
    """The containment channel's calibration: its fitted file, else the built-in fallback."""
    model = fitted().get(LEXICAL_CHANNEL)
    return LEXICAL_CALIBRATION if model is None else Calibration(model.threshold, model.slope)
