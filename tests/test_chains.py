"""Unit tests for helpers.chains: matrix-chain bookkeeping, sizes and random chains."""

from __future__ import annotations

import math
import os

import numpy as np
import pytest

from helpers.chains import (
    ChainReport,
    chain_from_shapes,
    chain_from_widths,
    dense_params,
    format_bytes,
    memory_bytes,
    random_chain,
)

# The chain of notebook 01: 1000 examples of 64 features through 100, 50, 20, 1.
SHAPES = [(1000, 64), (64, 100), (100, 50), (50, 20), (20, 1)]
# 64*100 + 100*50 + 50*20 + 20*1, worked out by hand.
SHAPES_WEIGHTS = 6400 + 5000 + 1000 + 20
SHAPES_BIASES = 100 + 50 + 20 + 1

AE_WIDTHS = [32, 8, 32, 64]
# 64*32+32 + 32*8+8 + 8*32+32 + 32*64+64, worked out by hand.
AE_PARAMS = (2048 + 32) + (256 + 8) + (256 + 32) + (2048 + 64)


# --------------------------------------------------------------------------- chain_from_shapes


def test_shapes_chain_returns_a_report():
    assert isinstance(chain_from_shapes(SHAPES), ChainReport)


def test_shapes_chain_data_shapes_after_each_factor():
    report = chain_from_shapes(SHAPES)
    assert report.shapes == [(1000, 64), (1000, 100), (1000, 50), (1000, 20), (1000, 1)]
    assert report.widths == (64, 100, 50, 20, 1)
    assert report.n == 1000


def test_shapes_chain_matrix_shapes():
    assert chain_from_shapes(SHAPES).matrix_shapes == [(64, 100), (100, 50), (50, 20), (20, 1)]


def test_shapes_chain_total_params_without_bias():
    assert SHAPES_WEIGHTS == 12420
    assert chain_from_shapes(SHAPES).total_params == 12420


def test_shapes_chain_bias_adds_one_bias_per_output_unit():
    report = chain_from_shapes(SHAPES, bias=True)
    assert report.total_params == 12420 + SHAPES_BIASES == 12591
    assert [s.params for s in report.steps] == [6500, 5050, 1020, 21]


def test_shapes_chain_madds_per_example():
    report = chain_from_shapes(SHAPES)
    assert report.madds_per_example == 12420
    # biases are additions, not multiply-adds: the count does not change
    assert chain_from_shapes(SHAPES, bias=True).madds_per_example == 12420


def test_shapes_chain_narrowest_width_compression_and_rank():
    report = chain_from_shapes(SHAPES)
    assert report.narrowest_width == 1
    assert report.narrowest_position == 4
    assert report.compression_ratio == 64
    assert report.rank_bound == 1
    assert report.is_autoencoder_shaped is False


def test_shapes_chain_steps_are_numbered_from_one():
    steps = chain_from_shapes(SHAPES).steps
    assert [s.position for s in steps] == [1, 2, 3, 4]
    assert [(s.in_width, s.out_width) for s in steps] == [(64, 100), (100, 50), (50, 20), (20, 1)]


def test_shapes_chain_accepts_none_rows_for_the_data():
    report = chain_from_shapes([(None, 64), *SHAPES[1:]])
    assert report.n is None
    assert report.shapes[0] == (None, 64)
    assert report.shapes[-1] == (None, 1)
    assert report.total_params == 12420


def test_shapes_chain_accepts_numpy_integers():
    report = chain_from_shapes([(np.int64(10), np.int32(4)), (np.int64(4), np.int64(2))])
    assert report.total_params == 8
    assert type(report.widths[0]) is int


def test_mismatched_pair_names_both_shapes_and_positions():
    bad = [(1000, 64), (64, 100), (50, 20), (20, 1)]
    with pytest.raises(ValueError) as info:
        chain_from_shapes(bad)
    message = str(info.value)
    assert "matrix 1 of shape (64, 100)" in message
    assert "matrix 2 of shape (50, 20)" in message


