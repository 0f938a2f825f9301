"""The outlet registry: each outlet's names in every script, web domains, shorteners and handles.

Attribution asks "does this post credit the outlet it copies, or its family?"; the registry is
what it asks. It is one TOML file (schema in corpora/OUTLETS.md), shipped in the package as
`sourcetrace/data/outlets.toml`, a copy of `corpora/outlets.toml`. A file is validated as a whole
when loaded; every problem is reported as one line naming the outlet and the key.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, TypeVar, overload

from .errors import InputError
from .normalize import simplified, skeleton

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

SCHEMA_VERSION = 1

PLATFORMS = (
    "x",
    "mastodon",
    "threads",
    "telegram",
    "weibo",
    "facebook",
    "youtube",
    "tiktok",
    "instagram",
)
KINDS = (
    "news agency",
    "broadcaster",
    "newspaper",
    "magazine",
    "website",
    "media group",
    "government",
)

# Territories whose state media answer to another state's government: their outlets are siblings
# of that state's outlets (Hong Kong's Ta Kung Wen Wei and Phoenix of Xinhua and CCTV).
_STATE_OF = {"HK": "CN", "MO": "CN"}


# How a sibling's state is said (`Registry.sibling_relation`); another country by its code.
_STATE_ADJECTIVE = {
    "CN": "PRC", "RU": "Russian", "KP": "North Korean", "IR": "Iranian", "VE": "Venezuelan",
    "CU": "Cuban", "TR": "Turkish", "VN": "Vietnamese", "BY": "Belarusian",
}


def state_country(country: str | None) -> str | None:
    """The state whose media an outlet of `country` (ISO 3166 alpha-2) are: China for Hong Kong
    and Macau, else the country itself; None for None."""
    return _STATE_OF.get(country, country) if country else None

_ID = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$")
_HANDLE = re.compile(r"^[^\s@/?#&=]{1,100}$")
_MASTODON = re.compile(r"^[A-Za-z0-9_.]{1,64}@(?:[a-z0-9-]+\.)+[a-z]{2,24}$")

_OUTLET_KEYS = {
    "id",
    "name",
    "state",
    "kind",
    "country",
    "owner",
    "parent",
    "family",
    "aliases",
    "cased_aliases",
    "context_aliases",
    "abbreviations",
    "exclude",
    "domains",
    "shorteners",
    "handles",
    "source",
    "notes",
}
_ACCOUNT_KEYS = {"name", "outlet", "language", "region", *PLATFORMS}

T = TypeVar("T")


@dataclass(frozen=True)
class Outlet:
    """One outlet: how it is named, where it publishes, and who owns it.

    `aliases` match in any case; `cased_aliases` only with the capitals shown ("People's Daily",
    not "people's daily"), except one of two or more words where only a credit stands ("Fuente:
    people's daily", "(mundo china)" ending a line: trial 108); `context_aliases` are short or
    ambiguous ("CNS", "RT") and count only next to a credit cue such as "(CNS)" or "vía RT". `abbreviations` are the short forms an
    outlet's own accounts use ("XH" in XHNews): "XH社", "XH News" or "Fuente: XH" is a dodged
    name. `exclude` lists phrases that contain a name but are no credit ("Xinhua Road"); one
    written with a leading "^" only where it starts the post or a line ("^RT:", the retweet
    marker: "According to RT: ..." credits RT).
    `handles` includes the CANIS accounts' handles.
    """

    id: str
    name: str
    family: str
    state: bool
    kind: str | None = None
    country: str | None = None
    owner: str | None = None
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    cased_aliases: tuple[str, ...] = ()
    context_aliases: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    shorteners: tuple[str, ...] = ()
    handles: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )
    source: str = "curated"
    notes: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The display name and every alias, in the order written."""
        return (self.name, *self.aliases, *self.cased_aliases, *self.context_aliases)

    def iter_handles(self) -> Iterator[tuple[str, str]]:
        """(platform, handle) pairs."""
        for platform, handles in self.handles.items():
            for handle in handles:
                yield platform, handle

    def to_dict(self) -> dict[str, Any]:
        """Every field, as plain lists and dicts (for JSON)."""
        return {
            "id": self.id,
            "name": self.name,
            "family": self.family,
            "state": self.state,
            "kind": self.kind,
            "country": self.country,
            "owner": self.owner,
            "parent": self.parent,
            "aliases": list(self.aliases),
            "cased_aliases": list(self.cased_aliases),
            "context_aliases": list(self.context_aliases),
            "abbreviations": list(self.abbreviations),
            "exclude": list(self.exclude),
            "domains": list(self.domains),
            "shorteners": list(self.shorteners),
            "handles": {platform: list(handles) for platform, handles in self.handles.items()},
            "source": self.source,
            "notes": self.notes,
        }


@dataclass(frozen=True)
class Account:
    """A social-media account of an outlet (from the CANIS list): a channel, bureau or personality."""

    name: str
    outlet: str
    language: str | None = None
    region: str | None = None
    handles: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}), hash=False)

    def to_dict(self) -> dict[str, Any]:
        """Every field, as plain lists and dicts (for JSON)."""
        return {
            "name": self.name,
            "outlet": self.outlet,
            "language": self.language,
            "region": self.region,
            "handles": dict(self.handles),
        }


