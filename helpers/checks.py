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
    "check_latent_shift",
    "check_layer_params",
    "check_nearest_review",
    "check_ppmi",
    "check_pca_mse",
    "check_components_for_variance",
    "check_encode_decode",
    "check_product_rank",
    "check_psnr_by_hand",
    "check_removal_psnr",
    "check_value_close",
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
        try:
            same = bool(np.array_equal(got, expected)) if isinstance(got, np.ndarray) or isinstance(
                expected, np.ndarray) else bool(got == expected)
        except Exception:  # noqa: BLE001 - an answer that cannot even be compared is wrong
            same = False
        if not same:
            raise CheckFailed(f"{name}{args} returned {got!r}, expected {expected!r}. {hint}".strip())
    passed(f"{name} gives the expected answer in all {len(cases)} cases.")


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
        fewer = f"; {expected - 1} explain {cumulative[expected - 2]:.1%}" if expected > 1 else ""
        passed(f"{expected} components explain {cumulative[expected - 1]:.1%} of the variance "
               f"(>= {fraction:.0%}){fewer}.")
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


def check_psnr_by_hand(value: object, clean: object, noisy: object) -> None:
    """Exercise (notebook 04): PSNR of ``noisy`` against ``clean`` (both in [0, 1]), computed by hand."""
    clean, noisy = np.asarray(clean, dtype="float64"), np.asarray(noisy, dtype="float64")
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise CheckFailed(f"my_psnr should be a finite number of decibels, got {value!r}.")
    mse = float(np.mean((clean - noisy) ** 2))
    expected = 10 * np.log10(1.0 / mse)
    if np.isclose(value, expected, atol=1e-3):
        passed(f"PSNR {expected:.2f} dB: 10 log10(1 / MSE) with MSE {mse:.4f} and a data range of 1.")
        return
    if np.isclose(value, 10 * np.log10(255.0**2 / mse), atol=1e-3):
        raise CheckFailed(
            f"{value:.2f} dB uses a data range of 255, but these images lie in [0, 1]: the peak is 1."
        )
    if np.isclose(value, 20 * np.log10(1.0 / mse), atol=1e-3) or np.isclose(value, 10 * np.log10(1.0 / np.sqrt(mse)), atol=1e-3):
        raise CheckFailed(
            f"{value:.2f} dB: PSNR is 10 log10(peak**2 / MSE), i.e. 20 log10(peak / RMSE); "
            "check whether you used the MSE or its square root."
        )
    if np.isclose(value, -expected, atol=1e-3):
        raise CheckFailed(f"{value:.2f} dB has the wrong sign: it is peak**2 / MSE inside the logarithm.")
    raise CheckFailed(
        f"my_psnr = {value:.2f} dB, expected {expected:.2f} dB. Compute the mean squared error over all "
        "pixels, then 10 * np.log10(1.0 / mse)."
    )


