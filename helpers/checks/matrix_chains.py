"""Exercise checks of notebook 01 · Matrix chains."""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence

import numpy as np

from helpers.chains import dense_params
from helpers.checks.common import CheckFailed, check_shape, passed
from helpers._validate import float_array, widths_of

__all__ = ["check_jacobian_ranks", "check_layer_params", "check_product_rank", "check_same_code"]


def check_layer_params(layer_params: Callable[[int, int], int]) -> None:
    """Exercise (notebook 01): parameters of a dense layer, biases included."""
    # wider and narrower layers, and a square one: a formula that only works when the layer
    # shrinks (such as n_in * n_out + min(n_in, n_out)) fails on the wider ones
    cases = [(3, 2), (2, 5), (1, 1), (64, 32), (10, 300), (100, 1), (480_000, 100)]
    for n_in, n_out in cases:
        try:
            got = layer_params(n_in, n_out)
        except NotImplementedError:
            raise CheckFailed(
                "layer_params still raises NotImplementedError: replace that line with your code."
            ) from None
        except Exception as error:  # the student's code failed: say where
            raise CheckFailed(
                f"layer_params({n_in}, {n_out}) raised {type(error).__name__}: {error}"
            ) from error
        if got is None:
            raise CheckFailed(
                f"layer_params({n_in}, {n_out}) returned None: did you forget the `return`?"
            )
        if isinstance(got, bool) or not isinstance(got, numbers.Integral):
            raise CheckFailed(
                f"layer_params({n_in}, {n_out}) returned {got!r} ({type(got).__name__}), but a count of "
                "parameters is a whole number, an int (use int arithmetic, not /)."
            )
        expected = dense_params(n_in, n_out)
        if got == expected:
            continue
        if got == n_in * n_out:
            raise CheckFailed(
                f"layer_params({n_in}, {n_out}) returned {got:,}: that counts the "
                f"weights only. Each of the {n_out} output units also has a bias."
            )
        if got == n_in * n_out + n_in:
            raise CheckFailed(
                f"layer_params({n_in}, {n_out}) returned {got:,}: there is one bias "
                f"per output unit ({n_out}), not per input ({n_in})."
            )
        raise CheckFailed(
            f"layer_params({n_in}, {n_out}) returned {got!r}, which is not the expected count. "
            "A dense layer multiplies by an (n_in, n_out) weight matrix, then adds "
            "one bias per output; check your formula for layers that are wider than their input too."
        )
    passed("layer_params counts weights and biases correctly.")


def _prediction(value: object, name: str) -> int:
    """The student's stated prediction: a whole number (graded for being stated, not for luck)."""
    if isinstance(value, np.integer):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise CheckFailed(
            f"{name} should hold your prediction, one whole number written before you ran the "
            f"computation, got {value!r}. Any honest guess is accepted: write it down, then run."
        )
    return int(value)


_NOT_ASKED = object()  # check_product_rank called without a prediction (older callers)


def check_product_rank(product: object, rank: object, widths: Sequence[int], *,
                       predicted: object = _NOT_ASKED) -> None:
    """Exercise (notebook 01): shape and rank of the product of a matrix chain.

    ``widths`` is the chain ``(w0, w1, ..., wL)`` the student multiplied. ``predicted``,
    when given, is the rank the student predicted before running: it must be a whole
    number, and the success line says whether it held (any prediction is accepted).
    """
    guess = None if predicted is _NOT_ASKED else _prediction(predicted, "predicted_rank")
    widths = widths_of(widths, "widths")
    shape = (widths[0], widths[-1])
    check_shape(
        "product",
        product,
        shape,
        why=f"Multiplying ({widths[0]}, {widths[1]}) by ... by ({widths[-2]}, {widths[-1]}) "
        "keeps the outer sizes: rows of the first factor, columns of the last.",
    )
    product = np.asarray(product)
    if not np.all(np.isfinite(product)):
        raise CheckFailed("product contains NaN or infinite values: check the matrices you multiplied.")
    if isinstance(rank, bool) or not isinstance(rank, numbers.Integral):
        raise CheckFailed(
            f"rank should be a whole number (np.linalg.matrix_rank gives one), got {rank!r}."
        )
    measured = int(np.linalg.matrix_rank(product, tol=None))
    if rank != measured:
        raise CheckFailed(
            f"rank is {rank}, but that is not the rank of your product. "
            "Compute it from the product with np.linalg.matrix_rank(product) rather than guessing."
        )
    bound = min(widths)
    if measured > bound:  # cannot happen for a true product: the matrices were not chained
        raise CheckFailed(
            f"the product has rank {measured}, more than the narrowest width {bound}: "
            "it cannot be the product of this chain. Multiply the factors with @."
        )
    if measured < bound:
        raise CheckFailed(
            f"the product has rank {measured}, below the bound {bound}: random Gaussian "
            "factors reach the bound, so one factor is probably degenerate (all zeros, "
            "or repeated columns)."
        )
    held = "" if guess is None else (
        f"; your prediction {guess} {'held' if guess == measured else 'did not hold'}")
    passed(f"the ({shape[0]}, {shape[1]}) product has rank {measured} = the narrowest width{held}.")


