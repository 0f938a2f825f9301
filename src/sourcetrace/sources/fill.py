"""What a feed or page leaves out of an article, filled in: the outlet from the URL's domain (by
the bundled outlet registry), the language from a tag such as "en-US", the caller's defaults."""

from __future__ import annotations

import dataclasses
import functools
import logging
from typing import Any

from ..lang import base
from ..records import Article

log = logging.getLogger(__name__)


def lang_code(value: Any) -> str | None:
    """'en-US' -> 'en'; 'zh-cn' -> 'zh'; None for anything that is not a language tag."""
    if not isinstance(value, str) or not value.strip():
        return None
    return base(value.strip()) or None


@functools.lru_cache(maxsize=1)
def _registry() -> Any:
    try:
        from ..outlets import Registry

        return Registry.load()
    except Exception as exc:  # noqa: BLE001 - the registry is optional here: no outlet, not a failure
        log.debug("outlet registry unavailable (%s): outlets are not guessed from domains", exc)
        return None


def outlet_for(url: str | None) -> str | None:
    """The registry's outlet for a page's domain, when the source did not name one."""
    if not url:
        return None
    registry = _registry()
    outlet = registry.by_domain(url) if registry is not None else None
    return outlet.id if outlet is not None else None


def fill(article: Article, outlet: str | None, lang: str | None) -> Article:
    """`article` with the given outlet and language where it names none (outlet lower-cased)."""
    if (article.outlet or not outlet) and (article.lang or not lang):
        return article
    return dataclasses.replace(
        article,
        outlet=article.outlet or (outlet.strip().lower() if outlet else None),
        lang=article.lang or lang,
    )