class Registry:
    """All outlets of a registry file, with lookups by id, family, handle, domain and name."""

    def __init__(
        self, outlets: list[Outlet], accounts: list[Account] | None = None, source: str = "<memory>"
    ) -> None:
        self.source = source
        self._outlets: dict[str, Outlet] = {}
        for outlet in outlets:
            if outlet.id in self._outlets:
                raise InputError(f"{source}: outlet id '{outlet.id}' is used twice")
            self._outlets[outlet.id] = outlet
        self._accounts = tuple(accounts or ())
        self._cache: dict[str, Any] = {}
        self._index()

    # ---- loading ----

    @classmethod
    def load(cls, path: str | Path | None = None) -> Registry:
        """Load a registry file; without a path, the registry bundled with sourcetrace (cached)."""
        if path is None:
            return _bundled()
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError(f"Outlet registry not found: {path}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"Cannot read outlet registry {path}: {exc}") from None
        return cls.from_toml(text, source=str(path))

    @classmethod
    def from_toml(cls, text: str, source: str = "<string>") -> Registry:
        """A registry from TOML text; InputError (naming `source`) when it is not valid."""
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise InputError(f"{source}: not valid TOML: {exc}") from None
        return cls.from_dict(data, source=source)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "<dict>") -> Registry:
        """A registry from parsed TOML; one InputError line per problem, naming outlet and key."""
        unknown = sorted(set(data) - {"version", "outlet", "account"})
        if unknown:
            raise InputError(
                f"{source}: unknown top-level key '{unknown[0]}' (known: version, outlet, account)"
            )
        version = data.get("version", SCHEMA_VERSION)
        if version != SCHEMA_VERSION:
            raise InputError(
                f"{source}: registry version {version!r} is not supported (expected {SCHEMA_VERSION})"
            )
        raw_outlets = data.get("outlet", [])
        raw_accounts = data.get("account", [])
        if not isinstance(raw_outlets, list) or not raw_outlets:
            raise InputError(f"{source}: no [[outlet]] tables")
        if not isinstance(raw_accounts, list):
            raise InputError(f"{source}: 'account' must be an array of tables ([[account]])")

        outlets = [
            _parse_outlet(raw, f"{source}: outlet {n}") for n, raw in enumerate(raw_outlets, 1)
        ]
        ids = {o.id for o in outlets}
        accounts = [
            _parse_account(raw, f"{source}: account {n}", ids)
            for n, raw in enumerate(raw_accounts, 1)
        ]
        outlets = _merge_account_handles(outlets, accounts)
        return cls(outlets, accounts, source=source)

    # ---- lookups ----

    def get(self, outlet_id: str) -> Outlet | None:
        """The outlet with this id, or None."""
        return self._outlets.get(outlet_id)

    def require(self, outlet_id: str) -> Outlet:
        """The outlet with this id; InputError naming the fix when there is none."""
        outlet = self._outlets.get(outlet_id)
        if outlet is None:
            raise InputError(f"Unknown outlet: {outlet_id} (try `sourcetrace outlets list`)")
        return outlet

    def family_of(self, outlet_id: str) -> str | None:
        """The family id of an outlet, or None for an unknown id."""
        outlet = self._outlets.get(outlet_id)
        return outlet.family if outlet else None

    def is_sibling(self, candidate: str, targets: Iterable[str]) -> bool:
        """Is `candidate` a sibling state outlet of any of `targets` (outlet ids)?

        A sibling is a state outlet outside the targets' families that answers to the same state
        as a state outlet among them: the same country (Hong Kong and Macau count as China), or
        the same owner or parent body. CNS and Xinhua are siblings; CGTN and CCTV are one family;
        Reuters is no one's sibling. Unknown ids are no siblings.
        """
        outlet = self._outlets.get(candidate)
        if outlet is None or not outlet.state:
            return False
        known = [self._outlets[t] for t in targets if t in self._outlets]
        if any(t.family == outlet.family for t in known):
            return False
        return any(
            target.state
            and (
                (outlet.country and _STATE_OF.get(outlet.country, outlet.country)
                 == _STATE_OF.get(target.country or "", target.country))
                or (outlet.owner is not None and outlet.owner == target.owner)
                or (outlet.parent is not None and outlet.parent == target.parent)
            )
            for target in known
        )

    def sibling_relation(self, candidate: str, targets: Iterable[str]) -> str | None:
        """What makes `candidate` a sibling of `targets` (`is_sibling`), said as it holds and no
        more: "another PRC state outlet" (the same state), "another state outlet of the same
        owner, ..." or "... under the same parent body, ..."; None where it is no sibling.
        Trial 119: "a sibling state outlet" read as "of the same family", which Xinhua and People's
        Daily are not; a sibling is any other state outlet of the same state or owner."""
        if not self.is_sibling(candidate, targets):
            return None
        outlet = self._outlets[candidate]
        known = [self._outlets[t] for t in targets if t in self._outlets and self._outlets[t].state]
        state = state_country(outlet.country)
        if state and any(state_country(t.country) == state for t in known):
            return f"another {_STATE_ADJECTIVE.get(state, state)} state outlet"
        if outlet.owner and any(t.owner == outlet.owner for t in known):
            return f"another state outlet of the same owner, {outlet.owner}"
        return f"another state outlet under the same parent body, {outlet.parent}"

    def members(self, family: str) -> tuple[Outlet, ...]:
        """Outlets of a family, the family's own outlet first."""
        return tuple(
            sorted(
                (o for o in self._outlets.values() if o.family == family),
                key=lambda o: o.id != family,
            )
        )

    def all(self) -> tuple[Outlet, ...]:
        """Every outlet, in file order."""
        return tuple(self._outlets.values())

    def accounts(self, outlet_id: str | None = None) -> tuple[Account, ...]:
        """The CANIS accounts, all or those of one outlet."""
        if outlet_id is None:
            return self._accounts
        return tuple(a for a in self._accounts if a.outlet == outlet_id)

    def by_handle(self, handle: str, platform: str | None = None) -> Outlet | None:
        """The outlet owning a handle (case-insensitive, with or without "@")."""
        entry = self._handles.get(_handle_key(handle))
        if entry is None or (platform is not None and platform not in entry[1]):
            return None
        return self._outlets[entry[0]]

    def by_domain(self, host_or_url: str) -> Outlet | None:
        """The outlet whose web domain or link shortener serves this host or URL (subdomains too)."""
        host = (
            re.sub(r"^[a-z][a-z0-9+.-]*://", "", host_or_url.strip().lower())
            .split("/")[0]
            .split(":")[0]
        )
        labels = host.removeprefix("www.").split(".")
        for i in range(len(labels) - 1):
            ident = self._domains.get(".".join(labels[i:]))
            if ident is not None:
                return self._outlets[ident[0]]
        return None

    def by_name(self, name: str) -> tuple[Outlet, ...]:
        """Outlets with this name or alias (compared on the normalised skeleton)."""
        return tuple(self._outlets[i] for i in self._names.get(skeleton(name), ()))

    def resolve(self, value: str) -> Outlet | None:
        """An outlet from whatever names it: id, handle, domain or name.

        Article records may carry an id with a suffix (NTREX uses "euronews-en"): the part before
        the first "-" or "." is tried last.
        """
        value = value.strip()
        if not value:
            return None
        for candidate in (value, value.lower()):
            if candidate in self._outlets:
                return self._outlets[candidate]
        found = (
            self.by_handle(value) or self.by_domain(value)
            if "/" not in value
            else self.by_domain(value)
        )
        if found is None:
            names = self.by_name(value)
            found = names[0] if len(names) == 1 else None
        if found is None:
            head = re.split(r"[-.:]", value.lower(), maxsplit=1)[0]
            found = self._outlets.get(head) if head != value.lower() else None
        return found

    def nearest(self, value: str) -> Outlet | None:
        """The outlet whose id, name, alias or web domain is most like `value` (an outlet id the
        registry does not know: "people", "xinhau"), compared run together in lower case
        ("China Today" as "chinatoday", people.cn as "peoplecn") by Jaro-Winkler similarity
        (rapidfuzz), which favours a shared start; None below NEAREST_SIMILARITY. A hint for a
        person to confirm, never used to read an id (`resolve` does that)."""
        key = _run_together(value)
        if not key:
            return None
        from rapidfuzz import process
        from rapidfuzz.distance import JaroWinkler

        keys: dict[str, str] = self.cached("nearest", self._nearest_keys)
        found = process.extractOne(key, keys.keys(), scorer=JaroWinkler.similarity,
                                   score_cutoff=NEAREST_SIMILARITY)
        return self._outlets[keys[found[0]]] if found is not None else None

    def _nearest_keys(self) -> dict[str, str]:
        """Each outlet's id, names and domains run together (`_run_together`) -> its id; a key two
        outlets share is the first's (file order)."""
        keys: dict[str, str] = {}
        for outlet in self._outlets.values():
            for text in (outlet.id, *outlet.names, *outlet.domains):
                key = _run_together(text)
                if key:
                    keys.setdefault(key, outlet.id)
        return keys

    def cached(self, key: str, factory: Callable[[], T]) -> T:
        """A value computed once per registry (compiled matchers live here)."""
        if key not in self._cache:
            self._cache[key] = factory()
        return self._cache[key]  # type: ignore[no-any-return]

    def __len__(self) -> int:
        return len(self._outlets)

    def __iter__(self) -> Iterator[Outlet]:
        return iter(self._outlets.values())

    def __contains__(self, outlet_id: object) -> bool:
        return outlet_id in self._outlets

    def __repr__(self) -> str:
        return f"Registry({len(self._outlets)} outlets from {self.source})"

    # ---- indexes, with the cross-outlet checks ----

    def _index(self) -> None:
        src = self.source
        self._handles: dict[str, tuple[str, set[str]]] = {}
        self._domains: dict[str, tuple[str, str]] = {}
        self._names: dict[str, list[str]] = {}
        name_owner: dict[str, tuple[str, str]] = {}
        abbreviation_owner: dict[str, str] = {}
        for outlet in self._outlets.values():
            if outlet.family not in self._outlets:
                raise InputError(
                    f"{src}: outlet '{outlet.id}': family '{outlet.family}' is not an outlet id"
                )
            for platform, handle in outlet.iter_handles():
                key = _handle_key(handle)
                owner = self._handles.setdefault(key, (outlet.id, set()))
                # a personality may share a channel's handle in CANIS: tolerated within a family
                if owner[0] != outlet.id and self._outlets[owner[0]].family != outlet.family:
                    raise InputError(
                        f"{src}: handle '{handle}' belongs to both '{owner[0]}' and '{outlet.id}'"
                    )
                owner[1].add(platform)
            for kind, hosts in (("domain", outlet.domains), ("shortener", outlet.shorteners)):
                for host in hosts:
                    owner_d = self._domains.setdefault(host, (outlet.id, kind))
                    if owner_d[0] != outlet.id or owner_d[1] != kind:
                        raise InputError(
                            f"{src}: {kind} '{host}' of '{outlet.id}' is already listed for '{owner_d[0]}'"
                        )
            for abbreviation in outlet.abbreviations:
                other = abbreviation_owner.setdefault(abbreviation.casefold(), outlet.id)
                if other != outlet.id:
                    raise InputError(
                        f"{src}: abbreviation '{abbreviation}' of '{outlet.id}' is also one of '{other}'"
                    )
            for alias in (*outlet.aliases, *outlet.cased_aliases, *outlet.context_aliases):
                key = skeleton(alias)
                previous = name_owner.setdefault(key, (outlet.id, alias))
                if previous[0] != outlet.id:
                    raise InputError(
                        f"{src}: alias '{alias}' of '{outlet.id}' is also an alias of '{previous[0]}' ('{previous[1]}')"
                    )
            for alias in outlet.names:
                ids = self._names.setdefault(skeleton(alias), [])
                if outlet.id not in ids:
                    ids.append(outlet.id)


