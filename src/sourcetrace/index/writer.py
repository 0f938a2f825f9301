"""Writing articles into an index: `build` a new one or `add` to one, one new generation each.

A write copies the current store, appends the new articles and their passages (an article
already stored, by id, URL or text, is skipped), then writes the generation's MinHash
signatures and LSH arrays, each encoder's vectors (and its IVF index above `ANN_MIN_ROWS`
passages), and commits its manifest. Row i of every array file is passage i.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .. import encoders, storedkeys
from .. import lang as langid
from ..errors import EncoderError, EncoderMismatchError, IndexFolderError, InputError
from ..fileio import fsync_file
from ..lexical import MinHashParams, article_forms, build_lsh, lsh_shape, shingles, signatures
from ..normalize import clean_for_encoder, folded
from ..records import Article
from ..segment import passages
from . import checked
from .ann import build_ivf, wants_ivf
from .files import load_rows
from .folder import (
    GENERATION_PREFIXES,
    MANIFEST,
    Generation,
    collect_garbage,
    commit,
    crash_point,
    new_generation,
    next_free_generation,
    read_feed_state,
    remove_quietly,
    writer_lock,
)
from .manifest import check_local_models
from .reader import Index, confirm_encoder
from .store import Store, copy_store, same_story
from .vectorcheck import first_nonfinite_row
from .verify import verified_manifest

BATCH_ARTICLES = 64  # articles per store commit, encoder call and progress tick
Progress = Callable[[int], None]


@dataclass
class WriteStats:
    """What one build/add did."""

    read: int = 0
    added: int = 0
    duplicates: int = 0
    changed: int = 0  # of the duplicates: an indexed id or URL with another text (kept as indexed)
    # their ids (the record's, "ID (indexed as OTHER)" where it is indexed under another), so the
    # user can find them (trial 106: "22 articles ... with other text" named none)
    edited: list[str] = field(default_factory=list)
    # of the duplicates: (the record's id, the id its text or URL is indexed under) where they differ
    merged: list[tuple[str, str]] = field(default_factory=list)
    # of the merged: the record ids whose text is another story than the indexed one's (its id
    # or URL held another article): gold naming them is no mistake to relabel (trial 124)
    other_story: list[str] = field(default_factory=list)
    # of the added: (the record's id, the id of the article indexed at its URL but for the
    # fragment, with another story: "index2.html#cinema" beside "index2.html", trial 124)
    beside: list[tuple[str, str]] = field(default_factory=list)
    passages: int = 0
    # of the added: articles that named no language, whose language was read from their text, and
    # those whose text told none either (`article_language`)
    lang_read: int = 0
    lang_unknown: int = 0
    seconds: float = 0.0
    encode_seconds: float = 0.0
    index_seconds: float = 0.0  # writing the LSH arrays and the ANN indexes

    def to_dict(self) -> dict[str, Any]:
        """The counts, and the times rounded to milliseconds (seconds)."""
        return {
            "read": self.read, "added": self.added, "duplicates": self.duplicates, "changed": self.changed,
            "edited": list(self.edited),
            "merged": [{"id": mine, "indexed_as": kept} for mine, kept in self.merged],
            "beside": [{"id": mine, "page_of": other} for mine, other in self.beside],
            "other_story": list(self.other_story),
            "passages": self.passages, "lang_read": self.lang_read, "lang_unknown": self.lang_unknown,
            "seconds": round(self.seconds, 3),
            "encode_seconds": round(self.encode_seconds, 3),
            "index_seconds": round(self.index_seconds, 3),
        }


def build(
    path: Path,
    articles: Iterable[Article],
    encoder: str = encoders.DEFAULT_ENCODER,
    params: MinHashParams | None = None,
    progress: Progress | None = None,
    replace: bool = False,
    pool: encoders.EncodePool | None = None,
    device: str | None = None,
) -> WriteStats:
    """Create a new index at `path` (an existing one is replaced only with `replace=True`).

    `encoder` is an encoder spec ("use+e5", "none" for a lexical-only index); `pool` encodes on
    other processes (sourcetrace.cluster); `device` places sentence-transformers encoders (cpu,
    cuda, cuda:N; see encoders.load). Raises IndexFolderError if an index exists and not
    `replace`, EncoderError for an unknown encoder or device (before any work), InputError when
    `articles` yield none (an empty input, or every record skipped): nothing is written then, a
    folder the build created is removed and an index being replaced stays as it was.
    """
    names = [] if encoder == "none" else encoders.split_spec(encoder)
    device = encoders.check_device(device)  # a bad device fails before any work
    # fail on a bad encoder before any work
    models = [(pool.load if pool is not None else functools.partial(encoders.load, device=device))(name)
              for name in names]
    created = not path.exists()
    _refuse_other_files(path)
    try:
        with writer_lock(path):
            if (path / MANIFEST).exists() and not replace:
                raise IndexFolderError(
                    f"an index already exists at {path}: use `sourcetrace index add`, or --replace"
                )
            kept = f"{path} is unchanged" if (path / MANIFEST).exists() else f"nothing written to {path}"
            return write_generation(
                path, None, articles, models, params or MinHashParams(), progress, pool=pool,
                empty=f"no articles to index (the input is empty, or every record was skipped): {kept}",
            )
    except InputError:
        if created:  # leave no folder that looks like a half-made index
            remove_quietly(path / ".lock")
            with contextlib.suppress(OSError):
                path.rmdir()
        raise


def _refuse_other_files(path: Path) -> None:
    """Raise IndexFolderError when `path` is a folder that holds no index but files of its own
    (a build there would mix the index's files in with them: a trial built into such a folder and
    was told nothing); hidden files and an interrupted build's own files are no objection."""
    if not path.is_dir() or (path / MANIFEST).exists():
        return
    others = sorted(e.name for e in path.iterdir()
                    if not e.name.startswith(".") and not e.name.startswith(GENERATION_PREFIXES))
    if others:
        shown = ", ".join(repr(name) for name in others[:3]) + (", ..." if len(others) > 3 else "")
        raise IndexFolderError(f"{path} holds other files ({shown}) and no index: build into a new or"
                               " empty folder")


