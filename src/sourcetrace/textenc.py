"""Bytes to text when the encoding is not declared, or the declared one is wrong; and text that
must not be stored as it is (mojibake, lone surrogates, control characters).

Feeds, article files and post files reach us from GBK, Big5, Shift-JIS and Windows-1251
systems without a charset. Decoding them as UTF-8 with replacement, or as Latin-1, stores
mojibake that no copy can ever match. The order used here: a byte-order mark; UTF-16 without
one (every other byte zero); the declared encoding if the bytes decode with it (a single-byte
label only if the text does not then read as mojibake); UTF-8 if they decode strictly; else the
detectors (charset-normalizer's ranked decodings, chardetng's guess among those that read as well:
see `_detector`); and, where nothing fits, UTF-8 with
replacement characters and a warning. ftfy's heuristic, plus a check for words made only of
Latin-1 letters (Cyrillic or Greek read as Latin-1, which ftfy does not see), tells text that
still reads like mojibake, so it is never stored without a warning line. Whatever is chosen is
reported, so the caller can say which encoding it used.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# How much of a file the detector reads to choose an encoding; more costs time, not accuracy,
# for the single-encoding files this is for.
DETECT_SAMPLE_BYTES = 1 << 16

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# UTF-16 without a BOM: in the first bytes, nearly every other byte is zero (ASCII markup, digits
# and spaces); text in a single- or multi-byte encoding never holds zero bytes.
_UTF16_PROBE_BYTES = 512
_UTF16_ZERO_SHARE = 0.6
# Bytes >= 0x80 that make valid UTF-8 proof enough against a multi-byte legacy label (about six
# CJK characters): the chance that legacy text of that length is valid UTF-8 is negligible.
_UTF8_HIGH_BYTES = 16


# The legacy encodings a file without a declaration is taken to be in: those of the WHATWG
# Encoding Standard (what browsers decode; all that chardetng guesses). charset-normalizer also
# tries DOS, Mac and HP code pages (hp_roman8, mac_latin2, cp775, cp1006...) that tie with the
# Windows ones on mostly-ASCII text and then win by its order: a one-line Spanish post in
# Latin-1 came out as hp_roman8.
_WHATWG_NAMES = {"windows-874": "cp874", "iso-8859-8-i": "iso8859-8", "x-mac-cyrillic": "mac-cyrillic"}
_LEGACY_LABELS = (
    "ibm866", "iso-8859-2", "iso-8859-3", "iso-8859-4", "iso-8859-5", "iso-8859-6", "iso-8859-7",
    "iso-8859-8", "iso-8859-10", "iso-8859-13", "iso-8859-14", "iso-8859-15", "iso-8859-16",
    "koi8-r", "koi8-u", "macintosh", "cp874", "windows-1250", "windows-1251", "windows-1252",
    "windows-1253", "windows-1254", "windows-1255", "windows-1256", "windows-1257",
    "windows-1258", "mac-cyrillic", "gbk", "gb18030", "big5", "euc-jp", "iso-2022-jp",
    "shift_jis", "euc-kr",
    # and UTF-16 and UTF-32 without a byte-order mark (readers.encoding takes them only where
    # the line breaks are wide characters too)
    "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be",
)
# chardetng's guess stands against charset-normalizer's best decoding when it reads as the same
# language (the fit of decodings that differ in a few letters is noise: a Polish text fitted
# Polish better in cp1252, "Rz¹d", than in cp1250), or as another one that fits ("coherence",
# 0-1) at most this much worse (Lithuanian read as cp1252 reads as French, 0.05 worse).
LEGACY_COHERENCE_MARGIN = 0.01


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
# Python codecs that are no charset a document may declare: they turn backslash escapes or "+..."
# runs into any code point, lone surrogates included (WHATWG maps UTF-7 to "replacement").
_NOT_CHARSETS = frozenset({
    "unicode-escape", "raw-unicode-escape", "utf-7", "punycode", "idna", "undefined", "mbcs",
    "oem", "charmap", "palmos",
})


def canonical(name: str | None) -> str | None:
    """The codec to decode a declared label with ("GB2312" → "gb18030", see _SUPERSETS), or
    None if Python has no such codec (or only a codec that is not a text encoding)."""
    if not name or len(name) > 64:
        return None
    try:
        info = codecs.lookup(name.strip())
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return None  # "base64", "zlib", "unicode_escape", "utf-7"
    return _SUPERSETS.get(info.name, info.name)


_LEGACY = frozenset(filter(None, map(canonical, _LEGACY_LABELS)))


def detect(sample: bytes, declared: str | None = None, *, final: bool = True) -> Detected:
    """Choose the encoding of `sample` (the start of a file, or all of it).

    `final` is False when `sample` is a prefix cut at an arbitrary byte: a multi-byte character
    cut in two at its end is then not held against an encoding. Never raises.
    """
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return Detected(name, "bom")
    utf16 = _utf16_without_bom(sample, final)
    if utf16 is not None:
        return Detected(utf16, "detected")
    codec = canonical(declared)
    if codec is not None and codec.startswith(("utf-16", "utf-32")) and 0 not in sample[:_UTF16_PROBE_BYTES]:
        codec = None  # a label for UTF-16 on bytes without a zero byte (no ASCII in it?) is wrong
    # Bytes that decode as UTF-8 are UTF-8 whatever a single-byte label says (legacy text almost
    # never forms valid multi-byte sequences, while such labels accept any bytes at all).
    if codec is not None and _multibyte(codec) and _decodes(sample, codec, final):
        if not codec.startswith("utf") and _decodes(sample, "utf-8", final) and _utf8_text(sample):
            # GB18030, Big5 or Shift-JIS decode most UTF-8 too, as mojibake; legacy text with this
            # many high bytes is next to never valid UTF-8: the label is wrong
            return Detected("utf-8", "detected")
        return Detected(codec, "declared")
    if _decodes(sample, "utf-8", final):
        return Detected("utf-8", "utf-8")
    if codec is not None and _decodes(sample, codec, final):
        # a single-byte label accepts any bytes: trust it unless the text then reads as mojibake
        # (a Windows-1251 feed labelled ISO-8859-1) and the detector finds an encoding that does not
        if _reads_as_mojibake(sample, codec):
            better = _detector(sample, final)
            if better not in (None, codec) and not _reads_as_mojibake(sample, better):
                return Detected(better, "detected")
        return Detected(codec, "declared")
    guess = _detector(sample, final)
    if guess is not None:
        return Detected(guess, "detected")
    return Detected("utf-8", "fallback")


def _utf8_text(sample: bytes) -> bool:
    return sum(1 for byte in sample[:DETECT_SAMPLE_BYTES] if byte >= 0x80) >= _UTF8_HIGH_BYTES


def alternatives(data: bytes, tried: str) -> list[str]:
    """Other encodings `data` may be in, most likely first (charset-normalizer's candidates,
    then Windows-1252, which keeps every ASCII byte as it is), without `tried`. For a document
    that decodes with `tried` but is broken by it: a multi-byte legacy codec takes an ASCII byte
    after a high one as the second half of a character (Shift-JIS "\xeb]" is one character),
    and can so swallow a "]]>" or a "<"."""
    from charset_normalizer import from_bytes

    found = [canonical(match.encoding) for match in from_bytes(data[:DETECT_SAMPLE_BYTES])]
    out: list[str] = []
    for codec in [*found, "cp1252"]:
        if codec is not None and codec != tried and codec not in out:
            out.append(codec)
    return out


def legacy_multibyte(codec: str) -> bool:
    """Whether `codec` is a multi-byte legacy one (GBK, Big5, Shift-JIS, EUC-KR...), whose second
    bytes include ASCII."""
    return _multibyte(codec) and not codec.startswith("utf")


def _detector(sample: bytes, final: bool = True) -> str | None:
    """The legacy encoding of `sample` (bytes that are no UTF-8), or None when no decoding of
    them reads as text.

    Two maintained detectors, each for what it does best. charset-normalizer decodes the bytes
    with every code page and keeps the decodings that read as text (mess ratio "chaos" under its
    threshold), ranked with their language fit ("coherence"); but among single-byte code pages
    that decode the letters of a text differently it ranks by noise (its mess ratio grows with
    the accents: French measured messier in cp1252 than in cp1257, "aprčs"; Spanish tied with
    cp1250, "Ańo"). chardetng (Firefox's detector for pages without a charset) weighs the byte
    pairs of each legacy encoding, with the Web's priors (Windows-1252 for Western text, even a
    word of it), but takes Lithuanian for Windows-1252. So chardetng's guess is taken when
    charset-normalizer finds that it reads as text, and as the same language as its best or at
    most LEGACY_COHERENCE_MARGIN less fitting; else charset-normalizer's best. Only the legacy
    encodings of the WHATWG Encoding Standard, and UTF-16/32, compete (_LEGACY).
    """
    from charset_normalizer import from_bytes

    final = final and len(sample) <= DETECT_SAMPLE_BYTES
    sample = sample[:DETECT_SAMPLE_BYTES]
    ranked = [(match, found) for match in from_bytes(sample)
              for found in [_legacy_codecs(match.could_be_from_charset)] if found]
    if not ranked:
        return None
    best = ranked[0][0]
    guess = _chardetng(sample, final)
    if guess is None:
        return ranked[0][1][0]
    # charset-normalizer's measure of chardetng's guess; it leaves out single-byte code pages
    # when a multi-byte one decodes the bytes ("A\xf1o nuevo" is valid Big5): measured alone then
    measured = next((match for match, found in ranked if guess in found), None)
    if measured is None:
        measured = from_bytes(sample, cp_isolation=[guess]).best()
    if measured is not None and (measured.language == best.language
                                 or measured.coherence >= best.coherence - LEGACY_COHERENCE_MARGIN):
        return guess
    return ranked[0][1][0]


def _legacy_codecs(names: list[str]) -> list[str]:
    """The legacy encodings among charset-normalizer's names for one decoding, in its order."""
    return [codec for codec in map(canonical, names) if codec in _LEGACY]


