"""Unit tests for helpers.metrics: MSE and its ratio to a baseline, against hand-computed values."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.metrics import mse

A = [[0, 0], [1, 1]]
B = [[0, 1], [1, 0]]  # differs from A in 2 of 4 values, by 1 each: MSE 2/4


def test_mse_hand_computed():
    assert mse(A, B) == 0.5


def test_mse_hand_computed_fractions():
    # errors 0.5, -0.5, 0, 1 -> squares 0.25, 0.25, 0, 1 -> mean 1.5 / 4
    assert mse([[0.5, 0.0], [0.0, 1.0]], [[0.0, 0.5], [0.0, 0.0]]) == pytest.approx(0.375)


def test_mse_is_per_value_not_per_row():
    # one row of 64 pixels each off by 0.1: per-pixel MSE 0.01, not the row's sum 0.64
    assert mse(np.zeros((1, 64)), np.full((1, 64), 0.1)) == pytest.approx(0.01)


def test_mse_of_identical_arrays_is_zero():
    x = np.random.default_rng(0).random((5, 7))
    assert mse(x, x) == 0.0


def test_mse_is_symmetric_and_a_python_float():
    value = mse(A, B)
    assert type(value) is float
    assert mse(B, A) == value


def test_mse_float32_inputs_are_accurate():
    # computed in float64: a tiny error on values near 1 is not lost
    ref = np.ones((1000, 10), dtype="float32")
    est = ref - np.float32(1e-4)
    assert mse(ref, est) == pytest.approx(1e-8, rel=1e-2)


def test_mse_shape_mismatch():
    with pytest.raises(ValueError, match=r"\(2, 2\) and \(2, 3\)"):
        mse(np.zeros((2, 2)), np.zeros((2, 3)))


def test_mse_transposed_is_a_mismatch_not_a_broadcast():
    with pytest.raises(ValueError, match="must match"):
        mse(np.zeros((3, 1)), np.zeros((1, 3)))


def test_mse_empty():
    with pytest.raises(ValueError, match="empty"):
        mse(np.zeros((0, 4)), np.zeros((0, 4)))


@pytest.mark.parametrize("bad", [np.nan, np.inf])
@pytest.mark.parametrize("side", [0, 1])
def test_mse_not_finite(bad, side):
    good = np.zeros((2, 2))
    broken = good.copy()
    broken[1, 0] = bad
    pair = (broken, good) if side == 0 else (good, broken)
    with pytest.raises(ValueError, match="NaN or infinite"):
        mse(*pair)