def add(path: Path, articles: Iterable[Article], progress: Progress | None = None,
        pool: encoders.EncodePool | None = None, device: str | None = None,
        confirmed: Iterable[str] = ()) -> WriteStats:
    """Add articles to an existing index; ones already stored (id, URL or text) are skipped.

    `confirmed` names the local models (`st:/path`) the user trusts (see `models_of`). Raises
    IndexFolderError if there is no index at `path` or its current generation does not verify
    (nothing is written on top of damage), EncoderMismatchError if an encoder no longer gives
    vectors of the dimension the index holds, InputError when `articles` yield none (an empty
    input, or every record skipped; the index is left as it was). Articles that are all already
    indexed are no error, and commit no generation.
    """
    device = encoders.check_device(device)
    with writer_lock(path):
        manifest = verified_manifest(path)
        models = models_of(manifest, pool, device, confirmed, path=path)
        return write_generation(
            path, manifest, articles, models, MinHashParams(**manifest["minhash"]), progress, pool=pool,
            empty=f"no articles to add (the input is empty, or every record was skipped): {path} is"
            " unchanged",
        )


def models_of(
    manifest: dict[str, Any], pool: encoders.EncodePool | None = None, device: str | None = None,
    confirmed: Iterable[str] = (), *, path: Path,
) -> list[encoders.Encoder]:
    """The index's encoders, loaded and checked for the dimension the index holds.

    Each spec the user gave (`confirmed`, from --encoder) must be the index's (`reader.
    confirm_encoder`: EncoderError or EncoderMismatchError, naming the index at `path`). A
    manifest can come with someone else's folder, so a model it names by a local path
    (`st:/path`) is loaded only if the user named it too: a model folder holds code and weights
    that loading runs. Raises IndexFolderError otherwise.
    """
    confirmed = list(confirmed)
    for spec in confirmed:
        confirm_encoder(path, manifest, spec)
    check_local_models([enc["name"] for enc in manifest["encoders"]], confirmed)
    load = pool.load if pool is not None else functools.partial(encoders.load, device=device)
    models = [load(enc["name"]) for enc in manifest["encoders"]]
    for enc, model in zip(manifest["encoders"], models):
        if model.dim != enc["dim"]:
            raise EncoderMismatchError(
                f"encoder {enc['name']!r} now gives {model.dim}-d vectors, index has {enc['dim']}-d"
            )
    return models


