"""Unit tests for helpers.convnets: the convolutional autoencoder and the U-Net.

The models are built small and trained for a few passes at most, so the file runs in seconds.
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers.checks import CheckFailed, check_latent_shift  # noqa: E402
from helpers.convnets import conv_autoencoder, conv_unet  # noqa: E402
from helpers.faces import draw_glasses, load_faces  # noqa: E402
from helpers.models import Autoencoder, encode, reconstruct  # noqa: E402
from tools.fit_autoencoder import fit_autoencoder  # noqa: E402 (the speed study's old helper)


@pytest.fixture(scope="module")
def faces():
    data = load_faces()
    return data.x_train[:32], data.x_test[:8]


@pytest.fixture(scope="module")
def built():
    keras.utils.set_random_seed(0)
    return conv_autoencoder()


@pytest.fixture(scope="module")
def unet():
    keras.utils.set_random_seed(0)
    return conv_unet()


def names(model):
    return [layer.name for layer in model.layers]


# --------------------------------------------------------------------------- conv_autoencoder


def test_autoencoder_is_three_models_with_named_layers(built):
    assert isinstance(built, Autoencoder)
    ae, encoder, decoder = built
    assert names(encoder) == ["input", "image", "encoder_conv_1", "encoder_conv_2", "flatten", "code"]
    assert names(decoder) == ["code_input", "decoder_dense", "decoder_grid", "decoder_deconv_1",
                              "decoder_deconv_2", "output_conv", "flatten_output", "reconstruction"]
    assert ae.name == "conv_autoencoder"


def test_autoencoder_shapes(built):
    ae, encoder, decoder = built
    assert ae.input_shape == (None, 576) and ae.output_shape == (None, 576)
    assert encoder.output_shape == (None, 32) and decoder.input_shape == (None, 32)
    assert tuple(encoder.get_layer("encoder_conv_1").output.shape[1:]) == (12, 12, 16)
    assert tuple(encoder.get_layer("encoder_conv_2").output.shape[1:]) == (6, 6, 32)
    assert tuple(decoder.get_layer("decoder_deconv_2").output.shape[1:]) == (24, 24, 16)


def test_autoencoder_is_decoder_of_encoder_with_outputs_in_unit_interval(built, faces):
    ae, encoder, decoder = built
    x = faces[1]
    out = reconstruct(ae, x)
    assert out.shape == x.shape and out.min() >= 0 and out.max() <= 1
    np.testing.assert_allclose(reconstruct(decoder, encode(encoder, x)), out, atol=1e-5)


def test_other_sizes_and_depths():
    ae, encoder, _ = conv_autoencoder((16, 32), filters=(8,), latent_dim=4)
    assert ae.output_shape == (None, 512) and encoder.output_shape == (None, 4)
    assert "encoder_conv_2" not in names(encoder)
    assert conv_unet((16, 16), filters=(4, 8, 8)).output_shape == (None, 256)


# --------------------------------------------------------------------------- conv_unet


def test_unet_has_skip_connections(unet):
    concatenations = [layer for layer in unet.layers if isinstance(layer, keras.layers.Concatenate)]
    assert sorted(layer.name for layer in concatenations) == ["skip_0", "skip_1"]
    assert "code" not in names(unet), "the U-Net has no dense code"
    skip_0 = unet.get_layer("skip_0")
    assert tuple(skip_0.output.shape[1:]) == (24, 24, 16 + 1), "the input image itself joins the last level"
    assert tuple(unet.get_layer("skip_1").output.shape[1:]) == (12, 12, 16 + 16)


def test_unet_shapes_and_range(unet, faces):
    assert unet.input_shape == (None, 576) and unet.output_shape == (None, 576)
    assert names(unet)[-1] == "reconstruction"
    out = reconstruct(unet, faces[1])
    assert out.shape == (8, 576) and out.min() >= 0 and out.max() <= 1


def test_both_train_with_fit_autoencoder(faces, unet):
    x_train, x_test = faces

    def glasses(x, rng):
        return draw_glasses(x, jitter=1.0, rng=rng)

    keras.utils.set_random_seed(0)
    history = fit_autoencoder(unet, x_train, draw_glasses(x_test), val_targets=x_test, corrupt=glasses,
                              passes=4, passes_per_epoch=2, batch_size=16)
    assert len(history.history["loss"]) == 2 and np.all(np.isfinite(history.history["val_loss"]))
    # the sigmoid output is found, so targets outside [0, 1] are refused
    with pytest.raises(ValueError, match="sigmoid"):
        fit_autoencoder(conv_autoencoder().autoencoder, x_train, targets=x_train * 2, passes=1,
                        passes_per_epoch=1)


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize("kwargs, error, words", [
    ({"image_shape": (25, 24)}, ValueError, "divisible"),
    ({"image_shape": (24, 24), "filters": (8, 8, 8, 8)}, ValueError, "divisible by 2\\*\\*4 = 16"),
    ({"filters": ()}, ValueError, "empty"),
    ({"filters": (16, 0)}, ValueError, "at least 1"),
    ({"filters": (16.5,)}, TypeError, "whole number"),
    ({"filters": "16"}, TypeError, "list"),
    ({"filters": 16}, TypeError, "list"),
    ({"image_shape": (24,)}, TypeError, "image_shape"),
    ({"image_shape": (24, 24, 1)}, TypeError, "image_shape"),
    ({"image_shape": (0, 24)}, ValueError, "at least 1"),
])
@pytest.mark.parametrize("build", [conv_autoencoder, conv_unet])
def test_bad_arguments_are_explained(build, kwargs, error, words):
    with pytest.raises(error, match=words):
        build(**kwargs)


@pytest.mark.parametrize("latent_dim, error", [(0, ValueError), (2.5, TypeError), (True, TypeError)])
def test_bad_latent_dim(latent_dim, error):
    with pytest.raises(error, match="latent_dim"):
        conv_autoencoder(latent_dim=latent_dim)


# --------------------------------------------------------------------------- check_latent_shift


@pytest.fixture(scope="module")
def shift_case(built, faces):
    _, encoder, decoder = built
    x = faces[1][:4]
    direction = np.random.default_rng(0).normal(0, 5, 32).astype("float32")
    return x, encoder, decoder, direction


def test_check_latent_shift_accepts_the_right_answer(shift_case, capsys):
    x, encoder, decoder, direction = shift_case
    images = reconstruct(decoder, encode(encoder, x) - direction)
    check_latent_shift(images, x, encoder, decoder, direction, strength=-1.0)
    assert capsys.readouterr().out.startswith("\u2714")


@pytest.mark.parametrize("mistake, words", [
    ("added", "wrong way"),
    ("unchanged", "unchanged codes"),
    ("codes", "codes, not faces"),
    ("inputs", "input faces"),
    ("few", "shape"),
    ("other", "differs"),
])
def test_check_latent_shift_explains_mistakes(shift_case, mistake, words):
    x, encoder, decoder, direction = shift_case
    codes = encode(encoder, x)
    answer = {
        "added": lambda: reconstruct(decoder, codes + direction),
        "unchanged": lambda: reconstruct(decoder, codes),
        "codes": lambda: codes - direction,
        "inputs": lambda: x,
        "few": lambda: reconstruct(decoder, codes - direction)[:2],
        "other": lambda: reconstruct(decoder, codes - 2 * direction),
    }[mistake]()
    with pytest.raises(CheckFailed, match=words):
        check_latent_shift(answer, x, encoder, decoder, direction, strength=-1.0)


# --------------------------------------------------------------------------- notebook 05 builds the same models


def _notebook_05(*markers: str) -> dict:
    """Run the code cells of notebook 05 that contain ``markers`` (in order) and return their names."""
    import json  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415
    from types import SimpleNamespace  # noqa: PLC0415

    import helpers.convnets as convnets_module  # noqa: PLC0415
    import helpers.models as models_module  # noqa: PLC0415

    path = Path(__file__).resolve().parent.parent / "notebooks" / "05_image_to_image.ipynb"
    cells = ["".join(c["source"]) for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
    namespace = {"keras": keras, "np": np, "models": models_module, "convnets": convnets_module,
                 "FILTERS": (16, 32), "LATENT_DIM": 32, "data": SimpleNamespace(image_shape=(24, 24))}
    for marker in markers:
        chosen = [c for c in cells if marker in c]
        assert len(chosen) == 1, f"expected one cell of notebook 05 with {marker!r}"
        exec(compile(chosen[0], "05_image_to_image.ipynb", "exec"), namespace)  # noqa: S102
    return namespace


def test_notebook_05_writes_out_the_conv_autoencoder_convnets_builds():
    from helpers.models import architecture  # noqa: PLC0415

    ns = _notebook_05('name="encoder_conv_1")(x)', 'name="decoder_deconv_1")(y)')
    built = conv_autoencoder((24, 24), (16, 32), 32)
    assert architecture(ns["autoencoder"]) == architecture(built.autoencoder)
    assert architecture(ns["encoder"]) == architecture(built.encoder)
    assert architecture(ns["decoder"]) == architecture(built.decoder)
    assert ns["autoencoder"].count_params() == built.autoencoder.count_params()


def test_notebook_05_writes_out_the_unet_conv_unet_builds():
    from helpers.models import architecture  # noqa: PLC0415

    ns = _notebook_05("def unet(")
    written, built = ns["unet"](), conv_unet((24, 24), (16, 32))
    assert architecture(written) == architecture(built)
    assert [layer.name for layer in written.layers if isinstance(layer, keras.layers.Concatenate)] == \
        [layer.name for layer in built.layers if isinstance(layer, keras.layers.Concatenate)] == ["skip_1", "skip_0"]
    # the control without skips is a different network, seen as such
    assert architecture(ns["unet"](skips=False)) != architecture(built)
    assert not [layer for layer in ns["unet"](skips=False).layers if isinstance(layer, keras.layers.Concatenate)]


def test_conv_unet_keeps_only_the_skips_asked_for():
    from helpers.models import architecture  # noqa: PLC0415

    def skips(model):
        return [layer.name for layer in model.layers if isinstance(layer, keras.layers.Concatenate)]

    assert skips(conv_unet((24, 24), (16, 32), skip_levels=(0,))) == ["skip_0"]
    assert skips(conv_unet((24, 24), (16, 32), skip_levels=(1,))) == ["skip_1"]
    none = conv_unet((24, 24), (16, 32), skip_levels=())
    assert skips(none) == []
    assert architecture(conv_unet((24, 24), (16, 32), skip_levels=(0, 1))) == \
        architecture(conv_unet((24, 24), (16, 32)))
    assert none.output_shape == (None, 576)
    with pytest.raises(ValueError, match="do not exist"):
        conv_unet((24, 24), (16, 32), skip_levels=(2,))
    with pytest.raises(TypeError, match="list of levels"):
        conv_unet((24, 24), (16, 32), skip_levels=0)


def test_notebook_05_no_skip_control_is_conv_unet_without_skips():
    from helpers.models import architecture  # noqa: PLC0415

    ns = _notebook_05("def unet(")
    assert architecture(ns["unet"](skips=False)) == \
        architecture(conv_unet((24, 24), (16, 32), skip_levels=()))
