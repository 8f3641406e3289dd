"""Small aligned faces, and synthetic glasses to draw on them (notebook 05).

The faces are the 100 face images of scikit-image's bundled LFW subset
(``skimage.data.lfw_subset()``, no download): 25x25 grey crops of "Labeled
Faces in the Wild", roughly aligned so the eyes sit on the same row. We cut
them to 24x24 (two stride-2 convolutions then divide the sides evenly) and
shift them one column so the faces' midline is the image's midline: a mirrored
face is then still aligned, and the glasses land on its eyes too.

Images come back flattened, as float32 rows in [0, 1], like
:class:`helpers.data.ImageData`: ``x`` has shape ``(n, 576)`` and
``image_shape`` ``(24, 24)`` folds a row back into an image.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from helpers._validate import generator, image_shape as image_shape_of

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = [
    "EYE_COLUMNS",
    "EYE_ROW",
    "IMAGE_SHAPE",
    "FaceData",
    "draw_glasses",
    "frame_coverage",
    "load_faces",
    "plot_faces",
]

IMAGE_SHAPE = (24, 24)
N_FACES = 100  # the first 100 images of lfw_subset are faces, the last 100 are not
# Where the eyes are in the 24x24 crop, measured on the average of the 100 faces
# (the darkest pixels of the eye row): row 8, columns 7 and 16, either side of
# the midline at column 11.5.
EYE_ROW = 8.0
EYE_COLUMNS = (7.0, 16.0)
MIDLINE = 11.5


@dataclass(frozen=True, eq=False)
class FaceData:
    """Aligned faces split into training faces (with mirror images), validation faces and
    held-out test faces.

    Attributes:
        x_train: float32, shape ``(2 * n_train, 576)``, values in [0, 1]: the
            ``n_train`` training faces, then their left-right mirror images in
            the same order (``x_train[n_train + i]`` mirrors ``x_train[i]``).
        x_test: float32, shape ``(n_test, 576)``, in [0, 1]: faces never used
            for training, and not mirrored.
        train_ids, test_ids: int64 positions of the faces in
            ``skimage.data.lfw_subset()`` (0 to 99); they never overlap.
        x_val: float32, shape ``(n_val, 576)``, in [0, 1]: faces held out from
            training to watch it and to choose with (not mirrored; ``(0, 576)``
            when ``load_faces(validation_size=0)``, the default).
        val_ids: their int64 positions, disjoint from the other two.
        mirrored: bool, shape ``(2 * n_train,)``: which training rows are mirror images.
        image_shape: ``(24, 24)``, to fold a row back into an image.
    """

    x_train: np.ndarray
    x_test: np.ndarray
    train_ids: np.ndarray
    test_ids: np.ndarray
    mirrored: np.ndarray
    image_shape: tuple[int, int] = IMAGE_SHAPE
    x_val: np.ndarray = field(default_factory=lambda: np.zeros((0, 576), dtype="float32"))
    val_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype="int64"))

    @property
    def input_dim(self) -> int:
        return int(self.x_train.shape[1])

    def __repr__(self) -> str:
        validation = f"{len(self.x_val)} validation faces, " if len(self.x_val) else ""
        return (
            f"FaceData({len(self.train_ids)} training faces + their {int(self.mirrored.sum())} mirror "
            f"images = {len(self.x_train)} training images, {validation}{len(self.x_test)} held-out "
            f"test faces, {self.image_shape[0]}x{self.image_shape[1]} pixels)"
        )


def _aligned_faces() -> np.ndarray:
    """The 100 LFW faces as float32 (100, 24, 24) in [0, 1], midline at column 11.5."""
    from skimage.data import lfw_subset  # noqa: PLC0415 (scikit-image is imported on use)

    images = np.asarray(lfw_subset())
    if images.shape != (2 * N_FACES, 25, 25):  # pragma: no cover - guards a changed scikit-image
        raise RuntimeError(f"skimage.data.lfw_subset() gave shape {images.shape}, expected (200, 25, 25).")
    images = images[:N_FACES]
    if images.dtype.kind in "ui":  # documented as uint8; some versions return floats in [0, 1]
        images = images / 255.0
    images = np.clip(images.astype("float32"), 0.0, 1.0)
    # The faces' midline is column 10.5 of 25. Repeat the first column once on
    # the left and drop the last two: 24x24, midline at 11.5, the image's centre.
    images = np.pad(images[:, :24, :], ((0, 0), (0, 0), (1, 0)), mode="edge")[:, :, :24]
    return np.ascontiguousarray(images)


def load_faces(seed: int = 0, test_size: int = 20, validation_size: int = 0) -> FaceData:
    """Load the 100 bundled LFW faces, 24x24, split into training and held-out faces.

    Args:
        seed: seed of the random split (the same seed always gives the same split).
        test_size: how many faces to hold out for the test (1 to 90); the other
            ``100 - test_size`` are for training, each also mirrored left-right.
        validation_size: how many of those training faces to hold out as
            validation faces instead (0 to ``90 - test_size``, so that at least
            10 faces train). The test faces do not depend on it.

    Returns:
        A :class:`FaceData`; with the defaults 80 training faces (160 training
        images with the mirror images) and 20 test faces, flattened rows of 576
        float32 values in [0, 1].

    Raises:
        TypeError: ``seed`` or ``test_size`` is not a whole number.
        ValueError: ``seed`` is negative, ``test_size`` is outside 1 to 90, or
            ``validation_size`` would leave fewer than 10 training faces.
    """
    for value, what in ((seed, "seed"), (test_size, "test_size"), (validation_size, "validation_size")):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise TypeError(f"{what} must be a whole number, got {value!r} ({type(value).__name__}).")
    if seed < 0:
        raise ValueError(f"seed must be >= 0, got {seed}.")
    if not 1 <= test_size <= N_FACES - 10:
        raise ValueError(
            f"test_size is a number of faces, between 1 and {N_FACES - 10} (of {N_FACES}); got {test_size}. "
            "The default, 20, keeps 80 faces for training."
        )
    if not 0 <= validation_size <= N_FACES - 10 - test_size:
        raise ValueError(
            f"validation_size is a number of faces, between 0 and {N_FACES - 10 - test_size} with "
            f"test_size={test_size} (at least 10 faces must train); got {validation_size}."
        )
    faces = _aligned_faces()
    order = np.random.default_rng(seed).permutation(N_FACES)
    test_ids = np.sort(order[:test_size])
    val_ids = np.sort(order[test_size:test_size + validation_size])
    train_ids = np.sort(order[test_size + validation_size:])
    train = faces[train_ids]
    train = np.concatenate([train, train[:, :, ::-1]])  # mirror images: the midline is the centre
    mirrored = np.repeat([False, True], len(train_ids))
    return FaceData(
        x_train=train.reshape(len(train), -1),
        x_test=faces[test_ids].reshape(len(test_ids), -1),
        train_ids=train_ids.astype("int64"),
        test_ids=test_ids.astype("int64"),
        mirrored=mirrored,
        x_val=faces[val_ids].reshape(len(val_ids), IMAGE_SHAPE[0] * IMAGE_SHAPE[1]),
        val_ids=val_ids.astype("int64"),
    )


def _number(value: object, name: str, low: float, high: float | None = None, *, low_open: bool = False,
            fix: str = "") -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r} ({type(value).__name__}).")
    value = float(value)
    too_low = value <= low if low_open else value < low
    if not np.isfinite(value) or too_low or (high is not None and value > high):
        bound = f"{'above' if low_open else 'at least'} {low:g}"
        if high is not None:
            bound += f" and at most {high:g}"
        raise ValueError(f"{name} must be {bound}, got {value}. {fix}".strip())
    return value


def _coverage(image_shape: tuple[int, int], centre_rows: np.ndarray, centre_cols: np.ndarray,
              eye_offset: float, radius: float, thickness: float) -> np.ndarray:
    """Coverage of one frame per (centre_row, centre_col) pair: float32 (n, h, w)."""
    height, width = image_shape
    rows = np.arange(height, dtype="float64")[None, :, None]
    cols = np.arange(width, dtype="float64")[None, None, :]
    dy = rows - np.asarray(centre_rows, dtype="float64")[:, None, None]
    middle = np.asarray(centre_cols, dtype="float64")[:, None, None]
    half = thickness / 2
    coverage = np.zeros((len(centre_rows), height, width))
    for side in (-1.0, 1.0):  # the two rings
        distance = np.abs(np.hypot(dy, cols - (middle + side * eye_offset)) - radius)
        coverage = np.maximum(coverage, np.clip(half + 0.5 - distance, 0.0, 1.0))
    reach = eye_offset - radius  # the bridge: a horizontal segment between the rings' inner edges
    if reach > 0:
        along = np.clip(cols, middle - reach, middle + reach)
        distance = np.hypot(dy, cols - along)
        coverage = np.maximum(coverage, np.clip(half + 0.5 - distance, 0.0, 1.0))
    return coverage.astype("float32")


def frame_coverage(
    image_shape: tuple[int, int] = IMAGE_SHAPE,
    *,
    centre_row: float = EYE_ROW,
    centre_col: float = MIDLINE,
    eye_offset: float = (EYE_COLUMNS[1] - EYE_COLUMNS[0]) / 2,
    radius: float = 3.0,
    thickness: float = 1.5,
) -> np.ndarray:
    """How much of each pixel a glasses frame covers: float32 ``image_shape``, in [0, 1].

    The frame is two rings of ``radius`` pixels centred on the eyes at
    ``(centre_row, centre_col -+ eye_offset)`` and a straight bridge between
    them, each a line ``thickness`` pixels wide. Edges are anti-aliased: a
    pixel half covered by the line gets 0.5. Positions are in pixels, measured
    from the top-left pixel's centre; they may be fractions. The defaults are
    the frame :func:`draw_glasses` draws on 24x24 faces without jitter.
    """
    height, width = image_shape_of(image_shape, minimum=4)
    centre_row = _number(centre_row, "centre_row", 0, height - 1)
    centre_col = _number(centre_col, "centre_col", 0, width - 1)
    eye_offset = _number(eye_offset, "eye_offset", 0, None, low_open=True)
    radius = _number(radius, "radius", 0, None, low_open=True)
    thickness = _number(thickness, "thickness", 0, None, low_open=True)
    return _coverage((height, width), np.array([centre_row]), np.array([centre_col]),
                     eye_offset, radius, thickness)[0]


def _faces_array(faces: object, image_shape: tuple[int, int]) -> tuple[np.ndarray, tuple[int, ...]]:
    """Faces as a float32 copy shaped (n, h, w), and the caller's shape to restore."""
    array = np.asarray(faces)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"faces must be a numeric array, got dtype {array.dtype}.")
    height, width = image_shape
    if array.ndim == 2 and array.shape == (height, width):
        stack = array[None]
    elif array.ndim == 2 and array.shape[1] == height * width:
        stack = array.reshape(len(array), height, width)
    elif array.ndim == 3 and array.shape[1:] == (height, width):
        stack = array
    else:
        raise ValueError(
            f"faces must be flattened rows (n, {height * width}), a stack (n, {height}, {width}) or one "
            f"image ({height}, {width}); got shape {array.shape}. For other sizes pass image_shape=(h, w)."
        )
    if stack.shape[0] == 0:
        raise ValueError("faces is empty: there is nothing to draw on.")
    stack = stack.astype("float32")  # a copy: the caller's array is never modified
    if not np.all(np.isfinite(stack)):
        raise ValueError("faces contain NaN or infinite values.")
    low, high = float(stack.min()), float(stack.max())
    if low < 0.0 or high > 1.0:
        raise ValueError(
            f"faces must lie in [0, 1], got values in [{low:.3g}, {high:.3g}]; scale them first "
            "(8-bit images: divide by 255)."
        )
    return stack, array.shape


