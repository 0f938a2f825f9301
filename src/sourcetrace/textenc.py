"""Bytes to text when the encoding is not declared, or the declared one is wrong.

Feeds, article files and post files reach us from GBK, Big5, Shift-JIS and Windows-1251
systems without a charset. Decoding them as UTF-8 with replacement, or as Latin-1, stores
mojibake that no copy can ever match. The order used here: a byte-order mark; the declared
encoding if the bytes decode with it; UTF-8 if they decode strictly; else the detector
(charset-normalizer, maintained and pure Python); and, where nothing fits, UTF-8 with
replacement characters and a warning. ftfy's heuristic tells text that still reads like
mojibake, so it is never stored without a warning line. Whatever is chosen is reported, so the caller can say
which encoding it used.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

# How much of a file the detector reads to choose an encoding; more costs time, not accuracy,
# for the single-encoding files this is for.
DETECT_SAMPLE_BYTES = 1 << 16

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Detected:
    """The encoding chosen for some bytes and why: "bom", "declared", "utf-8", "detected" or
    "fallback" (nothing fitted: UTF-8 with replacement characters)."""

    encoding: str
    how: str

    @property
    def guessed(self) -> bool:
        """True when the encoding came from the detector or the fallback, not from the bytes' own
        declaration or a strict UTF-8 decode: worth a line to the user."""
        return self.how in ("detected", "fallback")


# Declared labels that real documents use for a superset (the WHATWG Encoding Standard maps the
# labels the same way): a page "in GB2312" holds GBK characters such as 堃, "Latin-1" holds
# Windows-1252 quotes, "Shift_JIS" holds Microsoft's extensions.
_SUPERSETS = {
    "gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs", "shift_jis": "cp932",
    "euc_kr": "cp949", "iso8859-1": "cp1252",
}


def canonical(name: str | None) -> str | None:
    """The codec to decode a declared label with ("GB2312" → "gb18030", see _SUPERSETS), or
    None if Python has no such codec."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip()).name
    except LookupError:
        return None
    return _SUPERSETS.get(codec, codec)


def detect(sample: bytes, declared: str | None = None, *, final: bool = True) -> Detected:
    """Choose the encoding of `sample` (the start of a file, or all of it).

    `final` is False when `sample` is a prefix cut at an arbitrary byte: a multi-byte character
    cut in two at its end is then not held against an encoding. Never raises.
    """
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return Detected(name, "bom")
    codec = canonical(declared)
    # Bytes that decode as UTF-8 are UTF-8 whatever a single-byte label says (legacy text almost
    # never forms valid multi-byte sequences, while such labels accept any bytes at all).
    if codec is not None and _multibyte(codec) and _decodes(sample, codec, final):
        return Detected(codec, "declared")
    if _decodes(sample, "utf-8", final):
        return Detected("utf-8", "utf-8")
    if codec is not None and _decodes(sample, codec, final):
        return Detected(codec, "declared")
    from charset_normalizer import from_bytes

    best = from_bytes(sample[:DETECT_SAMPLE_BYTES]).best()
    if best is not None and canonical(best.encoding) is not None:
        return Detected(canonical(best.encoding) or "utf-8", "detected")
    return Detected("utf-8", "fallback")


def _multibyte(codec: str) -> bool:
    return codec.startswith(("utf", "gb", "big5", "cp9", "euc", "shift", "iso2022", "hz"))


def _decodes(data: bytes, codec: str, final: bool) -> bool:
    try:
        codecs.getincrementaldecoder(codec)("strict").decode(data, final=final)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def decode(data: bytes, declared: str | None = None) -> tuple[str, Detected]:
    """All of `data` as text, with the encoding chosen by `detect`; undecodable bytes become
    U+FFFD (only possible with the fallback or a detector's near miss)."""
    found = detect(data, declared)
    return data.decode(found.encoding, errors="replace"), found


def looks_like_mojibake(text: str) -> bool:
    """Whether `text` reads like bytes decoded with the wrong codec ("Ã©tÃ©", "¾\\xad¼Ã¹"):
    ftfy's badness heuristic (sequences that almost only occur in mojibake), on the first
    DETECT_SAMPLE_BYTES characters."""
    if not text:
        return False
    from ftfy.badness import is_bad

    return bool(is_bad(text[:DETECT_SAMPLE_BYTES]))