# How alike (Jaro-Winkler, 0-1) an unknown outlet id and a registry id, name or domain must be
# for `Registry.nearest` to offer it. Set on the ids of trial 74 and typos: "people" -> people.cn
# 0.95, "xinhau" -> xinhua 0.97, "chinadialy" -> chinadaily 0.98, "cgtn_es" -> cgtn 0.93 are
# offered; "globalnews" (0.905 to globaltimes), "daily" (0.911 to dailymail), "china" (0.911 to
# chinaplus), "aljazeera", "scmp" are not.
NEAREST_SIMILARITY = 0.92


def _run_together(text: str) -> str:
    """`text` in lower case without spaces, punctuation or underscores: "People's Daily" ->
    "peoplesdaily", "people.cn" -> "peoplecn"."""
    return re.sub(r"[\W_]+", "", text.casefold())


@dataclass(frozen=True)
class UnknownOutlet:
    """An outlet id that articles carry and the registry does not list (see `unknown_outlets`).

    `articles` is how many articles carry it; `read_as` the outlet `Registry.resolve` reads it as
    (by handle, domain or name: "shanghaidaily" is SUMG's X handle), else None: attribution then
    has no outlet to check a post's credits against, and any outlet a post credits counts;
    `nearest` the outlet `Registry.nearest` offers for a person to confirm, where `read_as` is None.
    """

    id: str
    articles: int
    read_as: Outlet | None = None
    nearest: Outlet | None = None


