"""Figures the notebooks share. Each function draws on a Matplotlib axes
(made for you when ``ax`` is None) and returns the figure, so a notebook can
add to it or save it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from helpers.chains import ChainReport

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_chain"]


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
