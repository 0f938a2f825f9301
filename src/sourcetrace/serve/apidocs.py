"""/docs: the API reference, rendered from the OpenAPI schema into one self-contained page.

FastAPI's own /docs and /redoc load their scripts from a CDN; this page needs no network and
runs no script (its Content-Security-Policy allows none). The schema itself is /openapi.json.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..report import esc
from ..report.assets import CSS
from ..report.page import _sha256

DOCS_CSS = """
section.op{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px 12px;margin:10px 0}
section.op h2{font-size:1rem;margin:0 0 4px}section.op pre{white-space:pre-wrap;font-size:.8rem;margin:4px 0}
.verb{display:inline-block;min-width:3.5em;font-weight:700}
"""


def docs_page(schema: Mapping[str, Any]) -> str:
    """HTML for every operation of `schema`: method, path, summary, parameters, body, responses."""
    css = CSS + DOCS_CSS
    csp = (f"default-src 'none'; style-src '{_sha256(css)}'; script-src 'none'; base-uri 'none';"
           " form-action 'none'")
    info = schema.get("info", {})
    ops = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = "".join(
                f"<li><code>{esc(p.get('name', ''))}</code> ({esc(p.get('in', ''))})"
                f" {esc(p.get('description', ''))}</li>" for p in op.get("parameters", []))
            body = op.get("requestBody", {}).get("content", {})
            bodies = "".join(f"<li><code>{esc(kind)}</code></li>" for kind in body)
            responses = "".join(
                f"<li><b>{esc(code)}</b> {esc(r.get('description', ''))}</li>"
                for code, r in op.get("responses", {}).items())
            ops.append(
                f'<section class="op"><h2><span class="verb">{esc(method.upper())}</span>'
                f"<code>{esc(path)}</code> — {esc(op.get('summary', ''))}</h2>"
                f"<p>{esc(op.get('description', ''))}</p>"
                + (f"<h4>Parameters</h4><ul>{params}</ul>" if params else "")
                + (f"<h4>Request body</h4><ul>{bodies}</ul>" if bodies else "")
                + f"<h4>Responses</h4><ul>{responses}</ul></section>")
    title = f"{info.get('title', 'API')} {info.get('version', '')}"
    return "".join([
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">',
        f"<title>{esc(title)}</title><style>{css}</style></head><body>",
        (f'<header class="top"><h1>{esc(title)}</h1><p>{esc(info.get("description", ""))}</p>'
         '<p>Machine-readable: <a href="/openapi.json">/openapi.json</a></p></header>'),
        (f"<main>{''.join(ops)}<h2>Schemas</h2>"
         f"<pre>{esc(json.dumps(schema.get('components', {}), indent=1))}</pre></main></body></html>"),
    ])