def _generator(rng: object) -> np.random.Generator:
    return generator(rng, none_seed=0)


def draw_glasses(
    faces: object,
    *,
    centre_row: float = EYE_ROW,
    eye_offset: float = (EYE_COLUMNS[1] - EYE_COLUMNS[0]) / 2,
    radius: float = 3.0,
    thickness: float = 1.5,
    darkness: float = 1.0,
    rng: np.random.Generator | int | None = None,
    jitter: float = 0.0,
    image_shape: tuple[int, int] = IMAGE_SHAPE,
    return_coverage: bool = False,
) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
    """Draw synthetic glasses (two rings and a bridge) on aligned faces.

    Each pixel is pulled toward black by ``darkness`` times the share of it
    the frame covers: ``new = old * (1 - darkness * coverage)`` (see
    :func:`frame_coverage`), so a frame of darkness 1 hides the face under it
    completely and darkness 0 draws nothing.

    Args:
        faces: float values in [0, 1]: flattened rows ``(n, h * w)``, a stack
            ``(n, h, w)`` or one image ``(h, w)``.
        centre_row: the row of the eyes (the rings' centres), in pixels from the top.
        eye_offset: distance in pixels from the midline to each eye (> 0).
        radius: the rings' radius in pixels (> 0).
        thickness: width of the frame's line in pixels (> 0).
        darkness: 0 to 1, how far pixels on the frame are pulled toward black.
        rng: a NumPy ``Generator`` or a seed for the jitter (``None``: seed 0,
            so a call is repeatable). Pass one generator to successive calls
            to get new frames each time.
        jitter: largest random shift of each face's frame, in pixels, up or
            down and left or right (0 to 3; 0: every face gets the same frame).
        image_shape: ``(h, w)`` of the faces (24x24 for :func:`load_faces`).
            The defaults of the positions are for 24x24 faces.
        return_coverage: also return each face's frame coverage.

    Returns:
        A new float32 array shaped like ``faces``, in [0, 1]; with
        ``return_coverage``, also the coverage per face, float32 ``(n, h, w)``
        in [0, 1]. The input is never modified.

    Raises:
        TypeError: ``faces`` is not numeric, a parameter is not a number, or
            ``rng`` is neither a generator nor a seed.
        ValueError: a shape that is not one of the above, values outside
            [0, 1] or not finite, or a parameter out of its range (the message
            gives the range).
    """
    height, width = image_shape_of(image_shape, minimum=4)
    stack, shape = _faces_array(faces, (height, width))
    centre_row = _number(centre_row, "centre_row", 0, height - 1,
                         fix=f"The rows of a {height}-row image are 0 to {height - 1}.")
    radius = _number(radius, "radius", 0, min(height, width) / 2, low_open=True,
                     fix="The default, 3.0, fits 24x24 faces.")
    eye_offset = _number(eye_offset, "eye_offset", 0, (width - 1) / 2, low_open=True,
                         fix=f"Both eyes must lie inside a {width}-column image (the default is 4.5).")
    thickness = _number(thickness, "thickness", 0, radius, low_open=True,
                        fix="A line thicker than the ring's radius would fill the ring.")
    darkness = _number(darkness, "darkness", 0, 1, fix="0 draws nothing, 1 draws the frame in black.")
    jitter = _number(jitter, "jitter", 0, 3, fix="A shift of a pixel or two is plenty for 24x24 faces.")
    if not isinstance(return_coverage, bool):
        raise TypeError(f"return_coverage must be True or False, got {return_coverage!r}.")
    gen = _generator(rng)

    centres = np.tile([centre_row, (width - 1) / 2], (len(stack), 1))
    if jitter > 0:
        centres = centres + gen.uniform(-jitter, jitter, size=centres.shape)
    coverage = _coverage((height, width), centres[:, 0], centres[:, 1], eye_offset, radius, thickness)
    drawn = np.clip(stack * (1.0 - darkness * coverage), 0.0, 1.0).astype("float32").reshape(shape)
    return (drawn, coverage) if return_coverage else drawn


