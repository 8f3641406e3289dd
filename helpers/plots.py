"""Figures the notebooks share. Each function draws on a Matplotlib axes
(made for you when ``ax`` is None) and returns the figure, so a notebook can
add to it or save it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from helpers.chains import ChainReport

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "plot_chain",
    "plot_contributions",
    "plot_history",
    "plot_images",
    "plot_latent_grid",
    "plot_latent_scatter",
    "plot_reconstructions",
]


def _axes(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    import matplotlib.pyplot as plt  # noqa: PLC0415

    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
        return fig, ax
    return ax.figure, ax


def plot_chain(report: ChainReport, ax: Axes | None = None, *, title: str | None = None) -> Figure:
    """Draw a chain as an hourglass: one bar per width, labelled with its shape.

    The bars' lengths are widths on a log scale, so a 480,000-wide input and a
    2-wide code fit on one figure. Each factor's parameter count is written
    between the bars it connects.
    """
    import numpy as np  # noqa: PLC0415

    if not isinstance(report, ChainReport):
        raise TypeError(
            f"plot_chain takes a ChainReport (from chain_from_widths or "
            f"chain_from_shapes), got {type(report).__name__}."
        )
    fig, ax = _axes(ax, (7.0, 0.55 * len(report.widths) + 1.2))
    widths = np.array(report.widths, dtype=float)
    half = np.log10(widths) + 0.3  # half-length of each bar, in log10 units
    y = np.arange(len(widths))[::-1]
    narrow = report.narrowest_width
    colours = ["tab:orange" if w == narrow and i > 0 else "tab:blue" for i, w in enumerate(report.widths)]
    ax.barh(y, 2 * half, left=-half, height=0.5, color=colours)
    n = "n" if report.n is None else f"{report.n:,}"
    for yi, w, h in zip(y, report.widths, half):
        ax.text(h + 0.1, yi, f"({n}, {w:,})", va="center", fontsize=9)
    for step, yi in zip(report.steps, y[:-1]):
        ax.text(-half.max() - 0.1, yi - 0.5, f"{step.params:,} params", va="center", ha="right",
                fontsize=8, color="0.35")
    ax.set_yticks(y, ["input"] + [f"factor {s.position}" for s in report.steps])
    ax.set_xticks([])
    ax.grid(False)
    ax.set_xlim(-half.max() - 2.6, half.max() + 2.6)
    ax.set_title(title or (
        f"{report.total_params:,} parameters; narrowest width {narrow:,} "
        f"(compression {report.compression_ratio:,.0f}x)"
    ), fontsize=10)
    return fig


def _check_images(images: object, image_shape: tuple[int, int], name: str) -> np.ndarray:
    import numpy as np  # noqa: PLC0415

    from helpers._validate import float_array, image_shape as image_shape_of  # noqa: PLC0415

    image_shape = image_shape_of(image_shape)
    array = float_array(images, name).astype("float32")
    if array.ndim != 2 or array.shape[1] != image_shape[0] * image_shape[1]:
        raise ValueError(
            f"{name} must have shape (n, {image_shape[0] * image_shape[1]}) for images of "
            f"{image_shape[0]}x{image_shape[1]}, got {array.shape}."
        )
    return array


def plot_history(history: object, ax: Axes | None = None, *, title: str = "Loss during training",
                 log: bool = True, passes_per_epoch: int | None = None) -> Figure:
    """Training and validation loss per epoch, from a Keras ``History`` (or its dict).

    The x axis counts epochs, or passes over the training data when an epoch
    spans ``passes_per_epoch`` of them (default 1). Validation values are
    assumed to come at evenly spaced epochs ending with the last one.
    """
    logs = getattr(history, "history", history)
    if not isinstance(logs, dict) or "loss" not in logs:
        raise TypeError("plot_history takes the History returned by fit (or its .history dict).")
    per_epoch = passes_per_epoch or 1
    fig, ax = _axes(ax, (6.4, 3.4))
    epochs = [per_epoch * (i + 1) for i in range(len(logs["loss"]))]
    ax.plot(epochs, logs["loss"], label="training")
    if "val_loss" in logs:
        # one value per epoch, unless fit(validation_freq=k) spaced them out
        count = len(logs["val_loss"])
        val_epochs = epochs if count == len(epochs) else epochs[len(epochs) // count - 1 :: len(epochs) // count][:count]
        ax.plot(val_epochs, logs["val_loss"], label="validation (held out)")
    if log:
        ax.set_yscale("log")
    xlabel = "epoch (one pass over the training data)" if per_epoch == 1 else "passes over the training data"
    ax.set(xlabel=xlabel, ylabel="loss (MSE)", title=title)
    ax.legend()
    return fig


def plot_images(rows: Sequence[object], image_shape: tuple[int, int], *, labels: Sequence[str] = (),
                n: int = 10, titles: Sequence[str] = (), size: float = 0.9) -> Figure:
    """A grid of images: one row per array in ``rows`` (e.g. originals, reconstructions).

    Each array has shape ``(n_images, height * width)`` with values in [0, 1];
    the first ``n`` images of each are shown. ``labels`` name the rows,
    ``titles`` the columns.
    """
    import matplotlib.pyplot as plt  # noqa: PLC0415

    arrays = [_check_images(r, image_shape, f"row {i}") for i, r in enumerate(rows)]
    n = min([n] + [len(a) for a in arrays])
    fig, axes = plt.subplots(len(arrays), n, figsize=(size * n, size * len(arrays) + 0.3), squeeze=False)
    for r, array in enumerate(arrays):
        for c in range(n):
            ax = axes[r, c]
            ax.imshow(array[c].reshape(image_shape), cmap="gray_r", vmin=0, vmax=1)
            ax.set_xticks([])
            ax.set_yticks([])
            ax.grid(False)
            for spine in ax.spines.values():
                spine.set_visible(False)
            if c == 0 and r < len(labels):
                ax.set_ylabel(labels[r], rotation=0, ha="right", va="center", fontsize=9)
            if r == 0 and c < len(titles):
                ax.set_title(titles[c], fontsize=8)
    return fig


def plot_reconstructions(originals: object, reconstructions: object, image_shape: tuple[int, int],
                         n: int = 10, *, labels: Sequence[str] = ("original", "reconstruction")) -> Figure:
    """Originals above their reconstructions, ``n`` of each."""
    return plot_images([originals, reconstructions], image_shape, labels=labels, n=n)


def plot_latent_scatter(codes: object, labels: object, ax: Axes | None = None, *, title: str = "",
                        class_names: Sequence[str] | None = None) -> Figure:
    """2-D codes as points coloured by class (``codes`` shape ``(n, 2)``, ``labels`` ``(n,)``)."""
    import numpy as np  # noqa: PLC0415

    z = np.asarray(codes, dtype="float64")
    y = np.asarray(labels)
    if z.ndim != 2 or z.shape[1] != 2:
        raise ValueError(f"codes must have shape (n, 2) to be drawn on a plane, got {z.shape}.")
    if y.shape != (len(z),):
        raise ValueError(f"labels must have shape ({len(z)},), one per code, got {y.shape}.")
    fig, ax = _axes(ax, (5.0, 4.4))
    classes = np.unique(y)
    cmap = __import__("matplotlib").colormaps["tab10"]
    for i, c in enumerate(classes):
        i = int(c) if np.issubdtype(classes.dtype, np.integer) else i  # a label keeps its colour
        pts = z[y == c]
        name = class_names[int(c)] if class_names is not None and np.issubdtype(classes.dtype, np.integer) else str(c)
        ax.scatter(pts[:, 0], pts[:, 1], s=8, color=cmap(i % 10), label=name, alpha=0.8)
        ax.annotate(name, pts.mean(axis=0), fontsize=11, weight="bold", ha="center", va="center",
                    color=cmap(i % 10), bbox={"boxstyle": "round,pad=0.1", "fc": "white", "alpha": 0.6, "lw": 0})
    ax.set(xlabel="code 1", ylabel="code 2", title=title)
    return fig


def plot_latent_grid(decode: Callable[[object], object], image_shape: tuple[int, int],
                     limits: tuple[tuple[float, float], tuple[float, float]], n: int = 12,
                     ax: Axes | None = None, *, title: str = "The decoder's map of the latent plane") -> Figure:
    """Decode an ``n x n`` grid of 2-D codes spanning ``limits`` and tile the images.

    ``decode`` maps an ``(m, 2)`` float32 array of codes to ``(m, h * w)`` images.
    """
    import numpy as np  # noqa: PLC0415

    (x0, x1), (y0, y1) = limits
    if not (x0 < x1 and y0 < y1):
        raise ValueError(f"limits must be ((xmin, xmax), (ymin, ymax)) with min < max, got {limits}.")
    h, w = image_shape
    xs, ys = np.linspace(x0, x1, n), np.linspace(y1, y0, n)  # top row = largest code 2
    grid = np.array([[x, y] for y in ys for x in xs], dtype="float32")
    images = np.asarray(decode(grid)).reshape(n, n, h, w)
    images = np.pad(images, ((0, 0), (0, 0), (0, 1), (0, 1)))  # a blank line between tiles
    h, w = h + 1, w + 1
    canvas = images.transpose(0, 2, 1, 3).reshape(n * h, n * w)
    fig, ax = _axes(ax, (5.0, 5.0))
    # square tiles: one pixel spans the same screen length along both axes
    aspect = ((x1 - x0) / (n * w)) / ((y1 - y0) / (n * h))
    # tile k is centred on its code: the image spans half a step beyond the first and last codes
    dx, dy = (x1 - x0) / max(n - 1, 1), (y1 - y0) / max(n - 1, 1)
    ax.imshow(canvas, cmap="gray_r", vmin=0, vmax=1, aspect=aspect,
              extent=(x0 - dx / 2, x1 + dx / 2, y0 - dy / 2, y1 + dy / 2))
    ax.grid(False)
    ax.set(xlabel="code 1", ylabel="code 2", title=title)
    return fig


def plot_contributions(contributions: Sequence[tuple[str, float]], ax: Axes | None = None, *,
                       title: str = "") -> Figure:
    """Each word's push on a classifier's logit, in sentence order (green positive, red negative)."""
    if not contributions:
        raise ValueError("no contributions to draw: the sentence had no words.")
    words = [w for w, _ in contributions]
    values = [float(v) for _, v in contributions]
    fig, ax = _axes(ax, (6.4, 0.35 * len(words) + 1.0))
    y = list(range(len(words)))[::-1]
    ax.barh(y, values, color=["tab:green" if v > 0 else "tab:red" for v in values])
    ax.set_yticks(y, words)
    ax.axvline(0, color="0.3", lw=0.8)
    ax.set(xlabel="push on the logit (positive: towards 'positive')", title=title)
    return fig
