"""Unit tests for helpers.noise: the corruptions of notebook 04 and the per-image filter."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.noise import KINDS, corrupt, filter_images, gaussian, mask, salt_and_pepper

CORRUPTIONS = [(gaussian, 0.2), (salt_and_pepper, 0.2), (mask, 0.2)]
IDS = ["gaussian", "salt_and_pepper", "mask"]


def images(shape=(20, 64), seed=0):
    return np.random.default_rng(seed).random(shape).astype("float32")


def grey(n=100_000, value=0.5):
    return np.full(n, value, dtype="float32")


# --------------------------------------------------------------------------- shared behaviour


@pytest.mark.parametrize(("fn", "level"), CORRUPTIONS, ids=IDS)
@pytest.mark.parametrize("shape", [(20, 64), (3, 8, 8), (50,)])
def test_output_in_unit_interval_with_the_same_shape(fn, level, shape):
    x = images(shape)
    y = fn(x, level, 0)
    assert y.shape == x.shape
    assert y.dtype == np.float32
    assert y.min() >= 0.0
    assert y.max() <= 1.0
    assert not np.array_equal(y, x)


@pytest.mark.parametrize(("fn", "level"), CORRUPTIONS, ids=IDS)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_input_is_not_modified(fn, level, dtype):
    x = images().astype(dtype)
    before = x.copy()
    y = fn(x, level, 1)
    np.testing.assert_array_equal(x, before)
    assert y is not x
    assert not np.shares_memory(x, y)


@pytest.mark.parametrize(("fn", "level"), CORRUPTIONS, ids=IDS)
def test_reproducible_with_the_same_seed(fn, level):
    x = images()
    np.testing.assert_array_equal(fn(x, level, 7), fn(x, level, 7))
    np.testing.assert_array_equal(fn(x, level, np.int64(7)), fn(x, level, 7))


@pytest.mark.parametrize(("fn", "level"), CORRUPTIONS, ids=IDS)
def test_reproducible_with_equal_generators(fn, level):
    x = images()
    a = fn(x, level, np.random.default_rng(3))
    b = fn(x, level, np.random.default_rng(3))
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(a, fn(x, level, 3))  # a seed and a Generator of that seed agree


@pytest.mark.parametrize(("fn", "level"), CORRUPTIONS, ids=IDS)
def test_another_seed_gives_other_noise(fn, level):
    x = images()
    assert not np.array_equal(fn(x, level, 0), fn(x, level, 1))


@pytest.mark.parametrize(("fn", "level"), CORRUPTIONS, ids=IDS)
def test_a_generator_advances_between_calls(fn, level):
    x = images()
    gen = np.random.default_rng(0)
    assert not np.array_equal(fn(x, level, gen), fn(x, level, gen))


@pytest.mark.parametrize(("fn", "level"), CORRUPTIONS, ids=IDS)
def test_default_rng_is_seed_0(fn, level):
    x = images()
    np.testing.assert_array_equal(fn(x, level), fn(x, level, 0))


@pytest.mark.parametrize(("fn", "level"), CORRUPTIONS, ids=IDS)
def test_integer_and_boolean_images_are_accepted(fn, level):
    binary = np.random.default_rng(0).random((10, 16)) < 0.5
    for x in (binary, binary.astype("uint8"), binary.astype("int64")):
        y = fn(x, level, 0)
        assert y.dtype == np.float32
        assert y.shape == (10, 16)
        assert 0.0 <= y.min() and y.max() <= 1.0


# --------------------------------------------------------------------------- gaussian


def test_gaussian_sigma_0_returns_the_input_exactly():
    x = images()
    y = gaussian(x, 0.0, 0)
    np.testing.assert_array_equal(y, x)
    assert y is not x


@pytest.mark.parametrize("sigma", [0.05, 0.1])
def test_gaussian_empirical_std_matches_sigma(sigma):
    x = grey()  # 0.5 everywhere: at sigma 0.1 clipping needs a 5-sigma draw
    diff = gaussian(x, sigma, 0).astype("float64") - 0.5
    assert abs(diff.std() / sigma - 1) < 0.05
    assert abs(diff.mean()) < 0.05 * sigma


def test_gaussian_large_sigma_is_clipped():
    y = gaussian(grey(10_000), 5.0, 0)
    assert y.min() == 0.0 and y.max() == 1.0
    assert np.mean((y == 0) | (y == 1)) > 0.8  # most draws fall outside [0, 1]


# --------------------------------------------------------------------------- salt_and_pepper and mask


@pytest.mark.parametrize("fraction", [0.1, 0.3, 0.7])
def test_salt_and_pepper_hits_the_fraction_half_black_half_white(fraction):
    y = salt_and_pepper(grey(), fraction, 0)
    zeros, ones = np.mean(y == 0.0), np.mean(y == 1.0)
    assert abs((zeros + ones) - fraction) < 0.02
    assert np.all((y == 0.0) | (y == 1.0) | (y == 0.5))
    assert abs(zeros / (zeros + ones) - 0.5) < 0.02


@pytest.mark.parametrize("fraction", [0.1, 0.3, 0.7])
def test_mask_zeroes_about_the_fraction(fraction):
    y = mask(grey(), fraction, 0)
    assert abs(np.mean(y == 0.0) - fraction) < 0.02
    assert np.all((y == 0.0) | (y == 0.5))


@pytest.mark.parametrize("fn", [salt_and_pepper, mask], ids=["salt_and_pepper", "mask"])
def test_fraction_0_leaves_the_image_unchanged(fn):
    x = images()
    np.testing.assert_array_equal(fn(x, 0.0, 0), x)
    np.testing.assert_array_equal(fn(x, 0, 5), x)


def test_salt_and_pepper_fraction_1_changes_every_pixel():
    x = grey(10_000)  # 0.5 is neither salt nor pepper, so every hit shows
    y = salt_and_pepper(x, 1.0, 0)
    assert np.all(y != x)
    assert np.all((y == 0.0) | (y == 1.0))
    assert 0.45 < y.mean() < 0.55


def test_mask_fraction_1_is_all_zeros():
    y = mask(images(), 1.0, 0)
    assert np.all(y == 0.0)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("fn", [gaussian, salt_and_pepper, mask], ids=IDS)
@pytest.mark.parametrize(("level", "message"), [
    (-0.1, ">= 0|between 0 and 1"),
    (float("nan"), "finite number"),
    (float("inf"), "finite number"),
    ("0.1", "finite number"),
    (None, "finite number"),
    (True, "finite number"),
])
def test_bad_levels(fn, level, message):
    with pytest.raises(ValueError, match=message):
        fn(images(), level, 0)


@pytest.mark.parametrize("fn", [salt_and_pepper, mask], ids=["salt_and_pepper", "mask"])
def test_fraction_above_1(fn):
    with pytest.raises(ValueError, match="fraction must be between 0 and 1, got 1.5"):
        fn(images(), 1.5, 0)


def test_gaussian_negative_sigma_names_sigma():
    with pytest.raises(ValueError, match="sigma must be >= 0, got -0.1"):
        gaussian(images(), -0.1, 0)


def test_gaussian_sigma_above_1_is_allowed():
    assert gaussian(images(), 1.5, 0).shape == (20, 64)


@pytest.mark.parametrize("fn", [gaussian, salt_and_pepper, mask], ids=IDS)
def test_values_outside_unit_interval(fn):
    with pytest.raises(ValueError, match=r"\[0, 1\].*divide by 255"):
        fn(np.array([[0.0, 255.0]]), 0.1, 0)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        fn(np.array([[-0.01, 0.5]]), 0.1, 0)


@pytest.mark.parametrize("fn", [gaussian, salt_and_pepper, mask], ids=IDS)
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_nan_or_inf_in_images(fn, bad):
    x = images()
    x[3, 5] = bad
    with pytest.raises(ValueError, match="NaN or infinite"):
        fn(x, 0.1, 0)


@pytest.mark.parametrize("fn", [gaussian, salt_and_pepper, mask], ids=IDS)
@pytest.mark.parametrize("x", [np.array(["0.5", "0.2"]), [[0.5, "a"]], np.array([0.5 + 0j])])
def test_non_numeric_images(fn, x):
    with pytest.raises(TypeError, match="numeric"):
        fn(x, 0.1, 0)


@pytest.mark.parametrize("fn", [gaussian, salt_and_pepper, mask], ids=IDS)
@pytest.mark.parametrize("x", [np.array([]), np.zeros((0, 64)), []])
def test_empty_images(fn, x):
    with pytest.raises(ValueError, match="empty"):
        fn(x, 0.1, 0)


@pytest.mark.parametrize("fn", [gaussian, salt_and_pepper, mask], ids=IDS)
@pytest.mark.parametrize("rng", ["a", -1, 1.5, True, [1, 2]])
def test_bad_rng(fn, rng):
    with pytest.raises((TypeError, ValueError), match="numpy Generator or a seed >= 0"):
        fn(images(), 0.1, rng)


def test_bad_rng_string_is_a_type_error():
    with pytest.raises(TypeError, match="got 'a'"):
        gaussian(images(), 0.1, "a")


# --------------------------------------------------------------------------- corrupt


@pytest.mark.parametrize(("kind", "fn"), [("gaussian", gaussian), ("salt_and_pepper", salt_and_pepper),
                                          ("mask", mask)])
def test_corrupt_dispatches(kind, fn):
    x = images()
    np.testing.assert_array_equal(corrupt(x, kind, 0.3, 4), fn(x, 0.3, 4))


def test_kinds_are_the_three_corruptions():
    assert KINDS == ("gaussian", "salt_and_pepper", "mask")


def test_corrupt_checks_its_level():
    with pytest.raises(ValueError, match="fraction"):
        corrupt(images(), "mask", 2.0)


@pytest.mark.parametrize("kind", ["speckle", "Gaussian", "", "salt and pepper"])
def test_corrupt_rejects_unknown_kinds_listing_them(kind):
    with pytest.raises(ValueError, match=f"unknown corruption {kind!r}") as info:
        corrupt(images(), kind, 0.1)
    for known in KINDS:
        assert known in str(info.value)


# --------------------------------------------------------------------------- filter_images


def test_filter_images_applies_fn_to_each_image():
    rows = np.arange(12, dtype="float32").reshape(2, 6) / 12  # two 2x3 images
    out = filter_images(rows, (2, 3), np.fliplr)
    expected = np.array([[2, 1, 0, 5, 4, 3], [8, 7, 6, 11, 10, 9]], dtype="float32") / 12
    np.testing.assert_array_equal(out, expected)
    assert out.dtype == np.float32
    assert out.shape == rows.shape


def test_filter_images_sees_each_image_in_its_shape():
    seen = []

    def record(image):
        seen.append(image.shape)
        return image

    rows = images((3, 12))
    np.testing.assert_array_equal(filter_images(rows, (3, 4), record), rows)
    assert seen == [(3, 4)] * 3


def test_filter_images_clips_to_unit_interval():
    rows = np.array([[0.2, 0.5, 0.9, 0.0]], dtype="float32")
    out = filter_images(rows, (2, 2), lambda im: im * 2 - 0.5)
    np.testing.assert_allclose(out, [[0.0, 0.5, 1.0, 0.0]], atol=1e-7)


def test_filter_images_does_not_modify_its_input():
    rows = images((4, 16))
    before = rows.copy()
    filter_images(rows, (4, 4), lambda im: np.clip(im * 0 + 1, 0, 1))
    np.testing.assert_array_equal(rows, before)


@pytest.mark.parametrize("rows", [np.zeros((2, 15)), np.zeros(16), np.zeros((2, 4, 4))])
def test_filter_images_wrong_width(rows):
    with pytest.raises(ValueError, match=r"rows must have shape \(n, 16\) for 4x4 images"):
        filter_images(rows, (4, 4), np.fliplr)


def test_filter_images_refuses_a_filter_that_changes_the_shape():
    with pytest.raises(ValueError):
        filter_images(np.zeros((2, 16)), (4, 4), lambda im: im[:, :3])


# --------------------------------------------------------------- per-image PSNR (notebook 04's pairs)


def test_psnr_per_image_averages_to_psnr_and_pairs_with_the_bootstrap():
    from helpers.metrics import paired_bootstrap, psnr, psnr_per_image  # noqa: PLC0415

    clean = images((12, 16), seed=1)
    noisy_a, noisy_b = gaussian(clean, 0.1, rng=2), gaussian(clean, 0.3, rng=3)
    per = psnr_per_image(clean, noisy_a, image_shape=(4, 4))
    assert per.shape == (12,) and per.dtype == np.float64
    assert np.isclose(per.mean(), psnr(clean, noisy_a, image_shape=(4, 4)))
    mse0 = np.mean((clean[0] - noisy_a[0]) ** 2)
    assert np.isclose(per[0], 10 * np.log10(1 / mse0))  # the formula, image by image
    gap = paired_bootstrap(per, psnr_per_image(clean, noisy_b, image_shape=(4, 4)))
    assert gap.excludes(0) and gap.estimate > 0  # less noise, higher PSNR on every image


def test_psnr_per_image_checks_its_input():
    from helpers.metrics import psnr_per_image  # noqa: PLC0415

    with pytest.raises(ValueError, match="expected rows of 16 pixels"):
        psnr_per_image(np.zeros((2, 15)), np.zeros((2, 15)), image_shape=(4, 4))
    with pytest.raises(ValueError, match="data_range"):
        psnr_per_image(np.linspace(0, 200, 32).reshape(2, 16), np.zeros((2, 16)), image_shape=(4, 4))
    assert psnr_per_image(np.zeros((4, 4)), np.full((4, 4), 0.1)).shape == (1,)  # one 2-D image
