"""What a reader does with a bad record: it becomes a `Problem` for the caller; reading goes on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from ..errors import InputError

R = TypeVar("R")


@dataclass(frozen=True)
class Problem:
    """A record that was skipped: where it is and why (line 0: the whole source)."""

    path: str
    line: int
    reason: str

    def __str__(self) -> str:
        if self.line <= 0:
            return f"{self.path}: {self.reason} — skipped"
        return f"{self.path}:{self.line}: {self.reason} — skipped"


ProblemHandler = Callable[[Problem], None]
_JSON_TYPES = {
    list: "array",
    str: "string",
    int: "number",
    float: "number",
    bool: "boolean",
    type(None): "null",
}

# Turns one mapping (a JSON object or a CSV row) and its line number into a record.
Builder = Callable[[dict[str, Any], int], R]
# The same, also given the file's stem (posts without an id are named "stem:line").
Factory = Callable[[dict[str, Any], int, str], R]


def build_or_report(
    builder: Builder[R],
    data: dict[str, Any],
    lineno: int,
    display: str,
    on_problem: ProblemHandler,
) -> R | None:
    """Make one record with `builder`, or hand `on_problem` the reason it cannot be made (None).

    `InputError` gives its message as the reason; ValueError, OverflowError and OSError (a
    numeric timestamp far outside what datetime can represent) give "bad value (...)".
    """
    try:
        return builder(data, lineno)
    except InputError as exc:
        reason = str(exc)
    except (ValueError, OverflowError, OSError) as exc:
        reason = f"bad value ({exc})"
    on_problem(Problem(display, lineno, reason))
    return None


def not_an_object(value: Any) -> str:
    """The reason for a JSON value that is not an object: "not a JSON object (got array)"."""
    return f"not a JSON object (got {_JSON_TYPES.get(type(value), 'a value')})"
