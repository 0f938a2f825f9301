"""JSONL: one JSON object a line (*.jsonl, *.ndjson, *.json-lines, or a file starting with one)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..inputs import Job
from ..jsontext import loads, surrogate_warning
from ..lines import Line, decoded_lines
from ..platforms import records_of
from ..problems import WARNING, R, not_an_object
from ..registry import Format, Verdict, document_keys, exports_known_as, register
from ..undecodable import has_bad_bytes, kept, problem_reason, repair_value


def parse(lines: Iterator[Line], job: Job[R], *, terse: bool = False) -> Iterator[R]:
    """The records of JSON lines; each bad line is one problem. A line holding a platform's own
    record (a twarc2 page, a tweet, a Bluesky or Telethon post: see `platforms`) gives the posts
    that platform record holds. Bytes that are not valid UTF-8 in a record's strings are replaced
    with U+FFFD and the record kept, said in one line naming the fields (`undecodable`).

    `terse` leaves out the detail in brackets: just "invalid JSON" or "not a JSON object".
    """
    for lineno, text in decoded_lines(lines, job.display, job.on_problem, lenient=True):
        bad = has_bad_bytes(text)  # kept whole, bad bytes replaced and named (trial 73)
        try:
            data, repaired = loads(text.rstrip("\r\n"))  # keeps error columns on this line
        except json.JSONDecodeError as exc:
            reason = f"invalid JSON ({exc.msg.removesuffix(' at')} at column {exc.colno})"
        except ValueError as exc:  # e.g. an integer with more digits than Python converts
            reason = f"invalid JSON ({exc})"
        except RecursionError:
            reason = "invalid JSON (nested too deeply)"
        else:
            if repaired:
                job.problem(lineno, surrogate_warning(repaired), WARNING)
            if isinstance(data, dict):
                data, repair = repair_value(data) if bad else (data, None)
                yield from kept(records_of(job, data, lineno), repair, job.display, lineno, job.on_problem)
                continue
            reason = not_an_object(data)
        if bad:  # no record to keep: said as the bad bytes, the likelier cause
            reason = problem_reason(text)
        job.problem(lineno, reason.split(" (")[0] if terse else reason)


def _one_record(text: bytes) -> Verdict | None:
    """A complete first line holding one JSON object that is not an export document."""
    if not text.startswith(b"{"):
        return None
    first, newline, _ = text.partition(b"\n")
    if newline:
        try:
            record: Any = json.loads(first)
        except (ValueError, RecursionError):
            record = None
        if isinstance(record, dict) and not document_keys() & record.keys():
            return "jsonl", ""
    return None


def _any_object(text: bytes) -> Verdict | None:
    """Checked after every export: a JSON object that is none of them is JSONL, unless it is
    pretty-printed ("{" alone on the first line), which makes it an unknown JSON document."""
    if not text.startswith(b"{"):
        return None
    if text.partition(b"\n")[0].strip() == b"{":
        return None, f"a JSON document that is neither {' nor '.join(exports_known_as())}"
    return "jsonl", ""


register(
    Format(
        name="jsonl",
        description="JSONL",
        extensions=(".jsonl", ".ndjson", ".json-lines"),
        sniffers=((30, _one_record), (90, _any_object)),
        parse_lines=parse,
        first_line=lambda line: line.startswith(b"{"),
    )
)
