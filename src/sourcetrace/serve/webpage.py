"""The web page at /: paste a post or drop a file, see the evidence cards, filter, download.

The results page IS the HTML report of `check --html` (report.page.HtmlReport: the same cards,
escaping, filters, script and Content-Security-Policy), with a form at the top: the only changes
are that its form may post back here (`form-action 'self'`) and a few style rules for the form,
allowed by hash with the report's own. The page holds no script but the report's. Each run's
JSONL and CSV are kept in memory for a while (`RunCache`) for the download links.
"""

from __future__ import annotations

import html
import io
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..report import ArticleText, CsvReport, HtmlReport, ReportMeta, attr, esc
from ..report.assets import CSS
from ..report.page import _sha256
from ..results import Result, counted
from ..safetext import json_dumps

TITLE = "sourcetrace"
PAGE_CSS = """
form.check{display:grid;gap:8px;margin:14px 0;padding:12px;background:var(--card);border:1px solid var(--line);border-radius:8px}
form.check textarea{width:100%;font:inherit;padding:6px;min-height:7em}
form.check .row{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center}
form.check button{font:inherit;padding:4px 16px}
p.error{color:#8e1b12;font-weight:600}.downloads a{margin-right:14px}
"""


class PageReport(HtmlReport):
    """The HTML report with the check form (and download links) at the top."""

    form_action = "'self'"
    extra_css = PAGE_CSS

    def __init__(self, top: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._top = top

    def lead(self) -> str:
        return self._top


@dataclass(frozen=True)
class PostFields:
    """What the form says of a pasted post besides its text, as typed (re-shown with a result or
    an error): when it was posted (any form `check` reads), its language tag, and whether a
    numeric date reads day first (also for a file's dates)."""

    created_at: str = ""
    lang: str = ""
    dayfirst: bool = False


def check_form(formats: Iterable[str], text: str = "", error: str | None = None,
               fields: PostFields | None = None, note: str | None = None) -> str:
    """The form: a post to paste with its date and language (a trial: "the page has no date
    field", so a pasted post's match to a later article could not be held back as `query --date`
    does), or a file (a drop on the file field works) and its format. `note`: a line under the
    form (how a date that reads both ways was read)."""
    fields = fields or PostFields()
    options = "".join(f'<option value="{attr(f)}">{esc(f)}</option>' for f in formats)
    problem = f'<p class="error" role="alert">{esc(error)}</p>' if error else ""
    checked = " checked" if fields.dayfirst else ""
    return (
        f'{problem}<form class="check" method="post" action="/" enctype="multipart/form-data">'
        '<label for="text"><b>Paste a post</b></label>'
        f'<textarea id="text" name="text" dir="auto" maxlength="200000">{esc(text)}</textarea>'
        '<div class="row"><label>posted on (created_at) <input type="text" id="created_at" name="created_at" size="22"'
        f' maxlength="64" placeholder="2023-10-01 08:00" value="{attr(fields.created_at)}"></label>'
        '<label>language <input type="text" id="lang" name="lang" size="8" maxlength="35"'
        f' placeholder="detect" value="{attr(fields.lang)}"></label>'
        f'<label><input type="checkbox" id="dayfirst" name="dayfirst" value="1"{checked}> dates day first'
        ' (01/02 = 1 February)</label></div>'
        '<div class="row"><label>or a file of posts <input type="file" id="file" name="file"></label>'
        f'<label>format <select name="format"><option value="">detect</option>{options}</select></label>'
        '<button type="submit" id="go">Check</button></div>'
        '<span class="hint">JSONL, CSV, plain text (one post a line), a JSON array, an X archive'
        " tweets.js, a Mastodon outbox.json or a Telegram result.json (.gz ok); drop it on the"
        " file field.</span></form>"
        + (f'<p class="hint" role="status">{esc(note)}</p>' if note else "")
    )


def start_page(formats: Iterable[str], index: Mapping[str, Any], error: str | None = None,
               text: str = "", fields: PostFields | None = None) -> str:
    """The page before any check: the form and what the index holds. No script at all."""
    css = CSS + PAGE_CSS
    csp = (f"default-src 'none'; style-src '{_sha256(css)}'; script-src 'none'; img-src data:;"
           " base-uri 'none'; form-action 'self'")
    counts = index.get("counts") or {}
    outlets = ", ".join(f"{k} {v:,}" for k, v in list((index.get("outlets") or {}).items())[:15])
    about = (f"{counted(counts.get('articles', 0), 'article')}, {counted(counts.get('passages', 0), 'passage')},"
             f" encoder {index.get('encoder', '?')}" + (f"; outlets: {outlets}" if outlets else ""))
    return "".join([
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{attr(csp)}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(TITLE)}</title><style>{css}</style></head><body>",
        (f'<header class="top"><h1>{esc(TITLE)}</h1><p class="hint">Index: {esc(about)}.'
         ' API: <a href="/docs">/docs</a></p></header>'),
        f"<main>{check_form(formats, text, error, fields)}</main></body></html>",
    ])


