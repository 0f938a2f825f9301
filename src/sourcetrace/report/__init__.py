"""Reports people read: a self-contained HTML evidence report and a CSV file, from check results.

Both take `results.Result` objects (or their JSON objects, read with `Result.from_dict`) plus the
post's text; the HTML report also needs the matched articles' texts (a lookup such as
`Index.store.text_of`) to show the copied passage next to the post.

Post and article texts are attacker-controlled. In the HTML every piece of text goes through
`html.escape`; invisible and bidi control characters are shown as visible marks instead of acting
(so an RTL override cannot reorder the page, and zero-width tricks are shown as evidence); links
are emitted only for http(s) URLs; and a Content-Security-Policy allows no script but the
report's own (by hash), no network access and no external resources. In the CSV, cells that a
spreadsheet would read as a formula are prefixed with an apostrophe.

Modules: `markup` (escaping, links, highlighted excerpts), `csvfile` (rows), `page` (the HTML
report), `assets` (its style sheet and script), `files` (both written beside a check's JSONL).
"""

from .csvfile import CSV_FIELDS, CsvReport, csv_rows
from .files import ReportFiles
from .markup import Mark, _link, attr, esc, highlighted, match_marks, safe_url, windows
from .page import ATTRIBUTION_LABEL, ATTRIBUTION_ORDER, ArticleText, HtmlReport, ReportMeta

__all__ = [
    "ATTRIBUTION_LABEL", "ATTRIBUTION_ORDER", "CSV_FIELDS", "ArticleText", "CsvReport", "HtmlReport",
    "Mark", "ReportFiles", "ReportMeta", "_link", "attr", "csv_rows", "esc", "highlighted",
    "match_marks", "safe_url", "windows",
]
