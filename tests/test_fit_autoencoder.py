"""Unit tests for tools.fit_autoencoder, the speed study's all-in-one training helper.

It moved out of ``helpers`` (no notebook uses it); its tests moved here from
tests/test_models.py. Training is kept tiny (200 digits, a few passes).
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np
import pytest

from helpers.data import load_images
from helpers.metrics import mse
from helpers.models import dense_autoencoder, encode, linear_autoencoder, reconstruct
from tools.fit_autoencoder import fit_autoencoder


@pytest.fixture(scope="module")
def digits():
    d = load_images("digits", seed=0)
    return d.x_train[:200], d.x_test[:50]


def test_helpers_no_longer_export_it_and_never_import_tools():
    import helpers.models  # noqa: PLC0415

    assert not hasattr(helpers.models, "fit_autoencoder")
    for path in __import__("pathlib").Path(helpers.models.__file__).parent.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "from tools" not in text and "import tools" not in text, path


def test_fit_history_has_one_value_per_epoch(digits):
    keras.utils.set_random_seed(1)
    ae, _, _ = dense_autoencoder(64, 2, hidden=(16,))
    history = fit_autoencoder(ae, digits[0], digits[1], passes=10, passes_per_epoch=5, batch_size=64)
    assert len(history.history["loss"]) == 2
    assert len(history.history["val_loss"]) == 2
    assert not hasattr(history, "passes_per_epoch")  # a plain Keras History: the course adds nothing
    assert np.all(np.isfinite(history.history["loss"]))
    assert np.all(np.isfinite(history.history["val_loss"]))


def test_fit_without_validation_has_no_val_loss(digits):
    keras.utils.set_random_seed(2)
    ae, _, _ = dense_autoencoder(64, 2, hidden=(8,))
    history = fit_autoencoder(ae, digits[0][:50], passes=3, passes_per_epoch=1)
    assert len(history.history["loss"]) == 3
    assert "val_loss" not in history.history


def test_fit_learns(digits):
    keras.utils.set_random_seed(3)
    x_train, x_test = digits
    ae, encoder, _ = dense_autoencoder(64, 4, hidden=(32,))
    before = mse(x_test, reconstruct(ae, x_test))
    codes_before = encode(encoder, x_test)
    history = fit_autoencoder(ae, x_train, passes=40, passes_per_epoch=5, batch_size=64)
    after = mse(x_test, reconstruct(ae, x_test))
    assert len(history.history["loss"]) == 8
    assert after < 0.5 * before, (before, after)  # about 0.18 -> 0.05
    assert history.history["loss"][-1] < history.history["loss"][0]
    # training the autoencoder trained the encoder it shares layers with
    assert not np.allclose(encode(encoder, x_test), codes_before)


def test_fit_denoising_with_targets(digits):
    keras.utils.set_random_seed(4)
    x_train, x_test = digits
    rng = np.random.default_rng(0)
    noisy = np.clip(x_train + rng.normal(0, 0.3, x_train.shape), 0, 1).astype("float32")
    noisy_val = np.clip(x_test + rng.normal(0, 0.3, x_test.shape), 0, 1).astype("float32")
    ae, _, _ = dense_autoencoder(64, 2, hidden=(16,))
    history = fit_autoencoder(ae, noisy, noisy_val, targets=x_train, val_targets=x_test,
                              passes=5, passes_per_epoch=5)
    assert len(history.history["loss"]) == 1
    assert np.isfinite(history.history["loss"][0])
    # the validation loss compares the noisy inputs' outputs with the clean val_targets
    outputs = reconstruct(ae, noisy_val)
    assert history.history["val_loss"][0] == pytest.approx(mse(x_test, outputs), rel=1e-3)
    assert history.history["val_loss"][0] != pytest.approx(mse(noisy_val, outputs), rel=1e-3)


def test_fit_learns_the_targets_not_the_inputs(digits):
    keras.utils.set_random_seed(6)
    x_train, x_test = digits
    ae, _, _ = dense_autoencoder(64, 2, hidden=(16,))
    fit_autoencoder(ae, x_train, targets=1 - x_train, passes=10, passes_per_epoch=5)
    outputs = reconstruct(ae, x_test)
    assert mse(1 - x_test, outputs) < mse(x_test, outputs)


@pytest.fixture(scope="module")
def small():
    return dense_autoencoder(64, 2, hidden=(8,)).autoencoder


@pytest.mark.parametrize(("passes", "per_epoch"), [(7, 5), (5, 10), (1, 2)])
def test_fit_passes_not_a_multiple(small, digits, passes, per_epoch):
    with pytest.raises(ValueError, match="multiple of passes_per_epoch"):
        fit_autoencoder(small, digits[0], passes=passes, passes_per_epoch=per_epoch)


@pytest.mark.parametrize("kwargs", [{"passes": 0}, {"passes_per_epoch": 0}, {"batch_size": 0}])
def test_fit_counts_below_one(small, digits, kwargs):
    with pytest.raises(ValueError, match="at least 1"):
        fit_autoencoder(small, digits[0], **kwargs)


def test_fit_targets_outside_unit_interval_with_sigmoid(small, digits):
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        fit_autoencoder(small, digits[0], targets=digits[0] * 16, passes=5)


def test_fit_inputs_outside_unit_interval_with_sigmoid(small, digits):
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        fit_autoencoder(small, digits[0] - 0.5, passes=5)


def test_fit_centred_data_is_fine_without_sigmoid(digits):
    ae, _, _ = linear_autoencoder(64, 2)
    x = digits[0][:50] - digits[0][:50].mean(axis=0)
    history = fit_autoencoder(ae, x, passes=1, passes_per_epoch=1)
    assert np.isfinite(history.history["loss"][0])


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_fit_nan_in_x_train(small, digits, bad):
    x = digits[0].copy()
    x[3, 7] = bad
    with pytest.raises(ValueError, match="NaN"):
        fit_autoencoder(small, x, passes=5)


def test_fit_nan_in_x_val(small, digits):
    x_val = digits[1].copy()
    x_val[0, 0] = np.nan
    with pytest.raises(ValueError, match="x_val"):
        fit_autoencoder(small, digits[0], x_val, passes=5)


def test_fit_1d_x_train(small, digits):
    with pytest.raises(ValueError, match="2-D"):
        fit_autoencoder(small, digits[0][0], passes=5)


def test_fit_empty_x_train(small):
    with pytest.raises(ValueError, match="non-empty"):
        fit_autoencoder(small, np.zeros((0, 64), dtype="float32"), passes=5)


def test_fit_targets_wrong_rows(small, digits):
    with pytest.raises(ValueError, match="one target row per input row"):
        fit_autoencoder(small, digits[0], targets=digits[0][:-1], passes=5)


def test_fit_targets_wrong_width(small, digits):
    with pytest.raises(ValueError, match="targets"):
        fit_autoencoder(small, digits[0], targets=digits[0][:, :63], passes=5)


def test_fit_string_x_is_a_type_error(small):
    with pytest.raises(TypeError, match="numeric"):
        fit_autoencoder(small, np.array([["0.1"] * 64] * 4), passes=5)


def test_fit_returns_a_plain_keras_history(digits):
    keras.utils.set_random_seed(7)
    ae, _, _ = dense_autoencoder(64, 2, hidden=(8,))
    history = fit_autoencoder(ae, digits[0][:50], passes=2, passes_per_epoch=1)
    assert type(history) is keras.callbacks.History
    course_attributes = {"seconds", "passes_per_epoch", "examples_per_second", "madds_per_example"}
    assert not course_attributes & set(vars(history))


def test_fit_refuses_a_learning_rate_that_is_not_a_positive_number(digits):
    ae = dense_autoencoder(64, 2)
    for bad, kind in ((float("nan"), ValueError), (0.0, ValueError), (-1e-3, ValueError), (1e6, ValueError),
                      ("fast", TypeError), (True, TypeError)):
        with pytest.raises(kind, match="learning_rate"):
            fit_autoencoder(ae.autoencoder, digits[0][:50], passes=1, passes_per_epoch=1, learning_rate=bad)


def test_fit_says_so_when_the_loss_becomes_nan(digits):
    ae = dense_autoencoder(64, 2, output_activation=None)
    x = digits[0][:64].copy()
    x[0, 0] = 1e30  # one absurd pixel: the squared error overflows float32 to inf, then NaN
    with pytest.raises(ValueError, match="smaller learning_rate"):
        fit_autoencoder(ae.autoencoder, x, passes=2, passes_per_epoch=1, batch_size=64)


def test_fit_gives_corrupt_a_copy_and_checks_what_it_returns(digits):
    x = digits[0][:64].copy()
    before = x.copy()

    def in_place(batch, rng):
        batch[:] = 0.0  # a corruption that edits its input
        return batch

    ae = dense_autoencoder(64, 2)
    fit_autoencoder(ae.autoencoder, x, digits[1][:20], val_targets=digits[1][:20], corrupt=in_place,
                    passes=1, passes_per_epoch=1)
    np.testing.assert_array_equal(x, before)  # the clean data (and so the targets) are untouched
    for wrong, match in ((lambda b, r: b[:, :10], "shaped like x"), (lambda b, r: b * np.nan, "NaN"),
                         (lambda b, r: "noisy", "array of numbers")):
        with pytest.raises((ValueError, TypeError), match=match):
            fit_autoencoder(ae.autoencoder, x, corrupt=wrong, passes=1, passes_per_epoch=1)
    with pytest.raises(TypeError, match="corrupt must be a function"):
        fit_autoencoder(ae.autoencoder, x, corrupt="gaussian", passes=1, passes_per_epoch=1)
