"""The scanner: runs the rules over a post, maps what they found back to the post's own text, and
decides the verdict for the outlet the post copies."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from ..normalize import normalize
from ..outlets import Registry
from .evidence import Attribution, Evidence
from .rules import ORDER, Hit, Scan
from .tables import Tables
from .text import FOLD, find_all, premap


class Scanner:
    """The rules of `rules.ORDER` over one registry's compiled tables."""

    def __init__(self, registry: Registry) -> None:
        self.tables = Tables(registry)

    def scan(self, post: str) -> list[Evidence]:
        """Every credit of any registry outlet in `post`, in order of position."""
        norm = normalize(premap(post))
        text = norm.text.translate(FOLD)
        excluded = [m.span() for m in find_all(self.tables.exclude_pattern, text)]
        scan = Scan(post, norm, text, self.tables, excluded)
        for rule in ORDER:
            rule(scan)
        return [
            self._evidence(scan, hit)
            for hit in sorted(scan.hits, key=lambda h: h.start)
            if hit.outlet
        ]  # a hit without outlet only claimed its span (an unrelated URL)

    @staticmethod
    def _evidence(scan: Scan, hit: Hit) -> Evidence:
        start, end = scan.norm.span(hit.start, hit.end)
        post = scan.post
        while end < len(post) and unicodedata.category(post[end]) == "Mn":
            end += 1  # the combining marks of the last letter belong to it
        return Evidence(post[start:end], (start, end), hit.rule, hit.outlet)


def find_credits(post_text: str, registry: Registry | None = None) -> list[Evidence]:
    """Every credit of any registry outlet in a post, in order of position.

    Without a registry, the bundled one is used. The compiled tables are cached on the registry.
    """
    registry = registry if registry is not None else Registry.load()
    scanner: Scanner = registry.cached("attribution", lambda: Scanner(registry))
    return scanner.scan(post_text)


def analyze(post_text: str, outlet_id: str | None, registry: Registry | None = None) -> Attribution:
    """Whether `post_text` credits `outlet_id` (or its family), evasively, or not at all.

    `outlet_id` is the copied article's outlet; an id the registry does not know is resolved
    by handle, domain or name, else treated like None. With None, the post's first credit of
    any outlet decides. Without a registry, the bundled one is used.
    """
    registry = registry if registry is not None else Registry.load()
    credits = find_credits(post_text, registry)
    target = registry.resolve(outlet_id) if outlet_id else None
    if target is None:
        return _verdict(credits, lambda e: e.outlet)
    family = target.family
    own = [
        e for e in credits if e.outlet == target.id or registry.family_of(e.outlet or "") == family
    ]
    if own:
        return _verdict(own, lambda e: target.id if e.outlet == target.id else family)
    if not credits:
        return Attribution("unattributed")
    # another outlet is credited: unattributed for this one, and say which (its evidence only)
    other = _verdict(credits, lambda e: e.outlet).credited
    return Attribution("unattributed", other, [e for e in credits if e.outlet == other])


def _verdict(evidence: list[Evidence], credit_of: Callable[[Evidence], str | None]) -> Attribution:
    """The first attributed credit decides, else the first evasive one; all evidence is shown."""
    if not evidence:
        return Attribution("unattributed")
    best = next((e for e in evidence if e.status == "attributed"), evidence[0])
    return Attribution(best.status, credit_of(best), evidence)
