"""Corruptions for denoising: each takes clean images in [0, 1] and a seed or
NumPy ``Generator`` and returns a corrupted copy in [0, 1] (the input is never
changed). Arrays of any shape work; the values are what count."""

from __future__ import annotations

import numbers
from collections.abc import Callable

import numpy as np

from helpers._validate import generator

__all__ = ["KINDS", "corrupt", "filter_images", "gaussian", "mask", "salt_and_pepper"]

KINDS = ("gaussian", "salt_and_pepper", "mask")


def _generator(rng: object) -> np.random.Generator:
    return generator(rng, none_seed=None)


def _images(x: object) -> np.ndarray:
    array = np.asarray(x)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"images must be numeric, got dtype {array.dtype}.")
    if array.size == 0:
        raise ValueError(f"images are empty (shape {array.shape}).")
    array = array.astype("float32")  # a copy: the caller's array is never modified
    if not np.all(np.isfinite(array)):
        raise ValueError("images contain NaN or infinite values.")
    if array.min() < 0 or array.max() > 1:
        raise ValueError(
            f"images must lie in [0, 1], got values in [{array.min():.3g}, {array.max():.3g}]; "
            "scale them first (8-bit images: divide by 255)."
        )
    return array


def _level(value: object, name: str, upper: float | None) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}.")
    if value < 0 or (upper is not None and value > upper):
        bound = f"between 0 and {upper:g}" if upper is not None else ">= 0"
        raise ValueError(f"{name} must be {bound}, got {value}.")
    return float(value) + 0.0  # turns -0.0 into 0.0, which NumPy's normal() accepts


def gaussian(x: object, sigma: float, rng: np.random.Generator | int | None = 0) -> np.ndarray:
    """Add Gaussian noise of standard deviation ``sigma`` (>= 0), then clip to [0, 1]."""
    images, sigma = _images(x), _level(sigma, "sigma", None)
    noisy = images + _generator(rng).normal(0.0, sigma, size=images.shape).astype("float32")
    return np.clip(noisy, 0.0, 1.0)


def salt_and_pepper(x: object, fraction: float, rng: np.random.Generator | int | None = 0) -> np.ndarray:
    """Set a ``fraction`` (0 to 1) of the values to 0 or 1, half each on average."""
    images, fraction = _images(x), _level(fraction, "fraction", 1.0)
    gen = _generator(rng)
    hit = gen.random(images.shape) < fraction
    images[hit] = (gen.random(int(hit.sum())) < 0.5).astype("float32")
    return images


def mask(x: object, fraction: float, rng: np.random.Generator | int | None = 0) -> np.ndarray:
    """Set a ``fraction`` (0 to 1) of the values to 0 (dropped pixels)."""
    images, fraction = _images(x), _level(fraction, "fraction", 1.0)
    images[_generator(rng).random(images.shape) < fraction] = 0.0
    return images


_BY_KIND: dict[str, Callable[..., np.ndarray]] = {"gaussian": gaussian, "salt_and_pepper": salt_and_pepper,
                                                   "mask": mask}


def corrupt(x: object, kind: str, level: float, rng: np.random.Generator | int | None = 0) -> np.ndarray:
    """Apply the corruption ``kind`` (``"gaussian"``: ``level`` is sigma; the others: a fraction)."""
    if kind not in _BY_KIND:
        raise ValueError(f"unknown corruption {kind!r}; choose one of {', '.join(KINDS)}.")
    return _BY_KIND[kind](x, level, rng)


def filter_images(rows: object, image_shape: tuple[int, int], fn: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """Apply a 2-D image filter ``fn`` to each flattened image in ``rows`` ``(n, h * w)``.

    Returns float32 rows of the same shape, clipped to [0, 1].
    """
    h, w = image_shape
    array = np.asarray(rows)
    if array.ndim != 2 or array.shape[1] != h * w:
        raise ValueError(f"rows must have shape (n, {h * w}) for {h}x{w} images, got {array.shape}.")
    array = _images(array)  # numeric, non-empty, finite, in [0, 1]
    filtered = []
    for row in array:
        image = np.asarray(fn(row.reshape(h, w)), dtype="float32")
        if image.shape != (h, w):
            raise ValueError(f"the filter turned a {h}x{w} image into shape {image.shape}; it must keep the shape.")
        if not np.all(np.isfinite(image)):
            raise ValueError("the filter returned NaN or infinite values.")
        filtered.append(image.reshape(-1))
    return np.clip(np.stack(filtered), 0.0, 1.0)