def plot_faces(rows: Sequence[object], *, labels: Sequence[str] = (), titles: Sequence[str] = (),
               n: int = 10, size: float = 0.9, image_shape: tuple[int, int] = IMAGE_SHAPE) -> Figure:
    """A grid of faces, one row per array in ``rows``, drawn as photographs: 0 black, 1 white.

    :func:`helpers.plots.plot_images` draws ink on paper (0 white, 1 black),
    right for digits but a negative for faces; this draws the same grid with
    the grey scale the right way round. Each array has shape
    ``(n_images, 576)`` (flattened 24x24 faces), values in [0, 1]; the first
    ``n`` of each are shown, ``labels`` name the rows, ``titles`` the columns.

    Each row is **one** image, its faces side by side with a white gap between
    them, on one set of axes: Matplotlib's cost grows with the number of axes,
    so a grid of 70 faces draws in a tenth of the time of 70 axes.
    """
    import matplotlib.pyplot as plt  # noqa: PLC0415 (Matplotlib is imported on use)

    from helpers.plots import _check_images  # noqa: PLC0415

    shape = image_shape_of(image_shape)
    arrays = [_check_images(r, shape, f"row {i}") for i, r in enumerate(rows)]
    n = min([n] + [len(a) for a in arrays])
    height, width = shape
    gap = max(1, width // 12)  # white pixels between two faces
    stride = width + gap
    fig, axes = plt.subplots(len(arrays), 1, figsize=(size * n, size * len(arrays) + 0.3),
                             squeeze=False)
    cmap = plt.get_cmap("gray").with_extremes(bad="white")  # the gaps are NaN: drawn white
    for r, array in enumerate(arrays):
        strip = np.full((height, n * stride - gap), np.nan)
        for c in range(n):
            strip[:, c * stride: c * stride + width] = array[c].reshape(shape)
        ax = axes[r, 0]
        ax.imshow(strip, cmap=cmap, vmin=0, vmax=1, interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        for spine in ax.spines.values():
            spine.set_visible(False)
        if r < len(labels):
            ax.set_ylabel(labels[r], rotation=0, ha="right", va="center", fontsize=9)
        if r == 0:
            for c, title in enumerate(titles[:n]):
                ax.text(c * stride + (width - 1) / 2, -1.5, title, ha="center", va="bottom",
                        fontsize=8)
    fig.subplots_adjust(hspace=0.1)
    return fig
