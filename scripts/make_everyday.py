#!/usr/bin/env python3
"""Build src/sourcetrace/data/everyday_texts.jsonl, the everyday texts against which a passage's
hubness is measured (background.hubness, verdict.HUB_MIN), from corpora/everyday/raw/*.tsv.

    python scripts/make_everyday.py

Each raw file holds sentences copied from one 16,000-character page of a ManyThings/Anki
bilingual export of Tatoeba (tatoeba.org, CC BY 2.0 FR) stored in a public repository
(corpora/everyday/SOURCE.md names each file, commit and page): `<lang>_<offset>.tsv` the
other language's sentences of the page's first two thirds, `eng_<lang>_<offset>.tsv` the English
sentences of its last third, one `<tatoeba id or ->\\t<text>` per line. Kept: sentences of four
words or more (Chinese, Japanese: six characters or more), each once per language, in file
order; deterministic. A row's `source` is the ManyThings file's language code (SOURCES).
"""

from __future__ import annotations

import json
from pathlib import Path

from langcodes import standardize_tag

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "corpora" / "everyday" / "raw"
OUT = REPO / "src" / "sourcetrace" / "data" / "everyday_texts.jsonl"
# ManyThings file language -> (repository, path, commit) it was read from
SOURCES = {
    "ara": ("ObadaZay/nmt", "ara.txt", "e03a55a351e5221579bdc889b72b6cc3e490cbc9"),
    "cmn": ("13luoyu/Transformer-machine-translation", "cmn.txt", "b172d4aa468126c16f51dbf75797aaff77cf787e"),
    "spa": ("AmmarYasser72/machine-translation-NLP-project", "spa.txt", "753e95592a899e53d709d0230508593d6bb787ae"),
    "kor": ("nate-koser/kor-eng-translator", "kor.txt", "a073cb5f7b819c73cbd46d19ceb6a42463041152"),
    "fra": ("pamitduggal/DeepLearning", "fra.txt", "1fd92c6ffda3b5515dd22a0dbf44942576f383c6"),
    "deu": ("devdio/flyai_datasets", "deu.txt", "93ca70e9572b6af1c61bcbb12deb1609339d0438"),
    "jpn": ("Shruichan/TranslationTransformer", "data/jpn.txt", "2e44c96a153fea3ec821f273b71e5c312856451f"),
}


def main() -> None:
    rows, seen, numbered = [], set(), {}
    for path in sorted(RAW.glob("*.tsv")):
        parts = path.stem.split("_")
        lang, source = (parts[0], parts[1]) if parts[0] == "eng" else (parts[0], parts[0])
        if source not in SOURCES:
            raise SystemExit(f"{path.name}: no source for {source!r} in SOURCES")
        tag = standardize_tag(lang, macro=True)  # BCP 47, "cmn" as its macrolanguage "zh"
        for line in path.read_text(encoding="utf-8").splitlines():
            if "\t" not in line:
                continue
            tid, text = line.split("\t", 1)
            text = text.strip()
            if len(text) < 6 if tag in ("zh", "ja") else len(text.split()) < 4:
                continue
            if (tag, text) in seen:
                continue
            seen.add((tag, text))
            numbered[tag] = numbered.get(tag, 0) + 1
            rows.append({"id": f"tatoeba-{tag}-{numbered[tag]}", "lang": tag, "text": text,
                         "tatoeba_id": int(tid) if tid.strip().isdigit() else None,
                         "source": source})
    OUT.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    print(f"{len(rows)} texts: " + ", ".join(f"{k} {v}" for k, v in sorted(numbered.items())))


if __name__ == "__main__":
    main()
