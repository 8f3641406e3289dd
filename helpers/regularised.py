"""Measures for notebook 10 · Regularised autoencoders: sparsity, copying, end-to-end maps.

The models (an over-complete autoencoder, L1 and KL sparsity, denoising, tied weights, a
sparse autoencoder on natural-image patches) are written in the notebook; these functions
only prepare data for them and measure them. Nothing here imports Keras.
"""

from __future__ import annotations

import numbers

import numpy as np

from helpers._validate import finite_matrix, float_array

__all__ = [
    "end_to_end_map", "filter_spread", "identity_distance", "kl_divergence", "near_zero_fraction", "zca_whiten",
]


def _share(value: object, name: str, *, low_open: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}.")
    v = float(value)
    if not np.isfinite(v) or v < 0 or (low_open and v == 0):
        raise ValueError(f"{name} must be a finite number {'above' if low_open else 'of at least'} 0, got {value!r}.")
    return v


def near_zero_fraction(codes: object, *, tolerance: float = 0.01) -> float:
    """The share of code entries whose size is at most ``tolerance``.

    Args:
        codes: float array, shape (n, code_size): the code of each of n inputs.
        tolerance: an entry with ``abs(value) <= tolerance`` counts as near zero.

    Returns:
        A share in [0, 1]: 0 when every unit is active for every input.
    """
    c = finite_matrix(codes, "codes")
    t = _share(tolerance, "tolerance")
    return float(np.mean(np.abs(c) <= t))


def end_to_end_map(inputs: object, outputs: object) -> np.ndarray:
    """The linear map (least squares, with an offset) that best turns ``inputs`` into ``outputs``.

    For a network that copies its input, the map is close to the identity matrix.

    Args:
        inputs: float array, shape (n, d), with n > d so the fit is determined.
        outputs: float array, shape (n, d'): the network's outputs for those inputs.

    Returns:
        Matrix ``m`` of shape (d, d') with ``outputs ≈ inputs @ m + offset``.
    """
    x = finite_matrix(inputs, "inputs")
    y = finite_matrix(outputs, "outputs")
    if x.shape[0] != y.shape[0]:
        raise ValueError(f"inputs and outputs need one row per example each: got {x.shape[0]} and {y.shape[0]} rows.")
    if x.shape[0] <= x.shape[1]:
        raise ValueError(f"end_to_end_map needs more examples than features to fit a map: got {x.shape[0]} "
                         f"examples of {x.shape[1]} features. Pass more examples.")
    design = np.hstack([x, np.ones((x.shape[0], 1))])
    solution, *_ = np.linalg.lstsq(design, y, rcond=None)
    return solution[:-1]


def identity_distance(matrix: object) -> float:
    """How far a square map is from the identity: ``||m - I|| / ||I||`` (Frobenius norms).

    Args:
        matrix: float array, shape (d, d).

    Returns:
        0 for the identity; 1 for the zero map (a network that ignores its input).
    """
    m = finite_matrix(matrix, "matrix")
    if m.shape[0] != m.shape[1]:
        raise ValueError(f"matrix must be square (d, d) to compare with the identity, got shape {m.shape}.")
    eye = np.eye(m.shape[0])
    return float(np.linalg.norm(m - eye) / np.linalg.norm(eye))


def kl_divergence(rho: object, rho_hat: object) -> np.ndarray:
    """KL divergence between Bernoulli(``rho``) and Bernoulli(``rho_hat``), per code unit.

    ``rho * log(rho / rho_hat) + (1 - rho) * log((1 - rho) / (1 - rho_hat))``: the sparsity
    penalty of UFLDL's sparse autoencoder, 0 when a unit's mean activation equals the target.

    Args:
        rho: the target mean activation, strictly between 0 and 1.
        rho_hat: float array, shape (code_size,): each unit's mean activation, in (0, 1).

    Returns:
        float array, shape (code_size,), each value >= 0.
    """
    r = _share(rho, "rho", low_open=True)
    if r >= 1:
        raise ValueError(f"rho must lie strictly between 0 and 1 (a target mean activation such as 0.05), got {rho!r}.")
    q = float_array(rho_hat, "rho_hat", ndim=1)
    if q.size == 0 or not np.all(np.isfinite(q)) or np.any(q <= 0) or np.any(q >= 1):
        raise ValueError("rho_hat must hold mean activations strictly between 0 and 1 (a sigmoid code's "
                         "batch means), one per unit.")
    return r * np.log(r / q) + (1 - r) * np.log((1 - r) / (1 - q))


