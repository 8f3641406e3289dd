"""Unit tests for tools.madds: the multiply-adds make bench sets training speed against."""

from __future__ import annotations

import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras  # noqa: E402
import pytest  # noqa: E402

from tools.madds import model_madds, training_gflops  # noqa: E402


def test_a_dense_chain_costs_the_sum_of_its_kernels():
    inputs = keras.Input(shape=(64,))
    h = keras.layers.Dense(128, activation="relu")(inputs)
    code = keras.layers.Dense(2)(h)
    out = keras.layers.Dense(64)(keras.layers.Dense(128)(code))
    assert model_madds(keras.Model(inputs, out)) == 64 * 128 + 128 * 2 + 2 * 128 + 128 * 64


def test_convolutions_count_at_every_output_pixel_and_transposed_ones_at_every_input_pixel():
    inputs = keras.Input(shape=(8, 8, 1))
    h = keras.layers.Conv2D(4, 3, strides=2, padding="same")(inputs)  # 4x4x4 out, kernel 3*3*1*4
    out = keras.layers.Conv2DTranspose(1, 3, strides=2, padding="same")(h)  # 4x4 in, kernel 3*3*1*4
    assert model_madds(keras.Model(inputs, out)) == 16 * 36 + 16 * 36


def test_nested_models_are_searched():
    inner_in = keras.Input(shape=(5,))
    inner = keras.Model(inner_in, keras.layers.Dense(3)(inner_in))
    outer_in = keras.Input(shape=(5,))
    outer = keras.Model(outer_in, keras.layers.Dense(2)(inner(outer_in)))
    assert model_madds(outer) == 5 * 3 + 3 * 2


def test_lookups_and_pooling_cost_nothing_and_dense_counts_at_every_position():
    inputs = keras.Input(shape=(7,), dtype="int32")
    h = keras.layers.Embedding(100, 5)(inputs)
    per_token = keras.layers.Dense(3)(h)  # applied at each of 7 positions
    out = keras.layers.GlobalAveragePooling1D()(per_token)
    assert model_madds(keras.Model(inputs, out)) == 7 * 5 * 3


def test_a_model_not_built_yet_counts_zero_then_counts():
    model = keras.Sequential([keras.layers.Dense(3)])
    assert model_madds(model) == 0
    model.build((None, 5))
    assert model_madds(model) == 5 * 3


def test_training_gflops_counts_six_flops_per_multiply_add():
    assert training_gflops(1e6, 1000) == pytest.approx(6.0)