def check_same_code(x_twin: object, x_one: object, W: object, *, min_distance: float = 1.0) -> None:
    """Exercise (notebook 01): a second input that a layer ``x -> x @ W`` maps to the same code as ``x_one``.

    ``x_twin`` must lie at least ``min_distance`` from ``x_one`` (the exercise asks for 1).
    """
    W = float_array(W, "W", ndim=2)
    x_one = float_array(x_one, "x_one", ndim=1)
    if x_one.shape[0] != W.shape[0]:
        raise ValueError(f"x_one has {x_one.shape[0]} numbers but W has {W.shape[0]} rows: pass the notebook's x_one and W.")
    if isinstance(x_twin, (list, tuple)):
        try:
            x_twin = np.asarray(x_twin, dtype="float64")
        except (TypeError, ValueError):
            raise CheckFailed("x_twin is a list that is not a row of numbers: use np.array(...).") from None
    check_shape("x_twin", x_twin, x_one.shape, why=f"It is an input like x_one: {x_one.shape[-1]} numbers.")
    x_twin = np.asarray(x_twin, dtype="float64")
    if not np.all(np.isfinite(x_twin)):
        raise CheckFailed("x_twin contains NaN or infinite values.")
    scale = float(np.linalg.norm(x_one)) or 1.0
    if np.linalg.norm(x_twin - x_one) < 1e-3 * scale:
        raise CheckFailed(
            "x_twin is (almost) x_one itself: the exercise asks for a *different* input with the same "
            "code. Add to x_one a direction that W maps to zero."
        )
    distance = float(np.linalg.norm(x_twin - x_one))
    if distance < min_distance * (1 - 1e-9):  # a unit direction is 1 away up to rounding
        raise CheckFailed(
            f"x_twin is only {distance:.3g} away from x_one: the exercise asks for a twin at least "
            f"{min_distance:g} away. Add a larger multiple of the direction W maps to zero."
        )
    code_one, code_twin = x_one @ W, x_twin @ W
    if not np.allclose(code_twin, code_one, atol=1e-6 * max(1.0, float(np.abs(code_one).max()))):
        raise CheckFailed(
            "x_twin @ W differs from x_one @ W: the two inputs get different codes. The direction you "
            "add must be one that W maps to zero (a vector d with d @ W == 0), such as a row of "
            "np.linalg.svd(W.T)[2] beyond the first W.shape[1] rows, or a column of scipy.linalg.null_space(W.T)."
        )
    passed(f"two inputs {np.linalg.norm(x_twin - x_one):.2f} apart, one code: the layer cannot tell them apart.")


def _relu_jacobian(x: np.ndarray, factors: Sequence[np.ndarray]) -> np.ndarray:
    """Jacobian of the ReLU chain (ReLU between the factors, not after the last) at one input."""
    J, h = np.eye(len(x)), x
    for i, W in enumerate(factors):
        J, h = J @ W, h @ W
        if i < len(factors) - 1:
            mask = (h > 0).astype(float)
            J, h = J * mask, h * mask
    return J


def check_jacobian_ranks(ranks: object, predicted: object, x: object, factors: Sequence[object]) -> None:
    """Exercise (notebook 01): the rank of a ReLU chain's Jacobian at each row of ``x``.

    ``ranks`` must hold one whole number per row of ``x`` (the rank of the chain's
    Jacobian there); ``predicted`` is the largest rank the student predicted before
    running, graded for being stated (a whole number), not for being right.
    """
    guess = _prediction(predicted, "predicted_jacobian_rank")
    x = float_array(x, "x", ndim=2)
    factors = [float_array(W, "a factor", ndim=2) for W in factors]
    bound = min(W.shape[1] for W in factors)
    expected = np.array([np.linalg.matrix_rank(_relu_jacobian(row, factors)) for row in x])
    if isinstance(ranks, (list, tuple)):
        try:
            ranks = np.asarray(ranks)
        except (TypeError, ValueError):
            raise CheckFailed("jacobian_ranks is a list that is not a row of numbers: use np.array(...).") from None
    check_shape("jacobian_ranks", ranks, (len(x),), why=f"One rank per input: {len(x)} inputs.")
    ranks = np.asarray(ranks)
    if ranks.dtype.kind not in "iu" and not (ranks.dtype.kind == "f" and np.all(ranks == np.round(ranks))):
        raise CheckFailed("jacobian_ranks should hold whole numbers (np.linalg.matrix_rank gives them).")
    if np.array_equal(ranks, expected):
        largest = int(expected.max())
        verdict = "held" if guess == largest else "did not hold"
        passed(f"{len(x)} Jacobian ranks from {int(expected.min())} to {largest} (bound {bound}); "
               f"your prediction {guess} {verdict}.")
        return
    linear = int(np.linalg.matrix_rank(np.linalg.multi_dot(factors) if len(factors) > 1 else factors[0]))
    if np.all(ranks == linear) and not np.all(expected == linear):
        raise CheckFailed(
            f"every rank is {linear}: that is the chain without activations. At each input, the ReLUs "
            "that are off zero some columns: use relu_jacobian(x, Ws_8) for each input."
        )
    if np.all(ranks == ranks[0]) and not np.all(expected == expected[0]):
        raise CheckFailed(
            "every entry of jacobian_ranks is the same number, but the rank changes from input to "
            "input: compute the Jacobian at each input, not once."
        )
    wrong = int(np.sum(ranks != expected))
    raise CheckFailed(
        f"{wrong} of the {len(x)} ranks differ from the rank of the ReLU chain's Jacobian at that "
        "input. Use relu_jacobian(x, Ws_8) on each row of x, in order, and np.linalg.matrix_rank."
    )
