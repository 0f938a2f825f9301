"""Plain text: one post a line (*.txt, or a file that does not start with a JSON object)."""

from __future__ import annotations

from collections.abc import Iterator

from ..inputs import Job
from ..lines import Line, decoded_lines
from ..problems import R
from ..registry import Format, register


def parse(lines: Iterator[Line], job: Job[R]) -> Iterator[R]:
    """One record a non-blank line, its text stripped."""
    for lineno, text in decoded_lines(lines, job.display, job.on_problem):
        record = job.make({"text": text.strip()}, lineno)
        if record is not None:
            yield record


register(
    Format(
        name="txt",
        description="plain text",
        extensions=(".txt",),
        articles=False,
        parse_lines=parse,
        first_line=lambda line: True,  # whatever is not JSONL
    )
)
