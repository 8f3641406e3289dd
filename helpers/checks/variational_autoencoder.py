"""Exercise checks of notebook 09 · The variational autoencoder."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from helpers.checks.common import CheckFailed, check_shape, passed

__all__ = ["check_interpolation", "check_kl_per_image", "check_reparameterised_codes"]


def _reference_kl(mean: np.ndarray, log_var: np.ndarray) -> np.ndarray:
    return -0.5 * np.sum(1.0 + log_var - mean**2 - np.exp(log_var), axis=1)


def check_kl_per_image(kl_per_image: Callable[[np.ndarray, np.ndarray], object]) -> None:
    """Exercise (notebook 09): the KL term of each image, from the encoder's mean and log-variance."""
    if not callable(kl_per_image):
        raise CheckFailed(f"kl_per_image should be a function of (mean, log_var), got {type(kl_per_image).__name__}.")
    rng = np.random.default_rng(9)
    mean = rng.normal(size=(6, 3))
    log_var = rng.normal(scale=0.8, size=(6, 3))
    try:
        got = kl_per_image(mean, log_var)
    except NotImplementedError:
        raise CheckFailed("kl_per_image still raises NotImplementedError: replace that line with your code.") from None
    except Exception as error:  # noqa: BLE001 - the student's code failed: say how
        detail = str(error).splitlines()[0] if str(error) else ""
        if "ufunc" in detail or "operand" in detail:  # NumPy's words for shapes that do not fit
            detail = "the shapes of the arrays do not fit together"
        raise CheckFailed(f"kl_per_image(mean, log_var) raised {type(error).__name__}: {detail}. Both arrays have "
                          "shape (n, latent_dim): use element-wise operations and np.sum(..., axis=1).") from None
    expected = _reference_kl(mean, log_var)
    if got is None:
        raise CheckFailed("kl_per_image returned None: did you forget the `return`?")
    got = np.asarray(got, dtype="float64")
    if got.shape == ():
        raise CheckFailed("kl_per_image returned one number: return one KL value per image (sum over the code "
                          "dimensions, axis=1, but do not average over the images).")
    if got.shape != expected.shape:
        raise CheckFailed(f"kl_per_image returned shape {got.shape} for 6 images with 3 code dimensions; "
                          "expected (6,): sum over the code dimensions (axis=1).")
    close = lambda a: np.allclose(got, a, rtol=1e-5, atol=1e-8)  # noqa: E731
    if close(expected):
        zero = np.asarray(kl_per_image(np.zeros((2, 3)), np.zeros((2, 3))), dtype="float64")
        if not np.allclose(zero, 0, atol=1e-8):
            raise CheckFailed("kl_per_image is not 0 when mean = 0 and log_var = 0, where the code distribution "
                              "is N(0, I) itself.")
        passed("kl_per_image matches the closed form, one value per image, and is 0 for N(0, I).")
        return
    if close(-expected):
        raise CheckFailed("kl_per_image has the wrong sign: a KL divergence is never negative.")
    if close(2 * expected):
        raise CheckFailed("kl_per_image is twice the KL: the formula has a factor -0.5 in front.")
    if close(expected / mean.shape[1]):
        raise CheckFailed("kl_per_image averages over the code dimensions: sum over them (the KL of independent "
                          "dimensions adds up).")
    variance_as_log = -0.5 * np.sum(1.0 + np.log(np.abs(log_var) + 1e-12) - mean**2 - log_var, axis=1)
    std_as_exp = -0.5 * np.sum(1.0 + log_var - mean**2 - np.exp(0.5 * log_var), axis=1)
    if close(variance_as_log) or close(std_as_exp):
        raise CheckFailed("log_var is the log of the variance: the variance is np.exp(log_var).")
    raise CheckFailed("kl_per_image differs from -0.5 * sum(1 + log_var - mean**2 - exp(log_var)) over the "
                      "code dimensions. Check each of the four terms.")


