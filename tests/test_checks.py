"""Unit tests for helpers.checks: exercise checks must accept right answers and explain wrong ones."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.checks import (
    CheckFailed,
    check_function,
    check_layer_params,
    check_product_rank,
    check_shape,
    passed,
)

WIDTHS = [30, 20, 5, 25, 40]  # narrowest width 5: the product is (30, 40) of rank 5


def _factors(seed: int = 0) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [rng.normal(size=(a, b)) for a, b in zip(WIDTHS[:-1], WIDTHS[1:])]


def _product(factors: list[np.ndarray]) -> np.ndarray:
    out = factors[0]
    for f in factors[1:]:
        out = out @ f
    return out


@pytest.fixture
def product() -> np.ndarray:
    return _product(_factors())


def test_check_failed_is_an_assertion_error():
    assert issubclass(CheckFailed, AssertionError)
    with pytest.raises(AssertionError):
        raise CheckFailed("x")


def test_passed_prints_a_tick_line(capsys):
    passed("well done")
    assert capsys.readouterr().out == "\u2714 well done\n"


# --------------------------------------------------------------------------- check_layer_params


def test_layer_params_right_answer_passes_and_prints_a_tick(capsys):
    check_layer_params(lambda n_in, n_out: n_in * n_out + n_out)
    out = capsys.readouterr().out
    assert out.startswith("\u2714")
    assert out.count("\n") == 1


def test_layer_params_numpy_integer_answer_passes(capsys):
    check_layer_params(lambda n_in, n_out: np.int64(n_in) * n_out + n_out)
    assert capsys.readouterr().out.startswith("\u2714")


def test_layer_params_weights_only_mentions_bias(capsys):
    with pytest.raises(CheckFailed, match="bias") as info:
        check_layer_params(lambda n_in, n_out: n_in * n_out)
    assert "weights only" in str(info.value)
    assert capsys.readouterr().out == ""


def test_layer_params_one_bias_per_input_mentions_per_output_unit():
    with pytest.raises(CheckFailed, match="per output unit"):
        check_layer_params(lambda n_in, n_out: n_in * n_out + n_in)


def test_layer_params_wrong_float_mentions_whole_number():
    with pytest.raises(CheckFailed, match="whole number"):
        check_layer_params(lambda n_in, n_out: n_in * n_out + n_out + 0.5)


def test_layer_params_float_with_the_right_value_mentions_whole_number():
    with pytest.raises(CheckFailed, match="whole number"):
        check_layer_params(lambda n_in, n_out: float(n_in * n_out + n_out))


def test_layer_params_not_implemented_is_reported():
    def layer_params(n_in, n_out):
        raise NotImplementedError

    with pytest.raises(CheckFailed, match="NotImplementedError") as info:
        check_layer_params(layer_params)
    assert info.value.__cause__ is None  # `from None`: no chained traceback for students


@pytest.mark.parametrize(
    "layer_params",
    [
        lambda n_in, n_out: (n_in + 1) * (n_out + 1),
        lambda n_in, n_out: 0,
        lambda n_in, n_out: None,
        lambda n_in, n_out: "8",
        lambda n_in, n_out: n_in + n_out,
    ],
)
def test_layer_params_totally_wrong_fails(layer_params):
    with pytest.raises(CheckFailed, match=r"layer_params\(3, 2\) returned") as info:
        check_layer_params(layer_params)
    assert "8" not in str(info.value).replace("'8'", ""), "the message must not hand out the right count"


def test_layer_params_right_only_for_small_layers_fails():
    # right for the first case only: the check must try more than one layer
    with pytest.raises(CheckFailed, match=r"layer_params\(2, 5\)"):
        check_layer_params(lambda n_in, n_out: 8)


def test_layer_params_right_only_for_layers_that_shrink_fails():
    """A formula with min(n_in, n_out) biases is right whenever the layer shrinks: a wider case catches it."""
    with pytest.raises(CheckFailed, match=r"layer_params\(2, 5\)"):
        check_layer_params(lambda n_in, n_out: n_in * n_out + min(n_in, n_out))


# --------------------------------------------------------------------------- check_product_rank


def test_product_rank_right_answer_passes(product, capsys):
    rank = np.linalg.matrix_rank(product)
    check_product_rank(product, rank, WIDTHS)
    out = capsys.readouterr().out
    assert out.startswith("\u2714")
    assert "(30, 40)" in out and "rank 5" in out


def test_product_rank_accepts_a_plain_int(product):
    check_product_rank(product, 5, WIDTHS)


@pytest.mark.parametrize("shape", [(40, 30), (30, 5), (30, 40, 1)])
def test_product_rank_wrong_shape_names_the_expected_shape(shape):
    wrong = np.random.default_rng(1).normal(size=shape)
    with pytest.raises(CheckFailed, match=r"expected \(30, 40\)"):
        check_product_rank(wrong, 5, WIDTHS)


def test_product_rank_wrong_int_rank_mentions_matrix_rank(product):
    with pytest.raises(CheckFailed, match="matrix_rank") as info:
        check_product_rank(product, 4, WIDTHS)
    assert "5" not in str(info.value), "the message must not hand out the rank"


@pytest.mark.parametrize("rank", [5.0, True, "5", None, np.array(5.0)])
def test_product_rank_rank_that_is_not_a_whole_number_fails(product, rank):
    with pytest.raises(CheckFailed, match="whole number"):
        check_product_rank(product, rank, WIDTHS)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_product_rank_non_finite_product_fails(product, bad):
    product[3, 7] = bad
    with pytest.raises(CheckFailed, match="NaN or infinite"):
        check_product_rank(product, 5, WIDTHS)


def test_product_rank_not_the_product_of_the_chain_mentions_narrowest_width():
    full_rank = np.random.default_rng(2).normal(size=(30, 40))
    with pytest.raises(CheckFailed, match="narrowest width 5"):
        check_product_rank(full_rank, 30, WIDTHS)


def test_product_rank_degenerate_factor_fails():
    factors = _factors()
    factors[1][:, 2:] = 0.0  # zero 3 of the (20, 5) factor's 5 columns: rank 2 < 5
    degenerate = _product(factors)
    rank = int(np.linalg.matrix_rank(degenerate))
    assert rank == 2
    with pytest.raises(CheckFailed, match="below the bound 5"):
        check_product_rank(degenerate, rank, WIDTHS)


def test_product_rank_all_zero_product_fails():
    with pytest.raises(CheckFailed, match="degenerate"):
        check_product_rank(np.zeros((30, 40)), 0, WIDTHS)


def test_product_rank_list_instead_of_array_fails():
    with pytest.raises(CheckFailed, match="no shape"):
        check_product_rank([[1.0] * 40] * 30, 1, WIDTHS)


def test_check_shape_right_shape_passes():
    check_shape("x", np.zeros((2, 3)), (2, 3))
    check_shape("x", np.zeros((2, 3)), [2, 3])


@pytest.mark.parametrize("value", [None, [[1, 2, 3], [4, 5, 6]], 3.0, "abc"])
def test_check_shape_non_array_fails(value):
    with pytest.raises(CheckFailed, match=r"x should be an array of shape \(2, 3\)"):
        check_shape("x", value, (2, 3))


def test_check_shape_wrong_shape_names_both_shapes_and_why():
    with pytest.raises(CheckFailed, match=r"x has shape \(3, 2\), expected \(2, 3\)\. transpose it"):
        check_shape("x", np.zeros((3, 2)), (2, 3), why="transpose it")


def test_check_shape_message_has_no_trailing_space_without_why():
    with pytest.raises(CheckFailed) as info:
        check_shape("x", np.zeros((3, 2)), (2, 3))
    assert str(info.value) == "x has shape (3, 2), expected (2, 3)."


# --------------------------------------------------------------------------- check_function


def test_check_function_right_function_passes():
    check_function("square", lambda x: x * x, [((2,), 4), ((3,), 9), ((-1,), 1)])


def test_check_function_wrong_value_names_the_call():
    with pytest.raises(CheckFailed, match=r"square\(3,\) returned 6, expected 9\. use \*\*") as info:
        check_function("square", lambda x: 2 * x, [((2,), 4), ((3,), 9)], hint="use **")
    assert "(2,)" not in str(info.value)  # the first case was right


def test_check_function_exception_in_student_code_is_reported():
    def square(x):
        return undefined_name * x  # noqa: F821

    with pytest.raises(CheckFailed, match=r"square\(2,\) raised NameError") as info:
        check_function("square", square, [((2,), 4)])
    assert isinstance(info.value.__cause__, NameError)


def test_check_function_not_implemented_is_reported():
    def square(x):
        raise NotImplementedError

    with pytest.raises(CheckFailed, match="still raises NotImplementedError"):
        check_function("square", square, [((2,), 4)])


@pytest.mark.parametrize("func", [None, 4, "square"])
def test_check_function_non_callable_fails(func):
    with pytest.raises(CheckFailed, match="should be a function"):
        check_function("square", func, [((2,), 4)])
