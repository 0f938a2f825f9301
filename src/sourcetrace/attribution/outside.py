"""Credits a platform keeps outside the visible text of a post (issue 13, kind 5): a Telegram
message forwarded from the outlet's channel, a link behind the words "Source" or "aquí" (a
Telegram text_link, a Mastodon <a href>, the expanded URL behind an X t.co link), a retweet or
quote of the outlet's account. Readers put them in `Post.credits` (records.Credit); this module
says which outlet each one credits, with the field that held it as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from ..outlets import Registry
from ..records import Credit
from .cues import URL
from .evidence import Evidence
from .tables import Tables
from .text import bounded as needs_boundary
from .text import skel

MAX_CREDITS = (
    32  # credits examined per post: a post forwarded or linked more often is a crafted one
)
MAX_VALUE = 300  # characters of a credit's value looked at (a channel name, a URL)

# rule for a forward or repost found by the account's handle or name
_ACCOUNT_RULE = {"forward": "forwarded-from", "repost": "repost-of", "link": "profile-link"}


def outside_credits(
    credits: Iterable[Credit], post_text: str, tables: Tables, registry: Registry
) -> list[Evidence]:
    """Evidence for each credit of `credits` that names a registry outlet.

    A link is judged by its address like a link in the text (site, shortener, or account:
    `link-domain`, `link-shortener`, `profile-link`); a forward or repost by the account's
    handle or name, or the account a URL points to (`forwarded-from`, `repost-of`). A link
    whose address is also in the visible text is left to the text's own evidence.
    """
    found: list[Evidence] = []
    for n, credit in enumerate(credits):
        if n >= MAX_CREDITS:
            break
        value = credit.value.strip()[:MAX_VALUE]
        if not value or (credit.kind == "link" and value in post_text):
            continue
        hit = _link(value, tables) if _looks_like_url(value) else None
        if hit is not None and credit.kind != "link" and hit[1] == "profile-link":
            hit = (hit[0], _ACCOUNT_RULE[credit.kind])
        text = value
        if hit is None and credit.kind != "link":
            hit = _account(value, credit, tables, registry)
            if hit is not None and _account(value, replace(credit, label=None), tables, registry) is None:
                # credited by the account's display name, not its handle: say the name (trial
                # 109: "@noticias_cn" alone could not explain a credit to Xinhua)
                text = f"{value} ({(credit.label or '').strip()[:MAX_VALUE]})"
        if hit is not None:
            found.append(Evidence(text, None, hit[1], hit[0], credit.field))
    return found


def _looks_like_url(value: str) -> bool:
    return bool(re.match(r"(?:https?://)?[\w.-]+\.[a-z]{2,24}(?:[/:?#]|$)", value, re.IGNORECASE))


def _link(value: str, tables: Tables) -> tuple[str, str] | None:
    """(outlet, rule) for a URL of an outlet's site, shortener or account."""
    m = URL.match(skel(value))
    if m is None:
        return None
    path = (m.group("path") or "").rstrip(".,;:!?)]}'\"")
    return tables.link_outlet(m.group("host"), path)


def _account(
    value: str, credit: Credit, tables: Tables, registry: Registry
) -> tuple[str, str] | None:
    """(outlet, rule) for an account named by its handle or display name ("@XHNews", "РИА
    Новости", "RT Arabic", "Xinhua Español (@XHspanish)"), also in the credit's label."""
    rule = _ACCOUNT_RULE[credit.kind]
    for candidate in (value, credit.label or ""):
        candidate = candidate.strip()[:MAX_VALUE]
        if not candidate:
            continue
        handle = registry.by_handle(candidate.lstrip("@")) if " " not in candidate else None
        if handle is not None:
            return handle.id, rule
        key = skel(candidate).strip()
        if key in tables.names:
            return tables.names[key].outlet, rule
        prefix = _name_prefix(key, tables)
        if prefix is not None:
            return prefix, rule
    return None


def _name_prefix(key: str, tables: Tables) -> str | None:
    """The outlet whose name starts a channel's name ("xinhua español | noticias"), if any; not
    for a short or ambiguous name ("china news today" is not China News Service)."""
    name = tables.name_keys.prefix(key)
    if name is None:
        return None
    rest = key[len(name) :]
    entry = tables.names.get(name)
    if entry is None or entry.kind == "context" or tables.excluded_at(key, 0):
        return None
    if rest and needs_boundary(name[-1]) and rest[0].isalnum():
        return None  # "xinhuanews24" is not "xinhua" + a boundary
    if _NOT_THE_OUTLET.search(rest):
        return None  # "People's Daily fan club" (trial 109): an account about the outlet
    return entry.outlet


# Words after an outlet's name that make a channel's name one about the outlet, not the outlet's
# own: a fan club, a parody, a critic's or an unofficial account ("People's Daily fan club",
# "CGTN parody", "Xinhua no oficial"). Trial 109: a retweet of "People's Daily fan club" credited
# People's Daily; trial 111: "People's Daily Tribute" still did.
_NOT_THE_OUTLET = re.compile(
    r"(?<!\w)(?:fan|fans|fanclub|fan club|fanpage|fandom|club|parody|parodia|parodie|paródia|"
    r"satire|satira|sátira|satirique|fake|unofficial|no oficial|não oficial|non officiel|"
    r"inoffiziell|неофициальный|пародия|фан|memes?|hater|haters|critic|critics|exposed|lies|"
    r"mentiras|mensonges|propaganda watch|fact ?check|tribute|admirers|supporters|lovers|watchers?)(?!\w)"
)
