"""Unit tests for helpers.vae: the sampling layer, the VAE model, its loss terms and the sweep slider.

The training test runs on the backend of this process (KERAS_BACKEND); a second test trains the
same helper in a JAX subprocess when JAX is importable, and is skipped with a message otherwise.
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import importlib.util  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import vae as V  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def test_import_helpers_vae_imports_no_keras():
    code = "import sys, helpers.vae; print('keras' in sys.modules, 'tensorflow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.stdout.split() == ["False", "False"]


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute"):
        V.Samplingg  # noqa: B018


# --------------------------------------------------------------------------- architecture


def test_dense_vae_builds_the_notebook_09_layers():
    vae, encoder, decoder = V.dense_vae(64, 2, hidden=(128, 64))
    assert [layer.name for layer in encoder.layers[1:]] == ["encoder_hidden_1", "encoder_hidden_2", "z_mean",
                                                            "z_log_var"]
    assert V.layer_summary(encoder) == [("Dense", 128, "relu"), ("Dense", 64, "relu"), ("Dense", 2, "linear"),
                                        ("Dense", 2, "linear")]
    assert V.layer_summary(decoder) == [("Dense", 64, "relu"), ("Dense", 128, "relu"), ("Dense", 64, "sigmoid")]
    out = vae(np.zeros((3, 64), dtype="float32"))
    assert tuple(out.shape) == (3, 64)
    assert vae.beta == 1.0 and vae.name == "vae"


def test_dense_vae_matches_the_plain_autoencoders_widths():
    from helpers.models import dense_autoencoder  # noqa: PLC0415

    plain = dense_autoencoder(64, 2, hidden=(128, 64))
    assert V.layer_summary(V.dense_vae(64, 2).decoder) == V.layer_summary(plain.decoder)
    assert V.layer_summary(V.dense_vae(64, 2).encoder)[:2] == V.layer_summary(plain.encoder)[:2]


@pytest.mark.parametrize("kwargs, error, message", [
    ({"latent_dim": 0}, ValueError, "at least 1"),
    ({"latent_dim": 2.5}, TypeError, "whole number"),
    ({"hidden": "128"}, TypeError, "list of widths"),
    ({"hidden": (128, 0)}, ValueError, "at least 1"),
    ({"beta": -1.0}, ValueError, "beta"),
    ({"beta": float("inf")}, ValueError, "beta"),
    ({"beta": True}, ValueError, "beta"),
])
def test_dense_vae_refuses_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        V.dense_vae(**{"input_dim": 64, **kwargs})


def test_layer_summary_refuses_a_non_model():
    with pytest.raises(TypeError, match="Keras model"):
        V.layer_summary("encoder")


# --------------------------------------------------------------------------- sampling and the KL loss


def test_sampling_draws_with_the_given_mean_and_standard_deviation():
    import keras  # noqa: PLC0415

    layer = V.Sampling(seed=3)
    mean = np.tile(np.array([[1.0, -2.0]], dtype="float32"), (20000, 1))
    log_var = np.tile(np.log(np.array([[0.25, 4.0]], dtype="float32")), (20000, 1))
    z = keras.ops.convert_to_numpy(layer([mean, log_var]))
    np.testing.assert_allclose(z.mean(axis=0), [1.0, -2.0], atol=0.05)
    np.testing.assert_allclose(z.std(axis=0), [0.5, 2.0], rtol=0.03)
    assert layer.get_config()["seed"] == 3


def test_sampling_is_repeatable_with_a_seed_and_varies_between_calls():
    import keras  # noqa: PLC0415

    mean, log_var = np.zeros((4, 2), "float32"), np.zeros((4, 2), "float32")
    a, b = V.Sampling(seed=1), V.Sampling(seed=1)
    first_a = keras.ops.convert_to_numpy(a([mean, log_var]))
    np.testing.assert_allclose(first_a, keras.ops.convert_to_numpy(b([mean, log_var])))
    assert not np.allclose(first_a, keras.ops.convert_to_numpy(a([mean, log_var])))


def test_vae_call_adds_beta_times_the_mean_kl_as_a_loss():
    import keras  # noqa: PLC0415

    vae, encoder, _ = V.dense_vae(64, 2, beta=2.5, seed=0)
    x = np.random.default_rng(0).random((5, 64)).astype("float32")
    vae(x)
    mean, log_var = (keras.ops.convert_to_numpy(t) for t in encoder(x))
    expected = 2.5 * V.kl_divergence(mean, log_var).mean()
    assert len(vae.losses) == 1
    np.testing.assert_allclose(keras.ops.convert_to_numpy(vae.losses[0]), expected, rtol=1e-4)


def test_kl_divergence_closed_form():
    assert V.kl_divergence(np.zeros((2, 3)), np.zeros((2, 3))) == pytest.approx([0.0, 0.0])
    # one dimension, mean 1, variance 1: KL = 0.5
    assert V.kl_divergence([[1.0]], [[0.0]]) == pytest.approx([0.5])
    rng = np.random.default_rng(0)
    assert np.all(V.kl_divergence(rng.normal(size=(50, 4)), rng.normal(size=(50, 4))) >= 0)
    with pytest.raises(ValueError, match="same|shape"):
        V.kl_divergence(np.zeros((2, 3)), np.zeros((2, 2)))


def test_reconstruction_loss_sums_cross_entropy_over_pixels():
    import keras  # noqa: PLC0415

    x = np.array([[0.0, 1.0, 0.5]], dtype="float32")
    x_hat = np.array([[0.1, 0.8, 0.5]], dtype="float32")
    expected = -(np.log(0.9) + np.log(0.8) + np.log(0.5))
    got = keras.ops.convert_to_numpy(V.reconstruction_loss(x, x_hat))
    assert got.shape == (1,)
    np.testing.assert_allclose(got, [expected], rtol=1e-4)


# --------------------------------------------------------------------------- training, on this backend and on JAX

TRAIN = """
import numpy as np, keras
from helpers import vae as V
from helpers.data import load_images
keras.utils.set_random_seed(0)
data = load_images("digits")
x = data.x_train[:512]
vae, encoder, decoder = V.dense_vae(64, 2, seed=0)
vae.compile(optimizer=keras.optimizers.Adam(3e-3), loss=V.reconstruction_loss)
history = vae.fit(x, x, epochs=6, batch_size=32, verbose=0).history["loss"]
terms = V.loss_terms(encoder, decoder, data.x_test)
print(keras.backend.backend(), history[0], history[-1], terms.reconstruction, terms.kl)
"""


def _train(env: dict) -> list[str]:
    out = subprocess.run([sys.executable, "-c", TRAIN], capture_output=True, text=True, cwd=ROOT, timeout=300,
                         env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), env.pop("EXTRA_PATH", "")]),
                              **env})
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.split()


def _check_training(fields: list[str], backend: str) -> None:
    name, first, last, reconstruction, kl = fields[-5], *map(float, fields[-4:])
    assert name == backend
    assert last < first, "the VAE's loss should fall during training"
    assert 0 < kl < 20 and 0 < reconstruction < 40, (reconstruction, kl)


@pytest.mark.slow
def test_vae_trains_with_plain_fit_on_tensorflow():
    _check_training(_train({"KERAS_BACKEND": "tensorflow"}), "tensorflow")


def _jax_path() -> str | None:
    """Where JAX can be imported from: this environment, or VAE_TEST_JAX_PATH (a pip --target folder)."""
    if importlib.util.find_spec("jax") is not None:
        return ""
    extra = os.environ.get("VAE_TEST_JAX_PATH")
    return extra if extra and Path(extra, "jax").is_dir() else None


def test_vae_trains_with_plain_fit_on_jax():
    path = _jax_path()
    if path is None:
        pytest.skip("JAX is not installed (make lab BACKEND=jax installs it): the JAX training run is skipped")
    _check_training(_train({"KERAS_BACKEND": "jax", "EXTRA_PATH": path}), "jax")


# --------------------------------------------------------------------------- measuring


def test_loss_terms_of_a_vae():
    from helpers.data import load_images  # noqa: PLC0415

    _, encoder, decoder = V.dense_vae(64, 3, seed=0)
    x = load_images("digits").x_test[:40]
    terms = V.loss_terms(encoder, decoder, x)
    assert terms.kl_per_dimension.shape == (3,)
    assert terms.kl == pytest.approx(terms.kl_per_dimension.sum())
    assert terms.reconstruction > 0 and "nats per image" in str(terms)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        V.loss_terms(encoder, decoder, x * 16)
    with pytest.raises(ValueError, match="rows"):
        V.loss_terms(encoder, decoder, x[0])


def test_confident_rate():
    p = np.array([[0.95, 0.05], [0.6, 0.4], [0.05, 0.95], [0.9, 0.1]])
    assert V.confident_rate(p) == 0.5  # 0.9 itself is not above 0.9
    assert V.confident_rate(p, level=0.5) == 1.0
    with pytest.raises(ValueError, match="sum to 1"):
        V.confident_rate(np.array([[2.0, -1.0, 0.0]]))
    with pytest.raises(ValueError, match="predict_proba"):
        V.confident_rate(np.array([0.9, 0.1]))
    with pytest.raises(ValueError, match="level"):
        V.confident_rate(p, level=1.0)


def test_sweep_explorer_shows_the_chosen_setting():
    rng = np.random.default_rng(0)
    images = {"0.5": rng.random((20, 64)), "4": rng.random((20, 64))}
    captions = {"0.5": "small beta", "4": "large beta"}
    explorer = V.sweep_explorer(images, captions, (8, 8))
    assert explorer.current == "0.5" and explorer.caption.value == "small beta"
    first = explorer.image.value
    explorer.slider.value = "4"
    assert explorer.caption.value == "large beta" and explorer.image.value != first
    with pytest.raises(ValueError, match="same labels"):
        V.sweep_explorer(images, {"0.5": "x"}, (8, 8))
    with pytest.raises(ValueError, match="shape"):
        V.sweep_explorer({"1": rng.random((20, 10))}, {"1": "x"}, (8, 8))
