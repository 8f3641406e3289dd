"""Unit tests for helpers.metrics.psnr and helpers.metrics.ssim (notebook 04's image scores).

PSNR values are worked out by hand: 10 log10(range**2 / MSE). SSIM is checked against
scikit-image called directly, which is the library our wrapper averages over images.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from helpers.metrics import mse, psnr, ssim


def rand(shape, seed=0):
    return np.random.default_rng(seed).random(shape)


# --------------------------------------------------------------------------- psnr: hand-computed


def test_psnr_mse_001_is_20_db():
    assert psnr(np.zeros((8, 8)), np.full((8, 8), 0.1)) == pytest.approx(20.0, abs=1e-9)


def test_psnr_mse_00001_is_40_db():
    assert psnr(np.zeros((8, 8)), np.full((8, 8), 0.01)) == pytest.approx(40.0, abs=1e-9)


def test_psnr_is_symmetric_and_sign_free():
    ref = np.full((4, 4), 0.5)
    assert psnr(ref, ref + 0.1) == pytest.approx(20.0)
    assert psnr(ref, ref - 0.1) == pytest.approx(20.0)
    assert psnr(ref + 0.1, ref) == pytest.approx(20.0)


def test_psnr_data_range_255():
    # error 25.5 on a 0..255 scale: MSE 650.25, 10 log10(255**2 / 650.25) = 20 dB
    assert psnr(np.zeros((4, 4)), np.full((4, 4), 25.5), data_range=255) == pytest.approx(20.0)
    # the same error judged against a range of 1: 10 log10(1 / 650.25), far below 0 dB
    assert psnr(np.zeros((4, 4)), np.full((4, 4), 25.5)) == pytest.approx(20 * math.log10(1 / 25.5))


def test_psnr_mixed_errors_in_one_image():
    ref = np.zeros((2, 2))
    est = np.array([[0.2, 0.0], [0.0, 0.0]])  # MSE 0.04 / 4 = 0.01
    assert psnr(ref, est) == pytest.approx(20.0)


def test_psnr_averages_per_image_not_pooled():
    ref = np.zeros((2, 4, 4))
    est = np.stack([np.full((4, 4), 0.1), np.full((4, 4), 0.01)])  # MSE 0.01 and 0.0001
    value = psnr(ref, est)
    assert value == pytest.approx(30.0)  # mean of 20 and 40 dB
    pooled = 10 * math.log10(1 / ((0.01 + 0.0001) / 2))  # about 22.97 dB
    assert abs(value - pooled) > 5


def test_psnr_flattened_rows_with_image_shape():
    ref = np.zeros((2, 16))
    est = np.vstack([np.full(16, 0.1), np.full(16, 0.01)])
    assert psnr(ref, est, image_shape=(4, 4)) == pytest.approx(30.0)
    # the same rows without image_shape are one 2x16 image: the pooled MSE
    assert psnr(ref, est) == pytest.approx(10 * math.log10(1 / 0.00505))


def test_psnr_matches_stacked_images_of_the_same_data():
    ref, est = rand((5, 6, 6), 0), rand((5, 6, 6), 1)
    assert psnr(ref.reshape(5, 36), est.reshape(5, 36), image_shape=(6, 6)) == pytest.approx(psnr(ref, est))
    by_hand = np.mean([10 * math.log10(1 / np.mean((a - b) ** 2)) for a, b in zip(ref, est)])
    assert psnr(ref, est) == pytest.approx(by_hand)


def test_psnr_identical_images_is_inf():
    x = rand((3, 8, 8))
    assert psnr(x, x) == math.inf
    assert psnr(x.reshape(3, 64), x.reshape(3, 64).copy(), image_shape=(8, 8)) == math.inf


def test_psnr_returns_a_python_float():
    assert type(psnr(np.zeros((2, 2)), np.full((2, 2), 0.1))) is float


def test_psnr_halving_the_error_adds_about_6_db():
    ref = np.zeros((4, 4))
    assert psnr(ref, np.full((4, 4), 0.05)) - psnr(ref, np.full((4, 4), 0.1)) == pytest.approx(
        20 * math.log10(2))


# --------------------------------------------------------------------------- psnr: bad input


@pytest.mark.parametrize(("a", "b"), [
    (np.zeros((8, 8)), np.zeros((8, 7))),
    (np.zeros((2, 8, 8)), np.zeros((3, 8, 8))),
    (np.zeros((4, 6)), np.zeros((6, 4))),
])
def test_psnr_shape_mismatch(a, b):
    with pytest.raises(ValueError, match="shapes"):
        psnr(a, b)


@pytest.mark.parametrize("rows", [np.zeros((2, 15)), np.zeros(16), np.zeros((2, 4, 4))])
def test_psnr_image_shape_that_does_not_fit(rows):
    with pytest.raises(ValueError, match="rows of 16 pixels for 4x4 images"):
        psnr(rows, rows, image_shape=(4, 4))


@pytest.mark.parametrize("data_range", [0, 0.0, -1.0, float("nan")])
def test_psnr_data_range_must_be_positive(data_range):
    with pytest.raises(ValueError, match="data_range must be positive"):
        psnr(np.zeros((4, 4)), np.full((4, 4), 0.1), data_range=data_range)


def test_psnr_nan_or_empty():
    x = np.zeros((4, 4))
    y = x.copy()
    y[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        psnr(x, y)
    with pytest.raises(ValueError, match="empty"):
        psnr(np.zeros((0, 4)), np.zeros((0, 4)))


def test_psnr_one_dimensional_input_is_not_scored_per_pixel():
    ref, est = np.array([0.0, 0.0]), np.array([0.0, 0.1])  # one image: MSE 0.005, 23.01 dB
    try:
        value = psnr(ref, est)
    except ValueError:
        return
    assert value == pytest.approx(10 * math.log10(1 / 0.005))


# --------------------------------------------------------------------------- ssim


def test_ssim_identical_is_1():
    x = rand((3, 8, 8))
    assert ssim(x, x) == pytest.approx(1.0)
    assert ssim(x[0], x[0]) == pytest.approx(1.0)


def test_ssim_matches_scikit_image_on_one_8x8_pair():
    from skimage.metrics import structural_similarity  # noqa: PLC0415

    a, b = rand((8, 8), 0), rand((8, 8), 1)
    expected = structural_similarity(a, b, data_range=1.0, win_size=7)
    assert ssim(a, b) == pytest.approx(expected, abs=1e-12)
    assert ssim(a.reshape(1, 64), b.reshape(1, 64), image_shape=(8, 8)) == pytest.approx(expected, abs=1e-12)


def test_ssim_averages_over_images_like_scikit_image():
    from skimage.metrics import structural_similarity  # noqa: PLC0415

    clean = rand((4, 8, 8), 0)
    noisy = np.clip(clean + 0.1 * np.random.default_rng(1).standard_normal(clean.shape), 0, 1)
    expected = np.mean([structural_similarity(a, b, data_range=1.0, win_size=7) for a, b in zip(clean, noisy)])
    assert ssim(clean, noisy) == pytest.approx(expected, abs=1e-12)
    assert ssim(clean.reshape(4, 64), noisy.reshape(4, 64), image_shape=(8, 8)) == pytest.approx(expected,
                                                                                                 abs=1e-12)


def test_ssim_data_range_is_passed_on():
    from skimage.metrics import structural_similarity  # noqa: PLC0415

    a, b = rand((8, 8), 2) * 255, rand((8, 8), 3) * 255
    expected = structural_similarity(a, b, data_range=255, win_size=7)
    assert ssim(a, b, data_range=255) == pytest.approx(expected, abs=1e-12)


def test_ssim_small_odd_and_even_images_use_a_smaller_window():
    from skimage.metrics import structural_similarity  # noqa: PLC0415

    a, b = rand((5, 6), 4), rand((5, 6), 5)
    assert ssim(a, b) == pytest.approx(structural_similarity(a, b, data_range=1.0, win_size=5), abs=1e-12)
    a, b = rand((4, 4), 6), rand((4, 4), 7)
    assert ssim(a, b) == pytest.approx(structural_similarity(a, b, data_range=1.0, win_size=3), abs=1e-12)


def test_ssim_noisier_image_scores_lower():
    clean = rand((3, 16, 16), 0) * 0.6 + 0.2
    noise = np.random.default_rng(1).standard_normal(clean.shape)
    scores = [ssim(clean, np.clip(clean + s * noise, 0, 1)) for s in (0.02, 0.1, 0.3)]
    assert scores[0] > scores[1] > scores[2]
    assert scores[0] < 1.0


def test_ssim_returns_a_python_float():
    assert type(ssim(rand((8, 8)), rand((8, 8), 1))) is float


@pytest.mark.parametrize("shape", [(2, 2), (3, 2, 2), (8, 2), (1, 8)])
def test_ssim_too_small(shape):
    with pytest.raises(ValueError, match="too small"):
        ssim(np.zeros(shape), np.zeros(shape))


@pytest.mark.parametrize("shape", [(64,), (2, 8, 8, 3)])
def test_ssim_needs_2d_images(shape):
    with pytest.raises(ValueError, match="2-D images"):
        ssim(np.zeros(shape), np.zeros(shape))


def test_ssim_bad_input():
    with pytest.raises(ValueError, match="shapes"):
        ssim(np.zeros((8, 8)), np.zeros((8, 9)))
    with pytest.raises(ValueError, match="data_range must be positive"):
        ssim(np.zeros((8, 8)), np.zeros((8, 8)), data_range=0)
    with pytest.raises(ValueError, match="rows of 64 pixels"):
        ssim(np.zeros((2, 63)), np.zeros((2, 63)), image_shape=(8, 8))


def test_mse_per_value_for_reference():
    # psnr's MSE is the per-pixel mean, like helpers.metrics.mse
    assert mse(np.zeros((2, 2)), [[0.2, 0.0], [0.0, 0.0]]) == pytest.approx(0.01)


@pytest.mark.parametrize("metric", [psnr, ssim])
def test_eight_bit_images_with_the_default_data_range_are_refused(metric):
    rng = np.random.default_rng(0)
    clean = rng.random((3, 8, 8)).astype("float32")
    noisy = np.clip(clean + rng.normal(0, 0.1, clean.shape), 0, 1).astype("float32")
    with pytest.raises(ValueError, match="data_range=255"):
        metric(clean * 255, noisy * 255)
    assert metric(clean * 255, noisy * 255, data_range=255) == pytest.approx(metric(clean, noisy), rel=1e-4)


def test_an_estimate_may_overshoot_the_range_a_little():
    clean = np.linspace(0, 1, 64, dtype="float32").reshape(1, 8, 8)
    assert np.isfinite(psnr(clean, clean * 1.2 - 0.1))
