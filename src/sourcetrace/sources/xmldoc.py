"""A feed document made safe for the XML parser, before any parser sees it.

1. Decoded: the charset the HTTP header or the XML declaration names, when the bytes fit it;
   else UTF-16 without a BOM, UTF-8, or the detector (`textenc`), with a warning line that says
   which encoding was guessed.
2. Checked: a document that declares entities is refused, wherever the declaration hides
   (after a comment holding "<a", after a processing instruction, in UTF-16). The
   entity-expansion attacks ("billion laughs", one huge entity used thousands of times) need a
   declaration, and no real feed has one.
3. Cleaned: control characters that XML 1.0 forbids are removed, and character references to
   them or to lone surrogates ("&#xD800;") become U+FFFD (a warning line each), so that one stray
   byte does not send the whole feed to the tolerant parser, which fails on such references.
   HTML's named references ("&oacute;", "&nbsp;"), which XML does not define and many feeds use,
   become the numeric references of the same characters, and an "&" that starts no reference
   ("AT&T") becomes "&amp;", as an HTML reader takes them: the strict parser then reads such a
   feed whole instead of stopping at the first one, and the tolerant one, which would read on,
   does not change the text ("AT&T;"). CDATA sections, where they are text, are left as they are.
4. Re-encoded as UTF-8 under a declaration that says so.
"""

from __future__ import annotations

import re
from html.entities import html5

from .. import textenc
from .clean import warn
from .fetch import SourceError

# The encoding pseudo-attribute of an XML declaration at the very start (ASCII-compatible bytes).
_DECLARED = re.compile(
    rb"""\A(?:\xef\xbb\xbf)?[ \t\r\n]*<\?xml[ \t\r\n][^>]{0,300}?\bencoding[ \t\r\n]*=[ \t\r\n]*"""
    rb"""["']([A-Za-z][A-Za-z0-9._:-]{0,39})["']"""
)
_DECLARATION = re.compile(r"\A\ufeff?[ \t\r\n]*<\?xml[ \t\r\n][^>]{0,300}?\?>")
# Where feedparser's tolerant parser stops looking for declarations (its own pattern, `<\w` on
# bytes): anything before it is "prolog" to that parser, whatever expat thinks.
_FIRST_ELEMENT = re.compile(r"<[A-Za-z0-9_]")
# Characters XML 1.0 does not allow anywhere in a document (surrogates cannot survive decoding).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A character reference, its ";" optional: feedparser's tolerant parser takes "&#99999999999 " as
# one too, and fails on a number too large for chr() (OverflowError).
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")
_MAX_REF_DIGITS = 8  # U+10FFFF is 7 hex or 7 decimal digits; more is never a character
# An "&": a named reference (the longest HTML5 name, "CounterClockwiseContourIntegral", has 31
# letters), a numeric one (checked by _CHAR_REF), or neither.
_AMPERSAND = re.compile(r"&(?:([A-Za-z][A-Za-z0-9]{0,31});|(#(?:[0-9]|[xX][0-9a-fA-F])))?")
_XML_NAMES = frozenset(("amp", "lt", "gt", "quot", "apos"))
UTF8_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>'


def declared_encoding(data: bytes) -> str | None:
    """The encoding an XML declaration at the start of `data` names, or None."""
    found = _DECLARED.match(data[:512])
    return found.group(1).decode("ascii") if found else None


def decode_xml(data: bytes, where: str, charset: str | None = None) -> tuple[str, textenc.Detected]:
    """`data` as text: `charset` (from the HTTP header) or the declared encoding when the bytes fit
    it, else the one `textenc.detect` finds, said on a warning line when it was guessed."""
    declared = charset or declared_encoding(data)
    text, found = textenc.decode(data, declared)
    if found.guessed:
        warn(where, 0, guessed_line("document", declared, found))
    return text, found


def guessed_line(what: str, declared: str | None, found: textenc.Detected) -> str:
    """"the document declares no encoding; read as gb18030 (detected)" and the like."""
    said = f"declares {declared}, which does not fit" if declared else "declares no encoding"
    how = "detected" if found.how == "detected" else "nothing fitted: undecodable bytes replaced"
    return f"the {what} {said}; read as {found.encoding} ({how})"


