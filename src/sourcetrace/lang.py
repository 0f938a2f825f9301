"""Language identification with py3langid (maintained fork of langid.py, 97 languages, no model download)."""

from __future__ import annotations

import functools

import regex

# Very short or symbol-only strings give unreliable guesses: no guess below this many letters.
MIN_LETTERS = 12

_LETTERS = regex.compile(r"\p{L}")
_NOISE = regex.compile(r"https?://\S+|[@#][\w.]+")


@functools.lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # numpy .npz model, no pickle

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None if the text is too short to tell."""
    cleaned = _NOISE.sub(" ", text)
    if len(_LETTERS.findall(cleaned)) < MIN_LETTERS:
        return None
    code, _prob = _identifier().classify(cleaned)
    return str(code)


def base(code: str | None) -> str | None:
    """Primary language subtag: 'zh-CN' -> 'zh', 'pt_BR' -> 'pt'."""
    if not code:
        return None
    return code.replace("_", "-").split("-")[0].lower()