def _chardetng(sample: bytes, final: bool) -> str | None:
    """chardetng's guess for `sample` as a Python codec (`final`: `sample` is the whole file)."""
    from chardetng_py import EncodingDetector

    detector = EncodingDetector()
    detector.feed(sample, last=final)
    name = detector.guess(tld=None, allow_utf8=False)
    return canonical(_WHATWG_NAMES.get(name.lower(), name))


def _utf16_without_bom(sample: bytes, final: bool) -> str | None:
    probe = sample[:_UTF16_PROBE_BYTES]
    if len(probe) < 8:
        return None
    half = len(probe) // 2
    even, odd = probe[0::2].count(0), probe[1::2].count(0)
    if odd >= _UTF16_ZERO_SHARE * half and even == 0:
        codec = "utf-16-le"
    elif even >= _UTF16_ZERO_SHARE * half and odd == 0:
        codec = "utf-16-be"
    else:
        return None
    return codec if _decodes(sample, codec, final) else None


def _reads_as_mojibake(sample: bytes, codec: str) -> bool:
    return looks_like_mojibake(sample[:DETECT_SAMPLE_BYTES].decode(codec, errors="replace"))


def _multibyte(codec: str) -> bool:
    return codec.startswith(("utf", "gb", "big5", "cp9", "euc", "shift", "iso2022", "hz"))


