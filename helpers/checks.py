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
    "check_pca_mse",
    "check_components_for_variance",
    "check_encode_decode",
    "check_product_rank",
    "check_wider_bottleneck",
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


def check_encode_decode(codes: object, images: object, x: object, autoencoder: object, *, latent_dim: int) -> None:
    """Exercise (notebook 02): encode ``x`` with the encoder, decode with the decoder."""
    from helpers.models import reconstruct  # noqa: PLC0415 (imports Keras lazily)

    x = np.asarray(x)
    n, d = x.shape
    shape = getattr(codes, "shape", None)
    if shape is not None and tuple(shape) == (n, d):
        raise CheckFailed(
            f"my_codes has shape {tuple(shape)}: that is a batch of images, not codes. "
            "Use the encoder (not the autoencoder or the decoder) to get the codes."
        )
    check_shape("my_codes", codes, (n, latent_dim),
                why=f"The encoder turns each of the {n} images into {latent_dim} numbers.")
    check_shape("my_images", images, (n, d), why=f"The decoder turns each code back into {d} pixels.")
    expected = reconstruct(autoencoder, x)
    if not np.allclose(np.asarray(images), expected, atol=1e-4):
        raise CheckFailed(
            "my_images has the right shape but differs from the autoencoder's output: decode "
            "my_codes with the decoder (decoder(encoder(x)) must equal autoencoder(x))."
        )
    passed(f"{n} images -> codes of shape {tuple(shape)} -> {n} images, equal to the autoencoder's output.")


def check_wider_bottleneck(mse_wide: object, mse_narrow: float, x_test: object) -> None:
    """Exercise (notebook 02): a wider code should reconstruct held-out images better."""
    if isinstance(mse_wide, bool) or not isinstance(mse_wide, numbers.Real) or not np.isfinite(mse_wide):
        raise CheckFailed(
            f"mse_8 should be a number (the mean squared error on data.x_test), got {mse_wide!r}."
        )
    if not 0 < mse_wide < 1:
        raise CheckFailed(
            f"mse_8 = {mse_wide}: an MSE between images in [0, 1] lies strictly between 0 and 1. "
            "Compute metrics.mse(data.x_test, reconstructions)."
        )
    if mse_wide >= mse_narrow:
        raise CheckFailed(
            f"mse_8 = {mse_wide:.4f} is not below the 2-number error {mse_narrow:.4f}. Did you train "
            "the new autoencoder (models.fit_autoencoder) before measuring, and measure on data.x_test?"
        )
    passed(f"8 numbers per image: test MSE {mse_wide:.4f}, {1 - mse_wide / mse_narrow:.0%} below the 2-number model.")


def _pca_test_and_train_mse(x_train: np.ndarray, x_test: np.ndarray, k: int) -> tuple[float, float]:
    from sklearn.decomposition import PCA  # noqa: PLC0415

    pca = PCA(n_components=k).fit(x_train)
    test = float(np.mean((pca.inverse_transform(pca.transform(x_test)) - x_test) ** 2))
    train = float(np.mean((pca.inverse_transform(pca.transform(x_train)) - x_train) ** 2))
    return test, train


def check_pca_mse(value: object, x_train: object, x_test: object, *, k: int) -> None:
    """Exercise (notebook 03): PCA's held-out reconstruction error with ``k`` components."""
    x_train, x_test = np.asarray(x_train, dtype="float64"), np.asarray(x_test, dtype="float64")
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise CheckFailed(f"mse_pca_{k} should be a number, got {value!r}.")
    test, train = _pca_test_and_train_mse(x_train, x_test, k)
    if np.isclose(value, test, rtol=1e-3):
        passed(f"PCA with {k} components: test MSE {test:.4f}.")
        return
    if np.isclose(value, train, rtol=1e-3):
        raise CheckFailed(
            f"{value:.4f} is PCA's error on the training images. Fit on data.x_train, but measure "
            "on data.x_test: an error on the data the model was fitted to proves little."
        )
    raise CheckFailed(
        f"mse_pca_{k} = {value:.4f}, expected about {test:.4f}. Fit PCA(n_components={k}) on "
        "data.x_train, then reconstruct data.x_test with inverse_transform(transform(...)) and "
        "take the mean of the squared differences."
    )


def check_components_for_variance(n: object, x_train: object, *, fraction: float = 0.9) -> None:
    """Exercise (notebook 03): fewest principal components explaining ``fraction`` of the variance."""
    from sklearn.decomposition import PCA  # noqa: PLC0415

    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise CheckFailed(f"n_90 should be a whole number of components, got {n!r} ({type(n).__name__}).")
    cumulative = np.cumsum(PCA().fit(np.asarray(x_train)).explained_variance_ratio_)
    expected = int(np.searchsorted(cumulative, fraction) + 1)
    if n == expected:
        passed(f"{expected} components explain {cumulative[expected - 1]:.1%} of the variance "
               f"(>= {fraction:.0%}); {expected - 1} explain {cumulative[expected - 2]:.1%}.")
        return
    if n == expected - 1:
        raise CheckFailed(
            f"n_90 = {n}: that is the index of the component, counted from 0. The number of "
            f"components is one more."
        )
    if 0 < n <= len(cumulative):
        raise CheckFailed(
            f"{n} components explain {cumulative[n - 1]:.1%} of the variance, but we want the fewest "
            f"that reach {fraction:.0%}. Use np.cumsum(pca.explained_variance_ratio_)."
        )
    raise CheckFailed(f"n_90 = {n} is not a number of components between 1 and {len(cumulative)}.")
