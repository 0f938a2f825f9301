"""The CSV and HTML outputs of one check, written beside its JSONL and renamed into place with it."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..fileio import atomic_write
from ..results import Result, as_result, counted
from .csvfile import ArticleText, CsvReport
from .page import HtmlReport, ReportMeta

if TYPE_CHECKING:
    from typing_extensions import Self


class ReportFiles:
    """The optional CSV and HTML outputs of one check, fed result by result.

    Both are written under temporary names and renamed when the check completes, like the JSONL
    output; a failed or interrupted check leaves no half-written report. Use as a context
    manager; set `skipped` and `seconds` before it closes.
    """

    def __init__(self, csv_path: Path | None, html_path: Path | None,
                 article_text: ArticleText | None, meta: ReportMeta | None = None) -> None:
        for path in (csv_path, html_path):
            if path is not None and not path.parent.is_dir():
                raise InputError(f"cannot write {path}: no folder {path.parent}")
        self.csv_path, self.html_path = csv_path, html_path
        self.meta = meta or ReportMeta()
        self.html = HtmlReport(article_text, self.meta) if html_path else None
        self.csv: CsvReport | None = None
        self._files = contextlib.ExitStack()
        if csv_path is not None:
            # utf-8-sig: spreadsheet programs then read non-Latin text correctly
            fh = self._files.enter_context(atomic_write(csv_path, encoding="utf-8-sig", newline="", through=True))
            self.csv = CsvReport(fh, article_text)
        self.skipped = 0
        self.seconds: float | None = None
        self.html_bytes: int | None = None

    def add(self, result: Result | Mapping[str, Any], post_text: str | None = None) -> None:
        result = as_result(result)
        if self.csv is not None:
            self.csv.add(result, post_text)
        if self.html is not None:
            self.html.add(result, post_text)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._files.__exit__(exc_type, exc, tb)  # the CSV renamed into place, or removed on an error
        if exc_type is not None:
            return
        if self.html is not None and self.html_path is not None:
            self.meta.skipped = self.skipped
            self.meta.seconds = self.seconds
            self.html_bytes = self.html.write(self.html_path)

    def lines(self) -> list[str]:
        """What was written, for the closing summary."""
        out = []
        if self.csv is not None:
            out.append(f"CSV: {counted(self.csv.rows, 'row')} in {self.csv_path}")
        if self.html is not None and self.html_bytes is not None:
            size = (f"{self.html_bytes / 1e6:.1f} MB" if self.html_bytes >= 100_000
                    else f"{max(1, round(self.html_bytes / 1e3))} kB")
            out.append(f"HTML report: {counted(len(self.html.cards), 'card')}, {size} in {self.html_path}")
        return out