def unknown_outlets(counts: Mapping[str, int], registry: Registry | None = None) -> list[UnknownOutlet]:
    """The ids of `counts` (outlet id -> number of articles carrying it) that are not registry
    ids, most articles first, each with what it is read as or the nearest registry outlet.
    Without a registry, the bundled one is used."""
    registry = registry if registry is not None else Registry.load()
    found = []
    for outlet_id, articles in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        if not outlet_id or outlet_id in registry:
            continue
        read_as = registry.resolve(outlet_id)
        found.append(UnknownOutlet(outlet_id, articles, read_as,
                                   None if read_as is not None else registry.nearest(outlet_id)))
    return found


@functools.lru_cache(maxsize=1)
def _bundled() -> Registry:
    return Registry.load(bundled_path())


def bundled_path() -> Path:
    """The registry shipped with the package (falls back to the repository's corpora/ copy)."""
    from importlib import resources

    try:
        packaged = resources.files("sourcetrace") / "data" / "outlets.toml"
        if packaged.is_file():
            return Path(str(packaged))
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):  # pragma: no cover
        pass
    in_repo = Path(__file__).resolve().parents[2] / "corpora" / "outlets.toml"
    if in_repo.is_file():
        return in_repo
    raise InputError(
        "The bundled outlet registry is missing: reinstall sourcetrace or pass a registry file"
    )


