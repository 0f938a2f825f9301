"""What stands around a name or handle in a post: a credit cue ("según", "(CNS)", "informó"), a
platform label ("Twitter •"), a sign-off line, or the words of an acronym it abbreviates.

Offsets are in the folded skeleton the rules scan (`text`), except for `signature`, which reads
the original post.
"""

from __future__ import annotations

import re

from .cues import ACRONYM_STOPWORDS, CUE_AFTER, CUE_BEFORE, PLATFORM_AFTER, PLATFORM_BEFORE

CUE_WINDOW = 48  # characters searched for a cue on each side of a name
LABEL_WINDOW = 40  # characters searched for a platform label on each side of a handle

_WORD = re.compile(r"[^\W\d_]+")


def _cue_before(text: str, start: int) -> tuple[int, re.Match[str] | None]:
    offset = max(0, start - CUE_WINDOW)
    return offset, CUE_BEFORE.search(text[offset:start])


def cue(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span [start, end) widened to the credit cue next to it, or None without a cue.

    Cues: a word that introduces a source before ("según", "via", "来源：") or a reporting
    verb after ("CNS informó"), a dash, or enclosing brackets ("(CNS)", "(EFE/CNS)").
    """
    offset, before = _cue_before(text, start)
    after = CUE_AFTER.search(text[end : end + CUE_WINDOW])
    opened = before is not None and (before.group("b") or before.group("m")) is not None
    closed = after is not None and (after.group("b") or after.group("m")) is not None
    word_before = before is not None and not opened
    word_after = after is not None and not closed
    if not (word_before or word_after or (opened and closed)):
        return None
    new_start, new_end = start, end
    if word_before:
        assert before is not None
        group = next((g for g in ("w", "k", "u", "c") if before.group(g) is not None), None)
        if group is not None:  # the evidence shows the cue word, not a dash
            new_start = offset + before.start(group)
    elif opened and closed and before.group("b") and after.group("b"):  # type: ignore[union-attr]
        new_start, new_end = offset + before.start("b"), end + after.end("b")  # type: ignore[union-attr]
    return new_start, new_end


def source_word_before(text: str, start: int) -> bool:
    """Is there a word introducing a source before `start` ("Fuente:", "Photo:", "来源")?"""
    _, before = _cue_before(text, start)
    return (
        before is not None
        and (before.group("w") or before.group("k") or before.group("u")) is not None
    )


def platform_before(text: str, start: int) -> int | None:
    """Where the platform label before `start` begins ("Twitter •", "IG:", "X:"), or None."""
    offset = max(0, start - LABEL_WINDOW)
    label = PLATFORM_BEFORE.search(text[offset:start])
    if label is None:
        return None
    group = next(g for g in ("p", "x", "b") if label.group(g) is not None)
    return offset + label.start(group)


def platform_after(text: str, end: int) -> int | None:
    """Where the platform named after `end` ends ("mundo_china en Twitter"), or None."""
    label = PLATFORM_AFTER.search(text[end : end + LABEL_WINDOW])
    return end + label.end("p") if label is not None else None


def signature(post: str, start: int, end: int) -> bool:
    """Does post[start:end] stand alone at a line's end, as a sign-off ("...en 2024.\\nCNS")?"""
    return bool(
        re.search(r"(?:^|[\n.!?。！？…|•·—–-])[ \t]*$", post[max(0, start - CUE_WINDOW) : start])
        and re.match(r"[ \t.。!！]*(?:\n|$)", post[end:])
    )


def defines_acronym(text: str, start: int, end: int, acronym: str) -> bool:
    """Is the name at [start, end) an acronym spelled out next to it, so not an outlet?

    "central nervous system (CNS)", "CNS (Conselho Nacional de Saúde)".
    """
    letters = [c for c in acronym if c.isalpha()]
    before = re.sub(r"[\s(\[]+$", "", text[max(0, start - 120) : start])
    words = [w for w in _WORD.findall(before) if w not in ACRONYM_STOPWORDS]
    if len(words) >= len(letters) and [w[0] for w in words[-len(letters) :]] == letters:
        return True
    after = re.match(r"\s*[(\[]([^()\[\]]{3,100})[)\]]", text[end : end + 110])
    if after:
        words = [w for w in _WORD.findall(after.group(1)) if w not in ACRONYM_STOPWORDS]
        return [w[0] for w in words[: len(letters)]] == letters and len(words) <= len(letters) + 1
    return False