def check_xml(data: bytes | str) -> None:
    """Refuse a document that declares XML entities (how every entity-expansion bomb starts).

    Any `<!ENTITY` counts, in the prolog or after it, inside a comment or a processing
    instruction: feedparser's tolerant parser takes declarations from everything before the first
    "<" + ASCII word character, comments and CDATA included, and expat from a DOCTYPE after a comment that holds one. Only
    CDATA sections inside the document's elements are text (an article about XML may quote one).
    Bytes are decoded first (`textenc`), so a UTF-16 document is checked too. Linear in the size.
    Raises SourceError.
    """
    text = data if isinstance(data, str) else textenc.decode(data)[0]
    first = _FIRST_ELEMENT.search(text)
    body_start = first.start() if first else len(text)
    pos = 0
    while True:
        found = text.find("<!", pos)
        if found < 0:
            return
        if found > body_start and text.startswith("<![CDATA[", found):
            end = text.find("]]>", found + 9)
            if end >= 0:
                pos = end + 3
                continue
        elif text[found + 2 : found + 8].upper() == "ENTITY":
            line = text.count("\n", 0, found) + 1
            raise SourceError(
                f"line {line}: the document declares XML entities, which feeds never need"
                " (refused: possible entity-expansion bomb)"
            )
        pos = found + 2


def safe_xml(
    data: bytes, where: str, charset: str | None = None, *, encoding: str | None = None
) -> tuple[bytes, textenc.Detected]:
    """The document as UTF-8 bytes a parser may see, decoded, checked and cleaned as the module
    says, and the encoding it was read in; `encoding` forces one (the caller says why). Raises
    SourceError for a document that declares entities."""
    if encoding is None:
        text, found = decode_xml(data, where, charset)
    else:
        text, found = data.decode(encoding, errors="replace"), textenc.Detected(encoding, "detected")
    check_xml(text)
    removed = len(_NOT_XML.findall(text))
    if removed:
        text = _NOT_XML.sub("", text)
        warn(where, 0, f"{removed} control characters that XML does not allow were removed")
    bad_refs = 0

    def reference(match: re.Match[str]) -> str:
        nonlocal bad_refs
        hexa, decimal = match.groups()
        digits = (hexa or decimal).lstrip("0") or "0"
        if len(digits) <= _MAX_REF_DIGITS and _xml_char(int(digits, 16 if hexa else 10)):
            return match.group(0)
        bad_refs += 1
        return "&#xFFFD;"

    text = html_references(text)
    text = _CHAR_REF.sub(reference, text)
    if bad_refs:
        warn(where, 0, f"{bad_refs} character references to what XML does not allow (lone"
             " surrogates, control characters) replaced by U+FFFD")
    declaration = _DECLARATION.match(text)
    if declaration is not None:  # its line breaks are kept: problem lines stay the file's
        text = "\n" * declaration.group(0).count("\n") + text[declaration.end():]
    return (UTF8_DECLARATION + text.lstrip("\ufeff")).encode("utf-8", errors="replace"), found


def html_references(text: str) -> str:
    """`text` (an XML document) with each HTML named reference that XML does not define
    ("&eacute;", "&nbsp;") written as the numeric references of its characters ("&#233;"), and
    each "&" that starts no reference XML or HTML knows ("AT&T", "&foo;") as "&amp;", outside
    CDATA sections. Linear in the size."""

    def reference(match: re.Match[str]) -> str:
        name, numeric = match.groups()
        if numeric is not None or name in _XML_NAMES:
            return match.group(0)
        value = html5.get(f"{name};") if name else None
        if value is None:
            return "&amp;" + match.group(0)[1:]
        return "".join(f"&#{ord(char)};" for char in value)

    parts, pos = [], 0
    while pos < len(text):
        cdata = text.find("<![CDATA[", pos)
        stop = len(text) if cdata < 0 else cdata
        parts.append(_AMPERSAND.sub(reference, text[pos:stop]))
        if cdata < 0:
            break
        end = text.find("]]>", cdata + 9)
        pos = len(text) if end < 0 else end + 3
        parts.append(text[cdata:pos])
    return "".join(parts)


def _xml_char(code: int) -> bool:
    """Whether XML 1.0 allows this code point (its `Char` production)."""
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )
