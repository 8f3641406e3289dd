"""Numbers that say how good a reconstruction is, always on held-out data, and how sure
we are of a comparison (bootstrap intervals over the test items)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from helpers._validate import image_shape as image_shape_of

__all__ = ["Interval", "bootstrap_interval", "mse", "paired_bootstrap", "psnr", "psnr_per_image",
           "ssim"]


def _pair(a: object, b: object) -> tuple[np.ndarray, np.ndarray]:
    for array, name in ((np.asarray(a), "reference"), (np.asarray(b), "estimate")):
        if array.dtype.kind not in "biuf":
            raise TypeError(f"the {name} must hold real numbers, got dtype {array.dtype}.")
    x, y = np.asarray(a, dtype="float64"), np.asarray(b, dtype="float64")
    if x.shape != y.shape:
        raise ValueError(f"cannot compare arrays of shapes {x.shape} and {y.shape}: they must match.")
    if x.size == 0:
        raise ValueError("cannot compare empty arrays.")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ValueError("the arrays contain NaN or infinite values.")
    return x, y


def mse(reference: object, estimate: object) -> float:
    """Mean squared error per value (pixel): ``mean((reference - estimate) ** 2)``."""
    x, y = _pair(reference, estimate)
    return float(np.mean((x - y) ** 2))


def _check_range(data_range: object) -> None:
    if isinstance(data_range, bool) or not isinstance(data_range, (int, float, np.integer, np.floating)) \
            or not np.isfinite(data_range) or not 0 < data_range <= 1e100:
        raise ValueError(f"data_range must be positive and at most 1e100 (1.0 for images in [0, 1]), got {data_range!r}.")


def _images_pair(reference: object, estimate: object, image_shape: tuple[int, int] | None) -> tuple[np.ndarray, np.ndarray]:
    x, y = _pair(reference, estimate)
    if image_shape is not None:
        image_shape = image_shape_of(image_shape)
        size = image_shape[0] * image_shape[1]
        if x.ndim != 2 or x.shape[1] != size:
            raise ValueError(f"expected rows of {size} pixels for {image_shape[0]}x{image_shape[1]} images, "
                             f"got shape {x.shape}.")
        x = x.reshape(-1, *image_shape)
        y = y.reshape(-1, *image_shape)
    elif x.ndim == 2:
        x, y = x[None], y[None]
    elif x.ndim < 2:
        raise ValueError(
            f"expected 2-D images, got arrays of shape {x.shape}: pass one image (h, w), a stack (n, h, w), "
            "or flattened rows with image_shape=(h, w)."
        )
    return x, y


def _reference_within(x: np.ndarray, data_range: float) -> None:
    """The reference (the clean images) must fit in ``data_range``: 0-255 images measured with
    ``data_range=1`` would give a meaningless, very negative PSNR. The estimate may overshoot a
    little (a PCA reconstruction, unclipped noise), so only the reference is held to it."""
    span = float(np.max(x) - np.min(x)) if x.size else 0.0
    if span > data_range * (1 + 1e-6):
        raise ValueError(
            f"the reference images span {span:.4g} ({float(np.min(x)):.4g} to {float(np.max(x)):.4g}), more "
            f"than data_range={data_range:g}: pass the data's own range (data_range=255 for 8-bit "
            "images) or scale the images into [0, 1] first."
        )


def psnr(reference: object, estimate: object, *, data_range: float = 1.0,
         image_shape: tuple[int, int] | None = None) -> float:
    """Peak signal-to-noise ratio in dB, averaged over images: ``10 log10(data_range**2 / MSE)``.

    ``data_range`` is the span of possible pixel values (1.0 for images in
    [0, 1]). With ``image_shape``, ``reference`` holds flattened images
    ``(n, h * w)``; otherwise one image ``(h, w)`` or a stack ``(n, h, w)``.
    Higher is better; +6 dB halves the typical pixel error. A perfect
    estimate gives ``inf``. Each image's value comes from
    ``skimage.metrics.peak_signal_noise_ratio``; this function adds the
    checks, the flattened rows and the average over images.

    Raises:
        ValueError: the reference images span more than ``data_range`` (0-255
            images with ``data_range=1``, say), or shapes that do not match.
    """
    from skimage.metrics import peak_signal_noise_ratio  # noqa: PLC0415

    _check_range(data_range)
    x, y = _images_pair(reference, estimate, image_shape)
    _reference_within(x, float(data_range))
    with np.errstate(divide="ignore"):  # a perfect image: scikit-image gives inf, as we do
        values = [peak_signal_noise_ratio(a, b, data_range=float(data_range)) for a, b in zip(x, y)]
    return float(np.mean(values))


def ssim(reference: object, estimate: object, *, data_range: float = 1.0,
         image_shape: tuple[int, int] | None = None) -> float:
    """Structural similarity (scikit-image), averaged over images; 1 means identical.

    Shapes as in :func:`psnr`. The window is 7x7, or the largest odd size that
    fits smaller images.
    """
    from skimage.metrics import structural_similarity  # noqa: PLC0415

    _check_range(data_range)
    x, y = _images_pair(reference, estimate, image_shape)
    _reference_within(x, float(data_range))
    if x.ndim != 3:
        raise ValueError(f"ssim compares 2-D images, got arrays of shape {x.shape}.")
    side = min(x.shape[1], x.shape[2])
    win = min(7, side if side % 2 else side - 1)
    if win < 3:
        raise ValueError(f"images of {x.shape[1]}x{x.shape[2]} are too small for SSIM (need at least 3x3).")
    return float(np.mean([structural_similarity(a, b, data_range=data_range, win_size=win)
                          for a, b in zip(x, y)]))


@dataclass(frozen=True)
class Interval:
    """A measured value with a bootstrap interval: ``estimate`` lies in ``[low, high]``.

    ``str(interval)`` reads ``"1.62 (95% interval 1.21 to 2.03)"``; ``interval.format(".1%")``
    uses another number format.
    """

    estimate: float
    low: float
    high: float
    level: float = 0.95

    def format(self, spec: str = ".3g") -> str:
        return (f"{self.estimate:{spec}} ({self.level:.0%} interval {self.low:{spec}} to "
                f"{self.high:{spec}})")

    def __str__(self) -> str:
        return self.format()

    def excludes(self, value: float = 0.0) -> bool:
        """True when ``value`` lies outside the interval (for a difference: it is shown to differ from 0)."""
        return not self.low <= value <= self.high


def _per_item(values: object, what: str) -> np.ndarray:
    array = np.asarray(values)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{what} must hold one number per test item, got dtype {array.dtype}.")
    array = array.astype("float64")
    if array.ndim != 1 or array.size < 2:
        raise ValueError(f"{what} must be a 1-D array with a value per test item (at least 2), got shape {array.shape}.")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{what} contains NaN or infinite values.")
    return array


def _check_bootstrap(n_resamples: object, level: object) -> tuple[int, float]:
    from helpers._validate import whole_number  # noqa: PLC0415

    n = whole_number(n_resamples, "n_resamples", minimum=10, hint="1000 is usual")
    if n > 1_000_000:
        raise ValueError(f"n_resamples={n} is more than needed: 1000 to 10000 is usual.")
    if isinstance(level, bool) or not isinstance(level, (int, float, np.floating)) or not 0.5 <= level < 1:
        raise ValueError(f"level must be a probability from 0.5 to below 1, such as 0.95, got {level!r}.")
    return n, float(level)


def bootstrap_interval(values: object, *, n_resamples: int = 1000, level: float = 0.95,
                       seed: int = 0) -> Interval:
    """The mean of per-item ``values`` with a percentile bootstrap interval over the items.

    Args:
        values: 1-D array, one number per test item (an error, a hit 0/1, a PSNR).
        n_resamples: bootstrap resamples (at least 10).
        level: coverage of the interval, 0.95 by default.
        seed: seeds the resampling, so the interval is repeatable.
    """
    x = _per_item(values, "values")
    n, level = _check_bootstrap(n_resamples, level)
    from helpers._validate import whole_number  # noqa: PLC0415

    rng = np.random.default_rng(whole_number(seed, "seed", minimum=0))
    means = x[rng.integers(0, x.size, size=(n, x.size))].mean(axis=1)
    tail = (1 - level) / 2
    low, high = np.quantile(means, [tail, 1 - tail])
    return Interval(float(x.mean()), float(low), float(high), level)


def paired_bootstrap(a: object, b: object, *, n_resamples: int = 1000, level: float = 0.95,
                     seed: int = 0) -> Interval:
    """The mean difference ``mean(a - b)`` of two methods scored on the same items, with a paired
    bootstrap interval (the same resampled items for both).

    Args:
        a, b: 1-D arrays of the same length, one score per test item for each method
            (for example each image's PSNR). Pairing matters: it removes the items' own spread.
        n_resamples, level, seed: as in :func:`bootstrap_interval`.

    Returns:
        An :class:`Interval` of the difference; ``interval.excludes(0)`` says whether the two
        methods are shown to differ on these items.
    """
    x, y = _per_item(a, "a"), _per_item(b, "b")
    if x.shape != y.shape:
        raise ValueError(f"a and b must score the same items: got {x.size} and {y.size} values.")
    return bootstrap_interval(x - y, n_resamples=n_resamples, level=level, seed=seed)


def psnr_per_image(reference: object, estimate: object, *, data_range: float = 1.0,
                   image_shape: tuple[int, int] | None = None) -> np.ndarray:
    """One PSNR in dB per image, as a float64 array of shape ``(n,)``: the items that
    :func:`paired_bootstrap` resamples. Shapes and checks as in :func:`psnr`, whose value is
    the mean of this array (a perfect image gives ``inf``).
    """
    from skimage.metrics import peak_signal_noise_ratio  # noqa: PLC0415

    _check_range(data_range)
    x, y = _images_pair(reference, estimate, image_shape)
    _reference_within(x, float(data_range))
    with np.errstate(divide="ignore"):
        return np.array([peak_signal_noise_ratio(a, b, data_range=float(data_range))
                         for a, b in zip(x, y)], dtype="float64")
