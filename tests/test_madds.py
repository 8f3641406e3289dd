"""Unit tests for tools.madds: the multiply-adds make bench sets training speed against."""

from __future__ import annotations

import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras  # noqa: E402
import pytest  # noqa: E402

from helpers.convnets import conv_autoencoder, conv_unet  # noqa: E402
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


def test_the_course_conv_autoencoder_counted_by_hand():
    # worked out by hand for 24x24 images, filters (16, 32), a 32-number code:
    expected = (12 * 12 * 3 * 3 * 1 * 16      # encoder_conv_1: 12x12 outputs
                + 6 * 6 * 3 * 3 * 16 * 32     # encoder_conv_2: 6x6 outputs
                + 6 * 6 * 32 * 32             # code
                + 32 * 6 * 6 * 32             # decoder_dense
                + 6 * 6 * 3 * 3 * 32 * 16     # decoder_deconv_1: each of 6x6 inputs
                + 12 * 12 * 3 * 3 * 16 * 16   # decoder_deconv_2: each of 12x12 inputs
                + 24 * 24 * 3 * 3 * 16 * 1)   # output_conv
    assert model_madds(conv_autoencoder().autoencoder) == expected == 840_960


def test_the_course_unet_counts_the_wider_convolutions_after_skips():
    expected = (12 * 12 * 9 * 1 * 16 + 6 * 6 * 9 * 16 * 32      # down
                + 6 * 6 * 9 * 32 * 16                          # up to 12x12, then 16 + 16 channels
                + 12 * 12 * 9 * 32 * 16                         # up to 24x24, then 16 + 1 channels
                + 24 * 24 * 9 * 17 * 1)                         # output_conv
    assert model_madds(conv_unet()) == expected
