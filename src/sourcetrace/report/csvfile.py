"""The CSV output of `check`: one row per (post, match), safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Iterator, Mapping
from typing import IO, Any

from ..results import Result, as_result, encoder_confidences, in_doubt, is_number, screened
from ..safetext import for_terminal, formula_risk

ArticleText = Callable[[str], str]  # article id -> its text (e.g. Index.store.text_of)

CSV_FIELDS = (
    "post_id", "author", "platform", "post_url", "created_at", "post_lang", "rank",
    "article_id", "outlet", "article_title", "article_url", "published_at", "article_lang",
    "match_type", "confidence", "lexical_containment", "semantic", "source_first",
    "attribution", "credited", "evidence", "post_span", "article_span", "post_text",
    "article_passage", "shared_anchors", "anchor_nats", "missing_nats", "missing_numbers",
    "missing_places", "encoder_confidence", "in_doubt",
)


# The aligned article passages of a match, joined by " … ", are cut to this many characters.
PASSAGE_CHARS = 1000


def _cell(value: Any) -> Any:
    """A text cell made safe: control, C1 and bidi characters shown as visible escapes
    (`safetext.for_terminal`, tab and line breaks kept; a trial's `--csv` file kept raw terminal
    escape sequences that acted when the file was printed), and spreadsheet formulas neutralised
    (CSV injection): a cell a spreadsheet could read as a formula (=, +, -, @, also after blanks
    or in full width: `safetext.formula_risk`) gets a leading apostrophe."""
    if not isinstance(value, str):
        return value
    shown = for_terminal(value.replace("\r\n", "\n"))
    if formula_risk(value) or formula_risk(shown):
        return "'" + shown
    return shown


def csv_rows(result: Result | Mapping[str, Any], post_text: str | None = None,
             article_text: ArticleText | None = None) -> Iterator[dict[str, Any]]:
    """One row per (post, match), in rank order; nothing for a post without a match. A JSON
    object is read with Result.from_dict; `post_text` defaults to the result's post text.
    `post_span` and `article_span` list every aligned span ("0-17; 44-69"), `article_passage`
    their article text, each passage once, joined by " … " (PASSAGE_CHARS at most)."""
    result = as_result(result)
    post = result.post
    for rank, m in enumerate(result.matches, 1):
        art = m.article
        attribution = m.attribution
        p_spans = [s["post"] for s in m.spans]
        a_spans = list(dict.fromkeys(tuple(s["article"]) for s in m.spans))  # once each, in order
        passage = ""
        if article_text is not None and a_spans and art.id:
            text = article_text(art.id)
            passage = " … ".join(" ".join(text[a:b].split()) for a, b in a_spans)[:PASSAGE_CHARS]
        evidence = "; ".join(f"{ev.rule}: {ev.text}" for ev in attribution.evidence) if attribution else ""
        row = {
            "post_id": post.id, "author": post.author, "platform": post.platform,
            "post_url": post.url, "created_at": post.created_at,
            "post_lang": post.lang, "rank": rank,
            "article_id": art.id, "outlet": art.outlet, "article_title": art.title,
            "article_url": art.url, "published_at": art.published_at,
            "article_lang": art.lang, "match_type": m.match_type,
            "confidence": None if math.isnan(m.confidence) else m.reported_confidence,
            "lexical_containment": m.signals.get("lexical_containment"),
            "semantic": m.signals.get("semantic"),
            "source_first": "" if m.source_first is None else str(m.source_first).lower(),
            "attribution": m.attribution_status if attribution else "",
            "credited": attribution.credited if attribution else None, "evidence": evidence,
            "post_span": "; ".join(f"{a}-{b}" for a, b in p_spans),
            "article_span": "; ".join(f"{a}-{b}" for a, b in a_spans),
            "post_text": post_text if post_text is not None else post.text,
            "article_passage": passage,
            **_match_evidence(m.evidence),
        }
        yield {k: _cell("" if v is None else v) for k, v in row.items()}


def _match_evidence(evidence: Mapping[str, Any] | None) -> dict[str, Any]:
    """The match's evidence (results.Match.evidence) as cells, for triage in a spreadsheet: the
    anchors shared ("Shenzhou = 神舟; 17 = 十七"), their weight and that of the post's numbers the
    article lacks, in nats, those numbers and the post's places the article never names ("5亿",
    "San Francisco": trial 88 read a clean 0.84 translation in the CSV where `query` said "figures
    not in the article: 5亿"), each encoder's own confidence, and the encoders in doubt (below 0.5,
    where another trusted encoder carries the match). Empty cells where a value is absent or
    not of its type (a results file from elsewhere). A screened match (the first encoder ruled the
    post out, the others were not asked) is "screened" in `in_doubt`."""
    evidence = evidence if isinstance(evidence, Mapping) else {}
    found_shared, found_chance = evidence.get("anchors"), evidence.get("chance")
    shared: list[Any] = found_shared if isinstance(found_shared, list) else []
    chance: Mapping[str, Any] = found_chance if isinstance(found_chance, Mapping) else {}
    return {
        "shared_anchors": "; ".join(f"{a.get('post')} = {a.get('article')}" for a in shared[:20]
                                    if isinstance(a, Mapping)),
        "anchor_nats": chance.get("anchor_nats") if is_number(chance.get("anchor_nats")) else None,
        "missing_nats": chance.get("missing_nats") if is_number(chance.get("missing_nats")) else None,
        "missing_numbers": _listed(chance.get("missing_numbers")),
        "missing_places": _listed(chance.get("missing_places")),
        "encoder_confidence": ", ".join(f"{k} {v:.2f}" for k, v in encoder_confidences(evidence).items()),
        "in_doubt": ", ".join(in_doubt(evidence)) or ("screened" if screened(evidence) else ""),
    }


def _listed(values: Any) -> str:
    """A list of texts as one cell, "; "-joined (empty for anything else)."""
    return "; ".join(v for v in values if isinstance(v, str)) if isinstance(values, list) else ""


class CsvReport:
    """Writes CSV rows as results arrive (streaming; nothing is kept in memory)."""

    def __init__(self, fh: IO[str], article_text: ArticleText | None = None) -> None:
        self._writer = csv.DictWriter(fh, fieldnames=CSV_FIELDS)
        self._writer.writeheader()
        self.article_text = article_text
        self.rows = 0

    def add(self, result: Result | Mapping[str, Any], post_text: str | None = None) -> None:
        for row in csv_rows(result, post_text, self.article_text):
            self._writer.writerow(row)
            self.rows += 1