def test_mismatch_with_the_data_matrix_shows_n_for_none_rows():
    with pytest.raises(ValueError, match=r"matrix 0 of shape \(n, 64\).*matrix 1 of shape \(32, 10\)"):
        chain_from_shapes([(None, 64), (32, 10)])


@pytest.mark.parametrize("shapes", [[], [(10, 64)]])
def test_fewer_than_two_shapes_is_a_value_error(shapes):
    with pytest.raises(ValueError, match="at least one factor"):
        chain_from_shapes(shapes)


@pytest.mark.parametrize("bad_shape", [(64,), (64, 10, 3), 64, "ab"])
def test_a_shape_that_is_not_a_pair_is_a_value_error(bad_shape):
    with pytest.raises(ValueError, match=r"matrix 1 must be a \(rows, columns\) pair"):
        chain_from_shapes([(100, 64), bad_shape])


@pytest.mark.parametrize("shapes", ["(100, 64), (64, 10)", b"ab", 64, None])
def test_shapes_that_are_not_a_list_is_a_type_error(shapes):
    with pytest.raises(TypeError, match="list of"):
        chain_from_shapes(shapes)


@pytest.mark.parametrize("size", [0, -5])
def test_shapes_chain_rejects_sizes_below_one(size):
    with pytest.raises(ValueError, match="at least 1"):
        chain_from_shapes([(100, 64), (64, size)])


@pytest.mark.parametrize("size", [3.0, 2.5, True, "8"])
def test_shapes_chain_rejects_sizes_that_are_not_whole_numbers(size):
    with pytest.raises(TypeError, match="whole number"):
        chain_from_shapes([(100, 64), (64, size)])


def test_none_is_only_allowed_for_the_data_rows():
    with pytest.raises(TypeError):
        chain_from_shapes([(100, 64), (None, 10)])


# --------------------------------------------------------------------------- chain_from_widths


def test_widths_chain_total_params_includes_biases_by_default():
    assert AE_PARAMS == 4744
    assert chain_from_widths(64, AE_WIDTHS).total_params == 4744


def test_widths_chain_without_bias_counts_weights_only():
    assert chain_from_widths(64, AE_WIDTHS, bias=False).total_params == 4744 - (32 + 8 + 32 + 64)


def test_widths_chain_autoencoder_properties():
    report = chain_from_widths(64, AE_WIDTHS)
    assert report.is_autoencoder_shaped is True
    assert report.compression_ratio == 8
    assert report.rank_bound == 8
    assert report.narrowest_width == 8
    assert report.narrowest_position == 2
    assert report.n is None
    assert report.matrix_shapes == [(64, 32), (32, 8), (8, 32), (32, 64)]


@pytest.mark.parametrize(
    ("widths", "expected"),
    [([32, 8, 32, 32], False), ([64, 64], False), ([128, 64], False), ([8, 64], True)],
)
def test_is_autoencoder_shaped_needs_equal_ends_and_a_narrower_middle(widths, expected):
    assert chain_from_widths(64, widths).is_autoencoder_shaped is expected


def test_rank_bound_counts_the_input_width():
    # (4, 100) x (100, 100): the product is (4, 100) and has rank at most 4
    report = chain_from_widths(4, [100, 100])
    assert report.rank_bound == 4
    assert report.narrowest_width == 100


def test_narrowest_position_is_the_first_one_when_tied():
    assert chain_from_widths(64, [16, 8, 16, 8, 64]).narrowest_position == 2


def test_widths_chain_input_shape_with_n():
    report = chain_from_widths((1797, 64), AE_WIDTHS)
    assert report.n == 1797
    assert report.shapes == [(1797, 64), (1797, 32), (1797, 8), (1797, 32), (1797, 64)]
    assert report.total_params == 4744


def test_widths_chain_input_shape_with_none_rows():
    report = chain_from_widths((None, 64), AE_WIDTHS)
    assert report.n is None
    assert report.shapes[0] == (None, 64)


