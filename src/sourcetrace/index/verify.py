"""`verify` an index folder, and refuse to write on top of one that does not verify.

`verify` reads the current generation as an attacker's: it reports every problem it finds (the
manifest's against the schema, then each file's: present and a regular file inside the folder,
its checksum, its type, dtype and shape, the store's schema, types and links, the LSH and IVF
structures, each encoder's vectors against a sample of their passages embedded again) as one
line each, and never stops at the first. It only reads, and is safe while a
writer runs (it checks the generation the manifest named when it started).

`add`, `update` and `prune` call `verified_manifest` first (every check but the embedding), so
damage (or a forgery) in the current generation is never copied into a new generation that
would then verify.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import IndexFolderError
from ..results import counted
from .ann import ivf_ids_problem, ivf_layout, read_ivf
from .files import load_rows, regular_file, sha256
from .folder import current_generation, load_feed_state, load_manifest, read_manifest, stray_files
from .manifest import MANIFEST, file_names, manifest_problems
from .storecheck import check_store
from .vectorcheck import first_nonfinite_row, vector_problems


@dataclass
class VerifyReport:
    """What `verify` checked and found: errors make an index unusable, warnings do not."""

    path: str
    generation: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    checked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no error was found."""
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        """The report as `sourcetrace index verify --json` prints it."""
        return {
            "path": self.path, "ok": self.ok, "generation": self.generation, "counts": self.counts,
            "checked": self.checked, "errors": self.errors, "warnings": self.warnings,
        }


def verify(path: Path, embed: bool = True) -> VerifyReport:
    """Check the current generation: manifest, files, checksums, types, shapes and internal links,
    and, with `embed`, that each encoder's vectors are its passages' (`vectorcheck`: a sample of
    64 passages embedded again: 3-7 s for use+e5 on two cores; an index without encoders, nothing).

    Raises IndexFolderError only when there is no manifest to check (missing, a link, too
    large, too deep or not JSON); every other problem is an error line in the report.
    """
    manifest = load_manifest(path)
    generation = manifest.get("generation") if isinstance(manifest, dict) else None
    report = VerifyReport(str(path), generation if isinstance(generation, int) else None)
    problems = manifest_problems(manifest)
    if problems:
        report.errors.extend(f"{MANIFEST}: {problem}" for problem in problems)
        return report
    counts = dict(manifest["counts"])
    report.counts = counts
    report.checked.append("manifest")
    present = []
    for name in file_names(manifest):
        try:
            regular_file(path, name)
            present.append(name)
        except FileNotFoundError:
            report.errors.append(f"{name}: missing")
        except IndexFolderError as exc:
            report.errors.append(str(exc))
    _verify_checksums(path, manifest, present, report)
    files, n = manifest["files"], counts["passages"]
    if files["store"] in present:
        store_errors, store_warnings, store_sound = check_store(path / files["store"], counts)
        report.errors.extend(store_errors)
        report.warnings.extend(store_warnings)
        if store_sound:
            report.checked.append("store")
    num_perm = manifest["minhash"]["num_perm"]
    if files["minhash"] in present:
        _verify_rows(path, files["minhash"], "<u8", (n, num_perm), "MinHash signatures", report)
    for enc in manifest["encoders"]:
        if enc["file"] in present:
            _verify_rows(path, enc["file"], "<f4", (n, enc["dim"]), f"{enc['name']} vectors", report)
        if enc.get("ann") in present:
            _verify_ann(path, enc["ann"], n, enc["dim"], f"{enc['name']} ANN index", report)
    if files.get("lsh_keys") in present and files.get("lsh_ids") in present:
        _verify_lsh(path, files, manifest["lsh"]["bands"], n, report)
    # files found damaged already (a checksum, a shape) are not said to be damaged twice
    sound = [enc for enc in manifest["encoders"] if f"{enc['name']} vectors" in report.checked
             and not any(error.startswith(f"{enc['file']}:") for error in report.errors)]
    if embed and sound and "store" in report.checked:
        errors, warnings, checked = vector_problems(path, manifest, sound)
        report.errors.extend(errors)
        report.warnings.extend(warnings)
        report.checked.extend(checked)
    if files.get("feeds") in present:
        try:
            _, feed_problems = load_feed_state(path, manifest)
            report.errors.extend(feed_problems)
            if not feed_problems:
                report.checked.append("feed state")
        except IndexFolderError as exc:
            report.errors.append(str(exc))
    strays = [p.name for p in stray_files(path, manifest)]
    if strays and current_generation(path) == report.generation:
        report.warnings.append(
            f"{len(strays)} file(s) left by an interrupted write ({', '.join(strays[:4])}"
            f"{', ...' if len(strays) > 4 else ''}); the next write removes them"
        )
    return report


