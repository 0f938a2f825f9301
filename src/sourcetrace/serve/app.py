"""The routes: the JSON API under /v1, /healthz, the web page at / and the API reference at /docs.

Errors are one JSON object `{"error": "one line"}` with a 4xx status (5xx only for a busy or
slow server): the same messages as the command line for the same mistakes (a missing or empty
`text`, an unknown format, a CSV without a text column...).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import time
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__, pipeline
from ..errors import IndexFolderError, InputError, SourcetraceError
from ..readers import POST_FORMATS
from ..results import Result, counted
from ..safetext import json_dumps
from .apidocs import docs_page
from .guard import OPEN_PATHS, Guard
from .scheduler import Busy, TimeLimit
from .service import Loaded, Service
from .uploads import Upload, body_name
from .webpage import PostFields, RunCache, declared_csp, results_page, start_page

JSONL = "application/x-ndjson"
GENERATION_HEADER = "X-Sourcetrace-Generation"  # the index generation that answered
STALE_HEADER = "X-Sourcetrace-Index-Stale"  # on every response while the index on disk is not served
COLUMN_PARAMS = ("text_col", "id_col", "author_col", "time_col", "url_col", "lang_col", "platform_col")
_COLUMN_FIELDS = dict(zip(COLUMN_PARAMS, ("text", "id", "author", "created_at", "url", "lang", "platform")))
POST_FIELDS = ("text", "id", "author", "platform", "url", "created_at", "lang")
POST_SCHEMA = {
    "type": "object", "required": ["text"], "additionalProperties": False,
    "properties": {name: {"type": "string"} for name in POST_FIELDS},
}
CHECK_BODY = {
    "required": True,
    "content": {
        JSONL: {"schema": {"type": "string", "description": "one post object a line"}},
        "text/csv": {"schema": {"type": "string"}},
        "multipart/form-data": {"schema": {"type": "object", "properties": {
            "file": {"type": "string", "format": "binary"}, "format": {"type": "string"}}}},
    },
}


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _json(data: Any) -> Response:
    return Response(json_dumps(data), media_type="application/json")


def create_app(service: Service) -> FastAPI:
    """The FastAPI application over a loaded `Service` (its matcher thread runs while the app's
    lifespan does)."""
    config = service.config
    runs = RunCache()

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        service.start()
        try:
            yield
        finally:
            service.close()

    app = FastAPI(
        title="sourcetrace", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
        description="Which state-media articles a post copies, and whether it credits them."
                    " Every response is the JSON contract of `sourcetrace check`.",
    )

    @app.exception_handler(Busy)
    async def busy(_: Request, exc: Busy) -> JSONResponse:
        return _error(503, str(exc), {"Retry-After": "5"})

    @app.exception_handler(TimeLimit)
    async def too_slow(_: Request, exc: TimeLimit) -> JSONResponse:
        return _error(504, str(exc))

    @app.exception_handler(SourcetraceError)
    async def user_error(_: Request, exc: SourcetraceError) -> JSONResponse:
        return _error(400, str(exc))

    @app.exception_handler(IndexFolderError)
    async def damaged_index(_: Request, exc: IndexFolderError) -> JSONResponse:
        # the server's index, not the request, is at fault: not a 4xx a client would fix
        return _error(500, str(exc))

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        return _error(exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ())[1:]) or "request"
        # 400 as every other mistake in a request (README; trial 13 got 422 for ?dayfirst=maybe)
        return _error(400, f"{where}: {first.get('msg', 'invalid')}")

    # ---- the API ---------------------------------------------------------------------------

    @app.get("/healthz", summary="Is the server up (no token needed)")
    async def healthz() -> dict[str, Any]:
        # the generation served; where the one on disk could not be loaded, which and why
        # (the reason names files of the folder: not said where a token guards the rest)
        # "stale" where a newer generation on disk could not be loaded (trial 111: "ok" beside a
        # reload error, which a monitor reading `status` missed); the server still answers
        health = service.health(why=not config.token)
        return {"status": "stale" if health["reload_error"] else "ok", "encoder": service.stats["encoder"], **health}

    @app.get("/v1/index", summary="What the index holds",
             description="The same object as `sourcetrace index stats --json`.")
    async def index_stats() -> Response:
        note = service.stale_note()
        return _json({**service.stats, "generation_on_disk": service.disk_generation, "reload_error": note}
                     if note else service.stats)

    @app.post("/v1/query", summary="Check one post",
              description="Body: a post object (`text` required; `id`, `author`, `platform`, `url`,"
                          " `created_at`, `lang` optional). Answer: its JSON object of the contract,"
                          " as `sourcetrace query --json` prints it.",
              openapi_extra={"requestBody": {"required": True, "content": {
                  "application/json": {"schema": POST_SCHEMA}}}})
    async def query(request: Request, dayfirst: bool = False) -> Response:
        _no_unknown_parameters(request, ("dayfirst",))
        try:
            data = json.loads(await request.body())
        except UnicodeDecodeError as error:  # trial 110: a Latin-1 body was told "not JSON"
            raise InputError(f"the body is not UTF-8 (at byte offset {error.start}): send the JSON in UTF-8") from None
        except ValueError:
            raise InputError('the body is not JSON: send {"text": "..."}') from None
        # as `sourcetrace query`: a 'lang' that is no tag is refused
        post = pipeline.query_post(data, dayfirst=dayfirst)
        unknown = sorted(str(k) for k in data if k not in POST_FIELDS) if isinstance(data, dict) else []
        if unknown:  # a trial's {"top": "a"} was ignored without a word
            raise InputError(f"unknown field {unknown[0][:40]!r}: a post object has {', '.join(POST_FIELDS)}")
        with service.lease() as loaded:  # a newer generation swapped in meanwhile answers the next one
            result = await loaded.scheduler.query(post, config.query_seconds)
        response = _json(result.to_dict())
        response.headers[GENERATION_HEADER] = str(loaded.generation)
        note = _date_note(data, dayfirst)
        if note:  # as `query --date` says it on stderr (trial 13: read in silence here)
            response.headers["X-Sourcetrace-Note"] = note
        return response

    @app.post("/v1/check", summary="Check a file of posts",
              description="Body: JSONL (one post a line), or a file in any format `sourcetrace"
                          " check` reads, raw or as the field `file` of a form. Answer: JSONL, one"
                          " line per post in input order, as `sourcetrace check` writes it;"
                          " X-Sourcetrace-Posts counts the posts read, X-Sourcetrace-Skipped the bad"
                          " records skipped, X-Sourcetrace-Warnings the records checked with a field"
                          " blanked or repaired, X-Sourcetrace-No-Text the posts without text (not"
                          " checked); X-Sourcetrace-Problems: the first 20 problem lines, as"
                          " `sourcetrace check` prints them. A body whose every record is bad is"
                          " refused (400), as `sourcetrace check` fails on it."
                          " A check that runs past its time limit ends with one line"
                          ' {"error": "..."}.',
              openapi_extra={"requestBody": CHECK_BODY})
    async def check(request: Request, format: str | None = None, filename: str | None = None,
                    text_col: str | None = None, id_col: str | None = None,
                    author_col: str | None = None, time_col: str | None = None,
                    url_col: str | None = None, lang_col: str | None = None,
                    platform_col: str | None = None, dayfirst: bool = False) -> Response:
        _no_unknown_parameters(request, CHECK_PARAMETERS)
        given = {"text_col": text_col, "id_col": id_col, "author_col": author_col,
                 "time_col": time_col, "url_col": url_col, "lang_col": lang_col,
                 "platform_col": platform_col}
        columns = {_COLUMN_FIELDS[k]: v for k, v in given.items() if v}
        data, name, form_format, named = await _body(request, filename)
        upload = await run_in_threadpool(Upload, data, name, format or form_format, columns, dayfirst,
                                         None if named else "body")
        total = len(upload.posts)
        headers = {"X-Sourcetrace-Posts": str(total), "X-Sourcetrace-Skipped": str(upload.skipped),
                   "X-Sourcetrace-Warnings": str(upload.warnings),
                   "X-Sourcetrace-No-Text": str(upload.no_text),
                   "X-Sourcetrace-Problems": json.dumps([p[:300] for p in upload.problems[:20]])}
        if not total and upload.skipped:  # as `check` fails (exit 1) when every record was bad
            media = f", {counted(upload.no_text, 'post')} without text" if upload.no_text else ""
            return _error(400, f"no post could be checked: {counted(upload.skipped, 'bad record')}"
                          f" skipped{media} (see X-Sourcetrace-Problems)", headers)
        loaded = service.acquire()  # the whole check runs on this generation, released at its end
        try:
            stream = await loaded.scheduler.check(iter(upload.posts), config.check_seconds)
        except BaseException:
            loaded.release()
            raise
        headers[GENERATION_HEADER] = str(loaded.generation)

        async def lines() -> AsyncIterator[bytes]:
            done = 0
            try:
                async for result in stream:
                    done += 1
                    yield (json_dumps(result.to_dict()) + "\n").encode("utf-8")
            except SourcetraceError as exc:
                limit = f"{config.check_seconds:g} s" if isinstance(exc, TimeLimit) else ""
                message = (f"time limit of {limit} reached after {done} of {total} posts; split the"
                           " file" if limit else str(exc))
                yield (json.dumps({"error": message}) + "\n").encode("utf-8")
            finally:
                try:
                    await stream.aclose()
                finally:
                    loaded.release()

        return StreamingResponse(lines(), media_type=JSONL, headers=headers)

    # ---- the web page ----------------------------------------------------------------------

    def html(page: str, status: int = 200) -> HTMLResponse:
        return HTMLResponse(page, status_code=status,
                            headers={"Content-Security-Policy": declared_csp(page)})

    @app.get("/", include_in_schema=False)
    async def home() -> HTMLResponse:
        return html(start_page(POST_FORMATS, service.stats))

    @app.post("/", include_in_schema=False)
    async def check_page(request: Request) -> HTMLResponse:
        with service.lease() as loaded:  # one generation checks the posts and shows its articles
            return await _check_page(request, loaded)

    async def _check_page(request: Request, loaded: Loaded) -> HTMLResponse:
        started = time.perf_counter()
        form = await request.form(max_files=1, max_fields=8)

        def field(name: str) -> str:
            value = form.get(name)
            return value.strip() if isinstance(value, str) else ""

        text = form.get("text")
        text = text if isinstance(text, str) else ""
        fmt = field("format") or None
        fields = PostFields(field("created_at"), field("lang"), field("dayfirst") not in ("", "0"))
        note = None
        file = form.get("file")
        try:
            if isinstance(file, UploadFile) and file.filename:
                upload = await run_in_threadpool(
                    Upload, await file.read(), body_name(file.filename, file.content_type), fmt,
                    None, fields.dayfirst)
                posts, source = upload.posts, body_name(file.filename, None)
            elif text.strip():
                upload = None
                # read as /v1/query reads a post: a date that is no date, or a language that is
                # no tag, refused in one line
                data = {"text": text, "created_at": fields.created_at or None, "lang": fields.lang or None}
                post = pipeline.query_post(data, lang_name="language", dayfirst=fields.dayfirst)
                posts, source = [dataclasses.replace(post, id="pasted")], "pasted post"
                note = _date_note(data, fields.dayfirst, "tick \"dates day first\" to read it day first")
            else:
                raise InputError("paste a post or choose a file of posts")
            results = await _collect(loaded.scheduler.check(iter(posts), config.check_seconds))
        except (Busy, TimeLimit) as exc:
            return html(start_page(POST_FORMATS, loaded.stats, str(exc), text, fields), 503)
        except SourcetraceError as exc:
            return html(start_page(POST_FORMATS, loaded.stats, str(exc), text, fields), 400)
        texts = [p.text for p in posts]
        run_id = await run_in_threadpool(runs.add, results, texts, loaded.article_text)
        page = await run_in_threadpool(
            results_page, results, texts, formats=POST_FORMATS, index=loaded.stats,
            article_text=loaded.article_text, run_id=run_id, source=source,
            problems=upload.problems if upload else [], skipped=upload.skipped if upload else 0,
            warnings=upload.warnings if upload else 0, no_text=upload.no_text if upload else 0,
            seconds=time.perf_counter() - started, form_text=text, fields=fields, note=note)
        return html(page)

    @app.get("/runs/{run_id}/results.{kind}", include_in_schema=False)
    async def download(run_id: str, kind: str) -> Response:
        run = runs.get(run_id)
        if run is None or kind not in ("jsonl", "csv"):
            return _error(404, "no such run: the results of the page are kept for an hour")
        body, media = (run.jsonl, JSONL) if kind == "jsonl" else (run.csv, "text/csv; charset=utf-8")
        return Response(body, media_type=media,
                        headers={"Content-Disposition": f'attachment; filename="results.{kind}"'})

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return html(docs_page(app.openapi()))

    if config.cors:
        from starlette.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(config.cors), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"],
                           expose_headers=["X-Sourcetrace-Posts", "X-Sourcetrace-Skipped",
                                           "X-Sourcetrace-Warnings", "X-Sourcetrace-No-Text",
                                           "X-Sourcetrace-Problems", "X-Sourcetrace-Note",
                                           GENERATION_HEADER, STALE_HEADER])
    app.add_middleware(StaleIndexHeader, service=service)
    app.add_middleware(Guard, config=config)
    return app


# the query parameters /v1/check takes: anything else is a mistake said, not ignored (trial 12:
# ?keep_later=1 and unknown parameters of /v1/query were dropped without a word)
CHECK_PARAMETERS = ("format", "filename", *COLUMN_PARAMS, "dayfirst")


def _date_note(data: Any, dayfirst: bool,
               how: str = "?dayfirst=true reads it day first") -> str | None:
    """A one-line note where a query's `created_at` reads both ways ("01/11/2021"), saying which
    reading was taken and (`how`) how to take the other, or reads only the other way than asked
    ("11/13/2023" day first); ASCII: it travels in a header. None otherwise."""
    from ..dates import numeric_order

    value = data.get("created_at") if isinstance(data, dict) else None
    if not isinstance(value, str):
        return None
    order = numeric_order(value.strip())
    if order is None:
        return None
    shown = "".join(c if " " <= c <= "~" else "?" for c in value.strip()[:40])
    if order != "either":  # one reading only: said where it is not the one asked for (trial 14)
        asked = "day" if dayfirst else "month"
        return None if order == asked else f"created_at {shown!r} reads only {order} first: read so"
    order = "day first" if dayfirst else f"month first ({how})"
    return f"created_at {shown!r} reads both ways: read {order}"


def _no_unknown_parameters(request: Request, known: tuple[str, ...]) -> None:
    """Refuse a request naming a query parameter its route does not take (InputError, 400)."""
    unknown = sorted(k for k in request.query_params if k not in known)
    if unknown:
        takes = f"it takes {', '.join(known)}" if known else "it takes none"
        raise InputError(f"unknown query parameter {unknown[0][:40]!r}: {takes}")


async def _body(request: Request, filename: str | None) -> tuple[bytes, str, str | None, bool]:
    """The posts' bytes, a local file name for them, a format named in a form, and whether the
    client named the file."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        form = await request.form(max_files=1, max_fields=8)
        file = form.get("file")
        if not isinstance(file, UploadFile):
            raise InputError("no file in the form: send the posts as the field 'file'")
        fmt = form.get("format")
        return (await file.read(), body_name(file.filename, file.content_type),
                fmt if isinstance(fmt, str) and fmt else None, bool(file.filename))
    data = await request.body()
    if not data.strip():
        raise InputError("empty body: send posts as JSONL (one object a line) or a file")
    return data, body_name(filename, content_type), None, bool(filename)


class StaleIndexHeader:
    """ASGI middleware: every response says (STALE_HEADER, one ASCII line) while the index on
    disk is a generation the server could not load (`Service.stale_note`)."""

    def __init__(self, app: ASGIApp, service: Service) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # /healthz needs no token: there the reason, which names files of the folder, is left out
        open_path = scope.get("path") in OPEN_PATHS and self.service.config.token is not None
        note = self.service.stale_note(why=not open_path) if scope["type"] == "http" else None
        if note is None:
            await self.app(scope, receive, send)
            return
        value = "".join(c if " " <= c <= "~" else "?" for c in note)[:600].encode("ascii")

        async def send_noted(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), (STALE_HEADER.lower().encode(), value)]}
            await send(message)

        await self.app(scope, receive, send_noted)


async def _collect(check: Awaitable[AsyncGenerator[Result, None]]) -> list[Result]:
    """Every result of a scheduler check, in order."""
    stream = await check
    try:
        return [result async for result in stream]
    finally:
        await stream.aclose()
