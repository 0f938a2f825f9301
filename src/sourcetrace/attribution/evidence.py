"""What attribution returns: each credit found (`Evidence`) and the verdict (`Attribution`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .cues import RULES, Status


@dataclass(frozen=True)
class Evidence:
    """One credit found in a post: its text and span in the original post, and the rule that fired."""

    text: str
    span: tuple[int, int]
    rule: str
    outlet: str | None = field(default=None, compare=False)  # the outlet credited (not in the JSON)

    @property
    def status(self) -> Status:
        """The verdict this rule supports: `attributed` or `evasive` (see `RULES`)."""
        return RULES[self.rule][0]

    def to_dict(self) -> dict[str, Any]:
        """The evidence object of the JSON contract: text, span (two offsets) and rule."""
        return {"text": self.text, "span": [self.span[0], self.span[1]], "rule": self.rule}


@dataclass(frozen=True)
class Attribution:
    """The verdict for one post and one copied outlet."""

    status: Status
    credited: str | None = None
    evidence: list[Evidence] = field(default_factory=list, hash=False)

    def to_dict(self) -> dict[str, Any]:
        """The `attribution` object of the JSON contract (DESIGN.md)."""
        return {
            "status": self.status,
            "credited": self.credited,
            "evidence": [e.to_dict() for e in self.evidence],
        }