def _handle_key(handle: str) -> str:
    return handle.strip().lstrip("@").casefold()


# ---- validation: one line per problem, naming the outlet and the key ----


def _parse_outlet(raw: Any, where: str) -> Outlet:
    if not isinstance(raw, dict):
        raise InputError(f"{where}: must be a table")
    ident = raw.get("id")
    if not isinstance(ident, str) or not _ID.match(ident):
        raise InputError(f"{where}: 'id' must be lowercase letters, digits and '_' (got {ident!r})")
    where = f"{where} ('{ident}')"
    unknown = sorted(set(raw) - _OUTLET_KEYS)
    if unknown:
        raise InputError(f"{where}: unknown key '{unknown[0]}'")
    family = _text(raw, "family", where, required=True)
    if not _ID.match(family):
        raise InputError(f"{where}: 'family' must be an outlet id (got {family!r})")
    state = raw.get("state")
    if not isinstance(state, bool):
        raise InputError(f"{where}: 'state' must be true or false")
    kind = _text(raw, "kind", where)
    if kind is not None and kind not in KINDS:
        raise InputError(f"{where}: 'kind' must be one of {', '.join(KINDS)} (got {kind!r})")
    domains = _strings(raw, "domains", where)
    shorteners = _strings(raw, "shorteners", where)
    for key, hosts in (("domains", domains), ("shorteners", shorteners)):
        for host in hosts:
            if not _DOMAIN.match(host):
                raise InputError(
                    f"{where}: '{key}' entry {host!r} is not a lowercase host name (no scheme or path)"
                )
    names = [
        *_strings(raw, "aliases", where),
        *_strings(raw, "cased_aliases", where),
        *_strings(raw, "context_aliases", where),
    ]
    seen: dict[str, str] = {}
    for alias in names:
        key = skeleton(alias)
        if not key.strip():
            raise InputError(f"{where}: alias {alias!r} is empty once normalised")
        if key in seen:
            if alias != seen[key] and simplified(alias) == simplified(seen[key]):
                continue  # the same name in the other Chinese script: normalize folds the two
            raise InputError(f"{where}: alias {alias!r} repeats {seen[key]!r}")
        seen[key] = alias
    return Outlet(
        id=ident,
        name=_text(raw, "name", where, required=True),
        family=family,
        state=state,
        kind=kind,
        country=_text(raw, "country", where),
        owner=_text(raw, "owner", where),
        parent=_text(raw, "parent", where),
        aliases=_strings(raw, "aliases", where),
        cased_aliases=_strings(raw, "cased_aliases", where),
        context_aliases=_strings(raw, "context_aliases", where),
        abbreviations=_abbreviations(raw, where),
        exclude=_strings(raw, "exclude", where),
        domains=domains,
        shorteners=shorteners,
        handles=_handles(raw.get("handles", {}), where),
        source=_text(raw, "source", where) or "curated",
        notes=_text(raw, "notes", where),
    )


