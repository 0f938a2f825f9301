"""An article's URL as two mentions of one page compare: without the tracking parameters a feed
or a share adds (RT's Atom feed adds `?utm_source=rss&utm_medium=rss&utm_campaign=RSS` to every
link, trial 122) and without a fragment, the scheme and host lower-cased, a default port dropped.

The tracking parameters are a bounded list of well-known names. courlan's `clean_query` was
weighed and left: its pattern also drops any parameter holding "cid", "eid", "uid", "ref",
"source", "session" or "campaign" (`?cid=1` and `?cid=2` would become one page), and a URL that
compares equal makes the index skip an article, so a wrongly dropped parameter loses one.
"""

from __future__ import annotations

import re
import urllib.parse

# utm_* (Google Analytics campaign tags) and the click identifiers of ad and social platforms:
# Facebook, Google, DoubleClick, Microsoft, Yandex, Twitter/X, Instagram, Mailchimp, HubSpot,
# Marketo, Google's cross-domain linker, Matomo/Piwik campaign tags.
_TRACKING = re.compile(
    r"(?:utm_[a-z_]{1,30}|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid|ysclid|twclid|igshid"
    r"|mc_cid|mc_eid|_hsenc|_hsmi|mkt_tok|_ga|_gl|pk_campaign|pk_source|pk_medium|mtm_campaign"
    r"|mtm_source|mtm_medium)",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def tracking_parameter(name: str) -> bool:
    """Whether a query parameter's name is one of the known tracking parameters."""
    return _TRACKING.fullmatch(name.strip()) is not None


def without_tracking(url: str) -> str:
    """`url` without its tracking query parameters (`tracking_parameter`), the rest as it was
    written, in its order; `url` itself when it has none (or is no URL that splits)."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return url
    if not parts.query:
        return url
    pairs = parts.query.split("&")
    kept = [p for p in pairs if not tracking_parameter(urllib.parse.unquote_plus(p.split("=", 1)[0]))]
    if len(kept) == len(pairs):
        return url
    return urllib.parse.urlunsplit(parts._replace(query="&".join(p for p in kept if p)))


def comparable_url(url: str, keep_fragment: bool = False) -> str:
    """`url` as two mentions of one page compare: tracking parameters and the fragment removed
    (a "#!" route of a script-driven site is kept: it names the page), the scheme and host
    lower-cased, the scheme's default port dropped. Other parameters are kept as they are:
    `?id=1` and `?id=2` are two pages.

    With `keep_fragment` the fragment stays: a fragment may name a section of a page that holds
    another article ("index2.html#cinema" beside the listing's first item at "index2.html",
    trial 124), so two URLs equal only without it are one page only where their texts are one
    story (`index.store.same_story`)."""
    url = without_tracking(url.strip())
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    netloc = parts.netloc.lower() if "@" not in parts.netloc else parts.netloc
    if port is not None and _DEFAULT_PORTS.get(scheme) == port:
        netloc = netloc.rsplit(":", 1)[0]
    fragment = parts.fragment if keep_fragment or parts.fragment.startswith("!") else ""
    return urllib.parse.urlunsplit((scheme, netloc, parts.path, parts.query, fragment))