def check_value_close(name: str, value: object, expected: float, *, atol: float, hint: str) -> None:
    """Fail unless ``value`` is a number within ``atol`` of ``expected``; ``hint`` says where to look."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise CheckFailed(f"{name} should be a finite number, got {value!r}.")
    if abs(value - expected) > atol:
        raise CheckFailed(f"{name} = {value:.4g}, expected about {expected:.4g}. {hint}".strip())
    passed(f"{name} = {value:.4g}.")


def _decibels(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise CheckFailed(f"{name} should be a finite number of decibels (metrics.psnr gives one), got {value!r}.")
    return float(value)


def check_removal_psnr(psnr_before: object, psnr_after: object, clean: object, with_glasses: object,
                       removed: object, *, image_shape: tuple[int, int] = (24, 24)) -> None:
    """Exercise (notebook 05): PSNR of the faces with glasses and of the network's output, both
    measured against the true faces (``clean``), averaged per face."""
    from helpers.metrics import psnr  # noqa: PLC0415

    before_value, after_value = _decibels("psnr_before", psnr_before), _decibels("psnr_after", psnr_after)
    before = psnr(clean, with_glasses, image_shape=image_shape)
    after = psnr(clean, removed, image_shape=image_shape)

    def close(a: float, b: float) -> bool:
        return bool(np.isclose(a, b, atol=1e-3))

    if close(before_value, before) and close(after_value, after):
        passed(f"with glasses {before:.2f} dB, after the network {after:.2f} dB ({after - before:+.2f} dB), "
               "both against the true faces.")
        return
    if close(before_value, after) and close(after_value, before):
        raise CheckFailed(
            "psnr_before and psnr_after are swapped: 'before' is the faces with glasses, 'after' the "
            "network's output, each compared with the true faces."
        )
    pooled = [psnr(clean, estimate) for estimate in (with_glasses, removed)]  # one PSNR over all faces
    if close(before_value, pooled[0]) or close(after_value, pooled[1]):
        raise CheckFailed(
            "that is one PSNR over all the faces at once. Pass image_shape=data.image_shape to "
            "metrics.psnr: it then takes the PSNR of each face and averages them, like the rest of "
            "the notebook."
        )
    if close(after_value, psnr(with_glasses, removed, image_shape=image_shape)):
        raise CheckFailed(
            "psnr_after compares the network's output with its input (the faces with glasses). Compare "
            "it with the true faces, data.x_test: that is what the network should give back."
        )
    if not close(before_value, before):
        raise CheckFailed(
            f"psnr_before = {before_value:.2f} dB, expected {before:.2f} dB: the PSNR of the faces with "
            "glasses against the true faces, metrics.psnr(data.x_test, big_glasses, image_shape=data.image_shape)."
        )
    raise CheckFailed(
        f"psnr_after = {after_value:.2f} dB, expected {after:.2f} dB: run the U-Net on the faces with "
        "glasses (models.reconstruct) and compare its output with data.x_test."
    )


def check_latent_shift(images: object, x: object, encoder: object, decoder: object, direction: object, *,
                       strength: float, name: str = "images") -> None:
    """Exercise (notebook 05): decode ``encoder(x) + strength * direction`` with ``decoder``."""
    from helpers.models import encode, reconstruct  # noqa: PLC0415 (imports Keras lazily)

    x = np.asarray(x, dtype="float32")
    codes = encode(encoder, x)
    direction = np.asarray(direction, dtype="float32")
    shape = getattr(images, "shape", None)
    if shape is not None and tuple(shape) == codes.shape and codes.shape != x.shape:
        raise CheckFailed(
            f"{name} has shape {tuple(shape)}: those are codes, not faces. Decode the shifted codes "
            "with the decoder (models.reconstruct(decoder, codes))."
        )
    check_shape(name, images, x.shape, why=f"One decoded face per input face, {x.shape[1]} pixels each.")
    images = np.asarray(images, dtype="float32")

    def shifted(s: float) -> np.ndarray:
        return reconstruct(decoder, codes + np.float32(s) * direction)

    if np.allclose(images, shifted(strength), atol=1e-4):
        passed(f"{len(x)} faces encoded, shifted by {strength:g} x direction in the code, decoded.")
        return
    if strength != 0 and np.allclose(images, shifted(-strength), atol=1e-4):
        raise CheckFailed(
            f"{name} moved the codes the wrong way: add {strength:g} * direction "
            f"({'subtract' if strength < 0 else 'add'} the direction), not {-strength:g} * direction."
        )
    if np.allclose(images, shifted(0.0), atol=1e-4):
        raise CheckFailed(
            f"{name} is the decoder's output for the unchanged codes: add {strength:g} * direction to "
            "the codes before decoding."
        )
    if np.allclose(images, x, atol=1e-4):
        raise CheckFailed(f"{name} equals the input faces: encode them, shift the codes, then decode.")
    raise CheckFailed(
        f"{name} differs from decoder(encoder(x) + {strength:g} * direction). Encode x with the encoder, "
        "add the shift to the codes, and decode with the decoder (models.encode, models.reconstruct)."
    )


def check_ppmi(my_ppmi: object, counts: object) -> None:
    """Exercise (notebook 07): the PPMI matrix of co-occurrence ``counts``, without smoothing, by hand."""
    from helpers.embeddings import ppmi  # noqa: PLC0415

    counts = np.asarray(counts, dtype="float64")
    check_shape("my_ppmi", my_ppmi, counts.shape,
                why="PPMI has one value per (word, context) pair, like counts.")
    got = np.asarray(my_ppmi, dtype="float64")
    expected = ppmi(counts, alpha=1.0)
    if np.isnan(got).any():
        raise CheckFailed(
            "my_ppmi contains NaN: 0 / 0 somewhere. The PMI of a pair never seen together is -inf "
            "(log of 0), and np.maximum(-inf, 0) gives 0; a NaN means a division of 0 by 0."
        )
    if np.isinf(got).any():
        raise CheckFailed(
            "my_ppmi contains infinite values: clip the PMI at 0 from below (np.maximum(pmi, 0))."
        )
    if (got < -1e-9).any():
        raise CheckFailed(
            "my_ppmi has negative values: that is PMI. PPMI keeps only the positive part, "
            "max(0, PMI): pairs that meet less often than chance get 0."
        )
    if np.allclose(got, expected, atol=1e-6):
        passed(f"PPMI of a {counts.shape[0]} x {counts.shape[1]} matrix: {np.mean(expected > 0):.1%} of the "
               f"pairs meet more often than chance, the largest PPMI is {expected.max():.2f}.")
        return
    if np.allclose(got, expected / np.log(2), atol=1e-6):
        raise CheckFailed("my_ppmi uses log base 2; this course uses the natural logarithm, np.log.")
    if np.allclose(got, ppmi(counts, alpha=0.75), atol=1e-6):
        raise CheckFailed("my_ppmi uses the smoothing alpha = 0.75; the exercise asks for none (alpha = 1).")
    raise CheckFailed(
        "my_ppmi differs from PPMI. With total = counts.sum(): p(w, c) = counts / total, p(w) = "
        "counts.sum(axis=1) / total (a column vector), p(c) = counts.sum(axis=0) / total (a row), "
        "then max(0, log(p(w, c) / (p(w) * p(c))))."
    )


def check_nearest_review(index: object, query: object, candidates: object, *, raw_query: object = None,
                         raw_candidates: object = None) -> None:
    """Exercise (notebook 07): the row of ``candidates`` (codes) closest to ``query`` by cosine similarity.

    ``raw_query`` and ``raw_candidates`` (the TF-IDF rows) let the check
    recognise an answer found in the input space instead of the code space.
    """
    q = np.asarray(query, dtype="float64").reshape(-1)
    c = np.asarray(candidates, dtype="float64")
    if isinstance(index, bool) or not isinstance(index, numbers.Integral):
        hint = " (wrap np.argmax(...) in int(...))" if isinstance(index, (float, np.floating)) else ""
        raise CheckFailed(
            f"most_similar should be the index of a training review, a whole number, got {index!r}{hint}."
        )
    if not 0 <= index < len(c):
        raise CheckFailed(f"most_similar = {index} is not an index of the {len(c)} training reviews.")

    def cosine_order(x: np.ndarray, rows: np.ndarray) -> np.ndarray:
        norms = np.linalg.norm(rows, axis=1) * np.linalg.norm(x)
        return rows @ x / np.where(norms == 0, 1.0, norms)

    similarity = cosine_order(q, c)
    expected = int(np.argmax(similarity))
    if index == expected or np.isclose(similarity[index], similarity[expected], atol=1e-6):
        passed(f"training review {index} is the closest to the test review "
               f"(cosine similarity {similarity[index]:.2f}).")
        return
    if index == int(np.argmin(np.linalg.norm(c - q, axis=1))):
        raise CheckFailed(
            f"review {index} is the nearest by Euclidean distance; the exercise asks for cosine similarity, "
            "which ignores the length of the codes: (a @ b) / (|a| |b|), largest first."
        )
    if index == int(np.argmin(similarity)):
        raise CheckFailed(
            f"review {index} is the *least* similar: take np.argmax of the similarities, not np.argmin."
        )
    if raw_query is not None and raw_candidates is not None:
        raw = cosine_order(np.asarray(raw_query, dtype="float64").reshape(-1),
                           np.asarray(raw_candidates, dtype="float64"))
        if index == int(np.argmax(raw)):
            raise CheckFailed(
                f"review {index} is the closest in TF-IDF space; the exercise asks for the closest in the "
                "autoencoder's code space: encode both with the encoder first."
            )
    raise CheckFailed(
        f"most_similar = {index} (cosine similarity {similarity[index]:.2f}), but review {expected} is "
        f"closer ({similarity[expected]:.2f}). Compare the test review's code with every training "
        "review's code."
    )