def check_reparameterised_codes(codes: object, mean: object, log_var: object) -> None:
    """Exercise (notebook 09): many codes drawn as ``mean + exp(log_var / 2) * eps`` for one image."""
    m = np.asarray(mean, dtype="float64").reshape(-1)
    v = np.asarray(log_var, dtype="float64").reshape(-1)
    if isinstance(codes, list):
        codes = np.asarray(codes, dtype="float64")
    shape = getattr(codes, "shape", None)
    if shape is None or len(shape) != 2 or shape[1] != len(m) or shape[0] < 100:
        raise CheckFailed(f"my_codes should have shape (n, {len(m)}) with n = the number of draws asked for "
                          f"(one code per row), got {shape if shape is not None else type(codes).__name__}.")
    z = np.asarray(codes, dtype="float64")
    if not np.all(np.isfinite(z)):
        raise CheckFailed("my_codes contains NaN or infinite values.")
    n = len(z)
    std = np.exp(0.5 * v)
    got_std = z.std(axis=0)
    if np.allclose(got_std, 0, atol=1e-9):
        raise CheckFailed("every row of my_codes is the same: add the noise eps ~ N(0, I), a new draw for each row.")
    if np.any(np.abs(z.mean(axis=0) - m) > 5 * std / np.sqrt(n) + 1e-9):
        raise CheckFailed("my_codes are not centred on the encoder's mean: z = mean + exp(log_var / 2) * eps.")
    ratio = got_std / std
    if np.all(np.abs(ratio - 1) < 0.15):
        passed(f"{n} codes with the encoder's mean and standard deviation exp(log_var / 2).")
        return
    if np.allclose(got_std, np.exp(v), rtol=0.15):
        raise CheckFailed("the spread of my_codes is exp(log_var), the variance: the standard deviation is "
                          "exp(log_var / 2) (or np.sqrt(np.exp(log_var))).")
    if np.allclose(got_std, np.abs(v), rtol=0.15):
        raise CheckFailed("the spread of my_codes is log_var itself: the standard deviation is exp(log_var / 2).")
    raise CheckFailed("the spread of my_codes does not match exp(log_var / 2): draw eps from N(0, 1) "
                      "(np.random.default_rng(...).standard_normal) and multiply it by exp(log_var / 2).")


def check_interpolation(images: object, decode: Callable[[np.ndarray], np.ndarray], start: object, end: object,
                        *, steps: int, start_image: object = None, end_image: object = None) -> None:
    """Exercise (notebook 09): decode ``steps`` evenly spaced codes from ``start`` to ``end`` (both included).

    ``decode`` maps ``(n, latent_dim)`` float32 codes to ``(n, pixels)`` images. ``start_image`` and
    ``end_image`` (the two digits' pixels) let the check recognise a blend of pixels.
    """
    a = np.asarray(start, dtype="float32").reshape(-1)
    b = np.asarray(end, dtype="float32").reshape(-1)
    t = np.linspace(0, 1, steps, dtype="float32")[:, None]
    expected = np.asarray(decode(((1 - t) * a + t * b).astype("float32")), dtype="float64")
    if isinstance(images, list):
        images = np.asarray(images, dtype="float64")
    shape = getattr(images, "shape", None)
    if shape is not None and len(shape) == 2 and shape[1] == len(a):
        raise CheckFailed(f"my_path has shape {tuple(shape)}: those are codes, not images. Decode them.")
    check_shape("my_path", images, expected.shape,
                why=f"One decoded image per step: {steps} steps, start and end included (np.linspace).")
    got = np.asarray(images, dtype="float64")
    if np.allclose(got, expected, atol=1e-4):
        passed(f"{steps} decoded codes from the first digit's code to the second's.")
        return
    if np.allclose(got, expected[::-1], atol=1e-4):
        raise CheckFailed("my_path runs backwards: start at the first digit's code.")
    if start_image is not None and end_image is not None:
        blend = (1 - t) * np.asarray(start_image, "float64").reshape(1, -1) + t * np.asarray(end_image,
                                                                                              "float64").reshape(1, -1)
        if np.allclose(got, blend, atol=1e-4):
            raise CheckFailed("my_path blends the pixels of the two digits: interpolate between their codes, "
                              "then decode the codes.")
    raise CheckFailed("my_path differs from the decoded codes (1 - t) * z_start + t * z_end for t = "
                      "np.linspace(0, 1, steps): use the codes' means (encoder(x)[0]) and the decoder.")