def _parse_account(raw: Any, where: str, ids: set[str]) -> Account:
    if not isinstance(raw, dict):
        raise InputError(f"{where}: must be a table")
    name = _text(raw, "name", where, required=True)
    where = f"{where} ({name!r})"
    unknown = sorted(set(raw) - _ACCOUNT_KEYS)
    if unknown:
        raise InputError(f"{where}: unknown key '{unknown[0]}' (platforms: {', '.join(PLATFORMS)})")
    outlet = _text(raw, "outlet", where, required=True)
    if outlet not in ids:
        raise InputError(f"{where}: outlet '{outlet}' is not defined")
    handles = {}
    for platform in PLATFORMS:
        if platform in raw:
            value = _text(raw, platform, where, required=True)
            _check_handle(platform, value, where)
            handles[platform] = value
    return Account(
        name=name,
        outlet=outlet,
        language=_text(raw, "language", where),
        region=_text(raw, "region", where),
        handles=MappingProxyType(handles),
    )


def _merge_account_handles(outlets: list[Outlet], accounts: list[Account]) -> list[Outlet]:
    extra: dict[str, dict[str, list[str]]] = {}
    for account in accounts:
        for platform, handle in account.handles.items():
            extra.setdefault(account.outlet, {}).setdefault(platform, []).append(handle)
    merged = []
    for outlet in outlets:
        if outlet.id not in extra:
            merged.append(outlet)
            continue
        handles: dict[str, tuple[str, ...]] = {}
        for platform in PLATFORMS:
            seen: dict[str, str] = {}
            for handle in (*outlet.handles.get(platform, ()), *extra[outlet.id].get(platform, ())):
                seen.setdefault(handle.casefold(), handle)
            if seen:
                handles[platform] = tuple(seen.values())
        merged.append(_replace(outlet, handles=MappingProxyType(handles)))
    return merged


