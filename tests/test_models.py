"""Unit tests for helpers.models: building, training and running the Keras autoencoders.

Training is kept tiny (200 digits, a few dozen passes) so the file runs in seconds.
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import warnings

import keras
import numpy as np
import pytest

from helpers.data import load_images
from helpers.metrics import mse
from helpers.models import (
    Autoencoder,
    dense_autoencoder,
    encode,
    architecture,
    linear_autoencoder,
    reconstruct,
    steps_per_epoch,
    training_batches,
    validation_batches,
)

# 64 -> 128 -> 64 -> 2 -> 64 -> 128 -> 64, every layer with a bias, worked out by hand.
DENSE_PARAMS = ((64 * 128 + 128) + (128 * 64 + 64) + (64 * 2 + 2)
                + (2 * 64 + 64) + (64 * 128 + 128) + (128 * 64 + 64))
ENCODER_PARAMS = (64 * 128 + 128) + (128 * 64 + 64) + (64 * 2 + 2)


@pytest.fixture(scope="module")
def digits():
    d = load_images("digits", seed=0)
    return d.x_train[:200], d.x_test[:50]


@pytest.fixture(scope="module")
def built():
    keras.utils.set_random_seed(0)
    return dense_autoencoder(64, 2)


def layer_names(model):
    return [layer.name for layer in model.layers]


# --------------------------------------------------------------------------- dense_autoencoder


def test_returns_a_named_tuple_of_three_models(built):
    assert isinstance(built, Autoencoder)
    ae, encoder, decoder = built
    assert ae is built.autoencoder
    assert encoder is built.encoder
    assert decoder is built.decoder
    for model in built:
        assert isinstance(model, keras.Model)


def test_shapes(built):
    ae, encoder, decoder = built
    assert tuple(ae.input_shape) == (None, 64)
    assert tuple(ae.output_shape) == (None, 64)
    assert tuple(encoder.input_shape) == (None, 64)
    assert tuple(encoder.output_shape) == (None, 2)
    assert tuple(decoder.input_shape) == (None, 2)
    assert tuple(decoder.output_shape) == (None, 64)


def test_layer_names(built):
    _, encoder, decoder = built
    names = layer_names(encoder)
    for name in ("encoder_hidden_1", "encoder_hidden_2", "code"):
        assert name in names
    assert names.index("encoder_hidden_1") < names.index("encoder_hidden_2") < names.index("code")
    names = layer_names(decoder)
    for name in ("decoder_hidden_1", "decoder_hidden_2", "reconstruction"):
        assert name in names
    assert names.index("decoder_hidden_1") < names.index("reconstruction")
    # the decoder mirrors the encoder: 64 first, then 128
    assert decoder.get_layer("decoder_hidden_1").units == 64
    assert decoder.get_layer("decoder_hidden_2").units == 128


def test_parameter_count(built):
    ae, encoder, decoder = built
    assert ae.count_params() == DENSE_PARAMS
    assert encoder.count_params() == ENCODER_PARAMS
    assert decoder.count_params() == DENSE_PARAMS - ENCODER_PARAMS


def test_the_three_models_share_their_layers(built):
    ae, encoder, decoder = built
    assert ae.get_layer("encoder") is encoder
    assert ae.get_layer("decoder") is decoder


def test_autoencoder_is_decoder_of_encoder(built, digits):
    ae, encoder, decoder = built
    x = digits[0][:32]
    direct = keras.ops.convert_to_numpy(ae(x))
    composed = keras.ops.convert_to_numpy(decoder(encoder(x)))
    np.testing.assert_allclose(direct, composed, atol=1e-6)


def test_sigmoid_output_is_in_unit_interval(built):
    ae, _, decoder = built
    rng = np.random.default_rng(0)
    out = keras.ops.convert_to_numpy(decoder(rng.normal(0, 50, (64, 2)).astype("float32")))
    assert out.min() >= 0.0
    assert out.max() <= 1.0
    assert decoder.get_layer("reconstruction").activation.__name__ == "sigmoid"


def test_code_layer_is_linear(built):
    # the codes are plotted and added: no activation squashes them
    _, encoder, _ = built
    assert encoder.get_layer("code").activation.__name__ == "linear"


def test_custom_hidden_widths_and_activation():
    ae, encoder, decoder = dense_autoencoder(64, 3, hidden=[16], activation="tanh", output_activation=None)
    # 64*16+16 + 16*3+3 + 3*16+16 + 16*64+64
    assert ae.count_params() == (64 * 16 + 16) + (16 * 3 + 3) + (3 * 16 + 16) + (16 * 64 + 64)
    assert encoder.get_layer("encoder_hidden_1").activation.__name__ == "tanh"
    assert decoder.get_layer("reconstruction").activation.__name__ == "linear"
    assert "encoder_hidden_2" not in layer_names(encoder)


def test_no_hidden_layers():
    ae, encoder, _ = dense_autoencoder(10, 3, hidden=())
    assert layer_names(encoder)[-1] == "code"
    assert ae.count_params() == (10 * 3 + 3) + (3 * 10 + 10)


def test_model_name():
    ae, _, _ = dense_autoencoder(8, 2, hidden=(4,), name="tiny")
    assert ae.name == "tiny"


@pytest.mark.parametrize("latent_dim", [0, -2])
def test_latent_dim_below_one_is_a_value_error(latent_dim):
    with pytest.raises(ValueError, match="latent_dim"):
        dense_autoencoder(64, latent_dim)


@pytest.mark.parametrize("latent_dim", [2.5, 2.0, "2", True, None])
def test_latent_dim_not_whole_is_a_type_error(latent_dim):
    with pytest.raises(TypeError, match="latent_dim"):
        dense_autoencoder(64, latent_dim)


def test_numpy_integers_are_whole_numbers():
    ae, _, _ = dense_autoencoder(np.int64(16), np.int32(2), hidden=(np.int64(8),))
    assert tuple(ae.output_shape) == (None, 16)


@pytest.mark.parametrize("hidden", ["64", b"64", 64, None])
def test_hidden_not_a_list_is_a_type_error(hidden):
    with pytest.raises(TypeError, match="hidden"):
        dense_autoencoder(64, 2, hidden=hidden)


def test_hidden_width_zero_is_a_value_error():
    with pytest.raises(ValueError, match="hidden layer 2"):
        dense_autoencoder(64, 2, hidden=(32, 0))


def test_hidden_width_fractional_is_a_type_error():
    with pytest.raises(TypeError, match="hidden layer 1"):
        dense_autoencoder(64, 2, hidden=(32.5,))


def test_unknown_activation_is_named():
    with pytest.raises(ValueError, match="'nope'"):
        dense_autoencoder(64, 2, activation="nope")
    with pytest.raises(ValueError, match="output_activation 'sigmoidal'"):
        dense_autoencoder(64, 2, output_activation="sigmoidal")


@pytest.mark.parametrize("latent_dim", [64, 100])
def test_latent_not_narrower_warns_about_the_identity(latent_dim):
    with pytest.warns(UserWarning, match="identity"):
        dense_autoencoder(64, latent_dim, hidden=(8,))


def test_narrow_latent_does_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        dense_autoencoder(64, 63, hidden=(8,))


# --------------------------------------------------------------------------- linear_autoencoder


def test_linear_autoencoder_has_no_biases():
    ae, encoder, decoder = linear_autoencoder(64, 4)
    assert ae.count_params() == 64 * 4 + 4 * 64
    assert encoder.count_params() == 64 * 4
    assert decoder.count_params() == 4 * 64


def test_linear_autoencoder_is_linear(digits):
    ae, _, _ = linear_autoencoder(64, 4)
    x = digits[0][:16] - 0.5
    once = keras.ops.convert_to_numpy(ae(x))
    twice = keras.ops.convert_to_numpy(ae(2 * x))
    summed = keras.ops.convert_to_numpy(ae(x + digits[0][16:32]))
    np.testing.assert_allclose(twice, 2 * once, atol=1e-5)
    np.testing.assert_allclose(summed, once + keras.ops.convert_to_numpy(ae(digits[0][16:32])), atol=1e-5)
    assert np.abs(once).max() > 0  # not trivially zero


def test_linear_autoencoder_is_not_bounded():
    ae, _, _ = linear_autoencoder(8, 2)
    out = keras.ops.convert_to_numpy(ae(np.full((1, 8), 1e4, dtype="float32")))
    assert np.abs(out).max() > 1.0


# --------------------------------------------------------------------------- reconstruct / encode


def test_reconstruct_and_encode_shapes(built, digits):
    ae, encoder, decoder = built
    x = digits[1]
    out = reconstruct(ae, x)
    assert isinstance(out, np.ndarray)
    assert out.shape == (50, 64)
    codes = encode(encoder, x)
    assert isinstance(codes, np.ndarray)
    assert codes.shape == (50, 2)
    np.testing.assert_allclose(reconstruct(decoder, codes), out, atol=1e-6)


def test_reconstruct_accepts_lists_and_float64(built, digits):
    ae, _, _ = built
    x = digits[1][:3]
    np.testing.assert_allclose(reconstruct(ae, x.astype("float64").tolist()), reconstruct(ae, x), atol=1e-6)


def test_reconstruct_in_chunks_matches_one_by_one(digits):
    keras.utils.set_random_seed(5)
    ae, _, _ = dense_autoencoder(64, 2, hidden=(8,))
    x = np.tile(digits[0], (21, 1))[:4100]  # more than one chunk of 4096 rows
    out = reconstruct(ae, x)
    assert out.shape == (4100, 64)
    np.testing.assert_allclose(out[4090:], reconstruct(ae, x[4090:]), atol=1e-6)
    np.testing.assert_allclose(out[:3], reconstruct(ae, x[:3]), atol=1e-6)


def test_wrong_feature_count_names_both_numbers(built, digits):
    ae, encoder, _ = built
    with pytest.raises(ValueError, match=r"63 features.*expects 64"):
        reconstruct(ae, digits[1][:, :63])
    with pytest.raises(ValueError, match=r"784 features.*expects 64"):
        encode(encoder, np.zeros((2, 784), dtype="float32"))


def test_encode_1d_is_a_value_error(built, digits):
    _, encoder, _ = built
    with pytest.raises(ValueError, match="2-D"):
        encode(encoder, digits[1][0])


def test_encode_nan_is_a_value_error(built):
    _, encoder, _ = built
    with pytest.raises(ValueError, match="NaN"):
        encode(encoder, np.full((2, 64), np.nan))


# --------------------------------------------------------------------------- batches for model.fit


def test_training_batches_train_a_model_with_keras_fit(digits):
    keras.utils.set_random_seed(8)
    x_train, x_test = digits
    ae, _, _ = dense_autoencoder(64, 4, hidden=(32,))
    before = mse(x_test, reconstruct(ae, x_test))
    ae.compile(optimizer=keras.optimizers.Adam(3e-3), loss="mse")
    history = ae.fit(training_batches(x_train, batch_size=32, seed=0), epochs=30,
                     steps_per_epoch=steps_per_epoch(len(x_train), 32),
                     validation_data=validation_batches(x_test), verbose=0)
    assert len(history.history["loss"]) == len(history.history["val_loss"]) == 30
    assert mse(x_test, reconstruct(ae, x_test)) < 0.6 * before
    assert history.history["val_loss"][-1] == pytest.approx(mse(x_test, reconstruct(ae, x_test)), rel=1e-3)


def test_training_batches_pair_inputs_with_their_targets():
    x = np.arange(20, dtype="float32").reshape(10, 2)
    batches = iter(training_batches(x, -x, batch_size=3, seed=1))
    for _ in range(8):  # more than two passes: the pipeline repeats
        bx, by = map(np.asarray, next(batches))
        np.testing.assert_array_equal(by, -bx)


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"batch_size": 0}, ValueError, "at least 1"),
    ({"batch_size": 2.5}, TypeError, "whole number"),
    ({"batch_size": 10**9}, ValueError, "absurdly large"),
    ({"seed": -1}, ValueError, "at least 0"),
    ({"y": np.zeros((3, 2), "float32")}, ValueError, "one target row per input row"),
])
def test_training_batches_refuse_bad_settings(kwargs, error, match):
    x = np.zeros((4, 2), "float32")
    with pytest.raises(error, match=match):
        training_batches(x, **kwargs)


def test_validation_batches_refuse_text_and_nan():
    with pytest.raises(TypeError, match="numeric"):
        validation_batches(np.array([["a"]]))
    with pytest.raises(ValueError, match="NaN"):
        validation_batches(np.array([[np.nan]], "float32"))


def test_steps_per_epoch_is_one_pass():
    assert steps_per_epoch(1437, 32) == 45
    assert steps_per_epoch(64, 32) == 2
    with pytest.raises(ValueError):
        steps_per_epoch(0, 32)


def test_architecture_ignores_names_but_sees_widths_and_activations():
    a = dense_autoencoder(64, 2, hidden=(16,), name="a").autoencoder
    b = dense_autoencoder(64, 2, hidden=(16,), name="b").autoencoder
    c = dense_autoencoder(64, 2, hidden=(17,)).autoencoder
    d = dense_autoencoder(64, 2, hidden=(16,), activation="tanh").autoencoder
    assert architecture(a) == architecture(b)
    assert architecture(a) != architecture(c)
    assert architecture(a) != architecture(d)
    assert [kind for kind, *_ in architecture(a)] == ["Dense"] * 4
    assert architecture(a)[0][:3] == ("Dense", 16, "relu")


def test_architecture_refuses_what_is_not_a_model():
    with pytest.raises(TypeError, match="Keras model"):
        architecture([1, 2])


# --------------------------------------------------------------------------- the notebook builds the same model


def _notebook_code(name: str, *markers: str) -> str:
    """The code cells of notebooks/<name> that contain any of ``markers``, in order."""
    import json  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    path = Path(__file__).resolve().parent.parent / "notebooks" / name
    cells = json.loads(path.read_text())["cells"]
    sources = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    chosen = [s for s in sources if any(m in s for m in markers)]
    assert chosen, f"no code cell of {name} contains {markers}"
    return "\n\n".join(chosen)


def test_notebook_02_writes_out_the_model_dense_autoencoder_builds():
    """02 writes the encoder and decoder with keras.layers; 03, 04 and 07 call the helper: same layers."""
    from types import SimpleNamespace  # noqa: PLC0415

    import helpers.models as models_module  # noqa: PLC0415

    source = _notebook_code("02_dense_autoencoder.ipynb", 'encoder = keras.Model(inputs, code, name="encoder")',
                            'decoder = keras.Model(code_input, reconstruction, name="decoder")')
    namespace = {"keras": keras, "np": np, "models": models_module, "LATENT_DIM": 2,
                 "data": SimpleNamespace(input_dim=64, image_shape=(8, 8))}
    exec(compile(source, "02_dense_autoencoder.ipynb", "exec"), namespace)  # noqa: S102 - the course's own notebook
    written = namespace["autoencoder"]
    built = dense_autoencoder(64, 2, hidden=(128, 64))
    assert architecture(written) == architecture(built.autoencoder)
    assert architecture(namespace["encoder"]) == architecture(built.encoder)
    assert architecture(namespace["decoder"]) == architecture(built.decoder)
    assert written.count_params() == built.autoencoder.count_params() == DENSE_PARAMS
    # and the comparison is not blind: another width or activation is seen
    assert architecture(written) != architecture(dense_autoencoder(64, 2, hidden=(128, 32)).autoencoder)
    assert architecture(written) != architecture(dense_autoencoder(64, 2, activation="tanh").autoencoder)


