"""What attribution returns: each credit found (`Evidence`) and the verdict (`Attribution`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .cues import RULES, Status


@dataclass(frozen=True)
class Evidence:
    """One credit found in a post: its text and span in the original post, and the rule that fired.

    A credit the platform keeps outside the visible text (a forward, a link behind words, a
    retweet) has no span: `field` names where the post's record held it ("forwarded_from",
    "text_link.href", "entities.urls.expanded_url"...) and `text` is the value found there.
    """

    text: str
    span: tuple[int, int] | None
    rule: str
    outlet: str | None = field(default=None, compare=False)  # the outlet credited (not in the JSON)
    field: str | None = None  # None: in the visible text, at `span`

    @property
    def status(self) -> Status:
        """The verdict this rule supports: `attributed` or `evasive` (see `RULES`)."""
        return RULES[self.rule][0]

    def to_dict(self) -> dict[str, Any]:
        """The evidence object of the JSON contract: text, span (two offsets, or None for a credit
        outside the visible text), rule, and field (where such a credit was, else None)."""
        return {
            "text": self.text,
            "span": [self.span[0], self.span[1]] if self.span is not None else None,
            "rule": self.rule,
            "field": self.field,
        }


@dataclass(frozen=True)
class Attribution:
    """The verdict for one post and one copied outlet.

    `sibling` is true when the credit goes to a sibling state outlet (same state, or same owner
    or parent body, another family) rather than to the copied outlet, its family or the agency
    behind the article: the status is then `evasive` and `credited` names the sibling.
    """

    status: Status
    credited: str | None = None
    evidence: list[Evidence] = field(default_factory=list, hash=False)
    sibling: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The `attribution` object of the JSON contract (DESIGN.md), with the sibling flag."""
        return {
            "status": self.status,
            "credited": self.credited,
            "sibling": self.sibling,
            "evidence": [e.to_dict() for e in self.evidence],
        }