def _replace(outlet: Outlet, **changes: Any) -> Outlet:
    from dataclasses import replace

    return replace(outlet, **changes)


@overload
def _text(raw: Mapping[str, Any], key: str, where: str, required: Literal[True]) -> str: ...


@overload
def _text(raw: Mapping[str, Any], key: str, where: str, required: bool = False) -> str | None: ...


def _text(raw: Mapping[str, Any], key: str, where: str, required: bool = False) -> str | None:
    value = raw.get(key)
    if value is None:
        if required:
            raise InputError(f"{where}: missing '{key}'")
        return None
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{where}: '{key}' must be a non-empty string")
    if value != value.strip():
        raise InputError(f"{where}: '{key}' has leading or trailing spaces")
    return value


def _strings(raw: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InputError(f"{where}: '{key}' must be a list of non-empty strings")
    for item in value:
        if item != item.strip():
            raise InputError(f"{where}: '{key}' entry {item!r} has leading or trailing spaces")
    if len(set(value)) != len(value):
        dup = next(v for v in value if value.count(v) > 1)
        raise InputError(f"{where}: '{key}' lists {dup!r} twice")
    return tuple(value)


def _abbreviations(raw: Mapping[str, Any], where: str) -> tuple[str, ...]:
    values = _strings(raw, "abbreviations", where)
    for value in values:
        if not re.fullmatch(r"[A-Za-z]{2,6}", value):
            raise InputError(f"{where}: 'abbreviations' entry {value!r} is not 2-6 Latin letters")
    return values


def _handles(raw: Any, where: str) -> Mapping[str, tuple[str, ...]]:
    if not isinstance(raw, dict):
        raise InputError(f"{where}: 'handles' must be a table of platform = [handles]")
    out: dict[str, tuple[str, ...]] = {}
    for platform in raw:
        if platform not in PLATFORMS:
            raise InputError(
                f"{where}: unknown platform 'handles.{platform}' (known: {', '.join(PLATFORMS)})"
            )
    for platform in PLATFORMS:  # a fixed platform order keeps output stable
        if platform in raw:
            handles = _strings(raw, platform, f"{where}: handles")
            for handle in handles:
                _check_handle(platform, handle, where)
            out[platform] = handles
    return MappingProxyType(out)


def _check_handle(platform: str, handle: str, where: str) -> None:
    pattern = _MASTODON if platform == "mastodon" else _HANDLE
    if not pattern.match(handle):
        hint = "user@instance" if platform == "mastodon" else "no '@', spaces or URL parts"
        raise InputError(f"{where}: {platform} handle {handle!r} is not a handle ({hint})")
