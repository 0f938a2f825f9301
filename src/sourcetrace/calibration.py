"""Calibration files: the decision threshold and confidence curve of each scoring channel.

One readable JSON file per channel (``lexical.json`` for character-shingle containment, one per
encoder: ``use.json``, ``e5.json``...), written by ``scripts/calibrate.py`` from the tuning half
of the benchmark and recording what it was fitted on and when. Looked up, in order, in
``$SOURCETRACE_MODELS``, the ``models/`` folder of the source checkout this package runs from,
and the copies shipped inside the package (``sourcetrace/data/models``).
"""

from __future__ import annotations

import functools
import json
import logging
import math
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import SourcetraceError

log = logging.getLogger(__name__)

ENV = "SOURCETRACE_MODELS"
FORMAT = 1
LEXICAL = "lexical"
_CHECKOUT = Path(__file__).resolve().parents[2] / "models"
_PACKAGED = Path(__file__).resolve().parent / "data" / "models"


_FIELDS = ("format", "channel", "threshold", "slope", "languages", "local_scaling", "monolingual")


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
    """

    channel: str
    threshold: float
    slope: float
    languages: frozenset[str] | None = None
    local_scaling: bool = False  # thresholds apply to cosine minus the post's background
    monolingual: tuple[float, float] | None = None  # (threshold, slope) for same-language pairs
    info: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not math.isfinite(self.threshold) or not math.isfinite(self.slope) or self.slope <= 0:
            raise CalibrationError(
                f"calibration {self.channel!r}: threshold must be finite and slope positive,"
                f" got {self.threshold}, {self.slope}"
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
            return cls(
                channel=str(data["channel"]),
                threshold=float(data["threshold"]),
                slope=float(data["slope"]),
                languages=frozenset(map(str, langs)) if langs is not None else None,
                local_scaling=bool(data.get("local_scaling", False)),
                monolingual=(float(mono["threshold"]), float(mono["slope"])) if mono else None,
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
            **self.info,
        }


def search_path() -> list[Path]:
    """Folders searched for calibration files, first match wins."""
    env = os.environ.get(ENV)
    return [Path(env)] if env else [_CHECKOUT, _PACKAGED]


def load(channel: str) -> ChannelModel | None:
    """The calibration of one channel, or None when no file is found (built-in defaults apply)."""
    return _load_cached(channel, tuple(search_path()))


@functools.lru_cache(maxsize=64)
def _load_cached(channel: str, folders: tuple[Path, ...]) -> ChannelModel | None:
    for folder in folders:
        path = folder / f"{channel}.json"
        if path.is_file():
            try:
                data = json.loads(path.read_text("utf-8"))
            except (OSError, ValueError) as exc:
                raise CalibrationError(f"{path}: unreadable calibration file ({exc})") from None
            model = ChannelModel.from_dict(data, str(path))
            if model.channel != channel:
                raise CalibrationError(f"{path}: holds channel {model.channel!r}, not {channel!r}")
            log.debug("calibration %s from %s", channel, path)
            return model
    return None


def clear_cache() -> None:
    """Forget loaded files (tests that point $SOURCETRACE_MODELS elsewhere)."""
    _load_cached.cache_clear()


def write_models(models: Iterable[ChannelModel], folders: Iterable[Path]) -> list[Path]:
    """Write one readable JSON file per channel into every folder; returns the paths."""
    written = []
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
        for model in models:
            path = folder / f"{model.channel}.json"
            path.write_text(json.dumps(model.to_dict(), indent=2, ensure_ascii=False) + "\n", "utf-8")
            written.append(path)
    clear_cache()
    return written
