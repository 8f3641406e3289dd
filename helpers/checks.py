"""Checks for the exercises: they say what was expected and where to look.

Each check raises :class:`CheckFailed` (an ``AssertionError``, so nbgrader
counts it as a failed test) with a message written for a student, and prints
one line starting with a tick when the answer is right.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence

import numpy as np

from helpers.chains import dense_params

__all__ = [
    "CheckFailed",
    "check_function",
    "check_layer_params",
    "check_product_rank",
    "check_shape",
    "passed",
]


class CheckFailed(AssertionError):
    """A wrong answer: the message explains what was expected and why."""


def passed(message: str) -> None:
    """Print the success line every check ends with."""
    print(f"\u2714 {message}")


def check_shape(name: str, array: object, expected: Sequence[int], why: str = "") -> None:
    """Fail unless ``array`` has exactly the ``expected`` shape."""
    shape = getattr(array, "shape", None)
    if shape is None:
        raise CheckFailed(
            f"{name} should be an array of shape {tuple(expected)}, but it is a "
            f"{type(array).__name__} with no shape. Did you forget to compute it?"
        )
    if tuple(shape) != tuple(expected):
        raise CheckFailed(
            f"{name} has shape {tuple(shape)}, expected {tuple(expected)}. {why}".strip()
        )


def check_function(
    name: str,
    func: Callable[..., object],
    cases: Sequence[tuple[tuple, object]],
    hint: str = "",
) -> None:
    """Call ``func`` on each ``(args, expected)`` case; fail on the first mismatch."""
    if not callable(func):
        raise CheckFailed(f"{name} should be a function, but it is a {type(func).__name__}.")
    for args, expected in cases:
        try:
            got = func(*args)
        except NotImplementedError:
            raise CheckFailed(
                f"{name} still raises NotImplementedError: replace that line with your code."
            ) from None
        except Exception as error:  # the student's code failed: say where
            raise CheckFailed(
                f"{name}{args} raised {type(error).__name__}: {error}"
            ) from error
        if got != expected:
            raise CheckFailed(f"{name}{args} returned {got!r}, expected {expected!r}. {hint}".strip())


def check_layer_params(layer_params: Callable[[int, int], int]) -> None:
    """Exercise (notebook 01): parameters of a dense layer, biases included."""
    cases = [(3, 2), (64, 32), (100, 1), (480_000, 100)]
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
                f"layer_params({n_in}, {n_out}) returned None, expected {dense_params(n_in, n_out):,}: "
                "did you forget the `return`?"
            )
        if isinstance(got, bool) or not isinstance(got, numbers.Integral):
            raise CheckFailed(
                f"layer_params({n_in}, {n_out}) returned {got!r} ({type(got).__name__}), expected the "
                f"whole number {dense_params(n_in, n_out):,}: a count of parameters is an int "
                "(use int arithmetic, not /)."
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
            f"layer_params({n_in}, {n_out}) returned {got!r}, expected {expected:,}. "
            "A dense layer multiplies by an (n_in, n_out) weight matrix, then adds "
            "one bias per output."
        )
    passed("layer_params counts weights and biases correctly.")


def check_product_rank(product: object, rank: object, widths: Sequence[int]) -> None:
    """Exercise (notebook 01): shape and rank of the product of a matrix chain.

    ``widths`` is the chain ``(w0, w1, ..., wL)`` the student multiplied.
    """
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
            f"rank is {rank}, but np.linalg.matrix_rank(product) gives {measured}. "
            "Compute it from the product rather than guessing."
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
    passed(f"the ({shape[0]}, {shape[1]}) product has rank {measured} = the narrowest width.")
