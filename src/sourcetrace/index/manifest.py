"""The manifest's schema: what a `manifest.json` may hold, checked before any of it is used.

A manifest comes with a shared index folder, so it is untrusted. `manifest_problems` checks
every key the package reads: types, ranges (MinHash and LSH parameters as `MinHashParams` and
datasketch accept them, counts, generation an int >= 0), encoder entries, and the file names,
which must be exactly the names the writer gives that generation's files (`store-gNNNNNN.sqlite`,
`vectors-I-gNNNNNN.npy`, ...): no path, no `..`, no other generation's file. Nested objects
refuse unknown keys (a parameter dropped silently would change results); unknown top-level
keys are ignored on purpose (nothing reads them, and the next write drops them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..encoders import split_spec
from ..errors import IndexFolderError
from ..normalize import NORMALIZER_VERSION

SCHEMA_VERSION = 1
MANIFEST = "manifest.json"
MANIFEST_MAX_BYTES = 1 << 20  # a real manifest is ~2 KB
MANIFEST_MAX_DEPTH = 8  # a real manifest nests 3 deep (encoders -> entry -> key)
MAX_ENCODERS = 16
MAX_PASSAGES = 1 << 40
MAX_DIM = 1 << 16

# What the writer puts in a manifest's text fields: timestamps, a version, encoder names.
_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9:.]{5,15}(Z|[+-][0-9]{2}:?[0-9]{2})?")
_VERSION = re.compile(r"[0-9A-Za-z.+_-]{1,40}")
_REGISTRY_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
# st:MODEL: a Hugging Face id (org/name) or an absolute local path, printable (no C0 or C1
# control character: these names are printed) and without `..`
_ST_MODEL = re.compile(r"st:(?:[A-Za-z0-9][A-Za-z0-9_.-]*(?:/[A-Za-z0-9][A-Za-z0-9_.-]*)?|/[^\x00-\x1f\x7f-\x9f]{1,1000})")
_HEX64 = re.compile(r"[0-9a-f]{64}")

_KEYS = {
    "minhash": ({"num_perm", "seed", "threshold"}, {"scheme"}),
    "lsh": ({"bands", "rows"}, set()),
    "counts": ({"articles", "passages"}, set()),
    "encoder entry": ({"name", "dim", "file"}, {"ann"}),
}


def tag(generation: int) -> str:
    """The tag in a generation's file names: g000042."""
    return f"g{generation:06d}"


def expected_names(generation: int) -> dict[str, str]:
    """The name the writer gives each fixed file of a generation (by manifest `files` key)."""
    t = tag(generation)
    return {
        "store": f"store-{t}.sqlite", "minhash": f"minhash-{t}.npy",
        "lsh_keys": f"minhash-{t}.lsh-keys.npy", "lsh_ids": f"minhash-{t}.lsh-ids.npy",
        "feeds": f"feeds-{t}.json",
    }


def vectors_name(i: int, generation: int) -> str:
    """Encoder i's vector file (`.npy`) in a generation."""
    return f"vectors-{i}-{tag(generation)}.npy"


def ann_name(i: int, generation: int) -> str:
    """Encoder i's IVF index file in a generation."""
    return f"vectors-{i}-{tag(generation)}.ivf"


def is_local_model(name: str) -> bool:
    """Whether an encoder name loads a model from local files: `st:/models/x`, or an `st:org/name`
    that exists as a folder relative to the working directory (sentence-transformers tries a
    local path before its cache)."""
    return name.startswith("st:/") or (name.startswith("st:") and Path(name[3:]).exists())


def check_local_models(names: Iterable[str], confirmed: Iterable[str]) -> None:
    """Refuse a manifest's local-path model (`st:/path`) that the user did not name themself."""
    trusted = {part for spec in confirmed for part in split_spec(spec)}
    for name in names:
        if is_local_model(name) and name not in trusted:
            raise IndexFolderError(
                f"the index names a model by a local path ({name}), which loading would run;"
                f" if you trust it, pass --encoder {name}"
            )


def file_names(manifest: dict[str, Any]) -> list[str]:
    """Every file a (valid) manifest names: store and signatures first, then the rest."""
    files = manifest["files"]
    names = [files["store"], files["minhash"], *(e["file"] for e in manifest["encoders"])]
    return names + [name for key, name in files.items() if key not in ("store", "minhash")]


