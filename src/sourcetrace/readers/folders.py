"""Folders given as post inputs: an unzipped X archive, Mastodon archive or Telegram export, or a
folder of post files. The files that hold posts are read; the rest (media, other parts of an
archive, files of no known format) are skipped and said in one line per folder.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from ..errors import InputError
from ..results import counted
from .inputs import STDIN, Input, read_head
from .registry import detect

# A folder deeper than this below the one given is not part of an export.
MAX_DEPTH = 6
# Past this many entries a folder is not an export but a disk: the rest is left unread.
MAX_ENTRIES = 200_000
# X archives name their tweets data/tweets.js, data/tweets-part1.js, ... (older: tweet.js);
# deleted and community tweets are posts too. Every other data/*.js is no post file.
_X_TWEETS = re.compile(r"(?:tweets?|deleted-tweets?|community-tweets?)(?:-part\d+)?\.js", re.IGNORECASE)
_X_NOTES = re.compile(r"note-tweet(?:-part\d+)?\.js", re.IGNORECASE)
# Files of the exports that hold no posts of the account (likes, bookmarks, the profile).
_NOT_POSTS = {"likes.json", "bookmarks.json", "actor.json", "followers.json", "following.json"}
_POST_EXTENSIONS = {".jsonl", ".ndjson", ".json-lines", ".csv", ".json", ".car"}
# Plain text is read only where the folder itself holds it: deeper .txt files are attachments.
_TEXT_EXTENSIONS = {".txt"}


def expand_folders(
    paths: Iterable[str | Path], forced: str | None = None
) -> tuple[list[str], list[tuple[str, str]]]:
    """The inputs with each folder replaced by the post files it holds (sorted), and one
    (folder, what was read and skipped) note per folder.

    Raises InputError for a folder that holds no post file, naming what it holds.
    """
    inputs: list[str] = []
    notes: list[tuple[str, str]] = []
    for path in paths:
        given = str(path)
        if given == STDIN or not os.path.isdir(given):
            inputs.append(given)
            continue
        found, skipped = _scan(Path(given), forced)
        if not found:
            raise InputError(
                f"{given}: a folder with no post files ({_summary(skipped)}); give the file"
                " (data/tweets.js, outbox.json, result.json, *.jsonl, *.csv)"
            )
        inputs.extend(str(f) for f in found)
        shown = ", ".join(str(f.relative_to(given)) for f in found[:4])
        more = f" and {len(found) - 4:,} more" if len(found) > 4 else ""
        note = f"folder: reading {counted(len(found), 'file')} ({shown}{more})"
        if skipped[0]:
            note += f"; not read: {_summary(skipped)}"
        notes.append((given, note))
    return inputs, notes


def is_index(folder: Path) -> bool:
    """Whether `folder` is a sourcetrace index (a manifest.json beside a store-g*.sqlite), whose
    files are no posts or articles: a trial's `index add FOLDER --index FOLDER/idx` read the
    index's own manifest as an article file."""
    return (folder / "manifest.json").is_file() and any(folder.glob("store-g*.sqlite"))


def _scan(folder: Path, forced: str | None) -> tuple[list[Path], Skipped]:
    found: list[Path] = []
    skipped: Counter[str] = Counter()
    examples: dict[str, str] = {}
    seen = 0
    for root, dirs, files in os.walk(folder, followlinks=False):
        here = Path(root)
        depth = len(here.relative_to(folder).parts)
        if "manifest.json" in files and is_index(here):  # its manifest and vectors are no posts or articles
            _skip(skipped, examples, "sourcetrace index folder{s}", here, folder)
            dirs[:] = []
            continue
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if depth >= MAX_DEPTH:
            for d in dirs:
                _skip(skipped, examples, "folder{s} too deep", here / d, folder)
            dirs[:] = []
        for name in sorted(files, key=_in_part_order):
            seen += 1
            if seen > MAX_ENTRIES:
                _skip(skipped, examples, f"file{{s}} past the first {MAX_ENTRIES:,}", here / name, folder)
                continue
            path = here / name
            why = _why_not(path, depth, forced)
            if why is None:
                found.append(path)
            else:
                _skip(skipped, examples, why, path, folder)
    return found, (skipped, examples)


# What a folder's scan left unread: how many files of each kind (a noun phrase whose plural
# ending is "{s}"), and the first file of each kind (relative to the folder).
Skipped = tuple[Counter[str], dict[str, str]]


def _skip(skipped: Counter[str], examples: dict[str, str], kind: str, path: Path, folder: Path) -> None:
    skipped[kind] += 1
    examples.setdefault(kind, str(path.relative_to(folder)))


_PART = re.compile(r"(.*?)-part(\d+)(\..*)?", re.IGNORECASE)


def _in_part_order(name: str) -> tuple[str, int, str]:
    """Sort key putting an export's parts in order: tweets.js, tweets-part1.js, ..., -part10.js
    (by name, "tweets-part1.js" came before "tweets.js")."""
    part = _PART.fullmatch(name)
    if part is None:
        return name, 0, name
    return part.group(1) + (part.group(3) or ""), int(part.group(2)), name


def _why_not(path: Path, depth: int, forced: str | None) -> str | None:
    """None for a file to read, else the kind of file it is (for the skipped summary)."""
    name = path.name.lower()
    if name.startswith("."):
        return "hidden file{s}"
    if path.is_symlink() or not path.is_file():
        return "link{s} and special file{s}"
    inner = name.removesuffix(".gz")
    suffix = os.path.splitext(inner)[1]
    if suffix == ".js":
        if _X_NOTES.fullmatch(inner):
            return "note-tweet file{s} (long tweets' full text, read with the tweets)"
        return None if _X_TWEETS.fullmatch(inner) else "other X archive file{s} (.js)"
    if inner in _NOT_POSTS:
        # the kind's example names the file; the kind says what such files are, not which exist
        # (trial 91: "1 file without posts (actor.json, bookmarks.json, ...) (actor.json)"), and
        # nothing in brackets beside the example's (trial 92)
        return "Mastodon account file{s} without posts"
    if suffix in _TEXT_EXTENSIONS:
        return None if depth == 0 else "text file{s} in subfolders, read only at the top (attachments)"
    if suffix not in _POST_EXTENSIONS:
        # by the whole ending: garbage.gz is a ".gz file", not a "no-extension file"
        ending = suffix + (".gz" if inner != name else "")
        return f"{ending or 'no-extension'} file{{s}}" if len(ending) <= 12 else "other file{s}"
    if suffix == ".json" and forced is None and not _holds_posts(path):
        return "JSON file{s} of no post format"
    return None


def _holds_posts(path: Path) -> bool:
    """Whether a .json file's first bytes show a post format (an export or records)."""
    head = read_head(Input.parse(path))
    if head is None:
        return True  # unreadable: reading it says why
    fmt, why = detect(head)
    return fmt is not None or not why


def _summary(found: Skipped) -> str:
    """"1 text file in subfolders, read only at the top (attachments) (sub/a.txt), 3 .jpg files
    (media/1.jpg, ...)": each kind counted in its number, with its first file."""
    skipped, examples = found
    if not skipped:
        return "nothing else"
    parts = []
    for kind, count in skipped.most_common(6):
        noun = kind.replace("{s}", "" if count == 1 else "s")
        parts.append(f"{count:,} {noun} ({examples[kind]}{'' if count == 1 else ', ...'})")
    rest = sum(skipped.values()) - sum(count for _, count in skipped.most_common(6))
    if rest:
        parts.append(f"{rest:,} others")
    return ", ".join(parts)
