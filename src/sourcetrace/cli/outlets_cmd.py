"""`sourcetrace outlets`: browse the outlet registry that attribution checks credits against."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ..outlets import Outlet, Registry
from .common import App, JsonOpt, WideOpt, fail, user_errors
from .display import Col, cell, fit, print_json, print_layout
from .display import console as make_console

app = App(
    help="The outlet registry: state-media and other outlets with their names, domains and handles.",
    no_args_is_help=True,
)

RegistryOpt = Annotated[
    Path | None,
    typer.Option(
        "--registry",
        help="An outlet registry TOML file (schema in corpora/OUTLETS.md). Default: the bundled one.",
        show_default=False,
        dir_okay=False,
    ),
]


def _load(path: Path | None) -> Registry:
    with user_errors():
        return Registry.load(path)


def _handle_count(outlet: Outlet) -> int:
    return sum(len(handles) for handles in outlet.handles.values())


@app.command("list")
def list_outlets(
    family: Annotated[
        str | None,
        typer.Option(
            "--family", help="Only outlets of this family (e.g. cmg).", show_default=False
        ),
    ] = None,
    state: Annotated[bool, typer.Option("--state", help="Only state media.")] = False,
    as_json: JsonOpt = False,
    registry: RegistryOpt = None,
    wide: WideOpt = False,
) -> None:
    """List outlets: id, name, family, owner and how many handles and domains each has."""
    reg = _load(registry)
    if family is not None and not reg.members(family):
        raise fail(f"Unknown family: {family} (try `sourcetrace outlets list`)")
    outlets = [
        o for o in reg.all() if (family is None or o.family == family) and (o.state or not state)
    ]
    if as_json:
        print_json([o.to_dict() for o in outlets], indent=2)
        return

    def domains(o: Outlet) -> str:
        if not o.domains:
            return ""
        return o.domains[0] + (f" +{len(o.domains) - 1}" if len(o.domains) > 1 else "")

    columns = [
        Col("id", [o.id for o in outlets], fold=True, min_width=16),
        Col("name", [o.name for o in outlets], fold=True, min_width=18),
        Col("family", [o.family for o in outlets], short="fam", fold=True, min_width=10, priority=2),
        Col("state", ["yes" if o.state else "no" for o in outlets], short="st",
            legend="state media"),
        Col("handles", [str(_handle_count(o)) for o in outlets], short="h",
            legend="handles on all platforms", justify="right", priority=1),
        Col("domains", [domains(o) for o in outlets], short="dom", fold=True, priority=3),
    ]
    out = make_console()
    layout = fit(columns, out.width, wide=wide)
    print_layout(out, layout, f"{len(outlets)} outlets (details: sourcetrace outlets show ID)")


@app.command("show")
def show(
    outlet_id: Annotated[
        str, typer.Argument(help="Outlet id, as listed by `sourcetrace outlets list`.")
    ],
    accounts: Annotated[
        bool, typer.Option("--accounts", help="Also list the outlet's CANIS accounts.")
    ] = False,
    as_json: JsonOpt = False,
    registry: RegistryOpt = None,
) -> None:
    """Show every field of one outlet: names in all scripts, domains, shorteners, handles, owner."""
    reg = _load(registry)
    outlet = reg.get(outlet_id) or reg.resolve(outlet_id)
    if outlet is None:
        raise fail(f"Unknown outlet: {outlet_id} (try `sourcetrace outlets list`)")
    own_accounts = reg.accounts(outlet.id)
    if as_json:
        data: dict[str, Any] = outlet.to_dict()
        data["family_members"] = [o.id for o in reg.members(outlet.family)]
        data["accounts"] = [a.to_dict() for a in own_accounts]
        print_json(data, indent=2)
        return
    from rich.table import Table

    table = Table(show_header=False, title=cell(f"{outlet.name} ({outlet.id})"), title_justify="left")
    table.add_column("field", style="bold")
    table.add_column("value", overflow="fold")
    members = ", ".join(o.id for o in reg.members(outlet.family))
    rows: list[tuple[str, str]] = [
        ("id", outlet.id),
        ("name", outlet.name),
        ("state media", "yes" if outlet.state else "no"),
        ("kind", outlet.kind or ""),
        ("country", outlet.country or ""),
        ("owner", outlet.owner or ""),
        ("parent", outlet.parent or ""),
        ("family", f"{outlet.family} ({members})"),
        ("aliases", ", ".join(outlet.aliases)),
        ("aliases (as capitalised)", ", ".join(outlet.cased_aliases)),
        ("aliases (with a credit cue)", ", ".join(outlet.context_aliases)),
        ("not a credit", ", ".join(outlet.exclude)),
        ("domains", ", ".join(outlet.domains)),
        ("shorteners", ", ".join(outlet.shorteners)),
    ]
    rows += [
        (f"handles: {platform}", ", ".join(handles)) for platform, handles in outlet.handles.items()
    ]
    rows += [
        ("accounts", f"{len(own_accounts)} (CANIS)" if own_accounts else ""),
        ("source", outlet.source),
        ("notes", outlet.notes or ""),
    ]
    for field_name, value in rows:
        if value:
            table.add_row(cell(field_name), cell(value))
    console = make_console()
    console.print(table)
    if accounts and own_accounts:
        listing = Table(title=f"{len(own_accounts)} accounts", title_justify="left")
        for column in ("name", "language", "handles"):
            listing.add_column(column, overflow="fold")
        for account in own_accounts:
            listing.add_row(
                cell(account.name),
                cell(account.language or ""),
                cell(", ".join(f"{p}:{h}" for p, h in account.handles.items())),
            )
        console.print(listing)