@pytest.mark.parametrize("widths", [[32, 0, 32], [32, -8, 32]])
def test_widths_below_one_are_a_value_error(widths):
    with pytest.raises(ValueError, match="layer 2's width must be at least 1"):
        chain_from_widths(64, widths)


@pytest.mark.parametrize("input_shape", [0, -64, (10, 0), (0, 64)])
def test_input_sizes_below_one_are_a_value_error(input_shape):
    with pytest.raises(ValueError, match="at least 1"):
        chain_from_widths(input_shape, AE_WIDTHS)


@pytest.mark.parametrize("width", [8.0, 8.5, True, False, None])
def test_widths_that_are_not_whole_numbers_are_a_type_error(width):
    with pytest.raises(TypeError, match="whole number"):
        chain_from_widths(64, [32, width, 32, 64])


@pytest.mark.parametrize("input_shape", [64.0, True, (64,), (1, 2, 3), None])
def test_bad_input_shape_is_a_type_error(input_shape):
    with pytest.raises(TypeError, match="input_shape must be k or"):
        chain_from_widths(input_shape, AE_WIDTHS)


def test_empty_widths_are_a_value_error():
    with pytest.raises(ValueError, match="non-empty list"):
        chain_from_widths(64, [])


@pytest.mark.parametrize("widths", ["32, 8, 32, 64", 32])
def test_widths_that_are_not_a_list_are_a_type_error(widths):
    with pytest.raises(TypeError):
        chain_from_widths(64, widths)


def test_widths_that_are_not_a_list_are_rejected():
    # whatever the exception type, a string must not be read as a list of characters
    with pytest.raises((TypeError, ValueError), match="list"):
        chain_from_widths(64, "32, 8, 32, 64")


# --------------------------------------------------------------------------- table


def test_table_of_the_autoencoder_chain():
    table = chain_from_widths(64, AE_WIDTHS).table()
    lines = table.splitlines()
    assert lines[-1].endswith("rank of the product <= 8")
    assert "narrowest width 8 (after factor 2)" in lines[-1]
    assert "compression 8.0x" in lines[-1]
    total = [line for line in lines if line.startswith("total")]
    assert len(total) == 1
    assert "4,744" in total[0]
    assert "4,608" in total[0]  # multiply-adds: 2048 + 256 + 256 + 2048
    # header, input row, four factors, total, summary
    assert len(lines) == 8
    assert str(chain_from_widths(64, AE_WIDTHS)) == table


def test_table_formats_large_numbers_with_commas():
    table = chain_from_widths((60000, 480000), [100, 480000]).table()
    assert "(60,000, 480,000)" in table
    assert "48,000,100" in table  # first factor: 480000*100 + 100
    assert "96,480,100" in table  # total: 48,000,100 + 48,480,000
    assert "(480,000, 100)" in table


def test_table_writes_n_when_rows_are_unknown():
    assert "(n, 64)" in chain_from_widths(64, [8]).table()


# --------------------------------------------------------------------------- dense_params


@pytest.mark.parametrize(
    ("n_in", "n_out", "bias", "expected"),
    [(3, 2, True, 8), (3, 2, False, 6), (64, 32, True, 2080), (100, 1, True, 101), (480_000, 100, True, 48_000_100)],
)
def test_dense_params(n_in, n_out, bias, expected):
    assert dense_params(n_in, n_out, bias=bias) == expected


@pytest.mark.parametrize(("n_in", "n_out", "error"), [(0, 3, ValueError), (3, -1, ValueError), (2.0, 3, TypeError)])
def test_dense_params_bad_sizes(n_in, n_out, error):
    with pytest.raises(error):
        dense_params(n_in, n_out)


# --------------------------------------------------------------------------- memory_bytes / format_bytes


@pytest.mark.parametrize(
    ("dtype", "expected"),
    [("uint8", 1000), ("float16", 2000), ("bfloat16", 2000), ("float32", 4000), ("float64", 8000)],
)
def test_memory_bytes_per_dtype(dtype, expected):
    assert memory_bytes(1000, dtype) == expected


