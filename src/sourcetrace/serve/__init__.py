"""`sourcetrace serve`: an HTTP API and a local web page over one loaded index.

FastAPI on uvicorn. The index, the encoders and the outlet registry are loaded once when the
server starts (`service.Service`); one matcher thread answers every request (`scheduler`),
batching concurrent queries and cutting checks into small chunks so a large check cannot starve
queries. Every request is bounded in size and time, and guarded (`guard`): bound to 127.0.0.1 by
default, a bearer token required for any other address, no CORS unless asked for.

Modules: `config` (options and the bind rule), `service` (the loaded index and matcher),
`scheduler` (the matcher thread), `uploads` (request bodies to posts), `guard` (size, token,
host, origin and headers), `app` (the routes), `webpage` (the page at /), `apidocs` (/docs).
Needs the `serve` extra: pip install 'sourcetrace[serve]'.
"""

from .config import ServeConfig, check_bind

__all__ = ["ServeConfig", "check_bind"]