def write_generation(
    path: Path,
    old: dict[str, Any] | None,
    articles: Iterable[Article],
    models: list[encoders.Encoder],
    params: MinHashParams,
    progress: Progress | None,
    feed_state: Callable[[], dict[str, Any]] | None = None,
    pool: encoders.EncodePool | None = None,
    empty: str | None = None,
) -> WriteStats:
    """Write the generation after `old` (None: a new index) with `articles` appended, and commit it.

    `feed_state` gives the feeds' validators to record once the articles are read (default: the
    old generation's). `empty`: raise InputError with this message, committing nothing, when
    `articles` yield none. Call inside `writer_lock`. On any failure the new files are removed
    and the old generation stays current.
    """
    started = time.perf_counter()
    stats = WriteStats()
    number = (old["generation"] + 1) if old else next_free_generation(path)
    try:
        manifest = _write(path, old, number, articles, models, params, progress, feed_state, pool, empty, stats)
    except _Unchanged:  # every article was already indexed: the current generation stays
        stats.seconds = time.perf_counter() - started
        return stats
    collect_garbage(path, manifest)
    _remember_vectors(path, manifest)
    stats.seconds = time.perf_counter() - started
    return stats


def _remember_vectors(path: Path, manifest: dict[str, Any]) -> None:
    """Hash the new generation's large vector files once more, so that the first `query` after a
    build finds them recorded (`checked`) instead of hashing them itself (a few tenths of a
    second at 100k passages, nothing beside the build). A failure here is left to that query."""
    with contextlib.suppress(IndexFolderError, OSError):
        if not any((path / e["file"]).stat().st_size > checked.QUICK_BYTES for e in manifest["encoders"]):
            return
        index = Index.open(path)
        try:
            index.check_vectors()
        finally:
            index.close()


class _Unchanged(Exception):
    """Nothing to commit: no article was new, and the feeds' validators are the old ones."""


def _write(path: Path, old: dict[str, Any] | None, number: int, articles: Iterable[Article],
           models: list[encoders.Encoder], params: MinHashParams, progress: Progress | None,
           feed_state: Callable[[], dict[str, Any]] | None, pool: encoders.EncodePool | None,
           empty: str | None, stats: WriteStats) -> dict[str, Any]:
    """`write_generation`'s work: the committed manifest; raises _Unchanged (removing the new
    files) when an existing index would gain nothing."""
    with new_generation(path, number) as gen:
        first_pid = old["counts"]["passages"] if old is not None else 0
        store_path = path / gen.files["store"]
        start_store(store_path, path / old["files"]["store"] if old else None)
        crash_point("store-copied")
        new_sigs, new_vecs, counts = _store_articles(
            store_path, articles, models, params, first_pid, stats, progress, pool
        )
        crash_point("store-closed")
        if empty is not None and not stats.read:
            raise InputError(empty)
        state = feed_state() if feed_state is not None else read_feed_state(path, old)
        if old is not None and not stats.added and state == read_feed_state(path, old):
            raise _Unchanged  # a new generation would copy every file for nothing
        old_sigs = (load_rows(path, old["files"]["minhash"], ("<u8",), (first_pid, params.num_perm),
                              "MinHash signatures") if old else None)
        sigs = _appended(old_sigs, new_sigs, (0, params.num_perm), np.uint64)
        gen.save_array(gen.files["minhash"], sigs)
        t0 = time.perf_counter()
        lsh = save_lsh(gen, sigs, params)
        del sigs
        crash_point("minhash-saved")
        entries = [
            _save_vectors(gen, i, model, old["encoders"][i] if old else None, new_vecs[model.name], first_pid)
            for i, model in enumerate(models)
        ]
        crash_point("vectors-saved")
        stats.index_seconds = time.perf_counter() - t0
        return commit(
            gen, old, entries, encoder="+".join(m.name for m in models) or "none", params=params,
            counts=counts, feed_state=state, extra={"lsh": lsh},
        )