def verified_manifest(path: Path) -> dict[str, Any]:
    """The current manifest, after `verify` found no error in its generation (call under the lock).

    Raises IndexFolderError naming the first problem: a write on top of a damaged or forged
    generation would carry the damage into a new one that then verifies. The vectors are not
    embedded again here (`verify`'s `embed`): rows that do not match their passages stay in the
    next generation, where `index verify` finds them as it would have here.
    """
    report = verify(path, embed=False)
    if not report.ok:
        more = f" and {counted(len(report.errors) - 1, 'more problem')}" if len(report.errors) > 1 else ""
        raise IndexFolderError(
            f"{path}: the current generation does not verify ({report.errors[0]}{more});"
            f" nothing was written. Run `sourcetrace index verify --index {path}`, then rebuild"
            " the index or restore a copy"
        )
    return read_manifest(path)


def _verify_checksums(path: Path, manifest: dict[str, Any], present: list[str], report: VerifyReport) -> None:
    checksums = manifest["checksums"]  # present: manifest_problems refuses a manifest without
    for name in file_names(manifest):
        if name not in checksums:
            report.errors.append(f"{name}: no checksum in the manifest")
        elif name in present:
            try:
                if sha256(path, name) != checksums[name]:
                    report.errors.append(f"{name}: checksum mismatch (changed or damaged since written)")
            except (OSError, IndexFolderError) as exc:
                report.errors.append(f"{name}: unreadable ({exc})")
    report.checked.append("checksums")


def _verify_rows(
    path: Path, name: str, dtype: str, shape: tuple[int, int], what: str, report: VerifyReport
) -> None:
    try:
        rows = load_rows(path, name, (dtype,), shape, what)
    except (OSError, IndexFolderError) as exc:
        report.errors.append(str(exc))
        return
    if dtype == "<f4":
        row = first_nonfinite_row(rows)
        if row is not None:
            report.errors.append(f"{what}: row {row} holds NaN or infinite values")
            return
    report.checked.append(what)


def _verify_lsh(path: Path, files: dict[str, str], bands: int, n: int, report: VerifyReport) -> None:
    try:
        keys = load_rows(path, files["lsh_keys"], ("<u8",), (bands, None), "LSH keys")
        ids = load_rows(path, files["lsh_ids"], ("<i4", "<i8"), (bands, keys.shape[1]), "LSH ids")
    except (OSError, IndexFolderError) as exc:
        report.errors.append(str(exc))
        return
    if keys.shape[1] > n:
        report.errors.append(f"LSH arrays hold {keys.shape[1]} entries per band, more than {n} passages")
        return
    for j in range(bands):
        band_keys, band_ids = np.asarray(keys[j]), np.asarray(ids[j])
        if len(band_keys) and (np.any(band_keys[1:] < band_keys[:-1])
                               or band_ids.min() < 0 or band_ids.max() >= n):
            report.errors.append(f"LSH band {j} is not sorted or names passages outside 0..{n - 1}")
            return
    report.checked.append("LSH")


def _verify_ann(path: Path, name: str, n: int, dim: int, what: str, report: VerifyReport) -> None:
    try:
        layout = ivf_layout(path, name, n, dim)
        problem = ivf_ids_problem(path, name, layout, n)
        if problem is None:
            read_ivf(path, name, n, dim)  # and faiss reads it as it will for a query
    except (OSError, IndexFolderError) as exc:
        problem = str(exc)
    if problem:
        report.errors.append(problem)
    else:
        report.checked.append(what)
