"""Index folder: build, idempotent add, manifest checks, atomic generations."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from sourcetrace import index as ix
from sourcetrace.errors import EncoderError, EncoderMismatchError, IndexFolderError, InputError
from sourcetrace.records import Article

from .conftest import ARTICLES


def _articles(rows=ARTICLES):
    return [Article.from_dict(a) for a in rows]


def test_build_writes_manifest_store_and_vectors(small_index: Path):
    manifest = json.loads((small_index / "manifest.json").read_text())
    assert manifest["encoder"] == "hash"
    assert manifest["counts"]["articles"] == 3
    assert manifest["counts"]["passages"] >= 6
    assert manifest["minhash"]["num_perm"] == 128
    for name in manifest["files"].values():
        assert (small_index / name).is_file()
    vectors = np.load(small_index / manifest["encoders"][0]["file"], allow_pickle=False)
    assert vectors.shape == (manifest["counts"]["passages"], 256)
    assert not list(small_index.glob("*.pkl")) and not list(small_index.glob("*.pickle"))


def test_add_is_idempotent_by_id_url_and_text(small_index: Path):
    stats = ix.add(small_index, _articles())
    assert (stats.added, stats.duplicates) == (0, 3)
    same_text = dict(ARTICLES[1], id="another-id")
    same_url = dict(ARTICLES[0], id="x2", text="Completely new text about other things entirely.")
    new = {"id": "new-1", "outlet": "cns", "text": "A brand new article about a bridge opening in Wuhan city."}
    stats = ix.add(small_index, _articles([same_text, same_url, new, new]))
    assert (stats.added, stats.duplicates) == (1, 3)
    # trial 83: "7 already indexed" named none of the 7 ids a user's labels pointed to
    assert stats.merged == [("another-id", ARTICLES[1]["id"]), ("x2", ARTICLES[0]["id"])]
    assert stats.to_dict()["merged"][0] == {"id": "another-id", "indexed_as": ARTICLES[1]["id"]}
    # an indexed id or URL with other text (a corrected version) is skipped too, but counted
    # apart, so the user hears that the new text was not indexed (a trial's corrections vanished)
    assert stats.changed == 1
    edited = dict(ARTICLES[2], text=ARTICLES[2]["text"] + " Updated with a correction.")
    stats = ix.add(small_index, _articles([edited, dict(ARTICLES[2], text="  " + ARTICLES[2]["text"])]))
    assert (stats.added, stats.duplicates, stats.changed) == (0, 2, 1)
    assert stats.edited == [ARTICLES[2]["id"]]  # named, so the user can find it (trial 106)
    loaded = ix.Index.open(small_index)
    assert loaded.manifest["counts"]["articles"] == 4
    assert loaded.manifest["generation"] == 2  # the add of nothing new committed no generation
    assert loaded.signatures.shape[0] == loaded.vectors["hash"].shape[0] == loaded.manifest["counts"]["passages"]
    # only the current generation's files remain
    assert len(list(small_index.glob("store-g*.sqlite"))) == 1


def test_build_refuses_to_overwrite_without_replace(small_index: Path):
    with pytest.raises(IndexFolderError, match="already exists"):
        ix.build(small_index, _articles(), encoder="hash")
    stats = ix.build(small_index, _articles()[:1], encoder="hash", replace=True)
    assert stats.added == 1
    assert ix.Index.open(small_index).manifest["counts"]["articles"] == 1


def test_open_with_other_encoder_is_a_clear_error(small_index: Path):
    with pytest.raises(EncoderMismatchError, match="built with encoder 'hash'"):
        ix.Index.open(small_index, encoder="use")


def test_missing_index_and_unknown_encoder(tmp_path: Path):
    with pytest.raises(IndexFolderError, match="no index at"):
        ix.Index.open(tmp_path / "nothing")
    with pytest.raises(EncoderError, match="Unknown encoder: nope"):
        ix.build(tmp_path / "i", _articles(), encoder="nope")


def test_schema_mismatch_is_reported(small_index: Path):
    manifest = json.loads((small_index / "manifest.json").read_text())
    manifest["schema"] = 99
    (small_index / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexFolderError, match="rebuild"):
        ix.Index.open(small_index)


def test_crash_during_add_leaves_previous_index_loadable(small_index: Path, monkeypatch):
    before = json.loads((small_index / "manifest.json").read_text())

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(np, "save", boom)
    new = {"id": "n", "text": "Another new article about ports and shipping lanes in the south."}
    with pytest.raises(OSError):
        ix.add(small_index, _articles([new]))
    monkeypatch.undo()
    after = json.loads((small_index / "manifest.json").read_text())
    assert after == before
    loaded = ix.Index.open(small_index)
    assert loaded.manifest["counts"]["articles"] == 3
    # leftovers of the failed generation were cleaned up
    assert sorted(p.name for p in small_index.glob("store-g*")) == [before["files"]["store"]]


def test_lexical_only_index(tmp_path: Path):
    path = tmp_path / "lex"
    ix.build(path, _articles(), encoder="none")
    loaded = ix.Index.open(path)
    assert loaded.encoder_names == [] and loaded.manifest["encoder"] == "none"


def test_two_encoders_in_one_index(tmp_path: Path):
    path = tmp_path / "two"
    ix.build(path, _articles(), encoder="hash+hash2")
    loaded = ix.Index.open(path)
    assert loaded.encoder_names == ["hash", "hash2"]
    assert loaded.vectors["hash2"].shape[1] == 128


def test_build_refuses_a_folder_of_other_files(tmp_path: Path):
    """A build into a folder that holds no index but files of its own would mix the index in with
    them (a trial was told nothing): refused in one line, nothing written; hidden files are fine."""
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(IndexFolderError, match="holds other files \\('notes.txt'\\) and no index"):
        ix.build(folder, _articles(), encoder="hash")
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    (folder / "notes.txt").unlink()
    (folder / ".DS_Store").write_text("")
    assert ix.build(folder, _articles(), encoder="hash").added == 3


def test_an_index_inside_an_input_folder_is_not_read_as_input(tmp_path: Path):
    """A folder of article or post files may hold an index (`index add FOLDER --index FOLDER/idx`):
    its manifest and vectors are no records (a trial got an 'unknown format' line and a bad
    record); an index folder given as the articles is refused in one line."""
    from sourcetrace.readers import read_posts
    from sourcetrace.sources import read_sources

    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "articles.jsonl").write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), "utf-8")
    ix.build(folder / "idx", _articles(), encoder="hash")
    problems: list[object] = []
    assert len(list(read_sources([str(folder)], problems.append))) == len(ARTICLES) and problems == []
    with pytest.raises(InputError, match="a sourcetrace index, not articles"):
        list(read_sources([str(folder / "idx")], problems.append))
    posts = list(read_posts([folder], problems.append))
    assert len(posts) == len(ARTICLES)
    # the folder's note says it; the articles' own date is read as the posts', said
    assert [getattr(p, "kind", None) for p in problems] == ["note", "note"]
    assert "not read: 1 sourcetrace index" in str(getattr(problems[0], "reason", ""))
    assert "key 'published_at' is read as the posts' created_at" in str(getattr(problems[1], "reason", ""))
    assert all(p.created_at is not None for p in posts)


def test_articles_with_their_own_column_names_are_read_with_column_options(tmp_path: Path) -> None:
    """Seventh trial: a CSV of articles with headline/content/source/date columns could not be
    indexed at all (no --text-col on `index build`); the options now exist as on `check`."""
    from typer.testing import CliRunner

    from sourcetrace.cli.main import app

    csv = tmp_path / "articles.csv"
    csv.write_text("headline,content,source,date\n\"Chang'e-6 lands\",\"The return capsule of China's Chang'e-6"
                   " probe landed in Inner Mongolia on Tuesday afternoon, bringing back the first samples from"
                   " the far side of the moon.\",xinhua,25.06.2024\n", "utf-8")
    runner = CliRunner()
    plain = runner.invoke(app, ["index", "build", str(csv), "--encoder", "none", "--index", str(tmp_path / "a")])
    assert plain.exit_code == 1 and "use --text-col content" in plain.output
    args = ["--text-col", "content", "--title-col", "headline", "--outlet-col", "source", "--time-col", "date"]
    built = runner.invoke(app, ["index", "build", str(csv), "--encoder", "none", "--index", str(tmp_path / "b"), *args])
    assert built.exit_code == 0, built.output
    index = ix.Index.open(tmp_path / "b")
    article = index.store.article(1)
    assert (article.title, article.outlet, article.published_at[:10]) == ("Chang'e-6 lands", "xinhua", "2024-06-25")
    assert "The return capsule" in article.text
    index.close()
    again = runner.invoke(app, ["index", "add", str(csv), "--index", str(tmp_path / "b"), *args])
    assert again.exit_code == 0 and "1 already indexed" in again.output