def start_store(store_path: Path, previous: Path | None) -> None:
    """Start a generation's store as a copy of the previous generation's (None: no file yet)."""
    remove_quietly(store_path)
    if previous is not None:
        copy_store(previous, store_path)


def _store_articles(
    store_path: Path,
    articles: Iterable[Article],
    models: list[encoders.Encoder],
    params: MinHashParams,
    first_pid: int,
    stats: WriteStats,
    progress: Progress | None,
    pool: encoders.EncodePool | None,
) -> tuple[list[np.ndarray], dict[str, list[np.ndarray]], dict[str, int]]:
    """Append the articles to the store batch by batch, signing and encoding each batch's passages.

    Returns the signatures and each encoder's vectors of the new passages (one array per batch)
    and the store's counts. The store is committed after every batch, closed and fsynced.
    """
    store = Store(store_path)
    try:
        new_sigs: list[np.ndarray] = []
        new_vecs: dict[str, list[Any]] = {m.name: [] for m in models}
        next_pid = first_pid
        for batch in _batches(articles, BATCH_ARTICLES):
            sets, texts, next_pid = _store_batch(store, batch, next_pid, stats, embed=bool(models))
            new_sigs.append(signatures(sets, params))  # one vectorised call per batch
            # one encoder call per batch of articles: full batches, less per-call overhead
            for model in models:
                t0 = time.perf_counter()
                # with a pool (sourcetrace.cluster), a handle now and the vectors after the loop
                handle = model.encode(texts) if pool is None else pool.submit(model, texts)
                new_vecs[model.name].append(handle)
                stats.encode_seconds += time.perf_counter() - t0
            store.commit()
            crash_point("batch-committed")
            if progress:
                progress(len(batch))
        if pool is not None:  # gather the workers' vectors, in submission order
            new_vecs = {name: [pool.result(h) for h in handles] for name, handles in new_vecs.items()}
        counts = store.counts()
    except BaseException:
        with contextlib.suppress(Exception):
            store.close()
        raise
    store.close()
    fsync_file(store_path)
    return new_sigs, new_vecs, counts


def with_title(article: Article) -> Article:
    """The article with its title as the first line of its text, unless the text already opens
    with it (feeds and crawlers often keep the headline apart from the body).

    A headline is what a copying account most often translates alone, so it must be a passage of
    its own; spans then refer to this text, which is the text stored and shown.
    """
    title = (article.title or "").strip()
    if not title:
        return article
    head = folded(article.text[: 3 * len(title) + 200])
    if folded(title) in head:
        return article
    return dataclasses.replace(article, text=f"{title}\n\n{article.text}")


def _store_batch(
    store: Store, batch: list[Article], next_pid: int, stats: WriteStats, embed: bool
) -> tuple[list[set[str]], list[str], int]:
    """Store a batch's new articles and their passages (passage ids from `next_pid` on).

    Returns the new passages' shingle sets, their texts cleaned for the encoders (none unless
    `embed`: a lexical-only index embeds nothing) and the next free passage id.
    """
    # the attribution tables cost ~0.2 s to import: only a write needs them, not every reader
    from ..attribution.byline import detect_origin

    sets: list[set[str]] = []
    texts: list[str] = []
    for article in batch:
        stats.read += 1
        article = with_title(article)
        known, beside = store.placement(article)
        if known is not None:
            kind, kept = known
            stats.duplicates += 1
            if kind == "other text":
                stats.changed += 1
                stats.edited.append(kept if kept == article.id else f"{article.id} (indexed as {kept})")
            if kept != article.id:
                stats.merged.append((article.id, kept))
                if kind != "text" and not same_story(store.text_of(kept), article.text):
                    stats.other_story.append(article.id)  # no advice to relabel (trial 124)
            continue
        if beside is not None:
            stats.beside.append((article.id, beside))
        spans = [(p.start, p.end) for p in passages(article.text)]
        if article.origin is None:  # the agency its byline names (a Xinhua dispatch on a CNS page)
            article = dataclasses.replace(article, origin=detect_origin(article.text))
        if article.lang is None:
            article = dataclasses.replace(article, lang=langid.article_language(article.text))
            stats.lang_read += article.lang is not None
            stats.lang_unknown += article.lang is None
        store.add_article(article, spans, next_pid, article_forms(article.text), storedkeys.stored_keys(article.text))
        next_pid += len(spans)
        pieces = [article.text[s:e] for s, e in spans]
        sets.extend(shingles(t) for t in pieces)
        if embed:
            texts.extend(clean_for_encoder(t) for t in pieces)
        stats.added += 1
        stats.passages += len(spans)
    return sets, texts, next_pid