def _decodes(data: bytes, codec: str, final: bool) -> bool:
    try:
        codecs.getincrementaldecoder(codec)("strict").decode(data, final=final)
    except (UnicodeError, LookupError):  # UnicodeError: "UTF-16 stream does not start with BOM"
        return False
    return True


def decode(data: bytes, declared: str | None = None) -> tuple[str, Detected]:
    """All of `data` as text, with the encoding chosen by `detect`; undecodable bytes become
    U+FFFD (only possible with the fallback or a detector's near miss)."""
    found = detect(data, declared)
    try:
        return data.decode(found.encoding, errors="replace"), found
    except UnicodeError:  # a codec that fails even with "replace" (UTF-16 without its BOM)
        return data.decode("utf-8", errors="replace"), Detected("utf-8", "fallback")


# A word of three or more letters all from Latin-1's upper half (À-ÿ): Cyrillic, Greek, Hebrew
# or Thai bytes read as Latin-1/Windows-1252 ("Ïðàâèòåëüñòâî"). French, German, Nordic and
# Iberian words mix those letters with ASCII ones ("été", "Präsident", "þýðing").
_LATIN1_WORD = re.compile(r"\b[À-ÖØ-öø-ÿ]{3,}\b")
_NON_ASCII_WORD = re.compile(r"\b\w*[^\x00-\x7f]\w*\b")
_LATIN1_WORDS_MIN = 2
# A C1 control character (U+0080-U+009F) is mojibake only as the second, third or fourth byte of
# a UTF-8 sequence read as Latin-1 ("\u2019" read so is "\xe2\x80\x99"): after a lead byte (U+00C2-
# U+00F4) or another such byte. Alone (an escape sequence's CSI "\x9b" in valid UTF-8 text) it
# is no sign of a wrong encoding, though ftfy counts it as one.
_LONE_C1 = re.compile("(?<![\xc2-\xf4\x80-\xbf])[\x80-\x9f]")
_LATIN1_WORDS_SHARE = 0.5


