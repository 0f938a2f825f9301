"""The `sourcetrace` command: groups and commands, each a thin adapter over the library."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import __version__
from . import accounts_cmd, check_cmd, demo_cmd, eval_cmd, export_cmd, index_cmd, serve_cmd
from .common import App, setup_logging

app = App(
    name="sourcetrace",
    help="Find state-media articles copied, cut down or translated in social-media posts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(index_cmd.app, name="index")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sourcetrace {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what happens on stderr.")] = False,
) -> None:
    """Index known state-media articles; check posts against them."""
    setup_logging(verbose)


app.command("query", cls=check_cmd.TextLastCommand)(check_cmd.query)
app.command("check")(check_cmd.check)
app.command("eval")(eval_cmd.evaluate)
app.command("accounts")(accounts_cmd.accounts)
app.command("export")(export_cmd.export)
app.command("serve")(serve_cmd.serve)
app.command("demo")(demo_cmd.demo)

try:  # the outlet registry commands (attribution)
    from . import outlets_cmd

    app.add_typer(outlets_cmd.app, name="outlets")
except ImportError:  # pragma: no cover
    pass


def run() -> None:
    """The `sourcetrace` command. SIGTERM (a job scheduler's timeout, `kill`) ends a command as
    Ctrl-C does, through its clean-up: outputs being written are removed, earlier ones kept, exit
    143 (a trial's SIGTERM left hidden `.partial` files behind)."""
    import signal

    from .common import on_sigterm

    signal.signal(signal.SIGTERM, on_sigterm)
    app()


if __name__ == "__main__":  # `python -m sourcetrace.cli.main` (it printed nothing: trial 106)
    run()
