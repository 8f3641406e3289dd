"""Unit tests for helpers.regularised (notebook 10's measures)."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import regularised


def test_near_zero_fraction_counts_small_entries():
    codes = np.array([[0.0, 0.005, 1.0, -0.2], [0.02, 0.0, 0.0, 3.0]])
    assert regularised.near_zero_fraction(codes, tolerance=0.01) == pytest.approx(4 / 8)
    assert regularised.near_zero_fraction(codes, tolerance=0.0) == pytest.approx(3 / 8)


def test_end_to_end_map_recovers_a_linear_map_and_the_identity():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 5))
    m = rng.normal(size=(5, 3))
    np.testing.assert_allclose(regularised.end_to_end_map(x, x @ m + 0.7), m, atol=1e-9)
    assert regularised.identity_distance(regularised.end_to_end_map(x, x)) == pytest.approx(0.0, abs=1e-9)
    assert regularised.identity_distance(np.zeros((4, 4))) == pytest.approx(1.0)


def test_kl_divergence_is_zero_at_the_target_and_positive_elsewhere():
    kl = regularised.kl_divergence(0.05, np.array([0.05, 0.5, 0.01]))
    assert kl[0] == pytest.approx(0.0, abs=1e-12)
    assert np.all(kl[1:] > 0)
    assert kl[1] == pytest.approx(0.05 * np.log(0.1) + 0.95 * np.log(0.95 / 0.5))


@pytest.mark.parametrize("call, error", [
    (lambda: regularised.near_zero_fraction([1, 2, 3]), ValueError),
    (lambda: regularised.near_zero_fraction(np.ones((2, 2)), tolerance=-1), ValueError),
    (lambda: regularised.near_zero_fraction("codes"), TypeError),
    (lambda: regularised.end_to_end_map(np.ones((3, 5)), np.ones((3, 5))), ValueError),
    (lambda: regularised.end_to_end_map(np.ones((9, 2)), np.ones((8, 2))), ValueError),
    (lambda: regularised.identity_distance(np.ones((2, 3))), ValueError),
    (lambda: regularised.identity_distance(np.full((2, 2), np.nan)), ValueError),
    (lambda: regularised.kl_divergence(1.0, [0.5]), ValueError),
    (lambda: regularised.kl_divergence(0.05, [0.0, 0.5]), ValueError),
    (lambda: regularised.kl_divergence("0.05", [0.5]), TypeError),
])
def test_bad_input_gets_a_clear_error(call, error):
    with pytest.raises(error, match=r"\w{4,}"):
        call()
