"""Exercise checks of notebook 01 · Matrix chains."""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence

import numpy as np

from helpers.chains import dense_params
from helpers.checks.common import CheckFailed, check_shape, passed

__all__ = ["check_layer_params", "check_product_rank"]


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