def filter_spread(filters: object, shape: tuple[int, int]) -> np.ndarray:
    """How far each filter's weight spreads over the image: its energy's spatial standard deviation.

    Each filter's squared weights, divided by their sum, are a distribution over the pixels; the
    spread is the root-mean-square distance (in pixels) of that distribution from its centre.
    A filter that is one pixel has spread 0; a filter spread evenly over an 8x8 patch has
    ``sqrt(2 * (8**2 - 1) / 12)``, about 3.24, and so has a global pattern such as a PCA
    component. A small edge detector has a spread of 1 to 2.

    Args:
        filters: float array, shape (k, h * w): one filter per row, pixels in row-major order.
        shape: ``(h, w)``, the filters' image shape.

    Returns:
        float array, shape (k,), each value in [0, sqrt(((h**2 - 1) + (w**2 - 1)) / 12)].
    """
    f = finite_matrix(filters, "filters")
    if (not isinstance(shape, tuple) or len(shape) != 2
            or not all(isinstance(n, numbers.Integral) and not isinstance(n, bool) and n > 0 for n in shape)):
        raise ValueError(f"shape must be a pair of positive whole numbers (h, w), got {shape!r}.")
    h, w = int(shape[0]), int(shape[1])
    if f.shape[1] != h * w:
        raise ValueError(f"filters have {f.shape[1]} weights each, but shape {shape} has {h * w} pixels.")
    energy = f**2
    total = energy.sum(axis=1, keepdims=True)
    if np.any(total == 0):
        raise ValueError("a filter is all zeros, so it has no spread: pass filters with some non-zero weight.")
    p = (energy / total).reshape(-1, h, w)
    rows, cols = np.mgrid[0:h, 0:w]
    centre_r = (p * rows).sum(axis=(1, 2))
    centre_c = (p * cols).sum(axis=(1, 2))
    squared = (rows - centre_r[:, None, None]) ** 2 + (cols - centre_c[:, None, None]) ** 2
    variance = (p * squared).sum(axis=(1, 2))
    return np.sqrt(np.maximum(variance, 0.0))


def zca_whiten(x: object, *, epsilon: float = 0.01) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """ZCA whitening of patches: remove each patch's mean, then decorrelate the pixels.

    With ``C`` the pixels' covariance and ``C = U diag(lam) U^T``, the whitened patches are
    ``x_centred @ U diag(1 / sqrt(lam + eps)) U^T`` with ``eps = epsilon * lam.max()``: a share
    of the largest variance, so that the result does not depend on the pixels' scale (an absolute
    ``eps`` of 0.1 barely whitens patches in [0, 1]). ZCA, unlike PCA whitening, keeps each
    pixel in its place, so filters learnt on whitened patches can be shown as images. The result
    is scaled to standard deviation 1.

    Args:
        x: float array, shape (n, d), n > d: one flattened patch per row.
        epsilon: above 0; larger keeps more of the low frequencies (less whitening).

    Returns:
        ``(whitened, components, variances)``: float32 array (n, d); the principal components,
        float array (d, d), one per **row**, largest variance first (what PCA finds on the
        mean-removed patches); and their variances, shape (d,), in decreasing order.
    """
    a = finite_matrix(x, "x")
    if a.shape[0] <= a.shape[1]:
        raise ValueError(f"zca_whiten needs more patches than pixels: got {a.shape[0]} of {a.shape[1]} pixels.")
    e = _share(epsilon, "epsilon", low_open=True)
    centred = a - a.mean(axis=1, keepdims=True)
    lam, u = np.linalg.eigh(centred.T @ centred / len(centred))
    lam, u = lam[::-1], u[:, ::-1]
    lam = np.maximum(lam, 0.0)
    whitened = (centred @ u / np.sqrt(lam + e * lam.max())) @ u.T
    whitened /= whitened.std()
    return whitened.astype("float32"), u.T.copy(), lam