def _int(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _keys(what: str, value: Any, problems: list[str]) -> dict[str, Any] | None:
    """`value` if it is an object with the required keys and no unknown ones (else a problem)."""
    required, optional = _KEYS[what]
    if not isinstance(value, dict):
        problems.append(f"{what} is not an object")
        return None
    missing = sorted(required - value.keys())
    unknown = sorted(value.keys() - required - optional)
    if missing:
        problems.append(f"{what} lacks {', '.join(missing)}")
    if unknown:
        problems.append(f"{what} has unknown keys {', '.join(repr(k)[:40] for k in unknown[:5])}")
    return None if missing or unknown else value


def manifest_problems(manifest: Any) -> list[str]:
    """Every way `manifest` (parsed JSON) differs from what this version writes; [] if none.

    The schema and normaliser versions come first: a manifest from another version gets one
    problem saying to rebuild, not a list of differences.
    """
    if not isinstance(manifest, dict):
        return ["the manifest is not a JSON object"]
    if manifest.get("schema") != SCHEMA_VERSION or isinstance(manifest.get("schema"), bool):
        shown = manifest.get("schema") if _int(manifest.get("schema"), 0, 1 << 31) else "?"
        return [f"index schema {shown} is not {SCHEMA_VERSION}; rebuild it with this version of sourcetrace"]
    if manifest.get("normalizer_version") != NORMALIZER_VERSION:
        shown = manifest.get("normalizer_version")
        shown = shown if _int(shown, 0, 1 << 31) else "?"
        return [(f"built with text normaliser v{shown}, this sourcetrace uses v{NORMALIZER_VERSION};"
                 " rebuild the index")]
    problems: list[str] = []
    generation = manifest.get("generation")
    if not _int(generation, 0, (1 << 31) - 1):
        problems.append("generation is not an integer >= 0")
        generation = None
    for key in ("created_at", "updated_at", "pruned_before"):
        value = manifest.get(key)
        if (value is not None or key != "pruned_before") and not (
            isinstance(value, str) and _TIMESTAMP.fullmatch(value)
        ):
            problems.append(f"{key} is not an ISO 8601 time")
    version = manifest.get("sourcetrace_version")
    if version is not None and not (isinstance(version, str) and _VERSION.fullmatch(version)):
        problems.append("sourcetrace_version is not a version string")
    num_perm = _minhash_problems(manifest.get("minhash"), problems)
    _lsh_problems(manifest, num_perm, problems)
    counts = _keys("counts", manifest.get("counts"), problems)
    if counts is not None:
        for key in ("articles", "passages"):
            if not _int(counts[key], 0, MAX_PASSAGES):
                problems.append(f"counts.{key} is not an integer >= 0")
    encoders = _encoder_problems(manifest, generation, problems)
    if generation is not None:
        _files_problems(manifest, generation, encoders, problems)
    return problems


def _minhash_problems(value: Any, problems: list[str]) -> int | None:
    """Check the MinHash parameters as `MinHashParams` and datasketch accept them; num_perm if valid."""
    minhash = _keys("minhash", value, problems)
    if minhash is None:
        return None
    num_perm, threshold = minhash["num_perm"], minhash["threshold"]
    ok = True
    if not _int(num_perm, 16, 1024):
        problems.append("minhash.num_perm is not an integer in 16..1024")
        ok = False
    if not _int(minhash["seed"], 0, (1 << 32) - 1):
        problems.append("minhash.seed is not an integer in 0..2^32-1")
    if not (isinstance(threshold, (int, float)) and not isinstance(threshold, bool)
            and 0.05 <= threshold <= 1.0):
        problems.append("minhash.threshold is not a number in [0.05, 1]")
    if minhash.get("scheme", "affine32") != "affine32":
        problems.append("minhash.scheme is not 'affine32'")
    return num_perm if ok else None


def _lsh_problems(manifest: dict[str, Any], num_perm: int | None, problems: list[str]) -> None:
    files = manifest.get("files")
    has_files = isinstance(files, dict) and ("lsh_keys" in files or "lsh_ids" in files)
    if manifest.get("lsh") is None:
        if has_files:
            problems.append("files names LSH arrays but the manifest has no lsh shape")
        return
    lsh = _keys("lsh", manifest.get("lsh"), problems)
    if lsh is None:
        return
    bands, rows = lsh["bands"], lsh["rows"]
    if not (_int(bands, 1, 1024) and _int(rows, 1, 1024)):
        problems.append("lsh.bands and lsh.rows are not integers in 1..1024")
    elif num_perm is not None and bands * rows > num_perm:
        problems.append(f"lsh uses {bands} x {rows} hash values, more than minhash.num_perm {num_perm}")


def _encoder_problems(manifest: dict[str, Any], generation: int | None, problems: list[str]) -> list[Any]:
    """Check the encoder entries and the `encoder` spec they make; returns the entries (or [])."""
    entries = manifest.get("encoders")
    if not isinstance(entries, list) or len(entries) > MAX_ENCODERS:
        problems.append(f"encoders is not a list of at most {MAX_ENCODERS} entries")
        return []
    names = []
    for i, value in enumerate(entries):
        entry = _keys("encoder entry", value, problems)
        if entry is None:
            return []
        name = entry["name"]
        if not (isinstance(name, str) and (_REGISTRY_NAME.fullmatch(name) or _ST_MODEL.fullmatch(name))
                and "/../" not in name + "/"):
            problems.append(f"encoders[{i}].name is not an encoder name")
        if not _int(entry["dim"], 1, MAX_DIM):
            problems.append(f"encoders[{i}].dim is not an integer in 1..{MAX_DIM}")
        if generation is not None:
            if entry["file"] != vectors_name(i, generation):
                problems.append(f"encoders[{i}].file is not {vectors_name(i, generation)} (this"
                                " generation's own file, in the folder)")
            if "ann" in entry and entry["ann"] != ann_name(i, generation):
                problems.append(f"encoders[{i}].ann is not {ann_name(i, generation)} (this"
                                " generation's own file, in the folder)")
        names.append(name)
    if len(set(map(str, names))) != len(names):
        problems.append("an encoder is listed twice")
    spec = "+".join(map(str, names)) or "none"
    if manifest.get("encoder") != spec:
        problems.append(f"encoder does not match the encoder entries ({spec!r})")
    return entries


def _files_problems(
    manifest: dict[str, Any], generation: int, entries: list[Any], problems: list[str]
) -> None:
    """The file names: exactly the names the writer gives this generation's files."""
    files = manifest.get("files")
    if not isinstance(files, dict):
        problems.append("files is not an object")
        return
    expected = expected_names(generation)
    anns = {f"ann-{i}": e["ann"] for i, e in enumerate(entries) if "ann" in e}
    for key in ("store", "minhash"):
        if key not in files:
            problems.append(f"files lacks {key}")
    for key, name in files.items():
        want = expected.get(key) or (ann_name(int(key[4:]), generation) if re.fullmatch(r"ann-[0-9]{1,2}", key) else None)
        if want is None:
            problems.append(f"files has an unknown key {key!r}")
        elif name != want:
            shown = repr(name)[:80] if isinstance(name, str) else type(name).__name__
            problems.append(f"files.{key} is {shown}, not {want} (this generation's own file, in the folder)")
    if ("lsh_keys" in files) != ("lsh_ids" in files):
        problems.append("files names one LSH array without the other")
    for key, name in anns.items():
        if files.get(key) != name:
            problems.append(f"files.{key} does not name the IVF index of its encoder entry")
    for key in files:
        if key.startswith("ann-") and key not in anns:
            problems.append(f"files.{key} names an IVF index no encoder entry has")
    checksums = manifest.get("checksums")
    if checksums is None:
        # Only sourcetrace before c7b9683 (normaliser v1-v2, refused above) wrote manifests
        # without checksums: without them no file of this folder could be checked.
        problems.append("no checksums (every sourcetrace that can read this index records a SHA-256"
                        " per file, so the manifest was edited); restore a copy or rebuild the index")
        return
    if not isinstance(checksums, dict):
        problems.append("checksums is not an object")
        return
    named = {name for name in [*files.values(), *(e["file"] for e in entries)] if isinstance(name, str)}
    for name, digest in checksums.items():
        if name not in named:
            problems.append(f"checksums names {name[:80]!r}, not a file of this generation")
        elif not (isinstance(digest, str) and _HEX64.fullmatch(digest)):
            problems.append(f"checksums[{name}] is not a SHA-256 hex digest")
