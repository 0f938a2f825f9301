"""Regenerate the CANIS part of corpora/outlets.toml and the copy shipped in the package.

    python scripts/make_outlets.py [--canis CSV] [--check]

The registry has a hand-written part (curated outlets) and a generated part: one `[[account]]`
per row of the CANIS list of PRC state-media accounts, assigned to a curated outlet where one
fits (CGTN accounts to `cgtn`, Xinhua reporters to `xinhua`, ...), else to an outlet generated
for the row's owning entity. Everything above the marker line is kept byte for byte; everything
below it is rewritten. Output is deterministic: the same CSV gives the same file.

Follower counts and profile URLs are not copied (see the data's SOURCE.md): only names,
owners, parent bodies, languages, regions and handles.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
import urllib.parse
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REGISTRY = REPO / "corpora" / "outlets.toml"
PACKAGE_COPY = REPO / "src" / "sourcetrace" / "data" / "outlets.toml"
DEFAULT_CSV = REPO.parent / "shared" / "data" / "canis" / "prc_state_media_accounts_2023-11-03.csv"
MARKER = "# ==== generated from CANIS by scripts/make_outlets.py: do not edit below this line ===="
SNAPSHOT = "CANIS 2023-11-03"

# CSV column -> registry platform
PLATFORM_COLUMNS = {
    "x": "X (Twitter) handle",
    "facebook": "Facebook page",
    "instagram": "Instragram page",  # sic, as spelled in the CSV header
    "threads": "Threads account",
    "youtube": "YouTube account",
    "tiktok": "TikTok account",
}

# Owning entity (as spelled by CANIS) -> curated outlet id.
OWNER_OUTLET = {
    "China Media Group (CMG)": "cmg",
    "Xinhua News Agency": "xinhua",
    "China News Service (CNS)": "cns",
    "People's Daily Press": "peoplesdaily",
    "China Daily Press": "chinadaily",
    "China International Communications Group (CICG)": "cicg",
    "Phoenix Media Investment (Holdings) Limited": "phoenix",
    "Ministry of Foreign Affairs": "mfa",
    "Information Department of Foreign Ministry": "mfa",
    "Department of International Organizations and Conferences (DIOC)": "mfa",
    "Office of the Commissioner of the Ministry of Foreign Affairs of the People's Republic of "
    "China in the Hong Kong Special Administrative Region": "mfa",
}

# Within an owner (curated or generated), accounts of a sub-brand go to that brand's curated
# outlet (first match wins).
NAME_OUTLET = [
    ("cmg", re.compile(r"^(CGTN\b|China Global Television)"), "cgtn"),
    ("cmg", re.compile(r"^(CCTV|iPanda)"), "cctv"),
    (
        "cmg",
        re.compile(r"^(CRI\b|CMG |China Plus\b|Radio Internacional de China|Learn Chinese)"),
        "cri",
    ),
    ("cmg", re.compile(r"^Mundo China$"), "mundo_china"),
    ("peoplesdaily", re.compile(r"^(Global Times|GT |Hu Xijin)"), "globaltimes"),
    # a generated owner's sub-brand with a curated entry: credits name it, not its owner (trial 75:
    # "(Shanghai Daily)" was read as no credit, the account being "Shanghai Daily SHINE" of SUMG)
    ("sumg", re.compile(r"^Shanghai Daily\b"), "shanghaidaily"),
]

# Generated outlet ids that a slug would make awkward.
ID_OVERRIDES = {
    "2022 19th Asian Games Organizing Committee": "hangzhou_asian_games",
}


def clean(value: str) -> str:
    return " ".join(value.split())


def clean_handle(platform: str, value: str) -> str | None:
    """The account's handle, or None for a profile id, a tracking URL or an opaque user id."""
    handle = urllib.parse.unquote(value.strip().strip("/\\").lstrip("@"))
    if not handle or re.search(r"[\s?/#&=]", handle) or handle.lower().startswith("www."):
        return None
    if platform == "tiktok" and handle.startswith("MS4wLj"):  # TikTok sec_uid, not a handle
        return None
    return unicodedata.normalize("NFC", handle)


_SLUG_STOPWORDS = {
    "co",
    "ltd",
    "limited",
    "the",
    "of",
    "and",
    "department",
    "provincial",
    "municipal",
    "province",
    "city",
    "s",
}


def slug(text: str, limit: int = 48) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.split(r"[^a-z0-9]+", ascii_text) if w and w not in _SLUG_STOPWORDS]
    out: list[str] = []
    for word in words:
        if out and len("_".join(out + [word])) > limit:
            break
        out.append(word)
    result = "_".join(out) or "outlet"
    return result if result[0].isalpha() else "o_" + result


def owner_id(owner: str) -> str:
    if owner in ID_OVERRIDES:
        return ID_OVERRIDES[owner]
    acronym = re.search(r"\(([A-Za-z]{2,10})\)\s*$", owner)
    return acronym.group(1).lower() if acronym else slug(owner)