def test_memory_bytes_defaults_to_float32_and_allows_zero():
    assert memory_bytes(48_000_100) == 192_000_400
    assert memory_bytes(0) == 0
    assert memory_bytes(np.int64(10)) == 40


def test_memory_bytes_unknown_dtype_names_the_choices():
    with pytest.raises(ValueError, match="int8") as info:
        memory_bytes(10, "int8")
    for choice in ("float16", "float32", "float64"):
        assert choice in str(info.value)


@pytest.mark.parametrize("count", [-1, 2.5, True, "10"])
def test_memory_bytes_bad_count(count):
    with pytest.raises(ValueError, match="count"):
        memory_bytes(count)


@pytest.mark.parametrize(
    ("n_bytes", "expected"),
    [
        (0, "0 B"),
        (1, "1 B"),
        (1023, "1,023 B"),
        (1024, "1.0 KiB"),
        (1536, "1.5 KiB"),
        (192_000_400, "183.1 MiB"),
        (3 * 1024**3, "3.0 GiB"),
        (2048 * 1024**3, "2,048.0 GiB"),
        (1024.0, "1.0 KiB"),
        (np.int64(1024**2), "1.0 MiB"),
    ],
)
def test_format_bytes(n_bytes, expected):
    assert format_bytes(n_bytes) == expected


@pytest.mark.parametrize("n_bytes", [math.nan, math.inf, -1, -0.5, np.float64("nan"), "1024", None, True])
def test_format_bytes_rejects_bad_sizes(n_bytes):
    with pytest.raises(ValueError, match="n_bytes"):
        format_bytes(n_bytes)


# --------------------------------------------------------------------------- random_chain


def test_random_chain_shapes_and_dtype():
    factors = random_chain([64, 100, 20, 100, 64])
    assert [f.shape for f in factors] == [(64, 100), (100, 20), (20, 100), (100, 64)]
    assert all(f.dtype == np.float64 for f in factors)


def test_random_chain_is_reproducible_with_a_seed():
    first = random_chain([10, 5, 3], rng=123)
    second = random_chain([10, 5, 3], rng=123)
    other = random_chain([10, 5, 3], rng=124)
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[0], other[0])


def test_random_chain_accepts_a_generator():
    a = random_chain([10, 5], rng=np.random.default_rng(7))
    b = random_chain([10, 5], rng=np.random.default_rng(7))
    np.testing.assert_array_equal(a[0], b[0])


def test_random_chain_scale_is_one_over_sqrt_fan_in():
    (w,) = random_chain([400, 500], rng=0)
    assert w.std() == pytest.approx(1 / 20, rel=0.02)
    assert abs(w.mean()) < 0.005


def test_product_of_random_chain_has_the_rank_of_the_narrowest_width():
    factors = random_chain([64, 100, 20, 100, 64])
    product = factors[0] @ factors[1] @ factors[2] @ factors[3]
    assert product.shape == (64, 64)
    assert np.linalg.matrix_rank(product) == 20


@pytest.mark.parametrize(("widths", "error"), [([64], ValueError), ([], ValueError), ([64, 0], ValueError), ([64, 2.0], TypeError)])
def test_random_chain_bad_widths(widths, error):
    with pytest.raises(error):
        random_chain(widths)


# --------------------------------------------------------------------------- agreement with Keras


def test_total_params_equals_keras_count_params(monkeypatch):
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras  # noqa: PLC0415  (heavy: only this test needs it)

    for k, widths in [(64, AE_WIDTHS), (64, [100, 50, 20, 1]), (7, [3])]:
        model = keras.Sequential([keras.Input((k,))] + [keras.layers.Dense(w) for w in widths])
        assert chain_from_widths(k, widths).total_params == model.count_params(), (k, widths)
    model = keras.Sequential([keras.Input((64,))] + [keras.layers.Dense(w, use_bias=False) for w in AE_WIDTHS])
    assert chain_from_widths(64, AE_WIDTHS, bias=False).total_params == model.count_params()
