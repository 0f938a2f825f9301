"""Human output of every command: text made safe for the terminal, and tables that fit its width.

Every string that comes from an index, a post or a report reaches the terminal through `echo`,
`cell` or `print_json` (`safetext`), never raw. Tables are built from `Col`s: `fit` keeps the
columns that fit the width the terminal has (full headers, else abbreviated ones explained in a
legend, else fewer columns, the least important dropped first); `--wide` keeps them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import typer

from ..safetext import for_terminal, json_dumps

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text


def echo(message: Any = "", *, err: bool = False) -> None:
    """Print a line (stdout, or stderr with `err`) with control and bidi characters escaped."""
    typer.echo(for_terminal(message), err=err)


def print_json(data: Any, *, indent: int | None = None) -> None:
    """Print JSON (non-ASCII readable) without a raw control, C1 or bidi character."""
    typer.echo(json_dumps(data, indent=indent))


def console(*, err: bool = False) -> Console:
    """A rich console for tables: no markup guessing, no highlighting, the terminal's width
    (`$COLUMNS` when output is not a terminal, else 80)."""
    from rich.console import Console

    return Console(stderr=err, highlight=False, emoji=False)


# The width of a text line when output goes to a file or a pipe (`$COLUMNS` unset): lines are
# not wrapped for a terminal that is not there, so a log can be searched line by line; passages
# are still clipped, at this many cells.
PIPE_WIDTH = 1000


def line_width(out: Console) -> int:
    """The cells a line of text may take on `out`: the terminal's width, or PIPE_WIDTH when
    output is not a terminal and $COLUMNS does not say otherwise."""
    import os

    if out.is_terminal or os.environ.get("COLUMNS"):
        return out.width
    return PIPE_WIDTH


def cell(value: Any, style: str | None = None) -> Text:
    """A table cell from untrusted text: plain text (never markup), controls escaped."""
    from rich.text import Text

    return Text(for_terminal(value, inline=True), style=style or "")


@dataclass
class Col:
    """One column: its header, an abbreviation for narrow terminals and what the abbreviation
    means, its cells, and how important it is (0: always shown; higher numbers go first)."""

    header: str
    values: list[str]
    short: str | None = None
    legend: str | None = None
    priority: int = 0
    justify: str = "left"
    fold: bool = False  # long text that may wrap inside the column (else one line, no wrap)
    min_width: int = 14  # the narrowest a `fold` column is made

    def width(self, abbreviated: bool) -> int:
        from rich.cells import cell_len

        head = self.short if abbreviated and self.short else self.header
        widest = max((cell_len(for_terminal(v, inline=True)) for v in self.values), default=0)
        if self.fold:
            widest = min(widest, self.min_width)
        return max(cell_len(head), widest)


@dataclass
class Layout:
    """The columns chosen for a width, whether headers are abbreviated, and what was left out."""

    columns: list[Col]
    abbreviated: bool
    hidden: list[Col] = field(default_factory=list)

    @property
    def width(self) -> int:
        """Terminal cells the table needs without squeezing a column."""
        return _total(self.columns, self.abbreviated)

    def legend(self) -> list[str]:
        """Lines explaining the abbreviations shown and naming the hidden columns."""
        out = []
        if self.abbreviated:
            parts = [f"{c.short} = {c.legend or c.header}" for c in self.columns if c.short]
            if parts:
                out.append("; ".join(parts))
        if self.hidden:
            out.append(f"not shown at this width: {', '.join(c.header for c in self.hidden)}"
                       " (--wide, or --json for everything)")
        return out


# Each column costs its content plus one space of padding on each side and a separator.
_PER_COLUMN = 3


def _total(columns: list[Col], abbreviated: bool) -> int:
    return sum(c.width(abbreviated) + _PER_COLUMN for c in columns) + 1


def fit(columns: Sequence[Col], width: int, *, wide: bool = False) -> Layout:
    """The columns to show in `width` terminal cells (see the module docstring)."""
    cols = list(columns)
    if wide:
        return Layout(cols, abbreviated=False)
    total = _total
    if total(cols, False) <= width:
        return Layout(cols, abbreviated=False)
    shown = list(cols)
    hidden: list[Col] = []
    while total(shown, True) > width:
        droppable = [c for c in shown if c.priority > 0]
        if not droppable:
            break
        drop = max(droppable, key=lambda c: (c.priority, shown.index(c)))
        shown.remove(drop)
        hidden.append(drop)
    hidden.sort(key=cols.index)
    return Layout(shown, abbreviated=True, hidden=hidden)


def say(out: Console, line: Any, *, unwrapped: bool = False) -> None:
    """Print one line of text (controls escaped), wrapped to the console's width; `unwrapped`:
    never wrapped (a command to copy and paste)."""
    from rich.text import Text

    text = Text(for_terminal(line, inline=True))
    if unwrapped or line_width(out) > out.width:  # a file or a pipe: one line, never wrapped
        out.print(text, soft_wrap=True)
    else:
        out.print(text, overflow="fold")


def print_layout(out: Console, layout: Layout, title: str | None = None) -> None:
    """Print the table of a layout and its legend, wrapped to the console's width (a layout
    wider than the console, from --wide, is printed at its own width)."""
    if layout.width > out.width:
        from rich.console import Console

        out = Console(file=out.file, width=layout.width, highlight=False, emoji=False)
    out.print(table(layout, title))
    for line in layout.legend():
        say(out, line)


def table(layout: Layout, title: str | None = None) -> Table:
    """A rich table of the chosen columns (rows are added from each Col's values)."""
    from rich import box
    from rich.table import Table

    out = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False,
                collapse_padding=True)
    for c in layout.columns:
        head = c.short if layout.abbreviated and c.short else c.header
        out.add_column(head, justify=c.justify,  # type: ignore[arg-type]
                       no_wrap=not c.fold, overflow="fold" if c.fold else "ellipsis",
                       min_width=min(c.min_width, c.width(layout.abbreviated)) if c.fold else None)
    rows = max((len(c.values) for c in layout.columns), default=0)
    for i in range(rows):
        out.add_row(*(cell(c.values[i] if i < len(c.values) else "") for c in layout.columns))
    return out