def declared_csp(page: str) -> str:
    """The Content-Security-Policy a rendered page declares in its <meta>, plus frame-ancestors
    (which only a header can carry): what the server sends as the page's header."""
    marker = 'http-equiv="Content-Security-Policy" content="'
    start = page.index(marker) + len(marker)
    policy = html.unescape(page[start:page.index('"', start)])
    return policy if "frame-ancestors" in policy else policy + "; frame-ancestors 'none'"


@dataclass
class Run:
    """One check made from the page: its JSONL and CSV, for the download links."""

    jsonl: bytes
    csv: bytes
    created: float


class RunCache:
    """The last runs' outputs, bounded in count, bytes and age; ids are unguessable."""

    def __init__(self, max_runs: int = 32, max_bytes: int = 64_000_000, max_age: float = 3600.0) -> None:
        self.max_runs, self.max_bytes, self.max_age = max_runs, max_bytes, max_age
        self._runs: OrderedDict[str, Run] = OrderedDict()
        self._lock = threading.Lock()  # pages are rendered on the server's worker threads

    def add(self, results: list[Result], texts: list[str], article_text: ArticleText | None = None) -> str:
        """Keep a run's JSONL and CSV (as `check -o` and `check --csv` write them); its id."""
        lines = "".join(json_dumps(r.to_dict()) + "\n" for r in results).encode("utf-8")
        out = io.StringIO()
        report = CsvReport(out, article_text)
        for result, text in zip(results, texts):
            report.add(result, text)
        run_id = secrets.token_urlsafe(16)
        with self._lock:
            self._runs[run_id] = Run(lines, out.getvalue().encode("utf-8-sig"), time.monotonic())
            self._trim()
        return run_id

    def get(self, run_id: str) -> Run | None:
        with self._lock:
            self._trim()
            return self._runs.get(run_id)

    def _trim(self) -> None:
        now = time.monotonic()
        while self._runs and (
            len(self._runs) > self.max_runs
            or sum(len(r.jsonl) + len(r.csv) for r in self._runs.values()) > self.max_bytes
            or now - next(iter(self._runs.values())).created > self.max_age
        ):
            self._runs.popitem(last=False)


def results_page(results: list[Result], texts: list[str], *, formats: Iterable[str],
                 index: Mapping[str, Any], article_text: ArticleText, run_id: str, source: str,
                 problems: list[str], skipped: int, seconds: float, form_text: str = "",
                 warnings: int = 0, no_text: int = 0, fields: PostFields | None = None,
                 note: str | None = None) -> str:
    """The HTML report of these results, with the form and the download links on top; the
    problem lines under a summary that counts them by kind as `check` does (`skipped` records
    left out, `warnings` records checked with a field blanked or repaired, `no_text` posts without
    text); `fields` and `note` as `check_form` shows them."""
    links = (f'<p class="downloads">Download: <a href="/runs/{attr(run_id)}/results.jsonl" download>'
             f'results.jsonl</a><a href="/runs/{attr(run_id)}/results.csv" download>results.csv</a></p>')
    counts = [text for n, text in (
        (skipped, f"{counted(skipped, 'bad record')} skipped"),
        (warnings, f"{counted(warnings, 'record')} checked with a field blanked or repaired"),
        (no_text, f"{counted(no_text, 'post')} without text not checked")) if n]
    skipped_html = ""
    if problems or counts:
        items = "".join(f"<li>{esc(p)}</li>" for p in problems)
        skipped_html = (f'<details><summary>{esc("; ".join(counts) or "notes")}</summary><ul>{items}</ul>'
                        '</details>')
    meta = ReportMeta(inputs=[source], index=index, skipped=skipped, seconds=seconds, title=TITLE)
    page = PageReport(check_form(formats, form_text, fields=fields, note=note) + links + skipped_html,
                      article_text=article_text, meta=meta)
    for result, text in zip(results, texts):
        page.add(result, text)
    return page.render()