def toml_str(value: str) -> str:
    # JSON string escapes are valid TOML basic-string escapes
    return json.dumps(value, ensure_ascii=False)


def read_curated(path: Path) -> tuple[str, list[str]]:
    text = path.read_text(encoding="utf-8")
    head, sep, _ = text.partition(MARKER)
    if not sep:
        raise SystemExit(f"{path}: marker line not found:\n{MARKER}")
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    data = tomllib.loads(head)
    return head + MARKER + "\n", [o["id"] for o in data.get("outlet", [])]


def generate(csv_path: Path, curated_ids: list[str]) -> str:
    with csv_path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))

    auto: dict[str, dict[str, str | None]] = {}  # generated outlet id -> fields
    accounts: dict[str, list[dict[str, str]]] = defaultdict(list)
    skipped = 0
    for row in rows:
        name = clean(row["Name (English)"])
        owner = clean(row["Entity owner (English)"])
        parent = clean(row["Parent entity (English)"])
        outlet = OWNER_OUTLET.get(owner)
        if outlet is not None:
            for base, pattern, sub in NAME_OUTLET:
                if base == outlet and pattern.search(name):
                    outlet = sub
                    break
        else:
            known = owner.lower() != "unknown"
            outlet = owner_id(owner) if known else slug(name)
            if outlet in curated_ids:
                raise SystemExit(
                    f"generated id {outlet!r} for {owner!r} clashes with a curated outlet"
                )
            fields = auto.setdefault(
                outlet,
                {
                    "name": re.sub(r"\s*\([A-Za-z]{2,10}\)\s*$", "", owner) if known else name,
                    "owner": owner if known else None,
                    "parent": parent if parent.lower() != "unknown" else None,
                },
            )
            if known and fields["owner"] != owner:
                raise SystemExit(
                    f"generated id {outlet!r} given to {fields['owner']!r} and {owner!r}"
                )
            for base, pattern, sub in NAME_OUTLET:
                if base == outlet and pattern.search(name):
                    outlet = sub
                    break
        account = {"name": name, "outlet": outlet}
        if row["Language"].strip():
            account["language"] = clean(row["Language"])
        if row["Region of Focus"].strip():
            account["region"] = clean(row["Region of Focus"])
        for platform, column in PLATFORM_COLUMNS.items():
            if row[column].strip():
                handle = clean_handle(platform, row[column])
                if handle is None:
                    skipped += 1
                else:
                    account[platform] = handle
        accounts[outlet].append(account)

    order = curated_ids + sorted(auto)
    out: list[str] = [
        f"# {len(rows)} rows of the CANIS list ({SNAPSHOT}): {len(auto)} outlets for owners without a",
        f"# curated entry, {sum(map(len, accounts.values()))} accounts; {skipped} profile ids that are not handles",
        "# (facebook.com/profile.php?id=..., TikTok user ids) were left out.",
        "",
    ]
    for ident in sorted(auto):
        fields = auto[ident]
        out += [
            "[[outlet]]",
            f"id = {toml_str(ident)}",
            f"name = {toml_str(fields['name'] or ident)}",
            "state = true",
            'country = "CN"',  # the CANIS list is the PRC's state media: siblings of the curated ones
        ]
        if fields["owner"]:
            out.append(f"owner = {toml_str(fields['owner'])}")
        if fields["parent"]:
            out.append(f"parent = {toml_str(fields['parent'])}")
        out += [f"family = {toml_str(ident)}", f"source = {toml_str(SNAPSHOT)}", ""]
    for ident in order:
        group = sorted(
            accounts.get(ident, []), key=lambda a: (a["name"].casefold(), a.get("x", ""))
        )
        if group:
            out += [f"# ---- {ident}: {len(group)} account{'s' if len(group) > 1 else ''}", ""]
        for account in group:
            out.append("[[account]]")
            out += [f"{key} = {toml_str(value)}" for key, value in account.items()]
            out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--canis", type=Path, default=DEFAULT_CSV, help="the CANIS CSV")
    parser.add_argument("--check", action="store_true", help="fail if the files are not up to date")
    args = parser.parse_args(argv)

    head, curated_ids = read_curated(REGISTRY)
    text = head + "\n" + generate(args.canis, curated_ids)

    sys.path.insert(0, str(REPO / "src"))
    from sourcetrace.outlets import Registry

    registry = Registry.from_toml(text, source=str(REGISTRY))  # validates; raises on a bad file
    if args.check:
        stale = [
            p
            for p in (REGISTRY, PACKAGE_COPY)
            if not p.exists() or p.read_text(encoding="utf-8") != text
        ]
        for path in stale:
            print(f"{path} is out of date: run scripts/make_outlets.py", file=sys.stderr)
        return 1 if stale else 0
    for path in (REGISTRY, PACKAGE_COPY):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    handles = sum(len(h) for o in registry.all() for h in o.handles.values())
    print(
        f"wrote {REGISTRY.relative_to(REPO)} and {PACKAGE_COPY.relative_to(REPO)}: "
        f"{len(registry.all())} outlets, {len(registry.accounts())} accounts, {handles} handles"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