def _save_vectors(
    gen: Generation, i: int, model: encoders.Encoder, old_entry: dict[str, Any] | None,
    new: list[np.ndarray], first_new: int,
) -> dict[str, Any]:
    """Write encoder i's vectors (the old generation's rows, then the new ones) and its IVF index.

    Returns the encoder's manifest entry (name, dim, file, and "ann" when it has an IVF index).
    Raises EncoderError when a new row holds NaN or an infinite value.
    """
    name = f"vectors-{i}-{gen.tag}.npy"
    old_rows = (load_rows(gen.path, old_entry["file"], ("<f4",), (first_new, model.dim), f"{model.name} vectors")
                if old_entry else None)
    rows = _appended(old_rows, new, (0, model.dim), np.float32)
    bad = first_nonfinite_row(rows[first_new:])
    if bad is not None:  # a NaN row matches nothing: its passage would be silently unfindable
        raise EncoderError(f"encoder {model.name!r} gave NaN or infinite values for passage"
                           f" {first_new + bad}; nothing was written")
    gen.save_array(name, rows)
    del rows
    entry = {"name": model.name, "dim": model.dim, "file": name}
    previous = old_entry.get("ann") if old_entry else None
    ann = save_ann(gen, i, name, gen.path / previous if previous else None, first_new)
    return {**entry, "ann": ann} if ann else entry


def save_lsh(gen: Generation, sigs: np.ndarray, params: MinHashParams) -> dict[str, int]:
    """Write the generation's LSH arrays (listed in its files); returns its shape for the manifest."""
    bands, rows = lsh_shape(params.threshold, params.num_perm)
    keys, ids = build_lsh(sigs, params, (bands, rows))
    for key, array in (("lsh_keys", keys), ("lsh_ids", ids)):
        gen.save_array(f"minhash-{gen.tag}.{key.replace('_', '-')}.npy", array, key=key)
    return {"bands": bands, "rows": rows}


def save_ann(
    gen: Generation, i: int, vectors_name: str, previous: Path | None, first_new: int
) -> str | None:
    """Above ANN_MIN_ROWS passages, write encoder i's IVF index; returns its file name.

    `previous` is the IVF index of the generation this one extends (rows before `first_new`), to
    reuse. The name goes into the encoder's manifest entry ("ann") and into the generation's
    files as "ann-i", so that it is checksummed, and kept by the garbage collection of older
    sourcetrace versions.
    """
    rows = np.load(gen.path / vectors_name, allow_pickle=False, mmap_mode="r")
    if not wants_ivf(rows.shape[0]):
        return None
    name = f"vectors-{i}-{gen.tag}.ivf"
    build_ivf(rows, gen.path / name, previous, first_new)
    fsync_file(gen.path / name)
    gen.files[f"ann-{i}"] = name
    return name


def _appended(
    old_rows: np.ndarray | None, new: list[np.ndarray], empty_shape: tuple[int, int], dtype: type
) -> np.ndarray:
    """The old generation's rows (if any) followed by the new ones, as one contiguous array."""
    parts: list[np.ndarray] = []
    if old_rows is not None:
        parts.append(old_rows)
    parts.extend(new)
    parts = [p for p in parts if len(p)]
    if not parts:
        return np.zeros(empty_shape, dtype=dtype)
    return np.ascontiguousarray(np.vstack(parts), dtype=dtype)


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