def looks_like_mojibake(text: str) -> bool:
    """Whether `text` reads like bytes decoded with the wrong codec ("Ã©tÃ©", "¾\\xad¼Ã¹",
    "Ïðàâèòåëüñòâî"): ftfy's badness heuristic (sequences that almost only occur in mojibake),
    or at least 2 words, and half of those with non-ASCII letters, made only of Latin-1 letters;
    on the first DETECT_SAMPLE_BYTES characters. A lone C1 control character (_LONE_C1) counts
    for nothing."""
    if not text:
        return False
    from ftfy.badness import is_bad

    sample = _LONE_C1.sub("", text[:DETECT_SAMPLE_BYTES])
    if is_bad(sample):
        return True
    latin1 = len(_LATIN1_WORD.findall(sample))
    if latin1 < _LATIN1_WORDS_MIN:
        return False
    return latin1 >= _LATIN1_WORDS_SHARE * len(_NON_ASCII_WORD.findall(sample))


# The share of a file's lines with non-ASCII text that must read like mojibake for the file to
# read as decoded with the wrong codec: a few bad records (one double-encoded post) are theirs,
# not the file's encoding (trial 72: one bad line called a whole UTF-8 file mojibake).
MOJIBAKE_LINES_SHARE = 0.5


def looks_mis_decoded(text: str) -> bool:
    """Whether the decoded start of a file reads as decoded with the wrong codec as a whole: it
    looks like mojibake (`looks_like_mojibake`) and so does at least MOJIBAKE_LINES_SHARE of its
    lines that hold non-ASCII characters (each by ftfy's badness or a word of Latin-1 letters
    only); on the first DETECT_SAMPLE_BYTES characters."""
    sample = text[:DETECT_SAMPLE_BYTES]
    if not looks_like_mojibake(sample):
        return False
    lines = [line for line in sample.splitlines() if not line.isascii()]
    return sum(_mojibake_line(line) for line in lines) >= MOJIBAKE_LINES_SHARE * len(lines)


def double_encoded(text: str) -> bool:
    """Whether text that reads as mis-decoded (`looks_mis_decoded`) is double-encoded UTF-8:
    UTF-8 once decoded as Latin-1 or Windows-1252 and saved again as UTF-8 ("cafÃ©",
    "Ð\x9eÐ±Ñ\x8aÐµÐ¼"), which ftfy's `repair` undoes in at least half of its lines that read
    like mojibake. No decoding of the file's bytes undoes it: they are valid UTF-8 (trial 73 was
    told to pass --encoding, and every value gave the same text). Lines are split at "\n" only:
    the C1 characters of such text include NEL (U+0085), which `str.splitlines` breaks at."""
    lines = [line for line in text[:DETECT_SAMPLE_BYTES].split("\n")
             if not line.isascii() and _mojibake_line(line)]
    repaired = sum(repair(line) is not None for line in lines)
    return bool(lines) and repaired >= MOJIBAKE_LINES_SHARE * len(lines)


def _mojibake_line(line: str) -> bool:
    from ftfy.badness import is_bad

    line = _LONE_C1.sub("", line)
    return bool(is_bad(line) or _LATIN1_WORD.search(line))


def repair(text: str) -> str | None:
    """`text` with its mojibake undone by ftfy ("Ã©tÃ©" → "été": UTF-8 read as Windows-1252),
    or None when ftfy cannot make it read as text (GBK read as Latin-1 is beyond repair: the
    bytes must be decoded again)."""
    from ftfy import fix_encoding

    fixed = fix_encoding(text)
    return fixed if fixed != text and not looks_like_mojibake(fixed) else None


# Lone surrogates (from "\\ud800" JSON escapes or "&#xD800;" references) cannot be encoded: SQLite
# and every output writer fail on them. C0 and C1 control characters other than tab, line feed
# and carriage return are invisible, break terminals and CSV, and are not valid XML 1.0.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_AS_SPACE = frozenset("\x0b\x0c\x1c\x1d\x1e\x1f\x85")  # separators: keep words apart


def _safe(match: re.Match[str]) -> str:
    char = match.group(0)
    if "\ud800" <= char <= "\udfff":
        return "\ufffd"
    return " " if char in _AS_SPACE else ""


def scrub(text: str) -> tuple[str, int]:
    """`text` made safe to store and print, and how many characters were changed: each lone
    surrogate becomes U+FFFD, control characters other than tab, line feed and carriage return are
    removed (vertical tab, form feed, the information separators and NEL become a space)."""
    found = len(_UNSAFE.findall(text))
    if not found:
        return text, 0
    return _UNSAFE.sub(_safe, text), found
