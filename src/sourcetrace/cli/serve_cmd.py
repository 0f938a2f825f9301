"""`sourcetrace serve`: the HTTP API and the local web page over one index."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from .common import IndexOpt, index_dir, user_errors
from .display import echo


def serve(
    index: IndexOpt = None,
    host: Annotated[str, typer.Option(help="Address to listen on. Any other than 127.0.0.1/::1/"
                                      "localhost needs --token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(envvar="SOURCETRACE_TOKEN", show_default=False,
                     help="Require 'Authorization: Bearer TOKEN' on every route but /healthz"
                     " (default $SOURCETRACE_TOKEN; at least 16 characters)."),
    ] = None,
    cors: Annotated[
        list[str] | None,
        typer.Option("--cors", help="Let pages of this origin (https://tool.example) call the API"
                     " from a browser. Repeatable. Default: none.", show_default=False),
    ] = None,
    encoder: Annotated[
        str | None,
        typer.Option(help="Encoder the index must have been built with (checked, not switched).",
                     show_default=False),
    ] = None,
    top: Annotated[int, typer.Option("--top", min=1, max=50, help="Matches reported per post.")] = 3,
    keep_later: Annotated[bool, typer.Option(
        "--keep-later", help="Also report matches that an encoder doubts whose article is dated more than"
                             " 30 days after the post or more than 100 days before it (held back by default,"
                             " as check and query hold them).")] = False,
    max_mb: Annotated[float, typer.Option(min=0.01, help="Largest request body, in MB.")] = 20.0,
    query_timeout: Annotated[float, typer.Option(min=0.1, help="Seconds one query may take, queueing included.")] = 30.0,
    check_timeout: Annotated[float, typer.Option(min=1, help="Seconds one check request may take.")] = 600.0,
    max_checks: Annotated[int, typer.Option(min=1, max=64, help="Check requests run at once (more get 503).")] = 2,
    reload_check: Annotated[float, typer.Option(
        min=0, help="Seconds between looks at the index folder (one stat of its manifest) for a newer"
                    " generation, which is then loaded and served (requests already running finish on"
                    " the old one). 0: never.")] = 2.0,
) -> None:
    """Serve the index over HTTP: a JSON API (/v1/query, /v1/check, /v1/index) and a web page.

    The index is loaded again when `index add`, `update` or `prune` writes a new
    generation; /healthz says which generation is served.
    """
    try:
        import uvicorn

        from ..serve.app import create_app
    except ImportError as exc:
        echo(f"Error: sourcetrace serve needs its extra ({exc.name} is missing):"
             " pip install 'sourcetrace[serve]'", err=True)
        raise typer.Exit(1) from None
    from ..serve import ServeConfig, check_bind
    from ..serve.service import Service

    config = ServeConfig(index=index_dir(index), host=host, port=port, token=token or None,
                         cors=tuple(cors or ()), encoder=encoder, top=top, keep_later=keep_later,
                         max_bytes=int(max_mb * 1_000_000), query_seconds=query_timeout,
                         check_seconds=check_timeout, max_checks=max_checks, reload_seconds=reload_check)
    with user_errors():
        check_bind(host, config.token)
        service = Service(config)
    shown = f"[{host}]" if ":" in host else host
    echo(f"serving {config.index} ({service.stats['counts']['articles']:,} articles, encoder"
         f" {service.stats['encoder']}; loaded in {service.load_seconds:.1f}s) on http://{shown}:{port}"
         f" — web page /, API /v1, reference /docs" + ("; token required" if config.token else ""),
         err=True)
    # a reload of the index is said as the server's start is (a failed one is a warning, said anyway)
    logging.getLogger("sourcetrace.serve").setLevel(logging.INFO)
    uvicorn.run(create_app(service), host=host, port=port, log_level="warning",
                access_log=False, server_header=False)
