"""Plain text: one post a line (*.txt, or a file that does not start with a JSON object)."""

from __future__ import annotations

from collections.abc import Iterator

from ..inputs import Job
from ..lines import Line, decoded_lines
from ..problems import R
from ..registry import Format, register
from ..undecodable import kept, repair_value


def parse(lines: Iterator[Line], job: Job[R]) -> Iterator[R]:
    """One record a non-blank line, its text stripped. A line with bytes that are not valid
    UTF-8 is kept with them replaced with U+FFFD, said in one line (`undecodable`)."""
    for lineno, text in decoded_lines(lines, job.display, job.on_problem, lenient=True):
        data, repair = repair_value({"text": text.strip()})
        record = job.make(data, lineno)
        if record is not None:
            yield from kept([record], repair, job.display, lineno, job.on_problem)


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
